"""How long a room takes joins and how many people: settings with defaults for a room of 60.

A room's code and QR link are shown on a projector, so anyone in the hall (or anyone who saw a
photo of the slide) can use them. Two limits keep a room the facilitator's:

* **Time.** A room takes joins for :data:`DEFAULT_ROOM_HOURS` hours after it was created (or
  opened again by its facilitator), then says so to a phone that arrives late; a facilitator can
  also close it to joins at once. People who joined go on answering.
* **Size.** At most :data:`DEFAULT_ROOM_SIZE` people in one room (removed people do not count):
  a room of 60 with room to spare for phones that lost their cookie and joined again, while one
  phone joining in a loop cannot make thousands.

Both are settings read from the environment when a phone joins, so a trainer can change them for
a long retreat or a large hall without touching code. A value that is not a number is one plain
sentence naming the setting.
"""

from __future__ import annotations

from collections.abc import Mapping

from sociocracy.core.settings import ROOM_HOURS_ENV, ROOM_SIZE_ENV, SettingError, number_setting

__all__ = [
    "DEFAULT_ROOM_HOURS",
    "DEFAULT_ROOM_SIZE",
    "ROOM_HOURS_ENV",
    "ROOM_SIZE_ENV",
    "SettingError",
    "number_setting",
    "room_hours",
    "room_size",
]

#: A workshop day: a room made in the morning still takes late-comers in the evening.
DEFAULT_ROOM_HOURS = 24.0
#: A room of 60, with room for phones that joined again (a private tab, a second browser).
DEFAULT_ROOM_SIZE = 100


def room_hours(environ: Mapping[str, str] | None = None) -> float:
    """Hours a room takes joins after it was created or opened again (0: no limit)."""
    return number_setting(ROOM_HOURS_ENV, DEFAULT_ROOM_HOURS, environ=environ)


def room_size(environ: Mapping[str, str] | None = None) -> int:
    """Most people in one room at once, removed people not counted (0: no limit)."""
    return int(number_setting(ROOM_SIZE_ENV, DEFAULT_ROOM_SIZE, whole=True, environ=environ))
