"""The server's tokens, kept with the workshop's data so that a restart does not lock anyone out.

Before (issue 25), every ``start --network`` and ``workshop`` made new tokens: after a restart in
the middle of a workshop, the facilitator's "Reload the page" led to Jupyter's login page and the
link had to be fetched from the terminal, in front of the room. Now the tokens are made once and
kept in one file beside the workshop record (:data:`TOKENS_FILE`, readable by this computer's
user only, mode 0600, like an SSH key), and every start on this laptop reuses them. The login
cookie is signed with a secret derived from the same tokens
(:func:`sociocracy.shell.access.cookie_secret`), so a page opened before the restart is still
logged in after it: a reload brings the facilitator straight back into the app.

The protection is the same as before: the facilitator's token is still accepted only from this
computer (``access.py``), and whoever can read the file could already read the record beside it.
``--new-token`` makes new tokens on purpose (a link that was shown or copied somewhere it should
not be): old links and old login cookies stop working. ``$SOCIOCRACY_COURSE_FACILITATOR_TOKEN``,
when set, is the facilitator's token and wins over the file.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sociocracy.core.errors import CourseError
from sociocracy.core.language import _
from sociocracy.core.settings import facilitator_token_setting
from sociocracy.rooms.location import data_folder, resolve_location
from sociocracy.shell.access import new_token

__all__ = ["TOKENS_FILE", "ServerTokens", "server_tokens", "tokens_folder"]

#: The file, in the record's folder, that keeps the server's tokens between starts.
TOKENS_FILE = "server-tokens.json"


@dataclass(frozen=True)
class ServerTokens:
    """The tokens for this start, where they are kept, and anything the terminal should say."""

    facilitator: str
    room: str
    path: Path | None
    note: str = ""


def tokens_folder() -> Path:
    """The folder of the workshop record (a SQLite file's folder), else the course's data folder
    (a PostgreSQL record, or none yet)."""
    where = resolve_location()
    return where.path.parent if where.path is not None else data_folder()


def _read(path: Path) -> dict[str, str] | None:
    """The kept tokens, or None when the file is missing or not the course's (it is remade)."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict):
        return None
    tokens = {k: kept.get(k) for k in ("facilitator", "room")}
    if not all(isinstance(v, str) and len(v) >= 32 for v in tokens.values()):
        return None
    if stat.S_IMODE(path.stat().st_mode) & 0o077:  # copied or made readable by others: close it
        path.chmod(0o600)
    return tokens  # type: ignore[return-value]


def _write(path: Path, tokens: dict[str, str]) -> None:
    """Write the file whole (a crash leaves the old file or the new one), mode 0600 from the
    start: never, even for a moment, readable by another user."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(tokens, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def server_tokens(*, new: bool = False, folder: Path | None = None) -> ServerTokens:
    """The facilitator's and the room's tokens: the kept ones, or new ones kept from now on.

    ``new`` (``--new-token``): replace the kept ones. ``folder``: where the file is (default:
    :func:`tokens_folder`). A folder that cannot be written is not a reason to stop the
    workshop: the tokens are then this start's only, and the note says so.
    """
    env_token = facilitator_token_setting()
    note = ""
    try:
        where = (folder or tokens_folder()) / TOKENS_FILE
        kept = None if new else _read(where)
        if kept is None:
            kept = {"facilitator": new_token(), "room": new_token()}
            _write(where, kept)
    except (OSError, CourseError) as exc:
        reason = exc.plain if isinstance(exc, CourseError) else (exc.strerror or str(exc))
        kept, where = {"facilitator": new_token(), "room": new_token()}, None
        note = _("Note: the server's tokens cannot be kept ({reason}), so the links printed "
                 "here work until the server stops; after a restart, use the new ones.").format(
                     reason=reason)
    if env_token and new:
        note = _("Note: SOCIOCRACY_COURSE_FACILITATOR_TOKEN is set, so the facilitator's token "
                 "is still the one it gives; only the room's token is new.")
    return ServerTokens(facilitator=env_token or kept["facilitator"], room=kept["room"],
                        path=where, note=note)
