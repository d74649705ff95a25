"""The course's settings are read in one place (sociocracy/core/settings.py)."""

from __future__ import annotations

import ast
import re

from sociocracy.core import settings
from tests.conftest import ROOT

NAME = re.compile(r"^SOCIOCRACY_COURSE_[A-Z_]+$")


def _setting_names_in(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno} {node.value}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and NAME.match(node.value)]


def test_no_module_but_settings_names_a_setting_itself():
    files = [*sorted((ROOT / "sociocracy").rglob("*.py")), *sorted((ROOT / "widgets").glob("*.py"))]
    found = [hit for path in files if path.name != "settings.py" or path.parent.name != "core"
             for hit in _setting_names_in(path)]
    assert found == []


def test_every_setting_is_listed_and_documented():
    assert len(settings.SETTINGS) == len(set(settings.SETTINGS)) >= 6
    for name in settings.SETTINGS:
        assert name in (settings.__doc__ or "")


def test_settings_are_read_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv(settings.DATA_ENV, str(tmp_path))
    monkeypatch.setenv(settings.DRAW_CHARTS_ENV, "0")
    monkeypatch.setenv(settings.JOIN_URL_ENV, "http://10.0.0.5:8866/join/")
    assert settings.data_setting() == tmp_path
    assert settings.draw_charts_at_start() is False
    assert settings.join_url() == "http://10.0.0.5:8866/join"
    monkeypatch.delenv(settings.DATA_ENV)
    assert settings.data_setting() is None


def test_the_course_folder_is_found_from_inside_it():
    assert settings.find_course_folder(ROOT / "lessons" / "quizzes") == ROOT
    assert ROOT.resolve() in settings.course_folders()


def test_the_preheat_setting_names_lessons_or_practice_pages_with_their_kernels():
    read = settings.preheat_setting
    assert read({}) == {}
    assert read({settings.PREHEAT_ENV: " lessons/02_rounds.ipynb=30 , exercises/02_rounds.ipynb=4"}
                ) == {"lessons/02_rounds.ipynb": 30, "exercises/02_rounds.ipynb": 4}


def test_the_preheat_setting_refuses_apps_and_bad_numbers_in_one_sentence():
    """An app's kernel differs for the facilitator and a visitor (the record): never run ahead."""
    for bad in ("apps/workshop_room.ipynb=3", "lessons/02_rounds.ipynb", "lessons/02.ipynb=x",
                "lessons/../apps/meeting.ipynb=2", "lessons/02_rounds.ipynb=0"):
        try:
            settings.preheat_setting({settings.PREHEAT_ENV: bad})
        except settings.SettingError as refusal:
            assert settings.PREHEAT_ENV in refusal.plain and bad in refusal.plain
        else:
            raise AssertionError(f"{bad!r} was accepted")
