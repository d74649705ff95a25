"""The course as a Jupyter Server extension (``sociocracy.shell.extension``): the course's rules
in a plain ``jupyter server`` with Voila as its extension, as JupyterHub's single-user servers
run it.

One server for the module, started as ``jupyterhub-singleuser`` is (a Jupyter server in the course
folder), with the extension enabled by the very file ``pip install`` ships.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sociocracy.shell.extension import COURSE_HOME, course_root, course_settings
from tools.course_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "etc" / "jupyter" / "jupyter_server_config.d" / "sociocracy-course.json"
TOKEN = "extension-test-token"


def _config_dir(tmp: Path) -> Path:
    """A Jupyter configuration folder holding only the file that pip installs."""
    folder = tmp / "config"
    (folder / "jupyter_server_config.d").mkdir(parents=True)
    shutil.copy(SHIPPED, folder / "jupyter_server_config.d" / SHIPPED.name)
    return folder


def test_pip_install_enables_the_extension(tmp_path):
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(_config_dir(tmp_path))}
    listed = subprocess.run(
        [sys.executable, "-m", "jupyter", "server", "extension", "list"], env=env,
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    output = listed.stdout + listed.stderr
    assert "sociocracy.shell.extension \x1b[32menabled" in output or \
        "sociocracy.shell.extension enabled" in output, output
    assert "sociocracy.shell.extension  \x1b[32mOK" in output or \
        "sociocracy.shell.extension  OK" in output, output


def test_the_extension_stays_off_outside_the_course(tmp_path):
    assert course_root(tmp_path) is None
    assert course_root(ROOT) == ROOT


def test_the_settings_are_voila_json_without_standalone_ones():
    settings = course_settings(ROOT)
    assert "Voila" not in settings  # standalone's address and port
    # ipc sockets in a Hub user's runtime folder were longer than a socket path may be
    assert "KernelManager" not in settings
    assert "multi_kernel_manager_class" not in settings["VoilaConfiguration"]
    assert settings["VoilaConfiguration"]["template"] == "course"
    assert settings["VoilaConfiguration"]["strip_sources"] is True
    assert settings["CourseKernelManager"]["visitors"] is False
    assert settings["MappingKernelManager"]["cull_idle_timeout"] > 0


@dataclass
class JupyterServer:
    base: str
    process: subprocess.Popen
    log: Path

    def get(self, path: str, *, token: bool = True, timeout: float = 60) -> tuple[int, str, str]:
        """Status, final address and text of ``path`` (redirects followed; errors returned)."""
        headers = {"Authorization": f"token {TOKEN}"} if token else {}
        request = urllib.request.Request(f"{self.base}/{path}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[JupyterServer]:
    tmp = tmp_path_factory.mktemp("extension")
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(_config_dir(tmp)),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "SOCIOCRACY_COURSE_DATA": str(tmp / "data")}
    env.pop("JUPYTER_CONFIG_PATH", None)
    env.pop("JUPYTER_PATH", None)  # the extension finds the course's template by itself
    log = tmp / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root",
             f"--port={port}", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={ROOT}",
             # one kernel at most, to see the course's cap at work
             "--CourseKernelManager.max_kernels=1"],
            cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
    running = JupyterServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 90
    while True:
        try:
            running.get("api/status", timeout=5)
            break
        except OSError:
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
    yield running
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _stop_every_kernel(server: JupyterServer) -> None:
    """Pages opened before leave their kernels; this server holds one at most."""
    for kernel in json.loads(server.get("api/kernels")[2]):
        request = urllib.request.Request(f"{server.base}/api/kernels/{kernel['id']}",
                                         method="DELETE",
                                         headers={"Authorization": f"token {TOKEN}"})
        urllib.request.urlopen(request, timeout=30).close()


def test_the_course_home_is_the_first_lesson_in_the_course_template(server):
    _stop_every_kernel(server)
    status, url, page = server.get(COURSE_HOME)
    assert status == 200, page[-2000:]
    assert url == f"{server.base}/voila/render/lessons/00_start_here.ipynb"
    assert "courseJupyterLab !== false" in page  # the course template (voila.json)
    # Under a Jupyter server the page is not marked as one without JupyterLab
    assert '"courseJupyterLab": false' not in page
    # nothing from a CDN: the course works offline (a Jupyter server would name cdnjs's MathJax)
    assert "libs/mathjax" not in page and '"fullMathjaxUrl": null' in page
    assert '"mathjaxConfig": null' in page  # with both empty, the page loads no MathJax
    # JupyterLab is one click away on the same server
    assert server.get("lab")[0] == 200


def test_an_app_renders_without_its_sources(server):
    _stop_every_kernel(server)
    status, _url, page = server.get("voila/render/lessons/02_rounds.ipynb")
    assert status == 200
    assert "from sociocracy.widgets import" not in page  # sources are stripped
    assert "application/vnd.jupyter.widget-view+json" in page  # its widgets are there


def test_only_the_course_pages_render(server):
    for path in ("voila/render/README.md", "voila/render/tests/ui/conftest.py",
                 "voila/render/exercises/code/README.md", "voila/api/contents",
                 "voila/files/README.md", "voila/files/.venv/pyvenv.cfg",
                 "voila/files/lessons/.ipynb_checkpoints/x.png"):
        assert server.get(path)[0] == 404, path
    _stop_every_kernel(server)
    status, url, _page = server.get("voila/tree")
    assert status == 200 and url.endswith("/voila/render/lessons/00_start_here.ipynb")


def test_a_hostile_page_name_stays_text(server):
    status, _url, page = server.get(
        "voila/render/apps/%3Cscript%3Ealert(1)%3C%2Fscript%3E.ipynb")
    assert status == 404
    assert "<script>alert(1)" not in page


def test_nothing_without_the_servers_login(server):
    status, url, _page = server.get("voila/render/lessons/00_start_here.ipynb", token=False)
    assert status == 200 and "/login" in url  # Jupyter's login page, not the lesson
    assert server.get("voila/files/lessons/README.png", token=False)[0] in (403, 404)


def test_the_course_kernel_cap_holds(server):
    _stop_every_kernel(server)
    shown = server.get("voila/render/lessons/00_start_here.ipynb")
    assert shown[0] == 200
    status, _url, page = server.get("voila/render/lessons/01_why_sociocracy.ipynb")
    kernels = json.loads(server.get("api/kernels")[2])
    assert status == 503 and "The room is full" in page, (status, page[:500], kernels)
    assert len(kernels) == 1


def test_routes_already_held_get_the_course_handlers():
    """Jupyter's own kernel websocket (added before any extension loads) is swapped for the one
    with TCP_NODELAY, and Voila's routes, if Voila loaded first, for the course's."""
    import tornado.web
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    from sociocracy.shell.extension import NodelayKernelWebsocket, _swap_rules
    from sociocracy.shell.server import CourseHomeRedirect, CoursePageHandler

    app = tornado.web.Application([(r"/api/kernels/(.*)/channels", KernelWebsocketHandler)])
    app.add_handlers(".*$", [(r"/voila/render/(.*)", TornadoVoilaHandler, {"config": None}),
                             (r"/voila/tree(.*)", TornadoVoilaTreeHandler, {"x": 1})])
    _swap_rules(app.default_router, "/home")

    def targets(router) -> dict:
        found = {}
        for rule in router.rules:
            if isinstance(rule.target, type):
                found[rule.matcher.regex.pattern] = (rule.target, rule.target_kwargs)
            else:
                found.update(targets(rule.target))
        return found

    routes = targets(app.default_router)
    assert routes[r"/api/kernels/(.*)/channels$"][0] is NodelayKernelWebsocket
    assert routes[r"/voila/render/(.*)$"] == (CoursePageHandler, {"config": None})
    assert routes[r"/voila/tree(.*)$"] == (CourseHomeRedirect, {"url": "/home"})
