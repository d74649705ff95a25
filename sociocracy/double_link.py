"""A telephone game between circles: what reaches the other circle through one link or two.

SoFA gives reasons for linking a circle to its parent by two people rather than one: news is
filtered and amplified in both directions, two perspectives give a fuller picture, each link is
checked by the other, and two voices are harder to dismiss than one ([MVOS] "Double-linking";
``shared/research/sociocracy-sources.md`` §1.6). MVOS gives no numbers, so this model is an
illustration of those reasons, not a measurement. Its assumptions, each a parameter:

* Every message carries ``facts`` separate pieces of news. Each link passes a fact on with
  probability ``1 - noise`` (people forget and mishear), lowered further for facts that run
  against their own view: each person has a personal ``bias`` drawn once (normal, spread
  ``bias``) and each fact a slant in [-1, 1]; the chance to drop it grows with ``bias × slant``.
* The receiving circle hears a fact when at least one link passes it on.
* Now and then (``issue_rate``) a message upwards carries a systemic issue, such as the circle
  being overcommitted. Its true urgency (0.6) is above the parent's attention threshold (0.5);
  each link perceives it shifted by their bias and by noise and raises it when it looks urgent.
* A parent circle takes up an issue raised by two voices; one voice alone is dismissed with
  probability ``dismiss`` (0.3 by default, an illustrative guess).

Every draw is made for two links; the one-link run uses the first link's draws only (common
random numbers), so a comparison shows the effect of the second link and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sociocracy.circle_labels import percent
from sociocracy.core.language import _

__all__ = ["LinkReport", "compare_links", "simulate_double_link"]

URGENCY, THRESHOLD = 0.6, 0.5


@dataclass(frozen=True)
class LinkReport:
    """What one simulation run found, for one or two links."""

    links: int
    circles: int
    messages: int
    fidelity_up: float      # share of facts from the circle that reached the parent
    fidelity_down: float    # share of facts from the parent that reached the circle
    issues: int             # systemic issues that arose
    raised: int             # ... that at least one link raised in the parent circle
    escalated: int          # ... that the parent circle took up

    @property
    def escalation_rate(self) -> float:
        """How often a systemic issue reached the parent and was taken up (0 to 1)."""
        return self.escalated / self.issues if self.issues else 0.0

    def sentence(self) -> str:
        """The result in one plain sentence."""
        if self.links == 1:
            text = _("With one link (a leader only), {up} of what circles said reached their "
                     "parent circle and {down} of the parent's news reached them; {taken} of "
                     "{issues} systemic problems ({rate}) were taken up by the parent circle.")
        else:
            text = _("With two links (leader and delegate), {up} of what circles said reached "
                     "their parent circle and {down} of the parent's news reached them; {taken} "
                     "of {issues} systemic problems ({rate}) were taken up by the parent circle.")
        return text.format(up=percent(self.fidelity_up), down=percent(self.fidelity_down),
                           taken=self.escalated, issues=self.issues,
                           rate=percent(self.escalation_rate))


def _draws(rng: np.random.Generator, circles: int, messages: int, facts: int, noise: float,
           bias: float, issue_rate: float) -> dict[str, np.ndarray]:
    person_bias = rng.normal(0.0, bias, size=(circles, 1, 1, 2))
    shape = (circles, messages, facts, 2)
    return {
        "bias": person_bias,
        "slant_up": rng.uniform(-1, 1, size=(circles, messages, facts, 1)),
        "slant_down": rng.uniform(-1, 1, size=(circles, messages, facts, 1)),
        "u_up": rng.random(shape),
        "u_down": rng.random(shape),
        "has_issue": rng.random((circles, messages)) < issue_rate,
        "perceive": rng.normal(0.0, noise, size=(circles, messages, 2)),
        "dismiss": rng.random((circles, messages)),
    }


def _run(d: dict[str, np.ndarray], links: int, noise: float, dismiss: float,
         circles: int, messages: int) -> LinkReport:
    bias = d["bias"][..., :links]

    def fidelity(slant: np.ndarray, u: np.ndarray) -> float:
        keep = np.clip(1.0 - noise - np.maximum(0.0, -bias * slant), 0.0, 1.0)
        passed = u[..., :links] < keep
        return float(passed.any(axis=-1).mean())

    perceived = URGENCY + d["bias"][:, :, 0, :links] + d["perceive"][..., :links]
    voices = (perceived > THRESHOLD).sum(axis=-1)
    issue = d["has_issue"]
    taken_up = issue & ((voices >= 2) | ((voices == 1) & (d["dismiss"] >= dismiss)))
    return LinkReport(
        links=links, circles=circles, messages=messages,
        fidelity_up=fidelity(d["slant_up"], d["u_up"]),
        fidelity_down=fidelity(d["slant_down"], d["u_down"]),
        issues=int(issue.sum()), raised=int((issue & (voices >= 1)).sum()),
        escalated=int(taken_up.sum()),
    )


def _check(links: int, circles: int, messages: int, facts: int, noise: float, bias: float,
           issue_rate: float, dismiss: float) -> None:
    if links not in (1, 2):
        raise ValueError("links is 1 (a leader only) or 2 (a leader and a delegate)")
    if min(circles, messages, facts) < 1:
        raise ValueError("circles, messages and facts must each be at least 1")
    for name, value in (("noise", noise), ("issue_rate", issue_rate), ("dismiss", dismiss)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} is a share from 0 to 1, not {value}")
    if bias < 0:
        raise ValueError(f"bias is a spread and cannot be negative, not {bias}")


def simulate_double_link(links: int = 2, *, circles: int = 100, messages: int = 20,
                         facts: int = 8, noise: float = 0.2, bias: float = 0.2,
                         issue_rate: float = 0.25, dismiss: float = 0.3,
                         seed: int | None = None) -> LinkReport:
    """Send ``messages`` up and down between ``circles`` child circles and their parent.

    ``links`` is 1 (a leader only, like a conventional hierarchy) or 2 (leader and delegate).
    The same ``seed`` gives the same result. See the module docstring for the assumptions.
    """
    _check(links, circles, messages, facts, noise, bias, issue_rate, dismiss)
    draws = _draws(np.random.default_rng(seed), circles, messages, facts, noise, bias,
                   issue_rate)
    return _run(draws, links, noise, dismiss, circles, messages)


def compare_links(*, circles: int = 100, messages: int = 20, facts: int = 8,
                  noise: float = 0.2, bias: float = 0.2, issue_rate: float = 0.25,
                  dismiss: float = 0.3, seed: int | None = None) -> tuple[LinkReport, LinkReport]:
    """One link and two links on the same people and messages: (one, two)."""
    _check(2, circles, messages, facts, noise, bias, issue_rate, dismiss)
    draws = _draws(np.random.default_rng(seed), circles, messages, facts, noise, bias,
                   issue_rate)
    return (_run(draws, 1, noise, dismiss, circles, messages),
            _run(draws, 2, noise, dismiss, circles, messages))
