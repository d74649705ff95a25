"""JupyterLab in the course's language: a copy of the course whose notebooks are its pages there.

Why a copy: Voila makes each page in the visitor's language as it opens it (its prelaunch hook,
:func:`sociocracy.shell.languages.page_in_language`); JupyterLab has no such hook and opens the
files as they are, in English. So ``sociocracy-course lab`` in another language opens JupyterLab
on a copy of the course made for that language:

* **Where**: ``<data folder>/lab/<lang>`` (:func:`lab_folder`; the data folder is
  ``$SOCIOCRACY_COURSE_DATA``, else the user's data folder, as for the workshop record), never in
  the course folder, which may be read-only (installed with pip) and is served to visitors.
* **What**: every file of the folders a learner opens (:data:`COPIED_FOLDERS`). Each notebook is
  the page ``page_in_language`` makes, with its first cell, which sets the kernel's language,
  left visible and explained in a comment (a learner in JupyterLab sees the code, so a hidden
  cell would be a mystery there). Every other file (quizzes, practice sets, example
  organisations: what the notebooks read by relative paths such as ``quizzes/02_rounds.yaml``)
  is copied as it is, and the language's translated data files (``translations/<lang>/...``,
  not its catalogs) too, at the same places: the copy is a course folder
  (:func:`~sociocracy.core.course_folder.course_folder_of`), so the data-file rule
  (:func:`~sociocracy.core.language.localized`) finds the Spanish files from it as from the course.
  A document a learner reads (:data:`DOCUMENT_SUFFIXES`: a folder's ``README.md``) is different:
  nothing looks it up, the learner opens it, so its translation (``translations/<lang>/<same
  path>``) is written *at its own path* in the copy, in place of the English, and not again
  under ``translations/``; a document with no translation is copied in English.
* **Again**: the copy is the learner's to change. A manifest (:data:`MANIFEST`) keeps a
  fingerprint of every file as it was written; the next run writes a file again only when the
  learner did not change it (a notebook counts as changed when a cell's text changed, not when
  cells were only run), and lists the files it kept. A file the learner deleted is written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import TRANSLATIONS, _, current, speaking

__all__ = ["COPIED_FOLDERS", "DOCUMENT_SUFFIXES", "MANIFEST", "LabCopy", "LabSettings",
           "lab_folder", "lab_language_source", "lab_locale", "lab_settings", "language_name",
           "make_lab_copy"]

#: The course's folders a learner opens in JupyterLab (and the data their notebooks read).
COPIED_FOLDERS = ("lessons", "apps", "exercises", "solutions", "examples", "workshops")
#: What the copy was made from and each file's fingerprint as written (hidden in JupyterLab).
MANIFEST = ".sociocracy-course-lab.json"
#: Documents a learner opens and reads (a folder's README.md): in the copy, a document's
#: translation stands at the document's own path, in place of the English.
DOCUMENT_SUFFIXES = (".md",)
#: Files that are never the course's: Jupyter's checkpoints, Python's caches, hidden files.
_SKIPPED_PARTS = (".ipynb_checkpoints", "__pycache__")


class LabCopyError(CourseError):
    """The copy of the course for JupyterLab cannot be written."""


@dataclass
class LabCopy:
    """The copy for JupyterLab: its folder, the files written this time, and the files kept
    because the learner changed them (paths from the copy's folder, ``/``-separated)."""

    folder: Path
    language: str
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def lab_folder(language: str) -> Path:
    """Where the JupyterLab copy of the course in ``language`` lives: ``<data>/lab/<lang>``."""
    from sociocracy.rooms.location import data_folder

    return data_folder() / "lab" / language


def language_name(language: str, said_in: str | None = None) -> str:
    """``language``'s name as a sentence in ``said_in`` (default: the current language) writes it:
    "Spanish" in English, "español" in Spanish (a sentence's word, not a menu's title)."""
    from babel import Locale

    try:
        return str(Locale.parse(language).get_display_name(said_in or current()) or language)
    except (ValueError, LookupError):
        return language


def lab_language_source(language: str) -> str:
    """The visible first cell of a notebook in the copy: a comment, in ``language``, saying what
    it does, then the same call as the hidden cell of a Voila page."""
    with speaking(language):
        # Translators: "Run > Run All Cells" is JupyterLab's menu, which stays English.
        comment = _("This copy of the course is in {language}. This cell sets the language of the "
                    "widgets, charts and data files: run it first (Run > Run All Cells runs it "
                    "too).").format(
                        language=language_name(language, language))
    lines = textwrap.wrap(comment, width=92)
    return "\n".join(
        [*(f"# {line}" for line in lines),
         "from sociocracy.core.language import use as use_language",
         f"use_language({language!r});"])


def _course_files(root: Path, language: str) -> Iterator[tuple[str, Path]]:
    """(path in the copy, course file) for every file the copy holds."""
    translated = root / TRANSLATIONS / language
    sources = [(root / folder, folder) for folder in COPIED_FOLDERS]
    sources.append((translated, f"{TRANSLATIONS}/{language}"))
    for top, shown in sources:
        if not top.is_dir():
            continue
        for path in sorted(top.rglob("*")):
            relative = path.relative_to(top)
            if not path.is_file() or any(part.startswith(".") or part in _SKIPPED_PARTS
                                         for part in relative.parts):
                continue
            if top == translated:
                if path.suffix in (".po", ".mo", ".ipynb", *DOCUMENT_SUFFIXES):
                    continue  # pages and documents are at their own paths in the copy already
            elif path.suffix in DOCUMENT_SUFFIXES:
                own = translated / shown / relative
                path = own if own.is_file() else path  # the learner reads it in the language
            yield f"{shown}/{relative.as_posix()}", path


def _page(course_file: Path, language: str) -> bytes:
    """The notebook at ``course_file`` as the copy holds it: its page in ``language``, first
    cell visible and explained."""
    import nbformat

    from sociocracy.shell.languages import LANGUAGE_CELL_ID, page_in_language

    notebook = nbformat.read(course_file, as_version=4)
    page = page_in_language(notebook, course_file, language)
    first = page.cells[0]
    if first.get("id") == LANGUAGE_CELL_ID:
        first.source = lab_language_source(language)
    return (nbformat.writes(page) + "\n").encode("utf-8")


def fingerprint(data: bytes, name: str) -> str:
    """What must stay the same for a file to count as unchanged: a notebook's cells (their kind
    and text; running a cell changes its outputs, not its text), any other file's bytes."""
    if name.endswith(".ipynb"):
        try:
            cells = json.loads(data.decode("utf-8"))["cells"]
            data = json.dumps([(cell.get("cell_type"), _text(cell.get("source", "")))
                               for cell in cells], ensure_ascii=False).encode("utf-8")
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # not a notebook any more: its bytes are its fingerprint
    return hashlib.sha256(data).hexdigest()


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _read_manifest(folder: Path, language: str) -> dict[str, str]:
    try:
        kept = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = kept.get("files", {}) if kept.get("language") == language else {}
        return {str(k): str(v) for k, v in files.items()}
    except (OSError, ValueError, AttributeError):
        return {}  # no manifest (a first run) or a damaged one: no file counts as ours


def make_lab_copy(root: Path, language: str, folder: Path | None = None) -> LabCopy:
    """Make (or bring up to date) the copy of the course at ``root`` in ``language`` for
    JupyterLab, at ``folder`` (default :func:`lab_folder`); the learner's changes are kept."""
    folder = folder or lab_folder(language)
    copy = LabCopy(folder, language)
    manifest = _read_manifest(folder, language)
    written: dict[str, str] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for shown, course_file in _course_files(root, language):
            new = (_page(course_file, language) if course_file.suffix == ".ipynb"
                   else course_file.read_bytes())
            new_print = fingerprint(new, shown)
            target = folder / shown
            if not target.is_file():
                _write(target, new)
                copy.written.append(shown)
                written[shown] = new_print
                continue
            there = fingerprint(target.read_bytes(), shown)
            if there == new_print:
                written[shown] = new_print  # the same already (outputs of a run stay)
            elif manifest.get(shown) == there:
                _write(target, new)  # ours, unchanged by the learner: the course's new version
                copy.written.append(shown)
                written[shown] = new_print
            else:
                copy.kept.append(shown)  # the learner's: never written over
                if shown in manifest:
                    written[shown] = manifest[shown]
        _write(folder / MANIFEST, json.dumps(
            {"language": language, "course": str(root), "files": written}, indent=1,
            sort_keys=True).encode("utf-8"))
    except OSError as exc:
        raise LabCopyError(
            _("The copy of the course for JupyterLab cannot be written in {folder} ({reason}); "
              "set SOCIOCRACY_COURSE_DATA to a folder you can write.").format(
                  folder=folder, reason=exc.strerror or exc)) from None
    return copy


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all (a stopped run leaves no half notebook)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)


# ----------------------------------------------- JupyterLab's own words in the language
#: JupyterLab's setting that chooses its menus' language (a language pack's locale, "es_ES").
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"


def lab_locale(language: str) -> str | None:
    """JupyterLab's locale for ``language``: that of an installed language pack
    (``jupyterlab-language-pack-es-ES`` gives ``es_ES``), or None when none is installed."""
    from importlib.metadata import entry_points

    from sociocracy.core.language import base_language

    packs = sorted(entry.name for entry in entry_points(group="jupyterlab.languagepack"))
    return next((pack for pack in packs if base_language(pack) == language), None)


@dataclass
class LabSettings:
    """What JupyterLab is given for a language: a configuration folder to put first on
    ``JUPYTER_CONFIG_PATH`` (its menus' language as a default setting, when a language pack is
    installed) and a workspaces folder of its own (the tabs open in the Spanish copy are not
    reopened, as missing files, by the English JupyterLab)."""

    config: Path
    workspaces: Path
    locale: str | None


def lab_settings(language: str, base: Path | None = None) -> LabSettings:
    """Write JupyterLab's settings for ``language`` under ``base`` (default: beside the copies,
    ``<data>/lab/.settings/<lang>``). The language is a *default*: a person who chose another
    one in JupyterLab's Settings > Language keeps theirs."""
    base = base or lab_folder(language).parent / ".settings" / language
    locale = lab_locale(language)
    overrides = {TRANSLATION_PLUGIN: {"locale": locale}} if locale else {}
    try:
        _write(base / "config" / "labconfig" / "default_setting_overrides.json",
               json.dumps(overrides, indent=1).encode("utf-8"))
        (base / "workspaces").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LabCopyError(
            _("JupyterLab's settings cannot be written in {folder} ({reason}); set "
              "SOCIOCRACY_COURSE_DATA to a folder you can write.").format(
                  folder=base, reason=exc.strerror or exc)) from None
    return LabSettings(base / "config", base / "workspaces", locale)
