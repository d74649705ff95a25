"""``sociocracy-course check``: one line per problem, exit 1 on any error, 0 otherwise."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sociocracy.shell.cli import main

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<severity>error|warning) "
                  r"(?P<code>[a-z-]+): (?P<message>.+)$")

GOOD = """\
organization: Tiny Co-op
circles:
  - name: General
    aim: Run the co-op
    domain: budget
    members: [Ana, Ben, Chen]
  - name: Garden
    parent: General
    aim: Grow food
    domain: garden
    members: [Ana, Ben, Dee]
    leader: Ana
    delegate: Ben
"""


def run(capsys, *files: Path) -> tuple[int, list[str], str]:
    code = main(["check", *map(str, files)])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_prints_nothing_and_exits_zero(tmp_path, capsys):
    code, lines, err = run(capsys, write(tmp_path, "good.yaml", GOOD))
    assert (code, lines) == (0, [])
    assert err == "", "the README promises silence when all is well"


def test_warnings_alone_exit_zero(tmp_path, capsys):
    path = write(tmp_path, "warn.yaml", GOOD.replace("[Ana, Ben, Dee]", "[Ana, Ben]"))
    code, lines, _ = run(capsys, path)
    assert code == 0
    (line,) = lines
    match = LINE.match(line)
    assert match and match["severity"] == "warning" and match["code"] == "circle-size"
    assert match["file"] == str(path) and int(match["line"]) == 11


def test_an_error_exits_one_with_file_line_severity_code_message(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", GOOD.replace("delegate: Ben", "delegate: Ana"))
    code, lines, _ = run(capsys, path)
    assert code == 1
    (line,) = lines
    assert line.startswith(f"{path}:13: error leader-is-delegate: Ana is both leader and")


def test_unparsable_file_is_an_error_with_its_line(tmp_path, capsys):
    path = write(tmp_path, "broken.yaml", GOOD.replace("members: [Ana, Ben, Chen]",
                                                       "members: [Ana, Ben, Chen"))
    code, lines, _ = run(capsys, path)
    assert code == 1
    (line,) = lines
    match = LINE.match(line)
    assert match and match["severity"] == "error" and match["code"] == "invalid-file"
    assert "not valid YAML" in match["message"]


def test_wrong_type_is_reported_at_its_line(tmp_path, capsys):
    path = write(tmp_path, "types.yaml", GOOD.replace("members: [Ana, Ben, Dee]",
                                                      "members: Ana and Ben"))
    code, lines, _ = run(capsys, path)
    assert code == 1
    assert lines == [f"{path}:11: error invalid-file: 'members' should be a list of names in "
                     "square brackets, for example members: [Ana, Ben, Chen]"]


def test_missing_file_and_other_files_are_errors(tmp_path, capsys):
    other = write(tmp_path, "recipes.yaml", "recipes: []\n")
    code, lines, _ = run(capsys, tmp_path / "missing.yaml", other)
    assert code == 1
    assert [LINE.match(line)["code"] for line in lines] == ["invalid-file", "unknown-file"]


def test_every_file_is_checked_and_one_error_is_enough(tmp_path, capsys):
    good = write(tmp_path, "a.yaml", GOOD)
    bad = write(tmp_path, "b.yaml", GOOD.replace("parent: General", "parent: Nowhere"))
    code, lines, err = run(capsys, good, bad)
    assert code == 1
    assert all(LINE.match(line) for line in lines)
    assert {LINE.match(line)["file"] for line in lines} == {str(bad)}
    assert "Checked 2 files" in err


def test_a_folder_checks_every_yaml_file_inside(capsys):
    code, lines, err = run(capsys, ROOT / "examples" / "organizations")
    assert code == 0
    assert all(LINE.match(line)["severity"] == "warning" for line in lines)
    assert "Checked 2 files: 0 errors" in err


def test_check_works_without_the_notebook_stack(tmp_path):
    path = write(tmp_path, "good.yaml", GOOD)
    script = (
        "import sys\n"
        "for name in ('ipywidgets', 'IPython', 'matplotlib'):\n"
        "    sys.modules[name] = None  # importing them now fails\n"
        "from sociocracy.shell.cli import main\n"
        f"code = main(['check', {str(path)!r}])\n"
        "assert not any(m.startswith(('ipywidgets', 'IPython', 'matplotlib'))\n"
        "               for m, v in sys.modules.items() if v is not None)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("argv", [["check"], ["check", "--help"]])
def test_check_needs_files_and_explains_itself(argv, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr()
    assert "FILE" in out.err + out.out


def test_a_clean_quiz_prints_no_problem_only_its_share_of_application_questions(tmp_path,
                                                                               capsys):
    quiz = write(tmp_path, "q.yaml", "questions:\n  - prompt: Why?\n    kind: application\n"
                 "    choices:\n"
                 "      - text: A\n        correct: true\n        why: Because.\n"
                 "      - text: B\n        why: Not B.\n")
    code, lines, err = run(capsys, quiz)
    assert (code, lines) == (0, [])
    assert err.startswith("Judgement: 1 of 1 quiz questions and practice tasks (100 %)")
    assert len(err.splitlines()) == 1


def test_every_problem_in_a_quiz_is_reported_in_one_run_with_the_intended_field(tmp_path,
                                                                                capsys):
    quiz = write(tmp_path, "q.yaml", "questions:\n  - promt: Why?\n    choices:\n"
                 "      - text: A\n        correct: true\n        wy: Because.\n"
                 "  - prompt: Second\n    multiple: perhaps\n    choices: [C]\n")
    code, lines, _err = run(capsys, quiz)
    assert code == 1
    found = [(int(LINE.match(ln)["line"]), LINE.match(ln)["message"]) for ln in lines]
    assert (2, "unknown field 'promt' in a question (did you mean 'prompt'?); a question has: "
               "choices, kind, multiple, prompt") in found
    assert any(line == 6 and "'wy'" in msg and "did you mean 'why'?" in msg
               for line, msg in found)
    assert any(line == 8 and "'multiple'" in msg for line, msg in found)


def test_every_broken_circle_in_an_organisation_is_reported(tmp_path, capsys):
    org = write(tmp_path, "o.yaml", GOOD.replace("    members: [Ana, Ben, Chen]",
                                                 "    members: [Ana, Ben, Chen]\n    type: gnrl")
                .replace("    leader: Ana", "    leader: Ana\n    roles:\n"
                         "      - name: Treasurer\n        holdr: Ana"))
    code, lines, _err = run(capsys, org)
    assert code == 1
    messages = [LINE.match(ln)["message"] for ln in lines]
    assert any("'gnrl' is not a circle type" in m for m in messages)
    assert any("unknown field 'holdr' in a role (did you mean 'holder'?)" in m for m in messages)
    assert not any("unknown-parent" in ln for ln in lines), "a skipped circle is no finding"


def test_every_problem_in_a_case_study_is_reported(tmp_path, capsys):
    story = write(tmp_path, "s.yaml", "title: T\nstart: a\nnodes:\n  a:\n    situation: Hi\n"
                  "    choices:\n      - label: Go\n        next: b\n        what_happens: x\n"
                  "        pitfal: y\n      - label: Stay\n        next: c\n"
                  "        what_happens: z\n  b:\n    situaton: end\n    ending: true\n")
    code, lines, _err = run(capsys, story)
    assert code == 1
    messages = [LINE.match(ln)["message"] for ln in lines]
    assert any("did you mean 'pitfall'?" in m for m in messages)
    assert any("did you mean 'situation'?" in m for m in messages)
    assert any("leads to 'c'" in m for m in messages)
    assert len(lines) >= 4


def test_check_help_names_every_kind_of_file_it_checks(capsys):
    from sociocracy.course.checks import CHECKERS

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for kind, _recognises, _check in CHECKERS:
        assert kind in text
    assert "nothing is printed" in text
ODD_FILES = {
    "a_bomb.yaml": 'a: &a ["lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
    "b_date.yaml": "organization: X\ncircles:\n  - name: A\n    since: 2020-13-45\n",
    "c_merge.yaml": "base: &b {aim: x}\ncircles:\n  - <<: *b\n    name: A\n",
    "d_tag.yaml": "organization: !custom X\n",
    "e_deep.yaml": "organization: " + "[" * 1000 + "]" * 1000 + "\n",
    "f_recursive.yaml": "organization: X\ncircles: &c\n  - name: A\n  - *c\n",
}


def test_odd_files_are_findings_with_file_and_line_and_checking_goes_on(
        capsys, tmp_path: Path) -> None:
    for name, text in ODD_FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "z_good.yaml").write_text(GOOD)
    code, lines, err = run(capsys, tmp_path)
    assert code == 1
    assert "something went wrong" not in err
    found = {Path(m["file"]).name: m for m in map(LINE.match, lines) if m}
    assert set(found) == set(ODD_FILES), lines  # one finding each; the good file has none
    assert {name: found[name]["line"] for name in ODD_FILES} == {
        "a_bomb.yaml": "5", "b_date.yaml": "4", "c_merge.yaml": "3", "d_tag.yaml": "1",
        "e_deep.yaml": "1", "f_recursive.yaml": "2"}
    assert "Checked 7 files: 6 errors" in err


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_skipped_with_a_message_instead_of_hanging(capsys, tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "z_good.yaml").write_text(GOOD)
    code, lines, err = run(capsys, tmp_path)
    assert lines == [f"{tmp_path / 'pipe.yaml'}:1: warning skipped: this is a named pipe, "
                     "not a file, so it was skipped"]
    assert code == 0 and "Checked 2 files: 0 errors, 1 warning" in err


def test_a_control_character_is_a_finding_with_its_line_and_the_next_files_are_checked(
        capsys, tmp_path: Path) -> None:
    """Issue 21, item 7: ``check x.yaml other/`` once stopped at x.yaml ("something went wrong
    (ReaderError...)") and never looked at ``other/``."""
    odd = tmp_path / "x.yaml"
    odd.write_bytes(b"name: a\x1b[31m\ncircles: []\n")
    other = tmp_path / "other"
    other.mkdir()
    warn = write(other, "warn.yaml", GOOD.replace("[Ana, Ben, Dee]", "[Ana, Ben]"))
    code, lines, err = run(capsys, odd, other)
    assert "something went wrong" not in err
    assert code == 1
    first, second = map(LINE.match, lines)
    assert (first["file"], first["line"], first["code"]) == (str(odd), "1", "invalid-file")
    assert "U+001B" in first["message"] and "column 8" in first["message"]
    assert (second["file"], second["code"]) == (str(warn), "circle-size")
    assert "Checked 2 files: 1 error, 1 warning" in err


def test_a_large_organisation_without_aliases_checks_clean(capsys, tmp_path: Path) -> None:
    """Issue 21, item 8: 1,111 circles were refused as an alias bomb."""
    from tools.organisation_files import large_organisation_yaml

    path = write(tmp_path, "federation.yaml", large_organisation_yaml(1_111))
    code, lines, _ = run(capsys, path)
    assert code == 0
    assert {LINE.match(line)["code"] for line in lines} == {"circle-size"}  # ten sub-circles
