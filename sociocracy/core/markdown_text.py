"""People's text inside the Markdown the course writes (minutes, logbook entries).

Names, notes and proposals are typed by people. Shown as Markdown, ``<img ...>`` would become HTML
and ``[x](javascript:...)`` a link. Escaping the backslash, ``<``, ``[`` and ``]`` keeps every such
text literal while leaving ordinary sentences readable.
"""

from __future__ import annotations

__all__ = ["escape_markdown"]


def escape_markdown(line: str) -> str:
    """One line of people's text, safe to put in Markdown (it renders as the same characters)."""
    return line.replace("\\", "\\\\").replace("<", "\\<").replace("[", "\\[").replace("]", "\\]")
