"""The server's tokens kept beside the workshop record (issue 25: a restart the room does not
notice): made once with mode 0600, reused at every start, replaced with ``--new-token``, and
``$SOCIOCRACY_COURSE_FACILITATOR_TOKEN`` still wins. Then two real restarts of a workshop server:
the same link, and a page's login cookie that still lets the facilitator in."""

from __future__ import annotations

import http.client
import json
import os
import re
import stat
import sys
from pathlib import Path

import pytest

from sociocracy.core.settings import FACILITATOR_TOKEN_ENV
from sociocracy.shell.access import cookie_secret
from sociocracy.shell.cli import kept_credentials
from sociocracy.shell.credentials import TOKENS_FILE, server_tokens, tokens_folder
from tools.course_server import free_port, start_course_server

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def _no_token_setting(monkeypatch, tmp_path):
    # ``kept_credentials`` sets the facilitator's token in this process's environment, as the
    # command does for its server. monkeypatch restores only what it saw set, so the token is
    # cleared here by hand: left behind, it made every later course server this worker started
    # ask for it (their pages landed on the login page).
    saved = os.environ.pop(FACILITATOR_TOKEN_ENV, None)
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path / "data"))
    yield
    os.environ.pop(FACILITATOR_TOKEN_ENV, None)
    if saved is not None:
        os.environ[FACILITATOR_TOKEN_ENV] = saved


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@POSIX
def test_the_tokens_are_made_once_readable_by_this_user_only(tmp_path):
    first = server_tokens()
    assert first.path == tmp_path / "data" / TOKENS_FILE == tokens_folder() / TOKENS_FILE
    assert mode(first.path) == 0o600
    assert re.fullmatch(r"[0-9a-f]{48}", first.facilitator)
    assert re.fullmatch(r"[0-9a-f]{48}", first.room) and first.room != first.facilitator
    assert first.note == ""
    assert server_tokens() == first  # the next start: the same tokens, the same file
    assert list(first.path.parent.iterdir()) == [first.path]  # no temporary file left


def test_new_token_replaces_both_tokens_and_the_next_start_keeps_the_new_ones(tmp_path):
    old = server_tokens()
    new = server_tokens(new=True)
    assert new.facilitator != old.facilitator and new.room != old.room
    assert server_tokens() == new
    assert json.loads(new.path.read_text()) == {"facilitator": new.facilitator, "room": new.room}


def test_the_setting_wins_over_the_kept_facilitators_token(monkeypatch):
    kept = server_tokens()
    monkeypatch.setenv(FACILITATOR_TOKEN_ENV, "f" * 48)
    chosen = server_tokens()
    assert chosen.facilitator == "f" * 48 and chosen.room == kept.room
    renewed = server_tokens(new=True)
    assert renewed.facilitator == "f" * 48 and renewed.room != kept.room
    assert "SOCIOCRACY_COURSE_FACILITATOR_TOKEN is set" in renewed.note


def test_the_command_hands_the_kept_token_to_the_server(monkeypatch, capsys):
    facilitator, room = kept_credentials(new=False)
    assert os.environ[FACILITATOR_TOKEN_ENV] == facilitator
    assert kept_credentials(new=False) == (facilitator, room)
    assert capsys.readouterr().out == ""
    os.environ.pop(FACILITATOR_TOKEN_ENV)  # (by hand: see the fixture above)
    again, _ = kept_credentials(new=True)
    assert again != facilitator and os.environ[FACILITATOR_TOKEN_ENV] == again
    assert "the links printed before no longer work" in capsys.readouterr().out


@POSIX
def test_a_kept_file_others_could_read_is_closed_again(tmp_path):
    kept = server_tokens()
    kept.path.chmod(0o644)
    assert server_tokens() == kept and mode(kept.path) == 0o600


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"facilitator": "short"}'])
def test_a_damaged_file_is_replaced_with_new_tokens(tmp_path, content):
    where = tmp_path / "data" / TOKENS_FILE
    where.parent.mkdir()
    where.write_text(content)
    made = server_tokens()
    assert made.path == where and len(made.facilitator) == 48
    assert server_tokens() == made


def test_a_folder_that_cannot_be_written_gives_tokens_for_this_start_and_says_so(tmp_path):
    """A file where the folder should be (a read-only folder would not stop root)."""
    (tmp_path / "data").write_text("a file where the folder should be")
    made = server_tokens(folder=tmp_path / "data")
    assert made.path is None and "cannot be kept" in made.note


def test_the_login_cookie_secret_follows_the_tokens():
    assert cookie_secret("a" * 48, "b" * 48) == cookie_secret("a" * 48, "b" * 48)
    assert cookie_secret("a" * 48, "b" * 48) != cookie_secret("c" * 48, "b" * 48)
    assert cookie_secret("a" * 48, "b" * 48) != cookie_secret("a" * 48, "")
    assert len(cookie_secret("a" * 48)) == 32


# ------------------------------------------------------------------ a real server, restarted
WORKSHOP_APP = "/voila/render/apps/workshop_room.ipynb"


def _facilitator_link(log: Path) -> str:
    found = re.search(r"Facilitator \(this computer only\): (\S+)", log.read_text())
    assert found, "the workshop command printed no facilitator link"
    return found.group(1)


def _get(port: int, path: str, cookie: str = "") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    reply = connection.getresponse()
    reply.read()
    connection.close()
    return reply


def _login_cookie(reply: http.client.HTTPResponse) -> str:
    for header in reply.headers.get_all("Set-Cookie") or []:
        if header.startswith("username-"):
            return header.split(";", 1)[0]
    raise AssertionError("no login cookie was set")


def test_a_restarted_workshop_server_keeps_the_link_and_the_facilitators_login(tmp_path):
    """The same data folder and port, as after Ctrl+C and the same command again: the link
    printed is the same, and the login cookie a page got before the restart still opens the
    facilitator's app (no login page). ``--new-token`` ends both."""
    data, port = tmp_path / "data", free_port()
    env = {"SOCIOCRACY_COURSE_DATA": str(data), "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"}

    def start(name: str, *extra: str):
        return start_course_server(tmp_path / name, command="workshop", port=port,
                                   extra_args=("--address", "127.0.0.1", *extra),
                                   extra_env=env, timeout=180)  # a bound, not a figure

    server = start("first.log")
    try:
        link = _facilitator_link(server.log_path)
        entered = _get(port, link.split(f":{port}", 1)[1], "")
        assert entered.status == 302  # the token leaves the address bar, for the cookie
        cookie = _login_cookie(entered)
        assert _get(port, WORKSHOP_APP, cookie).status == 200
    finally:
        server.stop()
    server = start("second.log")
    try:
        assert _facilitator_link(server.log_path) == link
        assert _get(port, WORKSHOP_APP, cookie).status == 200  # still logged in
        assert _get(port, WORKSHOP_APP).status == 302  # without it: the login page, as before
    finally:
        server.stop()
    server = start("third.log", "--new-token")
    try:
        assert _facilitator_link(server.log_path) != link
        refused = _get(port, WORKSHOP_APP, cookie)
        assert refused.status == 302 and "/login" in refused.headers["Location"]
    finally:
        server.stop()
    for log in ("first.log", "second.log", "third.log"):
        printed = (tmp_path / log).read_text()
        assert "Voilà is running at" not in printed  # Voila's line, with the host name
        addresses = re.findall(r"https?://[^\s/]+", printed)
        assert set(addresses) == {f"http://127.0.0.1:{port}"}, addresses
