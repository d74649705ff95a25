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

import unicodedata
from dataclasses import dataclass

from sociocracy.core.errors import InputError
from sociocracy.core.language import N_, _, current

__all__ = [
    "KINDS", "KIND_NAMES", "OTHER_TRADITIONS", "RESPONSES", "SORTER_PROPOSAL", "STATEMENTS",
    "TYPED_ANSWERS", "SortFeedback", "Statement", "answer_key", "check_sort", "consent_rule",
    "kind_text", "normalise_response", "refusal_message",
]

#: The only answers in a SoFA consent round.
RESPONSES: tuple[str, ...] = ("consent", "objection")

_ALIASES = {"no objection": "consent", "consent": "consent", "object": "objection",
            "objection": "objection"}

#: Answers typed in the page's language, read as the English answer they mean (the keys of
#: ``_ALIASES`` and :data:`OTHER_TRADITIONS`). A learner on a Spanish page types "consiento" or
#: "me hago a un lado", not "consent" or "stand aside"; the English words work on every page
#: (they are the library's keys). Compared in lower case, with or without accents.
TYPED_ANSWERS: dict[str, dict[str, str]] = {
    "es": {
        "consiento": "consent", "consentimiento": "consent", "doy mi consentimiento": "consent",
        "sin objecion": "consent", "sin objeciones": "consent", "no objeto": "consent",
        "no tengo objeciones": "consent", "no tengo ninguna objecion": "consent",
        "objecion": "objection", "objeto": "objection", "objetar": "objection",
        "tengo una objecion": "objection",
        "me abstengo": "abstain", "abstencion": "abstain", "abstenerse": "abstain",
        "abstenerme": "abstain",
        "me hago a un lado": "stand aside", "hacerse a un lado": "stand aside",
        "hacerme a un lado": "stand aside", "me aparto": "stand aside",
        "apartarse": "stand aside", "me hago a un lado con reservas": "stand aside",
        "bloqueo": "block", "bloquear": "block", "bloqueo la propuesta": "block",
        "veto": "veto", "vetar": "veto", "veto la propuesta": "veto",
        "paso": "pass", "pasar": "pass", "yo paso": "pass",
        "inquietud": "concern", "tengo una inquietud": "concern", "preocupacion": "concern",
    },
}

#: Answers people bring from elsewhere, and where they do belong (sources in CONTENT.md); in
#: English, shown through :func:`refusal_message` in the page's language.
OTHER_TRADITIONS: dict[str, str] = {
    "abstain": N_("Abstaining belongs to voting; consensus processes (for example Loomio's "
                  "consensus template) offer it too."),
    "stand aside": N_("Standing aside is an option of the consensus tradition (consensus allows "
                      "stand aside and block); it is a common misconception that sociocracy "
                      "has it."),
    "block": N_("A block (a veto) belongs to formal consensus. In sociocracy an objection is not "
                "a veto: it opens a search for a way to integrate it (Dynamic Governance also "
                "says an objection is 'not a veto or a block')."),
    "veto": N_("A veto belongs to formal consensus (a block). In sociocracy an objection is not a "
               "veto: it opens a search for a way to integrate it."),
    "pass": N_("Passing is fine in clarifying-questions and brainstorm rounds, but not in a "
               "consent round. Sociocracy 3.0 allows passing in its role selection, not SoFA."),
    "concern": N_("Sociocracy 3.0 records non-blocking concerns in the logbook; SoFA has no "
                  "concern category: say it in the quick-reactions round, or object if it "
                  "matters enough."),
}


def consent_rule() -> str:
    """SoFA's consent-or-objection rule in one sentence."""
    return _("In SoFA sociocracy the consent round has two answers only: consent (no "
             "objection) or an objection with a reason; if you do not mind either way, that is "
             "consent.")


def _folded(text: str) -> str:
    """Lower case, one space between words, no accents, no closing full stop: "Objeción." ->
    "objecion"."""
    words = " ".join(str(text).strip().lower().replace("-", " ").split()).rstrip(".!")
    return "".join(c for c in unicodedata.normalize("NFD", words)
                   if not unicodedata.combining(c))


def answer_key(response: str, language: str | None = None) -> str:
    """The English answer a typed ``response`` means ("me hago a un lado" -> "stand aside") in
    ``language`` (default: the page's); English and unknown answers come back folded."""
    folded = _folded(response)
    words = TYPED_ANSWERS.get(language or current(), {})
    return words.get(folded, folded)


def refusal_message(response: str) -> str:
    """Why ``response`` is not accepted in a consent round, and where it does exist."""
    known = OTHER_TRADITIONS.get(answer_key(response))
    if known is None:
        known = _("'{response}' is not an answer in any consent round we know; other traditions "
                  "add abstain and stand aside (consensus), block (formal consensus) and "
                  "concerns (Sociocracy 3.0).").format(response=response)
    else:
        known = _(known)
    return f"{consent_rule()} {known}"


def normalise_response(response: str) -> str | None:
    """``"consent"`` or ``"objection"`` for accepted spellings (e.g. "No objection", or on a
    Spanish page "Consiento", "objeción"), else None."""
    return _ALIASES.get(answer_key(response))


# --- the objection sorter --------------------------------------------------------------------

#: The four kinds of statement, with what marks each one (English; :func:`kind_text` gives it
#: in the page's language).
KINDS: dict[str, str] = {
    "question": N_("a clarifying question: it asks for information to understand the proposal as "
                "written (clarifying-questions round)"),
    "reaction": N_("a quick reaction: a feeling, appreciation, a suggestion or friendly amendment, "
                "or a heads-up of a possible objection (quick-reactions round)"),
    "objection": N_("an objection: a reason to believe that carrying out the proposal would harm "
                 "the circle's aim or stop someone doing their part (consent round)"),
    "preference": N_("a preference: the speaker would like something else better but can work with "
                  "this; it is not an objection, so in the consent round it is consent"),
}

#: The proposal the sorter's statements respond to (English; shown through ``_()``).
SORTER_PROPOSAL = N_("The garden circle proposes: for the next six months the tool shed opens on "
                   "Saturdays from 9:00 to 12:00 only, and is locked the rest of the week.")
#: The kinds' names, as the sorter's menu shows them.
KIND_NAMES: dict[str, str] = {"question": N_("Question"), "reaction": N_("Reaction"),
                              "objection": N_("Objection"), "preference": N_("Preference")}


def kind_text(kind: str) -> str:
    """What marks a kind of statement (:data:`KINDS`), in the page's language."""
    return _(KINDS[kind])


@dataclass(frozen=True)
class Statement:
    """Something a member says, what kind it is, and why (the course's own statements are
    English, marked for the catalogs; shown through ``_()``)."""

    text: str
    kind: str
    why: str


STATEMENTS: tuple[Statement, ...] = (
    Statement(N_("Does 'Saturdays' include bank-holiday weekends?"), "question",
              N_("It asks for information needed to understand the proposal, and offers no "
              "opinion.")),
    Statement(N_("Why don't we just give every member a key?"), "reaction",
              N_("It is phrased as a question but carries an opinion (a different solution). "
              "A facilitator gently keeps it for the quick-reactions round.")),
    Statement(N_("I love that we're finally setting opening hours. Thanks for drafting this!"),
              "reaction", N_("Appreciation and feelings belong in the quick-reactions round.")),
    Statement(N_("I'd prefer Sunday mornings, but Saturdays work for me."), "preference",
              N_("The speaker can work with it: it is inside their range of tolerance, so it is "
              "not an objection.")),
    Statement(N_("The school group waters the seedlings on Wednesdays and needs the hoses from "
              "the shed. With the shed locked the seedlings would die."), "objection",
              N_("It names a concrete way the proposal would harm the garden's aim.")),
    Statement(N_("A friendly amendment: write '9:00 to 12:00' instead of 'mornings'."), "reaction",
              N_("A small wording improvement is a typical quick reaction.")),
    Statement(N_("I'm not sure this is the best option; I'd like the shed open longer."),
              "preference", N_("Wanting something better is a preference. Unless the speaker "
              "can say how the proposal harms the aim, in the consent round it is consent.")),
    Statement(N_("I'm the only shed keeper on Saturdays and I'm away every other weekend, so I "
              "could not do my role."), "objection",
              N_("It says the proposal would stop the speaker doing their part for the circle.")),
    Statement(N_("Who locks up at noon?"), "question",
              N_("A request for information about how the proposal would work.")),
    Statement(N_("Heads-up: I might object, because of the Wednesday watering."), "reaction",
              N_("A one-sentence heads-up of a possible objection is given in the quick-reactions "
              "round; the objection itself comes in the consent round.")),
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
        raise InputError(_("Choose one of: {kinds}.").format(kinds=", ".join(KINDS)))
    correct = answer == statement.kind
    why = _(statement.why)
    explanation = (_("Right. {why}").format(why=why) if correct else
                   _("Not quite: this is {kind}. {why}").format(kind=kind_text(statement.kind),
                                                                why=why))
    return SortFeedback(correct=correct, answer=answer, expected=statement.kind,
                        explanation=explanation)
