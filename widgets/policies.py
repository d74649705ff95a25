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
from sociocracy.core.language import DEFAULT, _, babel_locale, current, localized
from sociocracy.core.yaml_file import load_yaml
from sociocracy.logbook import shown_date
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


def _pct(value: float) -> str:
    """A share as a whole percentage in the page's language ("15%", "15 %")."""
    if current() == DEFAULT:
        return f"{value:.0%}"
    from babel.numbers import format_percent

    return format_percent(value, locale=babel_locale())


def _count(value: int) -> str:
    """A whole number with the page's language's grouping."""
    if current() == DEFAULT:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def _date(value: dt.date) -> str:
    """A date in a table: ISO in English (as before), the page's language's short form else."""
    if current() == DEFAULT:
        return value.isoformat()
    from babel.dates import format_date

    return format_date(value, format="medium", locale=babel_locale())

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
                                         description=_("Alarm: {measure} down (%)").format(
                                             measure=_(m.name)), style=_STYLE)
            self.controls[m.name] = box
            rows.append(box)
        self.effect = widgets.BoundedIntText(value=0, min=-30, max=60, style=_STYLE,
                                             description=_("Real effect: drop (%)"))
        self.noise = widgets.BoundedIntText(value=5, min=0, max=40, style=_STYLE,
                                            description=_("Noise month to month (%)"))
        self.months = widgets.Dropdown(options=[(_("{count} months").format(count=n), n)
                                                for n in (6, 12, 24)], value=policy.term_months
                                       if policy.term_months in (6, 12, 24) else 6,
                                       description=_("Months watched"), style=_STYLE)
        self.window = widgets.Dropdown(options=[(_("each month on its own"), 1),
                                                (_("mean of the last 2 months"), 2),
                                                (_("mean of the last 3 months"), 3)], value=1,
                                       description=_("The alarm looks at"), style=_STYLE,
                                       layout=widgets.Layout(width="30em", max_width="100%"))
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**6, style=_STYLE,
                                           description=_("Data set number"))
        self.new_data = widgets.Button(description=_("Another six months of data"),
                                       tooltip=_("Draw new noisy data with the same settings"),
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
            widgets.HTML(f"<h4>{_esc(_(policy.title))}</h4><p>{_esc(_(policy.text))}</p>"),
            *rows, self.effect, self.noise, self.months, self.window,
            widgets.HBox([self.seed, self.new_data], layout=widgets.Layout(flex_flow="row wrap")),
            self.result, self.chart,
            widgets.HTML("<h4>" + _esc(_("Over {count} runs").format(
                count=_count(TRADEOFF_RUNS))) + "</h4>"),
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
            names = [_(m.name) for i, m in enumerate(policy.measures)
                     if sim.alarms[0, fired[0] - 1, i]]
            if self.effect.value <= 0:
                said = _("in month {month} ({measures}). The role watching the measures brings "
                         "the policy back to the circle early. The policy has no real effect "
                         "here: this is a false alarm, noise alone.")
            else:
                said = _("in month {month} ({measures}). The role watching the measures brings "
                         "the policy back to the circle early.")
            self.result.value = feedback_html(
                said.format(month=fired[0], measures=", ".join(names)),
                kind="wrong", headline=_("Alarm"))
        else:
            if self.effect.value > 0 and any(
                    self.effect.value / 100 >= m.alarm_drop for m in policy.measures):
                said = _("in {months} months. The policy holds until its review, although it "
                         "really does lower the measures: a missed drop.")
            else:
                said = _("in {months} months. The policy holds until its review.")
            self.result.value = feedback_html(said.format(months=sim.months), kind="right",
                                              headline=_("No alarm"))
        self._draw_run(policy, sim)
        self._draw_tradeoff(policy)

    def _draw_run(self, policy: Policy, sim) -> None:
        months = np.arange(1, sim.months + 1)
        parts = []
        for i, m in enumerate(policy.measures):
            values, hit = sim.values[0, :, i], sim.alarms[0, :, i]
            shown = ", ".join(f"{v:.0f}" for v in values)
            if hit.any():
                parts.append(_("{measure}: {values} (alarm at {level}, fired in months "
                               "{months})").format(
                                   measure=_(m.name), values=shown,
                                   level=f"{m.alarm_level:.0f}",
                                   months=", ".join(str(x) for x in months[hit])))
            else:
                parts.append(_("{measure}: {values} (alarm at {level}, never reached)").format(
                    measure=_(m.name), values=shown, level=f"{m.alarm_level:.0f}"))
        self.chart.draw(draw_policy_run, policy.measures, sim.values[0], sim.alarms[0],
                        _run_words(policy.measures),
                        alt=_("Line charts of one run of monthly values against the alarm "
                              "levels. {values}.").format(values="; ".join(parts)))

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
        self.tradeoff_text.value = _(
            "<p>With the {measure} alarm at -{drop} and {noise} noise over {months} months: "
            "noise alone fires it in <strong>{false}</strong> of runs (false alarms); a real "
            "drop of {real} goes unnoticed in <strong>{missed}</strong> of runs (missed "
            "drops).</p>").format(
                measure=_esc(_(first.name)), drop=_pct(first.alarm_drop),
                noise=_pct(self.noise.value / 100) if current() != DEFAULT
                else f"{self.noise.value}%", months=self.months.value,
                false=_pct(now.false_alarm_rate), real=_pct(real), missed=_pct(now.missed_rate))
        alt = _("Line chart over {runs} runs per point: as the {measure} alarm threshold rises "
                "from 5% to 30%, false alarms go {false} and missed drops go {missed}.").format(
                    runs=TRADEOFF_RUNS, measure=_(first.name),
                    false=", ".join(_pct(f) for f in false_rates),
                    missed=", ".join(_pct(m) for m in missed_rates))
        self.tradeoff_chart.draw(draw_tradeoff, [float(t) for t in thresholds], false_rates,
                                 missed_rates, first.name, first.alarm_drop, real,
                                 _tradeoff_words(first.name, real), alt=alt)


def _run_words(measures: tuple[Measure, ...]) -> tuple[str, ...]:
    """The run chart's words in the page's language (an argument of the drawing, so that a
    kept chart is kept per language): each measure's name, then the legend's and axis' words."""
    return (*(_(m.name) for m in measures), _("before the change"), _("alarm: -{drop}"),
            _("alarm fired"), _("Month of the policy's term"))


def _tradeoff_words(measure: str, real: float) -> tuple[str, ...]:
    """The trade-off chart's words in the page's language."""
    return (_("false alarms (no real effect)"),
            _("missed drops (real drop {drop})").format(drop=_pct(real)),
            _("your threshold"), _("Alarm threshold for {measure} (% drop)").format(
                measure=_(measure)), _("% of runs"))


def draw_policy_run(measures: tuple[Measure, ...], values: np.ndarray,
                    alarms: np.ndarray, words: tuple[str, ...] | None = None) -> Figure:
    """One line chart per measure of one simulated run, against its alarm level.

    ``values`` and ``alarms`` are month x measure; an X marks each month the alarm fired.
    ``words``: :func:`_run_words` (default: in the page's language).
    """
    words = words or _run_words(measures)
    names, (before, alarm_at, fired, x_label) = words[:len(measures)], words[len(measures):]
    n = len(measures)
    fig = new_figure(width=6.4, height=2.2 * n + 0.6)
    axes = np.atleast_1d(fig.subplots(n, 1, sharex=True))
    months = np.arange(1, values.shape[0] + 1)
    for i, (ax, m) in enumerate(zip(axes, measures, strict=True)):
        row, hit = values[:, i], alarms[:, i]
        ax.plot(months, row, marker="o", color=SERIES[i], label=names[i])
        ax.axhline(m.baseline, color=NEUTRAL, linewidth=1, label=before)
        ax.axhline(m.alarm_level, color=PROBLEM, linestyle="--", linewidth=1.5,
                   label=alarm_at.format(drop=_pct(m.alarm_drop)))
        if hit.any():
            ax.plot(months[hit], row[hit], "X", color=PROBLEM, markersize=11,
                    label=fired)
        ax.set_ylabel(names[i].replace("$", r"\$"))
        ax.legend(loc="best", fontsize=8, framealpha=0.9)
    axes[-1].set_xlabel(x_label)
    axes[-1].set_xticks(months)
    return fig


def draw_tradeoff(thresholds: list[float], false_rates: list[float], missed_rates: list[float],
                  measure: str, threshold: float, real: float,
                  words: tuple[str, ...] | None = None) -> Figure:
    """False alarms and missed drops (shares of runs) against the alarm threshold (a share).

    ``words``: :func:`_tradeoff_words` (default: in the page's language)."""
    false_label, missed_label, yours, x_label, y_label = words or _tradeoff_words(measure, real)
    fig = new_figure(width=6.4, height=3.2)
    ax = fig.subplots()
    x = np.array(thresholds) * 100
    ax.plot(x, np.array(false_rates) * 100, marker="o", color=PROBLEM,
            label=false_label)
    ax.plot(x, np.array(missed_rates) * 100, marker="s", linestyle="--", color=ACCENT,
            label=missed_label)
    ax.axvline(threshold * 100, color=GOOD, linewidth=1.5, label=yours)
    ax.set_xlabel(x_label.replace("$", r"\$"))
    ax.set_ylabel(y_label)
    ax.set_ylim(-2, 102)
    ax.legend(fontsize=8)
    return fig


def _example_organisations() -> list[tuple[str, str]]:
    """The course's example organisations, by name (in the page's language: the name comes from
    the file the page reads, its translation where there is one)."""
    from sociocracy.circles import load_organization
    from sociocracy.course.course_map import course_root

    folder = course_root() / "examples" / "organizations"
    found = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            name = load_organization(path).name
        except CourseError:
            name = path.stem.replace("_", " ").title()
        found.append((name, str(path)))
    return found


class ReviewCalendar(widgets.VBox):
    """Upcoming and overdue reviews (policies and role terms) for an organisation file."""

    def __init__(self, path: str | Path | None = None, *, within_days: int = 90,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.add_class("course-review-calendar")
        options = _example_organisations()
        if path is not None and str(path) not in [p for _n, p in options]:
            options.append((Path(path).name, str(path)))
        self.file = widgets.Dropdown(options=options, description=_("Organisation file"),
                                     value=str(path) if path is not None else
                                     (options[0][1] if options else None), style=_STYLE,
                                     layout=widgets.Layout(width="98%", max_width="40em"))
        self.today = widgets.DatePicker(description=_("Today"), value=today(), style=_STYLE)
        self.within = widgets.BoundedIntText(value=within_days, min=0, max=3650, style=_STYLE,
                                             description=_("Look ahead (days)"))
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
            self.view.value = error_html(_("Choose an organisation file and today's date."))
            return
        try:
            loaded = load_yaml(localized(self.file.value))
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
                return f"<h4>{_esc(title)}</h4><p>{_esc(empty)}</p>"
            kinds = {"policy": _("Policy"), "role": _("Role")}
            rows = "".join(
                f"<tr><td>{_date(e.date)}</td>"
                f"<td>{_esc(kinds.get(e.what, e.what))}</td>"
                f"<td>{_esc(e.title)}</td><td>{_esc(e.circle or '')}</td>"
                f"<td>{_esc(e.holder or '')}</td><td>"
                + _esc(_("{when} ({date}).").format(when=e.when, date=shown_date(e.date)))
                + "</td></tr>" for e in entries)
            return (f"<div class='course-table-scroll'><table class='course-compare'>"
                    f"<caption>{_esc(title)}</caption><thead><tr>"
                    + _("<th scope='col'>Date</th><th scope='col'>What</th>"
                        "<th scope='col'>Title</th><th scope='col'>Circle</th>"
                        "<th scope='col'>Held by</th><th scope='col'>When</th>")
                    + f"</tr></thead><tbody>{rows}</tbody></table></div>")

        headline = (feedback_html(_("{count} review(s) overdue.").format(
                        count=len(cal.overdue)), kind="wrong", headline=_("Overdue:"))
                    if cal.overdue else
                    feedback_html(_("Nothing is overdue."), kind="right",
                                  headline=_("Up to date.")))
        no_term = (_("<h4>No term yet</h4>") + "<ul>" + "".join(f"<li>{_esc(t)}</li>"
                                                                for t in cal.no_term) + "</ul>"
                   if cal.no_term else "")
        due_title = _("Due within {days} days").format(days=cal.within_days)
        self.view.value = (
            headline + table(_("Overdue"), cal.overdue, _("Nothing overdue."))
            + table(due_title, cal.due, _("Nothing due in this time."))
            + table(_("Later"), cal.later, _("Nothing later.")) + no_term)
        lines = [_("# Reviews, {date}").format(date=shown_date(cal.today)), ""]
        for title, entries in ((_("Overdue"), cal.overdue), (due_title, cal.due),
                               (_("Later"), cal.later)):
            lines += [f"## {title}", ""]
            lines += [f"- {md(e.sentence)}" for e in entries] or [_("- nothing")]
            lines.append("")
        self.download.set("\n".join(lines), f"reviews-{cal.today.isoformat()}.md",
                          text=_("Download the review list (Markdown)"))


def md(text: str) -> str:
    from sociocracy.core.markdown_text import md_text

    return md_text(text)
