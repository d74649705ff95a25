"""What a page's simulation shows when the page opens, worked out once per machine and kept.

Why: a lesson tool that runs a simulation when it is built (lesson 07's ballot against the grid,
5,000 groups; lesson 06's links) pays for numpy and the simulation on every visit, about a fifth
of a second, even when its chart comes from the chart cache (:mod:`.chart_cache`); the page's
opening is the same for every visitor. So the tool asks :func:`opening_values` for what it shows
(the chart's values, its text alternative, its sentence), as plain JSON data computed by a
module-level function of the tool's opening settings. The answer is kept on disk next to the
opening charts, keyed as a chart is (:func:`.chart_cache.chart_key`: the function, its arguments
and the code version), so changed code or settings never serve an old answer. The simulation
itself runs when the learner moves a control.

As with charts: only a page's opening, from course settings (never from text typed on the page),
and nothing here is needed for correctness. A folder that cannot be written or a damaged file only
means the values are computed again.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import chart_cache

__all__ = ["opening_values", "values_folder"]

#: Most files kept (one per tool and code version; old versions go first).
DISK_LIMIT = 100


def values_folder() -> Path | None:
    """Where the opening values are kept: beside the charts folder; ``None`` when none."""
    charts = chart_cache.cache_folder()
    return charts.parent / "opening-values" if charts is not None else None


def opening_values(function: Callable[..., Any], *args: Any, warm: str = "",
                   **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` (plain JSON data), from disk when kept, else computed and kept.

    ``function`` is a module-level function whose answer depends on its arguments and the code
    only. A function or argument the cache cannot key is simply called. ``warm``: a module the
    simulation needs (numpy's), imported a few seconds after a page opened from the kept values
    (:data:`.chart_cache.WARM_UP_DELAY`), so the learner's first move does not pay for it.
    """
    try:
        key: str | None = chart_cache.chart_key(function, args, kwargs, kind="opening-values")
    except TypeError:
        key = None
    folder = values_folder() if key else None
    if folder is None:
        return function(*args, **kwargs)
    path = folder / f"{key}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))["values"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or damaged: computed again, and written again
    else:
        if warm:
            _warm_up(warm)
        return kept
    # Through JSON either way, so a first visit shows exactly what later visits read back
    # (a tuple would come back a list: another chart key).
    values = json.loads(json.dumps(function(*args, **kwargs)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps({"values": values}), encoding="utf-8")
        os.replace(temporary, path)  # readers never see half a file
        files = sorted(folder.glob("*.json"), key=lambda kept: kept.stat().st_mtime)
        for old in files[:max(0, len(files) - DISK_LIMIT)]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # read-only or full disk: computed again next time
    return values


def _warm_up(module: str) -> None:
    """Import ``module`` a few seconds from now: on the kernel's loop, else in a thread."""
    if module in sys.modules:
        return

    def load() -> None:
        with contextlib.suppress(Exception):  # a failed warm-up: the first move imports it
            importlib.import_module(module)
    try:
        asyncio.get_running_loop().call_later(chart_cache.WARM_UP_DELAY, load)
    except RuntimeError:  # no running loop (a script): a background thread
        timer = threading.Timer(chart_cache.WARM_UP_DELAY, load)
        timer.daemon = True
        timer.start()
