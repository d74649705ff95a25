"""A room keeps to its facilitator (issue 21, items 4 and 5): it takes joins for a day and up to a
set number of people, closes to joins when told, and a participant can be removed (an event in the
log) so that they are no longer counted, revealed or exported. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
import time

import pytest

from sociocracy.core.errors import CourseError
from sociocracy.rooms import JoinRefused, ParticipantNotFound, RoomStore
from sociocracy.rooms.limits import (
    DEFAULT_ROOM_HOURS,
    DEFAULT_ROOM_SIZE,
    ROOM_HOURS_ENV,
    ROOM_SIZE_ENV,
    SettingError,
    room_hours,
    room_size,
)


def test_the_defaults_fit_a_workshop_day_and_a_room_of_60():
    assert room_hours({}) == DEFAULT_ROOM_HOURS == 24
    assert room_size({}) == DEFAULT_ROOM_SIZE == 100
    assert room_hours({ROOM_HOURS_ENV: "48"}) == 48
    assert room_size({ROOM_SIZE_ENV: " 30 "}) == 30


@pytest.mark.parametrize("value", ["a day", "-1", "nan", "1e999"])
def test_a_setting_that_is_not_a_number_is_one_sentence_naming_it(value):
    with pytest.raises(SettingError) as caught:
        room_hours({ROOM_HOURS_ENV: value})
    assert isinstance(caught.value, CourseError)
    assert caught.value.plain.startswith(f"The setting {ROOM_HOURS_ENV} is '{value}'")
    with pytest.raises(SettingError, match="not a whole number"):
        room_size({ROOM_SIZE_ENV: "2.5"})


def test_a_closed_room_takes_no_new_phone_but_its_people_go_on(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    assert room.takes_joins
    room.close_joining()
    with pytest.raises(JoinRefused, match=f"Room {room.code} is closed: it takes no new"):
        room.join("Late Lou")
    assert room.join("Ana", ana.key).id == ana.id  # a reload of a phone already in
    check_in = room.open_activity("check-in", "")
    room.respond(ana.key, check_in, words="still here")
    assert room.answered_count(check_in) == 1
    room.open_joining()
    assert room.join("Late Lou").name == "Late Lou"
    assert [p.name for p in room.participants] == ["Ana", "Late Lou"]


def test_a_room_stops_taking_joins_a_day_after_it_opened(store, monkeypatch):
    room = store.create_room("Room")
    room.join("Ana")
    later = time.time() + DEFAULT_ROOM_HOURS * 3600 + 60
    monkeypatch.setattr("sociocracy.rooms.store.time.time", lambda: later)
    assert not room.takes_joins
    with pytest.raises(JoinRefused, match="stopped taking new participants 24 hours after"):
        room.join("Late Lou")
    monkeypatch.setenv(ROOM_HOURS_ENV, "0")  # 0: no limit
    assert room.join("Late Lou").name == "Late Lou"
    monkeypatch.setenv(ROOM_HOURS_ENV, "24")
    room.open_joining()  # the facilitator opens it again: another day from now
    assert room.join("Later Lee").name == "Later Lee"


def test_a_full_room_refuses_the_next_phone_and_removed_people_free_their_place(store,
                                                                                monkeypatch):
    monkeypatch.setenv(ROOM_SIZE_ENV, "3")
    room = store.create_room("Room")
    people = [room.join(name) for name in ("Ana", "Bea", "Cy")]
    with pytest.raises(JoinRefused, match="is full: it takes at most 3 people"):
        room.join("Dee")
    room.remove(people[1])
    assert room.join("Dee").name == "Dee"


def test_phones_joining_at_once_never_pass_the_room_size(location, monkeypatch):
    """The count and the join are one transaction: 12 threads cannot all see "2 of 4"."""
    monkeypatch.setenv(ROOM_SIZE_ENV, "4")
    with RoomStore(location) as store:
        code = store.create_room("Room").code
    start, refused = threading.Barrier(12), []

    def join(n: int) -> None:
        with RoomStore(location) as own:
            room = own.room(code)
            start.wait()
            try:
                room.join(f"P{n}")
            except JoinRefused:
                refused.append(n)

    threads = [threading.Thread(target=join, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with RoomStore(location) as store:
        assert len(store.room(code).participants) == 4
    assert len(refused) == 8


def test_a_removed_participant_is_not_counted_revealed_exported_and_cannot_answer(store):
    room = store.create_room("Room")
    ana, stuffed, bea = room.join("Ana"), room.join("Stuffer"), room.join("Bea")
    check_in = room.open_activity("check-in", "How are you?")
    for person, words in ((ana, "fine"), (stuffed, "spam spam"), (bea, "tired")):
        room.respond(person.key, check_in, words=words)
    assert room.answered_count(check_in) == 3
    removed = room.remove(stuffed.id)
    assert removed.name == "Stuffer"
    assert [p.name for p in room.participants] == ["Ana", "Bea"]
    assert room.answered_count(check_in) == 2
    assert room.participant(stuffed.key) is None and room.was_removed(stuffed.key)
    assert not room.was_removed(ana.key)
    with pytest.raises(ParticipantNotFound, match="facilitator removed this phone"):
        room.respond(stuffed.key, check_in, words="again")
    with pytest.raises(JoinRefused, match="facilitator removed this phone"):
        room.join("Stuffer", stuffed.key)
    room.reveal(check_in)
    assert [r.name for r in room.responses(check_in)] == ["Ana", "Bea"]
    for export in (room.export_markdown(), room.export_csv()):
        assert "spam" not in export and "Stuffer" not in export
    with pytest.raises(ParticipantNotFound, match="Nobody with the number"):
        room.remove(stuffed.id)  # already removed
    kinds = [row[0] for row in store._open_backend().read(
        "SELECT kind FROM events WHERE stream = ? ORDER BY seq", (room.code,))]
    assert kinds.count("joined") == 3 and kinds.count("responded") == 3  # nothing deleted
    assert kinds.count("participant-removed") == 1


def test_a_participant_of_another_room_cannot_be_removed_here(store):
    room, other = store.create_room("Room"), store.create_room("Other")
    elsewhere = other.join("Ana")
    with pytest.raises(ParticipantNotFound):
        room.remove(elsewhere.id)
    assert [p.name for p in other.participants] == ["Ana"]
