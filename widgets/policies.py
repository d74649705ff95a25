"""Feedback tools: ``PolicyLifecycle`` (alarms on noisy data) and ``ReviewCalendar`` (what is due).

``PolicyLifecycle`` puts MVOS's newsletter example ([MVOS] "Measure the concern") on simulated
monthly data: the learner sets the alarm thresholds, the noise and the policy's real effect, sees
whether an alarm fires, and sees over many runs how often noise alone fires one (a false alarm)
and how often a real drop goes unnoticed. The model is :func:`sociocracy.policies.simulate_policy`.

``ReviewCalendar`` lists the reviews an organisation has coming: policies at their review dates
and roles at the end of their terms, overdue ones first.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np

from sociocracy.core.errors import CourseError
from sociocracy.core.yaml_file import load_yaml
from sociocracy.policies import (
    NEWSLETTER,
    Measure,
    Policy,
    alarm_tradeoff,
    policies_from_yaml,
    review_calendar,
    simulate_policy,
)

from .charts import ChartView, new_figure
from .downloads import DownloadLink
from .feedback import error_html, feedback_html
from .looks import lighten
from .palette import ACCENT, GOOD, NEUTRAL, PROBLEM, SERIES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PolicyLifecycle", "ReviewCalendar"]

_STYLE = {"description_width": "14em"}
#: How many runs the trade-off uses: enough for rates to 1-2 percentage points, fast enough to
#: redraw on every change (well under a second).
TRADEOFF_RUNS = 2000


def _esc(text: object) -> str:
    return html.escape(str(text))


class PolicyLifecycle(widgets.VBox):
    """A policy with measures meets noisy monthly data; alarms fire, or not.

    Defaults: MVOS's newsletter (alarms at clicks -15 %, donations -10 %), a real effect of 0,
    5 % month-to-month noise (an assumption), six months.
    """

    def __init__(self, policy: Policy = NEWSLETTER, *, seed: int = 1) -> None:
        super().__init__()
        self.add_class("course-policy-lifecycle")
        self.policy = policy
        self.controls: dict[str, widgets.BoundedIntText] = {}
        rows = []
        for m in policy.measures:
            box = widgets.BoundedIntText(value=round(m.alarm_drop * 100), min=1, max=90,
                                         description=f"Alarm: {m.name} down (%)", style=_STYLE)
            self.controls[m.name] = box
            rows.append(box)
        self.effect = widgets.BoundedIntText(value=0, min=-30, max=60, style=_STYLE,
                                             description="Real effect: drop (%)")
        self.noise = widgets.BoundedIntText(value=5, min=0, max=40, style=_STYLE,
                                            description="Noise month to month (%)")
        self.months = widgets.Dropdown(options=[("6 months", 6), ("12 months", 12),
                                                ("24 months", 24)], value=policy.term_months
                                       if policy.term_months in (6, 12, 24) else 6,
                                       description="Months watched", style=_STYLE)
        self.window = widgets.Dropdown(options=[("each month on its own", 1),
                                                ("mean of the last 2 months", 2),
                                                ("mean of the last 3 months", 3)], value=1,
                                       description="The alarm looks at", style=_STYLE,
                                       layout=widgets.Layout(width="30em", max_width="100%"))
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**6, style=_STYLE,
                                           description="Data set number")
        self.new_data = widgets.Button(description="Another six months of data",
                                       tooltip="Draw new noisy data with the same settings",
                                       layout=widgets.Layout(width="auto"))
        self.new_data.on_click(lambda _b: self._next_seed())
        self.result = widgets.HTML()
        self.chart = ChartView(keep_opening=True)
        self.tradeoff_text = widgets.HTML()
        self.tradeoff_chart = ChartView(keep_opening=True)
        for control in (*self.controls.values(), self.effect, self.noise, self.months,
                        self.window, self.seed):
            control.observe(lambda _c: self.refresh(), names="value")
        self.children = [
            widgets.HTML(f"<h4>{_esc(policy.title)}</h4><p>{_esc(policy.text)}</p>"),
            *rows, self.effect, self.noise, self.months, self.window,
            widgets.HBox([self.seed, self.new_data], layout=widgets.Layout(flex_flow="row wrap")),
            self.result, self.chart,
            widgets.HTML(f"<h4>Over {TRADEOFF_RUNS:,} runs</h4>"),
            self.tradeoff_text, self.tradeoff_chart,
        ]
        self.refresh()
        lighten(self)  # one shared layout and style per kind (issue 27)

    def _next_seed(self) -> None:
        self.seed.value = self.seed.value + 1

    @property
    def current_policy(self) -> Policy:
        return self.policy.with_thresholds(
            **{name: box.value / 100 for name, box in self.controls.items()})

    def refresh(self) -> None:
        try:
            policy = self.current_policy
            sim = simulate_policy(policy, self.months.value, effect=self.effect.value / 100,
                                  noise=self.noise.value / 100, seed=self.seed.value,
                                  window=self.window.value)
        except CourseError as exc:
            self.result.value = error_html(exc.plain)
            return
        self.simulation = sim
        fired = sim.alarm_months(0)
        if fired:
            names = [m.name for i, m in enumerate(policy.measures)
                     if sim.alarms[0, fired[0] - 1, i]]
            self.result.value = feedback_html(
                f"in month {fired[0]} ({', '.join(names)}). The role watching the measures "
                "brings the policy back to the circle early." + (
                    " The policy has no real effect here: this is a false alarm, noise alone."
                    if self.effect.value <= 0 else ""),
                kind="wrong", headline="Alarm")
        else:
            self.result.value = feedback_html(
                f"in {sim.months} months. The policy holds until its review"
                + (", although it really does lower the measures: a missed drop."
                   if self.effect.value > 0 and any(
                       self.effect.value / 100 >= m.alarm_drop for m in policy.measures)
                   else "."), kind="right", headline="No alarm")
        self._draw_run(policy, sim)
        self._draw_tradeoff(policy)

    def _draw_run(self, policy: Policy, sim) -> None:
        months = np.arange(1, sim.months + 1)
        parts = []
        for i, m in enumerate(policy.measures):
            values, hit = sim.values[0, :, i], sim.alarms[0, :, i]
            parts.append(f"{m.name}: " + ", ".join(f"{v:.0f}" for v in values)
                         + f" (alarm at {m.alarm_level:.0f}"
                         + (f", fired in months {', '.join(str(x) for x in months[hit])})"
                            if hit.any() else ", never reached)"))
        self.chart.draw(draw_policy_run, policy.measures, sim.values[0], sim.alarms[0],
                        alt="Line charts of one run of monthly values against the alarm "
                            "levels. " + "; ".join(parts) + ".")

    def _draw_tradeoff(self, policy: Policy) -> None:
        """False alarms and missed drops as the first measure's threshold moves."""
        first = policy.measures[0]
        real = max(self.effect.value, 0) / 100 or first.alarm_drop + 0.05
        single = Policy(policy.title, policy.text, policy.decided, policy.term_months,
                        (first,))
        thresholds = np.arange(0.05, 0.31, 0.025)
        false_rates, missed_rates = [], []
        for k, threshold in enumerate(thresholds):
            t = alarm_tradeoff(single.with_thresholds(**{first.name: float(threshold)}),
                               self.months.value, drop=real, noise=self.noise.value / 100,
                               runs=TRADEOFF_RUNS, seed=1000 + k, window=self.window.value)
            false_rates.append(t.false_alarm_rate)
            missed_rates.append(t.missed_rate)
        now = alarm_tradeoff(single, self.months.value, drop=real, noise=self.noise.value / 100,
                             runs=TRADEOFF_RUNS, seed=7, window=self.window.value)
        self.tradeoff = now
        self.tradeoff_text.value = (
            f"<p>With the {first.name} alarm at -{first.alarm_drop:.0%} and "
            f"{self.noise.value}% noise over {self.months.value} months: noise alone fires it in "
            f"<strong>{now.false_alarm_rate:.0%}</strong> of runs (false alarms); a real drop of "
            f"{real:.0%} goes unnoticed in <strong>{now.missed_rate:.0%}</strong> of runs "
            "(missed drops).</p>")
        alt = (f"Line chart over {TRADEOFF_RUNS} runs per point: as the {first.name} alarm "
               "threshold rises from 5% to 30%, false alarms go " + ", ".join(
                   f"{f:.0%}" for f in false_rates) + " and missed drops go " + ", ".join(
                   f"{m:.0%}" for m in missed_rates) + ".")
        self.tradeoff_chart.draw(draw_tradeoff, [float(t) for t in thresholds], false_rates,
                                 missed_rates, first.name, first.alarm_drop, real, alt=alt)


def draw_policy_run(measures: tuple[Measure, ...], values: np.ndarray,
                    alarms: np.ndarray) -> Figure:
    """One line chart per measure of one simulated run, against its alarm level.

    ``values`` and ``alarms`` are month x measure; an X marks each month the alarm fired.
    """
    n = len(measures)
    fig = new_figure(width=6.4, height=2.2 * n + 0.6)
    axes = np.atleast_1d(fig.subplots(n, 1, sharex=True))
    months = np.arange(1, values.shape[0] + 1)
    for i, (ax, m) in enumerate(zip(axes, measures, strict=True)):
        row, hit = values[:, i], alarms[:, i]
        ax.plot(months, row, marker="o", color=SERIES[i], label=m.name)
        ax.axhline(m.baseline, color=NEUTRAL, linewidth=1, label="before the change")
        ax.axhline(m.alarm_level, color=PROBLEM, linestyle="--", linewidth=1.5,
                   label=f"alarm: -{m.alarm_drop:.0%}")
        if hit.any():
            ax.plot(months[hit], row[hit], "X", color=PROBLEM, markersize=11,
                    label="alarm fired")
        ax.set_ylabel(m.name.replace("$", r"\$"))
        ax.legend(loc="best", fontsize=8, framealpha=0.9)
    axes[-1].set_xlabel("Month of the policy's term")
    axes[-1].set_xticks(months)
    return fig


def draw_tradeoff(thresholds: list[float], false_rates: list[float], missed_rates: list[float],
                  measure: str, threshold: float, real: float) -> Figure:
    """False alarms and missed drops (shares of runs) against the alarm threshold (a share)."""
    fig = new_figure(width=6.4, height=3.2)
    ax = fig.subplots()
    x = np.array(thresholds) * 100
    ax.plot(x, np.array(false_rates) * 100, marker="o", color=PROBLEM,
            label="false alarms (no real effect)")
    ax.plot(x, np.array(missed_rates) * 100, marker="s", linestyle="--", color=ACCENT,
            label=f"missed drops (real drop {real:.0%})")
    ax.axvline(threshold * 100, color=GOOD, linewidth=1.5, label="your threshold")
    ax.set_xlabel(f"Alarm threshold for {measure} (% drop)".replace("$", r"\$"))
    ax.set_ylabel("% of runs")
    ax.set_ylim(-2, 102)
    ax.legend(fontsize=8)
    return fig


def _example_organisations() -> list[tuple[str, str]]:
    from sociocracy.course.course_map import course_root

    folder = course_root() / "examples" / "organizations"
    return [(p.stem.replace("_", " ").title(), str(p)) for p in sorted(folder.glob("*.yaml"))]


class ReviewCalendar(widgets.VBox):
    """Upcoming and overdue reviews (policies and role terms) for an organisation file."""

    def __init__(self, path: str | Path | None = None, *, within_days: int = 90,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.add_class("course-review-calendar")
        options = _example_organisations()
        if path is not None and str(path) not in [p for _n, p in options]:
            options.append((Path(path).name, str(path)))
        self.file = widgets.Dropdown(options=options, description="Organisation file",
                                     value=str(path) if path is not None else
                                     (options[0][1] if options else None), style=_STYLE,
                                     layout=widgets.Layout(width="98%", max_width="40em"))
        self.today = widgets.DatePicker(description="Today", value=today(), style=_STYLE)
        self.within = widgets.BoundedIntText(value=within_days, min=0, max=3650, style=_STYLE,
                                             description="Look ahead (days)")
        self.view = widgets.HTML()
        self.download = DownloadLink(filename="reviews.md", mime="text/markdown")
        for control in (self.file, self.today, self.within):
            control.observe(lambda _c: self.refresh(), names="value")
        self.children = [self.file, self.today, self.within, self.view, self.download]
        self.calendar: Any = None  # the library's ReviewCalendar, once a file is read
        self.refresh()
        lighten(self)  # one shared layout and style per kind (issue 27)

    def refresh(self) -> None:
        from sociocracy.circles import organization_from_yaml

        if not self.file.value or self.today.value is None:
            self.view.value = error_html("Choose an organisation file and today's date.")
            return
        try:
            loaded = load_yaml(self.file.value)
            org = organization_from_yaml(loaded)
            policies = policies_from_yaml(loaded)
            cal = review_calendar(org, policies, today=self.today.value,
                                  within_days=self.within.value)
        except CourseError as exc:
            self.view.value = error_html(str(exc) if hasattr(exc, "path") else exc.plain)
            self.download.set("")
            return
        self.calendar = cal

        def table(title: str, entries, empty: str) -> str:
            if not entries:
                return f"<h4>{title}</h4><p>{empty}</p>"
            rows = "".join(
                f"<tr><td>{e.date.isoformat()}</td>"
                f"<td>{'Policy' if e.what == 'policy' else 'Role'}</td>"
                f"<td>{_esc(e.title)}</td><td>{_esc(e.circle or '')}</td>"
                f"<td>{_esc(e.holder or '')}</td><td>{_esc(e.sentence.rsplit(': ', 1)[-1])}"
                "</td></tr>" for e in entries)
            return (f"<div class='course-table-scroll'><table class='course-compare'>"
                    f"<caption>{title}</caption><thead><tr>"
                    "<th scope='col'>Date</th><th scope='col'>What</th><th scope='col'>Title</th>"
                    "<th scope='col'>Circle</th><th scope='col'>Held by</th>"
                    f"<th scope='col'>When</th></tr></thead><tbody>{rows}</tbody></table></div>")

        headline = (feedback_html(f"{len(cal.overdue)} review(s) overdue.", kind="wrong",
                                  headline="Overdue:") if cal.overdue else
                    feedback_html("Nothing is overdue.", kind="right", headline="Up to date."))
        no_term = ("<h4>No term yet</h4><ul>" + "".join(f"<li>{_esc(t)}</li>"
                                                         for t in cal.no_term) + "</ul>"
                   if cal.no_term else "")
        self.view.value = (
            headline + table("Overdue", cal.overdue, "Nothing overdue.")
            + table(f"Due within {cal.within_days} days", cal.due, "Nothing due in this time.")
            + table("Later", cal.later, "Nothing later.") + no_term)
        lines = [f"# Reviews, {cal.today.isoformat()}", ""]
        for title, entries in (("Overdue", cal.overdue),
                               (f"Due within {cal.within_days} days", cal.due),
                               ("Later", cal.later)):
            lines += [f"## {title}", ""]
            lines += [f"- {md(e.sentence)}" for e in entries] or ["- nothing"]
            lines.append("")
        self.download.set("\n".join(lines), f"reviews-{cal.today.isoformat()}.md",
                          text="Download the review list (Markdown)")


def md(text: str) -> str:
    from sociocracy.core.markdown_text import md_text

    return md_text(text)
