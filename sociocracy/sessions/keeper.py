"""A facilitator app's part of the workshop record: each step kept before it counts, one screen
writing at a time, resuming after a crash, past sessions as files.

Every app session (:mod:`sociocracy.sessions`) keeps its record through one
:class:`SessionKeeper`, so the rules are the same in every app:

* a step is written with :meth:`SessionKeeper.save` **before** it counts; when the write fails,
  the session takes the step back and shows the sentence it returns;
* one screen holds a session (:mod:`sociocracy.rooms.screens`): this keeper's ``owner`` id claims
  it when it starts, resumes or takes it over, beats while it is open, and every save is refused
  once another screen took it over (:attr:`taken_over` then says so);
* :meth:`look` says what an app opening finds: an unfinished session whose screen stopped
  (offered for "Resume it"), one still open on another screen (offered for "Take it over"), and
  the past sessions; "Start a new one" sets aside only a session no screen is using.

A record that cannot be opened (locked, read-only, damaged) is one sentence (:attr:`problem`); the
app still works, without keeping a record. No ipywidgets here: views show what this says.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import _, ngettext
from sociocracy.core.people_text import isolate
from sociocracy.rooms.screens import TakenOver, taken_over_sentence

__all__ = ["BEAT_EVERY", "STALE_AFTER", "Found", "SessionKeeper", "new_owner", "process_gone"]

#: How often an open screen says it is still there (seconds).
BEAT_EVERY = 5.0
#: A screen silent for longer than this has stopped (a crashed kernel, a closed laptop): its
#: session is offered for "Resume it" instead of "Take it over".
STALE_AFTER = 20.0
#: How many past sessions the list offers (newest first).
PAST_SHOWN = 30

Recorded = Any  # sociocracy.rooms.Session (the record is opened on first use)
Export = Callable[[Recorded], list[tuple[str, str, str]]]


def new_owner() -> str:
    """A fresh screen id: each page (each kernel) that opens an app is one screen. It names the
    computer and the process, so a screen on the same laptop whose kernel died (``kill -9``, a
    crash) is known to have stopped at once, without waiting for its heartbeat to go quiet."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(6)}"


def process_gone(owner: str) -> bool:
    """Whether ``owner``'s kernel is known to have ended: it ran on this computer and its process
    no longer exists. Elsewhere (another laptop) or on Windows, only the heartbeat tells."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if os.name != "posix" or host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def when(recorded: Recorded) -> str:
    """A session's start as people read it (local time)."""
    return str(recorded.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))


def _ago(seconds: float) -> str:
    """"just now", "5 seconds ago", "12 minutes ago", "2 hours ago"."""
    whole = round(seconds)
    if whole >= 3600:
        count = whole // 3600
        return ngettext("{count} hour ago", "{count} hours ago", count).format(count=count)
    if whole >= 60:
        count = whole // 60
        return ngettext("{count} minute ago", "{count} minutes ago", count).format(count=count)
    if whole >= 1:
        return ngettext("{count} second ago", "{count} seconds ago", whole).format(count=whole)
    return _("just now")


@dataclass(frozen=True)
class Found:
    """An unfinished session an app finds when it opens.

    ``live``: another screen holds it, its kernel still runs and beat within
    :data:`STALE_AFTER` seconds, so it is offered for taking over, not resuming. ``since`` says
    since when that screen holds it, ``quiet`` how many seconds ago anything last happened in it
    (a step, or the take-over): a tab left open but unused reads "last active 12 minutes ago".
    ``what`` is the app's own description.
    """

    session: Recorded
    title: str
    started: str
    what: str
    live: bool
    since: datetime | None = None
    quiet: float | None = None

    def sentence(self, noun: str) -> tuple[str, str]:
        """The headline and the sentence a view shows for it."""
        if self.live and self.since is not None and self.quiet is not None:
            since = self.since.astimezone().strftime("%H:%M")
            ago = _ago(self.quiet)
            return (_("This {noun} is open on another screen (since {since}, last active "
                      "{ago}).").format(noun=_(noun), since=since, ago=ago),
                    _("\"{title}\", started {started}. {what} Take it over to run it from this "
                      "screen (the other screen then stops changing it), or start a new one (the "
                      "other screen keeps its own).").format(
                          title=isolate(self.title), started=self.started, what=self.what))
        return (_("An unfinished {noun} was found.").format(noun=_(noun)),
                _("\"{title}\", started {started}, was not finished (the computer or the page "
                  "may have stopped). {what} Resume it to continue where it stopped, or start a "
                  "new one.").format(title=isolate(self.title), started=self.started,
                                     what=self.what))


class SessionKeeper:
    """The record of one app's sessions (``app``: the name they are kept under).

    ``noun`` names one session for people ("round", "consent decision", "circle map").
    ``describe(session) -> str`` says what an unfinished session holds; ``export(session)`` gives
    a past session's files ``[(filename, mime, content)]``; ``is_done(session)`` (optional) tells
    a session whose work was complete when the page closed (only its "finished" mark is missing):
    it is marked finished, not offered. ``store``: a :class:`~sociocracy.rooms.RoomStore`
    (default: the user's record, opened when needed); ``record=False`` keeps nothing (lessons,
    tests, tools that embed the app). ``owner``: this screen's id (default: a new one).
    """

    def __init__(self, app: str, noun: str, *, describe: Callable[[Recorded], str],
                 export: Export, is_done: Callable[[Recorded], bool] | None = None,
                 store: Any = None, record: bool = True, owner: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.app, self.noun = app, noun
        self._describe, self._export, self._is_done = describe, export, is_done
        self._store = store
        self.record = record
        self.owner = owner or new_owner()
        self.clock = clock
        self.problem = ""  # why no record is kept, when it cannot be opened
        self.session: Recorded | None = None
        self.taken_over = False  # another screen took this session over

    # ------------------------------------------------------------------ the store
    @property
    def store(self) -> Any:
        """The workshop record, opened on first use; ``None`` when none is kept."""
        if not self.record:
            return None
        if self._store is None:
            from sociocracy.rooms import RoomStore

            try:
                self._store = RoomStore()
            except CourseError as exc:
                self._give_up(exc)
                return None
        return self._store

    def _give_up(self, exc: CourseError) -> None:
        from sociocracy.rooms.location import RecordNotHere

        self.record = False
        if isinstance(exc, RecordNotHere):  # a visitor's page on the room's network
            self.problem = _("This {noun} is not kept: {reason} Download its record before "
                             "you close the page if you want to keep it.").format(
                                 noun=_(self.noun), reason=exc.plain)
            return
        self.problem = _("The workshop record cannot be used, so this {noun} is not kept in it: "
                         "{reason} Download its record before you close the page.").format(
                             noun=_(self.noun), reason=exc.plain)

    @property
    def keeping(self) -> bool:
        """Whether steps are being written to the record (a session is open)."""
        return self.session is not None

    # ------------------------------------------------------------------ opening the app
    def look(self) -> tuple[Found | None, list[Recorded]]:
        """What the record holds for this app: the newest unfinished session (or ``None``) and
        the past sessions, newest first."""
        store = self.store
        if store is None:
            return None, []
        try:
            unfinished = store.unfinished_sessions(self.app)
            past = store.sessions(self.app)[:PAST_SHOWN]
        except CourseError as exc:
            self._give_up(exc)
            return None, []
        unfinished = [s for s in unfinished if s != self.session and not self._complete(s)]
        if not unfinished:
            return None, past
        return self.found(unfinished[0]), past

    def found(self, recorded: Recorded) -> Found:
        """How an unfinished session looks from this screen (live elsewhere, or stopped)."""
        try:
            what = self._describe(recorded)
        except (CourseError, KeyError, TypeError, ValueError):
            what = ""
        try:
            held = recorded.holder
        except CourseError:
            held = None
        live = False
        since = quiet = None
        if held is not None and held.owner != self.owner:
            now = self.clock()
            live = held.quiet_for(now) < STALE_AFTER and not process_gone(held.owner)
            since = held.since
            try:
                active = max(recorded.last_active, held.since.timestamp())
            except CourseError:
                active = held.since.timestamp()
            quiet = max(0.0, now - active)
        return Found(recorded, recorded.title or _("Untitled"), when(recorded), what, live,
                     since, quiet)

    def _complete(self, recorded: Recorded) -> bool:
        """Whether ``recorded`` is complete but unmarked; if so, mark it (quietly)."""
        if self._is_done is None:
            return False
        try:
            done = self._is_done(recorded)
        except (CourseError, KeyError, TypeError, ValueError):
            return False  # a record it cannot read is offered, and resuming says why
        if done and not self.found(recorded).live:
            with contextlib.suppress(CourseError):
                recorded.finish()
        return done

    def adopt(self, recorded: Recorded) -> str:
        """Hold ``recorded`` from this screen (resume it or take it over); "" when held, else
        the sentence to show. The caller rebuilds its state from ``recorded.steps`` *after*
        this, so it sees every step the other screen recorded."""
        try:
            recorded.claim(self.owner)
        except CourseError as exc:
            return exc.plain
        if self.session is not None and self.session != recorded:
            self.finish()
        self.session = recorded
        self.taken_over = False
        return ""

    def set_aside(self, recorded: Recorded) -> str:
        """Mark an unfinished session done (it stays in the record, with its files). A session
        still open on another screen is left alone: that screen keeps it."""
        if self.found(recorded).live:
            return ""
        try:
            recorded.finish()
        except CourseError as exc:
            return exc.plain
        return ""

    # ------------------------------------------------------------------ while working
    def start(self, title: str, setup: dict[str, Any] | None = None) -> str:
        """Open a new session (ending this screen's one before); returns a sentence to show when
        the record cannot keep it, "" when it can."""
        if self.session is not None:
            self.finish()
        store = self.store
        if store is None:
            return self.problem
        try:
            self.session = store.start_session(self.app, title, setup)
            self.session.claim(self.owner)
        except CourseError as exc:
            self._give_up(exc)
            self.session = None
            return self.problem
        self.taken_over = False
        return ""

    def save(self, step: str, data: dict[str, Any]) -> str:
        """Write one completed step; returns "" when kept (or when no record is kept), else the
        sentence to show, after which the session takes the step back."""
        if self.taken_over:
            return taken_over_sentence(self.noun)
        if self.session is None:
            return ""
        try:
            self.session.record(step, data, owner=self.owner, noun=self.noun)
        except TakenOver as exc:
            self.taken_over = True
            return exc.plain
        except CourseError as exc:
            return _("That step was not saved to the workshop record, so it is undone: "
                     "{reason} Try again.").format(reason=exc.plain)
        return ""

    def run_step(self, process: Any, method: str, arguments: dict[str, Any], *,
                 ends: Callable[[Any], bool]) -> tuple[Any, str]:
        """Apply one step to a replayable process and keep it before it counts.

        ``process`` has ``apply(method, arguments)``, ``log``, ``setup()`` and the class method
        ``replay(setup, steps)`` (:class:`~sociocracy.consent.ConsentProcess`,
        :class:`~sociocracy.selection.SelectionProcess`). Returns the process to show and ""
        (done and kept), or the sentence to show instead: the process's own refusal, or the
        record's, in which case the step is taken back by replaying the steps before it.
        When ``ends(process)`` after the step, the session is marked finished.
        """
        if self.taken_over:
            return process, taken_over_sentence(self.noun)
        done = len(process.log)
        try:
            process.apply(method, arguments)
        except CourseError as exc:
            return process, exc.plain
        for step, data in process.log[done:]:
            problem = self.save(step, data)
            if problem:  # not kept, so not done: back to the state the record holds
                return type(process).replay(process.setup(), process.log[:done]), problem
        if ends(process):
            self.finish()
        return process, ""

    def finish(self) -> None:
        """Mark this screen's session done. Every step is already kept; if only this mark fails,
        reopening offers the finished session again, which is harmless."""
        if self.session is not None and not self.taken_over:
            with contextlib.suppress(CourseError):
                self.session.finish(owner=self.owner, noun=self.noun)
        self.session = None

    def beat(self) -> bool:
        """Say this screen is still here; ``False`` (and :attr:`taken_over`) once another screen
        took the session over."""
        if self.session is None or self.taken_over:
            return not self.taken_over
        try:
            still = bool(self.session.beat(self.owner))
        except CourseError:
            return True  # a record busy for a moment: the next beat tries again
        if not still:
            self.taken_over = True
        return still

    def release(self) -> None:
        """This screen closes: let go of its session, so another screen may resume it at once
        (the session itself stays as recorded, unfinished if it was)."""
        if self.session is not None and not self.taken_over:
            with contextlib.suppress(CourseError):
                self.session.release(self.owner)

    # ------------------------------------------------------------------ past sessions
    def past(self) -> list[Recorded]:
        """This app's sessions, finished or not, newest first."""
        store = self.store
        if store is None:
            return []
        try:
            return list(store.sessions(self.app)[:PAST_SHOWN])
        except CourseError:
            return []

    def unfinished_mark(self, recorded: Recorded) -> bool:
        """Whether a past session is shown as "(unfinished)": cut short, for apps whose sessions
        end (a circle map has no natural end, so none of its maps is marked)."""
        if recorded.finished or recorded == self.session or self._is_done is None:
            return False
        try:
            return not self._is_done(recorded)
        except (CourseError, KeyError, TypeError, ValueError):
            return True

    def files(self, recorded: Recorded) -> list[tuple[str, str, str]]:
        """A past session's record as files ``[(filename, mime, content)]``; raises
        :class:`CourseError` with a sentence when it cannot be turned into files."""
        try:
            return self._export(recorded)
        except CourseError as exc:
            raise CourseError(_("The record of this {noun} cannot be turned into files "
                                "({reason}).").format(noun=_(self.noun), reason=exc.plain)) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise CourseError(_("The record of this {noun} cannot be turned into files "
                                "({reason}).").format(noun=_(self.noun),
                                                      reason=type(exc).__name__)) from exc
