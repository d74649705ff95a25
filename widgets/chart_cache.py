"""A page's opening chart, drawn once per machine: the SVG is kept, keyed by what it shows.

Why: a lesson opens with the same chart for every visitor, and drawing it means importing
matplotlib (about a quarter of a second) and laying the figure out (tens of milliseconds), most of
what such a page costs over a page without a chart. So a chart is drawn by a *drawing function*
(a module-level function from plain values to a figure), and its SVG is kept under a key made of

* the function's module and name and the values it was given (so a different state is a
  different chart, by construction: the function sees nothing else), and
* the code version: a hash of every Python file of the library and the widgets, and of the
  installed matplotlib's version file (so a changed drawing, layout or matplotlib never serves an
  old picture), and
* the page's language and a hash of that language's catalogs (a chart's title, labels and legend
  are drawn in the page's language: a Spanish page never gets the English picture, nor a picture
  drawn before a translation was corrected).

Two stores:

* **On disk**, only a chart view's *first* drawing (what a page shows when it opens), in
  ``$SOCIOCRACY_COURSE_CACHE/charts`` or the platform's user cache folder
  (``~/.cache/sociocracy-course/charts`` on Linux), at most :data:`DISK_LIMIT` files (the oldest go
  first). Charts drawn as people move sliders stay out of it, so it cannot grow without end.
* **In memory**, the last :data:`MEMORY_LIMIT` drawings of this kernel, so going back to a
  setting is immediate.

Nothing here is needed for correctness: a folder that cannot be written, or a damaged file, only
means the chart is drawn again. When a page opened from the cache, matplotlib is imported a few
seconds later in the background (:func:`warm_up`), so the first slider move is not the one that
pays for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import enum
import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from sociocracy.core import settings
from sociocracy.core.language import DEFAULT, LOCALE_DIR, current

__all__ = ["CACHE_ENV", "DISK_LIMIT", "MEMORY_LIMIT", "CachedSvg", "cache_folder", "chart_key",
           "code_version", "lookup", "remember", "warm_up", "words_version"]

CACHE_ENV = settings.CACHE_ENV
#: Most chart files kept on disk (opening charts of every page, for a few code versions).
DISK_LIMIT = 400
#: Most drawings kept in one kernel's memory.
MEMORY_LIMIT = 32
#: Seconds after a page opened from the cache before matplotlib is imported in the background:
#: long enough for the page to finish opening, short enough to be done before most first clicks.
WARM_UP_DELAY = 3.0
#: Bumped when the stored format changes.
FORMAT = 1


@dataclasses.dataclass(frozen=True)
class CachedSvg:
    """A drawn chart: its SVG (without the opening tag's accessibility attributes) and width."""

    svg: str
    natural_width: float  # CSS px at 100 % zoom


_memory: OrderedDict[str, CachedSvg] = OrderedDict()
_lock = threading.Lock()
_version: str | None = None
_words: dict[str, str] = {}
_warmed = False


def cache_folder() -> Path | None:
    """Where opening charts are kept; ``None`` when no folder can be named."""
    explicit = settings.cache_setting()
    if explicit is not None:
        return explicit / "charts"
    try:
        import platformdirs

        return Path(platformdirs.user_cache_path("sociocracy-course", appauthor=False)) / "charts"
    except Exception:  # no home folder (some containers): charts are drawn every time
        return None


def code_version() -> str:
    """A hash of the code that decides how a chart looks (computed once per kernel).

    Every ``.py`` file of the ``sociocracy`` package (which includes the widgets) and the
    installed matplotlib's version file: reading them costs a few milliseconds, and a drawing
    function may call anything in the library.
    """
    global _version
    if _version is None:
        import sociocracy

        digest = hashlib.sha256(f"format {FORMAT}".encode())
        for folder in (Path(sociocracy.__file__ or "").parent, Path(__file__).parent):
            for path in sorted(folder.rglob("*.py")):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
        spec = find_spec("matplotlib")  # finds the package without importing it
        if spec and spec.origin:
            version_file = Path(spec.origin).parent / "_version.py"
            digest.update(version_file.read_bytes() if version_file.exists()
                          else spec.origin.encode())
        _version = digest.hexdigest()
    return _version


def words_version(language: str) -> str:
    """``language`` and a hash of its catalogs (computed once per kernel and language).

    A drawing function translates its words itself (``_("Share (%)")``), so what it draws
    depends on the page's language and on that language's catalogs, which a trainer may edit
    (``.po`` or ``.mo``) without touching the code. English reads no catalog.
    """
    if language == DEFAULT:
        return language
    found = _words.get(language)
    if found is None:
        digest = hashlib.sha256(language.encode())
        folder = LOCALE_DIR / language / "LC_MESSAGES"
        for path in sorted(folder.glob("*.[mp]o")) if folder.is_dir() else ():
            digest.update(path.name.encode())
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
        found = _words[language] = f"{language}:{digest.hexdigest()}"
    return found


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready data that differs whenever the value differs.

    Raises ``TypeError`` for anything it cannot describe faithfully (the chart is then drawn
    without the cache, never shown from a wrong key).
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, enum.Enum):
        return ["enum", type(value).__qualname__, value.name]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_plain(item) for item in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(_plain(item)) for item in value)]
    if isinstance(value, Mapping):
        return ["map", [[_plain(k), _plain(v)] for k, v in value.items()]]
    if isinstance(value, Path):
        return ["path", str(value)]
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return [type(value).__name__, value.isoformat()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Fields left out of equality (line numbers, the file a value came from) are left out
        # here too: a drawing shows the value, never where it was read from.
        return [type(value).__module__ + "." + type(value).__qualname__,
                [[field.name, _plain(getattr(value, field.name))]
                 for field in dataclasses.fields(value) if field.compare]]
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # numpy arrays and scalars
        return ["array", str(value.dtype), list(getattr(value, "shape", ())),
                _plain(value.tolist())]
    raise TypeError(f"{type(value).__qualname__} cannot be part of a chart's key")


def chart_key(function: Callable[..., Any], args: tuple, kwargs: dict, **options: Any) -> str:
    """The key of ``function(*args, **kwargs)`` drawn with ``options``, in the page's language.

    Raises ``TypeError`` when the function is not a module-level function (a lambda, a closure or
    a method can read values the key would not see) or a value cannot be described.
    """
    name = getattr(function, "__qualname__", "")
    module = getattr(function, "__module__", "")
    if not module or not name or "<" in name or "." in name:
        raise TypeError(f"{function!r} is not a module-level drawing function")
    text = json.dumps([code_version(), words_version(current()), module, name, _plain(args),
                       _plain(kwargs), _plain(options)])
    return hashlib.sha256(text.encode()).hexdigest()


def lookup(key: str, *, disk: bool) -> CachedSvg | None:
    """The chart kept under ``key`` (in memory, then on disk when ``disk``), or ``None``."""
    with _lock:
        found = _memory.get(key)
        if found is not None:
            _memory.move_to_end(key)
            return found
    folder = cache_folder() if disk else None
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        found = CachedSvg(svg=str(data["svg"]), natural_width=float(data["width"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: drawn again, and written again
    if not found.svg.startswith("<svg"):
        return None
    _keep_in_memory(key, found)
    return found


def remember(key: str, chart: CachedSvg, *, disk: bool) -> None:
    """Keep ``chart`` in memory, and on disk when ``disk`` (quietly skipped when not possible)."""
    _keep_in_memory(key, chart)
    folder = cache_folder() if disk else None
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps({"width": chart.natural_width, "svg": chart.svg}),
                             encoding="utf-8")
        os.replace(temporary, folder / f"{key}.json")  # readers never see half a file
        _prune(folder)
    except OSError:
        pass  # a read-only or full disk: the chart is simply drawn again next time


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime)
    for path in files[:max(0, len(files) - DISK_LIMIT)]:
        path.unlink(missing_ok=True)


def _keep_in_memory(key: str, chart: CachedSvg) -> None:
    with _lock:
        _memory[key] = chart
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_LIMIT:
            _memory.popitem(last=False)


def warm_up(delay: float = WARM_UP_DELAY, drawing: Callable[[], Any] | None = None) -> None:
    """Get matplotlib ready for the first redraw, ``delay`` seconds from now. Once per kernel.

    Called when a page opened with a chart from the cache: the page opens without matplotlib,
    and the first redraw (a person moving a slider) should not be the one that pays for it.
    Importing is not all of it: the first drawing also loads the font list and the font,
    lays out text for the first time and starts the SVG writer (about 40 ms over later
    redraws, issue 27; ``benchmarks/first_move_bench.py``). So ``drawing`` (the page's opening
    chart, drawn again and thrown away) runs too.

    In a kernel it runs in the kernel's own thread, between messages (its event loop), where
    every redraw runs: matplotlib is not made for two threads drawing at once, and it keeps
    some of what the first drawing loads per thread (fonts). Without a running loop (a plain
    script) only the imports run, in a background thread.
    """
    global _warmed
    with _lock:
        if _warmed:
            return
        _warmed = True
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    if loop is not None:
        loop.call_later(delay, _warm, drawing)
        return
    timer = threading.Timer(delay, _import_matplotlib)
    timer.daemon = True
    timer.start()


def _warm(drawing: Callable[[], Any] | None) -> None:
    _import_matplotlib()
    if drawing is not None:
        with contextlib.suppress(Exception):  # a failed warm-up: the first redraw pays for it
            drawing()


def _import_matplotlib() -> None:
    try:
        import matplotlib.backends.backend_svg
        import matplotlib.figure  # noqa: F401
    except Exception:  # a failed warm-up only means the first redraw imports it
        pass
