"""Minutes of rounds: Markdown to hand out, CSV for a spreadsheet, for one round or a session.

An ambassador's workshop is usually several rounds (a check-in, a round on a question, an
evaluation), so the minutes can hold every round of a session, in order. People's text is kept
as typed, with two guards:

* Markdown: the course's one rule (:mod:`sociocracy.core.markdown_text`), so a name such as
  ``<img src=x onerror=alert(1)>`` is shown as text, never run as HTML, a note cannot fake a
  turn or a heading, and ``|`` cannot split a table cell, wherever the minutes are rendered.
* CSV: a cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) gets a leading apostrophe, the usual guard against formula
  injection (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from sociocracy.core.language import DEFAULT, _, babel_locale, current
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.core.spreadsheet import safe_cell
from sociocracy.rounds import Round

__all__ = ["airtime_shares", "format_seconds", "round_markdown", "rounds_csv", "session_markdown",
           "shown_count", "shown_date", "shown_decimal", "shown_percent", "shown_seconds",
           "turn_lines"]


# --- numbers and dates as people read them: English as the course always wrote them, other
# languages through Babel (``0,4 s``, ``45 %``, ``25 de febrero de 2027``).

def shown_percent(share: float) -> str:
    """A share as a whole percentage in the page's language ("45%"; "45 %" in Spanish)."""
    if current() == DEFAULT:
        return f"{share:.0%}"
    from babel.numbers import format_percent

    return format_percent(share, locale=babel_locale())


def shown_decimal(value: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals in the page's language ("1.5"; "1,5" in Spanish)."""
    if current() == DEFAULT:
        return f"{value:.{digits}f}"
    from babel.numbers import format_decimal

    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, format=pattern, locale=babel_locale())


def shown_count(value: int) -> str:
    """A whole number with the page's thousands separator ("10,000"; "10.000" in Spanish)."""
    if current() == DEFAULT:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def shown_date(day: dt.date) -> str:
    """A date as people read it: ISO in English (as the course always wrote it, "2027-02-25"),
    the page's long form elsewhere ("25 de febrero de 2027")."""
    if current() == DEFAULT:
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, format="long", locale=babel_locale())


def _md(text: str) -> str:
    return escape_markdown(text)


def _md_block(text: str) -> str:
    """A note on one numbered list item: later lines indented so they stay inside the item."""
    return md_text(text, indent="   ")


def shown_seconds(seconds: float | None) -> float:
    """A duration as the minutes show it: tenths of a second under 10 s, whole seconds above.

    A quick turn (a pass, a "no question") often takes less than a second; rounded to whole
    seconds it read "0 s" beside a share of 8 %. Shares are computed from these same values
    (:func:`airtime_shares`), so a time and its share always agree.
    """
    value = max(seconds or 0.0, 0.0)
    return round(value, 1) if value < 9.95 else float(round(value))


def format_seconds(seconds: float | None) -> str:
    """"0.4 s", "4 s", "45 s" or "2 min 05 s", as minutes are read aloud."""
    value = shown_seconds(seconds)
    if value < 10:
        number = f"{value:.1f}".removesuffix(".0")
        if current() != DEFAULT:
            from babel.numbers import format_decimal

            number = format_decimal(value, format="0.#", locale=babel_locale())
        return _("{seconds} s").format(seconds=number)
    minutes, secs = divmod(int(value), 60)
    if minutes:
        return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=f"{secs:02d}")
    return _("{seconds} s").format(seconds=secs)


def airtime_shares(airtime: dict[str, float]) -> dict[str, float | None]:
    """Each person's share of the time, from the durations as shown (None: nothing was timed)."""
    shown = {name: shown_seconds(seconds) for name, seconds in airtime.items()}
    total = sum(shown.values())
    return {name: (value / total if total else None) for name, value in shown.items()}


def turn_lines(r: Round, *, timing: bool = True,
               clock: Sequence[str] | None = None) -> list[str]:
    """Every turn of ``r`` as a numbered Markdown list: who, (when, how long,) and what they
    said; a pass reads "passed".

    The one renderer of turns, used by the round minutes, the consent logbook and the room's
    record. ``clock``: a time of day per turn ("14:05", the room's record), shown first.
    """
    if not r.turns:
        return [_("No turns yet.")]
    lines = []
    for number, turn in enumerate(r.turns, start=1):
        when = [clock[number - 1]] if clock is not None and number <= len(clock) and \
            clock[number - 1] else []
        length = [format_seconds(turn.seconds)] if timing and turn.seconds is not None else []
        took = f" ({', '.join(when + length)})" if when or length else ""
        said = _("passed") if turn.passed else (_md_block(turn.note) or _("(no note)"))
        lines.append(f"{number}. {_md(turn.who)}{took}: {said}")
    return lines


def round_markdown(r: Round, title: str | None = None, *, date: str | None = None,
                   level: int = 1) -> str:
    """One round: kind, prompt, speaking order, every turn with its note, and airtime.

    ``level`` is the heading level of the title (2 when the round is part of a session).
    """
    h = "#" * level
    lines = [f"{h} {_md(title or r.rule.label)}", ""]
    if date:
        lines.append(_("- Date: {date}").format(date=_md(date)))
    lines.append(_("- Kind of round: {kind} (passing {passing})").format(
        kind=r.rule.label, passing=r.rule.passing_label))
    if r.prompt:
        lines.append(_("- Prompt: {prompt}").format(prompt=_md(r.prompt)))
    lines.append(_("- Speaking order: {names}").format(
        names=", ".join(_md(name) for name in r.order)))
    turns = r.turns
    status = (_("- Status: complete") if r.is_complete else
              _("- Status: not complete ({taken} of {total} turns taken)").format(
                  taken=len(turns), total=len(r.order)))
    lines += [status, "", f"{h}# " + _("Turns"), ""]
    lines += turn_lines(r)
    timed = [turn for turn in turns if turn.seconds is not None]
    if timed:
        airtime = r.airtime()
        shares = airtime_shares(airtime)
        lines += ["", f"{h}# " + _("Airtime"), "",
                  "| {} | {} | {} |".format(_("Person"), _("Time"), _("Share")), "|---|---|---|"]
        for name, seconds in airtime.items():
            value = shares[name]
            share = "-" if value is None else shown_percent(value)
            lines.append(f"| {_md(name)} | "
                         f"{format_seconds(seconds)} | {share} |")
    passes = r.discouraged_passes()
    if passes:
        lines += ["", _("Passes in a quick-reactions round (discouraged): {names}.").format(
            names=", ".join(_md(turn.who) for turn in passes))]
    return "\n".join(lines) + "\n"


def session_markdown(rounds: Sequence[Round], title: str | None = None, *,
                     date: str | None = None) -> str:
    """Several rounds, in the order they were run, under one title (default: "Minutes", in the
    page's language)."""
    shown_title = _("Minutes") if title is None else title
    lines = [f"# {_md(shown_title)}", ""]
    if date:
        lines += [_("- Date: {date}").format(date=_md(date))]
    people = list(dict.fromkeys(name for r in rounds for name in r.participants))
    lines += [_("- Rounds: {count}").format(count=len(rounds)),
              _("- Participants: {names}").format(
                  names=", ".join(_md(name) for name in people) or _("none")), ""]
    parts = ["\n".join(lines)]
    for number, r in enumerate(rounds, start=1):
        parts.append(round_markdown(r, _("Round {number}: {kind}").format(
            number=number, kind=r.rule.label), level=2))
    return "\n".join(parts)


def rounds_csv(rounds: Sequence[Round], *, session: bool = True) -> str:
    """One row per turn. With ``session``, the round's number and kind come first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    head = ["turn", "who", "note", "seconds", "passed"]
    writer.writerow(["round", "kind", *head] if session else head)
    for round_number, r in enumerate(rounds, start=1):
        for number, turn in enumerate(r.turns, start=1):
            seconds = "" if turn.seconds is None else f"{turn.seconds:g}"
            row = [number, safe_cell(turn.who), safe_cell(turn.note), seconds,
                   "yes" if turn.passed else "no"]
            writer.writerow([round_number, r.kind, *row] if session else row)
    return buffer.getvalue()
