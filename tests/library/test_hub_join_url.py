"""Rooms across servers (issue 22): the Hub configuration's pieces, and where phones are sent.

Under a JupyterHub the apps' join link points at the Hub's join service
(``{public Hub URL}/services/course-join/join/CODE``); on a laptop nothing changes.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from sociocracy.core import settings
from sociocracy.core.errors import CourseError
from sociocracy.rooms import RoomStore
from sociocracy.shell import hub
from tests.conftest import ROOT

STORE = "postgresql://course@127.0.0.1:5432/rooms"
HUB_VARIABLES = (settings.HUB_USER_ENV, settings.HUB_PUBLIC_URL_ENV, settings.JOIN_URL_ENV)


@pytest.fixture
def laptop(monkeypatch):
    for name in HUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_on_a_laptop_the_join_address_is_unchanged(laptop):
    assert settings.join_url() == ""
    laptop.setenv(settings.JOIN_URL_ENV, "http://10.0.0.5:8866/join")
    assert settings.join_url() == "http://10.0.0.5:8866/join"
    laptop.delenv(settings.JOIN_URL_ENV)
    laptop.setenv(settings.HUB_PUBLIC_URL_ENV, "https://hub.example.org/")  # not in a Hub server
    assert settings.join_url() == ""


def test_in_a_hub_users_server_phones_join_through_the_service(laptop):
    laptop.setenv(settings.HUB_USER_ENV, "ana")
    # JupyterHub sets the Hub's own address, ending in hub/ (user.py: public_url with the
    # Hub's base_url as path); services live beside it, not under it
    laptop.setenv(settings.HUB_PUBLIC_URL_ENV, "https://hub.example.org/course/hub/")
    assert settings.join_url() == "https://hub.example.org/course/services/course-join/join"
    laptop.setenv(settings.HUB_PUBLIC_URL_ENV, "https://hub.example.org/hub/")
    assert settings.join_url() == "https://hub.example.org/services/course-join/join"
    # the Hub configuration's own address wins (another name, another public address)
    laptop.setenv(settings.JOIN_URL_ENV, hub.join_url("https://rooms.example.org", "rooms"))
    assert settings.join_url() == "https://rooms.example.org/services/rooms/join"


def test_the_qr_link_of_a_hub_users_room_points_at_the_service(laptop, tmp_path):
    for name, value in hub.single_user_environment(
            store=STORE, public_url="http://127.0.0.1:8000/").items():
        laptop.setenv(name, value)
    laptop.setenv(settings.HUB_USER_ENV, "ana")
    with RoomStore(tmp_path, owner="ana") as store:  # the record's place does not matter here
        room = store.create_room("Taste")
    assert room.join_link(settings.join_url()) == (
        f"http://127.0.0.1:8000/services/course-join/join/{room.code}?t={room.token}")


def test_the_hub_service_entry(tmp_path):
    entry = hub.join_service(store=STORE, port=10123)
    assert entry["name"] == "course-join" == settings.JOIN_SERVICE_NAME
    assert entry["url"] == "http://127.0.0.1:10123"
    assert entry["command"] == [sys.executable, "-m", "sociocracy.shell.join_service"]
    assert entry["environment"] == {settings.STORE_ENV: STORE}
    assert entry["display"] is False
    more = hub.join_service("rooms", store=STORE, port=10124, python="/opt/course/bin/python",
                            environment={"SOCIOCRACY_COURSE_ROOM_SIZE": "60"})
    assert more["command"][0] == "/opt/course/bin/python"
    assert more["environment"] == {settings.STORE_ENV: STORE,
                                   "SOCIOCRACY_COURSE_ROOM_SIZE": "60"}
    # the command names a module that runs (it says what it misses without the Hub's settings)
    done = subprocess.run([*entry["command"]], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 2 and "JUPYTERHUB_SERVICE_URL is not set" in done.stderr


@pytest.mark.parametrize("call", [
    lambda: hub.join_service(store=str(ROOT / "rooms.sqlite3")),
    lambda: hub.join_service(store=""),
    lambda: hub.join_service("a/b", store=STORE),
    lambda: hub.join_service(store=STORE, port=70000),
    lambda: hub.single_user_environment(store=STORE, name="rooms"),
    lambda: hub.join_url("hub.example.org"),
])
def test_the_hub_configuration_refuses_what_cannot_work_in_one_sentence(call):
    with pytest.raises(CourseError) as refused:
        call()
    assert refused.value.plain.count(". ") == 0 and refused.value.plain.endswith((".", ")"))
