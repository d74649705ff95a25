"""ChangeOneMeeting: ticking moves redraws the meeting; a fourth move is refused by disabling."""

from __future__ import annotations

from sociocracy.widgets import ChangeOneMeeting

from sociocracy.one_meeting import MAX_MOVES, MEETINGS, MOVES, run_meeting


def test_it_opens_on_the_ordinary_meeting_and_says_who_would_object():
    view = ChangeOneMeeting()
    assert view.result == run_meeting((), seed=MEETINGS[view.meeting.value])
    text = view.result_view.value
    assert "Would object afterwards, outside the meeting:" in text
    assert "as the loudest member proposed" in text


def test_moves_change_the_decision_and_show_what_was_said():
    view = ChangeOneMeeting()
    view.choose("round", "objections")
    assert view.result is not None and view.result.moves == ("round", "objections")
    text = view.result_view.value
    assert "amended from" in text and "Without your moves:" in text
    assert MOVES[0].says.split(",")[0] in text
    assert "Would object afterwards:</strong> nobody" in text


def test_after_three_moves_the_others_are_disabled_until_one_is_unticked():
    view = ChangeOneMeeting()
    view.choose(*[m.key for m in MOVES[:MAX_MOVES]])
    assert [b.disabled for b in view.move_boxes] == [False] * MAX_MOVES + [True] * (
        len(MOVES) - MAX_MOVES)
    view.move_boxes[0].value = False
    assert not any(b.disabled for b in view.move_boxes)


def test_choosing_another_meeting_redraws():
    view = ChangeOneMeeting()
    first = view.result
    view.meeting.value = view.meeting.options[1]
    assert view.result is not None and first is not None
    assert view.result.loudest != first.loudest


def test_every_control_is_labelled_and_few_models_are_built():
    from ipywidgets.widgets.widget import _instances
    before = len(_instances)
    view = ChangeOneMeeting()
    assert view.meeting.description and all(b.description for b in view.move_boxes)
    assert len(_instances) - before <= 25
