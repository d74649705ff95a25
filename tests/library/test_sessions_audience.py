"""The audience view's content and how the projector's page follows the facilitator's screen."""

from __future__ import annotations

import pytest

from sociocracy.core.errors import CourseError
from sociocracy.rooms import RoomStore
from sociocracy.sessions.audience import FAILED_READS_SHOWN, Answer, AudienceState, Follower
from sociocracy.sessions.rounds import RoundSession


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


def test_the_state_survives_its_json_and_ignores_keys_a_newer_course_adds():
    state = AudienceState("rounds", title="How are you?", speaker="Ana", next="Ben",
                          answers=(Answer("Ana", "Consent", "fine"),), lines=("Turn 1 of 2",))
    text = state.to_json().replace('"app"', '"shiny": 1, "app"', 1)
    assert AudienceState.from_json(text) == state


def test_a_malformed_publication_is_one_sentence():
    with pytest.raises(CourseError, match="cannot be read"):
        AudienceState.from_json('{"title": "no app"}')


def test_an_unknown_app_is_refused_with_the_apps_that_have_a_view():
    with pytest.raises(CourseError, match="rounds"):
        Follower("nonsense")


def test_the_follower_sees_each_turn_of_the_facilitators_round(store):
    laptop = RoundSession(store=store, record=True)
    projector = Follower("rounds", store=store)
    assert projector.poll() is False and projector.state is None  # nothing published yet

    assert laptop.start("check-in", ["Ana", "Ben", "Cleo"], prompt="How are you arriving?") == ""
    assert projector.poll() is True
    assert projector.state is not None
    assert (projector.state.title, projector.state.speaker, projector.state.next) == (
        "How are you arriving?", "Ana", "Ben")
    assert projector.poll() is False  # unchanged: no redraw

    laptop.speak("tired but glad")
    assert projector.poll() is True
    assert (projector.state.speaker, projector.state.next) == ("Ben", "Cleo")
    # The facilitator's notes stay on the laptop.
    assert "tired" not in projector.state.to_json()


def test_the_complete_round_says_so(store):
    laptop = RoundSession(store=store, record=True)
    laptop.start("check-in", ["Ana", "Ben"], prompt="Check-in")
    laptop.speak()
    laptop.pass_turn()
    follower = Follower("rounds", store=store)
    follower.poll()
    assert follower.state is not None
    assert "complete" in follower.state.step
    assert follower.state.speaker == ""
    assert any("1 passed" in line for line in follower.state.lines)


def test_a_screen_that_was_taken_over_stops_publishing(store):
    first = RoundSession(store=store, record=True)
    first.start("check-in", ["Ana", "Ben"], prompt="First screen")
    second = RoundSession(store=store, record=True)
    found, _past = second.look()
    assert found is not None
    assert second.resume(found.session) == ""
    second.speak()
    follower = Follower("rounds", store=store)
    follower.poll()
    assert follower.state is not None and follower.state.speaker == "Ben"
    first.beat()  # learns it was taken over
    first.publish_audience()
    assert follower.poll() is False
    assert follower.state.speaker == "Ben"


def test_a_session_without_a_record_publishes_nothing(store):
    lesson = RoundSession(store=store, record=False)
    lesson.start("check-in", ["Ana"], prompt="Lesson")
    assert Follower("rounds", store=store).poll() is False


class _Hiccups:
    """A record whose reads fail while ``failing`` is set (busy under a room's load)."""

    def __init__(self, store) -> None:
        self.store = store
        self.failing = False

    def audience(self, app: str):
        if self.failing:
            raise CourseError("The workshop record is busy.")
        return self.store.audience(app)


def test_a_busy_moment_keeps_the_picture_and_a_longer_one_is_said_then_cleared(store):
    laptop = RoundSession(store=store, record=True)
    laptop.start("check-in", ["Ana", "Ben"], prompt="Check-in")
    record = _Hiccups(store)
    projector = Follower("rounds", store=record)
    assert projector.poll() is True and projector.problem == ""

    record.failing = True
    for _ in range(FAILED_READS_SHOWN - 1):  # a hiccup: the room sees the last picture
        assert projector.poll() is False
        assert projector.problem == "" and projector.state.speaker == "Ana"
    assert projector.poll() is True  # it lasts: the page says so
    assert projector.problem == "The workshop record is busy."

    record.failing = False  # the record reads again, with nothing new published
    assert projector.poll() is True and projector.problem == ""
    assert projector.poll() is False


def test_a_record_that_never_opened_is_said_at_once(store):
    record = _Hiccups(store)
    record.failing = True
    projector = Follower("rounds", store=record)
    assert projector.poll() is True and projector.problem == "The workshop record is busy."


def test_a_malformed_publication_stays_said_while_it_is_the_latest(store):
    store.publish_audience("rounds", "someone", '{"title": "no app"}')
    projector = Follower("rounds", store=store)
    assert projector.poll() is True and "cannot be read" in projector.problem
    assert projector.poll() is False and "cannot be read" in projector.problem
