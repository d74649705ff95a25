"""Pieces of a JupyterHub configuration for the course: the phones' join service and what every
single-user server needs to know about it.

``jupyterhub_config.py`` (``deploy/jupyterhub/``) calls these, so the names, the command and the
addresses are written once, here, beside the code that reads them::

    from sociocracy.shell import hub

    store = "postgresql://course@127.0.0.1:5432/rooms"
    c.JupyterHub.services.append(hub.join_service(store=store, port=10101))
    c.Spawner.environment.update(
        hub.single_user_environment(store=store, public_url="https://hub.example.org"))

What happens then: the Hub starts ``python -m sociocracy.shell.join_service`` (see
:mod:`sociocracy.shell.join_service`) and its proxy sends ``/services/course-join/`` to it;
phones join rooms at ``{public_url}/services/course-join/join/CODE`` without a Hub account.
Each user's server records its rooms and sessions in the same PostgreSQL database, as that Hub
user (``$JUPYTERHUB_USER``, set by the Hub), and its apps' QR codes point at the service
(``$SOCIOCRACY_COURSE_JOIN_URL``).

The owners keep facilitators' lists apart in the apps; they are not a wall between Hub users who
can run code (JupyterLab): the database's address is in every user's server. A Hub whose users
must not read each other's workshop records gives them Voila only, or one database each.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.settings import JOIN_SERVICE_NAME, JOIN_URL_ENV, STORE_ENV

__all__ = ["DEFAULT_PORT", "join_service", "join_url", "single_user_environment"]

#: The port the join service listens on (on 127.0.0.1), when the configuration names none.
DEFAULT_PORT = 10101
POSTGRESQL = ("postgresql://", "postgres://")
#: A service name that can stand in an address as it is.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def _check_store(store: str) -> str:
    text = str(store or "").strip()
    if not text.startswith(POSTGRESQL):
        raise CourseError(
            f"The join service needs the workshop record in PostgreSQL (a postgresql:// address "
            f"for {STORE_ENV}), shared by the Hub users' servers; got '{text or '(nothing)'}'.")
    return text


def join_service(name: str = JOIN_SERVICE_NAME, *, store: str, port: int = DEFAULT_PORT,
                 host: str = "127.0.0.1", python: str | None = None,
                 environment: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``c.JupyterHub.services`` entry of the phones' join service.

    ``store``: the PostgreSQL address of the workshop record (the same as the users' servers
    get from :func:`single_user_environment`). ``port``/``host``: where the service listens;
    only the Hub's proxy should reach it (it trusts the proxy's ``X-Forwarded-For``), so keep
    the loopback address unless the proxy runs elsewhere. ``python``: the interpreter that has
    the course installed (default: this one). ``environment``: more variables for the service
    (the room limits, ``SOCIOCRACY_COURSE_ROOM_SIZE`` and the like).
    """
    if not NAME.fullmatch(str(name)):
        raise CourseError(f"The join service's name '{name}' cannot be part of an address; "
                          "use letters, digits and dashes, for example 'course-join'.")
    if not 0 < int(port) < 65536:
        raise CourseError(f"The join service's port {port} is not a port number (1-65535).")
    env = {**(environment or {}), STORE_ENV: _check_store(store)}
    return {
        "name": name,
        "url": f"http://{host}:{int(port)}",
        "command": [python or sys.executable, "-m", "sociocracy.shell.join_service"],
        "environment": env,
        "display": False,  # for phones, not a link on the Hub's home page
    }


def join_url(public_url: str, name: str = JOIN_SERVICE_NAME) -> str:
    """The address phones open: ``{public_url}/services/{name}/join`` (``public_url``: the
    Hub's address as people's phones reach it, with the Hub's ``base_url`` if it has one)."""
    base = str(public_url or "").strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise CourseError(f"The Hub's public address '{public_url}' must start with http:// or "
                          "https:// (the address people's phones open).")
    return f"{base}/services/{name}/join"


def single_user_environment(*, store: str, public_url: str | None = None,
                            name: str = JOIN_SERVICE_NAME) -> dict[str, str]:
    """What ``c.Spawner.environment`` needs for rooms across servers: the shared record and the
    phones' address (``$SOCIOCRACY_COURSE_JOIN_URL``, for the apps' QR codes and links).

    Without ``public_url`` the apps take the Hub's public address from
    ``$JUPYTERHUB_PUBLIC_HUB_URL`` (set by the Hub when ``c.JupyterHub.public_url`` is), which
    only knows the default service name; without either, the apps show the room's code and no QR
    code.
    """
    env = {STORE_ENV: _check_store(store)}
    if public_url:
        env[JOIN_URL_ENV] = join_url(public_url, name)
    elif name != JOIN_SERVICE_NAME:
        raise CourseError(f"A join service named '{name}' needs the Hub's public address "
                          "(public_url) for the apps' QR codes.")
    return env
