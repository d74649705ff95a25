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


def test_a_clean_file_prints_nothing_at_all(tmp_path, capsys):
    quiz = write(tmp_path, "q.yaml", "questions:\n  - prompt: Why?\n    choices:\n"
                 "      - text: A\n        correct: true\n        why: Because.\n"
                 "      - text: B\n        why: Not B.\n")
    code, lines, err = run(capsys, quiz)
    assert (code, lines, err) == (0, [], "")


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
