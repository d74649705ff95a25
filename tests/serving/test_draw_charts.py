"""``sociocracy-course draw-charts``: every page's opening chart is kept before the first visitor.

Binder runs it in ``postBuild``, so a learner's first visit to a lesson opens without drawing.

Keeping this module fast (issue 27): the course server's background drawing runs at low priority
and so, on a busy machine, takes minutes of waiting while using seconds of processor. Its server
is started first (``drawing_server``, for the whole module) and the other tests run while it
draws; the last test then waits for it. Each check of what a visitor's kernel finds opens every
lesson in one new interpreter (:func:`open_pages`), not one interpreter per lesson.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sociocracy.shell.opening_charts import draw_opening_charts
from tests.widgets.test_chart_cache import OPENING_CHARTS, open_pages
from tools.course_server import CourseServer, start_course_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def drawing_server(tmp_path_factory) -> Iterator[tuple[CourseServer, Path]]:
    """A course server started with drawing on, on an empty cache of its own, before this
    module's first test (autouse): it draws in the background while the other tests run."""
    folder = tmp_path_factory.mktemp("drawing-server")
    cache = folder / "cache"
    server = start_course_server(folder / "voila.log", extra_env={
        "SOCIOCRACY_COURSE_CACHE": str(cache), "SOCIOCRACY_COURSE_DRAW_CHARTS": "1",
        "SOCIOCRACY_COURSE_DATA": str(folder / "data")})
    yield server, cache
    server.stop(wait=False)  # the next module need not wait for it (tests/conftest.py does)


def test_draw_charts_keeps_every_lessons_opening_chart_before_anyone_visits(tmp_path):
    env = {**os.environ, "SOCIOCRACY_COURSE_CACHE": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "sociocracy.shell.cli", "draw-charts"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Ran " in result.stdout and str(tmp_path / "charts") in result.stdout
    assert result.stderr == "" and "Traceback" not in result.stdout
    for lesson, page in open_pages(OPENING_CHARTS, tmp_path).items():
        assert page["cached"] and all(page["cached"]), f"lesson {lesson} was not drawn ahead"
        assert not page["matplotlib"], f"lesson {lesson} imported matplotlib"


def test_a_notebook_that_fails_is_named_and_the_others_still_draw(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path / "cache"))
    course = tmp_path / "course"
    (course / "lessons").mkdir(parents=True)
    shutil.copytree(ROOT / "examples", course / "examples")
    good = {"cells": [{"cell_type": "code", "source": [
        "from sociocracy.widgets import LinkTelephone\n", "LinkTelephone(seed=7)"]}]}
    bad = {"cells": [{"cell_type": "markdown", "source": ["# A lesson"]},
                     {"cell_type": "code", "source": ["raise ValueError('a broken cell')"]}]}
    (course / "lessons" / "01_bad.ipynb").write_text(json.dumps(bad))
    (course / "lessons" / "02_good.ipynb").write_text(json.dumps(good))
    report = draw_opening_charts(course)
    assert report.notebooks == 2
    assert report.problems == ["lessons/01_bad.ipynb: ValueError: a broken cell"]
    assert report.kept_after == report.kept_before + 1


def test_the_course_server_draws_the_opening_charts_in_the_background_when_it_starts(
        drawing_server):
    server, cache = drawing_server
    assert server.process.poll() is None
    deadline, counts = time.monotonic() + 180, [0]
    while counts[-1] < len(OPENING_CHARTS) or counts[-5:] != [counts[-1]] * 5:
        assert time.monotonic() < deadline, f"the server drew {counts[-1]} charts"
        time.sleep(1)
        counts.append(len(list(cache.glob("charts/*.json"))))  # until it stops growing
    for lesson, page in open_pages(OPENING_CHARTS, cache).items():
        assert page["cached"] and all(page["cached"]), f"lesson {lesson} was not drawn"
