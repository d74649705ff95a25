"""The workshop record's errors: each message is one plain sentence an ambassador can act on.

They all derive from :class:`~sociocracy.core.errors.CourseError`, so the apps and the command
line show the message instead of a traceback. What a person typed and the record refuses is the
course's one :class:`~sociocracy.core.errors.InputError` (its ``field`` names the box).
"""

from __future__ import annotations

from sociocracy.core.errors import CourseError, ProcessError

__all__ = [
    "ActivityStateError",
    "ParticipantNotFound",
    "RoomNotFound",
    "SessionNotFound",
    "StoreError",
]


class StoreError(CourseError):
    """The record could not be read or written (locked, read-only, damaged, unreachable).

    The message says where the record is and that nothing was changed: every write is one
    transaction, so a refused write leaves what was recorded before exactly as it was.
    """


class RoomNotFound(CourseError, LookupError):
    """No room has this code (a mistyped code, or a room from another laptop's record)."""


class ParticipantNotFound(CourseError, LookupError):
    """A phone's key does not belong to anyone in this room (it has to join first)."""


class SessionNotFound(CourseError, LookupError):
    """No facilitator-app session has this number."""


class ActivityStateError(ProcessError):
    """A step out of order: answering after the reveal, reading answers before it, and so on.

    The message says what comes next.
    """
