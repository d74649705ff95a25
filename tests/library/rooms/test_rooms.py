"""Rooms: joining, activities, answers and the reveal, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re

import pytest

from sociocracy.core.errors import CourseError
from sociocracy.rooms import (
    CODE_ALPHABET,
    ActivityStateError,
    InputError,
    ParticipantNotFound,
    RoomNotFound,
    RoomStore,
)

HOSTILE = "<img src=x onerror=alert(1)>"


def test_a_new_room_has_a_short_unambiguous_code_a_long_token_and_a_join_path(store):
    room = store.create_room("Taste of sociocracy")
    assert len(room.code) == 5 and set(room.code) <= set(CODE_ALPHABET)
    assert not set(room.code) & set("IO01")
    assert len(room.token) >= 32 and room.token not in room.join_path
    assert room.join_path == f"/join/{room.code}"
    assert room.title == "Taste of sociocracy"
    assert room.check_token(room.token) and not room.check_token("guess")


def test_rooms_are_found_by_code_forgivingly_and_listed_newest_first(store):
    first, second = store.create_room("One"), store.create_room("Two")
    assert store.room(first.code.lower()) == first
    assert store.room(f" {second.code[:2]}-{second.code[2:]} ").title == "Two"
    assert store.rooms() == [second, first]


def test_an_unknown_room_code_is_a_plain_room_not_found(store):
    with pytest.raises(RoomNotFound, match="no room with the code ZZZZZ") as caught:
        store.room("zzzzz")
    assert isinstance(caught.value, CourseError)


def test_joining_cleans_the_name_and_gives_the_phone_a_secret_key(store):
    room = store.create_room("Room")
    ana = room.join("   Ana \t  María  ")
    assert ana.name == "Ana María" and ana.key and len(ana.key) >= 32
    assert [(p.id, p.name) for p in room.participants] == [(ana.id, "Ana María")]
    assert room.participants[0].key is None  # the record never hands keys out again
    assert room.participants[0].joined_at == ana.joined_at


@pytest.mark.parametrize(("name", "sentence"), [
    ("", "Type a name"), ("   ", "Type a name"), ("x" * 61, "60 characters or fewer"),
    (None, "should be text"), ("Bob\u202eecilA", "U+202E (RIGHT-TO-LEFT OVERRIDE) after 'Bob'"),
    ("Ana\u200b", "U+200B (ZERO WIDTH SPACE) after 'Ana'"), ("Ana\x00", "control character"),
])
def test_a_name_that_cannot_be_used_is_refused_naming_the_field(store, name, sentence):
    """The course's one names rule, with the label the phone showed as the refusal's field."""
    room = store.create_room("Room")
    with pytest.raises(InputError, match=re.escape(sentence)) as caught:
        room.join(name)
    assert caught.value.field == "Your name"
    assert room.participants == []


def test_a_sixty_character_name_is_accepted(store):
    assert store.create_room("Room").join("x" * 60).name == "x" * 60


@pytest.mark.parametrize("second", ["Ana", "ana", "An\u0430", "\u0410na", "Ａｎａ", " ANA "])
def test_a_name_that_looks_like_one_in_the_room_is_refused_at_join(store, second):
    room = store.create_room("Room")
    ana = room.join("Ana")
    with pytest.raises(InputError, match=r"^Someone here already uses the name Ana: add an "
                                         r"initial\.$") as caught:
        room.join(second)
    assert caught.value.field == "Your name"
    assert [p.name for p in room.participants] == ["Ana"]
    assert room.join(second, key=ana.key).id == ana.id  # the same phone again is not refused
    assert room.join("Ana B.").name == "Ana B."


def test_the_same_key_is_the_same_person_under_the_name_they_joined_with(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    again = room.join("Ana (phone reloaded)", key=ana.key)
    assert again.id == ana.id and again.name == "Ana" and again.key == ana.key
    assert [p.name for p in room.participants] == ["Ana"]


def test_two_phones_joining_as_ana_at_once_let_one_in(location, store):
    """The check and the join are one transaction under the room's lock."""
    import threading

    room = store.create_room("Room")
    results: list[object] = []

    def join(name: str) -> None:
        with RoomStore(location) as other:
            try:
                results.append(other.room(room.code).join(name).name)
            except InputError as exc:
                results.append(exc)

    threads = [threading.Thread(target=join, args=(name,)) for name in ("Ana", "ana", "ANA")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([r for r in results if isinstance(r, str)]) == 1
    assert len(room.participants) == 1


def test_a_key_from_another_room_does_not_join_you_as_someone_there(store):
    one, two = store.create_room("One"), store.create_room("Two")
    ana = one.join("Ana")
    in_two = two.join("Ana", key=ana.key)
    assert in_two.id != ana.id and in_two.key != ana.key
    with pytest.raises(ParticipantNotFound):
        two.respond(ana.key, two.open_activity("check-in", "Hi"), words="x")


@pytest.mark.parametrize("kind", ["check-in", "consent", "nomination", "evaluation"])
def test_each_kind_of_activity_can_be_opened(store, kind):
    room = store.create_room("Room")
    activity = room.open_activity(kind, "Prompt?")
    assert (activity.kind, activity.prompt) == (kind, "Prompt?")
    assert room.current_activity == activity and room.activities == [activity]


def test_an_unknown_kind_of_activity_is_refused_with_the_kinds_listed(store):
    with pytest.raises(InputError, match="check-in, consent, nomination, evaluation"):
        store.create_room("Room").open_activity("vote", "Who wins?")


def test_opening_an_activity_closes_the_one_before(store):
    room = store.create_room("Room")
    first = room.open_activity("check-in", "How are you?")
    second = room.open_activity("consent", "Adopt it?")
    assert room.current_activity.id == second.id
    assert [(a.id, a.closed) for a in room.activities] == [(first.id, True), (second.id, False)]
    ana = room.join("Ana")
    with pytest.raises(ActivityStateError, match="closed"):
        room.respond(ana.key, first, words="late")


def test_closing_the_activity_leaves_no_current_activity_and_refuses_answers(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("check-in", "How are you?")
    assert room.close_activity(activity).closed
    assert room.current_activity is None
    with pytest.raises(ActivityStateError, match="closed"):
        room.respond(ana.key, activity, words="late")


def test_answers_are_counted_once_per_person_and_the_latest_counts(store):
    room = store.create_room("Room")
    ana, ben = room.join("Ana"), room.join("Ben")
    activity = room.open_activity("consent", "Adopt the policy?")
    assert room.answered_count(activity) == 0
    room.respond(ana.key, activity, choice="objection", reason="Too fast")
    room.respond(ana.key, activity, choice="consent")
    assert room.answered_count(activity) == 1
    room.respond(ben.key, activity.id, choice="consent", reason="Fine")
    assert room.answered_count(activity) == 2
    room.reveal(activity)
    assert [(r.name, r.choice, r.reason) for r in room.responses(activity)] == [
        ("Ana", "consent", ""), ("Ben", "consent", "Fine")]


def test_nobody_sees_the_answers_before_the_reveal(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("check-in", "How are you?")
    room.respond(ana.key, activity, words="Tired")
    with pytest.raises(ActivityStateError, match="reveal this round first"):
        room.responses(activity)


def test_a_phone_sees_its_own_answer_before_the_reveal(store):
    room = store.create_room("Room")
    ana, ben = room.join("Ana"), room.join("Ben")
    activity = room.open_activity("check-in", "How are you?")
    assert room.my_response(ana.key, activity) is None
    room.respond(ana.key, activity, words="Tired")
    room.respond(ana.key, activity, words="Awake")
    mine = room.my_response(ana.key, activity)
    assert (mine.name, mine.words) == ("Ana", "Awake")
    assert room.my_response(ben.key, activity) is None
    with pytest.raises(ParticipantNotFound, match="has not joined"):
        room.my_response("not-a-key", activity)


def test_answers_are_revealed_in_the_order_people_joined(store):
    room = store.create_room("Room")
    people = [room.join(name) for name in ["Cleo", "Ana", "Ben"]]
    activity = room.open_activity("evaluation", "How was it?")
    for person in reversed(people):  # answered in the other order
        room.respond(person.key, activity, words=f"{person.name} liked it")
    room.respond(people[0].key, activity, words="Cleo changed her mind")
    revealed = room.reveal(activity)
    assert revealed.revealed and not revealed.closed
    assert [(r.name, r.words) for r in room.responses(activity)] == [
        ("Cleo", "Cleo changed her mind"), ("Ana", "Ana liked it"), ("Ben", "Ben liked it")]
    assert all(r.at.tzinfo is not None for r in room.responses(activity))


def test_after_the_reveal_answers_cannot_change(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("check-in", "How are you?")
    room.respond(ana.key, activity, words="Fine")
    room.reveal(activity)
    room.reveal(activity)  # revealing twice is harmless
    with pytest.raises(ActivityStateError, match="revealed"):
        room.respond(ana.key, activity, words="Actually tired")
    assert [r.words for r in room.responses(activity)] == ["Fine"]


def test_someone_who_has_not_joined_cannot_answer(store):
    room = store.create_room("Room")
    activity = room.open_activity("check-in", "How are you?")
    with pytest.raises(ParticipantNotFound, match=f"has not joined room {room.code}"):
        room.respond("made-up-key", activity, words="Hi")
    assert room.answered_count(activity) == 0


def test_an_objection_needs_a_reason_and_a_choice_must_be_consent_or_objection(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("consent", "Adopt it?")
    with pytest.raises(InputError, match=r"^Reason: ") as caught:
        room.respond(ana.key, activity, choice="objection", reason="  ")
    assert caught.value.field == "Reason"
    with pytest.raises(InputError, match=r"^Your choice: "):
        room.respond(ana.key, activity, choice="maybe")
    room.respond(ana.key, activity, choice="consent")  # consent needs no reason
    assert room.answered_count(activity) == 1


def test_a_nomination_needs_a_nominee_and_a_reason(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("nomination", "Who should facilitate?")
    with pytest.raises(InputError, match=r"^Nominee: "):
        room.respond(ana.key, activity, nominee="", reason="She listens")
    with pytest.raises(InputError, match=r"^Reason: "):
        room.respond(ana.key, activity, nominee="Ben")
    room.respond(ana.key, activity, nominee="Ben", reason="He listens")
    room.reveal(activity)
    assert [(r.nominee, r.reason) for r in room.responses(activity)] == [("Ben", "He listens")]


@pytest.mark.parametrize(("kind", "fields", "label"), [
    ("consent", {"choice": "objection", "reason": "x" * 1001}, "Reason"),
    ("nomination", {"nominee": "x" * 1001, "reason": "ok"}, "Nominee"),
    ("nomination", {"nominee": "Ben", "reason": "x" * 1001}, "Reason"),
    ("check-in", {"words": "x" * 1001}, "Your words"),
    ("evaluation", {"words": ""}, "Your words"),
    ("check-in", {"choice": "consent"}, "Your choice"),
])
def test_text_that_cannot_be_recorded_is_refused_naming_the_field(store, kind, fields, label):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity(kind, "Prompt")
    with pytest.raises(InputError) as caught:
        room.respond(ana.key, activity, **fields)
    assert caught.value.field == label and str(caught.value).startswith(f"{label}: ")
    assert room.answered_count(activity) == 0


def test_a_thousand_characters_with_line_breaks_are_kept(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("check-in", "Prompt")
    words = "line one\nline two " + "x" * 982
    assert len(words) == 1000
    room.respond(ana.key, activity, words=words)
    assert room.my_response(ana.key, activity).words == words


def test_hostile_and_control_characters_are_stored_as_plain_text(store):
    room = store.create_room(HOSTILE)
    person = room.join(HOSTILE)
    activity = room.open_activity("check-in", HOSTILE)
    room.respond(person.key, activity, words="[x](javascript:alert(1))\x07")
    room.reveal(activity)
    assert store.room(room.code).title == HOSTILE
    assert room.participants[0].name == HOSTILE
    assert room.responses(activity)[0].words == "[x](javascript:alert(1))"


def test_another_connection_sees_the_same_room(location, store):
    room = store.create_room("Shared")
    ana = room.join("Ana")
    activity = room.open_activity("check-in", "Hello?")
    with RoomStore(location) as other:
        there = other.room(room.code)
        there.respond(ana.key, activity.id, words="Hi from the web server")
    assert room.answered_count(activity) == 1


def test_the_record_is_append_only(location, store):
    store.create_room("Room")
    backend = store._backend
    with pytest.raises(CourseError, match="append-only"), backend.transaction() as tx:
        tx.execute("DELETE FROM events")
    assert len(store.rooms()) == 1


def test_a_closed_store_says_so(location):
    store = RoomStore(location)
    store.close()
    store.close()
    with pytest.raises(CourseError, match="closed"):
        store.rooms()


def _recorded_answers(store, room) -> list[str]:
    """Every answer event in the record for ``room`` (the log itself, not the latest-wins view)."""
    rows = store._backend.read(
        "SELECT body FROM events WHERE kind = 'responded' AND stream = ? ORDER BY seq",
        (room.code,))
    return [body for (body,) in rows]


def test_a_send_repeated_under_its_id_is_recorded_once(store):
    """A phone that lost its connection sends again under the same id (issue 25)."""
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("check-in", "Arriving?")
    first = room.respond(ana.key, activity, send_id="phone-1", words="Here")
    again = room.respond(ana.key, activity, send_id="phone-1", words="Here")
    assert again.fields == first.fields == {"words": "Here"}
    assert len(_recorded_answers(store, room)) == 1
    room.respond(ana.key, activity, send_id="phone-2", words="Here, and tired")
    # an old send arriving late neither comes back nor replaces the newer answer
    room.respond(ana.key, activity, send_id="phone-1", words="Here")
    assert len(_recorded_answers(store, room)) == 2
    assert room.my_response(ana.key, activity).fields == {"words": "Here, and tired"}


def test_a_send_that_arrived_before_the_reveal_is_not_refused_when_it_comes_again(store):
    room = store.create_room("Room")
    ana = room.join("Ana")
    activity = room.open_activity("consent", "Adopt it?")
    room.respond(ana.key, activity, send_id="s1", choice="consent")
    room.reveal(activity)
    assert room.respond(ana.key, activity, send_id="s1", choice="consent").choice == "consent"
    with pytest.raises(ActivityStateError):
        room.respond(ana.key, activity, send_id="s2", choice="consent")
    assert len(_recorded_answers(store, room)) == 1


def test_send_ids_belong_to_their_participant_and_round(store):
    room = store.create_room("Room")
    ana, ben = room.join("Ana"), room.join("Ben")
    first = room.open_activity("check-in", "One?")
    room.respond(ana.key, first, send_id="same", words="Ana one")
    room.respond(ben.key, first, send_id="same", words="Ben one")
    second = room.open_activity("check-in", "Two?")
    room.respond(ana.key, second, send_id="same", words="Ana two")
    assert len(_recorded_answers(store, room)) == 3
    room.reveal(second)
    assert [r.words for r in room.responses(second)] == ["Ana two"]
