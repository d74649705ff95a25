"""People's names: the one rule for reading, cleaning and checking them, for every practice.

Names arrive typed into a box ("Ana, Ben" on one line and "Chen" on the next), read from a
trainer's file, or passed in code. Each practice (rounds, consent, circles, workshop rooms) and
each widget reads them here, so "Ana, Ben⏎Chen" is three people everywhere, ``"Ana  Lopez"`` and
``"Ana Lopez"`` are the same person everywhere, and the same mistakes get the same sentence.
"""

from __future__ import annotations

from collections.abc import Iterable

from sociocracy.core.errors import InputError

__all__ = ["MAX_NAME_LENGTH", "clean_name", "clean_names", "parse_names"]

#: Long enough for "Maria-Magdalena Esperanza Villanueva de la Fuente"; short enough for a label.
MAX_NAME_LENGTH = 60


def clean_name(raw: object, what: str = "person") -> str:
    """One name with its spaces tidied (trimmed, inner runs of spaces made one).

    ``what`` names the thing in the message ("person", "circle", "nominee"). Refuses an empty
    name, a name that is not text, and a name longer than :data:`MAX_NAME_LENGTH` characters.
    """
    if not isinstance(raw, str):
        raise InputError(f"Each {what}'s name should be text, not {raw!r}.")
    name = " ".join(raw.split())
    if not name:
        raise InputError(f"Type a name for the {what} first.")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"The name '{name[:20]}…' is {len(name)} characters long; keep a "
                         f"{what}'s name to {MAX_NAME_LENGTH} characters or fewer.")
    return name


def clean_names(raw: Iterable[object], what: str = "person") -> list[str]:
    """Several names, each cleaned by :func:`clean_name`, in order; a name twice is refused.

    Names that differ only in capitals or spacing are the same name ("ana" and "Ana"). A single
    string is refused: it is almost always a forgotten split (use :func:`parse_names`).
    """
    if isinstance(raw, str):
        raise InputError(f"Give the {what} names as a list of names, e.g. [\"Ana\", \"Ben\"], "
                         "not as one piece of text.")
    names: list[str] = []
    seen: dict[str, str] = {}
    for item in raw:
        name = clean_name(item, what)
        key = name.casefold()
        if key in seen:
            same = "twice" if seen[key] == name else f"twice ('{seen[key]}' and '{name}')"
            raise InputError(f"{name} is listed {same}; give each {what} once (add an initial "
                             "to tell two people with the same name apart).")
        seen[key] = name
        names.append(name)
    return names


def parse_names(text: str, what: str = "person") -> list[str]:
    """Names typed into a box: one per line or separated by commas, blank entries ignored.

    ``"Ana, Ben\\nChen"`` -> ``["Ana", "Ben", "Chen"]``. Duplicates and over-long names are
    refused with a sentence that says which.
    """
    pieces = (piece for line in str(text).splitlines() for piece in line.split(","))
    return clean_names([p for p in pieces if p.strip()], what)
