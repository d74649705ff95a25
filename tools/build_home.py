"""Regenerate the course home's map and the navigation cell at the end of every notebook.

Run after adding a lesson, an app or exercises: `python tools/build_home.py`. It rewrites

* the course map and the benefits table in lessons/00_start_here.ipynb (cells tagged
  ``course-map`` and ``benefits-map``), so a new notebook never goes unlinked and "coming" never
  stays on a finished page;
* the last cell (tagged ``course-nav``) of every lesson, app, exercise and solution: "Next",
  "Previous", "Practise" and the course home, from :mod:`sociocracy.course.navigation`, so
  "Next" always leads to a page that exists.

Tests fail while either is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.course.course_map import GENERATED_HOME_CELLS  # noqa: E402
from sociocracy.course.navigation import NAV_TAG, nav_cell, navigated_notebooks  # noqa: E402

HOME = ROOT / "lessons" / "00_start_here.ipynb"


def with_navigation(notebook: dict, path: str, root: Path) -> dict:
    """The notebook with its navigation cell (re)written as its last cell."""
    cells = [c for c in notebook["cells"] if NAV_TAG not in c.get("metadata", {}).get("tags", [])]
    notebook["cells"] = [*cells, nav_cell(path, root)]
    return notebook


def rebuilt(path: str, root: Path = ROOT) -> dict:
    """One notebook as this tool writes it (the home also gets its generated map cells)."""
    notebook = json.loads((root / path).read_text(encoding="utf-8"))
    if path == "lessons/00_start_here.ipynb":
        for cell in notebook["cells"]:
            for tag in cell.get("metadata", {}).get("tags", []):
                if tag in GENERATED_HOME_CELLS:
                    cell["source"] = GENERATED_HOME_CELLS[tag](root)
    return with_navigation(notebook, path, root)


def rebuilt_home(root: Path = ROOT) -> dict:
    return rebuilt("lessons/00_start_here.ipynb", root)


def stale(root: Path = ROOT) -> list[str]:
    """Notebooks whose generated cells are out of date."""
    return [path for path in navigated_notebooks(root)
            if json.loads((root / path).read_text(encoding="utf-8")) != rebuilt(path, root)]


def main() -> int:
    changed = stale(ROOT)
    for path in changed:
        (ROOT / path).write_text(json.dumps(rebuilt(path), indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
        print(f"updated {path}")
    if not changed:
        print("the course home and every navigation cell are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
