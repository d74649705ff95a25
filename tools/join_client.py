"""A phone without a browser: joins a workshop room over HTTP, as tests and benchmarks need.

Keeps its cookies, reads the form token from each page, and can come from its own loopback
address (``127.0.0.N``), so that per-address limits see many phones, as in a real room.
"""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlparse

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ACTIVITY = re.compile(r'name="activity" value="(\d+)"')


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str
    size: int

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Phone:
    """One participant's phone talking to ``base`` (``http://127.0.0.1:PORT``)."""

    base: str
    source: str = "127.0.0.1"
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)
    last: Reply | None = None
    #: The join page's path: ``/join`` on the course server, ``/services/NAME/join`` on a Hub.
    root: str = "/join"

    def _connection(self) -> http.client.HTTPConnection:
        parsed = urlparse(self.base)
        return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=self.timeout,
                                          source_address=(self.source, 0))

    def request(self, method: str, path: str, fields: dict[str, str] | None = None, *,
                headers: dict[str, str] | None = None, follow: bool = True) -> Reply:
        for _ in range(5):
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if fields is not None:
                body = urlencode(fields)
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=sent)
                response = connection.getresponse()
                raw = response.read()
            finally:
                connection.close()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            reply = Reply(response.status, response.headers, raw.decode("utf-8", "replace"),
                          len(raw))
            self.last = reply
            if follow and reply.status in (301, 302, 303) and reply.location.startswith("/"):
                method, path, fields = "GET", reply.location, None
                continue
            return reply
        return reply

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, fields: dict[str, str], **kwargs) -> Reply:
        """Post a form, with the form token of the last page (as a browser would)."""
        data = dict(fields)
        if "csrf" not in data and self.last is not None:
            found = CSRF.search(self.last.body)
            if found:
                data["csrf"] = found.group(1)
        return self.request("POST", path, data, **kwargs)

    # -- what a participant does ----------------------------------------------------------
    def scan(self, code: str, token: str) -> Reply:
        """Open the room's QR link."""
        return self.get(f"{self.root}/{code}?t={token}")

    def join(self, code: str, name: str) -> Reply:
        self.get(f"{self.root}/{code}")
        return self.post(f"{self.root}/{code}", {"action": "join", "name": name})

    def type_code(self, code: str, name: str) -> Reply:
        self.get(self.root)
        return self.post(self.root, {"code": code, "name": name})

    def answer(self, code: str, follow: bool = True, headers: dict[str, str] | None = None,
               **fields: str) -> Reply:
        page = self.get(f"{self.root}/{code}")
        found = ACTIVITY.search(page.body)
        data = {"action": "answer", "activity": found.group(1) if found else "", **fields}
        return self.post(f"{self.root}/{code}", data, follow=follow, headers=headers)
