"""The consent library: range of tolerance, the four methods, and SoFA's consent process."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociocracy.consent import (
    METHODS,
    POSTPONING,
    STRATEGIES,
    ConsentProcess,
    Member,
    Postponement,
    ProcessError,
    add_months,
    compare_methods,
    decide,
)
from sociocracy.core.errors import CourseError
from sociocracy.course.consent_exercises import (
    check_consent_responses,
    check_majority_leaves_out,
    check_measure_integration,
    check_review_early,
    check_sorting,
    check_workable,
    newsletter_process,
)
from sociocracy.logbook import consent_logbook_entry
from sociocracy.responses import KINDS, STATEMENTS, check_sort, normalise_response
from sociocracy.rounds import DiscouragedPassWarning, RoundRuleError

# --- range of tolerance ----------------------------------------------------------------------

coordinate = st.floats(min_value=0, max_value=10, allow_nan=False)
members_1d = st.lists(
    st.builds(Member, name=st.text("abcdefgh", min_size=1, max_size=4), preference=coordinate,
              tolerance=st.floats(min_value=0, max_value=6, allow_nan=False)),
    min_size=1, max_size=9,
)
pairs = st.tuples(coordinate, coordinate)
members_2d = st.lists(
    st.builds(Member, name=st.just("m"), preference=pairs,
              tolerance=st.floats(min_value=0, max_value=6, allow_nan=False)),
    min_size=1, max_size=9,
)


def _outside(member: Member, proposal) -> bool:
    return float(np.linalg.norm(member.point - np.atleast_1d(proposal))) > member.tolerance


@settings(max_examples=300, deadline=None)
@given(members=members_1d, proposal=coordinate)
def test_consent_never_passes_a_proposal_outside_anyones_tolerance_1d(members, proposal):
    outcome = decide("consent", members, proposal)
    if outcome.passed:
        assert not any(_outside(m, proposal) for m in members)
        assert outcome.left_out == ()
    else:
        assert any(_outside(m, proposal) for m in members)


@settings(max_examples=200, deadline=None)
@given(members=members_2d, proposal=pairs)
def test_consent_never_passes_a_proposal_outside_anyones_tolerance_2d(members, proposal):
    outcome = decide("consent", members, proposal)
    assert outcome.passed == (not any(_outside(m, proposal) for m in members))


@settings(max_examples=200, deadline=None)
@given(members=members_1d, proposal=coordinate, status_quo=coordinate)
def test_majority_passes_only_with_more_than_half_the_votes(members, proposal, status_quo):
    outcome = decide("majority", members, proposal, status_quo=status_quo)
    assert outcome.passed == (2 * len(outcome.in_favour) > len(members))
    outvoted = len(members) - len(outcome.in_favour)
    if outcome.passed:
        assert outvoted < len(members) / 2  # up to just under half can be outvoted


def test_majority_sometimes_passes_a_proposal_outside_someones_tolerance():
    members = [Member("Ana", 6, 2), Member("Ben", 7, 2), Member("Chloé", 1, 1.5)]
    outcome = decide("majority", members, 6.5, status_quo=2)
    assert outcome.passed
    assert outcome.left_out == ("Chloé",)
    assert not decide("consent", members, 6.5).passed


def test_consent_finds_a_workable_proposal_that_majority_and_unanimity_reject():
    # Nobody's favourite, everyone can work with it: the middle ground majority vote misses.
    members = [Member("Ana", 2, 3), Member("Ben", 3, 2.5), Member("Chloé", 6, 3.5)]
    outcome = {m: decide(m, members, 4.5, status_quo=2.5) for m in METHODS}
    assert outcome["consent"].passed
    assert not outcome["majority"].passed
    assert not outcome["unanimity"].passed


def test_autocratic_follows_the_deciders_preference_only():
    members = [Member("Ana", 2, 3), Member("Ben", 8, 1)]
    assert decide("autocratic", members, 2.2, decider="Ana").passed
    assert decide("autocratic", members, 2.2, decider="Ana").left_out == ("Ben",)
    assert not decide("autocratic", members, 2.2, decider="Ben").passed


def test_decide_rejects_unknown_methods_and_deciders():
    members = [Member("Ana", 2, 3)]
    with pytest.raises(ValueError, match="unknown method"):
        decide("sortition", members, 2)
    with pytest.raises(ValueError, match="not one of the members"):
        decide("autocratic", members, 2, decider="Zoe")


def test_member_support_zone_must_lie_inside_tolerance():
    with pytest.raises(ValueError, match="inside their tolerance"):
        Member("Ana", 2, tolerance=1, support=2)


@pytest.mark.parametrize("dims", [1, 2])
def test_compare_methods_consent_leaves_nobody_out_and_majority_does(dims):
    result = compare_methods(7, trials=5_000, seed=11, dims=dims)
    assert result.stats["consent"].mean_left_out == 0
    assert result.stats["consent"].max_left_out == 0
    assert result.stats["consent"].workable_rejected == 0
    assert result.stats["consent"].pass_rate == pytest.approx(result.workable_rate)
    assert result.stats["majority"].max_left_out > 0
    assert result.stats["majority"].workable_rejected > 0
    assert result.stats["unanimity"].pass_rate <= result.stats["consent"].pass_rate


def test_compare_methods_same_seed_same_result_and_seed_matters():
    assert compare_methods(5, trials=2_000, seed=4) == compare_methods(5, trials=2_000, seed=4)
    assert compare_methods(5, trials=2_000, seed=4) != compare_methods(5, trials=2_000, seed=5)


def test_compare_methods_sentence_names_the_numbers():
    result = compare_methods(6, trials=3_000, seed=1)
    sentence = result.sentence()
    assert "3,000 random groups of 6" in sentence
    assert f"{result.stats['consent'].pass_rate:.0%}" in sentence
    assert "never left anyone out" in sentence


# --- the consent process ---------------------------------------------------------------------

MEMBERS = ["Ana", "Ben", "Chloé", "Dev"]
NEWSLETTER = "Send the newsletter once a month instead of every two weeks."


def _through_reactions(process: ConsentProcess) -> ConsentProcess:
    """Present, then complete the clarifying-questions and quick-reactions rounds."""
    assert process.advance() == "clarifying-questions"
    for _ in process.members:
        process.round.speak("no question")
    assert process.advance() == "quick-reactions"
    for _ in process.members:
        process.round.speak("looks fine")
    assert process.advance() == "consent-round"
    return process


def _all_consent(process: ConsentProcess) -> None:
    while not process.round.is_complete:
        process.respond(process.round.current, "consent")


def test_steps_run_in_sofas_order_to_a_published_decision():
    process = ConsentProcess(NEWSLETTER, MEMBERS)
    assert process.step == "present"
    _through_reactions(process)
    assert process.round.kind == "consent"
    assert process.decision is None
    _all_consent(process)
    assert process.decision is not None  # the consent round ended with no objection
    assert process.advance() == "decided"
    decision = process.publish(dt.date(2026, 12, 1), decided_on=dt.date(2026, 11, 25))
    assert process.step == "published"
    assert decision.review_date == dt.date(2026, 12, 1)
    assert decision.consented_by == tuple(MEMBERS)
    assert decision.term_months == 12


def test_every_round_is_a_round_of_the_right_kind():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS, first="Chloé"))
    kinds = [(step, rnd.kind, rnd.first) for step, rnd in process.rounds]
    assert kinds == [("clarifying-questions", "clarifying-questions", "Chloé"),
                     ("quick-reactions", "quick-reactions", "Chloé"),
                     ("consent-round", "consent", "Chloé")]


def test_a_full_process_with_one_objection_integrated_by_shortening_the_term():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS, term_months=12))
    process.respond("Ana", "consent")
    process.respond("Ben", "objection", "Donations may fall and we would not notice for a year.")
    process.respond("Chloé", "consent")
    process.respond("Dev", "no objection")
    assert process.decision is None
    assert process.advance() == "integrate-objections"
    assert [o.member for o in process.open_objections] == ["Ben"]
    process.integrate("Ben", "shorten-term", months=3)
    assert process.advance() == "consent-round"
    assert process.consent_rounds == 2
    _all_consent(process)
    assert process.advance() == "decided"
    decision = process.publish(decided_on=dt.date(2026, 11, 25))
    assert process.step == "published"
    assert decision.term_months == 3
    assert decision.term_ends == dt.date(2027, 2, 25)
    assert decision.review_date == dt.date(2027, 2, 25)
    assert process.objections[0].integrated
    assert "shortened the term from 12 to 3 months" in consent_logbook_entry(process)


@pytest.mark.parametrize("response", ["abstain", "stand aside", "Stand-aside", "block", "veto",
                                      "concern", "pass", "maybe"])
def test_consent_round_refuses_anything_but_consent_or_objection(response):
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    with pytest.raises(ProcessError) as caught:
        process.respond("Ana", response, "I am not sure")
    message = str(caught.value)
    assert "consent (no objection)" in message and "objection" in message
    assert process.round.turns == ()  # nothing was recorded
    assert process.round.current == "Ana"


@pytest.mark.parametrize(("response", "tradition"), [
    ("abstain", "consensus"), ("stand aside", "consensus"), ("block", "formal consensus"),
    ("concern", "Sociocracy 3.0"), ("pass", "not in a consent round"),
])
def test_refused_responses_name_the_traditions_that_have_them(response, tradition):
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    with pytest.raises(ProcessError, match=tradition):
        process.respond("Ana", response)


def test_consent_round_does_not_allow_passing_by_the_rounds_own_rule():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    with pytest.raises(ProcessError) as caught:
        process.respond("Ana", "pass")
    assert isinstance(caught.value.__cause__, RoundRuleError)


def test_an_objection_needs_a_reason():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    for reason in (None, "", "   "):
        with pytest.raises(ProcessError, match="needs a reason"):
            process.respond("Ana", "objection", reason)
    assert process.objections == []


def test_only_members_answer_and_nobody_answers_twice():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    with pytest.raises(ProcessError, match="not a member"):
        process.respond("Zoe", "consent")
    process.respond("Ana", "consent")
    with pytest.raises(ProcessError, match="already answered"):
        process.respond("Ana", "objection", "changed my mind")
    _all_consent(process)
    with pytest.raises(ProcessError, match="Everyone has answered"):
        process.respond("Ana", "consent")


def test_an_answer_out_of_turn_enters_the_round_at_its_turn():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    process.respond("Chloé", "objection", "Too rare")  # Ana's turn: Chloé's answer waits
    assert process.round.turns == ()
    process.respond("Ana", "consent")
    process.respond("Ben", "consent")                 # Chloé's answer follows Ben's
    assert [t.who for t in process.round.turns] == ["Ana", "Ben", "Chloé"]
    assert process.round.turns[2].note == "objection: Too rare"
    assert process.round.current == "Dev"
    process.respond("Dev", "consent")
    assert process.round.is_complete and process.decision is None
    assert process.advance() == "integrate-objections"


@pytest.mark.parametrize("call", [
    lambda p: p.respond("Ana", "consent"),
    lambda p: p.amend("Something else"),
    lambda p: p.integrate("Ana", "amend", text="x"),
    lambda p: p.publish(),
])
def test_steps_called_out_of_order_say_what_comes_next(call):
    process = ConsentProcess(NEWSLETTER, MEMBERS)
    with pytest.raises(ProcessError, match="Next: present the proposal"):
        call(process)


def test_process_errors_say_what_comes_next_in_words_and_in_code():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    _all_consent(process)
    process.advance()
    with pytest.raises(ProcessError) as caught:
        process.advance()
    assert caught.value.plain == ("Advancing is not possible during the decided step. We have "
                                  "consent. Next: publish the decision with its review date.")
    assert caught.value.code == "publish(review_date)"
    assert str(caught.value).endswith("(in code: publish(review_date))")


def test_rounds_must_be_complete_before_advancing():
    process = ConsentProcess(NEWSLETTER, MEMBERS)
    process.advance()
    process.round.speak("What does 'monthly' mean?")
    with pytest.raises(ProcessError, match="it is Ben's turn"):
        process.advance()
    for _ in range(3):
        process.round.pass_turn()  # passing is fine in clarifying questions
    process.advance()
    with pytest.raises(ProcessError, match="not complete"):
        process.advance()
    with pytest.warns(DiscouragedPassWarning):
        process.round.pass_turn()  # discouraged in quick reactions, but possible
    assert process.round.discouraged_passes()


def test_consent_round_must_be_complete_before_acknowledging():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    process.respond("Ana", "consent")
    with pytest.raises(ProcessError, match="Ben has not answered"):
        process.advance()


def test_amend_only_during_quick_reactions():
    process = ConsentProcess(NEWSLETTER, MEMBERS)
    process.advance()
    with pytest.raises(ProcessError, match="quick-reactions"):
        process.amend("Monthly newsletter.")
    for _ in MEMBERS:
        process.round.speak()
    process.advance()
    process.amend("Send the newsletter monthly, on the first Monday.")
    with pytest.raises(ProcessError, match="cannot be empty"):
        process.amend("  ")
    assert process.proposal == "Send the newsletter monthly, on the first Monday."
    assert process.amendments == [(NEWSLETTER, process.proposal)]


def test_objections_must_all_be_integrated_before_a_new_consent_round():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    process.respond("Ana", "objection", "Donations may fall")
    process.respond("Ben", "objection", "Our volunteers need the fortnightly rhythm")
    _all_consent(process)
    process.advance()
    process.integrate(0, "measure", measure="donations and click rate, weekly",
                      alarm="clicks fall 15% or donations 10%")
    with pytest.raises(ProcessError, match="integrate the objection of Ben"):
        process.advance()
    process.integrate("Ben", "shorten-term", months=6)
    assert process.advance() == "consent-round"
    _all_consent(process)
    process.advance()
    decision = process.publish(decided_on=dt.date(2026, 1, 31))
    assert decision.measures[0].alarm == "clicks fall 15% or donations 10%"
    assert decision.term_ends == dt.date(2026, 7, 31)


@pytest.mark.parametrize(("strategy", "details", "message"), [
    ("vote", {}, "Unknown strategy"),
    ("amend", {}, "missing: text"),
    ("amend", {"text": NEWSLETTER}, "same as before"),
    ("shorten-term", {"months": 12}, "shorter term"),
    ("shorten-term", {"months": 0}, "at least 1"),
    ("shorten-term", {"months": 2.5}, "whole number"),
    ("shorten-term", {"months": 3, "weeks": 2}, "not used: weeks"),
    ("measure", {"measure": "clicks"}, "missing: alarm"),
    ("helping-circle", {"members": ["  "], "task": "research", "come_back": "2027-03-01"},
     "at least one member"),
    ("helping-circle", {"members": ["Ben"], "task": "research"}, "missing: come_back"),
    ("more-information", {"task": "ask donors", "come_back": "next week"}, "a date like"),
])
def test_integration_strategies_refuse_incomplete_details(strategy, details, message):
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    process.respond("Ana", "objection", "Donations may fall")
    _all_consent(process)
    process.advance()
    with pytest.raises(ProcessError, match=message):
        process.integrate("Ana", strategy, **details)
    assert process.open_objections


def test_integrate_by_amending_changes_the_proposal_and_unknown_objections_are_refused():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    process.respond("Ana", "objection", "Too rare")
    _all_consent(process)
    process.advance()
    with pytest.raises(ProcessError, match="no open objection"):
        process.integrate("Ben", "amend", text="x")
    with pytest.raises(ProcessError, match="number 3"):
        process.integrate(3, "amend", text="x")
    process.integrate(process.objections[0], "amend", text="Every three weeks.")
    assert process.proposal == "Every three weeks."
    with pytest.raises(ProcessError, match="no open objection"):
        process.integrate("Ana", "amend", text="y")


def test_advance_after_decided_and_published_say_what_comes_next():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    _all_consent(process)
    process.advance()
    with pytest.raises(ProcessError, match=r"publish\(review_date\)"):
        process.advance()
    process.publish()
    with pytest.raises(ProcessError, match="finished"):
        process.advance()
    with pytest.raises(ProcessError, match="finished"):
        process.publish()


def test_review_date_must_come_after_the_decision_and_may_be_iso_text():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS, term_months=6))
    _all_consent(process)
    process.advance()
    today = dt.date(2026, 11, 25)
    for bad in (today, "2026-01-01"):
        with pytest.raises(ProcessError, match="must fall after the decision"):
            process.publish(bad, decided_on=today)
    with pytest.raises(ProcessError, match="a date like"):
        process.publish("next spring", decided_on=today)
    assert process.publish("2027-05-25", decided_on=today).review_date == dt.date(2027, 5, 25)
    assert "Review date: 2027-05-25\n" in consent_logbook_entry(process)


def test_a_review_after_the_end_of_the_term_is_refused_with_the_reason():
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS, term_months=12))
    _all_consent(process)
    process.advance()
    today = dt.date(2026, 11, 29)
    with pytest.raises(ProcessError) as refused:
        process.publish(dt.date(2029, 6, 1), decided_on=today)
    assert "falls after the end of the term (2027-11-29)" in refused.value.plain
    assert process.step == "decided" and not process.decision.published
    # the last day of the term is still within it
    assert process.publish("2027-11-29", decided_on=today).review_date == dt.date(2027, 11, 29)
    assert "after the end of the term" not in consent_logbook_entry(process)


def _to_consent_round(process: ConsentProcess) -> ConsentProcess:
    _through_reactions(process)
    assert process.step == "consent-round"
    return process


def test_undo_response_takes_back_a_misclicked_objection_and_the_member_answers_again():
    process = _to_consent_round(ConsentProcess(NEWSLETTER, MEMBERS))
    first, second = MEMBERS[0], MEMBERS[1]
    process.respond(first, "consent")
    process.respond(second, "objection", "misclicked")
    undone = process.undo_response()
    assert (undone.member, undone.response) == (second, "objection")
    assert process.objections == [] and [r.member for r in process.current_responses] == [first]
    assert process.round.current == second
    process.respond(second, "consent")
    assert [r.response for r in process.current_responses] == ["consent", "consent"]


def test_undoing_the_answer_that_completed_the_round_withdraws_the_decision():
    process = _to_consent_round(ConsentProcess(NEWSLETTER, MEMBERS))
    for member in MEMBERS:
        process.respond(member, "consent")
    assert process.decision is not None and process.round.is_complete
    process.undo_response()
    assert process.decision is None and process.round.current == MEMBERS[-1]
    with pytest.raises(ProcessError, match="not complete"):
        process.advance()


def test_undo_response_keeps_later_answers_given_out_of_turn():
    process = _to_consent_round(ConsentProcess(NEWSLETTER, MEMBERS))
    last = MEMBERS[-1]
    process.respond(last, "consent")          # out of turn: waits for their turn
    process.respond(MEMBERS[0], "consent")
    assert process.undo_response().member == MEMBERS[0]
    assert [r.member for r in process.current_responses] == [last]
    assert process.round.current == MEMBERS[0]


def test_undo_response_is_refused_outside_the_consent_round_and_before_any_answer():
    process = ConsentProcess(NEWSLETTER, MEMBERS)
    with pytest.raises(ProcessError, match="not possible during the present step"):
        process.undo_response()
    _to_consent_round(process)
    with pytest.raises(ProcessError, match="Nobody has answered"):
        process.undo_response()
    for member in MEMBERS:
        process.respond(member, "consent")
    process.advance()
    with pytest.raises(ProcessError, match="not possible during the decided step"):
        process.undo_response()


@pytest.mark.parametrize(("strategy", "details", "check"), [
    ("shorten-term", {"term_months": 3}, lambda p: p.term_months == 3),
    ("shorten-term", {"months": "3 months"}, lambda p: p.term_months == 3),
    ("shorten-term", {"months": 6.0}, lambda p: p.term_months == 6),
    ("measure", {"measure": "clicks", "threshold": "-15%"},
     lambda p: p.measures[0].alarm == "-15%"),
    ("amend", {"proposal": "Every three weeks."}, lambda p: p.proposal == "Every three weeks."),
    ("helping-circle", {"members": "Ben", "mandate": "ask donors", "back_on": "2027-03-01"},
     lambda p: p.helping_circles[0].members == ("Ben",)
     and p.postponement.come_back == dt.date(2027, 3, 1)),
])
def test_integration_details_accept_common_other_names(strategy, details, check):
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    process.respond("Ana", "objection", "Donations may fall")
    _all_consent(process)
    process.advance()
    process.integrate(process.objections[0], strategy, **details)
    assert check(process)


def test_members_may_be_given_as_member_objects():
    process = ConsentProcess(NEWSLETTER, [Member("Ana", 1, 1), Member("Ben", 2, 1)])
    assert process.members == ("Ana", "Ben")


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("", MEMBERS), {}, "Write the proposal"),
    ((NEWSLETTER, ["Ana"]), {}, "at least two"),
    ((NEWSLETTER, ["Ana", "Ana"]), {}, "listed twice"),
    ((NEWSLETTER, MEMBERS), {"first": "Zoe"}, "not a member"),
    ((NEWSLETTER, MEMBERS), {"term_months": 0}, "at least one month"),
])
def test_a_process_needs_a_proposal_and_named_members(args, kwargs, message):
    with pytest.raises(CourseError, match=message):
        ConsentProcess(*args, **kwargs)


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 12, 15), 12) == dt.date(2028, 12, 15)


def test_logbook_entry_holds_everything_and_never_raw_html():
    hostile = "<img src=x onerror=alert(1)>"
    process = ConsentProcess(f"Plant beans {hostile}", ["Ana", hostile, "Chloé"],
                             circle=f"Garden {hostile}")
    process.advance()
    process.round.speak(f"question {hostile}")
    process.round.pass_turn()
    process.round.speak("none")
    process.advance()
    for _ in range(3):
        process.round.speak("fine")
    process.amend(f"Plant beans and peas {hostile}")
    process.advance()
    process.respond("Ana", "objection", f"Peas fail here {hostile}")
    process.respond(hostile, "consent")
    process.respond("Chloé", "consent")
    process.advance()
    process.integrate("Ana", "measure", measure=f"yield {hostile}", alarm="half of last year")
    process.advance()
    _all_consent(process)
    process.advance()
    process.publish(decided_on=dt.date(2026, 3, 1))
    entry = consent_logbook_entry(process)
    assert not re.search(r"(?<!\\)<", entry)  # every < is escaped as \<
    escaped = hostile.replace("<", "\\<")
    for text in (f"Plant beans and peas {escaped}", f"Peas fail here {escaped}",
                 f"question {escaped}", f"yield {escaped}", f"Garden {escaped}",
                 f"> Plant beans {escaped}", "Review date: 2027-03-01", "Consent round 2",
                 "measure", "passed"):
        assert text in entry, text


# --- exercise self-checks and the sorter's data ----------------------------------------------

def test_exercise_checks_treat_the_placeholder_as_not_answered():
    for check in (check_workable, check_majority_leaves_out, check_consent_responses,
                  check_review_early, check_sorting):
        assert check(...).startswith("Not answered yet")
    assert check_measure_integration(newsletter_process()).startswith("Not answered yet")


def test_exercise_checks_explain_wrong_answers():
    assert "outside the tolerance of" in check_workable(7)
    assert check_workable("four") == "Give a number from 0 to 10."
    assert "rejects" in check_majority_leaves_out(9)
    assert "nobody is left out" in check_majority_leaves_out(4.25)
    assert "stand" in check_consent_responses({"consent", "objection", "stand aside"})
    assert "missing" in check_consent_responses({"consent"})
    assert check_review_early(True).startswith("Not quite")
    assert "0 of 1 right" in check_sorting({4: "objection"})
    assert "no statement" in check_sorting({99: "question"})


def test_measure_check_accepts_other_strategies_but_says_so():
    process = newsletter_process()
    process.integrate("Ben", "shorten-term", months=3)
    assert "not by measuring" in check_measure_integration(process)


def test_sorter_statements_cover_every_kind_and_explain_themselves():
    assert {s.kind for s in STATEMENTS} == set(KINDS)
    assert all(s.why for s in STATEMENTS)
    with pytest.raises(ValueError, match="Choose one of"):
        check_sort(STATEMENTS[0], "veto")


def test_no_objection_is_consent():
    assert normalise_response(" No  Objection ") == "consent"
    assert normalise_response("stand aside") is None


def test_logbook_text_cannot_become_a_link_an_image_or_an_unescaped_tag():
    from sociocracy.logbook import md_text

    assert md_text("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"
    assert md_text("![](http://tracker.example/p.gif)") == "!\\[\\](http://tracker.example/p.gif)"
    assert md_text("\\<b>") == "\\\\\\<b>"  # a typed backslash cannot undo the escape
    assert md_text("line one\nline two") == "line one\\\n  line two"  # a hard break


@settings(max_examples=25, deadline=None)
@given(group_size=st.integers(1, 12), seed=st.integers(0, 2**32 - 1), dims=st.sampled_from([1, 2]))
def test_compare_methods_never_leaves_anyone_out_under_consent(group_size, seed, dims):
    result = compare_methods(group_size, trials=300, seed=seed, dims=dims)
    assert result.stats["consent"].max_left_out == 0
    assert result.stats["unanimity"].max_left_out == 0  # preferences lie inside tolerances
    assert 0 <= result.stats["majority"].max_left_out <= group_size
    assert result.stats["consent"].pass_rate == result.workable_rate


# --- a helping circle postpones the decision (MVOS: it is not one of the three strategies) ---

def _objection_to_integrate() -> ConsentProcess:
    process = _through_reactions(ConsentProcess(NEWSLETTER, MEMBERS))
    process.respond("Ana", "objection", "Donations may fall")
    _all_consent(process)
    process.advance()
    return process


@pytest.mark.parametrize(("how", "details"), [
    ("helping-circle", {"members": ["Ana", "Dev"], "task": "ask five donors"}),
    ("more-information", {"task": "look up last year's donations"}),
])
def test_a_helping_circle_postpones_and_never_reaches_a_consent_round_on_the_same_text(
        how, details):
    process = _objection_to_integrate()
    rounds_before = process.consent_rounds
    result = process.integrate("Ana", how, come_back=dt.date(2027, 3, 1), **details)
    assert isinstance(result, Postponement) and process.step == "postponed"
    assert result.proposal == NEWSLETTER and result.come_back == dt.date(2027, 3, 1)
    assert process.decision is None
    assert not process.objections[0].integrated  # postponed, not integrated
    for attempt in (process.advance, lambda: process.respond("Ana", "consent"),
                    lambda: process.publish()):
        with pytest.raises(ProcessError, match="new consent process"):
            attempt()
    assert process.consent_rounds == rounds_before and process.step == "postponed"
    entry = consent_logbook_entry(process)
    assert "postponed, no decision" in entry and "2027-03-01" in entry


def test_the_three_strategies_are_the_ones_mvos_names():
    assert set(STRATEGIES) == {"amend", "shorten-term", "measure"}
    assert "helping-circle" not in STRATEGIES and "helping-circle" in POSTPONING


def test_the_unanimity_sentence_says_how_many_want_the_proposal_in_plain_words():
    from sociocracy.tolerance import EXAMPLE_MEMBERS, decide

    def unanimity(proposal: float) -> str:
        return decide("unanimity", EXAMPLE_MEMBERS, proposal, status_quo=1).sentence()
    sentences = {unanimity(x / 2) for x in range(0, 21)}
    assert all(re.search(r"\((everyone wants it|nobody wants it|only 1 wants it|only \d+ want "
                         r"it)\)", s) for s in sentences), sentences
    assert any("everyone" not in s for s in sentences)
