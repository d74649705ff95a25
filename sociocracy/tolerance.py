"""Preference versus range of tolerance: why consent finds workable decisions that votes miss.

Each member has a *preference* (the point in a policy space they like best), a small *support*
zone around it (what they would actively argue for) and a wider *range of tolerance* (what they
can work with). SoFA's argument is that tolerances overlap far more than preferences, so a group
that asks "can you work with this?" finds decisions a group asking "is this what you want?" does
not ([MVOS] "Range of tolerance"; https://www.sociocracyforall.org/consent-decision-making/).

Four ways of deciding are modelled on the same members and proposal:

* ``"majority"``: each member votes for the proposal if it is closer to their preference than the
  status quo; it passes with more than half the votes. Nothing stops it passing a proposal that
  is outside some members' tolerance: SoFA's framing is that a majority can leave up to 49.9 % of
  a group behind.
* ``"unanimity"``: everyone's preference is met (the proposal is inside every member's support
  zone): the answer to "do you agree? is this what you want?". Safe, but it rarely finds
  anything. MVOS compares consent with unanimity, noting that "consensus" is not clearly defined
  ([MVOS] "The difference between consent and consensus"); real consensus practice varies
  (many groups allow stand aside, some a block), so the course calls the modelled method
  unanimity, not consensus. ``"consensus"`` is still accepted as an old name for it.
* ``"consent"``: no one's tolerance is violated (no objection).
* ``"autocratic"``: one person decides, by their own preference.

What the sources say: preferences and ranges of tolerance, objections outside the range, and
the 49.9 % framing are SoFA's. What the model assumes: round tolerance zones, a member's
"support" a fixed share of their tolerance, majority voters comparing with the status quo,
proposals scattered near the group's centre. It illustrates the argument; it is not a
measurement of real groups, and there is little quantitative evidence about sociocracy's
outcomes (King & Griffin, Voluntas 2024).

Everything is vectorised: :func:`compare_methods` evaluates all trials at once with numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from sociocracy.core.errors import InputError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.round_minutes import shown_count, shown_decimal, shown_percent

__all__ = [
    "EXAMPLE_MEMBERS", "EXAMPLE_TOPIC", "GROUP_CENTRES", "METHODS", "METHOD_LABELS", "SPACE",
    "SPREADS", "SUPPORT_SHARE", "TOLERANCE_RADII",
    "Member", "MethodComparison", "MethodStats", "Outcome", "compare_methods", "decide",
    "method_label",
]

#: The four ways of deciding, in the order the course shows them.
METHODS: tuple[str, ...] = ("majority", "unanimity", "consent", "autocratic")

#: How the course names the methods to people (English; :func:`method_label` gives them in the
#: page's language).
METHOD_LABELS: dict[str, str] = {"majority": N_("Majority vote"), "unanimity": N_("Unanimity"),
                                 "consent": N_("Consent"), "autocratic": N_("One person decides")}


def method_label(method: str) -> str:
    """A method's name for people, in the page's language ("Majority vote")."""
    return _(METHOD_LABELS[method])

#: Old method names still accepted by :func:`decide` (notebooks written before the rename).
_METHOD_ALIASES: dict[str, str] = {"consensus": "unanimity"}

#: The policy space of the simulation: every axis runs from 0 to 10 (say, hours or euros).
SPACE: tuple[float, float] = (0.0, 10.0)

#: A member's support zone as a share of their tolerance radius, when not given. A modelling
#: choice: what people would argue for is a small part of what they can live with.
SUPPORT_SHARE = 0.3

#: Tolerance radii of simulated members, drawn uniformly between these (in units of ``SPACE``).
TOLERANCE_RADII: tuple[float, float] = (1.5, 4.5)

#: Where a simulated group's shared centre lies (uniform on each axis). A circle has a shared aim
#: (a precondition of consent, [MVOS] "Preconditions of consent"), so members cluster around it.
GROUP_CENTRES: tuple[float, float] = (3.0, 7.0)

#: Standard deviations around the group's centre: members' preferences; proposals (drafted to
#: serve the group, so near its centre); the status quo (what prompted a proposal, further off).
#: Modelling choices, not measurements: with them about 4 in 10 random proposals are workable
#: for a 5-person group in 1-D, so every method has something to decide.
SPREADS: dict[str, float] = {"preference": 1.5, "proposal": 1.5, "status_quo": 2.5}


@dataclass(frozen=True)
class Member:
    """A circle member in a 1-D or 2-D policy space.

    ``preference`` is a number (1-D) or a pair (2-D); ``tolerance`` is the radius of what they can
    work with; ``support`` the radius of what they would actively want (default
    ``SUPPORT_SHARE * tolerance``), which can never be wider than the tolerance.
    """

    name: str
    preference: float | tuple[float, ...]
    tolerance: float
    support: float | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InputError(_("Every member needs a name."))
        if self.tolerance < 0:
            raise InputError(_("{name}'s tolerance cannot be negative.").format(name=self.name))
        if self.support is not None and not 0 <= self.support <= self.tolerance:
            raise InputError(_("{name}'s support zone must lie inside their tolerance.")
                             .format(name=self.name))

    @property
    def point(self) -> np.ndarray:
        """The preference as a 1-D array (length 1 or 2)."""
        return np.atleast_1d(np.asarray(self.preference, dtype=float))

    @property
    def support_radius(self) -> float:
        return SUPPORT_SHARE * self.tolerance if self.support is None else self.support

    @property
    def tolerance_range(self) -> tuple[float, float]:
        """In 1-D, the interval this member can work with."""
        centre = float(self.point[0])
        return centre - self.tolerance, centre + self.tolerance


#: The course's example circle (our own): how many open evenings a month the community hall should
#: host, on a 0-10 scale. Tolerances overlap only between 4 and 4.5. (English; shown through
#: ``_()``.)
EXAMPLE_TOPIC = N_("open evenings a month at the community hall")
EXAMPLE_MEMBERS: tuple[Member, ...] = (
    Member("Ana", 2.0, 2.5), Member("Ben", 3.0, 2.0), Member("Chloé", 4.5, 2.5),
    Member("Dev", 6.0, 2.5), Member("Ema", 7.0, 3.0), Member("Femi", 3.5, 3.0),
)


@dataclass(frozen=True)
class Outcome:
    """What one method decided about one proposal, and who is left outside their tolerance."""

    method: str
    passed: bool
    in_favour: tuple[str, ...]   # voted for it / it meets their preference / consented
    outside: tuple[str, ...]     # the proposal is outside their tolerance (they would object)
    decider: str | None = None   # the one person who decides, for "autocratic"

    @property
    def left_out(self) -> tuple[str, ...]:
        """Members who must live with a decision outside their tolerance (none if it failed)."""
        return self.outside if self.passed else ()

    def sentence(self) -> str:
        """One plain sentence about the outcome, in the page's language."""
        wanting = len(self.in_favour)
        if self.method == "majority":
            why = ngettext("{count} vote for it", "{count} vote for it", wanting)
        elif self.method == "unanimity":
            why = (_("everyone wants it") if self.passed else _("nobody wants it")
                   if not wanting else ngettext("only {count} wants it", "only {count} want it",
                                                wanting))
        elif self.method == "consent":
            why = ngettext("{count} would object", "{count} would object", len(self.outside))
        else:
            why = _("{name} decides alone")
        why = why.format(count=wanting if self.method != "consent" else len(self.outside),
                         name=self.decider)
        left = len(self.left_out)
        if self.passed:
            sentence = (ngettext("{method}: the proposal passes ({why}); {count} must live with "
                                 "something they cannot work with.",
                                 "{method}: the proposal passes ({why}); {count} must live with "
                                 "something they cannot work with.", left)
                        if left else _("{method}: the proposal passes ({why})."))
        else:
            sentence = _("{method}: the proposal does not pass ({why}).")
        return sentence.format(method=method_label(self.method), why=why, count=left)


def _as_points(values: Any, dims: int) -> np.ndarray:
    points = np.asarray(values, dtype=float)
    if points.ndim == 0:
        points = points.reshape(1)
    if points.shape[-1] != dims:
        raise ValueError(f"expected points with {dims} coordinate(s), got shape {points.shape}")
    return points


def _evaluate(prefs: np.ndarray, tolerance: np.ndarray, support: np.ndarray,
              proposal: np.ndarray, status_quo: np.ndarray, decider: np.ndarray
              ) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, np.ndarray]]:
    """The core, for ``T`` trials of ``N`` members in ``D`` dimensions, all at once.

    Shapes: prefs (T, N, D); tolerance, support (T, N); proposal, status_quo (T, D);
    decider (T,) member indices. Returns per-method ``passed`` (T,), ``outside`` (T, N) and
    per-method ``in_favour`` (T, N).
    """
    distance = np.linalg.norm(prefs - proposal[:, None, :], axis=-1)
    to_status_quo = np.linalg.norm(prefs - status_quo[:, None, :], axis=-1)
    outside = distance > tolerance
    meets_preference = distance <= support
    votes = distance < to_status_quo
    n = prefs.shape[1]
    rows = np.arange(prefs.shape[0])
    in_favour = {"majority": votes, "unanimity": meets_preference, "consent": ~outside,
                 "autocratic": np.zeros_like(votes)}
    in_favour["autocratic"][rows, decider] = meets_preference[rows, decider]
    passed = {
        "majority": votes.sum(axis=1) * 2 > n,
        "unanimity": meets_preference.all(axis=1),
        "consent": ~outside.any(axis=1),
        "autocratic": meets_preference[rows, decider],
    }
    return passed, outside, in_favour


def decide(method: str, members: Sequence[Member], proposal: float | Sequence[float], *,
           status_quo: float | Sequence[float] | None = None, decider: str | None = None
           ) -> Outcome:
    """Decide on ``proposal`` with ``method`` (one of :data:`METHODS`).

    ``status_quo`` (default: the origin) is what majority voters compare the proposal with;
    ``decider`` (default: the first member) is the one who decides under ``"autocratic"``.
    """
    method = _METHOD_ALIASES.get(method, method)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if not members:
        raise ValueError("a decision needs at least one member")
    dims = members[0].point.size
    prefs = np.stack([_as_points(m.preference, dims) for m in members])[None]
    point = _as_points(proposal, dims)[None]
    quo = np.zeros((1, dims)) if status_quo is None else _as_points(status_quo, dims)[None]
    names = [m.name for m in members]
    if decider is not None and decider not in names:
        raise ValueError(f"{decider!r} is not one of the members")
    who = names.index(decider) if decider is not None else 0
    passed, outside, in_favour = _evaluate(
        prefs, np.array([[m.tolerance for m in members]]),
        np.array([[m.support_radius for m in members]]), point, quo, np.array([who]))
    return Outcome(
        method=method, passed=bool(passed[method][0]),
        in_favour=tuple(n for n, yes in zip(names, in_favour[method][0], strict=True) if yes),
        outside=tuple(n for n, out in zip(names, outside[0], strict=True) if out),
        decider=names[who] if method == "autocratic" else None,
    )


@dataclass(frozen=True)
class MethodStats:
    """How one method fared over many random groups and proposals."""

    pass_rate: float          # share of proposals that passed
    mean_left_out: float      # members outside their tolerance, on average, per passed proposal
    max_left_out: int         # the worst case seen
    mean_left_out_share: float  # the same as a share of the group
    workable_rejected: float  # share of workable proposals (inside everyone's tolerance) rejected


@dataclass(frozen=True)
class MethodComparison:
    """The result of :func:`compare_methods`: one :class:`MethodStats` per method."""

    group_size: int
    trials: int
    dims: int
    seed: int | None
    workable_rate: float      # share of proposals inside everyone's tolerance
    stats: dict[str, MethodStats] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        """A summary a non-specialist can read, e.g. for a chart's caption (in the page's
        language)."""
        maj, con = self.stats["majority"], self.stats["consent"]
        una = self.stats["unanimity"]
        return _(
            "In {trials} random groups of {size}, majority vote passed {majority_passed} of "
            "proposals and left on average {left_out} people (at worst {worst}) with a decision "
            "they cannot work with. Consent passed {consent_passed} and never left anyone out. "
            "Unanimity (everyone's preference met) passed {unanimity_passed}. Of the proposals "
            "everyone could work with, majority rejected {majority_rejected} and unanimity "
            "{unanimity_rejected}."
        ).format(trials=shown_count(self.trials), size=self.group_size,
                 majority_passed=_percent(maj.pass_rate),
                 left_out=shown_decimal(maj.mean_left_out), worst=maj.max_left_out,
                 consent_passed=_percent(con.pass_rate), unanimity_passed=_percent(una.pass_rate),
                 majority_rejected=_percent(maj.workable_rejected),
                 unanimity_rejected=_percent(una.workable_rejected))


def _percent(share: float) -> str:
    """A share as a whole percentage, without rounding a rare event down to "0%"."""
    if 0 < share < 0.005:
        return _("under {percent}").format(percent=shown_percent(0.01))
    if 0.995 < share < 1:
        return _("over {percent}").format(percent=shown_percent(0.99))
    return shown_percent(share)


def compare_methods(group_size: int, *, trials: int = 10_000, seed: int | None = None,
                    dims: int = 1) -> MethodComparison:
    """Run ``trials`` random groups and proposals through every method, vectorised.

    Each trial draws a group centre in :data:`GROUP_CENTRES`, ``group_size`` preferences, a
    proposal and a status quo normally distributed around it (:data:`SPREADS`, clipped to
    :data:`SPACE`, ``dims`` axes), tolerance radii uniformly in :data:`TOLERANCE_RADII`, support
    zones of :data:`SUPPORT_SHARE` of the tolerance, and a random decider for ``"autocratic"``.
    Reports per method how often a proposal passes and how many members end up outside their
    tolerance after a pass. Same seed, same result.
    """
    if group_size < 1 or trials < 1:
        raise ValueError("group_size and trials must be at least 1")
    if dims not in (1, 2):
        raise ValueError("dims must be 1 or 2")
    rng = np.random.default_rng(seed)
    low, high = SPACE
    centre = rng.uniform(*GROUP_CENTRES, size=(trials, 1, dims))
    prefs = np.clip(centre + rng.normal(0, SPREADS["preference"], (trials, group_size, dims)),
                    low, high)
    tolerance = rng.uniform(*TOLERANCE_RADII, size=(trials, group_size))
    proposal = np.clip(centre[:, 0] + rng.normal(0, SPREADS["proposal"], (trials, dims)),
                       low, high)
    status_quo = np.clip(centre[:, 0] + rng.normal(0, SPREADS["status_quo"], (trials, dims)),
                         low, high)
    decider = rng.integers(0, group_size, size=trials)
    passed, outside, _in_favour = _evaluate(prefs, tolerance, SUPPORT_SHARE * tolerance,
                                            proposal, status_quo, decider)
    left_out = outside.sum(axis=1)
    workable = left_out == 0
    stats = {}
    for method in METHODS:
        ok = passed[method]
        counts = left_out[ok]
        stats[method] = MethodStats(
            pass_rate=float(ok.mean()),
            mean_left_out=float(counts.mean()) if counts.size else 0.0,
            max_left_out=int(counts.max()) if counts.size else 0,
            mean_left_out_share=float(counts.mean() / group_size) if counts.size else 0.0,
            workable_rejected=float((workable & ~ok).sum() / workable.sum())
            if workable.any() else 0.0,
        )
    return MethodComparison(group_size=group_size, trials=trials, dims=dims, seed=seed,
                            workable_rate=float(workable.mean()), stats=stats)
