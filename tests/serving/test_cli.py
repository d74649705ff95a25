"""The ``sociocracy-course`` command: help, clear one-sentence errors, no tracebacks."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sociocracy.core.errors import CourseError
from sociocracy.shell.cli import build_parser, find_course_root, main
from tools.course_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sociocracy.shell.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_help_lists_the_commands_people_use():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("start", "lab", "build-exercises"):
        assert command in result.stdout


def test_no_command_prints_help_and_succeeds(capsys):
    assert main([]) == 0
    assert "usage" in capsys.readouterr().out


def test_start_on_a_busy_port_says_so_in_one_sentence_without_traceback():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run_cli("start", "--port", str(port), "--no-browser")
    assert result.returncode == 2
    assert f"Port {port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_invalid_port_is_refused_clearly():
    result = run_cli("start", "--port", "70000")
    assert result.returncode == 2
    assert "not a valid port" in result.stderr


def test_outside_the_course_folder_the_error_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCIOCRACY_COURSE_ROOT", raising=False)
    monkeypatch.setattr("sociocracy.shell.cli.Path.resolve", lambda self: tmp_path)
    with pytest.raises(CourseError, match="SOCIOCRACY_COURSE_ROOT"):
        find_course_root(tmp_path)


def test_course_root_is_found_from_a_subfolder():
    assert find_course_root(ROOT / "lessons" / "quizzes") == ROOT


def test_unknown_command_is_an_argparse_error():
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["fly"])
    assert info.value.code == 2


def test_build_exercises_check_passes_on_the_course():
    result = run_cli("build-exercises", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("trouble", ["damaged", "read-only folder"])
def test_workshop_with_a_record_it_cannot_use_says_so_in_one_sentence(tmp_path, trouble):
    """``workshop`` opens the record before serving: a bad one is one sentence, exit 2, and the
    file is left exactly as it was."""
    import os
    import stat

    from tools.course_server import free_port

    if trouble == "damaged":
        record = tmp_path / "rooms.sqlite3"
        record.write_bytes(b"a shopping list, not a database\n" * 100)
        env = {"SOCIOCRACY_COURSE_STORE": str(record)}
        expected = "is damaged (not a database); nothing was changed"
    else:
        folder = tmp_path / "data"
        folder.mkdir()
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        env = {"SOCIOCRACY_COURSE_DATA": str(folder)}
        expected = "read-only"
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    command = [sys.executable, "-m", "sociocracy.shell.cli", "workshop", "--no-browser",
               "--port", str(free_port())]
    if os.geteuid() == 0:  # root ignores permissions: drop the capabilities that override them
        caps = "-dac_override,-dac_read_search,-fowner"
        command = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *command]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**{k: v for k, v in os.environ.items()
                if k not in ("SOCIOCRACY_COURSE_STORE", "SOCIOCRACY_COURSE_DATA")}, **env})
    if trouble != "damaged":
        folder.chmod(0o755)
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.returncode != 0
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_preheating_an_app_is_refused_in_one_sentence():
    """An app's kernel differs for the facilitator and a visitor: it is never run ahead."""
    result = run_cli("start", "--port", str(free_port()), "--no-browser",
                     "--preheat", "apps/meeting.ipynb=3")
    assert result.returncode == 2
    assert "'apps/meeting.ipynb=3', which is not a lesson or practice page" in result.stderr
    assert "Traceback" not in result.stderr
