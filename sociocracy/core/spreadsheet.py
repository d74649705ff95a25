"""People's text in CSV files the course writes (minutes, room records) for a spreadsheet.

A cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading apostrophe: the usual guard against formula injection (OWASP,
"CSV Injection"). One rule, used by every CSV export.

A spreadsheet lays out each cell on its own, so right-to-left text in one cell cannot reorder the
next and cells need no isolates; the direction controls that could still turn a cell's own text
around (U+202A-U+202E, U+2066-U+2069, refused in names and dropped from answers when recorded,
but possibly in an older record) are dropped here.
"""

from __future__ import annotations

from sociocracy.core.people_text import drop_bidi_controls

__all__ = ["safe_cell"]


def safe_cell(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = drop_bidi_controls(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
