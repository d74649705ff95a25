"""How many widget models each page sends when it opens (issue 27: at most 150 a page).

Every open widget model (controls, boxes, and each layout and style) is sent to the browser when a
Voila page opens, shown or not; lesson 02 once sent 264 and loaded in 1.6x the one-slider page.
Each page's code cells run here as Voila runs them (in the notebook's folder, one page after the
other in one fresh interpreter), and the models each page opened are counted, with the shared
ones an earlier page made and this page uses: the number a new kernel sends the browser.
``benchmarks/voila_load.py`` prints the load times.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

MOST = 150

PAGES = sorted(str(path.relative_to(ROOT)) for folder in ("lessons", "apps", "exercises")
               for path in (ROOT / folder).glob("*.ipynb"))

RUNNER = r"""
import json, os, sys
from IPython.core.interactiveshell import InteractiveShell
from ipywidgets.widgets.widget import Widget, _instances

def referenced(widget):
    for name in widget.keys:
        value = getattr(widget, name, None)
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(item, Widget):
                yield item

shell = InteractiveShell.instance()
counts = {}
for page in json.loads(sys.argv[1]):
    os.chdir(os.path.join(sys.argv[2], os.path.dirname(page)))
    with open(os.path.basename(page), encoding="utf-8") as file:
        cells = [''.join(c["source"]) for c in json.load(file)["cells"]
                 if c["cell_type"] == "code"]
    before = set(_instances)
    failed = ""
    for source in cells:
        result = shell.run_cell(source, silent=True)
        if not result.success:
            failed = repr(result.error_before_exec or result.error_in_exec)
    new = {key: _instances[key] for key in set(_instances) - before}
    # models an earlier page made and this one uses too (shared styles and layouts): a new
    # kernel would make them for this page
    reused = {item.model_id for widget in new.values() for item in referenced(widget)
              if item.model_id in before and item.model_id in _instances}
    counts[page] = {"models": len(new) + len(reused), "failed": failed}
print(json.dumps(counts))
"""


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict[str, dict]:
    """Each page's open widget models after its cells ran (one interpreter for all pages)."""
    home = tmp_path_factory.mktemp("page-models")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "SOCIOCRACY_COURSE_DATA": str(home),
           "SOCIOCRACY_COURSE_CACHE": str(home / "charts"), "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(PAGES), str(ROOT)],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("page", PAGES)
def test_a_page_opens_with_at_most_150_widget_models(page, models):
    found = models[page]
    assert not found["failed"], f"{page} did not run: {found['failed']}"
    assert found["models"] <= MOST, f"{page} opens with {found['models']} widget models"


def test_the_count_sees_the_models_a_page_builds(models):
    """The count can fail: the pages with tools really build dozens of models."""
    assert models["apps/workshop_room.ipynb"]["models"] > 40
    assert models["lessons/02_rounds.ipynb"]["models"] > 40
