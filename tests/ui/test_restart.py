"""A server restart in the middle of a round, as a room lives it (issue 25).

``sociocracy-course workshop`` on a data folder and a port of this test's own; a phone joins the
room; the facilitator opens the round facilitator app with the printed link and takes two turns.
The server stops (Ctrl+C) while the phone is typing, and is started again with the same command:

* the phone's Send, pressed while the server is down, keeps the words, says "Not sent: the
  connection is down; we will try again" in its status region, and the answer arrives once
  when the server is back;
* the facilitator's "Reload the page" opens the app again, not Jupyter's login page, without a
  new link, and the round is offered to resume, at the turn it had reached.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from sociocracy.shell.join import NOT_SENT
from tests.ui.conftest import PHONES_ON_ONE_ADDRESS, new_phone
from tests.ui.test_pages import serious_axe_violations
from tools.course_server import CourseServer, free_port, start_course_server
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

APP = "round_facilitator.ipynb"
PEOPLE = ["Ana", "Ben", "Cy", "Dara"]
WORDS = "Arrived late <b>but</b> glad to be here"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


class Restartable:
    """One workshop server that can be stopped and started again on the same data and port."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.data, self.port = folder, folder / "data", free_port()
        self.starts = 0
        self.server: CourseServer | None = None

    def start(self) -> CourseServer:
        self.starts += 1
        try:
            self.server = start_course_server(
                self.folder / f"server-{self.starts}.log", command="workshop", port=self.port,
                extra_args=("--address", "127.0.0.1"),
                extra_env={"SOCIOCRACY_COURSE_DATA": str(self.data), **PHONES_ON_ONE_ADDRESS},
                timeout=180)  # a bound on a busy machine, not a figure
        except RuntimeError as exc:
            pytest.fail(str(exc))
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def facilitator_link(self, start: int) -> str:
        printed = (self.folder / f"server-{start}.log").read_text()
        found = re.search(r"Facilitator \(this computer only\): (\S+)", printed)
        assert found, "the workshop command printed no facilitator link"
        return found.group(1)


@pytest.fixture
def workshop(tmp_path_factory) -> Iterator[Restartable]:
    course = Restartable(tmp_path_factory.mktemp("restart"))
    course.start()
    yield course
    course.stop()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _answers_in_the_record(data: Path, code: str) -> list[str]:
    with RoomStore(data) as store:
        rows = store._backend.read(
            "SELECT body FROM events WHERE kind = 'responded' AND stream = ?", (code,))
    return [body for (body,) in rows]


def test_a_restart_mid_round_keeps_the_facilitator_in_and_the_phones_answer_arrives_once(
        browser, workshop):
    server = workshop.server
    assert server is not None
    with RoomStore(workshop.data) as store:
        room = store.create_room("Taste of sociocracy")
    phone_context, phone, phone_log = new_phone(browser, server)
    phone.goto(room.join_link(f"{server.base}/join"))
    phone.get_by_label("Your name").fill("Ana")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_text("Waiting for the facilitator…")).to_be_visible()

    fac_context = browser.new_context(viewport={"width": 1280, "height": 800})
    fac = fac_context.new_page()
    fac.set_default_timeout(30_000)
    link = workshop.facilitator_link(1).replace("workshop_room.ipynb", APP)
    fac.goto(link, wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    app_address = fac.url
    assert "token" not in app_address and app_address.endswith(f"/apps/{APP}")
    fac.get_by_label("Participants:").fill("\n".join(PEOPLE))
    fac.get_by_label("Prompt:").fill("How are you arriving?")
    fac.get_by_role("button", name="Start the round").click()
    current = fac.locator(".course-round-current")
    for name in PEOPLE[:2]:
        expect(current).to_have_text(name)
        fac.get_by_role("button", name="Next", exact=True).click()
    expect(current).to_have_text("Cy")

    with RoomStore(workshop.data) as store:
        check_in = store.room(room.code).open_activity("check-in", "One word for today?")
    box = phone.get_by_label("Your words")
    expect(box).to_be_visible()  # the phone noticed the question by itself
    box.fill(WORDS)

    posts: list[tuple[int, str]] = []  # what the phone's sends got back from the server
    phone.on("response", lambda reply: posts.append((reply.status, reply.url))
             if reply.request.method == "POST" else None)
    workshop.stop()  # Ctrl+C on the laptop, mid-round
    phone.get_by_role("button", name="Send").click()
    status = phone.get_by_role("status")
    expect(status).to_have_text(NOT_SENT)
    expect(box).to_have_value(WORDS)  # what was typed is still there
    assert phone.url.endswith(f"/join/{room.code}")  # no "This site can't be reached"
    expect(fac.get_by_text("Connection lost")).to_be_visible()
    _shot(phone, "join_not_sent_390")
    assert serious_axe_violations(phone) == []

    workshop.start()  # the same command again: same data, same port
    expect(phone.get_by_text("Received", exact=False).first).to_be_visible(timeout=60_000)
    expect(phone.get_by_text(WORDS)).to_be_visible()
    assert workshop.facilitator_link(2) == workshop.facilitator_link(1)  # no new link
    # the send that arrived was the page's own try (no form posted over it), answered "received"
    assert posts == [(303, f"{server.base}/join/{room.code}")]
    phone_log.forget()  # what failed while the server was down: the outage itself

    with fac.expect_navigation(wait_until="domcontentloaded"):
        fac.get_by_role("button", name="Reload the page").click()
    assert fac.url == app_address  # the app again, not the login page, no token needed
    wait_until_rendered(fac, timeout=90_000)
    expect(fac.get_by_text("An unfinished round was found.")).to_be_visible()
    expect(fac.get_by_text("2 of 4 turns were taken")).to_be_visible()
    _shot(fac, "round_resume_after_restart_1280")
    fac.get_by_role("button", name="Resume it").click()
    expect(current).to_have_text("Cy")

    answers = _answers_in_the_record(workshop.data, room.code)
    assert len(answers) == 1 and "glad to be here" in answers[0]  # arrived, and once
    with RoomStore(workshop.data) as store:
        assert store.room(room.code).answered_count(check_in) == 1
    phone.reload()
    expect(phone.get_by_text("Received", exact=False).first).to_be_visible()
    assert phone_log.problems() == []
    phone_context.close()
    fac_context.close()


def test_a_send_the_server_refuses_shows_why_and_keeps_the_choice(browser, workshop_server,
                                                                  workshop_data):
    """The page sends by itself now; a refusal (an objection without a reason) is still the
    server's page saying why, with the choice kept, as without JavaScript."""
    with RoomStore(workshop_data) as store:
        room = store.create_room("Refusals")
        consent = room.open_activity("consent", "Buy a kettle")
    context, phone, log = new_phone(browser, workshop_server)
    phone.goto(room.join_link(f"{workshop_server.base}/join"))
    phone.get_by_label("Your name").fill("Bea")
    phone.get_by_role("button", name="Join").click()
    phone.get_by_label("Objection").check()
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("alert")).to_contain_text("Reason")
    expect(phone.get_by_label("Objection")).to_be_checked()
    assert serious_axe_violations(phone) == []
    phone.get_by_label("Reason").fill("The cupboard is full")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Received", exact=False).first).to_be_visible()
    assert len(_answers_in_the_record(workshop_data, room.code)) == 1
    with RoomStore(workshop_data) as store:
        assert store.room(room.code).answered_count(consent) == 1
    # the refusal's own status (400) is the only thing the browser complained about
    assert all("status of 400" in problem for problem in log.problems()), log.problems()
    context.close()
