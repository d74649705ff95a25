"""People's text inside the Markdown the course writes (minutes, logbook entries, room records).

Names, notes, answers and proposals are typed by people; the Markdown around them is the
course's. The one rule: **people's text stays inside its line**, shows every character as typed,
and can never become markup. So that:

* ``<img ...>`` cannot become HTML, ``[x](javascript:...)`` a link or ``![](http://...)`` an
  image (``<``, ``[``, ``]`` are escaped, and the backslash itself);
* ``$x$`` is not typeset by viewers that render mathematics (Jupyter, GitHub): ``$`` is escaped;
* a line break cannot start a block of its own: an answer ``ok⏎⏎- Carol: objection: fake⏎#
  Fake heading`` must not read as a second answer and a heading. A piece of text on one line
  (:func:`escape_markdown`: names, titles, table cells) has its line breaks made spaces; text of
  several lines (:func:`md_text`: notes, answers) keeps them as hard line breaks (a backslash at
  the end of the line, CommonMark) inside the same list item or paragraph, every line indented
  under it and with its first character escaped where it could start a block (``#``, ``>``,
  ``-``, ``+``, ``=``, ``1.``);
* code spans, emphasis, strikethrough and table cells cannot reach across to the course's text
  or the next person's (`````, ``*``, ``_``, ``~``, ``|`` are escaped);
* text with right-to-left letters is isolated (FSI ... PDI,
  :func:`sociocracy.core.people_text.isolate`), so that it cannot reorder the text after it.

Every escape is one of CommonMark's backslash escapes, so the rendered text is exactly what was
typed.
"""

from __future__ import annotations

import re

from sociocracy.core.people_text import isolate

__all__ = ["escape_markdown", "md_text"]

#: Characters that mean something anywhere in a line of Markdown (CommonMark and GFM).
_INLINE = str.maketrans({c: "\\" + c for c in "\\<[]$`*_~|"})
#: What may open a block at the start of a line: a heading, a quote, a list item, a setext
#: underline or thematic break, an ordered list item ("12." or "3)").
_BLOCK_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def _escape_line(line: str) -> str:
    text = line.strip().translate(_INLINE)
    start = _BLOCK_START.match(text)
    if start and start.group(1):
        text = "\\" + text
    elif start:
        text = start.group(2) + "\\" + text[len(start.group(2)):]
    return text


def escape_markdown(text: str) -> str:
    """People's text as one line of Markdown that renders as the same characters.

    Line breaks become spaces (a name, a title, a table cell, a heading stay on their line).
    """
    return isolate(_escape_line(" ".join(str(text).split())))


def md_text(text: str, indent: str = "  ") -> str:
    """People's text of one or more lines, kept inside the list item or paragraph it is in.

    Each line is escaped as by :func:`escape_markdown`; lines are joined by a hard line break
    and ``indent`` (two spaces under "- ", three under "1. ", none in a paragraph). Blank lines
    are left out: they would end the item.
    """
    lines = [isolate(_escape_line(line)) for line in str(text).splitlines() if line.strip()]
    return ("\\\n" + indent).join(lines)
