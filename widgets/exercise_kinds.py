"""One view per kind of practice task: the controls a learner answers with, nothing more.

Each view owns a task from :mod:`sociocracy.course.exercise_tasks` and offers ``answer()`` (what
the learner has set, in the form the task's ``check`` takes) and, for tests, ``fill(answer)``.
Checking, hints and worked answers are the shell's job (:class:`sociocracy.widgets.practice.
TaskView`); the rules are the library's. Every control is a labelled ipywidgets control, so it
works with the keyboard (Tab, arrow keys, Space, Enter) and has a name for screen readers.
Trainers' and learners' text reaches the page only through ``html.escape`` or widget labels.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets

from sociocracy.core.language import N_, _
from sociocracy.course.exercise_tasks import (
    BuildOrgTask,
    BuildRoundTask,
    ChartTask,
    ChooseTask,
    ExploreTask,
    OrderTask,
    PlanTask,
    SortTask,
    Task,
)

from .looks import shared_layout
from .menus import PlaceholderMenu
from .quiz import QuestionView

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["AnswerView", "answer_view"]

_WIDE = shared_layout(width="auto", max_width="100%")
_LABEL = {"description_width": "initial"}


class AnswerView(widgets.VBox):
    """Base: the answer controls for one task."""

    def __init__(self, task: Task) -> None:
        super().__init__(layout=widgets.Layout(margin="0.3em 0"))
        self.task = task
        #: Called when the learner presses Enter in a field (the task view checks the answer).
        self.on_submit: Callable[[], Any] | None = None

    def answer(self) -> Any:  # pragma: no cover - every kind overrides
        raise NotImplementedError


class ChooseView(AnswerView):
    """Radio buttons or checkboxes: the quiz's own question view, without its check button."""

    def __init__(self, task: ChooseTask, number: int = 1) -> None:
        super().__init__(task)
        self.question_view = QuestionView(task.question, number, number)
        self.question_view.selector.add_class("course-quiz")
        self.children = [self.question_view.selector]

    def answer(self) -> frozenset[int]:
        return self.question_view.selected

    def fill(self, *indices: int) -> None:
        self.question_view.select(*indices)


class SortView(AnswerView):
    """Each item with a drop-down of the groups."""

    def __init__(self, task: SortTask) -> None:
        super().__init__(task)
        self.menus: list[PlaceholderMenu] = []
        rows: list[widgets.Widget] = []
        for n, item in enumerate(task.items, 1):
            menu = PlaceholderMenu(_("Choose a group"), task.groups,
                                   description=_("Item {number} goes to:").format(number=n),
                                   style=_LABEL, layout=_WIDE)
            self.menus.append(menu)
            label = html.escape(_("Item {number}.").format(number=n))
            rows += [widgets.HTML(f"<p><strong>{label}</strong> {html.escape(item.text)}</p>"),
                     menu]
        self.children = rows

    def answer(self) -> list[str | None]:
        return [menu.choice for menu in self.menus]

    def fill(self, groups: Sequence[str | None]) -> None:
        for menu, group in zip(self.menus, groups, strict=True):
            menu.choice = group


class _Reorder(AnswerView):
    """A list box of the items in their current order, with Move up / Move down buttons, and
    Move to top / Move to bottom.

    One labelled list plus buttons works by keyboard (arrow keys pick a line, Tab to a button,
    Enter moves it and keeps it selected, so Enter again moves it further) and gives screen
    readers one name per control. "Move to bottom" on each item in turn, in the order wanted,
    puts six speakers in order in at most six presses (with "Move up" alone it took ten or more).
    """

    #: The list's label and the buttons' tooltips, whole sentences per kind (marked, translated
    #: when shown): "list", "up", "down", "top", "bottom".
    TEXTS: ClassVar[dict[str, str]] = {}

    def __init__(self, task: Task, labels: Sequence[str], start: Sequence[int]) -> None:
        super().__init__(task)
        self.labels = list(labels)
        self.order = list(start)
        texts = {key: _(text) for key, text in self.TEXTS.items()}
        self.listing = widgets.Select(options=self._options(), value=self.order[0],
                                      rows=len(self.labels), description=texts["list"],
                                      style=_LABEL, layout=_WIDE)
        self.listing.add_class("course-order-list")
        self.up = widgets.Button(description=_("Move up"), tooltip=texts["up"])
        self.down = widgets.Button(description=_("Move down"), tooltip=texts["down"])
        self.top = widgets.Button(description=_("Move to top"), tooltip=texts["top"])
        self.bottom = widgets.Button(description=_("Move to bottom"), tooltip=texts["bottom"])
        self.up.on_click(lambda _b: self.move(-1))
        self.down.on_click(lambda _b: self.move(+1))
        self.top.on_click(lambda _b: self.move_to(0))
        self.bottom.on_click(lambda _b: self.move_to(len(self.order) - 1))
        self.children = [self.listing, widgets.HBox(
            [self.up, self.down, self.top, self.bottom],
            layout=widgets.Layout(flex_flow="row wrap"))]

    def _options(self) -> list[tuple[str, int]]:
        return [(f"{place}. {self.labels[i]}", i) for place, i in enumerate(self.order, 1)]

    def move(self, step: int) -> None:
        """Move the selected line one place up (-1) or down (+1); it stays selected."""
        chosen = self.listing.value
        if chosen is None:
            return
        at = self.order.index(chosen)
        to = at + step
        if not 0 <= to < len(self.order):
            return
        self.order[at], self.order[to] = self.order[to], self.order[at]
        self.listing.options = self._options()
        self.listing.value = chosen

    def move_to(self, place: int) -> None:
        """Move the selected line to ``place`` (0: the top); it stays selected."""
        chosen = self.listing.value
        if chosen is None:
            return
        self.order.remove(chosen)
        self.order.insert(place, chosen)
        self.listing.options = self._options()
        self.listing.value = chosen

    def fill(self, order: Sequence[int]) -> None:
        self.order = list(order)
        self.listing.options = self._options()
        self.listing.value = self.order[0]


class OrderView(_Reorder):
    TEXTS: ClassVar[dict[str, str]] = {
        "list": N_("Steps in order:"), "up": N_("Move the selected step up"),
        "down": N_("Move the selected step down"),
        "top": N_("Move the selected step to the top of the list"),
        "bottom": N_("Move the selected step to the bottom of the list")}

    def __init__(self, task: OrderTask) -> None:
        super().__init__(task, task.steps, task.start)

    def answer(self) -> list[int]:
        return list(self.order)


class RoundOrderView(_Reorder):
    """The people of a round, to be put in speaking order (starting from the seating order)."""

    TEXTS: ClassVar[dict[str, str]] = {
        "list": N_("Speakers in order:"), "up": N_("Move the selected speaker up"),
        "down": N_("Move the selected speaker down"),
        "top": N_("Move the selected speaker to the top of the list"),
        "bottom": N_("Move the selected speaker to the bottom of the list")}

    def __init__(self, task: BuildRoundTask) -> None:
        super().__init__(task, task.seating, range(len(task.seating)))

    def answer(self) -> list[str]:
        return [self.labels[i] for i in self.order]

    def fill_names(self, names: Sequence[str]) -> None:
        self.fill([self.labels.index(n) for n in names])


class PlanView(AnswerView):
    """A checkbox per agenda item or round, with the running total against the budget."""

    def __init__(self, task: PlanTask) -> None:
        super().__init__(task)
        self.boxes = []
        for item in task.items:
            label = _("{text} ({minutes} min)").format(text=item.text, minutes=item.minutes)
            box = widgets.Checkbox(value=False, description=label, indent=False, layout=_WIDE)
            box.observe(lambda _change: self._show_total(), names="value")
            self.boxes.append(box)
        self.total = widgets.HTML()
        self._show_total()
        box_list = widgets.VBox(self.boxes)
        box_list.add_class("course-quiz")  # the quiz's wrapping labels
        self.children = [box_list, self.total]

    def _show_total(self) -> None:
        used = self.task.total(self.answer())  # type: ignore[attr-defined]
        # the catalog's text (ours, not a person's) keeps its <strong>; the numbers are ints
        planned = _("Planned: <strong>{used} of {budget} minutes</strong>.").format(
            used=int(used), budget=int(self.task.budget))  # type: ignore[attr-defined]
        self.total.value = f"<p>{planned}</p>"

    def answer(self) -> list[int]:
        return [i for i, box in enumerate(self.boxes) if box.value]

    def fill(self, picked: Sequence[int]) -> None:
        for i, box in enumerate(self.boxes):
            box.value = i in picked


class ChartAnswerView(AnswerView):
    """The simulated chart (drawn when the task is first shown) and a number box."""

    def __init__(self, task: ChartTask) -> None:
        super().__init__(task)
        from .charts import ChartView

        self.chart = ChartView(keep_opening=True)
        self._draw()
        unit = "%" if task.unit == "%" else _(task.unit)
        # Every keystroke reaches the kernel (continuous_update), so that Enter, which the
        # browser sends as a "submit" message right after the last key, checks the number the
        # learner sees, not the one before it.
        self.number = widgets.Text(value="", description=_("Your answer ({unit}):").format(
                                       unit=unit),
                                   continuous_update=True,
                                   placeholder=_("a number"), style=_LABEL,
                                   layout=widgets.Layout(width="16em", max_width="100%"))
        self.number.on_msg(self._message)
        self.children = [self.chart, self.number]

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit" and self.on_submit:
            self.on_submit()

    def _draw(self) -> None:
        task: ChartTask = self.task  # type: ignore[assignment]
        shares = [float(s) * 100 for s in task.shares()]
        each = ", ".join(_("person {number} {share} %").format(number=i, share=f"{v:.0f}")
                         for i, v in enumerate(shares, 1))
        alt = _("Bar chart of each person's share of the talking in one simulated meeting: "
                "{shares}.").format(shares=each)
        self.chart.draw(draw_talk_shares, shares, alt=alt)

    def answer(self) -> str:
        return self.number.value

    def fill(self, value: float | str | None) -> None:
        self.number.value = "" if value is None else str(value)


def draw_talk_shares(shares: list[float]) -> Figure:
    """Bars of each person's share of the talking (in %), labelled P1, P2, ... with values."""
    from .charts import new_figure
    from .palette import OKABE_ITO

    # Translators: a person's short label under a bar of a chart ("P1", "P2"; P for person).
    names = [_("P{number}").format(number=i) for i in range(1, len(shares) + 1)]
    fig = new_figure(6.0, 3.0)
    ax = fig.subplots()
    ax.bar(names, shares, color=OKABE_ITO["blue"])
    ax.set_ylabel(_("share of the talking (%)"))
    ax.set_xlabel(_("person"))
    ax.set_ylim(0, max(shares) * 1.15 + 1)
    for x, value in enumerate(shares):
        ax.annotate(f"{value:.0f}", (x, value), ha="center", va="bottom", fontsize=9)
    return fig


class BuildOrgView(AnswerView):
    """The organisation in words, and a leader and a delegate drop-down for each linked circle."""

    def __init__(self, task: BuildOrgTask) -> None:
        super().__init__(task)
        org = task.organisation
        lines = []
        for circle in org.circles:
            line = (_("{circle}, inside {parent}: members {members}") if circle.parent
                    else _("{circle} (the top circle): members {members}"))
            lines.append("<li>" + html.escape(line).format(
                circle=f"<strong>{html.escape(circle.name)}</strong>",
                parent=html.escape(circle.parent or ""),
                members=html.escape(", ".join(circle.members))) + "</li>")
        self.menus: dict[tuple[str, str], PlaceholderMenu] = {}
        rows: list[widgets.Widget] = [widgets.HTML(f"<ul>{''.join(lines)}</ul>")]
        for circle in org.circles:
            if not circle.parent:
                continue
            for role in ("leader", "delegate"):
                label = (_("Leader of {circle}:") if role == "leader"
                         else _("Delegate of {circle}:"))
                menu = PlaceholderMenu(
                    _("nobody yet"), circle.members, getattr(circle, role),
                    description=label.format(circle=circle.name), style=_LABEL,
                    layout=_WIDE)
                self.menus[(circle.name, role)] = menu
                rows.append(menu)
        self.children = rows

    def answer(self) -> dict[str, dict[str, str | None]]:
        roles: dict[str, dict[str, str | None]] = {}
        for (circle, role), menu in self.menus.items():
            roles.setdefault(circle, {})[role] = menu.choice
        return roles

    def fill(self, roles: dict[str, dict[str, str | None]]) -> None:
        for circle, assigned in roles.items():
            for role, who in assigned.items():
                self.menus[(circle, role)].choice = who


class ExploreView(AnswerView):
    """The people's ranges in words, and the proposal as a labelled number box."""

    def __init__(self, task: ExploreTask) -> None:
        super().__init__(task)
        label = (_("Proposal ({unit}):").format(unit=task.unit) if task.unit
                 else _("Proposal:"))
        self.value = widgets.BoundedFloatText(
            value=task.start, min=task.low, max=task.high, step=task.step,
            description=label, style=_LABEL, layout=widgets.Layout(width="22em",
                                                                   max_width="100%"))
        self.children = [self.value]

    def answer(self) -> float | None:
        return self.value.value

    def fill(self, value: float) -> None:
        self.value.value = value


def answer_view(task: Task, number: int = 1) -> AnswerView:
    """The view for ``task``'s kind."""
    if isinstance(task, ChooseTask):
        return ChooseView(task, number)
    views: dict[type, type[AnswerView]] = {
        SortTask: SortView, OrderTask: OrderView, PlanTask: PlanView, ChartTask: ChartAnswerView,
        BuildOrgTask: BuildOrgView, BuildRoundTask: RoundOrderView, ExploreTask: ExploreView,
    }
    return views[type(task)](task)  # type: ignore[call-arg]
