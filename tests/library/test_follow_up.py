"""The follow-up question at the end of an intro session (issue 26): "Would you like to hear
about SoFA's trainings?" on the room's phones. A yes or a no; a way to be contacted only with a
clear yes; the facilitator sees the answers, the participants' document only the counts."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from sociocracy.core.errors import InputError
from sociocracy.intro_sessions import load_plan
from sociocracy.rooms import RoomStore
from sociocracy.sessions.follow_up import QUESTION, contacts_csv
from sociocracy.sessions.intro import IntroSession

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self) -> None:
        self.now = time.time()  # the room stamps its questions with the real time

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


@pytest.fixture
def room(store):
    return store.create_room("Taste of sociocracy")


def _people(room, *names):
    return {name: room.join(name, None).key for name in names}


def test_a_contact_is_kept_only_with_a_clear_yes(room):
    keys = _people(room, "Ana", "Bo")
    asked = room.open_activity("follow-up", QUESTION, asked_by="Intro session")
    with pytest.raises(InputError) as refused:
        room.respond(keys["Bo"], asked, answer="no", contact="bo@example.org")
    assert refused.value.field == "How to reach you (optional)"
    assert "only after a yes" in refused.value.plain
    with pytest.raises(InputError) as unanswered:
        room.respond(keys["Bo"], asked, answer="", contact="bo@example.org")
    assert unanswered.value.field == "Your answer"
    with pytest.raises(InputError):
        room.respond(keys["Bo"], asked, answer="maybe")
    room.respond(keys["Ana"], asked, answer="yes", contact="  ana@example.org \n")
    room.respond(keys["Bo"], asked, answer="no")
    room.reveal(asked)
    assert [r.fields for r in room.responses(asked)] == [
        {"answer": "yes", "contact": "ana@example.org"}, {"answer": "no", "contact": ""}]


def test_the_room_record_carries_counts_never_the_contacts(room):
    keys = _people(room, "Ana", "Bo", "Cy")
    asked = room.open_activity("follow-up", QUESTION, asked_by="Intro session")
    room.respond(keys["Ana"], asked, answer="yes", contact="ana@example.org")
    room.respond(keys["Bo"], asked, answer="yes")
    room.respond(keys["Cy"], asked, answer="no")
    room.reveal(asked)
    markdown = room.export_markdown()
    assert "2 of 3 who answered would like to hear about SoFA's trainings." in markdown
    assert "ana@example.org" not in markdown and "- Ana" not in markdown
    assert "ana@example.org" not in room.export_csv() and "follow-up" not in room.export_csv()


def test_the_presenter_asks_at_the_end_and_the_document_carries_only_counts(store, room):
    clock = Clock()
    intro = IntroSession(store=store, record=True, clock=clock)
    plan = load_plan(ROOT / "workshops" / "taste_45.yaml")
    intro.start(plan)
    assert not intro.can_ask_follow_up()
    assert "at the end" in intro.ask_follow_up()  # not in the middle of the session
    while intro.state.part < len(plan.parts) - 1:
        intro.next_part()
    assert intro.can_ask_follow_up()  # the last part (the evaluation) may ask it
    intro.next_part()  # after the last part: the end
    assert intro.state.step == "end" and intro.can_ask_follow_up()
    assert intro.ask_follow_up() == ""
    assert QUESTION in " ".join(intro.audience().lines)  # the projector points to the phones
    keys = _people(room, "Ana", "Bo", "Cy")
    asked = room.current_activity
    assert (asked.kind, asked.prompt) == ("follow-up", QUESTION)
    room.respond(keys["Ana"], asked, answer="yes", contact="ana@example.org")
    room.respond(keys["Bo"], asked, answer="yes")
    assert intro.follow_up().answered == 2 and not intro.follow_up().shown
    assert intro.show_follow_up() == ""
    before = len(room.activities)
    assert "asked already" in intro.ask_follow_up()  # a second one would hide these answers
    assert len(room.activities) == before  # nothing new on the phones
    seen = intro.follow_up()
    assert (seen.yes, seen.no, seen.answered) == (2, 0, 2)
    assert seen.interested == ("Ana", "Bo")
    assert seen.contacts == (("Ana", "ana@example.org"),)
    rows = list(csv.reader(io.StringIO(contacts_csv(seen))))
    assert rows == [["name", "contact", "asked"], ["Ana", "ana@example.org", QUESTION]]
    document = intro.after_session()
    assert "2 of 2 who answered would like to hear about SoFA's trainings." in document
    assert "ana@example.org" not in document and "Ana" not in document
    assert QUESTION not in " ".join(intro.audience().lines)  # closed: the projector moves on


def test_the_follow_up_is_found_again_after_the_laptop_restarts(store, room):
    intro = IntroSession(store=store, record=True, clock=Clock())
    plan = load_plan(ROOT / "workshops" / "taste_45.yaml")
    intro.start(plan)
    while intro.state.part < len(plan.parts) - 1:
        intro.next_part()
    intro.ask_follow_up()
    keys = _people(room, "Ana")
    room.respond(keys["Ana"], room.current_activity, answer="yes", contact="+44 20 1234")
    again = IntroSession(store=store, record=True, clock=Clock())
    found, _past = again.look()
    assert found is not None and again.resume(found.session) == ""
    assert again.follow_up().open and again.show_follow_up() == ""
    assert again.follow_up().contacts == (("Ana", "+44 20 1234"),)


def test_a_contact_that_looks_like_a_formula_is_guarded_in_the_download(room):
    keys = _people(room, "=cmd")
    asked = room.open_activity("follow-up", QUESTION)
    room.respond(keys["=cmd"], asked, answer="yes", contact="=HYPERLINK(\"x\")")
    room.reveal(asked)
    from sociocracy.sessions.follow_up import follow_up_of

    text = contacts_csv(follow_up_of(room, asked))
    assert "\n=" not in text and ",=" not in text


def test_after_a_reload_the_past_session_still_gives_the_document_and_the_contacts(store, room):
    """The presenter's page reloaded after the end: "past sessions" offers the participants'
    document (the rounds held, the follow-up's counts) and the contacts, apart."""
    from sociocracy.sessions.rounds import RoundSession

    clock = Clock()
    intro = IntroSession(store=store, record=True, clock=clock)
    plan = load_plan(ROOT / "workshops" / "taste_45.yaml")
    intro.start(plan)
    laptop = RoundSession(store=store, record=True)
    laptop.start("check-in", ["Ana", "Bo"], prompt="How are you arriving?")
    laptop.speak("glad to be here")
    laptop.speak("tired")
    while intro.state.step == "run":
        intro.next_part()
    keys = _people(room, "Ana", "Bo")
    intro.ask_follow_up()
    room.respond(keys["Ana"], room.current_activity, answer="yes", contact="ana@example.org")
    room.respond(keys["Bo"], room.current_activity, answer="no")
    intro.show_follow_up()
    clock.now = time.time() + 5

    reloaded = IntroSession(store=store, record=True, clock=clock)
    files = reloaded.files(reloaded.past()[0])
    names = [name for name, _mime, _text in files]
    assert len(files) == 2 and names[1].endswith("-contacts-for-the-facilitator.csv"), names
    document, contacts = files[0][2], files[1][2]
    assert "glad to be here" in document  # the round held during the session
    assert "1 of 2 who answered would like to hear about SoFA's trainings." in document
    assert "ana@example.org" not in document
    assert "Ana,ana@example.org" in contacts
