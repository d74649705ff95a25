"""Doing something every few seconds while a widget lives, on the kernel's event loop.

An audience view re-reads what the facilitator's screen published, a room panel re-reads the
room, an intro presenter moves its clock on: each repeats one step while the widget is open and
its page is connected. In plain Python (tests, headless checks) there is no running loop: then
nothing repeats and the step is called by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

__all__ = ["repeat_while"]


def repeat_while(seconds: float, step: Callable[[], None],
                 alive: Callable[[], bool]) -> asyncio.Task[None] | None:
    """Call ``step()`` every ``seconds`` while ``alive()`` holds, checked before each wait and
    again after it (a widget closed while waiting does not step once more).

    Returns the task (cancel it when the widget closes), or ``None`` when ``seconds`` is 0 or no
    event loop runs.
    """
    if not seconds:
        return None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    async def repeat() -> None:
        while alive():
            await asyncio.sleep(seconds)
            if not alive():
                break
            step()

    return loop.create_task(repeat())
