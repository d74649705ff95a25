"""The course's settings: the one place that reads them, so every module agrees.

People set these in the environment of ``sociocracy-course`` (or a launcher, Binder, JupyterHub);
the commands set some of them for the kernels they start. Every other module asks here instead
of reading ``os.environ`` itself, so a setting has one name, one default and one meaning.

========================================  ===================================================
``SOCIOCRACY_COURSE_DATA``                the course's own folder (the workshop record);
                                          default: the platform's user data folder
``SOCIOCRACY_COURSE_STORE``               the workshop record itself: a SQLite file or folder,
                                          or a ``postgresql://`` URL; default: in the data folder
``SOCIOCRACY_COURSE_ROOT``                the course folder (``lessons/``, ``apps/``); set by the
                                          commands for the kernels they start
``SOCIOCRACY_COURSE_CACHE``               where charts drawn once are kept; default: the
                                          platform's user cache folder
``SOCIOCRACY_COURSE_DRAW_CHARTS``         ``0``: do not draw every page's opening chart at start
``SOCIOCRACY_COURSE_JOIN_URL``            the address phones open (``http://IP:PORT/join``); set
                                          by ``sociocracy-course workshop``
``SOCIOCRACY_COURSE_NO_RECORD``           set by the server in a visitor's kernel: no workshop
                                          record may be opened there
``SOCIOCRACY_COURSE_FACILITATOR_TOKEN``   the facilitator's token (set by the commands from the
                                          kept one, read by the server only); when a person
                                          sets it, it wins over the kept token
``SOCIOCRACY_COURSE_PREHEAT``             pages to run ahead for a room arriving at once, with
                                          how many kernels each (``lessons/02_rounds.ipynb=30``,
                                          several separated by commas); lessons and practice only
========================================  ===================================================

Two settings come from JupyterHub, which sets them in a single-user server (and its kernels):
``JUPYTERHUB_USER`` (the Hub user: the owner of the rooms and sessions this server records, see
:func:`record_owner`) and ``JUPYTERHUB_PUBLIC_HUB_URL`` (the Hub's public address, when its
``c.JupyterHub.public_url`` is set: phones then join at its ``services/course-join/join``, see
:func:`join_url`). The Hub's configuration (:mod:`sociocracy.shell.hub`) sets
``SOCIOCRACY_COURSE_JOIN_URL`` itself, which wins.

The limits on visitors are numbers (:func:`number_setting`; a bad value is one sentence naming
it), read where they apply and listed in the README's table:
``SOCIOCRACY_COURSE_ROOM_HOURS`` and ``SOCIOCRACY_COURSE_ROOM_SIZE``
(:mod:`sociocracy.rooms.limits`);
``SOCIOCRACY_COURSE_MAX_BODY_KB``, ``SOCIOCRACY_COURSE_HEADER_TIMEOUT``,
``SOCIOCRACY_COURSE_BODY_TIMEOUT``, ``SOCIOCRACY_COURSE_CONNECTIONS_PER_ADDRESS`` and
``SOCIOCRACY_COURSE_JOINS_PER_ADDRESS`` (:mod:`sociocracy.shell.limits`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path

from sociocracy.core.errors import CourseError
from sociocracy.core.language import _

__all__ = [
    "APP_NAME",
    "BODY_TIMEOUT_ENV",
    "CACHE_ENV",
    "CONNECTIONS_ENV",
    "DATA_ENV",
    "DEFAULT_OWNER",
    "DRAW_CHARTS_ENV",
    "FACILITATOR_TOKEN_ENV",
    "HEADER_TIMEOUT_ENV",
    "HUB_PUBLIC_URL_ENV",
    "HUB_USER_ENV",
    "JOINS_ENV",
    "JOIN_SERVICE_NAME",
    "JOIN_URL_ENV",
    "MAX_BODY_ENV",
    "NO_RECORD_ENV",
    "PREHEAT_ENV",
    "ROOM_HOURS_ENV",
    "ROOM_SIZE_ENV",
    "ROOT_ENV",
    "SETTINGS",
    "STORE_ENV",
    "SettingError",
    "cache_setting",
    "course_folders",
    "data_setting",
    "draw_charts_at_start",
    "facilitator_token_setting",
    "find_course_folder",
    "join_url",
    "no_join_address",
    "number_setting",
    "package_course_folder",
    "preheat_setting",
    "record_owner",
    "record_withheld",
    "store_setting",
]

APP_NAME = "sociocracy-course"
DATA_ENV = "SOCIOCRACY_COURSE_DATA"
STORE_ENV = "SOCIOCRACY_COURSE_STORE"
ROOT_ENV = "SOCIOCRACY_COURSE_ROOT"
CACHE_ENV = "SOCIOCRACY_COURSE_CACHE"
DRAW_CHARTS_ENV = "SOCIOCRACY_COURSE_DRAW_CHARTS"
JOIN_URL_ENV = "SOCIOCRACY_COURSE_JOIN_URL"
ROOM_HOURS_ENV = "SOCIOCRACY_COURSE_ROOM_HOURS"
ROOM_SIZE_ENV = "SOCIOCRACY_COURSE_ROOM_SIZE"
MAX_BODY_ENV = "SOCIOCRACY_COURSE_MAX_BODY_KB"
HEADER_TIMEOUT_ENV = "SOCIOCRACY_COURSE_HEADER_TIMEOUT"
BODY_TIMEOUT_ENV = "SOCIOCRACY_COURSE_BODY_TIMEOUT"
CONNECTIONS_ENV = "SOCIOCRACY_COURSE_CONNECTIONS_PER_ADDRESS"
JOINS_ENV = "SOCIOCRACY_COURSE_JOINS_PER_ADDRESS"
#: Set (to any text) by the course server in the kernels it starts for visitors.
NO_RECORD_ENV = "SOCIOCRACY_COURSE_NO_RECORD"
#: The facilitator's token, kept by the server for itself (never passed to a kernel).
FACILITATOR_TOKEN_ENV = "SOCIOCRACY_COURSE_FACILITATOR_TOKEN"
#: Pages whose kernels the server starts and runs ahead of the visitors (issue 27).
PREHEAT_ENV = "SOCIOCRACY_COURSE_PREHEAT"
#: Set by JupyterHub in a single-user server: the Hub user whose server this is.
HUB_USER_ENV = "JUPYTERHUB_USER"
#: Set by JupyterHub (4.1 and later) when ``c.JupyterHub.public_url`` is configured.
HUB_PUBLIC_URL_ENV = "JUPYTERHUB_PUBLIC_HUB_URL"
#: The Hub service that serves the join page to phones (``sociocracy.shell.join_service``).
JOIN_SERVICE_NAME = "course-join"
#: The owner of records made outside a Hub (a laptop, ``sociocracy-course start``), and of every
#: record made before records had owners: no Hub user name is empty, so it is nobody's on a Hub.
DEFAULT_OWNER = ""
#: Every setting this module reads (a test checks that no other module names one itself).
SETTINGS = (DATA_ENV, STORE_ENV, ROOT_ENV, CACHE_ENV, DRAW_CHARTS_ENV, JOIN_URL_ENV,
            ROOM_HOURS_ENV, ROOM_SIZE_ENV, MAX_BODY_ENV, HEADER_TIMEOUT_ENV, BODY_TIMEOUT_ENV,
            CONNECTIONS_ENV, JOINS_ENV, NO_RECORD_ENV, FACILITATOR_TOKEN_ENV, PREHEAT_ENV)
#: Folders whose pages may be run ahead: the same for every visitor, no record, no query string.
#: The apps are not among them: a facilitator's kernel and a visitor's differ (``access.py``).
PREHEATABLE = ("lessons/", "exercises/")


class SettingError(CourseError):
    """A setting in the environment is not a number the course can use."""


def number_setting(name: str, default: float, *, whole: bool = False, minimum: float = 0,
                   environ: Mapping[str, str] | None = None) -> float:
    """The number in the environment variable ``name``, else ``default``.

    ``whole``: it must be a whole number. Values below ``minimum`` (and not finite) are refused
    with one sentence that names the variable and what it takes.
    """
    text = (os.environ if environ is None else environ).get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < minimum:
        message = (_("The setting {name} is '{text}', which is not a whole number of at least "
                     "{minimum}; change it or remove it to use the default ({default}).")
                   if whole else
                   _("The setting {name} is '{text}', which is not a number of at least "
                     "{minimum}; change it or remove it to use the default ({default})."))
        raise SettingError(message.format(name=name, text=text, minimum=f"{minimum:g}",
                                          default=f"{default:g}"))
    return value

HOME = "lessons/00_start_here.ipynb"


def _get(name: str) -> str:
    return os.environ.get(name, "").strip()


def data_setting() -> Path | None:
    """``$SOCIOCRACY_COURSE_DATA`` as a path, or ``None`` (then the platform's data folder)."""
    value = _get(DATA_ENV)
    return Path(value).expanduser() if value else None


def store_setting() -> str:
    """``$SOCIOCRACY_COURSE_STORE`` (a file, a folder or a URL), or "" (the data folder)."""
    return _get(STORE_ENV)


def cache_setting() -> Path | None:
    """``$SOCIOCRACY_COURSE_CACHE`` as a path, or ``None`` (the platform's cache folder)."""
    value = _get(CACHE_ENV)
    return Path(value).expanduser() if value else None


def draw_charts_at_start() -> bool:
    """Whether ``start`` and ``workshop`` draw every opening chart in the background."""
    return _get(DRAW_CHARTS_ENV) != "0"


def facilitator_token_setting() -> str:
    """``$SOCIOCRACY_COURSE_FACILITATOR_TOKEN``, or "" (then the token kept with the record,
    :mod:`sociocracy.shell.credentials`)."""
    return _get(FACILITATOR_TOKEN_ENV)


def join_url() -> str:
    """The address phones open to join a room (no trailing slash), or "" when there is none.

    ``$SOCIOCRACY_COURSE_JOIN_URL`` when set (``sociocracy-course workshop`` sets it to this
    laptop's ``http://IP:PORT/join``; a Hub's configuration to its join service). Else, in a
    JupyterHub single-user server whose Hub knows its public address, the Hub's join service:
    ``{public Hub URL}/services/course-join/join``. Else "" (``start`` on this computer only:
    the apps show the room's code without a QR code).
    """
    explicit = _get(JOIN_URL_ENV)
    if explicit:
        return explicit.rstrip("/")
    public = _get(HUB_PUBLIC_URL_ENV)
    if public and _get(HUB_USER_ENV):
        return f"{_hub_root(public)}/services/{JOIN_SERVICE_NAME}/join"
    return ""


def _hub_root(public_hub_url: str) -> str:
    """The Hub's public base address from ``$JUPYTERHUB_PUBLIC_HUB_URL``.

    JupyterHub gives the Hub's own pages there (``https://host/base/hub/``), but services live
    beside them, at ``https://host/base/services/``: the last ``hub/`` is not theirs.
    """
    root = public_hub_url.rstrip("/")
    return root[: -len("/hub")] if root.endswith("/hub") else root


def no_join_address() -> str:
    """Why phones cannot join (no :func:`join_url`), said where the QR code would be."""
    if _get(HUB_USER_ENV):
        return _("Phones can join once the Hub knows its public address: ask its administrator "
                 "to set c.JupyterHub.public_url (or SOCIOCRACY_COURSE_JOIN_URL) for the "
                 "course's join service.")
    return _("Phones can join only when the course runs with 'sociocracy-course workshop': "
             "stop it, start it that way, and open this app from the link it prints.")


def record_owner() -> str:
    """Whose rooms and sessions this process records and lists: the Hub user
    (``$JUPYTERHUB_USER``) in a JupyterHub single-user server, else :data:`DEFAULT_OWNER`."""
    return _get(HUB_USER_ENV) or DEFAULT_OWNER


def record_withheld() -> bool:
    """Whether this process is a visitor's kernel, which the server starts with
    ``$SOCIOCRACY_COURSE_NO_RECORD`` set: the workshop record is the facilitator's alone."""
    return bool(_get(NO_RECORD_ENV))


def package_course_folder() -> Path:
    """The folder this package was installed from (an editable install: the repository)."""
    return Path(__file__).resolve().parents[2]


def find_course_folder(start: Path | None = None) -> Path | None:
    """The folder holding the course (``lessons/00_start_here.ipynb``): ``$SOCIOCRACY_COURSE_ROOT``,
    then ``start`` (default: the current folder) and its parents, then the package's folder;
    ``None`` when none holds it."""
    root = _get(ROOT_ENV)
    here = (start or Path.cwd()).resolve()
    candidates = [Path(root)] if root else []
    candidates += [here, *here.parents, package_course_folder()]
    for folder in candidates:
        if (folder / HOME).is_file():
            return folder
    return None


def course_folders() -> list[Path]:
    """Folders that are served as the course (they hold ``lessons/`` and ``apps/``): the
    package's folder and ``$SOCIOCRACY_COURSE_ROOT``. Nothing private may be kept inside them."""
    candidates = [package_course_folder()]
    root = _get(ROOT_ENV)
    if root:
        candidates.append(Path(root))
    found: list[Path] = []
    for folder in candidates:
        folder = folder.resolve()
        if (folder / "lessons").is_dir() and (folder / "apps").is_dir() and folder not in found:
            found.append(folder)
    return found


def preheat_setting(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """``$SOCIOCRACY_COURSE_PREHEAT`` as {page: kernels to keep ready}, or {} (none).

    The form is ``PAGE=N``, several separated by commas, each page a lesson or a practice page
    relative to the course folder (``lessons/02_rounds.ipynb=30``). Anything else is refused in
    one sentence that names the setting and the part that is wrong.
    """
    text = (os.environ if environ is None else environ).get(PREHEAT_ENV, "").strip()
    pages: dict[str, int] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        page, _equals, count = part.partition("=")
        page, count = page.strip(), count.strip()
        if not (page.endswith(".ipynb") and page.startswith(PREHEATABLE) and ".." not in page
                and count.isdigit() and int(count) > 0):
            raise SettingError(
                _("The setting {name} holds '{part}', which is not a lesson or practice page "
                  "with a number of kernels, such as 'lessons/02_rounds.ipynb=30'; change it or "
                  "remove it.").format(name=PREHEAT_ENV, part=part))
        pages[page] = int(count)
    return pages
