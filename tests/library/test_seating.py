"""Seating order before a spoken round (issue 25), and the room's record holding the spoken round.

The rule lives in :mod:`sociocracy.seating` and :meth:`Round.reseat`; the sessions record it
(the round facilitator's ``RoundSession``, the workshop room's ``WorkshopSession``), and the
room's Markdown record lists each spoken round's turns in speaking order, with local times.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone

import pytest

from sociocracy.core.errors import CourseError
from sociocracy.rooms import RoomStore
from sociocracy.rounds import Round, RoundRuleError
from sociocracy.seating import moved, ordered_by_text
from sociocracy.sessions import RoundSession, WorkshopSession
from sociocracy.sessions.workshop import APP
from tests.conftest import stop_every_screen

HOSTILE = "<img src=x onerror=alert(1)>"
PEOPLE = ("Ana", "Ben", "Chen", "Dev")


@pytest.fixture
def store(tmp_path) -> RoomStore:
    with RoomStore(tmp_path / "rooms.sqlite3") as opened:
        yield opened


@pytest.fixture
def kathmandu(monkeypatch):
    """Local time UTC+05:45: no minute of it is the same as UTC's, so a UTC time shows."""
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# ---- the rule -------------------------------------------------------------------------------
def test_moving_a_person_keeps_everyone_elses_order():
    assert moved(PEOPLE, "Dev", 1) == ("Dev", "Ana", "Ben", "Chen")
    assert moved(PEOPLE, "ana", 3) == ("Ben", "Chen", "Ana", "Dev")  # names as the course reads
    assert moved(PEOPLE, "Ana", 0) == PEOPLE  # past the top is the top
    assert moved(PEOPLE, "Ana", 99) == ("Ben", "Chen", "Dev", "Ana")
    with pytest.raises(CourseError, match='"Zed" is not in this round; choose one of: Ana'):
        moved(PEOPLE, "Zed", 1)


def test_typed_names_come_first_and_the_rest_keep_their_order():
    assert ordered_by_text(PEOPLE, "chen\n\n  Ana \n") == ("Chen", "Ana", "Ben", "Dev")
    with pytest.raises(CourseError, match="is listed twice"):
        ordered_by_text(PEOPLE, "Ana\nana")
    with pytest.raises(CourseError, match='"Zed" is not in this round'):
        ordered_by_text(PEOPLE, "Ana\nZed")
    with pytest.raises(CourseError, match="Type at least one name"):
        ordered_by_text(PEOPLE, " \n")


def test_a_round_is_reseated_only_before_its_first_turn():
    rnd = Round("check-in", list(PEOPLE))
    rnd.reseat(["Chen", "Dev", "Ana", "Ben"], "Dev")
    assert rnd.order == ("Dev", "Ana", "Ben", "Chen") and rnd.first == "Dev"
    assert Round.from_dict(rnd.to_dict()).order == rnd.order  # the record keeps the seating
    with pytest.raises(RoundRuleError,
                       match="same people as the round; missing: Ben; not in the round: Zed"):
        rnd.reseat(["Chen", "Dev", "Ana", "Zed"])
    assert rnd.order == ("Dev", "Ana", "Ben", "Chen")  # unchanged by a refusal
    rnd.speak("here")
    assert not rnd.can_reseat
    with pytest.raises(RoundRuleError, match="only before the first turn"):
        rnd.reseat(list(PEOPLE))


def test_the_one_who_speaks_last_stays_last_when_reseated():
    rnd = Round("consent", list(PEOPLE), last="Ben")
    rnd.reseat(["Ben", "Dev", "Chen", "Ana"])
    assert rnd.order == ("Dev", "Chen", "Ana", "Ben")
    with pytest.raises(RoundRuleError, match="cannot both start and speak last"):
        rnd.reseat(list(PEOPLE), "Ben")
    assert rnd.order == ("Dev", "Chen", "Ana", "Ben")


# ---- the round facilitator's session ----------------------------------------------------------
def test_the_round_facilitator_seats_the_round_from_the_phones_before_it_is_spoken(store):
    room = store.create_room("Workshop")
    session = RoundSession(store=store, record=True)
    assert session.ask_phones("check-in", "How are you arriving?") == ""
    activity = room.current_activity
    for name in PEOPLE:
        room.respond(room.join(name).key, activity, words=f"{name} is here")
    assert session.reveal_phones("check-in", []) == ""
    assert session.state.participants == PEOPLE and session.state.can_reseat  # join order
    assert session.move("Dev", 1) == ""
    assert session.move_by("Chen", -1) == ""
    assert session.state.participants == ("Dev", "Ana", "Chen", "Ben")
    assert session.start_with("Chen") == ""  # round the circle from Chen
    assert session.state.participants == ("Chen", "Ben", "Dev", "Ana")
    assert session.seat_by_text("ana\nBen") == ""
    assert session.state.participants == ("Ana", "Ben", "Chen", "Dev")
    assert session.seat_by_text("Zed").startswith('"Zed" is not in this round')
    assert session.state.current == "Ana" and session.state.note == "Ana is here"
    assert session.speak("Ana is here") == ""
    assert not session.state.can_reseat
    assert session.move("Dev", 1).startswith("The seating order can change only before")
    assert session.state.participants == ("Ana", "Ben", "Chen", "Dev")
    stop_every_screen(store)  # the page stops: the new one resumes in the chosen order
    again = RoundSession(store=store, record=True)
    found = again.keeper.look()[0]
    assert found is not None and again.resume(found.session) == ""
    assert again.state.participants == ("Ana", "Ben", "Chen", "Dev")
    assert again.state.current == "Ben"


def test_a_consent_decisions_round_is_not_reseated():
    from sociocracy.sessions import ConsentSession

    consent = ConsentSession()
    assert consent.rounds.seating is False
    consent.rounds.start("check-in", list(PEOPLE))
    assert not consent.rounds.state.can_reseat
    assert "cannot be reseated" in consent.rounds.move("Dev", 1)


# ---- the workshop room ------------------------------------------------------------------------
def _revealed_room(store, answers: dict[str, str]) -> WorkshopSession:
    session = WorkshopSession(store)
    assert session.create_room("Taste of sociocracy") == ""
    room = session.state.room
    keys = {name: room.join(name).key for name in answers}
    assert session.ask("check-in", "How are you arriving?") == ""
    for name, words in answers.items():
        room.respond(keys[name], session.state.activity, words=words)
    assert session.reveal() == ""
    return session


def test_the_workshop_rooms_spoken_round_is_seated_recorded_and_resumed(store):
    session = _revealed_room(store, {name: f"{name}'s words" for name in PEOPLE})
    spoken = session.spoken
    assert spoken.state.participants == PEOPLE and spoken.state.can_reseat
    assert spoken.seat_by_text("Dev\nChen") == ""
    assert spoken.start_with("Chen") == ""
    assert spoken.state.participants == ("Chen", "Ana", "Ben", "Dev")
    assert spoken.state.note == "Chen's words"  # the written answer follows its person
    spoken.speak("Chen's words")
    stop_every_screen(store)
    again = WorkshopSession(store)
    assert again.open_room(session.state.room.code) == ""
    assert again.spoken.state.participants == ("Chen", "Ana", "Ben", "Dev")
    assert again.spoken.state.current == "Ana" and not again.spoken.state.can_reseat


def test_a_reseating_the_record_refuses_is_taken_back(store):
    session = _revealed_room(store, {name: "here" for name in PEOPLE})
    [recorded] = store.unfinished_sessions(APP)
    recorded.finish()  # e.g. the record moved on without this screen
    assert session.spoken.move("Dev", 1) != ""
    assert session.spoken.state.participants == PEOPLE


# ---- the room's record ------------------------------------------------------------------------
def _turn_lines(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if re.match(r"\d+\. ", line)]


def test_the_rooms_record_lists_the_spoken_round_in_speaking_order_with_local_times(
        store, kathmandu):
    session = _revealed_room(store, {"Ana": "Curious", HOSTILE: "=1+1", "Ben": "Tired",
                                     "Chen": "Calm"})
    before = session.room_files()[0][2]
    spoken = session.spoken
    assert spoken.seat_by_text("Chen\nBen") == ""  # Chen, Ben, Ana, <img...>
    spoken.speak("Calm, and glad to be here")
    spoken.pass_turn()
    spoken.speak("Curious")
    half = session.room_files()[0][2]
    assert "Outcome: not finished (3 of 4 turns, 1 pass so far); next: \\<img" in half
    spoken.speak("=1+1 [x](javascript:alert(1))")
    markdown = session.room_files()[0][2]
    assert len(markdown) > len(before)  # the record grew with the round
    assert not _turn_lines(before) and "Outcome: not started yet; first: Ana." in before
    lines = _turn_lines(markdown)
    assert [re.sub(r" \(.*", "", line) for line in lines] == [
        "1. Chen", "2. Ben", "3. Ana", "4. \\<img src=x onerror=alert(1)>"]
    assert lines[0].endswith(": Calm, and glad to be here")
    assert lines[1].endswith(": passed")  # a pass is marked, with no note
    assert "javascript" in lines[3] and "[x](" not in lines[3]
    assert "Written answers, revealed together:" in markdown
    assert markdown.index("- Ana: Curious") < markdown.index("### Spoken round")
    assert "Outcome: round complete at" in markdown
    assert "everyone had their turn (4 of 4 turns, 1 pass)" in markdown
    # times on the computer's clock (UTC+05:45 here), never UTC's
    [recorded] = [s for s in store.sessions(APP)]
    kept = [at for _step, data, at in recorded.timed_steps if data["round"]["turns"]]
    local = {f"{at.astimezone():%H:%M}" for at in kept}
    utc = {f"{at.astimezone(timezone.utc):%H:%M}" for at in kept}
    assert local.isdisjoint(utc)
    shown = {re.search(r"\((\d\d:\d\d)\)", line).group(1) for line in lines}
    assert shown <= local
    opened = session.state.room.created_at
    assert f"opened {opened.astimezone():%Y-%m-%d %H:%M}. Times are local (UTC+05:45)." in \
        markdown
    assert "UTC." not in markdown.replace("(UTC+05:45).", "")


def test_a_round_left_for_the_next_question_is_recorded_as_stopped(store):
    session = _revealed_room(store, {"Ana": "a", "Ben": "b", "Chen": "c"})
    session.spoken.start_with("Ben")
    session.spoken.speak("b")
    assert session.ask("evaluation", "What worked?") == ""  # the round is left
    markdown = session.room_files()[0][2]
    assert _turn_lines(markdown)[0].startswith("1. Ben (")
    assert re.search(r"Outcome: stopped at \d\d:\d\d after 1 of 3 turns, 0 passes; not heard: "
                     r"Chen, Ana\.", markdown)
    assert "## 2. Evaluation" in markdown and "Answers not revealed (0 answered)." in markdown


def test_the_round_facilitators_round_from_the_phones_is_in_the_rooms_record(store):
    room = store.create_room("Workshop")
    session = RoundSession(store=store, record=True)
    session.ask_phones("check-in", "How are you arriving?")
    for name in ("Ana", "Ben"):
        room.respond(room.join(name).key, room.current_activity, words=name.lower())
    session.reveal_phones("check-in", [])
    session.move("Ben", 1)
    session.speak("ben")
    session.speak("ana")
    markdown = room.export_markdown()
    assert [re.sub(r" \(.*", "", line) for line in _turn_lines(markdown)] == ["1. Ben", "2. Ana"]
    assert "Outcome: round complete at" in markdown


def test_a_damaged_spoken_round_is_said_and_the_rest_of_the_record_stays(store):
    session = _revealed_room(store, {"Ana": "a", "Ben": "b"})
    [recorded] = store.sessions(APP)
    recorded.record("round", {"round": {"kind": "no such kind", "participants": ["Ana"]}})
    markdown = session.state.room.export_markdown()
    assert "This spoken round cannot be read from the record: " in markdown
    assert "- Ana: a" in markdown and "- Ben: b" in markdown


def test_times_are_named_by_their_zone(monkeypatch):
    from sociocracy.core.times import local_clock, local_zone

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        winter = datetime(2026, 12, 7, 10, 5, tzinfo=timezone.utc)
        assert (local_clock(winter), local_zone(winter)) == ("11:05", "CET")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_rooms_table_puts_each_persons_spoken_turn_beside_their_written_answer(store):
    import csv
    import io

    session = _revealed_room(store, {"Ana": "Curious", "Ben": "=1+1", "Chen": "Calm"})
    session.spoken.start_with("Chen")  # Chen, Ana, Ben
    session.spoken.speak("Calm indeed")
    session.spoken.pass_turn()
    session.spoken.speak("=2+2")
    rows = list(csv.DictReader(io.StringIO(session.room_files()[1][2])))
    assert [(r["name"], r["words"], r["spoken_turn"], r["passed"], r["spoken_note"])
            for r in rows] == [("Ana", "Curious", "2", "yes", ""),
                               ("Ben", "'=1+1", "3", "no", "'=2+2"),
                               ("Chen", "Calm", "1", "no", "Calm indeed")]
    assert all(datetime.fromisoformat(r["spoken_at"]).tzinfo is not None for r in rows)


def test_someone_who_spoke_without_a_phone_has_a_row_of_their_own(store):
    import csv
    import io

    room = store.create_room("Workshop")
    session = RoundSession(store=store, record=True)
    session.ask_phones("check-in", "How are you?")
    room.respond(room.join("Ana").key, room.current_activity, words="fine")
    session.reveal_phones("check-in", ["Zoe", "Ana"])  # Zoe has no phone
    session.speak("tired")
    session.speak("fine")
    rows = list(csv.DictReader(io.StringIO(room.export_csv())))
    assert [(r["name"], r["words"], r["spoken_turn"], r["spoken_note"]) for r in rows] == [
        ("Ana", "fine", "2", "fine"), ("Zoe", "", "1", "tired")]
