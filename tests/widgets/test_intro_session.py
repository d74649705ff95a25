"""The intro session's presenter view and handout (issue 26)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sociocracy.widgets.audience import audience_html
from sociocracy.widgets.handout import handout_html
from sociocracy.widgets.intro_session import IntroPresenter

from sociocracy.intro_sessions import load_plan
from sociocracy.rooms import RoomStore
from sociocracy.sessions.audience import AudienceState

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


def test_the_presenter_lists_the_course_plans_and_starts_one(store):
    view = IntroPresenter(store=store, record=True, tick_every=0)
    labels = [label for label, _key in view.chooser.options]
    assert "A taste of sociocracy (45 minutes)" in labels
    view.chooser.value = "taste_45"
    assert "0–8 min: Welcome and check-in round" in view.plan_view.value
    assert "handout" in view.handout.value
    view.start_button.click()
    assert "Part 1: Welcome and check-in round" in view.heading.value
    assert "round_facilitator.ipynb" in view.now.value  # the activity runs in its own app
    assert "open the round facilitator in a new tab" in view.now.value  # the link names it
    view.next_part.click()
    assert "Slide 1 of 2" in view.now.value
    assert "Do not lecture" in view.notes.value  # the speaker's notes, on the laptop only
    assert "Do not lecture" not in view.audience_panel.value
    view.end_button.click()
    assert "has ended" in view.heading.value
    assert "intro-session.md" in view.document.value


def test_a_broken_upload_names_file_and_line_and_keeps_the_chooser(store):
    view = IntroPresenter(store=store, record=False, tick_every=0)
    view._on_upload({"new": [{"name": "mine.yaml",
                              "content": b"title: T\nminutes: 10\nparts:\n  - title: x\n"
                                         b"    kind: lecture\n    minutes: 10\n"}]})
    assert "mine.yaml, line 5" in view.message.value
    assert view.uploaded is None and not view.start_button.disabled


def test_the_handout_escapes_the_plan_and_carries_the_course_address():
    plan = load_plan(ROOT / "workshops" / "intro_evening_90.yaml")
    page = handout_html(plan, course_address="http://192.168.1.5:8866/")
    assert page.startswith("<!DOCTYPE html>") and "Sociocracy in five sentences" in page
    assert "QR code of the course: http://192.168.1.5:8866/" in page
    assert "Circles and double links" in page and "sociocracyforall.org/solt/" in page
    hostile = plan.__class__("<script>x</script>", 10, plan.parts[:1])
    assert "<script>x" not in handout_html(hostile, course_address="")


def test_a_slide_is_markdown_with_any_html_escaped():
    state = AudienceState("intro_session", title="S",
                          drawing={"markdown": "- **one**\n- <img src=x onerror=1>"})
    page = audience_html(state)
    assert "<strong>one</strong>" in page and "<img src=x" not in page


def test_the_presenter_asks_the_follow_up_at_the_end_and_sees_the_answers(store):
    room = store.create_room("Taste")
    ana = room.join("Ana", None).key
    bo = room.join("Bo", None).key
    view = IntroPresenter(store=store, record=True, tick_every=0)
    view.chooser.value = "taste_45"
    view.start_button.click()
    assert view.follow_box.layout.display == "none"  # not in the middle of the session
    assert view.controls.layout.display == ""
    view.end_button.click()
    assert view.controls.layout.display == "none"  # no greyed-out buttons after the end
    assert view.follow_box.layout.display == ""
    assert view.show_follow_up.disabled and not view.ask_follow_up.disabled
    view.ask_follow_up.click()
    assert view.message.value == "" and view.ask_follow_up.disabled
    asked = room.current_activity
    room.respond(ana, asked, answer="yes", contact="ana@example.org")
    room.respond(bo, asked, answer="no")
    view._show(view.session.state)  # what the clock's tick does
    assert "2 answered so far" in view.follow_status.value
    assert "ana@example.org" not in view.follow_status.value  # not before the presenter asks
    view.show_follow_up.click()
    assert "1 yes, 1 no" in view.follow_status.value
    assert view.ask_follow_up.disabled  # asked once: the answers stay in view
    assert "Ana: ana@example.org" in view.follow_status.value
    assert "follow-up-contacts.csv" in view.contacts.value
    assert "ana@example.org" not in view.audience_panel.value
    document = view.session.after_session()
    assert "1 of 2 who answered" in document and "ana@example.org" not in document
