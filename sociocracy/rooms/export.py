"""A room's record to hand out: Markdown for people, CSV for a spreadsheet.

People's text goes through the course's one rule for Markdown
(:mod:`sociocracy.core.markdown_text`), so ``<img ...>`` or ``[x](javascript:...)`` stay literal
text and an answer cannot fake another answer or a heading, and through the one CSV guard
(:func:`sociocracy.core.spreadsheet.safe_cell`), so a cell such as ``=HYPERLINK(...)`` is never
run by a spreadsheet. Only revealed answers are exported: what the room did not see together is
not part of its record.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Protocol

from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.core.spreadsheet import safe_cell as csv_cell
from sociocracy.rooms.model import Activity, Participant, Response

__all__ = ["RoomRecord", "room_csv", "room_markdown"]


class RoomRecord(Protocol):
    """What an export reads of a room (a :class:`~sociocracy.rooms.store.Room`).

    A protocol rather than the class itself, so that the store can offer ``export_markdown()``
    while the dependency runs one way: store -> export -> model.
    """

    code: str
    title: str
    created_at: datetime

    @property
    def participants(self) -> list[Participant]: ...

    @property
    def activities(self) -> list[Activity]: ...

    def responses(self, activity: Activity) -> list[Response]: ...

    def answered_count(self, activity: Activity) -> int: ...

CSV_HEADER = ["round", "kind", "prompt", "name", "choice", "nominee", "reason", "words",
              "answered_at"]


def _line(text: str) -> str:
    """People's text on one line (a heading, a title, a name)."""
    return escape_markdown(text)


def _answer(activity: Activity, response: Response) -> str:
    who = _line(response.name)
    if activity.kind == "consent":
        said = response.choice
        if response.reason:
            said += ": " + md_text(response.reason)
    elif activity.kind == "nomination":
        said = f"nominates {md_text(response.nominee)}: {md_text(response.reason)}"
    else:
        said = md_text(response.words)
    return f"- {who}: {said}"


def room_markdown(room: RoomRecord) -> str:
    """The room's record: who joined, then each round with its prompt and revealed answers."""
    people = room.participants
    lines = [f"# Workshop record: {_line(room.title)}", "",
             f"Room {room.code}, opened {room.created_at:%Y-%m-%d %H:%M} UTC.", ""]
    if people:
        lines += [f"{len(people)} people joined: "
                  + ", ".join(_line(p.name) for p in people) + ".", ""]
    else:
        lines += ["Nobody joined.", ""]
    for number, activity in enumerate(room.activities, start=1):
        lines += [f"## {number}. {activity.label}", ""]
        if activity.prompt:
            lines += [f"Prompt: {md_text(activity.prompt)}", ""]
        if activity.revealed:
            answers = room.responses(activity)
            lines += [_answer(activity, r) for r in answers] or ["Nobody answered."]
        else:
            lines.append(f"Answers not revealed ({room.answered_count(activity)} answered).")
        lines.append("")
    return "\n".join(lines)


def room_csv(room: RoomRecord) -> str:
    """One row per revealed answer, every text cell guarded against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for number, activity in enumerate(room.activities, start=1):
        if not activity.revealed:
            continue
        for r in room.responses(activity):
            writer.writerow([number, activity.kind, csv_cell(activity.prompt), csv_cell(r.name),
                             r.choice, csv_cell(r.nominee), csv_cell(r.reason),
                             csv_cell(r.words), r.at.isoformat(timespec="seconds")])
    return buffer.getvalue()
