"""Markdown the course wrote (a logbook entry, minutes), shown rendered on the page.

The Markdown comes from :mod:`sociocracy.logbook` and :mod:`sociocracy.round_minutes`, which
already escape people's text (``\\<``, ``\\[``); it is rendered here with raw HTML escaped as
well (mistune's ``escape=True``), so nothing anyone typed can become markup, a link or an image:
``<img src=x onerror=alert(1)>`` is shown as those characters.
"""

from __future__ import annotations

__all__ = ["markdown_to_html"]


def markdown_to_html(markdown: str) -> str:
    """``markdown`` as HTML, every raw HTML tag in it escaped (shown as text)."""
    import mistune  # a dependency of nbconvert, so of Voila and JupyterLab

    return str(mistune.create_markdown(escape=True)(markdown))
