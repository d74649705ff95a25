"""What the projector shows of a consent decision and of the Workshop room (their sessions'
``audience()``), step by step: the proposal, whose turn, how many answered (never what) before
the reveal, the answers after it, the room's code while people join; never the facilitator's
script, the notes typed on the laptop or the facilitator's notices."""

from __future__ import annotations

import datetime as dt

import pytest

from sociocracy.consent import PROMPTS
from sociocracy.rooms import RoomStore
from sociocracy.sessions.audience import Follower
from sociocracy.sessions.consent import ConsentSession
from sociocracy.sessions.rounds import RoundSession
from sociocracy.sessions.workshop import WorkshopSession

TODAY = dt.date(2026, 12, 7)
TWELVE = ["Ana", "Ben", "Chen", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lou"]
OBJECTIONS = {"Dee": "The shed roof leaks; fix it first", "Jo": "Saturdays clash with market"}
PROPOSAL = "Open the tool shed on Saturdays"


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "rooms.sqlite3") as opened:
        yield opened


def _never_the_script(text: str) -> None:
    for prompt in PROMPTS.values():
        assert prompt not in text
    assert "Facilitator" not in text


def _consent_round_with_phones(store: RoomStore):
    room = store.create_room("Garden co-op")
    phones = {name: room.join(name) for name in TWELVE}
    session = ConsentSession(store=store, record=True, today=lambda: TODAY)
    session.look_for_room()
    assert session.start(PROPOSAL, TWELVE, circle="Garden circle") == ""
    assert session.advance() == ""
    for _ in TWELVE:
        assert session.rounds.speak("a private note: Ana seems worried") == ""
    assert session.advance() == ""
    for _ in TWELVE:
        assert session.rounds.speak() == ""
    assert session.advance() == ""
    return room, phones, session


def test_the_consent_decision_shows_the_proposal_and_whose_turn_never_the_script(store):
    room = store.create_room("Garden co-op")
    session = ConsentSession(store=store, record=True, today=lambda: TODAY)
    session.look_for_room()
    setup = session.audience()
    assert setup.room_code == room.code  # people join while the facilitator sets up
    assert session.start(PROPOSAL, ["Ana", "Ben"], circle="Garden circle") == ""
    present = session.audience()
    assert (present.step, present.text, present.title) == ("Present", PROPOSAL,
                                                           "Garden circle: proposal")
    assert present.room_code == ""  # the room's code is for joining, not for every step
    _never_the_script(present.to_json())
    assert session.advance() == ""
    asking = session.audience()
    assert (asking.step, asking.speaker, asking.next) == ("Clarifying questions", "Ana", "Ben")
    assert asking.text == PROPOSAL
    assert session.rounds.speak("Who holds the key? (noted privately)") == ""
    following = session.audience()
    assert (following.speaker, following.next) == ("Ben", "")
    assert "noted privately" not in following.to_json()  # the laptop's notes stay there
    _never_the_script(following.to_json())


def test_the_consent_round_counts_the_phones_then_shows_every_answer_with_its_reason(store):
    room, phones, session = _consent_round_with_phones(store)
    aloud = session.audience()
    assert aloud.step == "Consent round" and aloud.text == PROPOSAL  # the proposal stays
    assert (aloud.speaker, aloud.next) == ("Ana", "Ben")
    assert session.ask_phones() == ""
    activity = room.current_activity
    for name in TWELVE:
        reason = OBJECTIONS.get(name, "")
        room.respond(phones[name].key, activity, choice="objection" if reason else "consent",
                     reason=reason)
    session.refresh_room()
    counting = session.audience()
    assert (counting.answered, counting.expected) == (12, 12)
    assert counting.text == PROPOSAL and counting.room_code == room.code
    assert counting.answers == ()
    for reason in OBJECTIONS.values():  # how many, never what, before the reveal
        assert reason not in counting.to_json()
    _never_the_script(counting.to_json())

    assert session.reveal_phones() == ""
    revealed = session.audience()
    assert revealed.text == PROPOSAL and revealed.answered is None
    assert [a.name for a in revealed.answers] == TWELVE
    dee = next(a for a in revealed.answers if a.name == "Dee")
    assert (dee.answer, dee.words) == ("Objection", OBJECTIONS["Dee"])
    assert {a.answer for a in revealed.answers if a.name not in OBJECTIONS} == {"Consent"}
    assert revealed.lines == ("2 objections: we integrate them.",)
    assert "everyone has answered" in revealed.step

    # The audience page (another kernel) reads the same thing from the record.
    follower = Follower("consent", store=store)
    assert follower.poll() and follower.state == revealed


def test_the_consent_decision_ends_with_its_outcome(store):
    session = ConsentSession(store=store, record=True, today=lambda: TODAY)
    assert session.start(PROPOSAL, ["Ana", "Ben"]) == ""
    for _ in range(2):
        assert session.advance() == ""
        for _ in range(2):
            assert session.rounds.speak() == ""
    assert session.advance() == ""
    assert session.respond("consent") == "" and session.respond("consent") == ""
    assert session.audience().lines == ("No objection: we have consent.",)
    assert session.advance() == ""
    assert session.audience().step == "Decided"
    assert session.publish() == ""
    published = session.audience()
    assert published.step == "Published" and published.text == PROPOSAL
    assert any("Review by" in line for line in published.lines)
    assert published.title == "The proposal"


def _room_of_twelve(store: RoomStore, session: WorkshopSession):
    assert session.create_room("Taste of sociocracy") == ""
    room = session.state.room
    return room, {name: room.join(name).key for name in TWELVE}


def test_the_workshop_room_shows_its_code_while_people_join_and_answer(store):
    session = WorkshopSession(store)
    choosing = session.audience()
    assert choosing.room_code == "" and choosing.step == "Choosing a room"
    room, keys = _room_of_twelve(store, session)
    session.refresh()
    joining = session.audience()
    assert joining.room_code == room.code and joining.title == "Taste of sociocracy"
    assert joining.lines == ("In the room: 12 people.",)
    assert "Room " not in joining.to_json()  # not the facilitator's notice ("Room X is open")
    assert session.ask("check-in", "How are you arriving?") == ""
    activity = session.state.activity
    for name in TWELVE[:5]:
        room.respond(keys[name], activity, words=f"{name} feels <b>curious</b>")
    session.refresh()
    counting = session.audience()
    assert (counting.answered, counting.expected) == (5, 12)
    assert counting.title == "How are you arriving?" and counting.room_code == room.code
    assert "curious" not in counting.to_json()  # how many, never what


def test_the_workshop_rooms_spoken_round_shows_the_answers_and_the_speaker(store):
    session = WorkshopSession(store)
    room, keys = _room_of_twelve(store, session)
    assert session.ask("check-in", "How are you arriving?") == ""
    activity = session.state.activity
    for name in TWELVE:
        room.respond(keys[name], activity, words=f"{name} feels curious")
    assert session.reveal() == ""
    spoken = session.audience()
    assert (spoken.speaker, spoken.next) == ("Ana", "Ben")
    assert spoken.room_code == ""  # the answers and the speaker take the screen
    assert [(a.name, a.words) for a in spoken.answers] == [
        (name, f"{name} feels curious") for name in TWELVE]
    follower = Follower("workshop_room", store=store)
    assert follower.poll()
    assert session.spoken.speak("a note only the laptop keeps") == ""
    assert follower.poll(), "a turn of the spoken round is published at once"
    assert follower.state is not None and follower.state.speaker == "Ben"
    assert "only the laptop keeps" not in follower.state.to_json()
    for _ in TWELVE[2:]:
        session.spoken.speak()
    session.spoken.pass_turn()
    ended = session.audience()
    assert ended.speaker == "" and ended.step.endswith("complete")
    assert ended.lines and "Everyone had a turn" in ended.lines[0]


def test_the_round_facilitator_counts_the_phones_and_then_shows_their_words(store):
    room = store.create_room("Taste of sociocracy")
    keys = {name: room.join(name).key for name in ("Ana", "Ben")}
    session = RoundSession(store=store, record=True)
    session.room.find()
    assert session.ask_phones("check-in", "How are you arriving?") == ""
    activity = room.current_activity
    room.respond(keys["Ana"], activity, words="Curious")
    session.phones()
    counting = session.audience()
    assert (counting.answered, counting.expected, counting.room_code) == (1, 2, room.code)
    assert "Curious" not in counting.to_json()
    room.respond(keys["Ben"], activity, words="Glad")
    assert session.reveal_phones("check-in", [], None, prompt="How are you arriving?") == ""
    speaking = session.audience()
    assert speaking.speaker == "Ana" and speaking.title == "How are you arriving?"
    assert [(a.name, a.words) for a in speaking.answers] == [("Ana", "Curious"),
                                                             ("Ben", "Glad")]
