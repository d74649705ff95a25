"""The agendas the meeting tools can open: the course's examples and the trainer's own files.

An agenda is a trainer's YAML file (``docs/agenda-format.md``) in ``examples/agendas/`` of a
course folder: the course as installed, and the trainer's copy of the course (the folder in
``$SOCIOCRACY_COURSE_ROOT``, or the one the page runs from), found the way every other course
file is found (:func:`sociocracy.core.settings.course_folders`). Lesson 9 and the meeting app
list them, so a trainer's new agenda is one file away, without editing a notebook.

A broken file is listed too, marked, so that choosing it says what to fix (file, line, field)
instead of the file silently missing from the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sociocracy.core.errors import CourseError, ScenarioError
from sociocracy.core.language import _
from sociocracy.core.settings import course_folders, find_course_folder, package_course_folder
from sociocracy.meetings import Meeting, load_agenda, parse_agenda

__all__ = ["AGENDA_FOLDER", "AgendaFile", "agenda_files", "open_agenda", "read_agenda_upload"]

#: Where a course folder keeps its agendas.
AGENDA_FOLDER = Path("examples") / "agendas"
#: Largest agenda accepted as an upload (bytes): far more than any agenda needs.
MAX_UPLOAD = 1_000_000


@dataclass(frozen=True)
class AgendaFile:
    """One agenda file: where it is, how a menu shows it, and what is wrong with it ("")."""

    path: Path
    shown: str  # the path people see: "examples/agendas/garden_march.yaml"
    label: str  # "Garden, 2027-03-04 (garden_march.yaml, the course's)"
    problem: str = ""


def _folders() -> list[tuple[Path, str]]:
    """Course folders with whose they are: the installed course first, then the trainer's."""
    found: list[tuple[Path, str]] = []
    here = find_course_folder()
    candidates = [*course_folders(), *([here.resolve()] if here else [])]
    package = package_course_folder().resolve()
    for folder in candidates:
        folder = folder.resolve()
        if folder not in [f for f, _ in found]:
            found.append((folder, "course" if folder == package else "yours"))
    return found


def _label(meeting: Meeting, name: str, whose: str) -> str:
    """A good agenda as a menu shows it, in the page's language."""
    if whose == "course":
        return _("{circle}, {date} ({file}, the course's)").format(
            circle=meeting.circle, date=meeting.date.isoformat(), file=name)
    return _("{circle}, {date} ({file}, your course folder)").format(
        circle=meeting.circle, date=meeting.date.isoformat(), file=name)


def _broken_label(name: str, whose: str) -> str:
    """A broken agenda as a menu shows it, in the page's language."""
    if whose == "course":
        return _("{file} (the course's): has a mistake").format(file=name)
    return _("{file} (your course folder): has a mistake").format(file=name)


def _relabelled(exc: ScenarioError, shown: str) -> ScenarioError:
    """The same mistake, naming the file as people see it (not the server's full path)."""
    return ScenarioError(exc.reason, path=shown, line=exc.line, field=exc.field)


def _head(path: Path) -> bytes | None:
    """The file's first bytes (at most :data:`MAX_UPLOAD`), ``None`` for what is not a file."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as stream:
            return stream.read(MAX_UPLOAD)
    except OSError:
        return None


def agenda_files() -> list[AgendaFile]:
    """Every agenda in the course folders, the course's first; broken ones say why."""
    files: list[AgendaFile] = []
    seen: set[tuple[str, bytes]] = set()  # a trainer's copy of the course repeats its examples
    for folder, whose in _folders():
        for path in sorted((folder / AGENDA_FOLDER).glob("*.y*ml")):
            if path.suffix not in (".yaml", ".yml"):
                continue
            head = _head(path)
            if head is not None and (path.name, head) in seen:
                continue
            if head is not None:
                seen.add((path.name, head))
            shown = (AGENDA_FOLDER / path.name).as_posix()
            try:
                meeting = load_agenda(path)
            except ScenarioError as exc:
                files.append(AgendaFile(path, shown, _broken_label(path.name, whose),
                                        str(_relabelled(exc, shown))))
                continue
            except CourseError as exc:
                files.append(AgendaFile(path, shown, _broken_label(path.name, whose),
                                        f"{shown}: {exc.plain}"))
                continue
            files.append(AgendaFile(path, shown, _label(meeting, path.name, whose)))
    return files


def open_agenda(agenda: AgendaFile) -> Meeting:
    """Read a listed agenda again (it may have changed); a mistake is a ``ScenarioError``
    naming the file as listed, its line and field."""
    try:
        return load_agenda(agenda.path)
    except ScenarioError as exc:
        raise _relabelled(exc, agenda.shown) from None


def read_agenda_upload(content: bytes, name: str) -> Meeting:
    """An uploaded agenda file; every problem is a ``CourseError`` sentence naming ``name``."""
    if len(content) > MAX_UPLOAD:
        raise CourseError(_("{file} is {size} MB; an agenda file is at most {most} MB: is it "
                            "the right file?").format(file=name,
                                                      size=f"{len(content) / 1_000_000:.1f}",
                                                      most=f"{MAX_UPLOAD / 1_000_000:g}"))
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise CourseError(_("{file} is not a text file; save it as UTF-8 text.").format(
            file=name)) from None
    return parse_agenda(text, name)
