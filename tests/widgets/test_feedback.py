"""Status boxes say their meaning in words and never render typed text as HTML."""

from __future__ import annotations

from pathlib import Path

from sociocracy.widgets.feedback import error_html, feedback_html


def test_a_status_box_has_its_kind_a_bold_headline_and_escaped_text():
    box = feedback_html("from <img src=x onerror=alert(1)>.", kind="right", headline="Done")
    assert box.startswith('<div class="course-feedback-right" role="status"><strong>Done</strong>')
    assert "<img" not in box and "&lt;img src=x onerror=alert(1)&gt;" in box


def test_an_empty_message_clears_the_box():
    assert feedback_html("") == ""
    assert 'class="course-feedback-neutral"' in feedback_html("Saved.")


def test_errors_interrupt_and_news_is_polite():
    assert 'role="alert"' in error_html("Type a name first.")
    for kind in ("right", "wrong", "neutral"):
        assert 'role="status"' in feedback_html("x", kind=kind)


def test_no_widget_builds_its_own_status_box_markup():
    """Status and error boxes come from widgets/feedback.py only (one helper, one set of roles)."""
    root = Path(__file__).resolve().parents[2] / "widgets"
    offenders = [p.name for p in root.glob("*.py") if p.name != "feedback.py"
                 and any(mark in p.read_text() for mark in
                         ("course-feedback-", "role='alert'", 'role="alert"'))]
    assert offenders == []
