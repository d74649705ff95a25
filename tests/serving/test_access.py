"""The course server's two credentials and what a kernel gets (issue 21), without a server:
the rules of ``sociocracy/shell/access.py`` on made-up requests."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from sociocracy.rooms.location import DATA_ENV, NO_RECORD_ENV, STORE_ENV
from sociocracy.shell.access import (
    FACILITATOR,
    FACILITATOR_TOKEN_ENV,
    VISITOR,
    CourseIdentityProvider,
    address_without_token,
    from_this_computer,
    kernel_environment,
)
from sociocracy.shell.server import served_file, voila_arguments

ROOT = Path(__file__).resolve().parents[2]


class FakeHandler:
    """Just what the identity provider reads and writes on a tornado handler."""

    def __init__(self, ip: str, host: str, token: str = "", cookie: str | None = None) -> None:
        self.request = SimpleNamespace(remote_ip=ip, host_name=host, host=f"{host}:8866",
                                       headers={}, protocol="http")
        self.base_url = "/"
        self._token = token
        self.cookie = cookie
        self.set_cookies: list[str] = []

    def get_argument(self, name: str, default: str = "") -> str:
        return self._token if name in ("token", "password") else default

    def get_cookie(self, _name: str):
        return self.cookie

    def get_secure_cookie(self, _name: str, **_kwargs):
        return self.cookie.encode() if self.cookie else None

    def set_secure_cookie(self, _name: str, value: str, **_kwargs) -> None:
        self.set_cookies.append(value)

    def clear_cookie(self, *_args, **_kwargs) -> None:
        self.cookie = None


def role(provider: CourseIdentityProvider, handler: FakeHandler) -> str | None:
    """The role ``get_user`` finds. It is a coroutine that waits on nothing here, so it is run
    by hand: a test worker may already hold a running event loop (Playwright's)."""
    coroutine = provider.get_user(handler)
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value.username if done.value else None
    coroutine.close()
    raise AssertionError("get_user waited for something")


@pytest.fixture
def network() -> CourseIdentityProvider:
    return CourseIdentityProvider(token="room-token", facilitator_token="laptop-token")


def test_the_facilitators_token_counts_only_from_this_computer(network) -> None:
    assert role(network, FakeHandler("127.0.0.1", "127.0.0.1", "laptop-token")) == FACILITATOR
    assert role(network, FakeHandler("::1", "localhost", "laptop-token")) == FACILITATOR
    assert role(network, FakeHandler("192.168.1.20", "192.168.1.5", "laptop-token")) is None
    # this computer, but under another name (a page elsewhere, by DNS rebinding)
    assert role(network, FakeHandler("127.0.0.1", "rebind.example", "laptop-token")) is None


def test_the_rooms_token_makes_a_visitor_wherever_it_comes_from(network) -> None:
    assert role(network, FakeHandler("192.168.1.20", "192.168.1.5", "room-token")) == VISITOR
    assert role(network, FakeHandler("127.0.0.1", "127.0.0.1", "room-token")) == VISITOR
    assert role(network, FakeHandler("127.0.0.1", "127.0.0.1", "wrong")) is None
    assert role(network, FakeHandler("127.0.0.1", "127.0.0.1")) is None  # nothing offered


def test_a_facilitators_cookie_is_refused_away_from_this_computer(network) -> None:
    here = FakeHandler("127.0.0.1", "127.0.0.1", "laptop-token")
    role(network, here)
    cookie = here.set_cookies[-1]
    assert role(network, FakeHandler("127.0.0.1", "localhost", cookie=cookie)) == FACILITATOR
    away = FakeHandler("192.168.1.20", "192.168.1.5", cookie=cookie)
    assert role(network, away) is None and away.cookie is None  # refused and cleared


def test_without_visitors_the_rooms_cookie_lets_nobody_in() -> None:
    workshop = CourseIdentityProvider(token="", facilitator_token="laptop-token")
    visitor = '{"username": "visitor", "name": "v", "display_name": "v", "initials": null, ' \
              '"avatar_url": null, "color": null}'
    assert role(workshop, FakeHandler("192.168.1.20", "192.168.1.5", cookie=visitor)) is None
    assert role(workshop, FakeHandler("192.168.1.20", "192.168.1.5", "")) is None


def test_on_this_computer_alone_every_local_request_is_the_facilitators() -> None:
    local = CourseIdentityProvider(token="", facilitator_token="")
    assert role(local, FakeHandler("127.0.0.1", "localhost")) == FACILITATOR
    assert role(local, FakeHandler("127.0.0.1", "rebind.example")) is None


def test_the_facilitators_token_comes_from_the_command_not_the_command_line(monkeypatch):
    monkeypatch.setenv(FACILITATOR_TOKEN_ENV, "from-the-command")
    assert CourseIdentityProvider().facilitator_token == "from-the-command"


def test_a_visitors_kernel_gets_no_record_and_no_token() -> None:
    server = {STORE_ENV: "/home/me/rooms.sqlite3", DATA_ENV: "/home/me/data", "PATH": "/bin",
              "JUPYTER_TOKEN": "room-token", FACILITATOR_TOKEN_ENV: "laptop-token"}
    visitor = kernel_environment(server, VISITOR)
    assert visitor == {"PATH": "/bin", NO_RECORD_ENV: "1"}
    facilitator = kernel_environment({**server, NO_RECORD_ENV: "1"}, FACILITATOR)
    assert facilitator == {STORE_ENV: "/home/me/rooms.sqlite3", DATA_ENV: "/home/me/data",
                           "PATH": "/bin"}


def test_requests_from_other_addresses_are_not_this_computer() -> None:
    assert from_this_computer(SimpleNamespace(remote_ip="::ffff:127.0.0.1",
                                              host_name="127.0.0.1"))
    for ip in ("192.168.1.20", "10.0.0.1", "not an address"):
        assert not from_this_computer(SimpleNamespace(remote_ip=ip, host_name="127.0.0.1"))


def test_the_token_leaves_the_address_and_nothing_else_does() -> None:
    assert address_without_token("/voila/render/apps/x.ipynb?token=abc") == \
        "/voila/render/apps/x.ipynb"
    assert address_without_token("/?lang=fr&token=abc&x=1") == "/?lang=fr&x=1"


@pytest.mark.parametrize(("path", "served"), [
    ("lessons/picture.png", True), ("apps/img/qr.svg", True),
    (".venv/share/jupyter/kernels/python3/logo-64x64.png", False),
    ("docs/images/workshop-phone.png", False), ("lessons/../docs/images/x.png", False),
    ("lessons/.ipynb_checkpoints/x.png", False), ("lessons", False),
])
def test_files_come_from_the_courses_folders_only(path: str, served: bool) -> None:
    assert served_file(path) is served


def test_the_workshop_lets_no_visitor_in_with_a_token() -> None:
    args = voila_arguments(ROOT, port=9000, network=True, open_browser=False, visitors=False)
    assert "--Voila.ip=0.0.0.0" in args and "--token" not in args
