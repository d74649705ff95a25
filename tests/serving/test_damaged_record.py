"""A damaged workshop record on the course server (issue 21, item 6).

64 KB of random bytes in the middle of ``rooms.sqlite3`` once let ``workshop`` start silently, and
a phone's join then wrote into the damaged file; an empty file silently became a new record. Now
``workshop`` refuses it in one sentence that says how to go on, ``--new-record`` keeps the damaged
file renamed and starts a new one, ``start`` says so and still serves, and the join page answers
"unavailable" without writing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sociocracy.rooms import RoomStore
from tests.conftest import ROOT
from tools.course_server import free_port, start_course_server
from tools.damaged_record import damage_middle, fill_record
from tools.join_client import Phone

RECORD_ENV = ("SOCIOCRACY_COURSE_STORE", "SOCIOCRACY_COURSE_DATA")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("damage", ["bytes in the middle", "empty file"])
def test_workshop_refuses_a_damaged_record_in_one_sentence_and_writes_nothing(tmp_path, damage):
    record = tmp_path / "rooms.sqlite3"
    if damage == "empty file":
        record.touch()
        detail = "(the file is empty)"
    else:
        fill_record(record, 1_000)
        damage_middle(record)
        detail = "(its check found broken pages)"
    before = _files(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "sociocracy.shell.cli", "workshop", "--no-browser",
         "--port", str(free_port())],
        cwd=ROOT, capture_output=True, text=True, timeout=30,
        env={**{k: v for k, v in os.environ.items() if k not in RECORD_ENV},
             "SOCIOCRACY_COURSE_STORE": str(record), "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"The workshop record at {record} is damaged {detail}; nothing was changed." in line
    assert "sociocracy-course workshop --new-record" in line and "Traceback" not in line
    assert _files(tmp_path) == before


def test_new_record_keeps_the_damaged_file_and_phones_join_the_new_one(tmp_path):
    data = tmp_path / "data"
    record = data / "rooms.sqlite3"
    fill_record(record, 1_000)
    damaged = damage_middle(record)
    server = start_course_server(
        tmp_path / "server.log", command="workshop",
        extra_args=("--new-record", "--address", "127.0.0.1"),
        extra_env={"SOCIOCRACY_COURSE_DATA": str(data), "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    try:
        (aside,) = data.glob("rooms-damaged-*.sqlite3")
        assert aside.read_bytes() == damaged
        assert f"The damaged workshop record is kept as {aside}" in server.log_path.read_text()
        with RoomStore(data) as store:
            assert store.rooms() == []
            room = store.create_room("After the damage")
            phone = Phone(server.base)
            phone.scan(room.code, room.token)
            reply = phone.join(room.code, "Ana")
            assert reply.status == 200 and "You joined as <bdi>Ana</bdi>" in reply.body
            assert [p.name for p in room.participants] == ["Ana"]
    finally:
        server.stop()
    assert aside.read_bytes() == damaged


def test_a_phone_gets_no_answer_written_into_a_record_damaged_after_the_start(tmp_path):
    """The server opens the record for phones when the first one arrives: damage that happened
    after ``workshop`` started is caught there, and nothing is written."""
    data = tmp_path / "data"
    record = data / "rooms.sqlite3"
    code = fill_record(record, 1_000)
    with RoomStore(data) as store:
        token = store.room(code).token
    server = start_course_server(
        tmp_path / "server.log", command="workshop", extra_args=("--address", "127.0.0.1"),
        extra_env={"SOCIOCRACY_COURSE_DATA": str(data), "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    try:
        damaged = damage_middle(record)
        phone = Phone(server.base)
        scanned = phone.scan(code, token)
        reply = phone.join(code, "Late Lee")
        assert scanned.status == reply.status == 503
        assert "is damaged (its check found broken pages); nothing was changed" in reply.body
        assert record.read_bytes() == damaged
    finally:
        server.stop()
    assert record.read_bytes() == damaged


def test_start_says_the_record_is_damaged_and_still_serves_the_lessons(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "rooms.sqlite3").touch()
    server = start_course_server(
        tmp_path / "server.log", command="start",
        extra_env={"SOCIOCRACY_COURSE_DATA": str(data), "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    try:
        log = server.log_path.read_text()
        assert (f"Note: The workshop record at {data / 'rooms.sqlite3'} is damaged (the file is "
                "empty); nothing was changed.") in log
        assert "'sociocracy-course workshop --new-record'" in log
    finally:
        server.stop()
    assert _files(data) == {"rooms.sqlite3": b""}
    again = start_course_server(
        tmp_path / "again.log", command="start", extra_args=("--new-record",),
        extra_env={"SOCIOCRACY_COURSE_DATA": str(data), "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    try:
        (aside,) = data.glob("rooms-damaged-*.sqlite3")
        assert f"The damaged workshop record is kept as {aside}" in again.log_path.read_text()
        assert "Note:" not in again.log_path.read_text()
    finally:
        again.stop()
    assert aside.read_bytes() == b""
    with RoomStore(data) as store:  # the apps make the new record when they first need it
        assert store.rooms() == []
