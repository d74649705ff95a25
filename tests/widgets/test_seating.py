"""The seating order's controls (issue 25): shown before the first turn of a spoken round, every
control labelled, each forwarding to the session; the room's record download follows the round.
"""

from __future__ import annotations

import pytest
from sociocracy.widgets import MeetingRunner, RoundFacilitator, WorkshopRoom

from sociocracy.rooms import RoomStore
from tests.conftest import ROOT

AGENDA = ROOT / "examples" / "agendas" / "garden_march.yaml"

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path) as opened:
        yield opened


def visible(widget) -> bool:
    return widget.layout.display != "none"


def _controls(panel: RoundFacilitator):
    return (panel.seat_list, panel.seat_up, panel.seat_down, panel.seat_place, panel.seat_move,
            panel.seat_first, panel.seat_text, panel.seat_use)


def test_every_seating_control_is_labelled():
    panel = RoundFacilitator(["Ana", "Ben"])
    assert panel.seating.children == ()  # made when a round can be seated, not at start-up
    panel.start_round()
    for control in _controls(panel):
        assert control.description.strip(), control
    for button in (panel.seat_up, panel.seat_down, panel.seat_move, panel.seat_use):
        assert button.tooltip


def test_the_facilitator_seats_the_round_before_the_first_turn_and_not_after():
    panel = RoundFacilitator(["Ana", "Ben", "Chen", "Dev", "Eve"])
    assert panel.start_round() is not None
    assert visible(panel.seating) and panel.seat_list.options == ("Ana", "Ben", "Chen", "Dev",
                                                                   "Eve")
    panel.seat_list.value = "Eve"
    panel.seat_place.value = 1
    panel.seat_move.click()  # one press, not four "Move up"
    assert panel.round.order == ("Eve", "Ana", "Ben", "Chen", "Dev")
    assert panel.seat_list.options == panel.round.order and panel.seat_list.value == "Eve"
    assert panel.now.value == "Eve" and panel.up_next.value == "Ana"
    panel.seat_down.click()
    assert panel.round.order == ("Ana", "Eve", "Ben", "Chen", "Dev")
    panel.seat_first.value = "Chen"  # "Start with ...": round the circle from Chen
    assert panel.round.order == ("Chen", "Dev", "Ana", "Eve", "Ben")
    assert panel.now.value == "Chen"
    panel.seat_text.value = "ben\nAna"
    panel.seat_use.click()
    assert panel.round.order == ("Ben", "Ana", "Chen", "Dev", "Eve")
    assert panel.seat_text.value == ""  # used
    panel.seat_text.value = "Zed"
    panel.seat_use.click()
    assert "&quot;Zed&quot; is not in this round" in panel.message.value
    assert panel.seat_text.value == "Zed"  # kept to correct
    panel.next.click()
    assert not visible(panel.seating)  # fixed once someone has spoken
    panel.undo.click()
    assert visible(panel.seating)


def test_the_round_facilitators_reveal_from_the_phones_is_seated_before_it_is_spoken(store):
    room = store.create_room("Workshop")
    page = RoundFacilitator(record=True, store=store)
    page.ask_phones_button.click()
    activity = room.current_activity
    for name in ("Ana", "Bo", "Cy"):
        room.respond(room.join(name).key, activity, words=f"{name} here")
    page.reveal_phones_button.click()
    assert visible(page.seating) and page.seat_list.options == ("Ana", "Bo", "Cy")
    page.seat_list.value = "Cy"
    page.seat_up.click()
    page.seat_up.click()
    assert page.round.order == ("Cy", "Ana", "Bo") and page.note.value == "Cy here"
    page.next.click()
    [recorded] = store.unfinished_sessions("rounds")
    assert recorded.steps[0][0] == "seating" and recorded.steps[-1][0] == "turn"
    assert "1. Cy (" in room.export_markdown()


def test_moving_with_nobody_selected_says_what_to_do():
    panel = RoundFacilitator(["Ana", "Ben"])
    panel.start_round()
    panel.seat_up.click()
    assert "Select a person in the speaking order first." in panel.message.value
    assert panel.round.order == ("Ana", "Ben")


def test_the_workshop_rooms_spoken_round_is_seated_and_its_record_follows(store):
    w = WorkshopRoom(store, join_url="http://10.0.0.5:8866/join", refresh_every=0)
    room = w.create_room("Room")
    people = {name: room.join(name) for name in ("Ana", HOSTILE, "Chen")}
    w.open_activity("check-in", "How are you arriving?")
    for name, person in people.items():
        room.respond(person.key, w.activity, words=f"words of {name}")
    w.reveal_button.click()
    panel = w.round_panel
    assert visible(panel.seating)
    assert panel.seat_list.options == ("Ana", HOSTILE, "Chen")  # join order, as text
    panel.seat_first.value = "Chen"
    assert panel.now.value == "Chen" and panel.note.value == "words of Chen"
    panel.next.click()
    panel.pass_button.click()
    panel.next.click()
    markdown = w.markdown.data.decode()  # the download the page offers, read again
    assert "1. Chen (" in markdown and "2. Ana (" in markdown and ": passed" in markdown
    assert "3. \\<img src=x onerror=alert(1)> (" in markdown
    assert "Outcome: round complete at" in markdown


class FakeClock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_meeting_app_fits_its_parts(tmp_path, monkeypatch):
    """A meeting's round is seated as the room sits before its first turn (issue 25: the
    seating panel, as in the round app); "Start a consent decision" only in a decision item;
    text left in "Add to backlog" does not follow the part."""
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path))
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben"], clock=FakeClock(), save_button=False)
    runner.start_button.click()
    runner.round_button.click()  # the check-in
    panel = runner.round_panel
    assert panel.round is not None and visible(panel.seating)
    panel.seat_list.value = "Ben"
    panel.seat_up.click()  # Ben starts
    assert panel.now.value == "Ben" and runner.app_session.rounds.state.participants == (
        "Ben", "Ana")
    assert panel.pause.description == "Start timer"  # reseating was nobody's turn
    for _ in range(2):
        runner.round_panel.next.click()
    assert [t.who for t in runner.run.record.rounds[-1].turns] == ["Ben", "Ana"]
    assert not visible(panel.seating)
    kinds = []
    while runner.run is not None and not runner.run.finished:
        part = runner.run.current
        kind = runner.app_session.state.part.kind
        kinds.append(kind)
        assert visible(runner.consent_button) == (kind == "decision"), part.title
        runner.backlog_input.value = f"typed during {part.title}, never added"
        if part.key == "evaluation":
            runner.round_button.click()
            for _ in range(2):
                runner.round_panel.next.click()
        runner.next_button.click()
        if not runner.run.finished:
            assert runner.backlog_input.value == "", part.title
    assert {"report", "decision"} <= set(kinds)


def test_the_turn_timer_does_not_count_while_the_facilitator_reseats():
    """Issue 25: reseating stops the first turn's clock at 0:00; it counts from "Start timer"
    (a turn whose timer never started is kept untimed, never with the reseating's minutes)."""
    clock = FakeClock()
    panel = RoundFacilitator(["Ana", "Ben", "Chen"], clock=clock)
    panel.start_round()
    clock.now += 30  # the room settles: a round that is not reseated counts from the start
    assert panel.turn_timer.elapsed == 30
    panel.seat_list.value = "Chen"
    panel.seat_up.click()
    clock.now += 40  # choosing the next move
    panel.seat_first.value = "Ben"
    clock.now += 50
    assert panel.turn_timer.elapsed == 0 and not panel.turn_timer.running
    assert panel.pause.description == "Start timer" and panel.clock.value.startswith("0:00")
    panel.pause.click()  # Ben begins
    clock.now += 12
    panel.next.click()
    assert panel.round.turns[0].who == "Ben" and panel.round.turns[0].seconds == 12
    clock.now += 7  # the next turn counts on its own, as before
    panel.next.click()
    assert panel.round.turns[1].seconds == 7

    other = RoundFacilitator(["Ana", "Ben"], clock=clock)
    other.start_round()
    other.seat_first.value = "Ben"
    clock.now += 90
    other.next.click()  # never started: untimed, not 90 s of reseating
    assert other.round.turns[0].who == "Ben" and other.round.turns[0].seconds is None
