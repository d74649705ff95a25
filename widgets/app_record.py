"""A facilitator app's part of the workshop record: keep each step, resume after a crash, export.

The round facilitator, the consent decision and the circle map share one way of keeping their
work in the workshop record (:mod:`sociocracy.rooms`), so a crash of the kernel or the laptop
loses nothing already shown as done:

* each completed step is written with :meth:`AppRecord.save` **before** the app shows it as done;
  when the write fails, the app takes the step back and shows the sentence it returns;
* reopening the app shows :attr:`AppRecord.resume_box` when a session was never finished: "Resume
  it" hands the session to the app's ``resume`` callback, which rebuilds its state from the
  recorded steps through the library's own rules; "Start a new one" marks it done (it stays in
  the record);
* :attr:`AppRecord.past_box` lists the app's sessions, finished or not, and offers each one's
  record as files to download (the app says how with its ``export`` callback).

A record that cannot be opened (locked, read-only, damaged) is one sentence in the page; the app
still works, without keeping a record. Titles and texts are escaped by :func:`feedback_html`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError

from .downloads import FileExport
from .feedback import error_html, feedback_html

__all__ = ["AppRecord"]

#: How many past sessions the export list offers (newest first).
PAST_SHOWN = 30

Session = Any  # sociocracy.rooms.Session (imported lazily: the record is opened on first use)
Export = Callable[[Session], list[tuple[str, str, str]]]


def _when(session: Session) -> str:
    return session.started_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _button(label: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=label, tooltip=tooltip, button_style=style,
                          layout=widgets.Layout(width="auto"))


class AppRecord:
    """The record of one facilitator app (``app``: the name its sessions are kept under).

    ``noun`` names one session for people ("round", "consent decision", "circle map").
    ``resume(session) -> bool`` rebuilds the app from a recorded session (``False``: it could
    not, and has said why). ``describe(session) -> str`` says what an unfinished session holds.
    ``export(session) -> [(filename, mime, content), ...]`` gives a past session's files.
    ``is_done(session) -> bool`` (optional) tells a session whose work was complete when the
    page closed (only its "finished" mark is missing): it is marked finished, not offered.
    ``store``: a :class:`sociocracy.rooms.RoomStore` (default: the user's record, opened when
    needed); ``record=False`` keeps nothing (lessons, tests, tools that embed the app).
    """

    def __init__(self, app: str, noun: str, *, resume: Callable[[Session], bool],
                 describe: Callable[[Session], str], export: Export,
                 is_done: Callable[[Session], bool] | None = None,
                 store: Any = None, record: bool = True) -> None:
        self.app, self.noun = app, noun
        self._resume, self._describe, self._export = resume, describe, export
        self._is_done = is_done
        self._store = store
        self.record = record
        self.problem = ""  # why no record is kept, when it cannot be opened
        self.session: Session | None = None
        self.unfinished: Session | None = None
        self._past: list[Session] = []
        self._build()

    # ------------------------------------------------------------------ widgets
    def _build(self) -> None:
        self.resume_text = widgets.HTML()
        self.resume_button = _button("Resume it", f"Continue the unfinished {self.noun} where "
                                     "it stopped", "primary")
        self.set_aside_button = _button(f"Start a new {self.noun}",
                                        f"Leave the unfinished {self.noun} in the record and "
                                        "start a new one")
        self.resume_button.on_click(lambda _b: self.resume())
        self.set_aside_button.on_click(lambda _b: self.set_aside())
        self.resume_status = widgets.HTML()
        self.resume_box = widgets.VBox(
            [self.resume_text,
             widgets.HBox([self.resume_button, self.set_aside_button],
                          layout=widgets.Layout(flex_flow="row wrap")),
             self.resume_status])
        self.resume_box.add_class("course-app-resume")
        self.resume_box.layout.display = "none"
        self.past_choice = widgets.Dropdown(description=f"Past {self.noun}s",
                                            style={"description_width": "10em"},
                                            layout=widgets.Layout(width="98%", max_width="40em"))
        self.past_choice.observe(lambda _c: self._show_past(), names="value")
        self.past_files = widgets.VBox()
        self.past_box = widgets.VBox([
            widgets.HTML(f"<h3>Past {self.noun}s in the workshop record</h3>"),
            self.past_choice, self.past_files])
        self.past_box.add_class("course-room-hide")  # the facilitator's, not the room's
        self.past_box.layout.display = "none"

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
            self.problem = (f"This {self.noun} is not kept: {exc.plain} Download its record "
                            "before you close the page if you want to keep it.")
            return
        self.problem = (f"The workshop record cannot be used, so this {self.noun} is not kept "
                        f"in it: {exc.plain} Download its record before you close the page.")

    @property
    def keeping(self) -> bool:
        """Whether steps are being written to the record (a session is open)."""
        return self.session is not None

    # ------------------------------------------------------------------ opening the app
    def offer(self) -> None:
        """Look in the record: offer the newest unfinished session, list the past ones."""
        self.resume_box.layout.display = "none"
        store = self.store
        if store is None:
            return
        try:
            unfinished = store.unfinished_sessions(self.app)
            past = store.sessions(self.app)
        except CourseError as exc:
            self._give_up(exc)
            return
        unfinished = [s for s in unfinished if not self._complete(s)]
        self._list_past(past)
        if not unfinished:
            return
        self.unfinished = unfinished[0]
        try:
            what = self._describe(self.unfinished)
        except (CourseError, KeyError, TypeError, ValueError):
            what = ""
        self.resume_text.value = feedback_html(
            f"\"{self.unfinished.title or 'Untitled'}\", started {_when(self.unfinished)}, was "
            f"not finished (the computer or the page may have stopped). {what} Resume it to "
            "continue where it stopped, or start a new one.",
            kind="neutral", headline=f"An unfinished {self.noun} was found.", quote=False)
        self.resume_status.value = ""
        self.resume_box.layout.display = None

    def _complete(self, session: Session) -> bool:
        """Whether ``session`` is complete but unmarked; if so, mark it (quietly)."""
        if self._is_done is None:
            return False
        try:
            done = self._is_done(session)
        except (CourseError, KeyError, TypeError, ValueError):
            return False  # a record it cannot read is offered, and resuming says why
        if done:
            with contextlib.suppress(CourseError):
                session.finish()
        return done

    def resume(self) -> bool:
        """Hand the unfinished session to the app; from now on its steps go to that session."""
        session = self.unfinished
        if session is None:
            return False
        try:
            ok = self._resume(session)
        except (CourseError, KeyError, TypeError, ValueError) as exc:
            plain = exc.plain if isinstance(exc, CourseError) else f"{type(exc).__name__}"
            self.resume_status.value = error_html(
                f"This {self.noun} could not be resumed ({plain}). Its record is kept; start a "
                "new one.")
            return False
        if ok:
            self.session = session
            self.unfinished = None
            self.resume_box.layout.display = "none"
        return ok

    def set_aside(self) -> None:
        """Mark the unfinished session as done (it stays in the record, with its files)."""
        if self.unfinished is not None:
            try:
                self.unfinished.finish()
            except CourseError as exc:
                self.resume_status.value = error_html(exc.plain)
                return
        self.unfinished = None
        self.resume_box.layout.display = "none"

    # ------------------------------------------------------------------ while working
    def start(self, title: str, setup: dict[str, Any] | None = None) -> str:
        """Open a new session (ending the one before); returns a sentence to show when the
        record cannot keep it, "" when it can."""
        if self.session is not None:
            self.finish()
        store = self.store
        if store is None:
            return self.problem
        if self.unfinished is not None:  # starting afresh sets the old one aside
            self.set_aside()
        try:
            self.session = store.start_session(self.app, title, setup)
        except CourseError as exc:
            self._give_up(exc)
            return self.problem
        self.refresh_past()
        return ""

    def save(self, step: str, data: dict[str, Any]) -> str:
        """Write one completed step; returns "" when kept (or when no record is kept), else the
        sentence to show, after which the app takes the step back."""
        if self.session is None:
            return ""
        try:
            self.session.record(step, data)
        except CourseError as exc:
            return f"That step was not saved to the workshop record, so it is undone: " \
                   f"{exc.plain} Try again."
        return ""

    def run_step(self, process: Any, method: str, arguments: dict[str, Any], *,
                 ends: Callable[[Any], bool]) -> tuple[Any, str]:
        """Apply one step to a replayable process and keep it before the page shows it.

        ``process`` has ``apply(method, arguments)``, ``log``, ``setup()`` and the class method
        ``replay(setup, steps)`` (:class:`~sociocracy.consent.ConsentProcess`,
        :class:`~sociocracy.selection.SelectionProcess`). Returns the process the page should
        show and "" (done and kept), or the sentence to show instead: the process's own refusal,
        or the record's, in which case the step is taken back by replaying the steps before it.
        When ``ends(process)`` after the step, the session is marked finished.
        """
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
        """Mark the session done. Every step is already kept; if only this mark fails, reopening
        offers the finished session again, which is harmless."""
        if self.session is not None:
            with contextlib.suppress(CourseError):
                self.session.finish()
        self.session = None
        self.refresh_past()

    # ------------------------------------------------------------------ past sessions
    def refresh_past(self) -> None:
        """Read the list of past sessions again (after one was started or finished)."""
        store = self.store
        if store is None:
            return
        try:
            self._list_past(store.sessions(self.app))
        except CourseError:
            return

    def _list_past(self, sessions: list[Session]) -> None:
        """Offer ``sessions`` for download; "(unfinished)" marks one cut short, for apps whose
        sessions end (a circle map has no natural end, so none of its maps is marked)."""
        self._past = sessions[:PAST_SHOWN]
        if not self._past:
            self.past_box.layout.display = "none"
            return
        chosen = self.past_choice.value
        self.past_choice.options = [
            (f"{_when(s)}: {s.title or 'Untitled'}"
             + ("" if s.finished or s == self.session or self._is_done is None
                else " (unfinished)"), s.id)
            for s in self._past]
        ids = [s.id for s in self._past]
        self.past_choice.value = chosen if chosen in ids else ids[0]
        self.past_box.layout.display = None
        self._show_past()

    def _show_past(self) -> None:
        session = next((s for s in self._past if s.id == self.past_choice.value), None)
        if session is None:
            self.past_files.children = []
            return
        try:
            files = self._export(session)
        except (CourseError, KeyError, TypeError, ValueError) as exc:
            plain = exc.plain if isinstance(exc, CourseError) else type(exc).__name__
            self.past_files.children = [widgets.HTML(error_html(
                f"The record of this {self.noun} cannot be turned into files ({plain})."))]
            return
        exports = []
        for filename, mime, content in files:
            export = FileExport(filename, mime, what=filename, save_button=False)
            export.set(content, filename)
            exports.append(export)
        self.past_files.children = exports or [widgets.HTML(
            f"<p>Nothing was recorded in this {self.noun}.</p>")]
