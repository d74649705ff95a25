"""Status boxes say their meaning in words and never render typed text as HTML."""

from __future__ import annotations

from sociocracy.widgets.feedback import feedback_html


def test_a_status_box_has_its_kind_a_bold_headline_and_escaped_text():
    box = feedback_html("from <img src=x onerror=alert(1)>.", kind="right", headline="Done")
    assert box.startswith('<div class="course-feedback-right" role="status"><strong>Done</strong>')
    assert "<img" not in box and "&lt;img src=x onerror=alert(1)&gt;" in box


def test_an_empty_message_clears_the_box():
    assert feedback_html("") == ""
    assert 'class="course-feedback-neutral"' in feedback_html("Saved.")
