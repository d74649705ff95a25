"""The workshop record's errors: each message is one plain sentence an ambassador can act on.

They all derive from :class:`~sociocracy.core.errors.CourseError`, so the apps and the command
line show the message instead of a traceback. What a person typed and the record refuses is the
course's one :class:`~sociocracy.core.errors.InputError` (its ``field`` names the box).
"""

from __future__ import annotations

from sociocracy.core.errors import CourseError, ProcessError

__all__ = [
    "ActivityStateError",
    "JoinRefused",
    "ParticipantNotFound",
    "RecordDamaged",
    "RoomNotFound",
    "SessionNotFound",
    "StoreError",
]


class StoreError(CourseError):
    """The record could not be read or written (locked, read-only, damaged, unreachable).

    The message says where the record is and that nothing was changed: every write is one
    transaction, so a refused write leaves what was recorded before exactly as it was.
    """


class RecordDamaged(StoreError):
    """The record's file is damaged (not a database, broken pages, or empty); nothing was written.

    Its own class so that ``sociocracy-course workshop --new-record`` can set exactly this file
    aside and start a new one, and never a record that is only busy or read-only.
    """


class RoomNotFound(CourseError, LookupError):
    """No room has this code (a mistyped code, or a room from another laptop's record)."""


class ParticipantNotFound(CourseError, LookupError):
    """A phone's key does not belong to anyone in this room (it has to join first)."""


class JoinRefused(CourseError):
    """A room takes no new participants: closed by its facilitator, past its hours, or full.

    The message says which, and that the facilitator can help; people already in the room go on.
    """


class SessionNotFound(CourseError, LookupError):
    """No facilitator-app session has this number."""


class ActivityStateError(ProcessError):
    """A step out of order: answering after the reveal, reading answers before it, and so on.

    The message says what comes next.
    """
