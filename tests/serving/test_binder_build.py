"""Binder's image, built here the way repo2docker builds it, serves the course.

repo2docker copies the repository into the image, creates the environment from
``environment.yml`` (the course's dependencies, not the course) and runs ``postBuild`` in the
repository's folder; Binder then starts a Jupyter server with Voila as its extension. This module
does the same with a fresh virtual environment: the packages ``environment.yml`` lists, installed
with pip (conda-forge and PyPI share their names here: tests/serving/test_environment_sync.py),
a copy of the checkout, ``postBuild``, then ``jupyter server`` on 127.0.0.1 rendering a lesson.

One build per test session (about 1.5-2 minutes on 2 cores with pip's cache warm: most of it the
install of the environment, about 20 s ``postBuild`` with its charts); the tests then only read
what it left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tools.course_server import free_port
from tools.jupyter_settings import SETTINGS_FILE

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "binder-test-token"
#: Build steps are bounded: a step that hangs fails the test instead of the suite.
INSTALL_TIMEOUT = 900
POSTBUILD_TIMEOUT = 600
#: A page's whole render, its kernel's start included, on a busy 2-core machine.
RENDER_TIMEOUT = 150


@dataclass
class BinderImage:
    repo: Path  # the copy of the checkout, the image's home folder on Binder
    home: Path
    venv: Path
    env: dict[str, str]
    postbuild: subprocess.CompletedProcess

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)


def environment_packages() -> list[str]:
    """Every package ``environment.yml`` lists, as pip requirements (without python and pip)."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found: list[str] = []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            found += item.get("pip", [])
        elif re.match(r"[A-Za-z0-9_.\-]+", item).group(0) not in ("python", "pip"):
            found.append(item)
    return found


def copy_checkout(target: Path) -> None:
    """The files git knows or would add (what a clone holds, plus work not yet committed)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def clean_environment(home: Path, venv: Path) -> dict[str, str]:
    """This process's environment without the course's or Jupyter's settings, as on Binder."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SOCIOCRACY_COURSE_", "JUPYTER", "XDG_", "VIRTUAL_ENV",
                                  "PYTHON"))}
    env.update(HOME=str(home), VIRTUAL_ENV=str(venv),
               PATH=os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", "")]))
    return env


@pytest.fixture(scope="session")
def binder_image(tmp_path_factory) -> BinderImage:
    base = tmp_path_factory.mktemp("binder")
    repo, home, venv = base / "repo", base / "home", base / "venv"
    home.mkdir()
    copy_checkout(repo)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = clean_environment(home, venv)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
         *environment_packages()],
        cwd=base, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert install.returncode == 0, f"environment.yml's packages:\n{install.stderr[-3000:]}"
    postbuild = subprocess.run(["bash", "postBuild"], cwd=repo, env=env, capture_output=True,
                               text=True, timeout=POSTBUILD_TIMEOUT)
    return BinderImage(repo=repo, home=home, venv=venv, env=env, postbuild=postbuild)


@pytest.fixture(scope="session")
def binder_server(binder_image):
    """``jupyter server`` from the image, as Binder starts it (Voila as its extension)."""
    image = binder_image
    assert image.postbuild.returncode == 0, image.postbuild.stderr[-3000:]
    port = free_port()
    log = (image.home / "server.log").open("w")
    command = [image.bin("jupyter"), "server", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Binder runs as a user; this machine's tests may not
    process = subprocess.Popen(command, cwd=image.repo, env=image.env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError((image.home / "server.log").read_text()[-3000:]) from None
            time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def render(base: str, notebook: str, *, within: float = RENDER_TIMEOUT) -> str:
    """The page as Voila sends it, read to its end within ``within`` seconds (a page whose
    template is missing never ends: Voila keeps sending heartbeats)."""
    deadline = time.monotonic() + within
    chunks: list[bytes] = []
    with urllib.request.urlopen(f"{base}/voila/render/{notebook}?token={TOKEN}",
                                timeout=30) as response:
        assert response.status == 200
        while chunk := response.read1(65536):
            chunks.append(chunk)
            if time.monotonic() > deadline:
                page = b"".join(chunks).decode("utf-8", "replace")
                raise AssertionError(f"{notebook} did not finish rendering within {within:.0f} s "
                                     f"(the server's log is server.log in the test's home); "
                                     f"it ends with: {page[-300:]!r}")
    return b"".join(chunks).decode("utf-8")


def test_postbuild_succeeds_in_a_fresh_environment(binder_image):
    assert binder_image.postbuild.returncode == 0, binder_image.postbuild.stderr[-3000:]


def test_postbuild_installs_the_course_template_where_voila_finds_it(binder_image):
    template = (binder_image.venv / "share" / "jupyter" / "voila" / "templates" / "course")
    assert (template / "index.html.j2").is_file()


def test_postbuild_gives_voila_the_course_settings(binder_image):
    listed = subprocess.run([binder_image.bin("jupyter"), "server", "extension", "list"],
                            env=binder_image.env, capture_output=True, text=True, timeout=120)
    assert re.search(r"voila\.server_extension\s+enabled", _plain(listed.stdout + listed.stderr))
    written = json.loads((binder_image.venv / "etc" / "jupyter" / "jupyter_server_config.d"
                          / SETTINGS_FILE).read_text())
    voila = json.loads((ROOT / "voila.json").read_text())
    assert written["VoilaConfiguration"]["template"] == "course"
    assert written["VoilaConfiguration"]["strip_sources"] is True
    assert written["MappingKernelManager"] == voila["MappingKernelManager"]


def test_postbuild_sets_up_jupyterlab_as_the_course_does(binder_image):
    page_config = binder_image.venv / "etc" / "jupyter" / "labconfig" / "page_config.json"
    disabled = json.loads(page_config.read_text())["disabledExtensions"]
    assert disabled["@jupyterlab/apputils-extension:announcements"] is True


def test_postbuild_draws_the_opening_charts_into_the_image(binder_image):
    charts = binder_image.home / ".cache" / "sociocracy-course" / "charts"
    assert "opening charts are kept" in binder_image.postbuild.stdout
    assert charts.is_dir() and any(charts.iterdir())


def test_postbuild_leaves_no_build_folders_in_the_course(binder_image):
    assert not (binder_image.repo / "build").exists()
    assert not list(binder_image.repo.glob("*.egg-info"))


def test_the_course_home_renders_with_the_course_template(binder_server):
    page = render(binder_server, "lessons/00_start_here.ipynb")
    assert "course-skip-link" in page  # the course template's own markup
    assert "sociocracy-course-progress" in page  # its inlined scripts


def test_a_lesson_runs_its_widgets_with_sources_hidden(binder_server):
    page = render(binder_server, "lessons/02_rounds.ipynb")
    assert page.count("application/vnd.jupyter.widget-view+json") >= 2
    assert "AirtimeSimulator(group_size=8)" not in page  # strip_sources
    assert "Traceback" not in page


def _plain(text: str) -> str:
    """Jupyter's listing without its colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
