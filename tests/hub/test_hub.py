"""The course on a local JupyterHub (``deploy/jupyterhub/jupyterhub_config.py``, ``make hub``).

Three users log in; each lands on the course home in Voila and opens an app, both drawn in
Chromium without errors and clean for axe. One creates a workshop room; two phones with no Hub
login join it through the join service and answer; another user does not see the room. The
course's server rules hold inside their servers (the course's Jupyter Server extension).
Stopping the Hub leaves no process behind. One Hub for the session (``conftest.py``); the tests
run in this file's order, the last one stops it.
"""

from __future__ import annotations

import re
import socket

import psutil
import pytest
from playwright.sync_api import expect

from tests.ui.conftest import PHONE, PageLog, screenshot
from tests.ui.test_pages import serious_axe_violations
from tools.hub_server import HubServer, log_in
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

USERS = ("ada", "bo", "chen")
APP = "apps/round_facilitator.ipynb"


def _context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    return context


def _clean(page, log: PageLog, *, widgets: bool) -> None:
    errors = page.locator(".jp-OutputArea-output[data-mime-type*='stderr'], .voila-error")
    assert errors.count() == 0, errors.first.inner_text()
    assert "There was an error when executing cell" not in page.content()
    if widgets:  # the course home is text and links; an app is widgets
        assert page.locator("#rendered_cells .jupyter-widgets").count() > 0
    assert log.problems() == []
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("user", USERS)
def test_a_user_lands_on_the_course_home_and_opens_an_app(browser, hub: HubServer, user):
    context = _context(browser)
    try:
        page = context.new_page()
        log = PageLog(allowed_host=hub.base.split("//")[1])
        log.attach(page)
        log_in(page, hub, user)
        wait_until_rendered(page, timeout=180_000)
        assert page.url == hub.user_url(user, "voila/render/lessons/00_start_here.ipynb")
        assert page.locator("h1").count() >= 1
        # JupyterLab is one click away: the same page, with its code
        lab = page.get_by_role("link", name="Open this page in JupyterLab")
        assert lab.get_attribute("href") == f"/user/{user}/lab/tree/lessons/00_start_here.ipynb"
        screenshot(page, f"hub-{user}-home")
        _clean(page, log, widgets=False)

        page.goto(hub.user_url(user, f"voila/render/{APP}"), wait_until="domcontentloaded")
        wait_until_rendered(page, timeout=180_000)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"hub-{user}-app")
        _clean(page, log, widgets=True)
    finally:
        context.close()


def test_the_course_rules_hold_in_a_users_server(browser, hub: HubServer):
    context = _context(browser)
    try:
        page = context.new_page()
        log_in(page, hub, "ada")
        ask = context.request
        for path in ("voila/render/README.md", "voila/render/tests/ui/conftest.py",
                     "voila/render/exercises/code/README.md", "voila/api/contents",
                     "voila/files/README.md", "voila/files/.venv/pyvenv.cfg"):
            assert ask.get(hub.user_url("ada", path)).status == 404, path
        # hidden sources stay hidden
        page_text = ask.get(hub.user_url("ada", "voila/render/lessons/02_rounds.ipynb")).text()
        assert "from sociocracy.widgets import" not in page_text
        # a hostile page name stays text
        hostile = ask.get(hub.user_url(
            "ada", "voila/render/apps/%3Cscript%3Ealert(1)%3C%2Fscript%3E.ipynb"))
        assert hostile.status == 404 and "<script>alert(1)" not in hostile.text()
        # another user's server is not ada's to open
        other = ask.get(hub.user_url("bo", "voila/render/lessons/00_start_here.ipynb"),
                        max_redirects=0)
        assert other.status in (302, 403) and "voila" not in other.headers.get("location", "")
    finally:
        context.close()


def test_phones_join_a_users_room_through_the_service_and_no_other_user_sees_it(browser,
                                                                               hub: HubServer):
    """Ada creates a room in her own server; two phones with no Hub login join it through the
    join service (/services/course-join/join) and answer; Bo's server does not show her room."""
    join = f"{hub.base}/services/course-join/join"
    ada = _context(browser)
    phones = []
    try:
        page = ada.new_page()
        log_in(page, hub, "ada")
        page.goto(hub.user_url("ada", "voila/render/apps/workshop_room.ipynb"),
                  wait_until="domcontentloaded")
        wait_until_rendered(page, timeout=180_000)
        page.get_by_label("New room's title:").fill("Ada's cohort")
        page.get_by_role("button", name="Create a room").click()
        code_box = page.locator(".course-room-code").first
        expect(code_box).to_contain_text("Room code")
        code = code_box.locator("p").last.inner_text().strip()
        assert len(code) >= 4, code
        # the address and the QR code on the screen are the service's, not Ada's server's
        expect(page.get_by_text(join, exact=True)).to_be_visible()
        expect(page.get_by_alt_text(re.compile(f"QR code.*join room {code}"))).to_be_visible()

        for name in ("Ana", "Ben"):
            phone_context = browser.new_context(**PHONE)  # no Hub login
            phone = phone_context.new_page()
            phone.set_default_timeout(60_000)
            phone.goto(join)
            phone.get_by_label("Room code").fill(code)
            phone.get_by_label("Your name").fill(name)
            phone.get_by_role("button", name="Join").click()
            expect(phone.get_by_text("Waiting for the facilitator…")).to_be_visible()
            phones.append((phone_context, phone))
        expect(page.get_by_text(re.compile("2 people have joined"))).to_be_visible(
            timeout=30_000)
        page.get_by_label("Activity:").select_option(label="Consent round on a proposal")
        page.get_by_label("Prompt for the phones:").fill("We meet on Tuesdays from now on.")
        page.get_by_role("button", name="Open on the phones").click()
        for _phone_context, phone in phones:
            radio = phone.get_by_role("radio", name="Consent", exact=True)
            expect(radio).to_be_visible(timeout=30_000)
            radio.check()
            phone.get_by_role("button", name="Send").click()
            expect(phone.get_by_text("Received").first).to_be_visible()
        assert serious_axe_violations(phones[0][1]) == []
        screenshot(phones[0][1], "hub-phone-received-390")
        expect(page.locator(".course-answered")).to_contain_text("2 of 2", timeout=30_000)
        screenshot(page, "hub-ada-room")
    finally:
        for phone_context, _phone in phones:
            phone_context.close()
        ada.close()

    bo = _context(browser)
    try:
        page = bo.new_page()
        log_in(page, hub, "bo")
        page.goto(hub.user_url("bo", "voila/render/apps/workshop_room.ipynb"),
                  wait_until="domcontentloaded")
        wait_until_rendered(page, timeout=180_000)
        expect(page.get_by_role("button", name="Create a room")).to_be_visible()
        text = page.locator("#rendered_cells").inner_text()
        assert "Ada's cohort" not in text and code not in text
        earlier = page.get_by_label("Earlier rooms:").locator("option")
        assert earlier.count() == 0, earlier.all_inner_texts()  # Ada's room is not Bo's
    finally:
        bo.close()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_stopping_the_hub_leaves_nothing_behind(hub: HubServer):
    started = hub.descendants()
    names = " ".join(" ".join(p.cmdline()) for p in started)
    # the Hub, its proxy, the culler, three users' servers and their kernels
    assert "configurable-http-proxy" in names and "jupyterhub-singleuser" in names
    assert "ipykernel" in names
    assert "sociocracy.shell.join_service" in names
    store = hub.store_port()
    assert store is not None and _listening(store)
    hub.stop()
    _gone, alive = psutil.wait_procs(started, timeout=30)
    assert alive == [], [" ".join(p.cmdline())[:120] for p in alive]
    assert not _listening(int(hub.base.rsplit(":", 1)[1]))
    assert not _listening(store)  # PostgreSQL stopped too
