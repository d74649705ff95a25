"""Meeting load: the napkin arithmetic of circles, seats, roles and hours per person."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sociocracy.meeting_load import CIRCLE_ROLES, MeetingLoad


def test_seven_circles_for_fifteen_people_overload_a_four_hour_budget():
    load = MeetingLoad(people=15, circles=7, circle_size=5, hours_per_meeting=2,
                       meetings_per_month=1, hours_available=4)
    assert load.seats == 35 and load.roles == 7 * len(CIRCLE_ROLES)
    assert load.seats_per_person == pytest.approx(35 / 15)
    assert load.hours_per_person == pytest.approx(35 / 15 * 2)
    assert load.overloaded
    assert "more than the 4 hours" in load.summary()


def test_one_circle_fits_the_same_budget():
    load = MeetingLoad(people=15, circles=1, circle_size=12, hours_available=4)
    assert not load.overloaded and "within the 4 hours" in load.summary()
    assert load.summary().startswith("1 circle of 12")


@pytest.mark.parametrize("kwargs, message", [
    ({"people": 0, "circles": 1}, "at least one person"),
    ({"people": 5, "circles": 0}, "at least one circle"),
    ({"people": 5, "circles": 1, "circle_size": 1}, "two members"),
    ({"people": 4, "circles": 1, "circle_size": 6}, "cannot be filled by 4 people"),
    ({"people": 5, "circles": 1, "circle_size": 3, "hours_per_meeting": -1}, "negative"),
])
def test_impossible_structures_are_explained(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MeetingLoad(**kwargs)


def test_round_trips_through_a_dict():
    load = MeetingLoad(people=20, circles=3, circle_size=7, meetings_per_month=2)
    assert MeetingLoad.from_dict(load.to_dict()) == load


@given(people=st.integers(6, 60), circles=st.integers(1, 9), extra=st.integers(1, 5))
def test_more_circles_never_lighten_the_load(people, circles, extra):
    fewer = MeetingLoad(people=people, circles=circles, circle_size=5)
    more = MeetingLoad(people=people, circles=circles + extra, circle_size=5)
    assert more.hours_per_person > fewer.hours_per_person
    assert more.roles_per_person > fewer.roles_per_person
