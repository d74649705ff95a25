"""The round state machine: order, passing rules of every kind of round, undo, records."""

from __future__ import annotations

import csv
import io
import re
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sociocracy.core.errors import CourseError
from sociocracy.round_minutes import round_markdown, rounds_csv
from sociocracy.rounds import (
    KINDS,
    ROUND_KINDS,
    DiscouragedPassWarning,
    Round,
    RoundRuleError,
    Turn,
)

PEOPLE = ["Ana", "Ben", "Chen", "Dara"]

PASSING = {
    "check-in": "allowed",
    "clarifying-questions": "allowed",
    "quick-reactions": "discouraged",
    "consent": "not allowed",
    "nomination": "not allowed",
    "change": "not allowed",
    "brainstorm": "allowed",
    "evaluation": "allowed",
}


def test_the_issue_names_exactly_these_kinds_of_round() -> None:
    assert set(KINDS) == set(PASSING)


@pytest.mark.parametrize("kind", sorted(PASSING))
def test_every_kind_has_its_sofa_passing_rule(kind: str) -> None:
    assert ROUND_KINDS[kind].passing == PASSING[kind]
    assert ROUND_KINDS[kind].why  # the rule always comes with a reason


@pytest.mark.parametrize("kind", [k for k, rule in PASSING.items() if rule == "allowed"])
def test_passing_is_fine_where_sofa_allows_it(kind: str) -> None:
    r = Round(kind, PEOPLE)
    turn = r.pass_turn()
    assert turn == Turn("Ana", "", None, True) and not turn.discouraged
    assert r.current == "Ben"
    assert r.discouraged_passes() == ()


@pytest.mark.parametrize("kind", ["consent", "nomination"])
def test_consent_and_nomination_rounds_do_not_allow_passing(kind: str) -> None:
    r = Round(kind, PEOPLE, first="Chen")
    assert not r.can_pass
    assert r.pass_blocked_reason
    with pytest.raises(RoundRuleError) as caught:
        r.pass_turn()
    message = str(caught.value)
    assert message.startswith("Chen cannot pass.")
    assert "not possible" in message and kind in message
    assert r.turns == () and r.current == "Chen"  # nothing changed


def test_consent_round_error_says_what_to_say_instead() -> None:
    with pytest.raises(RoundRuleError, match="no abstaining") as caught:
        Round("consent", PEOPLE).pass_turn()
    assert '"objection"' in str(caught.value)


def test_quick_reactions_accepts_a_pass_but_flags_it_as_discouraged() -> None:
    r = Round("quick-reactions", PEOPLE)
    r.speak("Looks good to me")
    with pytest.warns(DiscouragedPassWarning, match="Ben passed.*temperature check"):
        r.pass_turn()
    assert r.can_pass
    assert r.turns[1].passed and r.turns[1].discouraged and not r.turns[0].discouraged
    assert r.turns[1] == Turn("Ben", "", None, True)  # still an ordinary turn record
    assert [t.who for t in r.discouraged_passes()] == ["Ben"]
    assert "temperature check" in r.rule.why
    assert "discouraged" in round_markdown(r)


def test_the_round_goes_round_from_the_first_speaker_and_wraps() -> None:
    r = Round("check-in", PEOPLE, first="Chen")
    assert r.order == ("Chen", "Dara", "Ana", "Ben")
    seen = []
    while not r.is_complete:
        seen.append((r.current, r.next_speaker))
        r.speak(f"note from {r.current}")
    assert seen == [("Chen", "Dara"), ("Dara", "Ana"), ("Ana", "Ben"), ("Ben", None)]
    assert r.next == r.next_speaker
    assert r.current is None and r.next_speaker is None


def test_first_defaults_to_the_first_participant() -> None:
    r = Round("brainstorm", PEOPLE)
    assert r.first == "Ana" and r.current == "Ana" and r.order == tuple(PEOPLE)


def test_a_selections_nominee_speaks_last_in_the_consent_round() -> None:
    r = Round("consent", PEOPLE, first="Ben", last="Chen")
    assert r.order == ("Ben", "Dara", "Ana", "Chen")
    assert Round("consent", PEOPLE, nominee="Ana").order == ("Ben", "Chen", "Dara", "Ana")


def test_the_nominee_cannot_also_start() -> None:
    with pytest.raises(RoundRuleError, match="start with someone else"):
        Round("consent", PEOPLE, first="Ana", last="Ana")


def test_speaking_after_completion_is_refused_with_what_comes_next() -> None:
    r = Round("check-in", ["Ana", "Ben"])
    r.speak("hi")
    r.speak("hello")
    assert r.is_complete
    with pytest.raises(RoundRuleError, match="Start a new round"):
        r.speak("one more")
    with pytest.raises(RoundRuleError, match="complete"):
        r.pass_turn()
    assert not r.can_pass and "complete" in r.pass_blocked_reason
    assert len(r.turns) == 2


def test_undo_at_the_start_is_refused_and_says_who_starts() -> None:
    r = Round("check-in", PEOPLE, first="Dara")
    with pytest.raises(RoundRuleError, match=r"Nothing to undo.*Dara speaks first"):
        r.undo()


def test_undo_gives_the_turn_back_even_after_completion() -> None:
    r = Round("consent", ["Ana", "Ben"])
    r.speak("consent")
    r.speak("objection: the budget")
    undone = r.undo()
    assert undone == Turn("Ben", "objection: the budget", None, False)
    assert not r.is_complete and r.current == "Ben"
    r.speak("consent")
    assert [t.note for t in r.turns] == ["consent", "consent"]


def test_a_turn_unpacks_into_who_note_seconds_passed() -> None:
    r = Round("check-in", PEOPLE)
    who, note, seconds, passed = r.speak("tired but glad", seconds=42)
    assert (who, note, seconds, passed) == ("Ana", "tired but glad", 42.0, False)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "ten", True])
def test_a_turn_length_must_be_a_sensible_number(bad: object) -> None:
    r = Round("check-in", PEOPLE)
    with pytest.raises(RoundRuleError):
        r.speak("x", seconds=bad)  # type: ignore[arg-type]
    assert r.turns == ()


@pytest.mark.parametrize(
    ("participants", "match"),
    [([], "at least one"), (["Ana", "Ana"], "twice"), (["Ana", "  "], "Type a name"),
     ("Ana, Ben", "list of names")],
)
def test_participants_must_be_distinct_names(participants: object, match: str) -> None:
    with pytest.raises(CourseError, match=match):
        Round("check-in", participants)  # type: ignore[arg-type]


def test_unknown_kind_and_strangers_are_refused_with_the_choices() -> None:
    with pytest.raises(RoundRuleError, match="check-in, clarifying-questions"):
        Round("vote", PEOPLE)
    with pytest.raises(RoundRuleError, match="not among the participants"):
        Round("check-in", PEOPLE, first="Zoe")


def test_round_rule_error_is_a_course_error_for_the_apps() -> None:
    assert issubclass(RoundRuleError, CourseError)
    assert issubclass(RoundRuleError, ValueError)


def test_a_one_person_round_is_complete_after_one_turn() -> None:
    r = Round("evaluation", ["Solo"])
    assert r.next_speaker is None
    r.pass_turn()
    assert r.is_complete


def test_airtime_sums_timed_turns_per_person() -> None:
    r = Round("check-in", PEOPLE)
    r.speak("a", seconds=30)
    r.speak("b")
    r.pass_turn(seconds=2)
    r.speak("d", seconds=90)
    assert r.airtime() == {"Ana": 30.0, "Ben": 0.0, "Chen": 2.0, "Dara": 90.0}


def test_round_survives_a_trip_through_plain_data() -> None:
    r = Round("consent", PEOPLE, first="Ben", prompt="Adopt the budget?", last="Ana")
    r.speak("consent", 5)
    r.speak("objection: too fast", 20)
    copy = Round.from_dict(r.to_dict())
    assert copy.turns == r.turns and copy.order == r.order and copy.prompt == r.prompt
    assert copy.current == r.current


def test_markdown_minutes_hold_prompt_order_and_every_note() -> None:
    r = Round("check-in", PEOPLE, first="Ben", prompt="How are you arriving?")
    notes = ["Busy week", "Glad to be here\nand a bit tired", "", "Excited about the garden"]
    for note in notes:
        if note:
            r.speak(note, seconds=40)
        else:
            r.pass_turn()
    text = round_markdown(r, "Garden co-op check-in", date="2026-11-25")
    assert text.startswith("# Garden co-op check-in\n")
    assert "- Prompt: How are you arriving?" in text
    assert "- Speaking order: Ben, Chen, Dara, Ana" in text
    assert "Busy week" in text and "Excited about the garden" in text
    assert "Glad to be here\\\n   and a bit tired" in text  # stays inside its list item
    assert "3. Dara: passed" in text
    assert "| Chen | 40 s | 33% |" in text
    assert "Status: complete" in text


def test_markdown_minutes_never_carry_html_from_names() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    r = Round("check-in", [hostile, "Ben"])
    r.speak("<b>hi</b>", seconds=3)
    text = round_markdown(r)
    assert re.search(r"(?<!\\)<", text) is None  # every "<" is escaped
    assert "\\<img src=x onerror=alert(1)>" in text


def test_csv_has_one_row_per_turn_and_defuses_formulas() -> None:
    r = Round("brainstorm", ["=cmd()", "Ben"])
    r.speak("-2 for this, \"quoted\", and a comma", seconds=12.5)
    r.pass_turn()
    rows = list(csv.reader(io.StringIO(rounds_csv([r], session=False))))
    assert rows[0] == ["turn", "who", "note", "seconds", "passed"]
    assert rows[1] == ["1", "'=cmd()", "'-2 for this, \"quoted\", and a comma", "12.5", "no"]
    assert rows[2] == ["2", "Ben", "", "", "yes"]


def test_a_discouraged_pass_survives_a_trip_through_plain_data() -> None:
    r = Round("quick-reactions", ["Ana", "Ben"])
    with pytest.warns(DiscouragedPassWarning):
        r.pass_turn()
    copy = Round.from_dict(r.to_dict())
    assert copy.turns[0].discouraged and copy.discouraged_passes() == r.discouraged_passes()


# ----------------------------------------------------------------- properties

ACTIONS = st.lists(st.sampled_from(["speak", "pass", "undo"]), max_size=25)


@given(kind=st.sampled_from(KINDS), size=st.integers(1, 7), start=st.integers(0, 6),
       actions=ACTIONS)
def test_any_sequence_of_moves_keeps_the_round_consistent(kind, size, start, actions) -> None:
    people = [f"P{i}" for i in range(size)]
    r = Round(kind, people, first=people[start % size])
    expected: list[tuple[str, bool]] = []  # a plain model: (who, passed) per turn
    for action in actions:
        before = r.current
        try:
            if action == "speak":
                r.speak(f"note {len(expected)}")
                expected.append((before, False))
            elif action == "pass":
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DiscouragedPassWarning)
                    r.pass_turn()
                expected.append((before, True))
            else:
                r.undo()
                expected.pop()
        except RoundRuleError:
            # Refused only for a reason the rules give, and nothing changed.
            assert (action == "undo" and not expected) or len(expected) == size or (
                action == "pass" and ROUND_KINDS[kind].passing == "not allowed")
        assert [(t.who, t.passed) for t in r.turns] == expected
        assert r.is_complete == (len(expected) == size)
        assert r.current == (None if r.is_complete else r.order[len(expected)])
        assert set(r.order) == set(people) and r.order[0] == people[start % size]


def test_change_round_records_no_change_as_a_spoken_turn() -> None:
    # MVOS "Change round": everyone speaks; keeping a nomination is said, not passed.
    r = Round("change", PEOPLE)
    turn = r.speak("no change; nothing new to add")
    assert turn.passed is False and turn.note.startswith("no change")
    assert r.turns[0] == turn


def test_change_round_refuses_a_pass_and_says_to_speak_no_change() -> None:
    r = Round("change", PEOPLE)
    assert not r.can_pass
    with pytest.raises(RoundRuleError, match="no change") as refused:
        r.pass_turn()
    assert "everyone speaks" in str(refused.value)
    assert r.turns == ()


def test_passing_rules_without_a_source_are_marked_as_the_courses_choice() -> None:
    # MVOS "Can people pass?" lists no rule for check-in or evaluation rounds.
    chosen = {name for name, kind in ROUND_KINDS.items() if kind.course_choice}
    assert chosen == {"check-in", "evaluation"}
    for name in chosen:
        assert "the course's choice" in ROUND_KINDS[name].why
    for name in set(ROUND_KINDS) - chosen:
        assert "course's choice" not in ROUND_KINDS[name].why
