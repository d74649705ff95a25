"""The facilitator's side of a workshop room: people join from their phones, answer in silence,
and the answers are revealed all at once and then spoken in a round.

``WorkshopRoom`` is a view of a :class:`~sociocracy.sessions.WorkshopSession` (the room, the
silent steps, the reveal, the spoken round and its record live there):

1. create a room, or resume one from the record (its code in big type, and the QR code of its
   join link with the address as text, for people who type it);
2. see who has joined (refreshed every second while the page is open, and on "Refresh"),
   close the room to new joins (or open it again), and remove someone who should not be in it
   (a phone that joined over and over): removed people are not counted, revealed or exported;
3. open an activity (check-in words, a consent round on a proposal, silent nominations for a
   role, an evaluation) and see **how many** have answered, never what;
4. reveal all answers at once, then run the spoken round in the course's
   :class:`~sociocracy.widgets.rounds.RoundFacilitator`, a view of the session's spoken
   :class:`~sociocracy.sessions.RoundSession`, one turn per person who answered, their written
   answer offered as the turn's note;
5. download the room's record (Markdown and CSV): the Markdown holds each question's written
   answers and its spoken round (turns in speaking order, notes, outcome, local times).

Before the spoken round's first turn the facilitator seats it as the room sits (the round
panel's "Seating order": move a person up, down or to a place, "Start with ...", or type names
in order); the order is the session's rule and is kept in the record.

The session records the spoken round turn by turn before the page shows the turn, so after a
crash of the kernel, reopening the room resumes the round with every completed turn; a second
screen on the same room offers "Take it over" instead of writing beside the first. Everything
people typed is escaped before it reaches HTML.
"""

from __future__ import annotations

import asyncio
import html
from typing import Any

import ipywidgets as widgets

from sociocracy.core import settings
from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.people_text import html_text
from sociocracy.sessions.room_link import REFRESH_EVERY
from sociocracy.sessions.workshop import APP, WorkshopSession, WorkshopState

from .audience import ProjectorPanel, audience_link_html
from .downloads import DownloadLink
from .feedback import error_html, feedback_html
from .looks import hide, lighten, shared_layout
from .menus import PlaceholderMenu
from .rounds import RoundFacilitator

__all__ = ["JOIN_URL_ENV", "SESSION_APP", "WorkshopRoom"]


def _heading(text: str) -> widgets.HTML:
    """A section's heading (``text`` already in the page's language)."""
    return widgets.HTML(f"<h2>{html.escape(text)}</h2>")


JOIN_URL_ENV = settings.JOIN_URL_ENV
SESSION_APP = APP
#: What the facilitator picks, and what the prompt box asks for with it.
ACTIVITIES: tuple[tuple[str, str, str], ...] = (
    (N_("Check-in words"), "check-in", N_("e.g. How are you arriving today?")),
    (N_("Consent round on a proposal"), "consent", N_("The proposal, in one or two sentences")),
    (N_("Silent nominations for a role"), "nomination",
     N_("The role, e.g. Facilitator for one year")),
    (N_("Evaluation"), "evaluation",
     N_("e.g. What worked in this meeting, and what could be better?")),
)
WIDE = {"description_width": "13em"}
WRAP = shared_layout(flex_flow="row wrap", align_items="center")

Room = Any  # sociocracy.rooms.Room
Activity = Any


_hide = hide


class WorkshopRoom(widgets.VBox):
    """Run a workshop room from the projected laptop (see the module docstring).

    ``store``: the record (default: the one the join page uses, from the environment).
    ``join_url``: the phones' address (default: ``$SOCIOCRACY_COURSE_JOIN_URL``, set by
    ``sociocracy-course workshop``). ``refresh_every``: seconds between automatic refreshes
    (0: only on "Refresh", as in tests). ``session``: a :class:`WorkshopSession` to show (default:
    a new one on ``store``).
    """

    def __init__(self, store: Any = None, *, join_url: str | None = None,
                 refresh_every: float = REFRESH_EVERY,
                 session: WorkshopSession | None = None) -> None:
        super().__init__()
        self.add_class("course-workshop-room")
        self.join_url = (join_url if join_url is not None
                         else settings.join_url()).rstrip("/")
        self.refresh_every = refresh_every
        self.session = session or WorkshopSession(store)
        self._poller: asyncio.Task | None = None
        self._closed = False
        self._shown_room: Room | None = None
        self._files_for: tuple[Any, ...] | None = None
        self.message = widgets.HTML("")
        self._build_choose()
        self._build_room()
        self._build_activity()
        self._build_round()
        self._build_record()
        # The projector: a link to the audience view (a second window: the room's code and QR
        # code while people join, the count, the answers, the speaker), and the same view in this
        # page for one screen (Projector mode: the audience view and the step's controls in one
        # row; the facilitator's views fold away).
        self.audience_link = widgets.HTML(audience_link_html(APP))
        self.audience_link.add_class("course-facilitator-only")
        self.audience_panel = ProjectorPanel(self.session, join_url=self.join_url)
        for part in (self.room_box, self.now_box, self.round_box, self.record_box):
            part.add_class("course-facilitator-only")
        # The panel last in the page (shown first, by CSS order): the laptop's own text comes
        # first for anything that reads the page in order.
        self.children = [self.audience_link, self.choose, self.room_box, self.activity_box,
                         self.message, self.take_over_box, self.round_box, self.record_box,
                         self.audience_panel]
        self.session.subscribe(self._show)
        # The spoken round's turns and seating change the room's record too.
        self.session.spoken.subscribe(lambda _s: self._update_record(self.session.state))
        self._show(self.session.state)
        lighten(self)  # one shared layout and style per kind (issue 27)

    # ================================================================ the session
    @property
    def store(self) -> Any:
        """The workshop record (``None`` when it cannot be opened)."""
        return self.session.keeper.store

    @property
    def room(self) -> Room | None:
        """The open room, as the session holds it."""
        return self.session.room.room

    @property
    def activity(self) -> Activity | None:
        """The room's latest question, as it stood when last read."""
        return self.session.room.activity

    # ================================================================ building
    def _build_choose(self) -> None:
        self.title = widgets.Text(description=_("New room's title:"), style=WIDE,
                                  placeholder=_("e.g. Taste of sociocracy, 12 May"),
                                  layout=widgets.Layout(width="100%", max_width="36em"))
        self.create = widgets.Button(description=_("Create a room"), button_style="primary",
                                     tooltip=_("Create a new room with its own code"))
        self.rooms = widgets.Dropdown(description=_("Earlier rooms:"), options=[], style=WIDE,
                                      layout=widgets.Layout(width="100%", max_width="36em"))
        self.resume = widgets.Button(description=_("Resume this room"),
                                     tooltip=_("Open the room chosen above again, with its record"))
        self.create.on_click(lambda _b: self.create_room(self.title.value))
        self.resume.on_click(lambda _b: self.open_room(self.rooms.value))
        self.choose = widgets.VBox([
            _heading(_("Your room")),
            widgets.HBox([self.title, self.create], layout=WRAP),
            widgets.HBox([self.rooms, self.resume], layout=WRAP),
        ])

    def _build_room(self) -> None:
        self.code = widgets.HTML("")
        self.qr = widgets.HTML("")
        self.joined = widgets.HTML("")
        self.refresh_button = widgets.Button(description=_("Refresh"),
                                             tooltip=_("Read who joined and who answered again"))
        self.other_room = widgets.Button(description=_("Choose another room"),
                                         tooltip=_("Leave this room (its record stays)"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.other_room.on_click(lambda _b: self.leave_room())
        self.take_over_button = widgets.Button(
            description=_("Take it over"), button_style="primary",
            tooltip=_("Run this room's spoken round from this screen (the other screen then "
                      "stops changing it)"))
        self.take_over_button.on_click(lambda _b: self.take_over())
        self.take_over_box = widgets.HBox([self.take_over_button])
        self.joining = widgets.HTML("")
        self.joining_button = widgets.Button(description=_("Close to new joins"),
                                             layout=widgets.Layout(width="auto"),
                                             tooltip=_("Phones can no longer join this room; "
                                                       "people in it go on answering"))
        self.joining_button.on_click(lambda _b: self.toggle_joining())
        self.remove_choice = PlaceholderMenu(
            _("Choose a person"), [], description=_("Remove someone:"), style=WIDE,
            layout=widgets.Layout(width="100%", max_width="30em"))
        self._removable: dict[str, int] = {}  # the menu's lines -> participants' numbers
        self.remove_button = widgets.Button(
            description=_("Remove from the room"), layout=widgets.Layout(width="auto"),
            tooltip=_("Their phone leaves the room; their answers are no longer counted, "
                      "revealed or exported (the record keeps that they were removed)"))
        self.remove_button.on_click(lambda _b: self.ask_to_remove())
        self.remove_choice.observe(lambda _c: self._removal_chosen(), names="value")
        # Removing cannot be undone, so the page asks first, naming the person the app is about
        # to remove: on a busy laptop a click can reach the app before the menu's last change.
        self.remove_question = widgets.HTML("")
        self.remove_yes = widgets.Button(description=_("Yes, remove"), button_style="danger",
                                         tooltip=_("Remove this person from the room"),
                                         layout=widgets.Layout(width="auto"))
        self.remove_no = widgets.Button(description=_("Cancel"), tooltip=_("Keep them in the room"),
                                        layout=widgets.Layout(width="auto"))
        self.remove_yes.on_click(lambda _b: self._confirm_removal())
        self.remove_no.on_click(lambda _b: self._cancel_removal())
        self.remove_confirm = widgets.VBox([self.remove_question,
                                            widgets.HBox([self.remove_yes, self.remove_no],
                                                         layout=WRAP)])
        _hide(self.remove_confirm, True)
        self._removing: int | None = None
        self.room_box = widgets.VBox([
            widgets.HBox([self.code, self.qr], layout=widgets.Layout(flex_flow="row wrap")),
            self.joined, widgets.HBox([self.refresh_button, self.other_room]),
            widgets.HBox([self.joining, self.joining_button], layout=WRAP),
            widgets.HBox([self.remove_choice, self.remove_button], layout=WRAP),
            self.remove_confirm,
        ])

    def _build_activity(self) -> None:
        self.kind = widgets.Dropdown(description=_("Activity:"), style=WIDE,
                                     layout=widgets.Layout(width="100%", max_width="34em"),
                                     options=[(_(label), kind)
                                              for label, kind, _hint in ACTIVITIES])
        self.prompt = widgets.Textarea(description=_("Prompt for the phones:"), style=WIDE, rows=2,
                                       layout=widgets.Layout(width="100%", max_width="44em"))
        self.open_button = widgets.Button(description=_("Open on the phones"),
                                          button_style="primary",
                                          tooltip=_("Show this activity on everyone's phone"))
        self.answered = widgets.HTML("")
        self.reveal_button = widgets.Button(description=_("Reveal all answers"),
                                            button_style="primary",
                                            tooltip=_("Show every answer at once; no more changes"))
        self.kind.observe(lambda _c: self._kind_changed(), names="value")
        self.open_button.on_click(lambda _b: self.open_activity(self.kind.value,
                                                                self.prompt.value))
        self.reveal_button.on_click(lambda _b: self.reveal())
        # What is open on the phones, then the form that opens the next silent step (kept in
        # Projector mode while no question is open: the facilitator types the next one there).
        self.now_box = widgets.VBox([_heading(_("On the phones now")), self.answered,
                                     self.reveal_button])
        self.ask_box = widgets.VBox([_heading(_("Open a silent step")),
                                     self.kind, self.prompt, self.open_button])
        self.activity_box = widgets.VBox([self.now_box, self.ask_box])
        self._kind_changed()

    def _build_round(self) -> None:
        self.answers = widgets.HTML("")
        # The next round starts from the room, so the panel offers no set-up of its own.
        self.round_panel = RoundFacilitator(save_button=False, show_minutes=False,
                                            session=self.session.spoken, embedded=True)
        self.round_box = widgets.VBox([self.answers, self.round_panel])

    def _build_record(self) -> None:
        self.markdown = DownloadLink(filename="room.md", mime="text/markdown")
        self.csv = DownloadLink(filename="room.csv", mime="text/csv")
        self.record_box = widgets.VBox([_heading(_("The room's record")),
                                        self.markdown, self.csv])

    # ================================================================ rooms
    def create_room(self, title: str) -> Room | None:
        """A new room (its code and QR code appear at once)."""
        if not self.session.create_room(title):
            self.title.value = ""
            self._start_polling()
        return self.room

    def open_room(self, code: str | None) -> Room | None:
        """Open a room from the record; an unfinished spoken round comes back where it was."""
        problem = self.session.open_room(code)
        self._start_polling()
        return None if problem else self.room

    def leave_room(self) -> None:
        self.session.leave_room()

    def open_activity(self, kind: str, prompt: str) -> Activity | None:
        """Show an activity on the phones (the one before it closes)."""
        return None if self.session.ask(kind, prompt) else self.activity

    def reveal(self) -> list[tuple[str, str]]:
        """Reveal every answer at once, then run the spoken round with them as its turns;
        returns (speaker, answer) in join order."""
        return [] if self.session.reveal() else list(self.session.state.answers)

    def toggle_joining(self) -> None:
        """Close the room to new joins, or (when closed) open it again for another day."""
        self.session.toggle_joining()

    def remove(self, participant_id: int | None) -> None:
        """Remove someone from the room (an event in the record: nothing is deleted)."""
        self._cancel_removal()
        self.session.remove(participant_id)

    def ask_to_remove(self) -> None:
        """"Remove from the room": ask first, naming whom (the menu's choice as the app has it)."""
        line = self.remove_choice.choice or ""
        number = self._removable.get(line)
        if number is None:
            self.session.remove(None)  # says "Choose who to remove first."
            return
        name = next((n for i, n, _w in self.session.state.people if i == number), line)
        self._removing = number
        self.remove_question.value = feedback_html(
            kind="error", headline=_("This cannot be undone."),
            body_html=html.escape(_(
                "Remove {name} from the room? Their phone is told, and their answers are no "
                "longer counted, revealed or exported.")).format(
                    name="<strong>" + html_text(name) + "</strong>"))
        self.remove_yes.description = _("Yes, remove {name}").format(name=name)[:60]
        _hide(self.remove_confirm, False)

    def _confirm_removal(self) -> None:
        number = self._removing
        if number is not None:
            self.remove(number)

    def _cancel_removal(self) -> None:
        self._removing = None
        _hide(self.remove_confirm, True)

    def _removal_chosen(self) -> None:
        """Another person chosen in the menu: a question about the one before no longer holds."""
        if self._removing is not None and self._removable.get(
                self.remove_choice.choice or "") != self._removing:
            self._cancel_removal()

    def take_over(self) -> None:
        """Run this room's spoken round from this screen."""
        self.session.take_over()

    def refresh(self) -> None:
        """Read who joined and how many answered (not what) from the record again."""
        self.session.refresh()

    # ================================================================ showing the state
    def _show(self, state: WorkshopState) -> None:
        """Redraw from the session's state (every widget value set only when it changed)."""
        has_room = state.room is not None
        if tuple(self.rooms.options) != state.rooms:
            self.rooms.options = list(state.rooms)
        self.resume.disabled = not state.rooms or bool(state.problem)
        self.create.disabled = bool(state.problem)
        code = state.room.code if state.room is not None else None
        if code in [known for _label, known in state.rooms]:
            self.rooms.value = code
        _hide(self.choose, has_room)
        _hide(self.room_box, not has_room)
        _hide(self.activity_box, not has_room)
        _hide(self.record_box, not has_room)
        _hide(self.round_box, not (has_room and state.revealed))
        _hide(self.round_panel, not state.has_round)  # never its own set-up form
        _hide(self.take_over_box, state.elsewhere is None and not state.taken_over)
        _hide(self.audience_link, not has_room)
        self._show_projector(state)
        self._show_message(state)
        if not has_room:
            self._shown_room = None
            return
        if state.room != self._shown_room:
            self._shown_room = state.room
            self.code.value = self._code_html(state.room)
            self.qr.value = self._qr_html(state.room)
        self._set(self.joined, self._joined_html(state))
        self._show_joining(state)
        self._set(self.answered, self._answered_html(state))
        self.reveal_button.disabled = not state.can_reveal
        self._set(self.answers, self._answers_html(state) if state.revealed else "")
        self._update_record(state)

    def _show_projector(self, state: WorkshopState) -> None:
        """Projector mode: the audience view, and the step's controls in one row under it; the
        form for the next silent step folds away while one is open or spoken."""
        row: tuple[widgets.Widget, ...] = ()
        running = state.has_round and state.spoken.step == "run"
        if state.can_reveal:
            row = (self.reveal_button,)
        elif state.revealed and state.has_round:
            row = self.round_panel.controls()
        if state.can_reveal or running:
            self.ask_box.add_class("course-facilitator-only")
        else:
            self.ask_box.remove_class("course-facilitator-only")
        self.audience_panel.controls(*row)
        self.audience_panel.draw()

    def _show_joining(self, state: WorkshopState) -> None:
        text = ("<p>" + html.escape(_("Taking new joins.")) + "</p>" if not state.joining else
                "<p role='status'><strong>" + html.escape(_("Not taking new joins:"))
                + f"</strong> {html.escape(state.joining)}</p>")
        self._set(self.joining, text)
        self.joining_button.description = (_("Open to new joins") if state.closed_to_joins
                                           else _("Close to new joins"))
        removable = {_("{name} (joined {when}, no. {number})").format(
                         name=name, when=when, number=number): number
                     for number, name, when in state.people}
        if removable != self._removable:
            self._removable = removable
            self.remove_choice.set_choices(list(removable))
        self.remove_button.disabled = not state.people

    def _show_message(self, state: WorkshopState) -> None:
        if state.problem:
            text = error_html(state.problem)
        elif state.message:
            text = error_html(state.message)
        elif state.notice[1]:
            headline, sentence = state.notice
            text = feedback_html(sentence, headline=headline, quote=False)
        else:
            text = ""
        self._set(self.message, text)

    @staticmethod
    def _set(widget: widgets.Widget, value: str) -> None:
        if widget.value != value:
            widget.value = value

    @staticmethod
    def _code_html(room: Room) -> str:
        label = html.escape(_("Room code"))
        return (f"<div class='course-room-code' style='margin-right:2em'>"
                f"<p style='margin:0;font-size:1.4em'>{html_text(room.title)}</p>"
                f"<p style='margin:.5em 0 0;font-size:1.3em'>{label}</p>"
                f"<p style='font-size:5em;font-weight:bold;letter-spacing:.12em;margin:0;"
                f"line-height:1.1;font-family:monospace'>{html.escape(room.code)}</p></div>")

    def _qr_html(self, room: Room) -> str:
        if not self.join_url:
            return feedback_html(
                settings.no_join_address(),
                headline=_("Phones cannot join yet."), quote=False)
        import segno

        link = room.join_link(self.join_url)
        uri = segno.make(link, error="m").svg_data_uri(scale=6, border=2)
        alt = _("QR code: scan it with a phone's camera to join room {code}").format(
            code=room.code)
        scan, then = _("Scan the code, or open"), _("and type the code {code}.")
        return (f"<div style='display:flex;gap:1.5em;align-items:center;flex-wrap:wrap'>"
                f"<img src='{html.escape(uri, quote=True)}' alt='{html.escape(alt, quote=True)}'"
                " width='240' height='240' style='image-rendering:pixelated'>"
                f"<div style='font-size:1.3em'><p>{html.escape(scan)}</p>"
                f"<p style='font-weight:bold;font-family:monospace;word-break:break-all'>"
                f"{html.escape(self.join_url)}</p>"
                "<p>" + html.escape(then).format(
                    code="<strong>" + html.escape(room.code) + "</strong>") + "</p></div>"
                "</div>")

    @staticmethod
    def _joined_html(state: WorkshopState) -> str:
        people = state.joined
        names = ", ".join(html_text(name) for name in people)
        count = f"<strong>{len(people)}</strong>"
        if people:
            said = html.escape(ngettext("{count} person has joined: {names}",
                                        "{count} people have joined: {names}", len(people)))
        else:
            said = html.escape(ngettext("{count} person has joined.", "{count} people have joined.",
                                        len(people)))
        return ("<p style='font-size:1.3em'>" + said.format(count=count, names=names)
                + "</p>")

    @staticmethod
    def _answered_html(state: WorkshopState) -> str:
        activity = state.activity
        if activity is None:
            return ("<p>" + html.escape(_("Nothing is open on the phones yet: open a silent step "
                                          "below.")) + "</p>")
        where = (_("revealed") if activity.revealed else _("closed") if activity.closed
                 else _("open on the phones"))
        prompt = f": “{html_text(activity.prompt)}”" if activity.prompt else ""
        answered = html.escape(_("{answered} of {joined} answered")).format(
            answered=f"<strong>{state.answered}", joined=f"{len(state.joined)}</strong>")
        return (f"<p><strong>{html.escape(activity.label)}</strong>{prompt} "
                f"({html.escape(where)})</p>"
                f"<p class='course-answered' style='font-size:1.6em' role='status'>"
                f"{answered}</p>")

    @staticmethod
    def _answers_html(state: WorkshopState) -> str:
        if not state.answers:
            return ("<h2>" + html.escape(_("The answers, revealed together")) + "</h2><p>"
                    + html.escape(_("Nobody answered.")) + "</p>")
        rows = "".join(f"<tr><td>{html_text(name)}</td><td>{html_text(note)}</td></tr>"
                       for name, note in state.answers)
        heading, caption = _("The answers, revealed together"), _("Written answers")
        who, answer = _("Who"), _("Answer")
        return (f"<h2>{html.escape(heading)}</h2>"
                f"<table class='course-round-turns'><caption>{html.escape(caption)}</caption>"
                f"<thead><tr><th scope='col'>{html.escape(who)}</th>"
                f"<th scope='col'>{html.escape(answer)}</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")

    def _update_record(self, state: WorkshopState) -> None:
        """The room's record to download, read again when a question was revealed."""
        spoken = state.spoken
        shown = (state.room, state.activity.id if state.activity else None, state.revealed,
                 spoken.step, spoken.participants, len(spoken.turns))
        if shown == self._files_for:
            return
        try:
            files = self.session.room_files()
        except CourseError as exc:
            self._set(self.message, error_html(exc.plain))
            return
        self._files_for = shown
        (md_name, _m, markdown), (csv_name, _c, csv) = files
        self.markdown.set(markdown, md_name, text=_("Download the room's record (Markdown)"))
        self.csv.set(csv, csv_name, text=_("Download the answers as a table (CSV)"))

    # ================================================================ refresh
    def _kind_changed(self) -> None:
        hints = {kind: hint for _label, kind, hint in ACTIVITIES}
        self.prompt.placeholder = _(hints[self.kind.value])

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
        self.session.close()
        self.round_panel.close()
        super().close()
