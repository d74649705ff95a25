"""YAML syntax errors in a trainer's words, the same for every kind of trainer file (issue 24)."""

from __future__ import annotations

import pytest
import yaml

from sociocracy.core.errors import ScenarioError
from sociocracy.core.yaml_file import load_yaml, parse_yaml
from sociocracy.core.yaml_words import syntax_error_words

INDENT = "the indentation of this line does not match the lines above it"

CASES = [
    # (what a trainer wrote, the line to fix, words the message must have)
    ("title: a\ntasks:\n  - kind: choose\n    title: x\n   prompt: y\n", 5, INDENT),
    ("title: a\n- x\n", 2, INDENT),
    ("tasks:\n  - kind: a\n  title: b\n", 3, INDENT),
    ("title: a\nprompt: Ana says: no\n", 2, "put a text containing ': ' in quotes"),
    ("title: a\ntasks:\n\t- kind: x\n", 3, "indented with a tab"),
    ('title: "abc\nx: 1\n', 1, "quotation mark opened on this line is never closed"),
    ("groups: [a, b\nx: 1\n", 1, "square brackets opened on this line is not closed"),
    ("title: @home\n", 1, "starts with '@'"),
    ("title: *bold*\n", 1, "starts with '*'"),
    ("a: 1\n---\nb: 2\n", 2, "two documents"),
]


@pytest.mark.parametrize(("text", "line", "words"), CASES)
def test_a_syntax_error_is_said_in_a_trainer_s_words_at_the_line_to_fix(text, line, words):
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text, "trainer.yaml")
    assert info.value.line == line
    assert words in info.value.reason
    for parser_word in ("expected", "<block", "mapping values", "scalar", "token"):
        assert parser_word not in info.value.reason, info.value.reason


@pytest.mark.parametrize(("text", "line", "words"), CASES)
def test_both_parsers_get_the_same_words(text, line, words):
    """libyaml (what the course uses) and PyYAML's own parser word their errors differently
    ("did not find expected key" against "expected <block end>, but found '?'")."""
    with pytest.raises(yaml.MarkedYAMLError) as info:
        yaml.load(text, Loader=yaml.SafeLoader)  # the pure-Python safe loader
    said = syntax_error_words(info.value, text)
    assert words in said.message and said.line == line


@pytest.mark.parametrize("name", ["organisation.yaml", "quiz.yaml", "set.yaml", "agenda.yaml"])
def test_every_trainer_file_loader_says_the_same(tmp_path, name):
    from sociocracy.course.checks import check_file

    path = tmp_path / name
    path.write_text("title: a\ntasks:\n  - kind: choose\n    title: x\n   prompt: y\n",
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_yaml(path)
    (line,) = check_file(path)
    assert INDENT in info.value.reason and INDENT in line.message and line.line == 5
