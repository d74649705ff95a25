"""argparse's own words ("usage: ", "options", "error: ...") in the course's language.

argparse writes the headings of ``--help`` and its error lines itself. It does
``from gettext import gettext as _`` when imported and looks the module's global ``_`` up each
time it writes one of them, so gettext's default domain would be searched, where the course has
no catalog. :func:`speak_the_course_language` points ``argparse._`` at the course's ``_``
instead, so these words come from the course's catalogs like every other word of the command.

Babel extracts strings from the course's own files only, so the words are listed here once with
:func:`N_`. They must be argparse's msgids character for character (trailing space, ``\\n``,
``%(name)s``, ``%s`` and ``%r`` included): they are the same in Python 3.10 to 3.13. Only those
a person can meet with ``sociocracy-course`` are listed; another one stays English.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from sociocracy.core.language import DEFAULT, N_, _, current

__all__ = ["WORDS", "speak_the_course_language"]

#: argparse's words that ``sociocracy-course`` can show (see the module's notes).
WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    # Not passed through ``_`` by argparse before Python 3.13: the command passes it as help.
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)


@contextmanager
def speak_the_course_language() -> Iterator[None]:
    """Within the block, argparse writes its words with the course's ``_`` (enter it before
    building a parser: "positional arguments", "options" and "-h"'s help are written into it
    when it is made); argparse's own ``_`` comes back after it.

    Only when the course speaks another language than English: an English command is left
    exactly as argparse makes it."""
    before = argparse._  # type: ignore[attr-defined]
    if current() != DEFAULT:
        argparse._ = _  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = before  # type: ignore[attr-defined]
