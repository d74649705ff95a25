"""Lesson prose in other languages: a notebook's pieces, their catalog, and the page in a language.

A notebook is translated in pieces, each a paragraph of a Markdown cell (blocks between blank
lines; a fenced code block stays whole) or a whole code cell that holds words people read (a
widget's prompt, example names). The pieces go into one gettext catalog per notebook and language,
``translations/<lang>/<folder>/<notebook>.po``, which Poedit and every other PO editor opens:

* ``msgctxt`` says where the piece is: ``"<cell id>:<n>"`` for the n-th paragraph of a Markdown
  cell, ``"<cell id>:code"`` for a code cell;
* ``msgid`` is the English it was translated from, ``msgstr`` the translation.

Why the English is kept beside the translation: when a paragraph of the English changes, its piece
no longer matches its ``msgid``. The page then shows the new English, never the translation of the
old words, and ``sociocracy-course check`` reports the piece as **stale** (file and cell);
``sociocracy-course translations update`` keeps the old translation as a fuzzy entry with the old
English (``#| msgid``) so the translator sees what changed.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CODE",
    "NOTEBOOK_FOLDERS",
    "Piece",
    "PieceStatus",
    "catalog_path",
    "catalog_status",
    "is_words",
    "notebook_pieces",
    "read_catalog",
    "split_paragraphs",
    "translate_notebook",
    "updated_catalog",
    "write_catalog",
]

#: The folder (inside the course folder) that holds every language's content translations.
TRANSLATIONS = "translations"
#: Folders whose notebooks are translated piece by piece (one catalog each): the lessons, the
#: apps, and the optional code exercises of JupyterLab with their worked answers. (The practice
#: pages and their worked answers are whole notebooks that ``build-exercises`` writes from each
#: language's data.)
NOTEBOOK_FOLDERS = ("lessons", "apps", "exercises/code", "solutions/code")
#: The piece number of a whole code cell.
CODE = "code"
#: The context of the page's title (its notebook's ``metadata.title``: the browser tab's words).
TITLE = "metadata:title"

_FENCE = re.compile(r"^\s*(```|~~~)")
_WORDS = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Piece:
    """One translatable piece of a notebook: where it is (``context``) and its English."""

    context: str
    text: str
    cell: int  # the cell's position in the notebook (for messages)
    cell_id: str

    @property
    def is_code(self) -> bool:
        return self.context.endswith(":" + CODE)


def split_paragraphs(text: str) -> list[str]:
    """A Markdown cell's blocks: separated by blank lines, a fenced code block kept whole."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def is_words(text: str) -> bool:
    """Whether a string literal of a code cell is words people read: a phrase (it has a space)
    or a name (it starts with a capital: "Ana", "Garden"), not a file path or a key
    ("delegate", "consent")."""
    text = text.strip()
    if not _WORDS.search(text) or text.endswith((".yaml", ".yml", ".ipynb", ".csv")):
        return False
    return " " in text or text[:1].isupper()


def _has_words(code: str) -> bool:
    """Whether a code cell holds words people read (see :func:`is_words`), or the placeholder
    of a code exercise's answer (``...  # your answer here``: a comment, but it is read too)."""
    from sociocracy.course.notebook_exercises import PLACEHOLDER

    if PLACEHOLDER in code:
        return True
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Constant) and isinstance(node.value, str)
               and is_words(node.value) for node in ast.walk(tree))


def notebook_pieces(notebook: Any) -> list[Piece]:
    """Every translatable piece of ``notebook`` (an nbformat node or its JSON), in page order."""
    pieces: list[Piece] = []
    title = (notebook.get("metadata") or {}).get("title")
    if isinstance(title, str) and title.strip():  # the page's <title>: the browser's tab
        pieces.append(Piece(TITLE, title, -1, "metadata"))
    for index, cell in enumerate(notebook["cells"]):
        cell_id = str(cell.get("id") or f"cell-{index}")
        text = _source(cell)
        if cell.get("cell_type") == "markdown":
            for number, block in enumerate(split_paragraphs(text)):
                pieces.append(Piece(f"{cell_id}:{number}", block, index, cell_id))
        elif cell.get("cell_type") == "code" and _has_words(text):
            pieces.append(Piece(f"{cell_id}:{CODE}", text, index, cell_id))
    return pieces


def catalog_path(root: Path, notebook: Path, language: str) -> Path:
    """``translations/<language>/<folder>/<name>.po`` for ``notebook`` in the course at ``root``."""
    relative = notebook.resolve().relative_to(root.resolve())
    return root / TRANSLATIONS / language / relative.with_suffix(".po")


def read_catalog(path: Path):  # type: ignore[no-untyped-def]
    """The catalog at ``path`` (Babel's ``Catalog``), or ``None`` when there is none."""
    from babel.messages.pofile import read_po

    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


def write_catalog(catalog: Any, path: Path) -> None:
    """Write ``catalog`` to ``path``, wrapped for people (Poedit keeps it that way too)."""
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, include_previous=True, sort_output=False)


@dataclass(frozen=True)
class PieceStatus:
    """What a catalog says about one piece: its translation, or why the English is shown."""

    piece: Piece
    translation: str | None  # None: missing or stale (the English is shown)
    state: str  # "translated", "missing", "stale"


def _entries(catalog: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if catalog is None:
        return found
    for message in catalog:
        if message.id and message.context:
            found[message.context] = message
    return found


def catalog_status(pieces: Iterable[Piece], catalog: Any) -> list[PieceStatus]:
    """Each piece's state in ``catalog``: translated (its English matches and it is not fuzzy),
    stale (translated from other English, or marked fuzzy), or missing."""
    entries = _entries(catalog)
    statuses: list[PieceStatus] = []
    for piece in pieces:
        message = entries.get(piece.context)
        text = message.string if message is not None else ""
        if isinstance(text, tuple):
            text = text[0]
        if message is None or not text:
            statuses.append(PieceStatus(piece, None, "missing"))
        elif message.id != piece.text or message.fuzzy:
            statuses.append(PieceStatus(piece, None, "stale"))
        else:
            statuses.append(PieceStatus(piece, text, "translated"))
    return statuses


def updated_catalog(pieces: list[Piece], old: Any, *, language: str, name: str):  # type: ignore[no-untyped-def]
    """A catalog of ``pieces`` keeping ``old``'s translations: a piece whose English is unchanged
    keeps its translation (also when it moved within its cell); one whose English changed keeps
    the old translation marked fuzzy, with the old English as ``#| msgid`` (stale until a
    translator looks at it)."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=language, project=name, fuzzy=False)
    entries = _entries(old)
    by_cell_and_text = {(m.context.split(":")[0], m.id): m for m in entries.values()}
    for piece in pieces:
        same = by_cell_and_text.get((piece.cell_id, piece.text))
        before = entries.get(piece.context)
        flags: set[str] = set()
        previous_id: list[str] = []
        string = ""
        if same is not None and same.string and not same.fuzzy:
            string = same.string
        elif before is not None and before.string:
            string = before.string
            flags.add("fuzzy")
            previous_id = [before.id] if before.id != piece.text else list(before.previous_id)
        comments = (["the page's title (the browser's tab)"] if piece.cell < 0 else
                    [f"cell {piece.cell + 1}" + (", code: keep it valid Python" if piece.is_code
                                                 else "")])
        catalog.add(piece.text, string, context=piece.context, flags=flags,
                    previous_id=previous_id, auto_comments=comments)
    return catalog


def translate_notebook(notebook: Any, catalog: Any) -> tuple[Any, list[PieceStatus]]:
    """A copy of ``notebook`` with every translated piece in place (stale and missing pieces stay
    English), and every piece's status."""
    statuses = catalog_status(notebook_pieces(notebook), catalog)
    by_cell: dict[int, list[PieceStatus]] = {}
    for status in statuses:
        by_cell.setdefault(status.piece.cell, []).append(status)
    translated = copy.deepcopy(notebook)
    for index, cell_statuses in by_cell.items():
        if index < 0:  # the title
            if cell_statuses[0].translation is not None:
                translated["metadata"]["title"] = cell_statuses[0].translation
            continue
        cell = translated["cells"][index]
        if cell.get("cell_type") == "code":
            status = cell_statuses[0]
            if status.translation is not None:
                cell["source"] = status.translation
            continue
        cell["source"] = "\n\n".join(status.translation if status.translation is not None
                                     else status.piece.text for status in cell_statuses)
    return translated, statuses
