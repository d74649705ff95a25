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

from sociocracy.core.language import DEFAULT, _, babel_locale, current, ngettext
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


def _percent(share: float) -> str:
    """A share of the talk as a whole percentage in the page's language."""
    if current() == DEFAULT:
        return f"{share:.0%}"
    from babel.numbers import format_percent

    return format_percent(share, locale=babel_locale())


def _bars(result: MeetingResult) -> str:
    """Who spoke, as a table: one bar per person on the same scale, and the share in words."""
    rows = []
    for name, share in result.shares.items():
        notes = [note for note, yes in ((_("proposed the decision"), name == result.loudest),
                                        (_("hardly heard"), name not in result.heard)) if yes]
        note = f" ({', '.join(notes)})" if notes else ""
        rows.append(
            f"<tr><th scope='row'>{html_text(name)}</th><td style='width:45%'>"
            f"<span class='course-bar-track' aria-hidden='true'><span class='course-bar-fill' "
            f"style='width:{share * 100:.0f}%'></span></span></td>"
            f"<td>{_percent(share)}{html.escape(note)}</td></tr>")
    caption = (_("Who spoke (in rounds: everyone had a turn each time round)")
               if result.mode == "rounds" else
               _("Who spoke (open discussion: whoever takes the floor)"))
    return (f"<table class='course-bars'><caption>{html.escape(caption)}</caption>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _afterwards(result: MeetingResult) -> str:
    parts = []
    if result.object_afterwards:
        parts.append(_("<p><strong>Would object afterwards, outside the meeting:</strong> "
                       "{names}. The decision is outside what they can work with, and nobody "
                       "asked them.</p>").format(names=_names(result.object_afterwards)))
    elif result.outside:
        if result.review_months is not None:
            when = ngettext("at the review in {months} month", "at the review in {months} months",
                            result.review_months).format(months=result.review_months)
        else:
            when = _("in the evaluation round")
        parts.append(_("<p><strong>Cannot work with the decision:</strong> {names}. They have a "
                       "place to say so: {when}.</p>").format(names=_names(result.outside),
                                                              when=html.escape(when)))
    elif result.decided:
        parts.append(_("<p><strong>Would object afterwards:</strong> nobody. The decision is "
                       "inside everyone's range of tolerance.</p>"))
    if result.objections_raised:
        if result.decided:
            heard = _("<p>Objections heard in the meeting (met by the amendment): {names}.</p>")
        else:
            heard = _("<p>Objections heard in the meeting (with no point everyone can work "
                      "with): {names}.</p>")
        parts.append(heard.format(names=_names(result.objections_raised)))
    if result.unsure:
        parts.append(_("<p>Left unsure what was decided: {names}.</p>").format(
            names=_names(result.unsure)))
    if result.evaluation_voices:
        items = "".join(f"<li>{html_text(v)}</li>" for v in result.evaluation_voices)
        parts.append(_("<p>The evaluation round brought out:</p>") + f"<ul>{items}</ul>")
    return _("<h4>Afterwards</h4>") + "".join(parts)


class ChangeOneMeeting(widgets.VBox):
    """Choose a meeting and up to three moves; see who spoke, what was decided, who objects."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("course-one-meeting")
        # The menu shows the meetings' names in the page's language; each leads to its seed.
        self._seeds = {_(name): seed for name, seed in MEETINGS.items()}
        self.meeting = widgets.Dropdown(description=_("Which meeting"),
                                        options=list(self._seeds), style=choice_style())
        self.move_boxes = [widgets.Checkbox(description=_(move.label), value=False, indent=False,
                                            style=checkbox_style())
                           for move in MOVES]
        self.result_view = widgets.HTML(style=html_style())
        self.result: MeetingResult | None = None
        self.baseline: MeetingResult | None = None
        self.meeting.observe(self._redraw, names="value")
        for box in self.move_boxes:
            box.observe(self._redraw, names="value")
        heading = widgets.HTML(
            _STYLE + _("<p><strong>Your moves</strong> (at most {count}; you hold no role in "
                       "this meeting):</p>").format(count=MAX_MOVES), style=html_style())
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
        seed = self._seeds[self.meeting.value]
        self.baseline = run_meeting((), seed=seed)
        self.result = result = run_meeting(chosen, seed=seed)
        said = "".join(f"<li>{html.escape(_(move.says))}</li>" for move in MOVES
                       if move.key in chosen)
        said_html = (_("<h4>What you said</h4>") + f"<ul>{said}</ul>" if said else
                     _("<p>You have not said anything yet: this is the meeting as it usually "
                       "goes.</p>"))
        if full:
            said_html += _("<p>You have made {count} moves; untick one to try another.</p>"
                           ).format(count=MAX_MOVES)
        compare = ""
        if chosen and self.baseline is not None:
            before = self.baseline
            count = len(before.object_afterwards)
            compare = ngettext("<p>Without your moves: {decision} {count} person would object "
                               "afterwards.</p>",
                               "<p>Without your moves: {decision} {count} people would object "
                               "afterwards.</p>", count).format(
                                   decision=html.escape(before.decision_sentence()), count=count)
        decided = feedback_html(result.decision_sentence(),
                                kind="right" if result.decided and not result.outside
                                else "neutral", headline=_("What was decided:"))
        self.result_view.value = (said_html + _bars(result) + _("<h4>The decision</h4>")
                                  + decided
                                  + compare + _afterwards(result))
