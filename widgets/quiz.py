"""A self-check widget: single and multiple choice, with an explanation for each choice.

Questions are data (:mod:`sociocracy.course.quizzes`), in Python or in a trainer's YAML file.
Everything is a standard, labelled ipywidgets control, so it works by keyboard (Tab to a question,
arrow keys between radio buttons, Space on a checkbox, Enter on "Check answer") and in Voila.
A wrong first answer to a single-choice question gets a hint (why that answer is not right) and a
second try; the right answer is shown after the second wrong try.
Question and choice texts are escaped: a trainer's text is never interpreted as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from sociocracy.widgets.feedback import file_problem_html

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.course.quizzes import Attempts, Grade, Question, as_questions, load_quiz

from .feedback import feedback_html, progress_mark
from .late_answers import LateAnswerWatch
from .looks import button_style, checkbox_style, choice_style, html_style, lighten

__all__ = ["Question", "QuestionView", "Quiz", "QuizLook"]


#: Long answers wrap onto several lines and each grows instead of overlapping the next, and the
#: button is as wide as its words ("Comprobar respuesta" was cut to "Comprobar respu..."). The
#: Voila template says the same (``course.css``); kept here too so that a quiz looks the same in
#: JupyterLab, which does not load the template (practice pages bring it too).
WRAPPING_STYLE = ("<style>.course-quiz .widget-radio-box label{white-space:normal;height:auto;"
          "line-height:1.35;padding:0.2em 0;display:flex;flex-direction:row-reverse;"
          "justify-content:flex-end;align-items:flex-start;gap:0.3em;}"
          ".course-quiz .widget-radio-box label input{float:none;flex:none;margin-top:0.1em;}"
          ".course-quiz .widget-checkbox{height:auto;}"
          ".course-quiz .widget-checkbox label{white-space:normal;}"
          ".course-quiz .widget-button{width:max-content;max-width:100%;height:auto;"
          "white-space:normal;}</style>")


class QuizLook:
    """The layouts one quiz's questions share, and the page's shared styles (:mod:`.looks`).

    Every widget brings a layout and a style model, and every model is sent to the browser when
    the page opens (about a millisecond each): a quiz of six questions made some 100 models, most
    of them identical. Nothing changes these after they are made, so sharing them changes only
    the count.
    """

    def __init__(self) -> None:
        self.block = widgets.Layout(margin="0 0 1.2em 0")
        self.text = widgets.Layout()
        self.text_style = html_style()
        self.wide = widgets.Layout(width="auto")
        self.choice_style = checkbox_style()
        self.radio_style = choice_style()
        self.button = widgets.Layout()
        self.button_style = button_style()


class QuestionView(widgets.VBox):
    """One question: its prompt, the choices, a "Check answer" button and the feedback."""

    def __init__(self, question: Question, number: int = 1, total: int = 1,
                 look: QuizLook | None = None) -> None:
        look = look or QuizLook()
        super().__init__(layout=look.block)
        self.question = question
        self.attempts = Attempts(question)
        self.last_grade: Grade | None = None
        self.on_check: Callable[[], None] | None = None  # e.g. the quiz's running score
        prompt = question.prompt.casefold()
        # Translators: words that, found in a question, mean the trainer asked for several answers
        says_so = any(words in prompt for words in ("all that apply", _("all that apply")))
        hint = (" <em>(" + html.escape(_("Pick all that apply.")) + ")</em>"
                if question.multiple and not says_so else "")
        heading = html.escape(_("Question {number} of {total}.").format(number=number,
                                                                        total=total))
        self.prompt = widgets.HTML(
            f"<p><strong>{heading}</strong> {html.escape(question.prompt)}{hint}</p>",
            layout=look.text, style=look.text_style
        )
        if question.multiple:
            self.checkboxes = [
                widgets.Checkbox(value=False, description=choice.text, indent=False,
                                 layout=look.wide, style=look.choice_style)
                for choice in question.choices
            ]
            self.selector: widgets.Widget = widgets.VBox(self.checkboxes, layout=look.text)
        else:
            self.checkboxes = []
            # The group's name is for screen readers only (the stylesheet hides it from sight):
            # the question's own text above already says what to choose.
            self.selector = widgets.RadioButtons(
                options=[(choice.text, i) for i, choice in enumerate(question.choices)],
                value=None, description=_("Answers to question {number}").format(number=number),
                layout=look.wide, style=look.radio_style,
            )
        self.check_button = widgets.Button(
            description=_("Check answer"),
            tooltip=_("Check your answer to question {number}").format(number=number),
            button_style="primary", layout=look.button, style=look.button_style,
        )
        self.feedback = widgets.HTML("", layout=look.text, style=look.text_style)
        LateAnswerWatch(self.check_button, [self.selector], self.check,
                        recheck=lambda: self.check(again=True))
        self.selector.add_class("course-quiz-choices")
        self.children = [self.prompt, self.selector, self.check_button, self.feedback]

    @property
    def selected(self) -> frozenset[int]:
        """Indices of the choices currently selected."""
        if self.question.multiple:
            return frozenset(i for i, box in enumerate(self.checkboxes) if box.value)
        value = self.selector.value  # type: ignore[attr-defined]
        return frozenset() if value is None else frozenset({value})

    def select(self, *indices: int) -> None:
        """Select choices by index (what a learner does by clicking), replacing earlier ones."""
        if self.question.multiple:
            for i, box in enumerate(self.checkboxes):
                box.value = i in indices
        else:
            if len(indices) != 1:
                raise ValueError("this question takes exactly one answer")
            self.selector.value = indices[0]  # type: ignore[attr-defined]

    def check(self, *, again: bool = False) -> Grade:
        """Grade the current answer and show the feedback (a wrong first try: a hint and a
        second try, see :class:`~sociocracy.course.quizzes.Attempts`). ``again``: the same try
        checked again because a change arrived late."""
        result = self.attempts.check(self.selected, again=again)
        self.last_grade = result
        if self.on_check is not None:
            self.on_check()
        self.feedback.value = self._render(result)
        return result

    def _render(self, result: Grade) -> str:
        if not result.selected:
            return feedback_html(_("Choose an answer first."))
        items = []
        for index, why in result.explanations:
            choice = self.question.choices[index]
            if index in result.missed:
                mark = (_("The right answer:") if not self.question.multiple
                        else _("You missed this one:"))
            elif choice.correct:
                mark = _("Right:")
            else:
                mark = _("Not this one:")
            quoted = _("“{choice}”.").format(choice=choice.text)
            items.append(f"<li><strong>{html.escape(mark)}</strong> {html.escape(quoted)} "
                         f"{html.escape(why)}</li>")
        listing = f"<ul>{''.join(items)}</ul>" if items else ""
        if result.retry:
            listing += "<p>" + html.escape(_("Choose again and press “Check answer”.")) + "</p>"
        return feedback_html(headline=result.headline, body_html=listing,
                             kind="right" if result.correct else "wrong")


class Quiz(widgets.VBox):
    """A list of questions with a running score ("2 of 3 right so far").

    ``Quiz(questions)`` takes :class:`Question` objects or plain dicts; ``Quiz.from_yaml(path)``
    reads a trainer's file. ``problem`` is empty, or says why the file could not be used.
    """

    problem: str = ""

    def __init__(self, questions: Sequence[Question | dict[str, Any]],
                 title: str | None = None) -> None:
        super().__init__()
        self.add_class("course-quiz")
        self.questions = as_questions(questions)
        total = len(self.questions)
        look = QuizLook()
        self.views = [QuestionView(q, i + 1, total, look) for i, q in enumerate(self.questions)]
        title = _("Check your understanding") if title is None else title
        self.title = widgets.HTML(f"{WRAPPING_STYLE}<h3>{html.escape(title)}</h3>",
                                  layout=look.text, style=look.text_style)
        self.score = widgets.HTML(self._score_text(), layout=look.text, style=look.text_style)
        for view in self.views:
            view.on_check = self._update_score
        self.children = [self.title, *self.views, self.score]
        lighten(self)  # one shared layout and style per kind (issue 27)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Quiz:
        """The quiz in a trainer's file; never raises for a mistake in the file.

        A lesson cell ``Quiz.from_yaml(path)`` that raised would stop Voila at that cell, and the
        rest of the lesson (summary, next, sources) would never render. A file with a mistake
        gives a quiz with no questions that shows what to fix (file, line, field) instead.
        """
        try:
            title, questions = load_quiz(path)
        except CourseError as exc:
            return cls.showing_problem(str(exc))
        except Exception as exc:  # a page must render whatever the file holds
            return cls.showing_problem(_("{path}: the file cannot be used ({error})").format(
                path=path, error=exc))
        return cls(questions, title=title)

    @classmethod
    def showing_problem(cls, problem: str) -> Quiz:
        """A quiz without questions that shows ``problem`` where the questions would be."""
        quiz = cls([])
        quiz.problem = problem
        quiz.score.value = ""
        # Translators: in "This quiz cannot be shown: its file has a mistake."
        quiz.children = [quiz.title, widgets.HTML(file_problem_html(problem, N_("quiz")))]
        return quiz

    @property
    def results(self) -> list[bool | None]:
        """Per question: True/False once checked, None before."""
        return [None if v.last_grade is None else v.last_grade.correct for v in self.views]

    def _score_text(self) -> str:
        checked = [r for r in self.results if r is not None]
        if not checked:
            return "<p>" + html.escape(_("Answer each question, then press “Check answer”.")) \
                + "</p>"
        right = sum(checked)
        total = len(self.views)
        mark = progress_mark("quiz", right=right, answered=len(checked), total=total)
        if right == total:
            done = ngettext("All {total} right.", "All {total} right.", total).format(
                total=total)
            praise = _("Well done.")
            return f"<p><strong>{html.escape(done)}</strong> {html.escape(praise)}</p>{mark}"
        so_far = ngettext("{right} of {total} right so far.", "{right} of {total} right so far.",
                          total).format(right=right, total=total)
        return f"<p>{html.escape(so_far)}</p>{mark}"

    def _update_score(self) -> None:
        self.score.value = self._score_text()
