"""A growing organisation (benefit 9): splitting, roles and terms change meeting load, unfilled
roles, overload and stalled decisions; the heating item is a policy with measures."""

from __future__ import annotations

import re

import pytest

from sociocracy.core.errors import InputError, ProcessError
from sociocracy.growth import (
    GENERAL,
    HEATING_MONTH,
    MONTHS,
    TIRED_AFTER,
    GrowingOrganisation,
    people_at,
)
from sociocracy.meeting_load import CIRCLE_ROLES
from sociocracy.policies import Policy


def play(*, split_at: int, term: int = 12, refill: bool = True,
         heating: str = "measure") -> GrowingOrganisation:
    org = GrowingOrganisation()
    while not org.finished:
        if org.month == HEATING_MONTH:
            org.decide_heating(heating)
        for circle in list(org.departments):
            if len(circle.members) >= split_at and not org.can_split(circle.name):
                org.split(circle.name)
        if refill:
            for circle, role in org.report().unfilled:
                org.fill(circle, role, term)
        org.next_month()
    return org


def test_the_garden_grows_from_5_to_40_people_over_the_months():
    assert people_at(0) == 5 and people_at(MONTHS) == 40
    org = play(split_at=7)
    assert org.report().people == 40 == len(org.report().hours)


def test_one_big_circle_stalls_and_overloads_everyone_where_timely_splits_do_not():
    never = play(split_at=1000).report()
    timely = play(split_at=7).report()
    assert never.stalled_total > 20 and len(never.overloaded) == 40
    assert timely.stalled_total <= 2 and len(timely.overloaded) <= 2
    assert max(never.hours.values()) > max(timely.hours.values())


def test_roles_not_filled_again_stall_decisions():
    unfilled = play(split_at=7, refill=False).report()
    assert unfilled.unfilled and unfilled.stalled_total > play(split_at=7).report().stalled_total


def test_long_terms_keep_people_in_a_role_until_they_count_as_tired():
    long = play(split_at=7, term=24).report()
    short = play(split_at=7, term=6).report()
    held = [int(n) for why in long.overloaded.values()
            for n in re.findall(r"for (\d+) months", why)]
    assert held and min(held) >= TIRED_AFTER
    assert not short.overloaded


def test_a_split_creates_a_general_circle_of_leaders_and_delegates():
    org = GrowingOrganisation()
    while people_at(org.month) < 8:
        org.next_month()
    new = org.split("Garden circle")
    names = [c.name for c in org.circles]
    assert names == ["Growing", new.name, GENERAL]
    assert set(org.circle("Growing").roles) == set(CIRCLE_ROLES)
    assert org.circle(GENERAL).members == []
    leader = org.fill("Growing", "leader", 12)
    delegate = org.fill("Growing", "delegate", 12)
    assert leader != delegate  # the delegate is never the leader
    assert len(org.circle(GENERAL).members) == 2


def test_what_is_not_allowed_is_refused_with_a_sentence():
    org = GrowingOrganisation()
    assert "needs at least" in org.can_split("Garden circle")
    with pytest.raises(ProcessError, match="at least"):
        org.split("Garden circle")
    with pytest.raises(InputError, match="term of"):
        org.fill("Garden circle", "facilitator", 7)
    with pytest.raises(InputError, match="no role called 'leader'"):
        org.fill("Garden circle", "leader", 12)  # a lone circle has no links
    org.fill("Garden circle", "facilitator", 12)
    with pytest.raises(ProcessError, match="already facilitator"):
        org.fill("Garden circle", "facilitator", 12)
    with pytest.raises(ProcessError, match=f"month {HEATING_MONTH}"):
        org.decide_heating("measure")


def test_a_term_ends_and_the_next_selection_prefers_someone_else():
    org = GrowingOrganisation()
    first = org.fill("Garden circle", "facilitator", 6)
    for _ in range(6):
        report = org.next_month()
    assert ("Garden circle", "facilitator") in report.unfilled
    assert any("term as facilitator" in e for e in report.events)
    assert org.fill("Garden circle", "facilitator", 6) != first


def test_the_heating_item_with_measures_is_a_policy_reviewed_with_data():
    org = play(split_at=7, heating="measure")
    heating = org.heating
    assert heating is not None and isinstance(heating.policy, Policy)
    assert {m.name for m in heating.policy.measures} == {"attendance", "warmth rating"}
    assert heating.review_month == HEATING_MONTH + heating.policy.term_months
    assert "Review of" in heating.review and "alarm" in heating.review


def test_the_heating_item_without_measures_comes_back_as_opinions():
    org = play(split_at=7, heating="plain")
    assert org.heating is not None and org.heating.policy is None
    assert "Nothing was measured" in org.heating.review


def test_the_simulation_ends_after_the_last_month():
    org = play(split_at=7)
    with pytest.raises(ProcessError, match="ends after month"):
        org.next_month()


def test_putting_the_heating_off_keeps_it_on_the_backlog_and_it_can_be_decided_later():
    org = GrowingOrganisation()
    while org.month < HEATING_MONTH:
        org.next_month()
    before = org.departments[0].backlog
    org.decide_heating("postpone")
    assert org.departments[0].backlog == before + 1
    assert any("burning as much oil" in e for e in org.events)
    org.next_month()
    assert org.decide_heating("measure").policy is not None
    with pytest.raises(ProcessError, match="has been decided"):
        org.decide_heating("plain")
