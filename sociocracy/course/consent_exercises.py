"""Self-checks for the consent exercises (``exercises/03_consent``, ``exercises/04_objections``).

Each function takes the learner's answer and returns feedback as a sentence or two that
explains, not only right or wrong. An answer left as ``...`` (the exercise placeholder) gets
"not answered yet", so exercise notebooks run from top to bottom before anyone has answered.
"""

from __future__ import annotations

from typing import Any

from sociocracy.consent import ConsentProcess
from sociocracy.responses import STATEMENTS, check_sort
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
]

NOT_ANSWERED = "Not answered yet: replace the ... with your answer and run the cell again."


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if SPACE[0] <= value <= SPACE[1] else None


def check_workable(proposal: Any) -> str:
    """Exercise 3.1: a number of evenings everyone in the example circle can work with."""
    if proposal is ...:
        return NOT_ANSWERED
    value = _number(proposal)
    if value is None:
        return f"Give a number from {SPACE[0]:g} to {SPACE[1]:g}."
    outcome = decide("consent", EXAMPLE_MEMBERS, value)
    if outcome.passed:
        return (f"Right: {value:g} is inside everyone's range of tolerance, so nobody objects. "
                "It is nobody's favourite, and still workable for all.")
    return (f"Not yet: {value:g} is outside the tolerance of {', '.join(outcome.outside)}. "
            "Look for where all the light bars overlap.")


def check_majority_leaves_out(proposal: Any, status_quo: float = 1.0) -> str:
    """Exercise 3.2: a proposal majority vote passes although someone cannot work with it."""
    if proposal is ...:
        return NOT_ANSWERED
    value = _number(proposal)
    if value is None:
        return f"Give a number from {SPACE[0]:g} to {SPACE[1]:g}."
    majority = decide("majority", EXAMPLE_MEMBERS, value, status_quo=status_quo)
    if majority.passed and majority.left_out:
        return (f"Right: {len(majority.in_favour)} of {len(EXAMPLE_MEMBERS)} vote for {value:g}, "
                f"so it passes, and {', '.join(majority.left_out)} must live with something "
                "outside their tolerance. In a consent round they would have objected.")
    if not majority.passed:
        return (f"Majority vote rejects {value:g} (only {len(majority.in_favour)} prefer it to "
                f"the status quo of {status_quo:g}). Try a value more people prefer.")
    return (f"Majority passes {value:g}, but it is inside everyone's tolerance: nobody is left "
            "out. Try a value further from the quieter end of the group.")


def check_consent_responses(responses: Any) -> str:
    """Exercise 3.3: the answers a SoFA consent round accepts."""
    if responses is ...:
        return NOT_ANSWERED
    try:
        given = {str(r).strip().lower() for r in responses}
    except TypeError:
        return "Give a set of words, e.g. {\"yes\", \"no\"}."
    if given == {"consent", "objection"}:
        return ("Right: consent (no objection) or objection, with a reason. Nothing else: no "
                "abstaining, no standing aside, no passing.")
    extra = sorted(given - {"consent", "objection"})
    if extra:
        return (f"Not in SoFA's consent round: {', '.join(extra)}. Standing aside and blocking "
                "come from consensus; abstaining (a different answer from standing aside) from "
                "voting; concerns from Sociocracy 3.0; passing is for other rounds.")
    return "Something is missing: there are exactly two answers."


def newsletter_process() -> ConsentProcess:
    """Exercise 4.1's starting point: MVOS's newsletter example, with Ben's objection.

    In MVOS a non-profit that had always sent a monthly newsletter proposes to send it less often,
    to save money; a member fears the website's click rate, and donations with it, will fall
    ([MVOS] "Measure the concern"; the circle's name and the members' names are ours).
    """
    process = ConsentProcess(
        "Send the newsletter every other month instead of monthly, to save money.",
        ["Ana", "Ben", "Chloé", "Dev"], circle="Communications circle", term_months=12)
    for _ in range(2):
        process.advance()
        while not process.round.is_complete:  # type: ignore[union-attr]
            process.round.speak("")  # type: ignore[union-attr]
    process.advance()
    process.respond("Ana", "consent")
    process.respond("Ben", "objection", "Fewer newsletters may mean fewer donations.")
    process.respond("Chloé", "consent")
    process.respond("Dev", "consent")
    process.advance()
    return process


def check_measure_integration(process: ConsentProcess) -> str:
    """Exercise 4.1: Ben's objection integrated by measuring the concern."""
    if process.step == "integrate-objections" and process.open_objections:
        return ("Not answered yet: integrate Ben's objection with the 'measure' strategy "
                "(what to measure, and an alarm threshold).")
    measures = [i for o in process.objections for i in o.integrations if i.strategy == "measure"]
    if not measures:
        return ("Ben's objection was integrated, but not by measuring the concern. That can "
                "work too; this exercise asks for a measure and an alarm.")
    details = measures[0].details
    return (f"Right: the circle adopts the proposal and watches {details['measure']}, with a "
            f"level at which to abandon the experiment: {details['alarm']}. Ben's fear becomes "
            "data instead of a veto or a fight.")


def check_abandon(abandon_now: Any, clicks_change: float = -0.07,
                  donations_change: float = -0.04) -> str:
    """Exercise 4.2: do MVOS's six-month results (clicks -7 %, donations -4 %) reach the levels
    at which the circle agreed to abandon the experiment (clicks -15 % or donations -10 %)?"""
    if abandon_now is ...:
        return NOT_ANSWERED
    reached = clicks_change <= -0.15 or donations_change <= -0.10
    if bool(abandon_now) == reached:
        return ("Right: clicks fell 7 % and donations 4 %, both short of the levels at which "
                "the circle would abandon the experiment (15 % and 10 %). The experiment goes "
                "on, and the numbers are data for the policy's review.")
    return ("Not quite: compare each change with its level. Clicks fell 7 % (abandon at 15 %), "
            "donations 4 % (abandon at 10 %): neither level was reached.")


#: The exercise's earlier name, kept for notebooks written before it followed MVOS's wording.
check_review_early = check_abandon


def check_sorting(answers: Any) -> str:
    """Exercise 4.3: sort the sorter's statements (``{number: kind}``, numbers from 1)."""
    if answers is ...:
        return NOT_ANSWERED
    if not isinstance(answers, dict) or not answers:
        return "Give a dictionary such as {1: \"question\", 2: \"reaction\"}."
    lines = []
    right = 0
    for number, kind in sorted(answers.items()):
        if not isinstance(number, int) or not 1 <= number <= len(STATEMENTS):
            lines.append(f"{number}: there is no statement with that number.")
            continue
        try:
            feedback = check_sort(STATEMENTS[number - 1], str(kind))
        except ValueError as exc:
            lines.append(f"{number}: {exc}.")
            continue
        right += feedback.correct
        lines.append(f"{number}: {feedback.explanation}")
    lines.append(f"{right} of {len(answers)} right.")
    return "\n".join(lines)
