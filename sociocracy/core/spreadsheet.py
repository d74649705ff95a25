"""People's text in CSV files the course writes (minutes, room records) for a spreadsheet.

A cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading apostrophe: the usual guard against formula injection (OWASP,
"CSV Injection"). One rule, used by every CSV export.
"""

from __future__ import annotations

__all__ = ["safe_cell"]


def safe_cell(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
