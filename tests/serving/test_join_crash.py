"""``kill -9`` of the course server while phones are sending: nothing acknowledged is lost.

A phone is told "Received" only by the page it is sent to after the server committed its answer
(the 303 after the POST). So: 12 phones send numbered answers as fast as they can, the server is
killed without warning, and after a restart on the same data every phone's recorded answer is the
last one acknowledged to it, or one sent after it (sent and committed, but the reply was cut),
and the phone's page says "Received" again.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from sociocracy.rooms import RoomStore
from tools.course_server import start_course_server
from tools.join_client import Phone

PHONES = 12


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_every_received_answer_survives_kill_9_of_the_server(tmp_path):
    data = tmp_path / "data"
    env = {"SOCIOCRACY_COURSE_DATA": str(data)}
    args = ("--address", "127.0.0.1")
    server = start_course_server(tmp_path / "first.log", command="workshop", extra_args=args,
                                 extra_env=env)
    port = int(server.base.rsplit(":", 1)[1])
    with RoomStore(data) as store:
        room = store.create_room("Crash")
        phones = [Phone(server.base, source=f"127.0.1.{i + 1}", timeout=5) for i in range(PHONES)]
        for i, phone in enumerate(phones):
            phone.scan(room.code, room.token)
            phone.join(room.code, f"P{i}")
        activity = room.open_activity("check-in", "Count")
        acknowledged = [-1] * PHONES
        sent = [-1] * PHONES
        stop = threading.Event()

        def send(i: int) -> None:
            phone, n = phones[i], 0
            while not stop.is_set():
                try:
                    sent[i] = n
                    reply = phone.answer(room.code, follow=False, words=f"P{i} answer {n}")
                except OSError:
                    return  # the server is gone
                if reply.status == 303:
                    acknowledged[i] = n
                n += 1

        threads = [threading.Thread(target=send, args=(i,)) for i in range(PHONES)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while min(acknowledged) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        assert min(acknowledged) >= 2, "the phones were too slow to send before the kill"

        restarted = start_course_server(tmp_path / "second.log", command="workshop",
                                        extra_args=args, extra_env=env, port=port)
        try:
            pages = [phone.get(f"/join/{room.code}").body for phone in phones]
            room.reveal(activity)
            recorded = {r.name: r.words for r in room.responses(activity)}
            assert len(recorded) == PHONES
            for i, page in enumerate(pages):
                number = int(recorded[f"P{i}"].rsplit(" ", 1)[1])
                assert acknowledged[i] <= number <= sent[i], (i, acknowledged[i], number)
                assert "Received" in page and f"P{i} answer {number}<" in page
        finally:
            restarted.stop()
