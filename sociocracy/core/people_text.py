"""People's text beside other text: isolated, so that no name or answer changes how the next reads.

Text typed by people may be written right to left (Arabic, Hebrew, Persian names and answers)
or hold the invisible controls of the Unicode bidirectional algorithm. Shown in a row with other
text ("Ana, علی, Ben"), right-to-left letters reorder the punctuation and numbers around them, and
an override such as U+202E (in ``Bob\\u202eecilA``) mirrors everything after it. The remedy is
the same everywhere, in the form each output allows:

* HTML pages: every piece of people's text in its own ``<bdi>`` element (:func:`html_text`),
  escaped, so it is neither markup nor able to reach outside its element;
* plain text and Markdown, where there are no elements: the Unicode isolates FSI (U+2068) and
  PDI (U+2069) around a piece that holds right-to-left letters or numbers (:func:`isolate`);
  left-to-right text cannot reorder its neighbours in the course's left-to-right documents, so it
  is written as it is, without invisible characters people would copy along;
* CSV: each cell is read on its own (a spreadsheet lays out each cell separately), so cells need
  no isolates; the controls are dropped (:func:`drop_bidi_controls`).

The embedding, override and isolate controls themselves (U+202A-U+202E, U+2066-U+2069) are
refused in names (:mod:`sociocracy.core.names`), dropped from answers when they are recorded, and
dropped again here, since a stray PDI inside a piece would close its isolate early. The marks
LRM, RLM and ALM stay: they only tell neighbouring neutral characters which way to go.
"""

from __future__ import annotations

import html
import unicodedata

__all__ = ["BIDI_CONTROLS", "FSI", "PDI", "drop_bidi_controls", "html_text", "isolate",
           "needs_isolation"]

#: LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI: controls that open or close a direction.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FSI, PDI = "\u2068", "\u2069"
#: Bidirectional classes that can reorder the text around them.
_REORDERING = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI",
                         "FSI", "PDI"})


def drop_bidi_controls(text: str) -> str:
    """``text`` without the direction controls listed in :data:`BIDI_CONTROLS`."""
    if not any(c in BIDI_CONTROLS for c in text):
        return text
    return "".join(c for c in text if c not in BIDI_CONTROLS)


def needs_isolation(text: str) -> bool:
    """Whether ``text`` holds a character that can reorder the text next to it."""
    return not text.isascii() and any(unicodedata.bidirectional(c) in _REORDERING for c in text)


def isolate(text: str) -> str:
    """``text`` for plain text or Markdown: between FSI and PDI when it could reorder its
    neighbours (right-to-left letters, Arabic numbers), as it is otherwise."""
    clean = drop_bidi_controls(text)
    return f"{FSI}{clean}{PDI}" if needs_isolation(clean) else clean


def html_text(text: object) -> str:
    """People's text for an HTML page: escaped, in its own ``<bdi>`` (see the module docstring)."""
    return f"<bdi>{html.escape(drop_bidi_controls(str(text)), quote=True)}</bdi>"
