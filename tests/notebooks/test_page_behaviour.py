"""What each lesson and app promises about its widgets, checked here instead of on the page.

A served page runs only what the learner sees (Voila runs every cell on every visit, so hidden
check cells used to cost up to a second of each lesson's load). These tests run a page's code
cells the way the page does (in its own folder), then act on the widgets it made.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sociocracy.widgets import ConsentFacilitator, Quiz, RoundFacilitator

from sociocracy.consent import EXAMPLE_MEMBERS, compare_methods, decide
from tests.conftest import ROOT

QUIZZES = sorted((ROOT / "lessons" / "quizzes").glob("*.yaml"))


def run_page(relative: str) -> dict[str, Any]:
    """Run every code cell of a notebook in its folder; the namespace it leaves behind."""
    path = ROOT / relative
    cells = json.loads(path.read_text())["cells"]
    namespace: dict[str, Any] = {"__name__": "__page__"}
    here = Path.cwd()
    os.chdir(path.parent)
    try:
        for cell in cells:
            if cell["cell_type"] == "code":
                exec(compile("".join(cell["source"]), str(path), "exec"), namespace)
    finally:
        os.chdir(here)
    return namespace


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_every_quiz_grades_its_right_answers_right_and_explains_a_wrong_one(path):
    quiz = Quiz.from_yaml(path)
    for view in quiz.views:
        view.select(*sorted(view.question.correct_indices))
        view.check_button.click()
    assert quiz.results == [True] * len(quiz.views)
    assert "All" in quiz.score.value
    for view in quiz.views:
        wrong = sorted(set(range(len(view.question.choices))) - view.question.correct_indices)
        view.select(wrong[0])
        view.check_button.click()
        assert view.last_grade is not None and not view.last_grade.correct
        assert "Not" in view.feedback.value


@pytest.mark.parametrize("lesson", ["01_why_sociocracy", "03_consent", "04_objections",
                                    "05_circles", "06_double_linking", "07_selection",
                                    "08_proposal_forming", "09_meetings", "10_feedback",
                                    "11_being_an_ambassador"])
def test_a_lessons_quiz_opens_unanswered(lesson):
    page = run_page(f"lessons/{lesson}.ipynb")
    assert page["quiz"].results == [None] * len(page["quiz"].views)


def test_lesson_01_comparison_follows_the_drop_downs():
    compare = run_page("lessons/01_why_sociocracy.ipynb")["compare"]
    compare.right.value = "Holacracy"
    assert "four criteria" in compare.table.value
    compare.right.value = "Consensus"
    assert "stand aside" in compare.table.value.lower()


def test_lesson_02_rounds_are_more_equal_and_a_consent_round_cannot_be_passed():
    simulator = run_page("lessons/02_rounds.ipynb")["simulator"]
    assert simulator.averages["rounds"]["gini"] < simulator.averages["open"]["gini"]
    assert "of the talking" in simulator.summary.value
    check = RoundFacilitator(["Ana", "Ben", "Chen", "Dara"], kind="consent", save_button=False)
    check.start.click()
    assert check.pass_button.disabled and "not possible" in check.pass_reason.value
    for note in ["consent", "consent", "objection: the timing", "consent"]:
        check.note.value = note
        check.next.click()
    assert check.round.is_complete and "objection: the timing" in check.minutes_markdown()


def test_lesson_03_example_behaves_as_the_lesson_says():
    explorer = run_page("lessons/03_consent.ipynb")["explorer"]
    assert decide("consent", EXAMPLE_MEMBERS, 4.25).passed
    majority = decide("majority", EXAMPLE_MEMBERS, 5.5, status_quo=1.0)
    assert majority.passed and set(majority.left_out) == {"Ana", "Ben"}
    assert not decide("consent", EXAMPLE_MEMBERS, 5.5).passed
    assert explorer.outcomes["majority"].passed and not explorer.outcomes["consent"].passed
    result = compare_methods(7, trials=10_000, seed=2026)
    assert result.stats["consent"].max_left_out == 0
    assert result.stats["majority"].max_left_out > 0
    assert result.stats["majority"].workable_rejected > 0
    assert result == compare_methods(7, trials=10_000, seed=2026)


def test_lesson_04_a_whole_decision_with_one_objection_shortens_the_term():
    page = run_page("lessons/04_objections.ipynb")
    assert page["facilitator"].process is None  # the learner finds it at the start
    f = ConsentFacilitator("Send the newsletter monthly.", ["Ana", "Ben"], circle="Check")
    f.start_button.click()
    for _ in range(2):
        f.next_button.click()
        for _ in range(2):
            f.round_panel.next.click()
    f.next_button.click()
    f.consent_button.click()
    f.reason_input.value = "Donations may fall"
    f.object_button.click()
    f.next_button.click()
    f.strategy_choice.value = "shorten-term"
    f.detail_months.value = 3
    f.integrate_button.click()
    f.next_button.click()
    f.consent_button.click()
    f.consent_button.click()
    f.next_button.click()
    f.publish_button.click()
    assert f.process.step == "published" and f.process.decision.term_months == 3
    assert "shortened the term from 12 to 3 months" in f.export.markdown


def test_lesson_05_example_map_and_builder():
    page = run_page("lessons/05_circles.ipynb")
    coop_map, builder = page["coop_map"], page["builder"]
    assert [f.code for f in coop_map.findings] == ["no-delegate"]
    coop_map.focus.value = "Solar Panels"
    assert "Solar Panels is ringed" in coop_map.chart.alt
    builder.new_circle.value = "Book club"
    builder.add_circle_button.click()
    assert builder.org.circle("Book club") and "Book club" in builder.map.chart.alt
    assert "missing-aim" in [f.code for f in builder.map.findings]
    builder.undo_button.click()
    assert builder.org.circles == []


def test_lesson_06_two_links_beat_one_and_the_broken_link_is_found():
    page = run_page("lessons/06_double_linking.ipynb")
    telephone = page["telephone"]
    assert telephone.two.fidelity_up > telephone.one.fidelity_up
    assert telephone.two.escalation_rate > telephone.one.escalation_rate
    telephone.noise.value, telephone.bias.value = 0.0, 0.0
    assert telephone.one.fidelity_up == telephone.two.fidelity_up == 1.0
    found = [f for f in page["broken_map"].findings if f.severity == "error"]
    assert [(f.code, f.circle) for f in found] == [("leader-is-delegate", "Garden")]


def test_lesson_08_defaults_tell_the_story_and_controls_rerun():
    simulator = run_page("lessons/08_proposal_forming.ipynb")["simulator"]
    results = simulator.results
    assert results["rounds"].mean_surfaced > results["open"].mean_surfaced
    assert results["rounds"].picture_share > 0.9 and results["open"].picture_share < 0.7
    assert "in open discussion" in simulator.sentence.value
    assert "in rounds" in simulator.sentence.value
    simulator.group_size.value = 4
    assert simulator.results["open"].total == 8 and "4 members" in simulator.chart.alt
    simulator.show_mode.value = "rounds"
    assert "open discussion:" not in simulator.chart.alt


def test_lesson_11_case_study_path_and_meeting_load_presets():
    page = run_page("lessons/11_being_an_ambassador.ipynb")
    case, load = page["case"], page["load"]

    def pick(words: str) -> None:
        for button in case.choice_buttons:
            if words in button.description:
                button.click()
                return
        raise AssertionError(f"no choice with {words!r}")

    pick("Design the full structure")
    assert "Too many circles" in case.consequence.value
    pick("Ask the whole group")
    pick("leave her tasks as they are")
    assert "burns out" in case.consequence.value
    pick("select a person and a back-up")
    pick("Drop the evaluation round")
    pick("go back to open meetings")
    assert case.walk.finished and len(case.walk.pitfalls_met) == 4
    assert "Pitfalls met on this path: 4." in case.path_view.value
    case.restart_button.click()
    assert case.walk.path == [] and case.walk.current.key == case.story.start
    load.preset_buttons[0].click()
    assert load.load.circles == 7 and load.load.overloaded and "Over:" in load.result.value
    load.preset_buttons[1].click()
    assert load.load.circles == 1 and not load.load.overloaded


def test_the_circle_map_app_starts_empty_and_ready():
    builder = run_page("apps/circle_map.ipynb")["builder"]
    assert builder.org.circles == [] and builder.new_circle.disabled is False


def test_lesson_07_selection_runs_without_a_record_and_the_model_shows_what_the_text_says():
    page = run_page("lessons/07_selection.ipynb")
    practice, comparison = page["practice"], page["comparison"]
    assert practice.record is False and practice.process is None
    practice.start_button.click()
    assert practice.process.step == "role" and practice.session is None
    results = comparison.result.results
    # the lesson's figures: about 57 % (grid by reasons) against about 50 % (ballot) ...
    assert round(results["grid-reasons"].best_fit_rate * 100) == 57
    assert round(results["ballot"].best_fit_rate * 100) == 50
    # ... about 18 % against 10 % would object ...
    assert round(results["grid-reasons"].objection_rate * 100) == 18
    assert round(results["ballot"].objection_rate * 100) == 10
    # ... reasons no better than votes: proposing by reasons does slightly worse ...
    comparison.reason_popularity.value = 1.0
    results = comparison.result.results
    assert results["grid-reasons"].best_fit_rate < results["ballot"].best_fit_rate
    # ... and with no popularity sway at all, the ballot does better than the grid.
    comparison.reason_popularity.value = 0.5
    comparison.popularity.value = 0.0
    results = comparison.result.results
    assert results["ballot"].best_fit_rate > results["grid-reasons"].best_fit_rate


def test_the_selection_app_opens_ready_to_start_and_offers_to_resume(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path))
    facilitator = run_page("apps/selection.ipynb")["facilitator"]
    assert facilitator.record and facilitator.resume_box.layout.display == "none"
    facilitator.role_input.value = "Delegate"
    facilitator.members_input.value = "Ana\nBen"
    facilitator.start_button.click()
    again = run_page("apps/selection.ipynb")["facilitator"]
    assert again.resume_box.layout.display is None and "Delegate" in again.resume_text.value
def test_lesson_09_plans_the_example_agenda_and_runs_it_without_a_record():
    page = run_page("lessons/09_meetings.ipynb")
    planner, runner = page["planner"], page["runner"]
    assert planner.meeting is not None and planner.meeting.validate() == []
    assert "Ready." in planner.findings.value
    runner.members.value = "Ana\nBen"
    runner.start_button.click()
    assert runner.session is None and runner.run.current.key == "check-in"


def test_lesson_10_newsletter_defaults_hold_and_the_calendar_reads_the_coop():
    page = run_page("lessons/10_feedback.ipynb")
    lifecycle, calendar = page["lifecycle"], page["calendar"]
    assert [b.value for b in lifecycle.controls.values()] == [15, 10]
    assert lifecycle.effect.value == 0 and lifecycle.noise.value == 5
    assert calendar.calendar is not None and "green_valley" in calendar.file.value


def test_the_meeting_app_starts_with_an_empty_plan(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path))
    runner = run_page("apps/meeting.ipynb")["runner"]
    assert runner.planner.items == [] and runner.resume_box.layout.display == "none"


def test_no_learner_page_runs_hidden_checks():
    """Served pages run only what the learner sees: no cells tagged hide with assertions."""
    pages = [p for folder in ("lessons", "apps") for p in (ROOT / folder).glob("*.ipynb")]
    offenders = []
    for path in pages:
        for cell in json.loads(path.read_text())["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and "assert " in source:
                offenders.append(path.name)
    assert offenders == []
