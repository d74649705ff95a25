"""``sociocracy-course check`` on exercise sets: clean when shipped, precise when broken."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from sociocracy.shell.cli import main
from tests.serving.test_cli_check import LINE, ROOT, run, write

DATA = ROOT / "exercises" / "data"
ROUNDS = (DATA / "02_rounds.yaml").read_text(encoding="utf-8")
CIRCLES = (DATA / "05_circles.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_every_shipped_exercise_file_is_clean(capsys):
    code, lines, err = run(capsys, DATA)
    assert (code, lines) == (0, [])  # all well: no problem lines, as linters do
    assert err.startswith("Judgement: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize(("name", "text", "fragment", "code", "words"), [
    ("missing field", ROUNDS.replace("    hint: Find the three tallest bars", "    tip: Find"),
     "    tip: Find", "unknown-field", "unknown field 'tip'"),
    ("missing hint", ROUNDS.replace("    hint: Find the three tallest bars and add their "
                                    "heights. An equal share for three people\n      would be "
                                    "38 %.\n", ""),
     "  - kind: chart", "missing-field", "the field 'hint' is missing"),
    ("wrong type", ROUNDS.replace("budget: 30", "budget: half an hour"), "budget: half",
     "wrong-type", "'budget' should be a whole number, not text"),
    ("answer not a choice", ROUNDS.replace("        group: no passing\n        why: The group "
                                           "needs", "        group: never\n        why: The "
                                           "group needs"),
     "group: never", "answer-not-a-choice", "the group 'never' is not one of the task's groups"),
    ("organisation the rules reject", CIRCLES.replace("Garden: {leader: Ana, delegate: Ben}",
                                                      "Garden: {leader: Ana, delegate: Ana}"),
     "  - kind: build", "rules-reject", "the rules reject the worked answer"),
])
def test_a_broken_exercise_file_gets_one_line_naming_file_line_and_code(
        tmp_path, capsys, name, text, fragment, code, words):
    assert text not in (ROUNDS, CIRCLES), f"the {name} edit did not apply"
    path = write(tmp_path, "broken.yaml", text)
    exit_code, lines, _ = run(capsys, path)
    assert exit_code == 1
    (line,) = lines
    match = LINE.match(line)
    assert match, line
    assert match["file"] == str(path) and match["severity"] == "error"
    assert match["code"] == code and words in match["message"]
    if code != "rules-reject":
        assert int(match["line"]) == line_of(text, fragment)


def test_the_command_prints_no_traceback_for_a_broken_exercise_file(tmp_path):
    path = write(tmp_path, "broken.yaml", ROUNDS.replace("budget: 30", "budget: [30]"))
    result = subprocess.run([sys.executable, "-m", "sociocracy.shell.cli", "check", str(path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert LINE.match(result.stdout.strip())


def test_check_knows_exercise_sets_in_its_help(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "exercise" in capsys.readouterr().out


def test_check_warns_about_a_set_with_too_few_application_tasks_and_prints_the_share(
        tmp_path, capsys):
    """Issue 24: fewer than half application tasks is a warning on the line of 'tasks:'."""
    text = ROUNDS.replace("asks: application", "asks: recall")
    path = write(tmp_path, "recall.yaml", text)
    code, lines, err = run(capsys, path)
    assert code == 0  # a warning, not an error
    (line,) = lines
    match = LINE.match(line)
    assert match["severity"] == "warning" and match["code"] == "few-application"
    assert int(match["line"]) == line_of(text, "tasks:")
    assert "only 0 of the 5 tasks" in match["message"]
    assert "Judgement: 0 of 5 quiz questions and practice tasks (0 %)" in err


def test_the_course_s_share_of_application_questions_is_printed_for_all_files(capsys):
    _code, _lines, err = run(capsys, DATA, ROOT / "lessons" / "quizzes")
    share = re.search(r"Judgement: (\d+) of (\d+) .*\((\d+) %\)", err)
    assert share and int(share[2]) >= 100 and int(share[3]) >= 70


@pytest.mark.parametrize(("typo", "meant"), [("promt", "prompt"), ("wroked", "worked"),
                                              ("asks", None)])
def test_a_misspelt_task_field_gets_did_you_mean(tmp_path, capsys, typo, meant):
    if meant is None:  # a wrong value of asks: offers the right one
        text = ROUNDS.replace("asks: application", "asks: aplication", 1)
        words = "did you mean 'application'?"
    else:
        text = ROUNDS.replace(f"    {meant}:", f"    {typo}:", 1)
        words = f"unknown field '{typo}' in a choose task (did you mean '{meant}'?)"
    path = write(tmp_path, "typo.yaml", text)
    _code, lines, _ = run(capsys, path)
    assert any(words in line for line in lines), lines
