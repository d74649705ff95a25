"""How SoFA sociocracy compares with its neighbours, as data.

Learners will meet Dynamic Governance, Sociocracy 3.0, Holacracy and consensus, and will hear
claims about "sociocracy" that belong to one of them (for example "stand aside"). The course keeps
one reviewed comparison here, used by lesson 01's table and by ``TraditionCompare``.

Sources: Rau & Koch-Gonzalez, *Many Voices One Song* (SoFA, 2018), sections on consent, objections
and selection; The Sociocracy Consulting Group, *Foundations of Sociocracy* (2014) for Dynamic
Governance; the Sociocracy 3.0 Practical Guide (patterns "consent decision making", "objection",
"rounds"); the Holacracy Constitution v5.0 (2021), sections 1.4, 5.1.1 and 5.3.2-5.3.5, checked
against the text in the repository holacracyone/Holacracy-Constitution (tags v4.1 and v5.0);
for consensus, common practice as in Loomio's consensus template (agree, abstain, disagree,
block).

Two distinctions the course keeps, because mixing them up is a common error:

* **Stand aside** and **abstain** are different answers. Standing aside (consensus) means "I do
  not support this, but I will not block it and I let the group go ahead", often with the reason
  on record; abstaining (voting, and some consensus templates) means "I give no view". Neither
  exists in a SoFA consent round.
* Holacracy's names for the two links changed between constitution versions: "Lead Link" and
  "Rep Link" in v4.x, "Circle Lead" and "Circle Rep" in v5.0. :data:`HOLACRACY_TERMS` keeps both.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sociocracy.core.language import N_, _

__all__ = ["ASPECTS", "CONSENSUS_ANSWERS", "HOLACRACY_TERMS", "TRADITIONS", "Tradition",
           "tradition"]

#: Holacracy's names for the two links, by constitution version (checked against the text).
HOLACRACY_TERMS: dict[str, dict[str, str]] = {
    "v4.1": {"leader": "Lead Link", "delegate": "Rep Link"},
    "v5.0": {"leader": "Circle Lead", "delegate": "Circle Rep"},
}

#: What the answers of a consensus process mean; "stand aside" and "abstain" are not the same.
CONSENSUS_ANSWERS: dict[str, str] = {
    "agree": N_("I support the proposal."),
    "stand aside": N_("I do not support it, but I will not block it; the group may go ahead "
                      "(often with my reason on record)."),
    "abstain": N_("I give no view either way (offered by some consensus templates, and by "
                  "voting)."),
    "disagree": N_("I do not support it (in some templates, without blocking)."),
    "block": N_("I cannot let the group go ahead; in formal consensus a block stops the "
                "proposal."),
}


@dataclass(frozen=True)
class Tradition:
    """One way of deciding together, described on the same aspects as the others."""

    name: str
    decisions: str
    responses: str
    objections: str
    structure: str
    selection: str


#: Human names of the aspects, in the order tables show them.
ASPECTS: dict[str, str] = {
    "decisions": N_("How decisions are made"),
    "responses": N_("What you can say when deciding"),
    "objections": N_("Who weighs an objection"),
    "structure": N_("Structure"),
    "selection": N_("Choosing people for roles"),
}

TRADITIONS: tuple[Tradition, ...] = (
    Tradition(
        N_("Sociocracy (SoFA)"),
        N_("By consent: a proposal passes when no member of the circle objects."),
        N_("Consent or objection, nothing else. No abstaining, no standing aside, no passing."),
        N_("Nobody judges an objection: the whole circle explores how it relates to the aim and "
           "changes the proposal until it works."),
        N_("Circles with an aim and a domain, linked by a leader and a delegate (double links)."),
        N_("Open selection: nominations with reasons, then a consent round, nominee last."),
    ),
    Tradition(
        N_("Dynamic Governance"),
        N_("By consent, in the same circle method (it is the name used for it in the USA)."),
        N_("Consent or objection."),
        N_("An objection should be 'paramount and argued': reasoned and related to the shared "
           "aim."),
        N_("Circles with double links, as in SoFA."),
        N_("Open selection; volunteering for a role is not part of it."),
    ),
    Tradition(
        N_("Sociocracy 3.0"),
        N_("By consent, offered as a menu of patterns a group adopts one at a time."),
        N_("Consent, objection, and 'concerns' that do not block but are written down."),
        N_("The group qualifies objections: is there a real argument behind it?"),
        N_("Flexible: circles, roles and many other patterns, chosen as needed."),
        N_("Open selection; passing in rounds is allowed."),
    ),
    Tradition(
        N_("Holacracy"),
        N_("Integrative decision making, defined in a written constitution."),
        N_("Objections must pass a test; 'concerns' are raised freely but only count if they "
           "pass."),
        N_("The facilitator tests each objection against four criteria in the constitution."),
        N_("Circles and roles defined by the constitution; a circle's two links are the Circle "
           "Lead and the Circle Rep (Constitution v5.0; 'Lead Link' and 'Rep Link' in v4.1)."),
        N_("Integrative election for the facilitator, secretary and Circle Rep: the candidate "
           "with the most nominations is proposed. The Circle Lead assigns the other roles."),
    ),
    Tradition(
        N_("Consensus"),
        N_("By agreement: everyone supports the decision, or at least does not block it."),
        N_("Agree; stand aside (not supporting, but letting the group go ahead); in some groups "
           "abstain (no view), which is not the same; or block."),
        N_("Anyone can block; groups differ on whether a block needs reasons."),
        N_("Often the whole group decides everything together."),
        N_("Often by agreement of the whole group, sometimes by volunteering."),
    ),
)


def tradition(name: str) -> Tradition:
    """The tradition called ``name`` (case-insensitive); the error lists the known names."""
    for item in TRADITIONS:
        if item.name.lower() == name.lower():
            return item
    known = ", ".join(t.name for t in TRADITIONS)
    raise KeyError(f"no tradition called {name!r}; known: {known}")


def comparison_rows() -> list[tuple[str, ...]]:
    """Rows of the comparison table: the aspect's name, then one cell per tradition."""
    names = [f.name for f in fields(Tradition) if f.name != "name"]
    return [(_(ASPECTS[n]), *(_(getattr(t, n)) for t in TRADITIONS)) for n in names]
