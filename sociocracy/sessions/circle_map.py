"""The circle map app's session: an organisation mapped change by change, each change kept first.

A :class:`CircleMapSession` owns the :class:`~sociocracy.circles.Organization` being built. Every
change goes through the organisation's own rules; when it changed the map, the whole map (small
YAML) is written to the workshop record as one ``"map"`` step *before* the change counts, and a
change the record refuses leaves the map as it was, with the record's sentence. "Undo" and
opening a file are changes like the others. Resuming reads the last map of the record with the
same loader as an organisation file.

A circle map has no natural end (:attr:`CircleMapSession.ENDS` is false): its record is started
with the first change and stays open until a new map is started; none is ever marked
"unfinished".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sociocracy.circle_labels import and_list
from sociocracy.circle_model import role_label
from sociocracy.circles import CIRCLE_ROLES, Organization, load_organization, parse_organization
from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.names import clean_name

from .audience import AudienceState
from .base import AppSession
from .keeper import Recorded

__all__ = ["APP", "AUDIENCE", "CircleMapSession", "CircleMapState", "map_file_name", "recorded_map"]

#: The name under which the circle map app's maps are kept in the workshop record.
APP = "circle-map"
#: The name of the map's audience view (``apps/audience.ipynb?app=circle_map``).
AUDIENCE = "circle_map"
#: The fields of a circle set from a text box or a choice (``set_field``).
FIELDS = ("type", "aim", "domain")


def map_file_name(name: str, default: str = "our_organisation") -> str:
    """A safe file name for a map: no folders, no NUL or odd characters, always ``.yaml``.

    Letters of any language stay (``Coopérative.yaml``); anything else becomes ``-``.
    """
    last = re.split(r"[/\\]", name.strip())[-1]
    stem = re.sub(r"[^\w.-]+", "-", last).strip(".-")
    if stem.lower().endswith((".yaml", ".yml")):
        stem = stem.rsplit(".", 1)[0].rstrip(".-")
    return f"{stem or default}.yaml"


def recorded_map(recorded: Recorded) -> Organization:
    """The map as last recorded, read by the same loader and rules as an organisation file."""
    steps = [data for step, data in recorded.steps if step == "map"]
    if not steps:
        raise CourseError(_("Nothing was recorded in this map."))
    return parse_organization(steps[-1]["map"], _("the record of '{title}'").format(
        title=recorded.title))


@dataclass(frozen=True)
class CircleMapState:
    """What a view of the map shows, at one moment: the organisation's name and circles (in
    order), whether "Undo" can do something, how many changes this session made, ``notice``
    (what the last change did, for people) and ``message`` (the last refusal, "" when done)."""

    name: str
    circles: tuple[str, ...]
    can_undo: bool
    changes: int
    notice: str
    message: str
    taken_over: bool


class CircleMapSession(AppSession[CircleMapState]):
    """A map being built, without a screen. ``org``: an organisation, or the path of an
    organisation file (default: an empty "Our organisation"). ``record=True`` keeps every change
    in the workshop record (``store``, default: the user's record)."""

    APP = APP
    AUDIENCE = AUDIENCE
    NOUN = N_("circle map")
    ENDS = False

    def __init__(self, org: Organization | str | Path | None = None, *, store: Any = None,
                 record: bool = False, owner: str | None = None) -> None:
        super().__init__(store=store, record=record, owner=owner)
        if org is None:
            org = Organization(_("Our organisation"))
        self.org: Organization = org if isinstance(org, Organization) else \
            load_organization(org)
        #: The maps before each change of this session (as data), for "Undo".
        self.history: list[dict[str, Any]] = []
        self.notice = ""

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> CircleMapState:
        return CircleMapState(self.org.name, tuple(c.name for c in self.org.circles),
                              bool(self.history), len(self.history), self.notice, self.message,
                              self.taken_over)

    # ------------------------------------------------------------------ the projector
    def audience(self) -> AudienceState:
        """The room's view of the map: the organisation's name and, in ``drawing``, each
        circle with its parent, type, members, leader and delegate (what the projector draws;
        see ``widgets/audience_maps.py``). Not the aims, the domains or the findings: the
        facilitator's page has those."""
        org = self.org
        circles = [{"name": c.name, "parent": c.parent or "", "type": c.type,
                    "members": list(c.members), "leader": c.leader or "",
                    "delegate": c.delegate or ""} for c in org.circles]
        count = len(circles)
        step = ngettext("Circle map: {count} circle", "Circle map: {count} circles",
                        count).format(count=count) if count else _("Circle map: no circles yet")
        return AudienceState(AUDIENCE, title=org.name or _("Our organisation"), step=step,
                             drawing={"circles": circles})

    # ------------------------------------------------------------------ every change
    def change(self, edit: Callable[[Organization], str | None]) -> str:
        """Apply ``edit`` (it changes the organisation through its methods and returns what it
        did, for people); keep the new map in the record before it counts. "" when done (the
        notice says what happened), else the sentence, and the map is as it was."""
        if self.taken_over:
            return self._refuse_taken_over()
        before = self.org.to_dict()
        path = self.org.path
        try:
            said = edit(self.org) or ""
        except CourseError as exc:
            return self._back_to(before, path, str(exc))
        except (OSError, ValueError) as exc:
            return self._back_to(before, path, _("That did not work ({problem}); nothing was "
                                                 "changed.").format(problem=type(exc).__name__))
        if self.org.to_dict() != before:
            problem = self._keep(self.org, said or _("change"))
            if problem:  # not kept, so not done: back to the map the record holds
                return self._back_to(before, path, problem)
            self.history.append(before)
        self.notice = said
        return self._done()

    def _back_to(self, before: dict[str, Any], path: str | None, problem: str) -> str:
        if self.org.to_dict() != before:
            self.org = Organization.from_dict(before)
            self.org.path = path
        self.notice = ""
        return self._done(problem)

    def _keep(self, org: Organization, change: str) -> str:
        """Write ``org`` to the record (starting the map's record with its first change)."""
        keeper = self.keeper
        if not keeper.record:
            return ""
        if keeper.session is None:
            keeper.start(org.name or _("Unnamed organisation"))
            if not keeper.record:  # the record cannot be opened: go on without it (problem says)
                return ""
        return keeper.save("map", {"change": change, "map": org.to_yaml()})

    def replace(self, org: Organization, said: str) -> str:
        """Work on another map (a file opened, an example): a change like any other, kept
        first; "Undo" goes back to the map before."""
        if self.taken_over:
            return self._refuse_taken_over()
        problem = self._keep(org, _("opened a map"))
        if problem:
            self.notice = ""
            return self._done(problem)
        self.history.append(self.org.to_dict())
        self.org = org
        self.notice = said
        return self._done()

    def undo(self) -> str:
        """Go back one change (kept in the record like a change)."""
        if self.taken_over:
            return self._refuse_taken_over()
        if not self.history:
            self.notice = _("Nothing to undo.")
            return self._done()
        restored = Organization.from_dict(self.history[-1])
        restored.path = self.org.path
        problem = self._keep(restored, _("undo"))
        if problem:
            self.notice = ""
            return self._done(problem)
        self.history.pop()
        self.org = restored
        self.notice = _("Undone.")
        return self._done()

    # ------------------------------------------------------------------ the changes
    def add_circle(self, name: str, parent: str | None = None) -> str:
        def edit(org: Organization) -> str:
            circle = org.add_circle(name, parent=parent or None)
            self.added = circle.name
            return _("Added {circle}.").format(circle=circle.name)
        return self.change(edit)

    #: The name of the circle the last :meth:`add_circle` or :meth:`rename_circle` made.
    added = ""

    def rename_circle(self, old: str | None, new: str) -> str:
        def edit(org: Organization) -> str:
            if old is None:
                raise CourseError(_("Add a circle first."))
            org.rename_circle(old, new)
            self.added = clean_name(new, "circle")
            return _("Renamed {old} to {new}.").format(old=old, new=self.added)
        return self.change(edit)

    def remove_circle(self, name: str | None) -> str:
        def edit(org: Organization) -> str:
            if name is None:
                raise CourseError(_("There is no circle to remove."))
            org.remove_circle(name)
            return _("Removed {circle}. Undo brings it back.").format(circle=name)
        return self.change(edit)

    def add_member(self, circle: str | None, person: str) -> str:
        def edit(org: Organization) -> str:
            if circle is None:
                raise CourseError(_("Add a circle first, then its members."))
            name = clean_name(person, "person")
            org.add_member(circle, name)
            return _("Added {person} to {circle}.").format(person=name, circle=circle)
        return self.change(edit)

    def remove_member(self, circle: str | None, person: str | None) -> str:
        def edit(org: Organization) -> str:
            if circle is None or person is None:
                raise CourseError(_("Choose a member in the list first."))
            emptied = org.remove_member(circle, person)
            said = _("Removed {person} from {circle}.").format(person=person, circle=circle)
            if emptied:
                said += " " + ngettext("They were {roles}; choose someone else.",
                                       "They were {roles}; choose someone else.",
                                       len(emptied)).format(
                    roles=and_list([role_label(role) for role in emptied]))
            return said
        return self.change(edit)

    def set_field(self, circle: str, field: str, value: str) -> str:
        """Set a circle's type, aim or domain (as typed; spaces around trimmed)."""
        if field not in FIELDS:
            return self._done(_("'{field}' is not a field of a circle here.").format(
                field=field))

        def edit(org: Organization) -> None:
            setattr(org.circle(circle), field, (value or "").strip())
        return self.change(edit)

    def set_parent(self, circle: str, parent: str | None) -> str:
        return self.change(lambda org: org.set_parent(circle, parent or None))

    def set_role(self, circle: str, role: str, person: str | None) -> str:
        if role not in CIRCLE_ROLES:
            return self._done(_("'{role}' is not a role of a circle.").format(role=role))
        return self.change(lambda org: org.set_role(circle, role, person or None))

    def rename(self, name: str) -> str:
        """Give the organisation a name."""
        def edit(org: Organization) -> None:
            tidy = " ".join(name.split())
            if not tidy:
                raise CourseError(_("Give the organisation a name."))
            org.name = tidy
        return self.change(edit)

    def missing_links(self, circle: str | None) -> tuple[str, list[str]] | None:
        """For ``circle``: its parent, and its leader and delegate who are not members there
        yet (the double link), or ``None`` when nothing is missing."""
        found = self.org.find(circle) if circle else None
        parent = self.org.parent_of(found) if found is not None else None
        if found is None or parent is None or parent is found:
            return None
        known = {m.casefold() for m in parent.members}
        people = list(dict.fromkeys(
            p for p in (found.leader, found.delegate) if p and p.casefold() not in known))
        return (parent.name, people) if people else None

    def add_links_to_parent(self, circle: str | None) -> str:
        """Complete the double link: the circle's leader and delegate join its parent."""
        def edit(org: Organization) -> str:
            missing = self.missing_links(circle)
            if missing is None:
                raise CourseError(_("The leader and delegate are already members of the "
                                    "parent circle."))
            parent, people = missing
            for person in people:
                org.add_member(parent, person)
            return _("Added {people} to {parent}: the double link is complete there.").format(
                people=and_list(people), parent=parent)
        return self.change(edit)

    # ------------------------------------------------------------------ files
    def open_file(self, path: str | Path) -> str:
        """Open an organisation file (a bad file leaves the map as it was and says why)."""
        try:
            org = load_organization(path)
        except CourseError as exc:
            self.notice = ""
            return self._done(str(exc))
        return self.replace(org, _("Opened {file}. Undo goes back to the map you had "
                                   "before.").format(file=Path(path).name))

    def open_text(self, text: str, filename: str) -> str:
        """Open an organisation file's text (an upload named ``filename``)."""
        try:
            org = parse_organization(text, filename)
        except CourseError as exc:
            self.notice = ""
            return self._done(str(exc))
        return self.replace(org, _("Opened {file}. Undo goes back to the map you had "
                                   "before.").format(file=filename))

    # ------------------------------------------------------------------ the record
    def _restore(self, recorded: Recorded) -> str:
        org = recorded_map(recorded)
        self.history = []
        self.org = org
        self.notice = ngettext("Resumed the map \"{name}\": {count} circles were in the record.",
                               "Resumed the map \"{name}\": {count} circles were in the record.",
                               len(org.circles)).format(name=org.name, count=len(org.circles))
        return ""

    def _refuse_taken_over(self) -> str:
        from sociocracy.rooms.screens import taken_over_sentence

        self.notice = ""
        return self._done(taken_over_sentence(_(self.NOUN)))

    @staticmethod
    def describe(recorded: Recorded) -> str:
        org = recorded_map(recorded)
        count = len(org.circles)
        return ngettext("It has {count} circle.", "It has {count} circles.", count).format(
            count=count)

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        org = recorded_map(recorded)
        return [(map_file_name(re.sub(r"[/\\]", " ", org.name or recorded.title)),
                 "application/x-yaml", org.to_yaml())]
