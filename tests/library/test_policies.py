"""Policies: alarms at and around thresholds, the newsletter, simulation, the review calendar."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pytest

from sociocracy.circles import load_organization, parse_organization
from sociocracy.core.errors import InputError, ScenarioError
from sociocracy.core.yaml_file import load_yaml, parse_yaml
from sociocracy.course.checks import check_file
from sociocracy.policies import (
    NEWSLETTER,
    NEWSLETTER_AFTER_SIX_MONTHS,
    Measure,
    Policy,
    alarm_tradeoff,
    policies_from_yaml,
    review_calendar,
    simulate_policy,
)

ROOT = Path(__file__).resolve().parents[2]
COOP = ROOT / "examples" / "organizations" / "green_valley_coop.yaml"


def test_the_newsletter_example_is_mvos_and_no_alarm_fires_after_six_months() -> None:
    assert [(m.name, m.alarm_drop) for m in NEWSLETTER.measures] == [("clicks", 0.15),
                                                                     ("donations", 0.10)]
    assert NEWSLETTER.term_months == 6 and "save money" in NEWSLETTER.text
    result = NEWSLETTER.check(6, NEWSLETTER_AFTER_SIX_MONTHS)
    assert result.alarms == ()
    assert result.drops == pytest.approx({"clicks": 0.07, "donations": 0.04})
    assert result.term_ended and result.review  # the term ends: review, with no alarm
    assert "no alarm" in result.reason and "hold" in result.reason


@pytest.mark.parametrize(("value", "fires"), [
    (85.0, True),        # exactly 15 % down: the threshold itself fires
    (84.99, True),
    (85.01, False),
    (100.0, False),
    (120.0, False),
])
def test_the_clicks_alarm_at_and_around_its_threshold(value, fires) -> None:
    result = NEWSLETTER.check(2, {"clicks": value})
    assert (result.alarms == ("clicks",)) is fires
    assert result.review is fires  # month 2 of 6: only an alarm brings a review


@pytest.mark.parametrize(("value", "fires"), [(90.0, True), (89.9, True), (90.1, False)])
def test_the_donations_alarm_at_and_around_its_threshold(value, fires) -> None:
    assert bool(NEWSLETTER.check(3, {"donations": value}).alarms) is fires


def test_the_term_end_and_the_review_date() -> None:
    policy = Policy("P", "", dt.date(2027, 1, 31), 1)
    assert policy.term_end == dt.date(2027, 2, 28)
    assert policy.review_date == policy.term_end
    early = Policy("P", "", dt.date(2027, 1, 1), 12, review=dt.date(2027, 6, 1))
    assert early.review_date == dt.date(2027, 6, 1)


def test_bad_measures_and_policies_are_refused_plainly() -> None:
    with pytest.raises(InputError, match="between 0 and 1"):
        Measure("clicks", 100, 15)
    assert Measure("clicks", 100, "15%").alarm_drop == pytest.approx(0.15)
    with pytest.raises(InputError, match="above 0"):
        Measure("clicks", 0, 0.1)
    with pytest.raises(InputError, match="whole number of months"):
        Policy("P", "", dt.date(2027, 1, 1), 0)
    with pytest.raises(InputError, match="no measure called 'likes'"):
        NEWSLETTER.check(1, {"likes": 3})


def test_simulation_is_reproducible_with_a_seed_and_varies_without_one() -> None:
    a = simulate_policy(NEWSLETTER, 24, effect=0.05, noise=0.1, seed=3, runs=50)
    b = simulate_policy(NEWSLETTER, 24, effect=0.05, noise=0.1, seed=3, runs=50)
    c = simulate_policy(NEWSLETTER, 24, effect=0.05, noise=0.1, seed=4, runs=50)
    assert np.array_equal(a.values, b.values) and np.array_equal(a.alarms, b.alarms)
    assert not np.array_equal(a.values, c.values)
    assert a.values.shape == (50, 24, 2)


def test_without_noise_alarms_fire_exactly_when_the_effect_reaches_the_threshold() -> None:
    quiet = simulate_policy(NEWSLETTER, 6, effect={"clicks": 0.14, "donations": 0.09},
                            noise=0.0, seed=1)
    assert not quiet.fired.any()
    loud = simulate_policy(NEWSLETTER, 6, effect={"clicks": 0.15}, noise=0.0, seed=1)
    assert loud.alarm_months(0) == [1, 2, 3, 4, 5, 6]
    assert loud.alarms[0, :, 1].sum() == 0  # donations unaffected


def test_simulated_alarms_agree_with_policy_check_month_by_month() -> None:
    sim = simulate_policy(NEWSLETTER, 12, effect=0.08, noise=0.06, seed=11, runs=20)
    for run in range(20):
        for month in range(12):
            values = dict(zip(("clicks", "donations"), sim.values[run, month], strict=True))
            check = NEWSLETTER.check(month + 1, values)
            assert set(check.alarms) == {name for i, name in enumerate(("clicks", "donations"))
                                         if sim.alarms[run, month, i]}


def test_noise_makes_false_alarms_and_a_higher_threshold_makes_fewer() -> None:
    low = alarm_tradeoff(NEWSLETTER.with_thresholds(clicks=0.05, donations=0.05), 6,
                         drop=0.2, noise=0.08, runs=4000, seed=5)
    high = alarm_tradeoff(NEWSLETTER.with_thresholds(clicks=0.3, donations=0.3), 6,
                          drop=0.2, noise=0.08, runs=4000, seed=5)
    assert low.false_alarm_rate > 0.5 > high.false_alarm_rate
    assert high.missed_rate > low.missed_rate


def test_averaging_over_a_window_lowers_false_alarms() -> None:
    one = simulate_policy(NEWSLETTER, 12, noise=0.08, seed=2, runs=4000)
    three = simulate_policy(NEWSLETTER, 12, noise=0.08, seed=2, runs=4000, window=3)
    assert three.alarm_rate < one.alarm_rate
    assert not three.alarms[:, :2].any()  # the first full window is month 3


def test_ten_thousand_runs_of_24_months_are_quick() -> None:
    start = time.perf_counter()
    sim = simulate_policy(NEWSLETTER, 24, noise=0.05, seed=1, runs=10_000)
    assert sim.values.shape == (10_000, 24, 2)
    assert time.perf_counter() - start < 5  # generous: the benchmark reports the real figure


def test_policies_in_an_organisation_file_and_the_review_calendar() -> None:
    loaded = load_yaml(COOP)
    policies = policies_from_yaml(loaded)
    assert [p.title for p in policies] == ["Quiet hours from 22:00",
                                           "Common room bookings online"]
    org = load_organization(COOP)
    cal = review_calendar(org, policies, today=dt.date(2027, 3, 20), within_days=30)
    assert [e.title for e in cal.overdue] == ["Common room bookings online"]
    assert [e.title for e in cal.due] == ["Boiler contact"]
    assert [e.title for e in cal.later] == ["Quiet hours from 22:00", "Compost keeper"]
    assert cal.overdue[0].days == -19 and "overdue by 19 days" in cal.overdue[0].sentence
    assert cal.due[0].holder == "Kai" and "due in 11 days" in cal.due[0].sentence


def test_the_calendar_edges_today_and_the_last_day_of_the_window() -> None:
    policy = Policy("P", "", dt.date(2027, 1, 1), 1)  # review 2027-02-01
    on_day = review_calendar(None, [policy], today=dt.date(2027, 2, 1), within_days=0)
    assert [e.days for e in on_day.due] == [0] and not on_day.overdue
    last = review_calendar(None, [policy], today=dt.date(2027, 1, 2), within_days=30)
    assert [e.days for e in last.due] == [30]
    beyond = review_calendar(None, [policy], today=dt.date(2027, 1, 1), within_days=30)
    assert not beyond.due and beyond.later


def test_roles_without_a_term_are_listed() -> None:
    org = parse_organization("organization: X\ncircles:\n  - name: A\n    aim: a\n    domain: d\n"
                             "    members: [Ana, Ben, Chen]\n    roles:\n      - name: Cook\n"
                             "        holder: Ana\n")
    cal = review_calendar(org, [], today=dt.date(2027, 1, 1))
    assert cal.no_term == ("Role 'Cook' (A) has no term end.",)


@pytest.mark.parametrize(("text", "line", "field"), [
    ("policies:\n  - title: P\n    decided: 2027-01-01\n    term_months: six\n", 4,
     "term_months"),
    ("policies:\n  - title: P\n    decided: soon\n    term_months: 6\n", 3, "decided"),
    ("policies:\n  - title: P\n    decided: 2027-01-01\n    term_months: 6\n    measures:\n"
     "      - name: clicks\n        baseline: 100\n        alarm_drop: 15\n", 8, "alarm_drop"),
    ("policies:\n  - title: P\n    decidd: 2027-01-01\n", 3, "decidd"),
])
def test_a_broken_policy_names_its_line_and_field(text, line, field) -> None:
    with pytest.raises(ScenarioError) as caught:
        policies_from_yaml(parse_yaml(text, "org.yaml"))
    assert (caught.value.line, caught.value.field) == (line, field)


def test_check_knows_policies_in_an_organisation_file(tmp_path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("organization: X\ncircles:\n  - name: A\n    aim: a\n    domain: d\n"
                    "    members: [Ana, Ben, Chen, Dee, Eli]\npolicies:\n  - title: P\n"
                    "    circle: Nowhere\n    decided: 2020-01-01\n    term_months: 6\n")
    found = {(line.line, line.code) for line in check_file(path)}
    assert (8, "unknown-circle") in found and (8, "review-overdue") in found
    assert not any(code == "unknown-field" for _line, code in found)
    assert all(line.code != "invalid-file" for line in check_file(COOP))
