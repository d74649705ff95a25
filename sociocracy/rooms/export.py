"""A room's record to hand out: Markdown for people, CSV for a spreadsheet.

People's text goes through the course's one rule for Markdown
(:mod:`sociocracy.core.markdown_text`), so ``<img ...>`` or ``[x](javascript:...)`` stay literal
text and an answer cannot fake another answer or a heading, and through the one CSV guard
(:func:`sociocracy.core.spreadsheet.safe_cell`), so a cell such as ``=HYPERLINK(...)`` is never
run by a spreadsheet. Only revealed answers are exported: what the room did not see together is
not part of its record.

Beside each question's written answers, the Markdown lists its spoken round (joined in from the
app that ran it, :mod:`.spoken`): the turns in speaking order with their notes and the time each
was kept, passes marked, and the outcome. Times are the computer's local time, its zone named
once (:mod:`sociocracy.core.times`); the CSV keeps ISO 8601 times with their offset.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Protocol

from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.core.names import name_key
from sociocracy.core.spreadsheet import safe_cell as csv_cell
from sociocracy.core.times import local_clock, local_stamp, local_zone
from sociocracy.rooms.model import Activity, Participant, Response
from sociocracy.rooms.spoken import SpokenRound
from sociocracy.round_minutes import turn_lines

__all__ = ["RoomRecord", "follow_up_counts", "room_csv", "room_markdown"]


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

    def spoken_rounds(self) -> list[SpokenRound]: ...


#: The CSV's column names: machine-readable, so English and stable in every language.
CSV_HEADER = ["round", "kind", "prompt", "name", "choice", "nominee", "reason", "words",
              "answered_at", "spoken_turn", "passed", "spoken_note", "spoken_at"]


#: A consent answer's word in the record (the phones send "consent" or "objection").
CHOICES = {"consent": N_("consent"), "objection": N_("objection")}


def _line(text: str) -> str:
    """People's text on one line (a heading, a title, a name)."""
    return escape_markdown(text)


def _answer(activity: Activity, response: Response) -> str:
    who = _line(response.name)
    if activity.kind == "consent":
        said = _(CHOICES[response.choice]) if response.choice in CHOICES else response.choice
        if response.reason:
            said += ": " + md_text(response.reason)
    elif activity.kind == "nomination":
        said = _("nominates {nominee}: {reason}").format(nominee=md_text(response.nominee),
                                                         reason=md_text(response.reason))
    else:
        said = md_text(response.words)
    return f"- {who}: {said}"


def _spoken(spoken: SpokenRound, heading: str) -> list[str]:
    """A spoken round: its turns in speaking order (time kept, note; passes say "passed"), then
    its outcome."""
    lines = [f"### {heading}", ""]
    rnd = spoken.round
    if rnd is None:
        return [*lines, _("This spoken round cannot be read from the record: {problem}").format(
            problem=spoken.problem), ""]
    lines += [_("{kind}, started {time}; speaking order: {order}.").format(
        kind=rnd.rule.label, time=local_clock(spoken.started_at),
        order=", ".join(_line(name) for name in rnd.order)), ""]
    if rnd.turns:
        clock = [local_clock(at) for at in spoken.turn_times]
        lines += [*turn_lines(rnd, timing=False, clock=clock), ""]
    passes = sum(turn.passed for turn in rnd.turns)
    heard = ngettext("{turns} of {total} turns, {passes} pass",
                     "{turns} of {total} turns, {passes} passes", passes).format(
        turns=len(rnd.turns), total=len(rnd.order), passes=passes)
    if spoken.outcome == "complete":
        ended = spoken.turn_times[-1] if spoken.turn_times else spoken.last_at
        outcome = _("round complete at {time}: everyone had their turn ({heard}).").format(
            time=local_clock(ended), heard=heard)
    else:
        missing = ", ".join(_line(name) for name in rnd.remaining)
        if spoken.outcome == "stopped" and spoken.finished_at is not None:
            outcome = _("stopped at {time} after {heard}; not heard: {missing}.").format(
                time=local_clock(spoken.finished_at), heard=heard, missing=missing)
        elif rnd.turns:
            outcome = _("not finished ({heard} so far); next: {name}.").format(
                heard=heard, name=_line(rnd.current or ""))
        else:
            outcome = _("not started yet; first: {name}.").format(name=_line(rnd.current or ""))
    return [*lines, _("Outcome: {outcome}").format(outcome=outcome), ""]


def follow_up_counts(yes: int, answered: int) -> str:
    """A follow-up question's answers as the participants' record may carry them: counts only
    (who said yes and how to reach them go to the facilitator alone)."""
    return ngettext("{yes} of {answered} who answered would like to hear about SoFA's trainings.",
                    "{yes} of {answered} who answered would like to hear about SoFA's trainings.",
                    answered).format(yes=yes, answered=answered)


def room_markdown(room: RoomRecord) -> str:
    """The room's record: who joined, then each question with its prompt, its revealed written
    answers and its spoken round."""
    people = room.participants
    opened = room.created_at
    lines = ["# " + _("Workshop record: {title}").format(title=_line(room.title)), "",
             _("Room {code}, opened {when}. Times are local ({zone}).").format(
                 code=room.code, when=local_stamp(opened), zone=local_zone(opened)), ""]
    if people:
        lines += [ngettext("{count} people joined: {names}.", "{count} people joined: {names}.",
                           len(people)).format(count=len(people),
                                               names=", ".join(_line(p.name) for p in people)),
                  ""]
    else:
        lines += [_("Nobody joined."), ""]
    spoken: dict[int, list[SpokenRound]] = {}
    for found in room.spoken_rounds():
        spoken.setdefault(found.activity, []).append(found)
    for number, activity in enumerate(room.activities, start=1):
        lines += [f"## {number}. {activity.label}", ""]
        if activity.prompt:
            lines += [_("Prompt: {prompt}").format(prompt=md_text(activity.prompt)), ""]
        if activity.kind == "follow-up" and activity.revealed:  # counts; contacts stay private
            answers = room.responses(activity)
            yes = sum(r.get("answer") == "yes" for r in answers)
            lines += [follow_up_counts(yes, len(answers)), ""]
        elif activity.revealed:
            answers = room.responses(activity)
            lines += [_("Written answers, revealed together:"), ""]
            lines += [_answer(activity, r) for r in answers] or [_("Nobody answered.")]
            lines.append("")
            rounds = spoken.get(activity.id, [])
            for count, found in enumerate(rounds, start=1):
                heading = (_("Spoken round {number}").format(number=count) if len(rounds) > 1
                           else _("Spoken round"))
                lines += _spoken(found, heading)
        else:
            lines.append(_("Answers not revealed ({count} answered).").format(
                count=room.answered_count(activity)))
            lines.append("")
    return "\n".join(lines)


def _spoken_cells(spoken: SpokenRound | None) -> dict[str, list[object]]:
    """name key -> [turn number, passed, note, kept at] of a spoken round's turns."""
    if spoken is None or spoken.round is None:
        return {}
    cells: dict[str, list[object]] = {}
    for number, turn in enumerate(spoken.round.turns, start=1):
        at = spoken.turn_times[number - 1] if number <= len(spoken.turn_times) else None
        cells[name_key(turn.who)] = [
            number, "yes" if turn.passed else "no", csv_cell(turn.note),
            at.isoformat(timespec="seconds") if at is not None else "", turn.who]
    return cells


def room_csv(room: RoomRecord) -> str:
    """One row per revealed answer, with that person's turn in the question's (latest) spoken
    round beside it (``spoken_turn`` is the place in speaking order; people who spoke without a
    written answer get a row of their own); every text cell guarded against spreadsheet
    formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    latest: dict[int, SpokenRound] = {}
    for found in room.spoken_rounds():
        latest[found.activity] = found
    for number, activity in enumerate(room.activities, start=1):
        if not activity.revealed or activity.kind == "follow-up":  # contacts stay private
            continue
        spoken = _spoken_cells(latest.get(activity.id))
        for r in room.responses(activity):
            turn = spoken.pop(name_key(r.name), ["", "", "", "", ""])[:4]
            writer.writerow([number, activity.kind, csv_cell(activity.prompt), csv_cell(r.name),
                             r.choice, csv_cell(r.nominee), csv_cell(r.reason),
                             csv_cell(r.words), r.at.isoformat(timespec="seconds"), *turn])
        for cells in sorted(spoken.values(), key=lambda c: int(str(c[0]))):
            writer.writerow([number, activity.kind, csv_cell(activity.prompt),
                             csv_cell(str(cells[4])), "", "", "", "", "", *cells[:4]])
    return buffer.getvalue()
