"""A page's opening chart is drawn once and kept (issue 12): what is kept, when, and what is not.

The speed this buys is printed by ``benchmarks/voila_load.py``; these tests check behaviour: the
next visitor's kernel shows the same chart without importing matplotlib, a changed input or code
is never served an old picture, and a broken or missing cache only means drawing again.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sociocracy.widgets import chart_cache
from sociocracy.widgets.airtime import draw_named_shares
from sociocracy.widgets.charts import ChartView

from tests.conftest import ROOT

#: What each lesson opens with (the code of its chart cell), by lesson.
OPENING_CHARTS = {
    "02": "AirtimeSimulator(group_size=8)",
    "03": "ToleranceExplorer()",
    "05": "CircleMap('../examples/organizations/green_valley_coop.yaml')",
    "06": "LinkTelephone()",
    "07": "BallotComparison()",
    "08": "ConsiderationsSimulator()",
    "09": "MeetingPlanner('../examples/agendas/garden_march.yaml')",
    "10": "PolicyLifecycle()",
}

PROBE = """
import json, os, sys
os.chdir({folder!r})
from sociocracy.widgets import {name}
from ipywidgets.widgets.widget import _instances
tool = {code}
views = [w for w in _instances.values() if type(w).__name__ == "ChartView" and w.value]
print(json.dumps({{"matplotlib": "matplotlib" in sys.modules,
                   "cached": [v.from_cache for v in views],
                   "svg": [v.value for v in views]}}))
"""


@pytest.fixture(autouse=True)
def empty_memory(monkeypatch):
    """Each test starts with nothing kept in this kernel's memory."""
    monkeypatch.setattr(chart_cache, "_memory", type(chart_cache._memory)())


def open_page(code: str, cache: Path) -> dict:
    """Build ``code`` in a new interpreter in lessons/, as a lesson page's kernel would."""
    env = {**os.environ, "SOCIOCRACY_COURSE_CACHE": str(cache)}
    name = code.split("(")[0]
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(folder=str(ROOT / "lessons"), name=name, code=code)],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


#: Every lesson's opening chart built in one new interpreter, one after another, as each lesson
#: page's kernel would (one interpreter start instead of one per lesson: the check is the same,
#: since nothing a lesson builds is shared with the next but the disk cache under test).
PAGES_PROBE = """
import json, os, sys
os.chdir({folder!r})
from ipywidgets.widgets.widget import _instances
from sociocracy.widgets import chart_cache
pages = {{}}
for lesson, code in {codes!r}.items():
    chart_cache._memory = type(chart_cache._memory)()  # only the disk cache may serve it
    before = set(_instances)
    namespace = {{}}
    exec("from sociocracy.widgets import " + code.split("(")[0] + chr(10) + "tool = " + code,
         namespace)
    views = [w for key, w in _instances.items()
             if key not in before and type(w).__name__ == "ChartView" and w.value]
    pages[lesson] = {{"matplotlib": "matplotlib" in sys.modules,
                      "cached": [v.from_cache for v in views]}}
print(json.dumps(pages))
"""


def open_pages(codes: dict[str, str], cache: Path) -> dict[str, dict]:
    """Build each of ``codes`` (by lesson) in one new interpreter in lessons/: whether matplotlib
    was imported by then (it is never unloaded, so a lesson that draws marks every later one
    too: the first lesson named is the one that drew) and which of its charts came from the
    cache."""
    env = {**os.environ, "SOCIOCRACY_COURSE_CACHE": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", PAGES_PROBE.format(folder=str(ROOT / "lessons"), codes=codes)],
        capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def without_showing_ids(svg: str) -> str:
    return re.sub(r"-c\d+([)\"])", r"\1", svg)


@pytest.mark.parametrize("lesson", sorted(OPENING_CHARTS))
def test_the_next_visitor_sees_the_same_opening_chart_without_matplotlib(lesson, tmp_path):
    code = OPENING_CHARTS[lesson]
    first = open_page(code, tmp_path)
    assert first["matplotlib"] and first["svg"] and not any(first["cached"])
    second = open_page(code, tmp_path)
    assert not second["matplotlib"], f"lesson {lesson} imported matplotlib with a kept chart"
    assert second["cached"] == [True] * len(first["svg"])
    assert ([without_showing_ids(s) for s in second["svg"]]
            == [without_showing_ids(s) for s in first["svg"]])


def test_a_changed_input_is_drawn_not_served_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    one, two = ChartView(keep_opening=True), ChartView(keep_opening=True)
    one.draw(draw_named_shares, ["Ana", "Ben"], [60.0, 40.0], "Who talked", alt="a")
    two.draw(draw_named_shares, ["Ana", "Ben"], [60.0, 40.000001], "Who talked", alt="b")
    assert not one.from_cache and not two.from_cache
    assert ">Ana</text>" in two.value and two.alt == "b"
    three = ChartView(keep_opening=True)
    three.draw(draw_named_shares, ["Ana", "Ben"], [60.0, 40.0], "Who talked", alt="c")
    assert three.from_cache and 'aria-label="c"' in three.value


def test_keys_tell_apart_values_that_print_alike():
    def key(*args):
        return chart_cache.chart_key(draw_named_shares, args, {})
    assert key([1, 2]) != key((1, 2))
    assert key([1]) != key([1.0])
    assert key({"a": 1}) != key({"a": 2})
    assert key(0.1 + 0.2) != key(0.3)
    assert key([1, 2]) == key([1, 2])


def test_a_new_code_version_never_serves_an_old_picture(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    ChartView(keep_opening=True).draw(draw_named_shares, ["A"], [100.0], "t", alt="a")
    monkeypatch.setattr(chart_cache, "_version", "another version of the drawing code")
    chart_cache._memory.clear()
    view = ChartView(keep_opening=True)
    view.draw(draw_named_shares, ["A"], [100.0], "t", alt="a")
    assert not view.from_cache


def test_only_module_level_functions_are_kept_since_a_closure_sees_more_than_its_key(tmp_path,
                                                                                   monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    hidden = {"title": "first"}

    def closure(names):
        return draw_named_shares(names, [100.0], hidden["title"])
    with pytest.raises(TypeError, match="module-level"):
        chart_cache.chart_key(closure, (["A"],), {})
    view = ChartView(keep_opening=True)
    view.draw(closure, ["A"], alt="a")
    hidden["title"] = "second"
    view.draw(closure, ["A"], alt="a")
    assert not view.from_cache and ">second</text>" in view.value
    assert not list(tmp_path.rglob("*.json"))


def test_charts_of_typed_text_stay_out_of_the_cache_folder(tmp_path, monkeypatch):
    """A round's airtime chart shows names typed in a workshop: kept in memory, never on disk."""
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    view = ChartView()
    view.draw(draw_named_shares, ["Priya"], [100.0], "Who talked", alt="a")
    assert not list(tmp_path.rglob("*.json"))
    again = ChartView()
    again.draw(draw_named_shares, ["Priya"], [100.0], "Who talked", alt="a")
    assert again.from_cache  # from this kernel's memory
    kept = ChartView(keep_opening=True)
    kept.draw(draw_named_shares, ["Course data"], [100.0], "Who talked", alt="a")
    kept.draw(draw_named_shares, ["Typed later"], [100.0], "Who talked", alt="a")
    stored = [path.read_text() for path in tmp_path.rglob("*.json")]
    assert len(stored) == 1 and "Course data" in stored[0] and "Typed later" not in stored[0]


def test_a_damaged_or_foreign_cache_file_is_drawn_again_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    args = (["A"], [100.0], "t")
    ChartView(keep_opening=True).draw(draw_named_shares, *args, alt="a")
    (kept,) = tmp_path.rglob("*.json")
    for damage in ("{not json", json.dumps({"width": 400, "svg": "<script>alert(1)</script>"})):
        kept.write_text(damage)
        chart_cache._memory.clear()
        view = ChartView(keep_opening=True)
        view.draw(draw_named_shares, *args, alt="a")
        assert not view.from_cache and "<script" not in view.value and ">A</text>" in view.value
        assert json.loads(kept.read_text())["svg"].startswith("<svg")


def test_a_cache_folder_that_cannot_be_written_only_means_drawing(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(blocker))
    view = ChartView(keep_opening=True)
    view.draw(draw_named_shares, ["Unwritable"], [100.0], "t", alt="a")
    assert ">Unwritable</text>" in view.value


def test_the_cache_folder_keeps_at_most_its_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    monkeypatch.setattr(chart_cache, "DISK_LIMIT", 3)
    for share in range(5):
        ChartView(keep_opening=True).draw(draw_named_shares, ["A"], [float(share)], "t", alt="a")
    assert len(list(tmp_path.rglob("*.json"))) == 3


def test_one_kept_chart_shown_twice_on_a_page_shares_no_ids(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    views = [ChartView(keep_opening=True) for _ in range(2)]
    for view in views:
        view.draw(draw_named_shares, ["A", "B"], [50.0, 50.0], "t", alt="a")
    assert views[1].from_cache
    ids = [re.findall(r' id="([^"]+)"', view.value) for view in views]
    assert ids[0] and not set(ids[0]) & set(ids[1])
    for view, defined in zip(views, ids, strict=True):
        referred = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', view.value))
        assert referred <= set(defined)


def test_a_page_opened_from_the_cache_imports_matplotlib_in_the_background_later(tmp_path):
    code = ("import sys, time\n"
            "from sociocracy.widgets import chart_cache\n"
            "chart_cache.warm_up(delay=0.2)\n"
            "before = 'matplotlib.figure' in sys.modules\n"
            "deadline = time.monotonic() + 30\n"  # until it is there, not a fixed 5 s
            "while 'matplotlib.figure' not in sys.modules and time.monotonic() < deadline:\n"
            "    time.sleep(0.05)\n"
            "print(before, 'matplotlib.figure' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_hostile_names_stay_escaped_text_when_shown_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    hostile = "<img src=x onerror=alert(1)>"
    views = [ChartView(keep_opening=True) for _ in range(2)]
    for view in views:
        view.draw(draw_named_shares, [hostile], [100.0], f"Who {hostile}", alt=f"alt {hostile}")
    assert views[1].from_cache
    for view in views:
        assert "<img" not in view.value and "&lt;img src=x onerror=alert(1)&gt;" in view.value


def test_in_a_kernel_the_warm_up_draws_the_opening_chart_in_the_kernels_own_thread():
    """In a kernel (a running event loop) the warm-up also draws, in the loop's thread, where
    redraws run: importing alone left the first redraw about 40 ms slower (issue 27)."""
    code = ("import asyncio, threading\n"
            "from sociocracy.widgets import chart_cache\n"
            "seen = []\n"
            "def drawing():\n"
            "    import sys\n"
            "    seen.append((threading.current_thread() is threading.main_thread(),\n"
            "                 'matplotlib.figure' in sys.modules))\n"
            "async def page():\n"
            "    chart_cache.warm_up(delay=0.1, drawing=drawing)\n"
            "    chart_cache.warm_up(delay=0.1, drawing=drawing)  # once per kernel\n"
            "    await asyncio.sleep(3)\n"
            "asyncio.run(page())\n"
            "print(seen)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[(True, True)]"
