"""Meetings: the frame and its timings, every finding, agenda files, a run of a meeting, minutes."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociocracy.core.errors import InputError, ProcessError, ScenarioError
from sociocracy.course.checks import check_file
from sociocracy.meeting_minutes import agenda_markdown, decision_entries, meeting_minutes
from sociocracy.meetings import (
    EVALUATION_PROMPTS,
    FINDING_CODES,
    FRAME,
    FRAME_MINUTES,
    AgendaItem,
    Meeting,
    MeetingRun,
    load_agenda,
    parse_agenda,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<img src=x onerror=alert(1)>"
PEOPLE = ["Ana", "Ben", "Chen"]


def garden(minutes: float = 60, **frame: float) -> Meeting:
    return Meeting("Garden", "2027-03-04", minutes, [
        AgendaItem("Compost report", "report", 10, "Jo"),
        AgendaItem("Seeds", "decision", 15, proposal="Buy organic seed only."),
    ], frame=frame or None)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def minutes(self, m: float) -> None:
        self.now += 60 * m


# ------------------------------------------------------------------ the frame and the plan
def test_the_plan_is_sofas_frame_around_the_items_in_order() -> None:
    plan = garden().plan()
    assert [p.key for p in plan] == ["check-in", "admin", "agenda-consent", "item", "item",
                                     "spare", "backlog", "evaluation"]
    assert [(p.start, p.end) for p in plan[:5]] == [(0, 5), (5, 7), (7, 8), (8, 18), (18, 33)]
    assert plan[-1].end == 60 and plan[-1].title == "Evaluation round"


def test_a_full_agenda_has_no_spare_time_and_ends_exactly_on_time() -> None:
    meeting = garden(minutes=15 + 10 + sum(FRAME_MINUTES.values()))
    plan = meeting.plan()
    assert "spare" not in [p.key for p in plan]
    assert plan[-1].end == meeting.minutes
    assert meeting.validate() == []


def test_a_frame_part_set_to_zero_is_left_out() -> None:
    keys = [p.key for p in garden(**{"check-in": 0}).plan()]
    assert "check-in" not in keys and keys[0] == "admin"


items = st.lists(st.builds(
    AgendaItem, title=st.text("abc ", min_size=1).filter(str.strip),
    kind=st.sampled_from(["report", "exploration", "decision"]),
    minutes=st.integers(0, 60) | st.floats(0, 60)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(items=items, length=st.floats(1, 400), check_in=st.sampled_from([0, 3, 5]),
       evaluation=st.sampled_from([0, 5]))
def test_parts_never_overlap_and_fill_the_meeting_when_it_fits(items, length, check_in,
                                                               evaluation) -> None:
    meeting = Meeting("Circle", "2027-01-01", length, items,
                      frame={"check-in": check_in, "evaluation": evaluation})
    plan = meeting.plan()
    assert plan[0].start == 0
    for before, after in itertools.pairwise(plan):
        assert after.start == pytest.approx(before.end)  # no gap, no overlap
    assert all(p.end >= p.start for p in plan)
    total = sum(p.minutes for p in plan)
    if meeting.needed <= length:
        assert total == pytest.approx(length) and plan[-1].end == pytest.approx(length)
        assert "over-time" not in [f.code for f in meeting.validate()]
    else:
        assert total == pytest.approx(meeting.needed)
        assert "over-time" in [f.code for f in meeting.validate()]


# ------------------------------------------------------------------ findings
def codes(meeting: Meeting) -> list[str]:
    return [f.code for f in meeting.validate()]


def test_every_finding_code_can_be_produced_and_has_a_plain_message() -> None:
    seen: dict[str, str] = {}
    cases = [
        garden(minutes=20),                                   # over-time
        garden(**{"check-in": 0}),                            # no-check-in
        garden(evaluation=0),                                 # no-evaluation
        Meeting("G", "2027-01-01", 60, []),                   # no-items
        Meeting("G", "2027-01-01", 300, [AgendaItem("X", "decison", 10)]),  # unknown-kind
        Meeting("G", "2027-01-01", 300, [AgendaItem("Y", "decision", 20)]),
        Meeting("G", "2027-01-01", 300, [AgendaItem("Z", "decision", 5, proposal="p")]),
        Meeting("G", "2027-01-01", 300,
                [AgendaItem(f"D{i}", "decision", 20, proposal="p") for i in range(4)]),
    ]
    for meeting in cases:
        for finding in meeting.validate():
            seen[finding.code] = finding.severity
            assert finding.message.endswith((".", "?")) and "Finding" not in finding.message
    assert seen == FINDING_CODES
    assert seen["too-many-decisions"] == "warning"


def test_three_decisions_are_fine_and_a_fourth_is_a_warning_on_the_fourth_item() -> None:
    three = [AgendaItem(f"D{i}", "decision", 20, proposal="p") for i in range(3)]
    assert "too-many-decisions" not in codes(Meeting("G", "2027-01-01", 300, three))
    four = Meeting("G", "2027-01-01", 300, [*three, AgendaItem("D4", "decision", 20,
                                                               proposal="p")])
    [finding] = [f for f in four.validate() if f.code == "too-many-decisions"]
    assert finding.item == 3


def test_a_decision_without_a_proposal_is_an_error_but_a_report_without_one_is_fine() -> None:
    meeting = Meeting("G", "2027-01-01", 300, [AgendaItem("Seeds", "decision", 20),
                                               AgendaItem("News", "report", 5)])
    [finding] = meeting.validate()
    assert (finding.code, finding.item, finding.severity) == ("decision-without-proposal", 0,
                                                              "error")


@pytest.mark.parametrize("title", ["Select a facilitator", "Selection: delegate",
                                   "Re-select the secretary", "Election of the treasurer",
                                   "Delegate (selection)"])
def test_a_selection_is_a_decision_that_needs_no_proposal_beforehand(title) -> None:
    # MVOS "Making a decision": a selection process is a decision; its proposal is made in the
    # meeting, after the nomination and change rounds ("Facilitator proposes a candidate").
    meeting = Meeting("G", "2027-01-01", 300, [AgendaItem(title, "decision", 20)])
    assert meeting.items[0].is_selection
    assert [f.code for f in meeting.validate()] == []


@pytest.mark.parametrize("title", ["Seeds", "Selective weeding policy", "Electric mower",
                                   "Selectors' rota"])
def test_other_decisions_without_a_proposal_are_still_errors(title) -> None:
    meeting = Meeting("G", "2027-01-01", 300, [AgendaItem(title, "decision", 20)])
    [finding] = meeting.validate()
    assert finding.code == "decision-without-proposal"
    assert "select" in finding.message.lower()  # the message says how to mark a selection


def test_a_selection_named_in_an_agenda_file_checks_clean(tmp_path) -> None:
    path = tmp_path / "agenda.yaml"
    path.write_text("circle: Garden\ndate: 2027-03-04\nminutes: 60\nagenda:\n"
                    "  - title: Select a facilitator\n    kind: decision\n    minutes: 20\n",
                    encoding="utf-8")
    assert load_agenda(path).validate() == []


def test_a_selection_item_in_a_run_says_its_proposal_comes_from_the_rounds() -> None:
    run = MeetingRun(Meeting("G", "2027-01-01", 60,
                             [AgendaItem("Select a secretary", "decision", 20)]), PEOPLE)
    run.start()
    while run.current is not None and run.current.key != "item":
        run.next_part()
    with pytest.raises(ProcessError, match="selection") as caught:
        run.start_consent()
    assert "nomination" in caught.value.plain
    assert run.start_consent("Ana as secretary for a year").proposal == (
        "Ana as secretary for a year")


def test_the_admin_part_is_about_the_previous_minutes_not_who_keeps_them() -> None:
    # MVOS "Administrative: ADMIN", "Minutes": the previous meeting's minutes are known and
    # consented to.
    title, where, text = FRAME["admin"]
    assert where == "opening" and title == "Administration" and text.startswith("ADMIN")
    assert "previous meeting's minutes" in text and "consent" in text
    assert "who keeps the minutes" not in text
    for word in ("Attendance", "duration", "minutes", "information", "next meeting"):
        assert word.lower() in text.lower()


def test_an_item_refuses_bad_values_with_a_plain_message() -> None:
    with pytest.raises(InputError, match="title"):
        AgendaItem("  ", "report", 5)
    with pytest.raises(InputError, match="negative"):
        AgendaItem("X", "report", -5)
    with pytest.raises(InputError, match="number of minutes"):
        AgendaItem("X", "report", "ten")
    with pytest.raises(InputError, match="2027-03-04"):
        Meeting("G", "someday", 60)


# ------------------------------------------------------------------ agenda files
def test_the_example_agenda_loads_round_trips_and_checks_clean(tmp_path) -> None:
    path = ROOT / "examples" / "agendas" / "garden_march.yaml"
    meeting = load_agenda(path)
    assert meeting.circle == "Garden" and meeting.date == dt.date(2027, 3, 4)
    assert [i.kind for i in meeting.items] == ["report", "exploration", "decision"]
    assert check_file(path) == []
    copy = meeting.save(tmp_path / "copy.yaml")
    again = load_agenda(copy)
    assert again.to_dict() == meeting.to_dict()


@pytest.mark.parametrize(("text", "line", "field"), [
    ("circle: G\ndate: 2027-01-01\nminutes: 30\nagenda:\n  - title: X\n    kind: report\n"
     "    minutes: ten\n", 7, "minutes"),
    ("circle: G\ndate: 2027-01-01\nminutes: 30\nagenda:\n  - title: X\n    kind: report\n"
     "    minuts: 10\n", 7, "minuts"),
    ("circle: G\ndate: 2027-01-01\nminutes: 30\nagenda:\n  - title: X\n    kind: report\n",
     5, "minutes"),
    ("circle: G\ndate: 2027-13-01\nminutes: 30\nagenda: []\n", 2, "date"),
    ("circle: G\ndate: 2027-01-01\nminutes: 30\nframe: {checkin: 3}\nagenda: []\n", 4,
     "checkin"),
    ("circle: G\ndate: 2027-01-01\nminutes: 30\nagenda:\n  - title: X\n   kind: report\n", 6,
     None),
])
def test_a_broken_agenda_file_names_its_line_and_field(text, line, field) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_agenda(text, "broken.yaml")
    assert caught.value.path == "broken.yaml"
    assert caught.value.line == line
    if field:
        assert caught.value.field == field


def test_check_reports_findings_at_their_lines(tmp_path) -> None:
    path = tmp_path / "agenda.yaml"
    path.write_text("circle: G\ndate: 2027-01-01\nminutes: 30\nframe: {evaluation: 0}\n"
                    "agenda:\n  - title: X\n    kind: decision\n    minutes: 10\n")
    lines = [(line.line, line.code) for line in check_file(path)]
    assert (4, "no-evaluation") in lines
    assert (6, "decision-without-proposal") in lines or (7, "decision-without-proposal") in lines


# ------------------------------------------------------------------ running a meeting
def run_meeting(clock: FakeClock | None = None) -> MeetingRun:
    return MeetingRun(garden(), PEOPLE, clock=clock or FakeClock())


def test_a_run_goes_through_every_part_in_order_and_ends() -> None:
    run = run_meeting()
    assert not run.started and run.current is None
    run.start()
    seen = [run.current.key]
    while run.next_part() is not None:
        seen.append(run.current.key)
    assert seen == ["check-in", "admin", "agenda-consent", "item", "item", "backlog",
                    "evaluation"]  # spare time is planned, not run
    assert run.finished
    with pytest.raises(ProcessError, match="over"):
        run.next_part()


def test_out_of_order_calls_say_what_comes_next() -> None:
    run = run_meeting()
    with pytest.raises(ProcessError, match="start the meeting"):
        run.note("too early")
    with pytest.raises(ProcessError, match="not started"):
        run.next_part()
    run.start()
    with pytest.raises(ProcessError, match="agenda item"):
        run.start_consent()
    rnd = run.start_round()
    assert rnd.kind == "check-in" and rnd.prompt
    with pytest.raises(ProcessError, match=r"check-in round is not complete.*Ana"):
        run.next_part()
    with pytest.raises(ProcessError, match="Finish"):
        run.start_round()


def test_a_consent_decision_is_held_in_a_decision_item_only() -> None:
    run = run_meeting()
    run.start()
    while run.current.title != "Compost report":
        run.next_part()
    with pytest.raises(ProcessError, match="\"Compost report\" is a report item: a consent "
                       "decision is held during a decision item"):
        run.start_consent()
    assert run.record.decisions == []


def test_the_evaluation_round_asks_our_evaluation_prompts() -> None:
    run = run_meeting()
    run.start()
    while run.current.key != "evaluation":
        run.next_part()
    rnd = run.start_round()
    assert rnd.kind == "evaluation"
    for _key, question in EVALUATION_PROMPTS:
        assert question in rnd.prompt


def test_time_used_against_the_plan() -> None:
    clock = FakeClock()
    run = run_meeting(clock)
    run.start()
    clock.minutes(8)  # the check-in was planned for 5
    assert run.part_elapsed() == pytest.approx(8)
    assert run.behind() == pytest.approx(3)
    run.next_part()
    assert run.records[0].used == pytest.approx(8)
    assert run.behind() == pytest.approx(3)  # the administration starts 3 minutes late
    clock.minutes(1)
    run.next_part()
    assert run.behind() == pytest.approx(2)


def test_a_consent_decision_runs_inside_a_decision_item_and_reaches_the_minutes() -> None:
    run = run_meeting()
    run.start()
    while run.current.title != "Seeds":
        run.next_part()
    process = run.start_consent()
    assert process.proposal == "Buy organic seed only." and process.circle == "Garden"
    process.advance()
    for _ in PEOPLE:
        process.round.speak("no question")
    process.advance()
    for _ in PEOPLE:
        process.round.speak("fine")
    process.advance()
    for name in PEOPLE:
        process.respond(name, "consent")
    process.advance()
    process.publish(decided_on="2027-03-04")
    text = meeting_minutes(run)
    assert "Garden: consent decision" in text and "Review date: 2028-03-04" in text


def test_resume_after_a_crash_keeps_every_completed_part() -> None:
    clock = FakeClock()
    run = run_meeting(clock)
    run.start()
    rnd = run.start_round()
    for name in PEOPLE:
        rnd.speak(f"{name} is here")
    clock.minutes(5)
    run.next_part()
    run.note("Chen keeps the minutes")
    run.add_backlog("Tool shed")
    run.next_part()
    steps = [("part-done", run.part_data(i, decision_entries(run, i))) for i in range(2)]
    again = MeetingRun.resume(run.setup(), steps, clock=clock)
    assert again.index == 2 and again.current.key == "agenda-consent"
    assert again.records[1].notes == "Chen keeps the minutes"
    assert [t.note for t in again.records[0].rounds[0].turns] == [f"{n} is here" for n in PEOPLE]
    assert again.backlog == ["Tool shed"]
    assert meeting_minutes(again).split("## 3.")[0] == meeting_minutes(run).split("## 3.")[0]


# ------------------------------------------------------------------ minutes
def test_minutes_hold_every_note_round_and_backlog_entry_with_hostile_text_escaped() -> None:
    run = MeetingRun(Meeting("Garden", "2027-03-04", 60, [
        AgendaItem(HOSTILE, "report", 10, HOSTILE, notes=HOSTILE)]), ["Ana", HOSTILE],
        clock=FakeClock())
    run.start()
    rnd = run.start_round()
    rnd.speak(f"note {HOSTILE}")
    rnd.speak("[click](javascript:alert(1))")
    run.next_part()
    run.note(f"admin {HOSTILE}")
    run.add_backlog(HOSTILE)
    text = meeting_minutes(run)
    assert not re.search(r"(?<!\\)<img", text) and "\\[click\\](javascript" in text
    assert text.count("\\<img src=x onerror=alert(1)>") >= 5
    assert "admin \\<img" in text and "note \\<img" in text
    assert not re.search(r"(?<!\\)<img", agenda_markdown(run.meeting))


def test_check_reports_every_problem_in_an_agenda_and_suggests_the_intended_field(tmp_path
                                                                                  ) -> None:
    path = tmp_path / "agenda.yaml"
    path.write_text("circle: G\ndate: 2027-01-01\nminutes: 60\nagenda:\n"
                    "  - title: X\n    kind: report\n    minuts: 10\n"
                    "  - title: Y\n    kind: report\n    minutes: ten\n"
                    "  - title: Z\n    kind: report\n    minutes: 5\n")
    lines = check_file(path)
    assert [(line.line, line.code) for line in lines] == [(7, "invalid-file"),
                                                          (10, "invalid-file")]
    assert "did you mean 'minutes'?" in lines[0].message


def test_the_last_part_ended_can_be_reopened_when_the_record_refused_it() -> None:
    clock = FakeClock()
    run = run_meeting(clock)
    with pytest.raises(ProcessError, match="start the meeting with the check-in"):
        run.reopen_last_part()
    run.start()
    with pytest.raises(ProcessError, match="No part has ended yet"):
        run.reopen_last_part()
    run.note("all here")
    clock.minutes(5)
    run.next_part()
    assert run.index == 1 and run.records[1].started_at is not None
    assert run.reopen_last_part() is run.parts[0]
    assert run.index == 0 and run.records[0].ended_at is None
    assert run.records[1].started_at is None and run.records[0].notes == "all here"
    while run.next_part() is not None:
        pass
    assert run.finished
    assert run.reopen_last_part() is run.parts[-1] and not run.finished
