"""A compact panel for a round that belongs to a larger process (the consent process).

It shows whose turn it is and who is next, takes a note per turn, and offers Pass only where the
round's rules allow it (with the reason shown otherwise), plus Undo. All rules come from
:class:`sociocracy.rounds.Round`; the panel only draws and forwards clicks.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from sociocracy.rounds import Round, RoundRuleError

__all__ = ["RoundPanel"]


class RoundPanel(widgets.VBox):
    """Drive a :class:`Round` owned by someone else; ``on_change`` runs after every move."""

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.add_class("course-round-panel")
        self.round: Round | None = None
        self.on_change = on_change
        self.heading = widgets.HTML()
        self.turn = widgets.HTML()
        self.note = widgets.Text(description="Note", placeholder="what they said, briefly",
                                 style={"description_width": "10em"},
                                 layout=widgets.Layout(width="100%"))
        self.speak_button = widgets.Button(description="Spoke: next person",
                                           button_style="primary",
                                           tooltip="Record this turn and move to the next person")
        self.pass_button = widgets.Button(description="Pass", tooltip="This person passes")
        self.undo_button = widgets.Button(description="Undo", tooltip="Take the last turn back")
        self.pass_reason = widgets.HTML()
        self.message = widgets.HTML()
        self.turns = widgets.HTML()
        self.speak_button.on_click(lambda _b: self._move(lambda r: r.speak(self.note.value)))
        self.pass_button.on_click(lambda _b: self._move(lambda r: r.pass_turn()))
        self.undo_button.on_click(lambda _b: self._move(lambda r: r.undo()))
        self.children = [self.heading, self.turn, self.note,
                         widgets.HBox([self.speak_button, self.pass_button, self.undo_button]),
                         self.pass_reason, self.message, self.turns]

    def show(self, rnd: Round) -> None:
        """Draw ``rnd`` (a new round, or the same one after a change)."""
        if rnd is not self.round:
            self.message.value = ""
            self.note.value = ""
        self.round = rnd
        rule = rnd.rule
        self.heading.value = (f"<h4>{html.escape(rule.label)}</h4>"
                              f"<p>{html.escape(rule.purpose)}</p>")
        if rnd.current is None:
            self.turn.value = "<p><strong>Everyone has had their turn.</strong></p>"
        else:
            after = (f" Next: {html.escape(rnd.next_speaker)}." if rnd.next_speaker
                     else " They are the last in this round.")
            self.turn.value = (f"<p>Now speaking: <strong>{html.escape(rnd.current)}</strong>."
                               f"{after}</p>")
        done = rnd.is_complete
        self.speak_button.disabled = done
        self.note.disabled = done
        self.pass_button.disabled = not rnd.can_pass
        self.undo_button.disabled = not rnd.turns
        reason = "" if done else rnd.pass_blocked_reason
        if not reason and rule.passing == "discouraged":
            reason = f"Passing is possible but discouraged here. {rule.why}"
        self.pass_reason.value = f"<p><em>{html.escape(reason)}</em></p>" if reason else ""
        items = "".join(
            f"<li>{html.escape(t.who)}: "
            + ("<em>passed</em>" if t.passed else html.escape(t.note or "(no note)")) + "</li>"
            for t in rnd.turns)
        self.turns.value = f"<ol>{items}</ol>" if items else ""

    def _move(self, action: Callable[[Round], object]) -> None:
        if self.round is None:
            return
        try:
            action(self.round)
        except RoundRuleError as exc:
            self.message.value = (f'<div class="course-feedback-wrong" role="alert">'
                                  f"{html.escape(str(exc))}</div>")
        else:
            self.message.value = ""
            self.note.value = ""
        self.show(self.round)
        if self.on_change is not None:
            self.on_change()
