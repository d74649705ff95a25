"""An app session's line to the workshop room, headless: find the room, ask, count, collect."""

from __future__ import annotations

import time

import pytest

from sociocracy.core.errors import CourseError
from sociocracy.rooms import RoomStore
from sociocracy.sessions.room_link import WORKSHOP_HOURS, RoomLink, answer_note


@pytest.fixture
def store(tmp_path) -> RoomStore:
    return RoomStore(tmp_path / "rooms.sqlite3")


def test_an_app_picks_up_the_workshops_room_and_takes_the_phones_answers(store):
    room = store.create_room("Taste of sociocracy")
    ana, ben = room.join("Ana"), room.join("Ben")
    link = RoomLink(lambda: store, asked_by="Consent decision")
    assert link.find() == room
    activity = link.ask("consent", "Meet on Tuesdays")
    assert room.current_activity.asked_by == "Consent decision"
    room.respond(ana.key, activity, choice="consent", reason="")
    room.respond(ben.key, activity, choice="objection", reason="I work Tuesdays")
    progress = link.progress()
    assert progress.joined == ("Ana", "Ben") and progress.answered == 2 and progress.open
    answers = link.collect()
    assert [answer_note(a) for a in answers] == ["Consent", "Objection: I work Tuesdays"]
    assert room.activity(activity).revealed  # in the record before the answers came back


def test_an_old_room_is_not_this_workshops_room(store):
    store.create_room("Last month")
    later = time.time() + WORKSHOP_HOURS * 3600 + 60
    link = RoomLink(lambda: store, asked_by="Selection", clock=lambda: later)
    assert link.find() is None
    with pytest.raises(CourseError, match="There is no workshop room yet"):
        link.ask("nomination", "Facilitator")


def test_without_a_record_the_room_says_why_in_one_sentence():
    link = RoomLink(lambda: None, asked_by="Meeting")
    assert link.find() is None
    with pytest.raises(CourseError, match="sociocracy-course workshop"):
        link.create("Room")
