"""The round facilitator's session with the workshop room's phones, headless: the round's prompt
on the phones, "N of M answered", the reveal into the round's suggested notes, a crash."""

from __future__ import annotations

import pytest

from sociocracy.rooms import RoomStore
from sociocracy.sessions import RoundSession
from sociocracy.sessions.room_link import notes_by_name
from sociocracy.sessions.rounds import phone_kind
from tests.conftest import stop_every_screen


@pytest.fixture
def store(tmp_path) -> RoomStore:
    with RoomStore(tmp_path / "rooms.sqlite3") as opened:
        yield opened


def _screen(store: RoomStore) -> RoundSession:
    return RoundSession(store=store, record=True)


def _answer(room, people: dict[str, str]) -> dict[str, str]:
    activity = room.current_activity
    keys = {name: room.join(name).key for name in people}
    for name, words in people.items():
        room.respond(keys[name], activity, words=words)
    return keys


def test_the_rounds_prompt_goes_to_the_phones_and_their_words_become_the_notes(store):
    room = store.create_room("Workshop")
    session = _screen(store)
    assert session.ask_phones("check-in", " How are you arriving? ") == ""
    activity = room.current_activity
    assert (activity.kind, activity.prompt, activity.asked_by) == (
        "check-in", "How are you arriving?", "Round facilitator")
    assert session.state.asked and session.state.answered == 0
    _answer(room, {"Ana": "Curious", "Ben": "Tired"})
    assert session.phones() == ""
    assert (session.state.answered, session.state.joined) == (2, 2)
    assert session.reveal_phones("check-in", [], prompt="How are you arriving?") == ""
    state = session.state
    assert room.activity(activity).revealed and not state.asked
    assert state.step == "run" and state.participants == ("Ana", "Ben")
    assert state.note == "Curious"  # Ana's written words, offered as her note
    session.speak(state.note)
    assert session.state.note == "Tired"
    recorded = store.sessions("rounds")[0]
    assert recorded.setup["activity"] == activity.id and recorded.setup["room"] == room.code


def test_with_names_in_the_set_up_answers_are_matched_by_name_and_others_speak_after(store):
    room = store.create_room("Workshop")
    session = _screen(store)
    session.ask_phones("consent", "Meet on Tuesdays")
    activity = room.current_activity
    assert activity.kind == "consent"
    dee, ana, zoe = room.join("Dee"), room.join("  ana "), room.join("Zoe")
    room.respond(dee.key, activity, choice="objection", reason="I work Tuesdays")
    room.respond(ana.key, activity, choice="consent", reason="")
    room.respond(zoe.key, activity, choice="consent", reason="Fine")
    assert session.reveal_phones("consent", ["Ana", "Ben", "Dee"], "Ben",
                                 prompt="Meet on Tuesdays") == ""
    state = session.state
    assert state.participants == ("Ben", "Dee", "Zoe", "Ana")  # Ben starts; Zoe was not listed
    assert session.suggested_notes == {"Ana": "Consent", "Dee": "Objection: I work Tuesdays",
                                       "Zoe": "Consent: Fine"}
    assert state.note == ""  # Ben wrote nothing: his turn has no suggested note


def test_nobody_answering_with_no_names_is_said_and_starts_nothing(store):
    store.create_room("Workshop")
    session = _screen(store)
    session.ask_phones("brainstorm", "Ideas for the garden")
    problem = session.reveal_phones("brainstorm", [])
    assert "Nobody answered" in problem and session.state.step == "setup"


def test_without_a_room_or_a_record_asking_says_why(store, tmp_path):
    assert "no workshop room yet" in _screen(store).ask_phones("check-in", "")
    assert "sociocracy-course workshop" in RoundSession().ask_phones("check-in", "")
    assert RoundSession().reveal_phones("check-in", []) == (
        "Nothing is open on the phones: ask them first.")


def test_after_a_crash_a_new_page_takes_up_the_question_and_every_answer_sent_since(store):
    room = store.create_room("Workshop")
    first = _screen(store)
    first.ask_phones("evaluation", "What worked?")
    _answer(room, {"Ana": "Pace"})
    first.phones()
    del first  # the kernel died while phones were answering
    _answer(room, {"Ben": "Snacks", "Chen": "Rounds"})
    again = _screen(store)
    assert again.pick_up()
    assert again.state.asked and again.state.answered == 3
    assert again.reveal_phones("evaluation", [], prompt="What worked?") == ""
    assert again.suggested_notes == {"Ana": "Pace", "Ben": "Snacks", "Chen": "Rounds"}


def test_a_round_started_from_the_phones_resumes_with_their_notes(store):
    room = store.create_room("Workshop")
    first = _screen(store)
    first.ask_phones("check-in", "")
    _answer(room, {"Ana": "Here", "Ben": "Also here"})
    first.reveal_phones("check-in", ["Ana", "Ben"])
    first.speak("Here")
    stop_every_screen(store)
    again = _screen(store)
    found, _past = again.look()
    assert again.resume(found.session) == ""
    assert again.state.current == "Ben" and again.state.note == "Also here"
    assert not again.pick_up()  # the question was revealed: nothing to take up


def test_a_question_another_app_asked_is_not_taken_up(store):
    room = store.create_room("Workshop")
    room.open_activity("consent", "Buy a kettle", asked_by="Consent decision")
    assert not _screen(store).pick_up()


def test_phone_forms_follow_the_kind_of_round():
    assert [phone_kind(k) for k in ("consent", "nomination", "evaluation", "check-in",
                                    "brainstorm", "change")] == [
        "consent", "nomination", "evaluation", "check-in", "check-in", "check-in"]


def test_two_phones_with_one_listed_name_do_not_lose_the_second_answer():
    class Answer:
        def __init__(self, name, words):
            self.name, self.fields = name, {"words": words}

    order, notes = notes_by_name(["Ana"], [Answer("Ana", "first"), Answer("ana", "second")])
    assert order == ["Ana", "ana (2)"] and notes == {"Ana": "first", "ana (2)": "second"}
