"""Branching case studies: trainers' files are checked, and a walk follows the choices."""

from __future__ import annotations

import textwrap

import pytest

from sociocracy.core.errors import CourseError, ProcessError, ScenarioError
from sociocracy.course.case_study import StoryWalk, load_story, parse_story
from tests.conftest import ROOT

GARDEN = ROOT / "lessons" / "case_studies" / "community_garden.yaml"

SMALL = textwrap.dedent("""\
    title: Small story
    start: a
    nodes:
      a:
        situation: Start here.
        choices:
          - label: Go on
            next: b
            what_happens: You go on.
            pitfall: Going on too fast
          - label: Stop
            next: c
            what_happens: You stop.
      b:
        situation: The end of going on.
        ending: true
      c:
        situation: The end of stopping.
        ending: true
    """)


def test_the_course_story_loads_and_meets_the_known_pitfalls():
    story = load_story(GARDEN)
    pitfalls = " ".join(story.pitfalls).lower()
    for words in ("too many circles", "without terms", "evaluation", "equal power"):
        assert words in pitfalls, words
    assert "not proof" in story.about or "not as proof" in story.about
    endings = [n for n in story.nodes.values() if n.is_ending]
    assert len(endings) >= 3


def test_every_path_through_the_course_story_ends():
    story = load_story(GARDEN)

    def walk(key: str, depth: int) -> int:
        assert depth < 20, "the story loops"
        node = story.node(key)
        if node.is_ending:
            return 1
        return sum(walk(choice.next, depth + 1) for choice in node.choices)

    assert walk(story.start, 0) >= 6


def test_a_walk_records_the_path_and_the_pitfalls_met():
    walk = StoryWalk(parse_story(SMALL))
    assert walk.current.key == "a" and walk.last is None
    step = walk.choose(0)
    assert step.choice.label == "Go on" and walk.current.key == "b"
    assert walk.finished and walk.pitfalls_met == ["Going on too fast"]
    with pytest.raises(ProcessError, match="restart") as info:
        walk.choose(0)
    assert isinstance(info.value, CourseError)
    walk.restart()
    assert walk.current.key == "a" and walk.path == []
    with pytest.raises(IndexError, match="choose 0 to 1"):
        walk.choose(5)


def _error(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_story(textwrap.dedent(text), "garden.yaml")
    return info.value


def test_unknown_target_names_file_line_and_field():
    error = _error(SMALL.replace("next: c", "next: see"))
    assert error.path == "garden.yaml" and error.field == "next"
    assert error.line == SMALL.splitlines().index("        next: c") + 1
    assert "'see'" in str(error) and str(error).startswith("garden.yaml, line")


def test_missing_field_is_reported_at_its_choice():
    text = SMALL.replace("        what_happens: You stop.\n", "")
    error = _error(text)
    assert error.field == "what_happens"
    assert error.line == SMALL.splitlines().index("      - label: Stop") + 1


def test_unreachable_node_is_reported_at_its_line():
    text = SMALL + "  d:\n    situation: Nobody comes here.\n    ending: true\n"
    error = _error(text)
    assert error.field == "d" and "nobody can reach it" in str(error)
    assert error.line == len(SMALL.splitlines()) + 1


def test_unknown_start_and_unknown_fields_are_reported():
    assert _error(SMALL.replace("start: a", "start: z")).field == "start"
    typo = _error(SMALL.replace("pitfall: Going", "pitfal: Going"))
    assert typo.field == "pitfal" and "unknown field" in str(typo)


def test_a_node_without_choices_must_be_marked_as_an_ending():
    error = _error(SMALL.replace("    ending: true\n  c:", "  c:"))
    assert error.field == "choices" and "ending: true" in str(error)


def test_an_ending_with_choices_is_contradictory():
    text = SMALL.replace("  a:\n    situation: Start here.\n",
                         "  a:\n    situation: Start here.\n    ending: true\n")
    assert _error(text).field == "ending"


def test_empty_text_and_wrong_types_are_reported():
    assert _error(SMALL.replace("situation: Start here.", "situation: ''")).field == "situation"
    assert _error(SMALL.replace("title: Small story", "title: [a, b]")).field == "title"
    assert _error("- just a list\n").field == "nodes"


def test_hostile_text_is_kept_as_text_for_the_widget_to_escape():
    story = parse_story(SMALL.replace("Start here.", "'<img src=x onerror=alert(1)>'"))
    assert story.node("a").situation == "<img src=x onerror=alert(1)>"


def test_the_check_command_accepts_the_course_story(capsys):
    from sociocracy.shell.cli import main

    assert main(["check", str(GARDEN)]) == 0
    assert capsys.readouterr().out == ""


def test_the_check_command_reports_a_broken_story_with_its_line(tmp_path, capsys):
    from sociocracy.shell.cli import main

    path = tmp_path / "story.yaml"
    path.write_text(SMALL.replace("next: c", "next: see"), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.strip()
    line = SMALL.splitlines().index("        next: c") + 1
    assert out.startswith(f"{path}:{line}: error invalid-file:") and "'see'" in out


def test_the_check_command_warns_about_a_pitfall_without_a_source(tmp_path, capsys):
    from sociocracy.shell.cli import main

    path = tmp_path / "story.yaml"
    path.write_text(SMALL, encoding="utf-8")  # "Going on too fast" has no source
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.strip()
    line = SMALL.splitlines().index("        pitfall: Going on too fast") + 1
    assert out == (f"{path}:{line}: warning case-no-source: the choice 'Go on' names a pitfall "
                   "but no source; add 'source:' to say where this experience is described")
