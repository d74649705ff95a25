"""Minutes of a whole meeting, and a printable agenda, in Markdown.

The minutes follow the meeting's parts in order: for each, the time planned and used, the notes,
every round (rendered by :func:`sociocracy.round_minutes.turn_lines`, the one renderer of turns)
and every consent decision (its logbook entry, :func:`sociocracy.logbook.consent_logbook_entry`),
then the backlog. People's text goes through :func:`sociocracy.core.markdown_text.md_text` (the
one rule), so ``<img src=x onerror=alert(1)>`` stays text and a note cannot become a heading
wherever the minutes are rendered.
"""

from __future__ import annotations

from sociocracy.core.language import _
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.logbook import consent_logbook_entry, shown_date
from sociocracy.meetings import FRAME, ITEM_KINDS, Meeting, MeetingRun, kind_label, severity_label
from sociocracy.round_minutes import turn_lines

__all__ = ["agenda_markdown", "decision_entries", "meeting_minutes"]


def _clock(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def _demote(entry: str, levels: int = 2) -> str:
    """A logbook entry's headings pushed down, so it sits inside a part of the minutes."""
    return "\n".join("#" * levels + line if line.startswith("#") else line
                     for line in entry.splitlines())


def agenda_markdown(meeting: Meeting) -> str:
    """The agenda to print or send before the meeting: every part with its time."""
    lines = [_("# Agenda: {circle}, {date}").format(circle=escape_markdown(meeting.circle),
                                                     date=shown_date(meeting.date)), "",
             _("- Length: {minutes} minutes").format(minutes=f"{meeting.minutes:g}"), "",
             _("| Time | Part | Kind | Minutes | Who brings it |"), "|---|---|---|---|---|"]
    for part in meeting.plan():
        item = meeting.items[part.item] if part.item is not None else None
        kind = kind_label(item.kind) if item else (_("frame") if part.key in FRAME else "")
        owner = escape_markdown(item.owner) if item and item.owner else ""
        title = escape_markdown(part.shown_title)
        lines.append(f"| {_clock(part.start)} | {title} | {escape_markdown(kind)} | "
                     f"{part.minutes:g} | {owner} |")
    proposals = [(i, item) for i, item in enumerate(meeting.items) if item.proposal]
    if proposals:
        lines += ["", _("## Proposals"), ""]
        lines += [f"- {md_text(item.title)}: {md_text(item.proposal)}" for _i, item in proposals]
    findings = meeting.validate()
    if findings:
        lines += ["", _("## Before the meeting"), ""]
        lines += [f"- {severity_label(f.severity)}: {md_text(f.message)}" for f in findings]
    return "\n".join(lines) + "\n"


def decision_entries(run: MeetingRun, index: int) -> list[str]:
    """Logbook entries of the consent decisions held live in part ``index``."""
    return [consent_logbook_entry(process) for process in run.records[index].decisions]


def meeting_minutes(run: MeetingRun) -> str:
    """The minutes of the whole meeting, as far as it has gone."""
    meeting = run.meeting
    lines = [_("# Minutes: {circle}, {date}").format(circle=escape_markdown(meeting.circle),
                                                      date=shown_date(meeting.date)), "",
             _("- Present: {names}").format(
                 names=", ".join(escape_markdown(m) for m in run.members)),
             _("- Planned length: {minutes} minutes").format(minutes=f"{meeting.minutes:g}")]
    if run.finished:
        lines.append(_("- Actual length: {minutes} minutes").format(
            minutes=f"{run.elapsed():.0f}"))
    elif run.started:
        lines.append(_("- Status: in progress ({part})").format(
            part=run.current.shown_title if run.current else ""))
    else:
        lines.append(_("- Status: not started"))
    lines.append("")
    for index, (part, rec) in enumerate(zip(run.parts, run.records, strict=True)):
        heading = escape_markdown(part.shown_title)
        if part.item is not None:
            item = meeting.items[part.item]
            heading += f" ({escape_markdown(kind_label(item.kind))})"
        lines += [f"## {index + 1}. {heading}", ""]
        used = rec.used
        planned = f"{part.minutes:g}"
        if used is not None:
            timing = _("planned {planned} min, took {used} min").format(
                planned=planned, used=f"{used:.0f}")
        elif index == run.index:
            timing = _("planned {planned} min, in progress").format(planned=planned)
        elif index > run.index:
            timing = _("planned {planned} min, not reached").format(planned=planned)
        else:
            timing = _("planned {planned} min").format(planned=planned)
        lines += [_("- Time: {timing}").format(timing=timing)]
        if part.item is not None:
            item = meeting.items[part.item]
            if item.owner:
                lines.append(_("- Brought by: {name}").format(name=escape_markdown(item.owner)))
            if item.proposal:
                lines.append(_("- Proposal: {proposal}").format(proposal=md_text(item.proposal)))
            if item.notes:
                lines.append(_("- On the agenda: {notes}").format(notes=md_text(item.notes)))
            kind = _(ITEM_KINDS[item.kind]) if item.kind in ITEM_KINDS \
                else escape_markdown(item.kind)
            lines.append(_("- Kind: {kind}").format(kind=kind))
        lines.append("")
        if rec.notes:
            lines += [_("### Notes"), "", md_text(rec.notes, indent=""), ""]
        for number, rnd in enumerate(rec.rounds, start=1):
            title = _(rnd.rule.label) + (f" {number}" if len(rec.rounds) > 1 else "")
            lines += [f"### {title}", ""]
            if rnd.prompt:
                lines += [_("Prompt: {prompt}").format(prompt=md_text(rnd.prompt)), ""]
            lines += [*turn_lines(rnd, timing=False), ""]
        for entry in [*rec.saved_decisions, *decision_entries(run, index)]:
            lines += [_demote(entry, 1).rstrip(), ""]
    lines += [_("## Backlog"), ""]
    lines += [f"- {md_text(entry)}" for entry in run.backlog] or [_("- (nothing added)")]
    return "\n".join(lines).rstrip() + "\n"
