"""An organisation's parts as data: circles, roles, findings, and SoFA's structure constants.

Kept below :mod:`sociocracy.circles` so that the structure rules (``circle_rules``) and the
layout (``circle_layout``) can use the parts without importing the organisation that uses them:
dependencies run one way, model <- rules and layout <- organisation.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sociocracy.core.language import pgettext

__all__ = [
    "CIRCLE_ROLES", "CIRCLE_TYPES", "FINDING_CODES", "Circle", "Finding", "Role", "Structure",
    "role_label", "type_label",
]

#: The kinds of circle SoFA names ([MVOS] "Types of circles").
CIRCLE_TYPES: tuple[str, ...] = ("mission", "general", "department", "helping")
#: Roles every circle fills from its own members ([MVOS] "Circle roles").
CIRCLE_ROLES: tuple[str, ...] = ("leader", "delegate", "facilitator", "secretary")
#: SoFA's default circle size is 5 to 7; we warn only outside 3 to 9 ([MVOS] "Membership").
SMALLEST_CIRCLE, LARGEST_CIRCLE = 3, 9

#: Every code :meth:`Organization.validate` can return, with its severity.
FINDING_CODES: dict[str, str] = {
    "no-circles": "error",
    "duplicate-circle": "error",
    "missing-aim": "error",
    "missing-domain": "error",
    "unknown-parent": "error",
    "cycle": "error",
    "several-top-circles": "error",
    "no-leader": "error",
    "no-delegate": "error",          # a warning for helping circles
    "leader-is-delegate": "error",
    "role-not-member": "error",
    "link-not-in-parent": "error",
    "overlapping-domains": "error",
    "circle-size": "warning",
    "duplicate-member": "warning",
    "term-ended": "warning",
    "unknown-field": "warning",
}



def type_label(kind: str) -> str:
    """A circle type as people read it in the page's language ("department" -> "departamento");
    the file's word (``type: department``) stays English. An unknown type is shown as written."""
    labels = {"mission": pgettext("circle type", "mission"),
              "general": pgettext("circle type", "general"),
              "department": pgettext("circle type", "department"),
              "helping": pgettext("circle type", "helping")}
    return labels.get(kind, kind)


def role_label(role: str) -> str:
    """A circle role as people read it in the page's language ("leader" -> "líder"); the file's
    key (``leader:``) stays English. Any other role (a trainer's own) is shown as written."""
    labels = {"leader": pgettext("circle role", "leader"),
              "delegate": pgettext("circle role", "delegate"),
              "facilitator": pgettext("circle role", "facilitator"),
              "secretary": pgettext("circle role", "secretary")}
    return labels.get(role, role)


_CIRCLE_FIELDS = ("name", "type", "parent", "aim", "domain", "members", *CIRCLE_ROLES, "roles")
_ROLE_FIELDS = ("name", "holder", "term_end", "description")
_TOP_FIELDS = ("organization", "circles")


@dataclass
class Role:
    """An operational role: a package of recurring tasks with a holder and a term end.

    Roles have terms ([MVOS] "Terms": short terms cost meeting time in selections, long ones
    miss chances to spread leadership). That terms protect people from burning out is
    practitioners' experience (users asking for term reminders, Rolebase issue 53), not
    something MVOS claims (benefit 9, sustainable practices).
    """

    name: str
    holder: str | None = None
    term_end: date | None = None
    description: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.holder:
            data["holder"] = self.holder
        if self.term_end:
            data["term_end"] = self.term_end
        if self.description:
            data["description"] = self.description
        return data


@dataclass
class Circle:
    """One circle: who is in it, what it is for (aim), what it decides (domain), who links it.

    ``domain`` is text, or a list of items; items are what :meth:`Organization.validate` compares
    to find two circles that both think they decide the same thing. ``extra`` keeps fields we do
    not know, so that saving a trainer's file does not silently drop them. ``lines`` maps field
    names to their line in the file (``""`` is the circle's first line).
    """

    name: str
    aim: str = ""
    domain: str | list[str] = ""
    parent: str | None = None
    type: str = "department"
    members: list[str] = field(default_factory=list)
    leader: str | None = None
    delegate: str | None = None
    facilitator: str | None = None
    secretary: str | None = None
    roles: list[Role] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, name: str = "") -> int | None:
        """The line of a field, falling back to the circle's first line."""
        return self.lines.get(name, self.lines.get(""))

    def domain_items(self) -> list[str]:
        """The domain split into comparable items ("Garden, tools; compost" -> 3 items)."""
        parts = self.domain if isinstance(self.domain, list) else [self.domain]
        items = []
        for part in parts:
            for piece in str(part).replace(";", ",").replace("\n", ",").split(","):
                item = " ".join(piece.split()).strip(" .").casefold()
                if item:
                    items.append(item)
        return items

    def role_holders(self) -> Iterator[tuple[str, str]]:
        """(role name, person) for every filled role, circle roles first."""
        for role in CIRCLE_ROLES:
            person = getattr(self, role)
            if person:
                yield role, person
        for op in self.roles:
            if op.holder:
                yield op.name, op.holder

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the order trainers read it; empty fields are left out."""
        data: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.parent:
            data["parent"] = self.parent
        data["aim"] = self.aim
        data["domain"] = list(self.domain) if isinstance(self.domain, list) else self.domain
        data["members"] = list(self.members)
        for role in CIRCLE_ROLES:
            if getattr(self, role):
                data[role] = getattr(self, role)
        if self.roles:
            data["roles"] = [role.to_dict() for role in self.roles]
        data.update(copy.deepcopy(self.extra))
        return data


@dataclass(frozen=True)
class Finding:
    """One thing :meth:`Organization.validate` noticed, in words a trainer can act on.

    ``severity`` is ``"error"`` (the structure does not work as sociocracy intends) or
    ``"warning"`` (worth a look; it may be fine). ``circle`` is the circle's name (``None`` for
    the whole organisation); ``line`` the line in the file when the organisation came from one.

    ``message`` speaks of the file ("add 'aim:'"), for ``check`` and trainers. An app that edits
    the organisation on screen asks :meth:`in_app` instead, passing where each field is fixed in
    the app (``{"aim": "in the Aim box"}``); ``field`` names the field the finding is about, so
    the app can point at its own control.
    """

    code: str
    severity: str
    circle: str | None
    message: str
    line: int | None = None
    field: str | None = None
    app_text: Callable[[Callable[[str], str]], str] | None = dataclasses.field(
        default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.severity} {self.code}: {self.message}"

    def in_app(self, where: Mapping[str, str] | None = None) -> str:
        """The message in an app's words: ``where[field]`` says where that field is set there
        ("in the Aim box"); a field missing from ``where`` is named without a place."""
        if self.app_text is None:
            return self.message
        places = where or {}
        return self.app_text(lambda name: f" {places[name]}" if places.get(name) else "")


class Structure(Protocol):
    """What the rules and the layout read of an organisation (``circles.Organization``)."""

    name: str
    circles: list[Circle]
    extra: dict[str, Any]
    lines: dict[str, int]


