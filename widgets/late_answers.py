"""Check again when a change made before "Check answer" reaches the kernel after the click.

Why: ipywidgets sends a button click at once, but holds back a control's newer value while its
previous one is still unanswered by the kernel (a keyboard user pressing the arrow keys makes
several in a row). On a busy server, such as one laptop serving a workshop room, the click can
therefore overtake the last change a person made before it, and the feedback would describe an
answer they no longer see: "Not yet" for a right answer.

A change that arrives within a few seconds of a click is taken as such a late arrival, and the
check runs again, so the feedback matches the screen. Later changes are left alone: feedback
does not follow the answer live, so nobody can find the right answer by stepping through the
choices and watching the feedback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets

__all__ = ["LATE_SECONDS", "LateAnswerWatch", "answer_controls"]

#: How long after a click a change still counts as made before it.
LATE_SECONDS = 3.0

_SHOWN_TEXT = (widgets.HTML, widgets.HTMLMath, widgets.Label)


def answer_controls(roots: Iterable[widgets.Widget]) -> list[widgets.ValueWidget]:
    """Every control under ``roots`` whose value a person sets (not the text shown to them)."""
    found: list[widgets.ValueWidget] = []
    stack = list(roots)
    while stack:
        widget = stack.pop()
        if isinstance(widget, widgets.ValueWidget) and not isinstance(widget, _SHOWN_TEXT):
            found.append(widget)
        stack.extend(getattr(widget, "children", ()))
    return found


class LateAnswerWatch:
    """Makes ``button`` run ``check``, and runs it again when an answer control under ``roots``
    changes soon after a click."""

    def __init__(self, button: widgets.Button, roots: Iterable[widgets.Widget],
                 check: Callable[[], Any], *, seconds: float = LATE_SECONDS,
                 recheck: Callable[[], Any] | None = None) -> None:
        self._check = check
        self._recheck = recheck or check  # a late change is the same try, not a new one
        self._seconds = seconds
        self._clicked_at: float | None = None
        button.on_click(self._clicked)
        for control in answer_controls(roots):
            control.observe(self._changed, names="value")

    def _clicked(self, _button: widgets.Button) -> None:
        self._clicked_at = time.monotonic()
        self._check()

    def _changed(self, _change: Any) -> None:
        if self._clicked_at is not None and \
                time.monotonic() - self._clicked_at <= self._seconds:
            self._recheck()
