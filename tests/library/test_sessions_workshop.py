"""The Workshop room's session, headless: rooms, phones answering through the rooms API, the
reveal into a spoken round kept turn by turn, two screens on one room, a crash, the exports.

No ipywidgets here: the session is driven as its view would drive it, and its state read back.
"""

from __future__ import annotations

import pytest

from sociocracy.rooms import RoomStore
from sociocracy.sessions import WorkshopSession
from sociocracy.sessions.workshop import APP
from tests.conftest import stop_every_screen
from tests.old_records import join_as_before

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def store(tmp_path) -> RoomStore:
    with RoomStore(tmp_path / "rooms.sqlite3") as opened:
        yield opened


class Clock:
    """A screen's clock that the test moves on (heartbeats are due every few seconds)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _room_with_answers(session: WorkshopSession, answers: dict[str, str], kind="check-in",
                       prompt="How are you arriving?"):
    assert session.create_room("Taste of sociocracy") == ""
    room = session.state.room
    keys = {name: room.join(name).key for name in answers}
    assert session.ask(kind, prompt) == ""
    activity = session.state.activity
    for name, words in answers.items():
        room.respond(keys[name], activity, words=words)
    return room, keys


def test_a_room_is_created_listed_and_reopened(store):
    session = WorkshopSession(store)
    seen = []
    session.subscribe(seen.append)
    assert session.create_room("  Garden co-op  ") == ""
    state = session.state
    room = state.room
    assert room.title == "Garden co-op" and state.rooms[0][1] == room.code
    assert state.notice == ("Ready.", f"Room {room.code} is open: people can join now.")
    assert seen and seen[-1].room == room  # the view was told
    assert session.leave_room() == "" and session.state.room is None
    again = WorkshopSession(store)
    assert [code for _label, code in again.state.rooms] == [room.code]
    assert again.open_room(room.code.lower()) == "" and again.state.room == room
    assert again.open_room("") == "Choose a room first, or create one."
    assert "no room with the code ZZZZZ" in again.open_room("ZZZZZ")


def test_phones_join_and_answer_the_session_counts_never_reads_then_reveals(store):
    session = WorkshopSession(store)
    session.create_room("Room")
    room = session.state.room
    ana, bea = room.join("Ana"), room.join("Bea")
    assert session.reveal() == "Open an activity first."
    session.ask("consent", "Buy a kettle")
    activity = session.state.activity
    assert activity.kind == "consent" and activity.asked_by == ""  # the room's own question
    room.respond(ana.key, activity, choice="objection", reason="Secret reason")
    assert session.refresh() == ""
    state = session.state
    assert state.joined == ("Ana", "Bea") and state.answered == 1 and state.can_reveal
    assert state.answers == () and "Secret reason" not in repr(state)  # how many, never what
    room.respond(bea.key, activity, choice="consent", reason="")
    session.refresh()
    assert session.state.answered == 2
    assert session.reveal() == ""
    state = session.state
    assert state.revealed and not state.can_reveal
    assert state.answers == (("Ana", "Objection: Secret reason"), ("Bea", "Consent"))
    spoken = state.spoken
    assert spoken.step == "run" and spoken.kind == "consent" and spoken.current == "Ana"
    assert spoken.note == "Objection: Secret reason"  # the written answer, offered as the note
    assert spoken.prompt == "Buy a kettle" and not spoken.can_pass


def test_names_the_round_would_take_for_one_person_still_reveal(store):
    session = WorkshopSession(store)
    session.create_room("Room")
    room = session.state.room
    # A record from before the names rule: the room took "Ana" and "ana" as two people.
    people = [join_as_before(room, name) for name in ("Ana", HOSTILE, "ana")]
    session.ask("check-in", "")
    for person in people:
        room.respond(person.key, session.state.activity, words=f"I am {person.name}")
    assert session.reveal() == ""
    assert session.state.spoken.participants == ("Ana", HOSTILE, "ana (2)")


def test_every_turn_is_kept_before_it_counts_and_the_ended_round_is_finished(store):
    session = WorkshopSession(store)
    _room_with_answers(session, {"Ana": "Curious", "Bea": "Tired"})
    session.reveal()
    recorded = store.unfinished_sessions(APP)[0]
    assert recorded.setup["activity"] == session.state.activity.id
    assert session.spoken.speak("Curious, said") == ""
    assert recorded.steps[-1][1]["round"]["turns"][0]["note"] == "Curious, said"
    assert session.spoken.undo()[0] == ""
    assert recorded.steps[-1][1]["round"]["turns"] == []
    session.spoken.speak("Curious")
    session.spoken.speak(session.state.spoken.note)
    assert session.state.spoken.step == "end"
    assert [t.note for t in session.state.spoken.turns] == ["Curious", "Tired"]
    assert store.unfinished_sessions(APP) == []  # the finished round is closed


def test_a_turn_the_record_refuses_is_taken_back_with_the_sentence(store):
    session = WorkshopSession(store)
    _room_with_answers(session, {"Ana": "Here"})
    session.reveal()
    store.unfinished_sessions(APP)[0].finish()  # the record now refuses more steps
    problem = session.spoken.speak("Here")
    assert "is finished" in problem and "not saved" in problem
    assert session.state.spoken.turns == () and session.state.spoken.current == "Ana"


def test_after_a_crash_reopening_the_room_resumes_the_spoken_round(store):
    first = WorkshopSession(store)
    room, _keys = _room_with_answers(first, {"Ana": "Pace", "Bea": "Rounds", "Cy": "Snacks"},
                                     kind="evaluation", prompt="What worked?")
    first.reveal()
    first.spoken.speak("Pace")
    first.spoken.speak("Rounds, said twice")
    stop_every_screen(store)  # the kernel died here: no heartbeat since
    again = WorkshopSession(store)
    assert again.open_room(room.code) == ""
    state = again.state
    assert state.notice == ("Resumed.", "Resumed the spoken round where it stopped: 2 turns "
                            "already done.")
    assert [t.note for t in state.spoken.turns] == ["Pace", "Rounds, said twice"]
    assert state.spoken.current == "Cy" and state.spoken.note == "Snacks"
    assert state.spoken.prompt == "What worked?" and state.revealed
    assert again.spoken.speak("Snacks") == ""
    assert store.unfinished_sessions(APP) == []


def test_a_second_screen_on_the_room_does_not_overwrite_the_first(store):
    clock = Clock()
    first = WorkshopSession(store, clock=clock)
    room, _keys = _room_with_answers(first, {"Ana": "A", "Ben": "B", "Cy": "C"})
    first.reveal()
    first.spoken.speak("A-note")
    second = WorkshopSession(store, clock=clock)  # a second tab: the round is live on the first
    assert second.open_room(room.code) == ""
    state = second.state
    assert state.elsewhere is not None and state.elsewhere.live
    assert state.notice[0].startswith("This spoken round is open on another screen")
    assert not state.has_round  # not resumed behind the first screen's back
    assert first.spoken.speak("B-note") == ""  # the first screen goes on
    assert second.take_over() == ""
    assert [t.note for t in second.state.spoken.turns] == ["A-note", "B-note"]
    problem = first.spoken.speak("C from the stale tab")
    assert problem.startswith("This spoken round was taken over by another screen")
    assert [t.note for t in first.state.spoken.turns] == ["A-note", "B-note"]
    clock.now += 10  # the first screen's next heartbeat says so to its view
    assert first.refresh() != "" and first.state.taken_over
    assert second.spoken.speak("C") == ""
    steps = store.sessions(APP)[0].steps
    assert [t["note"] for t in steps[-1][1]["round"]["turns"]] == ["A-note", "B-note", "C"]


def test_reopening_a_room_whose_round_ended_shows_the_answers_not_a_round(store):
    first = WorkshopSession(store)
    room, _keys = _room_with_answers(first, {"Ana": "Fine"})
    first.reveal()
    first.spoken.speak("Fine")
    again = WorkshopSession(store)
    again.open_room(room.code)
    assert again.state.answers == (("Ana", "Fine"),) and not again.state.has_round
    assert again.state.notice[0] == "Ready."


def test_a_new_question_leaves_the_last_round_and_nobody_answering_means_no_round(store):
    session = WorkshopSession(store)
    _room_with_answers(session, {"Ana": "One"})
    session.reveal()
    assert session.ask("evaluation", "What worked?") == ""
    assert not session.state.has_round and session.state.answers == ()
    assert store.unfinished_sessions(APP) == []  # the unfinished round is not offered later
    assert session.reveal() == ""
    assert session.state.notice == ("Revealed.", "Nobody answered, so there is no round to "
                                    "speak.")
    assert not session.state.has_round


def test_the_rooms_record_and_the_spoken_rounds_record_export(store):
    session = WorkshopSession(store)
    _room_with_answers(session, {HOSTILE: "=1+1 fine", "Bea": "Calm"})
    session.reveal()
    session.spoken.speak("said fine")
    session.spoken.speak("Calm")
    files = dict((name, text) for name, _mime, text in session.room_files())
    code = session.state.room.code
    assert set(files) == {f"room-{code}.md", f"room-{code}.csv"}
    assert "=1+1 fine" in files[f"room-{code}.md"] and "Calm" in files[f"room-{code}.csv"]
    recorded = session.past()[0]
    exported = {name: text for name, _mime, text in session.files(recorded)}
    minutes = next(text for name, text in exported.items() if name.endswith("-minutes.md"))
    table = next(text for name, text in exported.items() if name.endswith("-turns.csv"))
    assert "said fine" in minutes and "Calm" in table
    assert "said fine" in session.round_minutes()


def test_a_record_that_cannot_be_opened_is_one_sentence(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(folder))
    session = WorkshopSession()
    assert session.state.problem and "\n" not in session.state.problem
    assert "cannot be used" in session.create_room("Room")
