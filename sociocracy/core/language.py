"""The page's language: which one, and the words of the code in it (gettext catalogs, Babel).

Why this shape:

* **One language per kernel, one per request.** A Voila page is a kernel of its own, so a page's
  language is the kernel's: the course's server puts ``use("es")`` in front of the page's cells
  (``sociocracy.shell.languages``). The join page answers many phones in one process, so a request
  says its language with :func:`speaking` (a context variable), which wins over the kernel's.
* **Strings in code go through gettext** (``_("Next")``). The catalogs are the ecosystem's: one
  template per area (``sociocracy/locale/<area>.pot``, made by ``pybabel extract``), one
  catalog per language and area (``sociocracy/locale/<lang>/LC_MESSAGES/<area>.po``), compiled to
  ``.mo``. A ``.po`` that is newer than its ``.mo`` (a trainer just edited it) is read directly,
  so a trainer adds or fixes a language with files only; ``make translations`` compiles them.
* **A string made when a module is imported** (a table of labels) is marked with :func:`N_` and
  translated where it is shown (``_(LABELS[key])``), because the language is known only then.
* English is the source: an English page reads no catalog at all, and a missing translation shows
  the English words (``sociocracy-course check`` lists what is missing).
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from sociocracy.core.course_folder import course_folder_of

__all__ = [
    "DEFAULT",
    "LANGUAGE_ENV",
    "N_",
    "PSEUDO",
    "_",
    "available",
    "babel_locale",
    "base_language",
    "current",
    "gettext_for",
    "language_from_locale_env",
    "localized",
    "name_of",
    "negotiate",
    "ngettext",
    "pgettext",
    "speaking",
    "supported",
    "use",
]

#: The language the course is written in, and the one shown when nothing else is asked for.
DEFAULT = "en"
#: A language for tests only: every translated string visibly changed (``tools/pseudo_locale.py``),
#: so a string that shows unchanged on a page is one that was never translated.
PSEUDO = "qps"
#: The kernel's language when no page said one (JupyterLab, nbval, scripts).
LANGUAGE_ENV = "SOCIOCRACY_LANGUAGE"
#: The code's catalogs: ``<lang>/LC_MESSAGES/<area>.po`` (and ``.mo``), ``<area>.pot``.
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

_request_language: ContextVar[str | None] = ContextVar("sociocracy_language", default=None)
_kernel_language: str | None = None


def base_language(language: str | None) -> str:
    """``"es-MX"``/``"es_MX"`` -> ``"es"``: the course has one catalog per language."""
    return (language or "").strip().replace("_", "-").split("-")[0].lower()


def available() -> list[str]:
    """The languages a visitor may choose: English and every one with catalogs, in code order.

    The test-only pseudo-language is never offered (it is :func:`supported` when generated)."""
    found = {DEFAULT}
    if LOCALE_DIR.is_dir():
        for folder in LOCALE_DIR.iterdir():
            if (folder / "LC_MESSAGES").is_dir() and folder.name != PSEUDO:
                found.add(folder.name)
    return sorted(found, key=lambda code: (code != DEFAULT, code))


def supported(language: str | None) -> bool:
    """Whether ``language`` can be shown: one of :func:`available`, or the generated pseudo one."""
    code = base_language(language)
    if code == PSEUDO:
        return (LOCALE_DIR / PSEUDO / "LC_MESSAGES").is_dir()
    return code in available()


#: The system's locale variables, in the order gettext reads them (the first one set decides).
LOCALE_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language_from_locale_env(environ: Mapping[str, str]) -> str | None:
    """The course's language that the system's locale asks for (``es_ES.UTF-8`` -> ``"es"``), or
    None when it asks for none the course has.

    Why: the command line (``sociocracy-course``) runs outside any page, so nobody chose a
    language for it; a facilitator whose computer speaks Spanish should get Spanish help and
    messages, as every other program there does. The variables are read as gettext reads them:
    the first one set of ``LANGUAGE`` (a colon list of preferences, tried in order), ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``; ``C`` and ``POSIX`` mean English. ``$SOCIOCRACY_LANGUAGE`` is
    not read here: :func:`current` already lets it win.
    """
    for name in LOCALE_ENV:
        value = environ.get(name, "")
        if not value:
            continue
        for entry in value.split(":"):
            code = base_language(entry.split(".")[0].split("@")[0])  # es_ES.UTF-8@euro
            if code in ("c", "posix"):
                return DEFAULT
            if code and supported(code):
                return code
        return None
    return None


def use(language: str | None) -> str:
    """Make ``language`` this process's (a page's kernel); unknown ones give English. Returns it."""
    global _kernel_language
    code = base_language(language)
    _kernel_language = code if supported(code) else DEFAULT
    return _kernel_language


def current() -> str:
    """The language words are shown in now: the request's, else the kernel's, else
    ``$SOCIOCRACY_LANGUAGE``, else English."""
    asked = _request_language.get()
    if asked:
        return asked
    if _kernel_language:
        return _kernel_language
    from_env = base_language(os.environ.get(LANGUAGE_ENV))
    return from_env if from_env and supported(from_env) else DEFAULT


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Within the block, words are in ``language`` (one request of the join page)."""
    code = base_language(language)
    code = code if supported(code) else DEFAULT
    token = _request_language.set(code)
    try:
        yield code
    finally:
        _request_language.reset(token)


def negotiate(accept_language: str | None, choices: list[str] | None = None) -> str:
    """The best of ``choices`` (default :func:`available`) for a browser's ``Accept-Language``
    header (``"es-ES,es;q=0.9,en;q=0.8"``); English when none fits."""
    choices = choices or available()
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, base_language(tag)))
    for _quality, _position, code in sorted(ranked):
        if code in choices:
            return code
    return DEFAULT


def name_of(language: str) -> str:
    """A language's name in itself ("English", "Español"), for the language menu."""
    from babel import Locale

    code = base_language(language)
    try:
        name = Locale.parse(code).get_display_name(code) or language
    except (ValueError, LookupError):
        return language
    return name[:1].upper() + name[1:]


#: How the test-only pseudo-language writes dates and numbers: Greek, whose month names are not
#: ASCII, so a date formatted for the page is told apart from one left in English.
PSEUDO_FORMATS = "el"


def babel_locale(language: str | None = None):  # type: ignore[no-untyped-def]
    """Babel's locale for dates and numbers in ``language`` (default: :func:`current`); the
    pseudo-language formats as :data:`PSEUDO_FORMATS`."""
    from babel import Locale

    code = base_language(language or current())
    try:
        return Locale.parse(PSEUDO_FORMATS if code == PSEUDO else code)
    except (ValueError, LookupError):
        return Locale.parse(DEFAULT)


def _read_catalog(po: Path, mo: Path) -> gettext.GNUTranslations | None:
    """One area's catalog: the ``.mo``, or the ``.po`` compiled in memory when it is newer."""
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        if po.is_file():
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with po.open("rb") as handle:
                catalog = read_po(handle)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    except Exception:
        return None
    return None


@lru_cache(maxsize=8)
def gettext_for(language: str) -> gettext.NullTranslations:
    """Every area's catalog for ``language``, chained; English (no catalog) for the default."""
    code = base_language(language)
    chain: gettext.NullTranslations = gettext.NullTranslations()
    if code == DEFAULT:
        return chain
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    areas = sorted({path.stem for path in folder.glob("*.po")} | {path.stem for path in
                                                                  folder.glob("*.mo")})
    first: gettext.NullTranslations | None = None
    for area in areas:
        catalog = _read_catalog(folder / f"{area}.po", folder / f"{area}.mo")
        if catalog is None:
            continue
        if first is None:
            first = catalog
        else:
            first.add_fallback(catalog)
    return first or chain


def _(message: str) -> str:
    """``message`` in the current language (English when it has no translation)."""
    language = current()
    if language == DEFAULT or not message:
        return message
    return gettext_for(language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message for ``count``, in the current language."""
    language = current()
    if language == DEFAULT:
        return singular if count == 1 else plural
    return gettext_for(language).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English words elsewhere by
    ``context`` ("round" the meeting part, "round" the button)."""
    language = current()
    if language == DEFAULT:
        return message
    return gettext_for(language).pgettext(context, message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs without translating it yet (see the module's notes)."""
    return message


#: The folder (in the course folder) with each language's translated files: a page in language
#: ``L`` reads ``translations/L/<path>`` instead of ``<path>`` when that file exists.
TRANSLATIONS = "translations"


def localized(path: str | os.PathLike[str], language: str | None = None) -> Path:
    """The file a page in ``language`` (default: :func:`current`) reads for the course file
    ``path``: its translation ``translations/<language>/<same path>`` when that exists, else
    ``path`` itself (English). One rule for every trainer's file: quizzes, case studies,
    practice sets, example organisations, agendas, workshop plans."""
    original = Path(path)
    code = base_language(language or current())
    if code == DEFAULT:
        return original
    folder = course_folder_of(original)
    if folder is None:
        return original
    candidate = folder / TRANSLATIONS / code / original.resolve().relative_to(folder)
    return candidate if candidate.is_file() else original
