"""Self-checks for the consent exercises (``exercises/03_consent``, ``exercises/04_objections``).

Each function takes the learner's answer and returns feedback as a sentence or two that
explains, not only right or wrong. An answer left as ``...`` (the exercise placeholder) gets
"not answered yet", so exercise notebooks run from top to bottom before anyone has answered.
"""

from __future__ import annotations

from typing import Any

from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, babel_locale
from sociocracy.responses import SORTER_PROPOSAL, STATEMENTS, check_sort, normalise_response
from sociocracy.tolerance import EXAMPLE_MEMBERS, SPACE, decide

__all__ = [
    "NOT_ANSWERED",
    "check_abandon",
    "check_consent_responses",
    "check_majority_leaves_out",
    "check_measure_integration",
    "check_review_early",
    "check_sorting",
    "check_workable",
    "newsletter_process",
    "sorter_text",
]

#: English, marked for the catalogs; the checks return it in the page's language.
NOT_ANSWERED = N_("Not answered yet: replace the ... with your answer and run the cell again.")


def _g(value: float) -> str:
    """A number as people read it on the page (``3``, ``2.5``; ``2,5`` in Spanish)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.##", locale=babel_locale())


def _give_a_number() -> str:
    return _("Give a number from {low} to {high}.").format(low=_g(SPACE[0]), high=_g(SPACE[1]))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if SPACE[0] <= value <= SPACE[1] else None


def check_workable(proposal: Any) -> str:
    """Exercise 3.1: a number of evenings everyone in the example circle can work with."""
    if proposal is ...:
        return _(NOT_ANSWERED)
    value = _number(proposal)
    if value is None:
        return _give_a_number()
    outcome = decide("consent", EXAMPLE_MEMBERS, value)
    if outcome.passed:
        return _("Right: {value} is inside everyone's range of tolerance, so nobody objects. "
                 "It is nobody's favourite, and still workable for all.").format(value=_g(value))
    return _("Not yet: {value} is outside the tolerance of {names}. Look for where all the "
             "light bars overlap.").format(value=_g(value), names=", ".join(outcome.outside))


def check_majority_leaves_out(proposal: Any, status_quo: float = 1.0) -> str:
    """Exercise 3.2: a proposal majority vote passes although someone cannot work with it."""
    if proposal is ...:
        return _(NOT_ANSWERED)
    value = _number(proposal)
    if value is None:
        return _give_a_number()
    majority = decide("majority", EXAMPLE_MEMBERS, value, status_quo=status_quo)
    if majority.passed and majority.left_out:
        return _("Right: {count} of {total} vote for {value}, so it passes, and {names} must "
                 "live with something outside their tolerance. In a consent round they would "
                 "have objected.").format(count=len(majority.in_favour),
                                          total=len(EXAMPLE_MEMBERS), value=_g(value),
                                          names=", ".join(majority.left_out))
    if not majority.passed:
        return _("Majority vote rejects {value} (only {count} prefer it to the status quo of "
                 "{status_quo}). Try a value more people prefer.").format(
            value=_g(value), count=len(majority.in_favour), status_quo=_g(status_quo))
    return _("Majority passes {value}, but it is inside everyone's tolerance: nobody is left "
             "out. Try a value further from the quieter end of the group.").format(
        value=_g(value))


def check_consent_responses(responses: Any) -> str:
    """Exercise 3.3: the answers a SoFA consent round accepts."""
    if responses is ...:
        return _(NOT_ANSWERED)
    try:
        given = {str(r).strip().lower() for r in responses}
    except TypeError:
        return _("Give a set of words, e.g. {example}.").format(example='{"yes", "no"}')
    kinds = {normalise_response(word) or word for word in given}
    if kinds == {"consent", "objection"}:
        return _("Right: consent (no objection) or objection, with a reason. Nothing else: no "
                 "abstaining, no standing aside, no passing.")
    extra = sorted(word for word in given if normalise_response(word) is None)
    if extra:
        return _("Not in SoFA's consent round: {words}. Standing aside and blocking come from "
                 "consensus; abstaining (a different answer from standing aside) from voting; "
                 "concerns from Sociocracy 3.0; passing is for other rounds.").format(
            words=", ".join(extra))
    return _("Something is missing: there are exactly two answers.")


def newsletter_process() -> ConsentProcess:
    """Exercise 4.1's starting point: MVOS's newsletter example, with Ben's objection.

    In MVOS a non-profit that had always sent a monthly newsletter proposes to send it less often,
    to save money; a member fears the website's click rate, and donations with it, will fall
    ([MVOS] "Measure the concern"; the circle's name and the members' names are ours).
    """
    process = ConsentProcess(
        _("Send the newsletter every other month instead of monthly, to save money."),
        ["Ana", "Ben", "Chloé", "Dev"], circle=_("Communications circle"), term_months=12)
    for _round in range(2):
        process.advance()
        while not process.round.is_complete:  # type: ignore[union-attr]
            process.round.speak("")  # type: ignore[union-attr]
    process.advance()
    process.respond("Ana", "consent")
    process.respond("Ben", "objection", _("Fewer newsletters may mean fewer donations."))
    process.respond("Chloé", "consent")
    process.respond("Dev", "consent")
    process.advance()
    return process


def check_measure_integration(process: ConsentProcess) -> str:
    """Exercise 4.1: Ben's objection integrated by measuring the concern."""
    if process.step == "integrate-objections" and process.open_objections:
        return _("Not answered yet: integrate Ben's objection with the 'measure' strategy "
                 "(what to measure, and an alarm threshold).")
    measures = [i for o in process.objections for i in o.integrations if i.strategy == "measure"]
    if not measures:
        return _("Ben's objection was integrated, but not by measuring the concern. That can "
                 "work too; this exercise asks for a measure and an alarm.")
    details = measures[0].details
    return _("Right: the circle adopts the proposal and watches {measure}, with a level at "
             "which to abandon the experiment: {alarm}. Ben's fear becomes data instead of a "
             "veto or a fight.").format(measure=details["measure"], alarm=details["alarm"])


def check_abandon(abandon_now: Any, clicks_change: float = -0.07,
                  donations_change: float = -0.04) -> str:
    """Exercise 4.2: do MVOS's six-month results (clicks -7 %, donations -4 %) reach the levels
    at which the circle agreed to abandon the experiment (clicks -15 % or donations -10 %)?"""
    if abandon_now is ...:
        return _(NOT_ANSWERED)
    reached = clicks_change <= -0.15 or donations_change <= -0.10
    if bool(abandon_now) == reached:
        return _("Right: clicks fell 7 % and donations 4 %, both short of the levels at which "
                 "the circle would abandon the experiment (15 % and 10 %). The experiment goes "
                 "on, and the numbers are data for the policy's review.")
    return _("Not quite: compare each change with its level. Clicks fell 7 % (abandon at 15 %), "
             "donations 4 % (abandon at 10 %): neither level was reached.")


def sorter_text() -> str:
    """Exercise 4.3's proposal and numbered statements, in the page's language, to print."""
    return "\n".join([_(SORTER_PROPOSAL), "", *(f"{number}. {_(statement.text)}" for number,
                                                  statement in enumerate(STATEMENTS, start=1))])


#: The exercise's earlier name, kept for notebooks written before it followed MVOS's wording.
check_review_early = check_abandon


def check_sorting(answers: Any) -> str:
    """Exercise 4.3: sort the sorter's statements (``{number: kind}``, numbers from 1)."""
    if answers is ...:
        return _(NOT_ANSWERED)
    if not isinstance(answers, dict) or not answers:
        return _("Give a dictionary such as {example}.").format(
            example='{1: "question", 2: "reaction"}')
    lines = []
    right = 0
    for number, kind in sorted(answers.items()):
        if not isinstance(number, int) or not 1 <= number <= len(STATEMENTS):
            lines.append(_("{number}: there is no statement with that number.").format(
                number=number))
            continue
        try:
            feedback = check_sort(STATEMENTS[number - 1], str(kind))
        except ValueError as exc:
            lines.append(f"{number}: {exc.plain if isinstance(exc, CourseError) else exc}")
            continue
        right += feedback.correct
        lines.append(f"{number}: {feedback.explanation}")
    lines.append(_("{right} of {total} right.").format(right=right, total=len(answers)))
    return "\n".join(lines)
