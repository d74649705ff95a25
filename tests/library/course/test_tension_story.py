"""Benefit 5: a tension between two members played through the course's tools, as a case study
a trainer can change (the optional ``tool:`` of a scene is checked like every other field)."""

from __future__ import annotations

import pytest

from sociocracy.core.errors import ScenarioError
from sociocracy.core.yaml_file import load_yaml
from sociocracy.course.case_study import TOOLS, StoryWalk, load_story, parse_story, story_warnings
from tests.conftest import ROOT

TENSION = ROOT / "lessons" / "case_studies" / "watering_tension.yaml"

SMALL = """\
title: Small
start: a
nodes:
  a:
    situation: Start.
    tool: round
    choices:
      - label: Go on
        next: b
        what_happens: On you go.
  b:
    situation: The end.
    tool: policy
    ending: true
"""


def _paths(story, key, seen=()):
    node = story.node(key)
    if node.is_ending:
        yield [*seen, key]
        return
    for choice in node.choices:
        if choice.next not in seen:
            yield from _paths(story, choice.next, (*seen, key))


def test_a_scene_names_its_tool_and_a_walk_collects_the_tools_met():
    story = parse_story(SMALL)
    assert story.node("a").tool == "round"
    walk = StoryWalk(story)
    walk.choose(0)
    assert walk.tools_met == ["round", "policy"]


def test_an_unknown_tool_is_reported_with_line_field_and_a_suggestion():
    with pytest.raises(ScenarioError) as caught:
        parse_story(SMALL.replace("tool: round", "tool: rounds"), "tension.yaml")
    error = caught.value
    assert error.field == "tool" and error.line == 6
    assert "did you mean 'round'?" in str(error)


def test_the_tension_passes_through_a_round_an_amendment_and_a_policy_with_a_review_date():
    story = load_story(TENSION)
    assert story_warnings(load_yaml(TENSION)) == []  # every pitfall says where it is described
    tools_on_paths = []
    for path in _paths(story, story.start):
        tools = [story.node(k).tool for k in path if story.node(k).tool]
        tools_on_paths.append(tools)
    wanted = ["round", "objection", "amendment", "policy"]
    assert any([t for t in tools if t in wanted][:4] == wanted for tools in tools_on_paths)
    assert set(wanted) <= set(TOOLS)


def test_every_choice_in_the_tension_has_a_consequence_and_every_path_ends():
    story = load_story(TENSION)
    for node in story.nodes.values():
        for choice in node.choices:
            assert len(choice.what_happens.split()) >= 10, choice.label
    paths = list(_paths(story, story.start))
    assert paths and all(story.node(p[-1]).is_ending for p in paths)
    endings = {p[-1] for p in paths}
    assert len(endings) >= 3  # different choices lead to different consequences
