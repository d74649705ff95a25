"""Selection: choosing a person for a role by reasons and consent, as SoFA teaches it.

**What the sources say.** SoFA calls it a *selection*, not an election: nobody votes; people
nominate, give reasons, and the circle consents to a proposal ([MVOS] "Selection process", "All
steps of a selection process"). The steps, in order:

1. *Role*: the circle hears the role description (responsibilities, authority), the term (a round
   on reasons to shorten or lengthen it) and the qualifications, and consents to them.
2. *Nominations*: everyone writes a nomination silently, before anyone speaks, so nobody is
   swayed by whoever speaks first. Nominating yourself is allowed.
3. *Nomination round*: each person says whom they nominate and why. No passing.
4. *Change round*: "having heard what you heard, do you change your nomination?" Everyone speaks;
   "no change" is an answer, and a reason is welcome either way ([MVOS] "Change round").
5. *Proposal*: the facilitator proposes a person, with reasons drawn from the rounds, and the
   term. The criterion is the reasons, not the number of nominations.
6. *Consent round*, the candidate speaking **last** ([MVOS] "Consent round/objections").
7. Objections are integrated (shorten the term, amend the role, propose another person), then
   a new consent round; finally the selection is *announced* and recorded.

**What the model assumes** (our choices where the handbook leaves room):

* The circle consents to the role when the facilitator moves on from the ``"role"`` step; the
  term round and the qualifications round are not modelled turn by turn (the result is:
  ``amend_role`` changes the term, description or qualifications before moving on).
* Nominees are members of the circle; the facilitator proposes someone who was nominated (before
  or after the change round), not necessarily the most nominated.
* A change of nomination needs a reason; "no change" does not, though one is recorded if given.
* Proposing another person integrates every open objection of that consent round at once (they
  were objections to the previous candidate).

Other traditions run selections differently; they are named here and in lesson 07, not modelled
(:data:`VARIANTS`). :func:`compare_selection` is a small simulation of the nomination grid against
a secret ballot; its parameters are illustrative, not measured.

A call out of order raises :class:`~sociocracy.core.errors.ProcessError`, whose ``plain``
message says what comes next, and whose ``code`` names the call that does it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sociocracy.consent import Integration, add_months  # one record of an integration
from sociocracy.core.errors import InputError, ProcessError
from sociocracy.core.language import DEFAULT, N_, _, babel_locale, current, ngettext
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.core.names import clean_name, clean_names, name_key
from sociocracy.logbook import shown_date
from sociocracy.responses import normalise_response, refusal_message
from sociocracy.round_minutes import turn_lines
from sociocracy.rounds import ROUND_KINDS, Round
from sociocracy.stepped_process import SteppedProcess

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "COMPARISON_DEFAULTS", "METHOD_LABELS", "PROMPTS", "STEPS", "STRATEGIES", "VARIANTS",
    "Announcement", "Change", "GridEntry", "MethodResult", "Nomination", "NominationGrid",
    "Objection", "Proposal", "Role", "SelectionComparison", "SelectionDecision",
    "SelectionProcess", "compare_selection",
]

STEPS: tuple[str, ...] = ("role", "nominations", "nomination-round", "change-round", "proposal",
                          "consent-round", "integrate-objections", "decided", "announced")
#: The steps as people read them in messages ("... during the nominations step"); the English
#: is the step's own key, so English messages read as they always did.
STEP_LABELS: dict[str, str] = {
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "role": N_("role"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "nominations": N_("nominations"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "nomination-round": N_("nomination-round"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "change-round": N_("change-round"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "proposal": N_("proposal"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "consent-round": N_("consent-round"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "integrate-objections": N_("integrate-objections"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "decided": N_("decided"),
    # Translators: a step of a selection, in "... is not possible during the {step} step."
    "announced": N_("announced"),
}

#: A consent round's answers as they are noted in the round (the page's language).
_ANSWERS: dict[str, str] = {"consent": N_("consent"), "objection": N_("objection")}

#: Ways to integrate an objection in a selection, and the details each one takes.
STRATEGIES: dict[str, tuple[str, ...]] = {
    "shorten-term": ("months",),
    "amend-role": ("description", "qualifications"),   # either or both
    "another-candidate": ("candidate", "reasons"),
}

#: What the facilitator might say at each step (our paraphrase of MVOS's script).
PROMPTS: dict[str, str] = {
    "role": N_("Read the role description aloud: its responsibilities, authority and term. \"Are "
               "there reasons to make the term shorter or longer? Which qualifications matter "
               "most?\" Change the role if the circle wants to, then consent to it."),
    "nominations": N_("\"Write down whom you nominate, and why. Nominating yourself is fine. "
                      "Please don't talk yet.\" Collect the slips; nobody sees them until all are "
                      "in."),
    "nomination-round": N_("\"Please read out whom you nominate and why. Build on what you hear; "
                           "don't argue against other nominees.\" Everyone speaks; nobody passes."),
    "change-round": N_("\"Having heard what you heard, do you change your nomination? Tell us "
                       "why, either way.\" \"No change\" is a complete answer."),
    "proposal": N_("Propose one person, with the reasons you heard and the term: \"I propose ... "
                   "for ... months, because ...\" Reasons count, not the number of nominations."),
    "consent-round": N_("\"Would it harm our aim if this person took the role?\" (not \"is this "
                        "the perfect person?\"). Consent or objection; the candidate speaks last, "
                        "after hearing everyone's confidence in them."),
    "integrate-objections": N_("Thank the objector and understand the concern. Don't give up on "
                               "the candidate at once: first try to turn the no into a yes (amend "
                               "the role with support or training, shorten the term, measure the "
                               "concern); propose another person only if that fails."),
    "decided": N_("\"We have consent.\" Congratulate the person and agree when the term starts."),
    "announced": N_("Record the selection in the logbook with the term's end, and share it."),
}

#: Other traditions' selections: named, not modelled (sources in CONTENT.md / lesson 07).
VARIANTS: dict[str, str] = {
    "Dynamic Governance": N_("Same steps (consent to the role first; written nominations; "
                             "reasons; change round; the facilitator proposes by reasons; the "
                             "candidate last), with extra rules: no volunteering, no objecting to "
                             "being nominated, and you may nominate nobody."),
    "Sociocracy 3.0": N_("Role selection decides \"on the strength of the reason\", not by "
                         "majority; people may nominate themselves or another, or pass; after the "
                         "reasons there is a step for gathering information, then the change "
                         "round. To check for objections, everyone, the nominee included, signals "
                         "at the same time whether they object; the nominee's objections are "
                         "resolved first, and the final nominee is asked again whether they "
                         "accept (the S3 Practical Guide, pattern \"Role Selection\", "
                         "patterns.sociocracy30.org; the 2018 handbook asked the nominee last)."),
    "Holacracy": N_("The integrative election: written ballots, a nomination-sharing round and a "
                    "change round, then the facilitator proposes the person with the most "
                    "nominations (with tie-break rules), and an objection round."),
}


# --- the data the process records ---------------------------------------------------------------

def _text(value: object, what: str, *, required: bool = True) -> str:
    """People's text, trimmed; an empty required text is refused with a sentence naming it
    (``what`` in the page's language)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(_("The {what} should be text, not {value}.").format(
            what=what, value=repr(value)))
    text = value.strip()
    if required and not text:
        raise InputError(_("Give the {what}: it is information the circle needs.").format(
            what=what))
    return text


def _months(value: Any, what: str = "") -> int:
    """A whole number of months, at least 1, from 12, 12.0 or "12 months"."""
    text = str(value).strip().lower().removesuffix("months").removesuffix("month").strip()
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if isinstance(value, bool) or number < 1 or number != int(number):
        raise InputError(_("The {what} is a whole number of months, at least 1 (not {value})."
                           ).format(what=what or _("term"), value=repr(value)))
    return int(number)


def _qualifications(items: Iterable[str] | str | None) -> tuple[str, ...]:
    if items is None:
        return ()
    if isinstance(items, str):
        items = items.splitlines()
    return tuple(q for q in (_text(i, _("qualification"), required=False) for i in items) if q)


@dataclass(frozen=True)
class Role:
    """A role to fill: its name, what it does, its term, and the qualifications that matter."""

    name: str
    description: str
    term_months: int
    qualifications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _text(self.name, _("role's name")))
        object.__setattr__(self, "description", _text(self.description, _("role description"),
                                                      required=False))
        object.__setattr__(self, "term_months", _months(self.term_months))
        object.__setattr__(self, "qualifications", _qualifications(self.qualifications))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description,
                "term_months": self.term_months, "qualifications": list(self.qualifications)}


@dataclass(frozen=True)
class Nomination:
    """A written nomination: who nominates whom, and why."""

    nominator: str
    nominee: str
    reason: str


@dataclass(frozen=True)
class Change:
    """One answer in the change round: ``after`` is ``before`` when the person keeps it."""

    member: str
    before: str
    after: str
    reason: str

    @property
    def changed(self) -> bool:
        return self.after != self.before


@dataclass(frozen=True)
class GridEntry:
    """One row of the nomination grid."""

    nominator: str
    nominee: str
    reason: str
    changed_from: str | None = None   # the first nominee, when the change round changed it


@dataclass(frozen=True)
class NominationGrid:
    """Who nominated whom and why; ``counts`` per nominee, most nominated first.

    The grid is what the facilitator writes on the flip chart as people read out their
    nominations ([MVOS] "Nomination round"). Counts are shown, but the proposal goes by reasons.
    """

    entries: tuple[GridEntry, ...]
    after_change: bool

    @property
    def counts(self) -> dict[str, int]:
        """Nominations per nominee, most first (ties in the order they were first named)."""
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry.nominee] = counts.get(entry.nominee, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))

    @property
    def most_nominated(self) -> tuple[str, ...]:
        """Everyone with the highest count (several when tied)."""
        counts = self.counts
        top = max(counts.values(), default=0)
        return tuple(name for name, count in counts.items() if count == top)

    def reasons_for(self, nominee: str) -> tuple[str, ...]:
        return tuple(e.reason for e in self.entries if e.nominee == nominee)

    def to_text(self) -> str:
        """The grid in plain sentences: a text alternative for a chart or a projector."""
        lines = [_("Nominations after the change round:") if self.after_change
                 else _("Nominations before the change round:")]
        for e in self.entries:
            if e.changed_from:
                lines.append(_("{nominator} nominates {nominee} (changed from {before}): "
                               "{reason}").format(nominator=e.nominator, nominee=e.nominee,
                                                  before=e.changed_from, reason=e.reason))
            else:
                lines.append(_("{nominator} nominates {nominee}: {reason}").format(
                    nominator=e.nominator, nominee=e.nominee, reason=e.reason))
        lines.append(_("Counts: {counts}.").format(
            counts=", ".join(f"{n} {c}" for n, c in self.counts.items())))
        return "\n".join(lines)


@dataclass(frozen=True)
class Proposal:
    """The facilitator's proposal: a person, the reasons heard, the term."""

    candidate: str
    reasons: tuple[str, ...]
    term_months: int
    counts: dict[str, int]

    @property
    def most_nominated(self) -> bool:
        top = max(self.counts.values(), default=0)
        return self.counts.get(self.candidate, 0) == top


@dataclass(frozen=True)
class Response:
    member: str
    response: str          # "consent" or "objection"
    reason: str
    consent_round: int


@dataclass
class Objection:
    """An objection in a consent round; it stays on record with how it was integrated."""

    member: str
    candidate: str
    reason: str
    consent_round: int
    integrations: list[Integration] = field(default_factory=list)

    @property
    def integrated(self) -> bool:
        return bool(self.integrations)


@dataclass(frozen=True)
class SelectionDecision:
    """The circle consented: who holds the role, for how long, and why."""

    role: Role
    holder: str
    reasons: tuple[str, ...]
    consented_by: tuple[str, ...]
    consent_rounds: int


@dataclass(frozen=True)
class Announcement:
    """Who holds the role from when until when (the term ends on ``ends``)."""

    role: str
    holder: str
    starts: dt.date
    ends: dt.date
    term_months: int

    @property
    def sentence(self) -> str:
        return ngettext("{holder} holds the role of {role} from {starts} until {ends} "
                        "({months} month).",
                        "{holder} holds the role of {role} from {starts} until {ends} "
                        "({months} months).", self.term_months).format(
                            holder=self.holder, role=self.role, starts=shown_date(self.starts),
                            ends=shown_date(self.ends), months=self.term_months)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(_("The start date should be a date like 2027-01-15, not {value}."
                           ).format(value=repr(value))) from None


# --- the process --------------------------------------------------------------------------------

class SelectionProcess(SteppedProcess[Objection, Response]):
    """SoFA's selection process for one role in one circle, as a state machine.

    ``SelectionProcess(role, members, first=None)``: ``members`` in seating order; every round
    starts with ``first`` (default: the first member), except that the candidate never starts
    the consent round (they speak last).

    Every successful call is appended to :attr:`log` as ``(method, arguments)``, so a process can
    be saved step by step and rebuilt with :meth:`replay` (the selection app does this to resume
    after a crash).
    """

    def __init__(self, role: Role | Mapping[str, Any], members: Sequence[str],
                 first: str | None = None) -> None:
        self.role = role if isinstance(role, Role) else Role(**dict(role))
        self.original_role = self.role
        names = clean_names(list(members), _("member"))
        if len(names) < 2:
            raise InputError(_("A selection needs at least two members: someone to nominate and "
                               "someone to be nominated."))
        self.members: tuple[str, ...] = tuple(names)
        self.first = self._member(first, _("start the rounds")) if first is not None else names[0]
        self.step = "role"
        self.nominations: dict[str, Nomination] = {}
        self.changes: dict[str, Change] = {}
        self.rounds: list[tuple[str, Round]] = []
        self.role_changes: list[str] = []
        self.proposals: list[Proposal] = []
        self.responses: list[Response] = []
        self.objections: list[Objection] = []
        self.consent_rounds = 0
        self.decision: SelectionDecision | None = None
        self.announcement: Announcement | None = None
        self.log: list[tuple[str, dict[str, Any]]] = []

    # --- saving and rebuilding ---------------------------------------------------------------
    def setup(self) -> dict[str, Any]:
        """What :meth:`replay` needs to start again: the role as first given, members, first."""
        return {"role": self.original_role.to_dict(), "members": list(self.members),
                "first": self.first}

    @classmethod
    def from_setup(cls, setup: Mapping[str, Any]) -> SelectionProcess:
        """A new process from :meth:`setup`'s data (:meth:`replay` then runs the log)."""
        return cls(setup["role"], setup["members"], setup.get("first"))

    #: The steps as people read them (:meth:`SteppedProcess.step_label`).
    STEP_LABELS = STEP_LABELS

    #: The calls :meth:`apply` accepts (the ones that change the process).
    ACTIONS = ("amend_role", "advance", "nominate", "read_nomination", "change", "propose",
               "respond", "integrate", "announce")

    def apply(self, method: str, arguments: Mapping[str, Any]) -> Any:
        """Run one recorded call (``method`` is one of :data:`ACTIONS`)."""
        if method not in self.ACTIONS:
            raise InputError(_("'{method}' is not a step of a selection; the steps are: "
                               "{steps}.").format(method=method, steps=", ".join(self.ACTIONS)))
        return getattr(self, method)(**dict(arguments))

    def _logged(self, method: str, **arguments: Any) -> None:
        self.log.append((method, arguments))

    # --- reading the state -------------------------------------------------------------------
    @property
    def prompt(self) -> str:
        return PROMPTS[self.step]

    @property
    def proposal(self) -> Proposal | None:
        """The facilitator's current proposal (the latest one)."""
        return self.proposals[-1] if self.proposals else None

    @property
    def candidate(self) -> str | None:
        return self.proposal.candidate if self.proposal else None

    @property
    def nominated(self) -> tuple[str, ...]:
        """Everyone the facilitator may propose: nominated after the change round (most
        nominated first), then anyone nominated only before it; empty until the slips are
        revealed. :meth:`propose` accepts exactly these people."""
        order = STEPS.index(self.step)
        if order < STEPS.index("nomination-round"):
            return ()
        firsts = self.nomination_grid().counts
        if order < STEPS.index("change-round"):
            return tuple(firsts)
        after = self.nomination_grid(after_change=True).counts
        return tuple(dict.fromkeys([*after, *firsts]))

    @property
    def missing_nominations(self) -> tuple[str, ...]:
        """Members whose written nomination is not in yet, in seating order."""
        return tuple(m for m in self.members if m not in self.nominations)

    def _next(self) -> tuple[str, str | None]:
        step, rnd = self.step, self.round
        if step == "role":
            return (_("Next: consent to the role, its term and qualifications, then collect "
                      "the written nominations."), "advance()")
        if step == "nominations":
            if self.missing_nominations:
                return (_("Next: the written nominations of {names}.").format(
                    names=", ".join(self.missing_nominations)),
                        "nominate(member, nominee, reason)")
            return _("Every nomination is in. Next: the nomination round."), "advance()"
        if step in ("nomination-round", "change-round", "consent-round"):
            assert rnd is not None
            if not rnd.is_complete:
                call = {"nomination-round": "read_nomination()",
                        "change-round": "change(member, nominee=None, reason='')",
                        "consent-round": "respond(member, 'consent' or 'objection', reason)",
                        }[step]
                what = {"nomination-round": _("Next: {name} reads out their nomination."),
                        "change-round": _("Next: {name} says whether they change their "
                                          "nomination."),
                        "consent-round": _("Next: {name} answers: consent, or an objection with "
                                           "a reason.")}[step]
                return what.format(name=rnd.current), call
            if step == "nomination-round":
                return (_("The nomination round is complete. Next: the change round."),
                        "advance()")
            if step == "change-round":
                return (_("The change round is complete. Next: the facilitator proposes "
                          "someone, with reasons."), "advance()")
            if self.open_objections:
                return (_("The consent round is complete. Next: acknowledge the objections, "
                          "then integrate them."), "advance()")
            return _("The consent round is complete with no objection."), "advance()"
        if step == "proposal":
            if self.proposal is None:
                return (_("Next: propose one person, with the reasons heard."),
                        "propose(candidate, reasons)")
            return (_("Next: the consent round on {name}, who speaks last.").format(
                name=self.proposal.candidate), "advance()")
        if step == "integrate-objections":
            if self.open_objections:
                who = ", ".join(o.member for o in self.open_objections)
                return (_("Next: integrate the objection of {names}: shorten the term, amend "
                          "the role, or propose another person.").format(names=who),
                        "integrate(objection, strategy, **details)")
            return _("Every objection is integrated. Next: a new consent round."), "advance()"
        if step == "decided":
            return _("We have consent. Next: announce the selection with its start date."), \
                "announce(start)"
        return _("The selection is announced; the process is finished."), None

    def find_member(self, name: object) -> str | None:
        """The member called ``name`` by the course's one name rule (spaces tidied, compared
        without regard to capitals), or ``None``: how a name typed elsewhere (on a phone) is
        matched to this circle's members."""
        try:
            cleaned = clean_name(name, "member")
        except InputError:
            return None
        wanted = name_key(cleaned)
        for member in self.members:
            if name_key(member) == wanted:
                return member
        return None

    def _member(self, name: object, role: str) -> str:
        """``name`` as a member; ``role`` (in the page's language: "nominate", "be proposed")
        says what a non-member cannot do."""
        found = self.find_member(name)
        if found is not None:
            return found
        cleaned = clean_name(name, _("member"))
        raise InputError(_("{name} cannot {action}: they are not a member of this circle "
                           "({members}).").format(name=cleaned, action=role,
                                                  members=", ".join(self.members)))

    # --- the steps -----------------------------------------------------------------------
    def amend_role(self, *, description: str | None = None, term_months: Any = None,
                   qualifications: Iterable[str] | str | None = None,
                   reason: str = "") -> Role:
        """Change the role before consenting to it (the term round, the qualifications round)."""
        if self.step != "role":
            raise self._error(_("The role is changed before the nominations; after an "
                                "objection, integrate it with the strategy 'amend-role'."))
        self.role = self._amended(description, term_months, qualifications, reason)
        self._logged("amend_role", description=description, term_months=term_months,
                     qualifications=None if qualifications is None
                     else list(_qualifications(qualifications)), reason=reason)
        return self.role

    def _amended(self, description: str | None, term_months: Any,
                 qualifications: Iterable[str] | str | None, reason: str) -> Role:
        changes: dict[str, Any] = {}
        said: list[str] = []
        if description is not None and _text(description, _("role description"),
                                             required=False) != self.role.description:
            changes["description"] = description
            said.append(_("description amended"))
        if term_months is not None and _months(term_months) != self.role.term_months:
            changes["term_months"] = _months(term_months)
            said.append(_("term from {old} to {new} months").format(
                old=self.role.term_months, new=changes["term_months"]))
        if qualifications is not None and _qualifications(qualifications) != \
                self.role.qualifications:
            changes["qualifications"] = _qualifications(qualifications)
            said.append(_("qualifications amended"))
        if not changes:
            raise InputError(_("That is the role as it stands; change the description, the "
                               "term or the qualifications."))
        note = "; ".join(said) + (f" ({_text(reason, _('reason'), required=False)})"
                                  if reason and reason.strip() else "")
        self.role_changes.append(note)
        return dataclasses.replace(self.role, **changes)

    def advance(self) -> str:
        """Move to the next step when the current one is complete; returns the new step."""
        step = self.step
        if step == "role":
            self.step = "nominations"
        elif step == "nominations":
            if self.missing_nominations:
                raise self._error(_("Not every nomination is in yet."))
            self._start_round("nomination-round", "nomination",
                              _("Whom do you nominate, and why?"))
        elif step in ("nomination-round", "change-round"):
            rnd = self.round
            assert rnd is not None
            if not rnd.is_complete:
                raise self._error(_("The nomination round is not complete yet.")
                                  if step == "nomination-round"
                                  else _("The change round is not complete yet."))
            if step == "nomination-round":
                self._start_round("change-round", "change",
                                  _("Having heard what you heard, do you change your "
                                    "nomination?"))
            else:
                self.step = "proposal"
        elif step == "proposal":
            if self.proposal is None:
                raise self._error(_("Nobody has been proposed yet."))
            self._start_consent_round()
        elif step == "consent-round":
            rnd = self.round
            assert rnd is not None
            if not rnd.is_complete:
                raise self._error(_("The consent round is not complete yet."))
            self.step = "decided" if self.decision is not None else "integrate-objections"
        elif step == "integrate-objections":
            if self.open_objections:
                raise self._error(_("Not every objection is integrated yet."))
            self._start_consent_round()
        else:
            raise self._refuse(_("Moving on"))
        self._logged("advance")
        return self.step

    def _start_round(self, step: str, kind: str, prompt: str, *, last: str | None = None) -> None:
        first = self.first
        if last is not None and first == last:  # the candidate never starts: they speak last
            first = self.members[(self.members.index(last) + 1) % len(self.members)]
        self.rounds.append((step, Round(kind, list(self.members), first, prompt=prompt,
                                        last=last)))
        self.step = step

    def _start_consent_round(self) -> None:
        candidate = self.candidate
        assert candidate is not None
        self.consent_rounds += 1
        self._start_round("consent-round", "consent",
                          _("Do you object to {candidate} as {role}?").format(
                              candidate=candidate, role=self.role.name), last=candidate)

    def nominate(self, member: str, nominee: str | None, reason: str) -> Nomination:
        """``member``'s written nomination (self-nomination allowed; a reason is required).

        Every member nominates: there is no passing (a slip left blank is refused). A member
        may hand in a new slip, replacing theirs, until the nomination round begins.
        """
        if self.step != "nominations":
            raise self._refuse(_("Writing a nomination"))
        who = self._member(member, _("nominate"))
        if nominee is None or not str(nominee).strip() or str(nominee).strip().casefold() in (
                "pass", "nobody", "no one"):
            raise ProcessError(_("{name} cannot pass. {why} Nominating yourself is fine."
                                 ).format(name=who, why=_(ROUND_KINDS['nomination'].why)),
                               "nominate(member, nominee, reason)")
        whom = self._member(nominee, _("be nominated"))
        why = _text(reason, _("reason for nominating {name}").format(name=whom))
        made = Nomination(who, whom, why)
        self.nominations[who] = made
        self._logged("nominate", member=who, nominee=whom, reason=why)
        return made

    def read_nomination(self, note: str = "") -> Nomination:
        """The current person reads out their nomination in the nomination round.

        ``note`` keeps anything they add to the written reason. Passing is not possible
        (the round's own rule: ``process.round.pass_turn()`` is refused too).
        """
        if self.step != "nomination-round":
            raise self._refuse(_("Reading out a nomination"))
        rnd = self.round
        assert rnd is not None
        reader = rnd.current
        if reader is None:
            raise self._error(_("Everyone has read out their nomination."))
        made = self.nominations[reader]
        extra = _text(note, _("note"), required=False)
        said = _("nominates {nominee}: {reason}").format(nominee=made.nominee, reason=made.reason)
        rnd.speak(said + (f" ({extra})" if extra else ""))
        self._logged("read_nomination", note=extra)
        return made

    def change(self, member: str, nominee: str | None = None, reason: str = "") -> Change:
        """``member``'s answer in the change round: a new nominee with a reason, or no change.

        "No change" (``nominee=None``, or the same nominee) is a spoken answer: it is recorded
        as the member's turn, with their reason if they give one. The round goes in seating
        order, so ``member`` must be the person whose turn it is.
        """
        if self.step != "change-round":
            raise self._refuse(_("Changing a nomination"))
        rnd = self.round
        assert rnd is not None
        who = self._member(member, _("answer in the change round"))
        if rnd.is_complete:
            raise self._error(_("Everyone has answered in the change round."))
        if who != rnd.current:
            raise ProcessError(_("It is {current}'s turn in the change round, not {name}'s; the "
                                 "round goes in seating order.").format(current=rnd.current,
                                                                        name=who),
                               "change(member, nominee=None, reason='')")
        before = self.nominations[who].nominee
        after = before if nominee is None or not str(nominee).strip() else \
            self._member(nominee, _("be nominated"))
        why = _text(reason, _("reason"), required=False)
        if after != before and not why:
            raise InputError(_("Say why {name} changes the nomination from {before} to {after}: "
                               "the reason is what the facilitator proposes from.").format(
                                   name=who, before=before, after=after))
        made = Change(who, before, after, why)
        self.changes[who] = made
        said = (_("changes to {name}").format(name=after) if made.changed
                else _("no change (keeps {name})").format(name=before))
        rnd.speak(said + (f": {why}" if why else ""))
        self._logged("change", member=who, nominee=None if not made.changed else after,
                     reason=why)
        return made

    def nomination_grid(self, after_change: bool = False) -> NominationGrid:
        """The grid: nominator -> nominee and reason, with counts per nominee.

        Shown from the nomination round on (the slips stay hidden until all are in). After the
        change round, a changed nomination shows the new nominee with its new reason; members
        who have not spoken in the change round yet keep their first nomination.
        """
        order = STEPS.index(self.step)
        if order < STEPS.index("nomination-round"):
            raise self._error(_("The nominations are shown all at once, when everyone has "
                                "written theirs."))
        if after_change and order < STEPS.index("change-round"):
            raise self._error(_("There is no change round yet."))
        entries = []
        for member in self.members:
            first = self.nominations[member]
            made = self.changes.get(member) if after_change else None
            if made is not None and made.changed:
                entries.append(GridEntry(member, made.after, made.reason, made.before))
            else:
                entries.append(GridEntry(member, first.nominee, first.reason))
        return NominationGrid(tuple(entries), after_change)

    def propose(self, candidate: str, reasons: str | Sequence[str]) -> Proposal:
        """The facilitator proposes ``candidate`` by the reasons heard (not by counts).

        Proposing someone who is not the most nominated is allowed; the counts at the time are
        recorded with the proposal, so the logbook shows it was a choice by reasons.
        """
        if self.step != "proposal":
            raise self._refuse(_("Proposing a candidate"))
        before = list(self.proposals)
        self.proposals.clear()  # a new proposal before the consent round replaces the last one
        try:
            return self._propose(candidate, reasons, "propose")
        except Exception:
            self.proposals[:] = before
            raise

    def _propose(self, candidate: str, reasons: str | Sequence[str], method: str,
                 log: bool = True) -> Proposal:
        whom = self._member(candidate, _("be proposed"))
        named = {n.nominee for n in self.nominations.values()} | \
            {c.after for c in self.changes.values()}
        if whom not in named:
            raise InputError(_("Nobody nominated {name}; propose someone the circle nominated, "
                               "with the reasons heard.").format(name=whom))
        items = [reasons] if isinstance(reasons, str) else list(reasons)
        why = tuple(r for r in (_text(i, _("reason"), required=False) for i in items) if r)
        if not why:
            raise InputError(_("Give the reasons for proposing {name}: a proposal in a "
                               "selection rests on reasons, not on counts.").format(name=whom))
        grid = self.nomination_grid(after_change=bool(self.changes))
        made = Proposal(whom, why, self.role.term_months, grid.counts)
        self.proposals.append(made)
        if log:
            self._logged(method, candidate=whom, reasons=list(why))
        return made

    def respond(self, member: str, response: str, reason: str = "") -> Response:
        """``member`` answers in the consent round: ``"consent"`` or ``"objection"`` + reason.

        The round goes in seating order and the candidate speaks last: an answer from the
        candidate before everyone else has answered is refused.
        """
        if self.step != "consent-round":
            raise self._refuse(_("Answering in a consent round"))
        rnd = self.round
        assert rnd is not None
        who = self._member(member, _("answer in the consent round"))
        if rnd.is_complete:
            raise self._error(_("Everyone has answered in this consent round."))
        if who == self.candidate and who != rnd.current:
            raise ProcessError(
                _("{name} is the candidate and speaks last, after everyone else has answered, "
                  "so that they hear everyone first: the circle's confidence can help a "
                  "candidate step up (MVOS). It is {current}'s turn.").format(
                      name=who, current=rnd.current),
                "respond(member, 'consent' or 'objection')")
        if who != rnd.current:
            raise ProcessError(_("It is {current}'s turn in the consent round, not {name}'s."
                                 ).format(current=rnd.current, name=who),
                               "respond(member, 'consent' or 'objection')")
        kind = normalise_response(str(response or ""))
        if kind is None:
            raise ProcessError(refusal_message(str(response or "")),
                               "respond(member, 'consent' or 'objection', reason)")
        why = _text(reason, _("reason"), required=False)
        if kind == "objection" and not why:
            raise InputError(_("An objection needs a reason, even one phrase: it is information "
                               "the circle needs to integrate it."))
        answer = Response(who, kind, why, self.consent_rounds)
        self.responses.append(answer)
        if kind == "objection":
            self.objections.append(Objection(who, self.candidate or "", why,
                                             self.consent_rounds))
        rnd.speak(_(_ANSWERS.get(kind, kind)) + (f": {why}" if why else ""))
        if rnd.is_complete and not any(r.response == "objection"
                                       for r in self.current_responses):
            proposal = self.proposal
            assert proposal is not None
            self.decision = SelectionDecision(
                role=self.role, holder=proposal.candidate, reasons=proposal.reasons,
                consented_by=tuple(r.member for r in self.current_responses),
                consent_rounds=self.consent_rounds)
        self._logged("respond", member=who, response=kind, reason=why)
        return answer

    def _find_objection(self, objection: Objection | str | int) -> Objection:
        if isinstance(objection, Objection):
            if objection not in self.open_objections:
                raise InputError(_("That objection is not open in this selection."))
            return objection
        if isinstance(objection, int) and not isinstance(objection, bool):
            try:
                return self.open_objections[objection]
            except IndexError:
                raise InputError(_("There is no open objection number {number}.").format(
                    number=objection)) from None
        for found in self.open_objections:
            if found.member.casefold() == str(objection).strip().casefold():
                return found
        raise InputError(_("{name} has no open objection to integrate.").format(name=objection))

    def integrate(self, objection: Objection | str | int, strategy: str,
                  **details: Any) -> Integration:
        """Integrate an objection: ``"shorten-term"`` (``months``), ``"amend-role"``
        (``description`` and/or ``qualifications``), or ``"another-candidate"`` (``candidate``,
        ``reasons``). ``objection``: the object, its member's name, or its index among open ones.
        """
        if self.step != "integrate-objections":
            raise self._refuse(_("Integrating an objection"))
        target = self._find_objection(objection)
        if strategy not in STRATEGIES:
            raise InputError(_("Unknown strategy '{strategy}'; choose one of {strategies}."
                               ).format(strategy=strategy, strategies=", ".join(STRATEGIES)))
        unknown = sorted(set(details) - set(STRATEGIES[strategy]))
        if unknown:
            raise InputError(_("The strategy '{strategy}' takes {details}; not: {unknown}."
                               ).format(strategy=strategy,
                                        details=" and ".join(STRATEGIES[strategy]),
                                        unknown=", ".join(unknown)))
        resolved = [target]
        if strategy == "shorten-term":
            months = _months(details.get("months"), _("new term"))
            if months >= self.role.term_months:
                raise InputError(_("The term is {months} months already; a shorter term is "
                                   "fewer months than that.").format(
                                       months=self.role.term_months))
            old = self.role.term_months
            self.role = dataclasses.replace(self.role, term_months=months)
            summary = _("shortened the term from {old} to {new} months").format(old=old,
                                                                                new=months)
        elif strategy == "amend-role":
            if details.get("description") is None and details.get("qualifications") is None:
                raise InputError(_("Amend the role's description or its qualifications (or "
                                   "both)."))
            self.role = self._amended(details.get("description"), None,
                                      details.get("qualifications"), "")
            summary = _("amended the role: {changes}").format(changes=self.role_changes[-1])
        else:
            if not details.get("candidate"):
                raise InputError(_("Name the other person to propose, from those nominated."))
            made = self._propose(details["candidate"], details.get("reasons") or "", "",
                                 log=False)
            if made.candidate == target.candidate:
                self.proposals.pop()
                raise InputError(_("{name} is the person already proposed; name another "
                                   "person, or choose another strategy.").format(
                                       name=made.candidate))
            details = {"candidate": made.candidate, "reasons": list(made.reasons)}
            summary = _("proposed {name} instead of {before}").format(
                name=made.candidate, before=target.candidate)
            resolved = self.open_objections  # they were objections to the previous candidate
        integration = Integration(strategy, dict(details), summary)
        for item in resolved:
            item.integrations.append(integration)
        logged = {k: (list(_qualifications(v)) if k == "qualifications" else v)
                  for k, v in details.items()}
        self._logged("integrate", objection=target.member, strategy=strategy, **logged)
        return integration

    def announce(self, start: dt.date | str) -> Announcement:
        """Announce the selection: who holds the role from ``start`` until the term's end."""
        if self.step != "decided" or self.decision is None:
            raise self._refuse(_("Announcing the selection"))
        starts = _as_date(start)
        role = self.decision.role
        made = Announcement(role.name, self.decision.holder, starts,
                            add_months(starts, role.term_months), role.term_months)
        self.announcement = made
        self.step = "announced"
        self._logged("announce", start=starts.isoformat())
        return made

    # --- the record ----------------------------------------------------------------------
    def to_markdown(self) -> str:
        """The whole selection as one Markdown logbook entry (people's text escaped)."""
        role = self.role
        lines = [_("## Selection: {role}").format(role=escape_markdown(role.name)), ""]
        if self.announcement is not None:
            a = self.announcement
            lines += [f"**{escape_markdown(a.sentence)}**", ""]
        elif self.decision is not None:
            lines += [_("- Selected, not yet announced: {name}").format(
                name=md_text(self.decision.holder))]
        else:
            lines += [_("- Status: in progress (step: {step}); no selection yet").format(
                step=self.step_label())]
        lines += [_("- Members: {names}").format(
                      names=", ".join(escape_markdown(m) for m in self.members)),
                  ngettext("- Term: {months} month", "- Term: {months} months",
                           role.term_months).format(months=role.term_months), ""]
        lines += [_("### Role"), "", md_text(role.description) or _("(no description)"), ""]
        if role.qualifications:
            lines += [_("Qualifications:"), ""]
            lines += [f"- {md_text(q)}" for q in role.qualifications]
            lines.append("")
        if self.role_changes:
            lines += [_("Changes to the role: {changes}.").format(
                changes="; ".join(md_text(c) for c in self.role_changes)), ""]
        if STEPS.index(self.step) >= STEPS.index("nomination-round"):
            lines += self._grid_lines(self.nomination_grid(), _("Nominations"))
            if self.changes:
                lines += self._grid_lines(self.nomination_grid(after_change=True),
                                          _("After the change round"))
        for number, proposal in enumerate(self.proposals, start=1):
            counted = ", ".join(f"{md_text(n)} {c}" for n, c in proposal.counts.items())
            note = (_("the most nominated") if proposal.most_nominated
                    else _("not the most nominated: proposed by reasons"))
            lines += [_("### Proposal {number}: {name} ({note})").format(
                          number=number, name=escape_markdown(proposal.candidate), note=note), "",
                      _("Counts at the time: {counts}.").format(counts=counted), "",
                      _("Reasons:"), ""]
            lines += [f"- {md_text(r)}" for r in proposal.reasons]
            lines.append("")
        if self.objections:
            lines += [_("### Objections and how they were integrated"), ""]
            for o in self.objections:
                how = "; ".join(i.summary for i in o.integrations) or _("not integrated yet")
                lines.append(_("- {member} (consent round {number}, on {candidate}): {reason}. "
                               "Integrated: {how}.").format(
                                   member=md_text(o.member), number=o.consent_round,
                                   candidate=md_text(o.candidate), reason=md_text(o.reason),
                                   how=md_text(how)))
            lines.append("")
        if self.decision is not None:
            d = self.decision
            lines += [_("Consent in consent round {number} from: {names}.").format(
                number=d.consent_rounds, names=", ".join(md_text(m) for m in d.consented_by)),
                ""]
        if self.rounds:
            lines += [_("### Rounds"), ""]
            counts: dict[str, int] = {}
            for step, rnd in self.rounds:
                counts[step] = counts.get(step, 0) + 1
                label = _(rnd.rule.label) + (f" {counts[step]}" if step == "consent-round"
                                             else "")
                lines += [f"#### {label}", "", *turn_lines(rnd, timing=False), ""]
        return "\n".join(lines).rstrip() + "\n"

    @staticmethod
    def _grid_lines(grid: NominationGrid, title: str) -> list[str]:
        lines = [f"### {title}", "", _("| Nominated by | Nominee | Reason |"), "|---|---|---|"]

        def cell(text: str) -> str:
            return escape_markdown(text)

        for e in grid.entries:
            was = _(" (was {name})").format(name=cell(e.changed_from)) if e.changed_from else ""
            lines.append(f"| {cell(e.nominator)} | {cell(e.nominee)}{was} | {cell(e.reason)} |")
        lines += ["", _("Counts: {counts}.").format(
            counts=", ".join(f"{cell(n)} {c}" for n, c in grid.counts.items())), ""]
        return lines

    def __repr__(self) -> str:
        return (f"SelectionProcess({self.role.name!r}, {list(self.members)!r}; "
                f"step={self.step!r})")


# --- the simulation -------------------------------------------------------------------------

#: The model's illustrative parameters (not measured; see :func:`compare_selection`).
COMPARISON_DEFAULTS: dict[str, float] = {
    "noise": 1.0,              # how differently members see the same person (sd of impressions)
    "popularity": 0.7,         # how much a person's popularity colours everyone's impression
    "reason_popularity": 0.5,  # how much of that colouring survives in a spoken reason (0 to 1)
    "listening": 0.5,          # how far members move towards the reasons they hear (0 to 1)
    "objection_at": -1.0,      # a member objects when they see the chosen person below this
}

METHOD_LABELS: dict[str, str] = {
    "ballot": N_("Secret ballot (plurality)"),
    "grid-counts": N_("Nomination grid, most nominated proposed"),
    "grid-reasons": N_("Nomination grid, proposal by reasons (SoFA)"),
}


@dataclass(frozen=True)
class MethodResult:
    """How one method did over all trials."""

    method: str
    label: str
    best_fit_rate: float     # share of trials in which the best-fitting person was chosen
    objection_rate: float    # share of trials in which someone would object to the chosen one
    mean_fit: float          # the chosen person's true fit, on average (0 = an average member)


@dataclass(frozen=True)
class SelectionComparison:
    """The result of :func:`compare_selection`: one :class:`MethodResult` per method."""

    group_size: int
    trials: int
    seed: int | None
    options: dict[str, float]
    results: dict[str, MethodResult]

    def summary(self) -> str:
        """What the model shows, in plain words, whichever way it comes out."""
        ballot, grid = self.results["ballot"], self.results["grid-reasons"]
        better = grid.best_fit_rate - ballot.best_fit_rate
        if abs(better) < 0.01:
            sentence = _("In {trials} simulated groups of {size}, the nomination grid with "
                         "reasons chose the best-fitting person {grid_fit} of the time, about "
                         "as often as the secret ballot ({ballot_fit}). Someone would have "
                         "objected to the chosen person in {grid_objected} of groups after the "
                         "grid and {ballot_objected} after the ballot. These numbers follow "
                         "from the model's illustrative settings, not from measurement.")
        elif better > 0:
            sentence = _("In {trials} simulated groups of {size}, the nomination grid with "
                         "reasons chose the best-fitting person {grid_fit} of the time, more "
                         "often than the secret ballot ({ballot_fit}). Someone would have "
                         "objected to the chosen person in {grid_objected} of groups after the "
                         "grid and {ballot_objected} after the ballot. These numbers follow "
                         "from the model's illustrative settings, not from measurement.")
        else:
            sentence = _("In {trials} simulated groups of {size}, the nomination grid with "
                         "reasons chose the best-fitting person {grid_fit} of the time, less "
                         "often than the secret ballot ({ballot_fit}). Someone would have "
                         "objected to the chosen person in {grid_objected} of groups after the "
                         "grid and {ballot_objected} after the ballot. These numbers follow "
                         "from the model's illustrative settings, not from measurement.")
        return sentence.format(trials=_count(self.trials), size=self.group_size,
                               grid_fit=_percent(grid.best_fit_rate),
                               ballot_fit=_percent(ballot.best_fit_rate),
                               grid_objected=_percent(grid.objection_rate),
                               ballot_objected=_percent(ballot.objection_rate))


def _count(value: int) -> str:
    """A whole number with the page's language's grouping ("10,000", "10.000")."""
    if current() == DEFAULT:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def _percent(value: float) -> str:
    """A rate as a whole percentage in the page's language ("42%", "42 %")."""
    if current() == DEFAULT:
        return f"{value:.0%}"
    from babel.numbers import format_percent

    return format_percent(value, locale=babel_locale())


def compare_selection(group_size: int, *, trials: int = 10_000, seed: int | None = 0,
                      **options: float) -> SelectionComparison:
    """The nomination grid with reasons and a change round against a secret plurality ballot.

    **An illustration, not a measurement**: the parameters (:data:`COMPARISON_DEFAULTS`) are
    chosen to show the mechanism, not estimated from real groups; the handbook gives reasons,
    not numbers. Report what it shows, whichever way it comes out.

    The model, per trial, on the same simulated members and candidates for every method:

    * every member is also a candidate; each has a true *fit* for the role and a *popularity*,
      both standard normal and independent of each other;
    * member *i*'s impression of candidate *j* is ``fit + popularity_weight * popularity +
      noise * e_ij`` (``e_ij`` standard normal): people see different sides of a person, and
      popular people look better to everyone;
    * **ballot**: each member votes, in secret, for their best impression (themselves
      included); the most votes wins, ties by lot;
    * **grid**: each member nominates their best impression (the same choice as their vote)
      and says why. A spoken reason names what the nominator saw that fits the role, so it
      carries their view of the nominee's fit with only part of the popularity colouring
      (``reason_popularity``; at 1 a reason is no better than a vote). Members move their
      impression of each nominee towards the mean of the reasons heard for them (by
      ``listening``), then nominate again (the change round), with a reason of the same kind;
    * **grid-counts** proposes the most nominated after the change round (as Holacracy does);
      **grid-reasons** proposes by reasons: the nominee whose reasons, over both rounds, are
      strongest, a lone reason counting less than several (their sum divided by their number
      plus one);
    * a member *would object* when their own impression of the chosen person is below
      ``objection_at``. The same yardstick for every method: the impressions members came with,
      not the views the grid's reasons moved (that would credit the grid for changing minds).

    Vectorised with numpy over trials (10,000 trials of 8 members: a fraction of a second).
    numpy is imported here, not with the module: a selection process does not need it.
    """
    import numpy as np

    unknown = sorted(set(options) - set(COMPARISON_DEFAULTS))
    if unknown:
        raise InputError(_("compare_selection has no setting {unknown}; the settings are: "
                           "{settings}.").format(unknown=", ".join(unknown),
                                                  settings=", ".join(COMPARISON_DEFAULTS)))
    settings = {**COMPARISON_DEFAULTS, **{k: float(v) for k, v in options.items()}}
    if isinstance(group_size, bool) or not isinstance(group_size, (int, np.integer)) \
            or group_size < 2:
        raise InputError(_("A group needs at least 2 members, not {size}.").format(
            size=repr(group_size)))
    if isinstance(trials, bool) or not isinstance(trials, (int, np.integer)) or trials < 1:
        raise InputError(_("Run at least 1 trial, not {trials}.").format(trials=repr(trials)))
    if settings["noise"] < 0 or not 0 <= settings["listening"] <= 1 \
            or not 0 <= settings["reason_popularity"] <= 1:
        raise InputError(_("noise is 0 or more; listening and reason_popularity are between 0 "
                           "and 1."))
    n, t = int(group_size), int(trials)
    rng = np.random.default_rng(seed)
    fit = rng.standard_normal((t, n))
    popularity = rng.standard_normal((t, n))
    own = settings["noise"] * rng.standard_normal((t, n, n))   # each member's own angle
    impression = (fit + settings["popularity"] * popularity)[:, None, :] + own
    reason = (fit + settings["reason_popularity"] * settings["popularity"] * popularity
              )[:, None, :] + own
    tiebreak = rng.random((t, n)) * 0.5   # below 1: only breaks ties between equal counts
    rows, members = np.arange(t)[:, None], np.arange(n)[None, :]
    flat = rows * n  # offset of each trial's candidates in a flattened (t * n) array

    def tally(choices: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Per trial and candidate: how many chose them (or the sum of ``weights``)."""
        w = None if weights is None else weights.ravel()
        return np.bincount((flat + choices).ravel(), weights=w, minlength=t * n).reshape(t, n)

    first = impression.argmax(axis=2)
    first_counts = tally(first)
    chosen = {"ballot": (first_counts + tiebreak).argmax(axis=1)}
    # Reasons heard in the nomination round: each nominator's reason for their nominee.
    heard_sum = tally(first, reason[rows, members, first])
    heard = first_counts > 0
    heard_mean = np.divide(heard_sum, first_counts, out=np.zeros_like(heard_sum), where=heard)
    listen = settings["listening"]
    informed = np.where(heard[:, None, :],
                        (1 - listen) * impression + listen * heard_mean[:, None, :], impression)
    second = informed.argmax(axis=2)
    second_counts = tally(second)
    chosen["grid-counts"] = (second_counts + tiebreak).argmax(axis=1)
    own_reason = reason[rows, members, second]
    said = np.where(heard[rows, second],
                    (1 - listen) * own_reason + listen * heard_mean[rows, second], own_reason)
    reasons_sum = heard_sum + tally(second, said)
    reasons_n = first_counts + second_counts
    strength = np.where(second_counts > 0, reasons_sum / (reasons_n + 1), -np.inf)
    chosen["grid-reasons"] = (strength + tiebreak * 1e-9).argmax(axis=1)

    best = fit.argmax(axis=1)
    results = {}
    for method, person in chosen.items():
        seen = impression[rows, members, person[:, None]]  # (t, n)
        objects = (seen < settings["objection_at"]).any(axis=1)
        results[method] = MethodResult(
            method, METHOD_LABELS[method], best_fit_rate=float((person == best).mean()),
            objection_rate=float(objects.mean()),
            mean_fit=float(fit[np.arange(t), person].mean()))
    return SelectionComparison(n, t, seed, settings, results)
