"""A whole workshop room in the browser: the facilitator's app in Voila and three phones.

The test session's ``sociocracy-course workshop``; the facilitator's page at 1280x800;
three phones at 390x844 in their own browser contexts: two open the room's QR link, one types
the short address and the code. A consent round with one objection, the reveal, the spoken round
and the record's download, then axe on the phone page. Screenshots of the phone and of the
facilitator's screen go to test-artifacts/screenshots/ and, small, to docs/images/ for the
README when those are missing or ``UPDATE_README_IMAGES=1`` (so a test run leaves git clean).
Also: the phone page at 360 px by keyboard alone, and ``kill -9`` of the facilitator's Voila
kernel in the middle of the spoken round (reopening the room resumes it, every turn kept).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.conftest import ROOT
from tests.ui.conftest import PageLog, screenshot
from tests.ui.test_pages import serious_axe_violations
from tools.course_server import CourseServer
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
DOCS = ROOT / "docs" / "images"


@pytest.fixture(scope="module")
def data(workshop_data) -> Path:
    """The shared workshop server's record (each test makes rooms of its own in it)."""
    return workshop_data


@pytest.fixture(scope="module")
def workshop(workshop_server) -> CourseServer:
    """The test session's one workshop server (``workshop_server`` in tests/ui/conftest.py):
    a server of this module's own would cost a start-up and its kernels (issue 27)."""
    return workshop_server


def facilitator_url(server: CourseServer) -> str:
    found = re.search(r"Facilitator \(this computer only\): (\S+)", server.log_path.read_text())
    assert found, "the workshop command printed no facilitator link"
    return found.group(1)


def new_phone(browser, server: CourseServer):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log = PageLog(allowed_host=server.host)
    log.attach(page)
    return context, page, log


def keep_small(source: Path, name: str, width: int) -> None:
    """A copy for the README, scaled down with matplotlib (already a dependency)."""
    import matplotlib.image as mpimg
    from matplotlib.figure import Figure

    image = mpimg.imread(source)
    height, wide = image.shape[:2]
    scale = width / wide
    fig = Figure(figsize=(width / 100, height * scale / 100), dpi=100)
    fig.figimage(image[:: max(1, round(1 / scale)), :: max(1, round(1 / scale))],
                 resize=True)
    target = DOCS / name
    if target.exists() and os.environ.get("UPDATE_README_IMAGES") != "1":
        return
    DOCS.mkdir(parents=True, exist_ok=True)
    if round(1 / scale) <= 1:
        shutil.copyfile(source, target)
    else:
        fig.savefig(target, dpi=100)


def test_a_consent_round_on_phones_revealed_together_then_spoken(browser, workshop, data):
    fac_context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      accept_downloads=True)
    fac = fac_context.new_page()
    fac.set_default_timeout(30_000)
    fac_log = PageLog(allowed_host=workshop.host)
    fac_log.attach(fac)
    fac.goto(facilitator_url(workshop), wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    fac.get_by_label("New room's title:").fill("Garden co-op <b>meeting</b>")
    fac.get_by_role("button", name="Create a room").click()
    expect(fac.get_by_text("Room code", exact=True)).to_be_visible()
    with RoomStore(data) as store:
        room = store.rooms()[0]
    expect(fac.get_by_alt_text(re.compile(f"QR code.*join room {room.code}"))).to_be_visible()
    expect(fac.get_by_text(f"{workshop.base}/join", exact=True)).to_be_visible()
    qr_link = room.join_link(f"{workshop.base}/join")  # what the QR code on the screen holds

    phones = [new_phone(browser, workshop) for _ in range(3)]
    names = ["Ana", "<img src=x onerror=alert(1)>", "Cy"]
    for i, (_context, page, _log) in enumerate(phones):
        if i < 2:
            page.goto(qr_link)
        else:  # typed: the short address and the code, in lower case with a space
            page.goto(f"{workshop.base}/join")
            page.get_by_label("Room code").fill(f"{room.code[:2].lower()} {room.code[2:]}")
        page.get_by_label("Your name").fill(names[i])
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("Waiting for the facilitator…")).to_be_visible()
        assert "?t=" not in page.url
    expect(fac.get_by_text(re.compile("3 people have joined"))).to_be_visible(timeout=10_000)

    fac.get_by_label("Activity:").select_option(label="Consent round on a proposal")
    fac.get_by_label("Prompt for the phones:").fill(
        "We water the garden on a rota, starting Monday.")
    fac.get_by_role("button", name="Open on the phones").click()

    choices = [("Consent", ""), ("Objection", "Mondays I work late; start Tuesday?"),
               ("Consent", "Happy to try it")]
    for (_context, page, _log), (choice, reason) in zip(phones, choices, strict=True):
        radio = page.get_by_role("radio", name=choice, exact=True)
        expect(radio).to_be_visible(timeout=10_000)  # the page noticed the round by itself
        radio.check()
        if reason:
            page.get_by_label("Reason").fill(reason)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Received", exact=False).first).to_be_visible()
    phone_page = phones[1][1]
    phone_page.reload()
    expect(phone_page.get_by_text("Received").first).to_be_visible()  # still, after a reload
    expect(phone_page.get_by_label("Reason")).to_have_value(choices[1][1])
    shot = screenshot(phone_page, "workshop_phone_received")
    keep_small(shot, "workshop-phone.png", 390)
    assert serious_axe_violations(phone_page) == []

    expect(fac.locator(".course-answered")).to_contain_text("3 of 3", timeout=10_000)
    assert "start Tuesday" not in fac.content()  # how many, not what, before the reveal
    assert serious_axe_violations(fac) == []  # the room's code, QR code, counter
    fac_shot = screenshot(fac, "workshop_facilitator_counting")
    keep_small(fac_shot, "workshop-facilitator.png", 900)

    fac.get_by_role("button", name="Reveal all answers").click()
    for _context, page, _log in phones:
        expect(page.get_by_text("Answers revealed: thank you")).to_be_visible(timeout=10_000)
        assert "start Tuesday" not in page.content() or page is phone_page
    expect(fac.locator(".course-round-current")).to_have_text("Ana")
    expect(fac.get_by_label("Note for this turn:")).to_have_value("Consent")
    expect(fac.get_by_role("button", name="Pass", exact=True)).to_be_disabled()
    for _ in range(3):
        fac.get_by_role("button", name="Next", exact=True).click()
    expect(fac.get_by_role("heading", name="The round is complete")).to_be_visible()
    screenshot(fac, "workshop_facilitator_spoken_round")
    assert serious_axe_violations(fac) == []  # the revealed answers and the spoken round

    with fac.expect_download() as info:
        fac.get_by_role("link", name="Download the room's record (Markdown)").click()
    record = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Mondays I work late; start Tuesday?" in record and "Cy" in record
    with fac.expect_download() as info:
        fac.get_by_role("link", name="Download the answers as a table (CSV)").click()
    assert "Happy to try it" in Path(info.value.path()).read_text(encoding="utf-8")

    assert fac.locator("img[src='x']").count() == 0
    for context, page, log in phones:
        assert page.locator("img[src='x']").count() == 0
        assert log.problems() == []
        context.close()
    assert fac_log.problems() == []
    fac_context.close()


def test_the_phone_page_fits_a_small_screen_and_is_accessible(browser, workshop, data):
    with RoomStore(data) as store:
        room = store.create_room("Small screen")
        room.open_activity("nomination", "Facilitator for one year")
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(f"{workshop.base}/join/{room.code}?t={room.token}")
    page.get_by_label("Your name").fill("Dee")
    page.keyboard.press("Enter")  # by keyboard alone
    expect(page.get_by_label("Nominee")).to_be_visible()
    page.get_by_label("Nominee").fill("Ana")
    page.keyboard.press("Tab")
    page.keyboard.type("Calm and fair")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Received")).to_be_visible()
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 360
    button = page.get_by_role("button", name="Send").bounding_box()
    assert button["height"] >= 44  # a thumb-sized target
    assert serious_axe_violations(page) == []
    page.goto(f"{workshop.base}/join")
    assert serious_axe_violations(page) == []
    context.close()


def test_kill_9_of_the_facilitators_kernel_mid_round_resumes_every_turn(browser, workshop,
                                                                          data):
    import signal

    import psutil

    from tools.join_client import Phone

    with RoomStore(data) as store:
        room = store.create_room("Kernel crash")
        room.open_activity("check-in", "How are you arriving?")
    for i in range(4):
        phone = Phone(workshop.base, source=f"127.0.4.{i + 1}")
        phone.scan(room.code, room.token)
        phone.join(room.code, f"Q{i}")
        assert "Received" in phone.answer(room.code, words=f"words {i}").body
    label = f"Kernel crash ({room.code}, {room.created_at:%Y-%m-%d})"

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)

    def open_the_room() -> None:
        page.goto(facilitator_url(workshop), wait_until="domcontentloaded", timeout=90_000)
        wait_until_rendered(page, timeout=90_000)
        page.get_by_label("Earlier rooms:").select_option(label=label)
        page.get_by_role("button", name="Resume this room").click()

    open_the_room()
    page.get_by_role("button", name="Reveal all answers").click()
    current = page.locator(".course-round-current")
    expect(current).to_have_text("Q0")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(current).to_have_text("Q1")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(current).to_have_text("Q2")

    kernels = [p for p in psutil.Process(workshop.process.pid).children(recursive=True)
               if "ipykernel" in " ".join(p.cmdline())]
    assert kernels, "no kernel found for the facilitator's page"
    for kernel in kernels:
        kernel.send_signal(signal.SIGKILL)
    psutil.wait_procs(kernels, timeout=10)

    open_the_room()  # a new page, a new kernel
    # Within 20 s of its last heartbeat the dead kernel's round looks live: it is offered to
    # take over (after that it is resumed at once). Either way every turn comes back.
    take = page.get_by_role("button", name="Take it over")
    done = page.get_by_text(re.compile("2 turns already done"))
    expect(take.or_(done)).to_be_visible()
    if take.is_visible():
        take.click()
    expect(done).to_be_visible()
    expect(current).to_have_text("Q2")
    turns = page.locator("table.course-round-turns").last
    expect(turns).to_contain_text("words 0")
    expect(turns).to_contain_text("words 1")
    expect(page.get_by_label("Note for this turn:")).to_have_value("words 2")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(current).to_have_text("Q3")
    context.close()


def test_the_facilitator_removes_someone_and_closes_the_room_by_keyboard(browser, workshop, data):
    """Issue 21: the room's own controls, labelled, used with the keyboard alone."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    fac = context.new_page()
    fac.set_default_timeout(30_000)
    fac.goto(facilitator_url(workshop), wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    fac.get_by_label("New room's title:").fill("Keyboard room")
    fac.get_by_role("button", name="Create a room").click()
    expect(fac.get_by_text("Room code", exact=True)).to_be_visible()
    with RoomStore(data) as store:
        room = store.rooms()[0]
        assert room.title == "Keyboard room"
        room.join("Ana")
        room.join("Stuffer")
    expect(fac.get_by_text(re.compile("2 people have joined"))).to_be_visible(timeout=10_000)
    menu = fac.get_by_label("Remove someone:")
    menu.focus()
    fac.keyboard.press("ArrowDown")  # Ana
    fac.keyboard.press("ArrowDown")  # Stuffer
    expect(menu).to_have_value(re.compile("Stuffer"))
    fac.keyboard.press("Tab")
    remove = fac.get_by_role("button", name="Remove from the room")
    expect(remove).to_be_focused()
    fac.keyboard.press("Enter")
    # The app asks first, naming whom. On a busy machine the click can reach it before the
    # menu's last choice, and then the question names the one before: press again, as a
    # person reading the question would.
    yes = fac.get_by_role("button", name="Yes, remove Stuffer")
    for _ in range(5):
        try:
            expect(yes).to_be_visible(timeout=4_000)
            break
        except AssertionError:
            remove.focus()
            fac.keyboard.press("Enter")
    expect(fac.get_by_text("This cannot be undone", exact=False)).to_be_visible()
    screenshot(fac, "workshop_remove_confirm")
    yes.focus()
    fac.keyboard.press("Enter")
    expect(fac.get_by_text(re.compile("1 person has joined: Ana"))).to_be_visible()
    expect(fac.get_by_text("Removed.", exact=False)).to_be_visible()
    close = fac.get_by_role("button", name="Close to new joins")
    close.focus()
    fac.keyboard.press("Enter")
    expect(fac.get_by_text("Not taking new joins:", exact=False)).to_be_visible()
    expect(fac.get_by_role("button", name="Open to new joins")).to_be_visible()
    with RoomStore(data) as store:
        assert [p.name for p in store.room(room.code).participants] == ["Ana"]
        assert not store.room(room.code).takes_joins
    assert serious_axe_violations(fac) == []
    context.close()
