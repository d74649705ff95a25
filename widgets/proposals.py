"""``ConsiderationsSimulator``: how many of a group's considerations come out, open vs rounds.

The learner picks the group size and how many considerations each member privately holds, and
chooses which meeting style the chart shows. The library (:mod:`sociocracy.proposals`) simulates
a thousand meetings of each style; this widget only draws the result, writes one plain sentence
("In open discussion, 10 of 20 considerations came out; in rounds, 19 of 20") and lists what
stayed hidden in one example meeting.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from sociocracy.core.language import DEFAULT, N_, _, babel_locale, current
from sociocracy.proposals import (
    CONSIDERATION_KINDS,
    MEMBER_NAMES,
    MODES,
    PROPOSAL_FORMING_STEPS,
    PictureResult,
    compare,
)

from .charts import ChartView, new_figure
from .looks import lighten
from .palette import ACCENT, GOOD

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ConsiderationsSimulator", "steps_html", "summary_sentence"]

_SHOW = ((N_("Both side by side"), "both"), (N_("Open discussion only"), "open"),
         (N_("Rounds only"), "rounds"))
#: The steps' phases as people read them.
_PHASES = {"understand": N_("Understand"), "explore": N_("Explore"), "decide": N_("Decide")}


def _count(value: int) -> str:
    """A whole number with the page's language's grouping ("1,000", "1000")."""
    if current() == DEFAULT:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def _decimal(value: float) -> str:
    """A figure with one decimal in the page's language."""
    if current() == DEFAULT:
        return f"{value:.1f}"
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.0", locale=babel_locale())


def _mode(mode: str) -> str:
    """A kind of meeting ("open discussion", "rounds") in the page's language, capitalised."""
    word = _(MODES[mode])
    return word[:1].upper() + word[1:]
_COLOURS = {"open": ACCENT, "rounds": GOOD}
_HATCH = {"open": "", "rounds": "//"}  # rounds bars are hatched: meaning not by colour alone


def summary_sentence(results: dict[str, PictureResult]) -> str:
    """One plain sentence comparing the averages, e.g. "... 10 of 20 ...; in rounds, 19 of 20"."""
    open_, rounds = results["open"], results["rounds"]
    return _("On average over {meetings} simulated meetings: in open discussion, {open} of "
             "{open_total} considerations came out; in rounds, {rounds} of {rounds_total}."
             ).format(meetings=_count(open_.meetings), open=round(open_.mean_surfaced),
                      open_total=open_.total, rounds=round(rounds.mean_surfaced),
                      rounds_total=rounds.total)


class ConsiderationsSimulator(widgets.VBox):
    """Choices for the group, a chart per member, a sentence, and an example meeting."""

    def __init__(self, group_size: int = 10, per_member: int = 2, meetings: int = 1000,
                 seed: int = 2024) -> None:
        super().__init__()
        self.add_class("course-considerations")
        style = {"description_width": "initial"}
        self.meetings = meetings
        self.seed = seed
        # Drop-downs rather than sliders: ipywidgets' slider handle has no accessible name
        # (axe: aria-input-field-name), and a drop-down works the same by keyboard and mouse.
        self.group_size = widgets.Dropdown(
            options=list(range(3, 13)), value=group_size,
            description=_("People in the meeting"),
            style=style, layout=widgets.Layout(width="16rem"))
        self.per_member = widgets.Dropdown(
            options=[1, 2, 3], value=per_member,
            description=_("Considerations each person holds"),
            style=style, layout=widgets.Layout(width="20rem"))
        self.show_mode = widgets.ToggleButtons(
            options=[(_(label), value) for label, value in _SHOW], value="both",
            description=_("Show"), style=style,
            tooltips=[_("Open discussion and rounds"), _("Only open discussion"),
                      _("Only rounds")])
        self.rerun = widgets.Button(description=_("Run {count} new meetings").format(
                                        count=_count(meetings)),
                                    tooltip=_("Simulate again with new random meetings"),
                                    icon="refresh", layout=widgets.Layout(width="auto"))
        self.sentence = widgets.HTML()
        self.chart = ChartView(keep_opening=True)
        self.example = widgets.HTML()
        self.results: dict[str, PictureResult] = {}
        for control in (self.group_size, self.per_member):
            control.observe(self._resimulate, names="value")
        self.show_mode.observe(self._redraw, names="value")
        self.rerun.on_click(self._new_seed)
        self.children = [
            widgets.HBox([self.group_size, self.per_member],
                         layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.show_mode, self.rerun],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="flex-end")),
            self.sentence, self.chart, self.example,
        ]
        self._resimulate()
        lighten(self)  # one shared layout and style per kind (issue 27)

    def _new_seed(self, _button: object = None) -> None:
        self.seed += 1
        self._resimulate()

    def _resimulate(self, _change: object = None) -> None:
        self.results = compare(self.group_size.value, per_member=self.per_member.value,
                               meetings=self.meetings, seed=self.seed)
        self._redraw()

    def _redraw(self, _change: object = None) -> None:
        quieter = _("The quieter half of the group had {open} of their considerations heard in "
                    "open discussion and {rounds} in rounds.").format(
                        open=self._pct(self.results['open'].quiet_half_share()),
                        rounds=self._pct(self.results['rounds'].quiet_half_share()))
        self.sentence.value = (f"<p class='course-result' role='status'>"
                               f"<strong>{html.escape(summary_sentence(self.results))}</strong> "
                               f"{html.escape(quieter)}</p>")
        self._draw_chart()
        self.example.value = self._example_html()

    @staticmethod
    def _pct(share: float) -> str:
        if current() == DEFAULT:
            return f"{round(100 * share)} %"
        from babel.numbers import format_percent

        return format_percent(round(100 * share) / 100, locale=babel_locale())

    @property
    def shown_modes(self) -> list[str]:
        return list(MODES) if self.show_mode.value == "both" else [self.show_mode.value]

    def _draw_chart(self) -> None:
        names = list(MEMBER_NAMES[:self.group_size.value])
        modes = self.shown_modes
        self.chart.draw(draw_considerations,
                        {mode: list(self.results[mode].voiced_by_member()) for mode in modes},
                        names, self.per_member.value, _chart_words(),
                        alt=self._alt_text(names, modes))

    def _alt_text(self, names: list[str], modes: list[str]) -> str:
        parts = []
        for mode in modes:
            values = self.results[mode].voiced_by_member()
            listing = ", ".join(f"{name} {_decimal(value)}" for name, value in zip(
                names, values, strict=True))
            parts.append(f"{_(MODES[mode])}: {listing}")
        return _("Bar chart: how many of their {held} considerations each of {count} members "
                 "got heard, on average over {meetings} meetings. {values}.").format(
                     held=self.per_member.value, count=len(names),
                     meetings=_count(self.meetings), values="; ".join(parts))

    def _example_html(self) -> str:
        parts = ["<details class='course-example'><summary>"
                 + html.escape(_("What stayed hidden in one example meeting")) + "</summary>"]
        for mode in MODES:
            result = self.results[mode]
            hidden = result.hidden_in(0)
            if hidden:
                items = "".join(
                    f"<li>{html.escape(c.text)} <em>"
                    + html.escape(_("({kind}, held by {name})").format(
                        kind=_(CONSIDERATION_KINDS.get(c.kind, c.kind)),
                        name=MEMBER_NAMES[c.holder]))
                    + "</em></li>" for c in hidden)
                body = f"<ul>{items}</ul>"
            else:
                body = _("<p>Nothing: every consideration came out.</p>")
            parts.append(f"<p><strong>{html.escape(_mode(mode))}</strong>: "
                         + html.escape(_("{count} of {total} came out; hidden:").format(
                             count=len(result.surfaced_in(0)), total=result.total))
                         + f"</p>{body}")
        parts.append("</details>")
        return "".join(parts)


def steps_html() -> str:
    """SoFA's proposal-forming steps as an accessible table (from the library's data)."""
    rows = "".join(
        f"<tr><td>{html.escape(_(_PHASES.get(step.phase, step.phase.capitalize())))}</td>"
        f"<th scope='row'>{html.escape(_(step.name))}</th><td>{html.escape(_(step.who))}</td>"
        f"<td>{html.escape(_(step.what))}</td><td>{html.escape(_(step.complete_when))}</td>"
        "</tr>"
        for step in PROPOSAL_FORMING_STEPS)
    return (_("<table class='course-compare'><caption>Proposal forming, step by "
              "step</caption><thead><tr><th scope='col'>Phase</th><th scope='col'>Step</th>"
              "<th scope='col'>Who</th><th scope='col'>What happens</th>"
              "<th scope='col'>Complete when</th></tr></thead>")
            + f"<tbody>{rows}</tbody></table>")


def ProposalSteps() -> widgets.HTML:
    """SoFA's proposal-forming steps as a widget, for a lesson to show as it is."""
    return widgets.HTML(steps_html())


def _chart_words() -> tuple[str, ...]:
    """The chart's words in the page's language (an argument of the drawing, so that a chart
    kept by the chart cache is kept per language)."""
    return (_mode("open"), _mode("rounds"), _("Held by each person ({held})"),
            _("Considerations heard\n(average per meeting)"),
            _("Members, from most to least\ntalkative in open discussion"))


def draw_considerations(heard: dict[str, list[float]], names: list[str], held: int,
                        words: tuple[str, ...] | None = None) -> Figure:
    """Bars of the considerations each member got heard per meeting, per mode (``heard``).

    The dashed line is what each person holds (``held``): the gap is what the group never heard.
    ``words``: the legend's and axes' words (:func:`_chart_words`; default, the page's language).
    """
    open_label, rounds_label, held_label, y_label, x_label = words or _chart_words()
    mode_labels = {"open": open_label, "rounds": rounds_label}
    n = len(names)
    fig = new_figure(height=3.8)
    ax = fig.add_subplot()
    width = 0.8 / len(heard)
    positions = list(range(n))
    for offset, (mode, values) in enumerate(heard.items()):
        xs = [p - 0.4 + width * (offset + 0.5) for p in positions]
        ax.bar(xs, values, width=width, color=_COLOURS[mode], hatch=_HATCH[mode],
               edgecolor="white" if mode == "open" else "black", linewidth=0.6,
               label=mode_labels[mode])
    ax.axhline(held, color="black", linestyle="--", linewidth=1,
               label=held_label.format(held=held))
    ax.set_xticks(positions, names, rotation=0 if n <= 8 else 45)
    ax.set_ylim(0, held * 1.05)
    ax.set_ylabel(y_label)
    ax.set_xlabel(x_label)
    fig.legend(loc="outside upper center", ncols=1, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
