"""Policies with terms and measures; noisy data against alarm thresholds; a review calendar.

SoFA: every policy has a term end, a date by which the circle looks at it again, and ideally a way
to measure whether it works ("lead, do, measure"; [MVOS] "Term ends", "Measurement",
"Lead–do–measure"). When an objection is a fear that cannot be settled by talking, the circle can
"measure the concern": adopt the proposal with a measure and an alarm threshold, and review early
if the alarm fires ([MVOS] "Measure the concern"). Roles have terms too ([MVOS] "Terms").

* :class:`Measure` and :class:`Policy`: ``policy.check(month, values)`` says which measures
  crossed their alarm, and whether a review is due (the term has ended, or an alarm fired).
* :func:`simulate_policy`: monthly values with noise around a real effect, for many runs at once
  (numpy), and the months an alarm would fire: how often noise alone trips an alarm (a false
  alarm) and how often a real drop goes unnoticed. The noise model is this course's assumption.
* :func:`review_calendar`: what is due for review within N days, and what is overdue, across an
  organisation's policies and roles.
* :data:`NEWSLETTER`: MVOS's worked example as data.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sociocracy.consent import add_months
from sociocracy.core.errors import InputError, ScenarioError
from sociocracy.core.fields import Problems, unknown_field_message
from sociocracy.core.language import DEFAULT, N_, _, babel_locale, current, ngettext, pgettext
from sociocracy.core.yaml_file import LoadedYaml, require
from sociocracy.logbook import shown_date

__all__ = [
    "NEWSLETTER", "NEWSLETTER_AFTER_SIX_MONTHS", "CalendarEntry", "Measure", "Policy",
    "PolicyCheck", "PolicySimulation", "ReviewCalendar", "Tradeoff", "alarm_tradeoff",
    "policies_from_yaml", "review_calendar", "simulate_policy",
]

_EPS = 1e-9


def _percent(value: float) -> str:
    """A share as a whole percentage in the page's language ("15%", "15 %")."""
    if current() == DEFAULT:
        return f"{value:.0%}"
    from babel.numbers import format_percent

    return format_percent(value, locale=babel_locale())


def _good_term(value: Any) -> bool:
    """Whether ``value`` is a policy's term: a whole number of months, at least 1."""
    return not isinstance(value, bool) and isinstance(value, int) and value >= 1


def _good_baseline(value: Any) -> bool:
    """Whether ``value`` is a measure's baseline: a finite number above 0."""
    return (not isinstance(value, bool) and isinstance(value, (int, float))
            and math.isfinite(value) and value > 0)

def _fraction(value: Any, what: str) -> float:
    """A drop as a fraction: 0.15, or "15%" / "15 %" as text (``what`` in the page's
    language)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            value = float(value.strip()[:-1]) / 100
        except ValueError:
            raise InputError(_("The {what} should be a percentage like 15%, not {value}."
                               ).format(what=what, value=repr(value))) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(_("The {what} should be a fraction like 0.15 or a percentage like "
                           "15%, not {value}.").format(what=what, value=repr(value)))
    if not 0 < value < 1:
        raise InputError(_("The {what} should be between 0 and 1 (0.15 means a 15% drop), not "
                           "{value}; write a percentage as text, like 15%.").format(
                               what=what, value=repr(value)))
    return float(value)


@dataclass(frozen=True)
class Measure:
    """Something measured while a policy runs: its usual level and the drop that sounds the alarm.

    ``alarm_drop`` is a fraction (0.15: the alarm fires when the value is 15 % or more below
    ``baseline``). In MVOS's example the levels were the ones at which the circle would abandon
    the experiment.
    """

    name: str
    baseline: float
    alarm_drop: float

    def __post_init__(self) -> None:
        name = " ".join(str(self.name).split())
        if not name:
            raise InputError(_("Give the measure a name (e.g. clicks, donations)."))
        object.__setattr__(self, "name", name)
        if (isinstance(self.baseline, bool) or not isinstance(self.baseline, (int, float))
                or not math.isfinite(self.baseline) or self.baseline <= 0):
            raise InputError(_("The baseline of '{name}' should be a number above 0, not "
                               "{value}.").format(name=name, value=repr(self.baseline)))
        object.__setattr__(self, "baseline", float(self.baseline))
        object.__setattr__(self, "alarm_drop", _fraction(
            self.alarm_drop, _("alarm drop of '{name}'").format(name=name)))

    @property
    def alarm_level(self) -> float:
        """The value at or below which the alarm fires."""
        return self.baseline * (1 - self.alarm_drop)

    def drop(self, value: float) -> float:
        """How far ``value`` is below the baseline, as a fraction (negative: above it)."""
        return (self.baseline - value) / self.baseline

    def alarmed(self, value: float) -> bool:
        """Whether ``value`` crossed the alarm: a drop of ``alarm_drop`` or more."""
        return self.drop(value) >= self.alarm_drop - _EPS

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "baseline": self.baseline,
                "alarm_drop": f"{self.alarm_drop * 100:g}%"}


@dataclass(frozen=True)
class PolicyCheck:
    """The result of :meth:`Policy.check`: alarms fired, and whether (and why) to review."""

    month: int
    alarms: tuple[str, ...]
    drops: dict[str, float]
    term_ended: bool

    @property
    def review(self) -> bool:
        return bool(self.alarms) or self.term_ended

    @property
    def reason(self) -> str:
        """A sentence for people."""
        shown = ", ".join(
            _("{measure} down {share}").format(measure=_(name), share=_percent(drop))
            if drop >= 0 else
            _("{measure} up {share}").format(measure=_(name), share=_percent(-drop))
            for name, drop in self.drops.items())
        if self.alarms:
            return _("Month {month}: alarm ({measures} crossed the threshold; {shown}). Review "
                     "the policy now, before its term ends.").format(
                         month=self.month, measures=", ".join(_(a) for a in self.alarms),
                         shown=shown)
        if self.term_ended:
            return _("Month {month}: no alarm ({shown}). The term has ended: review the policy "
                     "with this data; with no alarm it is likely to hold.").format(
                         month=self.month, shown=shown)
        return _("Month {month}: no alarm ({shown}). The policy holds until its review.").format(
            month=self.month, shown=shown)


@dataclass(frozen=True)
class Policy:
    """A decision with a term: ``term_months`` after ``decided`` the circle reviews it.

    ``review`` is an earlier (or later) review date when the circle chose one; by default the
    review is at the end of the term. ``circle`` is who decided it (for the review calendar).
    """

    title: str
    text: str
    decided: dt.date
    term_months: int
    measures: tuple[Measure, ...] = ()
    review: dt.date | None = None
    circle: str | None = None
    line: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        title = " ".join(str(self.title).split())
        if not title:
            raise InputError(_("Give the policy a title."))
        object.__setattr__(self, "title", title)
        if not isinstance(self.decided, dt.date):
            try:
                object.__setattr__(self, "decided", dt.date.fromisoformat(str(self.decided)))
            except ValueError:
                raise InputError(_("The decision date of '{title}' should look like "
                                   "2027-01-15, not {value}.").format(
                                       title=title, value=repr(self.decided))) from None
        if not _good_term(self.term_months):
            raise InputError(_("The term of '{title}' is a whole number of months, at least 1 "
                               "(not {value}).").format(title=title,
                                                        value=repr(self.term_months)))
        object.__setattr__(self, "measures", tuple(self.measures))
        names = [m.name.casefold() for m in self.measures]
        if len(set(names)) != len(names):
            raise InputError(_("'{title}' has two measures with the same name.").format(
                title=title))

    @property
    def term_end(self) -> dt.date:
        return add_months(self.decided, self.term_months)

    @property
    def review_date(self) -> dt.date:
        """The date the circle looks at the policy again: ``review`` or the end of the term."""
        return self.review or self.term_end

    def measure(self, name: str) -> Measure:
        for m in self.measures:
            if m.name.casefold() == str(name).casefold():
                return m
        raise InputError(_("'{title}' has no measure called '{name}' (measures: {measures})."
                           ).format(title=self.title, name=name,
                                    measures=", ".join(m.name for m in self.measures)
                                    or pgettext("no measures", "none")))

    def check(self, month: int, values: Mapping[str, float]) -> PolicyCheck:
        """Which measures crossed their alarm in ``month`` (1 = the first month of the term).

        ``values`` maps measure names to this month's values; a measure left out is not judged.
        """
        if isinstance(month, bool) or not isinstance(month, int) or month < 1:
            raise InputError(_("Months are counted from 1, not {value}.").format(
                value=repr(month)))
        drops: dict[str, float] = {}
        alarms = []
        for name, value in values.items():
            measure = self.measure(name)
            drops[measure.name] = measure.drop(float(value))
            if measure.alarmed(float(value)):
                alarms.append(measure.name)
        return PolicyCheck(month, tuple(alarms), drops, month >= self.term_months)

    def with_thresholds(self, **drops: float) -> Policy:
        """The same policy with other alarm drops (``clicks=0.2``): what the simulators change."""
        measures = tuple(Measure(m.name, m.baseline, drops.get(m.name, m.alarm_drop))
                         for m in self.measures)
        return Policy(self.title, self.text, self.decided, self.term_months, measures,
                      self.review, self.circle)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title}
        if self.circle:
            data["circle"] = self.circle
        data.update({"decided": self.decided, "term_months": self.term_months,
                     "text": self.text})
        if self.review:
            data["review"] = self.review
        if self.measures:
            data["measures"] = [m.to_dict() for m in self.measures]
        return data


#: MVOS's worked example ([MVOS] "Measure the concern"): a non-profit reduced its monthly
#: newsletter to every other month to save money. Someone feared that donations would fall; the
#: circle adopted it with two measures, and the drops at which it would abandon the experiment:
#: clicks down 15 %, donations down 10 %. A role was formed to watch them. The baselines are
#: index values (before the change = 100) and the date is made up: MVOS gives neither.
NEWSLETTER = Policy(
    title=N_("Newsletter every other month"),
    text=N_("To save money, the newsletter goes out every other month instead of every month. "
            "A role watches clicks and donations; if clicks fall by 15 % or donations by 10 %, "
            "we go back to a monthly newsletter."),
    decided=dt.date(2027, 1, 1), term_months=6, circle="Communications",
    measures=(Measure("clicks", 100, 0.15), Measure("donations", 100, 0.10)),
)
#: After six months (MVOS): clicks down 7 %, donations down 4 %: no alarm; the policy holds.
NEWSLETTER_AFTER_SIX_MONTHS: dict[str, float] = {"clicks": 93.0, "donations": 96.0}
#: The example's measure names, marked for the catalogs (a measure's name is shown with ``_()``:
#: the course's own words are translated, a trainer's stay as written).
MEASURE_NAMES = (N_("clicks"), N_("donations"))



# ------------------------------------------------------------------------------------------
# Noisy data


@dataclass(frozen=True)
class PolicySimulation:
    """Simulated monthly values of a policy's measures, and when the alarms fire.

    ``values`` has shape (runs, months, measures), in the measures' units; ``alarms`` is ``True``
    where the (averaged, see ``window``) value crossed that measure's alarm level.
    """

    policy: Policy
    values: np.ndarray
    alarms: np.ndarray
    window: int

    @property
    def runs(self) -> int:
        return self.values.shape[0]

    @property
    def months(self) -> int:
        return self.values.shape[1]

    @property
    def fired(self) -> np.ndarray:
        """Per run: whether any alarm fired at all during the months simulated."""
        return np.asarray(np.any(self.alarms, axis=(1, 2)))

    @property
    def first_alarm(self) -> np.ndarray:
        """Per run: the month (from 1) of the first alarm, or 0 when none fired."""
        any_measure = np.any(self.alarms, axis=2)
        first = np.argmax(any_measure, axis=1) + 1
        return np.where(np.any(any_measure, axis=1), first, 0)

    @property
    def alarm_rate(self) -> float:
        """The share of runs in which an alarm fired."""
        return float(self.fired.mean())

    def alarm_months(self, run: int = 0) -> list[int]:
        """The months (from 1) in which any alarm fired in one run."""
        return [int(m) + 1 for m in np.flatnonzero(self.alarms[run].any(axis=1))]


def _per_measure(policy: Policy, value: float | Mapping[str, float], what: str) -> np.ndarray:
    if isinstance(value, Mapping):
        out = []
        for m in policy.measures:
            v = value.get(m.name, 0.0)
            out.append(float(v))
        unknown = set(value) - {m.name for m in policy.measures}
        if unknown:
            raise InputError(_("The {what} names measures the policy does not have: "
                               "{unknown}.").format(what=what, unknown=", ".join(sorted(unknown))))
        return np.array(out)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(_("The {what} should be a fraction like 0.05, not {value}.").format(
            what=what, value=repr(value)))
    return np.full(len(policy.measures), float(value))


def simulate_policy(policy: Policy, months: int, *, effect: float | Mapping[str, float] = 0.0,
                    noise: float | Mapping[str, float] = 0.05, seed: int | None = None,
                    runs: int = 1, window: int = 1) -> PolicySimulation:
    """Monthly values of each measure for ``runs`` independent runs, and the alarms they fire.

    The model (an assumption of this course, not from MVOS): each month's value is
    ``baseline * (1 - effect) * (1 + noise * z)`` with ``z`` standard normal, independent from
    month to month. ``effect`` is the policy's real, lasting drop (0.05: 5 % below baseline);
    ``noise`` the month-to-month spread as a fraction of the baseline. Each may be one number for
    every measure or a mapping by measure name. The alarm looks at the mean of the last
    ``window`` months (1: each month on its own), so a longer window trades speed for fewer false
    alarms. Vectorised: 10,000 runs of 24 months take milliseconds.
    """
    if not policy.measures:
        raise InputError(_("'{title}' has no measures to simulate; add one first.").format(
            title=policy.title))
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InputError(_("Simulate at least one month (not {value}).").format(
            value=repr(months)))
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise InputError(_("Simulate at least one run (not {value}).").format(value=repr(runs)))
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= months:
        raise InputError(_("The alarm window is a whole number of months from 1 to {months}."
                           ).format(months=months))
    effects = _per_measure(policy, effect, _("effect"))
    noises = _per_measure(policy, noise, _("noise"))
    if (noises < 0).any():
        raise InputError(_("The noise cannot be negative."))
    baselines = np.array([m.baseline for m in policy.measures])
    levels = np.array([m.alarm_level for m in policy.measures])
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((runs, months, len(baselines)))
    values = baselines * (1 - effects) * (1 + noises * z)
    if window == 1:
        watched = values
    else:
        summed = np.cumsum(values, axis=1)
        summed[:, window:] = summed[:, window:] - summed[:, :-window]
        counts = np.minimum(np.arange(1, months + 1), window)[None, :, None]
        watched = summed / counts
    alarms = watched <= levels * (1 + _EPS)
    if window > 1:
        alarms[:, : window - 1] = False  # wait for a full window before judging
    return PolicySimulation(policy, values, alarms, window)


@dataclass(frozen=True)
class Tradeoff:
    """How often noise alone fires an alarm, and how often a real drop goes unnoticed."""

    false_alarm_rate: float
    missed_rate: float
    runs: int


def alarm_tradeoff(policy: Policy, months: int, *, drop: float | Mapping[str, float],
                   noise: float | Mapping[str, float] = 0.05, runs: int = 2000,
                   seed: int | None = None, window: int = 1) -> Tradeoff:
    """False alarms (no real effect) and missed drops (a real ``drop``) over many runs."""
    quiet = simulate_policy(policy, months, effect=0.0, noise=noise, seed=seed, runs=runs,
                            window=window)
    real = simulate_policy(policy, months, effect=drop, noise=noise,
                           seed=None if seed is None else seed + 1, runs=runs, window=window)
    return Tradeoff(quiet.alarm_rate, 1 - real.alarm_rate, runs)


# ------------------------------------------------------------------------------------------
# Policies in an organisation file, and the review calendar


def _date(loaded: LoadedYaml, raw: Mapping, key: str, *where: Any, optional: bool = False
          ) -> dt.date | None:
    value = require(loaded, raw, key, (dt.date, str), *where, optional=optional)
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise loaded.error(_("'{key}' should be a date written as year-month-day, for example "
                             "2027-01-15").format(key=key), *where, key) from None


_POLICY_FIELDS = ("title", "circle", "decided", "term_months", "text", "review", "measures")
_MEASURE_FIELDS = ("name", "baseline", "alarm_drop")


def policies_from_yaml(loaded: LoadedYaml, key: str = "policies", *,
                       problems: Problems | None = None) -> list[Policy]:
    """The ``policies:`` list of an organisation file (empty when there is none).

    Each policy: ``title``, ``circle``, ``decided`` (a date), ``term_months``, ``text``, an
    optional ``review`` date and ``measures`` (``name``, ``baseline``, ``alarm_drop`` as 0.15
    or "15%"). A mistake raises :class:`ScenarioError` naming file, line and field; with a
    collecting ``problems`` (the ``check`` command) every mistake is noted and the policy with it
    skipped.
    """
    problems = problems if problems is not None else Problems()
    data = loaded.data
    if not isinstance(data, dict) or data.get(key) is None:
        return []
    raw_list: list[Any] = []
    with problems.part():
        raw_list = require(loaded, data, key, list)
    policies = []
    for index, raw in enumerate(raw_list):
        with problems.part():
            policies.append(_policy(loaded, raw, (key, index), problems))
    return policies


def _policy(loaded: LoadedYaml, raw: Any, where: tuple, problems: Problems) -> Policy:
    if not isinstance(raw, dict):
        raise loaded.error(_("each policy has 'title:', 'decided:' and 'term_months:'"),
                           *where)
    problems.refuse_unknown_fields(loaded, raw, _POLICY_FIELDS, "a policy", *where)
    measures = []
    for m_index, m_raw in enumerate(require(loaded, raw, "measures", list, *where,
                                            optional=True, default=[])):
        m_where = (*where, "measures", m_index)
        if not isinstance(m_raw, dict):
            raise loaded.error(_("each measure has 'name:', 'baseline:' and 'alarm_drop:'"),
                               *m_where)
        for name in m_raw:
            if name not in _MEASURE_FIELDS:
                raise loaded.error(unknown_field_message(name, _MEASURE_FIELDS, "a measure"),
                                   *m_where, name)
        try:
            measures.append(Measure(
                str(require(loaded, m_raw, "name", (str, int), *m_where)),
                require(loaded, m_raw, "baseline", float, *m_where),
                require(loaded, m_raw, "alarm_drop", (float, str), *m_where)))
        except InputError as exc:
            if isinstance(exc, ScenarioError):
                raise
            # The field at fault, by the same rule (the message is in the page's language).
            bad = "alarm_drop" if _good_baseline(m_raw.get("baseline")) else "baseline"
            raise loaded.error(exc.plain, *m_where, bad) from None
    decided = _date(loaded, raw, "decided", *where)
    assert decided is not None  # required: _date raised otherwise
    try:
        policy = Policy(
            title=str(require(loaded, raw, "title", (str, int), *where)),
            text=require(loaded, raw, "text", str, *where, optional=True, default=""),
            decided=decided,
            term_months=require(loaded, raw, "term_months", int, *where),
            measures=tuple(measures),
            review=_date(loaded, raw, "review", *where, optional=True),
            circle=(str(raw["circle"]) if raw.get("circle") is not None else None),
            line=loaded.line_of(*where))
    except InputError as exc:
        if isinstance(exc, ScenarioError):
            raise
        bad = "measures" if _good_term(raw.get("term_months")) else "term_months"
        raise loaded.error(exc.plain, *where, bad) from None
    return policy


@dataclass(frozen=True)
class CalendarEntry:
    """One thing to review: a policy or a role, its circle, and when."""

    what: str          # "policy" or "role"
    title: str
    circle: str | None
    date: dt.date
    days: int          # days from today (negative: overdue)
    holder: str | None = None

    @property
    def sentence(self) -> str:
        """The entry in one sentence, in the page's language."""
        where = f" ({self.circle})" if self.circle else ""
        who = _(", held by {name}").format(name=self.holder) if self.holder else ""
        if self.what == "policy":
            sentence = _("Policy '{title}'{where}{who}: {when} ({date}).")
        else:
            sentence = _("Role term '{title}'{where}{who}: {when} ({date}).")
        return sentence.format(title=self.title, where=where, who=who, when=self.when,
                               date=shown_date(self.date))

    @property
    def when(self) -> str:
        """How far off it is ("due in 3 days", "overdue by 1 day"), in the page's language."""
        if self.days < 0:
            when = ngettext("overdue by {count} day", "overdue by {count} days",
                            -self.days).format(count=-self.days)
        elif self.days == 0:
            when = _("due today")
        else:
            when = ngettext("due in {count} day", "due in {count} days", self.days).format(
                count=self.days)
        return when


@dataclass(frozen=True)
class ReviewCalendar:
    """Reviews that are ``overdue``, ``due`` within the window, and ``later``; each sorted by date.

    Roles without a ``term_end`` and policies without a term are listed in ``no_term``: SoFA
    gives every role and policy a term, so they need one.
    """

    today: dt.date
    within_days: int
    overdue: tuple[CalendarEntry, ...]
    due: tuple[CalendarEntry, ...]
    later: tuple[CalendarEntry, ...]
    no_term: tuple[str, ...]


def review_calendar(organization: Any, policies: Sequence[Policy] = (), *,
                    today: dt.date | None = None, within_days: int = 30) -> ReviewCalendar:
    """What is due for review within ``within_days`` days, and what is overdue.

    ``organization`` is a :class:`sociocracy.circles.Organization` (or ``None``): its roles'
    ``term_end`` dates are read, and roles without one are listed in ``no_term``. Policies are
    reviewed on their :attr:`Policy.review_date`.
    """
    if isinstance(within_days, bool) or not isinstance(within_days, int) or within_days < 0:
        raise InputError(_("Look ahead a whole number of days, 0 or more (not {value})."
                           ).format(value=repr(within_days)))
    today = today or dt.date.today()
    entries: list[CalendarEntry] = []
    no_term: list[str] = []
    for policy in policies:
        date = policy.review_date
        entries.append(CalendarEntry("policy", policy.title, policy.circle, date,
                                     (date - today).days))
    for circle in getattr(organization, "circles", ()) or ():
        for role in circle.roles:
            if role.term_end is None:
                no_term.append(_("Role '{role}' ({circle}) has no term end.").format(
                    role=role.name, circle=circle.name))
                continue
            entries.append(CalendarEntry("role", role.name, circle.name, role.term_end,
                                         (role.term_end - today).days, role.holder))
    entries.sort(key=lambda e: (e.date, e.what, e.title))
    return ReviewCalendar(
        today, within_days,
        overdue=tuple(e for e in entries if e.days < 0),
        due=tuple(e for e in entries if 0 <= e.days <= within_days),
        later=tuple(e for e in entries if e.days > within_days),
        no_term=tuple(no_term))

