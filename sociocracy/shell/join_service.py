"""The phones' join page as a JupyterHub service: its own small process, no Hub login needed.

On a JupyterHub every facilitator's course runs in their own single-user server, which only
they can reach (the Hub asks for a login). Phones have no Hub account, so the join page cannot
live there. It runs here instead, as a Hub-managed service (``c.JupyterHub.services``, made by
:func:`sociocracy.shell.hub.join_service`): the Hub starts this process, its proxy sends
``/services/<name>/`` to it, and it serves the same join pages as the course server
(:mod:`sociocracy.shell.join`, the same handlers: rate limits, body sizes, send ids, people's
text kept as text) under that prefix, writing to the same workshop record as the facilitators'
apps: a PostgreSQL database (``$SOCIOCRACY_COURSE_STORE``) that every single-user server shares.

It serves nothing else: no course pages, no kernels, no files; the join page has no static files
of its own (its style and script are in the page, allowed by their nonce). It asks the Hub for
nothing either: phones need no login (the room's code and QR token are what let them in), so it
does not use its Hub API token. A room's code finds the room whoever made it (the store is opened
for every owner); the facilitators' apps see only their own rooms.

What it reads, all set by the Hub for a managed service:

* ``JUPYTERHUB_SERVICE_URL``: where to listen (``http://127.0.0.1:PORT``, the service's ``url``);
* ``JUPYTERHUB_SERVICE_PREFIX``: the path the proxy sends here (``/services/course-join/``);
* ``SOCIOCRACY_COURSE_STORE``: the workshop record (given in the service's ``environment``).

Behind the Hub's proxy every connection comes from the proxy, so the phone's address is taken
from the ``X-Forwarded-For`` header the proxy adds (tornado's ``xheaders``): the limits per
address count phones, not the proxy. That is why the service listens on the loopback address
the Hub's configuration gives it, where only the proxy reaches it.

Run it as ``sociocracy-course join-service`` or ``python -m sociocracy.shell.join_service``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import tornado.web

from sociocracy.core.errors import CourseError
from sociocracy.rooms import RoomStore
from sociocracy.shell.join import JoinNotFound, JoinService, join_handlers
from sociocracy.shell.limits import CourseHTTPServer, ServerLimits, raise_open_files_limit

__all__ = ["HubServiceSettings", "ServiceSettingsError", "join_service_app", "main"]

SERVICE_URL_ENV = "JUPYTERHUB_SERVICE_URL"
SERVICE_PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"
SERVICE_NAME_ENV = "JUPYTERHUB_SERVICE_NAME"

log = logging.getLogger("sociocracy.join_service")


class ServiceSettingsError(CourseError):
    """The Hub's settings for the service are missing or unusable."""


@dataclass(frozen=True)
class HubServiceSettings:
    """Where the service listens and under which path it answers."""

    host: str
    port: int
    prefix: str  # always starts and ends with "/"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> HubServiceSettings:
        """Read the settings JupyterHub gives a managed service (see the module docstring)."""
        env = os.environ if environ is None else environ
        url = env.get(SERVICE_URL_ENV, "").strip()
        if not url:
            raise ServiceSettingsError(
                f"{SERVICE_URL_ENV} is not set, so the join service does not know where to "
                "listen: run it as a JupyterHub service with a 'url' (see "
                "sociocracy.shell.hub.join_service), or set it, e.g. http://127.0.0.1:10101.")
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.scheme != "http" or not parts.hostname or not port:
            raise ServiceSettingsError(
                f"{SERVICE_URL_ENV} is '{url}', which is not an address with a port such as "
                "http://127.0.0.1:10101; change the service's 'url' in the Hub's configuration.")
        name = env.get(SERVICE_NAME_ENV, "").strip()
        prefix = env.get(SERVICE_PREFIX_ENV, "").strip() or (
            f"/services/{name}/" if name else "/")
        if not prefix.startswith("/"):
            raise ServiceSettingsError(
                f"{SERVICE_PREFIX_ENV} is '{prefix}', which is not a path starting with '/'.")
        return cls(host=parts.hostname, port=port, prefix=prefix.rstrip("/") + "/")


class _ToTheJoinPage(tornado.web.RequestHandler):
    """The service's own address (``/services/<name>/``) leads to the join page."""

    def initialize(self, url: str) -> None:
        self._url = url

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.redirect(self._url)


def join_service_app(prefix: str, *,
                     store_factory: Callable[[], RoomStore] | None = None,
                     limits: ServerLimits | None = None) -> tornado.web.Application:
    """The join pages under ``prefix`` (``/services/course-join/``), and nothing else.

    ``store_factory`` opens the record (default: ``$SOCIOCRACY_COURSE_STORE``, for every owner).
    """
    base = prefix.rstrip("/")
    limits = limits or ServerLimits.from_environment()
    factory = store_factory or (lambda: RoomStore(every_owner=True))
    service = JoinService(factory, root=f"{base}/join", limits=limits)
    handlers: list[tuple] = [(rf"{base}/?", _ToTheJoinPage, {"url": f"{base}/join"}),
                             *join_handlers(prefix, service)]
    return tornado.web.Application(
        handlers, default_handler_class=JoinNotFound,
        default_handler_args={"service": service}, xsrf_cookies=False, compress_response=True)


def _check_store(factory: Callable[[], RoomStore]) -> None:
    """Open the record once at start, so a wrong address is said now, in the Hub's log."""
    with factory():
        pass


def main(argv: list[str] | None = None, *, ip: str | None = None) -> int:
    """Run the join service until the Hub stops it (SIGTERM) or Ctrl+C.

    ``ip`` (``--ip``) replaces the host of ``$JUPYTERHUB_SERVICE_URL`` as the address to listen
    on: on Kubernetes the Hub reaches the service by its pod's service name (``http://hub:8181``),
    a name the process cannot bind to, so there it listens on ``0.0.0.0`` and a network policy
    lets only the proxy in.
    """
    logging.basicConfig(level=logging.INFO, format="[join-service %(levelname)s] %(message)s")
    if argv:
        import argparse

        parser = argparse.ArgumentParser(prog="sociocracy.shell.join_service")
        parser.add_argument("--ip", default=None)
        ip = parser.parse_args(argv).ip or ip
    try:
        settings = HubServiceSettings.from_environment()
        if ip:
            settings = HubServiceSettings(host=ip, port=settings.port, prefix=settings.prefix)
        limits = ServerLimits.from_environment()
        _check_store(lambda: RoomStore(every_owner=True))
    except CourseError as exc:
        print(exc.plain, file=sys.stderr, flush=True)
        return 2
    raise_open_files_limit()
    app = join_service_app(settings.prefix, limits=limits)
    kwargs = limits.http_server_kwargs(network=False)  # every connection is the proxy's

    async def serve() -> None:
        server = CourseHTTPServer(app, xheaders=True, **kwargs)
        server.listen(settings.port, settings.host)
        log.info("Serving the join page at http://%s:%d%sjoin", settings.host, settings.port,
                 settings.prefix)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        server.stop()
        await server.close_all_connections()

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
