"""What a page pays for when it opens (issue 12): no import or widget it does not show.

Each check runs in a fresh interpreter (the test session has long since imported everything) and
asserts on what was imported or built, never on time: ``benchmarks/voila_load.py`` prints the
times. matplotlib costs a page about a third of a second and numpy about a tenth; every widget
model is sent to the browser, shown or not.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import json, os, sys
os.chdir({folder!r})
from ipywidgets.widgets.widget import _instances
{code}
print(json.dumps({{"modules": sorted(m for m in ("matplotlib", "numpy", "importlib.metadata")
                                     if m in sys.modules), "models": len(_instances)}}))
"""


def probe(code: str, tmp_path) -> dict:
    """Run ``code`` in a new interpreter in lessons/, as a page would: what it loaded and built."""
    env = {"PATH": "/usr/bin:/bin", "SOCIOCRACY_COURSE_DATA": str(tmp_path),
           "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", PROBE.format(folder=str(ROOT / "lessons"),
                                                                code=code)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_library_and_the_widgets_loads_no_chart_library_and_no_metadata(tmp_path):
    found = probe("import sociocracy, sociocracy.widgets", tmp_path)
    assert found["modules"] == []
    assert probe("import sociocracy; sociocracy.__version__", tmp_path)["modules"] == [
        "importlib.metadata"]


@pytest.mark.parametrize("tool", ["RoundFacilitator()", "ConsentFacilitator()",
                                  "SelectionFacilitator()", "WorkshopRoom(refresh_every=0)",
                                  "Quiz.from_yaml('quizzes/04_objections.yaml')",
                                  "ObjectionSorter()",
                                  "MeetingRunner('../examples/agendas/garden_march.yaml')"])
def test_apps_without_a_chart_import_neither_matplotlib_nor_numpy(tool, tmp_path):
    name = tool.split("(")[0].split(".")[0]
    found = probe(f"from sociocracy.widgets import {name}\n{tool}", tmp_path)
    assert found["modules"] == []


def test_the_meeting_apps_timeline_chart_is_drawn_when_asked_for(tmp_path):
    found = probe("from sociocracy.widgets import MeetingRunner\n"
                  "runner = MeetingRunner('../examples/agendas/garden_march.yaml')\n"
                  "assert runner.planner.chart.alt == ''\n"
                  "runner.planner.show_chart.value = True\n"
                  "assert 'Timeline of a 90-minute meeting' in runner.planner.chart.alt",
                  tmp_path)
    assert "matplotlib" in found["modules"]


def test_a_page_with_a_chart_still_imports_matplotlib(tmp_path):
    """The probe can fail: a chart on screen needs matplotlib."""
    found = probe("from sociocracy.widgets import ToleranceExplorer\nToleranceExplorer()",
                  tmp_path)
    assert "matplotlib" in found["modules"]


@pytest.mark.parametrize(("tool", "most"), [("ConsentFacilitator()", 60),
                                            ("SelectionFacilitator()", 80),
                                            ("MeetingRunner(store=False)", 160)])
def test_facilitators_open_on_their_set_up_without_building_the_running_views(tool, most,
                                                                              tmp_path):
    """Their running views (hundreds of widget models) are built when the process starts."""
    name = tool.split("(")[0]
    found = probe(f"from sociocracy.widgets import {name}\n{tool}", tmp_path)
    assert found["models"] <= most


def test_a_quizs_questions_share_their_layouts_and_styles(tmp_path):
    """Each question is its five controls; their layouts and styles are one set per quiz."""
    found = probe("from sociocracy.widgets import Quiz\n"
                  "quiz = Quiz.from_yaml('quizzes/02_rounds.yaml')\n"
                  "assert len(quiz.views) == 6 and not quiz.problem", tmp_path)
    assert found["models"] <= 6 * 6 + 12


def test_controls_that_never_change_their_style_share_one_per_kind(tmp_path):
    """The circle builder and the objection sorter share their controls' styles (75 style
    models before; the ones left belong to controls made elsewhere, such as the record's)."""
    found = probe("from sociocracy.widgets import CircleBuilder, ObjectionSorter\n"
                  "from ipywidgets.widgets.widget import _instances\n"
                  "CircleBuilder(); ObjectionSorter()\n"
                  "styles = [w for w in _instances.values()\n"
                  "          if type(w).__name__.endswith('Style')]\n"
                  "assert len(styles) <= 30, [type(w).__name__ for w in styles]", tmp_path)
    assert found["models"] <= 240  # 284 before


@pytest.mark.parametrize(("lesson", "tool"), [
    ("11_being_an_ambassador", "ChangeOneMeeting"),
    ("10_feedback", "GrowingGarden"),
    ("08_proposal_forming", "CaseStudy"),
])
def test_the_benefit_simulations_keep_their_lessons_under_150_models(lesson, tool, tmp_path):
    """Issues 24 and 27: a lesson with a benefit's simulation opens with at most 150 widget
    models (its quiz and its other tools included), and the simulation itself is small."""
    import json
    cells = json.loads((ROOT / "lessons" / f"{lesson}.ipynb").read_text())["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    found = probe(code, tmp_path)
    assert found["models"] <= 150
    alone = probe(f"from sociocracy.widgets import {tool}\n"
                  + ("CaseStudy('case_studies/watering_tension.yaml')" if tool == "CaseStudy"
                     else f"{tool}()"), tmp_path)
    assert alone["models"] <= 35


def test_a_page_with_one_app_loads_that_apps_session_only(tmp_path):
    """Lesson 02's practice round needs the round session, not the meeting, consent, selection
    or workshop sessions (importing the ``sessions`` package loaded them all: about a quarter
    of a second of the lesson's opening, issue 27)."""
    code = ("from sociocracy.widgets import RoundFacilitator\n"
            "RoundFacilitator(['Ana', 'Ben'], prompt='Why?')\n"
            "import sociocracy.sessions as s\n"
            "print(json.dumps(sorted(m for m in sys.modules\n"
            "                        if m.startswith('sociocracy.sessions.'))))\n"
            "assert s.RoundSession is sys.modules['sociocracy.sessions.rounds'].RoundSession\n")
    env = {"PATH": "/usr/bin:/bin", "SOCIOCRACY_COURSE_DATA": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", "import json, sys\n" + code],
                            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "sociocracy.sessions.rounds" in loaded
    for other in ("consent", "meeting", "selection", "workshop", "circle_map"):
        assert f"sociocracy.sessions.{other}" not in loaded


def test_a_circle_map_shown_from_the_chart_cache_loads_no_numpy(tmp_path):
    """Lesson 05 opens with the co-op's circle map: once its chart is kept, the page needs
    neither matplotlib nor numpy (the double-linking simulation, which does, is imported when it
    runs; issue 27)."""
    code = ("from sociocracy.widgets import CircleMap\n"
            "CircleMap('../examples/organizations/green_valley_coop.yaml')")
    probe(code, tmp_path)  # draws the map and keeps it (the cache is under this HOME)
    assert probe(code, tmp_path)["modules"] == []


def test_lesson_07s_comparison_shown_from_the_cache_loads_no_numpy(tmp_path):
    """Lesson 07's ballot-against-grid comparison simulated 5,000 groups (numpy) at each opening:
    once its opening is kept, the page needs neither numpy nor matplotlib (issue 27)."""
    code = "from sociocracy.widgets import BallotComparison\nBallotComparison()"
    assert "numpy" in probe(code, tmp_path)["modules"]  # the first visit simulates
    assert probe(code, tmp_path)["modules"] == []


def test_lesson_06s_link_telephone_shown_from_the_cache_loads_no_numpy(tmp_path):
    """The same for lesson 06's double-linking simulation (issue 27)."""
    code = "from sociocracy.widgets import LinkTelephone\nLinkTelephone()"
    assert "numpy" in probe(code, tmp_path)["modules"]
    assert probe(code, tmp_path)["modules"] == []
