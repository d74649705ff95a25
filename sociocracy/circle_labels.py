"""What a circle's seat on the map can say at a readable size: the rule behind "+ 3 more".

A circle map is read from a distance (a projector) or on a laptop beside the lesson text, so
member names are drawn at a fixed size on screen (16 px in a lesson, 24 px for a room), never
shrunk to squeeze everyone in: 5 to 7 px names (what the map drew when it wrote every member in
every seat, issue 25) cannot be read. A seat of a given size therefore holds as many lines as fit
at that size: the circle's name, its type, then its members; when not all of them fit, the last
line says "+ N more" and the full list is shown beside the map. Names too long for the seat are
cut with "…" (the list beside the map has them in full).

Text sizes are estimated, not measured (the library has no fonts): :data:`CHAR_EM` is a generous
average width of a character of DejaVu Sans, the course's chart font, so the estimate errs on the
side of fewer characters. Pure Python, so the rule is tested without matplotlib.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sociocracy.circle_model import type_label
from sociocracy.core.language import DEFAULT, _, babel_locale, current, ngettext, pgettext

if TYPE_CHECKING:
    from sociocracy.circle_model import Circle

__all__ = ["CHAR_EM", "LINE_EM", "SeatText", "and_list", "fit_line", "link_marks", "member_label",
           "more_line", "no_members", "percent", "seat_text"]

#: Average width of one character, in ems (DejaVu Sans: digits 0.64, lower case about 0.55,
#: bold a little wider): generous, so an estimated line is never wider than the seat.
CHAR_EM = 0.62
#: Height of one line of text, in ems (the drawing uses the same line spacing).
LINE_EM = 1.2
#: Share of the seat's width that text may use (a margin from the circle's rim).
_MARGIN = 0.9
#: The fewest characters worth showing on a line ("Ana (L)" is 7).
_FEWEST_CHARS = 4


@dataclass(frozen=True)
class SeatText:
    """The lines written in one seat, top to bottom, and what was left out.

    ``title``: the circle's name (cut to fit); ``kind``: its type in brackets, or "" when there is
    no room; ``members``: one line per member shown, the last one "+ N more" when ``hidden``
    members did not fit; ``chars``: the most characters a line may have.
    """

    title: str
    kind: str
    members: tuple[str, ...]
    hidden: int
    chars: int

    @property
    def lines(self) -> list[str]:
        return [line for line in (self.title, self.kind) if line] + list(self.members)


def percent(share: float) -> str:
    """A share as people read it in the page's language: "70%" in English (as Python writes it,
    so English pages stay exactly as they were), "70 %" in Spanish (Babel)."""
    if current() == DEFAULT:
        return f"{share:.0%}"
    from babel.numbers import format_percent

    return format_percent(share, locale=babel_locale())


def and_list(items: list[str]) -> str:
    """Names joined as a sentence joins them: "Ana and Ben" (English as it always was: "and"
    between every two), "Ana y Ben" in Spanish (Babel's list patterns)."""
    if current() == DEFAULT:
        return " and ".join(items)
    from babel.lists import format_list

    return format_list(list(items), locale=babel_locale())


def link_marks() -> tuple[str, str]:
    """The letters that mark the leader and the delegate on a map, in the page's language."""
    return (pgettext("mark of the leader on a circle map", "L"),
            pgettext("mark of the delegate on a circle map", "D"))


def no_members() -> str:
    """What a circle without members says on the map and in the lists."""
    return _("no members yet")


def more_line(count: int) -> str:
    """The last line of a seat or card that cannot show everyone: "+ 3 more"."""
    # Translators: keep the "+" first: the map's layout tells this line by it.
    return ngettext("+ {count} more", "+ {count} more", count).format(count=count)


def member_label(circle: Circle, person: str) -> str:
    """``person`` with their link roles as on the map: "Ana (L)", "Omar (D)", "Ben (L, D)"."""
    marks = [mark for role, mark in zip(("leader", "delegate"), link_marks(), strict=True)
             if (getattr(circle, role) or "").casefold() == person.casefold()]
    return f"{person} ({', '.join(marks)})" if marks else person


def fit_line(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters, ending in "…" when it was cut."""
    if len(text) <= chars:
        return text
    return text[: max(chars - 1, 1)].rstrip() + "…"


def _chars(width_px: float, name_px: float, *, bold: bool = False) -> int:
    return max(0, math.floor(width_px / (CHAR_EM * (1.08 if bold else 1.0) * name_px)))


def _chords(seat_px: float, lines: int, name_px: float) -> list[float] | None:
    """Usable width of each of ``lines`` lines set in the middle of a seat of radius
    ``seat_px``, top to bottom (a line is as wide as the disc at its edge farther from the
    centre); ``None`` when the block is taller than the seat."""
    height = LINE_EM * name_px
    top = lines * height / 2
    if top > seat_px * 0.94:
        return None
    widths = []
    for i in range(lines):
        upper, lower = top - i * height, top - (i + 1) * height
        far = max(abs(upper), abs(lower)) if upper * lower > 0 else 0.0
        widths.append(2 * math.sqrt(max(seat_px ** 2 - far ** 2, 0.0)) * _MARGIN)
    return widths


def _title_lines(name: str, widths: list[float], name_px: float) -> list[str] | None:
    """``name`` on one line, or on two split at a space, whole; ``None`` when it does not fit."""
    if len(widths) >= 1 and len(name) <= _chars(widths[0], name_px, bold=True):
        return [name]
    words = name.split()
    if len(widths) >= 2 and len(words) > 1:
        for cut in sorted(range(1, len(words)), key=lambda c: abs(len(" ".join(words[:c])) -
                                                              len(" ".join(words[c:])))):
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            if (len(first) <= _chars(widths[0], name_px, bold=True)
                    and len(second) <= _chars(widths[1], name_px, bold=True)):
                return [first, second]
    return None


def seat_text(circle: Circle, seat_px: float, name_px: float) -> SeatText:
    """What a seat of radius ``seat_px`` (CSS px on screen) can show with ``name_px`` text.

    The circle's whole name comes first (on two lines if need be), then its type, then as many
    members as fit, in the file's order (so leader and delegate, usually listed first, stay
    visible); when some do not fit, the last member line is "+ N more" for all the others. A
    name is cut with "…" only when even the circle's name alone does not fit.
    """
    members = [member_label(circle, person) for person in circle.members]
    wanted = members or [no_members()]
    kind = f"({type_label(circle.type)})"
    for count in range(len(wanted), 0, -1):
        kept = wanted[:count] if count == len(wanted) else wanted[:count - 1]
        shown = kept if count == len(wanted) else [*kept, more_line(len(wanted) - len(kept))]
        for title_rows in (1, 2):
            widths = _chords(seat_px, title_rows + 1 + len(shown), name_px)
            if widths is None:
                continue
            title = _title_lines(circle.name, widths[:title_rows], name_px)
            if title is None or len(title) != title_rows:
                continue
            rest = widths[title_rows:]
            if len(kind) > _chars(rest[0], name_px):
                continue
            fits = all(_chars(width, name_px) >= (len(line) if line.startswith("+")
                                                  else min(len(line), 6))
                       for line, width in zip(shown, rest[1:], strict=True))
            if fits:
                lines = tuple(fit_line(line, _chars(width, name_px))
                              for line, width in zip(shown, rest[1:], strict=True))
                hidden = len(wanted) - len(kept) if count < len(wanted) else 0
                chars = min(_chars(w, name_px) for w in rest[1:])
                return SeatText("\n".join(title), kind, lines, hidden if members else 0, chars)
    # not even one member line: the name (cut if need be), and the type if it fits
    for rows, with_kind in ((2, True), (1, False)):
        widths = _chords(seat_px, rows, name_px)
        if widths and _chars(min(widths), name_px) >= _FEWEST_CHARS:
            chars = _chars(widths[0], name_px, bold=True)
            return SeatText(fit_line(circle.name, chars),
                            fit_line(kind, _chars(widths[-1], name_px)) if with_kind else "",
                            (), len(members), chars)
    widths = _chords(seat_px, 1, name_px) or [seat_px * 2 * _MARGIN]
    chars = max(1, _chars(widths[0], name_px, bold=True))
    return SeatText(fit_line(circle.name, chars), "", (), len(members), chars)
