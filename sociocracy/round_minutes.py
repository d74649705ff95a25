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
import io
from collections.abc import Sequence

from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.core.spreadsheet import safe_cell
from sociocracy.rounds import Round

__all__ = ["airtime_shares", "format_seconds", "round_markdown", "rounds_csv", "session_markdown",
           "shown_seconds", "turn_lines"]


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
        return f"{value:.1f}".removesuffix(".0") + " s"
    minutes, secs = divmod(int(value), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


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
        return ["No turns yet."]
    lines = []
    for number, turn in enumerate(r.turns, start=1):
        when = [clock[number - 1]] if clock is not None and number <= len(clock) and \
            clock[number - 1] else []
        length = [format_seconds(turn.seconds)] if timing and turn.seconds is not None else []
        took = f" ({', '.join(when + length)})" if when or length else ""
        said = "passed" if turn.passed else (_md_block(turn.note) or "(no note)")
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
        lines.append(f"- Date: {_md(date)}")
    lines.append(f"- Kind of round: {r.rule.label} (passing {r.rule.passing})")
    if r.prompt:
        lines.append(f"- Prompt: {_md(r.prompt)}")
    lines.append("- Speaking order: " + ", ".join(_md(name) for name in r.order))
    turns = r.turns
    status = "complete" if r.is_complete else (
        f"not complete ({len(turns)} of {len(r.order)} turns taken)")
    lines += [f"- Status: {status}", "", f"{h}# Turns", ""]
    lines += turn_lines(r)
    timed = [turn for turn in turns if turn.seconds is not None]
    if timed:
        airtime = r.airtime()
        shares = airtime_shares(airtime)
        lines += ["", f"{h}# Airtime", "", "| Person | Time | Share |", "|---|---|---|"]
        for name, seconds in airtime.items():
            share = "-" if shares[name] is None else f"{shares[name]:.0%}"
            lines.append(f"| {_md(name)} | "
                         f"{format_seconds(seconds)} | {share} |")
    passes = r.discouraged_passes()
    if passes:
        lines += ["", "Passes in a quick-reactions round (discouraged): "
                  + ", ".join(_md(turn.who) for turn in passes) + "."]
    return "\n".join(lines) + "\n"


def session_markdown(rounds: Sequence[Round], title: str = "Minutes", *,
                     date: str | None = None) -> str:
    """Several rounds, in the order they were run, under one title."""
    lines = [f"# {_md(title)}", ""]
    if date:
        lines += [f"- Date: {_md(date)}"]
    people = list(dict.fromkeys(name for r in rounds for name in r.participants))
    lines += [f"- Rounds: {len(rounds)}",
              "- Participants: " + (", ".join(_md(name) for name in people) or "none"), ""]
    parts = ["\n".join(lines)]
    for number, r in enumerate(rounds, start=1):
        parts.append(round_markdown(r, f"Round {number}: {r.rule.label}", level=2))
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
