"""The live ``ConsentFacilitator`` (``ToleranceExplorer`` and ``ObjectionSorter``, the lessons'
other consent widgets, live in their own modules: importing this one loads neither numpy nor
matplotlib).

``ConsentFacilitator`` is the workshop tool an ambassador projects while a circle decides. It owns
a :class:`sociocracy.consent.ConsentProcess` and re-renders from it after every click: event ->
library method -> redraw. Every rule (what comes next, which answers a consent round takes) lives
in the library; the widget shows the library's messages as they are. Text typed by people
(proposal, names, reasons) only reaches the page through ``html.escape`` or a ``Label``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from sociocracy.consent import PROMPTS, STEPS, ConsentProcess, add_months
from sociocracy.core.errors import CourseError
from sociocracy.core.names import parse_names
from sociocracy.core.people_text import html_text
from sociocracy.logbook import consent_logbook_entry

from .app_record import AppRecord
from .downloads import FileExport
from .feedback import error_html, feedback_html, integrated_objections_html
from .markdown_preview import markdown_to_html
from .palette import ACCENT
from .rounds import RoundFacilitator

__all__ = ["APP", "ConsentFacilitator"]

#: The name under which the consent app's decisions are kept in the workshop record.
APP = "consent"

STEP_LABELS = {
    "present": "Present", "clarifying-questions": "Clarifying questions",
    "quick-reactions": "Quick reactions", "consent-round": "Consent round",
    "integrate-objections": "Integrate objections", "postponed": "Postponed",
    "decided": "Decided",
    "published": "Published",
}

STRATEGY_LABELS = {"amend": "Amend the proposal", "shorten-term": "Shorten the term",
                   "measure": "Measure the concern",
                   "helping-circle": "Postpone: form a helping circle"}
_LABEL_STYLE = {"description_width": "10em"}


def _wide() -> widgets.Layout:
    """A fresh full-width layout (a layout shared between widgets would change them all)."""
    return widgets.Layout(width="98%")


def _esc(text: str) -> str:
    """People's text for the page: escaped and isolated (``<bdi>``, one rule in core)."""
    return html_text(text)


# ---- one decision in the workshop record: its set-up, then every call made through apply()
def _recorded_process(session: Any) -> ConsentProcess:
    """The decision as recorded, rebuilt by replaying its steps through the process's rules."""
    return ConsentProcess.replay(session.setup["process"], session.steps)


def _describe(session: Any) -> str:
    return f"It stopped at the step \"{STEP_LABELS[_recorded_process(session).step]}\"."


def _decision_ended(process: ConsentProcess) -> bool:
    """Whether the decision is over: published, or postponed (undecided)."""
    return process.step in ("published", "postponed")


def _decision_done(session: Any) -> bool:
    return _decision_ended(_recorded_process(session))


def _decision_files(session: Any) -> list[tuple[str, str, str]]:
    day = session.started_at.astimezone().date().isoformat()
    return [(f"consent-decision-{day}-{session.id}.md", "text/markdown",
             consent_logbook_entry(_recorded_process(session)))]


def _title(process: ConsentProcess) -> str:
    words = " ".join(process.original_proposal.split())
    short = words if len(words) <= 60 else words[:59].rstrip() + "…"
    return f"{process.circle}: {short}" if process.circle else short



class ConsentFacilitator(widgets.VBox):
    """Facilitate a consent decision step by step and hand out the logbook entry.

    ``ConsentFacilitator(proposal="", members=(), circle="", term_months=12)`` pre-fills the
    set-up form; :meth:`start` (or the "Start" button) begins the process.

    ``record=True`` (the consent decision app) keeps each decision in the workshop record
    (:mod:`sociocracy.rooms`, or ``store``): every step is written before the page shows it, a
    decision cut short by a crash is offered for resuming when the app opens again, and past
    decisions' logbook entries can be downloaded. Lessons and tools that embed it keep none.
    """

    def __init__(self, proposal: str = "", members: Sequence[str] = (), *, circle: str = "",
                 term_months: int = 12, today: Callable[[], dt.date] = dt.date.today,
                 record: bool = False, store: Any = None) -> None:
        super().__init__()
        self.add_class("course-consent-facilitator")
        self.today = today
        self.process: ConsentProcess | None = None
        # --- set-up form
        self.circle_input = widgets.Text(value=circle, description="Circle",
                                         placeholder="e.g. Garden circle", style=_LABEL_STYLE,
                                         layout=_wide())
        self.proposal_input = widgets.Textarea(value=proposal, description="Proposal",
                                               placeholder="Write the proposal as it will be "
                                               "read aloud", rows=4, style=_LABEL_STYLE,
                                               layout=_wide())
        self.members_input = widgets.Textarea(value="\n".join(members), description="Members",
                                              placeholder="One name a line, in seating order:"
                                              "\nAna\nBen\nChloé", rows=5,
                                              style=_LABEL_STYLE, layout=_wide())
        self.term_input = widgets.BoundedIntText(value=term_months, min=1, max=120,
                                                 description="Term (months)", style=_LABEL_STYLE)
        self.start_button = widgets.Button(description="Start", button_style="primary",
                                           tooltip="Start the consent process with this proposal",
                                           layout=widgets.Layout(width="max-content"))
        self.start_button.on_click(lambda _b: self.start())
        self.setup_status = widgets.HTML()
        self.setup = widgets.VBox([
            widgets.HTML("<p>Write the proposal and list the circle's members in seating "
                         "order: every round starts with the first person listed.</p>"),
            self.circle_input, self.proposal_input, self.members_input, self.term_input,
            self.start_button, self.setup_status,
        ])
        # --- the running process: built when it starts (most of this tool's ~300 widget models;
        # a page that opens on the set-up form does not send them)
        self._running_built = False
        self.keeper = AppRecord(APP, "consent decision", resume=self.resume, describe=_describe,
                                export=_decision_files, is_done=_decision_done, store=store,
                                record=record)
        self._seen_round: Any = None  # the round whose turns the log holds, and how many
        self._seen = 0
        self._view("setup")
        if record:
            self.keeper.offer()
            if self.keeper.problem:
                self.setup_status.value = error_html(self.keeper.problem)

    def _view(self, part: str) -> None:
        """Show the set-up form or the running process (with the record's boxes around)."""
        if part == "setup":
            self.children = [self.keeper.resume_box, self.setup, self.keeper.past_box]
            return
        self.build_running()
        self.children = [self.running, self.keeper.past_box]

    def build_running(self) -> None:
        """Build the views of the running process, once (start() and attach() do it; a tool that
        wires up their buttons beforehand calls it first)."""
        if self._running_built:
            return
        self._running_built = True
        today = self.today
        self.progress = widgets.HTML()
        self.proposal_view = widgets.HTML()
        self.prompt_view = widgets.HTML()
        self.body = widgets.VBox()
        self.next_button = widgets.Button(description="Next step", button_style="primary",
                                          tooltip="Move on when this step is complete",
                                          layout=widgets.Layout(width="max-content"))
        self.next_button.on_click(lambda _b: self._advance())
        self.status = widgets.HTML()
        self.round_panel = self._build_rounds()
        self._build_amend()
        self._build_consent()
        self._build_integrate()
        self._build_publish()
        self.export = _ExportPanel(today)
        self.progress.add_class("course-room-next")
        self.proposal_view.add_class("course-room-big")
        self.prompt_view.add_class("course-room-big")
        self.running = widgets.VBox([self.progress, self.proposal_view, self.prompt_view,
                                     self.body, self.next_button, self.status, self.export])

    # ------------------------------------------------------------------ building blocks
    def _build_rounds(self) -> RoundFacilitator:
        """The round facilitator of lesson 2, driving the process's own rounds.

        Its set-up, "Back to set-up" and "New round" controls are hidden: the process decides
        which round comes next. After each of its clicks the logbook entry is brought up to date.
        """
        panel = RoundFacilitator(save_button=False, show_minutes=False)  # the logbook is ours
        for control in (panel.setup, panel.stop, panel.again):
            control.layout.display = "none"
        panel.on_turn = self._round_turn
        for button in (panel.next, panel.pass_button, panel.undo, panel.end_undo):
            button.on_click(lambda _b: self._round_changed())
        return panel

    def _round_turn(self, rnd: Any) -> None:
        """A turn taken or undone in the panel: add it to the process's log and the record.

        Raising ``CourseError`` makes the panel take the turn back and say why, so the page
        never shows a turn the record lacks.
        """
        if self.process is None:
            return
        if len(rnd.turns) > self._seen:
            turn = rnd.turns[-1]
            step: tuple[str, dict[str, Any]] = (
                ("pass_turn", {"seconds": turn.seconds}) if turn.passed
                else ("speak", {"note": turn.note, "seconds": turn.seconds}))
        else:
            step = ("undo_turn", {})
        problem = self.keeper.save(*step)
        if problem:
            raise CourseError(problem)
        self.process.log.append(step)
        self._seen = len(rnd.turns)

    def _round_changed(self) -> None:
        if self.process is not None:
            self.status.value = ""
            self.export.update(self.process)

    def _build_amend(self) -> None:
        self.amend_input = widgets.Textarea(description="Amended wording", rows=3,
                                            style=_LABEL_STYLE, layout=_wide())
        self.amend_button = widgets.Button(description="Amend the proposal",
                                           tooltip="Replace the proposal with the amended wording",
                                           layout=widgets.Layout(width="max-content"))
        self.amend_button.on_click(lambda _b: self._act("amend", text=self.amend_input.value))
        self.amend_box = widgets.VBox([
            widgets.HTML("<p>After the round, fold in the amendments you heard (or skip them), "
                         "then restate the proposal.</p>"),
            self.amend_input, self.amend_button])

    def _build_consent(self) -> None:
        self.turn_view = widgets.HTML()
        self.reason_input = widgets.Text(description="Reason (objection)",
                                         placeholder="one phrase: what might go wrong?",
                                         style=_LABEL_STYLE, layout=_wide())
        self.consent_button = widgets.Button(description="Consent", button_style="success",
                                             tooltip="No objection",
                                             layout=widgets.Layout(width="max-content"))
        self.object_button = widgets.Button(description="Objection", button_style="warning",
                                            tooltip="Record an objection with its reason",
                                            layout=widgets.Layout(width="max-content"))
        self.undo_response_button = widgets.Button(
            description="Undo last answer", tooltip="Take back the last answer of this round "
            "(a misclick): that member answers again", layout=widgets.Layout(width="max-content"))
        self.consent_button.on_click(lambda _b: self._respond("consent"))
        self.object_button.on_click(lambda _b: self._respond("objection"))
        self.undo_response_button.on_click(lambda _b: self.undo_response())
        self.responses_view = widgets.HTML()
        self.turn_view.add_class("course-room-big")
        self.consent_box = widgets.VBox([
            self.turn_view, self.reason_input,
            widgets.HBox([self.consent_button, self.object_button, self.undo_response_button]),
            self.responses_view,
            widgets.HTML("<p><em>Two answers only: consent or objection. No pass, no "
                         "abstaining, no standing aside.</em></p>")])

    def _build_integrate(self) -> None:
        self.objection_choice = widgets.Dropdown(description="Objection", style=_LABEL_STYLE,
                                                 layout=_wide())
        self.strategy_choice = widgets.Dropdown(
            options=[(label, key) for key, label in STRATEGY_LABELS.items()], value="amend",
            description="Strategy", style=_LABEL_STYLE)
        self.strategy_choice.observe(lambda _c: self._show_strategy(), names="value")
        self.detail_text = widgets.Textarea(description="Amended proposal", rows=3,
                                            style=_LABEL_STYLE, layout=_wide())
        self.detail_months = widgets.BoundedIntText(value=3, min=1, max=120,
                                                    description="New term (months)",
                                                    style=_LABEL_STYLE)
        self.detail_measure = widgets.Text(description="What to measure", style=_LABEL_STYLE,
                                           placeholder="e.g. click rate and donations, weekly",
                                           layout=_wide())
        self.detail_alarm = widgets.Text(description="Alarm threshold", style=_LABEL_STYLE,
                                         placeholder="e.g. clicks fall 15% or donations 10%",
                                         layout=_wide())
        self.detail_members = widgets.Text(description="Helping circle", style=_LABEL_STYLE,
                                           placeholder="names, separated by commas",
                                           layout=_wide())
        self.detail_task = widgets.Text(description="Its task", style=_LABEL_STYLE,
                                        placeholder="what they find out or prepare, and by when",
                                        layout=_wide())
        self.detail_come_back = widgets.Text(description="Come back on", style=_LABEL_STYLE,
                                             placeholder="a date, e.g. 2027-03-01")
        self.details = widgets.VBox()
        self.integrate_button = widgets.Button(description="Integrate", button_style="primary",
                                               tooltip="Integrate the objection this way",
                                               layout=widgets.Layout(width="max-content"))
        self.integrate_button.on_click(lambda _b: self._integrate())
        self.integrated_view = widgets.HTML()
        self.integrate_box = widgets.VBox([
            widgets.HTML("<p>Understand first: \"What might happen? How would we know?\" Then "
                         "explore options with the circle and choose one.</p>"),
            self.objection_choice, self.strategy_choice, self.details, self.integrate_button,
            self.integrated_view])
        self._show_strategy()

    def _build_publish(self) -> None:
        self.review_input = widgets.DatePicker(description="Review date", style=_LABEL_STYLE)
        self.publish_button = widgets.Button(description="Publish", button_style="success",
                                             tooltip="Record the decision in the logbook",
                                             layout=widgets.Layout(width="max-content"))
        self.publish_button.on_click(lambda _b: self._publish())
        self.publish_box = widgets.VBox([
            widgets.HTML("<p>The review date falls within the decision's term; by default, "
                         "at its end.</p>"),
            self.review_input, self.publish_button])
        self.new_decision_button = widgets.Button(
            description="New decision", button_style="primary",
            tooltip="Start the next decision with the same circle and members",
            layout=widgets.Layout(width="max-content"))
        self.new_decision_button.on_click(lambda _b: self.new_decision())

    def _show_strategy(self) -> None:
        strategy = self.strategy_choice.value
        self.details.children = {
            "amend": [self.detail_text], "shorten-term": [self.detail_months],
            "measure": [self.detail_measure, self.detail_alarm],
            "helping-circle": [self.detail_members, self.detail_task, self.detail_come_back],
        }[strategy]

    # ------------------------------------------------------------------ actions
    def start(self) -> ConsentProcess | None:
        """Begin the process with the form's proposal and members."""
        try:
            self.process = ConsentProcess(
                self.proposal_input.value, parse_names(self.members_input.value, "member"),
                term_months=self.term_input.value, circle=self.circle_input.value)
        except CourseError as exc:
            self.setup_status.value = error_html(exc.plain)
            return None
        problem = self.keeper.start(_title(self.process), {"process": self.process.setup()})
        self.setup_status.value = ""
        self._view("running")
        self.refresh()
        self.status.value = error_html(problem) if problem else ""
        return self.process

    def resume(self, session: Any) -> bool:
        """Continue a decision from the workshop record (what "Resume it" does)."""
        process = _recorded_process(session)
        self.circle_input.value = process.circle
        self.members_input.value = "\n".join(process.members)
        self.proposal_input.value = process.original_proposal
        self.term_input.value = process.original_term
        self.attach(process)
        self.status.value = feedback_html(
            f"It continues at the step \"{STEP_LABELS[process.step]}\".", kind="neutral",
            headline="Resumed.", quote=False)
        return True

    def attach(self, process: ConsentProcess) -> ConsentProcess:
        """Run ``process``, a consent process owned by a larger tool (e.g. a meeting)."""
        self.process = process
        self.setup_status.value = ""
        self._view("running")
        self.status.value = ""
        self.refresh()
        return process

    def _act(self, method: str, **arguments: Any) -> bool:
        """Run one step of the process; record it; only then show it done.

        Errors are shown as the library's sentence, never raised. A step the record refuses is
        taken back (the process is rebuilt from the steps before it), so the page never shows
        more than the record holds.
        """
        if self.process is None:
            return False
        self.process, problem = self.keeper.run_step(self.process, method, arguments,
                                                     ends=_decision_ended)
        self.refresh()
        self.status.value = error_html(problem) if problem else ""
        return not problem

    def _advance(self) -> None:
        if self._act("advance") and self.process is not None:
            decision = self.process.decision
            if self.process.step == "decided" and decision is not None:
                self.review_input.value = add_months(self.today(), decision.term_months)

    def _publish(self) -> None:
        review = self.review_input.value
        self._act("publish", review_date=review.isoformat() if review else None,
                  decided_on=self.today().isoformat())

    def _respond(self, response: str) -> None:
        """The member whose turn it is answers; the reason box empties once it is recorded."""
        rnd = self.process.round if self.process is not None else None
        if rnd is None or rnd.current is None:
            return
        if self._act("respond", member=rnd.current, response=response,
                     reason=self.reason_input.value):
            self.reason_input.value = ""

    def undo_response(self) -> None:
        """Take back the last answer of the consent round; an objection's reason goes back in
        the box, so a mistyped reason can be corrected."""
        if self.process is None:
            return
        answers = self.process.current_responses if self.process.step == "consent-round" else []
        if not self._act("undo_response"):
            return
        undone = answers[-1]
        self.reason_input.value = undone.reason or ""
        self.refresh()
        rnd = self.process.round
        now = f"it is {rnd.current}'s turn." if rnd is not None and rnd.current else ""
        self.status.value = feedback_html(
            f"{undone.member}'s answer ({undone.response}) is taken back; {now}",
            kind="neutral", headline="Undone.")

    def new_decision(self) -> None:
        """Back to the set-up for the next proposal: same circle and members, proposal empty."""
        if self.process is not None:
            self.circle_input.value = self.process.circle
            self.members_input.value = "\n".join(self.process.members)
        self.proposal_input.value = ""
        self.process = None
        if self._running_built:
            self.amend_input.value = self.detail_text.value = ""
            self.status.value = ""
        self.keeper.finish()
        self._view("setup")
        self.setup_status.value = feedback_html(
            "Same circle and members; write the next proposal.", kind="neutral",
            headline="New decision.")

    def _integrate(self) -> None:
        strategy = self.strategy_choice.value
        try:
            details: dict[str, Any] = {
                "amend": lambda: {"text": self.detail_text.value},
                "shorten-term": lambda: {"months": int(self.detail_months.value)},
                "measure": lambda: {"measure": self.detail_measure.value,
                                    "alarm": self.detail_alarm.value},
                "helping-circle": lambda: {
                    "members": parse_names(self.detail_members.value, "member"),
                    "task": self.detail_task.value,
                    "come_back": self.detail_come_back.value},
            }[strategy]()
        except CourseError as exc:
            self.status.value = error_html(exc.plain)
            return
        choice = self.objection_choice.value
        self._act("integrate", objection=0 if choice is None else choice, strategy=strategy,
                  **details)

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Redraw everything from the process."""
        process = self.process
        if process is None:
            return
        step = process.step
        if step == "postponed":  # the process ended undecided
            shown = [s for s in STEPS if s not in ("decided", "published")]
        else:
            shown = [s for s in STEPS if s != "postponed"
                     and (s != "integrate-objections" or process.objections)]
        number = shown.index(step) + 1
        items = [f'<li aria-current="step" class="course-step-now"><strong>{STEP_LABELS[s]}'
                 "</strong> (now)</li>" if s == step else f"<li>{STEP_LABELS[s]}</li>"
                 for s in shown]
        self.progress.value = (
            f"<p><strong>Step {number} of {len(shown)}: {STEP_LABELS[step]}</strong></p>"
            '<ol class="course-steps" aria-label="Steps of the consent process" '
            'style="display:flex;flex-wrap:wrap;gap:0.2em 1.6em;padding-left:1.2em;'
            f'margin-top:0">{"".join(items)}</ol>')
        title = _esc(process.circle or "The circle")
        self.proposal_view.value = (
            f"<h4>{title}: proposal</h4><blockquote class='course-proposal' "
            f"style='border-left:4px solid {ACCENT};margin:0.4em 0;padding:0.2em 0.8em'>"
            f"{_esc(process.proposal).replace(chr(10), '<br>')}</blockquote>"
            f"<p>Term: {process.term_months} months</p>")
        self.prompt_view.value = (f'<div class="course-prompt" role="note"><strong>'
                                  f"Facilitator:</strong> {_esc(PROMPTS[step])}</div>")
        self.body.children = self._body(process)
        finished = step in ("decided", "published", "postponed")
        self.next_button.disabled = finished
        self.next_button.layout.display = "none" if finished else None
        self.next_button.description = self._next_label(process)
        self.export.update(process)

    @staticmethod
    def _next_label(process: ConsentProcess) -> str:
        """The move-on button, named for what it does at this point of the process."""
        step = process.step
        if step == "consent-round":
            rnd = process.round
            if rnd is None or not rnd.is_complete:
                return "Acknowledge the result (after every answer)"
            if any(r.response == "objection" for r in process.current_responses):
                return "Objections raised: integrate them"
            return "Consent reached: record it"
        return {
            "present": "Start clarifying questions",
            "clarifying-questions": "Start quick reactions",
            "quick-reactions": "Restate, then consent round",
            "integrate-objections": "Back to the consent round",
        }.get(step, "Next step")

    def _body(self, process: ConsentProcess) -> list[widgets.Widget]:
        step = process.step
        if step in ("clarifying-questions", "quick-reactions"):
            assert process.round is not None
            if self.round_panel.round is not process.round:
                self._seen_round, self._seen = process.round, len(process.round.turns)
                self.round_panel.attach(process.round)
            extra = [self.amend_box] if step == "quick-reactions" else []
            if step == "quick-reactions" and not self.amend_input.value:
                self.amend_input.value = process.proposal
            return [self.round_panel, *extra]
        if step == "consent-round":
            self._draw_consent(process)
            return [self.consent_box]
        if step == "integrate-objections":
            self._draw_integrate(process)
            return [self.integrate_box]
        if step == "decided":
            assert process.decision is not None
            d = process.decision
            said = widgets.HTML(feedback_html(
                f"in consent round {d.consent_rounds}, from {', '.join(d.consented_by)}.",
                kind="right", headline="We have consent"))
            return [said, self.publish_box]
        if step == "postponed":
            assert process.postponement is not None
            return [widgets.HTML(feedback_html(
                f"{process.postponement.sentence()} This decision ends here: start a new "
                "consent process with the changed proposal.", kind="neutral",
                headline="Postponed, no decision yet."))]
        if step == "published":
            assert process.decision is not None
            d = process.decision
            return [widgets.HTML(feedback_html(
                f"Decided on {d.decided_on}; term {d.term_months} months (ends {d.term_ends}); "
                f"review by {d.review_date}.", kind="right", headline="Published.")),
                self.new_decision_button]
        return []  # "present": the facilitator's prompt says it (read the proposal aloud)

    def _draw_consent(self, process: ConsentProcess) -> None:
        rnd = process.round
        assert rnd is not None
        if rnd.current is None:
            self.turn_view.value = "<p>Everyone has answered. Acknowledge the result.</p>"
        else:
            after = f" Next: {_esc(rnd.next_speaker)}." if rnd.next_speaker else ""
            self.turn_view.value = (f"<p>Consent round {process.consent_rounds}. "
                                    f"<strong>{_esc(rnd.current)}</strong>, do you have an "
                                    f"objection?{after}</p>")
        done = rnd.current is None
        self.consent_button.disabled = self.object_button.disabled = done
        self.undo_response_button.disabled = not process.current_responses
        items = "".join(
            f"<li>{_esc(r.member)}: <strong>{r.response}</strong>"
            + (f" ({_esc(r.reason)})" if r.reason else "") + "</li>"
            for r in process.current_responses)
        self.responses_view.value = f"<ul>{items}</ul>" if items else ""

    def _draw_integrate(self, process: ConsentProcess) -> None:
        options = [(f"{o.member}: {o.reason}", i) for i, o in enumerate(process.open_objections)]
        self.objection_choice.options = options
        self.objection_choice.value = options[0][1] if options else None
        if not self.detail_text.value:
            self.detail_text.value = process.proposal
        self.integrated_view.value = integrated_objections_html(
            process.objections, all_integrated=not options)
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
        self.download = FileExport("consent-decision.md", "text/markdown", what="logbook entry")
        self.children = [widgets.HTML("<h4>Logbook entry</h4>"), self.download, self.preview]

    def update(self, process: ConsentProcess) -> None:
        self.markdown = consent_logbook_entry(process)
        # Folded by default: the entry's headings stay out of the page's outline until asked for.
        self.preview.value = (
            '<details class="course-logbook"><summary>Preview of the logbook entry</summary>'
            f"{markdown_to_html(self.markdown)}</details>")
        self.download.set(self.markdown, f"consent-decision-{self.today().isoformat()}.md",
                          text="Download the logbook entry (Markdown)")
