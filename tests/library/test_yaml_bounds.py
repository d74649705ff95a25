"""Hostile YAML (issue 9, items 1 and 9): bounded work, and every odd file is a ScenarioError.

The alias bomb runs in a child process under a memory and CPU limit, so a regression fails in
seconds instead of eating the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sociocracy.core.errors import ScenarioError
from sociocracy.core.yaml_file import MAX_BYTES, load_yaml, parse_yaml


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """The "billion laughs": each level lists the previous one ``width`` times (about 500 bytes)."""
    lines = ["a: &a [" + ",".join(['"lol"'] * width) + "]"]
    previous = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * width) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_under_a_memory_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb())
    assert bomb.stat().st_size < 600
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20))
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
        from sociocracy.core.errors import ScenarioError
        from sociocracy.core.yaml_file import load_yaml
        try:
            load_yaml({str(bomb)!r})
        except ScenarioError as exc:
            print("REFUSED", exc.line, exc)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("REFUSED"), result.stdout + result.stderr[-2000:]
    assert "bomb.yaml" in result.stdout and "20,000 values" in result.stdout


def test_a_few_aliases_are_still_fine() -> None:
    loaded = parse_yaml("base: &b [Ana, Ben]\nagain: *b\n")
    assert loaded.data == {"base": ["Ana", "Ben"], "again": ["Ana", "Ben"]}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("organization: X\ncircles:\n  - name: A\n    since: 2020-13-45\n", 4, "not a real date"),
    ("base: &b {aim: x}\ncircles:\n  - <<: *b\n    name: A\n", 3, "merge keys"),
    ("organization: !custom X\n", 1, "the tag '!custom'"),
    ("organization: X\ncircles: !!set {a: null}\n", 2, "the tag"),
    ("organization: X\ncircles: &c\n  - name: A\n  - *c\n", 2, "never ends"),
    ("a: " + "[" * 1000 + "]" * 1000 + "\n", 1, "nested more than"),
    ("? [a, b]\n: 1\n", 1, "a key must be"),
    ("".join(f"k{i}: &x{i} [1]\n" for i in range(60)) + "".join(
        f"v{i}: *x{i % 60}\n" for i in range(120)), 161, "more than 100 aliases"),
])
def test_odd_yaml_is_a_scenario_error_with_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text, "odd.yaml")
    assert info.value.path == "odd.yaml"
    assert info.value.line == line
    assert words in str(info.value)


def test_too_large_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("notes: |\n" + ("  " + "x" * 99 + "\n") * (MAX_BYTES // 100 + 10))
    with pytest.raises(ScenarioError,
                       match=r"big\.yaml: the file is 1\.0 MB; a course file is at most 1 MB"):
        load_yaml(big)
    with pytest.raises(ScenarioError, match="at most 1 MB"):
        parse_yaml(big.read_text(), "upload.yaml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_named_pipe_is_skipped_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError, match=r"pipe\.yaml: this is a named pipe, not a file"):
        load_yaml(fifo)  # opening it for reading would block until someone writes


# -- issue 21, items 7 and 8: characters YAML refuses, and large files without aliases -------------
@pytest.mark.parametrize(("text", "line", "column", "code"), [
    ("name: a\x1b[31m\ncircles: []\n", 1, 8, "U+001B"),
    ("organization: X\r\ncircles:\r\n  - name: A\x07\r\n", 3, 12, "U+0007"),
    ("organization: X\ncircles: []\nnotes: \"\ufffe\"\n", 3, 9, "U+FFFE"),
])
def test_a_character_yaml_refuses_is_a_scenario_error_with_line_and_column(
        text: str, line: int, column: int, code: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text, "x.yaml")
    assert (info.value.path, info.value.line) == ("x.yaml", line)
    assert f"({code}" in info.value.reason and f"at column {column}" in info.value.reason


def test_an_alias_bomb_names_its_alias_and_line() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_yaml(alias_bomb(), "bomb.yaml")
    assert "'*name'" not in str(info.value)
    assert "the alias '*d'" in str(info.value) and info.value.line == 5  # e: &e [*d, ...]
    assert "20,000 values" in str(info.value)


@pytest.mark.parametrize(("text", "named"), [
    ("organization: X\ncircles: &c\n  - name: A\n  - *c\n", "'*c' to itself"),
    ("".join(f"k{i}: &x{i} [1]\n" for i in range(60)) + "".join(
        f"v{i}: *x{i % 60}\n" for i in range(120)), "'*x40' here is one more"),
])
def test_every_alias_message_names_the_alias(text: str, named: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text, "odd.yaml")
    assert named in str(info.value) and "'*name'" not in str(info.value)


def test_a_large_organisation_without_aliases_loads_and_has_no_errors() -> None:
    from sociocracy.circles import parse_organization
    from tools.organisation_files import large_organisation_yaml

    text = large_organisation_yaml(1_111)
    assert "&" not in text and "*" not in text and len(text) < MAX_BYTES
    org = parse_organization(text, "federation.yaml")
    assert len(org.circles) == 1_111
    assert [f for f in org.validate() if f.severity == "error"] == []


def test_aliases_are_bounded_by_what_they_add_not_by_the_values_written_out() -> None:
    from tools.organisation_files import large_organisation_yaml

    text = large_organisation_yaml(1_111) + "notes: &n [a, b]\nmore_notes: *n\n"
    assert parse_yaml(text, "federation.yaml").data["more_notes"] == ["a", "b"]
    base = "base: &b [" + ", ".join(["x"] * 2_000) + "]\n"
    with pytest.raises(ScenarioError, match=r"the alias '\*b' here .* more than 20,000 values"):
        parse_yaml(base + "".join(f"copy{i}: *b\n" for i in range(11)), "copies.yaml")
    assert parse_yaml(base + "".join(f"copy{i}: *b\n" for i in range(9)), "copies.yaml")


def test_an_alias_that_nests_too_deep_is_refused() -> None:
    deep = "a: &a " + "[" * 30 + "1" + "]" * 30 + "\nb: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    with pytest.raises(ScenarioError, match=r"through the alias '\*a' here .* more than 50 levels"):
        parse_yaml(deep, "deep.yaml")


def _course_yaml_files() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    folders = ("lessons", "exercises", "examples", "apps")
    return sorted(p for folder in folders for p in (root / folder).rglob("*.y*ml"))


def test_libyaml_and_pure_python_read_every_course_file_alike(monkeypatch) -> None:
    """The reader scans with libyaml where it is installed, else with PyYAML's pure Python: both
    must give the same data and the same lines, and the same bounds."""
    import yaml

    from sociocracy.core import yaml_file

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.fail("PyYAML without libyaml: the course's wheels and conda package include it")
    files = _course_yaml_files()
    assert len(files) > 20
    fast = {path: load_yaml(path) for path in files}
    monkeypatch.setattr(yaml_file, "_Loader", yaml_file._PythonLoader)
    for path in files:
        slow = load_yaml(path)
        assert (slow.data, slow.lines) == (fast[path].data, fast[path].lines), path
    with pytest.raises(ScenarioError, match="20,000 values"):
        parse_yaml(alias_bomb(), "bomb.yaml")
    with pytest.raises(ScenarioError, match="nested more than 50"):
        parse_yaml("a: " + "[" * 1000 + "]" * 1000 + "\n", "deep.yaml")
