"""Branching case studies: a story where each choice meets a pitfall groups really run into.

Ambassadors teach best with real stories, including the struggles (benefit 7, community
building). A case study here is a small graph written by a trainer in YAML: *nodes* hold a
situation; each node offers *choices*; each choice leads to another node and carries what tends
to happen, the known pitfall it meets (if any) and where that experience is written down.

A trainer's file is checked when it is loaded, so that a typo never shows up in front of a group:
an unknown target, a missing field, an unknown field or a node nobody can reach is a
:class:`~sociocracy.core.errors.ScenarioError` naming the file, the line and the field.

File format (see ``lessons/case_studies/community_garden.yaml``)::

    title: A community garden tries sociocracy
    about: One composite story, told as practitioner experience, not proof.
    start: first_meeting
    nodes:
      first_meeting:
        situation: Fourteen volunteers ...
        choices:
          - label: Set up seven circles at once
            next: too_many_circles
            what_happens: Most people sit in three circles ...
            pitfall: Too many circles and meetings for a small group   # optional
            source: Rau & Koch-Gonzalez 2018 ...                      # optional
      too_many_circles:
        situation: ...
        tool: round            # optional: the course tool this scene uses (see TOOLS)
        ending: true           # a node without choices must say it is an ending
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sociocracy.core.errors import ProcessError
from sociocracy.core.fields import PartReported, Problems, suggest_field, unknown_field_message
from sociocracy.core.language import N_, _, localized
from sociocracy.core.yaml_file import LoadedYaml, load_yaml, parse_yaml, require

__all__ = ["TOOLS", "Choice", "Node", "Step", "Story", "StoryWalk", "load_story", "parse_story",
           "story_warnings"]

_STORY_FIELDS = {"title", "about", "start", "nodes"}
_NODE_FIELDS = {"situation", "choices", "ending", "title", "tool"}

#: The course's tools a scene can use (a node's optional ``tool:``), and how the page names them,
#: with the lesson that teaches each: a story of a tension says which tool each step is.
TOOLS: dict[str, str] = {
    "round": N_("a round (lesson 2)"),
    "consent": N_("a consent round (lessons 3 and 4)"),
    "objection": N_("an objection, explored (lesson 4)"),
    "amendment": N_("an objection turned into an amendment (lesson 4)"),
    "proposal": N_("shaping a proposal together (lesson 8)"),
    "evaluation": N_("a meeting evaluation (lesson 9)"),
    "policy": N_("a policy with a review date (lesson 10)"),
    "review": N_("a policy review (lesson 10)"),
    "selection": N_("a selection (lesson 7)"),
}
_CHOICE_FIELDS = {"label", "next", "what_happens", "pitfall", "source"}


@dataclass(frozen=True)
class Choice:
    """One option at a decision point, and what tends to follow from it."""

    label: str
    next: str
    what_happens: str
    pitfall: str = ""
    source: str = ""


@dataclass(frozen=True)
class Node:
    """A situation in the story; an ending has no choices."""

    key: str
    situation: str
    choices: tuple[Choice, ...] = ()
    title: str = ""
    tool: str = ""  # a key of TOOLS: the course tool this scene uses, if any

    @property
    def is_ending(self) -> bool:
        return not self.choices


@dataclass(frozen=True)
class Story:
    """A checked case study: every target exists and every node can be reached from the start."""

    title: str
    start: str
    nodes: dict[str, Node]
    about: str = ""

    def node(self, key: str) -> Node:
        return self.nodes[key]

    @property
    def pitfalls(self) -> list[str]:
        """Every distinct pitfall the story can meet, in file order."""
        seen: list[str] = []
        for node in self.nodes.values():
            for choice in node.choices:
                if choice.pitfall and choice.pitfall not in seen:
                    seen.append(choice.pitfall)
        return seen


def _check_fields(loaded: LoadedYaml, mapping: dict, allowed: set[str], what: str,
                  problems: Problems, *where: object) -> None:
    for key in mapping:
        if key not in allowed:
            problems.report(loaded.error(unknown_field_message(key, allowed, what),
                                         *where, key, field_name=str(key)))


def _text(loaded: LoadedYaml, mapping: dict, key: str, *where: object,
          optional: bool = False) -> str:
    value = require(loaded, mapping, key, str, *where, optional=optional, default="")
    if not optional and not value.strip():
        raise loaded.error(_("the field '{key}' is empty").format(key=key), *where, key,
                           field_name=key)
    return value.strip()


def _choice(loaded: LoadedYaml, item: Any, problems: Problems, *c_at: object) -> Choice:
    if not isinstance(item, dict):
        raise loaded.error(_("each choice needs label, next and what_happens"), *c_at,
                           field_name="choices")
    _check_fields(loaded, item, _CHOICE_FIELDS, _("a choice"), problems, *c_at)
    texts = {}
    for key in ("label", "next", "what_happens", "pitfall", "source"):
        with problems.part():
            texts[key] = _text(loaded, item, key, *c_at, optional=key in ("pitfall", "source"))
    if len(texts) < 5:
        raise PartReported()
    return Choice(**texts)


def _node(loaded: LoadedYaml, key: str, raw: Any, problems: Problems) -> Node:
    at = ("nodes", key)
    if not isinstance(raw, dict):
        raise loaded.error(_("the node '{key}' should be a group of fields "
                             "(situation, choices or ending)").format(key=key), *at,
                           field_name=key)
    _check_fields(loaded, raw, _NODE_FIELDS, _("the node '{key}'").format(key=key), problems,
                  *at)
    situation = node_title = None
    with problems.part():
        situation = _text(loaded, raw, "situation", *at)
    with problems.part():
        node_title = _text(loaded, raw, "title", *at, optional=True)
    tool = ""
    with problems.part():
        tool = _text(loaded, raw, "tool", *at, optional=True)
        if tool and tool not in TOOLS:
            raise loaded.error(_("the tool '{tool}' is not one of the course's tools"
                                 "{suggestion}; the tools are: {tools}").format(
                tool=tool, suggestion=suggest_field(tool, TOOLS), tools=", ".join(TOOLS)),
                *at, "tool", field_name="tool")
    ending = require(loaded, raw, "ending", bool, *at, optional=True, default=False)
    raw_choices = require(loaded, raw, "choices", list, *at, optional=True, default=[])
    if ending and raw_choices:
        raise loaded.error(_("the node '{key}' is marked as an ending but has choices; "
                             "remove one of the two").format(key=key), *at, "ending",
                           field_name="ending")
    if not ending and not raw_choices:
        raise loaded.error(_("the node '{key}' has no choices; add some, or mark it "
                             "'ending: true'").format(key=key), *at, field_name="choices")
    choices = []
    for index, item in enumerate(raw_choices):
        with problems.part():
            choices.append(_choice(loaded, item, problems, *at, "choices", index))
    if situation is None or node_title is None:
        raise PartReported()
    return Node(key=key, situation=situation, choices=tuple(choices), title=node_title,
                tool=tool if tool in TOOLS else "")


def story_from_loaded(loaded: LoadedYaml, problems: Problems | None = None) -> Story | None:
    """Build and check a :class:`Story` from parsed YAML; every mistake names file and line.

    The first mistake raises :class:`ScenarioError`, unless ``problems`` collects them (the
    ``check`` command): then the whole file is read, and ``None`` comes back when it had any.
    """
    problems = problems if problems is not None else Problems()
    data = loaded.data
    if not isinstance(data, dict):
        raise loaded.error(_("a case study needs the fields title, start and nodes"),
                           field_name="nodes")
    _check_fields(loaded, data, _STORY_FIELDS, _("the case study"), problems)
    title = about = start = None
    with problems.part():
        title = _text(loaded, data, "title")
    with problems.part():
        about = _text(loaded, data, "about", optional=True)
    with problems.part():
        start = _text(loaded, data, "start")
    raw_nodes = require(loaded, data, "nodes", dict)
    if not raw_nodes:
        raise loaded.error(_("the case study has no nodes"), "nodes", field_name="nodes")

    nodes: dict[str, Node] = {}
    for key, raw in raw_nodes.items():
        with problems.part():
            nodes[str(key)] = _node(loaded, str(key), raw, problems)
    known = {str(key) for key in raw_nodes}
    if start is not None and start not in known:
        problems.report(loaded.error(_("the start node '{start}' does not exist; known nodes: "
                                       "{nodes}").format(start=start, nodes=", ".join(known)),
                                     "start", field_name="start"))
    for key, node in nodes.items():
        for index, choice in enumerate(node.choices):
            if choice.next not in known:
                problems.report(loaded.error(
                    _("the choice '{choice}' leads to '{target}', which is not a node in this "
                      "file{suggestion}").format(choice=choice.label, target=choice.next,
                                                 suggestion=suggest_field(choice.next, known)),
                    "nodes", key, "choices", index, "next", field_name="next"))
    if start in nodes and not problems:
        reachable = _reachable(nodes, start)
        for key in nodes:
            if key not in reachable:
                problems.report(loaded.error(
                    _("no choice leads to the node '{key}', so nobody can reach it; link it "
                      "from another node or remove it").format(key=key), "nodes", key,
                    field_name=key))
    if problems or title is None or start is None or about is None or len(nodes) < len(known):
        return None
    return Story(title=title, start=start, nodes=nodes, about=about)


def story_warnings(loaded: LoadedYaml) -> list[tuple[int, str, str]]:
    """Check a loaded case study; return ``(line, code, message)`` for things worth a second look.

    Mistakes that make the story unusable raise :class:`ScenarioError` (as in
    :func:`story_from_loaded`). Warnings are for honesty: a choice that names a pitfall should
    say where that experience is described, so that learners can read more and nobody mistakes
    a trainer's guess for a documented pattern.
    """
    story = story_from_loaded(loaded)
    assert story is not None  # without a collector, a broken story raises
    found = []
    for key, node in story.nodes.items():
        for index, choice in enumerate(node.choices):
            if choice.pitfall and not choice.source:
                line = loaded.line_of("nodes", key, "choices", index, "pitfall") or 1
                found.append((line, "case-no-source",
                              _("the choice '{choice}' names a pitfall but no source; "
                                "add 'source:' to say where this experience is described"
                                ).format(choice=choice.label)))
    return found


def _reachable(nodes: dict[str, Node], start: str) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for choice in nodes[todo.pop()].choices:
            if choice.next not in seen:
                seen.add(choice.next)
                todo.append(choice.next)
    return seen


def load_story(path: str | Path) -> Story:
    """Read and check a case-study file (in the page's language when it has a copy, see
    :func:`~sociocracy.core.language.localized`)."""
    story = story_from_loaded(load_yaml(localized(path)))
    assert story is not None  # without a collector, a broken story raises instead
    return story


def parse_story(text: str, path: str = "<case study>") -> Story:
    """Check a case study given as YAML text (handy in tests and in a trainer's editor)."""
    story = story_from_loaded(parse_yaml(text, path))
    assert story is not None  # without a collector, a broken story raises instead
    return story


@dataclass(frozen=True)
class Step:
    """One choice made on a walk: where it was made and which choice."""

    node: Node
    choice: Choice


@dataclass
class StoryWalk:
    """A learner's way through a story: where they are, and the choices that led there."""

    story: Story
    current: Node = field(init=False)
    path: list[Step] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.current = self.story.node(self.story.start)

    @property
    def finished(self) -> bool:
        return self.current.is_ending

    @property
    def last(self) -> Step | None:
        """The most recent choice (its consequence is what a learner reads next)."""
        return self.path[-1] if self.path else None

    @property
    def pitfalls_met(self) -> list[str]:
        return [step.choice.pitfall for step in self.path if step.choice.pitfall]

    @property
    def tools_met(self) -> list[str]:
        """The course tools (keys of :data:`TOOLS`) of the scenes visited so far, in order."""
        nodes = [step.node for step in self.path] + [self.current]
        return list(dict.fromkeys(node.tool for node in nodes if node.tool))

    def choose(self, index: int) -> Step:
        """Take choice ``index`` at the current node and move on."""
        if self.finished:
            raise ProcessError(_("This is the end of the story; restart to try another path."))
        choices = self.current.choices
        if not 0 <= index < len(choices):
            raise IndexError(f"choose 0 to {len(choices) - 1}, not {index}")
        step = Step(node=self.current, choice=choices[index])
        self.path.append(step)
        self.current = self.story.node(step.choice.next)
        return step

    def restart(self) -> None:
        """Back to the beginning, with an empty path."""
        self.path.clear()
        self.current = self.story.node(self.story.start)
