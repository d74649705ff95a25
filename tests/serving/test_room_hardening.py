"""A stranger on the hall's Wi-Fi cannot starve the course server or stuff a room (issue 21,
items 2 to 5), tried with raw sockets the way the attack was made.

One ``sociocracy-course workshop`` server for the module, with the limits made small so that each
test takes seconds (header and body timeouts of 2 s, 16 connections and 3 joins per address,
rooms of 6); the defaults themselves are checked without a server. It starts with the operating
system's usual open-files limit of 1,024, so that 1,100 unfinished requests would exhaust it, as
in the report, unless the server raises it and caps connections per address. Each test comes from
addresses of its own (127.0.N.x), so that the per-address limits of one test do not touch another.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import json
import secrets
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sociocracy.rooms import RoomStore
from sociocracy.rooms.limits import SettingError
from sociocracy.shell.join import MAX_FAILURES
from sociocracy.shell.limits import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_CONNECTIONS_PER_ADDRESS,
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_JOINS_PER_ADDRESS,
    DEFAULT_MAX_BODY_KB,
    ServerLimits,
)
from tools.course_server import CourseServer, start_course_server
from tools.join_client import Phone
from tools.raw_http import closed_by_server, connect, form_request, read_reply, send_at_once

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

PER_ADDRESS = 16
JOINS = 3
ROOM_SIZE = 6
TIMEOUT = 2
LIMITS = {
    "SOCIOCRACY_COURSE_HEADER_TIMEOUT": str(TIMEOUT),
    "SOCIOCRACY_COURSE_BODY_TIMEOUT": str(TIMEOUT),
    "SOCIOCRACY_COURSE_CONNECTIONS_PER_ADDRESS": str(PER_ADDRESS),
    "SOCIOCRACY_COURSE_JOINS_PER_ADDRESS": str(JOINS),
    "SOCIOCRACY_COURSE_ROOM_SIZE": str(ROOM_SIZE),
}
_networks = itertools.count(10)


def addresses() -> Iterator[str]:
    """Loopback addresses no other test uses: 127.0.N.1, 127.0.N.2, ..."""
    network = next(_networks)
    return (f"127.0.{network}.{host}" for host in itertools.count(1))


@contextlib.contextmanager
def open_files_limit(soft: int) -> Iterator[None]:
    """This process's open-files limit lowered to ``soft`` (children started meanwhile keep it)."""
    if resource is None:
        yield
        return
    before, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (before, hard))


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hardening-data")


@pytest.fixture(scope="module")
def server(tmp_path_factory, data) -> Iterator[CourseServer]:
    try:
        with open_files_limit(1024):
            running = start_course_server(
                tmp_path_factory.mktemp("hardening") / "server.log", command="workshop",
                extra_args=("--address", "127.0.0.1"),
                extra_env={"SOCIOCRACY_COURSE_DATA": str(data), **LIMITS})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def store(server, data) -> Iterator[RoomStore]:
    with RoomStore(data) as opened:
        yield opened


@pytest.fixture
def room(store):
    return store.create_room("Hall")


def port_of(server: CourseServer) -> int:
    return int(server.base.rsplit(":", 1)[1])


def facilitator_page_answers(server: CourseServer) -> bool:
    try:
        with urllib.request.urlopen(server.base + "/voila/static/voila.js", timeout=10) as reply:
            return reply.status == 200
    except OSError:
        return False


# ==================================================================================== defaults
def test_the_default_limits_are_the_documented_ones():
    limits = ServerLimits.from_environment({})
    assert limits == ServerLimits(max_body_kb=1024, header_timeout=10, body_timeout=20,
                                  connections_per_address=20, joins_per_address=5)
    assert (DEFAULT_MAX_BODY_KB, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT,
            DEFAULT_CONNECTIONS_PER_ADDRESS, DEFAULT_JOINS_PER_ADDRESS) == (1024, 10, 20, 20, 5)
    assert limits.http_server_kwargs(network=True) == {
        "max_body_size": 1024 * 1024, "idle_connection_timeout": 10, "body_timeout": 20,
        "per_address": 20}
    assert limits.http_server_kwargs(network=False)["per_address"] == 0  # this computer only
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for setting in ("SOCIOCRACY_COURSE_MAX_BODY_KB", "SOCIOCRACY_COURSE_HEADER_TIMEOUT",
                    "SOCIOCRACY_COURSE_BODY_TIMEOUT", "SOCIOCRACY_COURSE_CONNECTIONS_PER_ADDRESS",
                    "SOCIOCRACY_COURSE_JOINS_PER_ADDRESS", "SOCIOCRACY_COURSE_ROOM_SIZE",
                    "SOCIOCRACY_COURSE_ROOM_HOURS"):
        assert f"`{setting}`" in readme, setting


def test_a_limit_that_is_not_a_number_is_one_sentence():
    with pytest.raises(SettingError, match="SOCIOCRACY_COURSE_HEADER_TIMEOUT is 'soon'"):
        ServerLimits.from_environment({"SOCIOCRACY_COURSE_HEADER_TIMEOUT": "soon"})
    with pytest.raises(SettingError, match="SOCIOCRACY_COURSE_ROOM_HOURS is 'all day'"):
        ServerLimits.from_environment({"SOCIOCRACY_COURSE_ROOM_HOURS": "all day"})


def test_the_server_does_not_start_with_a_bad_limit_and_says_why(tmp_path):
    with pytest.raises(RuntimeError) as caught:
        start_course_server(tmp_path / "server.log", timeout=60,
                            extra_env={"SOCIOCRACY_COURSE_ROOM_SIZE": "sixty"})
    assert ("sociocracy-course: The setting SOCIOCRACY_COURSE_ROOM_SIZE is 'sixty', which is "
            "not a whole number") in str(caught.value)
    assert "Traceback" not in str(caught.value)


@pytest.mark.skipif(resource is None, reason="no open-files limit on Windows")
def test_the_server_raises_its_open_files_limit_at_start(server):
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    limits = Path(f"/proc/{server.process.pid}/limits")
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    line = next(x for x in limits.read_text().splitlines() if x.startswith("Max open files"))
    soft = int(line.split()[3])
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    assert soft == wanted > 1024  # started with 1,024


# ==================================================================================== item 2
def test_an_oversized_body_is_refused_before_it_is_read(server):
    """90 MB announced: refused on the headers, not after 90 MB in memory."""
    sock = connect(port_of(server), next(addresses()))
    sock.sendall(f"POST /join HTTP/1.1\r\nHost: {server.host}\r\nContent-Length: 94371840\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\n\r\n".encode()
                 + b"x" * 65536)
    reply = read_reply(sock, timeout=15)
    sock.close()
    assert reply is not None and reply.status == 400
    assert facilitator_page_answers(server)


def test_an_oversized_chunked_body_is_cut_off(server):
    sock = connect(port_of(server), next(addresses()))
    sock.sendall(f"POST /join HTTP/1.1\r\nHost: {server.host}\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    chunk = b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
    with contextlib.suppress(OSError):  # the server hangs up part way, as it should
        for _ in range(32):  # 2 MB, twice the limit, never finished
            sock.sendall(chunk)
    assert closed_by_server(sock, timeout=15)
    sock.close()


def test_a_body_sent_too_slowly_is_dropped_within_seconds(server):
    sock = connect(port_of(server), next(addresses()))
    sock.sendall(f"POST /join HTTP/1.1\r\nHost: {server.host}\r\nContent-Length: 1000\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\n\r\ncode=".encode())
    assert closed_by_server(sock, timeout=TIMEOUT * 5)
    sock.close()


def test_a_body_under_the_limit_still_gets_the_join_pages_friendly_answer(server):
    p = Phone(server.base, source=next(addresses()))
    p.get("/join")
    reply = p.post("/join", {"code": "x" * (200 * 1024), "name": "Ana"})
    assert reply.status == 413 and "far too long" in reply.body


# ==================================================================================== item 3
def test_headers_that_never_end_are_dropped_within_seconds(server):
    sock = connect(port_of(server), next(addresses()))
    sock.sendall(f"GET /join HTTP/1.1\r\nHost: {server.host}\r\n".encode())
    assert closed_by_server(sock, timeout=TIMEOUT * 5)
    sock.close()


def test_one_address_holds_at_most_its_share_of_connections(server):
    source, port = next(addresses()), port_of(server)
    socks = [connect(port, source) for _ in range(PER_ADDRESS + 20)]
    request = f"GET /join HTTP/1.1\r\nHost: {server.host}\r\nConnection: close\r\n\r\n".encode()
    for sock in socks:
        with contextlib.suppress(OSError):
            sock.sendall(request)
    answered = [read_reply(sock, timeout=TIMEOUT * 3) for sock in socks]
    for sock in socks:
        sock.close()
    assert [r.status for r in answered if r is not None] == [200] * PER_ADDRESS
    assert answered[:PER_ADDRESS] == [r for r in answered if r is not None]  # the first ones


def test_1100_unfinished_requests_do_not_cut_the_room_off(server, room):
    """The report's attack: 1,100 sockets sending ``GET /join HTTP/1.1`` and nothing more, from
    one address, against a server that started with 1,024 open files."""
    source, port = next(addresses()), port_of(server)
    held = []
    with open_files_limit(4096):
        try:
            for _ in range(1100):
                sock = connect(port, source)
                with contextlib.suppress(OSError):
                    sock.sendall(f"GET /join HTTP/1.1\r\nHost: {server.host}\r\n".encode())
                held.append(sock)
            assert facilitator_page_answers(server)
            phone = Phone(server.base, source=next(addresses()), timeout=10)
            phone.scan(room.code, room.token)
            assert "You joined as <bdi>Ana</bdi>" in phone.join(room.code, "Ana").body
        finally:
            for sock in held:
                sock.close()


# ==================================================================================== item 4
def test_wrong_codes_sent_all_at_once_get_no_more_answers_than_the_limit(server):
    source, port = next(addresses()), port_of(server)
    p = Phone(server.base, source=source)
    p.get("/join")
    cookies = f"sc_csrf={p.cookies['sc_csrf']}"
    statuses: list[int | None] = []
    for _ in range(8):  # half as many at once as one address may open, eight times over
        requests = [form_request("/join", {"code": secrets.token_hex(3).upper(), "name": "E",
                                           "csrf": p.cookies["sc_csrf"]},
                                 port=port, cookies=cookies) for _ in range(PER_ADDRESS // 2)]
        # In a thread of its own: Playwright's sync API (a browser test earlier in this worker)
        # leaves an event loop running in the main thread, where asyncio.run() refuses.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            statuses += pool.submit(asyncio.run,
                                    send_at_once(port, requests, source=source)).result(60)
    assert statuses.count(404) == MAX_FAILURES, statuses  # looked up: the code was wrong
    # the rest: "too many tries", or (a connection of the round before not yet counted off)
    # closed at once for being over the address's share
    assert set(statuses) <= {404, 429, None} and statuses.count(429) >= 40, statuses


def test_a_room_closed_by_its_facilitator_tells_a_late_phone_so(server, room):
    source = addresses()
    early = Phone(server.base, source=next(source))
    early.scan(room.code, room.token)
    early.join(room.code, "Ana")
    room.close_joining()
    late = Phone(server.base, source=next(source))
    page = late.scan(room.code, room.token)
    assert page.status == 403 and f"Room {room.code} is closed" in page.body
    assert 'name="name"' not in page.body  # no form to fill in for nothing
    typed = Phone(server.base, source=next(source))
    typed.get("/join")
    reply = typed.post("/join", {"code": room.code, "name": "Lou"})
    assert reply.status == 403 and "takes no new participants" in reply.body
    assert [p.name for p in room.participants] == ["Ana"]
    check_in = room.open_activity("check-in", "")
    assert "Received" in early.answer(room.code, words="still in").body  # people in go on
    assert room.answered_count(check_in) == 1


# ==================================================================================== item 5
def test_one_phone_joining_in_a_loop_makes_only_a_few_participants(server, room):
    source = next(addresses())
    replies = []
    for n in range(JOINS + 3):  # a fresh phone each time: no cookie kept
        p = Phone(server.base, source=source)
        p.scan(room.code, room.token)
        replies.append(p.join(room.code, f"Bot {n}"))
    assert [r.status for r in replies] == [200] * JOINS + [403] * 3
    assert "from this phone&#x27;s network address" in replies[-1].body
    assert len(room.participants) == JOINS
    other = Phone(server.base, source=next(addresses()))  # someone else still gets in
    other.scan(room.code, room.token)
    assert "You joined as <bdi>Bea</bdi>" in other.join(room.code, "Bea").body


def test_a_full_room_says_so_and_the_facilitator_can_make_room(server, room):
    source = addresses()
    phones = []
    for n in range(ROOM_SIZE):
        p = Phone(server.base, source=next(source))
        p.scan(room.code, room.token)
        assert f"You joined as <bdi>P{n}</bdi>" in p.join(room.code, f"P{n}").body
        phones.append(p)
    late = Phone(server.base, source=next(source))
    page = late.scan(room.code, room.token)
    assert page.status == 403 and f"it takes at most {ROOM_SIZE} people" in page.body
    room.remove(room.participants[0])
    assert "You joined as <bdi>Late</bdi>" in late.join(room.code, "Late").body


def test_a_removed_phone_is_told_and_its_answers_no_longer_count(server, room):
    source = addresses()
    ana, bot = (Phone(server.base, source=next(source)) for _ in range(2))
    for p, name in ((ana, "Ana"), (bot, "Bot")):
        p.scan(room.code, room.token)
        p.join(room.code, name)
    check_in = room.open_activity("check-in", "")
    ana.answer(room.code, words="hello")
    bot.answer(room.code, words="spam")
    assert room.answered_count(check_in) == 2
    room.remove(next(p for p in room.participants if p.name == "Bot"))
    assert room.answered_count(check_in) == 1
    page = bot.get(f"/join/{room.code}")
    assert page.status == 403 and "facilitator removed this phone" in page.body
    late = bot.post(f"/join/{room.code}", {"action": "answer", "activity": str(check_in.id),
                                           "words": "more spam", "csrf": bot.cookies["sc_csrf"]})
    assert late.status in (403, 409) and "removed" in late.body
    rejoin = bot.post(f"/join/{room.code}", {"action": "join", "name": "Bot again",
                                             "csrf": bot.cookies["sc_csrf"]})
    assert rejoin.status == 403
    assert [p.name for p in room.participants] == ["Ana"]
    assert json.loads(ana.get(f"/join/{room.code}/state").body)["state"] == f"{check_in.id}:open"
