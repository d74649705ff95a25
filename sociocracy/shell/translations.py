"""``sociocracy-course translations``: the gettext workflow (Babel) for the code and the prose.

* ``extract``: the code's strings into one template per area (``sociocracy/locale/<area>.pot``).
* ``update LANG``: each area's catalog (``sociocracy/locale/LANG/LC_MESSAGES/<area>.po``) brought
  in step with its template, and each notebook's catalog (``translations/LANG/...po``) with the
  notebook's pieces; a changed English string keeps its old translation marked fuzzy.
* ``compile LANG``: the code's catalogs to ``.mo`` (pages read a ``.po`` newer than its ``.mo``
  directly, so this is for speed, not correctness).

Areas split the code's strings into catalogs of a size a translator can finish in one sitting,
and by subject (a workshop app's words sit with that app's rules).
"""

from __future__ import annotations

import argparse
import fnmatch
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sociocracy.core.language import LOCALE_DIR, _
from sociocracy.course.translated_notebooks import (
    NOTEBOOK_FOLDERS,
    TRANSLATIONS,
    catalog_path,
    notebook_pieces,
    read_catalog,
    updated_catalog,
)

#: Which catalog (area) holds the strings of which files (paths from the course folder). A file
#: matching no pattern belongs to the last area.
AREAS: dict[str, tuple[str, ...]] = {
    "decisions": (
        "widgets/rounds.py", "widgets/consent.py", "widgets/objection_sorter.py",
        "widgets/late_answers.py", "widgets/timer.py", "widgets/tolerance.py",
        "sociocracy/rounds.py", "sociocracy/consent.py", "sociocracy/responses.py",
        "sociocracy/round_minutes.py", "sociocracy/tolerance.py",
        "sociocracy/sessions/rounds.py", "sociocracy/sessions/consent.py",
    ),
    "meetings": (
        "widgets/selection.py", "widgets/meetings.py", "widgets/one_meeting.py",
        "widgets/meeting_load.py", "widgets/proposals.py", "widgets/policies.py",
        "widgets/feedback.py",
        "sociocracy/selection.py", "sociocracy/meetings.py", "sociocracy/meeting_minutes.py",
        "sociocracy/meeting_load.py", "sociocracy/one_meeting.py", "sociocracy/proposals.py",
        "sociocracy/policies.py", "sociocracy/stepped_process.py", "sociocracy/logbook.py",
        "sociocracy/sessions/selection.py", "sociocracy/sessions/meeting.py",
        "sociocracy/sessions/follow_up.py", "sociocracy/course/agenda_files.py",
    ),
    "circles": (
        "widgets/circles.py", "widgets/circle_drawing.py", "widgets/audience_maps.py",
        "widgets/growth.py", "widgets/traditions.py", "widgets/airtime.py", "widgets/charts.py",
        "widgets/chart_cache.py", "widgets/opening_values.py",
        "sociocracy/circle*.py", "sociocracy/double_link.py", "sociocracy/growth.py",
        "sociocracy/seating.py", "sociocracy/traditions.py", "sociocracy/airtime.py",
        "sociocracy/sessions/circle_map.py",
    ),
    "workshop": (
        "widgets/workshop_room.py", "widgets/intro_session.py", "widgets/audience.py",
        "widgets/room_panel.py", "widgets/app_record.py", "widgets/downloads.py",
        "widgets/handout.py", "widgets/menus.py", "widgets/looks.py", "widgets/palette.py",
        "widgets/people_text.py", "widgets/tracebacks.py", "widgets/markdown_preview.py",
        "widgets/__init__.py", "sociocracy/intro_sessions.py", "sociocracy/sessions/*.py",
        "sociocracy/rooms/*.py", "sociocracy/shell/*.py",
    ),
    "practice": (
        "widgets/*.py", "sociocracy/course/*.py", "sociocracy/core/*.py", "sociocracy/*.py",
    ),
}
#: The practice pages and worked answers are written from their data by ``build-exercises``, in
#: each language that has ``translations/<lang>/exercises/data/`` (whole notebooks, not pieces).


_DATED = ("\"POT-Creation-Date:", "\"PO-Revision-Date:")


def write_if_changed(catalog: Any, target: Path, **options: Any) -> bool:
    """Write ``catalog`` as a PO file at ``target`` unless only its dates would change (so that
    catalogs of areas nobody touched stay as they are, and merges do not conflict on dates)."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, **options)
    new = buffer.getvalue()

    def undated(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines()
                if not line.decode("utf-8", "replace").startswith(_DATED)]

    if target.is_file() and undated(target.read_bytes()) == undated(new):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(new)
    return True


def area_of(relative: str) -> str:
    """The area whose catalog holds the strings of the file at ``relative``."""
    for area, patterns in AREAS.items():
        if any(fnmatch.fnmatch(relative, pattern) for pattern in patterns):
            return area
    return list(AREAS)[-1]


def code_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(area, file) for every Python file whose strings are extracted."""
    for folder in ("sociocracy", "widgets"):
        for path in sorted((root / folder).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "__pycache__" in relative:
                continue
            yield area_of(relative), path


def notebooks(root: Path) -> Iterator[Path]:
    """Every notebook a visitor can open, whose pieces are translated."""
    for folder in NOTEBOOK_FOLDERS:
        yield from sorted((root / folder).glob("*.ipynb"))


def extract(root: Path) -> list[Path]:
    """Write each area's template from the code; returns the templates written."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
    templates: dict[str, Catalog] = {
        area: Catalog(project="sociocracy-course", fuzzy=False) for area in AREAS}
    for area, path in code_files(root):
        relative = path.relative_to(root).as_posix()
        for line, message, comments, context in extract_from_file(
                "python", str(path), keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
                strip_comment_tags=True):
            templates[area].add(message, None, [(relative, line)], auto_comments=comments,
                                context=context,
                                flags=["python-brace-format"] if _has_braces(message) else [])
    written = []
    for area, catalog in templates.items():
        target = LOCALE_DIR / f"{area}.pot"
        if write_if_changed(catalog, target):
            written.append(target)
    return written


def _has_braces(message: str | tuple[str, ...]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("{" in text for text in texts if text)


def update_code(language: str) -> list[Path]:
    """Bring ``language``'s code catalogs in step with the templates (new ones are created)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    written = []
    for template_path in sorted(LOCALE_DIR.glob("*.pot")):
        with template_path.open("rb") as handle:
            template = read_po(handle)
        target = LOCALE_DIR / language / "LC_MESSAGES" / f"{template_path.stem}.po"
        if target.is_file():
            with target.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, project="sociocracy-course", fuzzy=False)
        catalog.update(template, update_header_comment=False)
        if write_if_changed(catalog, target, include_previous=True, ignore_obsolete=True):
            written.append(target)
    return written


def compile_code(language: str) -> list[Path]:
    """Compile ``language``'s code catalogs to ``.mo`` (fuzzy entries are left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(mo)
    return written


def update_notebooks(root: Path, language: str) -> list[Path]:
    """Bring ``language``'s notebook catalogs in step with the notebooks' pieces."""
    import nbformat

    written = []
    for notebook_file in notebooks(root):
        notebook = nbformat.read(notebook_file, as_version=4)
        target = catalog_path(root, notebook_file, language)
        catalog = updated_catalog(notebook_pieces(notebook), read_catalog(target),
                                  language=language, name=notebook_file.stem)
        if write_if_changed(catalog, target, include_previous=True):
            written.append(target)
    return written


def cmd_translations(args: argparse.Namespace) -> int:
    """``sociocracy-course translations ACTION [LANG]``."""
    from sociocracy.shell.cli import find_course_root

    root = find_course_root()
    if args.action == "extract":
        paths = extract(root)
    elif not args.language:
        print(_("sociocracy-course translations {action}: name the language, as in "
                "'sociocracy-course translations {action} es'.").format(action=args.action))
        return 2
    elif args.action == "update":
        paths = update_code(args.language) + update_notebooks(root, args.language)
    else:
        paths = compile_code(args.language)
    for path in paths:
        print(f"{path.relative_to(root) if path.is_relative_to(root) else path}")
    return 0


def add_translations(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "translations", help=_("extract, update and compile translations (docs/translating.md)"),
        description=_("The course's translation workflow. 'extract' writes the code's strings "
                      "into sociocracy/locale/AREA.pot; 'update LANG' brings "
                      "sociocracy/locale/LANG/LC_MESSAGES/AREA.po and the notebooks' catalogs "
                      "({translations}/LANG/FOLDER/NOTEBOOK.po) in step with the English "
                      "(new languages are created); 'compile LANG' writes the .mo files."
                      ).format(translations=TRANSLATIONS))
    p.add_argument("action", choices=("extract", "update", "compile"))
    p.add_argument("language", nargs="?", default="", help=_("a language code, such as es"),
                   # Translators: a placeholder in the command's help (translations update
                   # language).
                   metavar=_("language"))
    p.set_defaults(func=cmd_translations)
