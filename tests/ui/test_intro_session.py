"""The intro session in Chromium (issue 26): the presenter's laptop and the projector's audience
view, two pages of one session. The projector shows the slide in large type, never the speaker's
notes, fits 1280x720 without scrolling, and follows the presenter's clicks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import new_phone, open_notebook, screenshot, workshop_app_url
from tests.ui.test_pages import serious_axe_violations
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_the_projector_follows_the_presenter_through_the_slides(browser, voila):
    laptop_context = browser.new_context(viewport={"width": 1280, "height": 800})
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        laptop = laptop_context.new_page()
        laptop.set_default_timeout(30_000)
        open_notebook(laptop, voila, "apps/intro_session.ipynb")
        laptop.get_by_label("Plan:").select_option(label="A taste of sociocracy (45 minutes)")
        expect(laptop.locator(".course-intro-plan")).to_contain_text("Welcome and check-in")
        laptop.get_by_role("button", name="Start the session").click()
        expect(laptop.get_by_text("Part 1: Welcome and check-in round")).to_be_visible()
        laptop.get_by_role("button", name="Next part").click()
        expect(laptop.get_by_text("Slide 1 of 2")).to_be_visible()
        expect(laptop.get_by_text("Do not lecture", exact=False)).to_be_visible()
        # One screen for both: the audience view shows only in Projector mode.
        panel = laptop.locator(".course-audience-panel")
        expect(panel).to_be_hidden()
        laptop.get_by_label("Projector mode").check()
        expect(panel).to_contain_text("Everyone spoke once")
        expect(laptop.get_by_text("Do not lecture", exact=False)).to_be_hidden()
        laptop.get_by_label("Projector mode").uncheck()
        expect(panel).to_be_hidden()
        assert serious_axe_violations(laptop) == []
        screenshot(laptop, "intro-presenter-1280")

        projector = projector_context.new_page()
        projector.set_default_timeout(30_000)
        open_notebook(projector, voila, "apps/audience.ipynb?app=intro_session")
        title = projector.locator(".course-audience .aud-title").first
        expect(title).to_have_text("Everyone spoke once", timeout=10_000)
        assert "Do not lecture" not in projector.locator("#rendered_cells").inner_text()
        # Measured in one script: the view is drawn again each second while its timer runs, and
        # an element found in one call may be gone (detached, no size) by the next.
        size, body = projector.evaluate(
            "() => ['.course-audience .aud-title', '.aud-slide li'].map(s => parseFloat("
            "getComputedStyle(document.querySelector(s)).fontSize))")
        assert size >= 32 and body >= 32, (size, body)
        room = projector.evaluate("() => [document.documentElement.scrollHeight, innerHeight,"
                                  " document.documentElement.scrollWidth, innerWidth]")
        assert room[0] <= room[1] and room[2] <= room[3], room
        assert serious_axe_violations(projector) == []
        screenshot(projector, "intro-audience-1280x720")

        laptop.get_by_role("button", name="Next slide").click()
        expect(title).to_have_text("Sociocracy in one breath", timeout=5_000)
    finally:
        laptop_context.close()
        projector_context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_handout_prints_on_one_or_two_sides_unclipped_with_a_qr_code_that_reads(
        browser, paper):
    import pypdfium2
    import zxingcpp
    from sociocracy.widgets.handout import handout_html

    from sociocracy.intro_sessions import load_plan

    address = "http://192.168.1.20:8866/"
    plan = load_plan(ROOT / "workshops" / "organisation_workshop_180.yaml")  # the longest
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(handout_html(plan, course_address=address))
        pdf = pypdfium2.PdfDocument(page.pdf(format=paper, print_background=True))
    finally:
        context.close()
    assert 1 <= len(pdf) <= 2
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for expected in ("Sociocracy in five sentences", "What adopting sociocracy takes",
                     "sociocracyforall.org/solt/", "made by the"):
        # Letters of small print may come out one per line: compare without the spaces.
        assert "".join(expected.split()) in "".join(text.split()), expected  # nothing cut off
    found = []
    for index in range(len(pdf)):
        image = pdf[index].render(scale=2).to_pil()
        width, height = image.size
        # Nothing printed in the outer 3 % of the sheet: the margins hold, nothing is clipped.
        edge = image.convert("L").crop((int(width * 0.97), 0, width, height))
        assert edge.getextrema()[0] > 200, f"page {index + 1} prints to its right edge"
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    assert found == [address]


PEOPLE = ["Ana", "Ben", "Chen", "Dee"]
WORDS = {"Ana": "Curious", "Ben": "A bit tired", "Chen": "Glad to be here", "Dee": "Hopeful"}


def _visible_button(page, name: str):
    """The visible button labelled ``name`` (its text exactly, icons aside)."""
    return page.locator("button:visible").filter(
        has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))


def _set_aside_earlier(page) -> None:
    """An earlier test's unfinished session may be offered on the shared server: start anew."""
    for name in ("Start a new consent decision", "Start a new round", "Start a new intro session"):
        offered = _visible_button(page, name)
        if offered.count():
            offered.click()
            expect(offered).to_have_count(0)


def _readable_and_unscrolled(projector) -> None:
    """The projector at 1280x720: slide text at least 28 px, and nothing to scroll."""
    text = projector.locator(".course-audience .aud-title, .aud-slide li, .aud-slide p")
    sizes = text.evaluate_all("els => els.filter(e => e.offsetParent)"
                              ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 28, sizes
    _unscrolled(projector)


def _unscrolled(projector) -> None:
    room = projector.evaluate("() => [document.documentElement.scrollHeight, innerHeight,"
                              " document.documentElement.scrollWidth, innerWidth]")
    assert room[0] <= room[1] and room[2] <= room[3], room


def test_the_45_minute_taste_runs_end_to_end_with_four_phones_by_clicking_only(
        browser, workshop_server, workshop_data, tmp_path):
    """Issue 26: the presenter runs the 45-minute plan by clicking; the projector follows at
    1280x720; four phones join, answer the check-in (in the round facilitator) and the consent
    round (in the consent decision app), both opened from the presenter's links and shown on the
    projector under the part's title; at the end the follow-up question goes to the phones, and
    the session's document holds the rounds' notes and the follow-up's counts only."""
    from sociocracy.rooms import RoomStore

    server = workshop_server
    with RoomStore(workshop_data) as store:
        room = store.create_room("Taste evening")  # made in the Workshop room app
    laptop_context = browser.new_context(viewport={"width": 1280, "height": 800},
                                         accept_downloads=True)
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    phones = [new_phone(browser, server) for _ in PEOPLE]
    try:
        laptop = laptop_context.new_page()
        laptop.set_default_timeout(30_000)
        laptop.goto(workshop_app_url(server, "apps/intro_session.ipynb"),
                    wait_until="domcontentloaded", timeout=90_000)
        wait_until_rendered(laptop, timeout=90_000)
        _set_aside_earlier(laptop)
        laptop.get_by_label("Plan:").select_option(label="A taste of sociocracy (45 minutes)")
        _visible_button(laptop, "Start the session").click()
        expect(laptop.get_by_text("Part 1: Welcome and check-in round")).to_be_visible()

        projector = projector_context.new_page()
        projector.set_default_timeout(30_000)
        projector.goto(workshop_app_url(server, "apps/audience.ipynb") + "&app=intro_session",
                       wait_until="domcontentloaded", timeout=90_000)
        wait_until_rendered(projector, timeout=90_000)
        shown = projector.locator("#rendered_cells")
        expect(shown).to_contain_text("Welcome and check-in round")
        expect(shown).to_contain_text(room.code)  # people are still arriving

        link = room.join_link(f"{server.base}/join")
        for (_context, phone, _log), name in zip(phones, PEOPLE, strict=True):
            phone.goto(link)
            phone.get_by_label("Your name").fill(name)
            phone.get_by_role("button", name="Join").click()
            expect(phone.get_by_text("Waiting for the facilitator…")).to_be_visible()

        # The check-in runs in the round facilitator, opened from the presenter's link.
        with laptop_context.expect_page() as opened:
            laptop.get_by_role("link", name=re.compile("round facilitator")).click()
        rounds = opened.value
        rounds.set_default_timeout(30_000)
        wait_until_rendered(rounds, timeout=90_000)
        _set_aside_earlier(rounds)
        rounds.get_by_label("Prompt:").fill("How are you arriving?")
        _visible_button(rounds, "Ask the phones").click()
        for (_context, phone, _log), name in zip(phones, PEOPLE, strict=True):
            box = phone.get_by_label("Your words")
            expect(box).to_be_visible()
            box.fill(WORDS[name])
            phone.get_by_role("button", name="Send").click()
            expect(phone.get_by_text("Received", exact=False).first).to_be_visible()
        expect(rounds.locator(".course-answered")).to_contain_text("4 of 4")
        _visible_button(rounds, "Reveal").click()
        expect(rounds.locator(".course-round-current")).to_have_text("Ana")
        # The projector shows the round's own view under the part's title.
        expect(shown).to_contain_text("Welcome and check-in round")
        expect(shown).to_contain_text("Now speaking")
        _unscrolled(projector)  # the speaker in view at 1280x720
        screenshot(projector, "intro-e2e-audience-check-in-1280x720")
        for _ in PEOPLE:
            _visible_button(rounds, "Next").click()
        expect(rounds.get_by_text("The round is complete", exact=False).first).to_be_visible()
        rounds.close()

        # The talk: slide by slide, the projector in large type.
        _visible_button(laptop, "Next part").click()
        expect(shown.locator(".aud-title").first).to_have_text("Everyone spoke once")
        _readable_and_unscrolled(projector)
        screenshot(projector, "intro-e2e-audience-slide-1280x720")
        _visible_button(laptop, "Next slide").click()
        expect(shown.locator(".aud-title").first).to_have_text("Sociocracy in one breath")
        _visible_button(laptop, "Next slide").click()  # after the last slide: the next part
        expect(laptop.get_by_text("Part 3: A round on a real question")).to_be_visible()
        _visible_button(laptop, "Next part").click()
        expect(laptop.get_by_text("Part 4:", exact=False)).to_be_visible()
        _visible_button(laptop, "Next part").click()
        expect(laptop.get_by_text("Part 5: A consent decision on something small")).to_be_visible()

        # The consent round runs in the consent decision app, answered on the phones.
        with laptop_context.expect_page() as opened:
            laptop.get_by_role("link", name=re.compile("consent decision")).click()
        consent = opened.value
        consent.set_default_timeout(30_000)
        wait_until_rendered(consent, timeout=90_000)
        _set_aside_earlier(consent)
        consent.get_by_label("Proposal").fill("Bring biscuits to the next evening")
        consent.get_by_label("Members").fill("\n".join(PEOPLE))
        _visible_button(consent, "Start").click()
        expect(consent.get_by_text("Facilitator:")).to_be_visible()
        _visible_button(consent, "Start clarifying questions").click()
        for _ in PEOPLE:
            _visible_button(consent, "Next").click()
        _visible_button(consent, "Start quick reactions").click()
        for _ in PEOPLE:
            _visible_button(consent, "Next").click()
        _visible_button(consent, "Restate, then consent round").click()
        _visible_button(consent, "Ask the phones").click()
        for _context, phone, _log in phones:
            radio = phone.get_by_role("radio", name="Consent", exact=True)
            expect(radio).to_be_visible()
            radio.check()
            phone.get_by_role("button", name="Send").click()
            expect(phone.get_by_text("Received", exact=False).first).to_be_visible()
        expect(consent.locator(".course-answered")).to_contain_text("4 of 4")
        _visible_button(consent, "Reveal").click()
        expect(consent.get_by_text("Everyone has answered. Announce the result")).to_be_visible()
        # The part's title, and the consent app's own view beneath it (what its session
        # publishes): the proposal, in the room's sight.
        expect(shown).to_contain_text("A consent decision on something small")
        expect(shown).to_contain_text("Bring biscuits")
        screenshot(projector, "intro-e2e-audience-consent-1280x720")
        _visible_button(consent, "Consent reached: record it").click()
        consent.close()

        _visible_button(laptop, "Next part").click()  # the evaluation
        _visible_button(laptop, "Next part").click()  # the last part: where to learn more
        expect(laptop.get_by_text("This is the last part.")).to_be_visible()

        # The follow-up question, on the phones.
        _visible_button(laptop, "Ask the phones about SoFA's trainings").click()
        expect(laptop.get_by_text("0 answered so far", exact=False)).to_be_visible()
        screenshot(laptop, "intro-e2e-presenter-follow-up-1280x800")
        laptop.set_viewport_size({"width": 390, "height": 844})
        assert laptop.evaluate("() => document.documentElement.scrollWidth") <= 390
        screenshot(laptop, "intro-e2e-presenter-follow-up-390x844")
        laptop.set_viewport_size({"width": 1280, "height": 800})
        for (_context, phone, _log), name in zip(phones, PEOPLE, strict=True):
            answer = "Yes" if name in ("Ana", "Chen") else "No"
            radio = phone.get_by_role("radio", name=answer, exact=True)
            expect(radio).to_be_visible()
            expect(phone.get_by_label("How to reach you (optional)")).to_have_count(0)
            radio.check()
            phone.get_by_role("button", name="Send").click()
            expect(phone.get_by_text("Received", exact=False).first).to_be_visible()
            if name == "Ana":  # only after her yes: the optional box, saying what it is for
                box = phone.get_by_label("How to reach you (optional)")
                expect(box).to_be_visible()
                expect(phone.get_by_text("Only the facilitator sees it")).to_be_visible()
                assert serious_axe_violations(phone) == []
                screenshot(phone, "intro-e2e-phone-follow-up-390x844")
                box.fill("ana@example.org")
                phone.get_by_role("button", name="Send").click()
                expect(box).to_have_value("ana@example.org")
            else:
                expect(phone.get_by_label("How to reach you (optional)")).to_have_count(
                    1 if answer == "Yes" else 0)
        expect(laptop.get_by_text("4 answered so far", exact=False)).to_be_visible(
            timeout=10_000)
        _visible_button(laptop, "Close the question and show the answers").click()
        expect(laptop.get_by_text("2 yes, 2 no")).to_be_visible()
        expect(laptop.get_by_text("Ana: ana@example.org")).to_be_visible()
        for _context, phone, _log in phones:
            expect(phone.get_by_text("The question is closed", exact=False)).to_be_visible(
                timeout=10_000)
        assert "ana@example.org" not in shown.inner_text()

        _visible_button(laptop, "End the session").click()
        expect(laptop.get_by_text("The session has ended.")).to_be_visible()
        assert serious_axe_violations(laptop) == []
        screenshot(laptop, "intro-e2e-presenter-end-1280x800")
        with laptop.expect_download() as info:
            laptop.get_by_role("link", name=re.compile("session's record")).click()
        target = tmp_path / "intro-session.md"
        info.value.save_as(target)
        document = target.read_text(encoding="utf-8")
        for words in WORDS.values():  # the check-in round's notes
            assert words in document, words
        assert "Bring biscuits to the next evening" in document  # the consent logbook
        assert "2 of 4 who answered would like to hear about SoFA's trainings." in document
        assert "ana@example.org" not in document
        with laptop.expect_download() as info:
            laptop.get_by_role("link", name=re.compile("Download the contacts")).click()
        contacts = tmp_path / "contacts.csv"
        info.value.save_as(contacts)
        assert "ana@example.org" in contacts.read_text(encoding="utf-8")
        for _context, _phone, log in phones:
            assert log.problems() == []
    finally:
        for context, _phone, _log in phones:
            context.close()
        laptop_context.close()
        projector_context.close()
