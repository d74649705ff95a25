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

from sociocracy.consent import ConsentProcess
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.round_minutes import turn_lines
from sociocracy.rounds import Round

__all__ = ["consent_logbook_entry", "md_text"]


def _quote(text: str) -> list[str]:
    return ["> " + escape_markdown(line) for line in str(text).strip().splitlines()]


def _round_notes(title: str, rnd: Round) -> list[str]:
    return [f"#### {title}", "", *turn_lines(rnd, timing=False), ""]


def consent_logbook_entry(process: ConsentProcess) -> str:
    """The whole consent process as one Markdown logbook entry."""
    decision = process.decision
    title = process.circle.strip() or "Circle"
    lines = [f"## {escape_markdown(title)}: consent decision", ""]
    if decision is not None and decision.published:
        lines += [f"- Decided on: {decision.decided_on}",
                  f"- Term: {decision.term_months} months (ends {decision.term_ends})",
                  f"- Review date: {decision.review_date}"]
    elif decision is not None:
        lines.append(f"- Consented, not yet published; term {decision.term_months} months")
    elif process.postponement is not None:
        lines.append("- Status: postponed, no decision. "
                     + md_text(process.postponement.sentence()))
    else:
        lines.append(f"- Status: in progress (step: {process.step}); no decision yet")
    lines.append("- Members: " + ", ".join(escape_markdown(m) for m in process.members))
    lines += ["", "### Proposal" + (" as consented" if decision else ""), "",
              *_quote(decision.proposal if decision else process.proposal), ""]
    if decision is not None:
        lines += [f"Consent in consent round {decision.consent_rounds} from: "
                  + ", ".join(escape_markdown(m) for m in decision.consented_by) + ".", ""]
    if process.objections:
        lines += ["### Objections and how they were integrated", ""]
        for objection in process.objections:
            how = "; ".join(i.summary for i in objection.integrations) or "not integrated yet"
            verdict = f"Integrated: {md_text(how)}."
            postponed = process.postponement
            if postponed is not None and postponed.objection == objection.member \
                    and not objection.integrated:
                verdict = "Not integrated: the decision is postponed (see the status above)."
            lines.append(f"- {escape_markdown(objection.member)} (consent round "
                         f"{objection.consent_round}): {md_text(objection.reason)}. {verdict}")
        lines.append("")
    if process.measures:
        lines += ["### Measures", ""]
        lines += [f"- {md_text(m.measure)}; review early if: {md_text(m.alarm)}"
                  for m in process.measures]
        lines.append("")
    if process.helping_circles:
        lines += ["### Helping circles", ""]
        lines += [f"- {', '.join(escape_markdown(n) for n in h.members)}: {md_text(h.task)}"
                  for h in process.helping_circles]
        lines.append("")
    if process.amendments:
        lines += ["### Amendments", ""]
        for number, (_old, new) in enumerate(process.amendments, start=1):
            lines.append(f"{number}. {md_text(new, indent='   ')}")
        lines += ["", "Original proposal:", "", *_quote(process.original_proposal), ""]
    if process.rounds:
        lines += ["### Rounds", ""]
        counts: dict[str, int] = {}
        for step, rnd in process.rounds:
            counts[step] = counts.get(step, 0) + 1
            label = rnd.rule.label
            if step == "consent-round":
                label = f"{label} {counts[step]}"
            lines += _round_notes(label, rnd)
    return "\n".join(lines).rstrip() + "\n"
