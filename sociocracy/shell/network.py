"""The address phones use to reach this laptop in a workshop room, and its QR code.

Phones in a hall rarely resolve the laptop's host name (no local DNS, mDNS off on many Android
phones), so the join address uses the laptop's IP address on the room's network: the address of
the interface that holds the default route. It is found without sending anything: "connecting" a
UDP socket only picks the route and the source address. Without a default route (a laptop that
is itself the hotspot, say), the host's other addresses are tried, then 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket

__all__ = ["join_url", "qr_terminal", "room_address"]

#: Private-range addresses to "connect" to (nothing is sent): one per usual LAN range.
PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and not (ip.is_loopback or ip.is_unspecified or ip.is_link_local)


def room_address() -> str:
    """This machine's IPv4 address on the room's network, or ``127.0.0.1`` if it has none."""
    for probe in PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 9))
                found = sock.getsockname()[0]
            except OSError:
                continue
        if _usable(found):
            return found
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        if _usable(str(info[4][0])):
            return str(info[4][0])
    return "127.0.0.1"


def join_url(address: str, port: int) -> str:
    """The short address people type: ``http://IP:PORT/join``."""
    return f"http://{address}:{port}/join"


def qr_terminal(url: str, *, colour: bool = False) -> str:
    """``url`` as a QR code drawn with half-block characters, two modules per character cell.

    Plain (for logs): segno's compact drawing, which relies on the terminal's own colours, so it
    is only right on a dark background. ``colour=True`` (a real terminal): every cell has an
    explicit black or white foreground and background (ANSI), so the code scans on dark and
    light terminal themes alike.
    """
    import io

    import segno

    qr = segno.make(url, error="m")
    if not colour:
        out = io.StringIO()
        qr.terminal(out=out, compact=True, border=2)
        return out.getvalue()
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    ink = {0: 15, 1: 0}  # light module: white; dark module: black (8-colour ANSI numbers)
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        cells = [f"\033[38;5;{ink[bool(a)]}m\033[48;5;{ink[bool(b)]}m\u2580"
                 for a, b in zip(top, bottom, strict=True)]
        lines.append("".join(cells) + "\033[0m")
    return "\n".join(lines) + "\n"
