"""What a visitor on the room's network can do to the course server (issue 9), over HTTP and the
kernel websocket, without a browser: the requests an attacker would send by hand.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import websocket

from sociocracy.rooms.location import FACILITATOR_ONLY
from tests.conftest import SECRETS, lan_address
from tests.serving.test_server_http import NoRedirect, fetch
from tools.course_server import CourseServer, start_course_server
from tools.kernel_client import KernelSocket, open_page

ROOT = Path(__file__).resolve().parents[2]
#: Pages that once wrote files when their hidden "Save" buttons were clicked over the protocol.
WRITING_PAGES = ["apps/circle_map.ipynb", "apps/round_facilitator.ipynb",
                 "apps/consent_decision.ipynb", "lessons/02_rounds.ipynb",
                 "lessons/04_objections.ipynb", "lessons/05_circles.ipynb"]


def course_files() -> dict[Path, float]:
    """Every file in the folders a visitor's kernel works in, with its modification time."""
    found = {}
    for folder in ("apps", "lessons", "exercises", "examples"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and \
                    ".ipynb_checkpoints" not in path.parts:
                found[path] = path.stat().st_mtime
    return found


def kernel_exists(server: CourseServer, kernel_id: str, token: str | None = None) -> bool:
    headers = {"Authorization": f"token {token}"} if token else {}
    try:
        urllib.request.urlopen(urllib.request.Request(
            f"{server.base}/api/kernels/{kernel_id}", headers=headers), timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 404, exc
        return False
    return True


@pytest.fixture
def tight_server(tmp_path: Path) -> Iterator[CourseServer]:
    """A server with two places and a 4-second limit for pages that lost their connection."""
    server = start_course_server(tmp_path / "voila.log", timeout=120, extra_args=(
        "--max-kernels", "2", "--disconnected-timeout", "4"))
    yield server
    server.stop()


# ---- item 2: hidden buttons must not exist -------------------------------------------------
@pytest.mark.parametrize("path", WRITING_PAGES)
def test_clicking_every_button_over_the_widget_protocol_writes_no_file(voila, path: str) -> None:
    before = course_files()
    page = open_page(voila.base, path)
    # a lesson is sent text first (progressive): its widgets come over the kernel's socket
    assert page.kernel_id and (page.has_app or page.progressive)
    with KernelSocket(voila.base, page.kernel_id) as kernel:
        states = kernel.widget_states()
        buttons = {comm: state.get("description", "") for comm, state in states.items()
                   if state.get("_model_name") == "ButtonModel"}
        assert buttons, "the page has buttons to click"
        assert not [d for d in buttons.values() if "Save" in d], buttons
        for comm in buttons:  # what a hostile page script would send, hidden or not
            kernel.click(comm)
        kernel.settle(2)
    after = course_files()
    assert {p: t for p, t in after.items() if before.get(p) != t} == {}


# ---- item 12: no traceback with server paths -----------------------------------------------
def test_a_bad_widget_value_gets_one_line_back_without_server_paths(voila) -> None:
    page = open_page(voila.base, "apps/circle_map.ipynb")
    with KernelSocket(voila.base, page.kernel_id) as kernel:
        states = kernel.widget_states()
        dropdown = next(c for c, s in states.items() if s.get("_model_name") == "DropdownModel")
        kernel.received.clear()
        kernel.comm_msg(dropdown, {"method": "update", "state": {"index": 999},
                                   "buffer_paths": []})
        error = kernel.receive(lambda m: m["msg_type"] == "error", timeout=30)
        kernel.settle(1)
    assert error["content"]["ename"] == "TraitError"
    everything = repr(kernel.received)
    for leak in ("Traceback", "site-packages", str(ROOT), ".py"):
        assert leak not in everything


# ---- item 7: loopback host names only in local mode ----------------------------------------
@pytest.mark.parametrize("path", ["/voila/render/apps/circle_map.ipynb", "/voila/static/voila.js",
                                  "/"])
def test_local_server_refuses_other_host_names(voila, path: str) -> None:
    request = urllib.request.Request(voila.base + path, headers={"Host": "rebind.example:8866"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    assert info.value.code == 403
    assert "only answers at http://127.0.0.1" in info.value.read().decode()
    for host in ("localhost", "127.0.0.1"):
        request = urllib.request.Request(voila.base + "/voila/static/voila.js",
                                         headers={"Host": f"{host}:8866"})
        assert urllib.request.urlopen(request, timeout=30).status == 200


def test_kernel_websocket_refuses_other_host_names(voila) -> None:
    page = open_page(voila.base, "lessons/01_why_sociocracy.ipynb")
    with pytest.raises(websocket.WebSocketBadStatusException) as info:
        KernelSocket(voila.base, page.kernel_id, host="rebind.example:8866",
                     origin="http://rebind.example:8866")
    assert info.value.status_code == 403
    with KernelSocket(voila.base, page.kernel_id) as kernel:  # the page's own address works
        assert kernel.widget_states() is not None


# ---- item 12: what visitors may list ---------------------------------------------------------
def test_no_folder_listing_and_only_course_pages_render(voila) -> None:
    for path in ("/voila/tree", "/voila/tree/solutions"):
        status, headers, _ = fetch(voila.base + path, follow=False)
        assert status == 302 and headers["Location"].endswith("lessons/00_start_here.ipynb")
    status, _, body = fetch(voila.base + "/voila/api/contents/")
    assert status == 404 and "solutions" not in body
    for path in ("solutions/code/02_rounds_solution.ipynb", "exercises/code/02_rounds.ipynb",
                 "tests/notebooks/x.ipynb", "voila.json"):
        status, _, _ = fetch(voila.url(path))
        assert status == 404, path


# ---- items 4 and 6: a cap on kernels, and no kernel kept for a page nobody has --------------
def test_beyond_the_cap_visitors_get_a_room_is_full_page(tight_server) -> None:
    pages = [open_page(tight_server.base, "lessons/01_why_sociocracy.ipynb") for _ in range(2)]
    assert all(p.kernel_id for p in pages)
    status, headers, body = fetch(tight_server.url("lessons/01_why_sociocracy.ipynb"))
    assert status == 503 and headers["Retry-After"] == "60"
    assert "<h1>The room is full</h1>" in body and "Try again in a minute" in body


def test_an_abandoned_page_with_a_running_timer_loses_its_kernel(tight_server) -> None:
    page = open_page(tight_server.base, "apps/round_facilitator.ipynb")
    kernel = KernelSocket(tight_server.base, page.kernel_id)
    states = kernel.widget_states()
    by_name = {s.get("description"): c for c, s in states.items()}
    kernel.comm_msg(by_name["Participants:"], {"method": "update", "buffer_paths": [],
                                               "state": {"value": "Ana\nBen\nChen"}})
    kernel.click(by_name["Start the round"])
    kernel.settle(7)  # connected for longer than the limit: kept, and the timer ticks
    assert kernel_exists(tight_server, page.kernel_id)
    assert any(m["msg_type"] == "comm_msg" and "0:0" in str(m["content"]["data"].get("state"))
               for m in kernel.received), "the round's clock should be ticking"
    kernel.close()  # the phone went to sleep
    deadline = time.monotonic() + 30
    while kernel_exists(tight_server, page.kernel_id):
        assert time.monotonic() < deadline, "the abandoned kernel was not culled"
        time.sleep(1)


# ==== issue 21: the workshop record is the facilitator's, on their laptop ===================
def _states(base: str, path: str, token: str | None) -> dict:
    page = open_page(base, path, token=token)
    assert page.kernel_id, page.html[:500]
    with KernelSocket(base, page.kernel_id, token=token) as kernel:
        return kernel.widget_states()


def _by_description(states: dict, description: str) -> dict:
    return next(s for s in states.values() if s.get("description") == description)


def test_a_visitors_workshop_room_shows_no_room_of_the_record(room_network) -> None:
    """Item 1: with the room's token, the Workshop room app opens no record at all."""
    states = _states(room_network.server.base, "apps/workshop_room.ipynb",
                     room_network.room_token)
    everything = repr(states)
    for secret in SECRETS:
        assert secret not in everything
    assert _by_description(states, "Earlier rooms:")["_options_labels"] in ([], ())
    assert _by_description(states, "Create a room")["disabled"] is True
    assert FACILITATOR_ONLY in everything


def test_a_visitors_apps_list_no_past_sessions(room_network) -> None:
    """Item 1: "Past rounds in the workshop record" stays empty and hidden for a visitor."""
    states = _states(room_network.server.base, "apps/round_facilitator.ipynb",
                     room_network.room_token)
    assert "Secret round" not in repr(states)
    assert _by_description(states, "Past rounds")["_options_labels"] in ([], ())


def test_the_facilitators_link_opens_the_record_on_this_computer(room_network) -> None:
    base, token = room_network.server.base, room_network.facilitator_token
    rooms = _by_description(_states(base, "apps/workshop_room.ipynb", token), "Earlier rooms:")
    assert any("Room A of the record" in label for label in rooms["_options_labels"])
    past = _by_description(_states(base, "apps/round_facilitator.ipynb", token), "Past rounds")
    assert any("Secret round" in label for label in past["_options_labels"])


def test_a_visitor_cannot_reach_the_facilitators_kernel(room_network) -> None:
    """Item 1: a visitor who learnt a facilitator's kernel id can neither connect, read it nor
    stop it."""
    base = room_network.server.base
    theirs = open_page(base, "apps/workshop_room.ipynb", token=room_network.facilitator_token)
    visitor = room_network.room_token
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        KernelSocket(base, theirs.kernel_id, token=visitor)
    assert refused.value.status_code == 403
    for method, path in (("GET", f"/api/kernels/{theirs.kernel_id}"),
                         ("POST", f"/voila/api/shutdown/{theirs.kernel_id}")):
        request = urllib.request.Request(base + path, method=method, data=b"" if method ==
                                         "POST" else None,
                                         headers={"Authorization": f"token {visitor}"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=30)
        assert info.value.code == 403, path
    assert kernel_exists(room_network.server, theirs.kernel_id,
                         token=room_network.facilitator_token)


def test_the_facilitators_link_is_refused_from_the_rooms_network(workshop_network) -> None:
    """Item 10: the link printed for "this computer only" is refused from another address."""
    link = urlparse(workshop_network.facilitator_link)
    from_room = f"http://{lan_address()}:{link.port}{link.path}?{link.query}"
    status, headers, _ = fetch(from_room, follow=False)
    assert status != 200 and "workshop_room" not in headers.get("Location", "x").split("?")[0]
    assert workshop_network.facilitator_token not in headers.get("Location", "")  # not kept
    request = urllib.request.Request(
        f"http://{lan_address()}:{link.port}{link.path}",
        headers={"Authorization": f"token {workshop_network.facilitator_token}"})
    status, _, _ = fetch(request, follow=False)
    assert status != 200


def test_a_token_in_a_pages_address_becomes_a_cookie_and_leaves_the_address(
        workshop_network) -> None:
    """Item 10: the facilitator's page, projected, shows no token: a redirect swaps it for the
    login cookie before the page is drawn."""
    link = workshop_network.facilitator_link
    status, headers, _ = fetch(link, follow=False)
    assert status == 302
    assert headers["Location"].endswith("/voila/render/apps/workshop_room.ipynb")
    assert "token" not in headers["Location"]
    assert any(c.startswith("username-") for c in headers.get_all("Set-Cookie") or [])
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with browser.open(link, timeout=120) as response:
        assert response.status == 200 and "token=" not in response.url
        assert "Workshop room" in response.read().decode()


@pytest.mark.parametrize("path", [".venv/share/jupyter/kernels/python3/logo-64x64.png",
                                  "docs/images/workshop-phone.png",
                                  "lessons/../docs/images/workshop-phone.png"])
def test_no_file_is_served_from_outside_the_courses_folders(voila, room_network, path) -> None:
    """Item 10: ``/voila/files/`` served any image under the course root (``.venv`` too), and
    without the token."""
    assert (ROOT / path).is_file()
    for server, token in ((voila, None), (room_network.server, None),
                          (room_network.server, room_network.facilitator_token)):
        request = urllib.request.Request(f"{server.base}/voila/files/{path}", headers=(
            {"Authorization": f"token {token}"} if token else {}))
        status, _, _ = fetch(request, follow=False)
        assert status in (302, 403, 404), (server.base, token)
