"""Notebooks are stored clean and shaped alike (no outputs, python3 kernel, a title, an H1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for folder in ("lessons", "apps", "exercises", "solutions")
                   for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_stored_clean_with_kernel_title_and_heading(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], "outputs stored: run tools/clean_notebooks.py"
            assert cell["execution_count"] is None
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert notebook["metadata"].get("title"), "set metadata.title (the page title in Voila)"
    assert "widgets" not in notebook["metadata"], "widget state stored"
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown" and first["source"].startswith("# ")


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 2
