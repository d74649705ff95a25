"""Who talks, and how much: a small, seeded model of airtime in open discussion and in rounds.

The point of the model is a comparison a learner can feel: in an open discussion a few people take
most of the time, in rounds everyone gets the same number of turns. It is calibrated to the
figures the course cites (see ``CONTENT.md``), and it is a teaching model, not a finding:

* **Concentration of talk** (Thompson, *Creative Conspiracy*, 2013): in "typical" meetings of 4
  people 2 do 62 % of the talking; of 6 people 3 do 70 %; of 8 people 3 do 70 %. This is a popular
  figure whose primary sourcing has been questioned (the book cites no study we could check), so
  the model reproduces it as an illustration, not as a law.
* **Group size** (Nicolas Fay, Simon Garrod & Jean Carletta, *Psychological Science* 2000): in
  5-person groups discussion worked like a dialogue; in 10-person groups members were influenced
  most by the dominant speaker (serial monologue). Fay and colleagues compared two sizes and did
  not measure how concentration grows with size: the model's steeper concentration in bigger
  groups is *our assumption*, fitted to Thompson's three figures and extrapolated beyond 8 (see
  :data:`SPREAD`).
* **An outnumbered minority** (Karpowitz, Mendelberg & Shaker, *APSR* 2012, 94 groups): the study
  is about **women**. Where women were outnumbered and the group decided by majority, they spoke
  under 75 % as much as men; under **unanimous** rule the gap disappeared. The model extends this
  to *any* outnumbered minority and treats consent like unanimity: both extensions are *our
  assumptions*, not the study's findings. It multiplies an outnumbered minority's talkativeness
  by ``minority_factor`` (0.7) under majority rule and by 1 under unanimity or consent; a
  "minority" of half the group or more is not outnumbered and is unaffected.
* **A chair** (Hastie, Penrod & Pennington, *Inside the Jury*, 1983): jury forepersons spoke about
  three times as much as the average juror. The chair's weight is ``chair_factor`` (3) times the
  mean weight of the others in the same meeting.

**Open discussion.** Each meeting has ``contributions`` (40) chances to speak. Each person has a
talkativeness drawn from a log-normal distribution whose spread depends on the group size, and
each contribution goes to a person with probability proportional to talkativeness (a
multinomial draw), so quiet people can end a meeting without having spoken, as in real meetings.
A person's share is their number of contributions over the total.

**Rounds.** Everyone gets a turn in each of ``rounds`` (3) rounds. What inequality remains comes
from turn length: a personal style (log-normal, spread 0.12: some people always say a bit more)
times a per-turn variation (spread 0.25), and the odd pass (``pass_rate``, 5 %), which takes a
twentieth of a typical turn ("I pass"). Rounds decouple the turn from the fight for the floor,
so the minority and decision-rule effects, which are effects of that fight, do not apply; the
chair (as facilitator) frames each round with half a typical turn on top of their own turn.
These are our assumptions, not measurements.

**How well it matches** (checked by ``tests/library/test_airtime.py`` over 20,000 meetings, within
an absolute tolerance of 2 percentage points): the mean share of the top 2 of 4 is 62 %, of the top
3 of 6 is 70 %, of the top 3 of 8 is 70 %, each within half a point. The minority's speaking time
relative to the majority's is about 0.72 under majority rule (the tests accept 0.65 to 0.75) and
about 1.0 under unanimity (within 0.03), and a chair speaks 3 times the others' average (within
10 %). Group sizes other than 4, 6 and 8 are interpolated or extrapolated (:data:`SPREAD`), so treat
them as illustrative. The mean Gini coefficient of open discussion rises from about 0.08 (2 people)
through 0.15 (4), 0.27 (6) and 0.43 (8) to about 0.66 (12); in rounds it stays between 0.07 and
0.13 at every size from 2 to 30 (0.11 to 0.14 with a chair), lower than open discussion at every
size, with or without a chair.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from sociocracy.circle_labels import percent
from sociocracy.core.language import _, ngettext

__all__ = [
    "MODES",
    "RULES",
    "SPREAD",
    "THOMPSON",
    "airtime_sentence",
    "gini",
    "simulate_airtime",
    "spread_for",
    "top_count",
    "top_share",
]

MODES = ("open", "rounds")
#: Decision rules. "consent" behaves like "unanimity" here (our assumption: the study tested
#: unanimous rule, not consent): no side can win by outnumbering.
RULES = ("majority", "unanimity", "consent")

#: Thompson's figures, as {group size: (number of top speakers, their share of the talking)}.
THOMPSON: Mapping[int, tuple[int, float]] = {4: (2, 0.62), 6: (3, 0.70), 8: (3, 0.70)}

#: Log-normal spread of talkativeness fitted (bisection, 200,000 simulated meetings each) so that
#: open discussion with 40 contributions reproduces :data:`THOMPSON`. Between the points the
#: spread is interpolated linearly; below 4 it stays at the value for 4 (no figure says smaller
#: groups are more equal); above 8 it rises with the 6-8 slope, capped at :data:`MAX_SPREAD`
#: (larger groups are extrapolation, in the direction Fay et al. describe).
SPREAD: Mapping[int, float] = {4: 0.182, 6: 0.444, 8: 0.858}
MAX_SPREAD = 1.6
MIN_SIZE, MAX_SIZE = 2, 30

CONTRIBUTIONS = 40
STYLE_SPREAD, TURN_SPREAD, PASS_LENGTH, CHAIR_FRAMING = 0.12, 0.25, 0.05, 0.5


def spread_for(group_size: int) -> float:
    """The talkativeness spread used for open discussion in a group of this size."""
    sizes = sorted(SPREAD)
    values = [SPREAD[s] for s in sizes]
    if group_size >= sizes[-1]:
        slope = (values[-1] - values[-2]) / (sizes[-1] - sizes[-2])
        return min(MAX_SPREAD, values[-1] + slope * (group_size - sizes[-1]))
    return float(np.interp(group_size, sizes, values))  # constant below the smallest size


def _check(group_size: int, mode: str, meetings: int, rule: str, chair: int | None,
           minority: int) -> None:
    if isinstance(group_size, bool) or not isinstance(group_size, (int, np.integer)):
        raise TypeError(f"group_size must be a whole number, not {group_size!r}")
    if not MIN_SIZE <= group_size <= MAX_SIZE:
        raise ValueError(f"group_size must be from {MIN_SIZE} to {MAX_SIZE}, not {group_size}")
    if mode not in MODES:
        raise ValueError(f"mode must be 'open' or 'rounds', not {mode!r}")
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
    if meetings < 1:
        raise ValueError(f"meetings must be 1 or more, not {meetings}")
    if chair is not None and not 0 <= chair < group_size:
        raise ValueError(f"chair must be a person's index (0 to {group_size - 1}), not {chair}")
    if not 0 <= minority < group_size:
        raise ValueError(f"minority must be from 0 to {group_size - 1} people, not {minority}")


def simulate_airtime(
    group_size: int,
    mode: Literal["open", "rounds"] = "open",
    *,
    meetings: int = 1,
    seed: int | np.random.Generator | None = None,
    chair: int | bool | None = None,
    minority: int = 0,
    rule: str = "majority",
    decision_rule: str | None = None,
    chair_factor: float = 3.0,
    minority_factor: float = 0.7,
    contributions: int = CONTRIBUTIONS,
    rounds: int = 3,
    pass_rate: float = 0.05,
) -> np.ndarray:
    """Share of speaking time per person in simulated meetings, shape ``(meetings, group_size)``.

    Each row sums to 1. Columns are people: ``chair`` is the index of the person chairing (``True``
    means person 0; ``None`` no chair), and the outnumbered ``minority`` are the last ``minority``
    columns. ``rule`` is ``"majority"``, ``"unanimity"`` or ``"consent"`` (like unanimity). The same
    ``seed`` gives the same result. See the module docstring for the model, its sources and how
    well it matches them (top speakers' shares within 2 points of Thompson's figures).
    """
    if decision_rule is not None:
        rule = decision_rule
    if chair is True:
        chair = 0
    elif chair is False:
        chair = None
    _check(group_size, mode, meetings, rule, chair, minority)
    rng = np.random.default_rng(seed)
    if mode == "open":
        return _open(rng, group_size, meetings, chair, minority, rule, chair_factor,
                     minority_factor, contributions)
    return _rounds(rng, group_size, meetings, chair, rounds, pass_rate)


def _open(rng: np.random.Generator, n: int, meetings: int, chair: int | None, minority: int,
          rule: str, chair_factor: float, minority_factor: float,
          contributions: int) -> np.ndarray:
    weights = np.exp(spread_for(n) * rng.standard_normal((meetings, n)))
    if minority and 2 * minority < n and rule == "majority":
        weights[:, n - minority:] *= minority_factor
    if chair is not None and n > 1:
        others = np.delete(weights, chair, axis=1)
        weights[:, chair] = chair_factor * others.mean(axis=1)
    probabilities = weights / weights.sum(axis=1, keepdims=True)
    counts = rng.multinomial(contributions, probabilities)
    return counts / contributions


def _rounds(rng: np.random.Generator, n: int, meetings: int, chair: int | None, rounds: int,
            pass_rate: float) -> np.ndarray:
    if rounds < 1:
        raise ValueError(f"rounds must be 1 or more, not {rounds}")
    if not 0 <= pass_rate <= 1:
        raise ValueError(f"pass_rate must be from 0 to 1, not {pass_rate}")
    style = np.exp(STYLE_SPREAD * rng.standard_normal((meetings, n, 1)))
    turns = style * np.exp(TURN_SPREAD * rng.standard_normal((meetings, n, rounds)))
    passed = rng.random((meetings, n, rounds)) < pass_rate
    turns = np.where(passed, PASS_LENGTH, turns)
    time = turns.sum(axis=2)
    if chair is not None:
        time[:, chair] += CHAIR_FRAMING * rounds
    return time / time.sum(axis=1, keepdims=True)


def gini(shares: np.ndarray | list) -> float | np.ndarray:
    """The Gini coefficient of each row: 0 when everyone talks equally, near 1 when one person does.

    For a single row (1-D input) a float; for a 2-D array one value per row. Uses the sorted-rank
    formula ``G = 2 * sum(i * x_i) / (n * sum(x)) - (n + 1) / n`` (``i`` from 1, ``x`` ascending),
    which equals the mean absolute difference over twice the mean. A row of zeros counts as 0.
    """
    values = np.asarray(shares, dtype=float)
    if values.ndim not in (1, 2) or values.shape[-1] == 0:
        raise ValueError("gini needs a row of shares or a 2-D array of rows")
    if np.any(values < 0) or not np.all(np.isfinite(values)):
        raise ValueError("shares must be finite and not negative")
    rows = np.atleast_2d(values)
    n = rows.shape[1]
    ordered = np.sort(rows, axis=1)
    ranks = np.arange(1, n + 1)
    totals = ordered.sum(axis=1)
    safe = np.where(totals > 0, totals, 1.0)
    result = 2.0 * (ordered @ ranks) / (n * safe) - (n + 1) / n
    result = np.where(totals > 0, np.clip(result, 0.0, 1.0), 0.0)
    return float(result[0]) if values.ndim == 1 else result


def top_count(group_size: int) -> int:
    """How many top speakers to name: 2 of 4, 3 of 6, 3 of 8, as in Thompson's figures."""
    return max(1, int(np.ceil(group_size * 3 / 8)))


def top_share(shares: np.ndarray | list, k: int | None = None) -> float | np.ndarray:
    """Share of the talking done by the ``k`` most talkative people (per row)."""
    values = np.asarray(shares, dtype=float)
    k = top_count(values.shape[-1]) if k is None else k
    result = -np.sort(-np.atleast_2d(values), axis=1)[:, :k].sum(axis=1)
    return float(result[0]) if values.ndim == 1 else result


def airtime_sentence(shares: np.ndarray | list) -> str:
    """One meeting's airtime in words, e.g. "3 of 8 people did 70% of the talking; 2 never spoke."

    Also says what an equal share would have been, so the number means something to people who do
    not read charts.
    """
    row = np.asarray(shares, dtype=float)
    n = row.shape[0]
    k = top_count(n)
    silent = int(np.sum(row <= 0))
    share = top_share(row, k)
    if silent:
        text = ngettext("{top} of {people} people did {share} of the talking; {silent} never "
                        "spoke. An equal share for {top} people would be {equal}.",
                        "{top} of {people} people did {share} of the talking; {silent} never "
                        "spoke. An equal share for {top} people would be {equal}.", silent)
    else:
        text = _("{top} of {people} people did {share} of the talking; everyone spoke. An equal "
                 "share for {top} people would be {equal}.")
    return text.format(top=k, people=n, share=percent(float(share)), silent=silent,
                       equal=percent(k / n))
