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
from sociocracy.core.language import DEFAULT, N_, _, babel_locale, current, ngettext

__all__ = ["CIRCLE_ROLES", "MeetingLoad"]

#: The circle roles SoFA describes for every circle (MVOS, "Circle roles").
CIRCLE_ROLES: tuple[str, ...] = ("leader", "delegate", "facilitator", "secretary")

#: The settings that cannot be negative, as people read them.
_SETTING_NAMES: dict[str, str] = {
    "hours_per_meeting": N_("Hours per meeting"),
    "meetings_per_month": N_("Meetings per month"),
    "hours_available": N_("Hours available"),
}


def _one_decimal(value: float) -> str:
    """A figure with one decimal, in the page's language ("1.5", "1,5")."""
    if current() == DEFAULT:
        return f"{value:.1f}"
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.0", locale=babel_locale())


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
            raise InputError(_("A group needs at least one person."))
        if self.circles < 1:
            raise InputError(_("A structure needs at least one circle."))
        if self.circle_size < 2:
            raise InputError(_("A circle needs at least two members."))
        if self.circle_size > self.people:
            raise InputError(_("A circle of {size} cannot be filled by {people} people.").format(
                size=self.circle_size, people=self.people))
        for name, shown in _SETTING_NAMES.items():
            if getattr(self, name) < 0:
                raise InputError(_("{setting} cannot be negative.").format(setting=_(shown)))

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
        if self.overloaded:
            sentence = ngettext(
                "{circles} circle of {size} for {people} people: each person sits in {seats} "
                "circles on average, holds {roles} circle roles, and spends {hours} hours a "
                "month in meetings, more than the {available} hours people said they can give.",
                "{circles} circles of {size} for {people} people: each person sits in {seats} "
                "circles on average, holds {roles} circle roles, and spends {hours} hours a "
                "month in meetings, more than the {available} hours people said they can give.",
                self.circles)
        else:
            sentence = ngettext(
                "{circles} circle of {size} for {people} people: each person sits in {seats} "
                "circles on average, holds {roles} circle roles, and spends {hours} hours a "
                "month in meetings, within the {available} hours people said they can give.",
                "{circles} circles of {size} for {people} people: each person sits in {seats} "
                "circles on average, holds {roles} circle roles, and spends {hours} hours a "
                "month in meetings, within the {available} hours people said they can give.",
                self.circles)
        return sentence.format(circles=self.circles, size=self.circle_size, people=self.people,
                               seats=_one_decimal(self.seats_per_person),
                               roles=_one_decimal(self.roles_per_person),
                               hours=_one_decimal(self.hours_per_person),
                               available=f"{self.hours_available:g}")

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeetingLoad:
        return cls(**data)
