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

from sociocracy.proposals import (
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

_SHOW = (("Both side by side", "both"), ("Open discussion only", "open"),
         ("Rounds only", "rounds"))
_COLOURS = {"open": ACCENT, "rounds": GOOD}
_HATCH = {"open": "", "rounds": "//"}  # rounds bars are hatched: meaning not by colour alone


def summary_sentence(results: dict[str, PictureResult]) -> str:
    """One plain sentence comparing the averages, e.g. "... 10 of 20 ...; in rounds, 19 of 20"."""
    open_, rounds = results["open"], results["rounds"]
    return (f"On average over {open_.meetings:,} simulated meetings: in open discussion, "
            f"{round(open_.mean_surfaced)} of {open_.total} considerations came out; in rounds, "
            f"{round(rounds.mean_surfaced)} of {rounds.total}.")


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
            options=list(range(3, 13)), value=group_size, description="People in the meeting",
            style=style, layout=widgets.Layout(width="16rem"))
        self.per_member = widgets.Dropdown(
            options=[1, 2, 3], value=per_member, description="Considerations each person holds",
            style=style, layout=widgets.Layout(width="20rem"))
        self.show_mode = widgets.ToggleButtons(
            options=_SHOW, value="both", description="Show", style=style,
            tooltips=["Open discussion and rounds", "Only open discussion", "Only rounds"])
        self.rerun = widgets.Button(description=f"Run {meetings:,} new meetings",
                                    tooltip="Simulate again with new random meetings",
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
        self.sentence.value = (f"<p class='course-result' role='status'>"
                               f"<strong>{html.escape(summary_sentence(self.results))}</strong> "
                               f"The quieter half of the group had "
                               f"{self._pct(self.results['open'].quiet_half_share())} of their "
                               f"considerations heard in open discussion and "
                               f"{self._pct(self.results['rounds'].quiet_half_share())} in "
                               f"rounds.</p>")
        self._draw_chart()
        self.example.value = self._example_html()

    @staticmethod
    def _pct(share: float) -> str:
        return f"{round(100 * share)} %"

    @property
    def shown_modes(self) -> list[str]:
        return list(MODES) if self.show_mode.value == "both" else [self.show_mode.value]

    def _draw_chart(self) -> None:
        names = list(MEMBER_NAMES[:self.group_size.value])
        modes = self.shown_modes
        self.chart.draw(draw_considerations,
                        {mode: list(self.results[mode].voiced_by_member()) for mode in modes},
                        names, self.per_member.value, alt=self._alt_text(names, modes))

    def _alt_text(self, names: list[str], modes: list[str]) -> str:
        parts = []
        for mode in modes:
            values = self.results[mode].voiced_by_member()
            listing = ", ".join(f"{name} {value:.1f}" for name, value in zip(names, values,
                                                                              strict=True))
            parts.append(f"{MODES[mode]}: {listing}")
        return (f"Bar chart: how many of their {self.per_member.value} considerations each of "
                f"{len(names)} members got heard, on average over {self.meetings:,} meetings. "
                + "; ".join(parts) + ".")

    def _example_html(self) -> str:
        parts = ["<details class='course-example'><summary>What stayed hidden in one example "
                 "meeting</summary>"]
        for mode in MODES:
            result = self.results[mode]
            hidden = result.hidden_in(0)
            if hidden:
                items = "".join(
                    f"<li>{html.escape(c.text)} <em>({html.escape(c.kind)}, held by "
                    f"{html.escape(MEMBER_NAMES[c.holder])})</em></li>" for c in hidden)
                body = f"<ul>{items}</ul>"
            else:
                body = "<p>Nothing: every consideration came out.</p>"
            parts.append(f"<p><strong>{html.escape(MODES[mode].capitalize())}</strong>: "
                         f"{len(result.surfaced_in(0))} of {result.total} came out; hidden:</p>"
                         f"{body}")
        parts.append("</details>")
        return "".join(parts)


def steps_html() -> str:
    """SoFA's proposal-forming steps as an accessible table (from the library's data)."""
    rows = "".join(
        f"<tr><td>{html.escape(step.phase.capitalize())}</td>"
        f"<th scope='row'>{html.escape(step.name)}</th><td>{html.escape(step.who)}</td>"
        f"<td>{html.escape(step.what)}</td><td>{html.escape(step.complete_when)}</td></tr>"
        for step in PROPOSAL_FORMING_STEPS)
    return ("<table class='course-compare'><caption>Proposal forming, step by step</caption>"
            "<thead><tr><th scope='col'>Phase</th><th scope='col'>Step</th>"
            "<th scope='col'>Who</th><th scope='col'>What happens</th>"
            "<th scope='col'>Complete when</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def ProposalSteps() -> widgets.HTML:
    """SoFA's proposal-forming steps as a widget, for a lesson to show as it is."""
    return widgets.HTML(steps_html())


def draw_considerations(heard: dict[str, list[float]], names: list[str], held: int) -> Figure:
    """Bars of the considerations each member got heard per meeting, per mode (``heard``).

    The dashed line is what each person holds (``held``): the gap is what the group never heard.
    """
    n = len(names)
    fig = new_figure(height=3.8)
    ax = fig.add_subplot()
    width = 0.8 / len(heard)
    positions = list(range(n))
    for offset, (mode, values) in enumerate(heard.items()):
        xs = [p - 0.4 + width * (offset + 0.5) for p in positions]
        ax.bar(xs, values, width=width, color=_COLOURS[mode], hatch=_HATCH[mode],
               edgecolor="white" if mode == "open" else "black", linewidth=0.6,
               label=MODES[mode].capitalize())
    ax.axhline(held, color="black", linestyle="--", linewidth=1,
               label=f"Held by each person ({held})")
    ax.set_xticks(positions, names, rotation=0 if n <= 8 else 45)
    ax.set_ylim(0, held * 1.05)
    ax.set_ylabel("Considerations heard\n(average per meeting)")
    ax.set_xlabel("Members, from most to least\ntalkative in open discussion")
    fig.legend(loc="outside upper center", ncols=1, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
