"""Raw HTTP over sockets, as a stranger on the room's Wi-Fi would send it: unfinished requests,
oversized bodies, many requests at once from one address. For tests and benchmarks against a
course server on 127.0.0.1 that they started (every wait here is bounded).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass
class RawReply:
    status: int
    head: str
    body: bytes


def connect(port: int, source: str = "127.0.0.1", timeout: float = 10.0) -> socket.socket:
    """A TCP connection to the server from ``source`` (any 127.x.y.z address works on Linux)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                    source_address=(source, 0))
    return sock


def closed_by_server(sock: socket.socket, timeout: float) -> bool:
    """Whether the server closes ``sock`` (or answers and closes) within ``timeout`` seconds."""
    sock.settimeout(timeout)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def read_reply(sock: socket.socket, timeout: float) -> RawReply | None:
    """The server's reply on ``sock`` (read until it closes or the body is complete), or None
    when it closed without one or said nothing for ``timeout`` seconds."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    if not data.startswith(b"HTTP/1."):
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    text = head.decode("latin-1")
    return RawReply(int(text.split(" ", 2)[1]), text, body)


def form_request(path: str, fields: dict[str, str], *, port: int, cookies: str = "") -> bytes:
    body = urlencode(fields).encode()
    cookie = f"Cookie: {cookies}\r\n" if cookies else ""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{cookie}"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


async def send_at_once(port: int, requests: list[bytes], *, source: str,
                       timeout: float = 30.0) -> list[int | None]:
    """Open one connection per request from ``source``, then send them all at once; each
    reply's status (None: the server closed the connection without one)."""

    async def one(raw: bytes, go: asyncio.Event) -> int | None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port,
                                                           local_addr=(source, 0))
        except OSError:
            return None
        try:
            await go.wait()
            writer.write(raw)
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), timeout)
            await asyncio.wait_for(reader.read(), timeout)
            return int(line.split()[1]) if line.startswith(b"HTTP/1.") else None
        except (OSError, asyncio.TimeoutError, IndexError, ValueError):
            return None
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    go = asyncio.Event()
    tasks = [asyncio.ensure_future(one(raw, go)) for raw in requests]
    await asyncio.sleep(0.3)  # every connection open (or refused) before the first byte
    go.set()
    return list(await asyncio.gather(*tasks))
