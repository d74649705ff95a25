"""Store notebooks clean: no outputs, no execution counts, kernelspec python3, no widget state.

Usage: `python tools/clean_notebooks.py [NOTEBOOK ...]` (default: every course notebook).
The hygiene tests check the same rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("lessons", "exercises", "solutions", "apps", "benchmarks")
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def clean(notebook: dict) -> dict:
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
        cell.get("metadata", {}).pop("execution", None)
    metadata = notebook.setdefault("metadata", {})
    metadata["kernelspec"] = dict(KERNELSPEC)
    metadata.pop("widgets", None)
    return notebook


def notebook_paths() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or notebook_paths()
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(clean(data), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"cleaned {len(paths)} notebook(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
