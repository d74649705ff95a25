"""The join page in each phone's own language (issue 23): one server, many phones, each page in
the language its phone asked for (``?lang=``, then the ``sociocracy-language`` cookie, then the
browser's ``Accept-Language``), independently of the others and of the facilitator.

The join handlers run in this process on a free port (a tornado loop in a thread), on a record of
this module's own: no course server is started, so the module takes about a second.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import tornado.web

from sociocracy.rooms import RoomStore
from sociocracy.shell.join import LANGUAGE_COOKIE, JoinService, join_handlers
from tools.course_server import free_port
from tools.join_client import Phone

SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
_addresses = itertools.count(2)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("join-languages")


@pytest.fixture(scope="module")
def base(data) -> Iterator[str]:
    port, ready, holder = free_port(), threading.Event(), {}
    service = JoinService(lambda: RoomStore(data), root="/join")

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = tornado.web.Application(join_handlers("/", service))
        holder["server"] = app.listen(port, "127.0.0.1")
        holder["loop"] = loop
        loop.call_soon(ready.set)
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    yield f"http://127.0.0.1:{port}"
    loop = holder["loop"]
    loop.call_soon_threadsafe(holder["server"].stop)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture(scope="module")
def store(data, base) -> Iterator[RoomStore]:
    with RoomStore(data) as opened:
        yield opened


@pytest.fixture
def room(store):
    return store.create_room("Taller de prueba")


def phone(base: str, languages: dict[str, str] | None = None) -> Phone:
    """A phone whose browser sends ``languages`` (its header) with every request."""
    found = Phone(base, source=f"127.0.0.{next(_addresses)}")
    request = found.request

    def with_headers(method, path, fields=None, *, headers=None, follow=True):
        return request(method, path, fields, headers={**(languages or {}), **(headers or {})},
                       follow=follow)

    found.request = with_headers  # type: ignore[method-assign]
    return found


def html_lang(body: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', body)
    return found.group(1) if found else ""


def test_the_join_page_follows_the_browsers_language(base, room):
    page = phone(base, SPANISH).get("/join")
    assert page.status == 200 and html_lang(page.body) == "es"
    assert ">Código de la sala</label>" in page.body and ">Tu nombre</label>" in page.body
    assert ">Entrar</button>" in page.body
    assert "Room code" not in page.body and "Your name" not in page.body
    english = phone(base, ENGLISH).get("/join")
    assert html_lang(english.body) == "en" and ">Room code</label>" in english.body


def test_lang_in_the_address_wins_and_is_kept_for_the_session(base, room):
    p = phone(base, ENGLISH)
    chosen = p.get(f"/join/{room.code}?t={room.token}&lang=es", follow=False)
    cookie = [c for c in chosen.headers.get_all("Set-Cookie")
              if c.startswith(f"{LANGUAGE_COOKIE}=")]
    assert cookie and cookie[0].startswith(f"{LANGUAGE_COOKIE}=es;")
    assert "SameSite=Lax" in cookie[0] and "expires" not in cookie[0].lower()  # the session's
    # the same cookie as a course page's (the join page's server is the course's: path "/")
    assert "HttpOnly" in cookie[0] and "Path=/;" in cookie[0]
    page = p.join(room.code, "Ana")  # no ?lang= any more: the cookie says it
    assert html_lang(page.body) == "es"
    assert "Sala " in page.body and "Entraste como <bdi>Ana</bdi>" in page.body
    assert "Esperando a la persona que facilita…" in page.body
    assert "You joined as" not in page.body
    back = p.get(f"/join/{room.code}?lang=en")
    assert html_lang(back.body) == "en" and "You joined as <bdi>Ana</bdi>" in back.body


def test_one_phone_in_english_and_another_in_spanish_in_the_same_round(base, room):
    english, spanish = phone(base, ENGLISH), phone(base, SPANISH)
    english.scan(room.code, room.token)
    spanish.scan(room.code, room.token)
    english.join(room.code, "Ben")
    spanish.join(room.code, "Carla")
    consent = room.open_activity("consent", "Comprar un hervidor")
    en_page, es_page = english.get(f"/join/{room.code}").body, spanish.get(
        f"/join/{room.code}").body
    assert "<h2>Consent round</h2>" in en_page and "> Objection</label>" in en_page
    assert "<h2>Ronda de consentimiento</h2>" in es_page and "> Objeción</label>" in es_page
    assert "Consent round" not in es_page
    # a refusal made by the record's rules, in the store's thread pool: in the phone's language
    refused = spanish.answer(room.code, choice="objection", reason="")
    assert refused.status == 400 and "Motivo:" in refused.body and "needed" not in refused.body
    refused_en = english.answer(room.code, choice="objection", reason="")
    assert "Reason: this is needed" in refused_en.body
    assert "Recibida." in spanish.answer(room.code, choice="objection", reason="Hace ruido").body
    assert "Received." in english.answer(room.code, choice="consent").body
    room.reveal(consent)
    revealed = spanish.get(f"/join/{room.code}").body
    assert "Tu respuesta: <bdi>Objeción: Hace ruido</bdi>" in revealed
    assert {r.name: r.fields["choice"] for r in room.responses(consent)} == {
        "Ben": "consent", "Carla": "objection"}  # the record holds the answers as sent


def test_the_language_switch_is_labelled_links_to_each_language(base, room):
    page = phone(base, SPANISH).get("/join").body
    nav = re.search(r'<nav class="languages" aria-label="([^"]+)">(.*?)</nav>', page)
    assert nav and nav.group(1) == "Idioma"
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"([^>]*)>([^<]+)</a>',
                       nav.group(2))
    assert [(href, lang, text) for href, lang, _mark, text in links] == [
        ("/join?lang=en", "en", "English"), ("/join?lang=es", "es", "Español")]
    assert [bool(mark) for _h, _l, mark, _t in links] == [False, True]  # aria-current


def test_error_pages_and_unknown_languages(base):
    missing = phone(base, SPANISH).get("/join/ABCDE/x/y")
    assert missing.status == 404 and html_lang(missing.body) == "es"
    assert "No hay ninguna página así aquí" in missing.body
    unknown = phone(base, {"Accept-Language": "xx"}).get("/join?lang=zz")
    assert html_lang(unknown.body) == "en" and LANGUAGE_COOKIE not in str(unknown.headers)


def test_the_follow_up_question_reads_in_each_phones_language(base, room):
    """The course's question about SoFA's trainings, asked by a presenter in Spanish: an English
    phone reads it in English (it is the course's text, not a person's words)."""
    from sociocracy.core.language import _, speaking
    from sociocracy.sessions.follow_up import QUESTION

    english, spanish = phone(base, ENGLISH), phone(base, SPANISH)
    for p, name in ((english, "Dee"), (spanish, "Eva")):
        p.scan(room.code, room.token)
        p.join(room.code, name)
    with speaking("es"):
        asked = _(QUESTION)
    assert asked != QUESTION
    room.open_activity("follow-up", asked)
    on_english = english.get(f"/join/{room.code}").body
    assert html.escape(QUESTION) in on_english and html.escape(asked) not in on_english
    assert html.escape(asked) in spanish.get(f"/join/{room.code}").body
