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

from sociocracy.core.language import N_, _, babel_locale, ngettext
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
    """The result of a self-check: right or not, and the explanations to read (in the
    language of the page or kernel that made it)."""

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


def _not_answered() -> Feedback:
    return Feedback(False, _("Not answered yet: replace the ... with your answer, then run the "
                             "cell again."))


def _unanswered(answer: Any) -> bool:
    return answer is ... or answer is None


# ------------------------------------------------------------------ exercise 1
def check_passing(answer: Mapping[str, str] | Any) -> Feedback:
    """Exercise 1: for each kind of round, is passing "allowed", "discouraged" or "not allowed"?

    The rule's key ("not allowed") is right in any language; so is its name on the page
    ("no permitido" on a Spanish page)."""
    if _unanswered(answer):
        return _not_answered()
    if not isinstance(answer, Mapping):
        return Feedback(False, _("Give a dictionary, e.g. {example}.").format(
            example='{"check-in": "allowed", ...}'))
    points, right = [], 0
    for kind, rule in ROUND_KINDS.items():
        given = str(answer.get(kind, "")).strip().lower()
        if not given:
            points.append(_("{round}: no answer yet.").format(round=rule.label))
        elif given in (rule.passing, rule.passing_label.lower()):
            right += 1
            points.append(_("{round}: right, passing is {rule}. {why}").format(
                round=rule.label, rule=rule.passing_label, why=rule.why))
        else:
            points.append(_("{round}: you said \"{given}\", but passing is {rule}. {why}").format(
                round=rule.label, given=given, rule=rule.passing_label, why=rule.why))
    unknown = sorted(set(map(str, answer)) - set(ROUND_KINDS))
    if unknown:
        points.append(_("Not a kind of round in the course: {names}.").format(
            names=", ".join(unknown)))
    total = len(ROUND_KINDS)
    if right == total and not unknown:
        return Feedback(True, ngettext("All {total} right.", "All {total} right.", total).format(
            total=total), tuple(points))
    return Feedback(False, _("{right} of {total} right. Read why for the others:").format(
        right=right, total=total), tuple(points))


# ------------------------------------------------------------------ exercise 2
#: The agenda of exercise 2 (a housing co-op's circle meeting); English, marked for the
#: catalogs (show with ``_()``).
AGENDA: tuple[str, ...] = (
    N_("Open the meeting"),
    N_("Decide on a proposal: quiet hours from 22:00 in the shared garden"),
    N_("Select a new secretary for one year"),
    N_("Close the meeting"),
)

#: The rounds SoFA's processes call for, item by item, with the reason for each (the reasons
#: are English, marked for the catalogs and shown through ``_()``; the kinds are keys).
AGENDA_PLAN: tuple[tuple[str, str], ...] = (
    ("check-in", N_("A meeting opens with a check-in round, so everyone arrives and is heard "
                    "once.")),
    ("clarifying-questions", N_("The consent process starts with questions to understand the "
                                "proposal, before anyone gives an opinion.")),
    ("quick-reactions", N_("Then short reactions: how the proposal sits with each person, and "
                           "ideas to improve it, before the decision.")),
    ("consent", N_("The decision itself is a consent round: consent or objection, nobody "
                   "passes.")),
    ("nomination", N_("A selection starts (after the role, term and qualifications) with the "
                      "nomination round: whom each person nominates, and why.")),
    ("change", N_("A change round follows: having heard everyone's reasons, does anyone change "
                  "their nomination?")),
    ("consent", N_("The facilitator proposes someone, and a consent round decides, with the "
                   "nominee speaking last.")),
    ("evaluation", N_("A meeting closes with an evaluation round: what worked, what to "
                      "improve.")),
)


def check_agenda_plan(plan: Sequence[str] | Any) -> Feedback:
    """Exercise 2: the kinds of round, in order, for :data:`AGENDA`."""
    if _unanswered(plan):
        return _not_answered()
    if isinstance(plan, str) or not isinstance(plan, Sequence):
        return Feedback(False, _("Give a list of kinds of round, e.g. {example}.").format(
            example='["check-in", ...]'))
    given = [str(kind).strip().lower() for kind in plan]
    unknown = [kind for kind in given if kind not in ROUND_KINDS]
    if unknown:
        return Feedback(False, _("These are not kinds of round in the course: {names}.").format(
                            names=", ".join(unknown)),
                        (_("The kinds are: {kinds}.").format(kinds=", ".join(ROUND_KINDS)),))
    expected = [kind for kind, _why in AGENDA_PLAN]
    points = []
    for index, (kind, why) in enumerate(AGENDA_PLAN):
        words = {"number": index + 1, "kind": kind, "why": _(why)}
        if index >= len(given):
            points.append(_("Missing round {number}: a {kind} round. {why}").format(**words))
            break
        if given[index] != kind:
            points.append(_("Round {number} should be a {kind} round, not {given}. {why}").format(
                given=given[index], **words))
            break
        points.append(_("Round {number}, {kind}: right. {why}").format(**words))
    if len(given) > len(expected) and given[: len(expected)] == expected:
        points.append(_("After the evaluation the meeting is over: no more rounds are needed."))
    if given == expected:
        return Feedback(True, _("Right: this is the plan SoFA's processes give."), tuple(points))
    return Feedback(False, _("Not yet. Your plan is right up to the point shown below:"),
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
    from babel.numbers import format_percent

    if _unanswered(answer):
        return _not_answered()
    if isinstance(answer, str):
        answer = [answer]
    given = {str(name).strip() for name in answer}
    names = {name for name, _ in meeting}
    silent = {name for name, share in meeting if share == 0}
    equal = 1 / len(meeting)
    quiet = sorted(name for name, share in meeting if 0 < share < equal / 2)
    points = []
    strangers = sorted(given - names)
    # The English is the same for one name or several; other languages' verbs are not.
    if strangers:
        points.append(ngettext("Not in this meeting: {names}.", "Not in this meeting: {names}.",
                               len(strangers)).format(names=", ".join(strangers)))
    missed, extra = sorted(silent - given), sorted((given & names) - silent)
    if missed:
        points.append(ngettext("Look at the bars again: {names} never spoke (no bar).",
                               "Look at the bars again: {names} never spoke (no bar).",
                               len(missed)).format(names=", ".join(missed)))
    if extra:
        points.append(ngettext("{names} did speak, a little: a short bar is not a missing "
                               "voice, though it may be a quiet one.",
                               "{names} did speak, a little: a short bar is not a missing "
                               "voice, though it may be a quiet one.",
                               len(extra)).format(names=", ".join(extra)))
    if quiet:
        points.append(ngettext("Nearly missing: {names} spoke less than half of an equal share "
                               "({share}). A round would give them a full turn.",
                               "Nearly missing: {names} spoke less than half of an equal share "
                               "({share}). A round would give them a full turn.",
                               len(quiet)).format(
            names=", ".join(quiet), share=format_percent(equal / 2, locale=babel_locale())))
    correct = given == silent
    headline = (ngettext("Right: {names} never spoke.", "Right: {names} never spoke.",
                         len(silent)).format(names=", ".join(sorted(silent)))
                if correct else _("Not quite."))
    return Feedback(correct, headline, tuple(points))
