"""Projector mode in the round, consent and Workshop room apps, headless: the audience view drawn
from the app's own session (people's text escaped, never the facilitator's script), the step's
controls in one row under it, and the facilitator's views marked to fold away; "Open the audience
view" on the laptop. Lessons that embed the tools build none of it."""

from __future__ import annotations

import pytest
from sociocracy.widgets import ConsentFacilitator, RoundFacilitator, WorkshopRoom

from sociocracy.rooms import RoomStore

HOSTILE = "<img src=x onerror=alert(1)>"
JOIN = "http://10.0.0.5:8866/join"
FOLDS = "course-facilitator-only"


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path) as opened:
        yield opened


def _row(tool) -> tuple:
    return tuple(tool.audience_panel.row.children)


def test_the_round_app_projects_the_speaker_with_its_buttons_in_one_row(store):
    facilitator = RoundFacilitator(record=True, store=store)
    assert "audience.ipynb?app=rounds" in facilitator.audience_link.value
    assert FOLDS in facilitator.audience_link._dom_classes
    assert "course-audience-panel" in facilitator.audience_panel._dom_classes
    facilitator.names.value = f"Ana\n{HOSTILE}"
    facilitator.prompt.value = "How are <b>you</b>?"
    facilitator.start.click()
    shown = facilitator.audience_panel.screen.value
    assert "Now speaking" in shown and "Ana" in shown and "&lt;b&gt;you&lt;/b&gt;" in shown
    assert "<b>you</b>" not in shown
    assert _row(facilitator) == (facilitator.next, facilitator.pass_button, facilitator.undo,
                                 facilitator.stop)
    assert FOLDS in facilitator.run._dom_classes  # the laptop's view of the turn folds away
    facilitator.note.value = "a note only the laptop keeps"
    facilitator.next.click()
    shown = facilitator.audience_panel.screen.value
    assert "&lt;img src=x" in shown and "<img src=x" not in shown
    assert "only the laptop keeps" not in shown
    facilitator.next.click()
    assert _row(facilitator) == (facilitator.end_undo, facilitator.again)
    assert "complete" in facilitator.audience_panel.screen.value


def test_a_lesson_round_has_no_projector_parts():
    lesson = RoundFacilitator(["Ana", "Ben"])
    assert lesson.audience_panel is None
    assert not any("course-audience" in " ".join(child._dom_classes)
                   for child in lesson.children)


def _to_consent_round(facilitator: ConsentFacilitator) -> None:
    facilitator.start()
    for _ in range(2):
        facilitator.next_button.click()
        for _ in facilitator.session.state.members:
            facilitator.round_panel.next.click()
    facilitator.next_button.click()


def test_the_consent_app_projects_the_proposal_never_the_script_and_folds_its_controls(store):
    room = store.create_room("Garden co-op")
    facilitator = ConsentFacilitator(f"Open the shed {HOSTILE}", ["Ana", "Ben"],
                                     circle="Garden", record=True, store=store, join_url=JOIN)
    assert "audience.ipynb?app=consent" in facilitator.audience_link.value
    setup = facilitator.audience_panel.screen.value
    assert room.code in setup and "QR code" in setup  # the room's code while people join
    facilitator.start()
    assert _row(facilitator) == (facilitator.next_button,)
    for part in (facilitator.progress, facilitator.proposal_view, facilitator.prompt_view):
        assert FOLDS in part._dom_classes
    facilitator.next_button.click()
    assert _row(facilitator) == (facilitator.round_panel.next, facilitator.round_panel.pass_button,
                                 facilitator.round_panel.undo)  # moving on: once it is over
    facilitator.next_button.click()  # refused: the round is not over; nothing changes
    for _ in range(2):
        facilitator.round_panel.next.click()
    assert _row(facilitator) == (facilitator.round_panel.end_undo, facilitator.next_button)
    facilitator.next_button.click()
    for _ in range(2):
        facilitator.round_panel.next.click()
    assert FOLDS in facilitator.body._dom_classes  # the step's boxes fold; the row has them
    assert _row(facilitator) == (facilitator.round_panel.end_undo, facilitator.amend_input,
                                 facilitator.amend_button, facilitator.next_button)
    facilitator.next_button.click()
    assert facilitator.session.state.step == "consent-round"
    shown = facilitator.audience_panel.screen.value
    assert "Open the shed &lt;img src=x" in shown and "<img src=x" not in shown
    assert "Facilitator" not in shown and "Restate the proposal" not in shown
    assert _row(facilitator) == (facilitator.reason_input, facilitator.consent_button,
                                 facilitator.object_button, facilitator.undo_response_button,
                                 facilitator.phones.ask_button)  # the reason's box beside them
    assert FOLDS in facilitator.turn_view._dom_classes
    facilitator.reason_input.value = f"Roof {HOSTILE}"
    facilitator.object_button.click()
    shown = facilitator.audience_panel.screen.value
    assert "Roof &lt;img" in shown and "Objection" in shown
    facilitator.consent_button.click()  # everyone has answered: undo, or move on
    assert _row(facilitator) == (facilitator.undo_response_button, facilitator.next_button)


def test_a_lesson_consent_decision_has_no_projector_parts():
    lesson = ConsentFacilitator("Plant beans", ["Ana", "Ben"])
    assert lesson.audience_panel is None
    lesson.start()
    lesson.next_button.click()  # nothing to draw, nothing fails


def test_the_workshop_room_projects_its_code_then_the_count_then_the_spoken_round(store):
    w = WorkshopRoom(store, join_url=JOIN, refresh_every=0)
    assert FOLDS in w.audience_link._dom_classes
    w.title.value = "Taste of sociocracy"
    w.create.click()
    room = w.room
    shown = w.audience_panel.screen.value
    assert f">{room.code}<" in shown and "QR code" in shown and JOIN in shown
    assert _row(w) == ()
    assert FOLDS in w.room_box._dom_classes and FOLDS not in w.ask_box._dom_classes
    keys = {name: room.join(name).key for name in ("Ana", HOSTILE)}
    w.prompt.value = "How are you arriving?"
    w.open_button.click()
    assert _row(w) == (w.reveal_button,)
    assert FOLDS in w.ask_box._dom_classes  # the next question's form folds while one is open
    activity = w.activity
    for name, key in keys.items():
        room.respond(key, activity, words=f"Curious, says {name}")
    w.refresh()
    shown = w.audience_panel.screen.value
    assert "2 of 2 answered" in shown and "Curious" not in shown
    w.reveal_button.click()
    shown = w.audience_panel.screen.value
    assert "Now speaking" in shown and "Curious, says Ana" in shown
    assert "&lt;img src=x" in shown and "<img src=x" not in shown
    assert _row(w) == (w.round_panel.next, w.round_panel.pass_button, w.round_panel.undo)
    w.round_panel.next.click()
    assert "Next:" not in w.audience_panel.screen.value  # the last speaker: nobody next
    w.round_panel.next.click()
    assert _row(w) == (w.round_panel.end_undo,)
    assert FOLDS not in w.ask_box._dom_classes  # ready for the next question
