"""Change one meeting: the moves change who speaks, what is decided and who objects afterwards,
through the course's airtime and tolerance models."""

from __future__ import annotations

import pytest

from sociocracy.airtime import simulate_airtime
from sociocracy.core.errors import InputError
from sociocracy.one_meeting import MAX_MOVES, MEETINGS, MOVES, run_meeting
from sociocracy.tolerance import EXAMPLE_MEMBERS, decide

TUESDAY = MEETINGS["Tuesday's meeting"]


def test_the_ordinary_meeting_decides_what_the_loudest_member_wants():
    result = run_meeting((), seed=TUESDAY)
    shares = simulate_airtime(len(EXAMPLE_MEMBERS), "open", seed=TUESDAY)[0]
    loudest = EXAMPLE_MEMBERS[int(shares.argmax())]
    assert result.mode == "open"
    assert result.loudest == loudest.name
    assert result.decision == result.proposal == loudest.preference
    # Who objects afterwards is the tolerance model's answer for that decision.
    assert result.outside == decide("consent", EXAMPLE_MEMBERS, result.decision).outside
    assert result.object_afterwards == result.outside and result.outside


def test_a_round_changes_who_speaks_and_who_is_heard_but_not_the_decision():
    before, after = run_meeting((), seed=TUESDAY), run_meeting(["round"], seed=TUESDAY)
    assert after.mode == "rounds"
    assert set(after.heard) == {m.name for m in EXAMPLE_MEMBERS} != set(before.heard)
    assert max(after.shares.values()) < max(before.shares.values())
    assert after.decision == before.decision and after.loudest == before.loudest


def test_asking_for_objections_amends_the_decision_for_those_heard_only():
    alone = run_meeting(["objections"], seed=TUESDAY)
    unheard = set(run_meeting((), seed=TUESDAY).outside) - set(alone.heard)
    assert unheard, "Tuesday's meeting has someone outside their tolerance who is not heard"
    assert unheard <= set(alone.object_afterwards)
    with_round = run_meeting(["round", "objections"], seed=TUESDAY)
    assert with_round.decided and with_round.decision != with_round.proposal
    assert with_round.outside == () and with_round.object_afterwards == ()


def test_objections_with_no_common_ground_send_the_proposal_back():
    from sociocracy.tolerance import Member
    members = (Member("Ana", 1.0, 1.0), Member("Ben", 9.0, 1.0), Member("Chloé", 5.0, 1.0))
    result = run_meeting(["round", "objections"], seed=1, members=members)
    assert result.decision is None and not result.decided
    assert "goes back" in result.decision_sentence()
    assert result.outside == () and result.unsure == ()


def test_read_back_review_and_evaluation_give_the_left_out_a_place_to_speak():
    plain = run_meeting((), seed=TUESDAY)
    assert plain.unsure == tuple(n for n in plain.shares if n not in plain.heard)
    assert run_meeting(["read_back"], seed=TUESDAY).unsure == ()
    reviewed = run_meeting(["review"], seed=TUESDAY)
    assert reviewed.review_months and reviewed.object_afterwards == ()
    assert reviewed.outside == plain.outside and "reviewed in" in reviewed.decision_sentence()
    evaluated = run_meeting(["evaluation"], seed=TUESDAY)
    assert evaluated.object_afterwards == ()
    for name in plain.outside:
        assert any(v.startswith(f"{name}:") and "cannot work" in v
                   for v in evaluated.evaluation_voices)


def test_at_most_three_moves_and_only_known_ones():
    keys = [m.key for m in MOVES]
    with pytest.raises(InputError, match=f"at most {MAX_MOVES}"):
        run_meeting(keys[:MAX_MOVES + 1])
    with pytest.raises(InputError, match="no move called 'shout'"):
        run_meeting(["shout"])
    assert run_meeting(["round", "round"]).moves == ("round",)


def test_the_same_seed_and_moves_give_the_same_meeting_in_any_order():
    a = run_meeting(["evaluation", "round"], seed=2)
    b = run_meeting(["round", "evaluation"], seed=2)
    assert a == b


@pytest.mark.parametrize("label", list(MEETINGS))
def test_every_offered_meeting_has_something_to_change(label):
    plain = run_meeting((), seed=MEETINGS[label])
    assert plain.object_afterwards, f"{label}: nobody is left out, so no move matters"
    best = run_meeting(["round", "objections", "evaluation"], seed=MEETINGS[label])
    assert best.object_afterwards == ()
