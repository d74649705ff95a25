"""Facilitator-app sessions that survive a kernel crash, and the room's record as Markdown/CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest

from sociocracy.rooms import ActivityStateError, RoomStore, SessionNotFound

HOSTILE = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"


def test_a_session_records_its_steps_in_order(store):
    session = store.start_session("rounds", "Check-in", {"people": ["Ana", "Ben"]})
    session.record("turn", {"who": "Ana", "note": "Tired"})
    session.record("turn", {"who": "Ben", "passed": True})
    assert session.steps == [("turn", {"who": "Ana", "note": "Tired"}),
                             ("turn", {"who": "Ben", "passed": True})]
    assert (session.app, session.title, session.setup) == (
        "rounds", "Check-in", {"people": ["Ana", "Ben"]})
    assert not session.finished


def test_an_unfinished_session_is_found_again_after_a_crash(location):
    store = RoomStore(location)
    session = store.start_session("consent", "Budget proposal", {"circle": "General"})
    session.record("proposal", {"text": "Spend 100 on snacks"})
    store._backend.close()  # the kernel dies: no finish(), no close()
    with RoomStore(location) as again:
        [found] = again.unfinished_sessions("consent")
        assert found == session and found.setup == {"circle": "General"}
        assert found.steps == [("proposal", {"text": "Spend 100 on snacks"})]
        assert again.unfinished_sessions("rounds") == []


def test_finished_sessions_are_past_ones_listed_newest_first(store):
    first = store.start_session("rounds", "Morning", {})
    second = store.start_session("circles", "Map", {})
    first.finish()
    first.finish()  # harmless twice
    assert first.finished and store.unfinished_sessions("rounds") == []
    assert store.sessions() == [second, first]
    assert store.sessions("rounds") == [first]
    assert store.session(second.id).title == "Map"
    with pytest.raises(SessionNotFound):
        store.session(999_999)
    with pytest.raises(ActivityStateError, match="finished"):
        first.record("turn", {"who": "Ana"})


def _room_with_answers(store):
    room = store.create_room(f"Workshop {HOSTILE}")
    ana, ben = room.join(HOSTILE), room.join("Ben")
    consent = room.open_activity("consent", f"Adopt {LINK}?")
    room.respond(ana.key, consent, choice="objection", reason=f"See {LINK}")
    room.respond(ben.key, consent, choice="consent", reason='=HYPERLINK("http://x","y")')
    room.reveal(consent)
    secret = room.open_activity("check-in", "Not revealed")
    room.respond(ana.key, secret, words="my private words")
    return room


def test_markdown_export_keeps_hostile_text_literal(store):
    text = _room_with_answers(store).export_markdown()
    assert not re.search(r"(?<!\\)<img", text) and "\\<img src=x onerror=alert(1)>" in text
    assert "[x](" not in text  # an unescaped link would read [x](...)
    assert "\\[x\\](javascript:alert(1))" in text
    assert "- \\<img src=x onerror=alert(1)>: objection: See \\[x\\](javascript:alert(1))" in text
    assert "## 2. Check-in round" in text and "Answers not revealed (1 answered)." in text
    assert "my private words" not in text


def test_csv_export_defuses_formulas_and_leaves_out_unrevealed_answers(store):
    rows = list(csv.DictReader(io.StringIO(_room_with_answers(store).export_csv())))
    assert [(r["name"], r["choice"]) for r in rows] == [(HOSTILE, "objection"), ("Ben", "consent")]
    assert rows[1]["reason"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert all(r["round"] == "1" for r in rows)
