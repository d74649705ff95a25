"""A mixed room (issue 23): a facilitator in Spanish, three phones in Spanish and one in English,
one consent round. Each phone reads its own language; the facilitator's screen and record are in
Spanish and hold every answer exactly as it was typed.

Labels are looked up in the catalogs (``_`` under ``speaking``), so the test follows the
translation instead of repeating it; a label that is not translated would be found in English and
the Spanish assertions below would fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.core.language import _, speaking
from sociocracy.rooms import RoomStore
from tests.ui.conftest import PageLog, workshop_app_url
from tests.ui.test_pages import serious_axe_violations
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


def es(text: str) -> str:
    """``text`` in Spanish, as the course's catalogs say."""
    with speaking("es"):
        translated = _(text)
    assert translated != text, f"'{text}' has no Spanish translation"
    return translated


def phone(browser, server, language: str):
    context = browser.new_context(**PHONE, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log = PageLog(allowed_host=server.host)
    log.attach(page)
    return context, page, log


def test_three_spanish_phones_and_one_english_answer_one_consent_round(
        browser, workshop_server, workshop_data):
    server = workshop_server
    fac_context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      accept_downloads=True)
    fac = fac_context.new_page()
    fac.set_default_timeout(30_000)
    fac_log = PageLog(allowed_host=server.host)
    fac_log.attach(fac)
    fac.goto(workshop_app_url(server, "apps/workshop_room.ipynb") + "&lang=es",
             wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    assert fac.evaluate("() => document.documentElement.lang") == "es"
    fac.get_by_label(es("New room's title:")).fill("Huerto: riego")
    fac.get_by_role("button", name=es("Create a room")).click()
    expect(fac.get_by_text(es("Room code"), exact=True)).to_be_visible()
    with RoomStore(workshop_data) as store:
        room = next(r for r in store.rooms() if r.title == "Huerto: riego")
    link = room.join_link(f"{server.base}/join")

    people = [("Ana", "es"), ("Bea", "es-ES,es;q=0.9"), ("Carlos", "es-MX"), ("Dee", "en-GB")]
    phones = []
    for name, language in people:
        context, page, log = phone(browser, server, language)
        page.goto(link)
        spanish = language.startswith("es")
        assert page.evaluate("() => document.documentElement.lang") == ("es" if spanish else "en")
        page.get_by_label(es("Your name") if spanish else "Your name").fill(name)
        page.get_by_role("button", name=es("Join") if spanish else "Join", exact=True).click()
        phones.append((context, page, log, spanish))

    fac.get_by_label(es("Activity:")).select_option(label=es("Consent round on a proposal"))
    fac.get_by_label(es("Prompt for the phones:")).fill("Regamos por turnos desde el lunes.")
    fac.get_by_role("button", name=es("Open on the phones")).click()

    answers = [("Consent", ""),
               ("Objection", "Los lunes trabajo hasta tarde; ¿empezamos el martes?"),
               ("Consent", "Me parece bien probarlo"),
               ("Objection", "Mondays I'm away <b>all</b> day")]
    for (_context, page, _log, spanish), (choice, reason) in zip(phones, answers, strict=True):
        radio = page.get_by_role("radio", name=es(choice) if spanish else choice, exact=True)
        expect(radio).to_be_visible(timeout=15_000)
        radio.check()
        if reason:
            page.get_by_label(es("Reason") if spanish else "Reason").fill(reason)
        page.get_by_role("button", name=es("Send") if spanish else "Send").click()
        expect(page.get_by_text(es("Received.") if spanish else "Received.",
                                exact=False).first).to_be_visible()
        # each phone in its own language only
        text = page.inner_text("body")
        if spanish:
            assert "Waiting for the facilitator" not in text and "Received" not in text
        else:
            assert es("Received.") not in text
    english_phone = phones[3][1]
    assert serious_axe_violations(english_phone) == []
    assert serious_axe_violations(phones[0][1]) == []

    fac.get_by_role("button", name=es("Reveal all answers")).click()
    for _context, page, _log, spanish in phones:
        words = es("Answers revealed: thank you.") if spanish else "Answers revealed: thank you."
        expect(page.get_by_text(words, exact=False)).to_be_visible(timeout=15_000)

    # the spoken round, on the facilitator's screen, in Spanish
    for _turn in people:
        fac.get_by_role("button", name=es("Next"), exact=True).click()
    expect(fac.get_by_role("heading", name=es("The round is complete"))).to_be_visible()
    with fac.expect_download() as info:
        fac.get_by_role("link", name=re.compile(re.escape(es("Download the room's record "
                                                              "(Markdown)")))).click()
    record = Path(info.value.path()).read_text(encoding="utf-8")
    shown = record.replace("\\", "")  # Markdown escapes people's "<" as "\<"
    for _choice, reason in answers:
        if reason:
            assert reason in shown  # as written, in its own language, never translated
    assert "\\<b>all\\</b>" in record  # and never as markup
    for name, _language in people:
        assert name in record
    assert es("Objection") in record  # the record's labels: the facilitator's language

    for context, _page, log, _spanish in phones:
        assert log.problems() == []
        context.close()
    assert fac_log.problems() == []
    fac_context.close()
