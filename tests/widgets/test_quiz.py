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


THREE = [{"prompt": "Which?", "choices": [
    {"text": "first wrong", "why": "why the first is wrong"},
    {"text": "the right one", "correct": True, "why": "why it is right"},
    {"text": "second wrong", "why": "why the second is wrong"}]}]


def test_a_wrong_first_try_gets_a_hint_and_a_second_try_not_the_answer():
    quiz = Quiz(THREE)
    view = quiz.views[0]
    view.selector.value = 0
    view.check_button.click()
    text = view.feedback.value
    assert "try once more" in text and "why the first is wrong" in text
    assert "the right one" not in text and "why it is right" not in text
    view.check_button.click()  # the same answer again is not a second try
    assert "the right one" not in view.feedback.value
    view.selector.value = 1
    view.check_button.click()
    assert "Right." in view.feedback.value and quiz.results == [True]


def test_after_a_second_wrong_try_the_answer_is_shown_with_why():
    view = Quiz(THREE).views[0]
    for wrong in (0, 2):
        view.selector.value = wrong
        view.check_button.click()
    text = view.feedback.value
    assert "The right answer" in text and "why it is right" in text and "why the second" in text


def test_a_late_change_rechecks_the_same_try():
    view = Quiz(THREE).views[0]
    view.selector.value = 0
    view.check_button.click()
    view.selector.value = 2  # arrives within seconds of the click: the same try, checked again
    assert "why the second is wrong" in view.feedback.value
    assert "the right one" not in view.feedback.value


def test_the_radio_group_has_a_name_for_screen_readers_not_a_visible_answer_n_label():
    view = Quiz(THREE).views[0]
    assert view.selector.description == "Answers to question 1"
    assert "course-quiz-choices" in view.selector._dom_classes  # the stylesheet hides the name


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
    assert quiz.views[0].selector.description == "Answers to question 1"  # screen readers
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


def test_long_answers_wrap_and_the_button_shows_its_words_in_jupyterlab_too():
    """JupyterLab does not load the Voila template's CSS: the quiz brings its own wrapping rules
    (a long Spanish answer overlapped the next, "Comprobar respuesta" was cut short there)."""
    quiz = Quiz(QUESTIONS)
    assert ".course-quiz .widget-radio-box label{white-space:normal;height:auto;" in (
        quiz.title.value)
    assert ".course-quiz .widget-button{width:max-content;" in quiz.title.value
    assert "<h3>Check your understanding</h3>" in quiz.title.value
