"""The selection app in a real browser: a whole selection by clicking only.

Names with accents and ``<script>``-like text must appear literally (never as HTML), the page must
stay accessible in the middle of the process, and the downloaded logbook entry must hold every
reason given.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

APP = "apps/selection.ipynb"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = "<img src=x onerror=alert(1)>"
MEMBERS = ["Zoë", "Bérénice", "<i>Dev</i>"]
ROLE = f"Facilitator {SCRIPT}"



def _shown(page, label: str, **exact):
    """The box labelled ``label`` that shows (Projector mode's row holds a hidden copy)."""
    return page.get_by_label(label, **exact).locator("visible=true")

def _button(page, name: str):
    label = re.compile(rf"^\s*{re.escape(name)}\s*$")
    return page.locator("button:visible").filter(has_text=label)


def _wait_turn(page, expect, number: int) -> None:
    expect(page.get_by_text(f"(turn {number} of {len(MEMBERS)})").first).to_be_visible()


def test_a_whole_selection_by_clicking_keeps_text_literal_and_every_reason(
        page, page_log, voila, tmp_path: Path):
    from playwright.sync_api import expect

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_notebook(page, voila, APP)

    page.get_by_label("Role", exact=True).fill(ROLE)
    page.get_by_label("Role description").fill(f"Runs our meetings {HOSTILE}")
    page.get_by_label("Qualifications").fill("calm\nkeeps time")
    page.get_by_label("Members").fill("\n".join(MEMBERS))
    _button(page, "Start").click()
    expect(page.locator(".course-selection-role")).to_have_text(ROLE)

    _button(page, "Consent to the role: write nominations").click()
    expect(page.get_by_text("Slips in:")).to_be_visible()
    slips = {"Zoë": "Bérénice", "Bérénice": "Bérénice", "<i>Dev</i>": "<i>Dev</i>"}
    for number, (who, whom) in enumerate(slips.items(), start=1):
        expect(page.get_by_label("Slip from")).to_have_value(who)
        expect(page.get_by_label("Nominates")).to_have_value("(choose)")  # not a blank box
        page.get_by_label("Nominates").select_option(label=whom)
        page.get_by_label("Because").fill(f"{who} trusts {whom} {SCRIPT}")
        _button(page, "Record the slip").click()
        expect(page.get_by_text(f"Slips in: {number} of 3")).to_be_visible()

    _button(page, "Reveal the nominations").click()
    expect(page.locator("table.course-selection-grid")).to_be_visible()
    expect(page.locator("table.course-selection-grid")).to_contain_text(
        f"Zoë trusts Bérénice {SCRIPT}")
    for number in range(1, len(MEMBERS) + 1):
        _wait_turn(page, expect, number)
        _button(page, "Read out: next").click()
    expect(page.get_by_text("Everyone has spoken.")).to_be_visible()

    _button(page, "Start the change round").click()
    _wait_turn(page, expect, 1)
    _button(page, "Record the answer").click()                      # Zoë: no change
    _wait_turn(page, expect, 2)
    _button(page, "Record the answer").click()                      # Bérénice: no change
    _wait_turn(page, expect, 3)
    _shown(page, "Answer", exact=True).select_option(label="Changes to Bérénice")
    _shown(page, "Because").fill("Zoë's reason convinced me")
    _button(page, "Record the answer").click()
    expect(page.get_by_text("Everyone has spoken.")).to_be_visible()

    _button(page, "Go to the proposal").click()
    _shown(page, "Propose", exact=True).select_option(label="Bérénice")
    _shown(page, "Reasons heard").fill("trusted by two\nknows the agenda well")
    _button(page, "Propose").click()
    expect(page.get_by_text("Proposed:")).to_be_visible()

    _button(page, "Start the consent round").click()
    expect(page.get_by_text(re.compile(r"Do you object to Bérénice as"))).to_be_visible()
    pass_button = _button(page, "Pass")
    expect(pass_button).to_be_disabled()
    expect(page.get_by_text("Passing is not possible in a consent round").first).to_be_visible()
    _button(page, "Consent").click()                                # Zoë
    _wait_turn(page, expect, 2)
    _shown(page, "Reason (objection)").fill(f"too busy until March {HOSTILE}")
    _button(page, "Objection").click()                              # <i>Dev</i>
    _wait_turn(page, expect, 3)
    screenshot(page, "selection-consent-round")
    assert serious_axe_violations(page) == []
    _button(page, "Consent").click()                                # Bérénice, last
    expect(page.get_by_text("Everyone has spoken.")).to_be_visible()

    _button(page, "Objections raised: integrate them").click()
    months = _shown(page, "New term (months)")
    months.fill("4")
    months.press("Enter")
    _button(page, "Integrate").click()
    expect(page.get_by_text("shortened the term from 12 to 4 months").first).to_be_visible()
    _button(page, "Back to the consent round").click()
    for number in range(1, len(MEMBERS) + 1):
        _wait_turn(page, expect, number)
        _button(page, "Consent").click()
    expect(page.get_by_text("Everyone has spoken.")).to_be_visible()
    _button(page, "Consent reached: record it").click()
    expect(page.get_by_text("We have consent:")).to_be_visible()
    _button(page, "Announce").click()
    expect(page.get_by_text("Announced.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Bérénice holds the role of Facilitator .*\(4 months\)"))
           ).to_be_visible()
    screenshot(page, "selection-announced")

    # Typed text is shown literally and never becomes markup.
    expect(page.locator(".course-selection-role")).to_have_text(ROLE)
    assert page.locator("#rendered_cells img[src='x']").count() == 0
    assert page.locator("#rendered_cells i", has_text="Dev").count() == 0
    assert dialogs == []

    # The downloaded logbook entry holds every reason.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the logbook entry (Markdown)").click()
    target = tmp_path / "selection.md"
    download_info.value.save_as(target)
    entry = target.read_text(encoding="utf-8")
    escaped = SCRIPT.replace("<", "\\<")
    for text in (f"Zoë trusts Bérénice {escaped}", f"Bérénice trusts Bérénice {escaped}",
                 f"\\<i>Dev\\</i> trusts \\<i>Dev\\</i> {escaped}", "Zoë's reason convinced me",
                 "trusted by two", "knows the agenda well",
                 "too busy until March \\<img src=x onerror=alert(1)>",
                 "shortened the term from 12 to 4 months", "Consent round 2",
                 "Bérénice holds the role of Facilitator"):
        assert text in entry, text
    assert page_log.problems() == []


def test_reloading_the_app_mid_selection_offers_to_resume_where_it_stopped(page, page_log, voila):
    """A reload starts a new kernel (as a crash would): the record brings the selection back."""
    from playwright.sync_api import expect

    from sociocracy.rooms import RoomStore

    open_notebook(page, voila, APP)
    page.get_by_label("Role", exact=True).fill("Secretary Émilie")
    page.get_by_label("Members").fill("Zoë\nBérénice\nDev")
    _button(page, "Start").click()
    _button(page, "Consent to the role: write nominations").click()
    for number, whom in enumerate(["Dev", "Zoë"], start=1):
        page.get_by_label("Nominates").select_option(label=whom)
        page.get_by_label("Because").fill(f"reason {number}")
        _button(page, "Record the slip").click()
        expect(page.get_by_text(f"Slips in: {number} of 3")).to_be_visible()

    open_notebook(page, voila, APP)                                  # a new kernel
    expect(page.get_by_text(re.compile(r"Secretary Émilie.*3 steps recorded"))).to_be_visible()
    # One screen writes at a time: the reloaded page's old kernel may still be beating (Voila
    # has not culled it yet), so the selection is offered to take over rather than to resume.
    page.locator("button:visible").filter(
        has_text=re.compile(r"^\s*(Resume it|Take it over)\s*$")).click()
    expect(page.get_by_text("Slips in: 2 of 3")).to_be_visible()
    expect(page.get_by_text(re.compile("Resumed at the step"))).to_be_visible()
    expect(page.get_by_label("Slip from")).to_have_value("Dev")
    page.get_by_label("Nominates").select_option(label="Dev")
    page.get_by_label("Because").fill("reason 3")
    _button(page, "Record the slip").click()
    _button(page, "Reveal the nominations").click()
    grid = page.locator("table.course-selection-grid")
    for reason in ("reason 1", "reason 2", "reason 3"):
        expect(grid).to_contain_text(reason)
    assert page_log.problems() == []
    with RoomStore() as store:  # leave the shared record as other page tests expect it
        for session in store.unfinished_sessions("selection"):
            session.finish()
