"""The consent library: range of tolerance, the four methods, and SoFA's consent process."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociocracy.consent import METHODS, Member, compare_methods, decide

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


def test_consent_finds_a_workable_proposal_that_majority_and_consensus_reject():
    # Nobody's favourite, everyone can work with it: the middle ground majority vote misses.
    members = [Member("Ana", 2, 3), Member("Ben", 3, 2.5), Member("Chloé", 6, 3.5)]
    outcome = {m: decide(m, members, 4.5, status_quo=2.5) for m in METHODS}
    assert outcome["consent"].passed
    assert not outcome["majority"].passed
    assert not outcome["consensus"].passed


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
    assert result.stats["consensus"].pass_rate <= result.stats["consent"].pass_rate


def test_compare_methods_same_seed_same_result_and_seed_matters():
    assert compare_methods(5, trials=2_000, seed=4) == compare_methods(5, trials=2_000, seed=4)
    assert compare_methods(5, trials=2_000, seed=4) != compare_methods(5, trials=2_000, seed=5)


def test_compare_methods_sentence_names_the_numbers():
    result = compare_methods(6, trials=3_000, seed=1)
    sentence = result.sentence()
    assert "3,000 random groups of 6" in sentence
    assert f"{result.stats['consent'].pass_rate:.0%}" in sentence
    assert "never left anyone out" in sentence
