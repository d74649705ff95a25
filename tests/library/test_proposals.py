"""Hidden considerations: open discussion hides quiet members' knowledge; rounds bring it out."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociocracy.core.errors import CourseError, ProcessError
from sociocracy.proposals import (
    DEFAULT_ISSUE,
    PROPOSAL_FORMING_STEPS,
    ProposalForming,
    airtime_shares,
    compare,
    hold_considerations,
    simulate,
)


def test_airtime_matches_the_quoted_concentration_figures():
    # Thompson (2013): 4 people, 2 do 62 %; 6 people, 3 do 70 %; 8 people, 3 do 70 %.
    assert airtime_shares(4)[:2].sum() == pytest.approx(0.62, abs=0.02)
    assert airtime_shares(6)[:3].sum() == pytest.approx(0.70, abs=0.02)
    assert airtime_shares(8)[:3].sum() == pytest.approx(0.70, abs=0.02)


def test_dominance_steepens_with_group_size():
    assert airtime_shares(4)[0] < airtime_shares(10)[0]
    shares = airtime_shares(10)
    assert np.all(np.diff(shares) < 0) and shares.sum() == pytest.approx(1.0)


def test_considerations_are_dealt_member_by_member_with_the_issue_texts():
    held = hold_considerations(3, per_member=2)
    assert [c.holder for c in held] == [0, 0, 1, 1, 2, 2]
    assert held[2].text == DEFAULT_ISSUE[2][0]
    many = hold_considerations(16, per_member=2)
    assert len(many) == 32 and "consideration" in many[-1].text


def test_rounds_bring_out_nearly_all_and_open_discussion_loses_the_quiet_half():
    results = compare(10, per_member=2, meetings=2000, seed=3)
    open_, rounds = results["open"], results["rounds"]
    assert rounds.picture_share > 0.9
    assert open_.picture_share < 0.7
    assert open_.quiet_half_share() < 0.4 < 0.9 < rounds.quiet_half_share()


def test_without_passing_rounds_bring_out_every_consideration():
    result = simulate("rounds", 7, per_member=3, meetings=50, pass_chance=0.0, seed=1)
    assert result.surfaced.all() and result.complete_share == 1.0


def test_the_most_talkative_member_is_heard_fully_in_open_discussion():
    result = simulate("open", 8, per_member=2, meetings=3000, seed=5)
    by_member = result.voiced_by_member()
    assert by_member[0] > 1.9  # the dominant speaker nearly always voices both
    assert by_member[-1] < 0.8  # the quietest usually does not
    assert by_member[0] > by_member[-1]


def test_surfaced_and_hidden_lists_split_the_whole_picture():
    result = simulate("open", 6, meetings=3, seed=2)
    out, hidden = result.surfaced_in(1), result.hidden_in(1)
    assert len(out) + len(hidden) == result.total
    assert set(out).isdisjoint(hidden)
    assert len(out) == result.counts[1]


def test_same_seed_same_result_and_different_seed_differs():
    a = simulate("open", 9, meetings=200, seed=42)
    b = simulate("open", 9, meetings=200, seed=42)
    c = simulate("open", 9, meetings=200, seed=43)
    assert np.array_equal(a.surfaced, b.surfaced)
    assert not np.array_equal(a.surfaced, c.surfaced)
    x, y = compare(9, seed=7), compare(9, seed=7)
    assert all(np.array_equal(x[m].surfaced, y[m].surfaced) for m in x)


@pytest.mark.parametrize("kwargs, message", [
    ({"mode": "vote", "group_size": 5}, "mode"),
    ({"mode": "open", "group_size": 1}, "group size"),
    ({"mode": "open", "group_size": 5, "meetings": 0}, "at least one meeting"),
    ({"mode": "open", "group_size": 5, "pass_chance": 1.5}, "probability"),
    ({"mode": "open", "group_size": 5, "turns": 0}, "speaking turn"),
])
def test_bad_arguments_are_explained(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate(**kwargs)


@settings(max_examples=25, deadline=None)
@given(group_size=st.integers(2, 16), per_member=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_rounds_never_surface_fewer_than_open_discussion_in_expectation(group_size, per_member,
                                                                        seed):
    results = compare(group_size, per_member=per_member, meetings=400, pass_chance=0.0,
                      seed=seed)
    # Without passing, rounds give every member as many turns as they hold considerations, so
    # every consideration comes out; open discussion can only match that, never beat it.
    assert results["rounds"].mean_surfaced >= results["open"].mean_surfaced


@settings(max_examples=25, deadline=None)
@given(group_size=st.integers(3, 12), seed=st.integers(0, 2**32 - 1))
def test_rounds_with_rare_passing_still_beat_open_discussion_on_average(group_size, seed):
    results = compare(group_size, per_member=2, meetings=600, pass_chance=0.05, seed=seed)
    assert results["rounds"].mean_surfaced > results["open"].mean_surfaced


@settings(max_examples=30, deadline=None)
@given(mode=st.sampled_from(["open", "rounds"]), group_size=st.integers(2, 16),
       per_member=st.integers(1, 3), turns=st.integers(1, 60), seed=st.integers(0, 1000))
def test_counts_stay_within_the_picture_and_the_turns(mode, group_size, per_member, turns, seed):
    result = simulate(mode, group_size, per_member=per_member, meetings=50, turns=turns,
                      seed=seed)
    assert result.surfaced.shape == (50, group_size * per_member)
    assert (result.counts <= result.total).all()
    if mode == "open":
        assert (result.counts <= turns).all()  # one new consideration per turn at most
    assert 0.0 <= result.picture_share <= 1.0


def test_the_steps_follow_understand_explore_decide():
    assert [s.phase for s in PROPOSAL_FORMING_STEPS] == [
        "understand", "explore", "explore", "decide"]
    assert all(s.complete_when for s in PROPOSAL_FORMING_STEPS)


def test_proposal_forming_runs_in_order_with_one_or_two_drafters():
    process = ProposalForming()
    process.understand()
    process.gather(["budget?", "who is affected?", "  "])
    assert process.considerations == ["budget?", "who is affected?"]
    with pytest.raises(ValueError, match="one or two people"):
        process.shape(["a rota"], ["Ana", "Ben", "Chen"], "A rota for the shed.")
    process.shape(["a rota", "a key box"], ["Ana", "Ben"], "A weekly rota and a key box.")
    process.consent()
    assert process.finished and process.drafters == ("Ana", "Ben")


def test_a_proposal_before_picture_forming_says_what_comes_next():
    process = ProposalForming()
    with pytest.raises(ProcessError, match="Understand the issue"):
        process.shape(["x"], ["Ana"], "draft")
    process.understand()
    with pytest.raises(ProcessError, match="Picture forming") as info:
        process.consent()
    assert isinstance(info.value, CourseError)


def test_nothing_after_the_decision():
    process = ProposalForming()
    process.understand()
    process.gather(["x"])
    process.shape([], ["Ana"], "draft")
    process.consent()
    with pytest.raises(ProcessError, match="already decided"):
        process.consent()
