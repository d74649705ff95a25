"""Meeting load: how much meeting time and how many roles a circle structure asks of each person.

SoFA's handbook names a typical pitfall: starting an organisation with too many circles (and too
many meetings) for the people and the work there are; "we can only populate as many circles as we
can populate" (Rau & Koch-Gonzalez, *Many Voices One Song*, 2018, "'Too-many-meetings' and
'too-many-circles' syndrome"). Practitioners also report roles held until exhaustion (a user's
request in Rolebase issue 53). How often groups struggle for this reason rather than another has not
been measured; the course presents it as practitioners' experience. This module does the arithmetic
a group can do on a napkin, so that a learner can see how fast a structure designed "for
completeness" outgrows a small group.

The numbers are deliberately simple averages: seats are spread evenly over people, and every
circle fills the four circle roles SoFA names (leader, delegate, facilitator, secretary; MVOS,
"Circle roles"). There is no source for a "healthy" number of meeting hours: the comparison is
with what the group's own members say they can give.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sociocracy.core.errors import InputError

__all__ = ["CIRCLE_ROLES", "MeetingLoad"]

#: The circle roles SoFA describes for every circle (MVOS, "Circle roles").
CIRCLE_ROLES: tuple[str, ...] = ("leader", "delegate", "facilitator", "secretary")


@dataclass(frozen=True)
class MeetingLoad:
    """A structure (circles of a size, meeting so often) laid over a number of people."""

    people: int
    circles: int
    circle_size: int = 6
    hours_per_meeting: float = 2.0
    meetings_per_month: float = 1.0
    hours_available: float = 4.0  # per person per month, as the group's members say

    def __post_init__(self) -> None:
        if self.people < 1:
            raise InputError("A group needs at least one person.")
        if self.circles < 1:
            raise InputError("A structure needs at least one circle.")
        if self.circle_size < 2:
            raise InputError("A circle needs at least two members.")
        if self.circle_size > self.people:
            raise InputError(f"A circle of {self.circle_size} cannot be filled by "
                             f"{self.people} people.")
        for name in ("hours_per_meeting", "meetings_per_month", "hours_available"):
            if getattr(self, name) < 0:
                raise InputError(f"{name.replace('_', ' ').capitalize()} cannot be negative.")

    @property
    def seats(self) -> int:
        """Circle memberships to fill (a person in two circles fills two seats)."""
        return self.circles * self.circle_size

    @property
    def seats_per_person(self) -> float:
        return self.seats / self.people

    @property
    def roles(self) -> int:
        """Circle roles to fill: the four SoFA roles in every circle."""
        return self.circles * len(CIRCLE_ROLES)

    @property
    def roles_per_person(self) -> float:
        return self.roles / self.people

    @property
    def hours_per_person(self) -> float:
        """Average meeting hours per person per month."""
        return self.seats_per_person * self.hours_per_meeting * self.meetings_per_month

    @property
    def overloaded(self) -> bool:
        """Whether the average person would need more meeting time than they can give."""
        return self.hours_per_person > self.hours_available

    def summary(self) -> str:
        """One plain sentence a learner can read aloud."""
        verdict = ("more than" if self.overloaded else "within")
        return (f"{self.circles} circle{'s' if self.circles != 1 else ''} of {self.circle_size} "
                f"for {self.people} people: each person sits in {self.seats_per_person:.1f} "
                f"circles on average, holds {self.roles_per_person:.1f} circle roles, and spends "
                f"{self.hours_per_person:.1f} hours a month in meetings, {verdict} the "
                f"{self.hours_available:g} hours people said they can give.")

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeetingLoad:
        return cls(**data)
