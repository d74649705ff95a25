"""MeetingLoadCalculator: choices and presets recalculate; impossible settings are explained."""

from __future__ import annotations

from sociocracy.widgets import MeetingLoadCalculator


def test_presets_replay_the_case_study_paths():
    calc = MeetingLoadCalculator()
    calc.preset_buttons[0].click()  # seven circles
    assert calc.load is not None and calc.load.circles == 7 and calc.load.overloaded
    assert "Over:" in calc.result.value
    calc.preset_buttons[1].click()  # start small
    assert calc.load.circles == 1 and not calc.load.overloaded
    assert "Within:" in calc.result.value


def test_choices_recalculate_and_more_time_available_clears_the_overload():
    calc = MeetingLoadCalculator(people=15, circles=7, circle_size=5, hours_available=4)
    assert calc.load.overloaded
    calc.hours_available.value = 10
    assert not calc.load.overloaded and "10 hours" in calc.result.value
    calc.frequency.value = 4.0  # weekly
    assert calc.load.overloaded


def test_a_circle_bigger_than_the_group_is_explained_not_raised():
    calc = MeetingLoadCalculator(people=5, circles=1, circle_size=4)
    calc.circle_size.value = 8
    assert calc.load is None
    assert "cannot be filled by 5 people" in calc.result.value


def test_every_control_is_labelled():
    calc = MeetingLoadCalculator()
    for control in (calc.people, calc.circles, calc.circle_size, calc.hours_per_meeting,
                    calc.frequency, calc.hours_available):
        assert control.description
    assert all(b.tooltip for b in calc.preset_buttons)
