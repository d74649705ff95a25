"""What people say in a consent process, and which answers SoFA's consent round accepts.

Two things live here, both data plus small checks, so that widgets and lessons share one source:

* The consent round's rule. In SoFA sociocracy the answer is binary: consent ("no objection") or
  an objection with a reason. No abstaining, no standing aside, no pass, no block; and nobody
  judges whether an objection is valid ([MVOS] "Can one express a concern? Can one abstain?",
  "Who decides whether an objection is valid?"). Other traditions differ, and learners will meet
  them: :data:`OTHER_TRADITIONS` says where each refused answer does exist.
* The statements of the objection sorter: things people say about a proposal, to be sorted into a
  clarifying question, a quick reaction, an objection or a preference, each with the reason.
  The statements are our own, set in a community garden.
"""

from __future__ import annotations

from dataclasses import dataclass

from sociocracy.core.errors import InputError

__all__ = [
    "KINDS", "OTHER_TRADITIONS", "RESPONSES", "SORTER_PROPOSAL", "STATEMENTS", "SortFeedback",
    "Statement", "check_sort", "consent_rule", "normalise_response", "refusal_message",
]

#: The only answers in a SoFA consent round.
RESPONSES: tuple[str, ...] = ("consent", "objection")

_ALIASES = {"no objection": "consent", "consent": "consent", "object": "objection",
            "objection": "objection"}

#: Answers people bring from elsewhere, and where they do belong (sources in CONTENT.md).
OTHER_TRADITIONS: dict[str, str] = {
    "abstain": "Abstaining belongs to voting; consensus processes (for example Loomio's consensus "
               "template) offer it too.",
    "stand aside": "Standing aside is an option of the consensus tradition (consensus allows "
                   "stand aside and block); it is a common misconception that sociocracy has it.",
    "block": "A block (a veto) belongs to formal consensus. In sociocracy an objection is not a "
             "veto: it opens a search for a way to integrate it (Dynamic Governance also says "
             "an objection is 'not a veto or a block').",
    "veto": "A veto belongs to formal consensus (a block). In sociocracy an objection is not a "
            "veto: it opens a search for a way to integrate it.",
    "pass": "Passing is fine in clarifying-questions and brainstorm rounds, but not in a consent "
            "round. Sociocracy 3.0 allows passing in its role selection, not SoFA.",
    "concern": "Sociocracy 3.0 records non-blocking concerns in the logbook; SoFA has no concern "
               "category: say it in the quick-reactions round, or object if it matters enough.",
}


def consent_rule() -> str:
    """SoFA's consent-or-objection rule in one sentence."""
    return ("In SoFA sociocracy the consent round has two answers only: consent (no objection) "
            "or an objection with a reason; if you do not mind either way, that is consent.")


def refusal_message(response: str) -> str:
    """Why ``response`` is not accepted in a consent round, and where it does exist."""
    key = " ".join(response.strip().lower().replace("-", " ").split())
    known = OTHER_TRADITIONS.get(key)
    if known is None:
        known = (f"'{response}' is not an answer in any consent round we know; other traditions "
                 "add abstain and stand aside (consensus), block (formal consensus) and concerns "
                 "(Sociocracy 3.0).")
    return f"{consent_rule()} {known}"


def normalise_response(response: str) -> str | None:
    """``"consent"`` or ``"objection"`` for accepted spellings (e.g. "No objection"), else None."""
    return _ALIASES.get(" ".join(response.strip().lower().split()))


# --- the objection sorter --------------------------------------------------------------------

#: The four kinds of statement, with what marks each one.
KINDS: dict[str, str] = {
    "question": "a clarifying question: it asks for information to understand the proposal as "
                "written (clarifying-questions round)",
    "reaction": "a quick reaction: a feeling, appreciation, a suggestion or friendly amendment, "
                "or a heads-up of a possible objection (quick-reactions round)",
    "objection": "an objection: a reason to believe that carrying out the proposal would harm "
                 "the circle's aim or stop someone doing their part (consent round)",
    "preference": "a preference: the speaker would like something else better but can work with "
                  "this; it is not an objection, so in the consent round it is consent",
}

#: The proposal the sorter's statements respond to.
SORTER_PROPOSAL = ("The garden circle proposes: for the next six months the tool shed opens on "
                   "Saturdays from 9:00 to 12:00 only, and is locked the rest of the week.")


@dataclass(frozen=True)
class Statement:
    """Something a member says, what kind it is, and why."""

    text: str
    kind: str
    why: str


STATEMENTS: tuple[Statement, ...] = (
    Statement("Does 'Saturdays' include bank-holiday weekends?", "question",
              "It asks for information needed to understand the proposal, and offers no "
              "opinion."),
    Statement("Why don't we just give every member a key?", "reaction",
              "It is phrased as a question but carries an opinion (a different solution). "
              "A facilitator gently keeps it for the quick-reactions round."),
    Statement("I love that we're finally setting opening hours. Thanks for drafting this!",
              "reaction", "Appreciation and feelings belong in the quick-reactions round."),
    Statement("I'd prefer Sunday mornings, but Saturdays work for me.", "preference",
              "The speaker can work with it: it is inside their range of tolerance, so it is "
              "not an objection."),
    Statement("The school group waters the seedlings on Wednesdays and needs the hoses from "
              "the shed. With the shed locked the seedlings would die.", "objection",
              "It names a concrete way the proposal would harm the garden's aim."),
    Statement("A friendly amendment: write '9:00 to 12:00' instead of 'mornings'.", "reaction",
              "A small wording improvement is a typical quick reaction."),
    Statement("I'm not sure this is the best option; I'd like the shed open longer.",
              "preference", "Wanting something better is a preference. Unless the speaker "
              "can say how the proposal harms the aim, in the consent round it is consent."),
    Statement("I'm the only shed keeper on Saturdays and I'm away every other weekend, so I "
              "could not do my role.", "objection",
              "It says the proposal would stop the speaker doing their part for the circle."),
    Statement("Who locks up at noon?", "question",
              "A request for information about how the proposal would work."),
    Statement("Heads-up: I might object, because of the Wednesday watering.", "reaction",
              "A one-sentence heads-up of a possible objection is given in the quick-reactions "
              "round; the objection itself comes in the consent round."),
)


@dataclass(frozen=True)
class SortFeedback:
    """The result of sorting one statement."""

    correct: bool
    answer: str
    expected: str
    explanation: str


def check_sort(statement: Statement, answer: str) -> SortFeedback:
    """Check a learner's sorting of ``statement`` and explain the right kind."""
    if answer not in KINDS:
        raise InputError(f"Choose one of: {', '.join(KINDS)}.")
    correct = answer == statement.kind
    lead = "Right" if correct else f"Not quite: this is {KINDS[statement.kind]}"
    return SortFeedback(correct=correct, answer=answer, expected=statement.kind,
                        explanation=f"{lead}. {statement.why}")
