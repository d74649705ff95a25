"""The phones' join service on a JupyterHub (issue 22), without a Hub: the process started with
the environment the Hub gives a managed service, on 127.0.0.1, on a PostgreSQL record.

One service process and one database per test worker (``join_service``, session-scoped, in
``tests/join_service.py``, on the shared PostgreSQL server of ``tests/postgres.py``). The
facilitators' apps run here, in the test, as their sessions would in their own single-user
servers: each opens the same database as its Hub user. Phones come from their own (forwarded)
addresses, as they would through the Hub's proxy.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys

from sociocracy.core.settings import HUB_USER_ENV, STORE_ENV
from sociocracy.rooms import RoomStore
from sociocracy.sessions.workshop import WorkshopSession
from sociocracy.shell.join import MAX_FAILURES
from tests.conftest import ROOT
from tests.join_service import PREFIX, ROOT_PATH, Service
from tools.join_client import Phone

HOSTILE = "<img src=x onerror=alert(1)>"
_addresses = itertools.count(2)


def phone(service: Service, *, forwarded: bool = True) -> Phone:
    """A phone behind the Hub's proxy: its own address arrives as ``X-Forwarded-For``."""
    found = Phone(service.base, root=ROOT_PATH)
    if forwarded:
        address = f"10.1.0.{next(_addresses)}"
        request = found.request

        def through_the_proxy(method, path, fields=None, *, headers=None, follow=True):
            return request(method, path, fields,
                           headers={"X-Forwarded-For": address, **(headers or {})},
                           follow=follow)

        found.request = through_the_proxy  # type: ignore[method-assign]
    return found


def facilitator(service: Service, user: str) -> WorkshopSession:
    """The Workshop room app's session in ``user``'s single-user server (its own store)."""
    return WorkshopSession(store=RoomStore(service.store, owner=user))


# ==================================================================================== tests
def test_two_phones_answer_a_hub_users_room_through_the_service(join_service, monkeypatch):
    # as in Ana's single-user server: the Hub user, and the record the Hub's configuration gives
    monkeypatch.setenv(HUB_USER_ENV, "ana")
    monkeypatch.setenv(STORE_ENV, join_service.store)
    ana = WorkshopSession()
    assert ana.keeper.store is not None and ana.keeper.store.owner == "ana"
    ana.create_room("Taste of sociocracy")
    room = ana.room.room
    assert room is not None
    ana.ask("check-in", "How are you arriving?")

    first, second = phone(join_service), phone(join_service)
    scanned = first.get(f"{ROOT_PATH}/{room.code}?t={room.token}", follow=False)
    assert scanned.status == 303 and scanned.location == f"{ROOT_PATH}/{room.code}"
    assert f"Path={ROOT_PATH}" in " ".join(scanned.headers.get_all("Set-Cookie") or [])
    first.scan(room.code, room.token)
    joined = first.join(room.code, "Ana")
    assert joined.status == 200 and "You joined as <bdi>Ana</bdi>" in joined.body
    second.type_code(room.code.lower(), HOSTILE)
    page = second.get(f"{ROOT_PATH}/{room.code}")
    assert HOSTILE not in page.body and "&lt;img src=x onerror=alert(1)&gt;" in page.body
    assert "How are you arriving?" in page.body

    assert first.answer(room.code, words="Curious", send="send-id-0001").status == 200
    again = first.answer(room.code, words="Curious", send="send-id-0001")  # the same send
    assert again.status == 200
    assert second.answer(room.code, words=HOSTILE, send="send-id-0002").status == 200

    ana.refresh(quiet=True)
    assert ana.answered == 2 and set(ana.joined) == {"Ana", HOSTILE}
    ana.reveal()
    assert dict(ana.answers) == {"Ana": "Curious", HOSTILE: HOSTILE}
    with RoomStore(join_service.store, owner="ana") as record:
        activity = record.room(room.code).activities[-1]
        assert len(record.room(room.code).responses(activity)) == 2


def test_another_hub_user_does_not_see_the_room_or_its_sessions(join_service):
    ana = facilitator(join_service, "ana")
    ana.create_room("Ana's room")
    room = ana.room.room
    assert room is not None
    ben = facilitator(join_service, "ben")
    assert room.code not in {code for code, _title in ben.state.rooms}
    ben.open_room(room.code)
    assert ben.room.room is None
    with RoomStore(join_service.store, owner="ana") as mine, \
            RoomStore(join_service.store, owner="ben") as theirs:
        session = mine.start_session("rounds", "Ana's round", {"room": room.code})
        assert session in mine.sessions("rounds")
        assert room.code not in {r.code for r in theirs.rooms()}
        assert session not in theirs.sessions() and session not in theirs.sessions("rounds")
    # and the phones still reach Ana's room by its code
    p = phone(join_service)
    p.type_code(room.code, "Cleo")
    assert "You joined as <bdi>Cleo</bdi>" in p.get(f"{ROOT_PATH}/{room.code}").body


def test_the_service_serves_only_the_join_pages_under_its_prefix(join_service):
    p = phone(join_service)
    home = p.get(PREFIX, follow=False)
    assert home.status == 302 and home.location == ROOT_PATH
    for path in (f"{PREFIX}api/kernels", f"{PREFIX}voila/render/apps/workshop_room.ipynb",
                 f"{PREFIX}lessons/00_start_here.ipynb", "/join", "/hub/login",
                 f"{ROOT_PATH}/ABCDE/../../../etc/passwd"):
        reply = p.get(path, follow=False)
        assert reply.status == 404, path
        assert "There is no such page here" in reply.body
    csp = p.get(ROOT_PATH).headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp


def test_wrong_codes_are_limited_per_phone_not_per_proxy(join_service):
    guesser, other = phone(join_service), phone(join_service)
    for _ in range(MAX_FAILURES):
        assert guesser.type_code("ZZZZZ", "Eve").status == 404
    assert guesser.type_code("ZZZZZ", "Eve").status == 429
    assert other.type_code("ZZZZZ", "Dan").status == 404  # another phone, the same proxy


def test_a_body_too_large_is_refused(join_service):
    p = phone(join_service)
    p.get(ROOT_PATH)
    reply = p.post(ROOT_PATH, {"code": "ABCDE", "name": "x" * (80 * 1024)})
    assert reply.status == 413


def test_without_the_hubs_settings_the_service_says_what_is_missing(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTERHUB_")}
    env["SOCIOCRACY_COURSE_STORE"] = str(tmp_path / "rooms.sqlite3")
    done = subprocess.run([sys.executable, "-m", "sociocracy.shell.join_service"], env=env,
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2
    assert "JUPYTERHUB_SERVICE_URL is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_on_kubernetes_the_service_listens_on_the_address_given_by_ip(tmp_path):
    """Z2JH's entry says ``url: http://hub:8181``: a name the process cannot bind to, so the
    values file runs ``join-service --ip 0.0.0.0``; here ``--ip 127.0.0.1`` and a host that does
    not resolve: the service must listen on the ``--ip`` address, at the URL's port."""
    import time
    import urllib.request

    from tools.course_server import free_port

    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTERHUB_")}
    env.update({"SOCIOCRACY_COURSE_STORE": str(tmp_path / "rooms.sqlite3"),
                "JUPYTERHUB_SERVICE_URL": f"http://hub.invalid:{port}",
                "JUPYTERHUB_SERVICE_PREFIX": "/services/course-join/"})
    command = [str(ROOT / ".venv" / "bin" / "sociocracy-course")]
    if not os.path.exists(command[0]):
        command = [sys.executable, "-m", "sociocracy.shell.cli"]
    process = subprocess.Popen([*command, "join-service", "--ip", "127.0.0.1"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, page = time.monotonic() + 60, ""
        while time.monotonic() < deadline and process.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/services/course-join/join"
                with urllib.request.urlopen(url, timeout=5) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        assert "room" in page.lower()
    finally:
        process.terminate()
        process.wait(20)
