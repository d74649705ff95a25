"""Self-checks for the rounds exercises: feedback that explains, for answers typed in a notebook.

Each ``check_*`` function takes the learner's answer and returns :class:`Feedback`: whether it is
right and, above all, *why*, in the words of the lesson. An answer that is still the placeholder
``...`` (how exercise notebooks start) gets "not answered yet", never an error, so an exercise
notebook runs from top to bottom before anyone has typed anything.

The facts checked come from :mod:`sociocracy.rounds` (passing rules) and from the consent and
selection processes in *Many Voices One Song* (MVOS), so the exercises and the tools cannot
disagree.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sociocracy.rounds import ROUND_KINDS

__all__ = [
    "AGENDA",
    "AGENDA_PLAN",
    "MEETING",
    "Feedback",
    "check_agenda_plan",
    "check_missing_voices",
    "check_passing",
]


@dataclass(frozen=True)
class Feedback:
    """The result of a self-check: right or not, and the explanations to read."""

    correct: bool
    headline: str
    points: tuple[str, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        return "\n".join([self.headline, *(f"- {point}" for point in self.points)])

    def _repr_html_(self) -> str:  # shown by Jupyter and Voila; learner text is escaped
        css = "course-feedback-right" if self.correct else "course-feedback-wrong"
        items = "".join(f"<li>{html.escape(point)}</li>" for point in self.points)
        return (f'<div class="{css}" role="status"><strong>{html.escape(self.headline)}'
                f"</strong>{f'<ul>{items}</ul>' if items else ''}</div>")


NOT_ANSWERED = Feedback(False, "Not answered yet: replace the ... with your answer, then run the "
                               "cell again.")


def _unanswered(answer: Any) -> bool:
    return answer is ... or answer is None


# ------------------------------------------------------------------ exercise 1
def check_passing(answer: Mapping[str, str] | Any) -> Feedback:
    """Exercise 1: for each kind of round, is passing "allowed", "discouraged" or "not allowed"?"""
    if _unanswered(answer):
        return NOT_ANSWERED
    if not isinstance(answer, Mapping):
        return Feedback(False, "Give a dictionary, e.g. {\"check-in\": \"allowed\", ...}.")
    points, right = [], 0
    for kind, rule in ROUND_KINDS.items():
        given = str(answer.get(kind, "")).strip().lower()
        if not given:
            points.append(f"{rule.label}: no answer yet.")
        elif given == rule.passing:
            right += 1
            points.append(f"{rule.label}: right, passing is {rule.passing}. {rule.why}")
        else:
            points.append(f"{rule.label}: you said \"{given}\", but passing is {rule.passing}. "
                          f"{rule.why}")
    unknown = sorted(set(map(str, answer)) - set(ROUND_KINDS))
    if unknown:
        points.append("Not a kind of round in the course: " + ", ".join(unknown) + ".")
    total = len(ROUND_KINDS)
    if right == total and not unknown:
        return Feedback(True, f"All {total} right.", tuple(points))
    return Feedback(False, f"{right} of {total} right. Read why for the others:", tuple(points))


# ------------------------------------------------------------------ exercise 2
#: The agenda of exercise 2 (a housing co-op's circle meeting).
AGENDA: tuple[str, ...] = (
    "Open the meeting",
    "Decide on a proposal: quiet hours from 22:00 in the shared garden",
    "Select a new secretary for one year",
    "Close the meeting",
)

#: The rounds SoFA's processes call for, item by item, with the reason for each.
AGENDA_PLAN: tuple[tuple[str, str], ...] = (
    ("check-in", "A meeting opens with a check-in round, so everyone arrives and is heard once."),
    ("clarifying-questions", "The consent process starts with questions to understand the "
                             "proposal, before anyone gives an opinion."),
    ("quick-reactions", "Then short reactions: how the proposal sits with each person, and "
                        "ideas to improve it, before the decision."),
    ("consent", "The decision itself is a consent round: consent or objection, nobody passes."),
    ("nomination", "A selection starts (after the role, term and qualifications) with the "
                   "nomination round: whom each person nominates, and why."),
    ("change", "A change round follows: having heard everyone's reasons, does anyone change "
               "their nomination?"),
    ("consent", "The facilitator proposes someone, and a consent round decides, with the nominee "
                "speaking last."),
    ("evaluation", "A meeting closes with an evaluation round: what worked, what to improve."),
)


def check_agenda_plan(plan: Sequence[str] | Any) -> Feedback:
    """Exercise 2: the kinds of round, in order, for :data:`AGENDA`."""
    if _unanswered(plan):
        return NOT_ANSWERED
    if isinstance(plan, str) or not isinstance(plan, Sequence):
        return Feedback(False, "Give a list of kinds of round, e.g. [\"check-in\", ...].")
    given = [str(kind).strip().lower() for kind in plan]
    unknown = [kind for kind in given if kind not in ROUND_KINDS]
    if unknown:
        return Feedback(False, "These are not kinds of round in the course: "
                        + ", ".join(unknown) + ".",
                        ("The kinds are: " + ", ".join(ROUND_KINDS) + ".",))
    expected = [kind for kind, _ in AGENDA_PLAN]
    points = []
    for index, (kind, why) in enumerate(AGENDA_PLAN):
        if index >= len(given):
            points.append(f"Missing round {index + 1}: a {kind} round. {why}")
            break
        if given[index] != kind:
            points.append(f"Round {index + 1} should be a {kind} round, not {given[index]}. {why}")
            break
        points.append(f"Round {index + 1}, {kind}: right. {why}")
    if len(given) > len(expected) and given[: len(expected)] == expected:
        points.append("After the evaluation the meeting is over: no more rounds are needed.")
    if given == expected:
        return Feedback(True, "Right: this is the plan SoFA's processes give.", tuple(points))
    return Feedback(False, "Not yet. Your plan is right up to the point shown below:",
                    tuple(points))


# ------------------------------------------------------------------ exercise 3
#: A meeting of exercise 3: name and share of the talking (open discussion, 8 people).
MEETING: tuple[tuple[str, float], ...] = (
    ("Ana", 0.32), ("Ben", 0.23), ("Chen", 0.17), ("Dara", 0.12), ("Eli", 0.11),
    ("Femi", 0.0), ("Gita", 0.0), ("Hana", 0.05),
)


def check_missing_voices(answer: Iterable[str] | Any,
                         meeting: Sequence[tuple[str, float]] = MEETING) -> Feedback:
    """Exercise 3: who never spoke in :data:`MEETING`? Also names who barely spoke."""
    if _unanswered(answer):
        return NOT_ANSWERED
    if isinstance(answer, str):
        answer = [answer]
    given = {str(name).strip() for name in answer}
    names = {name for name, _ in meeting}
    silent = {name for name, share in meeting if share == 0}
    equal = 1 / len(meeting)
    quiet = sorted(name for name, share in meeting if 0 < share < equal / 2)
    points = []
    strangers = sorted(given - names)
    if strangers:
        points.append("Not in this meeting: " + ", ".join(strangers) + ".")
    missed, extra = sorted(silent - given), sorted((given & names) - silent)
    if missed:
        points.append("Look at the bars again: " + ", ".join(missed) + " never spoke (no bar).")
    if extra:
        points.append(", ".join(extra) + " did speak, a little: a short bar is not a missing "
                      "voice, though it may be a quiet one.")
    if quiet:
        points.append("Nearly missing: " + ", ".join(quiet) + f" spoke less than half of an equal "
                      f"share ({equal / 2:.0%}). A round would give them a full turn.")
    correct = given == silent
    headline = ("Right: " + ", ".join(sorted(silent)) + " never spoke." if correct
                else "Not quite.")
    return Feedback(correct, headline, tuple(points))
