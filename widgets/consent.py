"""The live ``ConsentFacilitator`` (``ToleranceExplorer`` and ``ObjectionSorter``, the lessons'
other consent widgets, live in their own modules: importing this one loads neither numpy nor
matplotlib).

``ConsentFacilitator`` is the workshop tool an ambassador projects while a circle decides. It is
a view of a :class:`sociocracy.sessions.ConsentSession`, which owns the consent process, its
record and its rounds: the page shows the session's state and forwards each click to one of its
actions (event -> session action -> redraw from the state); every rule (what comes next, which
answers a consent round takes, what is kept) lives in the session and the library. In the
consent app (``record=True``), the consent round's answers may come from the phones of the
workshop's room ("Ask the phones", "N of M answered", "Reveal"). Text typed by people (proposal,
names, reasons) only reaches the page through ``html.escape`` or a ``Label``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from sociocracy.consent import PROMPTS, STEPS
from sociocracy.core.language import N_, _
from sociocracy.core.people_text import html_text
from sociocracy.rooms.screens import taken_over_sentence
from sociocracy.round_minutes import shown_date
from sociocracy.sessions.consent import APP, ConsentSession, ConsentState, step_label
from sociocracy.sessions.room_link import REFRESH_EVERY

from .app_record import AppRecord
from .audience import ProjectorPanel, audience_link_html
from .downloads import FileExport
from .feedback import error_html, feedback_html, integrated_objections_html
from .looks import hide, lighten
from .markdown_preview import markdown_to_html
from .palette import ACCENT
from .room_panel import RoomPanel
from .rounds import RoundFacilitator

if TYPE_CHECKING:
    from sociocracy.consent import ConsentProcess

__all__ = ["APP", "ConsentFacilitator"]

#: The strategies' names in the menu (English; translated where shown).
STRATEGY_LABELS = {"amend": N_("Amend the proposal"), "shorten-term": N_("Shorten the term"),
                   "measure": N_("Measure the concern"),
                   "helping-circle": N_("Postpone: form a helping circle")}
_LABEL_STYLE = {"description_width": "10em"}


def _wide() -> widgets.Layout:
    """A fresh full-width layout (a layout shared between widgets would change them all)."""
    return widgets.Layout(width="98%")


def _laptop_only(button: widgets.Widget) -> widgets.Box:
    """``button`` in a box that Projector mode folds away: there the panel's row shows it (a
    widget's classes are all its views', so the box carries the class)."""
    box = widgets.HBox([button])
    box.add_class("course-facilitator-only")
    return box


def _esc(text: str) -> str:
    """People's text for the page: escaped and isolated (``<bdi>``, one rule in core)."""
    return html_text(text)


class ConsentFacilitator(widgets.VBox):
    """Facilitate a consent decision step by step and hand out the logbook entry.

    ``ConsentFacilitator(proposal="", members=(), circle="", term_months=12)`` pre-fills the
    set-up form; :meth:`start` (or the "Start" button) begins the decision.

    ``record=True`` (the consent decision app) keeps each decision in the workshop record
    (:mod:`sociocracy.rooms`, or ``store``): every step is written before the page shows it, a
    decision cut short by a crash is offered for resuming when the app opens again (one open on
    another screen, for taking over), past decisions' logbook entries can be downloaded, and the
    workshop's room takes part (the consent round on the phones). Lessons and tools that embed
    it keep none. ``session``: a :class:`ConsentSession` to show (default: a new one).
    ``join_url`` and ``refresh_every`` are the room panel's (see
    :class:`~sociocracy.widgets.room_panel.RoomPanel`).
    """

    def __init__(self, proposal: str = "", members: Sequence[str] = (), *, circle: str = "",
                 term_months: int = 12, today: Callable[[], dt.date] = dt.date.today,
                 record: bool = False, store: Any = None,
                 session: ConsentSession | None = None, join_url: str | None = None,
                 refresh_every: float = REFRESH_EVERY) -> None:
        super().__init__()
        self.add_class("course-consent-facilitator")
        self.today = today
        self.session = session or ConsentSession(store=store, record=record, today=today)
        # --- set-up form
        self.circle_input = widgets.Text(value=circle, description=_("Circle"),
                                         placeholder=_("e.g. Garden circle"), style=_LABEL_STYLE,
                                         layout=_wide())
        self.proposal_input = widgets.Textarea(value=proposal, description=_("Proposal"),
                                               placeholder=_("Write the proposal as it will be "
                                                             "read aloud"), rows=4,
                                               style=_LABEL_STYLE, layout=_wide())
        self.members_input = widgets.Textarea(value="\n".join(members), description=_("Members"),
                                              placeholder=_("One name a line, in seating order:"
                                                            "\nAna\nBen\nChloé"), rows=5,
                                              style=_LABEL_STYLE, layout=_wide())
        self.term_input = widgets.BoundedIntText(value=term_months, min=1, max=120,
                                                 description=_("Term (months)"),
                                                 style=_LABEL_STYLE)
        self.start_button = widgets.Button(description=_("Start"), button_style="primary",
                                           tooltip=_("Start the consent process with this "
                                                     "proposal"),
                                           layout=widgets.Layout(width="max-content"))
        self.start_button.on_click(lambda _b: self.start())
        self.setup_status = widgets.HTML()
        form: list[widgets.Widget] = [
            widgets.HTML("<p>{}</p>".format(_("Write the proposal and list the circle's members "
                                              "in seating order: every round starts with the "
                                              "first person listed."))),
            self.circle_input, self.proposal_input, self.members_input]
        # --- the room (only where a record is kept: the phones answer into it)
        self.phones: RoomPanel | None = None
        if self.session.keeper.record:
            self.phones = RoomPanel(room=lambda: self.session.room.room,
                                    create=self.session.create_room, ask=self.session.ask_phones,
                                    reveal=self.session.reveal_phones,
                                    refresh=self.session.refresh_room, join_url=join_url,
                                    refresh_every=refresh_every)
            self.room_names_button = widgets.Button(
                description=_("Use the names of the people in the room"),
                tooltip=_("Fill the members with the names the phones joined with, in the order "
                          "they joined"), layout=widgets.Layout(width="max-content"))
            self.room_names_button.on_click(lambda _b: self.use_room_names())
            form.append(_laptop_only(self.room_names_button))
        form += [self.term_input, _laptop_only(self.start_button), self.setup_status]
        if self.phones is not None:
            form.append(self.phones)
        self.setup = widgets.VBox(form)
        # Projector mode: the form folds to its first line (it unfolds under the pointer or the
        # keyboard's focus); the buttons that start the decision sit in the panel's one row.
        self.setup.add_class("course-projector-fold")
        # --- the running process: built when it starts (most of this tool's ~300 widget models;
        # a page that opens on the set-up form does not send them)
        self._running_built = False
        self._shown = ""
        self._step_seen = ""
        self.keeper = AppRecord(APP, ConsentSession.NOUN, resume=self.resume,
                                keeper=self.session.keeper, on_taken_over=self._taken_over)
        # The projector: a link to the audience view (a second window; only where a record
        # keeps what it shows), and the same view in this page for one screen (Projector mode:
        # the audience view and the step's controls in one row; the rest folds away).
        # Built only in the app (a lesson's page has no Projector mode to show it in).
        self._top: list[widgets.Widget] = [self.keeper.resume_box]
        self._last: list[widgets.Widget] = []  # the panel: last in the page, shown first
        self.audience_panel: ProjectorPanel | None = None
        if self.session.keeper.record:
            self.audience_link = widgets.HTML(audience_link_html(APP))
            self.audience_link.add_class("course-facilitator-only")
            self.audience_panel = ProjectorPanel(self.session, join_url=join_url)
            self._top = [self.audience_link, self.keeper.resume_box]
            self._last = [self.audience_panel]
        self.keeper.past_box.add_class("course-facilitator-only")
        if self.phones is not None:  # the audience view shows the code, the count
            for part in (self.phones.join, self.phones.joined, self.phones.step_box):
                part.add_class("course-facilitator-only")
        self._view("setup")
        self.session.subscribe(self._session_changed)
        if self.session.keeper.record:
            self.keeper.offer()
            if self.keeper.problem:
                self.setup_status.value = error_html(self.keeper.problem)
            self.session.look_for_room()
        if self.session.process is not None:  # a session passed in, already running
            self._session_changed(self.session.state)
        lighten(self)  # one shared layout and style per kind (issue 27)

    # ================================================================ the session
    @property
    def process(self) -> ConsentProcess | None:
        """The decision in progress (``None`` before "Start"), as the session holds it."""
        return self.session.process

    @property
    def round_panel(self) -> RoundFacilitator:
        """The spoken rounds' view (a view of the session's round session)."""
        self.build_running()
        return self._round_panel

    def _session_changed(self, state: ConsentState) -> None:
        """Redraw from the session's state (after this page's click, another view's, or the
        room's count changed)."""
        if state.taken_over and self.keeper.unfinished is None:
            self.keeper.beat()  # shows "taken over" and offers "Take it back"
        if state.step == "setup":
            if self._shown != "setup":
                self._view("setup")
            self._draw_phones(state)
            self._draw_projector(state)
            return
        if self._shown != "running":
            self._view("running")
        self._draw(state)

    def _taken_over(self) -> None:
        self._show_problem(taken_over_sentence(ConsentSession.NOUN))

    def _show_problem(self, problem: str) -> None:
        """Show ``problem`` where the facilitator is looking (the set-up or the running step)."""
        target = self.status if self._shown == "running" else self.setup_status
        target.value = error_html(problem) if problem else ""

    def _view(self, part: str) -> None:
        """Show the set-up form or the running process (with the record's boxes around)."""
        self._shown = part
        if part == "setup":
            self.children = [*self._top, self.setup, self.keeper.past_box, *self._last]
            return
        self.build_running()
        self.children = [*self._top, self.running, self.keeper.past_box, *self._last]

    def build_running(self) -> None:
        """Build the views of the running process, once (a tool that wires up their buttons
        beforehand calls it first)."""
        if self._running_built:
            return
        self._running_built = True
        self.progress = widgets.HTML()
        self.proposal_view = widgets.HTML()
        self.prompt_view = widgets.HTML()
        self.body = widgets.VBox()
        self.next_button = widgets.Button(description=_("Next step"), button_style="primary",
                                          tooltip=_("Move on when this step is complete"),
                                          layout=widgets.Layout(width="max-content"))
        self.next_button.on_click(lambda _b: self._advance())
        self.status = widgets.HTML()
        # The process's spoken rounds: a view of the session's round session, without its own
        # set-up (the decision says which round comes next) or minutes (the logbook is ours).
        self._round_panel = RoundFacilitator(save_button=False, show_minutes=False,
                                             session=self.session.rounds, embedded=True)
        if self.audience_panel is not None:  # its row holds the round's buttons
            self._round_panel.fold_in_projector()
        self._build_amend()
        self._build_consent()
        self._build_integrate()
        self._build_publish()
        self.export = _ExportPanel(self.today)
        self.progress.add_class("course-room-next")
        self.proposal_view.add_class("course-room-big")
        self.prompt_view.add_class("course-room-big")
        # Projector mode: the audience view says all this; the facilitator's script never shows;
        # the step's own boxes fold away, their controls shown in the panel's one row instead.
        for part in (self.progress, self.proposal_view, self.prompt_view, self.export,
                     self.body):
            part.add_class("course-facilitator-only")
        # The move-on button in a box of its own: in Projector mode the box folds away and the
        # button shows in the one row of controls instead (a widget's classes are all its
        # views', so the box carries the class).
        next_box = widgets.HBox([self.next_button])
        next_box.add_class("course-facilitator-only")
        self.running = widgets.VBox([self.progress, self.proposal_view, self.prompt_view,
                                     self.body, next_box, self.status, self.export])

    # ------------------------------------------------------------------ building blocks
    def _build_amend(self) -> None:
        self.amend_input = widgets.Textarea(description=_("Amended wording"), rows=3,
                                            style=_LABEL_STYLE, layout=_wide())
        self.amend_button = widgets.Button(description=_("Amend the proposal"),
                                           tooltip=_("Replace the proposal with the amended "
                                                     "wording"),
                                           layout=widgets.Layout(width="max-content"))
        self.amend_button.on_click(lambda _b: self._amend())
        self.amend_box = widgets.VBox([
            widgets.HTML("<p>{}</p>".format(_("After the round, fold in the amendments you "
                                              "heard (or skip them), then restate the "
                                              "proposal."))),
            self.amend_input, self.amend_button])

    def _build_consent(self) -> None:
        self.turn_view = widgets.HTML()
        self.reason_input = widgets.Text(description=_("Reason (objection)"),
                                         placeholder=_("one phrase: what might go wrong?"),
                                         style=_LABEL_STYLE, layout=_wide())
        self.consent_button = widgets.Button(description=_("Consent"), button_style="success",
                                             tooltip=_("No objection"),
                                             layout=widgets.Layout(width="max-content"))
        self.object_button = widgets.Button(description=_("Objection"), button_style="warning",
                                            tooltip=_("Record an objection with its reason"),
                                            layout=widgets.Layout(width="max-content"))
        self.undo_response_button = widgets.Button(
            description=_("Undo last answer"),
            tooltip=_("Take back the last answer of this round (a misclick): that member "
                      "answers again"), layout=widgets.Layout(width="max-content"))
        self.consent_button.on_click(lambda _b: self._respond("consent"))
        self.object_button.on_click(lambda _b: self._respond("objection"))
        self.undo_response_button.on_click(lambda _b: self.undo_response())
        self.responses_view = widgets.HTML()
        self.turn_view.add_class("course-room-big")
        answer_buttons = widgets.HBox([self.consent_button, self.object_button,
                                       self.undo_response_button])
        two_answers = widgets.HTML("<p><em>{}</em></p>".format(
            _("Two answers only: consent or objection. No pass, no abstaining, no standing "
              "aside.")))
        # Projector mode: the audience view shows whose turn and the answers, the buttons sit in
        # its one row; the reason's box stays here (a box is never shown twice on one page).
        for part in (self.turn_view, answer_buttons, self.responses_view, two_answers):
            part.add_class("course-facilitator-only")
        self.consent_box = widgets.VBox([self.turn_view, self.reason_input, answer_buttons,
                                         self.responses_view, two_answers])

    def _build_integrate(self) -> None:
        self.objection_choice = widgets.Dropdown(description=_("Objection"), style=_LABEL_STYLE,
                                                 layout=_wide())
        self.strategy_choice = widgets.Dropdown(
            options=[(_(label), key) for key, label in STRATEGY_LABELS.items()], value="amend",
            description=_("Strategy"), style=_LABEL_STYLE)
        self.strategy_choice.observe(lambda _c: self._show_strategy(), names="value")
        self.detail_text = widgets.Textarea(description=_("Amended proposal"), rows=3,
                                            style=_LABEL_STYLE, layout=_wide())
        self.detail_months = widgets.BoundedIntText(value=3, min=1, max=120,
                                                    description=_("New term (months)"),
                                                    style=_LABEL_STYLE)
        self.detail_measure = widgets.Text(description=_("What to measure"), style=_LABEL_STYLE,
                                           placeholder=_("e.g. click rate and donations, "
                                                         "weekly"),
                                           layout=_wide())
        self.detail_alarm = widgets.Text(description=_("Alarm threshold"), style=_LABEL_STYLE,
                                         placeholder=_("e.g. clicks fall 15% or donations 10%"),
                                         layout=_wide())
        self.detail_members = widgets.Text(description=_("Helping circle"), style=_LABEL_STYLE,
                                           placeholder=_("names, separated by commas"),
                                           layout=_wide())
        self.detail_task = widgets.Text(description=_("Its task"), style=_LABEL_STYLE,
                                        placeholder=_("what they find out or prepare, and by "
                                                      "when"),
                                        layout=_wide())
        self.detail_come_back = widgets.Text(description=_("Come back on"), style=_LABEL_STYLE,
                                             placeholder=_("a date, e.g. 2027-03-01"))
        self.details = widgets.VBox()
        self.integrate_button = widgets.Button(description=_("Integrate"), button_style="primary",
                                               tooltip=_("Integrate the objection this way"),
                                               layout=widgets.Layout(width="max-content"))
        self.integrate_button.on_click(lambda _b: self._integrate())
        self.integrated_view = widgets.HTML()
        self.integrate_box = widgets.VBox([
            widgets.HTML("<p>{}</p>".format(_("Understand first: \"What might happen? How would "
                                              "we know?\" Then explore options with the circle "
                                              "and choose one."))),
            self.objection_choice, self.strategy_choice, self.details, self.integrate_button,
            self.integrated_view])
        self._show_strategy()

    def _build_publish(self) -> None:
        self.review_input = widgets.DatePicker(description=_("Review date"), style=_LABEL_STYLE)
        self.publish_button = widgets.Button(description=_("Publish"), button_style="success",
                                             tooltip=_("Record the decision in the logbook"),
                                             layout=widgets.Layout(width="max-content"))
        self.publish_button.on_click(lambda _b: self._publish())
        self.publish_box = widgets.VBox([
            widgets.HTML("<p>{}</p>".format(_("The review date falls within the decision's "
                                              "term; by default, at its end."))),
            self.review_input, self.publish_button])
        self.new_decision_button = widgets.Button(
            description=_("New decision"), button_style="primary",
            tooltip=_("Start the next decision with the same circle and members"),
            layout=widgets.Layout(width="max-content"))
        self.new_decision_button.on_click(lambda _b: self.new_decision())

    def _show_strategy(self) -> None:
        strategy = self.strategy_choice.value
        self.details.children = {
            "amend": [self.detail_text], "shorten-term": [self.detail_months],
            "measure": [self.detail_measure, self.detail_alarm],
            "helping-circle": [self.detail_members, self.detail_task, self.detail_come_back],
        }[strategy]
        if hasattr(self, "export"):  # built: the row shows the strategy's own boxes
            self._draw_projector(self.session.state)

    # ------------------------------------------------------------------ actions
    def start(self) -> ConsentProcess | None:
        """Begin the decision with the form's proposal and members."""
        problem = self.session.start(self.proposal_input.value, self.members_input.value,
                                     circle=self.circle_input.value,
                                     term_months=self.term_input.value)
        if self.session.process is None:  # refused: the form says why
            self.setup_status.value = error_html(problem)
            return None
        if self.keeper.unfinished is not None:  # starting afresh sets a stopped one aside
            self.keeper.set_aside()
        self.keeper.keep_beating()
        self.keeper.refresh_past()
        self.setup_status.value = ""
        self.status.value = error_html(problem) if problem else ""
        return self.session.process

    def resume(self, session: Any) -> bool:
        """Continue a decision from the workshop record (what "Resume it", "Take it over" and
        "Take it back" do; the screen already holds ``session``)."""
        problem = self.session.restore(session)
        if problem or self.session.process is None:
            self.setup_status.value = error_html(problem)
            return False
        state = self.session.state
        self._fill_form(state)
        self.status.value = feedback_html(
            _("It continues at the step \"{step}\".").format(step=step_label(state.step)),
            kind="neutral", headline=_("Resumed."), quote=False)
        return True

    def _fill_form(self, state: ConsentState) -> None:
        self.circle_input.value = state.circle
        self.members_input.value = "\n".join(state.members)
        self.proposal_input.value = state.original_proposal
        process = self.session.process
        if process is not None:
            self.term_input.value = process.original_term

    def attach(self, process: ConsentProcess) -> ConsentProcess:
        """Run ``process``, a consent process owned by a larger tool (e.g. a meeting)."""
        self.setup_status.value = ""
        self.session.attach(process)
        self.status.value = ""
        return process

    def use_room_names(self) -> None:
        """Set-up: the members are the people who joined the room on their phones."""
        names = self.session.room_names()
        if not names:
            self.setup_status.value = error_html(_("Nobody has joined the room yet: let people "
                                                   "join from their phones first."))
            return
        self.members_input.value = "\n".join(names)
        self.setup_status.value = ""

    def _act(self, problem: str) -> bool:
        """Show an action's outcome: the session's sentence when refused (never raised); the
        list of past decisions follows the record (this one's entry included)."""
        self.status.value = error_html(problem) if problem else ""
        if not self.session.taken_over:
            self.keeper.refresh_past()
        return not problem

    def _advance(self) -> None:
        self._act(self.session.advance())

    def _publish(self) -> None:
        self._act(self.session.publish(self.review_input.value))

    def _amend(self) -> None:
        self._act(self.session.amend(self.amend_input.value))

    def _respond(self, response: str) -> None:
        """The member whose turn it is answers; the reason box empties once it is recorded."""
        if self._act(self.session.respond(response, self.reason_input.value)):
            self.reason_input.value = ""

    def undo_response(self) -> None:
        """Take back the last answer of the consent round; an objection's reason goes back in
        the box, so a mistyped reason can be corrected."""
        problem, undone = self.session.undo_response()
        if not self._act(problem) or undone is None:
            return
        self.reason_input.value = undone.reason or ""
        current = self.session.state.current
        answer = _("consent") if undone.response == "consent" else _("objection")
        said = (_("{name}'s answer ({answer}) is taken back; it is {current}'s turn.")
                if current else _("{name}'s answer ({answer}) is taken back; "))
        self.status.value = feedback_html(
            said.format(name=undone.member, answer=answer, current=current),
            kind="neutral", headline=_("Undone."))

    def new_decision(self) -> None:
        """Back to the set-up for the next proposal: same circle and members, proposal empty."""
        state = self.session.state
        if state.step != "setup":
            self.circle_input.value = state.circle
            self.members_input.value = "\n".join(state.members)
        self.proposal_input.value = ""
        if self._running_built:
            self.amend_input.value = self.detail_text.value = ""
            self.status.value = ""
        self.session.new_decision()
        self.keeper.refresh_past()
        self.setup_status.value = feedback_html(
            _("Same circle and members; write the next proposal."), kind="neutral",
            headline=_("New decision."))

    def _integrate(self) -> None:
        strategy = self.strategy_choice.value
        details: dict[str, Any] = {
            "amend": lambda: {"text": self.detail_text.value},
            "shorten-term": lambda: {"months": int(self.detail_months.value)},
            "measure": lambda: {"measure": self.detail_measure.value,
                                "alarm": self.detail_alarm.value},
            "helping-circle": lambda: {"members": self.detail_members.value,
                                       "task": self.detail_task.value,
                                       "come_back": self.detail_come_back.value},
        }[strategy]()
        choice = self.objection_choice.value
        self._act(self.session.integrate(0 if choice is None else choice, strategy, **details))

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Redraw everything (after the process was driven from outside, e.g. by a lesson's
        code): the session shows it as it stands."""
        self.session.refresh()

    def _draw(self, state: ConsentState) -> None:
        step = state.step
        if step == "postponed":  # the process ended undecided
            shown = [s for s in STEPS if s not in ("decided", "published")]
        else:
            shown = [s for s in STEPS if s != "postponed"
                     and (s != "integrate-objections" or state.objections)]
        number = shown.index(step) + 1
        now = _("<strong>{step}</strong> (now)")
        items = ['<li aria-current="step" class="course-step-now">'
                 + now.format(step=step_label(s)) + "</li>" if s == step
                 else f"<li>{step_label(s)}</li>" for s in shown]
        where = _("Step {number} of {total}: {step}").format(number=number, total=len(shown),
                                                             step=step_label(step))
        steps_label = _("Steps of the consent process")
        self.progress.value = (
            f"<p><strong>{where}</strong></p>"
            f'<ol class="course-steps" aria-label="{steps_label}" '
            'style="display:flex;flex-wrap:wrap;gap:0.2em 1.6em;padding-left:1.2em;'
            f'margin-top:0">{"".join(items)}</ol>')
        title = (_("{circle}: proposal").format(circle=_esc(state.circle)) if state.circle
                 else _("The circle: proposal"))
        term = _("Term: {months} months").format(months=state.term_months)
        self.proposal_view.value = (
            f"<h4>{title}</h4><blockquote class='course-proposal' "
            f"style='border-left:4px solid {ACCENT};margin:0.4em 0;padding:0.2em 0.8em'>"
            f"{_esc(state.proposal).replace(chr(10), '<br>')}</blockquote>"
            f"<p>{term}</p>")
        facilitator = _("Facilitator:")
        self.prompt_view.value = (f'<div class="course-prompt" role="note"><strong>'
                                  f"{facilitator}</strong> {_esc(_(PROMPTS[step]))}</div>")
        entered = step != self._step_seen
        self._step_seen = step
        self.body.children = self._body(state, entered)
        finished = step in ("decided", "published", "postponed")
        self.next_button.disabled = finished
        hide(self.next_button, finished)
        self.next_button.description = self._next_label(state)
        self.export.update(self.session.logbook())
        self._draw_phones(state)
        self._draw_projector(state)

    def _draw_projector(self, state: ConsentState) -> None:
        """Projector mode: the audience view, and the step's controls in one row under it."""
        if self.audience_panel is None:
            return
        self.audience_panel.controls(*self.controls(state))
        self.audience_panel.draw()

    def controls(self, state: ConsentState | None = None) -> tuple[widgets.Widget, ...]:
        """What can act at this point of the decision, for Projector mode's one row (this
        page's panel, or a meeting's that embeds it): only what acts now, so the row stays one
        line; the boxes typed in (an objection's reason, the amended wording, the integration's
        choice, the review date) beside their buttons. The step's own views fold away there."""
        state = self.session.state if state is None else state
        step = state.step
        if step == "setup":  # the form folds to one line: the buttons that start it
            names = [self.room_names_button] if self.phones is not None and state.joined \
                else []
            return (*names, self.start_button, self.setup_status)
        if not self._running_built:
            return ()
        row: list[widgets.Widget] = []
        moving_on = True
        if step in ("clarifying-questions", "quick-reactions"):
            moving_on = state.round_complete
            row += self._round_panel.controls()
            if moving_on and step == "quick-reactions":  # the amendments heard, then restate
                row += [self.amend_input, self.amend_button]
        elif step == "consent-round":
            moving_on = state.round_complete
            if moving_on:
                row.append(self.undo_response_button)
            elif state.phones == "asked" and self.phones is not None:
                row.append(self.phones.reveal_button)
            else:
                row += [self.reason_input, self.consent_button, self.object_button,
                        self.undo_response_button]
                if self.phones is not None and state.room_code:
                    row.append(self.phones.ask_button)
        elif step == "integrate-objections":
            moving_on = not state.open_objections
            if not moving_on:
                row += [self.objection_choice, self.strategy_choice, *self.details.children,
                        self.integrate_button]
        elif step == "decided":
            row += [self.review_input, self.publish_button]
        elif step == "published":
            row.append(self.new_decision_button)
        if moving_on and step not in ("decided", "published", "postponed"):
            row.append(self.next_button)
        return tuple(row)

    def _draw_phones(self, state: ConsentState) -> None:
        if self.phones is None:
            return
        hide(self.room_names_button, not state.joined)
        asking = state.step == "consent-round" and (not state.round_complete
                                                    or state.phones != "")
        self.phones.show(joined=state.joined, asking=asking, phones=state.phones,
                         answered=state.answered, note=state.phones_note)

    @staticmethod
    def _next_label(state: ConsentState) -> str:
        """The move-on button, named for what it does at this point of the process."""
        step = state.step
        if step == "consent-round":
            if not state.round_complete:
                return _("Announce the result (once everyone has answered)")
            if state.objections_raised:
                return _("Objections raised: integrate them")
            return _("Consent reached: record it")
        return {
            "present": _("Start clarifying questions"),
            "clarifying-questions": _("Start quick reactions"),
            "quick-reactions": _("Restate, then consent round"),
            "integrate-objections": _("Back to the consent round"),
        }.get(step, _("Next step"))

    def _body(self, state: ConsentState, entered: bool) -> list[widgets.Widget]:
        step = state.step
        if step in ("clarifying-questions", "quick-reactions"):
            extra = [self.amend_box] if step == "quick-reactions" else []
            if step == "quick-reactions" and not self.amend_input.value:
                self.amend_input.value = state.proposal
            return [self._round_panel, *extra]
        if step == "consent-round":
            self._draw_consent(state)
            phones = [self.phones] if self.phones is not None else []
            return [self.consent_box, *phones]
        if step == "integrate-objections":
            self._draw_integrate(state)
            return [self.integrate_box]
        if step == "decided":
            if entered:
                self.review_input.value = state.review_default
            said = widgets.HTML(feedback_html(
                _("in consent round {number}, from {names}.").format(
                    number=state.consent_round, names=", ".join(state.consented_by)),
                kind="right", headline=_("We have consent")))
            return [said, self.publish_box]
        if step == "postponed":
            return [widgets.HTML(feedback_html(
                _("{postponement} This decision ends here: start a new consent process with "
                  "the changed proposal.").format(postponement=state.postponement),
                kind="neutral", headline=_("Postponed, no decision yet.")))]
        if step == "published":
            assert state.decided_on and state.term_ends and state.review_date
            return [widgets.HTML(feedback_html(
                _("Decided on {decided}; term {months} months (ends {ends}); review by "
                  "{review}.").format(decided=shown_date(state.decided_on),
                                      months=state.term_months,
                                      ends=shown_date(state.term_ends),
                                      review=shown_date(state.review_date)),
                kind="right", headline=_("Published."))), self.new_decision_button]
        return []  # "present": the facilitator's prompt says it (read the proposal aloud)

    def _draw_consent(self, state: ConsentState) -> None:
        if state.current is None:
            self.turn_view.value = "<p>{}</p>".format(
                _("Everyone has answered. Announce the result to the group, then record it "
                  "with the button below."))
        else:
            asked = (_("Consent round {number}. <strong>{name}</strong>, do you have an "
                       "objection? Next: {next}.") if state.next else
                     _("Consent round {number}. <strong>{name}</strong>, do you have an "
                       "objection?"))
            self.turn_view.value = "<p>{}</p>".format(asked.format(
                number=state.consent_round, name=_esc(state.current),
                next=_esc(state.next or "")))
        done = state.current is None
        self.consent_button.disabled = self.object_button.disabled = done
        self.undo_response_button.disabled = not state.answers
        words = {"consent": _("consent"), "objection": _("objection")}
        items = "".join(
            f"<li>{_esc(r.member)}: <strong>{words.get(r.response, r.response)}</strong>"
            + (f" ({_esc(r.reason)})" if r.reason else "") + "</li>"
            for r in state.answers)
        self.responses_view.value = f"<ul>{items}</ul>" if items else ""

    def _draw_integrate(self, state: ConsentState) -> None:
        options = [(f"{o.member}: {o.reason}", i) for i, o in enumerate(state.open_objections)]
        if list(self.objection_choice.options) != options:
            self.objection_choice.options = options
            self.objection_choice.value = options[0][1] if options else None
        if not self.detail_text.value:
            self.detail_text.value = state.proposal
        self.integrated_view.value = integrated_objections_html(
            state.objections, all_integrated=not options)
        self.integrate_button.disabled = not options


class _ExportPanel(widgets.VBox):
    """The logbook entry: the Markdown as a download (and "Save file" in JupyterLab), and a
    rendered preview of it for the facilitator (folded; hidden in projector mode)."""

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.today = today
        self.markdown = ""
        self.preview = widgets.HTML()
        self.preview.add_class("course-logbook-preview")
        self.preview.add_class("course-room-hide")
        self.download = FileExport("consent-decision.md", "text/markdown",
                                   what=_("logbook entry"))
        self.children = [widgets.HTML("<h4>{}</h4>".format(_("Logbook entry"))), self.download,
                         self.preview]

    def update(self, markdown: str) -> None:
        self.markdown = markdown
        # Folded by default: the entry's headings stay out of the page's outline until asked for.
        summary = _("Preview of the logbook entry")
        self.preview.value = (
            f'<details class="course-logbook"><summary>{summary}</summary>'
            f"{markdown_to_html(self.markdown)}</details>")
        self.download.set(self.markdown, f"consent-decision-{self.today().isoformat()}.md",
                          text=_("Download the logbook entry (Markdown)"))
