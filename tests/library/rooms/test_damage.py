"""Damage caught when the record is opened, and a new record beside the damaged one (issue 21,
item 6). SQLite only: a PostgreSQL server checks its own pages."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sociocracy.rooms import RoomStore, StoreError
from sociocracy.rooms.damage import set_aside_if_damaged
from sociocracy.rooms.errors import RecordDamaged
from tools.damaged_record import damage_middle, fill_record


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, bytes]:
    """A record of 1,000 events (about 250 KB) with 64 KB of random bytes in its middle."""
    path = tmp_path / "record" / "rooms.sqlite3"
    fill_record(path, 1_000)
    return path, damage_middle(path)


def test_bytes_overwritten_in_the_middle_are_caught_when_the_record_is_opened(damaged) -> None:
    """SQLite reads only the pages a query needs: this record once opened, took a join and a
    new room, and wrote them into the damaged file."""
    path, content = damaged
    for read_only in (False, True):
        with pytest.raises(RecordDamaged) as caught:
            RoomStore(path, read_only=read_only)
        assert str(caught.value).startswith(
            f"The workshop record at {path} is damaged (its check found broken pages); nothing "
            "was changed. To go on with a new, empty record beside it, start the course again "
            "with 'sociocracy-course workshop --new-record'")
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == ["rooms.sqlite3"]


def test_an_empty_file_is_damaged_and_never_becomes_a_new_record(tmp_path: Path) -> None:
    path = tmp_path / "rooms.sqlite3"
    path.touch()
    with pytest.raises(RecordDamaged, match=r"is damaged \(the file is empty\); nothing was "
                                            r"changed\. To go on with a new, empty record"):
        RoomStore(path)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rooms.sqlite3"]


def test_a_new_record_is_made_whole_even_when_many_open_it_at_once(tmp_path: Path) -> None:
    """A new record is built under a temporary name and linked into place, so nobody opening it
    at the same moment sees a file of 0 bytes (which now counts as damaged)."""
    path = tmp_path / "fresh" / "rooms.sqlite3"
    start = threading.Barrier(8)
    rooms: list[str] = []
    problems: list[BaseException] = []

    def open_and_write(number: int) -> None:
        try:
            start.wait()
            with RoomStore(path) as store:
                rooms.append(store.create_room(f"Room {number}").code)
        except BaseException as exc:  # every failure is reported below
            problems.append(exc)

    threads = [threading.Thread(target=open_and_write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert problems == []
    with RoomStore(path) as store:
        assert sorted(room.code for room in store.rooms()) == sorted(rooms)
    assert sorted(p.name for p in path.parent.iterdir()) == ["rooms.sqlite3"]


def test_a_new_record_keeps_the_damaged_file_renamed_beside_it(damaged) -> None:
    path, content = damaged
    aside = set_aside_if_damaged(path)
    assert aside is not None and aside.parent == path.parent
    assert aside.name.startswith("rooms-damaged-") and aside.suffix == ".sqlite3"
    assert aside.read_bytes() == content
    with RoomStore(path) as store:
        assert store.rooms() == []
        store.create_room("After the damage")
    assert set_aside_if_damaged(path) is None  # a healthy record stays where it is
    with RoomStore(path) as store:
        assert [room.title for room in store.rooms()] == ["After the damage"]
    assert aside.read_bytes() == content


def test_a_new_record_beside_an_empty_file_and_two_damaged_files_on_one_day(tmp_path) -> None:
    path = tmp_path / "rooms.sqlite3"
    path.touch()
    first = set_aside_if_damaged(path)
    path.touch()
    second = set_aside_if_damaged(path)
    assert first is not None and second is not None and first != second
    assert first.stat().st_size == second.stat().st_size == 0
    assert set_aside_if_damaged(tmp_path / "missing" / "rooms.sqlite3") is None


def test_a_busy_record_is_not_set_aside(tmp_path: Path) -> None:
    """Another program writing (a lock held) is not damage: the record stays where it is."""
    path = tmp_path / "rooms.sqlite3"
    fill_record(path, 100)
    with RoomStore(path, timeout=0.2) as holder, holder._open_backend().transaction():
        assert set_aside_if_damaged(path) is None
        with pytest.raises(StoreError, match="is busy"):
            RoomStore(path, timeout=0.2).create_room("Blocked")
    assert not list(tmp_path.glob("rooms-damaged-*"))
