"""Proposal forming: the steps SoFA follows, and why gathering considerations in rounds matters.

A proposal can only be as good as the picture it is built on. Each member of a circle privately
holds some *considerations* about an issue: needs ("I can only help on Saturdays"), facts ("the
shed floods in March") and risks ("keys go missing"). SoFA's picture forming collects them before
anyone proposes anything (Rau & Koch-Gonzalez, *Many Voices One Song*, 2018, "Understanding the
scope of the policy (picture forming)"). This module simulates what happens to those considerations
in two kinds of meeting:

- **Open discussion.** Speaking turns go to whoever takes the floor. Who takes it follows a
  the expected airtime shares of the course's open-discussion model
  (:func:`sociocracy.airtime.simulate_airtime`), calibrated to the popular figures "in a 4-person
  meeting 2 people do 62 % of the talking; with 6 people 3 do 70 %; with 8 people 3 do 70 %"
  (Leigh Thompson, *Creative Conspiracy*, 2013; the primary sourcing of these figures has been
  questioned, so treat them as illustrative). The model's steeper dominance in bigger groups is
  our assumption, in the direction of Fay, Garrod & Carletta (Psychological Science, 2000), who
  found 10-person groups influenced most by the dominant speaker where 5-person groups talked as
  a dialogue; they did not measure a curve. A
  speaker who has already voiced all their considerations repeats or argues: the turn adds
  nothing new, while a quiet member's considerations stay hidden.
- **Rounds.** Every member is asked in turn, once per round. Passing is allowed in a gathering
  round (MVOS, "Can people pass?"), so a small chance remains that someone passes and a
  consideration stays hidden; nearly all come out.

Both meetings get the same number of speaking turns, so the comparison is about *who* gets the
turns, not about meeting length. The model is deliberately small: it shows a mechanism (the
"hidden profile" finding that groups mostly discuss what everyone already knows; Mesmer-Magnus &
DeChurch, Journal of Applied Psychology, 2009), not a measurement of real meetings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from sociocracy.airtime import simulate_airtime
from sociocracy.core.errors import InputError, ProcessError
from sociocracy.core.language import N_, _

__all__ = [
    "DEFAULT_ISSUE",
    "MEMBER_NAMES",
    "MODES",
    "PROPOSAL_FORMING_STEPS",
    "Consideration",
    "PictureResult",
    "ProposalForming",
    "Step",
    "airtime_shares",
    "compare",
    "hold_considerations",
    "simulate",
]

#: The two kinds of meeting the simulation knows, with the words lessons show for them.
MODES: dict[str, str] = {"open": N_("open discussion"), "rounds": N_("rounds")}
#: The kinds of consideration as people read them (show with ``_()``).
CONSIDERATION_KINDS: dict[str, str] = {"need": N_("need"), "fact": N_("fact"),
                                       "risk": N_("risk")}

#: Names for simulated members, most talkative first (the order is the airtime rank).
MEMBER_NAMES: tuple[str, ...] = (
    "Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kemal", "Lea",
    "Mo", "Nia", "Omar", "Pia",
)

MIN_GROUP, MAX_GROUP = 2, len(MEMBER_NAMES)


@dataclass(frozen=True)
class Consideration:
    """One thing a good proposal must take into account, and who holds it privately."""

    text: str
    kind: str  # "need", "fact" or "risk"
    holder: int  # index of the member (0 = most talkative)


#: A community garden wants a policy for its shared tool shed. Each member knows something the
#: others may not. Texts are short so that a chart or a list can show them.
DEFAULT_ISSUE: tuple[tuple[str, str], ...] = (
    (N_("Who may borrow tools, and for how long?"), "need"),
    (N_("The shed floods every March."), "fact"),
    (N_("Keys have gone missing twice."), "risk"),
    (N_("Some members can only come on weekdays."), "need"),
    (N_("The lawnmower needs a trained user."), "risk"),
    (N_("Our insurance covers members only."), "fact"),
    (N_("Children use the small tools at the school visits."), "need"),
    (N_("Tools come back dirty and blunt."), "fact"),
    (N_("A neighbour offered to donate a second shed."), "fact"),
    (N_("Someone has to check the shed each week."), "need"),
    (N_("Wheelchair users cannot reach the top shelves."), "need"),
    (N_("Petrol must not be stored near the seed cupboard."), "risk"),
    (N_("The budget for repairs is 200 a year."), "fact"),
    (N_("New volunteers do not know where things go."), "need"),
    (N_("The lock is broken in frosty weather."), "fact"),
    (N_("Lending to non-members caused a quarrel last year."), "risk"),
    (N_("How will we know the policy works?"), "need"),
    (N_("The council inspects the site in June."), "fact"),
    (N_("Sharp tools left out are a danger at the playgroup."), "risk"),
    (N_("Some tools belong to members, not the garden."), "fact"),
    (N_("A sign-out sheet was tried and forgotten."), "fact"),
    (N_("Heavy tools need two people to carry."), "risk"),
    (N_("People want a say in what we buy next."), "need"),
    (N_("The shed has no light after dark."), "fact"),
)


@lru_cache(maxsize=32)
def _expected_open_shares(group_size: int) -> tuple[float, ...]:
    # Averaged over many simulated meetings, ranked; seeded, so the course is reproducible.
    shares = simulate_airtime(group_size, "open", meetings=4000, seed=0)
    return tuple(np.sort(shares, axis=1)[:, ::-1].mean(axis=0))


def airtime_shares(group_size: int) -> np.ndarray:
    """Each member's expected share of speaking turns in open discussion (most talkative first).

    Taken from the course's one open-discussion model, :func:`sociocracy.airtime.simulate_airtime`
    (calibrated there to Thompson's figures: with 4 people the top two get about 62 %, with 6 and
    8 people the top three about 70 %), ranked and averaged over many meetings.
    """
    _check_group_size(group_size)
    return np.array(_expected_open_shares(group_size))


def _check_group_size(group_size: int) -> None:
    if not MIN_GROUP <= group_size <= MAX_GROUP:
        raise InputError(_("A group size must be between {low} and {high}, not {size}."
                           ).format(low=MIN_GROUP, high=MAX_GROUP, size=group_size))


def hold_considerations(group_size: int, per_member: int = 2,
                        issue: Sequence[tuple[str, str]] = DEFAULT_ISSUE,
                        ) -> tuple[Consideration, ...]:
    """Deal the issue's considerations to members, ``per_member`` each, member by member.

    Consideration ``j`` of member ``m`` is ``issue[m * per_member + j]``, so the same member
    always holds the same texts and lessons can name them. When the issue has too few texts, the
    rest are labelled generically ("Ana's consideration 3"). The course's own issue comes in the
    page's language; an issue given by the caller stays as written.
    """
    _check_group_size(group_size)
    if per_member < 1:
        raise ValueError(_("each member needs at least one consideration"))
    held = []
    for member in range(group_size):
        for j in range(per_member):
            index = member * per_member + j
            if index < len(issue):
                text, kind = issue[index]
                text = _(text) if issue is DEFAULT_ISSUE else text
            else:
                text = _("{name}'s consideration {number}").format(name=MEMBER_NAMES[member],
                                                                   number=j + 1)
                kind = "need"
            held.append(Consideration(text=text, kind=kind, holder=member))
    return tuple(held)


@dataclass(frozen=True)
class PictureResult:
    """What came out in many simulated meetings of one kind.

    ``surfaced[k, c]`` is True when consideration ``c`` was voiced in meeting ``k``.
    """

    mode: str
    group_size: int
    per_member: int
    turns: int
    considerations: tuple[Consideration, ...]
    surfaced: np.ndarray = field(repr=False)

    @property
    def meetings(self) -> int:
        return int(self.surfaced.shape[0])

    @property
    def total(self) -> int:
        """How many considerations the group holds between them."""
        return len(self.considerations)

    @property
    def counts(self) -> np.ndarray:
        """Considerations voiced in each meeting."""
        return self.surfaced.sum(axis=1)

    @property
    def mean_surfaced(self) -> float:
        """Average number of considerations voiced per meeting."""
        return float(self.counts.mean())

    @property
    def picture_share(self) -> float:
        """Average share of the whole picture (0 to 1) a proposal would be built on."""
        return self.mean_surfaced / self.total

    @property
    def complete_share(self) -> float:
        """Share of meetings in which every single consideration came out."""
        return float((self.counts == self.total).mean())

    def voiced_by_member(self) -> np.ndarray:
        """Average number of each member's considerations voiced per meeting."""
        holders = np.array([c.holder for c in self.considerations])
        sums = np.zeros((self.meetings, self.group_size))
        np.add.at(sums.T, holders, self.surfaced.T)
        return sums.mean(axis=0)

    def surfaced_in(self, meeting: int = 0) -> list[Consideration]:
        """The considerations voiced in one meeting, in the order they are listed."""
        row = self.surfaced[meeting]
        return [c for c, out in zip(self.considerations, row, strict=True) if out]

    def hidden_in(self, meeting: int = 0) -> list[Consideration]:
        """The considerations that stayed hidden in one meeting."""
        row = self.surfaced[meeting]
        return [c for c, out in zip(self.considerations, row, strict=True) if not out]

    def quiet_half_share(self) -> float:
        """Share of the quieter half's considerations that came out (0 to 1).

        The quieter half is the lower-ranked half of the group by open-discussion airtime.
        """
        half = self.group_size // 2
        quiet = [i for i, c in enumerate(self.considerations) if c.holder >= self.group_size - half]
        if not quiet:
            return 1.0
        return float(self.surfaced[:, quiet].mean())


def simulate(mode: str, group_size: int, *, per_member: int = 2, meetings: int = 1000,
             turns: int | None = None, pass_chance: float = 0.05,
             seed: int | None = None) -> PictureResult:
    """Simulate ``meetings`` picture-forming conversations at once (vectorised Monte Carlo).

    ``turns`` is the number of speaking turns in a meeting; by default one per consideration
    (``group_size * per_member``), which is what ``per_member`` rounds take. In ``"open"`` mode
    the turns are dealt by :func:`airtime_shares`; each turn voices the speaker's next unvoiced
    consideration, or nothing new if they have voiced them all. In ``"rounds"`` mode each member
    gets ``turns // group_size`` turns (at least one) and passes on a turn with ``pass_chance``.
    """
    if mode not in MODES:
        raise ValueError(_("mode must be one of {modes}, not {mode}").format(
            modes=sorted(MODES), mode=repr(mode)))
    if meetings < 1:
        raise ValueError(_("simulate at least one meeting"))
    if not 0.0 <= pass_chance <= 1.0:
        raise ValueError(_("pass_chance is a probability between 0 and 1"))
    held = hold_considerations(group_size, per_member)
    turns = group_size * per_member if turns is None else turns
    if turns < 1:
        raise ValueError(_("a meeting needs at least one speaking turn"))
    rng = np.random.default_rng(seed)
    if mode == "open":
        spoken = rng.multinomial(turns, airtime_shares(group_size), size=meetings)
    else:
        rounds = max(1, turns // group_size)
        spoken = rng.binomial(rounds, 1.0 - pass_chance, size=(meetings, group_size))
    voiced = np.minimum(spoken, per_member)  # how many of each member's came out
    # Member m's j-th consideration is out when they voiced more than j of theirs.
    order = np.arange(per_member)
    surfaced = (voiced[:, :, None] > order[None, None, :]).reshape(meetings, -1)
    return PictureResult(mode=mode, group_size=group_size, per_member=per_member, turns=turns,
                         considerations=held, surfaced=surfaced)


def compare(group_size: int, *, per_member: int = 2, meetings: int = 1000,
            pass_chance: float = 0.05, seed: int | None = None) -> dict[str, PictureResult]:
    """Open discussion and rounds with the same group, the same turns and one seed.

    The two modes draw from independent streams spawned from ``seed``, so changing one mode's
    model never changes the other's numbers.
    """
    streams = np.random.SeedSequence(seed).spawn(len(MODES))
    return {
        mode: simulate(mode, group_size, per_member=per_member, meetings=meetings,
                       pass_chance=pass_chance,
                       seed=int(stream.generate_state(1)[0]))
        for mode, stream in zip(MODES, streams, strict=True)
    }


# --- The proposal-forming process, as data ------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of SoFA's proposal forming: which phase, who does it, and when it is complete.

    The texts are English, marked for the catalogs: show them with ``_()``."""

    key: str
    phase: str  # "understand", "explore" or "decide"
    name: str
    who: str
    what: str
    complete_when: str


#: SoFA's policy process in four steps (MVOS, "Making policy - step by step"; SoFA,
#: "Participatory proposal writing"). Written in our own words.
PROPOSAL_FORMING_STEPS: tuple[Step, ...] = (
    Step("understand", "understand", N_("Understand the issue"),
         N_("the whole circle"),
         N_("Hear what is going on and what needs lie under it; agree a short needs statement."),
         N_("everyone can say what the proposal must solve, and why")),
    Step("picture", "explore", N_("Picture forming: gather considerations"),
         N_("the whole circle, in rounds"),
         N_("Collect the questions and facts a good proposal must answer. No solutions yet."),
         N_("a round brings nothing new")),
    Step("shape", "explore", N_("Proposal shaping and synthesis"),
         N_("ideas from everyone; one or two people write the draft"),
         N_("Gather ideas in a round, then one or two people turn them into a draft that "
            "answers every consideration, often between meetings."),
         N_("there is a written draft that covers the picture")),
    Step("consent", "decide", N_("Consent"),
         N_("the whole circle"),
         N_("Run the consent process on the draft: questions, quick reactions, consent round."),
         N_("nobody objects, and the decision is written down")),
)


class ProposalForming:
    """A small state machine that walks through :data:`PROPOSAL_FORMING_STEPS` in order.

    It keeps what a learner gathers (considerations, ideas) and insists on the two rules that
    matter most: no proposal before the picture is formed, and one or two drafters, not the whole
    group (SoFA discourages wordsmithing as a group).
    """

    def __init__(self) -> None:
        self._index = 0
        self.considerations: list[str] = []
        self.ideas: list[str] = []
        self.drafters: tuple[str, ...] = ()
        self.draft: str = ""

    @property
    def current(self) -> Step | None:
        """The step to do now, or None when the process is complete."""
        if self._index >= len(PROPOSAL_FORMING_STEPS):
            return None
        return PROPOSAL_FORMING_STEPS[self._index]

    @property
    def done(self) -> tuple[Step, ...]:
        return PROPOSAL_FORMING_STEPS[: self._index]

    @property
    def finished(self) -> bool:
        return self.current is None

    def _expect(self, key: str) -> None:
        step = self.current
        if step is None:
            raise ProcessError(_("The proposal is already decided; start a new one to continue."))
        if step.key != key:
            raise ProcessError(_("Not yet: the next step is '{step}'.").format(step=_(step.name)))

    def understand(self) -> None:
        """Mark the issue as understood (the needs statement is agreed)."""
        self._expect("understand")
        self._index += 1

    def gather(self, considerations: Sequence[str]) -> None:
        """Record the considerations a picture-forming round brought out."""
        self._expect("picture")
        items = [c.strip() for c in considerations if c and c.strip()]
        if not items:
            raise ValueError(_("picture forming needs at least one consideration"))
        self.considerations.extend(items)
        self._index += 1

    def shape(self, ideas: Sequence[str], drafters: Sequence[str], draft: str) -> None:
        """Record the ideas, who synthesised them (one or two people) and their draft."""
        self._expect("shape")
        names = tuple(n.strip() for n in drafters if n and n.strip())
        if not 1 <= len(names) <= 2:
            raise ValueError(_("one or two people write the draft, not {count}: the whole group "
                               "gives ideas, a small team synthesises").format(count=len(names)))
        if not draft.strip():
            raise ValueError(_("the draft proposal is empty"))
        self.ideas.extend(i.strip() for i in ideas if i and i.strip())
        self.drafters = names
        self.draft = draft.strip()
        self._index += 1

    def consent(self) -> None:
        """Mark the draft as decided by consent."""
        self._expect("consent")
        self._index += 1
