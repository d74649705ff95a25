"""Meeting and feedback widgets, headless: plan, run every part, resume, hostile text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sociocracy.widgets import MeetingPlanner, MeetingRunner, PolicyLifecycle, ReviewCalendar

from sociocracy.meetings import load_agenda
from sociocracy.rooms import RoomStore
from tests.conftest import stop_every_screen

ROOT = Path(__file__).resolve().parents[2]
AGENDA = ROOT / "examples" / "agendas" / "garden_march.yaml"
HOSTILE = "<img src=x onerror=alert(1)>"
RAW_HOSTILE = re.compile(r"(?<![\\;])<img src=x")  # unescaped: neither \<img nor &lt;img


def _html_of(widget) -> str:
    """Every HTML value under ``widget`` that is displayed (hidden branches left out)."""
    found, stack = [], [widget]
    while stack:
        item = stack.pop()
        if getattr(getattr(item, "layout", None), "display", None) == "none":
            continue
        if type(item).__name__ in ("HTML", "ChartView", "DownloadLink") and \
                isinstance(item.value, str):
            found.append(item.value)
        stack.extend(getattr(item, "children", ()))
    return "\n".join(found)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path))
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    return tmp_path


# ------------------------------------------------------------------ planner
def test_the_planner_builds_an_agenda_by_clicking_and_shows_its_findings() -> None:
    planner = MeetingPlanner(save_button=False)
    planner.circle.value = "Garden"
    planner.length.value = 30
    planner.item_title.value = "Seeds"
    planner.item_kind.value = "decision"
    planner.item_minutes.value = 20
    planner.add_button.click()
    assert [i.title for i in planner.items] == ["Seeds"]
    codes = [f.code for f in planner.meeting.validate()]
    assert codes == ["over-time", "decision-without-proposal"]
    assert "Problem:" in planner.findings.value and "30" in planner.chart.alt
    planner.remove_button.click()
    planner.item_title.value = "Seeds"
    planner.item_proposal.value = "Organic seed only."
    planner.item_minutes.value = 10
    planner.add_button.click()
    assert planner.meeting.validate() == []
    assert "Ready." in planner.findings.value
    assert "Seeds" in planner.agenda_md.link.data.decode()
    assert "proposal: Organic seed only." in planner.agenda_yaml.link.data.decode()


def test_the_planner_accepts_a_selection_without_a_proposal() -> None:
    # MVOS: a selection is a decision whose proposal is made in the meeting
    planner = MeetingPlanner(save_button=False)
    planner.circle.value = "Garden"
    planner.length.value = 60
    planner.item_title.value = "Select a secretary"
    planner.item_kind.value = "decision"
    planner.item_minutes.value = 20
    planner.add_button.click()
    assert planner.meeting.validate() == []
    assert "Ready." in planner.findings.value
    assert "selection" in planner.item_proposal.placeholder


def test_the_planner_orders_items_and_refuses_an_empty_title() -> None:
    planner = MeetingPlanner(load_agenda(AGENDA), save_button=False)
    planner.item_list.value = 2
    planner.up_button.click()
    assert [i.title for i in planner.items] == ["Compost report", "Organic seed only",
                                                "New beds by the orchard"]
    planner.item_title.value = "  "
    planner.add_button.click()
    assert "Give the item" in planner.message.value and len(planner.items) == 3


def test_the_planner_shows_hostile_text_literally() -> None:
    planner = MeetingPlanner(save_button=False)
    planner.circle.value = HOSTILE
    planner.item_title.value = HOSTILE
    planner.item_owner.value = HOSTILE
    planner.add_button.click()
    page = _html_of(planner)
    assert "&lt;img src=x" in page and not RAW_HOSTILE.search(page)
    assert HOSTILE in planner.chart.alt  # alt text is escaped by figure_to_html


# ------------------------------------------------------------------ runner
def _click_round_through(runner: MeetingRunner, notes: list[str]) -> None:
    for note in notes:
        runner.round_panel.note.value = note
        runner.round_panel.next.click()


def test_a_meeting_runs_through_every_part_by_clicking_and_the_minutes_hold_every_note(
        data_folder) -> None:
    clock = FakeClock()
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben", HOSTILE], clock=clock,
                           save_button=False)
    runner.start_button.click()
    assert "Started." in runner.status.value
    notes: list[str] = []
    seen = []
    while runner.run is not None and not runner.run.finished:
        part = runner.run.current
        seen.append(part.key)
        assert "aria-current='step'" in runner.parts_view.value
        if part.key in ("check-in", "evaluation") or part.title == "New beds by the orchard":
            runner.round_button.click()
            turns = [f"{part.title} turn {i} {HOSTILE}" for i in range(3)]
            _click_round_through(runner, turns)
            notes += turns
        note = f"note for {part.title} {HOSTILE}"
        runner.notes.value = note
        notes.append(note)
        if part.key == "backlog":
            runner.backlog_input.value = f"Tool shed {HOSTILE}"
            runner.backlog_button.click()
            notes.append(f"Tool shed {HOSTILE}")
        clock.now += 120
        runner.next_button.click()
    assert seen == ["check-in", "admin", "agenda-consent", "item", "item", "item", "backlog",
                    "evaluation"]
    assert "The meeting is over." in runner.status.value
    minutes = runner.minutes.link.data.decode()
    for note in notes:
        assert note.replace("<", "\\<") in minutes, note
    page = _html_of(runner)
    assert not RAW_HOSTILE.search(page.split("base64,")[0])
    with RoomStore() as store:  # each part was recorded; the session is finished
        [session] = store.sessions("meeting")
        steps = [step for step, _ in session.steps]  # each part, and each round's turns
        assert steps.count("part-done") == 8 and steps.count("round") == 9
        assert steps[:4] == ["round"] * 3 + ["part-done"]
        assert session.finished and not store.unfinished_sessions("meeting")


def test_a_part_is_recorded_before_it_is_shown_done(data_folder, monkeypatch) -> None:
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben"], clock=FakeClock(), save_button=False)
    runner.start_button.click()
    order = []
    session = runner.session
    real_record = session.record
    monkeypatch.setattr(session, "record", lambda step, data, **_kw: (order.append(
        ("record", "(done)" in runner.parts_view.value)), real_record(step, data, **_kw)))
    runner.next_button.click()
    assert order == [("record", False)]  # not yet shown as done while it was written
    assert "(done)" in runner.parts_view.value


def test_a_round_must_be_finished_before_the_next_part(data_folder) -> None:
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben"], clock=FakeClock(), save_button=False)
    runner.start_button.click()
    runner.round_button.click()
    runner.next_button.click()
    assert "not complete" in runner.status.value and runner.run.index == 0


def test_a_consent_decision_from_a_decision_item_uses_the_consent_facilitator(
        data_folder) -> None:
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben"], clock=FakeClock(), save_button=False)
    runner.start_button.click()
    while runner.run.current.title != "Organic seed only":
        # only a decision item offers a consent decision (issue 25: a report item did)
        assert runner.consent_button.layout.display == "none", runner.run.current.title
        runner.next_button.click()
    runner.consent_button.click()
    panel = runner.consent_panel
    assert runner.activity.children == (panel,) and panel.process is runner.run.record.decisions[0]
    assert "Status: in progress (step: present)" in runner.minutes.link.data.decode()
    panel.next_button.click()  # to clarifying questions
    for _ in range(2):
        panel.round_panel.next.click()
    panel.next_button.click()
    for _ in range(2):
        panel.round_panel.next.click()
    panel.next_button.click()  # consent round
    panel.consent_button.click()
    panel.consent_button.click()
    panel.next_button.click()
    panel.publish_button.click()
    assert panel.process.step == "published"
    runner.follow()  # what the page's clock tick does every second: the decision moved on
    minutes = runner.minutes.link.data.decode()
    assert "consent decision" in minutes and "Consent in consent round 1 from: Ana, Ben" in minutes


def test_reopening_offers_to_resume_an_unfinished_meeting(data_folder) -> None:
    clock = FakeClock()
    first = MeetingRunner(str(AGENDA), ["Ana", "Ben"], clock=clock, save_button=False)
    first.start_button.click()
    first.round_button.click()
    _click_round_through(first, ["fine", "tired"])
    first.next_button.click()
    first.notes.value = "Ben keeps the minutes"
    first.next_button.click()
    # the kernel dies here; the app is opened again
    stop_every_screen()
    again = MeetingRunner(clock=clock, save_button=False)
    assert again.resume_box.layout.display != "none"
    assert "unfinished meeting" in again.resume_text.value
    again.resume_button.click()
    assert again.run.current.key == "agenda-consent"
    minutes = again.minutes.link.data.decode()
    assert "Ben keeps the minutes" in minutes and "1. Ana: fine" in minutes
    fresh = MeetingRunner(store=False, save_button=False)
    assert fresh.resume_box.layout.display == "none"
    lesson = MeetingRunner(str(AGENDA), ["Ana"], store=False, save_button=False)
    lesson.start_button.click()
    assert lesson.run.current.key == "check-in"
    assert lesson.phones_box.layout.display == "none"  # no record, so no room: no phones
    # "Plan a new meeting" closes the unfinished one (its record kept): not offered again
    stop_every_screen()  # the page that resumed it stopped too
    third = MeetingRunner(clock=clock, save_button=False)
    third.discard_button.click()
    assert third.resume_box.layout.display == "none"
    assert MeetingRunner(clock=clock, save_button=False).resume_box.layout.display == "none"
    with RoomStore() as store:
        assert [s for s, _ in store.sessions("meeting")[0].steps] == [
            "round", "round", "part-done", "part-done"]


# ------------------------------------------------------------------ feedback widgets
def test_policy_lifecycle_shows_alarms_and_the_tradeoff() -> None:
    tool = PolicyLifecycle()
    assert "No alarm" in tool.result.value and "never reached" in tool.chart.alt
    tool.effect.value = 25
    assert "Alarm" in tool.result.value and "fired in months" in tool.chart.alt
    tool.effect.value = 0
    tool.noise.value = 15
    tool.controls["clicks"].value = 5
    assert tool.tradeoff.false_alarm_rate > 0.5
    assert "false alarms go" in tool.tradeoff_chart.alt


def test_review_calendar_lists_due_and_overdue_for_an_organisation() -> None:
    coop = str(ROOT / "examples" / "organizations" / "green_valley_coop.yaml")
    cal = ReviewCalendar(coop, within_days=30, today=lambda: dt.date(2027, 3, 20))
    assert [e.title for e in cal.calendar.overdue] == ["Common room bookings online"]
    assert "Overdue:" in cal.view.value and "Boiler contact" in cal.view.value
    cal.today.value = dt.date(2026, 12, 1)
    assert "Up to date." in cal.view.value
    assert "Reviews, 2026-12-01" in cal.download.data.decode()


def test_without_a_usable_record_the_meeting_still_runs_and_says_so(monkeypatch) -> None:
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(ROOT / "lessons"))  # refused: served folder
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben"], clock=FakeClock(), save_button=False)
    runner.start_button.click()
    assert runner.session is None and runner.run.current.key == "check-in"
    assert "this meeting is not kept in it" in runner.status.value
    runner.next_button.click()
    assert "Done: Check-in round." in runner.status.value


def test_a_broken_agenda_file_never_stops_the_page(tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("circle: G\ndate: 2027-01-01\nminutes: 60\nagenda:\n  - title: X\n"
                      "    kind: report\n    minutes: ten\n")
    planner = MeetingPlanner(str(broken), save_button=False)
    assert "broken.yaml, line 7" in planner.message.value and planner.items == []
    runner = MeetingRunner(str(broken), store=False, save_button=False)
    assert "could not be used" in runner.planner.message.value


def test_the_check_in_is_asked_on_the_phones_counted_and_revealed_into_the_round(
        data_folder) -> None:
    with RoomStore() as store:
        room = store.create_room("Garden")
        phones = [room.join(name) for name in ("Ana", "Ben", HOSTILE)]
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben", "Chen"], clock=FakeClock(),
                           save_button=False)
    runner.start_button.click()
    assert runner.phones_box.layout.display != "none"
    assert runner.reveal_button.layout.display == "none"  # nothing asked yet
    runner.phones_button.click()
    assert "Asked the phones." in runner.status.value
    assert "0 of 3 answered" in runner.phones_count.value
    with RoomStore() as store:
        room = store.room(room.code)
        activity = room.current_activity
        room.respond(phones[0].key, activity.id, words="Rested")
        room.respond(phones[2].key, activity.id, words=f"Hello {HOSTILE}")
    runner.refresh_phones()  # what the page does every two seconds
    assert "2 of 3 answered" in runner.phones_count.value
    runner.reveal_button.click()
    assert "Revealed." in runner.status.value
    assert runner.activity.children == (runner.round_panel,)
    assert runner.phones_box.layout.display == "none"
    assert runner.round_panel.note.value == "Rested"  # Ana's turn: her words
    runner.round_panel.next.click()
    assert runner.round_panel.note.value == ""  # Ben did not write
    runner.round_panel.next.click()
    runner.round_panel.next.click()  # Chen
    assert runner.round_panel.note.value == f"Hello {HOSTILE}"  # a phone matching no member
    runner.round_panel.next.click()
    assert "The round is complete." in runner.status.value
    assert not RAW_HOSTILE.search(_html_of(runner).split("base64,")[0])
    runner.next_button.click()
    assert runner.phones_box.layout.display == "none"  # administration: no phones
    minutes = runner.minutes.link.data.decode()
    assert "1. Ana: Rested" in minutes and "Hello \\<img" in minutes


def test_a_meeting_resumed_in_the_middle_of_a_round_shows_the_round_at_its_turn(
        data_folder) -> None:
    first = MeetingRunner(str(AGENDA), ["Ana", "Ben", "Chen"], clock=FakeClock(),
                          save_button=False)
    first.start_button.click()
    first.round_button.click()
    _click_round_through(first, ["fine"])
    stop_every_screen()  # the kernel dies in the middle of the check-in
    again = MeetingRunner(clock=FakeClock(), save_button=False)
    again.resume_button.click()
    assert again.activity.children == (again.round_panel,)
    assert again.round_panel.now.value == "Ben" and "Ana" in again.round_panel.turn_list.value
    assert again.round_button.disabled  # the round goes on; no second one
    _click_round_through(again, ["ok", "tired"])
    assert "The round is complete." in again.status.value
    again.next_button.click()
    assert "1. Ana: fine" in again.minutes.link.data.decode()


def _upload(name: str, content: bytes) -> tuple[dict, ...]:
    import datetime

    return ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
             "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)},)


def test_the_planner_lists_the_agendas_and_opens_one(tmp_path, monkeypatch):
    """Issue 25: lesson 9 was wired to one file; a trainer's new agenda could not be opened."""
    for folder in ("lessons", "apps", "examples/agendas"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "examples" / "agendas" / "kitchen.yaml").write_text(
        "circle: Kitchen\ndate: 2027-05-06\nminutes: 60\nagenda:\n"
        "  - title: Menu report\n    kind: report\n    minutes: 10\n", encoding="utf-8")
    monkeypatch.setenv("SOCIOCRACY_COURSE_ROOT", str(tmp_path))
    planner = MeetingPlanner(str(AGENDA))
    labels = [label for label, _value in planner.agenda_menu.options]
    assert "Garden, 2027-03-04 (garden_march.yaml, the course's)" in labels
    assert planner.agenda_menu.label.startswith("Garden, 2027-03-04")  # the file it opened with
    assert planner.file_status.value == ""
    kitchen = next(v for label, v in planner.agenda_menu.options if label.startswith("Kitchen"))
    planner.agenda_menu.value = kitchen
    assert planner.circle.value == "Kitchen" and [i.title for i in planner.items] == \
        ["Menu report"]
    assert "Opened examples/agendas/kitchen.yaml" in planner.file_status.value


def test_an_uploaded_agenda_opens_and_a_broken_one_is_a_box_that_changes_nothing():
    planner = MeetingPlanner(str(AGENDA))
    before = [i.title for i in planner.items]
    planner.agenda_upload.value = _upload(
        "mine.yaml", b"circle: Kitchen\ndate: 2027-05-06\nminutes: 60\nagenda:\n"
                     b"  - title: Menu report\n   kind: report\n")
    assert 'role="alert"' in planner.file_status.value
    assert "mine.yaml, line 6 (field 'kind')" in planner.file_status.value
    assert "indentation of this line does not match" in planner.file_status.value
    assert [i.title for i in planner.items] == before and planner.circle.value == "Garden"
    assert planner.agenda_upload.value == ()
    planner.agenda_upload.value = _upload(
        "mine.yaml", b"circle: Kitchen\ndate: 2027-05-06\nminutes: 60\nagenda:\n"
                     b"  - title: Menu report\n    kind: report\n    minutes: 10\n")
    assert planner.circle.value == "Kitchen" and "Opened mine.yaml" in planner.file_status.value
