"""Seating order: the order a round goes round, as the room sits, set before anyone speaks.

A round goes round the circle as people sit ([MVOS] "Rounds"), and the facilitator names who
starts. Apps first know people in another order (the order their phones joined, the order names
were typed), so the facilitator reorders them before the round: one person to another place
("Move up", "Move down", "Move to place 1"), or several at once by typing names in order.

These are pure functions on a tuple of names; :meth:`sociocracy.rounds.Round.reseat` applies the
result to a round that has not started, and the sessions (:mod:`sociocracy.sessions.rounds`)
record it. Names are compared as the course compares names
(:func:`~sociocracy.core.names.name_key`: "ana" is Ana), so a typed order need not match the
capitals of a phone's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from sociocracy.core.errors import InputError
from sociocracy.core.language import _
from sociocracy.core.names import clean_names, name_key

__all__ = ["moved", "ordered_by_text"]


def _find(order: Sequence[str], name: str) -> int:
    key = name_key(str(name))
    for index, other in enumerate(order):
        if name_key(other) == key:
            return index
    raise InputError(_("\"{name}\" is not in this round; choose one of: {names}.").format(
        name=name, names=", ".join(order)))


def moved(order: Sequence[str], name: str, place: int) -> tuple[str, ...]:
    """``order`` with ``name`` moved to ``place`` (1 is the first seat); everyone else keeps
    their order. A place past either end is the nearest end, so "Move up" on the first person
    leaves the order as it is."""
    if isinstance(place, bool) or not isinstance(place, int):
        raise InputError(_("A place in the seating order is a whole number, not {value}.")
                         .format(value=repr(place)), field="Place")
    names = list(order)
    person = names.pop(_find(names, name))
    names.insert(min(max(place, 1), len(names) + 1) - 1, person)
    return tuple(names)


def ordered_by_text(order: Sequence[str], text: str) -> tuple[str, ...]:
    """The seating order typed as names, one per line: the names typed come first, in the order
    typed; anyone not typed follows in their present order (so typing the first few is enough).

    A name not in the round, or typed twice, is refused with a sentence naming it.
    """
    lines = [line for line in str(text).splitlines() if line.strip()]
    if not lines:
        raise InputError(_("Type at least one name, one per line, in the order people sit."),
                         field="Names in seating order")
    typed = clean_names(lines, "person")
    chosen = [order[_find(order, name)] for name in typed]
    return (*chosen, *(name for name in order if name not in chosen))
