"""The practice widgets, headless: every kind answered right, partly and wrong; hints, worked
answers, a broken trainer file, hostile text, and matplotlib only when a chart is on screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sociocracy.widgets import ExerciseSet
from sociocracy.widgets.practice import TaskView

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "exercises" / "data"
HOSTILE = "<img src=x onerror=alert(1)>"


def view_of(name: str, task_id: str) -> TaskView:
    exercise_set = ExerciseSet.from_yaml(DATA / name)
    for index, entry in enumerate(exercise_set.entries):
        if getattr(entry, "id", None) == task_id:
            exercise_set.go(index)
            view = exercise_set.holder.children[0]
            assert isinstance(view, TaskView)
            return view
    raise AssertionError(task_id)


def html_values(widget) -> list[str]:
    """The markup of every HTML widget inside ``widget`` (what could carry injected HTML)."""
    import ipywidgets

    found = [widget.value] if isinstance(widget, ipywidgets.HTML) else []
    for child in getattr(widget, "children", ()):
        found += html_values(child)
    return found


def press_check(view: TaskView) -> str:
    view.check_button.click()
    return view.feedback.value


def test_choose_right_partial_wrong_feedback():
    view = view_of("04_objections.yaml", "integrate")
    view.answer_view.fill(0, 1)
    assert "<strong>Right.</strong>" in press_check(view)
    view.answer_view.fill(0)
    text = press_check(view)
    assert "Partly right" in text and "You missed" in text and "What to look at:" in text
    view.answer_view.fill(3)
    text = press_check(view)
    assert "Not this one." in text and "seedlings to die" in text
    assert 'role="status"' in text


def test_sort_feedback_names_the_item_out_of_place():
    view = view_of("04_objections.yaml", "what-was-said")
    groups = [item.group for item in view.task.items]
    view.answer_view.fill(groups)
    assert "Right." in press_check(view)
    view.answer_view.fill(["objection", *groups[1:]])
    text = press_check(view)
    assert "Partly right: 4 of 5" in text and "not objection" in text


def test_order_moves_with_the_buttons_and_is_checked():
    view = view_of("01_why_sociocracy.yaml", "feedback-loop")
    answer = view.answer_view
    steps = len(view.task.steps)
    # Move each step into place with the buttons only, as a keyboard user would.
    for place in range(steps):
        answer.listing.value = place
        while answer.order.index(place) > place:
            answer.up.click()
        assert answer.listing.value == place  # the moved step stays selected
    assert answer.order == list(range(steps))
    assert "Right." in press_check(view)
    answer.listing.value = answer.order[0]
    answer.down.click()
    assert "Partly right" in press_check(view)


def test_plan_shows_the_running_total_and_the_rules():
    view = view_of("02_rounds.yaml", "thirty-minutes")
    answer = view.answer_view
    answer.boxes[-1].value = True  # open debate, 20 minutes
    assert "20 of 30 minutes" in answer.total.value
    text = press_check(view)
    assert "Leave out: Open debate" in text
    answer.fill(view.task.best_plan())
    assert "Right: this plan works." in press_check(view)


def test_chart_draws_the_simulation_and_checks_the_number(monkeypatch):
    view = view_of("02_rounds.yaml", "top-three")
    answer = view.answer_view
    assert "course-chart" in answer.chart.value and "person 1" in answer.chart.alt
    answer.fill("5")
    assert "too low" in press_check(view)
    answer.fill(f"{view.task.answer():.0f}")
    assert "Right." in press_check(view)
    answer.fill("lots")
    text = press_check(view)
    assert 'role="alert"' in text and "not a number" in text


def test_build_organisation_feedback_quotes_the_rules():
    view = view_of("06_double_linking.yaml", "two-people")
    text = press_check(view)  # Ana is leader and delegate at the start
    assert "Not yet" in text and "Ana" in text
    view.answer_view.fill({"Baking": {"leader": "Ana", "delegate": "Ben"}})
    assert "the rules find nothing to fix" in press_check(view)


def test_build_round_order():
    view = view_of("02_rounds.yaml", "nominee-last")
    view.answer_view.fill_names(["Dev", "Ema", "Femi", "Ana", "Chloé", "Ben"])
    assert "Right." in press_check(view)


def test_explore_says_who_would_object():
    view = view_of("03_consent.yaml", "everyone-can-work-with-it")
    text = press_check(view)
    assert "3 would object" in text and "Ana" in text
    view.answer_view.fill(4.0)
    assert "Right: 4 evenings a month passes." in press_check(view)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_every_task_has_a_hint_and_a_worked_answer_that_toggle(name):
    exercise_set = ExerciseSet.from_yaml(DATA / name)
    for view in exercise_set.views:
        view.hint_button.click()
        assert "Hint." in view.hint.value and view.hint_button.description == "Hide the hint"
        view.worked_button.click()
        assert "Worked answer." in view.worked.value and "<li>" in view.worked.value
        view.worked_button.click()
        assert view.worked.value == ""


def test_navigation_shows_one_task_at_a_time_and_counts_progress():
    exercise_set = ExerciseSet.from_yaml(DATA / "02_rounds.yaml")
    assert exercise_set.previous_button.disabled
    exercise_set.next_button.click()
    assert exercise_set.chooser.value == 1 and len(exercise_set.holder.children) == 1
    exercise_set.chooser.value = 4
    assert exercise_set.next_button.disabled
    view = exercise_set.holder.children[0]
    view.answer_view.fill([item.group for item in view.task.items])
    view.check_button.click()
    assert "1 of 5 exercises right so far" in exercise_set.progress.value


def test_a_broken_task_shows_file_line_and_field_and_the_rest_works(tmp_path):
    text = (DATA / "02_rounds.yaml").read_text(encoding="utf-8").replace(
        "    measure: top_share\n", "    measure: loudest\n")
    path = tmp_path / "02_rounds.yaml"
    path.write_text(text, encoding="utf-8")
    exercise_set = ExerciseSet.from_yaml(path)
    exercise_set.go(2)
    message = exercise_set.holder.children[0].value
    assert 'role="alert"' in message and str(path) in message
    line = text.splitlines().index("    measure: loudest") + 1
    assert f"line {line}" in message and "field &#x27;measure&#x27;" in message
    exercise_set.go(3)
    assert isinstance(exercise_set.holder.children[0], TaskView)


def test_a_file_that_cannot_be_read_shows_a_message_instead_of_a_traceback(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: T\ntasks: [\n", encoding="utf-8")
    exercise_set = ExerciseSet.from_yaml(path)
    message = exercise_set.error.value
    assert 'role="alert"' in message and "not valid YAML" in message


def test_trainers_text_is_escaped(tmp_path):
    text = (DATA / "04_objections.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Question, reaction, preference or objection?",
                        f'title: "{HOSTILE}"').replace(
        "Who locks up at noon?", HOSTILE).replace(
        "text: Present the proposal", f'text: "{HOSTILE}"')
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    exercise_set = ExerciseSet.from_yaml(path)
    pieces = []
    for view in exercise_set.views:
        view.check_button.click()
        view.hint_button.click()
        view.worked_button.click()
        pieces += html_values(view)
    html_out = "\n".join(pieces)
    assert HOSTILE not in html_out and "&lt;img" in html_out


#: Practice sets, and whether going through all their tasks loads numpy. Lesson 05's
#: double-linking model is imported only when it runs (a learner's move), not when its task is
#: shown, so that set never loads it here.
NUMPY_AFTER_VISITS = {"02_rounds": True, "03_consent": True, "05_circles": False}


@pytest.mark.parametrize("name", sorted(NUMPY_AFTER_VISITS))
def test_a_practice_page_opens_without_numpy_when_its_first_task_needs_no_model(name):
    code = (
        "import sys\n"
        "from sociocracy.widgets import ExerciseSet\n"
        f"s = ExerciseSet.from_yaml({str(DATA / (name + '.yaml'))!r})\n"
        "assert 'numpy' not in sys.modules, 'numpy imported at page open'\n"
        "for i in range(len(s.entries)):\n"
        "    s.go(i)\n"
        f"assert ('numpy' in sys.modules) is {NUMPY_AFTER_VISITS[name]}, 'numpy after visits'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_a_task_the_rules_reject_shows_its_error_when_reached(tmp_path):
    text = (DATA / "05_circles.yaml").read_text(encoding="utf-8").replace(
        "Garden: {leader: Ana, delegate: Ben}", "Garden: {leader: Ana, delegate: Ana}")
    path = tmp_path / "05_circles.yaml"
    path.write_text(text, encoding="utf-8")
    exercise_set = ExerciseSet.from_yaml(path)
    index = next(i for i, e in enumerate(exercise_set.entries) if getattr(e, "kind", "") == "build")
    exercise_set.go(index)
    message = exercise_set.holder.children[0].value
    assert 'role="alert"' in message and "the rules reject the worked answer" in message
    line = text.splitlines().index("    answer:") + 1
    assert f"line {line}" in message


def test_importing_the_practice_does_not_import_matplotlib_until_a_chart_is_shown(tmp_path):
    code = (
        "import sys\n"
        "from sociocracy.widgets import ExerciseSet\n"
        f"s = ExerciseSet.from_yaml({str(DATA / '02_rounds.yaml')!r})\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib at page open'\n"
        "s.go(2)\n"
        "from ipywidgets.widgets.widget import _instances\n"
        "svgs = sum(str(getattr(w, 'value', '')).count('<svg ') for w in _instances.values())\n"
        "print('matplotlib' in sys.modules, svgs)\n"
    )
    env = {**os.environ, "SOCIOCRACY_COURSE_CACHE": str(tmp_path)}

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env,
                              capture_output=True, text=True).stdout.split()
    # The first learner's kernel draws the chart; the next one shows it from the chart cache.
    assert run() == ["True", "1"]
    assert run() == ["False", "1"]


def test_a_set_whose_file_could_not_be_used_has_no_tasks_to_build():
    broken = ExerciseSet(error="exercises/data/02_rounds.yaml:3: missing field 'tasks'")
    assert broken.views == [] and "missing field" in broken.error.value


def test_enter_in_the_chart_s_number_field_checks_the_answer():
    """The browser sends Enter as a 'submit' message; it checks like the button (issue 24)."""
    view = view_of("02_rounds.yaml", "top-three")
    view.answer_view.fill(view.task.answer())
    view.answer_view.number._handle_custom_msg({"event": "submit"}, [])
    assert "<strong>Right.</strong>" in view.feedback.value


def test_six_speakers_are_ordered_with_one_move_to_bottom_press_each():
    view = view_of("02_rounds.yaml", "nominee-last")
    answer = view.answer_view
    presses = 0
    for name in view.task.expected():
        answer.listing.value = answer.labels.index(name)
        answer.bottom.click()
        presses += 1
    assert presses == 6 and answer.answer() == list(view.task.expected())
    assert "Right." in press_check(view)
    answer.listing.value = answer.order[-1]
    answer.top.click()
    assert answer.answer()[0] == view.task.expected()[-1]


def test_a_practice_page_shows_the_set_s_intro_from_the_file(tmp_path):
    """The intro comes from the YAML on each visit, so a trainer's change shows on reload."""
    text = (DATA / "02_rounds.yaml").read_text(encoding="utf-8")
    path = tmp_path / "02_rounds.yaml"
    path.write_text(text.replace("Five short tasks on rounds.", "Changed <b>intro</b>."),
                    encoding="utf-8")
    shown = ExerciseSet.from_yaml(path, intro=True)
    first = shown.children[0]
    assert "Changed &lt;b&gt;intro&lt;/b&gt;." in first.value


def test_the_new_task_s_heading_can_take_the_focus_after_next():
    exercise_set = ExerciseSet.from_yaml(DATA / "02_rounds.yaml")
    exercise_set.next_button.click()
    heading = exercise_set.holder.children[0].children[0].value
    assert 'tabindex="-1"' in heading and "course-task-heading" in heading
    assert "Exercise 2 of" in heading


def test_a_wrong_first_try_on_a_single_choice_task_gets_the_hint_and_a_second_try():
    view = view_of("02_rounds.yaml", "passing")  # single choice: the right answer is the first
    view.answer_view.fill(1)
    text = press_check(view)
    assert "try once more" in text and "silence is" in text and "What to look at:" in text
    assert "You missed" not in text and "come back to her at the end" not in text
    view.answer_view.fill(2)
    text = press_check(view)  # the second wrong try: now the answer, with why
    assert "You missed" in text and "come back to her at the end" in text


def test_a_task_wraps_its_answers_and_its_buttons_show_their_words_in_jupyterlab_too():
    """JupyterLab does not load the Voila template's CSS: "Comprobar respuesta" was cut short
    there, and a long answer overlapped the next."""
    exercise_set = ExerciseSet.from_yaml(DATA / "02_rounds.yaml")
    view = exercise_set.holder.children[0]
    assert ".course-quiz .widget-radio-box label{white-space:normal;" in view.children[0].value
    assert view.check_button.layout.width == "auto" and view.hint_button.layout.width == "auto"
