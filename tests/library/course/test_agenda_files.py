"""The agendas lesson 9 and the meeting app offer: the course's and the trainer's (issue 25)."""

from __future__ import annotations

import pytest

from sociocracy.core.errors import CourseError, ScenarioError
from sociocracy.core.settings import ROOT_ENV
from sociocracy.course.agenda_files import agenda_files, open_agenda, read_agenda_upload

KITCHEN = """circle: Kitchen
date: 2027-05-06
minutes: 60
agenda:
  - title: Menu report
    kind: report
    minutes: 10
"""


@pytest.fixture
def trainer_course(tmp_path, monkeypatch):
    """A trainer's copy of the course (what ``$SOCIOCRACY_COURSE_ROOT`` names)."""
    for folder in ("lessons", "apps", "examples/agendas"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "lessons" / "00_start_here.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    monkeypatch.chdir(tmp_path / "lessons")
    return tmp_path / "examples" / "agendas"


def test_the_course_and_the_trainers_agendas_are_listed_course_first(trainer_course):
    (trainer_course / "kitchen_may.yaml").write_text(KITCHEN, encoding="utf-8")
    (trainer_course / "notes.txt").write_text("not an agenda", encoding="utf-8")
    listed = agenda_files()
    labels = [a.label for a in listed]
    assert labels[0] == "Garden, 2027-03-04 (garden_march.yaml, the course's)"
    assert "Kitchen, 2027-05-06 (kitchen_may.yaml, your course folder)" in labels
    assert not any("notes" in label for label in labels)
    kitchen = next(a for a in listed if a.path.name == "kitchen_may.yaml")
    assert open_agenda(kitchen).circle == "Kitchen"


def test_a_broken_agenda_is_listed_and_says_file_line_and_field(trainer_course):
    (trainer_course / "kitchen_may.yaml").write_text(
        KITCHEN.replace("    kind: report", "     kind: report"), encoding="utf-8")
    broken = next(a for a in agenda_files() if a.path.name == "kitchen_may.yaml")
    assert broken.label == "kitchen_may.yaml (your course folder): has a mistake"
    assert broken.problem.startswith(
        "examples/agendas/kitchen_may.yaml, line 6 (field 'kind'): the file is not valid YAML")
    assert "indentation of this line does not match" in broken.problem
    with pytest.raises(ScenarioError, match=r"^examples/agendas/kitchen_may.yaml, line 6"):
        open_agenda(broken)


def test_an_uploaded_agenda_is_read_and_a_bad_one_is_one_sentence():
    assert read_agenda_upload(KITCHEN.encode(), "kitchen.yaml").circle == "Kitchen"
    with pytest.raises(ScenarioError, match=r"^kitchen.yaml, line 7 \(field 'minutes'\)"):
        read_agenda_upload(KITCHEN.replace("    minutes: 10", "    minutes: ten").encode(),
                           "kitchen.yaml")
    with pytest.raises(CourseError, match="is not a text file"):
        read_agenda_upload(b"\xff\xfe\x00", "photo.yaml")


def test_a_trainers_copy_of_an_example_is_listed_once(trainer_course):
    from sociocracy.core.settings import package_course_folder

    example = package_course_folder() / "examples" / "agendas" / "garden_march.yaml"
    (trainer_course / "garden_march.yaml").write_bytes(example.read_bytes())
    labels = [a.label for a in agenda_files()]
    assert [label for label in labels if "garden_march" in label] == [
        "Garden, 2027-03-04 (garden_march.yaml, the course's)"]
