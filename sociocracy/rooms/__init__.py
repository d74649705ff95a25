"""The workshop record store: rooms people join from their phones, and facilitator-app sessions.

An append-only event log in SQLite (the default, in the user's data folder) or PostgreSQL (given a
``postgresql://`` URL). Pure Python: no Jupyter, widgets or web server here, so the apps, a
phone-facing web handler and the tests all use the same rules. See :mod:`.store` for the rules
and :mod:`.backends` for why two small backends and no ORM. ``InputError`` here is the course's
own (:class:`sociocracy.core.errors.InputError`), named here too for the join page.

    >>> with RoomStore() as store:                                    # doctest: +SKIP
    ...     room = store.create_room("Taste of sociocracy")
    ...     ana = room.join("Ana")
    ...     check_in = room.open_activity("check-in", "How are you arriving?")
    ...     room.respond(ana.key, check_in, words="Curious")
"""

from sociocracy.core.errors import InputError

from .errors import (
    ActivityStateError,
    JoinRefused,
    ParticipantNotFound,
    RoomNotFound,
    SessionNotFound,
    StoreError,
)
from .location import DB_FILE_NAME, data_folder
from .model import ACTIVITY_KINDS, Activity, Participant, Response
from .store import CODE_ALPHABET, CODE_LENGTH, Room, RoomStore, Session

__all__ = [
    "ACTIVITY_KINDS",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DB_FILE_NAME",
    "Activity",
    "ActivityStateError",
    "InputError",
    "JoinRefused",
    "Participant",
    "ParticipantNotFound",
    "Response",
    "Room",
    "RoomNotFound",
    "RoomStore",
    "Session",
    "SessionNotFound",
    "StoreError",
    "data_folder",
]
