"""The consent decision app in a real browser: a whole decision with one objection, by clicking.

Hostile text typed into the proposal and an objection must appear literally (never as HTML), and
the downloaded logbook entry must hold the whole decision.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ui.conftest import open_notebook, screenshot

pytestmark = pytest.mark.browser

APP = "apps/consent_decision.ipynb"
HOSTILE = "<img src=x onerror=alert(1)>"
MEMBERS = ["Ana", "Ben", "Chloé"]



def _shown(page, label: str, **exact):
    """The box labelled ``label`` that shows (Projector mode's row holds a hidden copy)."""
    return page.get_by_label(label, **exact).locator("visible=true")

def _button(page, name: str):
    """The visible button labelled ``name`` (matched on its text: an icon's glyph is ignored)."""
    label = re.compile(rf"^\s*{re.escape(name)}\s*$")
    return page.locator("button:visible").filter(has_text=label)


def _run_round(page, expect) -> None:
    """Click "Next" once per member, waiting for the round to move on each time."""
    for number in range(1, len(MEMBERS) + 1):
        if number < len(MEMBERS):
            _button(page, "Next").click()
            expect(page.get_by_text(f"(turn {number + 1} of {len(MEMBERS)})")).to_be_visible()
        else:
            _button(page, "Next").click()
            expect(page.get_by_text("The round is complete")).to_be_visible()


def _consent(page, expect, member: str, next_member: str | None) -> None:
    _button(page, "Consent").click()
    _wait_for_turn(page, expect, next_member)


def _wait_for_turn(page, expect, member: str | None) -> None:
    if member is None:
        expect(page.get_by_text("Everyone has answered. Announce the result")).to_be_visible()
    else:
        expect(page.get_by_text(re.compile(rf"{member}, do you have an objection"))).to_be_visible()


def test_a_whole_consent_decision_with_one_objection_by_clicking(page, page_log, voila,
                                                                  tmp_path: Path):
    from playwright.sync_api import expect

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_notebook(page, voila, APP)

    page.get_by_label("Circle").fill("Communications circle")
    page.get_by_label("Proposal").fill(f"Send the newsletter monthly {HOSTILE}")
    page.get_by_label("Members").fill("\n".join(MEMBERS))
    _button(page, "Start").click()
    expect(page.get_by_text("Facilitator:")).to_be_visible()

    _button(page, "Start clarifying questions").click()
    expect(page.get_by_text("(turn 1 of 3)")).to_be_visible()
    _run_round(page, expect)
    _button(page, "Start quick reactions").click()
    expect(page.get_by_role("heading", name="Quick-reactions round")).to_be_visible()
    _run_round(page, expect)

    _button(page, "Restate, then consent round").click()
    _wait_for_turn(page, expect, "Ana")
    _consent(page, expect, "Ana", "Ben")
    _shown(page, "Reason (objection)").fill(f"Donations may fall {HOSTILE}")
    _button(page, "Objection").click()
    _wait_for_turn(page, expect, "Chloé")
    _consent(page, expect, "Chloé", None)
    expect(page.get_by_text(f"(Donations may fall {HOSTILE})")).to_be_visible()
    screenshot(page, "consent_decision-consent-round")

    _button(page, "Objections raised: integrate them").click()
    _shown(page, "Strategy").select_option(label="Shorten the term")
    months = _shown(page, "New term (months)")
    months.fill("3")
    months.press("Enter")
    _button(page, "Integrate").click()
    expect(page.get_by_text("shortened the term from 12 to 3 months").first).to_be_visible()

    _button(page, "Back to the consent round").click()
    expect(page.get_by_text(re.compile(r"Consent round 2\."))).to_be_visible()
    _consent(page, expect, "Ana", "Ben")
    _consent(page, expect, "Ben", "Chloé")
    _consent(page, expect, "Chloé", None)
    _button(page, "Consent reached: record it").click()
    expect(_shown(page, "Review date")).to_be_visible()
    _button(page, "Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.get_by_text("term 3 months", exact=False).first).to_be_visible()
    screenshot(page, "consent_decision-published")

    # Typed text is shown literally and never becomes markup.
    expect(page.locator("blockquote.course-proposal")).to_contain_text(HOSTILE)
    assert page.locator("#rendered_cells img[src='x']").count() == 0
    assert dialogs == []

    # The downloaded logbook entry holds the whole decision.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the logbook entry (Markdown)").click()
    target = tmp_path / "logbook.md"
    download_info.value.save_as(target)
    entry = target.read_text(encoding="utf-8")
    escaped = HOSTILE.replace("<", "\\<")
    for text in (f"> Send the newsletter monthly {escaped}", f"Donations may fall {escaped}",
                 "Communications circle", "Term: 3 months",
                 "shortened the term from 12 to 3 months", "Consent round 2", "Review date:",
                 "Ana, Ben, Chloé"):
        assert text in entry, text
    assert page_log.problems() == []


def test_a_misclicked_answer_is_undone_and_a_new_decision_follows_by_clicking(page, page_log,
                                                                              voila):
    from playwright.sync_api import expect

    open_notebook(page, voila, APP)
    page.get_by_label("Circle").fill("Garden circle")
    page.get_by_label("Proposal").fill("Water the beans on Sundays")
    page.get_by_label("Members").fill("\n".join(MEMBERS))
    _button(page, "Start").click()
    steps = page.locator("ol.course-steps")
    expect(steps.locator("[aria-current=step]")).to_have_text("Present (now)")
    expect(page.get_by_text("Read the proposal aloud")).to_have_count(1)
    _button(page, "Start clarifying questions").click()
    _run_round(page, expect)
    _button(page, "Start quick reactions").click()
    _run_round(page, expect)
    _button(page, "Restate, then consent round").click()
    expect(steps.locator("[aria-current=step]")).to_have_text("Consent round (now)")

    _consent(page, expect, "Ana", "Ben")
    _shown(page, "Reason (objection)").fill("pressed the wrong button")
    _button(page, "Objection").click()
    _wait_for_turn(page, expect, "Chloé")
    _button(page, "Undo last answer").click()
    _wait_for_turn(page, expect, "Ben")
    expect(_shown(page, "Reason (objection)")).to_have_value("pressed the wrong button")
    _shown(page, "Reason (objection)").fill("")
    _consent(page, expect, "Ben", "Chloé")
    _consent(page, expect, "Chloé", None)
    _button(page, "Consent reached: record it").click()

    review = _shown(page, "Review date")
    review.fill("2099-06-01")
    _button(page, "Publish").click()
    expect(page.get_by_text("falls after the end of the term")).to_be_visible()
    review.fill("")
    _button(page, "Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    preview = page.locator(".course-logbook")
    heading = preview.get_by_role("heading", name="Garden circle: consent decision")
    expect(heading).to_be_hidden()  # folded until asked for
    preview.get_by_text("Preview of the logbook entry").click()
    expect(heading).to_be_visible()
    assert page.locator("textarea:visible").count() == 0  # no raw Markdown on the screen

    _button(page, "New decision").click()
    expect(page.get_by_label("Circle")).to_have_value("Garden circle")
    expect(page.get_by_label("Members")).to_have_value("\n".join(MEMBERS))
    expect(page.get_by_label("Proposal")).to_have_value("")
def test_a_helping_circle_postpones_the_decision_by_clicking(page, page_log, voila):
    """MVOS: a helping circle postpones; the app ends undecided, with no consent round after."""
    from playwright.sync_api import expect

    open_notebook(page, voila, APP)
    page.get_by_label("Proposal").fill("Open the tool shed on Saturdays")
    page.get_by_label("Members").fill("\n".join(MEMBERS))
    _button(page, "Start").click()
    _button(page, "Start clarifying questions").click()
    _run_round(page, expect)
    _button(page, "Start quick reactions").click()
    expect(page.get_by_role("heading", name="Quick-reactions round")).to_be_visible()
    _run_round(page, expect)
    _button(page, "Restate, then consent round").click()
    _shown(page, "Reason (objection)").fill("The insurer may not cover it")
    _button(page, "Objection").click()
    _wait_for_turn(page, expect, "Ben")
    _consent(page, expect, "Ben", "Chloé")
    _consent(page, expect, "Chloé", None)
    _button(page, "Objections raised: integrate them").click()
    _shown(page, "Strategy").select_option(label="Postpone: form a helping circle")
    _shown(page, "Helping circle").fill(f"Ana, {HOSTILE}")
    _shown(page, "Its task").fill("ask the insurer")
    _shown(page, "Come back on").fill("2027-03-01")
    _button(page, "Integrate").click()
    expect(page.get_by_text("Postponed, no decision yet.")).to_be_visible()
    expect(page.get_by_text(re.compile("2027-03-01")).first).to_be_visible()
    assert _button(page, "Back to the consent round").count() == 0
    assert page.locator("#rendered_cells img[src='x']").count() == 0
    screenshot(page, "consent_decision-postponed")
    assert page_log.problems() == []
