"""The intro session (issue 26): a plan run part by part, kept in the record, shown to the room."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.intro_sessions import load_plan, parse_plan
from sociocracy.rooms import RoomStore
from sociocracy.sessions.audience import Follower
from sociocracy.sessions.intro import IntroSession
from sociocracy.sessions.rounds import RoundSession

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


@pytest.fixture
def taste():
    return load_plan(ROOT / "workshops" / "taste_45.yaml")


def test_the_presenter_moves_through_parts_and_slides_against_the_clock(store, taste):
    clock = Clock()
    intro = IntroSession(store=store, record=True, clock=clock)
    assert intro.start(taste) == ""
    state = intro.state
    assert (state.step, state.part, state.current.title) == ("run", 0, "Welcome and check-in round")
    assert state.following.title == "What you just did"
    clock.now += 9 * 60  # one minute over the check-in's eight
    assert intro.state.seconds_left == pytest.approx(-60)
    assert intro.next_slide() == ""  # an activity has no slides: on to the talk
    assert intro.state.part == 1 and intro.state.seconds_left == pytest.approx(5 * 60)
    intro.next_slide()
    assert (intro.state.part, intro.state.slide) == (1, 1)
    assert intro.previous_slide() == "" and intro.state.slide == 0
    assert intro.previous_slide() == "This is the part's first slide."


def test_the_room_sees_the_slide_never_the_notes(store, taste):
    intro = IntroSession(store=store, record=True, clock=Clock())
    intro.start(taste)
    intro.next_part()
    follower = Follower("intro_session", store=store)
    assert follower.poll()
    seen = follower.state
    assert seen.title == "Everyone spoke once" and "equivalence" in seen.drawing["markdown"]
    assert "Do not lecture" not in seen.to_json()  # the speaker notes stay on the laptop
    assert seen.timer_total == 5 * 60


def test_an_activity_shows_its_prompt_and_follows_its_apps_own_audience_view(store, taste):
    intro = IntroSession(store=store, record=True, clock=Clock())
    intro.start(taste)
    room = store.create_room("Taste evening")
    intro.previous_part()  # refused: already at the first part
    intro.changed()
    follower = Follower("intro_session", store=store)
    follower.poll()
    assert follower.state.drawing == {"follow": "rounds"}
    assert follower.state.text.startswith("Your name")
    assert follower.state.room_code == room.code  # people are still arriving
    # The round itself runs in the round facilitator's session, which publishes its own view.
    laptop = RoundSession(store=store, record=True)
    laptop.start("check-in", ["Ana", "Ben"], prompt=intro.state.current.prompt)
    rounds = Follower("rounds", store=store)
    rounds.poll()
    assert rounds.state.speaker == "Ana"


def test_a_crashed_laptop_resumes_at_the_same_slide_and_clock(store, taste):
    clock = Clock()
    first = IntroSession(store=store, record=True, clock=clock)
    first.start(taste)
    first.next_part()
    first.next_slide()
    started = first.part_started
    second = IntroSession(store=store, record=True, clock=clock, owner="other:1:x")
    found, _past = second.look()
    assert found is not None and "part 2 of 7" in found.what
    assert second.resume(found.session) == ""
    assert (second.state.part, second.state.slide) == (1, 1)
    assert second.part_started == started


def test_a_plan_with_errors_does_not_start():
    plan = parse_plan("title: T\nminutes: 5\nparts:\n  - title: Long\n    kind: break\n"
                      "    minutes: 10\n")
    intro = IntroSession()
    problem = intro.start(plan)
    assert "cannot run yet" in problem and "10 minutes" in problem
    assert intro.state.step == "setup"


def test_the_document_after_the_session_holds_the_plan_and_the_rounds_held_during_it(
        store, taste):
    clock = Clock()
    clock.now = __import__("time").time()
    intro = IntroSession(store=store, record=True, clock=clock)
    intro.start(taste)
    laptop = RoundSession(store=store, record=True)
    laptop.start("check-in", ["Ana", "Ben"], prompt="How are you arriving?")
    laptop.speak("glad to be here")
    laptop.speak("tired")
    clock.now += 60
    intro.end()
    text = intro.after_session()
    assert text.startswith("# A taste of sociocracy")
    assert "Welcome and check-in round (0–8 min)" in text
    assert "glad to be here" in text  # the round's notes, as the round writes its minutes
    assert "sociocracyforall.org" in text
