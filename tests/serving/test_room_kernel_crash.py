"""``kill -9`` of the facilitator's kernel while phones are answering: nothing a phone was told
"Received" is lost, and the reopened app takes the question up again.

The course server (``sociocracy-course workshop``) takes the phones' answers; the facilitator's
app runs in a process of its own, as a Voila kernel does: the round facilitator app (which asked
the phones the round's prompt) or the Workshop room app, counting the answers as its page does.
8 phones answer twice at once, the kernel is killed without warning while they send, every phone
answers once more, and a new page of the same app counts every phone and, at the reveal, has each
phone's last "Received" answer as that person's note.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest

from sociocracy.rooms import RoomStore
from tests.conftest import ROOT
from tools.course_server import CourseServer
from tools.join_client import Phone

PHONES = 8

KERNELS = {
    "round facilitator": """
        from sociocracy.widgets import RoundFacilitator
        page = RoundFacilitator(record=True, store=store)
        page.prompt.value = "How are you arriving?"
        page.ask_phones()
        count = lambda: page.refresh_phones() or page.session.state.answered
    """,
    "workshop room": """
        from sociocracy.widgets import WorkshopRoom
        page = WorkshopRoom(store, join_url="", refresh_every=0)
        page.open_room(code)
        page.open_activity("check-in", "How are you arriving?")
        count = lambda: page.refresh() or page.session.state.answered
    """,
}
PRELUDE = """
import sys, time
from sociocracy.rooms import RoomStore
store = RoomStore(sys.argv[1])
code = sys.argv[2]
"""
POLL = """
print("asked", flush=True)
while True:  # the page's poll, until the kill
    print(count(), flush=True)
    time.sleep(0.05)
"""


@pytest.fixture(scope="module")
def server(workshop_network) -> tuple[CourseServer, object]:
    """The test session's ``sociocracy-course workshop`` (``workshop_network`` in
    tests/conftest.py) and its record: each test makes a room of its own, and the kernel killed
    is the test's own process, so the server needs no start of its own (issue 27)."""
    return workshop_network.server, workshop_network.data


def _answer_all(phones: list[Phone], code: str, number: int, received: dict[int, str]) -> None:
    """Every phone sends answer ``number`` at once; ``received`` keeps what each was told
    "Received" for."""

    def send(i: int) -> None:
        words = f"P{i} answer {number}"
        try:
            page = phones[i].answer(code, words=words).body
        except OSError:
            return
        if "Received." in page and f"{words}<" in page:
            received[i] = words

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(phones))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
@pytest.mark.parametrize("app", sorted(KERNELS))
def test_kill_9_of_the_facilitators_kernel_mid_answers_keeps_every_received_answer(
        server, app, tmp_path):
    workshop, data = server
    with RoomStore(data) as store:
        room = store.create_room(f"Kernel crash: {app}")
        number = len(store.rooms())
        phones = [Phone(workshop.base, source=f"127.0.5.{number * 10 + i + 1}", timeout=20)
                  for i in range(PHONES)]
        for i, phone in enumerate(phones):
            phone.scan(room.code, room.token)
            phone.join(room.code, f"P{i}")
        script = PRELUDE + textwrap.dedent(KERNELS[app]) + POLL
        kernel = subprocess.Popen([sys.executable, "-c", script, str(data), room.code],
                                  cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                  env=dict(os.environ))
        try:
            assert kernel.stdout.readline().strip() == "asked"
            received: dict[int, str] = {}
            _answer_all(phones, room.code, 0, received)
            assert int(kernel.stdout.readline()) >= 0  # the kernel counts while phones answer
            sending = threading.Thread(target=_answer_all, args=(phones, room.code, 1, received))
            sending.start()
            os.kill(kernel.pid, signal.SIGKILL)  # in the middle of the second answers
            kernel.wait(timeout=10)
            sending.join(timeout=60)
            assert kernel.returncode == -signal.SIGKILL
        finally:
            kernel.kill()
        _answer_all(phones, room.code, 2, received)  # and after the kill
        assert received == {i: f"P{i} answer 2" for i in range(PHONES)}

        if app == "round facilitator":
            from sociocracy.widgets import RoundFacilitator

            page = RoundFacilitator(record=True, store=store)  # the reopened app
            assert f"<strong>{PHONES} of {PHONES}</strong> answered" in page.phones_count.value
            page.reveal_phones_button.click()
            notes = dict(page.session.suggested_notes)
            assert page.round.order[0] == "P0" and page.note.value == "P0 answer 2"
        else:
            from sociocracy.widgets import WorkshopRoom

            page = WorkshopRoom(store, join_url="", refresh_every=0)
            page.open_room(room.code)
            assert f"<strong>{PHONES} of {PHONES}</strong> answered" in page.answered.value
            page.reveal_button.click()
            notes = dict(page.session.state.answers)
            assert page.round_panel.note.value == "P0 answer 2"
        assert notes == {f"P{i}": words for i, words in received.items()}
