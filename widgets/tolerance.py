"""``ToleranceExplorer``: move a proposal across members' ranges of tolerance.

The learner sees each member's preference, what they would actively support and what they can
work with; moves the proposal (and the status quo that majority voters compare it with); and
reads, side by side, what majority vote, unanimity, consent and one person deciding make of it.
A second part runs :func:`sociocracy.consent.compare_methods` over thousands of random groups and
shows the result as a chart and a plain sentence. Rules live in :mod:`sociocracy.tolerance`; this
module only draws.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import ipywidgets as widgets

from sociocracy.core.language import _
from sociocracy.round_minutes import shown_count, shown_decimal, shown_percent
from sociocracy.tolerance import (
    EXAMPLE_MEMBERS,
    EXAMPLE_TOPIC,
    METHOD_LABELS,
    METHODS,
    SPACE,
    Member,
    MethodComparison,
    Outcome,
    compare_methods,
    decide,
    method_label,
)

from .charts import ChartView, new_figure
from .looks import lighten
from .palette import GOOD, NEUTRAL, OKABE_ITO, PROBLEM, SERIES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["EXAMPLE_MEMBERS", "EXAMPLE_TOPIC", "ToleranceExplorer"]


#: The methods' names in English (:func:`sociocracy.tolerance.method_label` gives them in the
#: page's language).
LABELS = METHOD_LABELS

_SIM_TRIALS = 10_000
_SIM_SEED = 2026


_STEP = 0.25
_LABELS = {"description_width": "9em"}


def _position(description: str, value: float, tooltip: str) -> widgets.BoundedFloatText:
    """A labelled number box (arrow keys move it by a step).

    Not a slider: ipywidgets' slider handle has no accessible name, which axe-core reports as a
    serious problem, so the course uses labelled number boxes and buttons instead.
    """
    return widgets.BoundedFloatText(value=value, min=SPACE[0], max=SPACE[1], step=_STEP,
                                    description=description, tooltip=tooltip, style=_LABELS,
                                    layout=widgets.Layout(width="17em"))


def _nudge(box: widgets.BoundedFloatText, label: str, change: float) -> widgets.Button:
    """A button that moves ``box`` by ``change`` (what dragging did on a slider)."""
    button = widgets.Button(description=label,
                            tooltip=_("{label}: move by {change}").format(
                                label=label, change=f"{change:+g}" if _is_english()
                                else _signed(change)),
                            layout=widgets.Layout(width="max-content"))

    def move(_button: widgets.Button) -> None:
        box.value = min(max(box.value + change, box.min), box.max)

    button.on_click(move)
    return button


class ToleranceExplorer(widgets.VBox):
    """Members' ranges of tolerance, a movable proposal, and four ways of deciding on it."""

    def __init__(self, members: Sequence[Member] = EXAMPLE_MEMBERS, *,
                 topic: str = EXAMPLE_TOPIC, proposal: float = 5.5,
                 status_quo: float = 1.0) -> None:
        super().__init__()
        self.add_class("course-tolerance-explorer")
        self.base_members = tuple(members)
        self.topic = _(topic)  # the course's example topic in the page's language
        self.outcomes: dict[str, Outcome] = {}
        self.proposal = _position(_("Proposal"), proposal,
                                  _("Where the proposal lies on the scale"))
        self.left = _nudge(self.proposal, _("◀ Move left"), -2 * _STEP)
        self.right = _nudge(self.proposal, _("Move right ▶"), 2 * _STEP)
        self.status_quo = _position(_("Status quo"), status_quo,
                                    _("What the circle does now; majority voters compare with "
                                      "it"))
        self.trust = widgets.Dropdown(
            options=[(f"× {shown_decimal(x / 10)}", x / 10) for x in range(5, 16)], value=1.0,
            description=_("Tolerance"), tooltip=_("Widen or narrow everyone's tolerance "
                                                  "(trust widens it)"), style=_LABELS)
        names = [m.name for m in self.base_members]
        self.decider = widgets.Dropdown(options=names, value=names[0],
                                        description=_("Decides alone"),
                                        style=_LABELS)
        self.chart = ChartView(keep_opening=True)
        self.results = widgets.HTML()
        for control in (self.proposal, self.status_quo, self.trust, self.decider):
            control.observe(lambda _change: self.update(), names="value")
        self.comparison = _MethodComparisonView()
        self.children = [
            widgets.HTML("<p>{}</p>".format(
                _("Each row is a member. The wide light bar is what they can work with (their "
                  "range of tolerance), the dark bar what they would argue for (their "
                  "preference). Topic: {topic}.").format(topic=html.escape(self.topic)))),
            widgets.HBox([self.proposal, self.left, self.right]), self.status_quo,
            self.trust, self.decider, self.chart, self.results, self.comparison,
        ]
        self.update()
        lighten(self)  # one shared layout and style per kind (issue 27)

    @property
    def members(self) -> tuple[Member, ...]:
        """The members with the tolerance scale applied."""
        scale = self.trust.value
        return tuple(Member(m.name, m.preference, m.tolerance * scale,
                            m.support_radius * scale) for m in self.base_members)

    def update(self) -> None:
        """Decide with every method and redraw."""
        members = self.members
        self.outcomes = {
            method: decide(method, members, self.proposal.value,
                           status_quo=self.status_quo.value, decider=self.decider.value)
            for method in METHODS
        }
        self._draw(members)
        self.results.value = self._table()

    def _draw(self, members: tuple[Member, ...]) -> None:
        outside = set(self.outcomes["consent"].outside)
        self.chart.draw(draw_tolerance, members, sorted(outside), self.proposal.value,
                        self.status_quo.value, self.topic, words=_tolerance_words(),
                        alt=self._alt(members, outside))

    def _alt(self, members: tuple[Member, ...], outside: set[str]) -> str:
        inside = len(members) - len(outside)
        first = _("Chart of {count} members' ranges of tolerance for {topic}.").format(
            count=len(members), topic=self.topic)
        at = f"{self.proposal.value:g}" if _is_english() else shown_decimal(
            self.proposal.value, 2).rstrip("0").rstrip(",.")
        second = (_("The proposal at {at} is inside the range of {inside} of {count} members: "
                    "{names} would object.") if outside else
                  _("The proposal at {at} is inside the range of {inside} of {count} members."))
        return first + " " + second.format(at=at, inside=inside, count=len(members),
                                           names=", ".join(sorted(outside)))

    def _table(self) -> str:
        cells = []
        for method in METHODS:
            outcome = self.outcomes[method]
            verdict = _("Passes") if outcome.passed else _("Does not pass")
            colour = GOOD if outcome.passed else NEUTRAL
            left = outcome.left_out
            note = ("<br>" + _("Left outside their tolerance: {names}").format(
                names=html.escape(", ".join(left))) if left else "")
            cells.append(
                f'<td style="vertical-align:top;padding:0.4em;border-top:4px solid {colour}">'
                f"<strong>{verdict}</strong><br>{html.escape(outcome.sentence())}{note}</td>")
        head = "".join(f'<th scope="col" style="text-align:left;padding:0.4em">'
                       f"{method_label(m)}</th>" for m in METHODS)
        caption = _("The same proposal, four ways of deciding")
        return (f'<table class="course-method-table" style="width:100%;table-layout:fixed">'
                f"<caption style='text-align:left'>{caption}"
                f"</caption><tr>{head}</tr><tr>{''.join(cells)}</tr></table>")


def _is_english() -> bool:
    from sociocracy.core.language import DEFAULT, current

    return current() == DEFAULT


def _signed(value: float) -> str:
    """``+0.5``/``-0.5`` in the page's language (``+0,5``)."""
    sign = "+" if value >= 0 else "-"
    return sign + shown_decimal(abs(value), 2).rstrip("0").rstrip(",.")


def _tolerance_words() -> dict[str, str]:
    """The words of :func:`draw_tolerance`, in the page's language (part of the chart's key)."""
    return {"proposal": _("proposal"), "status quo": _("status quo"), "objects": _("objects"),
            "can work with it": _("can work\nwith it")}


def _comparison_words() -> dict[str, str]:
    """The words of :func:`draw_comparison`, in the page's language (part of the chart's key)."""
    words = {method: method_label(method) for method in METHODS}
    words["passed"] = _("% of proposals passed")
    words["left out"] = _("people left outside\ntheir tolerance (mean)")
    return words


def draw_tolerance(members: tuple[Member, ...], outside: list[str], proposal: float,
                   status_quo: float, topic: str, words: dict[str, str] | None = None) -> Figure:
    """Members' ranges of tolerance and preferences as bars, with each verdict on the right.

    The proposal and the status quo are vertical lines; ``outside`` names who would object.
    ``words``: the chart's words in the page's language (default English), given by the caller
    so that they are part of the chart's key.
    """
    said = {"proposal": "proposal", "status quo": "status quo", "objects": "objects",
            "can work with it": "can work\nwith it", **(words or {})}
    fig = new_figure(height=0.5 * len(members) + 1.5)
    ax = fig.add_subplot()
    for row, member in enumerate(members):
        low, high = member.tolerance_range
        centre = float(member.point[0])
        y = len(members) - 1 - row
        ax.barh(y, high - low, left=low, height=0.55, color=SERIES[5], alpha=0.45)
        ax.barh(y, 2 * member.support_radius, left=centre - member.support_radius,
                height=0.55, color=SERIES[0])
        ax.plot(centre, y, "o", color="black", markersize=4)
    ax.axvline(proposal, color=OKABE_ITO["black"], linewidth=2.5, label=said["proposal"])
    ax.axvline(status_quo, color=NEUTRAL, linestyle="--", linewidth=1.5,
               label=said["status quo"])
    ax.set_yticks(range(len(members)), [m.name for m in reversed(members)])
    ax.set_xlim(*SPACE)
    ax.set_xlabel(textwrap.fill(topic, 36))
    # Each verdict as a tick label on the right: part of the layout, so never cut off.
    verdicts = ax.twinx()
    verdicts.set_ylim(ax.get_ylim())
    verdicts.set_yticks(range(len(members)),
                        [said["objects"] if m.name in outside else said["can work with it"]
                         for m in reversed(members)])
    for label, member in zip(verdicts.get_yticklabels(), reversed(members), strict=True):
        objects = member.name in outside
        label.set_color(PROBLEM if objects else GOOD)
        label.set_fontweight("bold" if objects else "normal")
    verdicts.tick_params(length=0)
    verdicts.spines[["top", "right", "left"]].set_visible(False)
    fig.legend(loc="outside lower center", ncols=2, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


class _MethodComparisonView(widgets.VBox):
    """Thousands of random groups: how often each method passes, and who it leaves out."""

    def __init__(self) -> None:
        super().__init__()
        self.group_size = widgets.Dropdown(options=list(range(3, 16)), value=7,
                                           description=_("Group size"), style=_LABELS)
        self.dims = widgets.ToggleButtons(options=[(_("1 question"), 1), (_("2 questions"), 2)],
                                          value=1, description=_("Decide on"),
                                          tooltips=[_("One scale, as above"),
                                                    _("Two questions at once (a plane)")],
                                          style=_LABELS)
        self.run_button = widgets.Button(description=_("Run the comparison"),
                                         button_style="primary",
                                         tooltip=_("Simulate {count} random groups").format(
                                             count=shown_count(_SIM_TRIALS)),
                                         layout=widgets.Layout(width="max-content"))
        self.chart = ChartView()
        self.sentence = widgets.HTML()
        self.result: MethodComparison | None = None
        self.run_button.on_click(lambda _button: self.run())
        self.children = [
            widgets.HTML("<h4>{}</h4><p>{}</p>".format(
                _("Many groups at once"),
                _("Random circles with a shared aim, random proposals: how does each way of "
                  "deciding do?"))),
            self.group_size, self.dims, self.run_button, self.chart, self.sentence,
        ]

    def run(self) -> None:
        """Run the simulation (seeded, so the same settings give the same chart)."""
        self.result = compare_methods(self.group_size.value, trials=_SIM_TRIALS,
                                      seed=_SIM_SEED, dims=self.dims.value)
        stats = self.result.stats
        alt = _("Bar charts comparing four ways of deciding. {methods}.").format(
            methods="; ".join(
                _("{method}: {passed} passed, {left_out} people left out on average").format(
                    method=method_label(m), passed=shown_percent(stats[m].pass_rate),
                    left_out=shown_decimal(stats[m].mean_left_out))
                for m in METHODS))
        self.chart.draw(draw_comparison, {m: (stats[m].pass_rate, stats[m].mean_left_out)
                                          for m in METHODS}, words=_comparison_words(), alt=alt)
        self.sentence.value = f"<p>{html.escape(self.result.sentence())}</p>"


def draw_comparison(stats: dict[str, tuple[float, float]],
                    words: dict[str, str] | None = None) -> Figure:
    """Two bar panels per method (``stats``: method -> pass rate, mean people left out).

    Stacked, not side by side: each panel keeps a phone's width. ``words``: the methods' names
    and the axes' labels in the page's language (default English), given by the caller so that
    they are part of the chart's key.
    """
    said = {**LABELS, "passed": "% of proposals passed",
            "left out": "people left outside\ntheir tolerance (mean)", **(words or {})}
    fig = new_figure(height=5.6)
    left, right = fig.subplots(2, 1)
    labels = [said[m].replace(" ", "\n", 1) for m in stats]
    colours = [SERIES[i] for i in range(len(stats))]
    passes = [100 * rate for rate, _left_out in stats.values()]
    out = [left_out for _rate, left_out in stats.values()]
    left.bar(labels, passes, color=colours)
    left.set_ylabel(said["passed"])
    right.bar(labels, out, color=colours)
    right.set_ylabel(said["left out"])
    for ax, values, fmt in ((left, passes, _percent_label), (right, out, "{:.1f}".format)):
        for x, value in enumerate(values):
            ax.text(x, value, fmt(value), ha="center", va="bottom", fontsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


def _percent_label(value: float) -> str:
    """A bar label in percent that does not round a rare pass down to "0%"."""
    return "<1%" if 0 < value < 0.5 else f"{value:.0f}%"
