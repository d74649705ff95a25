"""Practice in the browser: an exercise set from a trainer's YAML file, one task at a time.

``ExerciseSet.from_yaml("data/02_rounds.yaml")`` reads the set (format:
``docs/exercise-format.md``) and shows its tasks one at a time, with a drop-down and Previous /
Next buttons to move between them. Each task (:class:`TaskView`) has its answer controls (one view
per kind, :mod:`sociocracy.widgets.exercise_kinds`), a "Check answer" button whose feedback says
why each part is right or wrong and what to look at, "Show a hint" and "Show the worked answer".

Only the task on screen is built: a chart task imports matplotlib when the learner reaches it,
not when the page opens. A task the trainer's file gets wrong shows a short message naming file,
line and field in its place; the other tasks work.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from sociocracy.core.errors import CourseError, ScenarioError
from sociocracy.core.language import _, ngettext
from sociocracy.course.exercise_sets import ExerciseSetData, load_exercise_set
from sociocracy.course.exercise_tasks import ChooseTask, Result, Task
from sociocracy.course.quizzes import Attempts

from .feedback import error_html, feedback_html, progress_mark
from .late_answers import LateAnswerWatch
from .looks import lighten
from .quiz import WRAPPING_STYLE

__all__ = ["ExerciseSet", "TaskView", "render_result"]


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n") if part.strip())


def render_result(result: Result) -> str:
    """A result as a status box: the headline, a line per part (right or not, and why)."""
    items = []
    for mark in result.marks:
        word = {True: _("Right:"), False: _("Not yet:"), None: _("Note:")}[mark.right]
        why = f" {html.escape(mark.why)}" if mark.why else ""
        line = f"<li><strong>{html.escape(word)}</strong> {html.escape(mark.label)}.{why}</li>"
        items.append(line.replace("..", ".").replace("?.", "?").replace("!.", "!"))
    body = f"<ul>{''.join(items)}</ul>" if items else ""
    if result.look_at:
        look = html.escape(_("What to look at:"))
        body += f"<p><strong>{look}</strong> {html.escape(result.look_at)}</p>"
    kind = {"right": "right", "empty": "neutral"}.get(result.status, "wrong")
    return feedback_html(headline=result.headline, body_html=body, kind=kind)  # type: ignore


class TaskView(widgets.VBox):
    """One task: scenario, question, answer controls, Check / hint / worked answer, feedback."""

    def __init__(self, task: Task, number: int = 1, total: int = 1) -> None:
        from .exercise_kinds import answer_view

        super().__init__(layout=widgets.Layout(margin="0.5em 0 1em 0"))
        self.add_class("course-practice-task")
        self.task = task
        self.last_result: Result | None = None
        self.on_result: Callable[[Result], None] | None = None
        # tabindex -1: the page's script moves the focus here after "Next" (course-practice.js)
        title = _("Exercise {number} of {total}: {title}").format(number=number, total=total,
                                                                  title=task.title)
        heading = widgets.HTML(f'{WRAPPING_STYLE}<h3 tabindex="-1" class="course-task-heading">'
                               f"{html.escape(title)}</h3>")  # the style: as a quiz's, in Lab
        parts: list[widgets.Widget] = [heading]
        if task.scenario_text:
            scenario = widgets.HTML(f'<div class="course-practice-scenario">'
                                    f"{_paragraphs(task.scenario_text)}</div>")
            parts.append(scenario)
        parts.append(widgets.HTML(f"<p><strong>{html.escape(task.prompt)}</strong></p>"))
        self.answer_view = answer_view(task, number)
        parts.append(self.answer_view)
        # As wide as their words (ipywidgets' fixed width cut "Comprobar respuesta" in Lab).
        self.check_button = widgets.Button(
            description=_("Check answer"), button_style="primary",
            tooltip=_("Check your answer to exercise {number}").format(number=number),
            layout=widgets.Layout(width="auto"))
        self.hint_button = widgets.Button(
            description=_("Show a hint"),
            tooltip=_("Show a hint for exercise {number}").format(number=number),
            layout=widgets.Layout(width="auto"))
        self.worked_button = widgets.Button(
            description=_("Show the worked answer"),
            tooltip=_("Show the worked answer to exercise {number}").format(number=number),
            layout=widgets.Layout(width="auto"))
        # A choose task counts tries as a lesson quiz does: hint and a second try, then the answer.
        self.attempts = Attempts(task.question) if isinstance(task, ChooseTask) else None
        LateAnswerWatch(self.check_button, [self.answer_view], self.check,
                        recheck=lambda: self.check(again=True))
        # Enter in a number field checks, as the button does: the browser sends Enter at once but
        # may hold back the last keystrokes, so the late-answer watch must see it as a click.
        self.answer_view.on_submit = self.check_button.click
        self.hint_button.on_click(lambda _b: self.toggle_hint())
        self.worked_button.on_click(lambda _b: self.toggle_worked())
        self.feedback = widgets.HTML("")
        self.hint = widgets.HTML("")
        self.worked = widgets.HTML("")
        buttons = widgets.HBox([self.check_button, self.hint_button, self.worked_button],
                               layout=widgets.Layout(flex_flow="row wrap"))
        self.children = [*parts, buttons, self.feedback, self.hint, self.worked]

    def check(self, *, again: bool = False) -> Result | None:
        """Check the current answer and show what the task's rules say about it (``again``: the
        same try, re-checked because a change arrived late)."""
        try:
            if self.attempts is not None:
                result = self.task.check_attempt(  # type: ignore[attr-defined]
                    self.attempts, self.answer_view.answer(), again=again)
            else:
                result = self.task.check(self.answer_view.answer())  # type: ignore[attr-defined]
        except CourseError as exc:
            self.feedback.value = error_html(exc.plain)
            return None
        self.last_result = result
        if self.on_result is not None:
            self.on_result(result)  # the set's progress first: the status box comes last
        self.feedback.value = render_result(result)
        return result

    def toggle_hint(self) -> None:
        shown = not self.hint.value
        self.hint_button.description = _("Hide the hint") if shown else _("Show a hint")
        self.hint.value = feedback_html(self.task.hint, headline=_("Hint.")) if shown else ""

    def toggle_worked(self) -> None:
        shown = not self.worked.value
        self.worked_button.description = (_("Hide the worked answer") if shown
                                          else _("Show the worked answer"))
        if not shown:
            self.worked.value = ""
            return
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in self.task.worked_lines())
        body = (f"<ul>{lines}</ul>" if lines else "") + _paragraphs(self.task.worked)
        self.worked.value = feedback_html(headline=_("Worked answer."), body_html=body)


class ExerciseSet(widgets.VBox):
    """A trainer's exercise set, one task on screen at a time.

    ``ExerciseSet(data)`` takes a loaded set; ``ExerciseSet.from_yaml(path)`` reads one and, if the
    file cannot be used at all, shows what to fix instead of failing. The title and intro are
    shown with ``heading=True``; a practice page has the title in its own Markdown and shows the
    intro with ``intro=True``, so that a changed ``intro:`` shows on reload.
    """

    def __init__(self, data: ExerciseSetData | None = None, *, error: str = "",
                 heading: bool = False, intro: bool = False) -> None:
        super().__init__()
        self.add_class("course-practice")
        self.data = data
        self.entries: list = []  # none when the file could not be used
        self._views: dict[int, widgets.Widget] = {}
        self.current = -1
        if data is None:
            self.error = widgets.HTML(error_html(error))
            self.children = [self.error]
            return
        self.entries = data.entries
        head: list[widgets.Widget] = []
        if heading:  # a practice page has the title and intro in its own Markdown already
            head.append(widgets.HTML(f"<h2>{html.escape(data.title)}</h2>"))
        if (heading or intro) and data.intro:  # read from the file on each visit: reload shows it
            head.append(widgets.HTML(_paragraphs(data.intro)))
        self.chooser = widgets.Dropdown(
            options=[(f"{n}. {self._title(e)}", n - 1) for n, e in enumerate(self.entries, 1)],
            value=0, description=_("Exercise:"), style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"))
        self.previous_button = widgets.Button(description=_("Previous"),
                                              tooltip=_("Go to the previous exercise"))
        self.next_button = widgets.Button(description=_("Next"),
                                          tooltip=_("Go to the next exercise"))
        self.previous_button.on_click(lambda _b: self.go(self.current - 1))
        self.next_button.on_click(lambda _b: self.go(self.current + 1))
        self.chooser.observe(lambda change: self.go(change["new"]), names="value")
        self.chooser.add_class("course-practice-nav")
        self.holder = widgets.VBox()
        self.progress = widgets.HTML("")
        nav = widgets.HBox([self.previous_button, self.next_button],
                           layout=widgets.Layout(flex_flow="row wrap"))
        nav.add_class("course-practice-nav")  # the page's script: focus the new task after these
        self.children = [*head, self.chooser, self.holder, nav, self.progress]
        self.go(0)
        lighten(self)  # one shared layout and style per kind (issue 27)

    @staticmethod
    def _title(entry: Task | ScenarioError) -> str:
        return entry.title if isinstance(entry, Task) else _("(this exercise has a mistake)")

    @classmethod
    def from_yaml(cls, path: str | Path, *, heading: bool = False,
                  intro: bool = False) -> ExerciseSet:
        """The set in ``path``; ``heading=True`` also shows its title and intro, ``intro=True``
        its intro only (a practice page has the title in its own Markdown)."""
        try:
            return cls(load_exercise_set(path, deep=False), heading=heading, intro=intro)
        except ScenarioError as exc:
            return cls(error=_("These exercises could not be loaded: {problem}. A trainer can "
                               "fix the file and check it with 'sociocracy-course check'."
                               ).format(problem=exc))

    @property
    def views(self) -> list[widgets.Widget]:
        """Every task's view, built now (tests and the solutions use this; pages build lazily)."""
        return [self.view(i) for i in range(len(self.entries))]

    def view(self, index: int) -> widgets.Widget:
        """The view of entry ``index``, built the first time it is needed."""
        if index not in self._views:
            entry = self.data.ready(index) if self.data else self.entries[index]
            if isinstance(entry, Task):
                view: widgets.Widget = TaskView(entry, index + 1, len(self.entries))
                view.on_result = lambda _result: self._show_progress()
            else:
                heading = _("Exercise {number} of {total}").format(number=index + 1,
                                                                   total=len(self.entries))
                view = widgets.HTML(
                    f"<h3>{html.escape(heading)}</h3>"
                    + error_html(_("This exercise could not be loaded: {problem}. The other "
                                   "exercises work; a trainer can fix this one in the file and "
                                   "check it with 'sociocracy-course check'.").format(
                                       problem=entry)))
            self._views[index] = view
        return self._views[index]

    def go(self, index: int) -> None:
        """Show entry ``index`` (clamped to the set)."""
        index = max(0, min(index, len(self.entries) - 1))
        if index == self.current:
            return
        self.current = index
        self.holder.children = [self.view(index)]
        self.previous_button.disabled = index == 0
        self.next_button.disabled = index == len(self.entries) - 1
        self.chooser.value = index

    def _show_progress(self) -> None:
        done = [v.last_result for v in self._views.values()
                if isinstance(v, TaskView) and v.last_result is not None]
        right = sum(r.correct for r in done)
        tasks = sum(isinstance(e, Task) for e in self.entries)
        mark = progress_mark("practice", right=right, answered=len(done), total=tasks)
        so_far = ngettext("{right} of {total} exercise right so far.",
                          "{right} of {total} exercises right so far.", tasks).format(
            right=right, total=tasks)
        self.progress.value = f"<p>{html.escape(so_far)}</p>{mark}"
