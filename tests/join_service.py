"""The phones' join service as the Hub starts it, without a Hub: one process per test worker.

``join_service`` (session-scoped, registered in ``tests/conftest.py``) runs the entry that
:func:`sociocracy.shell.hub.join_service` makes, with the variables JupyterHub sets for a managed
service, on 127.0.0.1 and a database of its own on the shared PostgreSQL server
(``tests/postgres.py``). The serving and browser tests share it.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sociocracy.shell import hub
from tools.course_server import free_port
from tools.join_client import Phone

__all__ = ["NAME", "PREFIX", "ROOT_PATH", "Service", "join_service"]

NAME = "course-join"
PREFIX = f"/services/{NAME}/"
ROOT_PATH = f"{PREFIX}join"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Service:
    base: str
    store: str
    process: subprocess.Popen
    log: Path


def _wait_until_listening(service: Service, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    probe = Phone(service.base, timeout=5)
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError("the join service stopped at start:\n"
                               + service.log.read_text(errors="replace")[-3000:])
        try:
            if probe.get(ROOT_PATH).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the join service did not answer within a minute:\n"
                       + service.log.read_text(errors="replace")[-3000:])


@pytest.fixture(scope="session")
def join_service(postgres_server, tmp_path_factory) -> Iterator[Service]:
    """The service as the Hub starts it: the entry :func:`hub.join_service` makes, run with the
    variables JupyterHub sets for a managed service (no Hub, no API calls)."""
    from pytest_postgresql.janitor import DatabaseJanitor

    dbname = f"hub_{uuid.uuid4().hex[:12]}"
    port = free_port()
    with DatabaseJanitor(user=postgres_server.user, host=postgres_server.host,
                         port=postgres_server.port, dbname=dbname):
        store = postgres_server.url(dbname)
        entry = hub.join_service(NAME, store=store, port=port)
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("SOCIOCRACY_COURSE_", "JUPYTERHUB_"))}
        env.update(entry["environment"])
        env.update({  # what JupyterHub's Service.start() adds for a managed service with a url
            "JUPYTERHUB_SERVICE_NAME": NAME,
            "JUPYTERHUB_SERVICE_URL": entry["url"],
            "JUPYTERHUB_SERVICE_PREFIX": PREFIX,
            "JUPYTERHUB_BASE_URL": "/",
            "JUPYTERHUB_API_URL": "http://127.0.0.1:9/hub/api",  # never called
            "JUPYTERHUB_API_TOKEN": "not-used-by-the-join-service",
        })
        log = tmp_path_factory.mktemp("join-service") / "service.log"
        with log.open("wb") as out:
            process = subprocess.Popen(entry["command"], env=env, cwd=ROOT, stdout=out,
                                       stderr=subprocess.STDOUT)
        service = Service(entry["url"], store, process, log)
        try:
            _wait_until_listening(service)
            yield service
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
