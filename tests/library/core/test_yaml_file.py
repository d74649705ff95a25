"""Trainers' YAML files: every mistake comes back with file, line and field."""

from __future__ import annotations

import pytest

from sociocracy.core.errors import ScenarioError
from sociocracy.core.yaml_file import load_yaml, parse_yaml, require


def test_lines_are_kept_for_keys_and_list_items():
    loaded = parse_yaml("name: Co-op\ncircles:\n  - name: General\n    aim: Run it\n")
    assert loaded.data == {"name": "Co-op", "circles": [{"name": "General", "aim": "Run it"}]}
    assert loaded.line_of("circles") == 2
    assert loaded.line_of("circles", 0, "aim") == 4
    assert loaded.line_of("circles", 0, "unknown") == 3  # falls back to the item's line


def test_bad_indentation_names_the_file_and_line():
    with pytest.raises(ScenarioError) as info:
        parse_yaml("circles:\n  - name: A\n   aim: x\n", "coop.yaml")
    assert info.value.path == "coop.yaml"
    assert info.value.line in (2, 3)
    assert str(info.value).startswith("coop.yaml, line")
    assert "not valid YAML" in str(info.value)


def test_duplicate_key_is_an_error_with_its_line():
    with pytest.raises(ScenarioError, match="appears twice") as info:
        parse_yaml("aim: a\ndomain: b\naim: c\n", "x.yaml")
    assert info.value.line == 3
    assert info.value.field == "aim"


def test_empty_file_is_reported():
    with pytest.raises(ScenarioError, match="empty"):
        parse_yaml("", "empty.yaml")


def test_missing_file_says_so(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist") as info:
        load_yaml(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(info.value)


def test_binary_file_is_reported_as_not_text(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ScenarioError, match="not text"):
        load_yaml(path)


def test_require_reports_wrong_type_at_the_field_line():
    loaded = parse_yaml("circles:\n  - name: A\n    members: Ana\n", "org.yaml")
    circle = loaded.data["circles"][0]
    with pytest.raises(ScenarioError) as info:
        require(loaded, circle, "members", list, "circles", 0)
    message = str(info.value)
    assert "org.yaml, line 3" in message
    assert "field 'members'" in message
    assert "should be a list, not text" in message


def test_require_reports_missing_field_at_its_parent():
    loaded = parse_yaml("circles:\n  - name: A\n", "org.yaml")
    with pytest.raises(ScenarioError, match="'aim' is missing") as info:
        require(loaded, loaded.data["circles"][0], "aim", str, "circles", 0)
    assert info.value.line == 2


def test_require_accepts_whole_numbers_where_numbers_are_wanted():
    loaded = parse_yaml("threshold: 15\n")
    assert require(loaded, loaded.data, "threshold", float) == 15.0
    assert isinstance(require(loaded, loaded.data, "threshold", float), float)


def test_require_does_not_take_yes_for_a_number():
    loaded = parse_yaml("threshold: yes\n")
    with pytest.raises(ScenarioError, match="should be a number, not yes or no"):
        require(loaded, loaded.data, "threshold", (int, float))


def test_an_impossible_date_is_refused_at_its_line_and_field_instead_of_crashing():
    from sociocracy.core.yaml_file import parse_yaml

    with pytest.raises(ScenarioError, match="not a real date") as caught:
        parse_yaml("notes: fine\nterm_end: 2027-13-01\n", "x.yaml")
    assert (caught.value.line, caught.value.field) == (2, "term_end")


COOP = """organization: Co-op
circles:
  - name: General
    aim: Run it
    domain: everything
  - name: Garden
    parent: General
    aim: Grow food
     domain: beds
"""


def test_an_indentation_slip_is_told_in_a_trainers_words_with_line_and_field():
    with pytest.raises(ScenarioError) as info:
        parse_yaml(COOP, "coop.yaml")
    assert info.value.line == 9
    assert info.value.field == "domain"
    message = str(info.value)
    assert message.startswith("coop.yaml, line 9 (field 'domain'): the file is not valid YAML")
    assert "the indentation of this line does not match the lines above it" in message
    assert "starts after 5 spaces, line 8 after 4" in message
    assert "mapping values" not in message  # the parser's words stay out of it


def test_a_field_one_space_short_inside_a_list_item_counts_from_the_field_above():
    text = COOP.replace("     domain: beds", "    domain: beds").replace(
        "    aim: Grow food", "   aim: Grow food")
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text, "coop.yaml")
    assert info.value.line == 8 and info.value.field == "aim"
    assert "starts after 3 spaces, line 7 after 4" in str(info.value)


def test_a_tab_and_an_unclosed_list_are_told_plainly():
    with pytest.raises(ScenarioError, match="indented with a tab; indent with spaces"):
        parse_yaml(COOP.replace("     domain: beds", "\tdomain: beds"), "coop.yaml")
    with pytest.raises(ScenarioError,
                       match=r"list in square brackets opened on this line is not closed"):
        parse_yaml("members: [Ana, Ben\nleader: Ana\n", "coop.yaml")
