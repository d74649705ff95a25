"""Status boxes: one way for every tool to say what happened, right or wrong.

A box is announced to screen readers (``role="status"``), says its meaning in words (a bold
headline), not by colour alone, and escapes everything it shows: messages often quote names and
text that people typed. The colours (``course-feedback-*``) live in the course stylesheet.
"""

from __future__ import annotations

import html
from typing import Literal

__all__ = ["feedback_html"]

Kind = Literal["right", "wrong", "neutral"]


def feedback_html(text: str = "", *, kind: Kind = "neutral", headline: str = "",
                  quote: bool = True) -> str:
    """A status box holding ``headline`` (bold) and ``text``, both escaped; empty when both are.

    ``quote=False`` leaves quotation marks as they are (safe in element content, and easier to
    read in the page source); ``<`` and ``&`` are always escaped.
    """
    if not text and not headline:
        return ""
    bold = f"<strong>{html.escape(headline, quote=quote)}</strong> " if headline else ""
    return (f'<div class="course-feedback-{kind}" role="status">'
            f"{bold}{html.escape(text, quote=quote)}</div>")
