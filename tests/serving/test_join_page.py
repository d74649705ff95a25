"""The join page over HTTP: what a phone can do in a workshop room, and what it cannot reach.

One ``sociocracy-course workshop`` server per module, on a throwaway data folder that this test
also opens as the facilitator's app would (the same SQLite record). Each test's phones come
from their own loopback address (127.0.0.N), so the per-address limit on wrong codes is tested
without locking the other tests out.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sociocracy.rooms import RoomStore
from sociocracy.shell.join import MAX_FAILURES
from tools.course_server import CourseServer, start_course_server
from tools.join_client import Phone

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = "$\\href{x}{y}$"
_addresses = itertools.count(2)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("workshop-data")


@pytest.fixture(scope="module")
def server(tmp_path_factory, data) -> Iterator[CourseServer]:
    try:
        running = start_course_server(
            tmp_path_factory.mktemp("workshop") / "server.log", command="workshop",
            extra_args=("--address", "127.0.0.1"),
            extra_env={"SOCIOCRACY_COURSE_DATA": str(data)})
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
    return store.create_room("Taste of sociocracy")


def phone(server: CourseServer) -> Phone:
    return Phone(server.base, source=f"127.0.0.{next(_addresses)}")


def joined(server, room, name="Ana") -> Phone:
    p = phone(server)
    p.scan(room.code, room.token)
    reply = p.join(room.code, name)
    assert reply.status == 200 and f"You joined as <bdi>{name}</bdi>" in reply.body
    return p


def text_of(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# ==================================================================================== joining
def test_qr_link_lets_the_phone_in_and_takes_the_token_out_of_the_address(server, room):
    p = phone(server)
    reply = p.scan(room.code, room.token)
    first = p.get(f"/join/{room.code}?t={room.token}", follow=False)
    assert first.status == 303 and first.location == f"/join/{room.code}"
    cookie = [c for c in first.headers.get_all("Set-Cookie")
              if c.startswith(f"sc_room_{room.code}")]
    assert cookie and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]
    assert reply.status == 200
    assert 'id="name" name="name"' in reply.body and ">Your name</label>" in reply.body
    assert ">Join</button>" in reply.body and room.title in reply.body
    reply = p.join(room.code, "Ana")
    assert "You joined as <bdi>Ana</bdi>" in reply.body
    assert "Waiting for the facilitator…" in reply.body
    assert [person.name for person in room.participants] == ["Ana"]


def test_typing_the_short_address_and_the_code_joins_the_room(server, room):
    p = phone(server)
    page = p.get("/join")
    assert ">Room code</label>" in page.body and ">Your name</label>" in page.body
    spaced = f"{room.code[:2].lower()} {room.code[2:].lower()}"
    reply = p.type_code(spaced, "Bea")
    assert reply.status == 200 and "You joined as <bdi>Bea</bdi>" in reply.body
    assert [person.name for person in room.participants] == ["Bea"]


def test_a_reload_keeps_the_same_participant(server, room):
    p = joined(server, room)
    p.get(f"/join/{room.code}")
    assert "You joined as <bdi>Ana</bdi>" in p.get(f"/join/{room.code}").body
    assert len(room.participants) == 1


def test_a_phone_without_the_token_gets_a_friendly_page_not_jupyters_login(server, room):
    p = phone(server)
    reply = p.get(f"/join/{room.code}", follow=False)
    assert reply.status == 200
    assert ">Room code</label>" in reply.body and room.title not in reply.body
    assert "login" not in reply.body.lower() and "jupyter" not in reply.body.lower()
    wrong = p.get(f"/join/{room.code}?t=not-the-token", follow=False)
    assert wrong.status == 403 and "not valid" in wrong.body and room.title not in wrong.body


SENTENCE = "Someone here already uses the name Ana: add an initial."


@pytest.mark.parametrize("second", ["Ana", "ana", "An\u0430", "Ａｎａ"])
def test_a_second_ana_is_told_on_the_phone_at_join_to_add_an_initial(server, room, second):
    """Issue 20, item 4: refused at join time, never at the reveal."""
    joined(server, room, "Ana")
    p = phone(server)
    p.scan(room.code, room.token)
    reply = p.join(room.code, second)
    assert reply.status == 400
    assert f'<p class="error" role="alert" id="problem">{SENTENCE}</p>' in reply.body
    assert 'aria-describedby="problem" aria-invalid="true"' in reply.body  # the name box
    assert f'value="{second}"' in reply.body  # kept, to add an initial
    assert "You joined as" not in reply.body and f"sc_key_{room.code}" not in p.cookies
    assert [person.name for person in room.participants] == ["Ana"]
    assert "You joined as <bdi>Ana B.</bdi>" in p.join(room.code, "Ana B.").body


def test_a_second_ana_typing_the_code_is_told_the_same(server, room):
    joined(server, room, "Ana")
    p = phone(server)
    reply = p.type_code(room.code, "ANA")
    assert reply.status == 400 and SENTENCE in reply.body
    assert [person.name for person in room.participants] == ["Ana"]


@pytest.mark.parametrize(("typed", "named"), [
    ("Bob\u202eecilA", "U+202E (RIGHT-TO-LEFT OVERRIDE) after &#x27;Bob&#x27;"),
    ("Ana\u200b", "U+200B (ZERO WIDTH SPACE) after &#x27;Ana&#x27;"),
])
def test_a_name_with_an_invisible_character_is_refused_at_join_naming_it(server, room, typed,
                                                                          named):
    p = phone(server)
    p.scan(room.code, room.token)
    reply = p.join(room.code, typed)
    assert reply.status == 400 and 'role="alert"' in reply.body
    assert "cannot hold invisible characters" in reply.body and named in reply.body
    assert room.participants == []


def test_wrong_codes_are_slowed_down_per_address(server, room):
    p = phone(server)
    for _ in range(MAX_FAILURES):
        reply = p.type_code("ZZZZ9", "Eve")
        assert reply.status == 404 and "no room with the code ZZZZ9" in reply.body
    blocked = p.type_code(room.code, "Eve")
    assert blocked.status == 429
    assert "Too many tries: wait a minute" in blocked.body
    assert room.participants == []
    other = phone(server)  # another phone in the room is not affected
    assert "You joined as <bdi>Bo</bdi>" in other.type_code(room.code, "Bo").body


# ==================================================================================== answering
def test_check_in_words_say_received_only_after_sending_and_after_a_reload(server, room):
    p = joined(server, room)
    check_in = room.open_activity("check-in", "How are you arriving?")
    page = p.get(f"/join/{room.code}")
    assert ">Your words</label>" in page.body and ">Send</button>" in page.body
    assert "How are you arriving?" in page.body and "Received" not in page.body
    reply = p.answer(room.code, follow=False, words="Curious and a bit tired")
    assert reply.status == 303  # committed, then the page is read back from the record
    assert room.answered_count(check_in) == 1
    after = p.get(f"/join/{room.code}")
    assert "Received" in after.body and "Curious and a bit tired" in after.body
    assert "Received" in p.get(f"/join/{room.code}").body  # a reload still says so


def test_consent_round_has_the_named_choices_and_needs_a_reason_to_object(server, room):
    p = joined(server, room)
    consent = room.open_activity("consent", "Buy a kettle for the office")
    page = p.get(f"/join/{room.code}").body
    assert 'type="radio" name="choice" value="consent"> Consent</label>' in page
    assert 'type="radio" name="choice" value="objection"> Objection</label>' in page
    assert ">Reason</label>" in page and ">Send</button>" in page
    reply = p.answer(room.code, choice="objection", reason="")
    assert reply.status == 400 and "Reason" in reply.body and "Received" not in reply.body
    assert 'value="objection" checked' in reply.body  # the form keeps the choice
    assert room.answered_count(consent) == 0
    reply = p.answer(room.code, choice="objection", reason="It is too loud")
    assert "Received" in reply.body
    room.reveal(consent)
    assert [r.fields for r in room.responses(consent)] == [
        {"choice": "objection", "reason": "It is too loud"}]


def test_nomination_has_nominee_reason_and_send(server, room):
    p = joined(server, room)
    nomination = room.open_activity("nomination", "Facilitator for a year")
    page = p.get(f"/join/{room.code}").body
    assert ">Nominee</label>" in page and ">Reason</label>" in page and ">Send</button>" in page
    assert "Received" in p.answer(room.code, nominee="Bea", reason="Calm and fair").body
    room.reveal(nomination)
    assert room.responses(nomination)[0].nominee == "Bea"


def test_an_answer_can_change_until_the_reveal_and_not_after(server, room):
    p = joined(server, room)
    evaluation = room.open_activity("evaluation", "What worked?")
    p.answer(room.code, words="first thought")
    p.answer(room.code, words="second thought")
    assert room.answered_count(evaluation) == 1
    room.reveal(evaluation)
    page = p.get(f"/join/{room.code}").body
    assert "Answers revealed: thank you" in page and "second thought" in page
    assert ">Send</button>" not in page
    late = p.post(f"/join/{room.code}", {"action": "answer", "activity": str(evaluation.id),
                                         "words": "third thought",
                                         "csrf": p.cookies["sc_csrf"]})  # an old tab's form
    assert late.status == 409 and "revealed" in late.body
    assert room.responses(evaluation)[0].words == "second thought"


def test_the_follow_up_offers_a_contact_box_only_after_a_clear_yes(server, room):
    """Issue 26: "Would you like to hear about SoFA's trainings?" The phone answers yes or no;
    the optional contact box, saying what it is for, appears only once the yes is in."""
    ana, bea = joined(server, room, "Ana"), joined(server, room, "Bea")
    asked = room.open_activity("follow-up", "Would you like to hear about SoFA's trainings?",
                               asked_by="Intro session")
    page = ana.get(f"/join/{room.code}").body
    assert "Would you like to hear about SoFA&#x27;s trainings?" in page or \
        "Would you like to hear about SoFA's trainings?" in page
    assert 'name="answer" value="yes"> Yes</label>' in page
    assert 'name="answer" value="no"> No</label>' in page
    assert 'name="contact"' not in page  # no contact box before a yes
    refused = ana.answer(room.code)  # nothing chosen
    assert refused.status == 400 and "Your answer" in refused.body
    said_no = bea.answer(room.code, answer="no", contact="bea@example.org")  # a forged box
    assert "Received" in said_no.body and 'name="contact"' not in said_no.body
    said_yes = ana.answer(room.code, answer="yes")
    assert "Received" in said_yes.body
    assert ">How to reach you (optional)</label>" in said_yes.body
    assert "Only the facilitator sees it" in said_yes.body and "Leave it empty" in said_yes.body
    assert 'value="yes" checked' in said_yes.body
    left = ana.answer(room.code, answer="yes", contact="ana@example.org")
    assert 'value="ana@example.org"' in left.body
    changed = bea.get(f"/join/{room.code}").body
    assert "ana@example.org" not in changed  # nobody else's contact, ever
    room.reveal(asked)
    assert [r.fields for r in room.responses(asked)] == [
        {"answer": "yes", "contact": "ana@example.org"}, {"answer": "no", "contact": ""}]
    closed = bea.get(f"/join/{room.code}").body
    assert "The question is closed" in closed and "ana@example.org" not in closed
    assert "Answers revealed" not in closed  # nothing is revealed to the room


def test_changing_a_yes_to_no_lets_the_contact_go(server, room):
    ana = joined(server, room, "Ana")
    asked = room.open_activity("follow-up", "Trainings?", asked_by="Intro session")
    ana.answer(room.code, answer="yes")
    ana.answer(room.code, answer="yes", contact="ana@example.org")
    page = ana.answer(room.code, answer="no", contact="ana@example.org")  # box still on the form
    assert "Received" in page.body and 'name="contact"' not in page.body
    room.reveal(asked)
    assert room.responses(asked)[0].fields == {"answer": "no", "contact": ""}


def _recorded_answers(store, room) -> int:
    return len(store._backend.read(
        "SELECT 1 FROM events WHERE kind = 'responded' AND stream = ?", (room.code,)))


def test_a_form_posted_twice_is_recorded_once(server, room, store):
    """The form names its send (issue 25): a phone that posts it again, not knowing whether the
    first post arrived (the connection dropped before the answer came back), is recorded once;
    a new send is a changed answer."""
    p = joined(server, room)
    check_in = room.open_activity("check-in", "Arriving?")
    page = p.get(f"/join/{room.code}").body
    send = re.search(r'name="send" value="([0-9a-f]{32})"', page)
    assert send, "the answer form names its send"
    form = {"action": "answer", "activity": str(check_in.id), "words": "Here at last",
            "send": send.group(1), "csrf": p.cookies["sc_csrf"]}
    for _ in range(3):
        assert p.post(f"/join/{room.code}", form, follow=False).status == 303
    assert _recorded_answers(store, room) == 1
    again = p.get(f"/join/{room.code}").body
    assert "Received" in again and "Here at last" in again
    assert re.search(r'name="send" value="([0-9a-f]{32})"', again).group(1) != send.group(1)
    assert 'role="status" aria-live="polite"' in again  # where "Not sent: ..." is announced
    p.answer(room.code, words="Here, and awake now")  # a send of its own
    assert _recorded_answers(store, room) == 2


@pytest.mark.parametrize(("field", "limit"), [("name", 60), ("words", 1000)])
def test_too_long_input_gets_a_clear_message_and_keeps_what_was_typed(server, room, field,
                                                                     limit):
    p = phone(server)
    p.scan(room.code, room.token)
    long_text = "x" * (limit + 1)
    if field == "name":
        p.get(f"/join/{room.code}")
        reply = p.post(f"/join/{room.code}", {"action": "join", "name": long_text})
        assert f"keep a person&#x27;s name to {limit} characters or fewer" in reply.body
    else:
        p.join(room.code, "Ana")
        room.open_activity("check-in", "")
        reply = p.answer(room.code, words=long_text)
        assert "use at most 1,000 characters (this has 1,001)" in reply.body
    assert reply.status == 400 and 'role="alert"' in reply.body
    assert long_text in reply.body  # kept in the form, to shorten


def test_a_form_from_another_site_is_refused(server, room):
    p = joined(server, room)
    room.open_activity("check-in", "")
    p.get(f"/join/{room.code}")
    no_token = p.post(f"/join/{room.code}", {"action": "answer", "words": "hi", "csrf": "x" * 24})
    assert no_token.status == 403
    other_site = p.answer(room.code, headers={"Origin": "http://evil.example"}, words="hi")
    assert other_site.status == 403
    assert room.answered_count(room.current_activity) == 0


# ==================================================================================== reach
def test_the_room_cookie_reaches_nothing_but_the_rooms_own_page(server, room, store):
    p = joined(server, room)
    room.open_activity("check-in", "")
    p.answer(room.code, words="hello")
    for path in ("/voila/render/apps/workshop_room.ipynb", "/voila/render/lessons/"
                 "00_start_here.ipynb", "/voila/tree", "/api/kernels", "/voila/files/voila.json"):
        reply = p.get(path, follow=False)
        assert reply.status in (302, 403, 404), path
        if reply.status == 302:  # to the login page, or (the tree) to the home, itself guarded
            assert "/login" in reply.location or reply.location.endswith(
                "/voila/render/lessons/00_start_here.ipynb"), path
        assert "hello" not in reply.body
    other = store.create_room("Another group")
    page = p.get(f"/join/{other.code}")
    assert ">Room code</label>" in page.body and "Another group" not in page.body
    assert p.get(f"/join/{other.code}/state").status == 403


def test_a_phone_never_sees_other_peoples_answers(server, room):
    ana, bea = joined(server, room, "Ana"), joined(server, room, "Bea")
    consent = room.open_activity("consent", "Proposal")
    bea.answer(room.code, choice="objection", reason="Bea's secret reason")
    before = ana.get(f"/join/{room.code}").body
    state = ana.get(f"/join/{room.code}/state")
    assert json.loads(state.body) == {"state": f"{consent.id}:open"}
    room.reveal(consent)
    after = ana.get(f"/join/{room.code}").body
    for body in (before, after, state.body):
        assert "secret reason" not in body and "Bea" not in body


def test_the_state_changes_when_the_facilitator_opens_and_reveals(server, room):
    p = joined(server, room)
    assert json.loads(p.get(f"/join/{room.code}/state").body) == {"state": "none"}
    check_in = room.open_activity("check-in", "")
    assert json.loads(p.get(f"/join/{room.code}/state").body)["state"] == f"{check_in.id}:open"
    room.reveal(check_in)
    assert json.loads(p.get(f"/join/{room.code}/state").body)["state"] == \
        f"{check_in.id}:revealed"


def test_unknown_join_paths_get_a_friendly_404(server):
    reply = phone(server).get("/join/ABCDE/secret/../x")
    assert reply.status == 404 and "no such page" in reply.body
    nonce = re.search(r"style-src 'nonce-([^']+)'", reply.headers["Content-Security-Policy"])
    assert nonce and f'<style nonce="{nonce.group(1)}">' in reply.body


# ==================================================================================== safety
def test_peoples_text_is_never_html(server, store):
    room = store.create_room(f"Workshop {HOSTILE}")
    p = joined(server, room, HOSTILE.replace(">", "").replace("<", "") + " x")
    q = phone(server)
    q.scan(room.code, room.token)
    page = q.join(room.code, HOSTILE).body
    room.open_activity("check-in", f"Prompt {HOSTILE} {FORMULA}")
    p.get(f"/join/{room.code}")
    reply = p.answer(room.code, words=f"{HOSTILE} {FORMULA}")
    for body in (page, reply.body, q.get(f"/join/{room.code}").body):
        assert "<img" not in body
        assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert FORMULA in reply.body  # shown as typed (no maths rendering on this page)
    assert "script-src 'nonce-" in reply.headers["Content-Security-Policy"]


def test_every_page_is_light_and_self_contained(server, room):
    p = joined(server, room)
    room.open_activity("consent", "A proposal " * 50)
    page = p.get(f"/join/{room.code}")
    for reply in (p.get("/join"), page):
        assert reply.size < 100 * 1024
        assert not re.search(r'(src|href)="(https?:)?//', reply.body)  # nothing from outside
        assert '<meta name="viewport"' in reply.body
    assert page.size < 10 * 1024  # the whole page, with its style and script, in one response


# ==================================================================================== the command
def test_the_workshop_command_prints_the_join_address_and_its_qr_code(server):
    printed = server.log_path.read_text()
    assert f"    {server.base}/join\n" in printed  # the short address, as given by --address
    qr_lines = [line for line in printed.splitlines() if line.startswith("██")]
    assert len(qr_lines) >= 10  # a QR code drawn with block characters
    assert "Facilitator (this computer only): http://127.0.0.1:" in printed
    assert "workshop_room.ipynb?token=" in printed


def test_the_room_address_is_an_ip_address_never_a_host_name():
    import ipaddress

    from sociocracy.shell.network import room_address

    assert ipaddress.ip_address(room_address()).version == 4


def test_the_terminal_qr_code_in_colour_is_the_same_code_on_any_terminal_theme():
    import segno

    from sociocracy.shell.network import qr_terminal

    url = "http://192.168.1.20:8866/join"
    drawn = qr_terminal(url, colour=True)
    cells = re.findall(r"\x1b\[38;5;(\d+)m\x1b\[48;5;(\d+)m\u2580", drawn)
    wanted = [list(row) for row in segno.make(url, error="m").matrix_iter(scale=1, border=2)]
    width = len(wanted[0])
    rebuilt = []
    for start in range(0, len(cells), width):
        line = cells[start:start + width]
        rebuilt.append([fg == "0" for fg, _bg in line])
        rebuilt.append([bg == "0" for _fg, bg in line])
    assert rebuilt[:len(wanted)] == [[bool(m) for m in row] for row in wanted]


def test_the_join_page_works_under_a_server_prefix(tmp_path):
    """Behind a proxy or a hub the server lives under a prefix: every link and cookie follows."""
    import asyncio
    import threading

    import tornado.web

    from sociocracy.shell.join import join_handlers
    from tools.course_server import free_port

    port, ready, holder = free_port(), threading.Event(), {}

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = tornado.web.Application(join_handlers("/user/ana/"))
        holder["server"] = app.listen(port, "127.0.0.1")
        holder["loop"] = loop
        loop.call_soon(ready.set)
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(10)
    try:
        with RoomStore() as store:  # the handlers' store: the session's throwaway data folder
            room = store.create_room("Prefixed")
        p = Phone(f"http://127.0.0.1:{port}")
        first = p.get(f"/user/ana/join/{room.code}?t={room.token}", follow=False)
        assert first.location == f"/user/ana/join/{room.code}"
        assert "Path=/user/ana/join" in first.headers["Set-Cookie"]
        page = p.get(first.location)
        assert f'action="/user/ana/join/{room.code}"' in page.body
        reply = p.post(f"/user/ana/join/{room.code}", {"action": "join", "name": "Ana"})
        assert "You joined as <bdi>Ana</bdi>" in reply.body
        assert f'data-poll="/user/ana/join/{room.code}/state"' in reply.body
        assert 'action="/user/ana/join"' in p.get("/user/ana/join").body
    finally:
        holder["loop"].call_soon_threadsafe(holder["loop"].stop)
