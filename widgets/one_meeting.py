"""``ChangeOneMeeting``: an ordinary meeting, and up to three moves a learner makes from any seat.

A view of :func:`sociocracy.one_meeting.run_meeting`: a drop-down chooses the meeting, one check
box per move, and one HTML block redrawn after every change (who spoke, what was decided, who
would object afterwards, what the evaluation brought out). The rules (which moves exist, how many,
what each changes) live in the library; the view only disables the remaining boxes once the
library's :data:`~sociocracy.one_meeting.MAX_MOVES` are chosen. Few widget models on purpose: a
lesson page pays for every one when it opens.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from sociocracy.core.people_text import html_text
from sociocracy.one_meeting import MAX_MOVES, MEETINGS, MOVES, MeetingResult, run_meeting

from .feedback import feedback_html
from .looks import checkbox_style, choice_style, html_style
from .palette import ACCENT, NEUTRAL

__all__ = ["ChangeOneMeeting"]

_STYLE = ("<style>.course-one-meeting table.course-bars{border-collapse:collapse;width:100%;"
          "max-width:36em}.course-one-meeting .course-bars caption{text-align:left;"
          "font-weight:bold;padding:0.3em 0}.course-one-meeting .course-bars th{text-align:left;"
          "font-weight:normal;padding:0.1em 0.5em 0.1em 0;width:4.5em}"
          ".course-one-meeting .course-bars td{padding:0.1em 0.3em}"
          ".course-one-meeting .course-bar-track{display:block;height:0.9em;"
          f"border:1px solid {NEUTRAL}}}.course-one-meeting .course-bar-fill{{display:block;"
          f"height:100%;background:{ACCENT}}}.course-one-meeting h4{{margin:0.6em 0 0.2em}}"
          "</style>")


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(html_text(n) for n in names)


def _bars(result: MeetingResult) -> str:
    """Who spoke, as a table: one bar per person on the same scale, and the share in words."""
    rows = []
    for name, share in result.shares.items():
        notes = [note for note, yes in (("proposed the decision", name == result.loudest),
                                        ("hardly heard", name not in result.heard)) if yes]
        note = f" ({', '.join(notes)})" if notes else ""
        rows.append(
            f"<tr><th scope='row'>{html_text(name)}</th><td style='width:45%'>"
            f"<span class='course-bar-track' aria-hidden='true'><span class='course-bar-fill' "
            f"style='width:{share * 100:.0f}%'></span></span></td>"
            f"<td>{share:.0%}{note}</td></tr>")
    how = ("in rounds: everyone had a turn each time round" if result.mode == "rounds"
           else "open discussion: whoever takes the floor")
    return (f"<table class='course-bars'><caption>Who spoke ({how})</caption>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _afterwards(result: MeetingResult) -> str:
    parts = []
    if result.object_afterwards:
        parts.append(f"<p><strong>Would object afterwards, outside the meeting:</strong> "
                     f"{_names(result.object_afterwards)}. The decision is outside what they "
                     "can work with, and nobody asked them.</p>")
    elif result.outside:
        when = (f"at the review in {result.review_months} months"
                if result.review_months is not None else "in the evaluation round")
        parts.append(f"<p><strong>Cannot work with the decision:</strong> "
                     f"{_names(result.outside)}. They have a place to say so: {when}.</p>")
    elif result.decided:
        parts.append("<p><strong>Would object afterwards:</strong> nobody. The decision is "
                     "inside everyone's range of tolerance.</p>")
    if result.objections_raised:
        how = ("met by the amendment" if result.decided
               else "with no point everyone can work with")
        parts.append(f"<p>Objections heard in the meeting ({how}): "
                     f"{_names(result.objections_raised)}.</p>")
    if result.unsure:
        parts.append(f"<p>Left unsure what was decided: {_names(result.unsure)}.</p>")
    if result.evaluation_voices:
        items = "".join(f"<li>{html_text(v)}</li>" for v in result.evaluation_voices)
        parts.append(f"<p>The evaluation round brought out:</p><ul>{items}</ul>")
    return "<h4>Afterwards</h4>" + "".join(parts)


class ChangeOneMeeting(widgets.VBox):
    """Choose a meeting and up to three moves; see who spoke, what was decided, who objects."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("course-one-meeting")
        self.meeting = widgets.Dropdown(description="Which meeting", options=list(MEETINGS),
                                        style=choice_style())
        self.move_boxes = [widgets.Checkbox(description=move.label, value=False, indent=False,
                                            style=checkbox_style())
                           for move in MOVES]
        self.result_view = widgets.HTML(style=html_style())
        self.result: MeetingResult | None = None
        self.baseline: MeetingResult | None = None
        self.meeting.observe(self._redraw, names="value")
        for box in self.move_boxes:
            box.observe(self._redraw, names="value")
        heading = widgets.HTML(
            f"{_STYLE}<p><strong>Your moves</strong> (at most {MAX_MOVES}; you hold no role in "
            "this meeting):</p>", style=html_style())
        self.children = [self.meeting, heading, *self.move_boxes, self.result_view]
        self._redraw()

    @property
    def chosen(self) -> list[str]:
        return [move.key for move, box in zip(MOVES, self.move_boxes, strict=True) if box.value]

    def choose(self, *keys: str) -> None:
        """Tick exactly these moves (what a learner's clicks do; handy in tests)."""
        for move, box in zip(MOVES, self.move_boxes, strict=True):
            box.value = move.key in keys

    def _redraw(self, _change: object = None) -> None:
        chosen = self.chosen
        full = len(chosen) >= MAX_MOVES
        for box in self.move_boxes:
            box.disabled = full and not box.value
        seed = MEETINGS[self.meeting.value]
        self.baseline = run_meeting((), seed=seed)
        self.result = result = run_meeting(chosen, seed=seed)
        said = "".join(f"<li>{html.escape(move.says)}</li>" for move in MOVES
                       if move.key in chosen)
        said_html = (f"<h4>What you said</h4><ul>{said}</ul>" if said else
                     "<p>You have not said anything yet: this is the meeting as it usually "
                     "goes.</p>")
        if full:
            said_html += (f"<p>You have made {MAX_MOVES} moves; untick one to try another.</p>")
        compare = ""
        if chosen and self.baseline is not None:
            before = self.baseline
            count = len(before.object_afterwards)
            compare = (f"<p>Without your moves: {html.escape(before.decision_sentence())} "
                       f"{count} {'person' if count == 1 else 'people'} would object "
                       "afterwards.</p>")
        decided = feedback_html(result.decision_sentence(),
                                kind="right" if result.decided and not result.outside
                                else "neutral", headline="What was decided:")
        self.result_view.value = (said_html + _bars(result) + "<h4>The decision</h4>" + decided
                                  + compare + _afterwards(result))
