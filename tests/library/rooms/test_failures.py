"""A damaged, read-only, locked or unreachable record: one plain sentence, nothing lost."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sociocracy.rooms import RoomStore, StoreError
from tests.conftest import ROOT

GARBAGE = b"This is a shopping list, not a database.\n" * 200


def _filled(location: str) -> tuple[str, int]:
    """A record with one room, three people and their answers; returns (code, activity id)."""
    with RoomStore(location) as store:
        room = store.create_room("Before the trouble")
        activity = room.open_activity("check-in", "How are you?")
        for name in ("Ana", "Ben", "Cleo"):
            room.respond(room.join(name).key, activity, words=f"{name} is fine")
        return room.code, activity.id


def _still_there(location: str, code: str, activity_id: int, people: int = 3) -> None:
    with RoomStore(location) as store:
        room = store.room(code)
        assert [p.name for p in room.participants][:3] == ["Ana", "Ben", "Cleo"]
        assert len(room.participants) == people
        assert room.answered_count(activity_id) == 3


def test_a_damaged_file_is_one_plain_sentence_and_is_left_untouched(tmp_path):
    path = tmp_path / "rooms.sqlite3"
    path.write_bytes(GARBAGE)
    with pytest.raises(StoreError) as caught:
        RoomStore(path)
    assert str(caught.value) == (
        f"The workshop record at {path} is damaged (not a database); nothing was changed. "
        "To go on with a new, empty record beside it, start the course again with "
        "'sociocracy-course workshop --new-record' (or 'start --new-record'): the damaged file "
        "is kept, renamed; or restore a backup.")
    assert path.read_bytes() == GARBAGE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rooms.sqlite3"]  # no -wal, no -shm


def test_a_record_opened_read_only_can_be_read_but_refuses_writes(location):
    code, activity_id = _filled(location)
    with RoomStore(location, read_only=True) as store:
        room = store.room(code)
        assert room.answered_count(activity_id) == 3
        with pytest.raises(StoreError, match=r"is read-only; nothing was changed\."):
            room.join("Dan")
        with pytest.raises(StoreError, match="read-only"):
            store.create_room("Another")
    _still_there(location, code, activity_id)


READ_ONLY_CHILD = textwrap.dedent("""
    import sys
    from sociocracy.rooms import RoomStore, StoreError
    try:
        RoomStore(sys.argv[1]).create_room("New")
    except StoreError as exc:
        print(exc)
    else:
        print("written")
""")


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_or_folder_is_one_plain_sentence(tmp_path, what):
    """File permissions, for real. Root ignores them, so as root the child runs without the
    capabilities that let root override them (``setpriv``, from util-linux)."""
    folder = tmp_path / "record"
    path = folder / "rooms.sqlite3"
    code, activity_id = _filled(str(path))
    before = path.read_bytes()
    if what == "file":
        path.chmod(0o444)
    else:
        for leftover in folder.glob("rooms.sqlite3-*"):
            leftover.unlink()
        folder.chmod(0o555)
    command = [sys.executable, "-c", READ_ONLY_CHILD, str(path)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: file permissions cannot be tested")
        caps = "-dac_override,-dac_read_search,-fowner"
        command = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert result.stdout.strip() == (
        f"The workshop record at {path} is read-only; nothing was changed. Choose a folder "
        "you can write to (for example with SOCIOCRACY_COURSE_DATA)."), result.stderr
    assert path.read_bytes() == before
    _still_there(str(path), code, activity_id)


def _hold_lock(location: str):
    """Another program's connection holding the record's write lock (close it to release)."""
    if location.startswith("postgresql://"):
        import psycopg

        other = psycopg.connect(location)
        other.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
        return other
    other = sqlite3.connect(location, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_a_record_locked_longer_than_the_timeout_is_one_plain_sentence_and_loses_nothing(
        location):
    code, activity_id = _filled(location)
    with RoomStore(location, timeout=0.3) as store:
        room = store.room(code)
        other = _hold_lock(location)
        try:
            with pytest.raises(StoreError, match=r"is busy: another program kept it locked "
                                                 r"for more than 0\.3 seconds; nothing was"):
                room.join("Dan")
        finally:
            other.rollback()
            other.close()
        room.join("Dan")  # once the other program lets go, writing works again
    _still_there(location, code, activity_id, people=4)


def test_an_unreachable_postgresql_server_is_one_plain_sentence_without_the_password():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    with pytest.raises(StoreError) as caught:
        RoomStore(f"postgresql://ana:s3cret@127.0.0.1:{port}/rooms", timeout=2)
    assert str(caught.value).startswith(
        f"The workshop database at postgresql://ana@127.0.0.1:{port}/rooms cannot be reached")
    assert "s3cret" not in str(caught.value)


def test_a_missing_read_only_record_is_not_created(tmp_path):
    with pytest.raises(StoreError, match="cannot be opened"):
        RoomStore(tmp_path / "nothing.sqlite3", read_only=True)
    assert not (tmp_path / "nothing.sqlite3").exists()


def test_the_sqlite_record_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    path = Path(tmp_path / "rooms.sqlite3")
    with RoomStore(path, timeout=7):
        pass
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
