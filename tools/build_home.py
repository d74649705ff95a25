"""Regenerate the course map and the benefits table in lessons/00_start_here.ipynb.

Run after adding a lesson or an app: `python tools/build_home.py`. A test fails when the home is
out of date, so a new notebook never goes unlinked and "coming" never stays on a finished page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.course.course_map import GENERATED_HOME_CELLS  # noqa: E402

HOME = ROOT / "lessons" / "00_start_here.ipynb"


def rebuilt_home(root: Path = ROOT) -> dict:
    notebook = json.loads((root / "lessons" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag in GENERATED_HOME_CELLS:
                cell["source"] = GENERATED_HOME_CELLS[tag](root)
    return notebook


def main() -> int:
    HOME.write_text(json.dumps(rebuilt_home(), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    print(f"updated {HOME.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
