"""``deploy/jupyterhub/jupyterhub_config.py`` and ``make hub`` without starting a Hub: the
password is required, and the Hub sends users to the course home the extension serves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

from sociocracy.shell.extension import COURSE_HOME

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def _load(tmp_path: Path, **env: str) -> Config:
    config = Config()
    patch = pytest.MonkeyPatch()
    patch.delenv("SOCIOCRACY_HUB_PASSWORD", raising=False)
    patch.setenv("SOCIOCRACY_HUB_STATE", str(tmp_path))
    for name, value in env.items():
        patch.setenv(name, value)
    try:
        exec(compile(CONFIG.read_text(), str(CONFIG), "exec"),
             {"get_config": lambda: config, "__file__": str(CONFIG)})
    finally:
        patch.undo()
    return config


def test_the_hub_refuses_to_start_without_a_password(tmp_path):
    with pytest.raises(SystemExit, match="Set SOCIOCRACY_HUB_PASSWORD"):
        _load(tmp_path)
    with pytest.raises(SystemExit, match="at least 8"):
        _load(tmp_path, SOCIOCRACY_HUB_PASSWORD="short")
    env = {k: v for k, v in os.environ.items() if k != "SOCIOCRACY_HUB_PASSWORD"}
    launcher = subprocess.run([sys.executable, str(ROOT / "tools" / "hub.py")], env=env,
                              capture_output=True, text=True, timeout=60)
    assert launcher.returncode == 2
    assert "Set SOCIOCRACY_HUB_PASSWORD" in launcher.stderr
    assert "Traceback" not in launcher.stderr


def test_users_land_on_the_course_home_with_culling_and_the_join_service(tmp_path):
    c = _load(tmp_path, SOCIOCRACY_HUB_PASSWORD="a-long-password", HUB_PORT="8123",
              SOCIOCRACY_COURSE_STORE="postgresql://course@127.0.0.1:5432/course")
    assert c.Spawner.default_url == "/" + COURSE_HOME
    assert c.Spawner.notebook_dir == str(ROOT)
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.port == 8123
    assert c.SharedPasswordAuthenticator.user_password == "a-long-password"
    assert c.JupyterHub.spawner_class == "simple"
    assert c.Spawner.environment["SOCIOCRACY_COURSE_STORE"].startswith("postgresql://")
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert "jupyterhub_idle_culler" in culler["command"]
    assert any(role["services"] == ["idle-culler"] for role in c.JupyterHub.load_roles)
    join = next(s for s in c.JupyterHub.services if s["name"] == "course-join")
    assert join["command"][1:] == ["-m", "sociocracy.shell.join_service"]
    assert join["environment"]["SOCIOCRACY_COURSE_STORE"].startswith("postgresql://")
    assert join["url"].startswith("http://127.0.0.1:")
    # the users' servers put the service's address in their QR codes
    assert (c.Spawner.environment["SOCIOCRACY_COURSE_JOIN_URL"]
            == "http://127.0.0.1:8123/services/course-join/join")
    with pytest.raises(SystemExit, match="HUB_PORT"):
        _load(tmp_path, SOCIOCRACY_HUB_PASSWORD="a-long-password", HUB_PORT="eighty")


def test_a_store_that_is_not_postgresql_is_refused_in_one_sentence(tmp_path):
    with pytest.raises(SystemExit, match=r"jupyterhub_config\.py: .*(PostgreSQL|postgresql)"):
        _load(tmp_path, SOCIOCRACY_HUB_PASSWORD="a-long-password",
              SOCIOCRACY_COURSE_STORE=str(tmp_path / "rooms.sqlite3"))
