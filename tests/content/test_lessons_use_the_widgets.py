"""Lessons show what the widgets and the library make; they never build widgets by hand."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted(p for folder in ("lessons", "apps", "exercises", "solutions")
                   for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_notebook_imports_ipywidgets_itself(path):
    cells = json.loads(path.read_text())["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "import ipywidgets" not in code and "from ipywidgets" not in code
