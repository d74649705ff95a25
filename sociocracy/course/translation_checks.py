"""``sociocracy-course check translations/``: what a language lacks, and what went wrong in it.

For each language (a folder ``translations/<lang>/`` or catalogs ``sociocracy/locale/<lang>/``):

* **missing**: a string of the code, a piece of a lesson or app, or a trainer's file that has no
  translation (the page shows the English);
* **stale**: a translation made from English that has changed since (the page shows the new
  English until someone looks at it), or marked fuzzy by ``translations update``;
* **placeholders**: a ``{name}`` (or ``%(name)s``) of the English lost or added in translation;
  the page would show the wrong thing or fail, so this is an error;
* **inconsistent**: the same English (and context) translated differently in two areas' catalogs
  of one language; pages chain the catalogs, so the first area's translation shows everywhere
  and the other is never seen (a warning: use one translation, or a ``pgettext`` context when
  the English really means two things);
* **control names**: a lesson's or app's instructions name a button in bold (``**Start**``) but
  the translation names it otherwise than the page's button (a warning);
* **structure**: a translated trainer's file that is not the same file in another language (a
  quiz with another number of questions, another right answer, another id); an error too;
* and each translated trainer's file is checked as its English file is (``check_file``);
* **documents** (a folder's ``README.md``, which the JupyterLab copy in the language shows in
  place of the English): missing like a trainer's file, and, as the structure of a trainer's
  file, their commands, paths and links (``code`` and link targets) must be the English ones
  (a warning: one lost or added usually means the English changed after the translation).

Every line says the file and the line (of the catalog, or of the translated file) to open.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from sociocracy.core.language import DEFAULT, LOCALE_DIR, PSEUDO, TRANSLATIONS
from sociocracy.course.checks import CheckLine, check_file
from sociocracy.course.translated_notebooks import (
    NOTEBOOK_FOLDERS,
    catalog_path,
    catalog_status,
    notebook_pieces,
    read_catalog,
)

__all__ = ["check_translations", "languages_in", "structure_differences"]

#: ``{name}`` (the course's strings), ``%(name)s`` and the bare ``%s``/``%r`` of argparse's own
#: words (``sociocracy.shell.argparse_words``): a translation keeps each one.
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[^{}]*)\}|%\([A-Za-z_]+\)[sdfr]|%[sdr]")
#: Values that say what a thing is or which one it is, not words people read: a translation
#: keeps them exactly (a quiz's right answer is ``correct: true``, a task's ``kind``, ids, the
#: nodes of a case study, a rule's ``must``). Names (of circles, people) are words: a translation
#: may change them, the same way everywhere in the file.
STRUCTURAL_KEYS = frozenset({
    "id", "kind", "asks", "build", "scenario", "lesson", "round", "correct", "start", "next",
    "model", "rule", "method", "type", "format", "version", "tool", "measure", "activity",
    "mode",
})
_FIELD = re.compile(r"[a-z_][a-z0-9_-]*")


def is_field(key: object) -> bool:
    """Whether a mapping's key is a field of the format (``prompt``), not a name (``Baking``:
    the circle of that name), which a translation may translate."""
    return not isinstance(key, str) or bool(_FIELD.fullmatch(key))


def languages_in(root: Path) -> list[str]:
    """Every language the course has translations of (content or code), English and the
    test-only pseudo-language left out."""
    found: set[str] = set()
    for folder in ((root / TRANSLATIONS), LOCALE_DIR):
        if folder.is_dir():
            found |= {p.name for p in folder.iterdir() if p.is_dir()}
    return sorted(code for code in found if code not in (DEFAULT, PSEUDO) and len(code) <= 8
                  and code.replace("-", "").isalpha())


def _placeholders(text: str) -> list[str]:
    return sorted(set(_PLACEHOLDER.findall(text or "")))


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _code_catalog_lines(root: Path, language: str) -> Iterator[CheckLine]:
    from babel.messages.pofile import PoFileError, read_po

    for template_file in sorted(LOCALE_DIR.glob("*.pot")):
        with template_file.open("rb") as handle:
            template = read_po(handle)
        po = LOCALE_DIR / language / "LC_MESSAGES" / f"{template_file.stem}.po"
        shown = _shown(root, po)
        if not po.is_file():
            count = sum(1 for message in template if message.id)
            yield CheckLine(shown, 1, "warning", "missing-catalog",
                            f"no catalog for the area '{template_file.stem}': its {count} "
                            f"strings show in English; create it with 'sociocracy-course "
                            f"translations update {language}'")
            continue
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language, abort_invalid=True)
        except (PoFileError, ValueError) as exc:
            yield CheckLine(shown, int(getattr(exc, "lineno", 1) or 1), "error", "broken-catalog",
                            f"this catalog cannot be read ({exc}); the whole area shows in "
                            "English until it is fixed")
            continue
        for message in template:
            if not message.id:
                continue
            where = ", ".join(f"{file}:{line}" for file, line in message.locations[:2])
            english = message.id if isinstance(message.id, str) else message.id[0]
            found = catalog.get(message.id, context=message.context)
            strings = [] if found is None else (
                list(found.string) if isinstance(found.string, tuple) else [found.string])
            if found is None or not any(strings):
                line = found.lineno if found is not None and found.lineno else 1
                yield CheckLine(shown, line, "warning", "missing-translation",
                                f"'{_short(english)}' ({where}) is not translated")
                continue
            if found.fuzzy:
                yield CheckLine(shown, found.lineno or 1, "warning", "stale-translation",
                                f"'{_short(english)}' ({where}) changed since it was "
                                "translated (fuzzy): check the translation, then remove the "
                                "fuzzy mark")
            sources = list(message.id) if isinstance(message.id, tuple) else [message.id]
            wanted = _placeholders(str(sources[-1]))
            for string in strings:
                if string and _placeholders(str(string)) != wanted:
                    yield CheckLine(shown, found.lineno or 1, "error", "placeholder-differs",
                                    f"the translation of '{_short(english)}' has "
                                    f"{_listed(_placeholders(str(string)))} where the English has "
                                    f"{_listed(wanted)}: keep them exactly as they are")
                    break


def _inconsistent_lines(root: Path, language: str) -> Iterator[CheckLine]:
    """The same English (msgid and context) translated differently in two areas' catalogs.

    :func:`~sociocracy.core.language.gettext_for` chains the areas in name order, so the first
    area's translation is the one every page shows; the finding is on the later catalog's line.
    Catalogs that cannot be read are reported by :func:`_code_catalog_lines`."""
    from babel.messages.pofile import read_po

    first: dict[tuple[str | None, Any], tuple[str, tuple[str, ...]]] = {}
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po"), key=lambda path: path.stem):
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        except Exception:  # babel's PoFileError and friends: said by _code_catalog_lines
            continue
        for message in catalog:
            strings = tuple(str(string or "") for string in (
                message.string if isinstance(message.string, tuple) else (message.string,)))
            if not message.id or message.fuzzy or not any(strings):
                continue
            key = (message.context, message.id)
            if key not in first:
                first[key] = (po.name, strings)
                continue
            shown_po, shown = first[key]
            if shown != strings:
                english = message.id if isinstance(message.id, str) else message.id[0]
                context = f" (context '{message.context}')" if message.context else ""
                yield CheckLine(_shown(root, po), message.lineno or 1, "warning",
                                "inconsistent-translation",
                                f"'{_short(english)}'{context} is translated "
                                f"'{_short(' / '.join(strings))}' here but "
                                f"'{_short(' / '.join(shown))}' in {shown_po}, which pages "
                                "show everywhere: use one translation (or a pgettext context "
                                "in the code if the English means two things)")


def _listed(items: list[str]) -> str:
    return ", ".join(items) if items else "no placeholders"


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")


def _code_translations(language: str) -> dict[str, set[str]]:
    """Each English string of the code's catalogs (the words on buttons and boxes) and the ways
    ``language`` translates it (several when contexts differ); fuzzy ones left out."""
    from babel.messages.pofile import read_po

    found: dict[str, set[str]] = {}
    for po in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        except Exception:  # said by _code_catalog_lines
            continue
        for message in catalog:
            if isinstance(message.id, str) and message.id and isinstance(message.string, str) \
                    and message.string and not message.fuzzy:
                found.setdefault(message.id, set()).add(message.string)
    return found


def _control_names(text: str, controls: dict[str, set[str]]) -> Iterator[tuple[str, set[str]]]:
    """The bold words of a lesson's or app's English (``**Start**``) that are words of the code,
    with their translations: the instructions name buttons, and must name them as shown (a
    bold word that is only emphasis, as **Policy** in a list, matches whatever its case)."""
    for english in dict.fromkeys(_BOLD.findall(text)):
        # a control's label starts with a capital; a bold word in a sentence is emphasis
        if english[:1].isupper() and english in controls:
            yield english, controls[english]


def _notebook_lines(root: Path, language: str) -> Iterator[CheckLine]:
    controls = _code_translations(language)
    for folder in NOTEBOOK_FOLDERS:
        for notebook_file in sorted((root / folder).glob("*.ipynb")):
            notebook = json.loads(notebook_file.read_text(encoding="utf-8"))
            pieces = notebook_pieces(notebook)
            po = catalog_path(root, notebook_file, language)
            shown = _shown(root, po)
            page = _shown(root, notebook_file)
            if not po.is_file():
                if pieces:
                    yield CheckLine(shown, 1, "warning", "missing-catalog",
                                    f"{page} has no translation: its {len(pieces)} pieces show "
                                    f"in English; create it with 'sociocracy-course translations "
                                    f"update {language}'")
                continue
            try:
                catalog = read_catalog(po)
            except Exception as exc:  # babel's PoFileError and friends
                yield CheckLine(shown, int(getattr(exc, "lineno", 1) or 1), "error",
                                "broken-catalog", f"this catalog cannot be read ({exc}); "
                                f"{page} shows in English until it is fixed")
                continue
            lines = {m.context: m.lineno for m in catalog if m.context}
            for status in catalog_status(pieces, catalog):
                piece = status.piece
                if piece.cell < 0:
                    where = f"the title of {page}"
                else:
                    part = ("its code" if piece.is_code
                            else f"paragraph {int(piece.context.rsplit(':', 1)[1]) + 1}")
                    where = f"cell {piece.cell + 1} of {page}, {part},"
                line = lines.get(piece.context) or 1
                if status.state == "missing":
                    yield CheckLine(shown, line, "warning", "missing-translation",
                                    f"{where} is not translated: '{_short(piece.text)}'")
                elif status.state == "stale":
                    yield CheckLine(shown, line, "warning", "stale-translation",
                                    f"{where} changed in English after it was translated; the "
                                    f"page shows the new English: '{_short(piece.text)}'")
                elif piece.is_code:
                    yield from _code_piece_lines(status.translation or "", piece.text, shown,
                                                 line, page, piece.cell)
                else:
                    for english, names in _control_names(piece.text, controls):
                        said = {b.casefold() for b in _BOLD.findall(status.translation or "")}
                        if not any(name.casefold() in said for name in names):
                            yield CheckLine(
                                shown, line, "warning", "control-name-differs",
                                f"{where} names the control **{english}**, which the page "
                                f"shows as {' or '.join(f'**{n}**' for n in sorted(names))}; "
                                "the translation names it otherwise, so a reader looks for a "
                                "button that is not there")


def _calls(code: str) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            names.append(ast.unparse(node.func))
    return sorted(names)


def _code_piece_lines(translated: str, english: str, shown: str, line: int, page: str,
                      cell: int) -> Iterator[CheckLine]:
    try:
        calls = _calls(translated)
    except SyntaxError as exc:
        yield CheckLine(shown, line, "error", "broken-code",
                        f"the translated code of cell {cell + 1} of {page} is not valid Python "
                        f"({exc.msg}, its line {exc.lineno}); the page runs the English code")
        return
    if calls != _calls(english):
        yield CheckLine(shown, line, "error", "structure-differs",
                        f"the translated code of cell {cell + 1} of {page} calls "
                        f"{', '.join(calls) or 'nothing'} where the English calls "
                        f"{', '.join(_calls(english)) or 'nothing'}: translate only its words")


def structure_differences(english: Any, translated: Any, path: tuple = ()) -> Iterator[
        tuple[tuple, str]]:
    """Where ``translated`` (a trainer's file in another language) is not ``english``'s shape:
    (the keys to the place, what differs)."""
    if isinstance(english, dict):
        if not isinstance(translated, dict):
            yield path, "is not a mapping as in the English file"
            return
        for key in english:
            if is_field(key) and key not in translated:
                yield path, f"lacks the field '{key}' of the English file"
        for key in translated:
            if is_field(key) and key not in english:
                yield (*path, key), f"has the field '{key}', which the English file has not"
        for key in english:
            if is_field(key) and key in translated:
                yield from _value_differences(key, english[key], translated[key], (*path, key))
        names = [key for key in english if not is_field(key)]
        translated_names = [key for key in translated if not is_field(key)]
        if len(names) != len(translated_names):
            yield path, (f"names {len(translated_names)} things where the English file names "
                         f"{len(names)}")
        for a, b in zip(names, translated_names, strict=False):
            yield from structure_differences(english[a], translated[b], (*path, b))
    elif isinstance(english, list):
        if not isinstance(translated, list):
            yield path, "is not a list as in the English file"
            return
        if len(english) != len(translated):
            yield path, (f"has {len(translated)} entries where the English file has "
                         f"{len(english)}")
        for index, (a, b) in enumerate(zip(english, translated, strict=False)):
            yield from structure_differences(a, b, (*path, index))
    elif not isinstance(english, str) and english != translated:
        yield path, f"is {translated!r} where the English file has {english!r}"


def _value_differences(key: Any, english: Any, translated: Any, path: tuple) -> Iterator[
        tuple[tuple, str]]:
    if isinstance(english, str) and str(key) in STRUCTURAL_KEYS and english != translated:
        yield path, (f"'{key}' is {translated!r} where the English file has {english!r} "
                     "(it says what or which, not words to translate)")
        return
    yield from structure_differences(english, translated, path)


def _data_lines(root: Path, language: str) -> Iterator[CheckLine]:
    from sociocracy.core.errors import ScenarioError
    from sociocracy.core.yaml_file import line_along, load_yaml

    folder = root / TRANSLATIONS / language
    translated_files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")) \
        if folder.is_dir() else []
    for translated in translated_files:
        relative = translated.relative_to(folder)
        english = root / relative
        shown = _shown(root, translated)
        if not english.is_file():
            yield CheckLine(shown, 1, "warning", "no-english-file",
                            f"there is no {relative.as_posix()} in English: no page reads this "
                            "file")
            continue
        for finding in check_file(translated):
            yield replace(finding, path=shown)
        try:
            english_data = load_yaml(english)
            translated_data = load_yaml(translated)
        except ScenarioError:
            continue  # check_file said why
        for keys, difference in structure_differences(english_data.data,
                                                      translated_data.data):
            at = line_along(translated_data.lines, *keys) or 1
            place = ".".join(str(k) for k in keys) or "the file"
            yield CheckLine(shown, at, "error", "structure-differs", f"{place} {difference}")
    for english in _trainers_files(root):
        relative = english.relative_to(root)
        if not (folder / relative).is_file():
            yield CheckLine(_shown(root, folder / relative), 1, "warning", "missing-translation",
                            f"{relative.as_posix()} has no translation: pages in this language "
                            "read the English file")


def _trainers_files(root: Path) -> Iterable[Path]:
    for pattern in ("lessons/quizzes/*.yaml", "lessons/case_studies/*.yaml",
                    "exercises/data/*.yaml", "workshops/*.yaml", "examples/*/*.yaml"):
        yield from sorted(root.glob(pattern))


#: The folders whose Markdown documents (README.md) a learner reads in JupyterLab, as the lab's
#: copy holds them (``sociocracy.shell.lab_copy.COPIED_FOLDERS``).
DOCUMENT_FOLDERS = ("lessons", "apps", "exercises", "solutions", "examples", "workshops")
#: What a document's translation keeps exactly: inline code (commands, paths) and link targets.
_KEPT = re.compile(r"`([^`\n]+)`|\]\(([^)\s]+)\)")


def _kept(text: str) -> list[str]:
    return sorted({code or target for code, target in _KEPT.findall(text)})


def _document_lines(root: Path, language: str) -> Iterator[CheckLine]:
    folder = root / TRANSLATIONS / language
    for top in DOCUMENT_FOLDERS:
        for english in sorted((root / top).rglob("*.md")) if (root / top).is_dir() else []:
            relative = english.relative_to(root)
            translated = folder / relative
            shown = _shown(root, translated)
            if not translated.is_file():
                yield CheckLine(shown, 1, "warning", "missing-translation",
                                f"{relative.as_posix()} has no translation: JupyterLab in this "
                                "language shows the English file")
                continue
            wanted = _kept(english.read_text(encoding="utf-8"))
            found = _kept(translated.read_text(encoding="utf-8"))
            lost = [item for item in wanted if item not in found]
            added = [item for item in found if item not in wanted]
            for item in lost:
                yield CheckLine(shown, 1, "warning", "structure-differs",
                                f"the English {relative.as_posix()} has '{item}', which this "
                                "translation lacks: keep commands, paths and links as they are "
                                "(the English may have changed after the translation)")
            for item in added:
                yield CheckLine(shown, 1, "warning", "structure-differs",
                                f"this translation has '{item}', which the English "
                                f"{relative.as_posix()} has not: keep commands, paths and links "
                                "as they are (the English may have changed after the "
                                "translation)")
    for translated in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        relative = translated.relative_to(folder)
        if not (root / relative).is_file():
            yield CheckLine(_shown(root, translated), 1, "warning", "no-english-file",
                            f"there is no {relative.as_posix()} in English: no page shows this "
                            "file")


def check_translations(root: Path, languages: Iterable[str] | None = None) -> list[CheckLine]:
    """Every finding for ``languages`` (default: every language the course has)."""
    found: list[CheckLine] = []
    for language in (list(languages) if languages is not None else languages_in(root)):
        found += _code_catalog_lines(root, language)
        found += _inconsistent_lines(root, language)
        found += _notebook_lines(root, language)
        found += _data_lines(root, language)
        found += _document_lines(root, language)
    return found
