"""Logbook entries in Markdown: what a circle decided, how, and when it will look again.

SoFA: a decision that is not published is not in effect ([MVOS] "Publish decision"). The entry
holds the proposal as consented, its term and review date, every objection with how it was
integrated, measures and helping circles, amendments, and the notes of each round, so that a
member who was absent can follow what happened.

People's text goes through the course's one rule for Markdown
(:mod:`sociocracy.core.markdown_text`): kept as typed, escaped so that it can never turn into
HTML, a link, mathematics or a block of its own (a fake answer, a heading), and isolated when it
is written right to left. ``md_text`` is that rule's, re-exported here for older callers.
"""

from __future__ import annotations

import datetime as dt

from sociocracy.consent import ConsentProcess
from sociocracy.core.language import DEFAULT, _, babel_locale, current, ngettext
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.round_minutes import turn_lines
from sociocracy.rounds import Round

__all__ = ["consent_logbook_entry", "md_text", "shown_date"]


def shown_date(value: dt.date | str | None) -> str:
    """A date in minutes and logbook entries: ISO in English (as it always was), the page's
    language's long form elsewhere (Babel: "4 de marzo de 2027")."""
    if value is None:
        return str(value)
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value
    if current() == DEFAULT:
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, format="long", locale=babel_locale())


def _step(process: ConsentProcess) -> str:
    label = getattr(process, "step_label", None)
    return label() if callable(label) else process.step


def _quote(text: str) -> list[str]:
    return ["> " + escape_markdown(line) for line in str(text).strip().splitlines()]


def _round_notes(title: str, rnd: Round) -> list[str]:
    return [f"#### {title}", "", *turn_lines(rnd, timing=False), ""]


def consent_logbook_entry(process: ConsentProcess) -> str:
    """The whole consent process as one Markdown logbook entry."""
    decision = process.decision
    title = process.circle.strip() or _("Circle")
    lines = [_("## {circle}: consent decision").format(circle=escape_markdown(title)), ""]
    if decision is not None and decision.published:
        lines += [_("- Decided on: {date}").format(date=shown_date(decision.decided_on)),
                  ngettext("- Term: {months} month (ends {date})",
                           "- Term: {months} months (ends {date})", decision.term_months
                           ).format(months=decision.term_months,
                                    date=shown_date(decision.term_ends)),
                  _("- Review date: {date}").format(date=shown_date(decision.review_date))]
    elif decision is not None:
        lines.append(ngettext("- Consented, not yet published; term {months} month",
                              "- Consented, not yet published; term {months} months",
                              decision.term_months).format(months=decision.term_months))
    elif process.postponement is not None:
        lines.append(_("- Status: postponed, no decision. {why}").format(
            why=md_text(process.postponement.sentence())))
    else:
        lines.append(_("- Status: in progress (step: {step}); no decision yet").format(
            step=_step(process)))
    lines.append(_("- Members: {names}").format(
        names=", ".join(escape_markdown(m) for m in process.members)))
    lines += ["", _("### Proposal as consented") if decision else _("### Proposal"), "",
              *_quote(decision.proposal if decision else process.proposal), ""]
    if decision is not None:
        lines += [_("Consent in consent round {number} from: {names}.").format(
            number=decision.consent_rounds,
            names=", ".join(escape_markdown(m) for m in decision.consented_by)), ""]
    if process.objections:
        lines += [_("### Objections and how they were integrated"), ""]
        for objection in process.objections:
            how = "; ".join(i.summary for i in objection.integrations) or _("not integrated yet")
            verdict = _("Integrated: {how}.").format(how=md_text(how))
            postponed = process.postponement
            if postponed is not None and postponed.objection == objection.member \
                    and not objection.integrated:
                verdict = _("Not integrated: the decision is postponed (see the status above).")
            lines.append(_("- {member} (consent round {number}): {reason}. {verdict}").format(
                member=escape_markdown(objection.member), number=objection.consent_round,
                reason=md_text(objection.reason), verdict=verdict))
        lines.append("")
    if process.measures:
        lines += [_("### Measures"), ""]
        lines += [_("- {measure}; review early if: {alarm}").format(
            measure=md_text(m.measure), alarm=md_text(m.alarm)) for m in process.measures]
        lines.append("")
    if process.helping_circles:
        lines += [_("### Helping circles"), ""]
        lines += [f"- {', '.join(escape_markdown(n) for n in h.members)}: {md_text(h.task)}"
                  for h in process.helping_circles]
        lines.append("")
    if process.amendments:
        lines += [_("### Amendments"), ""]
        for number, (_old, new) in enumerate(process.amendments, start=1):
            lines.append(f"{number}. {md_text(new, indent='   ')}")
        lines += ["", _("Original proposal:"), "", *_quote(process.original_proposal), ""]
    if process.rounds:
        lines += [_("### Rounds"), ""]
        counts: dict[str, int] = {}
        for step, rnd in process.rounds:
            counts[step] = counts.get(step, 0) + 1
            label = _(rnd.rule.label)
            if step == "consent-round":
                label = f"{label} {counts[step]}"
            lines += _round_notes(label, rnd)
    return "\n".join(lines).rstrip() + "\n"
