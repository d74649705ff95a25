"""People's text in labels: shown as typed, never typeset as mathematics.

ipywidgets passes every ``Label`` value (and every control's description) through the page's
LaTeX typesetter, so a name such as ``$\\href{https://x}{y}$`` became a clickable link under
Voila, and ``\\style{...}`` painted a banner (issue 9, item 8). ``HTML`` widgets are not typeset,
but a label is the natural widget for a name. :class:`PeopleLabel` keeps ``value`` exactly as
typed on the Python side and sends the page a copy in which the two characters that open
mathematics, ``$`` and ``\\``, are replaced by look-alikes (＄ and ⧵) that the typesetter ignores.
"""

from __future__ import annotations

import ipywidgets as widgets
from traitlets import Unicode

__all__ = ["PeopleLabel", "as_text"]

_LOOK_ALIKES = str.maketrans({"$": "\uff04", "\\": "\u29f5"})


def as_text(text: str) -> str:
    """``text`` with nothing a math typesetter would start on (``$``, ``\\``)."""
    return text.translate(_LOOK_ALIKES)


def _to_page(value: str, _widget: widgets.Widget) -> str:
    return as_text(value or "")


class PeopleLabel(widgets.Label):
    """A ``Label`` for names and notes people typed: plain text in the page, never math."""

    value = Unicode("", help="The text as typed (the page shows it without math)").tag(
        sync=True, to_json=_to_page)
