"""``sociocracy-course lab``: the JupyterLab command line, and JupyterLab started as root."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from sociocracy.shell.cli import course_environment, lab_command
from tools.course_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_lab_opens_the_course_home_with_the_file_browser_at_the_course_folder():
    command = lab_command(ROOT, port=8899, open_browser=False, as_root=False)
    assert command[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert "--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb" in command
    assert "--ServerApp.ip=127.0.0.1" in command and "--port=8899" in command
    assert "--no-browser" in command
    assert not any("allow_root" in arg for arg in command)


def test_lab_allows_root_only_when_running_as_root():
    command = lab_command(ROOT, port=8899, open_browser=True, as_root=True)
    assert "--ServerApp.allow_root=True" in command
    assert "--no-browser" not in command


def test_the_course_environment_puts_the_news_free_lab_settings_on_the_config_path():
    env = course_environment(ROOT)
    config = Path(env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    assert (config / "labconfig" / "page_config.json").is_file()
    assert "announcements" in (config / "labconfig" / "page_config.json").read_text()
    assert '"fetchNews": "false"' in (
        config / "labconfig" / "default_setting_overrides.json").read_text()


def _get(url: str, timeout: float = 5) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.geturl(), response.read().decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="this test checks starting as root; the others cover the command")
def test_lab_starts_as_root_and_serves_the_course_home_without_news(tmp_path):
    port = free_port()
    env = {**os.environ, "CI": "true", "JUPYTER_TOKEN": "course-test-token",
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "HOME": str(tmp_path)}
    log = (tmp_path / "lab.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "sociocracy.shell.cli", "lab", "--no-browser", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    token = "token=course-test-token"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, final_url, page = _get(f"{base}/?{token}")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                assert process.poll() is None, (tmp_path / "lab.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        first_line = (tmp_path / "lab.log").read_text().splitlines()[0]
        assert "Running as root" in first_line
        assert status == 200
        assert final_url.startswith(f"{base}/lab/tree/lessons/00_start_here.ipynb")
        assert '"disabledExtensions": ["@jupyterlab/apputils-extension:announcements"]' in page
        # "Open with Voila" inside JupyterLab uses the course template, whose link script sends
        # exercise links to JupyterLab (this server does not mark its pages as Voila-only).
        _status, _url, voila_page = _get(
            f"{base}/voila/render/lessons/02_rounds.ipynb?{token}", timeout=60)
        assert "courseJupyterLab !== false" in voila_page
        assert '"courseJupyterLab": false' not in voila_page
        # A stop signal to the command stops JupyterLab itself, and with it the page's kernel:
        # nothing is left listening on the port or running on its own.
        started = psutil.Process(process.pid).children(recursive=True)
        assert any("ipykernel" in " ".join(p.cmdline()) for p in started)  # the page's kernel
        process.terminate()
        process.wait(timeout=30)
        _gone, alive = psutil.wait_procs(started, timeout=15)
        assert alive == [], [" ".join(p.cmdline())[:120] for p in alive]
        assert not _listening(port), "JupyterLab kept running after its command was stopped"
    finally:
        if process.poll() is None:
            process.kill()
        log.close()


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0
