"""Going on after a damaged record: keep the damaged file, renamed, and start a new one beside it.

A damaged record is refused when it is opened (:class:`~sociocracy.rooms.errors.RecordDamaged`:
nothing is written into it). The facilitator then needs a way on that loses nothing: the damaged
file may still hold answers someone can rescue (``sqlite3 .recover``) or that a backup lacks, so it
is never deleted or overwritten; it is renamed ``rooms-damaged-YYYYMMDD-HHMMSS.sqlite3`` in the same
folder, together with its write-ahead log, and the next open makes a new, empty record.
``sociocracy-course workshop --new-record`` (and ``start --new-record``) call
:func:`set_aside_if_damaged`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sociocracy.core.language import _

from .errors import RecordDamaged, StoreError
from .location import resolve_location
from .store import RoomStore

__all__ = ["damaged_name", "set_aside_if_damaged"]

#: The files SQLite keeps beside a record: they belong to it and move with it.
COMPANIONS = ("-wal", "-shm", "-journal")


def damaged_name(path: Path, now: float | None = None) -> Path:
    """A free name beside ``path``: ``rooms-damaged-YYYYMMDD-HHMMSS.sqlite3``."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    candidate = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-damaged-{stamp}-{number}{path.suffix}")
        number += 1
    return candidate


def set_aside_if_damaged(location: str | os.PathLike[str] | None = None) -> Path | None:
    """Rename a damaged SQLite record out of the way; return its new name (``None``: it is fine).

    A record that is missing or healthy is left as it is (and ``None`` returned); one that is only
    busy or read-only raises its :class:`StoreError` unchanged, since a new record would not help.
    The renamed file is never opened for writing again.
    """
    where = resolve_location(location)
    if where.path is None:
        raise StoreError(_("A new record beside a damaged one is only for a record kept in a "
                           "file; this one is a PostgreSQL database: restore it from a backup."))
    path = where.path
    if not path.exists():
        return None
    try:
        RoomStore(path).close()
        return None
    except RecordDamaged:
        pass
    aside = damaged_name(path)
    try:
        os.rename(path, aside)
        for suffix in COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.rename(companion, aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise StoreError(_("The damaged workshop record at {path} could not be renamed "
                           "({reason}); move it and the files beside it whose names start with "
                           "{name} to another folder yourself, then start again.").format(
                               path=path, reason=exc.strerror, name=path.name)) from None
    return aside
