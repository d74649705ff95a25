"""People's text in labels: shown as typed, never typeset as mathematics.

ipywidgets passes every ``Label`` value (and every control's description) through the page's
LaTeX typesetter, so a name such as ``$\\href{https://x}{y}$`` became a clickable link under
Voila, and ``\\style{...}`` painted a banner (issue 9, item 8). The page's ``HTML`` view is never
typeset. :class:`PeopleLabel` is a ``Label`` in Python (same ``value``, same label styles such as
``font_weight``) that the page draws with that HTML view, from an escaped copy of the text: so
the text is neither markup nor mathematics, and every character shows as typed.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from traitlets import Unicode

__all__ = ["PeopleLabel", "as_html_text"]


def as_html_text(text: str) -> str:
    """``text`` as HTML that shows it literally: escaped, inside a span no typesetter visits."""
    return ('<span class="course-people-text tex2jax_ignore mathjax_ignore">'
            f"{html.escape(text or '', quote=False)}</span>")


def _to_page(value: str, _widget: widgets.Widget) -> str:
    return as_html_text(value)


def _from_page(value: str, _widget: widgets.Widget) -> str:
    # The page never edits a label; should a message set one anyway, keep it as plain text.
    return html.unescape(value) if isinstance(value, str) else ""


class PeopleLabel(widgets.Label):
    """A ``Label`` for names and notes people typed: literal text in the page, never math."""

    _view_name = Unicode("HTMLView").tag(sync=True)
    value = Unicode("", help="The text as typed (the page shows it literally)").tag(
        sync=True, to_json=_to_page, from_json=_from_page)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_class("course-people-label")  # sized like a label (course.css)
