"""The consent decision's session, headless: a whole decision, a crash, a refused save, the
exports, two screens, and the consent round answered on phones.

No ipywidgets here: the session is driven as a view would drive it, and its state read back.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sociocracy.rooms import RoomStore, StoreError
from sociocracy.rooms.store import Session
from sociocracy.sessions import ConsentSession
from sociocracy.sessions.consent import recorded_process
from tests.conftest import stop_every_screen

TAKEN = "This consent decision was taken over by another screen"
TODAY = dt.date(2026, 12, 7)
TWELVE = ["Ana", "Ben", "Chen", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lou"]
OBJECTIONS = {"Dee": "The shed roof leaks; fix it first", "Jo": "Saturdays clash with market"}


@pytest.fixture
def store(tmp_path) -> RoomStore:
    return RoomStore(tmp_path / "rooms.sqlite3")


def _screen(store: RoomStore) -> ConsentSession:
    return ConsentSession(store=store, record=True, today=lambda: TODAY)


def _speak_round(session: ConsentSession, notes: list[str] | None = None) -> None:
    for note in notes or [""] * len(session.state.members):
        assert session.rounds.speak(note) == ""


def _to_consent_round(session: ConsentSession) -> None:
    assert session.advance() == ""
    _speak_round(session)
    assert session.advance() == ""
    _speak_round(session)
    assert session.advance() == ""
    assert session.state.step == "consent-round"


def _refuse_writes(monkeypatch) -> None:
    def refuse(self, step, data=None, **_screen):
        raise StoreError("The workshop record is locked by another program.")

    monkeypatch.setattr(Session, "record", refuse)


def test_a_whole_decision_is_driven_through_the_session_and_kept_step_by_step(store):
    session = _screen(store)
    seen = []
    session.subscribe(seen.append)
    assert session.start("Buy a cargo bike", "Ana, Ben\nChen", circle="Garden") == ""
    assert session.state.step == "present" and session.state.members == ("Ana", "Ben", "Chen")
    assert session.advance() == ""
    assert session.state.round_kind == "clarifying-questions"
    assert session.rounds.state.current == "Ana"  # the spoken round runs in the round session
    assert session.rounds.speak("Which bike?") == ""
    assert session.rounds.pass_turn() == ""
    assert session.rounds.undo()[0] == ""  # a misclick taken back: recorded too
    _speak_round(session, ["", ""])
    told = len(seen)
    assert session.advance() == ""
    _speak_round(session, ["Love it", "Where to park?", "Fine"])
    assert len(seen) > told  # every turn of the embedded round reached this session's views
    assert session.amend("Buy a second-hand cargo bike") == ""
    assert session.advance() == ""
    assert session.respond("consent") == ""
    assert session.respond("objection", "too costly") == ""
    assert session.state.current == "Chen" and session.state.objections_raised
    assert session.respond("consent") == ""
    assert session.advance() == ""
    state = session.state
    assert state.step == "integrate-objections"
    assert [(o.member, o.reason) for o in state.open_objections] == [("Ben", "too costly")]
    assert session.integrate(0, "shorten-term", months=3) == ""
    assert session.advance() == ""
    for _ in range(3):
        assert session.respond("consent") == ""
    assert session.advance() == ""
    assert session.state.review_default == dt.date(2027, 3, 7)  # the end of the 3-month term
    assert session.publish() == ""
    state = session.state
    assert state.step == "published" and state.review_date == dt.date(2027, 3, 7)
    assert store.unfinished_sessions("consent") == []  # the record knows it ended
    recorded = store.sessions("consent")[0]
    assert recorded.title == "Garden: Buy a cargo bike"
    methods = [step for step, _ in recorded.steps]
    assert methods.count("speak") == 6 and methods.count("undo_turn") == 1
    assert recorded_process(recorded).log == session.process.log
    entry = session.logbook()
    for text in ("Which bike?", "Where to park?", "too costly", "shortened the term"):
        assert text in entry


def test_a_refused_step_leaves_the_state_as_it_was_with_the_process_sentence(store):
    session = _screen(store)
    assert "proposal" in session.start("", ["Ana", "Ben"]).lower()
    assert session.state.step == "setup"
    session.start("Plant beans", ["Ana", "Ben"])
    session.advance()
    problem = session.advance()  # the clarifying round is not complete
    assert "not complete" in problem and session.message == problem
    assert session.state.step == "clarifying-questions"
    _speak_round(session)
    session.advance()
    _speak_round(session)
    session.advance()
    assert "needs a reason" in session.respond("objection", "")
    assert session.state.answers == ()
    assert session.state.step == "consent-round"
    problem, turn = session.rounds.undo()  # the quick reactions are over: nothing taken back
    assert problem == 'That round is over: the decision is at the step "Consent round".'
    assert turn is None and len(session.process.rounds[1][1].turns) == 2


def test_a_save_the_record_refuses_is_taken_back(store, monkeypatch):
    session = _screen(store)
    session.start("Buy a cargo bike", ["Ana", "Ben"])
    _refuse_writes(monkeypatch)
    problem = session.advance()
    assert "not saved" in problem and "locked" in problem
    assert session.state.step == "present"
    monkeypatch.undo()
    assert session.advance() == ""
    assert session.rounds.speak("first") == ""
    _refuse_writes(monkeypatch)
    problem = session.rounds.speak("second")  # Ben's turn is refused by the record
    assert "not saved" in problem
    assert [t.who for t in session.process.round.turns] == ["Ana"]
    assert session.rounds.state.current == "Ben"
    monkeypatch.undo()
    assert session.rounds.speak("second") == ""
    steps = store.sessions("consent")[0].steps
    assert [(m, a.get("note")) for m, a in steps] == [("advance", None), ("speak", "first"),
                                                      ("speak", "second")]


def test_after_a_crash_a_new_screen_resumes_every_recorded_step(store):
    first = _screen(store)
    first.start("Buy a cargo bike", ["Ana", "Ben", "Chen"], circle="Garden")
    _to_consent_round(first)
    first.respond("consent")
    first.respond("objection", "too costly")
    stop_every_screen(store)  # the kernel died: no heartbeat since
    again = _screen(store)
    found, past = again.look()
    assert found is not None and not found.live and past
    headline, sentence = found.sentence("consent decision")
    assert headline == "An unfinished consent decision was found."
    assert "It stopped at the step \"Consent round\"." in sentence
    assert again.resume(found.session) == ""
    state = again.state
    assert state.current == "Chen"
    assert [(a.member, a.response) for a in state.answers] == [("Ana", "consent"),
                                                               ("Ben", "objection")]
    assert again.respond("consent") == "" and again.advance() == ""
    assert again.state.step == "integrate-objections"


def test_a_past_decision_exports_its_logbook_entry(store):
    session = _screen(store)
    session.start("Plant <b>beans</b>", ["Ana", "Ben"], circle="Garden")
    _to_consent_round(session)
    session.respond("consent")
    session.respond("consent")
    session.advance()
    session.publish("2027-06-01")
    recorded = store.sessions("consent")[0]
    [(name, mime, text)] = session.files(recorded)
    day = recorded.started_at.astimezone().date().isoformat()
    assert name == f"consent-decision-{day}-{recorded.id}.md" and mime == "text/markdown"
    assert "Review date: 2027-06-01" in text and "Plant \\<b>beans\\</b>" in text
    assert ConsentSession.is_done(recorded)


def test_a_second_screen_takes_over_and_the_first_refuses_with_the_sentence(store):
    a, b = _screen(store), _screen(store)
    a.start("Buy a cargo bike", ["Ana", "Ben", "Chen"])
    a.advance()
    a.rounds.speak("A-note-1")
    found, _ = b.look()
    assert found is not None and found.live
    assert found.sentence("consent decision")[0].startswith(
        "This consent decision is open on another screen (since ")
    assert b.resume(found.session) == ""  # take it over
    assert [t.note for t in b.process.round.turns] == ["A-note-1"]
    told = []
    a.subscribe(told.append)
    assert a.rounds.speak("A-note-2").startswith(TAKEN)  # a turn of the spoken round
    assert [t.note for t in a.process.round.turns] == ["A-note-1"]  # taken back
    assert a.state.taken_over and told and told[-1].taken_over
    assert a.advance().startswith(TAKEN)
    assert b.rounds.speak("B-note-2") == ""
    process = recorded_process(store.sessions("consent")[0])
    assert [t.note for t in process.round.turns] == ["A-note-1", "B-note-2"]


def test_starting_a_new_decision_never_finishes_another_screens_live_one(store):
    a, b = _screen(store), _screen(store)
    a.start("Buy a cargo bike", ["Ana", "Ben"])
    a.advance()
    found, _ = b.look()
    assert found is not None and found.live
    assert b.set_aside(found.session) == ""
    assert b.start("Plant beans", ["Dee", "Eve"]) == ""
    assert a.rounds.speak("still kept") == ""  # the first screen still records its decision
    assert len(store.unfinished_sessions("consent")) == 2
    mine = next(s for s in store.sessions("consent") if s.title == "Buy a cargo bike")
    assert [t.note for t in recorded_process(mine).round.turns] == ["still kept"]


# ---------------------------------------------------------------- the room
def _room_with(store: RoomStore, names: list[str]):
    room = store.create_room("Taste of sociocracy")
    return room, {name: room.join(name) for name in names}


def _answer(room, phones, activity, name: str, reason: str = "") -> None:
    choice = "objection" if reason else "consent"
    room.respond(phones[name].key, activity, choice=choice, reason=reason)


def test_twelve_phones_answer_two_objections_are_integrated_and_the_logbook_names_all(store):
    room, phones = _room_with(store, TWELVE)
    session = _screen(store)
    session.look_for_room()
    assert session.state.room_code == room.code and len(session.state.joined) == 12
    assert session.room_names() == TWELVE  # the decision starts from the room's people
    assert session.start("Open the tool shed on Saturdays", session.room_names(),
                         circle="Garden") == ""
    assert "consent round" in session.ask_phones()  # not yet: the phones answer consent only
    _to_consent_round(session)
    assert session.ask_phones() == ""
    state = session.state
    assert state.phones == "asked" and state.answered == 0
    activity = room.current_activity
    assert activity.kind == "consent" and activity.asked_by == "Consent decision"
    assert activity.prompt == "Open the tool shed on Saturdays"
    for name in TWELVE:
        _answer(room, phones, activity, name, OBJECTIONS.get(name, ""))
        assert session.refresh_room() is True  # each answer counts, seen by the views
    assert session.state.answered == 12 and session.state.answers == ()  # never what
    assert session.reveal_phones() == ""
    state = session.state
    assert state.phones == "revealed" and state.round_complete
    assert [a.member for a in state.answers] == TWELVE
    assert [(o.member, o.reason) for o in state.open_objections] == list(OBJECTIONS.items())
    assert state.phones_note == "12 answers from the phones are in the consent round."
    assert session.advance() == ""
    assert session.integrate("Dee", "amend",
                             text="Open the tool shed on Saturdays once the roof is fixed") == ""
    assert session.integrate("Jo", "shorten-term", months=3) == ""
    assert session.advance() == ""
    assert session.state.consent_round == 2 and session.state.phones == ""
    assert session.ask_phones() == ""  # the second consent round on the phones too
    activity = room.current_activity
    for name in TWELVE:
        _answer(room, phones, activity, name)
    assert session.reveal_phones() == ""
    assert session.advance() == "" and session.publish() == ""
    assert session.state.step == "published" and len(session.state.consented_by) == 12
    entry = session.logbook()
    rounds = entry.split("#### Consent round 1")[1].split("#### Consent round 2")
    for name in TWELVE:
        said = f"objection: {OBJECTIONS[name]}" if name in OBJECTIONS else "consent"
        assert f". {name}: {said}" in rounds[0], name
        assert f". {name}: consent" in rounds[1], name
    for name, reason in OBJECTIONS.items():
        assert f"{name} (consent round 1): {reason}. Integrated:" in entry
    steps = [step for step, _ in store.sessions("consent")[0].steps]
    assert steps.count("phones-asked") == 2 and steps.count("respond") == 24


def test_answers_from_strangers_and_from_members_who_answered_aloud_are_left_out(store):
    room, phones = _room_with(store, ["ana", "Ben", "Zed"])
    session = _screen(store)
    session.start("Plant beans", ["Ana", "Ben", "Chen"])
    _to_consent_round(session)
    assert session.ask_phones() == ""  # the workshop's room is found when asked
    activity = room.current_activity
    _answer(room, phones, activity, "ana", "Too early in the year")
    _answer(room, phones, activity, "Zed")
    session.respond("consent", member="Ben")  # Ben answers aloud before the reveal
    _answer(room, phones, activity, "Ben", "changed my mind")
    assert session.reveal_phones() == ""
    state = session.state
    assert [(a.member, a.response) for a in state.answers] == [("Ben", "consent"),
                                                               ("Ana", "objection")]
    assert state.phones_note == ("1 answer from the phones is in the consent round. "
                                 "Left out, not members of this decision: Zed. "
                                 "Left out, already answered here: Ben. "
                                 "Still to answer aloud: Chen.")
    assert state.current == "Chen"  # Ana answered on her phone, Ben aloud: Chen's turn
    assert session.respond("consent") == "" and state.message == ""
    assert session.state.round_complete


def test_after_a_crash_the_phones_answers_are_still_taken(store):
    room, phones = _room_with(store, ["Ana", "Ben"])
    first = _screen(store)
    first.start("Plant beans", ["Ana", "Ben"])
    _to_consent_round(first)
    first.ask_phones()
    activity = room.current_activity
    _answer(room, phones, activity, "Ana")
    stop_every_screen(store)  # the kernel died while the phones answered
    _answer(room, phones, activity, "Ben", "Slugs")
    again = _screen(store)
    found, _ = again.look()
    assert again.resume(found.session) == ""
    assert again.state.phones == "asked" and again.state.answered == 2
    assert again.reveal_phones() == ""
    assert [(a.member, a.reason) for a in again.state.answers] == [("Ana", None),
                                                                   ("Ben", "Slugs")]


def test_a_reveal_the_record_refuses_can_be_taken_again(store, monkeypatch):
    room, phones = _room_with(store, ["Ana", "Ben"])
    session = _screen(store)
    session.start("Plant beans", ["Ana", "Ben"])
    _to_consent_round(session)
    session.ask_phones()
    for name in ("Ana", "Ben"):
        _answer(room, phones, room.current_activity, name)
    _refuse_writes(monkeypatch)
    problem = session.reveal_phones()
    assert "not saved" in problem and session.state.answers == ()
    monkeypatch.undo()
    assert session.reveal_phones() == ""  # the reveal is kept; the answers come again
    assert [a.member for a in session.state.answers] == ["Ana", "Ben"]


def test_asking_the_phones_needs_a_room_and_a_record(store, monkeypatch):
    session = _screen(store)
    session.start("Plant beans", ["Ana", "Ben"])
    _to_consent_round(session)
    assert "There is no workshop room yet" in session.ask_phones()
    assert session.reveal_phones().startswith("Nothing is open on the phones")
    assert session.create_room("") == "" and session.state.room_title == "Workshop room"
    _refuse_writes(monkeypatch)
    assert "not saved" in session.ask_phones()  # not kept, so not asked
    assert session.room.room.current_activity is None  # closed on the phones again
    assert session.state.phones == ""
    lesson = ConsentSession()  # no record (a lesson): no room either
    lesson.start("Plant beans", ["Ana", "Ben"])
    _to_consent_round(lesson)
    assert "phones cannot take part" in lesson.ask_phones()
