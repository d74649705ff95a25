"""Every loader of a trainer's file reads its translation on a page in that language (issue 23:
one rule, ``translations/<lang>/<same path>``), and the English file on an English page."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sociocracy.circles import load_organization
from sociocracy.core.language import speaking
from sociocracy.course.case_study import load_story
from sociocracy.course.exercise_sets import load_exercise_set
from sociocracy.course.quizzes import load_quiz
from sociocracy.intro_sessions import load_plan
from sociocracy.meetings import load_agenda

ROOT = Path(__file__).resolve().parents[2]


def _spanish(relative: str) -> dict:
    return yaml.safe_load((ROOT / "translations" / "es" / relative).read_text(encoding="utf-8"))


def _english(relative: str) -> dict:
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize("relative, load, name_of, field", [
    ("examples/organizations/green_valley_coop.yaml", load_organization,
     lambda loaded: loaded.name, "organization"),
    ("lessons/quizzes/03_consent.yaml", load_quiz, lambda loaded: loaded[0], "title"),
    ("workshops/taste_45.yaml", load_plan, lambda loaded: loaded.title, "title"),
    ("exercises/data/02_rounds.yaml", load_exercise_set, lambda loaded: loaded.title, "title"),
    ("lessons/case_studies/watering_tension.yaml", load_story, lambda loaded: loaded.title,
     "title"),
])
def test_a_spanish_page_reads_the_spanish_file(relative, load, name_of, field):
    english, spanish = _english(relative)[field], _spanish(relative)[field]
    assert english != spanish
    with speaking("es"):
        assert name_of(load(ROOT / relative)) == spanish
    with speaking("en"):
        assert name_of(load(ROOT / relative)) == english


def test_an_agenda_in_spanish_names_its_circle_in_spanish():
    relative = "examples/agendas/garden_march.yaml"
    with speaking("es"):
        meeting = load_agenda(ROOT / relative)
    assert meeting.circle == _spanish(relative)["circle"] != _english(relative)["circle"]
