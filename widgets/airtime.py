"""``AirtimeSimulator``: who talks in an open discussion, and what rounds change.

A learner sets the group (size, an outnumbered minority, a chair, the decision rule) and sees one
simulated meeting as bars, open discussion above rounds, with a sentence anyone can
read ("3 of 8 people did 70% of the talking; 2 never spoke") and the average over 1,000 meetings.
The model and its sources are in :mod:`sociocracy.airtime`; this class only draws it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Literal

import ipywidgets as widgets
import numpy as np

from sociocracy.airtime import airtime_sentence, gini, simulate_airtime, top_count, top_share
from sociocracy.circle_labels import percent
from sociocracy.core.language import DEFAULT, N_, _, babel_locale, current

from .charts import ChartView, new_figure
from .looks import lighten
from .palette import ACCENT, GOOD, NEUTRAL, PROBLEM

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Mode = Literal["open", "rounds"]

__all__ = ["AirtimeSimulator", "airtime_chart", "draw_airtime"]

#: Shown through ``_()``: the page's language is known only when the page runs.
MODE_TITLES = {"open": N_("Open discussion"), "rounds": N_("Rounds")}
MODE_COLOURS = {"open": ACCENT, "rounds": GOOD}
AVERAGE_OVER = 1_000


def _decimal(value: float) -> str:
    """A score with two decimals ("0.27"; "0,27" in Spanish)."""
    if current() == DEFAULT:
        return f"{value:.2f}"
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.00", locale=babel_locale())


def _whole(value: int) -> str:
    """A whole number as people write it ("1,000"; "1000" in Spanish)."""
    if current() == DEFAULT:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


class AirtimeSimulator(widgets.VBox):
    """Controls, a bar chart per mode and a plain-language summary, redrawn on every change.

    ``shares`` holds the meeting on show (``{"open": array, "rounds": array}``) and ``averages``
    the mean Gini and top-speakers' share over :data:`AVERAGE_OVER` meetings, so tests and lessons
    can check what the learner sees.
    """

    def __init__(self, group_size: int = 8, *, seed: int = 2026) -> None:
        super().__init__()
        self.add_class("course-airtime")
        self.seed = seed
        style = {"description_width": "initial"}
        # Dropdowns rather than sliders: ipywidgets' slider handle has no accessible name.
        self.size = widgets.Dropdown(options=list(range(3, 13)), value=group_size,
                                     description=_("People:"), style=style,
                                     layout=widgets.Layout(width="12em"))
        self.mode = widgets.ToggleButtons(
            options=[(_("Both"), "both"), (_(MODE_TITLES["open"]), "open"),
                     (_(MODE_TITLES["rounds"]), "rounds")],
            value="both", description=_("Show:"), style=style,
            tooltips=[_("Open discussion above rounds"),
                      _("Only open discussion"), _("Only rounds")],
        )
        self.rule = widgets.Dropdown(
            # Karpowitz et al. compared majority and unanimous rule; consent is treated like
            # unanimity by the model's assumption (see sociocracy.airtime), so both are offered.
            options=[(_("Majority vote"), "majority"),
                     (_("Unanimity (everyone must agree)"), "unanimity"),
                     (_("Consent (nobody objects)"), "consent")],
            value="majority", description=_("Decision rule:"), style=style,
        )
        self.chair = widgets.Checkbox(value=False, description=_("Person 1 chairs the meeting"),
                                      indent=False)
        self.minority = widgets.Dropdown(options=list(range(group_size)), value=0,
                                         description=_("People in an outnumbered minority:"),
                                         style=style, layout=widgets.Layout(width="26em"))
        self.again = widgets.Button(description=_("Another meeting"),
                                    tooltip=_("Simulate another meeting with the same settings"))
        self.chart = ChartView(keep_opening=True)
        self.summary = widgets.HTML()
        self.summary.add_class("course-airtime-summary")
        self.shares: dict[str, np.ndarray] = {}
        self.averages: dict[str, dict[str, float]] = {}
        for control in (self.size, self.mode, self.rule, self.chair, self.minority):
            control.observe(self._changed, names="value")
        self.again.on_click(self._another)
        self.children = [
            widgets.HBox([self.size, self.rule]), self.minority, self.chair,
            widgets.HBox([self.mode, self.again]), self.chart, self.summary,
        ]
        self.update()
        lighten(self)  # one shared layout and style per kind (issue 27)

    # ------------------------------------------------------------------ events
    def _changed(self, change: dict) -> None:
        if change["owner"] is self.size:
            keep = min(self.minority.value, self.size.value - 1)
            self.minority.options = list(range(self.size.value))
            self.minority.value = keep
        self.update()

    def _another(self, _button: widgets.Button) -> None:
        self.seed += 1
        self.update()

    @property
    def modes(self) -> tuple[Mode, ...]:
        return ("open", "rounds") if self.mode.value == "both" else (self.mode.value,)

    def _options(self) -> dict:
        return {"chair": 0 if self.chair.value else None, "minority": self.minority.value,
                "rule": self.rule.value}

    # ------------------------------------------------------------------ drawing
    def update(self) -> None:
        """Simulate with the current settings and redraw chart and text."""
        n, options = self.size.value, self._options()
        self.shares, self.averages = {}, {}
        for mode in self.modes:
            self.shares[mode] = simulate_airtime(n, mode, seed=self.seed, **options)[0]
            many = simulate_airtime(n, mode, meetings=AVERAGE_OVER, seed=self.seed, **options)
            self.averages[mode] = {"gini": float(np.mean(gini(many))),
                                   "top": float(np.mean(top_share(many)))}
        self._draw()
        self.summary.value = self._summary_html()

    def labels(self) -> list[str]:
        """Bar labels: person numbers, marking the chair and the minority."""
        n, minority = self.size.value, self.minority.value
        names = []
        for i in range(n):
            tags = []
            if self.chair.value and i == 0:
                tags.append(_("chair"))
            if minority and i >= n - minority:
                tags.append(_("minority"))
            names.append(f"{i + 1}" + (f"\n{'+'.join(tags)}" if tags else ""))
        return names

    def _draw(self) -> None:
        self.chart.draw(draw_airtime, self.shares, self.labels(), self.minority.value,
                        alt=self.alt_text())

    def sentences(self) -> dict[str, str]:
        """The one-meeting sentence for each mode shown."""
        return {mode: airtime_sentence(row) for mode, row in self.shares.items()}

    def alt_text(self) -> str:
        parts = [_("Bar chart of each person's share of the talking in one simulated meeting "
                   "of {people} people.").format(people=self.size.value)]
        parts += [f"{_(MODE_TITLES[m])}: {text}" for m, text in self.sentences().items()]
        return " ".join(parts)

    def _summary_html(self) -> str:
        n, k = self.size.value, top_count(self.size.value)
        items = []
        for mode, text in self.sentences().items():
            avg = self.averages[mode]
            average = _("Over {meetings} simulated meetings the {top} most talkative did {share} "
                        "on average; inequality score {score}.").format(
                meetings=_whole(AVERAGE_OVER), top=k, share=percent(avg["top"]),
                score=_decimal(avg["gini"]))
            items.append(
                f"<li><strong>{html.escape(_(MODE_TITLES[mode]))}:</strong> {html.escape(text)} "
                f"{html.escape(average)}</li>"
            )
        notes = []
        if self.minority.value and 2 * self.minority.value < n:
            notes.append({
                "majority": _("The outnumbered minority (red bars) speaks less under majority "
                              "vote in open discussion."),
                "unanimity": _("The outnumbered minority (red bars) speaks as much as the "
                               "others under unanimity in open discussion."),
                "consent": _("The outnumbered minority (red bars) speaks as much as the others "
                             "under consent (the model's assumption: the study compared majority "
                             "and unanimous rule, for women) in open discussion."),
            }[self.rule.value])
        elif self.minority.value:
            notes.append(_("A minority of half the group or more is not outnumbered, so the "
                           "model gives it no gap."))
        if self.chair.value:
            notes.append(_("The chair takes about three times an average member's share in "
                           "open discussion; in rounds they frame each round and take one "
                           "turn."))
        note_html = "".join(f"<p>{html.escape(note)}</p>" for note in notes)
        return (f'<div role="status"><ul>{"".join(items)}</ul>{note_html}</div>'
                "<p><small>" + html.escape(_(
                    "Inequality score: 0 means everyone talked equally, 1 means one person did "
                    "all the talking. A teaching model calibrated to published figures; see the "
                    "lesson for how well it matches."), quote=False) + "</small></p>")


def draw_airtime(shares: dict[str, np.ndarray], labels: list[str], minority: int) -> Figure:
    """One panel of bars per mode (``shares``: mode -> each person's share), minority in red.

    Panels are stacked, not side by side: each keeps a phone's width, so its text stays readable
    (at least 12 px) when the page is 360 px wide.
    """
    fig = new_figure(height=3.0 * len(shares) + 0.3)
    axes = fig.subplots(len(shares), 1, sharey=True, squeeze=False)[:, 0]
    n = len(labels)
    top = max(float(row.max()) for row in shares.values())
    for ax, (mode, row) in zip(axes, shares.items(), strict=True):
        colours = [MODE_COLOURS[mode]] * n
        if minority:
            colours[n - minority:] = [PROBLEM] * minority
        ax.bar(range(n), row * 100, color=colours, edgecolor="black", linewidth=0.5)
        ax.axhline(100 / n, color=NEUTRAL, linestyle="--", linewidth=1, label=_("equal share"))
        ax.legend(loc="upper right", frameon=False)
        for i, value in enumerate(row):
            if value == 0:
                ax.text(i, 0.5, _("silent"), ha="center", va="bottom", rotation=90)
        ax.set_xticks(range(n), labels)
        ax.set_title(_(MODE_TITLES[mode]))
        ax.set_xlabel(_("Person"))
        ax.set_ylabel(_("Share (%)"))
        ax.set_ylim(0, max(top * 100 * 1.15, 100 / n * 1.6))
    return fig


def airtime_chart(names: list[str], shares: list[float], title: str | None = None) -> ChartView:
    """A bar chart of one meeting's shares per named person (for exercises and handouts);
    ``title`` defaults to "Who talked" in the page's language."""
    title = _("Who talked") if title is None else title
    values = [100 * share for share in shares]
    alt = _("Bar chart, {title}: {shares}").format(title=title, shares="; ".join(
        f"{name} {value:.0f}%" if current() == DEFAULT else f"{name} {percent(value / 100)}"
        for name, value in zip(names, values, strict=True)))
    chart = ChartView()
    chart.draw(draw_named_shares, names, values, title, alt=alt)
    return chart


def draw_named_shares(names: list[str], values: list[float], title: str) -> Figure:
    """Bars of each named person's share of the talking (in %), with the equal share dashed."""
    fig = new_figure(height=3.2)
    ax = fig.subplots()
    ax.bar(range(len(names)), values, color=ACCENT, edgecolor="black", linewidth=0.5)
    ax.axhline(100 / len(names), color=NEUTRAL, linestyle="--", linewidth=1,
               label=_("equal share"))
    ax.legend(loc="upper right", frameon=False)
    ax.set_xticks(range(len(names)), [name.replace("$", r"\$") for name in names])
    ax.set_ylabel(_("Share (%)"))
    ax.set_title(title)
    return fig
