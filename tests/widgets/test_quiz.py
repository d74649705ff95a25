"""The quiz widget, headless: choose, check, read the feedback; trainers' text stays text."""

from __future__ import annotations

from pathlib import Path

from sociocracy.widgets import Quiz

HOSTILE = "<img src=x onerror=alert(1)>"
QUESTIONS = [
    {"prompt": f"Pick {HOSTILE}", "choices": [
        {"text": "right", "correct": True, "why": "because <b>it is</b>"},
        {"text": HOSTILE, "why": "no"}]},
    {"prompt": "All that apply", "multiple": True, "choices": [
        {"text": "a", "correct": True, "why": "a yes"},
        {"text": "b", "correct": True, "why": "b yes"},
        {"text": "c", "why": "c no"}]},
]


def test_clicking_check_shows_right_and_the_explanation():
    quiz = Quiz(QUESTIONS)
    view = quiz.views[0]
    view.selector.value = 0
    view.check_button.click()
    assert "Right." in view.feedback.value
    assert quiz.results == [True, None]
    assert "1 of 2 right so far" in quiz.score.value


def test_wrong_answer_explains_both_the_pick_and_the_right_answer():
    quiz = Quiz(QUESTIONS)
    view = quiz.views[0]
    view.selector.value = 1
    view.check_button.click()
    assert "Not quite." in view.feedback.value
    assert "You missed this one" in view.feedback.value and "Not this one" in view.feedback.value


def test_checking_without_an_answer_asks_for_one():
    quiz = Quiz(QUESTIONS)
    quiz.views[1].check_button.click()
    assert "Choose an answer first." in quiz.views[1].feedback.value
    assert quiz.results == [None, False]


def test_multiple_choice_uses_labelled_checkboxes_and_needs_all_right_ones():
    quiz = Quiz(QUESTIONS)
    view = quiz.views[1]
    assert [box.description for box in view.checkboxes] == ["a", "b", "c"]
    view.checkboxes[0].value = True
    view.check_button.click()
    assert "Partly right" in view.feedback.value
    view.checkboxes[1].value = True
    view.check_button.click()
    assert quiz.results == [None, True]


def test_full_marks_are_announced():
    quiz = Quiz(QUESTIONS)
    quiz.views[0].select(0)
    quiz.views[1].select(0, 1)
    for view in quiz.views:
        view.check_button.click()
    assert "All 2 right" in quiz.score.value


def test_hostile_text_is_escaped_in_prompt_and_feedback():
    quiz = Quiz(QUESTIONS)
    view = quiz.views[0]
    assert HOSTILE not in view.prompt.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.prompt.value
    view.selector.value = 1
    view.check_button.click()
    assert HOSTILE not in view.feedback.value and "<b>it is</b>" not in view.feedback.value
    # radio labels are plain text in ipywidgets; the option label is the raw string
    assert view.selector.options[1][0] == HOSTILE


def test_every_control_has_a_label():
    quiz = Quiz(QUESTIONS)
    assert quiz.views[0].selector.description == "Answer 1:"
    assert all(v.check_button.description == "Check answer" and v.check_button.tooltip
               for v in quiz.views)


def test_quiz_from_a_trainers_file(tmp_path: Path):
    path = tmp_path / "q.yaml"
    path.write_text("title: Mine\nquestions:\n  - prompt: Q?\n    choices:\n"
                    "      - {text: a, correct: true}\n      - b\n")
    quiz = Quiz.from_yaml(path)
    assert "Mine" in quiz.title.value and len(quiz.views) == 1


def test_a_quiz_file_with_a_typo_gives_a_quiz_that_names_file_line_and_field(tmp_path):
    from sociocracy.widgets import Quiz

    path = tmp_path / "quiz.yaml"
    path.write_text("questions:\n  - prompt: Why?\n    choices:\n      - text: Because\n"
                    "        correct: true\n        wy: <img src=x onerror=alert(1)>\n",
                    encoding="utf-8")
    quiz = Quiz.from_yaml(path)  # must not raise: a raising cell stops the whole Voila page
    assert quiz.problem.startswith(f"{path}, line 6 (field 'wy')")
    shown = quiz.children[-1].value
    assert "cannot be shown" in shown and f"{path}, line 6 (field 'wy')" in shown
    assert "why" in shown  # the likely intended field
    assert quiz.views == [] and quiz.results == []


def test_a_quiz_file_that_is_not_yaml_or_missing_still_gives_a_widget(tmp_path):
    from sociocracy.widgets import Quiz

    broken = tmp_path / "broken.yaml"
    broken.write_text("questions:\n  - prompt: [unclosed\n", encoding="utf-8")
    assert "line" in Quiz.from_yaml(broken).problem
    assert "does not exist" in Quiz.from_yaml(tmp_path / "missing.yaml").problem


def test_a_good_quiz_file_has_no_problem():
    from sociocracy.widgets import Quiz

    root = Path(__file__).resolve().parents[2]
    quiz = Quiz.from_yaml(root / "lessons" / "quizzes" / "02_rounds.yaml")
    assert quiz.problem == "" and quiz.views


def test_the_score_carries_a_hidden_mark_for_the_learners_progress_only_once_answered():
    quiz = Quiz(QUESTIONS)
    assert "course-progress-mark" not in quiz.score.value  # a revisit never erases a score
    quiz.views[0].select(0)
    quiz.views[0].check_button.click()
    assert ('data-kind="quiz" data-right="1" data-answered="1" data-total="2" hidden'
            in quiz.score.value)
