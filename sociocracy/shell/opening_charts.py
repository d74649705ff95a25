"""Draw every page's opening chart into the chart cache ahead of the first visitor.

A page that opens with a chart shows it from the chart cache
(:mod:`sociocracy.widgets.chart_cache`) once somebody has opened it; the first visitor after an
install or an update waits for matplotlib instead. That first visitor is every learner on Binder,
where each session starts from the image. So ``sociocracy-course draw-charts`` (run by Binder's
``postBuild``, and by anyone setting up a workshop computer) builds each lesson's widgets as its
page would, and each exercise set's tasks, in this process, which draws and keeps their charts.

Notebook code runs as it does on the page: its code cells in order, in the notebook's folder,
with display and printing turned off, in English (these are the English pages, even when the
command speaks its user's language). A notebook that fails is reported and the others go on.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sociocracy.core.language import DEFAULT, speaking

__all__ = ["FOLDERS", "DrawReport", "draw_opening_charts"]

#: Served folders whose pages can open with a chart (apps keep workshop records: not run here).
FOLDERS = ("lessons", "exercises")


@dataclass
class DrawReport:
    """What :func:`draw_opening_charts` did: notebooks run, charts now kept, problems."""

    notebooks: int = 0
    kept_before: int = 0
    kept_after: int = 0
    folder: Path | None = None
    problems: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _in_folder(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return ["".join(cell.get("source", "")) for cell in cells if cell.get("cell_type") == "code"]


def _run(path: Path) -> None:
    """Run ``path``'s code cells as its page would, then build every exercise it shows."""
    from ipywidgets.widgets.widget import _instances

    from sociocracy.widgets import ExerciseSet

    namespace: dict[str, object] = {"__name__": "__main__"}
    before = set(_instances)
    with _in_folder(path.parent):
        for number, source in enumerate(_code_cells(path), 1):
            exec(compile(source, f"{path.name}, code cell {number}", "exec"), namespace)
        for key, widget in list(_instances.items()):
            if key not in before and isinstance(widget, ExerciseSet):
                widget.views  # noqa: B018 - builds every task, which draws the chart tasks


def draw_opening_charts(root: Path) -> DrawReport:
    """Run every notebook of :data:`FOLDERS` under ``root`` so that their charts are kept."""
    import IPython.display

    from sociocracy.widgets import chart_cache

    report = DrawReport(folder=chart_cache.cache_folder())
    report.kept_before = _count(report.folder)
    shown = IPython.display.display
    IPython.display.display = lambda *_args, **_kwargs: None  # nothing to show it to
    try:
        for folder in FOLDERS:
            for path in sorted((root / folder).glob("*.ipynb")):
                report.notebooks += 1
                try:  # with what a cell prints hidden; in English, as these are English pages
                    with contextlib.redirect_stdout(io.StringIO()), speaking(DEFAULT):
                        _run(path)
                except Exception as exc:  # a page's own error: it shows on that page anyway
                    report.problems.append(
                        f"{path.relative_to(root)}: {type(exc).__name__}: {exc}")
    finally:
        IPython.display.display = shown
    report.kept_after = _count(report.folder)
    return report


def _count(folder: Path | None) -> int:
    return len(list(folder.glob("*.json"))) if folder and folder.is_dir() else 0
