"""Intro session plans: the timed parts an ambassador runs with a group new to sociocracy.

An ambassador's intro ("a taste of sociocracy", an intro evening, a workshop for an organisation
that considers sociocracy) lets people *do* sociocracy before they learn its theory (benefit 4 of
the ten in the course's founding text), shares real experience (benefit 7) and points to SoFA's
trainings (benefit 8). A plan is trainers' data (``workshops/*.yaml``, ``docs/workshop-format.md``):
a title, a length, and parts of four kinds:

* ``talk``: a few slides (a title, a short Markdown body, speaker notes);
* ``activity``: something the room does through one of the course's apps, with a prompt: a round
  (``check-in`` or ``round``), a ``consent`` decision on a proposal the room brings, a
  ``circle-map`` of the group's own organisation, a ``selection``, ``proposal-forming``;
* ``break``;
* ``evaluation``: the closing round.

:meth:`Plan.validate` checks the timings with the meeting planner's rule
(:func:`sociocracy.meetings.over_time`), and says what an ambassador would want to know: no
evaluation, no activity at all, a talk long enough to lose a room. The thresholds are the
course's assumptions, and the messages say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sociocracy.core.fields import PartReported, Problems, unknown_field_message
from sociocracy.core.language import N_, _, localized, ngettext
from sociocracy.core.yaml_file import LoadedYaml, line_along, load_yaml, parse_yaml, require
from sociocracy.meetings import Finding, over_time

__all__ = ["ACTIVITIES", "PART_KINDS", "Plan", "PlanPart", "Slide", "load_plan", "parse_plan",
           "plan_files", "plan_from_yaml"]

PART_KINDS = ("talk", "activity", "break", "evaluation")

#: Activities a plan can name, with the app whose session runs it and what it is, for people
#: (English, marked: shown with ``_()``).
ACTIVITIES: dict[str, tuple[str, str]] = {
    "check-in": ("rounds", N_("a check-in round")),
    "round": ("rounds", N_("a round")),
    "consent": ("consent", N_("a consent decision")),
    "circle-map": ("circle_map", N_("a circle map of the group's organisation")),
    "selection": ("selection", N_("a selection")),
    "proposal-forming": ("meeting", N_("proposal forming")),
}

#: A talk part longer than this earns a warning: an intro lets people taste before it explains
#: (the course's rule of thumb, not a SoFA rule).
LONG_TALK_MINUTES = 15

FINDING_CODES: dict[str, str] = {
    "over-time": "error",
    "talk-without-slides": "error",
    "unknown-activity": "error",
    "spare-time": "warning",
    "no-evaluation": "warning",
    "no-activity": "warning",
    "long-talk": "warning",
}


@dataclass(frozen=True)
class Slide:
    """One slide of a talk: a title, a short Markdown ``body`` for the room, ``notes`` for the
    presenter only."""

    title: str
    body: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PlanPart:
    """One part of a plan: its ``title``, ``kind`` (:data:`PART_KINDS`), ``minutes``, the
    presenter's ``notes``; a talk's ``slides``; an activity's ``activity``
    (:data:`ACTIVITIES`) and the ``prompt`` the room answers (a round's question, the consent
    decision's proposal)."""

    title: str
    kind: str
    minutes: float
    notes: str = ""
    slides: tuple[Slide, ...] = ()
    activity: str = ""
    prompt: str = ""

    @property
    def app(self) -> str:
        """The app whose session runs this part ("" for talks and breaks)."""
        if self.kind == "evaluation":
            return "rounds"
        return ACTIVITIES.get(self.activity, ("", ""))[0]


@dataclass
class Plan:
    """An intro session's plan: ``title``, ``minutes`` in all, ``audience``, ``description``
    and the parts in order. ``lines`` (from a file) lets every finding point at a line."""

    title: str
    minutes: float
    parts: tuple[PlanPart, ...]
    audience: str = ""
    description: str = ""
    path: str | None = None
    lines: dict[tuple, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The plan as the file format's plain data (what a session keeps in its record)."""
        parts = []
        for part in self.parts:
            data: dict[str, Any] = {"title": part.title, "kind": part.kind,
                                    "minutes": part.minutes}
            for name in ("notes", "activity", "prompt"):
                if getattr(part, name):
                    data[name] = getattr(part, name)
            if part.slides:
                data["slides"] = [{"title": s.title, "body": s.body, "notes": s.notes}
                                  for s in part.slides]
            parts.append(data)
        return {"title": self.title, "minutes": self.minutes, "audience": self.audience,
                "description": self.description, "parts": parts}

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str = "<record>") -> Plan:
        """A plan from :meth:`to_dict`'s data, checked as a file is."""
        return plan_from_yaml(LoadedYaml(data=data, path=path))

    @property
    def needed(self) -> float:
        """Minutes the parts need together."""
        return sum(part.minutes for part in self.parts)

    def schedule(self) -> list[tuple[PlanPart, float, float]]:
        """Every part with its start and end (minutes from the start), back to back."""
        clock, timed = 0.0, []
        for part in self.parts:
            timed.append((part, clock, clock + part.minutes))
            clock += part.minutes
        return timed

    def validate(self) -> list[Finding]:
        """What an ambassador should know before the session: errors and warnings."""
        found: list[Finding] = []

        def add(code: str, message: str, index: int | None = None, name: str | None = None,
                ) -> None:
            keys = ("parts", index, name) if index is not None else ((name,) if name else ())
            line = self._line(*[k for k in keys if k is not None])
            found.append(Finding(code, FINDING_CODES[code], message, index, line, name))

        count = len(self.parts)
        late = over_time(self.needed, self.minutes, what=_("The plan"),
                         detail=ngettext("{count} part", "{count} parts", count).format(
                             count=count),
                         advice=_("shorten or drop a part, or plan a longer session"))
        if late:
            add("over-time", late, name="minutes")
        elif self.needed < self.minutes - 1e-9:
            add("spare-time", _("The parts need {needed} of the {minutes} minutes: {spare} are "
                                "not planned. A little slack helps; say where it goes if you "
                                "mean it.").format(needed=f"{self.needed:g}",
                                                   minutes=f"{self.minutes:g}",
                                                   spare=f"{self.minutes - self.needed:g}"),
                name="minutes")
        for index, part in enumerate(self.parts):
            if part.kind == "talk" and not part.slides:
                add("talk-without-slides", _("The talk '{title}' has no slides: give it at least "
                                             "one under 'slides:'.").format(title=part.title),
                    index, "slides")
            if part.kind == "talk" and part.minutes > LONG_TALK_MINUTES:
                add("long-talk", _("The talk '{title}' takes {minutes} minutes; an intro lets "
                                   "people do sociocracy before it explains it. Could part of "
                                   "it become an activity? (Over {most} minutes is the course's "
                                   "rule of thumb, not a SoFA rule.)").format(
                                       title=part.title, minutes=f"{part.minutes:g}",
                                       most=LONG_TALK_MINUTES), index, "minutes")
            if part.kind == "activity" and part.activity not in ACTIVITIES:
                add("unknown-activity", _("'{activity}' is not an activity the course can run; "
                                          "the activities are: {activities}.").format(
                                              activity=part.activity,
                                              activities=", ".join(ACTIVITIES)),
                    index, "activity")
        if not any(p.kind == "evaluation" for p in self.parts):
            add("no-evaluation", _("There is no evaluation round: it is how the group, and you, "
                                   "learn what to keep and what to change; keep five minutes "
                                   "for it."))
        if not any(p.kind == "activity" for p in self.parts):
            add("no-activity", _("There is no activity: people learn sociocracy by doing it "
                                 "(a round, a consent decision); plan at least one."))
        return found

    def _line(self, *keys: Any) -> int | None:
        return line_along(self.lines, *keys)


_TOP = ("title", "minutes", "audience", "description", "parts")
_PART = ("title", "kind", "minutes", "notes", "slides", "activity", "prompt")
_SLIDE = ("title", "body", "notes")


def is_plan(data: Any) -> bool:
    """Whether parsed YAML looks like an intro session plan (for the ``check`` command)."""
    return isinstance(data, dict) and "parts" in data and "title" in data


def plan_from_yaml(loaded: LoadedYaml, problems: Problems | None = None) -> Plan:
    """A plan from a parsed file; a field that cannot be used names file, line and field.

    ``problems`` collects every mistake (for ``check``; a part with a mistake is skipped and
    :class:`PartReported` raised at the end when the plan itself cannot be built); by default
    the first mistake raises :class:`~sociocracy.core.errors.ScenarioError`.
    """
    problems = problems if problems is not None else Problems()
    data = loaded.data
    if not is_plan(data):
        raise loaded.error(_("a workshop plan has 'title:', 'minutes:' and 'parts:' with a "
                             "list of parts"))
    for key in data:
        if key not in _TOP:
            problems.report(loaded.error(unknown_field_message(key, _TOP, _("a workshop plan")),
                                         key))
    top: dict[str, Any] = {}
    with problems.part():
        top["title"] = str(require(loaded, data, "title", (str, int))).strip()
    with problems.part():
        top["minutes"] = require(loaded, data, "minutes", float)
        if top["minutes"] <= 0:
            raise loaded.error(_("a session needs some time: give its length in minutes"),
                               "minutes")
    audience = description = ""
    with problems.part():
        audience = require(loaded, data, "audience", str, optional=True, default="")
    with problems.part():
        description = require(loaded, data, "description", str, optional=True, default="")
    raw_parts: list[Any] = []
    with problems.part():
        raw_parts = require(loaded, data, "parts", list)
    parts = []
    for index, raw in enumerate(raw_parts):
        with problems.part():
            parts.append(_part(loaded, raw, ("parts", index), problems))
    if len(top) < 2:
        raise PartReported()
    return Plan(top["title"], float(top["minutes"]), tuple(parts), audience.strip(),
                description.strip(), loaded.path, dict(loaded.lines))


def _part(loaded: LoadedYaml, raw: Any, where: tuple, problems: Problems) -> PlanPart:
    if not isinstance(raw, dict):
        raise loaded.error(_("each part has 'title:', 'kind:' and 'minutes:'"), *where)
    problems.refuse_unknown_fields(loaded, raw, _PART, _("a part"), *where)
    title = str(require(loaded, raw, "title", (str, int), *where)).strip()
    kind = require(loaded, raw, "kind", str, *where)
    if kind not in PART_KINDS:
        raise loaded.error(_("'{kind}' is not a kind of part; a part is one of: {kinds}").format(
            kind=kind, kinds=", ".join(PART_KINDS)), *where, "kind")
    minutes = require(loaded, raw, "minutes", float, *where)
    if minutes <= 0:
        raise loaded.error(_("a part needs some time: give its length in minutes"), *where,
                           "minutes")
    notes = require(loaded, raw, "notes", str, *where, optional=True, default="")
    activity = require(loaded, raw, "activity", str, *where, optional=True, default="")
    prompt = require(loaded, raw, "prompt", str, *where, optional=True, default="")
    if kind == "activity" and not activity:
        raise loaded.error(_("an activity part names its activity: one of {activities}").format(
            activities=", ".join(ACTIVITIES)), *where, "activity")
    if kind != "activity" and activity:
        raise loaded.error(_("only an activity part has 'activity:' (this part is a {kind})"
                             ).format(kind=kind), *where, "activity")
    raw_slides = require(loaded, raw, "slides", list, *where, optional=True, default=[])
    slides = []
    for s_index, raw_slide in enumerate(raw_slides):
        at = (*where, "slides", s_index)
        if not isinstance(raw_slide, dict):
            raise loaded.error(_("each slide has 'title:' and 'body:'"), *at)
        problems.refuse_unknown_fields(loaded, raw_slide, _SLIDE, _("a slide"), *at)
        slides.append(Slide(str(require(loaded, raw_slide, "title", (str, int), *at)).strip(),
                            require(loaded, raw_slide, "body", str, *at, optional=True,
                                    default="").strip(),
                            require(loaded, raw_slide, "notes", str, *at, optional=True,
                                    default="").strip()))
    if slides and kind != "talk":
        raise loaded.error(_("only a talk has slides (this part is a {kind})").format(kind=kind),
                           *where, "slides")
    return PlanPart(title, kind, float(minutes), notes.strip(), tuple(slides), activity.strip(),
                    prompt.strip())


def parse_plan(text: str, path: str = "<text>") -> Plan:
    """A plan from YAML text (an upload, a test)."""
    return plan_from_yaml(parse_yaml(text, path))


def load_plan(path: str | Path) -> Plan:
    """Read a plan file; a bad one raises :class:`~sociocracy.core.errors.ScenarioError` (file,
    line, field)."""
    return plan_from_yaml(load_yaml(localized(path)))  # the translation for another language


def plan_files(extra: Path | None = None) -> list[Path]:
    """The plans an ambassador can choose: the course's (``workshops/`` in each course folder)
    and ``extra`` (a trainer's folder), sorted by name."""
    from sociocracy.core.settings import course_folders

    folders = [folder / "workshops" for folder in course_folders()]
    if extra is not None:
        folders.append(extra)
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found += [p for p in sorted(folder.glob("*.yaml")) if p not in found]
    return found
