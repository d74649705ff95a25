"""A facilitator app's record on screen: "Resume it" or "Take it over", past sessions, and what
a screen that was taken over says.

The rules live in :class:`sociocracy.sessions.SessionKeeper` (each step saved before it counts,
one screen writing at a time, resuming, past sessions as files); this view shows what the keeper
finds and forwards the facilitator's clicks:

* opening the app shows :attr:`AppRecord.resume_box` when a session was never finished: "Resume
  it" when its screen stopped (a crashed kernel, a closed laptop), "Take it over" when it is still
  open on another screen ("This round is open on another screen (since 10:02, last active 5
  seconds ago)"); "Start a new one" sets aside only a session that no screen is using;
* while a session is held, the page beats once every few seconds (on the kernel's event loop);
  when another screen takes it over, the same box says "This round was taken over by another
  screen", every click is refused with that sentence, and "Take it back" is offered;
* :attr:`AppRecord.past_box` lists the app's sessions and offers each one's record as files.

Every app is a view of an :class:`~sociocracy.sessions.AppSession` and passes its ``keeper``.
Titles and texts are escaped by :func:`feedback_html`.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError
from sociocracy.core.language import _
from sociocracy.core.people_text import isolate
from sociocracy.sessions.keeper import BEAT_EVERY, Found, SessionKeeper, when

from .downloads import FileExport
from .feedback import error_html, feedback_html
from .looks import hide

__all__ = ["AppRecord"]

Session = Any  # sociocracy.rooms.Session (imported lazily: the record is opened on first use)
Export = Callable[[Session], list[tuple[str, str, str]]]


def _button(label: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=label, tooltip=tooltip, button_style=style,
                          layout=widgets.Layout(width="auto"))


class AppRecord:
    """The record of one facilitator app on screen (``app``: the name its sessions are kept
    under; ``noun`` names one session for people).

    ``resume(session) -> bool`` rebuilds the app from a recorded session (``False``: it could
    not, and has said why); it is also what "Take it over" and "Take it back" call.
    ``keeper`` is the app session's :class:`~sociocracy.sessions.SessionKeeper` (its record).
    ``on_taken_over`` is called once another screen took the session over.
    """

    def __init__(self, app: str, noun: str, *, resume: Callable[[Session], bool],
                 keeper: SessionKeeper,
                 on_taken_over: Callable[[], None] | None = None) -> None:
        self.app, self.noun = app, noun
        self.keeper = keeper
        self._resume = resume
        self.on_taken_over = on_taken_over
        self.unfinished: Session | None = None
        self._found: Found | None = None
        self._past: list[Session] = []
        self._beating: asyncio.Task | None = None
        self._build()

    # ------------------------------------------------------------------ the keeper's state
    @property
    def record(self) -> bool:
        return self.keeper.record

    @property
    def problem(self) -> str:
        return self.keeper.problem

    @property
    def store(self) -> Any:
        return self.keeper.store

    @property
    def session(self) -> Session | None:
        return self.keeper.session

    @session.setter
    def session(self, value: Session | None) -> None:
        self.keeper.session = value

    @property
    def keeping(self) -> bool:
        return self.keeper.keeping

    @property
    def taken_over(self) -> bool:
        return self.keeper.taken_over

    # ------------------------------------------------------------------ widgets
    #: What ``_build_inside`` makes: reading any of them builds the boxes' contents.
    _INSIDE = frozenset({"resume_text", "resume_button", "set_aside_button", "resume_status",
                         "past_choice", "past_files"})

    def _build(self) -> None:
        """The two boxes an app places; their contents (about 20 widget models) only when the
        app keeps a record, or when first read (issue 27: a lesson's tool keeps none)."""
        self.resume_box = widgets.VBox()
        self.resume_box.add_class("course-app-resume")
        hide(self.resume_box, True)
        self.past_box = widgets.VBox()
        self.past_box.add_class("course-room-hide")  # the facilitator's, not the room's
        hide(self.past_box, True)
        self._inside_built = False
        if self.keeper.record:
            self._build_inside()

    def __getattr__(self, name: str) -> Any:
        if name in AppRecord._INSIDE and not self.__dict__.get("_inside_built", True):
            self._build_inside()
            return object.__getattribute__(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _build_inside(self) -> None:
        self._inside_built = True
        self.resume_text = widgets.HTML()
        noun = _(self.noun)
        self.resume_button = _button(_("Resume it"), _("Continue the unfinished {noun} where it "
                                                       "stopped").format(noun=noun), "primary")
        self.set_aside_button = _button(_("Start a new {noun}").format(noun=noun),
                                        _("Leave the unfinished {noun} in the record and start "
                                          "a new one").format(noun=noun))
        self.resume_button.on_click(lambda _b: self.resume())
        self.set_aside_button.on_click(lambda _b: self.set_aside())
        self.resume_status = widgets.HTML()
        self.resume_box.children = [
            self.resume_text,
            widgets.HBox([self.resume_button, self.set_aside_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.resume_status]
        self.past_choice = widgets.Dropdown(description=_("Past {noun}s").format(noun=noun),
                                            style={"description_width": "10em"},
                                            layout=widgets.Layout(width="98%", max_width="40em"))
        self.past_choice.observe(lambda _c: self._show_past(), names="value")
        self.past_files = widgets.VBox()
        self.past_box.children = [
            widgets.HTML("<h3>" + html.escape(_("Past {noun}s in the workshop record").format(
                noun=noun)) + "</h3>"),
            self.past_choice, self.past_files]

    # ------------------------------------------------------------------ opening the app
    def offer(self) -> None:
        """Look in the record: offer the newest unfinished session (to resume, or to take over
        from the screen that still has it open), and list the past ones."""
        hide(self.resume_box, True)
        found, past = self.keeper.look()
        self._list_past(past)
        if found is None:
            return
        self.unfinished, self._found = found.session, found
        headline, sentence = found.sentence(self.noun)
        self.resume_text.value = feedback_html(sentence, kind="neutral", headline=headline,
                                               quote=False)
        if found.live:
            self.resume_button.description = _("Take it over")
            self.resume_button.tooltip = _("Run this {noun} from this screen; the other screen "
                                           "stops changing it").format(noun=_(self.noun))
        else:
            self.resume_button.description = _("Resume it")
            self.resume_button.tooltip = _("Continue the unfinished {noun} where it stopped"
                                           ).format(noun=_(self.noun))
        hide(self.set_aside_button, False)
        self.resume_status.value = ""
        hide(self.resume_box, False)

    def resume(self) -> bool:
        """Hold the unfinished session from this screen (resume it, take it over, or take it
        back) and hand it to the app, which rebuilds from the record."""
        session = self.unfinished
        if session is None:
            return False
        problem = self.keeper.adopt(session)
        ok = False
        if not problem:
            try:
                ok = self._resume(session)
            except (CourseError, KeyError, TypeError, ValueError) as exc:
                plain = exc.plain if isinstance(exc, CourseError) else f"{type(exc).__name__}"
                problem = _("This {noun} could not be resumed ({reason}). Its record is kept; "
                            "start a new one.").format(noun=_(self.noun), reason=plain)
        if problem or not ok:
            self.keeper.session = None
            self.resume_status.value = error_html(problem) if problem else ""
            return False
        self.unfinished = None
        hide(self.resume_box, True)
        self.refresh_past()  # the session held here is no longer listed as "(unfinished)"
        self.keep_beating()
        return True

    def set_aside(self) -> None:
        """"Start a new one": mark the unfinished session done, unless another screen still
        uses it (then it is left to that screen)."""
        if self.unfinished is not None:
            problem = self.keeper.set_aside(self.unfinished)
            if problem:
                self.resume_status.value = error_html(problem)
                return
        self.unfinished = None
        hide(self.resume_box, True)

    # ------------------------------------------------------------------ while working
    def start(self, title: str, setup: dict[str, Any] | None = None) -> str:
        """Open a new session (ending this screen's one before); "" or the sentence to show."""
        if self.unfinished is not None:  # starting afresh sets a stopped one aside
            self.set_aside()
        problem = self.keeper.start(title, setup)
        hide(self.resume_box, True)
        self.refresh_past()
        if not problem:
            self.keep_beating()
        return problem

    def save(self, step: str, data: dict[str, Any]) -> str:
        """Write one completed step; "" when kept (or when no record is kept), else the
        sentence to show, after which the app takes the step back."""
        problem = self.keeper.save(step, data)
        if self.keeper.taken_over:
            self._taken_over()
        return problem

    def run_step(self, process: Any, method: str, arguments: dict[str, Any], *,
                 ends: Callable[[Any], bool]) -> tuple[Any, str]:
        """See :meth:`SessionKeeper.run_step`."""
        result = self.keeper.run_step(process, method, arguments, ends=ends)
        if self.keeper.taken_over:
            self._taken_over()
        else:
            self.refresh_past()
        return result

    def finish(self) -> None:
        """Mark the session done (every step is already kept)."""
        self.keeper.finish()
        self.refresh_past()

    # ------------------------------------------------------------------ one screen at a time
    def keep_beating(self) -> None:
        """Beat every few seconds while this screen holds a session (on the kernel's event loop;
        without one, as in tests, :meth:`beat` is called by hand)."""
        if self._beating is not None and not self._beating.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._beating = loop.create_task(self._beat_every())

    async def _beat_every(self) -> None:
        while self.keeper.session is not None and not self.keeper.taken_over:
            await asyncio.sleep(BEAT_EVERY)
            self.beat()

    def beat(self) -> bool:
        """One heartbeat; ``False`` once another screen took the session over (shown here)."""
        still = self.keeper.beat()
        if not still:
            self._taken_over()
        return still

    def _taken_over(self) -> None:
        session = self.keeper.session
        if session is None or self.unfinished is session:
            return
        self.unfinished, self._found = session, None
        self.resume_text.value = feedback_html(
            _("Another screen runs it now, so this one changes nothing. Continue there, or take "
              "it back here (the other screen then stops changing it)."), kind="neutral",
            headline=_("This {noun} was taken over by another screen.").format(
                noun=_(self.noun)), quote=False)
        self.resume_button.description = _("Take it back")
        self.resume_button.tooltip = _("Run this {noun} from this screen again; the other screen "
                                       "then stops changing it").format(noun=_(self.noun))
        hide(self.set_aside_button, True)
        self.resume_status.value = ""
        hide(self.resume_box, False)
        if self.on_taken_over is not None:
            self.on_taken_over()

    def close(self) -> None:
        """The page's app is closed: stop beating and let go of the session."""
        if self._beating is not None:
            self._beating.cancel()
        self.keeper.release()

    # ------------------------------------------------------------------ past sessions
    def refresh_past(self) -> None:
        """Read the list of past sessions again (after one was started or finished)."""
        if self.keeper.store is None:
            return
        self._list_past(self.keeper.past())

    def _list_past(self, sessions: list[Session]) -> None:
        self._past = sessions
        if not self._past:
            hide(self.past_box, True)
            return
        chosen = self.past_choice.value
        self.past_choice.options = [
            ((_("{when}: {title} (unfinished)") if self.keeper.unfinished_mark(s)
              else _("{when}: {title}")).format(
                  when=when(s), title=isolate(s.title) if s.title else _("Untitled")),
             s.id)
            for s in self._past]
        ids = [s.id for s in self._past]
        self.past_choice.value = chosen if chosen in ids else ids[0]
        hide(self.past_box, False)
        self._show_past()

    def _show_past(self) -> None:
        session = next((s for s in self._past if s.id == self.past_choice.value), None)
        if session is None:
            self.past_files.children = []
            return
        try:
            files = self.keeper.files(session)
        except CourseError as exc:
            self.past_files.children = [widgets.HTML(error_html(exc.plain))]
            return
        exports = []
        for filename, mime, content in files:
            export = FileExport(filename, mime, what=filename, save_button=False)
            export.set(content, filename)
            exports.append(export)
        self.past_files.children = exports or [widgets.HTML(
            "<p>" + html.escape(_("Nothing was recorded in this {noun}.").format(
                noun=_(self.noun))) + "</p>")]

