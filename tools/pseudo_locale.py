"""Write the test-only pseudo-language ``qps``: every translatable string, visibly changed.

Every ASCII letter of a string that goes through translation becomes a look-alike outside ASCII
("Next" -> "Ñëxŧ"), so a page shown in ``qps`` has no plain ASCII word left except the ones that
were never translated: the browser test (``tests/ui/test_pseudo_language.py``) lists those.
Placeholders (``{name}``), HTML tags and entities, Markdown link targets, code spans and URLs
stay as they are, so the page still works. Made from the current English every time (nothing to keep
in step), into ``sociocracy/locale/qps/`` and ``translations/qps/`` (both git-ignored):

* the code's catalogs, from the templates (``sociocracy/locale/*.pot``);
* each lesson's and app's pieces (``translations/qps/<folder>/<notebook>.po``);
* each trainer's file (quizzes, case studies, practice sets, plans, examples), with the words of
  every text value changed and the values that say what or which (``STRUCTURAL_KEYS``) kept;
* the practice pages and worked answers, written from the pseudo practice sets by
  ``build-exercises`` (as for any language).

Run: ``python tools/pseudo_locale.py`` (the browser test's fixture runs it).
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import tokenize
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sociocracy.core.language import LOCALE_DIR, PSEUDO, TRANSLATIONS  # noqa: E402
from sociocracy.course.translated_notebooks import is_words  # noqa: E402
from sociocracy.course.translation_checks import STRUCTURAL_KEYS, is_field  # noqa: E402

_LOOKALIKE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđëƒĝĥïĵķłɱñöþǫŕšŧüṽŵẋÿžÀɃÇĐËƑĜĤÏĴĶŁṀÑÖÞǪŔŠŦÜṼŴẊŸŽ")
#: Parts of a string that must stay as they are: placeholders, HTML tags and entities, Markdown
#: link targets and code spans, URLs, file names, and the pseudo-language's own marks.
_KEEP = re.compile(
    r"\{[^{}]*\}"                       # {name}, {count:d}
    r"|%\([A-Za-z_]+\)[sdfr]|%[sdr]"    # %(name)s, %s, %r (argparse's words)
    r"|<[^<>]+>"                        # <b>, <a href="...">
    r"|&[#A-Za-z0-9]+;"                 # &nbsp;
    r"|\]\([^()\s]*\)"                  # ](../lessons/02_rounds.ipynb)
    r"|`[^`]*`"                         # `code`
    r"|```.*?```"                       # fenced code
    r"|https?://\S+"                    # URLs
    r"|\b[\w./-]+\.(?:ipynb|yaml|yml|csv|md|json|py|png|svg|pdf)\b"  # file names
    , re.DOTALL)


#: The attributes of an HTML tag that people read (a screen reader, a tooltip): changed too.
_READ_ATTRIBUTE = re.compile(r'((?:aria-label|title|alt|placeholder)=)(\\?")(.*?)(\\?")')


def _tag(tag: str) -> str:
    """An HTML tag kept as it is, but for the words of its attributes people read."""
    if not tag.startswith("<"):
        return tag
    return _READ_ATTRIBUTE.sub(lambda m: m[1] + m[2] + m[3].translate(_LOOKALIKE) + m[4], tag)


def pseudo(text: str) -> str:
    """``text`` with every ASCII letter outside the kept parts replaced by a look-alike."""
    out: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        out.append(text[last:match.start()].translate(_LOOKALIKE))
        out.append(_tag(match.group(0)))
        last = match.end()
    out.append(text[last:].translate(_LOOKALIKE))
    return "".join(out)


def pseudo_code(code: str) -> str:
    """A code cell with the words of its string literals changed (paths and names kept)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    result: list[tuple[int, str]] = []
    for token in tokens:
        text = token.string
        if token.type == tokenize.STRING and not text.lstrip("rbuRBU").startswith(("f", "F")):
            prefix = text[: len(text) - len(text.lstrip("rbuRBU"))]
            body = text[len(prefix):]
            quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
            inner = body[len(quote):-len(quote)]
            if is_words(inner) and not _KEEP.fullmatch(inner):
                text = prefix + quote + pseudo(inner) + quote
        result.append((token.type, text))
    return tokenize.untokenize(result)


def _code_catalogs() -> list[Path]:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    folder = LOCALE_DIR / PSEUDO / "LC_MESSAGES"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    for template_file in sorted(LOCALE_DIR.glob("*.pot")):
        with template_file.open("rb") as handle:
            template = read_po(handle)
        catalog = Catalog(locale="en")  # plural rules as English
        for message in template:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                string: Any = tuple(pseudo(part) for part in message.id)
            else:
                string = pseudo(message.id)
            catalog.add(message.id, string, context=message.context)
        target = folder / f"{template_file.stem}.mo"
        with target.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(target)
    return written


def _notebook_catalogs(root: Path) -> list[Path]:
    import nbformat

    from sociocracy.course.translated_notebooks import (
        catalog_path,
        notebook_pieces,
        updated_catalog,
        write_catalog,
    )
    from sociocracy.shell.translations import notebooks

    written = []
    for notebook_file in notebooks(root):
        notebook = nbformat.read(notebook_file, as_version=4)
        pieces = notebook_pieces(notebook)
        catalog = updated_catalog(pieces, None, language=PSEUDO, name=notebook_file.stem)
        for message, piece in zip(list(catalog)[1:], pieces, strict=True):
            message.string = pseudo_code(piece.text) if piece.is_code else pseudo(piece.text)
        target = catalog_path(root, notebook_file, PSEUDO)
        write_catalog(catalog, target)
        written.append(target)
    return written


def pseudo_data(data: Any, key: str | None = None) -> Any:
    """A trainer's file's data with its words changed; what says what or which is kept."""
    if isinstance(data, dict):
        return {(k if is_field(k) else pseudo(k)): pseudo_data(v, str(k))
                for k, v in data.items()}
    if isinstance(data, list):
        return [pseudo_data(item, key) for item in data]
    if isinstance(data, str) and key not in STRUCTURAL_KEYS:
        return pseudo(data)
    return data


def _data_files(root: Path) -> list[Path]:
    import yaml

    from sociocracy.course.translation_checks import _trainers_files

    written = []
    for english in _trainers_files(root):
        data = yaml.safe_load(english.read_text(encoding="utf-8"))
        target = root / TRANSLATIONS / PSEUDO / english.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(pseudo_data(data), allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
        written.append(target)
    return written


def write_pseudo_language(root: Path = ROOT) -> list[Path]:
    """Write every part of the pseudo-language; returns the files written."""
    folder = root / TRANSLATIONS / PSEUDO
    if folder.exists():
        shutil.rmtree(folder)
    written = _code_catalogs() + _notebook_catalogs(root) + _data_files(root)
    from sociocracy.course.notebook_exercises import build_exercises

    # every language with translated practice sets, the pseudo-language's just written among them
    written += build_exercises(root)
    from sociocracy.core import language

    language.gettext_for.cache_clear()
    return written


if __name__ == "__main__":
    files = write_pseudo_language()
    print(f"Wrote {len(files)} files of the pseudo-language '{PSEUDO}'.")
