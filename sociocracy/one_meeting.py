"""Change one meeting: an ordinary meeting, and up to three small moves anyone can make in it.

Benefit 1 of the course (awareness and education) says an ambassador leaves people with small
moves they can try in their very next meeting, from any seat, without a mandate to "introduce
sociocracy". SoFA lists such moves for individuals in any meeting: invite a round, ask for
objections, add a measurement (SoFA, "What can I do to make any meeting better?",
sociocracyforall.org/for-individuals/). The handbook gives the practices behind them: rounds,
restating the proposal before the consent round ("Re-state proposal"), asking "do you have an
objection?" ("Consent round"), a term end on every decision ("Term ends") and a meeting
evaluation round ("Meeting evaluations") (Rau & Koch-Gonzalez, *Many Voices One Song*, 2018).

This module composes the course's existing models; it has no rule of its own for who talks or who
can work with what:

* **Who speaks**: :func:`sociocracy.airtime.simulate_airtime` (open discussion, or rounds once
  someone proposes a round), calibrated there to the figures the course cites.
* **Who can work with the decision**: :func:`sociocracy.tolerance.decide` on the course's example
  circle (:data:`sociocracy.tolerance.EXAMPLE_MEMBERS`, open evenings a month at a hall).

What the model assumes (our choices, not findings; the lesson says so too):

* The ordinary meeting decides what its **loudest** member wants: the person with the largest
  share of the talk proposes their own preference and nobody asks for objections.
* A member is **heard** when their share of the talk is at least half an equal share. Only heard
  members raise an objection when someone asks for objections; in rounds everyone has a turn.
* Asking for objections moves the decision to the point nearest the loudest member's proposal
  that every heard member can work with (an amendment); if there is none, nothing is decided
  today and the proposal goes back to be reworked.
* Without a **read-back**, members who were not heard leave unsure what was decided.
* A **review date** gives people outside their tolerance a set time to bring it back; an
  **evaluation** round lets them (and the unheard) say so before they leave. Without either,
  the model says they "would object afterwards", outside the meeting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sociocracy.airtime import simulate_airtime
from sociocracy.core.errors import InputError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.tolerance import EXAMPLE_MEMBERS, EXAMPLE_TOPIC, SPACE, Member, decide

__all__ = ["MAX_MOVES", "MEETINGS", "MOVES", "MeetingResult", "Move", "run_meeting"]

#: At most this many moves: a person without a role can ask for a few things, not run the meeting.
MAX_MOVES = 3


@dataclass(frozen=True)
class Move:
    """A move an ambassador can make from any seat: what they say, and what it changes.

    ``label`` and ``says`` are English, marked for the catalogs: show them with ``_()``."""

    key: str
    label: str
    says: str


#: The moves, in the order the widget offers them.
MOVES: tuple[Move, ...] = (
    Move("round", N_("Propose a round"),
         N_("Could we go round once, so that we hear from everyone before we decide?")),
    Move("read_back", N_("Ask for the proposal to be read back"),
         N_("Before we decide, could someone read out exactly what we are deciding?")),
    Move("objections", N_("Ask whether anyone has an objection"),
         N_("Is there anyone who cannot work with this? Let's hear it before we decide.")),
    Move("review", N_("Propose a review date"),
         N_("Could we try it for three months and look at it again then?")),
    Move("evaluation", N_("Propose a short evaluation at the end"),
         N_("Could we take five minutes at the end: what worked today, what would we change?")),
)
_BY_KEY = {move.key: move for move in MOVES}

#: The simulated meetings a learner can choose: label -> airtime seed. Different seeds give
#: different loudest members, so the same moves meet different rooms. The labels are English,
#: marked for the catalogs: show them with ``_()``.
MEETINGS: dict[str, int] = {N_("Tuesday's meeting"): 8, N_("Thursday's meeting"): 2,
                            N_("Saturday's meeting"): 0}

#: Review date proposed by the "review" move, in months.
REVIEW_MONTHS = 3


@dataclass(frozen=True)
class MeetingResult:
    """What happened in one meeting: who spoke, what was decided, who is left outside."""

    moves: tuple[str, ...]
    mode: str                           # "open" or "rounds"
    shares: dict[str, float]            # each member's share of the talk
    loudest: str
    proposal: float                     # what the loudest member proposed (their preference)
    decision: float | None              # None: nothing decided, the proposal goes back
    heard: tuple[str, ...]
    objections_raised: tuple[str, ...]  # heard members outside their tolerance, when asked
    outside: tuple[str, ...]            # cannot work with the decision (tolerance model)
    unsure: tuple[str, ...]             # leave unsure what was decided
    review_months: int | None
    evaluation_voices: tuple[str, ...]  # what the evaluation round brings out, one per line

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def object_afterwards(self) -> tuple[str, ...]:
        """People who cannot work with the decision and have no way to say so in the meeting."""
        if self.review_months is not None or "evaluation" in self.moves:
            return ()
        return self.outside

    def decision_sentence(self) -> str:
        topic = _(EXAMPLE_TOPIC)
        if self.decision is None:
            return _("Nothing about {topic}: the objections heard leave no point everyone can "
                     "work with, so the proposal goes back to be reworked.").format(topic=topic)
        amount = _evenings(self.decision)
        amount = amount[:1].upper() + amount[1:]
        if self.decision == self.proposal:
            how = _("as the loudest member proposed")
        else:
            how = _("amended from {evenings} after the objections").format(
                evenings=_evenings(self.proposal))
        if self.review_months is not None:
            return ngettext("{amount} a month at the hall, {how}, to be reviewed in {months} "
                            "month.",
                            "{amount} a month at the hall, {how}, to be reviewed in {months} "
                            "months.", self.review_months).format(
                                amount=amount, how=how, months=self.review_months)
        return _("{amount} a month at the hall, {how}.").format(amount=amount, how=how)


def _evenings(value: float) -> str:
    count = int(value) if float(value).is_integer() else 2  # a fraction reads as plural
    return ngettext("{count} open evening", "{count} open evenings", count).format(
        count=f"{value:g}")


def _moves(moves: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(moves))
    unknown = [m for m in chosen if m not in _BY_KEY]
    if unknown:
        raise InputError(_("There is no move called '{move}'; the moves are: {moves}."
                           ).format(move=unknown[0], moves=", ".join(_BY_KEY)))
    if len(chosen) > MAX_MOVES:
        raise InputError(_("Choose at most {count} moves: one person asking for everything at "
                           "once is running the meeting, not joining it.").format(
                               count=MAX_MOVES))
    return tuple(m for m in _BY_KEY if m in chosen)  # in the order of MOVES


def _common_range(members: Sequence[Member]) -> tuple[float, float] | None:
    """The stretch of the scale every one of ``members`` can work with, or None."""
    low = max([SPACE[0], *(m.tolerance_range[0] for m in members)])
    high = min([SPACE[1], *(m.tolerance_range[1] for m in members)])
    return (low, high) if low <= high else None


def run_meeting(moves: Iterable[str] = (), *, seed: int = 8,
                members: Sequence[Member] = EXAMPLE_MEMBERS) -> MeetingResult:
    """Run the meeting with ``moves`` (keys of :data:`MOVES`, at most :data:`MAX_MOVES`).

    The same ``seed`` and moves give the same meeting; the moves are independent of order.
    """
    chosen = _moves(moves)
    names = [m.name for m in members]
    mode = "rounds" if "round" in chosen else "open"
    # The loudest member is the loudest of the open discussion: a round changes who is heard,
    # not who came with a proposal.
    open_row = simulate_airtime(len(members), "open", seed=seed)[0]
    loudest = names[int(open_row.argmax())]
    row = open_row if mode == "open" else simulate_airtime(len(members), "rounds", seed=seed)[0]
    shares = {name: float(share) for name, share in zip(names, row, strict=True)}
    by_name = {m.name: m for m in members}
    proposal = float(by_name[loudest].point[0])
    heard = tuple(n for n in names if shares[n] >= 0.5 / len(names))

    decision: float | None = proposal
    objections: tuple[str, ...] = ()
    if "objections" in chosen:
        objections = decide("consent", [by_name[n] for n in heard], proposal).outside
        if objections:
            common = _common_range([by_name[n] for n in heard])
            decision = (None if common is None
                        else round(min(max(proposal, common[0]), common[1]), 1))
    outside = decide("consent", members, decision).outside if decision is not None else ()
    unsure = () if "read_back" in chosen or decision is None else tuple(
        n for n in names if n not in heard)
    review = REVIEW_MONTHS if "review" in chosen and decision is not None else None
    voices: list[str] = []
    if "evaluation" in chosen:
        voices += [_("{name}: I cannot work with this decision and would like it back on the "
                     "agenda.").format(name=n) for n in outside]
        voices += [_("{name}: I hardly got a word in today.").format(name=n)
                   for n in names if n not in heard]
        voices += [_("{name}: I was not sure what we decided.").format(name=n)
                   for n in unsure if n in heard]
        if not voices:
            voices.append(_("Everyone: it worked; keep doing what we did today."))
    return MeetingResult(moves=chosen, mode=mode, shares=shares, loudest=loudest,
                         proposal=proposal, decision=decision, heard=heard,
                         objections_raised=objections, outside=tuple(outside), unsure=unsure,
                         review_months=review, evaluation_voices=tuple(voices))
