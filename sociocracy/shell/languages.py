"""A course page's language: the visitor's choice, else the browser's; and the page made in it.

* **Which language.** ``?lang=es`` in a page's address is the visitor's choice: it is kept in a
  cookie for the browser's session (no expiry date), so every later page follows it. Without a
  choice, the browser's ``Accept-Language`` picks among the course's languages; English otherwise.
* **The page in it** (:func:`page_in_language`, Voila's "prelaunch hook", run before the kernel
  starts): the notebook's translated pieces in place (``translations/<lang>/<page>.po``), or the
  whole translated notebook where one is written (``translations/<lang>/<page>.ipynb``, the
  practice pages ``build-exercises`` writes), and a first, hidden cell that tells the kernel the
  language (``use("es")``), so the widgets' words, charts and data files follow it. An English
  page is left exactly as it is.
* A preheated kernel has run its page before anyone asked, in English: only English visitors get
  one (:func:`may_use_preheated`); others get a page of their own.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sociocracy.core.course_folder import course_folder_of
from sociocracy.core.language import (
    DEFAULT,
    TRANSLATIONS,
    available,
    base_language,
    negotiate,
    supported,
)

__all__ = [
    "COOKIE",
    "LANGUAGE_CELL_ID",
    "language_cell",
    "menu",
    "page_in_language",
    "request_language",
]

#: The cookie that keeps the visitor's choice for the browser's session.
COOKIE = "sociocracy-language"
#: The id of the first cell that tells a page's kernel its language.
LANGUAGE_CELL_ID = "course-language"

_log = logging.getLogger(__name__)


def request_language(handler: Any, *, cookie_path: str = "/") -> str:
    """The page's language for this request (see the module's notes); remembers a choice made in
    the address in the session cookie, set for ``cookie_path`` (the join page under a Hub lives
    under its service's address). Works for any tornado handler: course pages and the join page
    decide the same way, each request for itself."""
    known = getattr(handler, "_course_language", None)
    if known:
        return str(known)
    handler._course_language = language = _request_language(handler, cookie_path)
    return language


def _request_language(handler: Any, cookie_path: str) -> str:
    asked = base_language(handler.get_query_argument("lang", None))
    if asked and supported(asked):
        if base_language(handler.get_cookie(COOKIE)) != asked:
            handler.set_cookie(COOKIE, asked, path=cookie_path, httponly=True, samesite="Lax")
        return asked
    kept = base_language(handler.get_cookie(COOKIE))
    if kept and supported(kept):
        return kept
    return negotiate(handler.request.headers.get("Accept-Language"), available())


def language_cell(language: str) -> dict[str, Any]:
    """The hidden first cell of a page in ``language``: it sets the kernel's language."""
    import nbformat

    return nbformat.v4.new_code_cell(
        source=f"from sociocracy.core.language import use as _use_language\n"
               f"_use_language({language!r});",  # ";": no output on the page
        id=LANGUAGE_CELL_ID,
        metadata={"tags": ["course-language"]})


def page_in_language(notebook: Any, notebook_file: Path, language: str) -> Any:
    """``notebook`` (at ``notebook_file``) as a page in ``language``; English unchanged.

    The whole translated notebook when ``translations/<language>/<page>.ipynb`` exists; else the
    English notebook with its translated pieces (stale and missing pieces stay English)."""
    import nbformat

    from sociocracy.course.translated_notebooks import read_catalog, translate_notebook

    if language == DEFAULT:
        return notebook
    root = course_folder_of(notebook_file)
    page = notebook
    if root is not None:
        relative = notebook_file.resolve().relative_to(root)
        whole = root / TRANSLATIONS / language / relative
        pieces = whole.with_suffix(".po")
        try:
            if whole.is_file():
                page = nbformat.read(whole, as_version=4)
            elif pieces.is_file():
                page, _statuses = translate_notebook(notebook, read_catalog(pieces))
                page = nbformat.from_dict(page)
        except Exception as exc:
            _log.warning("The %s translation of %s could not be read (%s); the page is shown "
                         "in English. Run 'sociocracy-course check translations/' to see why.",
                         language, relative, exc)
            page = notebook
    page = nbformat.from_dict(page) if not hasattr(page, "cells") else page
    page.cells.insert(0, language_cell(language))
    page.metadata["course_language"] = language
    return page


def prelaunch_hook(handler: Any, notebook: Any, cwd: str) -> Any:
    """Voila's prelaunch hook: the page in the request's language (see :func:`page_in_language`).

    A preheated page is run with no request (``handler`` is None): in English, for English
    visitors only (:func:`may_use_preheated`)."""
    if handler is None:
        return notebook
    language = request_language(handler)
    if language == DEFAULT:
        return notebook
    path = handler.path_args[0] if getattr(handler, "path_args", None) else ""
    root = Path(getattr(handler.contents_manager, "root_dir", None) or ".")
    return page_in_language(notebook, root / path, language)


def menu(language: str) -> list[dict[str, Any]]:
    """The language menu's entries: each language's code, its name in itself, whether current."""
    from sociocracy.core.language import name_of

    return [{"code": code, "name": name_of(code), "current": code == language}
            for code in available()]


def may_use_preheated(handler: Any) -> bool:
    """Whether a preheated (English, already run) page may serve this request."""
    return request_language(handler) == DEFAULT
