"""What the course server takes from one visitor: request sizes, waiting times, connections.

Tornado's defaults suit a server behind a proxy, not a laptop on a hall's Wi-Fi: it reads request
bodies of up to 100 MB into memory before any handler looks at them, waits an hour for a request's
headers and forever for its body, and lets one address hold every file descriptor the process
has. Six phones sending 90 MB each took the server from 117 MB to 657 MB; 1,100 unfinished
requests cut everyone off (issue 21). The limits here fit the course instead:

* a request body of at most :data:`DEFAULT_MAX_BODY_KB` KB (the join page's forms send a few KB;
  the kernels' websocket messages, such as an uploaded circle map, are not request bodies);
* :data:`DEFAULT_HEADER_TIMEOUT` seconds to send a request's headers, which is also how long an
  idle kept-alive connection stays open, and :data:`DEFAULT_BODY_TIMEOUT` seconds for its body;
* on the room's network, at most :data:`DEFAULT_CONNECTIONS_PER_ADDRESS` connections at once from
  one address (a browser opens six), beyond which a new connection is closed at once; a page's
  websocket to its kernel is not counted once it is open (kernels have their own cap);
* at most :data:`DEFAULT_JOINS_PER_ADDRESS` new participants in one room from one address (the
  join page counts them; see :mod:`sociocracy.rooms.limits` for a room's size and hours);
* and at start the process's open-files limit is raised to what the system allows, so the
  operating system's default of 1,024 is not what decides how many visitors fit.

Each is a ``SOCIOCRACY_COURSE_*`` environment variable, read when the server starts.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream

from sociocracy.core.settings import (
    BODY_TIMEOUT_ENV,
    CONNECTIONS_ENV,
    HEADER_TIMEOUT_ENV,
    JOINS_ENV,
    MAX_BODY_ENV,
    number_setting,
)
from sociocracy.rooms.limits import room_hours, room_size

__all__ = [
    "CourseHTTPServer",
    "ServerLimits",
    "raise_open_files_limit",
]


DEFAULT_MAX_BODY_KB = 1024
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 20.0
DEFAULT_CONNECTIONS_PER_ADDRESS = 20
DEFAULT_JOINS_PER_ADDRESS = 5
#: The open-files limit asked for at start (the system's own hard limit wins when lower).
OPEN_FILES_WANTED = 65536


@dataclass(frozen=True)
class ServerLimits:
    """The server's limits; :meth:`from_environment` reads them (0 means "no limit")."""

    max_body_kb: int = DEFAULT_MAX_BODY_KB
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    connections_per_address: int = DEFAULT_CONNECTIONS_PER_ADDRESS
    joins_per_address: int = DEFAULT_JOINS_PER_ADDRESS

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ServerLimits:
        room_hours(environ)  # read again at each join; checked here so that a bad value stops
        room_size(environ)  # the server at start, not the first phone

        def whole(name: str, default: int, minimum: int = 0) -> int:
            return int(number_setting(name, default, whole=True, minimum=minimum,
                                      environ=environ))

        return cls(
            max_body_kb=whole(MAX_BODY_ENV, DEFAULT_MAX_BODY_KB, minimum=1),
            header_timeout=number_setting(HEADER_TIMEOUT_ENV, DEFAULT_HEADER_TIMEOUT,
                                          minimum=0.1, environ=environ),
            body_timeout=number_setting(BODY_TIMEOUT_ENV, DEFAULT_BODY_TIMEOUT, minimum=0.1,
                                        environ=environ),
            connections_per_address=whole(CONNECTIONS_ENV, DEFAULT_CONNECTIONS_PER_ADDRESS),
            joins_per_address=whole(JOINS_ENV, DEFAULT_JOINS_PER_ADDRESS),
        )

    def http_server_kwargs(self, *, network: bool) -> dict[str, Any]:
        """Keyword arguments for :class:`CourseHTTPServer` (tornado's ``HTTPServer``)."""
        return {
            "max_body_size": self.max_body_kb * 1024,
            # tornado's header timeout: for a request's headers, and for an idle connection
            "idle_connection_timeout": self.header_timeout,
            "body_timeout": self.body_timeout,
            "per_address": self.connections_per_address if network else 0,
        }


class CourseHTTPServer(HTTPServer):
    """Tornado's HTTP server, closing a new connection when its address already has
    ``per_address`` open (0: no cap). Counted from accept to close, or to the moment a websocket
    takes the connection over."""

    def initialize(self, *args: Any, per_address: int = 0, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.per_address = per_address
        self.open_by_address: Counter[str] = Counter()
        self._address_of: dict[IOStream, str] = {}

    def handle_stream(self, stream: IOStream, address: tuple) -> None:
        who = str(address[0]) if isinstance(address, tuple) and address else ""
        if self.per_address and self.open_by_address[who] >= self.per_address:
            stream.close()
            return
        self.open_by_address[who] += 1
        self._address_of[stream] = who
        super().handle_stream(stream, address)

    def on_close(self, server_conn: Any) -> None:
        who = self._address_of.pop(getattr(server_conn, "stream", None), None)  # type: ignore[arg-type]
        if who is not None:
            self.open_by_address[who] -= 1
            if self.open_by_address[who] <= 0:
                del self.open_by_address[who]
        super().on_close(server_conn)


def raise_open_files_limit(wanted: int = OPEN_FILES_WANTED) -> tuple[int, int] | None:
    """Raise this process's open-files (soft) limit towards ``wanted``, as far as the hard limit
    allows; returns the ``(before, after)`` soft limits, or None where there is no such limit
    (Windows) or it cannot be changed. Never lowers it."""
    try:
        import resource
    except ImportError:  # Windows: no per-process limit of this kind
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):  # e.g. macOS refuses above OPEN_MAX
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return soft, resource.getrlimit(resource.RLIMIT_NOFILE)[0]
