"""App sessions: the live state of each facilitator app, headless (no ipywidgets, no Jupyter).

A session owns its library process and its record (:mod:`.keeper`: each step saved before it
counts, one screen writing at a time, resuming, past sessions as files), exposes a state
snapshot and tells the views that subscribed when it changed. Widgets in
:mod:`sociocracy.widgets` are views: they show a session's state and forward clicks to its
actions. See :mod:`.base` for what every session shares.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import AppSession
    from .circle_map import CircleMapSession, CircleMapState
    from .consent import ConsentSession, ConsentState
    from .keeper import BEAT_EVERY, STALE_AFTER, Found, SessionKeeper, new_owner
    from .meeting import MeetingSession, MeetingState
    from .rounds import RoundSession, RoundState
    from .selection import PhoneSlip, SelectionSession, SelectionState
    from .workshop import WorkshopSession, WorkshopState

#: Where each name lives: the sessions are imported when first asked for (PEP 562). A page that
#: needs one session (lesson 02's practice round) would otherwise load all of them, the meeting,
#: consent and selection models included: about a quarter of a second of a lesson's opening
#: (issue 27, ``benchmarks/voila_load.py``).
_HOMES = {
    "AppSession": "base", "ConsentSession": "consent", "ConsentState": "consent",
    "BEAT_EVERY": "keeper", "STALE_AFTER": "keeper", "Found": "keeper",
    "SessionKeeper": "keeper", "new_owner": "keeper",
    "MeetingSession": "meeting", "MeetingState": "meeting",
    "RoundSession": "rounds", "RoundState": "rounds",
    "PhoneSlip": "selection", "SelectionSession": "selection", "SelectionState": "selection",
    "WorkshopSession": "workshop", "WorkshopState": "workshop",
    "CircleMapSession": "circle_map", "CircleMapState": "circle_map",
}

__all__ = [
    "BEAT_EVERY",
    "STALE_AFTER",
    "AppSession",
    "CircleMapSession",
    "CircleMapState",
    "ConsentSession",
    "ConsentState",
    "Found",
    "MeetingSession",
    "MeetingState",
    "PhoneSlip",
    "RoundSession",
    "RoundState",
    "SelectionSession",
    "SelectionState",
    "SessionKeeper",
    "WorkshopSession",
    "WorkshopState",
    "new_owner",
]


def __getattr__(name: str) -> object:
    """A session's name, imported from its module when first asked for (see :data:`_HOMES`)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
