"""The meeting app's session, headless: a whole meeting, a crash, a refused save, the minutes, and
a check-in written on phones first (issue 20).

No ipywidgets here: the session is driven as a view would drive it, and its state read back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.meetings import load_agenda
from sociocracy.rooms import RoomStore, StoreError
from sociocracy.rooms.store import Session
from sociocracy.sessions import MeetingSession
from tests.conftest import stop_every_screen

ROOT = Path(__file__).resolve().parents[2]
AGENDA = load_agenda(ROOT / "examples" / "agendas" / "garden_march.yaml")
PEOPLE = ["Ana", "Ben", "Chen", "Dee"]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path) -> RoomStore:
    return RoomStore(tmp_path / "rooms.sqlite3")


def _screen(store: RoomStore, clock: FakeClock | None = None) -> MeetingSession:
    return MeetingSession(store=store, record=True, clock=clock or FakeClock())


def _speak_round(session: MeetingSession, prefix: str) -> list[str]:
    notes = []
    while session.rounds.state.current is not None:
        note = f"{prefix} {session.rounds.state.current}"
        assert session.rounds.speak(note, 10.0) == ""
        notes.append(note)
    return notes


def _decide(session: MeetingSession) -> None:
    """The consent decision, step by step on the run's process (as the consent view does)."""
    process = session.decision
    assert process is not None
    process.advance()
    for _ in PEOPLE:
        process.round.speak("no question")
    process.advance()
    for _ in PEOPLE:
        process.round.speak("fine")
    process.advance()
    for name in PEOPLE:
        process.respond(name, "consent")
    process.advance()
    process.publish(review_date="2028-03-04", decided_on="2027-03-04")


def test_a_whole_meeting_is_driven_through_the_session_and_kept_part_by_part(store):
    clock = FakeClock()
    session = _screen(store, clock)
    seen = []
    session.subscribe(seen.append)
    assert session.state.step == "setup"
    assert session.start(AGENDA, PEOPLE) == ""
    assert session.state.step == "run" and session.state.part.key == "check-in"
    kept: list[str] = []
    while session.state.step == "run":
        state = session.state
        if state.part.key in ("check-in", "evaluation"):
            assert session.start_round() == ""
            assert session.state.activity == "round" and not session.state.can_round
            kept += _speak_round(session, state.part.title)
            assert session.state.round_complete
        if state.part.kind == "decision":
            assert state.can_consent
            assert session.start_consent(notes="Ben brought samples") == ""
            assert session.state.activity == "consent" and not session.state.can_consent
            assert session.state.notes == "Ben brought samples"  # kept before it started
            _decide(session)
            assert session.follow()  # the decision moved on in its own view: views are told
            assert not session.follow()  # nothing new since
        else:
            assert not state.can_consent
            assert "consent decision is held during" in session.start_consent()
        if state.part.key == "backlog":
            assert session.add_backlog("Tool shed") == ""
        clock.now += 120
        assert session.next_part(notes=f"note for {state.part.title}") == ""
    assert session.state.step == "end" and session.run.finished
    [recorded] = store.sessions("meeting")
    steps = [step for step, _ in recorded.steps]  # each part, and each turn of its rounds
    assert steps.count("part-done") == 8 and steps.count("round") == 8 and recorded.finished
    minutes = session.minutes_markdown()
    for note in [*kept, "note for Administration", "Tool shed",
                 "Consent in consent round 1 from: Ana, Ben, Chen, Dee"]:
        assert note in minutes, note
    [(name, mime, text)] = MeetingSession.export(recorded)
    assert name.endswith("-minutes.md") and mime == "text/markdown"
    assert "Consent in consent round 1" in text and "check-in round" in text.lower()
    assert len(seen) > 20 and seen[-1].step == "end"  # every view followed every move


def test_a_round_must_be_complete_before_the_next_part_and_the_refusal_changes_nothing(store):
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    session.start_round()
    problem = session.next_part()
    assert "not complete" in problem and "Ana" in problem
    assert session.state.index == 0 and session.state.message == problem
    assert store.sessions("meeting")[0].steps == []


def test_after_a_crash_the_meeting_resumes_at_the_part_it_stopped(store):
    clock = FakeClock()
    first = _screen(store, clock)
    first.start(AGENDA, PEOPLE)
    first.start_round()
    _speak_round(first, "arriving")
    first.next_part()
    first.next_part(notes="Ben keeps the minutes")
    stop_every_screen(store)  # the kernel dies here
    again = _screen(RoomStore(store.location.path), clock)
    found, past = again.look()
    assert found is not None and not found.live and past == [found.session]
    assert found.what == "2 parts done; it stopped at: Consent to the agenda."
    assert again.resume(found.session) == ""
    state = again.state
    assert state.part.key == "agenda-consent"
    assert [p.status for p in state.parts[:3]] == ["done", "done", "now"]
    minutes = again.minutes_markdown()
    assert "Ben keeps the minutes" in minutes and "1. Ana: arriving Ana" in minutes
    assert again.next_part() == ""
    assert [s for s, _ in RoomStore(store.location.path).sessions("meeting")[0].steps] == [
        "round"] * 4 + ["part-done"] * 3


def test_a_part_the_record_refuses_stays_in_progress_with_the_sentence(store, monkeypatch):
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    session.start_round()
    _speak_round(session, "here")

    def refuse(self, step, data=None, **_screen):
        raise StoreError("The workshop record at X is locked by another program; nothing "
                         "was changed.")

    monkeypatch.setattr(Session, "record", refuse)
    problem = session.next_part(notes="Everyone arrived")
    assert "not saved" in problem and "locked" in problem
    assert session.state.part.key == "check-in" and session.run.records[0].ended_at is None
    monkeypatch.undo()
    assert session.next_part() == ""
    assert session.state.part.key == "admin"


def test_a_second_screen_takes_the_meeting_over_and_the_first_refuses(store):
    first = _screen(store)
    first.start(AGENDA, PEOPLE)
    second = _screen(RoomStore(store.location.path))
    found, _ = second.look()
    assert found is not None and found.live  # open on the first screen: take over, not resume
    assert second.resume(found.session) == ""
    problem = first.next_part()
    assert problem.startswith("This meeting was taken over by another screen")
    assert first.state.taken_over
    assert second.next_part() == ""


# ------------------------------------------------------------------ the phones
def _room_with(store: RoomStore, names: list[str]):
    room = store.create_room("Garden meeting")
    return room, [room.join(name) for name in names]


def test_the_check_in_written_on_phones_becomes_each_persons_note(store):
    room, phones = _room_with(store, ["ana", "Ben", "Chen", "Eve"])  # "ana" is Ana; Eve is new
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    assert session.state.can_ask_phones
    assert session.ask_phones() == ""
    activity = room.current_activity
    assert activity.kind == "check-in" and activity.asked_by == "Meeting"
    assert activity.prompt == "How are you arriving at this meeting?"
    assert session.state.phones.asked and session.state.phones.answered == 0
    words = {"ana": "Glad to be here <b>", "Ben": "Tired", "Eve": "First time"}
    for phone in phones:
        if phone.name in words:
            room.respond(phone.key, activity.id, words=words[phone.name])
    assert session.refresh_phones()
    phones_state = session.state.phones
    assert (phones_state.answered, phones_state.joined, phones_state.open) == (3, 4, True)
    assert not session.refresh_phones()  # nothing new: the views are not told again
    assert session.reveal() == ""
    assert room.activity(activity.id).revealed
    state = session.state
    assert state.activity == "round" and state.phones.revealed and not state.can_ask_phones
    rnd = session.rounds.round
    assert list(rnd.participants) == ["Ana", "Ben", "Chen", "Dee", "Eve"]
    assert rnd.prompt == "How are you arriving at this meeting?"
    spoken = {}
    while session.rounds.state.current is not None:
        now = session.rounds.state
        spoken[now.current] = now.note
        session.rounds.speak(now.note)
    assert spoken == {"Ana": "Glad to be here <b>", "Ben": "Tired", "Chen": "", "Dee": "",
                      "Eve": "First time"}
    assert session.next_part() == ""
    minutes = session.minutes_markdown()
    assert "Ana: Glad to be here \\<b>" in minutes and "Eve: First time" in minutes


def test_phones_answer_the_check_in_and_evaluation_only(store):
    _room_with(store, ["Ana"])
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    session.start_round()
    assert not session.state.can_ask_phones
    assert "Finish the round" in session.ask_phones()
    _speak_round(session, "x")
    session.next_part()
    assert "check-in and the evaluation" in session.ask_phones()
    assert "ask them first" in session.reveal()


def test_a_reveal_refused_while_a_spoken_round_runs_keeps_the_answers_private(store):
    room, phones = _room_with(store, ["Ana"])
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    session.ask_phones()
    room.respond(phones[0].key, room.current_activity.id, words="private for now")
    session.start_round()  # the facilitator started the spoken round without the phones
    assert "Finish the round" in session.reveal()
    assert not room.current_activity.revealed  # the phones did not see the answers go public
    assert session.rounds.state.note == ""


def test_without_a_room_asking_the_phones_says_how_to_make_one(store):
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    assert "There is no workshop room yet" in session.ask_phones()
    assert not session.state.phones.asked


def test_phones_asked_before_a_crash_are_followed_again_after_resuming(store):
    room, phones = _room_with(store, ["Ana", "Ben"])
    first = _screen(store)
    first.start(AGENDA, PEOPLE)
    first.ask_phones()
    activity = room.current_activity
    room.respond(phones[0].key, activity.id, words="Received before the crash")
    stop_every_screen(store)  # the kernel dies while the phones answer
    again = _screen(RoomStore(store.location.path))
    found, _ = again.look()
    assert again.resume(found.session) == ""
    assert again.state.phones.asked and again.state.phones.answered == 1
    room.respond(phones[1].key, activity.id, words="After")
    again.refresh_phones()
    assert again.state.phones.answered == 2
    assert again.reveal() == ""
    assert again.rounds.state.note == "Received before the crash"


def test_a_crash_in_the_middle_of_the_phones_round_loses_no_turn_and_no_written_word(store):
    room, phones = _room_with(store, ["Ana", "Ben", "Chen"])
    first = _screen(store)
    first.start(AGENDA, PEOPLE)
    first.ask_phones()
    activity = room.current_activity
    for phone, words in zip(phones, ["one", "two", "three"], strict=True):
        room.respond(phone.key, activity.id, words=words)
    first.reveal()
    first.rounds.speak(first.rounds.state.note)  # Ana
    first.rounds.pass_turn()  # Ben passes
    stop_every_screen(store)  # the kernel dies in the middle of the spoken round
    again = _screen(RoomStore(store.location.path))
    found, _ = again.look()
    assert again.resume(found.session) == ""
    state = again.state
    assert state.activity == "round" and not state.can_round and not state.can_ask_phones
    rounds = again.rounds.state
    assert [t.who for t in rounds.turns] == ["Ana", "Ben"] and rounds.current == "Chen"
    assert rounds.note == "three"  # Chen's written words come back with the round
    assert again.rounds.speak(rounds.note) == ""
    again.rounds.speak("")  # Dee
    assert again.next_part() == ""
    assert "3. Chen: three" in again.minutes_markdown()


def test_a_turn_the_record_refuses_is_taken_back(store, monkeypatch):
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    session.start_round()
    session.rounds.speak("here")

    def refuse(self, step, data=None, **_screen):
        raise StoreError("The workshop record at X is locked by another program; nothing "
                         "was changed.")

    monkeypatch.setattr(Session, "record", refuse)
    problem = session.rounds.speak("lost?")
    assert "not saved" in problem
    assert session.rounds.state.current == "Ben" and len(session.run.record.rounds[0].turns) == 1


def test_a_decision_item_is_a_consent_session_the_meeting_calls_and_hears(store):
    session = _screen(store)
    session.start(AGENDA, PEOPLE)
    while session.state.part.kind != "decision":
        if session.state.part.key in ("check-in", "evaluation"):
            session.start_round()
            _speak_round(session, "x")
        session.next_part()
    told = []
    session.subscribe(told.append)
    assert session.start_consent() == ""
    assert session.consent.process is session.decision  # started by calling the session
    before = len(told)
    assert session.consent.advance() == ""  # a step of the decision, through its own session
    assert len(told) > before and told[-1].activity == "consent"  # the meeting heard it
    assert not session.follow()  # nothing left to find by polling


def test_a_meetings_round_is_reseated_before_its_first_turn_and_a_crash_keeps_the_seating(store):
    """Issue 25: a meeting's round may be seated as the room sits (as the round app's), before
    anyone spoke; the record keeps the new order, so a resumed round goes on in it."""
    clock = FakeClock()
    first = _screen(store, clock)
    first.start(AGENDA, PEOPLE)
    first.start_round()
    assert first.rounds.state.can_reseat
    assert first.rounds.start_with("Chen") == ""
    assert first.rounds.move("Ana", 4) == ""
    assert first.rounds.state.participants == ("Chen", "Dee", "Ben", "Ana")
    assert first.rounds.speak("first", 5.0) == ""
    assert not first.rounds.state.can_reseat  # fixed once someone spoke
    assert "cannot" in first.rounds.move("Ana", 1) or first.rounds.message
    stop_every_screen(store)  # the kernel dies here
    again = _screen(RoomStore(store.location.path), clock)
    found, _past = again.look()
    assert found is not None and again.resume(found.session) == ""
    assert again.rounds.state.participants == ("Chen", "Dee", "Ben", "Ana")
    assert again.rounds.state.current == "Dee"
    _speak_round(again, "then")
    assert again.next_part() == ""
    minutes = again.minutes_markdown()
    assert minutes.index("Chen: first") < minutes.index("Dee: then Dee") \
        < minutes.index("Ana: then Ana")
