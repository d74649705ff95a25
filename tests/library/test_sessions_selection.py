"""The selection app's session, headless: a whole selection, a crash, a refused save, exports,
and the written nominations from eight phones through the workshop room.

No ipywidgets here: the session is driven as a view would drive it, and its state read back.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sociocracy.rooms import RoomStore, StoreError
from sociocracy.rooms.store import Session
from sociocracy.sessions import SelectionSession
from sociocracy.sessions.selection import recorded_process
from tests.conftest import stop_every_screen

MEMBERS = ["Ana", "Ben", "Chloé", "Dev"]
HOSTILE = "<img src=x onerror=alert(1)>"
PICKS = {"Ana": "Ben", "Ben": "Ben", "Chloé": "Dev", "Dev": "Dev"}


@pytest.fixture
def store(tmp_path) -> RoomStore:
    return RoomStore(tmp_path / "rooms.sqlite3")


def _screen(store: RoomStore | None = None) -> SelectionSession:
    return SelectionSession(store=store, record=store is not None)


def _started(session: SelectionSession, members=MEMBERS) -> None:
    assert session.start("Facilitator", members, description="Runs our meetings",
                         term_months=12, qualifications="calm\nkeeps time") == ""
    assert session.advance() == ""
    assert session.state.step == "nominations"


def _through_the_rounds(session: SelectionSession) -> None:
    for who, whom in PICKS.items():
        assert session.nominate(who, whom, f"{who} trusts {whom}") == ""
    assert session.advance() == ""
    for _ in MEMBERS:
        assert session.read_nomination() == ""
    assert session.advance() == ""
    assert session.state.step == "change-round" and session.state.keeps == "Ben"
    assert session.change() == ""                                  # Ana: no change
    assert session.change() == ""                                  # Ben: no change
    assert session.change("Ben", "Ana's reason moved me") == ""    # Chloé changes
    assert session.change() == ""                                  # Dev
    assert session.advance() == ""


def test_a_whole_selection_through_the_session_is_kept_step_by_step(store):
    session = _screen(store)
    seen = []
    session.subscribe(seen.append)
    _started(session)
    _through_the_rounds(session)
    state = session.state
    assert state.step == "proposal"
    # the rule that sat in the widget: whom the facilitator may propose, after the change round
    assert state.nominated == ("Ben", "Dev")
    assert session.propose("Dev", ["ran the youth group"]) == ""
    assert session.advance() == ""
    assert session.state.current == "Ana" and session.state.candidate == "Dev"
    assert session.respond("consent") == ""
    assert session.respond("objection", f"away in June {HOSTILE}") == ""
    assert session.respond("consent") == ""
    assert session.respond("consent") == ""                        # Dev, last
    assert session.advance() == ""
    assert session.state.open_objections == (("Ben", f"away in June {HOSTILE}"),)
    assert session.state.others == ("Ben",)
    assert session.integrate(0, "shorten-term", months=5) == ""
    assert session.advance() == ""
    for _ in MEMBERS:
        assert session.respond("consent") == ""
    assert session.advance() == ""
    assert session.announce(dt.date(2027, 1, 15)) == ""
    assert session.state.step == "announced"
    assert seen and seen[-1].step == "announced"  # every view was told
    recorded = store.sessions("selection")[0]
    assert recorded.finished and recorded.steps[-1][0] == "announce"
    entry = session.logbook_entry()
    assert "Dev holds the role of Facilitator from 2027-01-15 until 2027-06-15" in entry
    assert recorded_process(recorded).to_markdown() == entry
    assert session.logbook_filename(dt.date(2027, 1, 15)) == \
        "selection-Facilitator-2027-01-15.md"


def test_the_state_is_a_frozen_snapshot():
    session = _screen()
    _started(session)
    state = session.state
    with pytest.raises(AttributeError):
        state.step = "announced"  # type: ignore[misc]
    session.nominate("Ana", "Ben", "calm")
    assert state.handed == () and session.state.handed == ("Ana",)


def test_a_refused_step_leaves_the_state_as_it_was_with_the_rules_sentence(store):
    session = _screen(store)
    _started(session)
    problem = session.nominate("Ana", None, "no idea")
    assert "cannot pass" in problem and session.message == problem
    assert session.advance().startswith("Not every nomination is in yet")
    assert session.state.handed == ()
    assert [step for step, _ in store.sessions("selection")[0].steps] == ["advance"]
    assert "at least two members" in SelectionSession().start("Delegate", ["Ana"])


def test_a_save_the_record_refuses_is_taken_back(store, monkeypatch):
    session = _screen(store)
    _started(session)

    def refuse(self, step, data=None, **_screen):
        raise StoreError("The workshop record is locked by another program.")

    monkeypatch.setattr(Session, "record", refuse)
    problem = session.nominate("Ana", "Ben", "calm")
    assert "not saved" in problem and "locked" in problem
    assert session.state.handed == () and session.process.nominations == {}


def test_after_a_crash_a_new_screen_resumes_every_recorded_step(store):
    first = _screen(store)
    _started(first)
    for who, whom in PICKS.items():
        first.nominate(who, whom, f"{who} trusts {whom}")
    first.advance()
    first.read_nomination("and more")
    before = first.logbook_entry()
    del first                                                       # the kernel dies here
    stop_every_screen(store)
    again = _screen(store)
    found, past = again.look()
    assert found is not None and not found.live and past
    assert "7 steps recorded so far" in found.sentence("selection")[1]
    assert again.resume(found.session) == ""
    assert again.state.step == "nomination-round" and len(again.state.turns) == 1
    assert again.logbook_entry() == before
    assert again.state.current == "Ben" and again.state.slip == "nominates Ben: Ben trusts Ben"
    assert again.read_nomination() == ""
    assert store.sessions("selection")[0].steps[-1][0] == "read_nomination"


def test_a_past_selection_gives_its_logbook_entry_and_a_finished_one_is_not_offered(store):
    session = _screen(store)
    _started(session)
    recorded = store.sessions("selection")[0]
    [(name, mime, text)] = session.files(recorded)
    assert name.startswith("selection-Facilitator-") and name.endswith(f"-{recorded.id}.md")
    assert mime == "text/markdown" and "## Selection: Facilitator" in text
    assert not SelectionSession.is_done(recorded)


# --------------------------------------------------------------------- the phones

EIGHT = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fay", "Gus", "Hana"]


def _room_with(store: RoomStore, names: list[str]):
    room = store.create_room("Garden co-op")
    return room, {name: room.join(name) for name in names}


def test_eight_phones_write_the_slips_and_the_reveal_takes_them_into_the_selection(store):
    room, phones = _room_with(store, EIGHT)
    session = _screen(store)
    _started(session, EIGHT)
    seen = []
    session.subscribe(seen.append)
    assert session.ask_phones() == ""
    asked = room.current_activity
    assert asked.kind == "nomination" and asked.asked_by == "Selection"
    assert "Facilitator" in asked.prompt
    assert session.state.phones.answered == 0 and len(session.state.phones.joined) == 8
    for number, name in enumerate(EIGHT):
        whom = EIGHT[(number + 1) % 8].lower()  # a nominee typed in small letters still counts
        room.respond(phones[name].key, asked, nominee=f" {whom} ", reason=f"{name}'s reason")
    assert session.refresh_room() is True and session.state.phones.answered == 8
    assert session.refresh_room() is False  # nothing new: the views are not told again
    assert session.state.handed == ()  # how many, never what, before the reveal
    assert session.reveal_phones() == ""
    state = session.state
    assert state.handed == tuple(EIGHT) and state.slips_to_fix == ()
    assert state.phones.revealed and room.activity(asked).revealed
    assert session.process.nominations["Hana"].nominee == "Ana"
    assert session.process.nominations["Ana"].reason == "Ana's reason"
    steps = [step for step, _ in store.sessions("selection")[0].steps]
    assert steps == ["advance", "phones-asked"] + ["nominate"] * 8
    # the selection goes on, as with paper slips
    assert session.advance() == "" and session.state.step == "nomination-round"
    for _ in EIGHT:
        assert session.read_nomination() == ""
    assert session.advance() == "" and session.state.step == "change-round"


def test_a_slip_that_cannot_count_is_kept_for_the_facilitator_with_one_sentence(store):
    room, phones = _room_with(store, ["Ana", "Ben", "Zed"])
    session = _screen(store)
    _started(session, ["Ana", "Ben", "Chloé"])
    session.ask_phones()
    asked = room.current_activity
    room.respond(phones["Ana"].key, asked, nominee="Bobby", reason=f"kind {HOSTILE}")
    room.respond(phones["Ben"].key, asked, nominee="Ana", reason="fair")
    room.respond(phones["Zed"].key, asked, nominee="Ben", reason="a guest's view")
    problem = session.reveal_phones()
    fix = session.state.slips_to_fix
    assert [(s.name, s.member, s.nominee) for s in fix] == [("Ana", "Ana", "Bobby"),
                                                            ("Zed", None, "Ben")]
    assert fix[0].problem == ("Ana nominated Bobby, who is not a member of this circle: "
                              "choose whom Ana meant and record the slip.")
    assert fix[1].problem.startswith("The slip from Zed is not counted: Zed is not a member")
    assert problem == f"{fix[0].problem} {fix[1].problem}"
    assert session.state.handed == ("Ben",)  # the good slip is in
    # the facilitator records Ana's slip with the nominee she meant, and sets Zed's aside
    assert session.nominate("Ana", "Ben", fix[0].reason, slip=0) == ""
    assert [s.name for s in session.state.slips_to_fix] == ["Zed"]
    assert session.drop_slip(0) == "" and session.state.slips_to_fix == ()
    assert session.process.nominations["Ana"].reason == f"kind {HOSTILE}"


def test_after_a_crash_the_question_on_the_phones_is_counted_and_taken_again(store):
    room, phones = _room_with(store, ["Ana", "Ben", "Chloé"])
    first = _screen(store)
    _started(first, ["Ana", "Ben", "Chloé"])
    first.ask_phones()
    asked = room.current_activity
    room.respond(phones["Ana"].key, asked, nominee="Ben", reason="steady")
    stop_every_screen(store)                                        # the kernel dies here
    again = _screen(store)
    found, _ = again.look()
    assert again.resume(found.session) == ""
    assert again.state.phones.answered == 1 and again.state.phones.open
    room.respond(phones["Ben"].key, asked, nominee="Ben", reason="I can")
    room.respond(phones["Chloé"].key, asked, nominee="Ana", reason="warm")
    assert again.refresh_room() and again.state.phones.answered == 3
    room.reveal(asked)  # "Reveal": kept in the room's record; the kernel dies before the slips
    stop_every_screen(store)
    third = _screen(store)
    found, _ = third.look()
    assert third.resume(found.session) == ""
    assert third.state.handed == ("Ana", "Ben", "Chloé")  # the revealed answers, taken
    assert third.process.nominations["Chloé"].reason == "warm"
    stop_every_screen(store)
    fourth = _screen(store)
    found, _ = fourth.look()
    assert fourth.resume(found.session) == ""
    steps = [step for step, _ in store.sessions("selection")[0].steps]
    assert steps.count("nominate") == 3  # never taken twice
    assert fourth.state.handed == ("Ana", "Ben", "Chloé") and fourth.state.phones.revealed


def test_phones_are_asked_only_at_the_nominations_step_and_only_with_a_room(store, tmp_path):
    session = _screen(store)
    session.start("Delegate", ["Ana", "Ben"])
    assert "at the step \"Nominations\"" in session.ask_phones()
    session.advance()
    assert "no workshop room yet" in session.ask_phones()
    assert "ask them first" in session.reveal_phones()
    without = _screen()
    _started(without)
    assert "sociocracy-course workshop" in without.ask_phones()


def test_asking_is_kept_in_the_record_before_the_phones_see_it(store, monkeypatch):
    room, _ = _room_with(store, ["Ana"])
    session = _screen(store)
    _started(session)

    def refuse(self, step, data=None, **_screen):
        raise StoreError("The workshop record is locked by another program.")

    monkeypatch.setattr(Session, "record", refuse)
    assert "not saved" in session.ask_phones()
    assert room.current_activity is None  # closed again: no phone answers in vain
    assert session.state.phones is None



def test_a_screen_that_was_taken_over_refuses_with_the_sentence_and_loses_nothing(store):
    a, b = _screen(store), _screen(store)
    _started(a)
    a.nominate("Ana", "Ben", "A's slip")
    found, _ = b.look()
    assert found is not None and found.live
    assert b.resume(found.session) == ""  # take it over
    assert b.state.handed == ("Ana",)
    assert a.beat() is False and a.state.taken_over
    assert a.nominate("Ben", "Ben", "too late").startswith(
        "This selection was taken over by another screen")
    assert a.ask_phones().startswith("This selection was taken over")
    assert b.nominate("Ben", "Ben", "B's slip") == ""
    assert recorded_process(store.sessions("selection")[0]).nominations.keys() == {"Ana", "Ben"}


def test_slips_typed_by_hand_close_the_question_still_open_on_the_phones(store):
    room, phones = _room_with(store, ["Ana"])
    session = _screen(store)
    _started(session, ["Ana", "Ben"])
    session.ask_phones()
    asked = room.current_activity
    room.respond(phones["Ana"].key, asked, nominee="Ben", reason="written, never revealed")
    session.nominate("Ana", "Ben", "typed")
    session.nominate("Ben", "Ana", "typed")
    assert session.advance() == "" and session.state.step == "nomination-round"
    assert room.activity(asked).closed and not room.activity(asked).revealed
    assert session.process.nominations["Ana"].reason == "typed"
