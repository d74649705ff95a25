"""A small client for a Voila page's kernel websocket, speaking the widget protocol like a browser.

Tests and the load benchmark use it to act like a visitor (or an attacker) without a browser:
open a page, connect to its kernel, list the widgets, read their state, send a click. Messages
use the plain JSON form of the Jupyter websocket protocol (no subprotocol requested).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import websocket  # websocket-client

__all__ = ["KernelSocket", "Page", "open_page"]

_CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*'
                     r"</script>", re.S)


@dataclass
class Page:
    """A rendered Voila page: its HTML, its kernel and the cookies the server set."""

    base: str
    html: str
    kernel_id: str | None
    cookies: dict[str, str] = field(default_factory=dict)
    progressive: bool = False

    @property
    def has_app(self) -> bool:
        """Whether the page carries widget outputs (an app that the browser will draw).

        A page sent progressively (a lesson: text first) carries none: its widgets come over
        the kernel's socket once its cells have run; see :meth:`KernelSocket.widget_states`.
        """
        return "application/vnd.jupyter.widget-view+json" in self.html


def _credential(token: str | None) -> dict[str, str]:
    """The token as Jupyter's ``Authorization`` header (a token in the address of a page would
    be swapped for a login cookie by a redirect)."""
    return {"Authorization": f"token {token}"} if token else {}


def open_page(base: str, path: str, *, timeout: float = 180, token: str | None = None) -> Page:
    """GET a notebook page the way a browser does and find its kernel id (``token``: the
    server's facilitator's or room's token, for a server on the network)."""
    request = urllib.request.Request(f"{base}/voila/render/{path}", headers=_credential(token))
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read().decode("utf-8")
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    match = _CONFIG.search(body)
    config = json.loads(match[1]) if match else {}
    return Page(base=base, html=body, kernel_id=config.get("kernelId"), cookies=cookies,
                progressive=bool(config.get("progressiveRendering")))


def _decode(raw: str | bytes) -> dict:
    """A message from the server: JSON text, or (with binary buffers) Jupyter's legacy frame:
    a count of parts, their offsets (big-endian 32-bit), the JSON message, then the buffers."""
    if isinstance(raw, str):
        return json.loads(raw)
    count = int.from_bytes(raw[:4], "big")
    offsets = [int.from_bytes(raw[4 * (i + 1):4 * (i + 2)], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(raw)
    return json.loads(raw[offsets[0]:end].decode("utf-8"))


class KernelSocket:
    """One websocket connection to a kernel; every message received is kept in ``received``."""

    def __init__(self, base: str, kernel_id: str, *, host: str | None = None,
                 origin: str | None = None, timeout: float = 30,
                 token: str | None = None) -> None:
        self.session = uuid.uuid4().hex
        url = base.replace("http://", "ws://", 1) + (
            f"/api/kernels/{kernel_id}/channels?session_id={self.session}")
        self.ws = websocket.create_connection(url, timeout=timeout, origin=origin or base,
                                              host=host, header=_credential(token))
        self.received: list[dict] = []

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> KernelSocket:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # ---- sending ----------------------------------------------------------------------------
    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "visitor",
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
            "buffers": [],
        }))
        return msg_id

    def comm_msg(self, comm_id: str, data: dict) -> str:
        return self.send("comm_msg", {"comm_id": comm_id, "data": data})

    def click(self, comm_id: str) -> str:
        """What a browser sends when a button is clicked (ipywidgets' ``custom`` message)."""
        return self.comm_msg(comm_id, {"method": "custom", "content": {"event": "click"}})

    # ---- receiving --------------------------------------------------------------------------
    def receive(self, until: Callable[[dict], bool], timeout: float = 30) -> dict:
        """Read messages until one satisfies ``until``; raises TimeoutError."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Short reads: the server's websocket pings would otherwise restart a long timeout.
            self.ws.settimeout(max(0.05, min(1.0, deadline - time.monotonic())))
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            if not raw:
                continue
            message = _decode(raw)
            self.received.append(message)
            if until(message):
                return message
        raise TimeoutError("no such message from the kernel")

    def settle(self, seconds: float = 1.0) -> None:
        """Collect whatever arrives in the next ``seconds``."""
        with contextlib.suppress(TimeoutError):
            self.receive(lambda _m: False, timeout=seconds)

    def widget_states(self, timeout: float = 120) -> dict[str, dict[str, Any]]:
        """Every widget's state by comm id (``comm_info_request``, then ``request_state``)."""
        request = self.send("comm_info_request", {"target_name": "jupyter.widget"})
        reply = self.receive(lambda m: m["parent_header"].get("msg_id") == request
                             and m["msg_type"] == "comm_info_reply", timeout)
        comms = list(reply["content"]["comms"])
        states: dict[str, dict[str, Any]] = {}
        for comm_id in comms:
            self.comm_msg(comm_id, {"method": "request_state"})
        deadline = time.monotonic() + timeout
        while len(states) < len(comms) and time.monotonic() < deadline:
            message = self.receive(lambda m: m["msg_type"] == "comm_msg"
                                   and m["content"]["data"].get("method") == "update",
                                   timeout=deadline - time.monotonic())
            states[message["content"]["comm_id"]] = message["content"]["data"]["state"]
        return states
