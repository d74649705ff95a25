"""Thirty phones at once, and a writer killed mid-way: nothing lost, nothing twice."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sociocracy.rooms import RoomStore
from tests.conftest import ROOT
from tests.library.rooms.workers import join_and_answer

PHONES = 30


def test_thirty_processes_joining_and_answering_at_once_lose_nothing(location):
    with RoomStore(location) as store:
        room = store.create_room("Busy room")
        activity = room.open_activity("check-in", "How are you?")
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=join_and_answer, args=(location, room.code, activity.id, n))
               for n in range(PHONES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert [w.exitcode for w in workers] == [0] * PHONES
    with RoomStore(location) as store:
        room = store.room(room.code)
        people = room.participants
        assert sorted(p.name for p in people) == sorted(f"Person {n}" for n in range(PHONES))
        assert len({p.id for p in people}) == PHONES
        assert room.answered_count(activity) == PHONES
        room.reveal(activity)
        answers = room.responses(activity)
        assert [a.participant_id for a in answers] == [p.id for p in people]  # join order
        assert {(a.name, a.words) for a in answers} == {
            (f"Person {n}", f"words {n}") for n in range(PHONES)}
        [[recorded]] = store._backend.read(
            "SELECT COUNT(*) FROM events WHERE kind = 'responded'")
        assert recorded == 2 * PHONES  # each phone's two answers, each exactly once


def _wait_for_lines(report: Path, count: int, child: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if report.exists() and report.read_text().count("\n") >= count:
            return
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        time.sleep(0.01)
    raise AssertionError("the writer never got going")


def test_a_writer_killed_mid_way_keeps_every_answer_it_was_told_was_recorded(location, tmp_path):
    with RoomStore(location) as store:
        room = store.create_room("Crash")
        activity = room.open_activity("check-in", "How are you?")
    report = tmp_path / "returned.txt"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.library.rooms.workers", location, room.code,
         str(activity.id), str(report)], cwd=ROOT, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        _wait_for_lines(report, 25, child)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    returned = {int(line.split()[1]) for line in report.read_text().splitlines()
                if line.startswith("returned ")}
    assert len(returned) >= 25
    if not location.startswith("postgresql://"):
        with sqlite3.connect(location) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with RoomStore(location) as store:
        room = store.room(room.code)
        joined = {int(p.name.split()[1]): p.id for p in room.participants}
        assert sorted(joined) == list(range(1, len(joined) + 1))  # no gaps, no duplicates
        assert returned <= set(joined)
        room.reveal(activity)
        answers = {a.participant_id: a.words for a in room.responses(activity)}
        for number in returned:
            assert answers[joined[number]] == f"words {number}"
        # consistent: every answer belongs to someone who joined, at most one answer unreported
        assert set(answers) <= set(joined.values())
        assert len(answers) - len(returned) in (0, 1)
        room.join("After the crash")  # and the record still takes writes
