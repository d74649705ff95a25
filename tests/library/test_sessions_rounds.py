"""The round facilitator's session, headless: a whole round, a crash, a refused save, two screens.

No ipywidgets here: the session is driven as a view would drive it, and its state read back.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sociocracy.rooms import RoomStore, StoreError
from sociocracy.rooms.store import Session
from sociocracy.sessions import STALE_AFTER, RoundSession
from sociocracy.sessions.room_link import speaker_names
from tests.conftest import stop_every_screen

TAKEN = "This round was taken over by another screen"


@pytest.fixture
def store(tmp_path) -> RoomStore:
    return RoomStore(tmp_path / "rooms.sqlite3")


def _screen(store: RoomStore) -> RoundSession:
    return RoundSession(store=store, record=True)


def test_a_whole_round_is_driven_through_the_session_and_kept_turn_by_turn(store):
    session = _screen(store)
    seen = []
    session.subscribe(seen.append)
    assert session.start("check-in", ["Ana", "Ben", "Chen"], prompt="Arriving?") == ""
    assert session.state.step == "run" and session.state.current == "Ana"
    assert session.speak("glad", 4.0) == ""
    assert session.pass_turn(1.0) == ""  # a check-in allows passing
    assert session.speak("tired", 3.0) == ""
    state = session.state
    assert state.step == "end" and [t.who for t in state.turns] == ["Ana", "Ben", "Chen"]
    assert [s.current for s in seen] == ["Ana", "Ben", "Chen", None]  # every view was told
    recorded = store.sessions("rounds")[0]
    assert [step for step, _ in recorded.steps] == ["turn", "turn", "turn"]
    minutes = session.minutes_markdown()
    assert "glad" in minutes and "tired" in minutes
    assert "Ana,glad" in session.turns_csv().replace('"', "")


def test_a_refused_turn_leaves_the_round_as_it_was_with_the_rules_sentence(store):
    session = _screen(store)
    session.start("consent", ["Ana", "Ben"])
    problem = session.pass_turn()
    assert problem and "pass" in problem.lower()
    assert session.state.turns == () and session.state.current == "Ana"
    assert session.message == problem


def test_a_save_the_record_refuses_is_taken_back(store, monkeypatch):
    session = _screen(store)
    session.start("check-in", ["Ana", "Ben"])

    def refuse(self, step, data=None, **_screen):
        raise StoreError("The workshop record is locked by another program.")

    monkeypatch.setattr(Session, "record", refuse)
    problem = session.speak("kept?")
    assert "not saved" in problem and "locked" in problem
    assert session.state.turns == () and session.state.current == "Ana"


def test_after_a_crash_a_new_screen_resumes_every_recorded_turn(store):
    first = _screen(store)
    first.start("check-in", ["Ana", "Ben", "Chen"])
    first.speak("one")
    first.speak("two")
    stop_every_screen(store)  # the kernel died: no heartbeat since
    again = _screen(store)
    found, past = again.look()
    assert found is not None and not found.live and past
    headline, sentence = found.sentence("round")
    assert headline == "An unfinished round was found."
    assert "2 of 3 turns were taken; next: Chen." in sentence
    assert again.resume(found.session) == ""
    assert [t.note for t in again.state.turns] == ["one", "two"]
    assert again.speak("three") == "" and again.state.step == "end"


def test_a_second_screen_is_offered_to_take_over_and_the_first_then_refuses(store):
    a, b = _screen(store), _screen(store)
    a.start("check-in", ["Ana", "Ben", "Chen"])
    a.speak("A-note-1")
    found, _past = b.look()
    assert found is not None and found.live
    headline, _ = found.sentence("round")
    assert headline.startswith("This round is open on another screen (since ")
    assert "last active just now" in headline or "second" in headline
    assert b.resume(found.session) == ""  # take it over
    assert [t.note for t in b.state.turns] == ["A-note-1"]
    told = []
    a.subscribe(told.append)
    assert a.beat() is False and a.taken_over and told and told[-1].taken_over
    problem = a.speak("A-note-2")
    assert problem.startswith(TAKEN)
    assert b.speak("B-note-2") == ""
    steps = store.sessions("rounds")[0].steps
    notes = [t["note"] for t in steps[-1][1]["round"]["turns"]]
    assert notes == ["A-note-1", "B-note-2"]  # nothing either screen showed as done is lost


def test_starting_a_new_round_never_finishes_another_screens_live_round(store):
    a, b = _screen(store), _screen(store)
    a.start("check-in", ["Ana", "Ben", "Chen"])
    a.speak("first")
    found, _ = b.look()
    assert found is not None and found.live
    assert b.set_aside(found.session) == ""
    assert b.start("check-in", ["Dee", "Eve"]) == ""
    assert a.speak("second") == ""  # the first screen still records its own round
    assert len(store.unfinished_sessions("rounds")) == 2
    assert [t.note for t in a.state.turns] == ["first", "second"]


def test_a_screen_silent_for_longer_than_the_limit_is_offered_for_resuming(store):
    a = _screen(store)
    a.start("check-in", ["Ana", "Ben"])
    later = RoundSession(store=store, record=True,
                         clock=lambda: __import__("time").time() + STALE_AFTER + 1)
    found, _ = later.look()
    assert found is not None and not found.live


def test_a_screen_that_closed_lets_go_at_once(store):
    a = _screen(store)
    a.start("check-in", ["Ana", "Ben"])
    a.keeper.release()
    found, _ = _screen(store).look()
    assert found is not None and not found.live


def test_an_embedded_round_is_kept_by_the_embedding_sessions_hook():
    from sociocracy.rounds import Round

    kept = []
    session = RoundSession()
    session.on_turn = lambda rnd: kept.append(len(rnd.turns))
    session.attach(Round("check-in", ["Ana", "Ben"]))
    session.speak("hi")
    assert kept == [1]


def test_speaker_names_never_collide_or_grow_past_sixty_characters():
    class R:
        def __init__(self, name):
            self.name = name

    long = "A" * 60
    names = speaker_names([R("Ana"), R("ana"), R(long), R(long), R(long)])
    assert names[:2] == ["Ana", "ana (2)"]
    assert all(len(n) <= 60 for n in names)
    assert len({n.casefold() for n in names}) == 5
    from sociocracy.rounds import Round

    Round("check-in", names)  # the round takes every one of them


def test_a_screen_whose_kernel_process_ended_is_offered_for_resuming_at_once(store):
    import subprocess
    import sys

    a = _screen(store)
    a.start("check-in", ["Ana", "Ben"])
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = a.owner.split(":")
    dead[1] = ended.stdout.strip()  # the same computer, a process that no longer exists
    store.sessions("rounds")[0].claim(":".join(dead))
    found, _ = _screen(store).look()
    assert found is not None and not found.live  # "Resume it", not "Take it over"
    store.sessions("rounds")[0].claim(a.owner)  # a live process: still live
    found, _ = _screen(store).look()
    assert found is not None and found.live


def test_a_right_to_left_title_is_isolated_in_the_unfinished_sessions_sentence():
    """An Arabic or Hebrew title must not reorder the words around it in the sentence."""
    from sociocracy.core.people_text import FSI, PDI
    from sociocracy.sessions.keeper import Found

    for live in (False, True):
        found = Found(session=None, title="جولة الافتتاح", started="09:00", what="", live=live,
                      since=datetime.now(timezone.utc), quiet=5.0)
        _headline, sentence = found.sentence("round")
        assert f'"{FSI}جولة الافتتاح{PDI}"' in sentence
    plain = Found(session=None, title="Check-in", started="09:00", what="", live=False)
    assert '"Check-in"' in plain.sentence("round")[1]  # left-to-right titles stay as typed
