"""The load benchmark's ratio: each timed load against the baseline loads on either side of it."""

from __future__ import annotations

import pytest

from benchmarks.voila_load import bracketed_ratio


def test_each_load_is_compared_with_its_neighbouring_baseline_loads():
    # baseline 1.0 then 2.0 around the first load, 2.0 and 2.0 around the second ...
    assert bracketed_ratio([1.5, 3.0, 2.0], [1.0, 2.0, 2.0, 2.0]) == pytest.approx(1.0)


def test_one_odd_baseline_load_does_not_move_the_figure():
    times = [1.2, 1.2, 1.2, 1.2, 1.2]
    steady = bracketed_ratio(times, [1.0] * 6)
    one_fast = bracketed_ratio(times, [1.0, 1.0, 1.0, 0.5, 1.0, 1.0])
    assert steady == pytest.approx(1.2) and one_fast == pytest.approx(1.2)
