"""Times for people: the record keeps moments in UTC; people read them on their own clock.

One rule for every record a facilitator hands out (the room's record, its spoken rounds): the
computer's local time zone (``TZ``, else the system's), named once beside the times ("local
time, CET"), so a room in Lisbon does not read times an hour off. Machine-readable exports (CSV
columns ending in ``_at``) keep ISO 8601 with the offset instead.
"""

from __future__ import annotations

from datetime import datetime

__all__ = ["local_clock", "local_stamp", "local_zone"]


def _local(moment: datetime) -> datetime:
    return moment.astimezone()  # an aware moment, on this computer's clock


def local_clock(moment: datetime) -> str:
    """``14:05``: the hour and minute on this computer's clock."""
    return f"{_local(moment):%H:%M}"


def local_stamp(moment: datetime) -> str:
    """``2026-12-07 14:05``: the day and time on this computer's clock."""
    return f"{_local(moment):%Y-%m-%d %H:%M}"


def local_zone(moment: datetime) -> str:
    """The zone's name at that moment ("CET", "CEST"), else its offset ("UTC+05:30")."""
    local = _local(moment)
    name = local.tzname() or ""
    if name and name.isalpha():
        return name
    offset = local.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"
