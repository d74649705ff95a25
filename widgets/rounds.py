"""Rounds in the course: the live ``RoundFacilitator`` (the lesson's ``AirtimeSimulator`` lives in
:mod:`.airtime`; importing this module loads neither numpy nor matplotlib).

``RoundFacilitator`` is the tool an ambassador projects in a workshop. Set-up: the participants
(one per line, reordered with "Move up"/"Move down"), the kind of round and its prompt, who
starts (and, in a consent round, who speaks last), an optional time limit per turn. Before the
first turn (also after "Reveal" from the phones, whose round comes in join order): the seating
order, as the room sits ("Move up"/"Move down", "Move to this place", "Start with", or names typed
in order), the session's rule. During the round: whose turn it is and who is next, a
per-speaker timer, a note per turn, "Next", "Pass"
(disabled, with the reason shown, where SoFA does not allow passing) and "Undo". At the end: a
summary with an airtime chart, and the minutes of every round completed on the page as Markdown
and CSV to download (and, in JupyterLab, to save beside the notebook).

The rules live in :class:`sociocracy.rounds.Round`; every button calls one of its methods and the
view is redrawn from it. Names and notes are shown with ``Label``/``Text`` widgets or escaped
before they reach HTML, so a name like ``<img src=x onerror=alert(1)>`` is shown as typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import textwrap
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.names import parse_names
from sociocracy.core.people_text import html_text
from sociocracy.rooms.screens import taken_over_sentence
from sociocracy.round_minutes import airtime_shares, format_seconds, shown_percent
from sociocracy.rounds import KINDS, ROUND_KINDS, Round
from sociocracy.seating import moved
from sociocracy.sessions.room_link import REFRESH_EVERY
from sociocracy.sessions.rounds import APP, RoundSession, RoundState

from .app_record import AppRecord
from .audience import ProjectorPanel, audience_link_html
from .charts import ChartView, new_figure
from .downloads import FileExport
from .feedback import error_html, feedback_html
from .looks import button_style, choice_style, hide, html_style, keep_own_style, lighten, text_style
from .palette import ACCENT, NEUTRAL, PROBLEM
from .people_text import PeopleLabel
from .timer import TurnTimer

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["APP", "RoundFacilitator"]

#: The "Speaks last" menu's value for nobody (its label is translated where shown).
NOBODY = N_("(nobody in particular)")
BIG = {"font_size": "2.2em", "font_weight": "bold"}  # readable on a projector


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


_hide = hide


def _row() -> widgets.Layout:
    return widgets.Layout(flex_flow="row wrap", align_items="flex-start")


class RoundFacilitator(widgets.VBox):
    """Run a round in a live meeting, then hand out its minutes.

    ``round`` is the :class:`~sociocracy.rounds.Round` in progress (``None`` before "Start").
    ``message`` shows anything the round refused, in the round's own words. ``save_button``
    is passed to :class:`FileExport` (``None``: shown in JupyterLab, hidden in Voila).
    ``show_minutes=False`` leaves out the minutes downloads (a tool that embeds the facilitator,
    like the consent decision, offers its own record instead).
    ``clock`` is where turn times come from (tests pass a fake one).
    ``embedded=True``: the round belongs to a larger session (a consent decision, a meeting, the
    workshop room's spoken round), which says which round comes next, so the set-up, "Back to
    set-up" and "New round" are not shown.

    ``record=True`` (the round facilitator app) keeps every round in the workshop record
    (:mod:`sociocracy.rooms`, or ``store``): each turn is written before the page shows it, a
    round cut short by a crash is offered for resuming when the app is opened again, and past
    rounds can be downloaded. Lessons and tools that embed the facilitator keep no record.

    Two hooks for tools that embed it (the workshop room): ``suggested_notes`` (name -> note put in
    the box when that person's turn comes, e.g. what they wrote on their phone), and ``on_turn``,
    called with the round after every turn taken or undone and *before* the page shows it: a
    tool records the step there (a store session), and if that raises a ``CourseError`` the move
    is taken back and the message shown, so the page never shows a turn the record lacks.
    """

    def __init__(self, participants: list[str] | None = None, *, kind: str = "check-in",
                 prompt: str = "", save_button: bool | None = None,
                 show_minutes: bool = True,
                 clock: Callable[[], float] = time.monotonic,
                 record: bool = False, store: Any = None,
                 session: RoundSession | None = None, embedded: bool = False) -> None:
        super().__init__()
        self.embedded = embedded
        self.add_class("course-round-facilitator")
        self.session = session or RoundSession(store=store, record=record)
        self.turn_timer = TurnTimer(clock)
        self._ticker: asyncio.Task | None = None
        self._acting = False  # this page's own click: it redraws itself, not through the feed
        self._held = False  # the turn's timer waits for "Start timer" (see _new_turn)
        self._build_setup(participants or [], kind, prompt)
        self._end_options = (save_button, show_minutes)
        self._running_built = False  # the round's and the end's views: built when first needed
        self._fold_in_projector = False  # see fold_in_projector
        self.message = widgets.HTML("")
        self.keeper = AppRecord(APP, "round", resume=self.resume, keeper=self.session.keeper,
                                on_taken_over=self._taken_over)
        # The projector: a link to the audience view (a second window), and the same view
        # inside this page for a single screen (shown only in Projector mode, with the step's
        # buttons in one row under it while the facilitator's own views fold away). Embedded,
        # the larger session's page shows its own.
        # Built only in the app (a lesson's page has no Projector mode to show it in).
        projected = self.session.keeper.record and not embedded
        self.audience_panel = ProjectorPanel(self.session) if projected else None
        self._top: list[widgets.Widget] = []
        self._last: list[widgets.Widget] = []  # the panel: last in the page, shown first (CSS)
        if self.audience_panel is not None:
            self.audience_link = widgets.HTML(audience_link_html(APP))
            self.audience_link.add_class("course-facilitator-only")
            self._top, self._last = [self.audience_link], [self.audience_panel]
        self.keeper.past_box.add_class("course-facilitator-only")
        self.children = [*self._top, self.keeper.resume_box, self.setup, self.message,
                         self.keeper.past_box, *self._last]
        self._names_changed()
        self._kind_changed()
        self._show("setup")
        self.session.subscribe(self._session_changed)
        _hide(self.phones_box, not self.session.keeper.record or embedded)
        self._show_phones()
        if self.round is not None and self.session.step != "setup":
            self._redraw_round()  # a view of a round already running (e.g. resumed) shows it
        if self.session.keeper.record:
            self.keeper.offer()
            if self.keeper.problem:
                self.message.value = self._note(self.keeper.problem)
            elif not embedded and self.session.pick_up():  # a question left on the phones
                self._show_phones()
        lighten(self)  # one shared layout and style per kind (issue 27)

    # ================================================================ the session
    @property
    def round(self) -> Round | None:
        """The round in progress (``None`` before "Start"), as the session holds it."""
        return self.session.round

    @round.setter
    def round(self, value: Round | None) -> None:
        self.session.round = value

    @property
    def history(self) -> list[Round]:
        """The rounds completed in this session, for the minutes."""
        return self.session.history

    @property
    def suggested_notes(self) -> dict[str, str]:
        """name -> the note put in the box when that person's turn comes (the session's)."""
        return self.session.suggested_notes

    @suggested_notes.setter
    def suggested_notes(self, notes: dict[str, str]) -> None:
        self.session.suggested_notes = notes

    @property
    def on_turn(self) -> Callable[[Round], None] | None:
        """The embedding session's hook (see :attr:`RoundSession.on_turn`)."""
        return self.session.on_turn

    @on_turn.setter
    def on_turn(self, hook: Callable[[Round], None] | None) -> None:
        self.session.on_turn = hook

    def _session_changed(self, state: RoundState) -> None:
        """A change this page did not make (another session attached a round, the round was
        taken over): redraw from the session."""
        if self.audience_panel is not None:
            self.audience_panel.draw()
        if self._acting:
            return
        if state.taken_over:
            self.message.value = self._note(state.message) if state.message else ""
            return
        if self.round is not None and state.step != "setup":
            self._redraw_round()

    def _taken_over(self) -> None:
        """Another screen runs the round now: this one stops its timer and its buttons."""
        self.turn_timer.pause()
        for button in (self.next, self.pass_button, self.undo, self.end_undo, self.pause):
            button.disabled = True
        self.message.value = self._note(taken_over_sentence(RoundSession.NOUN))

    # ================================================================ building
    #: What ``_build_running`` makes: reading any of them builds the round's and the end's views.
    _RUNNING_PARTS = frozenset({
        "again", "chart", "clock", "end", "end_undo", "heading", "history_note", "minutes",
        "next", "next_label", "note", "now", "now_label", "pass_button", "pass_reason", "pause",
        "progress", "run", "seating", "stop", "summary", "table", "timer_label", "turn_list",
        "undo", "up_next"})

    def __getattr__(self, name: str) -> Any:
        """The round's and the end's views (about 60 widget models a page would send for
        nothing until a round starts, issue 27) are built the first time one is read."""
        if name in RoundFacilitator._RUNNING_PARTS and not self.__dict__.get("_running_built",
                                                                              True):
            self._build_running()
            return object.__getattribute__(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _build_running(self) -> None:
        """Build the views of a round in progress and of its end, and place them after the
        set-up."""
        self._running_built = True
        self._build_run()
        self._build_end(*self._end_options)
        if self.embedded:  # a larger session starts its rounds: no set-up to go back to
            _hide(self.again, True)
            _hide(self.stop, True)
        _hide(self.run, True)
        _hide(self.end, True)
        if self.audience_panel is not None or self._fold_in_projector:
            self.fold_in_projector()
        self.children = [*self._top, self.keeper.resume_box, self.setup, self.run, self.end,
                         self.message, self.keeper.past_box, *self._last]

    def fold_in_projector(self) -> None:
        """In Projector mode, leave the round's own views to a projector panel whose row of
        buttons stands in for them: this view's own, or the page's that embeds it (the
        consent decision's). A meeting keeps them: its panel has no row."""
        self._fold_in_projector = True
        if self.__dict__.get("_running_built"):
            for part in (self.run, self.end):
                part.add_class("course-facilitator-only")

    def _build_setup(self, participants: list[str], kind: str, prompt: str) -> None:
        wide = {"description_width": "9em"}
        self.names = widgets.Textarea(
            value="\n".join(participants), description=_("Participants:"),
            placeholder=_("One name per line"), rows=6, style=wide,
            layout=widgets.Layout(width="32em"),
        )
        self.order = widgets.Select(options=[], description=_("Seating order:"), rows=6,
                                    style=wide, layout=widgets.Layout(width="32em"))
        self.move_up = widgets.Button(description=_("Move up"),
                                      tooltip=_("Move the selected person one place earlier"))
        self.move_down = widgets.Button(description=_("Move down"),
                                        tooltip=_("Move the selected person one place later"))
        self.kind = widgets.Dropdown(options=[(ROUND_KINDS[k].label, k) for k in KINDS],
                                     value=kind, description=_("Kind of round:"), style=wide)
        self.kind_help = widgets.HTML("")
        self.kind_help.add_class("course-room-hide")
        self.prompt = widgets.Text(value=prompt, description=_("Prompt:"), style=wide,
                                   placeholder=_("e.g. How are you arriving today?"),
                                   layout=widgets.Layout(width="40em"))
        self.first = widgets.Dropdown(options=[], description=_("Who starts:"), style=wide)
        self.last = widgets.Dropdown(options=[(_(NOBODY), NOBODY)], value=NOBODY, style=wide,
                                     description=_("Speaks last:"),
                                     tooltip=_("In a selection's consent round, the nominee"),
                                     layout=widgets.Layout(width="26em"))
        self.limit = widgets.BoundedIntText(value=0, min=0, max=3600, step=15, style=wide,
                                            description=_("Time limit (s):"),
                                            tooltip=_("Seconds per turn; 0 means no limit"))
        self.limit_help = widgets.Label(_("Seconds per turn; 0 means no limit."))
        self.start = widgets.Button(description=_("Start the round"), button_style="primary",
                                    tooltip=_("Start the round with these settings"))
        self._first_chosen, self._syncing = False, False
        self.first.observe(self._first_picked, names="value")
        self.names.observe(lambda _c: self._names_changed(), names="value")
        self.kind.observe(lambda _c: self._kind_changed(), names="value")
        self.move_up.on_click(lambda _b: self._move(-1))
        self.move_down.on_click(lambda _b: self._move(+1))
        self.start.on_click(lambda _b: self.start_round())
        self._build_phones()
        self.setup = widgets.VBox([
            widgets.HTML("<h2>{}</h2>".format(_("Set up the round"))),
            self.names, widgets.HBox([self.order, widgets.VBox([self.move_up, self.move_down])]),
            self.kind, self.kind_help, self.prompt, self.first, self.last,
            widgets.HBox([self.limit, self.limit_help]), self.start, self.phones_box,
        ])

    def _build_phones(self) -> None:
        """Phones write first: the prompt goes to the workshop room, the answers come back as
        the turns' notes (only in the app, which keeps the workshop record)."""
        self.ask_phones_button = widgets.Button(
            description=_("Ask the phones"), layout=widgets.Layout(width="auto"),
            tooltip=_("Show this round's prompt on the phones of the workshop room; people "
                      "write their words first, in silence"))
        self.phones_count = widgets.HTML("")
        self.reveal_phones_button = widgets.Button(
            description=_("Reveal"), button_style="primary", layout=widgets.Layout(width="auto"),
            tooltip=_("Show every phone's answer at once and start the round with them as the "
                      "notes (with no names above, the round is the people who answered)"))
        self.ask_phones_button.on_click(lambda _b: self.ask_phones())
        self.reveal_phones_button.on_click(lambda _b: self.reveal_phones())
        self.phones_box = widgets.VBox([
            widgets.HTML("<h3>{}</h3>".format(_("Written first, on the phones"))),
            widgets.HBox([self.ask_phones_button, self.phones_count, self.reveal_phones_button],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center"))])
        # Kept in Projector mode: the set-up's form is how the facilitator asks the phones (the
        # room sees the count in the audience view above it).
        self._phones_poll: asyncio.Task | None = None

    def _build_run(self) -> None:
        self.heading = widgets.HTML("")
        self.now_label = widgets.Label(_("Now speaking:"))
        self.now = PeopleLabel("", style=BIG)  # names are never typeset as math
        self.now.add_class("course-round-current")  # wraps: a long name never covers the label
        self.next_label = widgets.Label(_("Next:"))
        self.up_next = PeopleLabel("", style={"font_size": "1.2em"})
        self.up_next.add_class("course-wrap")
        self.progress = widgets.Label("")
        self.timer_label = widgets.Label(_("Time for this turn:"))
        self.clock = keep_own_style(widgets.Label("0:00", style={"font_size": "1.4em"}))
        self.pause = widgets.Button(description=_("Pause timer"),
                                    tooltip=_("Pause or resume this person's timer"))
        self.pause.add_class("course-timer-toggle")
        self.note = widgets.Textarea(description=_("Note for this turn:"), rows=2,
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="40em"))
        self.next = widgets.Button(description=_("Next"), button_style="primary",
                                   tooltip=_("Record this turn (with its note) and go to the "
                                             "next person"))
        self.pass_button = widgets.Button(description=_("Pass"),
                                          tooltip=_("This person passes"))
        self.pass_reason = widgets.HTML("")
        self.pass_reason.add_class("course-pass-reason")
        self.undo = widgets.Button(description=_("Undo"),
                                   tooltip=_("Take the last turn back"))
        self.stop = widgets.Button(description=_("Back to set-up"),
                                   tooltip=_("Leave this round and change the settings"))
        self.turn_list = widgets.HTML("")
        self.pause.on_click(lambda _b: self.toggle_timer())
        self.next.on_click(lambda _b: self.speak())
        self.pass_button.on_click(lambda _b: self.pass_turn())
        self.undo.on_click(lambda _b: self.undo_turn())
        self.stop.on_click(lambda _b: self._back_to_setup())
        speaker = widgets.VBox([self.now_label, self.now])
        speaker.add_class("course-room-big")
        up_next = widgets.HBox([self.next_label, self.up_next, self.progress],
                               layout=widgets.Layout(align_items="baseline"))
        up_next.add_class("course-room-next")
        self.heading.add_class("course-room-big")
        self.turn_list.add_class("course-room-hide")
        self._build_seating()
        self.run = widgets.VBox([
            self.heading, speaker, up_next, self.seating,
            widgets.HBox([self.timer_label, self.clock, self.pause],
                         layout=widgets.Layout(align_items="center")),
            self.note,
            widgets.HBox([self.next, self.pass_button, self.undo, self.stop]),
            self.pass_reason, self.turn_list,
        ])

    def _build_seating(self) -> None:
        """Before the first turn: the speaking order as the room sits (the session's rule; this
        only shows the order and forwards the moves). Hidden once someone has spoken; its
        controls are made the first time a round can be seated (a page pays at start-up for
        every widget model, and lessons never seat a round)."""
        self.seating = widgets.VBox()
        self.seating.add_class("course-room-hide")  # the facilitator's, not the room's
        self.seating.add_class("course-seating")
        _hide(self.seating, True)
        self._seat_syncing = False

    def _build_seating_controls(self) -> None:
        wide = choice_style("9em")
        self.seat_list = widgets.Select(options=[], description=_("Speaking order:"), rows=6,
                                        style=wide,
                                        layout=widgets.Layout(width="100%", max_width="26em"))
        self.seat_up = widgets.Button(description=_("Move up"), style=button_style(),
                                      tooltip=_("Move the selected person one place earlier"))
        self.seat_down = widgets.Button(description=_("Move down"), style=button_style(),
                                        tooltip=_("Move the selected person one place later"))
        self.seat_place = widgets.BoundedIntText(value=1, min=1, max=1,
                                                 description=_("To place:"),
                                                 style=choice_style(),
                                                 layout=widgets.Layout(width="9em"))
        self.seat_move = widgets.Button(description=_("Move to this place"),
                                        style=button_style(),
                                        tooltip=_("Move the selected person to the place "
                                                  "given (1 speaks first)"))
        self.seat_first = widgets.Dropdown(options=[], description=_("Start with:"), style=wide,
                                           layout=widgets.Layout(width="100%",
                                                                 max_width="26em"))
        self.seat_text = widgets.Textarea(
            description=_("Names in order:"), rows=3, style=text_style("9em"),
            placeholder=_("One name per line; people not typed follow in their order"),
            layout=widgets.Layout(width="100%", max_width="32em"))
        self.seat_use = widgets.Button(description=_("Use this order"), style=button_style(),
                                       tooltip=_("Put the names typed first, in the order "
                                                 "typed"))
        self.seat_up.on_click(lambda _b: self._seat(lambda name: self.session.move_by(name, -1)))
        self.seat_down.on_click(lambda _b: self._seat(lambda name: self.session.move_by(name, 1)))
        self.seat_move.on_click(lambda _b: self._seat(
            lambda name: self.session.move(name, self.seat_place.value)))
        self.seat_use.on_click(lambda _b: self.seat_by_text())
        self.seat_first.observe(lambda _c: self.start_with(), names="value")
        self.seating.children = [
            widgets.HTML("<h3>{}</h3><p>{}</p>".format(
                _("Seating order"),
                _("Before anyone speaks, set the order as the room sits: the round goes down "
                  "this list. It is fixed once the first person has spoken.")),
                style=html_style()),
            widgets.HBox([self.seat_list,
                          widgets.VBox([widgets.HBox([self.seat_up, self.seat_down],
                                                     layout=_row()),
                                        widgets.HBox([self.seat_place, self.seat_move],
                                                     layout=_row())])],
                         layout=_row()),
            self.seat_first,
            widgets.HBox([self.seat_text, self.seat_use], layout=_row()),
        ]

    # ---- the seating order: show the session's, forward the moves
    def _seat(self, move: Callable[[str], str]) -> None:
        name = self.seat_list.value
        if name is None:
            self.message.value = self._note(_("Select a person in the speaking order first."))
            return
        with self._own_click():
            problem = move(name)
        self._after_seating(problem, keep=name)

    def start_with(self, name: str | None = None) -> None:
        """"Start with ...": the round goes round from this person (the drop-down's choice)."""
        chosen = name if name is not None else self.seat_first.value
        if self._seat_syncing or chosen is None:
            return
        with self._own_click():
            problem = self.session.start_with(chosen)
        self._after_seating(problem, keep=chosen)

    def seat_by_text(self) -> None:
        """"Use this order": the names typed come first, in the order typed."""
        with self._own_click():
            problem = self.session.seat_by_text(self.seat_text.value)
        if not self._after_seating(problem):
            self.seat_text.value = ""

    def _after_seating(self, problem: str, keep: str | None = None) -> str:
        """Redraw after a move (the first speaker and the note may have changed)."""
        if problem:
            self.message.value = self._note(problem)
            return problem
        self.message.value = ""
        self._refresh()
        self._new_turn(held=True)  # reseating is not the first speaker's time
        if keep is not None and keep in self.seat_list.options:
            self.seat_list.value = keep
        return ""

    def _show_seating(self) -> None:
        state = self.session.state
        _hide(self.seating, not state.can_reseat)
        if not state.can_reseat:
            return
        if not self.seating.children:
            self._seat_syncing = True
            try:
                self._build_seating_controls()
            finally:
                self._seat_syncing = False
        order = list(state.participants)
        self._seat_syncing = True
        try:
            if list(self.seat_list.options) != order:
                chosen = self.seat_list.value
                self.seat_list.options = order
                self.seat_list.value = chosen if chosen in order else None
            self.seat_list.rows = min(max(len(order), 2), 10)
            if list(self.seat_first.options) != order:
                self.seat_first.options = order
            self.seat_first.value = order[0] if order else None
            self.seat_place.max = max(len(order), 1)
        finally:
            self._seat_syncing = False

    def _build_end(self, save_button: bool | None, show_minutes: bool = True) -> None:
        self.summary = widgets.HTML("")
        self.chart = ChartView()
        self.minutes = FileExport("round-minutes.md", "text/markdown", what=_("minutes"),
                                  save_button=save_button)
        self.table = FileExport("round-turns.csv", "text/csv", what=_("table of turns"),
                                save_button=save_button)
        self.end_undo = widgets.Button(description=_("Undo last turn"),
                                       layout=widgets.Layout(width="auto"),
                                       tooltip=_("Take the last turn back and continue the "
                                                 "round"))
        self.again = widgets.Button(description=_("New round, same people"),
                                    layout=widgets.Layout(width="auto"),
                                    button_style="primary",
                                    tooltip=_("Set up another round with the same participants"))
        self.end_undo.on_click(lambda _b: self.undo_turn())
        self.again.on_click(lambda _b: self._back_to_setup())
        self.history_note = widgets.Label("")
        minutes = [widgets.HTML("<h3>{}</h3>".format(_("Minutes to hand out"))), self.history_note,
                   self.minutes, self.table] if show_minutes else []
        self.end = widgets.VBox([
            widgets.HTML("<h2>{}</h2>".format(_("The round is complete"))), self.summary,
            self.chart,
            *minutes,
            widgets.HBox([self.end_undo, self.again]),
        ])

    # ================================================================ set-up
    @property
    def participants(self) -> list[str]:
        """Names from the participants box, in seating order, read by the course's one rule
        (:func:`sociocracy.core.names.parse_names`: lines or commas, spaces tidied, no duplicates).
        """
        return parse_names(self.names.value, "participant")

    def _names_changed(self) -> None:
        try:
            names = self.participants
        except CourseError as exc:
            self.message.value = self._note(exc.plain)
            return
        if self.round is None:
            self.message.value = ""
        selected = self.order.value
        self.order.options = names
        self.order.value = selected if selected in names else None
        # "Who starts" follows the seating order until the facilitator picks someone.
        first = self.first.value if self._first_chosen else None
        self._syncing = True
        self.first.options = names
        self.first.value = first if first in names else (names[0] if names else None)
        self._syncing = False
        last = self.last.value
        self.last.options = [(_(NOBODY), NOBODY), *((name, name) for name in names)]
        self.last.value = last if last in names else NOBODY
        self.start.disabled = not names

    def _first_picked(self, change: dict) -> None:
        if not self._syncing:
            self._first_chosen = change["new"] is not None

    def _kind_changed(self) -> None:
        rule = ROUND_KINDS[self.kind.value]
        self.kind_help.value = "<p>{}</p>".format(
            _("{purpose} Passing is <strong>{passing}</strong>: {why}").format(
                purpose=html.escape(rule.purpose), passing=html.escape(rule.passing_label),
                why=html.escape(rule.why)))
        _hide(self.last, self.kind.value != "consent")
        if self.kind.value != "consent":
            self.last.value = NOBODY

    def _move(self, step: int) -> None:
        names, chosen = list(self.order.options), self.order.value
        if chosen not in names:
            self.message.value = self._note(_("Select a person in the seating order first."))
            return
        place = names.index(chosen) + 1 + step
        self.names.value = "\n".join(moved(names, chosen, place))
        self.order.value = chosen
        self.message.value = ""

    def start_round(self) -> Round | None:
        """Start a round from the set-up; shows the reason instead if the round refuses."""
        return self._start_from_setup(self.session.start)

    def _start_from_setup(self, start: Callable[..., str], *,
                          phones: bool = False) -> Round | None:
        """Start a round with the set-up's kind, people, first and last speaker and prompt,
        through ``start`` (the session's ``start``, or ``reveal_phones`` with ``phones``: the
        count is redrawn and the set-up shows the round's people); shows the reason instead when
        nothing started."""
        last = None if self.last.value in (None, NOBODY) else self.last.value
        try:
            participants = self.participants
        except CourseError as exc:
            self.message.value = self._note(exc.plain)
            return None
        before = self.round
        with self._own_click():
            problem = start(self.kind.value, participants, self.first.value,
                            prompt=self.prompt.value, last=last)
        if phones:
            self._show_phones()
        if self.round is before:  # refused: the round was not started
            self.message.value = self._note(problem)
            return None
        rnd = self.round
        assert rnd is not None
        if phones:
            self.names.value = "\n".join(rnd.participants)
        self._redraw_round()
        self.keeper.keep_beating()
        self.keeper.refresh_past()
        if problem:
            self.message.value = self._note(problem)
        return rnd

    # ================================================================ the phones
    def ask_phones(self) -> None:
        """"Ask the phones": the round's prompt goes to the workshop room's phones."""
        with self._own_click():
            problem = self.session.ask_phones(self.kind.value, self.prompt.value)
        self.message.value = self._note(problem) if problem else ""
        self._show_phones()

    def refresh_phones(self) -> None:
        """Count the phones' answers again (every second while they are asked)."""
        with self._own_click():
            self.session.phones()
        self._show_phones()

    def reveal_phones(self) -> Round | None:
        """"Reveal": every phone's answer at once; the round starts with them as the notes."""
        return self._start_from_setup(self.session.reveal_phones, phones=True)

    def _show_phones(self) -> None:
        state = self.session.state
        self.phones_count.value = (
            "<p class='course-answered' role='status'>{}</p>".format(
                _("<strong>{answered} of {joined}</strong> answered").format(
                    answered=state.answered, joined=state.joined)) if state.asked else "")
        self.reveal_phones_button.disabled = not state.asked
        if state.asked:
            self._poll_phones()

    def _poll_phones(self) -> None:
        """Refresh the count every second on the kernel's loop while the phones are asked."""
        if self._phones_poll is not None and not self._phones_poll.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python (tests): counted on each click
            return
        self._phones_poll = loop.create_task(self._count_every(REFRESH_EVERY))

    async def _count_every(self, seconds: float) -> None:
        while self.session.state.asked and self.comm is not None:
            await asyncio.sleep(seconds)
            if self.session.state.asked:
                self.refresh_phones()

    def resume(self, session: Any) -> bool:
        """Continue a round from the workshop record (what "Resume it" and "Take it over" do;
        the screen already holds ``session``)."""
        with self._own_click():
            problem = self.session._restore(session)
        if problem:
            self.message.value = self._note(problem)
            return False
        rnd = self.session.round
        assert rnd is not None
        self.names.value = "\n".join(rnd.participants)
        self._names_changed()
        self.kind.value = rnd.kind
        self.prompt.value = rnd.prompt
        self.first.value = rnd.first
        self._first_chosen = True
        self._redraw_round()
        turns = len(rnd.turns)
        said = ngettext("{count} turn was in the record.", "{count} turns were in the record.",
                        turns).format(count=turns)
        if rnd.current:
            said += " " + _("It is {name}'s turn.").format(name=rnd.current)
        self.message.value = feedback_html(said, kind="neutral", headline=_("Resumed."),
                                           quote=False)
        return True

    def attach(self, rnd: Round) -> Round:
        """Run ``rnd``, a round owned by a larger process (e.g. the consent process).

        The round is shown as it stands (turns already taken included), from its current turn.
        """
        with self._own_click():
            self.session.attach(rnd)
        self._redraw_round()
        return rnd

    def _redraw_round(self) -> None:
        """Show the session's round from its current turn (a fresh note and timer)."""
        self.message.value = ""
        for button in (self.next, self.end_undo, self.pause):
            button.disabled = False
        self.heading.value = self._heading_html()
        self._new_turn()
        if self.session.step == "end":
            self._finish()
        else:
            self._show("run")
            self._refresh()

    # ================================================================ the round
    def speak(self) -> None:
        """"Next": the current person spoke; record the note and the time, move on."""
        self._act(lambda: self.session.speak(self.note.value, self._seconds()))

    def pass_turn(self) -> None:
        """"Pass": refused with the reason where the kind of round does not allow it."""
        self._act(lambda: self.session.pass_turn(self._seconds()))

    def undo_turn(self) -> None:
        """"Undo": the last person has the turn again, with their note back in the box."""
        if self.round is None:
            return
        with self._own_click():
            problem, turn = self.session.undo()
        if turn is None:
            self.message.value = self._note(problem)
            return
        self.message.value = ""
        self._new_turn(note=turn.note, already=turn.seconds or 0.0)
        self._show("run")
        self._refresh()

    def _act(self, move: Callable[[], str]) -> None:
        if self.round is None:
            self.message.value = self._note(_("Start the round first."))
            return
        taken = len(self.round.turns)
        with self._own_click():
            problem = move()
        if len(self.round.turns) == taken:  # refused: nothing changed
            self.message.value = self._note(problem)
            return
        self.message.value = self._note(problem) if problem else ""  # a discouraged pass
        if self.session.step == "end":
            self._new_turn()
            self._finish()
        else:
            self._refresh()  # the next name first: it is what the room is waiting for
            self._new_turn()

    @contextlib.contextmanager
    def _own_click(self) -> Iterator[None]:
        self._acting = True
        try:
            yield
        finally:
            self._acting = False

    def _seconds(self) -> float | None:
        """The turn's time; ``None`` (untimed) when its timer never started (held after the
        seating changed, and the facilitator did not press "Start timer")."""
        if self._held:
            return None
        return round(self.turn_timer.elapsed, 1)

    def toggle_timer(self) -> None:
        """Pause the current speaker's timer, or resume (or start) it."""
        if self.turn_timer.running:
            self.turn_timer.pause()
        else:
            self.turn_timer.resume()
            self._held = False
        self.pause.description = _("Pause timer") if self.turn_timer.running \
            else _("Resume timer")
        self._tick()

    def _new_turn(self, note: str = "", already: float = 0.0, *, held: bool = False) -> None:
        """A fresh note and timer for the current turn. ``held``: the timer waits at 0:00 for
        "Start timer" (after the seating changed: the time spent reseating is nobody's turn)."""
        current = self.round.current if self.round is not None else None
        self.note.value = note or self.suggested_notes.get(current or "", "")
        running = self.round is not None and not self.round.is_complete
        self._held = running and held
        self.turn_timer.reset(running=running and not held, already=already)
        self.pause.description = _("Start timer") if self._held else _("Pause timer")
        self._tick()
        if running:
            self._start_ticker()

    def _start_ticker(self) -> None:
        """Refresh the clock once a second while the kernel's event loop runs (Jupyter, Voila)."""
        if self._ticker is not None and not self._ticker.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): the clock updates on events
            return
        self._ticker = loop.create_task(self._tick_every_second())

    async def _tick_every_second(self) -> None:
        while self.round is not None and not self.round.is_complete:
            await asyncio.sleep(1)
            if self.turn_timer.running:
                self._tick()

    def close(self) -> None:
        for task in (self._ticker, self._phones_poll):
            if task is not None:
                task.cancel()
        self.keeper.close()
        super().close()

    def _tick(self) -> None:
        if self._held:
            self.clock.value = _("0:00 (press Start timer when the first person begins)")
            self.clock.style.text_color = None
            return
        limit = self.limit.value
        elapsed = self.turn_timer.elapsed
        if limit and elapsed >= limit:
            self.clock.value = _("{time}: time is up (limit {limit})").format(
                time=_clock(elapsed), limit=_clock(limit))
            self.clock.style.text_color = PROBLEM
        else:
            self.clock.value = (_("{time} of {limit}").format(time=_clock(elapsed),
                                                               limit=_clock(limit))
                                if limit else _clock(elapsed))
            self.clock.style.text_color = None

    def _refresh(self) -> None:
        r = self.round
        if r is None:
            return
        self.now.value = r.current or ""
        self.up_next.value = r.next_speaker or _("(nobody: this is the last turn)")
        self.progress.value = _("(turn {number} of {total})").format(number=len(r.turns) + 1,
                                                                     total=len(r.order))
        self.pass_button.disabled = not r.can_pass
        self.pass_reason.value = "" if r.can_pass else (
            f"<p>{html.escape(r.pass_blocked_reason, quote=False)}</p>")
        self.undo.disabled = not r.turns
        self.turn_list.value = self._turns_html()
        self._show_seating()

    def _finish(self) -> None:
        r = self.round
        assert r is not None
        self.turn_timer.pause()
        passes = sum(turn.passed for turn in r.turns)
        total = sum(r.airtime().values())
        summary = (ngettext("{turns} turns, {passes} pass, {time} of speaking in all.",
                            "{turns} turns, {passes} passes, {time} of speaking in all.", passes)
                   if total else
                   ngettext("{turns} turns, {passes} pass.", "{turns} turns, {passes} passes.",
                            passes))
        self.summary.value = (
            "<p>{}</p>".format(summary.format(turns=len(r.turns), passes=passes,
                                              time=format_seconds(total)))
            + self._turns_html(_("Turns"))
        )
        self._draw_airtime()
        self._update_exports()
        self._show("end")
        self.keeper.refresh_past()

    def _back_to_setup(self) -> None:
        with self._own_click():
            self.session.back_to_setup()
        self._show("setup")

    # ================================================================ output
    def _show(self, part: str) -> None:
        _hide(self.setup, part != "setup" or self.embedded)
        if self._running_built or part != "setup":
            _hide(self.run, part != "run")
            _hide(self.end, part != "end")
        if self.audience_panel is not None:
            self.audience_panel.controls(*self.controls(part))
            self.audience_panel.draw()
        if part != "run":
            self.turn_timer.pause()

    def controls(self, part: str | None = None) -> tuple[widgets.Widget, ...]:
        """The buttons that run ``part`` of the round ("run", "end"; default: the session's
        step), for the one row of Projector mode (the set-up keeps its form)."""
        if part is None:
            part = self.session.step if self.round is not None else "setup"
        if part == "run":
            buttons = [self.next, self.pass_button, self.undo]
            return (*buttons, self.stop) if not self.embedded else tuple(buttons)
        if part == "end":
            return (self.end_undo, self.again) if not self.embedded else (self.end_undo,)
        return ()

    def _heading_html(self) -> str:
        r = self.round
        assert r is not None
        style = "font-size:1.3em"
        prompt = (f"<p class='course-round-prompt' style='{style}'>“{html_text(r.prompt)}”</p>"
                  if r.prompt else "")
        return f"<h2>{html.escape(r.rule.label)}</h2>{prompt}"

    @staticmethod
    def _note(text: str) -> str:
        return error_html(text)

    def _turns_html(self, caption: str | None = None) -> str:
        r = self.round
        if r is None or not r.turns:
            return ""
        caption = _("Turns so far") if caption is None else caption
        passed = "<em>{}</em>".format(_("passed"))
        rows = []
        for number, turn in enumerate(r.turns, start=1):
            said = passed if turn.passed else html_text(turn.note or "–")
            time = format_seconds(turn.seconds) if turn.seconds is not None else ""
            rows.append(f"<tr><td>{number}</td><td>{html_text(turn.who)}</td>"
                        f"<td>{said}</td><td>{time}</td></tr>")
        who, note, time_head = _("Who"), _("Note"), _("Time")
        return (f"<table class='course-round-turns'><caption>{caption}</caption>"
                f"<thead><tr><th scope='col'>#</th><th scope='col'>{who}</th>"
                f"<th scope='col'>{note}</th><th scope='col'>{time_head}</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def minutes_markdown(self) -> str:
        """The minutes as offered for download: every round completed on this page, in order."""
        return self.session.minutes_markdown()

    def _update_exports(self) -> None:
        count = len(self.history)
        stem = f"rounds-{dt.date.today().isoformat()}"
        self.minutes.set(self.minutes_markdown(), f"{stem}-minutes.md",
                         text=_("Download the minutes (Markdown)"))
        self.table.set(self.session.turns_csv(), f"{stem}-turns.csv",
                       text=_("Download the turns as a table (CSV)"))
        self.history_note.value = (
            _("These minutes hold the round just completed.") if count == 1 else
            _("These minutes hold all {count} rounds completed on this page, in order.").format(
                count=count))

    def _draw_airtime(self) -> None:
        r = self.round
        assert r is not None
        airtime = r.airtime()
        names, seconds = list(airtime), list(airtime.values())
        total = sum(seconds)
        passed = {turn.who for turn in r.turns if turn.passed}
        shares = airtime_shares(airtime)
        if total:
            alt = _("Bar chart of seconds spoken per person: {people}").format(people="; ".join(
                f"{name} {format_seconds(s)} ({shown_percent(shares[name] or 0)})"
                for name, s in airtime.items()))
        else:
            alt = _("Bar chart of seconds spoken per person, empty because no turn was timed: "
                    "{people}").format(people="; ".join(
                        _("{name} passed").format(name=name) if name in passed else
                        _("{name} spoke").format(name=name) for name in names))
        self.chart.draw(draw_round_airtime, names, seconds, sorted(passed),
                        xlabel=_("Seconds spoken"), title=_("Airtime in this round"), alt=alt)


def draw_round_airtime(names: list[str], seconds: list[float], passed: list[str], *,
                       xlabel: str = "Seconds spoken",
                       title: str = "Airtime in this round") -> Figure:
    """Horizontal bars of seconds spoken per person in a round; who passed is greyed.

    The axis label and the title come in the page's language from the caller: they are part of
    the chart's key (:mod:`.chart_cache`), so a Spanish page never gets an English chart kept
    from an English one."""
    # Long names wrap onto several lines, so the plot keeps its width and the title its words.
    shown = ["\n".join(textwrap.wrap(name, 16, break_long_words=True)) or name for name in names]
    lines = sum(label.count("\n") + 1 for label in shown)
    fig = new_figure(height=0.42 * lines + 0.3 * len(names) + 1.3)
    ax = fig.subplots()
    colours = [NEUTRAL if name in passed else ACCENT for name in names]
    ax.barh(range(len(names)), seconds, color=colours, edgecolor="black", linewidth=0.5)
    # Matplotlib draws text, never HTML; "$" is escaped so it is not read as a formula.
    ax.set_yticks(range(len(names)), [label.replace("$", r"\$") for label in shown])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    fig.suptitle(title)  # over the whole figure: never clipped
    return fig
