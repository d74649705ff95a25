"""Where the workshop record lives: a folder of the person's own, never the served course folder.

Voila serves the course folder to everyone on the room's network. A record written there could be
read (or, with a bug elsewhere, fetched) by visitors, and a ``git pull`` of the course would mix
with people's answers. So the record goes to ``$SOCIOCRACY_COURSE_DATA`` when it is set, else to
the platform's user data folder (``platformdirs``: ``~/.local/share/sociocracy-course`` on Linux),
and a location inside the course folder is refused.

The record is the facilitator's, never a visitor's (issue 21): the course server starts every
kernel for a visitor on the room's network with ``$SOCIOCRACY_COURSE_NO_RECORD`` set and without
the record's location, and then every location is refused here with :data:`FACILITATOR_ONLY`.
Visitors cannot send code to a kernel, so the course's own code is all that could open a record,
and it opens one only through :func:`resolve_location`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sociocracy.core.language import N_, _
from sociocracy.core.settings import (
    DATA_ENV,
    NO_RECORD_ENV,
    STORE_ENV,
    course_folders,
    data_setting,
    record_withheld,
    store_setting,
)

from .errors import StoreError

__all__ = [
    "APP_NAME",
    "DATA_ENV",
    "DB_FILE_NAME",
    "FACILITATOR_ONLY",
    "NO_RECORD_ENV",
    "STORE_ENV",
    "Location",
    "RecordNotHere",
    "course_folders",
    "data_folder",
    "resolve_location",
]

APP_NAME = "sociocracy-course"
DB_FILE_NAME = "rooms.sqlite3"
#: English, marked (shown with ``_()``).
FACILITATOR_ONLY = N_("The workshop record is kept for the facilitator on their laptop.")
URL_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


class RecordNotHere(StoreError):
    """This process serves a visitor: the workshop record is not theirs to open."""


@dataclass(frozen=True)
class Location:
    """A resolved record location: a SQLite file, or a PostgreSQL URL."""

    path: Path | None = None
    url: str | None = None

    @property
    def is_postgresql(self) -> bool:
        return self.url is not None


def data_folder() -> Path:
    """The course's own files: ``$SOCIOCRACY_COURSE_DATA``, else the platform user data folder."""
    explicit = data_setting()
    if explicit is not None:
        return explicit
    import platformdirs  # imported here: only the default location needs it

    return Path(platformdirs.user_data_path(APP_NAME, appauthor=False))


def _refuse_course_folder(path: Path) -> None:
    resolved = path.resolve()
    for folder in course_folders():
        if resolved == folder or folder in resolved.parents:
            raise StoreError(
                _("The workshop record cannot be kept at {path}: it is inside the course folder "
                  "{folder}, which is served to visitors. Choose another folder (for example by "
                  "setting {setting}).").format(path=path, folder=folder, setting=DATA_ENV)
            )


def resolve_location(location: str | os.PathLike[str] | None = None) -> Location:
    """Where a record is: ``None`` (the environment, then the data folder), a URL, a file, a folder.

    A path that is an existing folder, or has no SQLite suffix (``.sqlite3``, ``.sqlite``,
    ``.db``), is a folder and the record is ``rooms.sqlite3`` inside it. In a visitor's kernel
    (``$SOCIOCRACY_COURSE_NO_RECORD``) every location is refused with :class:`RecordNotHere`.
    """
    if record_withheld():
        raise RecordNotHere(_(FACILITATOR_ONLY))
    if location is None:
        location = store_setting() or data_folder()
    text = os.fspath(location)
    if isinstance(text, str) and text.startswith(URL_SCHEMES):
        return Location(url=text)
    path = Path(text).expanduser()
    if path.is_dir() or path.suffix.lower() not in SQLITE_SUFFIXES:
        path = path / DB_FILE_NAME
    _refuse_course_folder(path)
    return Location(path=path)
