"""CaseStudy: click through a whole path; a trainer's text is always shown literally."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sociocracy.widgets import CaseStudy

from sociocracy.core.errors import ProcessError

ROOT = Path(__file__).resolve().parents[2]
GARDEN = ROOT / "lessons" / "case_studies" / "community_garden.yaml"
HOSTILE = "<img src=x onerror=alert(1)>"


def _click(study: CaseStudy, label_start: str) -> None:
    for button in study.choice_buttons:
        if label_start in button.description:
            button.click()
            return
    raise AssertionError(f"no button starting {label_start!r}: "
                         f"{[b.description for b in study.choice_buttons]}")


def test_click_through_the_steady_path_of_the_garden_story():
    study = CaseStudy(GARDEN)
    assert "Greenway" in study.header.value and study.consequence.value == ""
    assert "you are at the start" in study.path_view.value
    _click(study, "A. Design the full structure")
    assert "Pitfall met:" in study.consequence.value
    assert "Too many circles" in study.consequence.value
    _click(study, "Ask the whole group")
    _click(study, "Turn her tasks into roles")
    _click(study, "Keep a five-minute evaluation")
    _click(study, "Name it and act")
    assert study.walk.finished and study.choice_buttons == []
    assert "a group that keeps learning" in study.situation.value
    assert study.path_view.value.count("<li>") == 5
    assert "Pitfalls met on this path: 1." in study.path_view.value
    with pytest.raises(ProcessError):
        study.choose(0)


def test_restart_goes_back_to_the_first_situation():
    study = CaseStudy(GARDEN)
    _click(study, "B. Start small")
    assert study.walk.current.key == "roles"
    study.restart_button.click()
    assert study.walk.current.key == "founding" and study.walk.path == []
    assert study.consequence.value == "" and "After the taster evening" in study.situation.value


def test_buttons_are_labelled_and_lettered():
    study = CaseStudy(GARDEN)
    labels = [b.description for b in study.choice_buttons]
    assert labels[0].startswith("A. ") and labels[1].startswith("B. ")
    assert all(b.tooltip for b in study.choice_buttons)
    assert study.restart_button.tooltip


def test_hostile_text_in_a_case_study_file_is_shown_literally(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(textwrap.dedent(f"""\
        title: "{HOSTILE}"
        about: "{HOSTILE}"
        start: a
        nodes:
          a:
            title: "{HOSTILE}"
            situation: "{HOSTILE}"
            choices:
              - label: "{HOSTILE}"
                next: b
                what_happens: "{HOSTILE}"
                pitfall: "{HOSTILE}"
                source: "{HOSTILE}"
          b:
            situation: The end.
            ending: true
        """), encoding="utf-8")
    study = CaseStudy(path)
    assert study.choice_buttons[0].description == f"A. {HOSTILE}"  # a Button shows plain text
    study.choice_buttons[0].click()
    shown = " ".join(w.value for w in (study.header, study.consequence, study.situation,
                                        study.path_view))
    assert "<img" not in shown
    assert shown.count("&lt;img src=x onerror=alert(1)&gt;") >= 6


def test_a_broken_file_is_explained_on_the_page_not_raised(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: Broken\nstart: a\nnodes:\n  a:\n    situation: Hi\n"
                    "    choices:\n      - label: Go\n        next: nowhere\n"
                    "        what_happens: <b>x</b>\n", encoding="utf-8")
    study = CaseStudy(path)
    assert study.problem.startswith(f"{path}, line 8 (field 'next')")
    assert "cannot be shown" in study.header.value
    assert "sociocracy-course check" in study.header.value
    assert "&lt;b&gt;" not in study.header.value and "<b>" not in study.header.value
    assert study.children == (study.header,)
    assert study.choice_buttons == [] and study.walk.finished


def test_the_tension_story_names_each_scenes_tool_and_the_tools_used_at_the_end():
    study = CaseStudy(ROOT / "lessons" / "case_studies" / "watering_tension.yaml")
    assert "The tool here" not in study.situation.value  # the chat message is no tool
    _click(study, "B. Put watering on the next meeting")
    assert "The tool here:</strong> a round (lesson 2)" in study.situation.value
    _click(study, "A. Ask Priya and Sami")
    assert "an objection, explored" in study.situation.value
    _click(study, "A. Ask Gita what she fears")
    assert "turned into an amendment" in study.situation.value
    _click(study, "A. Adopt it until the end of September")
    assert study.walk.finished
    assert "a policy with a review date (lesson 10)" in study.situation.value
    assert "Tools used on this path: a round" in study.path_view.value
