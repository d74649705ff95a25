"""What every app session shares: its record, its views, and the sentence for a refused action.

An app session (a round, a consent decision, ...) is the live state of one facilitator app,
without any screen: it owns the library process, keeps each step in the record through its
:class:`~sociocracy.sessions.keeper.SessionKeeper` before the step counts, and tells the views
that :meth:`AppSession.subscribe` when it changed. A view (the laptop's page, the projector's
window, a test) shows :attr:`AppSession.state` and calls the session's actions; it holds no rule.

Actions return ``""`` when done, or one sentence saying why nothing changed (the library's own
refusal, the record's, or "taken over by another screen"); :attr:`AppSession.message` keeps it for
views that subscribed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from sociocracy.core.errors import CourseError
from sociocracy.core.language import _

from .audience import AudienceState
from .keeper import Found, Recorded, SessionKeeper

__all__ = ["AppSession"]

StateT = TypeVar("StateT")
View = Callable[[Any], None]


class AppSession(Generic[StateT]):
    """The base of every app's session. Subclasses set :attr:`APP` (the name its sessions are
    kept under) and :attr:`NOUN` (one session, for people), and implement :attr:`state`,
    :meth:`_restore`, :meth:`describe` and :meth:`export` (and :attr:`ENDS` with :meth:`is_done`
    when its sessions end)."""

    APP: ClassVar[str]
    NOUN: ClassVar[str]
    #: The name the audience view is published under (a key of
    #: :data:`~sociocracy.sessions.audience.APPS`), when it is not :attr:`APP`.
    AUDIENCE: ClassVar[str] = ""

    def __init__(self, *, store: Any = None, record: bool = False, owner: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.keeper = SessionKeeper(self.APP, self.NOUN, describe=self.describe,
                                    export=self.export,
                                    is_done=self.is_done if self.ENDS else None,
                                    store=store, record=record, owner=owner, clock=clock)
        self.message = ""
        self._views: list[View] = []
        self._published = ""  # the audience view last published (see :meth:`publish_audience`)

    # ------------------------------------------------------------------ views
    def subscribe(self, view: View) -> Callable[[], None]:
        """Call ``view(state)`` after every change; returns the call that stops it."""
        self._views.append(view)

        def unsubscribe() -> None:
            if view in self._views:
                self._views.remove(view)

        return unsubscribe

    def changed(self) -> None:
        """Tell every view the new state (the projector's audience view first: it is one small
        row, and the room should not wait for the laptop's page to redraw)."""
        self.publish_audience()
        state = self.state
        for view in list(self._views):
            view(state)

    # ------------------------------------------------------------------ the audience view
    def audience(self) -> AudienceState | None:
        """What the room sees of this session now (the projector's audience view); ``None``
        for an app without one. Only what the room needs: never the facilitator's notes."""
        return None

    def publish_audience(self) -> None:
        """Keep the audience view in the record, for the audience page (another kernel) to
        follow; only when it changed, only while this screen keeps a record and was not taken
        over. A record that refuses it never stops the facilitator's action."""
        if not self.keeper.record or self.keeper.taken_over:
            return
        view = self.audience()
        if view is None:
            return
        text = view.to_json()
        if text == self._published:
            return
        store = self.keeper.store
        if store is None:
            return
        try:
            store.publish_audience(self.AUDIENCE or self.APP, self.owner, text)
        except CourseError:
            return
        self._published = text

    @property
    def state(self) -> StateT:
        raise NotImplementedError

    def _done(self, problem: str = "") -> str:
        """End an action: keep ``problem`` as the message, tell the views, return it."""
        self.message = problem
        self.changed()
        return problem

    # ------------------------------------------------------------------ the record
    @property
    def owner(self) -> str:
        """This screen's id (one per page that opened the app)."""
        return self.keeper.owner

    @property
    def taken_over(self) -> bool:
        """Whether another screen took this session over (every action is then refused)."""
        return self.keeper.taken_over

    def look(self) -> tuple[Found | None, list[Recorded]]:
        """What the record holds for this app: an unfinished session and the past ones."""
        return self.keeper.look()

    def resume(self, recorded: Recorded) -> str:
        """Continue ``recorded`` on this screen: "Resume it" after a crash, or "Take it over"
        from a screen that is still open (which then refuses its own clicks)."""
        problem = self.keeper.adopt(recorded)
        if problem:
            return self._done(problem)
        try:
            problem = self._restore(recorded)
        except (CourseError, KeyError, TypeError, ValueError) as exc:
            plain = exc.plain if isinstance(exc, CourseError) else type(exc).__name__
            problem = _("This {noun} could not be resumed ({reason}). Its record is kept; "
                        "start a new one.").format(noun=_(self.NOUN), reason=plain)
        if problem:
            self.keeper.session = None
        return self._done(problem)

    def set_aside(self, recorded: Recorded) -> str:
        """"Start a new one": leave ``recorded`` in the record, marked done, unless another
        screen is still using it."""
        return self._done(self.keeper.set_aside(recorded))

    def beat(self) -> bool:
        """Heartbeat from this screen; ``False`` once taken over (the views are told)."""
        was = self.keeper.taken_over
        still = self.keeper.beat()
        if still:
            self.publish_audience()
        if not still and not was:
            from sociocracy.rooms.screens import taken_over_sentence

            self._done(taken_over_sentence(self.NOUN))
        return still

    def past(self) -> list[Recorded]:
        return self.keeper.past()

    def files(self, recorded: Recorded) -> list[tuple[str, str, str]]:
        return self.keeper.files(recorded)

    # ------------------------------------------------------------------ per app
    def _restore(self, recorded: Recorded) -> str:
        """Rebuild the state from ``recorded.steps`` through the library's rules ("" or why
        not)."""
        raise NotImplementedError

    @staticmethod
    def describe(recorded: Recorded) -> str:
        """What an unfinished session holds, in a sentence."""
        return ""

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        """A past session's files ``[(filename, mime, content)]``."""
        return []

    #: Whether this app's sessions come to an end (a round, a decision); a circle map does not.
    ENDS: ClassVar[bool] = False

    @staticmethod
    def is_done(recorded: Recorded) -> bool:
        """Whether a recorded session's work was complete (only its "finished" mark missing);
        asked only when :attr:`ENDS`."""
        return False
