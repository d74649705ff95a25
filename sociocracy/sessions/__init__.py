"""App sessions: the live state of each facilitator app, headless (no ipywidgets, no Jupyter).

A session owns its library process and its record (:mod:`.keeper`: each step saved before it
counts, one screen writing at a time, resuming, past sessions as files), exposes a state
snapshot and tells the views that subscribed when it changed. Widgets in
:mod:`sociocracy.widgets` are views: they show a session's state and forward clicks to its
actions. See :mod:`.base` for what every session shares.
"""

from .base import AppSession
from .consent import ConsentSession, ConsentState
from .keeper import BEAT_EVERY, STALE_AFTER, Found, SessionKeeper, new_owner
from .meeting import MeetingSession, MeetingState
from .rounds import RoundSession, RoundState
from .selection import PhoneSlip, SelectionSession, SelectionState
from .workshop import WorkshopSession, WorkshopState

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
    """The circle map's session is imported when first asked for: the circle model loads numpy,
    which the apps without a chart never need (tests/widgets/test_start_up.py)."""
    if name in ("CircleMapSession", "CircleMapState"):
        from . import circle_map

        return getattr(circle_map, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
