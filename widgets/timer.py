"""A speaker's timer that the kernel keeps, so recorded times do not depend on the browser."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["TurnTimer"]


class TurnTimer:
    """Seconds since a turn began, minus pauses, read from a clock that tests can replace.

    The kernel keeps the time (``time.monotonic`` by default), so the seconds recorded in the
    minutes do not depend on the browser; the display is refreshed once a second by a small
    background task while a turn runs.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.reset(running=False)

    def reset(self, *, running: bool = True, already: float = 0.0) -> None:
        """Start counting again from ``already`` seconds (e.g. a turn taken back by "Undo")."""
        self._start = self.clock() - already
        self._paused_total = 0.0
        self._paused_at: float | None = None if running else self._start

    @property
    def running(self) -> bool:
        return self._paused_at is None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.clock()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self.clock() - self._paused_at
            self._paused_at = None

    @property
    def elapsed(self) -> float:
        now = self._paused_at if self._paused_at is not None else self.clock()
        return max(0.0, now - self._start - self._paused_total)
