"""Under a JupyterHub the Workshop room app's QR code and address point at the Hub's join service
(issue 22); on a laptop they are what ``sociocracy-course workshop`` set."""

from __future__ import annotations

import html

import segno
from sociocracy.widgets import WorkshopRoom

from sociocracy.core import settings
from sociocracy.rooms import RoomStore
from sociocracy.shell import hub

SERVICE = "https://hub.example.org/services/course-join/join"


def test_the_qr_code_under_a_hub_is_the_services_link(monkeypatch, tmp_path):
    monkeypatch.delenv(settings.JOIN_URL_ENV, raising=False)
    monkeypatch.setenv(settings.HUB_USER_ENV, "ana")
    monkeypatch.setenv(settings.HUB_PUBLIC_URL_ENV, "https://hub.example.org/")
    with RoomStore(tmp_path) as store:
        assert store.owner == "ana"
        w = WorkshopRoom(store, refresh_every=0)
        w.create_room("Taste of sociocracy")
        room = store.rooms()[0]
        link = f"{SERVICE}/{room.code}?t={room.token}"
        assert html.escape(SERVICE) in w.qr.value
        qr = segno.make(link, error="m").svg_data_uri(scale=6, border=2)
        assert html.escape(qr, quote=True) in w.qr.value  # the QR code encodes the link
        w.close()


def test_the_hub_configuration_gives_the_apps_the_services_address(monkeypatch, tmp_path):
    env = hub.single_user_environment(store="postgresql://course@127.0.0.1/rooms",
                                      public_url="https://hub.example.org")
    assert env[settings.JOIN_URL_ENV] == SERVICE
    monkeypatch.setenv(settings.JOIN_URL_ENV, env[settings.JOIN_URL_ENV])
    with RoomStore(tmp_path) as store:
        w = WorkshopRoom(store, refresh_every=0)
        assert w.join_url == SERVICE
        w.close()


def test_a_hub_without_a_public_address_says_whom_to_ask(monkeypatch, tmp_path):
    monkeypatch.delenv(settings.JOIN_URL_ENV, raising=False)
    monkeypatch.delenv(settings.HUB_PUBLIC_URL_ENV, raising=False)
    monkeypatch.setenv(settings.HUB_USER_ENV, "ana")
    with RoomStore(tmp_path) as store:
        w = WorkshopRoom(store, refresh_every=0)
        w.create_room("Taste")
        assert "c.JupyterHub.public_url" in w.qr.value and "<img" not in w.qr.value
        assert "sociocracy-course workshop" not in w.qr.value
        w.close()
