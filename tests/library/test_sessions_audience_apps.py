"""What the projector shows of the selection, the meeting and the circle map (issue 25).

Each app's session says what the room needs in one ``AudienceState`` and publishes it to the
record; the audience page (another kernel) follows it with a ``Follower``. These tests read the
state the way the audience page does, at each step, and check that nothing only the facilitator
should see (the script, the logbook, the notes, a slip before the reveal, a circle's aim) leaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.meetings import load_agenda
from sociocracy.rooms import RoomStore
from sociocracy.selection import PROMPTS
from sociocracy.sessions.audience import AudienceState, Follower
from sociocracy.sessions.circle_map import CircleMapSession
from sociocracy.sessions.meeting import MeetingSession
from sociocracy.sessions.selection import SelectionSession

ROOT = Path(__file__).resolve().parents[2]
AGENDA = load_agenda(ROOT / "examples" / "agendas" / "garden_march.yaml")
GREEN_VALLEY = ROOT / "examples" / "organizations" / "green_valley_coop.yaml"


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


def _seen(follower: Follower) -> AudienceState:
    """What the projector's page shows after its next read (it must have changed)."""
    assert follower.poll() is True, "the facilitator's screen published nothing new"
    assert follower.state is not None and follower.problem == ""
    return follower.state


def _no_script(state: AudienceState) -> None:
    """No line of the selection's facilitator script is projected."""
    text = state.to_json()
    for line in PROMPTS.values():
        assert line not in text


# ------------------------------------------------------------------ the selection
def test_the_selection_shows_counts_before_the_reveal_and_the_nominations_after(store):
    laptop = SelectionSession(store=store, record=True)
    projector = Follower("selection", store=store)
    assert laptop.start("Facilitator", ["Ana", "Ben", "Chloé"], description="Runs our meetings",
                        qualifications=["calm"]) == ""
    state = _seen(projector)
    assert state.title == "Role: Facilitator" and "Role" in state.step
    assert state.text == "Runs our meetings" and "Qualification: calm" in state.lines
    _no_script(state)

    assert laptop.advance() == ""  # the nominations: written in silence
    state = _seen(projector)
    assert "Nominations" in state.step and (state.answered, state.expected) == (0, 3)
    assert laptop.nominate("Ana", "Ben", "steady under pressure") == ""
    assert laptop.nominate("Ben", "Ben", "I would like to learn it") == ""
    state = _seen(projector)
    assert (state.answered, state.expected) == (2, 3)
    hidden = state.to_json()
    assert "steady under pressure" not in hidden and "learn it" not in hidden  # never before
    assert state.answers == ()
    assert laptop.nominate("Chloé", "Ana", "kind and clear") == ""

    assert laptop.advance() == ""  # the reveal: the nomination round, with the grid
    state = _seen(projector)
    assert "Nomination round" in state.step
    assert (state.speaker, state.next) == ("Ana", "Ben")
    assert [(a.name, a.answer, a.words) for a in state.answers] == [
        ("Ana", "nominates Ben", "steady under pressure"),
        ("Ben", "nominates Ben", "I would like to learn it"),
        ("Chloé", "nominates Ana", "kind and clear")]
    assert state.lines == ("Turn 1 of 3",)
    _no_script(state)
    for _ in range(3):
        assert laptop.read_nomination() == ""
    assert laptop.advance() == ""  # the change round
    assert laptop.change(None) == ""
    assert laptop.change("Ana", "her answer convinced me") == ""
    state = _seen(projector)
    assert "Change round" in state.step and (state.speaker, state.next) == ("Chloé", "")
    assert ("Ben", "nominates Ana", "her answer convinced me (was Ben)") in [
        (a.name, a.answer, a.words) for a in state.answers]
    assert laptop.change(None) == ""
    assert laptop.advance() == ""
    assert laptop.propose("Ana", ["kind and clear", "convinced Ben"]) == ""
    state = _seen(projector)
    assert state.text == "Proposal: Ana for 12 months"
    assert state.lines == ("Because: kind and clear", "Because: convinced Ben")

    assert laptop.advance() == ""  # the consent round; the candidate speaks last
    state = _seen(projector)
    assert "Consent round 1" in state.step and "Any objection to Ana" in state.text
    assert (state.speaker, state.next) == ("Ben", "Chloé")
    assert laptop.respond("objection", "too busy until March") == ""
    state = _seen(projector)
    assert [(a.name, a.answer, a.words) for a in state.answers] == [
        ("Ben", "Objection", "too busy until March")]
    assert laptop.respond("consent") == ""
    assert laptop.respond("consent") == ""
    assert laptop.advance() == ""
    state = _seen(projector)
    assert "Integrate objections" in state.step
    assert [a.words for a in state.answers] == ["too busy until March"]
    assert laptop.integrate(0, "shorten-term", months=4) == ""
    assert laptop.advance() == ""
    for _ in range(3):
        assert laptop.respond("consent") == ""
    assert laptop.advance() == ""
    state = _seen(projector)
    assert state.text == "The circle consents: Ana for the role of Facilitator."
    assert laptop.announce("2027-01-01") == ""
    state = _seen(projector)
    assert state.text.startswith("Ana is our Facilitator from 2027-01-01 until")
    # The logbook entry stays on the laptop.
    assert laptop.logbook_entry() not in state.to_json()
    assert "# " not in state.to_json()


def test_the_selection_shows_the_rooms_code_while_the_phones_write(store):
    room = store.create_room("Taste of sociocracy")
    phones = [room.join(name) for name in ("Ana", "Ben")]
    laptop = SelectionSession(store=store, record=True)
    laptop.start("Secretary", ["Ana", "Ben"])
    laptop.advance()
    assert laptop.ask_phones() == ""
    projector = Follower("selection", store=store)
    state = _seen(projector)
    assert state.room_code == room.code and (state.answered, state.expected) == (0, 2)
    asked = laptop.room.activity.id
    room.respond(phones[0].key, asked, nominee="Ben", reason="a secret reason")
    assert laptop.refresh_room() is True
    state = _seen(projector)
    assert state.answered == 1 and "a secret reason" not in state.to_json()


# ------------------------------------------------------------------ the meeting
class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_the_meeting_shows_the_part_its_time_box_and_the_round_in_it(store):
    clock = FakeClock()
    laptop = MeetingSession(store=store, record=True, clock=clock)
    projector = Follower("meeting", store=store)
    assert laptop.start(AGENDA, ["Ana", "Ben", "Chen"]) == ""
    state = _seen(projector)
    assert state.title == "Garden: meeting of 2027-03-04"
    assert state.step.startswith("Part 1 of ") and "Check-in round" in state.step
    assert (state.timer_ends, state.timer_total) == (1_000.0 + 5 * 60, 5 * 60)
    assert state.lines == ("Time box of this part: 5 minutes", "Then: Administration")

    assert laptop.note("Ben looks tired; ask later") == ""
    assert laptop.start_round("check-in", "How are you arriving?") == ""
    state = _seen(projector)
    assert state.title == "How are you arriving?"
    assert state.step == "Part 1 of 8: Check-in round"  # the round's name is the part's
    assert state.lines == ("Turn 1 of 3", "Time box of this part: 5 minutes")
    assert (state.speaker, state.next) == ("Ana", "Ben")
    assert state.timer_ends == 1_300.0  # the part's time box goes on during its round
    clock.now += 30
    assert laptop.rounds.speak("glad but hungry", 30.0) == ""
    state = _seen(projector)
    assert (state.speaker, state.next) == ("Ben", "Chen")
    private = state.to_json()
    assert "tired" not in private and "hungry" not in private  # the notes stay on the laptop

    while laptop.run is not None and laptop.run.current is not None \
            and laptop.run.current.title != "Compost report":
        assert laptop.next_part() == "" or laptop.rounds.round is not None
        if laptop.rounds.round is not None and not laptop.rounds.round.is_complete:
            while laptop.rounds.state.current is not None:
                laptop.rounds.speak("", 1.0)
    state = _seen(projector)
    assert "Compost report" in state.step and "Compost report" in state.text
    assert "Brought by Jo" in state.text
    assert "third bin" not in state.to_json()  # the agenda's notes are the facilitator's


def test_the_meeting_shows_the_decision_items_consent_decision(store):
    laptop = MeetingSession(store=store, record=True, clock=FakeClock())
    laptop.start(AGENDA, ["Ana", "Ben"])
    while laptop.run is not None and laptop.run.current is not None \
            and laptop.run.current.title != "Organic seed only":
        assert laptop.next_part() == ""
    projector = Follower("meeting", store=store)
    state = _seen(projector)
    assert "Organic seed only" in state.step
    assert "From this season we buy organic seed only" in state.text
    assert laptop.start_consent() == ""
    state = _seen(projector)
    assert "Consent" in state.step and "Organic seed only" in state.step
    assert "From this season we buy organic seed only" in state.to_json()


def test_the_meeting_shows_the_rooms_code_while_the_phones_write_the_check_in(store):
    room = store.create_room("Garden meeting")
    phones = [room.join(name) for name in ("Ana", "Ben")]
    laptop = MeetingSession(store=store, record=True, clock=FakeClock())
    laptop.start(AGENDA, ["Ana", "Ben"])
    assert laptop.ask_phones() == ""
    projector = Follower("meeting", store=store)
    state = _seen(projector)
    assert state.room_code == room.code and (state.answered, state.expected) == (0, 2)
    room.respond(phones[0].key, room.current_activity.id, words="secret words")
    assert laptop.refresh_phones()
    state = _seen(projector)
    assert state.answered == 1 and "secret words" not in state.to_json()
    assert laptop.reveal() == ""
    state = _seen(projector)  # revealed: the written words are the room's now
    assert state.speaker == "Ana" and "secret words" in [a.words for a in state.answers]


def test_the_meeting_that_ended_says_so(store):
    laptop = MeetingSession(store=store, record=True, clock=FakeClock())
    laptop.start(AGENDA, ["Ana"])
    assert laptop.add_backlog("Buy a new wheelbarrow") == ""
    while laptop.run is not None and not laptop.run.finished:
        assert laptop.next_part() == ""
    state = _seen(Follower("meeting", store=store))
    assert state.step == "The meeting is over"
    assert "On the backlog: Buy a new wheelbarrow" in state.lines


# ------------------------------------------------------------------ the circle map
def test_the_circle_map_publishes_its_circles_and_people_under_circle_map(store):
    laptop = CircleMapSession(store=store, record=True)
    projector = Follower("circle_map", store=store)
    assert laptop.open_file(GREEN_VALLEY) == ""
    state = _seen(projector)
    assert state.app == "circle_map" and state.title == "Green Valley Housing Co-op"
    assert state.step == "Circle map: 6 circles"
    circles = {c["name"]: c for c in state.drawing["circles"]}
    assert circles["Garden"]["parent"] == "General Circle"
    assert circles["Garden"]["members"] == ["Ben", "Chen", "Hana", "Ivo", "Jo"]
    assert (circles["Garden"]["leader"], circles["Garden"]["delegate"]) == ("Ben", "Chen")

    assert laptop.add_circle("Events", "General Circle") == ""
    assert laptop.add_member("Events", "Zoë") == ""
    assert laptop.set_field("Events", "aim", "A private aim for the facilitator") == ""
    state = _seen(projector)
    assert state.step == "Circle map: 7 circles"
    events = next(c for c in state.drawing["circles"] if c["name"] == "Events")
    assert events["members"] == ["Zoë"]
    published = state.to_json()
    assert "private aim" not in published  # aims, domains and findings stay on the laptop
    assert "mission and values" not in published


def test_the_circle_map_survives_the_records_json_and_draws_from_it(store):
    laptop = CircleMapSession(store=store, record=True)
    laptop.add_circle("Top <b>")
    state = _seen(Follower("circle_map", store=store))
    assert AudienceState.from_json(state.to_json()) == state
    assert state.drawing["circles"][0]["name"] == "Top <b>"
