"""Circles, roles and double links: an organisation as data, checked against SoFA's structure rules.

A circle is a group with defined membership, an aim and a domain; circles nest under a parent,
and each circle below the top is double-linked to its parent by a leader (chosen with the parent)
and a delegate (chosen by the circle), who are full members of both circles and never the same
person ([MVOS] "Circle roles", "Double-linking"; see ``shared/research/sociocracy-sources.md``
§1.6). Trainers describe an organisation in a short YAML file (``docs/organization-format.md``);
:func:`load_organization` reads it keeping line numbers, so every problem that
:meth:`Organization.validate` finds can point at the line to change.

This module is pure Python: it is also the rule book behind the ``check`` command and the
``CircleBuilder`` widget, which never hold rules of their own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sociocracy.circle_layout import CircleLayout, Disc, layout
from sociocracy.circle_model import (
    _CIRCLE_FIELDS,
    _ROLE_FIELDS,
    _TOP_FIELDS,
    CIRCLE_ROLES,
    CIRCLE_TYPES,
    FINDING_CODES,
    Circle,
    Finding,
    Role,
)
from sociocracy.circle_rules import describe, validate
from sociocracy.core.errors import CourseError, InputError, ScenarioError
from sociocracy.core.fields import PartReported, Problems, unknown_field_message
from sociocracy.core.language import _, localized
from sociocracy.core.names import clean_name
from sociocracy.core.yaml_file import LoadedYaml, load_yaml, parse_yaml, require

if TYPE_CHECKING:
    from sociocracy.double_link import LinkReport, compare_links, simulate_double_link

__all__ = [
    "CIRCLE_ROLES", "CIRCLE_TYPES", "FINDING_CODES", "Circle", "CircleLayout", "Disc", "Finding",
    "LinkReport", "Organization", "Role", "compare_links", "layout", "load_organization",
    "organization_from_yaml", "parse_organization", "simulate_double_link",
]

#: The double-linking simulation is imported when first asked for (PEP 562): it needs numpy,
#: which a page showing a circle map from the chart cache does not (lesson 05, issue 27).
_LAZY = frozenset({"LinkReport", "compare_links", "simulate_double_link"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from sociocracy import double_link

        return getattr(double_link, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# Reading and writing files


#: What the name under each field is the name of, for the refusal's sentence ("A circle's
#: name cannot hold..."); every other field holds a person's name.
_NAMED_BY_FIELD = {"name": "circle", "parent": "circle", "organization": "organisation"}


def _name(loaded: LoadedYaml, mapping: dict, key: str, *where: Any,
          optional: bool = True, what: str | None = None) -> str | None:
    """A person's or circle's name: text (numbers are accepted as text), stripped. ``what``:
    what it names, when the field does not say (a role's ``name``)."""
    value = mapping.get(key)
    if isinstance(value, bool):
        raise loaded.error(
            _("'{field}' was read as yes/no; put the name in quotes, for example "
              "{field}: \"{value}\"").format(field=key, value=value), *where, key)
    if isinstance(value, int | float):
        value = str(value)
        mapping = {key: value}
    text = require(loaded, mapping, key, str, *where, optional=optional)
    if text is None:
        return None
    if not text.strip():
        return None
    try:
        return clean_name(text, what or _NAMED_BY_FIELD.get(key, "person"))
    except InputError as exc:
        raise loaded.error(exc.plain, *where, key) from None


def _names(loaded: LoadedYaml, mapping: dict, key: str, *where: Any) -> list[str]:
    if isinstance(mapping.get(key), str):
        raise loaded.error(_("'{field}' should be a list of names in square brackets, for "
                             "example {field}: [Ana, Ben, Chen]").format(field=key), *where, key)
    raw = require(loaded, mapping, key, list, *where, optional=True, default=[])
    people = []
    for index, item in enumerate(raw):
        if isinstance(item, dict | list):
            raise loaded.error(
                _("each entry of '{field}' should be one name, for example "
                  "{field}: [Ana, Ben]").format(field=key), *where, key, index, field_name=key)
        person = _name(loaded, {key: item}, key, *where, key, index)
        if person:
            people.append(person)
    return people


def _text(loaded: LoadedYaml, mapping: dict, key: str, *where: Any) -> str:
    value = mapping.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return require(loaded, mapping, key, str, *where, optional=True, default="").strip()


def _domain(loaded: LoadedYaml, mapping: dict, *where: Any) -> str | list[str]:
    value = require(loaded, mapping, "domain", (str, list), *where, optional=True, default="")
    if isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                raise loaded.error(_("each entry of 'domain' should be text, for example "
                                     "domain: [garden, tools]"), *where, "domain", index,
                                   field_name="domain")
        return [str(item).strip() for item in value if str(item).strip()]
    return value.strip()


def _role(loaded: LoadedYaml, raw: Any, *at: Any) -> Role:
    if not isinstance(raw, dict):
        raise loaded.error(_("each role should have a 'name' (and 'holder', 'term_end')"), *at,
                           field_name="roles")
    unknown = sorted(set(raw) - set(_ROLE_FIELDS), key=str)
    if unknown:
        raise loaded.error(unknown_field_message(unknown[0], _ROLE_FIELDS, "a role"), *at,
                           unknown[0])
    term_end = raw.get("term_end")
    if term_end is not None and not isinstance(term_end, date):
        try:
            term_end = date.fromisoformat(str(term_end).strip())
        except ValueError:
            raise loaded.error(_("'term_end' should be a date written as year-month-day, "
                                 "for example 2026-06-30"), *at, "term_end") from None
    lines = {key: loaded.line_of(*at, key) for key in raw}
    return Role(name=_name(loaded, raw, "name", *at, optional=False, what="role") or "",
                holder=_name(loaded, raw, "holder", *at),
                term_end=term_end,
                description=_text(loaded, raw, "description", *at),
                lines={k: v for k, v in lines.items() if v is not None})


def _circle(loaded: LoadedYaml, raw: Any, index: int, problems: Problems) -> Circle:
    at = ("circles", index)
    if not isinstance(raw, dict):
        raise loaded.error(_("each circle should be a group of fields starting with "
                             "'- name: ...'"), *at, field_name="circles")
    name = _name(loaded, raw, "name", *at, optional=False)
    if not name:
        raise loaded.error(_("the circle's name is empty; give every circle a name"), *at,
                           "name")
    values: dict[str, Any] = {}

    def read(key: str, parse: Any) -> None:
        """One field; when collecting, a mistake in it does not hide the circle's others."""
        with problems.part():
            values[key] = parse()

    def circle_type() -> str:
        kind = require(loaded, raw, "type", str, *at, optional=True)
        if kind is None:
            kind = "department" if _name(loaded, raw, "parent", *at) else "general"
        kind = kind.strip().casefold()
        if kind not in CIRCLE_TYPES:
            raise loaded.error(_("'{value}' is not a circle type; use one of {types}").format(
                value=raw["type"], types=", ".join(CIRCLE_TYPES)), *at, "type")
        return kind

    read("parent", lambda: _name(loaded, raw, "parent", *at))
    read("type", circle_type)
    read("aim", lambda: _text(loaded, raw, "aim", *at))
    read("domain", lambda: _domain(loaded, raw, *at))
    read("members", lambda: _names(loaded, raw, "members", *at))
    for role in CIRCLE_ROLES:
        read(role, lambda role=role: _name(loaded, raw, role, *at))
    roles_raw = []
    with problems.part():
        roles_raw = require(loaded, raw, "roles", list, *at, optional=True, default=[])
    roles = []
    for i, item in enumerate(roles_raw):
        with problems.part():
            roles.append(_role(loaded, item, *at, "roles", i))
    if len(values) < 5 + len(CIRCLE_ROLES) or len(roles) < len(roles_raw):
        raise PartReported()
    lines = {str(key): loaded.line_of(*at, key) for key in raw}
    lines[""] = loaded.line_of(*at)
    return Circle(
        name=name, **values, roles=roles,
        extra={k: v for k, v in raw.items() if k not in _CIRCLE_FIELDS},
        lines={k: v for k, v in lines.items() if v is not None},
    )


def organization_from_yaml(loaded: LoadedYaml, problems: Problems | None = None) -> Organization:
    """An organisation from an already parsed file (the ``check`` command parses once).

    The first mistake raises :class:`ScenarioError`, unless ``problems`` collects them (the
    ``check`` command): then every circle is read, and the ones without mistakes are returned.
    """
    problems = problems if problems is not None else Problems()
    data = loaded.data
    if not isinstance(data, dict):
        raise ScenarioError(_("an organisation file starts with 'organization: <name>' and "
                              "then 'circles:' with a list of circles"), path=loaded.path, line=1)
    name = ""
    with problems.part():
        name = _name(loaded, data, "organization", optional=False) or ""
    raw_circles = require(loaded, data, "circles", list)
    circles = []
    for i, raw in enumerate(raw_circles):
        with problems.part():
            circles.append(_circle(loaded, raw, i, problems))
    lines = {str(key): loaded.line_of(key) for key in data}
    return Organization(
        name=name, circles=circles,
        extra={k: v for k, v in data.items() if k not in _TOP_FIELDS},
        path=loaded.path, lines={k: v for k, v in lines.items() if v is not None},
    )


def parse_organization(text: str, path: str = "<text>") -> Organization:
    """An organisation from YAML text (an upload, a test); errors name ``path`` and the line."""
    return organization_from_yaml(parse_yaml(text, path))


def load_organization(path: str | Path) -> Organization:
    """Read a trainer's organisation file; a bad file raises :class:`ScenarioError`.

    The error names the file, the line and the field in one sentence, e.g. "garden.yaml, line 7
    (field 'aim'): 'aim' should be text, not a list". A page in another language reads the
    file's translation when there is one (``localized``: ``translations/<lang>/<same path>``).
    """
    return organization_from_yaml(load_yaml(localized(path)))


class _Dumper(yaml.SafeDumper):
    """Writes short lists of names on one line (``members: [Ana, Ben]``), like trainers do,
    and indents list items under their key, as in the documented examples."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = bool(data) and all(isinstance(x, str) for x in data) and sum(map(len, data)) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


# --------------------------------------------------------------------------------------------
# The organisation


@dataclass
class Organization:
    """A named set of circles. Load one with :func:`load_organization`, check it with
    :meth:`validate`, change it with the editing methods (what ``CircleBuilder`` calls), and
    write it back with :meth:`save`."""

    name: str
    circles: list[Circle] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    path: str | None = field(default=None, compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    # ---- looking things up -----------------------------------------------------------------
    def find(self, name: str) -> Circle | None:
        """The first circle called ``name`` (names compare without case), or ``None``."""
        key = " ".join(str(name).split()).casefold()
        for circle in self.circles:
            if circle.name.casefold() == key:
                return circle
        return None

    def circle(self, name: str) -> Circle:
        """The circle called ``name``; a :class:`CourseError` that lists the circles if none."""
        found = self.find(name)
        if found is None:
            known = ", ".join(c.name for c in self.circles) or _("none yet")
            raise CourseError(_("There is no circle called '{circle}' (circles: {known}).")
                              .format(circle=name, known=known))
        return found

    def children(self, name: str) -> list[Circle]:
        """Circles whose parent is ``name``."""
        key = name.casefold()
        return [c for c in self.circles if c.parent and c.parent.casefold() == key]

    def parent_of(self, circle: Circle) -> Circle | None:
        """The parent circle, or ``None`` for a top circle or an unknown parent."""
        return self.find(circle.parent) if circle.parent else None

    def depth(self, circle: Circle) -> int:
        """How many parents up to the top (a loop of parents counts as the top)."""
        seen, node, depth = {id(circle)}, self.parent_of(circle), 0
        while node is not None and id(node) not in seen:
            seen.add(id(node))
            depth += 1
            node = self.parent_of(node)
        return depth

    def who_decides(self, item: str) -> Circle | None:
        """The circle whose domain lists ``item``; the most specific one when several do.

        SoFA pushes each decision to the most specific circle whose domain covers it
        ([MVOS] "Empowering the circle: aims, domains and members"). ``None``: nobody's domain
        names it, and the general circle should decide who decides.
        """
        key = " ".join(item.split()).strip(" .").casefold()
        owners = [c for c in self.circles if key in c.domain_items()]
        return max(owners, key=self.depth, default=None)

    def people(self) -> list[str]:
        """Everyone who is a member of at least one circle, in order of appearance."""
        seen: dict[str, None] = {}
        for circle in self.circles:
            for person in circle.members:
                seen.setdefault(person, None)
        return list(seen)

    # ---- plain data and files --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"organization": self.name,
                                "circles": [c.to_dict() for c in self.circles]}
        data.update(copy.deepcopy(self.extra))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str = "<data>") -> Organization:
        """An organisation from plain data, with the same checks as a file."""
        return organization_from_yaml(LoadedYaml(data=copy.deepcopy(data), path=path))

    def to_yaml(self) -> str:
        """The organisation in the file format (comments in the original file are not kept)."""
        return yaml.dump(self.to_dict(), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         width=100, default_flow_style=False)

    def save(self, path: str | Path, *, exclusive: bool = False) -> Path:
        """Write the organisation to ``path`` as YAML; unknown fields are kept, comments are not.

        ``exclusive=True`` refuses to replace an existing file (a :class:`CourseError` says so).
        Messages name the file, never the folder: they may be shown to visitors.
        """
        target = Path(path)
        try:
            with target.open("x" if exclusive else "w", encoding="utf-8") as stream:
                stream.write(self.to_yaml())
        except FileExistsError:
            raise CourseError(_("A file called {file} is already there; choose another name "
                                "(nothing was saved).").format(file=target.name)) from None
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or _("the name is not allowed")
            raise CourseError(_("Could not save {file} ({reason}); choose another file name.")
                              .format(file=target.name, reason=reason)) from None
        self.path = str(target)
        return target

    # ---- editing (what the CircleBuilder does) ---------------------------------------------
    def add_circle(self, name: str, parent: str | None = None, type: str | None = None,
                   aim: str = "", domain: str = "") -> Circle:
        """Add an empty circle; its type defaults to general at the top, department below."""
        clean = _clean_name(name, "circle")
        if self.find(clean):
            raise CourseError(_("There is already a circle called '{circle}'; choose another "
                                "name.").format(circle=clean))
        if parent is not None:
            parent = self.circle(parent).name
        kind = type or ("department" if parent else "general")
        _check_type(kind)
        circle = Circle(name=clean, parent=parent, type=kind, aim=aim, domain=domain)
        self.circles.append(circle)
        return circle

    def rename_circle(self, old: str, new: str) -> None:
        """Rename a circle and every reference to it (its children's ``parent``)."""
        circle = self.circle(old)
        clean = _clean_name(new, "circle")
        other = self.find(clean)
        if other is not None and other is not circle:
            raise CourseError(_("There is already a circle called '{circle}'; choose another "
                                "name.").format(circle=clean))
        for child in self.children(circle.name):
            child.parent = clean
        circle.name = clean

    def remove_circle(self, name: str) -> None:
        """Remove a circle; its sub-circles move up to its parent (or become top circles)."""
        circle = self.circle(name)
        for child in self.children(circle.name):
            child.parent = circle.parent
        self.circles.remove(circle)

    def set_parent(self, name: str, parent: str | None) -> None:
        """Move a circle under another one (``None``: make it a top circle)."""
        circle = self.circle(name)
        circle.parent = self.circle(parent).name if parent else None

    def add_member(self, circle_name: str, person: str) -> None:
        circle = self.circle(circle_name)
        clean = _clean_name(person, "person")
        if clean in circle.members:
            raise CourseError(_("{person} is already a member of {circle}.").format(
                person=clean, circle=circle.name))
        circle.members.append(clean)

    def remove_member(self, circle_name: str, person: str) -> list[str]:
        """Remove a member; the circle roles they held in that circle become empty.

        Returns the roles that were emptied, so a tool can say so.
        """
        circle = self.circle(circle_name)
        if person not in circle.members:
            raise CourseError(_("{person} is not a member of {circle}.").format(
                person=person, circle=circle.name))
        circle.members.remove(person)
        emptied = [role for role in CIRCLE_ROLES if getattr(circle, role) == person]
        for role in emptied:
            setattr(circle, role, None)
        return emptied

    def set_role(self, circle_name: str, role: str, person: str | None) -> None:
        """Give a circle role (leader, delegate, facilitator, secretary) to ``person``."""
        circle = self.circle(circle_name)
        if role not in CIRCLE_ROLES:
            raise CourseError(_("'{role}' is not a circle role; use one of {roles}.").format(
                role=role, roles=", ".join(CIRCLE_ROLES)))
        setattr(circle, role, _clean_name(person, "person") if person else None)

    # ---- checking --------------------------------------------------------------------------
    def validate(self, today: date | None = None) -> list[Finding]:
        """Everything that keeps this structure from working as SoFA sociocracy intends.

        Findings come in file order. ``today`` (default: the real date) decides which role
        terms have ended.
        """
        return validate(self, today or date.today())

    def has_errors(self, today: date | None = None) -> bool:
        return any(f.severity == "error" for f in self.validate(today))

    def describe(self) -> str:
        """The organisation in sentences: the text alternative of its map."""
        return describe(self)


def _clean_name(name: str | None, what: str) -> str:
    return clean_name(name or "", what)


def _check_type(kind: str) -> None:
    if kind not in CIRCLE_TYPES:
        raise CourseError(_("'{value}' is not a circle type; use one of {types}.").format(
            value=kind, types=", ".join(CIRCLE_TYPES)))
