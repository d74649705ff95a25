"""Meetings: SoFA's meeting frame around an agenda, its plan and checks, and a meeting as it runs.

Sociocracy For All runs every circle meeting in the same frame of three parts, opening, content
and closing, each with its own lead-do-measure loop ([MVOS] "How To Run A Sociocratic Meeting";
see ``shared/research/sociocracy-sources.md`` §1.7):

* opening: a **check-in round** ("how are you arriving?"), then **ADMIN** ([MVOS] "Administrative:
  ADMIN"): attendance (who is here, every role accounted for), duration, minutes (the previous
  meeting's minutes are known and consented to), information from outside the circle's domain,
  the next meeting;
* content: **consent to the agenda** (the agenda becomes the circle's), the **items**, each a
  *report* (understand), an *exploration* (feedback, picture forming, proposal shaping) or a
  *decision* (a policy, a selection, a review), then **updating the backlog** (the content part's
  measure, [MVOS] "Measure: Update backlog");
* closing: an **evaluation round** ([MVOS] "Meeting evaluations", "Closing: meeting evaluation").

:class:`Meeting` builds that frame around :class:`AgendaItem` objects; :meth:`Meeting.plan` gives
every part its start and end (minutes from the start) and :meth:`Meeting.validate` says what a
facilitator would want to know before the meeting (:data:`FINDING_CODES`). Agendas are trainers'
data too: :func:`load_agenda` reads a YAML file keeping lines, so every finding can point at one.

:class:`MeetingRun` is the meeting as it happens: the current part, time used against the plan,
notes per part, and the rounds (:class:`~sociocracy.rounds.Round`) and consent decisions
(:class:`~sociocracy.consent.ConsentProcess`) held in it. Its minutes are written by
:mod:`sociocracy.meeting_minutes` (renderers import models, never the reverse).

The frame's minutes (:data:`FRAME_MINUTES`) are the typical times in SoFA's template; the
thresholds of the warnings (:data:`MAX_DECISIONS`, :data:`MIN_DECISION_MINUTES`) are this course's
assumptions, not SoFA rules, and their messages say so.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import InputError, ProcessError, ScenarioError
from sociocracy.core.fields import PartReported, Problems, unknown_field_message
from sociocracy.core.language import N_, _, localized
from sociocracy.core.names import clean_name, clean_names
from sociocracy.core.yaml_file import LoadedYaml, line_along, load_yaml, parse_yaml, require
from sociocracy.rounds import KINDS as ROUND_KINDS
from sociocracy.rounds import Round

__all__ = [
    "EVALUATION_PROMPTS", "FINDING_CODES", "FRAME", "FRAME_MINUTES", "ITEM_KINDS", "MAX_DECISIONS",
    "MIN_DECISION_MINUTES", "AgendaItem", "Finding", "Meeting", "MeetingRun", "Part",
    "PartRecord", "kind_label", "load_agenda", "meeting_from_yaml", "parse_agenda",
    "part_prompt", "severity_label",
]

#: The three kinds of agenda item ([MVOS] "Agenda items") and what each is for (English, marked
#: for the catalogs: show them with ``_(ITEM_KINDS[kind])``).
ITEM_KINDS: dict[str, str] = {
    "report": N_("Understand: someone shares information; questions to understand, no debate."),
    "exploration": N_("Explore: the circle gives feedback, forms a picture or shapes a "
                      "proposal."),
    "decision": N_("Decide: the circle consents to a proposal (a policy, a selection, a "
                   "review)."),
}
#: The kinds' names as people read them (the keys stay the file format's words).
KIND_LABELS: dict[str, str] = {
    # Translators: a kind of agenda item (a report, an exploration, a decision).
    "report": N_("report"),
    # Translators: a kind of agenda item (a report, an exploration, a decision).
    "exploration": N_("exploration"),
    # Translators: a kind of agenda item (a report, an exploration, a decision).
    "decision": N_("decision"),
}
#: A finding's severity as people read it.
SEVERITY_LABELS: dict[str, str] = {"error": N_("error"), "warning": N_("warning")}


def kind_label(kind: str) -> str:
    """An agenda item's kind in the page's language (an unknown kind as the file wrote it)."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def severity_label(severity: str) -> str:
    """"error" or "warning" in the page's language."""
    return _(SEVERITY_LABELS[severity]) if severity in SEVERITY_LABELS else severity


#: The parts of the frame in order: key -> (title, where it goes, what happens). The texts are
#: English, marked for the catalogs: show them with ``_()``.
FRAME: dict[str, tuple[str, str, str]] = {
    "check-in": (N_("Check-in round"), "opening",
                 N_("A round: how is each person arriving? People meet as people first.")),
    "admin": (N_("Administration"), "opening",
              N_("ADMIN: attendance (every role accounted for), duration (can everyone stay?), "
                 "minutes (are the previous meeting's minutes known and consented to?), "
                 "information from outside the circle, the next meeting.")),
    "agenda-consent": (N_("Consent to the agenda"), "content",
                       N_("The circle consents to the agenda: from now on it is the circle's.")),
    "backlog": (N_("Update the backlog"), "content",
                N_("What carries over, next steps, new items, review dates of today's "
                   "decisions.")),
    "evaluation": (N_("Evaluation round"), "closing",
                   N_("A round: what went well, what could be better, next time?")),
}
#: Where each frame part goes, as people read it.
FRAME_PHASES: dict[str, str] = {"opening": N_("opening"), "content": N_("content"),
                                "closing": N_("closing")}
#: The title of the time left over in a plan.
SPARE_TITLE = N_("Spare time")

#: Typical minutes of each frame part in SoFA's template (check-in and evaluation ~5 min,
#: administration and agenda consent ~1 min, backlog ~2 min; sources §1.7). Administration gets
#: 2 minutes here: an assumption, because attendance and the next date rarely take one.
FRAME_MINUTES: dict[str, float] = {"check-in": 5, "admin": 2, "agenda-consent": 1, "backlog": 2,
                                   "evaluation": 5}

#: Our own evaluation prompts (data, so a trainer's workshop pack can show them).
EVALUATION_PROMPTS: tuple[tuple[str, str], ...] = (
    ("went-well", N_("What went well in this meeting, for you?")),
    ("change", N_("What would you change next time?")),
    ("heard", N_("Was everyone heard? Was there anything you did not get to say?")),
    ("time", N_("Was the time right: for the whole meeting, and for each item?")),
)

#: More decisions than this in one meeting earns a warning (a course assumption: a consent
#: process with three rounds rarely takes under 15 minutes in a circle of six).
MAX_DECISIONS = 3
#: A decision item planned shorter than this earns a warning (same assumption).
MIN_DECISION_MINUTES = 10

FINDING_CODES: dict[str, str] = {
    "over-time": "error",
    "unknown-kind": "error",
    "decision-without-proposal": "error",
    "no-check-in": "warning",
    "no-evaluation": "warning",
    "too-many-decisions": "warning",
    "short-decision": "warning",
    "no-items": "warning",
}


@dataclass(frozen=True)
class Finding:
    """Something a facilitator should know about an agenda: ``code``, ``severity``, ``message``.

    ``item`` is the index of the agenda item it is about (``None`` for the whole meeting);
    ``line`` and ``field`` point into the agenda file when the meeting came from one.
    """

    code: str
    severity: str
    message: str
    item: int | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        return f"{severity_label(self.severity)} {self.code}: {self.message}"


def over_time(needed: float, available: float, *, what: str, detail: str, advice: str) -> str:
    """The planner's timing rule, one for every plan with a time box (a circle meeting, a
    workshop plan): "" when the parts fit in the time, else the sentence that says by how much
    and what to do. ``what``, ``detail`` and ``advice`` come in the page's language."""
    if needed <= available + 1e-9:
        return ""
    return _("{what} needs {needed} minutes ({detail}) but there are {available}: "
             "{advice}.").format(what=what, needed=f"{needed:g}", detail=detail,
                                 available=f"{available:g}", advice=advice)


#: Words in a decision item's title that make it a selection, matched as whole words in any case:
#: English ("select", "selection", "elect", "election", "re-select"...) and Spanish, because a
#: trainer's Spanish agenda and lesson 9 name one so ("Elegir secretario/a", "elección",
#: "reelegir", "selección", "seleccionar"; accents optional, as people type them).
_SELECTION_WORDS = re.compile(
    r"\b(?:re-?)?(?:select|elect)(?:s|ed|ing|ion|ions)?\b"
    r"|\b(?:re-?)?(?:eleg(?:ir|imos|ido|ida|idos|idas)|elig(?:e|en|es|a|an|amos)"
    r"|elecci(?:ón|on|ones)|selecci(?:ón|on|ones)"
    r"|seleccion(?:ar|amos|a|an|ado|ada|ados|adas))\b",
    re.IGNORECASE)


def _minutes(value: Any, what: str) -> float:
    """``what`` names the thing timed, in the page's language ("the meeting", "'Budget'")."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(_("The time for {what} should be a number of minutes, not {value}."
                           ).format(what=what, value=repr(value)))
    if value < 0:
        raise InputError(_("The time for {what} cannot be negative ({value} minutes)."
                           ).format(what=what, value=value))
    return float(value)


def _text(value: Any, what: str, *, required: bool = False) -> str:
    """``what`` names the text, in the page's language ("item's title")."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(_("The {what} should be text, not {value}.").format(
            what=what, value=repr(value)))
    text = value.strip()
    if required and not text:
        raise InputError(_("Give the {what} first.").format(what=what))
    return text


@dataclass(frozen=True)
class AgendaItem:
    """One item on the agenda: a title, its kind, the minutes planned, and who brings it.

    ``kind`` is one of :data:`ITEM_KINDS` (any other text is kept, and :meth:`Meeting.validate`
    reports it as ``unknown-kind``). A decision item names its ``proposal``: the proposal to
    consent to, or the aim the decision serves ([MVOS]: a decision needs something to decide on).
    A selection is the exception (:attr:`is_selection`): it is a decision whose proposal is made
    in the meeting, by the facilitator after the nomination and change rounds ([MVOS] "Making a
    decision" lists "a selection process" among decisions; "Facilitator proposes a candidate").
    """

    title: str
    kind: str
    minutes: float
    owner: str | None = None
    notes: str = ""
    proposal: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _text(self.title, _("item's title"), required=True))
        object.__setattr__(self, "kind", _text(self.kind, _("item's kind")).lower())
        object.__setattr__(self, "minutes", _minutes(self.minutes, f"'{self.title}'"))
        if self.owner is not None and str(self.owner).strip():
            object.__setattr__(self, "owner", clean_name(self.owner, _("item's owner")))
        else:
            object.__setattr__(self, "owner", None)
        object.__setattr__(self, "notes", _text(self.notes, _("item's notes")))
        object.__setattr__(self, "proposal", _text(self.proposal, _("item's proposal")))

    @property
    def is_selection(self) -> bool:
        """Whether this decision item is a selection: its title names one ("Select a facilitator",
        "Selection: delegate", "Election of the secretary").

        A selection has no proposal beforehand (SoFA advises against even asking who is willing
        first, [MVOS] "Why do we not ask for willingness first?"), so the planner does not ask
        for one. The title is the signal because the agenda file has no other field for it.
        """
        return self.kind == "decision" and _SELECTION_WORDS.search(self.title) is not None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "kind": self.kind,
                                "minutes": _plain_number(self.minutes)}
        if self.owner:
            data["owner"] = self.owner
        if self.proposal:
            data["proposal"] = self.proposal
        if self.notes:
            data["notes"] = self.notes
        return data


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Part:
    """One part of a meeting's plan: a frame part or an agenda item, from ``start`` to ``end``.

    ``key`` is the frame part's key (:data:`FRAME`), ``"item"`` or ``"spare"`` (time left over);
    ``item`` is the index of the agenda item for items. Times are minutes from the start.
    """

    key: str
    title: str
    start: float
    end: float
    item: int | None = None
    kind: str = ""

    @property
    def minutes(self) -> float:
        return self.end - self.start

    @property
    def shown_title(self) -> str:
        """The title as people read it: a frame part's (and spare time's) in the page's
        language, an agenda item's as the circle wrote it."""
        if self.key in FRAME or self.key == "spare":
            return _(self.title)
        return self.title

    @property
    def is_round(self) -> bool:
        """Whether the frame makes this part a round (check-in, evaluation)."""
        return self.key in ("check-in", "evaluation")


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(_("The meeting's date should look like 2027-03-04, not {value}."
                           ).format(value=repr(value))) from None


class Meeting:
    """A circle's meeting: the SoFA frame around the agenda items, for ``minutes`` minutes.

    ``frame`` changes the minutes of frame parts (keys of :data:`FRAME`); 0 leaves a part out
    (which :meth:`validate` warns about for the check-in and the evaluation).
    """

    def __init__(self, circle: str, date: dt.date | str, minutes: float,
                 items: Iterable[AgendaItem] = (), *, frame: Mapping[str, float] | None = None,
                 ) -> None:
        self.circle = clean_name(circle, _("circle"))
        self.date = _as_date(date)
        self.minutes = _minutes(minutes, _("the meeting"))
        if self.minutes <= 0:
            raise InputError(_("A meeting needs some time: give its length in minutes."))
        self.items: tuple[AgendaItem, ...] = tuple(items)
        for item in self.items:
            if not isinstance(item, AgendaItem):
                raise InputError(f"Each agenda item should be an AgendaItem, not {item!r}.")
        self.frame: dict[str, float] = dict(FRAME_MINUTES)
        for key, value in (frame or {}).items():
            if key not in FRAME:
                raise InputError(_("'{key}' is not a part of the meeting frame; the parts are: "
                                   "{parts}.").format(key=key, parts=", ".join(FRAME)))
            self.frame[key] = _minutes(value, _(FRAME[key][0]))
        self.lines: dict[tuple, int] = {}  # filled when the meeting comes from a file
        self.path: str | None = None

    def __repr__(self) -> str:
        return (f"Meeting({self.circle!r}, {self.date.isoformat()!r}, {self.minutes:g}, "
                f"{len(self.items)} items)")

    # ---- the plan ---------------------------------------------------------------------------
    @property
    def needed(self) -> float:
        """Minutes the frame and the items need together."""
        return sum(self.frame.values()) + sum(item.minutes for item in self.items)

    def plan(self) -> list[Part]:
        """Every part in order with its start and end (minutes from the start).

        Parts follow each other without gaps or overlaps. Time left over becomes a "Spare time"
        part before the backlog (SoFA advises stopping content early enough to close well), so
        when the agenda fits, the plan ends exactly at :attr:`minutes`; when it does not, it ends
        later, and :meth:`validate` reports ``over-time``.
        """
        parts: list[Part] = []
        clock = 0.0

        def add(key: str, title: str, length: float, item: int | None = None,
                kind: str = "") -> None:
            nonlocal clock
            parts.append(Part(key, title, clock, clock + length, item, kind))
            clock += length

        for key in ("check-in", "admin", "agenda-consent"):
            if self.frame[key] > 0:
                add(key, FRAME[key][0], self.frame[key])
        for index, item in enumerate(self.items):
            add("item", item.title, item.minutes, index, item.kind)
        spare = self.minutes - self.needed
        if spare > 1e-9:
            add("spare", SPARE_TITLE, spare)
        for key in ("backlog", "evaluation"):
            if self.frame[key] > 0:
                add(key, FRAME[key][0], self.frame[key])
        if parts and spare > 1e-9:  # no rounding drift: the last part ends at the meeting's end
            last = parts[-1]
            parts[-1] = Part(last.key, last.title, last.start, self.minutes, last.item, last.kind)
        return parts

    # ---- findings ---------------------------------------------------------------------------
    def validate(self) -> list[Finding]:
        """What a facilitator should know before the meeting, errors and warnings."""
        found: list[Finding] = []

        def add(code: str, message: str, item: int | None = None, field: str | None = None,
                ) -> None:
            keys = ("agenda", item, field) if item is not None else ((field,) if field else ())
            found.append(Finding(code, FINDING_CODES[code], message, item,
                                 self._line(*[k for k in keys if k is not None]), field))

        late = over_time(self.needed, self.minutes, what=_("The agenda"),
                         detail=_("frame {frame}, items {items}").format(
                             frame=f"{sum(self.frame.values()):g}",
                             items=f"{self.needed - sum(self.frame.values()):g}"),
                         advice=_("shorten or move an item, or ask the circle to consent to a "
                                  "longer meeting"))
        if late:
            add("over-time", late, field="minutes")
        if self.frame["check-in"] <= 0:
            add("no-check-in", _("There is no check-in round: people arrive as people before "
                                 "they work together; even two minutes help."), field="frame")
        if self.frame["evaluation"] <= 0:
            add("no-evaluation", _("There is no evaluation round: the meeting is how the circle "
                                   "learns to meet better (lead, do, measure); keep five minutes "
                                   "for it."),
                field="frame")
        if not self.items:
            add("no-items", _("The agenda has no items yet."), field="agenda")
        decisions = [i for i, item in enumerate(self.items) if item.kind == "decision"]
        for index, item in enumerate(self.items):
            if item.kind not in ITEM_KINDS:
                add("unknown-kind", _("'{title}' is of kind '{kind}'; an item is a report, an "
                                      "exploration or a decision.").format(
                                          title=item.title, kind=item.kind), index, "kind")
            elif item.kind == "decision" and not item.proposal and not item.is_selection:
                add("decision-without-proposal", _(
                    "'{title}' is a decision but names no proposal (or aim): write what the "
                    "circle will consent to, or make it an exploration to shape a proposal "
                    "first. A selection needs none: say so in the title, e.g. 'Select a "
                    "facilitator'.").format(title=item.title), index, "proposal")
            elif item.kind == "decision" and item.minutes < MIN_DECISION_MINUTES:
                add("short-decision", _(
                    "'{title}' has {minutes} minutes; a consent process with its rounds rarely "
                    "takes under {least} (the course's rule of thumb, not a SoFA rule)."
                    ).format(title=item.title, minutes=f"{item.minutes:g}",
                             least=MIN_DECISION_MINUTES), index, "minutes")
        if len(decisions) > MAX_DECISIONS:
            add("too-many-decisions", _(
                "The agenda has {count} decisions; more than {most} in one meeting leaves little "
                "time to integrate objections (the course's rule of thumb, not a SoFA rule). "
                "Could one be an exploration?").format(count=len(decisions), most=MAX_DECISIONS),
                decisions[MAX_DECISIONS], "kind")
        return found

    def _line(self, *keys: Any) -> int | None:
        return line_along(self.lines, *keys)

    # ---- plain data and files ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"circle": self.circle, "date": self.date.isoformat(),
                                "minutes": _plain_number(self.minutes)}
        changed = {k: _plain_number(v) for k, v in self.frame.items() if v != FRAME_MINUTES[k]}
        if changed:
            data["frame"] = changed
        data["agenda"] = [item.to_dict() for item in self.items]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "<data>") -> Meeting:
        return meeting_from_yaml(LoadedYaml(data=dict(data), path=path))

    def to_yaml(self) -> str:
        """The agenda in the file format :func:`load_agenda` reads."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.write_text(self.to_yaml(), encoding="utf-8")
        return target


_TOP = ("circle", "date", "minutes", "frame", "agenda", "description", "notes")
_ITEM = ("title", "kind", "minutes", "owner", "proposal", "notes")


def meeting_from_yaml(loaded: LoadedYaml, problems: Problems | None = None) -> Meeting:
    """A meeting from a parsed agenda file; a field that cannot be used names file and line.

    ``problems`` collects every mistake for the ``check`` command (an item with a mistake is
    skipped, and :class:`PartReported` is raised at the end when the meeting itself cannot be
    built); by default the first mistake raises :class:`ScenarioError`.
    """
    problems = problems if problems is not None else Problems()
    data = loaded.data
    if not isinstance(data, dict) or "agenda" not in data:
        raise ScenarioError(_("an agenda file has 'circle:', 'date:', 'minutes:' and "
                              "'agenda:' with a list of items"), path=loaded.path, line=1)
    for key in data:
        if key not in _TOP:
            problems.report(loaded.error(unknown_field_message(key, _TOP, "an agenda file"),
                                         key))
    top: dict[str, Any] = {}
    with problems.part():
        top["circle"] = require(loaded, data, "circle", (str, int))
    with problems.part():
        top["date"] = require(loaded, data, "date", (dt.date, str))
    with problems.part():
        top["minutes"] = require(loaded, data, "minutes", float)
    frame: dict[str, Any] = {}
    with problems.part():
        frame = require(loaded, data, "frame", dict, optional=True, default={})
    raw_items: list[Any] = []
    with problems.part():
        raw_items = require(loaded, data, "agenda", list)
    items = []
    for index, raw in enumerate(raw_items):
        with problems.part():
            items.append(_agenda_item(loaded, raw, ("agenda", index), problems))
    good_frame = {}
    for key, value in frame.items():
        with problems.part():
            if key not in FRAME:
                raise loaded.error(unknown_field_message(key, FRAME, "the frame"), "frame", key)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise loaded.error(_("'{key}' should be a number of minutes").format(key=key),
                                   "frame", key)
            good_frame[key] = value
    if len(top) < 3:
        raise PartReported()  # already reported: the meeting cannot be built without them
    try:
        meeting = Meeting(str(top["circle"]), top["date"], top["minutes"], items,
                          frame=good_frame)
    except InputError as exc:
        problems.report(loaded.error(exc.plain, _failing_field(top)))
        raise PartReported() from None
    meeting.lines = dict(loaded.lines)
    meeting.path = loaded.path
    return meeting


def _failing_field(top: Mapping[str, Any]) -> str:
    """Which of the meeting's fields a refused meeting failed on (the date, the minutes, else
    the circle), found by the same rules, not from the words of the message (they are in the
    page's language)."""
    try:
        _as_date(top["date"])
    except InputError:
        return "date"
    try:
        if _minutes(top["minutes"], "") <= 0:
            return "minutes"
    except InputError:
        return "minutes"
    return "circle"


def _agenda_item(loaded: LoadedYaml, raw: Any, where: tuple, problems: Problems) -> AgendaItem:
    if not isinstance(raw, dict):
        raise loaded.error(_("each agenda item has 'title:', 'kind:' and 'minutes:'"), *where)
    problems.refuse_unknown_fields(loaded, raw, _ITEM, "an agenda item", *where)
    title = str(require(loaded, raw, "title", (str, int), *where))
    kind = require(loaded, raw, "kind", str, *where)
    length = require(loaded, raw, "minutes", float, *where)
    owner = require(loaded, raw, "owner", (str, int), *where, optional=True)
    proposal = require(loaded, raw, "proposal", str, *where, optional=True, default="")
    notes = require(loaded, raw, "notes", str, *where, optional=True, default="")
    try:
        item = AgendaItem(title, kind, length, None if owner is None else str(owner),
                          notes=notes, proposal=proposal)
    except InputError as exc:
        raise loaded.error(exc.plain, *where) from None
    return item


def parse_agenda(text: str, path: str = "<text>") -> Meeting:
    """A meeting from agenda YAML text (an upload, a test)."""
    return meeting_from_yaml(parse_yaml(text, path))


def load_agenda(path: str | Path) -> Meeting:
    """Read a trainer's agenda file; a bad one raises :class:`ScenarioError` (file, line, field).
    A page in another language reads the file's translation when there is one (``localized``)."""
    return meeting_from_yaml(load_yaml(localized(path)))


# ------------------------------------------------------------------------------------------
# The meeting as it runs


def part_prompt(key: str) -> str:
    """The question of a frame part's round when the facilitator gives none ("" for others):
    the check-in's, or our evaluation prompts (also what the phones are asked)."""
    if key == "evaluation":
        return " ".join(_(question) for _key, question in EVALUATION_PROMPTS)
    if key == "check-in":
        return _("How are you arriving at this meeting?")
    return ""


@dataclass
class PartRecord:
    """What happened in one part: when it started and ended, notes, rounds, decisions.

    ``decisions`` are consent processes run in this part; ``saved_decisions`` are their logbook
    entries as recorded earlier (a meeting resumed after a crash keeps its finished decisions as
    text, the way they were published).
    """

    started_at: float | None = None
    ended_at: float | None = None
    notes: str = ""
    rounds: list[Round] = field(default_factory=list)
    decisions: list[ConsentProcess] = field(default_factory=list)
    saved_decisions: list[str] = field(default_factory=list)

    @property
    def used(self) -> float | None:
        """Minutes the part took (``None`` until it ended)."""
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.started_at) / 60


class MeetingRun:
    """A meeting as it happens, part by part, following :meth:`Meeting.plan`.

    ``members`` are the people present, in seating order (rounds go round in that order).
    ``clock`` gives seconds (``time.time``: a meeting resumed after a crash keeps its times);
    tests pass a fake one. Out-of-order calls raise :class:`ProcessError` saying what comes next.
    """

    def __init__(self, meeting: Meeting, members: Sequence[str], *,
                 clock: Callable[[], float] = time.time) -> None:
        self.meeting = meeting
        self.members: tuple[str, ...] = tuple(clean_names(members, "member"))
        if not self.members:
            raise InputError(_("List the people at the meeting: rounds need at least one "
                               "person."))
        self.clock = clock
        # Spare time is not a part anyone runs: the parts keep their planned times around it.
        self.parts: list[Part] = [p for p in meeting.plan() if p.key != "spare"]
        self.records: list[PartRecord] = [PartRecord() for _ in self.parts]
        self.index = -1  # -1: not started; len(parts): finished
        self.started_at: float | None = None
        self.backlog: list[str] = []

    # ---- state ------------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self.index >= 0

    @property
    def finished(self) -> bool:
        return self.index >= len(self.parts)

    @property
    def current(self) -> Part | None:
        """The part in progress (``None`` before the start and after the end)."""
        return self.parts[self.index] if self.started and not self.finished else None

    @property
    def record(self) -> PartRecord:
        """The record of the current part."""
        if self.current is None:
            raise self._error(_("There is no part in progress."))
        return self.records[self.index]

    def next_step(self) -> str:
        """What happens next, for people."""
        if not self.started:
            return _("Next: start the meeting with the check-in.")
        if self.finished:
            return _("The meeting is over; hand out the minutes.")
        part = self.current
        assert part is not None
        nxt = self.parts[self.index + 1].shown_title if self.index + 1 < len(self.parts) \
            else None
        open_round = self._open_round()
        if open_round is not None:
            return _("Next: finish the {round}; it is {name}'s turn.").format(
                round=_(open_round.rule.label).lower(), name=open_round.current)
        open_decision = self._open_decision()
        if open_decision is not None:
            return _("Next: finish the consent decision ({step})").format(
                step=open_decision.next_step())
        if nxt:
            return _("Now: {part}. Then: {next}.").format(part=part.shown_title, next=nxt)
        return _("Now: {part}. Then the meeting ends.").format(part=part.shown_title)

    def _error(self, problem: str) -> ProcessError:
        return ProcessError(f"{problem} {self.next_step()}")

    def _open_round(self) -> Round | None:
        if self.current is None:
            return None
        rounds = self.records[self.index].rounds
        return rounds[-1] if rounds and not rounds[-1].is_complete else None

    def _open_decision(self) -> ConsentProcess | None:
        if self.current is None:
            return None
        decisions = self.records[self.index].decisions
        return decisions[-1] if decisions and decisions[-1].step != "published" else None

    # ---- time -------------------------------------------------------------------------------
    def elapsed(self) -> float:
        """Minutes since the meeting started (0 before; frozen at the end)."""
        if self.started_at is None:
            return 0.0
        end = self.records[-1].ended_at if self.finished else None
        return ((end if end is not None else self.clock()) - self.started_at) / 60

    def part_elapsed(self) -> float:
        """Minutes spent in the current part so far."""
        if self.current is None or self.record.started_at is None:
            return 0.0
        return (self.clock() - self.record.started_at) / 60

    def behind(self) -> float:
        """Minutes behind the plan (negative: ahead): where we are against where the plan is.

        During a part: how late it started, or how far it has run past its planned end, whichever
        is more. At the end: the meeting's length against the planned length.
        """
        if not self.started:
            return 0.0
        if self.finished:
            return self.elapsed() - self.parts[-1].end
        part = self.current
        assert part is not None
        # Late by how late the part started, or by how far it has run past its planned end.
        return max(self.record_start_offset() - part.start, self.elapsed() - part.end)

    def record_start_offset(self) -> float:
        """Minutes from the meeting's start to the start of the current part."""
        if self.started_at is None or self.current is None or self.record.started_at is None:
            return 0.0
        return (self.record.started_at - self.started_at) / 60

    # ---- moves ------------------------------------------------------------------------------
    def start(self) -> Part:
        """Open the meeting: the first part begins."""
        if self.started:
            raise self._error(_("The meeting has already started."))
        self.started_at = self.clock()
        self.index = 0
        self.records[0].started_at = self.started_at
        return self.parts[0]

    def note(self, text: str) -> None:
        """Set the notes of the current part (the whole text, as typed)."""
        if self.current is None:
            raise self._error(_("Notes belong to a part of the meeting."))
        self.record.notes = _text(text, _("notes"))

    def add_backlog(self, text: str) -> None:
        """Put something on the circle's backlog (during the backlog update, or any time)."""
        if not self.started or self.finished:
            raise self._error(_("The backlog is updated during the meeting."))
        entry = _text(text, _("backlog entry"), required=True)
        self.backlog.append(entry)

    def start_round(self, kind: str | None = None, prompt: str = "",
                    first: str | None = None, *, people: Sequence[str] | None = None) -> Round:
        """Start a round in the current part, with everyone present.

        ``kind`` defaults to the part's own (check-in, evaluation), else ``"brainstorm"``.
        ``people`` (default: the members present, in seating order) is who goes round: a
        check-in written on phones first adds the phones whose names match no member.
        """
        part = self.current
        if part is None:
            raise self._error(_("A round is held during a part of the meeting."))
        if self._open_round() is not None or self._open_decision() is not None:
            raise self._error(_("Finish what is going on first."))
        kind = kind or (part.key if part.is_round else "brainstorm")
        if kind not in ROUND_KINDS:
            raise ProcessError(_("'{kind}' is not a kind of round; choose one of: {kinds}."
                                 ).format(kind=kind, kinds=", ".join(ROUND_KINDS)))
        prompt = prompt or part_prompt(part.key)
        made = Round(kind, list(self.members if people is None else people), first,
                     prompt=prompt)
        self.record.rounds.append(made)
        return made

    def start_consent(self, proposal: str | None = None, *, term_months: int = 12,
                      ) -> ConsentProcess:
        """Start a consent decision in the current agenda item (default: the item's proposal)."""
        part = self.current
        if part is None or part.key != "item":
            raise self._error(_("A consent decision is held during an agenda item."))
        item = self.meeting.items[part.item or 0]
        if item.kind != "decision":
            if item.kind[:1] in tuple("aeiou"):
                wrong = _('"{title}" is an {kind} item: a consent decision is held during a '
                          'decision item.')
            else:
                wrong = _('"{title}" is a {kind} item: a consent decision is held during a '
                          'decision item.')
            raise self._error(wrong.format(title=item.title, kind=kind_label(item.kind)))
        if self._open_round() is not None or self._open_decision() is not None:
            raise self._error(_("Finish what is going on first."))
        if item.is_selection and not (proposal or item.proposal):
            raise self._error(_('"{title}" is a selection: its proposal is a person, made after '
                                'the nomination and change rounds. Hold those rounds (or use '
                                'the selection app), then consent to the person proposed.'
                                ).format(title=item.title))
        process = ConsentProcess(proposal if proposal is not None else item.proposal,
                                 list(self.members), term_months=term_months,
                                 circle=self.meeting.circle)
        self.record.decisions.append(process)
        return process

    def next_part(self) -> Part | None:
        """The current part is done: record its end and start the next (``None`` at the end).

        Refused while a round of the part is not complete: a round is everyone's turn.
        An unfinished consent decision may be left (the circle can postpone it); the minutes
        say where it stopped.
        """
        if not self.started:
            raise self._error(_("The meeting has not started."))
        if self.finished:
            raise self._error(_("The meeting is over."))
        open_round = self._open_round()
        if open_round is not None:
            raise ProcessError(_("The {round} is not complete: it is {name}'s turn. Finish it "
                                 "(or undo its turns) before moving on.").format(
                                     round=_(open_round.rule.label).lower(),
                                     name=open_round.current))
        now = self.clock()
        self.records[self.index].ended_at = now
        self.index += 1
        if self.finished:
            return None
        self.records[self.index].started_at = now
        return self.parts[self.index]

    def reopen_last_part(self) -> Part:
        """Take back the last :meth:`next_part`: the part that ended is in progress again.

        For an app whose record refused to keep the part as done: the page must not show a part
        done that the record lacks. Its notes, rounds and decisions stay as they were.
        """
        if not self.started or self.index == 0:
            raise self._error(_("No part has ended yet."))
        if not self.finished:
            self.records[self.index].started_at = None
        self.index -= 1
        self.records[self.index].ended_at = None
        return self.parts[self.index]

    # ---- saving and resuming ----------------------------------------------------------------
    def setup(self) -> dict[str, Any]:
        """What is needed to rebuild this run (JSON data): the meeting and who is present."""
        return {"meeting": self.meeting.to_dict(), "members": list(self.members)}

    def part_data(self, index: int, decision_entries: Sequence[str] = ()) -> dict[str, Any]:
        """The record of part ``index`` as JSON data (for the workshop record store).

        ``decision_entries`` are the consent decisions' logbook entries (rendered by the caller:
        the library's models do not import its renderers).
        """
        rec = self.records[index]
        return {"index": index, "key": self.parts[index].key, "started_at": rec.started_at,
                "ended_at": rec.ended_at, "notes": rec.notes,
                "rounds": [r.to_dict() for r in rec.rounds],
                "decisions": [*rec.saved_decisions, *decision_entries],
                "backlog": list(self.backlog), "meeting_started_at": self.started_at}

    @classmethod
    def resume(cls, setup: Mapping[str, Any], steps: Iterable[tuple[str, Mapping[str, Any]]],
               *, clock: Callable[[], float] = time.time) -> MeetingRun:
        """Rebuild a run from :meth:`setup` and the recorded ``("part-done", data)`` steps.

        Completed parts come back as recorded; the run continues at the first part not done.
        """
        run = cls(Meeting.from_dict(setup["meeting"]), setup["members"], clock=clock)
        done = [data for step, data in steps if step == "part-done"]
        for data in done:
            index = int(data["index"])
            rec = run.records[index]
            rec.started_at, rec.ended_at = data["started_at"], data["ended_at"]
            rec.notes = data.get("notes", "")
            rec.rounds = [Round.from_dict(r) for r in data.get("rounds", [])]
            rec.saved_decisions = list(data.get("decisions", []))
            run.backlog = list(data.get("backlog", []))
            run.started_at = data.get("meeting_started_at", run.started_at)
            run.index = index + 1
        if done and not run.finished:
            run.records[run.index].started_at = clock()
        return run
