"""The facilitator's side of a workshop room: people join from their phones, answer in silence,
and the answers are revealed all at once and then spoken in a round.

``WorkshopRoom`` owns a :class:`~sociocracy.rooms.RoomStore` (the same record the join page on
the course server writes to) and one :class:`~sociocracy.rooms.Room` at a time:

1. create a room, or resume one from the record (its code in big type, and the QR code of its
   join link with the address as text, for people who type it);
2. see who has joined (refreshed every 2 seconds while the page is open, and on "Refresh");
3. open an activity (check-in words, a consent round on a proposal, silent nominations for a
   role, an evaluation) and see **how many** have answered, never what;
4. reveal all answers at once, then run the spoken round in the course's
   :class:`~sociocracy.widgets.rounds.RoundFacilitator`, one turn per person who answered, their
   written answer offered as the turn's note;
5. download the room's record (Markdown and CSV).

The spoken round is recorded turn by turn in a store session (``app="workshop_room"``) before
the page shows the turn, so after a crash of the kernel, reopening the room resumes the round with
every completed turn. Everything people typed is escaped before it reaches HTML.
"""

from __future__ import annotations

import asyncio
import html
import os
from typing import Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError
from sociocracy.core.names import distinct_names
from sociocracy.core.people_text import html_text
from sociocracy.rooms import Activity, Response, Room, RoomStore
from sociocracy.rounds import Round

from .downloads import DownloadLink
from .feedback import error_html, feedback_html
from .rounds import RoundFacilitator

__all__ = ["JOIN_URL_ENV", "SESSION_APP", "WorkshopRoom"]

JOIN_URL_ENV = "SOCIOCRACY_COURSE_JOIN_URL"
SESSION_APP = "workshop_room"
#: What the facilitator picks, and what the prompt box asks for with it.
ACTIVITIES: tuple[tuple[str, str, str], ...] = (
    ("Check-in words", "check-in", "e.g. How are you arriving today?"),
    ("Consent round on a proposal", "consent", "The proposal, in one or two sentences"),
    ("Silent nominations for a role", "nomination", "The role, e.g. Facilitator for one year"),
    ("Evaluation", "evaluation", "e.g. What worked in this meeting, and what could be better?"),
)
WIDE = {"description_width": "13em"}
WRAP = widgets.Layout(flex_flow="row wrap", align_items="center")


def _hide(widget: widgets.Widget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


def answer_note(response: Response) -> str:
    """A written answer as one line for the spoken round (and the table after the reveal)."""
    data = response.fields
    if "choice" in data:
        choice = "Consent" if data["choice"] == "consent" else "Objection"
        return f"{choice}: {data['reason']}" if data.get("reason") else choice
    if "nominee" in data:
        return f"Nominates {data['nominee']}: {data.get('reason', '')}".rstrip(": ")
    return data.get("words", "")


def speaker_names(responses: list[Response]) -> list[str]:
    """One name per person who answered, by the names rule (:func:`distinct_names`).

    The room refuses a name that looks like one already there, but a record may hold such
    names from before ("Ana" and "ana"): they become "Ana" and "ana (2)", within 60 characters,
    so the spoken round always starts.
    """
    return distinct_names(response.name for response in responses)


class WorkshopRoom(widgets.VBox):
    """Run a workshop room from the projected laptop (see the module docstring).

    ``store``: the record (default: :class:`RoomStore` from the environment, the one the join page
    uses). ``join_url``: the phones' address (default: ``$SOCIOCRACY_COURSE_JOIN_URL``, set by
    ``sociocracy-course workshop``). ``refresh_every``: seconds between automatic refreshes
    (0: only on "Refresh", as in tests).
    """

    def __init__(self, store: RoomStore | None = None, *, join_url: str | None = None,
                 refresh_every: float = 2.0) -> None:
        super().__init__()
        self.add_class("course-workshop-room")
        self.join_url = (join_url if join_url is not None
                         else os.environ.get(JOIN_URL_ENV, "")).rstrip("/")
        self.refresh_every = refresh_every
        self.room: Room | None = None
        self.activity: Activity | None = None
        self.session: Any = None  # the spoken round's store session
        self._poller: asyncio.Task | None = None
        self._closed = False
        self.message = widgets.HTML("")
        self._build_choose()
        self._build_room()
        self._build_activity()
        self._build_round()
        self._build_record()
        self.children = [self.choose, self.room_box, self.activity_box, self.message,
                         self.round_box, self.record_box]
        self.store: RoomStore | None = None
        try:
            self.store = store if store is not None else RoomStore()
        except CourseError as exc:
            self.create.disabled = self.resume.disabled = True
            self._say_error(exc.plain)
        self._list_rooms()
        self._show_room()

    # ================================================================ building
    def _build_choose(self) -> None:
        self.title = widgets.Text(description="New room's title:", style=WIDE,
                                  placeholder="e.g. Taste of sociocracy, 12 May",
                                  layout=widgets.Layout(width="100%", max_width="36em"))
        self.create = widgets.Button(description="Create a room", button_style="primary",
                                     tooltip="Create a new room with its own code")
        self.rooms = widgets.Dropdown(description="Earlier rooms:", options=[], style=WIDE,
                                      layout=widgets.Layout(width="100%", max_width="36em"))
        self.resume = widgets.Button(description="Resume this room",
                                     tooltip="Open the room chosen above again, with its record")
        self.create.on_click(lambda _b: self.create_room(self.title.value))
        self.resume.on_click(lambda _b: self.open_room(self.rooms.value))
        self.choose = widgets.VBox([
            widgets.HTML("<h2>Your room</h2>"),
            widgets.HBox([self.title, self.create], layout=WRAP),
            widgets.HBox([self.rooms, self.resume], layout=WRAP),
        ])

    def _build_room(self) -> None:
        self.code = widgets.HTML("")
        self.qr = widgets.HTML("")
        self.joined = widgets.HTML("")
        self.refresh_button = widgets.Button(description="Refresh",
                                             tooltip="Read who joined and who answered again")
        self.other_room = widgets.Button(description="Choose another room",
                                         tooltip="Leave this room (its record stays)")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.other_room.on_click(lambda _b: self.leave_room())
        self.room_box = widgets.VBox([
            widgets.HBox([self.code, self.qr], layout=widgets.Layout(flex_flow="row wrap")),
            self.joined, widgets.HBox([self.refresh_button, self.other_room]),
        ])

    def _build_activity(self) -> None:
        self.kind = widgets.Dropdown(description="Activity:", style=WIDE,
                                     layout=widgets.Layout(width="100%", max_width="34em"),
                                     options=[(label, kind) for label, kind, _ in ACTIVITIES])
        self.prompt = widgets.Textarea(description="Prompt for the phones:", style=WIDE, rows=2,
                                       layout=widgets.Layout(width="100%", max_width="44em"))
        self.open_button = widgets.Button(description="Open on the phones",
                                          button_style="primary",
                                          tooltip="Show this activity on everyone's phone")
        self.answered = widgets.HTML("")
        self.reveal_button = widgets.Button(description="Reveal all answers",
                                            button_style="primary",
                                            tooltip="Show every answer at once; no more changes")
        self.kind.observe(lambda _c: self._kind_changed(), names="value")
        self.open_button.on_click(lambda _b: self.open_activity(self.kind.value,
                                                                self.prompt.value))
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.activity_box = widgets.VBox([
            widgets.HTML("<h2>On the phones now</h2>"), self.answered, self.reveal_button,
            widgets.HTML("<h2>Open a silent step</h2>"),
            self.kind, self.prompt, self.open_button,
        ])
        self._kind_changed()

    def _build_round(self) -> None:
        self.answers = widgets.HTML("")
        self.round_panel = RoundFacilitator(save_button=False, show_minutes=False)
        self.round_panel.on_turn = self._record_turn
        _hide(self.round_panel.again, True)  # the next round starts from the room, not here
        _hide(self.round_panel.stop, True)
        self.round_box = widgets.VBox([self.answers, self.round_panel])

    def _build_record(self) -> None:
        self.markdown = DownloadLink(filename="room.md", mime="text/markdown")
        self.csv = DownloadLink(filename="room.csv", mime="text/csv")
        self.record_box = widgets.VBox([widgets.HTML("<h2>The room's record</h2>"),
                                        self.markdown, self.csv])

    # ================================================================ rooms
    def _list_rooms(self) -> None:
        if self.store is None:
            return
        try:
            rooms = self.store.rooms()[:50]
        except CourseError as exc:
            self._say_error(exc.plain)
            return
        self.rooms.options = [(f"{r.title} ({r.code}, {r.created_at:%Y-%m-%d})", r.code)
                              for r in rooms]
        self.resume.disabled = not rooms

    def create_room(self, title: str) -> Room | None:
        """A new room (its code and QR code appear at once)."""
        if self.store is None:
            return None
        try:
            room = self.store.create_room(title.strip() or "Workshop room")
        except CourseError as exc:
            self._say_error(exc.plain)
            return None
        self.title.value = ""
        self._list_rooms()
        self.rooms.value = room.code
        return self.open_room(room.code)

    def open_room(self, code: str | None) -> Room | None:
        """Open a room from the record; an unfinished spoken round comes back where it was."""
        if self.store is None or not code:
            self._say_error("Choose a room first, or create one.")
            return None
        try:
            self.room = self.store.room(code)
            self.activity = self.room.current_activity or (
                self.room.activities[-1] if self.room.activities else None)
        except CourseError as exc:
            self._say_error(exc.plain)
            return None
        self._start_fresh()
        resumed = self._resume_round()
        if resumed is None and self.activity is not None and self.activity.revealed:
            try:
                self._show_answers(self.room.responses(self.activity))
            except CourseError as exc:
                self._say_error(exc.plain)
        self.refresh()
        self._start_polling()
        if resumed is not None:
            done = len(resumed.turns)
            self._say(f"Resumed the spoken round where it stopped: {done} "
                      f"turn{'' if done == 1 else 's'} already done.", headline="Resumed.")
        else:
            self._say(f"Room {self.room.code} is open: people can join now.",
                      headline="Ready.")
        return self.room

    def _start_fresh(self) -> None:
        """A room or activity was just opened: no round or answers of the last one show."""
        self.session = None
        self.round_panel.round = None
        self.answers.value = ""
        self._show_room()

    def leave_room(self) -> None:
        self.room, self.activity, self.session = None, None, None
        self._list_rooms()
        self._show_room()
        self.message.value = ""

    def _show_room(self) -> None:
        has_room = self.room is not None
        _hide(self.choose, has_room)
        _hide(self.room_box, not has_room)
        _hide(self.activity_box, not has_room)
        _hide(self.record_box, not has_room)
        revealed = self.activity is not None and self.activity.revealed
        _hide(self.round_box, not (has_room and revealed))
        _hide(self.round_panel, self.round_panel.round is None)  # never its own set-up form
        if not has_room:
            return
        room = self.room
        assert room is not None
        self.code.value = (
            f"<div class='course-room-code' style='margin-right:2em'>"
            f"<p style='margin:0;font-size:1.4em'>{html_text(room.title)}</p>"
            f"<p style='margin:.5em 0 0;font-size:1.3em'>Room code</p>"
            f"<p style='font-size:5em;font-weight:bold;letter-spacing:.12em;margin:0;"
            f"line-height:1.1;font-family:monospace'>{html.escape(room.code)}</p></div>")
        self.qr.value = self._qr_html(room)

    def _qr_html(self, room: Room) -> str:
        if not self.join_url:
            return feedback_html(
                "Phones can join only when the course runs with 'sociocracy-course workshop': "
                "stop it, start it that way, and open this app from the link it prints.",
                headline="Phones cannot join yet.", quote=False)
        import segno

        link = room.join_link(self.join_url)
        uri = segno.make(link, error="m").svg_data_uri(scale=6, border=2)
        alt = f"QR code: scan it with a phone's camera to join room {room.code}"
        return (f"<div style='display:flex;gap:1.5em;align-items:center;flex-wrap:wrap'>"
                f"<img src='{html.escape(uri, quote=True)}' alt='{html.escape(alt, quote=True)}'"
                " width='240' height='240' style='image-rendering:pixelated'>"
                "<div style='font-size:1.3em'><p>Scan the code, or open</p>"
                f"<p style='font-weight:bold;font-family:monospace;word-break:break-all'>"
                f"{html.escape(self.join_url)}</p>"
                f"<p>and type the code <strong>{html.escape(room.code)}</strong>.</p></div>"
                "</div>")

    # ================================================================ activities
    def _kind_changed(self) -> None:
        hints = {kind: hint for _label, kind, hint in ACTIVITIES}
        self.prompt.placeholder = hints[self.kind.value]

    def open_activity(self, kind: str, prompt: str) -> Activity | None:
        """Show an activity on the phones (the one before it closes)."""
        if self.room is None:
            self._say_error("Create or resume a room first.")
            return None
        try:
            self.activity = self.room.open_activity(kind, prompt.strip())
        except CourseError as exc:
            self._say_error(exc.plain)
            return None
        self._start_fresh()
        self.refresh()
        self._say(f"{self.activity.label} is open on the phones. Wait until everyone has "
                  "answered, then reveal.", headline="Open.")
        return self.activity

    def reveal(self) -> list[Response]:
        """Reveal every answer at once, then set up the spoken round with them as its turns."""
        if self.store is None or self.room is None or self.activity is None:
            self._say_error("Open an activity first.")
            return []
        try:
            self.activity = self.room.reveal(self.activity)
            responses = self.room.responses(self.activity)
        except CourseError as exc:
            self._say_error(exc.plain)
            return []
        self._update_record()
        if not responses:
            self._show_answers(responses)
            self._show_room()
            self.refresh()
            self._say("Nobody answered, so there is no round to speak.", headline="Revealed.")
            return []
        try:
            rnd = Round(self.activity.kind, speaker_names(responses),
                        prompt=self.activity.prompt)
            self.session = self.store.start_session(
                SESSION_APP, f"{self.room.title}: {self.activity.label}",
                {"room": self.room.code, "activity": self.activity.id})
            self.session.record("round", {"round": rnd.to_dict()})
        except CourseError as exc:
            self._say_error(exc.plain)
            return responses
        self._attach(rnd, responses)
        self.refresh()
        self._say(f"{len(responses)} answers revealed. Now the spoken round: each person says "
                  "their answer in turn.", headline="Revealed.")
        return responses

    def _show_answers(self, responses: list[Response]) -> dict[str, str]:
        """The revealed answers as a table (escaped); returns each speaker's note."""
        names = speaker_names(responses)
        notes = {name: answer_note(r) for name, r in zip(names, responses, strict=True)}
        rows = "".join(f"<tr><td>{html_text(name)}</td><td>{html_text(note)}</td></tr>"
                       for name, note in notes.items())
        self.answers.value = (
            "<h2>The answers, revealed together</h2>"
            "<table class='course-round-turns'><caption>Written answers</caption><thead><tr>"
            "<th scope='col'>Who</th><th scope='col'>Answer</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>") if responses else (
            "<h2>The answers, revealed together</h2><p>Nobody answered.</p>")
        return notes

    def _attach(self, rnd: Round, responses: list[Response]) -> None:
        self.round_panel.suggested_notes = self._show_answers(responses)
        self.round_panel.attach(rnd)
        self._show_room()

    def _record_turn(self, rnd: Round) -> None:
        """RoundFacilitator's hook: the round so far goes to the record before it is shown."""
        if self.session is None:
            return
        self.session.record("round", {"round": rnd.to_dict()})
        if rnd.is_complete:
            self.session.finish()

    def _resume_round(self) -> Round | None:
        """The latest unfinished spoken round of this room, re-attached with its turns."""
        assert self.room is not None and self.store is not None
        try:
            sessions = [s for s in self.store.unfinished_sessions(SESSION_APP)
                        if s.setup.get("room") == self.room.code]
            if not sessions:
                return None
            session = sessions[0]
            rounds = [data["round"] for step, data in session.steps if step == "round"]
            activity = self.room.activity(int(session.setup["activity"]))
            if not rounds or not activity.revealed:
                return None
            rnd = Round.from_dict(rounds[-1])
            responses = self.room.responses(activity)
        except (CourseError, KeyError, ValueError, TypeError) as exc:
            self._say_error(getattr(exc, "plain", "The unfinished spoken round could not be "
                                                  "read back; start it again from the room."))
            return None
        self.session, self.activity = session, activity
        self._attach(rnd, responses)
        return rnd

    # ================================================================ refresh
    def refresh(self) -> None:
        """Read who joined and how many answered (not what) from the record again."""
        if self.room is None:
            return
        try:
            people = self.room.participants
            activity = self.room.activity(self.activity) if self.activity else None
            count = self.room.answered_count(activity) if activity else 0
        except CourseError as exc:
            self._say_error(exc.plain)
            return
        names = ", ".join(html_text(p.name) for p in people)
        joined = (f"<p style='font-size:1.3em'><strong>{len(people)}</strong> "
                  f"{'person has' if len(people) == 1 else 'people have'} joined"
                  + (f": {names}</p>" if people else ".</p>"))
        if joined != self.joined.value:
            self.joined.value = joined
        self.activity = activity
        if activity is None:
            text = "<p>Nothing is open on the phones yet: open a silent step below.</p>"
        else:
            state = ("revealed" if activity.revealed else "closed" if activity.closed
                     else "open on the phones")
            prompt = f": “{html_text(activity.prompt)}”" if activity.prompt else ""
            text = (f"<p><strong>{html.escape(activity.label)}</strong>{prompt} ({state})</p>"
                    f"<p class='course-answered' style='font-size:1.6em' role='status'>"
                    f"<strong>{count} of {len(people)}</strong> answered</p>")
        if text != self.answered.value:
            self.answered.value = text
        self.reveal_button.disabled = activity is None or activity.revealed or activity.closed
        if self.markdown.value == "" and self.room is not None:
            self._update_record()

    def _update_record(self) -> None:
        if self.room is None:
            return
        try:
            markdown, csv = self.room.export_markdown(), self.room.export_csv()
        except CourseError as exc:
            self._say_error(exc.plain)
            return
        stem = f"room-{self.room.code}"
        self.markdown.set(markdown, f"{stem}.md", text="Download the room's record (Markdown)")
        self.csv.set(csv, f"{stem}.csv", text="Download the answers as a table (CSV)")

    def _start_polling(self) -> None:
        """Refresh every ``refresh_every`` seconds while this widget lives (and a loop runs)."""
        if not self.refresh_every or (self._poller is not None and not self._poller.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python (tests): refresh on demand only
            return
        self._poller = loop.create_task(self._poll())

    async def _poll(self) -> None:
        while not self._closed and self.room is not None and self.comm is not None:
            await asyncio.sleep(self.refresh_every)
            if not self._closed and self.room is not None:
                self.refresh()

    def close(self) -> None:
        self._closed = True
        if self._poller is not None:
            self._poller.cancel()
        self.round_panel.close()
        super().close()

    # ================================================================ messages
    def _say(self, text: str, *, headline: str = "") -> None:
        self.message.value = feedback_html(text, headline=headline, quote=False)

    def _say_error(self, text: str) -> None:
        self.message.value = error_html(text)
