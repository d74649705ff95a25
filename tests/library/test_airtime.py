"""The airtime model: calibration to the cited figures, rounds against open discussion, Gini."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sociocracy.airtime import (
    MAX_SIZE,
    MIN_SIZE,
    THOMPSON,
    airtime_sentence,
    gini,
    simulate_airtime,
    top_count,
    top_share,
)
from sociocracy.rounds import gini as gini_from_rounds
from sociocracy.rounds import simulate_airtime as simulate_from_rounds

#: The tolerance the docstring promises: absolute, in shares (2 percentage points).
TOLERANCE = 0.02
MEETINGS = 20_000


def test_the_rounds_module_offers_the_simulation() -> None:
    assert simulate_from_rounds is simulate_airtime and gini_from_rounds is gini


@pytest.mark.parametrize("size", sorted(THOMPSON))
def test_open_discussion_matches_thompsons_figures(size: int) -> None:
    top, share = THOMPSON[size]
    shares = simulate_airtime(size, "open", meetings=MEETINGS, seed=11)
    assert top_share(shares, top).mean() == pytest.approx(share, abs=TOLERANCE)


def test_thompsons_top_speakers_are_the_ones_the_sentence_names() -> None:
    assert {size: top_count(size) for size in THOMPSON} == {s: t for s, (t, _) in THOMPSON.items()}


def _minority_ratio(rule: str) -> float:
    shares = simulate_airtime(8, "open", meetings=MEETINGS, seed=5, minority=3, rule=rule)
    return float(shares[:, -3:].mean() / shares[:, :-3].mean())


def test_an_outnumbered_minority_speaks_under_75_percent_as_much_under_majority_rule() -> None:
    assert 0.65 <= _minority_ratio("majority") < 0.75


@pytest.mark.parametrize("rule", ["unanimity", "consent"])
def test_the_minority_gap_vanishes_under_unanimity_and_consent(rule: str) -> None:
    assert _minority_ratio(rule) == pytest.approx(1.0, abs=0.03)


def test_decision_rule_is_another_name_for_rule() -> None:
    a = simulate_airtime(8, "open", meetings=20, seed=1, minority=3, rule="unanimity")
    b = simulate_airtime(8, "open", meetings=20, seed=1, minority=3, decision_rule="unanimity")
    assert np.array_equal(a, b)


def test_a_minority_of_half_the_group_is_not_outnumbered() -> None:
    shares = simulate_airtime(6, "open", meetings=MEETINGS, seed=5, minority=3)
    assert shares[:, -3:].mean() / shares[:, :-3].mean() == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize("size", [4, 8, 12])
def test_a_chair_speaks_about_three_times_the_average_member(size: int) -> None:
    shares = simulate_airtime(size, "open", meetings=MEETINGS, seed=3, chair=True)
    assert shares[:, 0].mean() / shares[:, 1:].mean() == pytest.approx(3.0, rel=0.1)


@pytest.mark.parametrize("chair", [None, 0])
def test_rounds_are_less_unequal_than_open_discussion_at_every_group_size(chair) -> None:
    for size in range(MIN_SIZE, MAX_SIZE + 1):
        open_gini = gini(simulate_airtime(size, "open", meetings=5_000, seed=size, chair=chair))
        rounds_gini = gini(simulate_airtime(size, "rounds", meetings=5_000, seed=size,
                                            chair=chair))
        assert rounds_gini.mean() < open_gini.mean(), size


def test_in_rounds_everyone_speaks_unless_they_passed_every_time() -> None:
    shares = simulate_airtime(8, "rounds", meetings=2_000, seed=1, pass_rate=0.0)
    assert (shares > 0).all()
    never = simulate_airtime(5, "rounds", meetings=3, seed=1, pass_rate=1.0)
    assert np.allclose(never, 0.2)  # everyone passed: equal, tiny turns


def test_open_discussion_leaves_some_people_silent_in_larger_groups() -> None:
    shares = simulate_airtime(8, "open", meetings=MEETINGS, seed=2)
    assert 0.3 < (shares == 0).sum(axis=1).mean() < 1.5


def test_concentration_grows_with_group_size_as_fay_et_al_describe() -> None:
    means = [gini(simulate_airtime(n, "open", meetings=5_000, seed=1)).mean()
             for n in (4, 6, 8, 10)]
    assert means == sorted(means)


@pytest.mark.parametrize("mode", ["open", "rounds"])
def test_same_seed_same_result_and_different_seed_different_result(mode: str) -> None:
    a = simulate_airtime(6, mode, meetings=50, seed=42, chair=1, minority=2)
    b = simulate_airtime(6, mode, meetings=50, seed=42, chair=1, minority=2)
    c = simulate_airtime(6, mode, meetings=50, seed=43, chair=1, minority=2)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"group_size": 1}, "from 2"), ({"group_size": 31}, "to 30"), ({"mode": "debate"}, "mode"),
     ({"rule": "vote"}, "rule"), ({"meetings": 0}, "meetings"), ({"chair": 8}, "chair"),
     ({"minority": 8}, "minority")],
)
def test_bad_options_are_refused_with_a_reason(kwargs: dict, match: str) -> None:
    args = {"group_size": 8, "mode": "open", **kwargs}
    with pytest.raises(ValueError, match=match):
        simulate_airtime(args.pop("group_size"), args.pop("mode"), **args)


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(MIN_SIZE, MAX_SIZE), mode=st.sampled_from(["open", "rounds"]),
    meetings=st.integers(1, 20), seed=st.integers(0, 2**32 - 1), data=st.data(),
    rule=st.sampled_from(["majority", "unanimity", "consent"]),
)
def test_every_row_is_a_set_of_shares_summing_to_one(size, mode, meetings, seed, data, rule):
    chair = data.draw(st.none() | st.integers(0, size - 1))
    minority = data.draw(st.integers(0, size - 1))
    shares = simulate_airtime(size, mode, meetings=meetings, seed=seed, chair=chair,
                              minority=minority, rule=rule)
    assert shares.shape == (meetings, size)
    assert (shares >= 0).all()
    assert np.allclose(shares.sum(axis=1), 1.0)
    values = gini(shares)
    assert ((values >= 0) & (values < 1)).all()


rows = arrays(np.float64, st.integers(1, 30), elements=st.floats(0, 1e6, allow_subnormal=False))


def _gini_by_definition(x: np.ndarray) -> float:
    """Mean absolute difference over twice the mean (the textbook definition)."""
    if x.sum() == 0:
        return 0.0
    return float(np.abs(x[:, None] - x[None, :]).mean() / (2 * x.mean()))


@given(rows)
def test_gini_matches_the_textbook_definition(x: np.ndarray) -> None:
    assert gini(x) == pytest.approx(_gini_by_definition(x), abs=1e-9)


@given(rows, st.floats(1e-3, 1e3), st.randoms(use_true_random=False))
def test_gini_ignores_scale_and_order(x: np.ndarray, scale: float, rnd) -> None:
    shuffled = x.copy()
    rnd.shuffle(shuffled)
    assert gini(x * scale) == pytest.approx(gini(x), abs=1e-9)
    assert gini(shuffled) == pytest.approx(gini(x), abs=1e-9)


@given(st.integers(1, 40))
def test_gini_is_zero_for_equal_shares_and_largest_when_one_person_talks(n: int) -> None:
    assert gini(np.full(n, 1 / n)) == pytest.approx(0.0, abs=1e-12)
    one = np.zeros(n)
    one[0] = 1.0
    assert gini(one) == pytest.approx((n - 1) / n)


@given(arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 8)),
              elements=st.floats(0, 100, allow_subnormal=False)))
def test_gini_of_a_table_is_the_gini_of_each_row(table: np.ndarray) -> None:
    per_row = gini(table)
    assert isinstance(per_row, np.ndarray) and per_row.shape == (table.shape[0],)
    assert np.allclose(per_row, [gini(row) for row in table])


def test_gini_of_one_row_is_a_float_and_negative_shares_are_refused() -> None:
    assert isinstance(gini([0.5, 0.5]), float)
    with pytest.raises(ValueError, match="negative"):
        gini([0.5, -0.1])


def test_the_sentence_says_who_did_the_talking_and_who_was_silent() -> None:
    shares = [0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0]
    assert airtime_sentence(shares) == (
        "3 of 8 people did 70% of the talking; 2 never spoke. "
        "An equal share for 3 people would be 38%."
    )
    assert "everyone spoke" in airtime_sentence([0.25] * 4)
