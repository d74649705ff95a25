"""Each facilitator's records are their own (issue 22): on a JupyterHub several facilitators share
one PostgreSQL record; each lists and opens only the rooms and sessions they made, while the
phones' join service finds any room by its code. Records made before owners read as the
laptop's default owner's. Every test runs on SQLite and on PostgreSQL (``location``)."""

from __future__ import annotations

import pytest

from sociocracy.core.settings import DEFAULT_OWNER, HUB_USER_ENV
from sociocracy.rooms import RoomNotFound, RoomStore, SessionNotFound, StoreError
from sociocracy.sessions.keeper import SessionKeeper
from tests.old_records import record_before_owners


@pytest.fixture
def ana(location):
    with RoomStore(location, owner="ana") as opened:
        yield opened


@pytest.fixture
def ben(location):
    with RoomStore(location, owner="ben") as opened:
        yield opened


def test_a_facilitator_lists_and_opens_only_their_own_rooms_and_sessions(location, ana, ben):
    room = ana.create_room("Ana's workshop")
    session = ana.start_session("rounds", "Ana's round")
    left = ana.start_session("consent", "Ana's open decision")
    mine = ben.create_room("Ben's workshop")

    assert ana.rooms() == [room] and ben.rooms() == [mine]
    assert ana.sessions() == [left, session] and ben.sessions() == []
    assert ben.unfinished_sessions("rounds") == [] and ben.unfinished_sessions("consent") == []
    with pytest.raises(RoomNotFound):
        ben.room(room.code)
    with pytest.raises(SessionNotFound):
        ben.session(session.id)
    assert ana.room(room.code) == room and ana.session(session.id) == session
    # the phones' join service opens the record for every owner: a code finds its room
    with RoomStore(location, every_owner=True) as everyone:
        assert everyone.room(room.code) == room and everyone.room(mine.code) == mine
        assert {r.code for r in everyone.rooms()} == {room.code, mine.code}


def test_the_owner_is_the_hub_user_and_the_default_elsewhere(location, monkeypatch):
    monkeypatch.delenv(HUB_USER_ENV, raising=False)
    with RoomStore(location) as laptop:
        assert laptop.owner == DEFAULT_OWNER
        here = laptop.create_room("On the laptop")
    monkeypatch.setenv(HUB_USER_ENV, "ana")
    with RoomStore(location) as hub:
        assert hub.owner == "ana"
        assert hub.rooms() == []
        there = hub.create_room("On the Hub")
        assert hub.rooms() == [there]
    monkeypatch.delenv(HUB_USER_ENV)
    with RoomStore(location) as laptop:
        assert laptop.rooms() == [here]


def test_a_facilitators_downloads_list_only_their_own_sessions(location, ana, ben):
    def keeper(store):
        return SessionKeeper("rounds", "round", describe=lambda s: s.title,
                             export=lambda s: [("round.md", "text/markdown", s.title)],
                             store=store)

    mine = keeper(ana)
    assert mine.start("Ana's round", {}) == ""
    assert mine.save("turn", {"name": "Ana"}) == ""
    assert [s.title for s in keeper(ana).look()[1]] == ["Ana's round"]
    found, past = keeper(ben).look()
    assert found is None and past == []


def test_each_facilitator_has_their_own_projector(ana, ben):
    ana.publish_audience("rounds", "screen-a", '{"who": "ana"}')
    assert ben.audience("rounds") is None
    ben.publish_audience("rounds", "screen-b", '{"who": "ben"}')
    shown = ana.audience("rounds")
    assert shown is not None and shown.data == '{"who": "ana"}'


def test_records_from_before_owners_are_the_default_owners(location):
    old = record_before_owners(location)
    first, unfinished = old["sessions"]
    with RoomStore(location, owner=DEFAULT_OWNER) as laptop:
        room = laptop.room("OLDRM")
        assert [p.name for p in room.participants] == ["Ana"]
        assert [s.id for s in laptop.sessions("rounds")] == [unfinished, first]
        assert [s.id for s in laptop.unfinished_sessions("rounds")] == [unfinished]
        # the migrated record takes new records, and still refuses changes to old ones
        new = laptop.create_room("After owners")
        assert laptop.rooms() == [new, room]
        with pytest.raises(StoreError), laptop._open_backend().transaction() as tx:
            tx.execute("UPDATE events SET body = '{}' WHERE stream = 'OLDRM'")
    with RoomStore(location, owner="ana") as hub:
        assert hub.rooms() == [] and hub.sessions() == []
        with pytest.raises(RoomNotFound):
            hub.room("OLDRM")


def test_an_old_record_opened_read_only_is_read_as_the_default_owners(tmp_path):
    location = str(tmp_path / "archive" / "rooms.sqlite3")
    record_before_owners(location)
    with RoomStore(location, read_only=True, owner=DEFAULT_OWNER) as archive:
        assert [r.code for r in archive.rooms()] == ["OLDRM"]
        assert len(archive.sessions()) == 2
    with RoomStore(location, read_only=True, owner="ana") as archive:
        assert archive.rooms() == [] and archive.sessions() == []
