"""The audience view of a session: what the room needs to see, for the projector.

The facilitator's laptop keeps the controls, the script and the notes; the projector shows only
what the room needs: the proposal or the question, the step, whose turn it is and who is next,
the timer, how many answered and, after the reveal, the answers; the room's code while people
join. Each app session says that in one :class:`AudienceState` (:meth:`AppSession.audience`).

Two ways to show it, one content:

* **Two screens**: the session publishes its audience state to the workshop record after every
  change (:meth:`AppSession.changed`), and the audience page (``apps/audience.ipynb?app=...``,
  another kernel) follows it with a :class:`Follower`, a few times a second;
* **One screen** ("Projector mode"): the facilitator's page shows the same state itself.

No ipywidgets here (``widgets/audience.py`` draws it): the state is plain data, kept as JSON.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _

__all__ = ["APPS", "Answer", "AudienceState", "Follower", "audience_link"]

#: The apps with an audience view: the name their sessions are kept under, and the page's title.
APPS: dict[str, str] = {
    "rounds": N_("Round"),
    "consent": N_("Consent decision"),
    "selection": N_("Selection"),
    "meeting": N_("Meeting"),
    "circle_map": N_("Circle map"),
    "workshop_room": N_("Workshop room"),
    "intro_session": N_("Intro session"),
}


@dataclass(frozen=True)
class Answer:
    """One person's answer as the room sees it after the reveal: ``name``, the ``answer`` in a
    word or two ("Consent", "Objection", a nominee) and the ``words`` they gave."""

    name: str
    answer: str = ""
    words: str = ""


@dataclass(frozen=True)
class AudienceState:
    """What the projector shows for one app at one moment (every field is optional but ``app``).

    ``title``: what this is about (the round's prompt, the proposal's name, the meeting); ``step``:
    where the room is, in a few words ("Consent round", "Phones are answering"); ``text``: the main
    text the room reads (the proposal, the question); ``speaker`` / ``next``: whose turn it is and
    who follows; ``answered`` of ``expected``: how many have answered (never what, before the
    reveal); ``answers``: the answers after the reveal; ``timer_ends`` (seconds since the epoch)
    with ``timer_total`` (seconds): a timer the view counts down by itself; ``room_code``: the
    room's code while people join (the view adds the QR code and the address); ``lines``: a few
    short lines more (the outcome, the turns so far); ``drawing``: an app's own picture data (a
    circle map's organisation), drawn by that app's view.
    """

    app: str
    title: str = ""
    step: str = ""
    text: str = ""
    speaker: str = ""
    next: str = ""
    answered: int | None = None
    expected: int | None = None
    answers: tuple[Answer, ...] = ()
    timer_ends: float | None = None
    timer_total: float | None = None
    room_code: str = ""
    room_title: str = ""
    lines: tuple[str, ...] = ()
    drawing: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """The state as JSON text (what is published to the record)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> AudienceState:
        """Read published JSON back; unknown keys are ignored (a newer course's publication) and
        a malformed one raises :class:`CourseError` with a sentence."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("app"), str):
                raise ValueError("not an audience view")
            known = {f.name for f in fields(cls)}
            values = {k: v for k, v in data.items() if k in known}
            values["answers"] = tuple(Answer(**a) for a in values.get("answers", ()))
            values["lines"] = tuple(str(line) for line in values.get("lines", ()))
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise CourseError(_("What the facilitator's screen published cannot be read "
                                "({reason}); it shows again after their next click.").format(
                                    reason=exc)) from exc

    def seconds_left(self, now: float | None = None) -> float | None:
        """The timer's seconds left (never below 0), or ``None`` when no timer runs."""
        if self.timer_ends is None:
            return None
        return max(0.0, self.timer_ends - (time.time() if now is None else now))


def audience_link(app: str) -> str:
    """The audience page's address relative to an app's page (both live in ``apps/``)."""
    return f"audience.ipynb?app={app}"


#: Failed reads in a row (about a second at the audience page's pace) before the audience view
#: says it cannot read the record; until then it keeps showing the last picture.
FAILED_READS_SHOWN = 3


class Follower:
    """The audience page's side: follows what ``app``'s facilitator screen publishes.

    ``store``: a :class:`~sociocracy.rooms.RoomStore` or a call that opens one (default: the
    user's record, opened on first use). :meth:`poll` reads one row; views call it a few times a
    second. A record that cannot be opened (a visitor's page on the room's network) is one
    sentence in :attr:`problem`.
    """

    def __init__(self, app: str, *, store: Any = None) -> None:
        if app not in APPS:
            raise CourseError(_("There is no audience view called {app}; the apps that have "
                                "one are: {apps}.").format(app=repr(app), apps=", ".join(APPS)))
        self.app = app
        self._store = store
        self.state: AudienceState | None = None
        self.seq = 0
        self.at = 0.0  # when the facilitator's screen published what it shows (epoch seconds)
        self.problem = ""
        self.failed_reads = 0  # in a row

    def _open(self) -> Any:
        if self._store is None:
            from sociocracy.rooms import RoomStore

            self._store = RoomStore()
        elif callable(self._store) and not hasattr(self._store, "audience"):
            self._store = self._store()
        return self._store

    def poll(self) -> bool:
        """Read what the facilitator's screen published; ``True`` when it changed.

        A read that fails while a picture is already shown (the record busy for a moment under a
        room's load) keeps that picture and says nothing until :data:`FAILED_READS_SHOWN` reads
        in a row have failed: a projector must not flash an error at the room for a hiccup. A
        read that works clears the sentence, even when nothing new was published."""
        try:
            shown = self._open().audience(self.app)
        except CourseError as exc:
            self.failed_reads += 1
            if self.state is not None and self.failed_reads < FAILED_READS_SHOWN:
                return False
            changed = self.problem != exc.plain
            self.problem = exc.plain
            return changed
        if shown is None or shown.seq == self.seq:
            # the record reads again: a failed read's sentence goes (a malformed publication's
            # stays, as the picture it spoke of is still the latest)
            changed = self.failed_reads > 0 and self.problem != ""
            if self.failed_reads:
                self.problem = ""
            self.failed_reads = 0
            return changed
        self.failed_reads = 0
        self.seq = shown.seq
        self.at = shown.at
        try:
            self.state = AudienceState.from_json(shown.data)
            self.problem = ""
        except CourseError as exc:
            self.problem = exc.plain
        return True

