"""Meeting tools: ``MeetingPlanner`` (an agenda in SoFA's frame) and ``MeetingRunner`` (the app).

``MeetingPlanner`` builds an agenda: items with their kind and minutes, the frame added around
them, a timeline, the findings of :meth:`sociocracy.meetings.Meeting.validate`, and the agenda to
print (Markdown) or to keep as a file (YAML, the format ``sociocracy-course check`` reads).

``MeetingRunner`` is the workshop app: plan, then run the meeting part by part with the current
part highlighted, a timer against the plan, notes per part, a round or a consent decision started
from a part (the course's :class:`RoundFacilitator` and :class:`ConsentFacilitator`, embedded),
the backlog, and the minutes of the whole meeting as one download. The check-in and the evaluation
can be written on phones first ("Ask the phones", "N of M answered", "Reveal"). It is a view of a
:class:`~sociocracy.sessions.meeting.MeetingSession`, which holds the rules, the record (each
completed part written before it is shown as done; an unfinished meeting offered for resuming)
and the line to the workshop room.

Rules live in :mod:`sociocracy.meetings`; text people typed reaches HTML only through
``html.escape`` (or :func:`feedback_html`, which escapes).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError, ScenarioError
from sociocracy.core.language import N_, _, ngettext, pgettext
from sociocracy.core.names import parse_names
from sociocracy.core.people_text import html_text
from sociocracy.course.agenda_files import (
    AgendaFile,
    agenda_files,
    open_agenda,
    read_agenda_upload,
)
from sociocracy.logbook import shown_date
from sociocracy.meeting_minutes import agenda_markdown
from sociocracy.meetings import (
    FRAME,
    ITEM_KINDS,
    AgendaItem,
    Meeting,
    MeetingRun,
    kind_label,
    load_agenda,
)
from sociocracy.rooms.screens import taken_over_sentence
from sociocracy.rounds import KINDS as ROUND_KIND_NAMES
from sociocracy.rounds import ROUND_KINDS
from sociocracy.sessions.meeting import APP, PHONE_PARTS, MeetingSession, MeetingState
from sociocracy.sessions.room_link import REFRESH_EVERY

from .app_record import AppRecord
from .audience import ProjectorPanel, audience_link_html
from .charts import ChartView, new_figure
from .consent import ConsentFacilitator
from .downloads import FileExport
from .feedback import error_html, feedback_html, file_problem_html
from .palette import ACCENT, NEUTRAL, OKABE_ITO, PROBLEM

if TYPE_CHECKING:
    from matplotlib.figure import Figure
from .looks import hide, lighten
from .rounds import RoundFacilitator

__all__ = ["MeetingPlanner", "MeetingRunner"]

_STYLE = {"description_width": "10em"}
#: Colours of the timeline by kind of part (Okabe-Ito); the kind is also written in the table.
KIND_COLOURS = {"frame": NEUTRAL, "report": OKABE_ITO["sky_blue"],
                "exploration": OKABE_ITO["orange"], "decision": OKABE_ITO["bluish_green"],
                "spare": "#dddddd"}
#: The kinds of item as the menu and the guidance name them (English, marked: shown with ``_()``).
KIND_LABELS = {"report": N_("Report"), "exploration": N_("Exploration"),
               "decision": N_("Decision")}
#: The kind of a part of the frame, or of the time left over, in the plan's table.
# Translators: the kind of a part of the meeting's plan: the time left over.
PART_KINDS = {"frame": N_("frame"), "spare": N_("spare")}


def _wide() -> widgets.Layout:
    return widgets.Layout(width="98%", max_width="40em")


def _esc(text: Any) -> str:
    """People's text for the page: escaped and isolated (``<bdi>``, one rule in core)."""
    return html_text(text)


_hide = hide


def _clock(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def _mmss(minutes: float) -> str:
    seconds = max(0, round(minutes * 60))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _part_kind(meeting: Meeting, part) -> str:
    if part.key == "item":
        return meeting.items[part.item].kind
    return "spare" if part.key == "spare" else "frame"


def _minutes_label() -> str:
    """"Minutes" as a length of time (an item's, a part's), not a meeting's record."""
    # Translators: a length of time in minutes, not the minutes (record) of a meeting.
    return pgettext("a length of time", "Minutes")


def _kind_shown(kind: str) -> str:
    """A part's kind (:func:`_part_kind`) in the page's language, for the plan's table."""
    return _(PART_KINDS[kind]) if kind in PART_KINDS else kind_label(kind)


class MeetingPlanner(widgets.VBox):
    """Plan a meeting: the circle, date and length, the items, then the plan and its findings.

    ``meeting`` (a :class:`Meeting`, or a path to an agenda file) fills the form.
    :attr:`meeting` is the agenda as the form stands (``None`` while the form cannot be used;
    :attr:`message` then says why).
    ``timeline=False`` draws the timeline chart only when asked for ("Show the timeline
    chart"): the plan's table says the same, and the meeting app opens faster without a chart
    (matplotlib is not even loaded until then). Lesson 9 shows it from the start.
    """

    def __init__(self, meeting: Meeting | str | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today,
                 save_button: bool | None = None, timeline: bool = True) -> None:
        super().__init__()
        self.add_class("course-meeting-planner")
        self.items: list[AgendaItem] = []
        self.meeting: Meeting | None = None
        self.circle = widgets.Text(description=_("Circle"), placeholder=_("e.g. Garden circle"),
                                   style=_STYLE, layout=_wide())
        self.date = widgets.DatePicker(description=_("Date"), value=today(), style=_STYLE)
        self.length = widgets.BoundedIntText(value=90, min=10, max=600, step=5, style=_STYLE,
                                             description=_("Length (min)"))
        # --- one item
        self.item_title = widgets.Text(description=_("Item title"), style=_STYLE,
                                       layout=_wide(), placeholder=_("e.g. Compost report"))
        self.item_kind = widgets.Dropdown(
            options=[(_(KIND_LABELS[k]), k) for k in ITEM_KINDS], value="report",
            description=_("Kind of item"), style=_STYLE)
        self.kind_help = widgets.HTML()
        self.item_minutes = widgets.BoundedIntText(value=10, min=1, max=300, style=_STYLE,
                                                   description=_minutes_label())
        self.item_owner = widgets.Text(description=_("Brought by"), style=_STYLE,
                                       layout=_wide(), placeholder=_("optional: who brings it"))
        self.item_proposal = widgets.Textarea(description=_("Proposal"), rows=2, style=_STYLE,
                                              layout=_wide(),
                                              placeholder=_("what the circle will consent to "
                                                            "(none for a selection)"))
        self.add_button = widgets.Button(description=_("Add item"), button_style="primary",
                                         tooltip=_("Add this item to the agenda"),
                                         layout=widgets.Layout(width="max-content"))
        # --- the list
        self.item_list = widgets.Select(description=_("Agenda items"), rows=5, style=_STYLE,
                                        layout=_wide())
        self.up_button = widgets.Button(description=_("Move up"),
                                        tooltip=_("Move the selected item earlier"),
                                        layout=widgets.Layout(width="auto"))
        self.down_button = widgets.Button(description=_("Move down"),
                                          tooltip=_("Move the selected item later"),
                                          layout=widgets.Layout(width="auto"))
        self.remove_button = widgets.Button(description=_("Remove"),
                                            tooltip=_("Remove the selected item"),
                                            layout=widgets.Layout(width="auto"))
        # --- the plan
        self.timeline = widgets.HTML()
        # Drawn now only with the timeline on: then it is the page's opening chart.
        self.chart = ChartView(keep_opening=timeline)
        self.show_chart = widgets.ToggleButton(
            value=timeline, description=_("Show the timeline chart"),
            tooltip=_("Draw the plan as a timeline (the table above says the same)"),
            layout=widgets.Layout(width="max-content"))
        self.show_chart.observe(lambda _c: self._chart_toggled(), names="value")
        if timeline:
            hide(self.show_chart, True)  # always shown: nothing to ask for
        self.findings = widgets.HTML()
        self.agenda_md = FileExport("agenda.md", "text/markdown", what=N_("agenda"),
                                    save_button=save_button)
        self.agenda_yaml = FileExport("agenda.yaml", "text/yaml", what=N_("agenda file"),
                                      save_button=save_button)
        self.message = widgets.HTML()
        # --- open an agenda: the course's and the trainer's files, or one from this computer
        self.agenda_files = agenda_files()
        self.agenda_menu = widgets.Dropdown(
            description=_("Open an agenda"), style=_STYLE, layout=_wide(),
            options=[(_("(choose an agenda file)"), "")] + [
                (f.label, f.shown + "|" + str(i)) for i, f in enumerate(self.agenda_files)])
        self.agenda_menu.observe(lambda _c: self._open_listed(), names="value")
        self.agenda_upload = widgets.FileUpload(accept=".yaml,.yml", multiple=False,
                                                description=_("Open a file"),
                                                tooltip=_("Open an agenda file (YAML) from this "
                                                          "computer"))
        self.agenda_upload.observe(self._on_upload, names="value")
        self.file_status = widgets.HTML()
        self._quiet = False  # the menu shows the file the page opened with: not a new choice
        self._file_problem = ""
        self._loading = False  # load() sets several fields: one redraw at the end, not one each
        for control in (self.circle, self.date, self.length):
            control.observe(self._field_changed, names="value")
        self.item_kind.observe(lambda _c: self._kind_changed(), names="value")
        self.add_button.on_click(lambda _b: self.add_item())
        self.up_button.on_click(lambda _b: self._move(-1))
        self.down_button.on_click(lambda _b: self._move(+1))
        self.remove_button.on_click(lambda _b: self._remove())
        self.children = [
            widgets.HTML(_("<h3>The meeting</h3>")),
            widgets.HBox([self.agenda_menu, self.agenda_upload],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.file_status, self.circle, self.date, self.length,
            widgets.HTML(_("<h3>Add an item</h3>")), self.item_title, self.item_kind,
            self.kind_help, self.item_minutes, self.item_owner, self.item_proposal,
            self.add_button,
            widgets.HTML(_("<h3>The agenda</h3>")), self.item_list,
            widgets.HBox([self.up_button, self.down_button, self.remove_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.message,
            widgets.HTML(_("<h3>The plan, with SoFA's frame around the items</h3>")),
            self.timeline, self.show_chart, self.chart, self.findings,
            widgets.HTML(_("<h4>Print or keep the agenda</h4>")), self.agenda_md,
            self.agenda_yaml,
        ]
        if isinstance(meeting, str):
            self._show_listed(meeting)
            try:
                meeting = load_agenda(meeting)
            except ScenarioError as exc:  # a trainer's file never stops the page
                meeting = None
                self._file_problem = error_html(
                    _("The agenda file could not be used: {problem}. Plan the meeting here, or "
                      "fix the file (sociocracy-course check names every problem).").format(
                        problem=exc))
        self._kind_changed()
        if meeting is not None:
            self.load(meeting)
        else:
            self.refresh()
        if self._file_problem:
            self.message.value = self._file_problem
        lighten(self)  # one shared layout and style per kind (issue 27)

    # ---- opening a file ---------------------------------------------------------------------
    def _show_listed(self, path: str) -> None:
        """Show the file the page opened with as the menu's choice (without opening it again)."""
        try:
            wanted = Path(path).resolve()
        except OSError:
            return
        for value in self.agenda_menu.options:
            index = value[1].rsplit("|", 1)[-1] if value[1] else ""
            if index and self.agenda_files[int(index)].path.resolve() == wanted:
                self._quiet = True
                try:
                    self.agenda_menu.value = value[1]
                finally:
                    self._quiet = False
                return

    def _open_listed(self) -> None:
        value = self.agenda_menu.value
        if not value or self._quiet:
            return
        agenda = self.agenda_files[int(value.rsplit("|", 1)[1])]
        self.open_file(agenda)

    def open_file(self, agenda: AgendaFile) -> None:
        """Fill the form from a listed agenda file; a broken one is a box (file, line, field)."""
        try:
            meeting = open_agenda(agenda)
        except CourseError as exc:
            self._say_file(str(exc))
            return
        self._opened(meeting, agenda.shown)

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = str(item.get("name") or _("the file")).replace("\\", "/").rsplit("/", 1)[-1]
        try:
            meeting = read_agenda_upload(bytes(item["content"]), name)
        except CourseError as exc:
            self._say_file(str(exc), uploaded=True)
            return
        except Exception as exc:  # an upload always gets an answer, never a traceback
            self._say_file(_("{name} could not be opened ({error}); is it an agenda file like "
                             "examples/agendas/garden_march.yaml?").format(
                                 name=name, error=type(exc).__name__), uploaded=True)
            return
        finally:
            self.agenda_upload.value = ()  # the same file can be opened again
        self._opened(meeting, name)

    def _say_file(self, problem: str, *, uploaded: bool = False) -> None:
        """One box for a file that cannot be opened; the form keeps what it had."""
        if uploaded:
            self.file_status.value = feedback_html(
                _("{problem}. Fix the file and open it again; nothing here changed.").format(
                    problem=problem.rstrip(".")),
                kind="error", headline=_("This agenda cannot be opened:"), quote=False)
        else:
            self.file_status.value = file_problem_html(problem.rstrip("."), N_("agenda"))

    def _opened(self, meeting: Meeting, shown: str) -> None:
        self.load(meeting)
        count = len(meeting.items)
        self.file_status.value = feedback_html(
            ngettext("Opened {file}: {circle}, {date}, {count} item.",
                     "Opened {file}: {circle}, {date}, {count} items.", count).format(
                file=shown, circle=meeting.circle, date=shown_date(meeting.date), count=count),
            quote=False)

    # ---- editing ----------------------------------------------------------------------------
    def load(self, meeting: Meeting) -> None:
        """Fill the form from a meeting (e.g. one read from an agenda file)."""
        self.items = list(meeting.items)
        self._loading = True
        try:
            self.circle.value = meeting.circle
            self.date.value = meeting.date
            self.length.value = int(meeting.minutes)
        finally:
            self._loading = False
        self.refresh()

    def _field_changed(self, _change: dict) -> None:
        if not self._loading:
            self.refresh()

    def _kind_changed(self) -> None:
        kind = self.item_kind.value
        self.kind_help.value = f"<p><small>{_esc(_(ITEM_KINDS[kind]))}</small></p>"
        _hide(self.item_proposal, kind != "decision")

    def add_item(self) -> AgendaItem | None:
        """Add the item in the form to the agenda; a problem is shown instead."""
        try:
            item = AgendaItem(self.item_title.value, self.item_kind.value,
                              self.item_minutes.value, self.item_owner.value or None,
                              proposal=(self.item_proposal.value
                                        if self.item_kind.value == "decision" else ""))
        except CourseError as exc:
            self.message.value = error_html(exc.plain)
            return None
        self.items.append(item)
        self.item_title.value = self.item_owner.value = self.item_proposal.value = ""
        self.message.value = ""
        self.refresh()
        self.item_list.value = len(self.items) - 1
        return item

    def _move(self, step: int) -> None:
        i = self.item_list.value
        if i is None:
            self.message.value = error_html(_("Select an item in the agenda first."))
            return
        j = min(max(i + step, 0), len(self.items) - 1)
        self.items[i], self.items[j] = self.items[j], self.items[i]
        self.message.value = ""
        self.refresh()
        self.item_list.value = j

    def _remove(self) -> None:
        i = self.item_list.value
        if i is None:
            self.message.value = error_html(_("Select an item in the agenda first."))
            return
        del self.items[i]
        self.message.value = ""
        self.refresh()

    # ---- drawing ----------------------------------------------------------------------------
    def build(self) -> Meeting:
        """The agenda as a :class:`Meeting` (raises :class:`CourseError` with a plain message)."""
        if self.date.value is None:
            raise CourseError(_("Choose the meeting's date."))
        return Meeting(self.circle.value or _("Circle"), self.date.value, self.length.value,
                       self.items)

    def refresh(self) -> None:
        self.item_list.options = [
            (_("{number}. {title} ({kind}, {minutes} min)").format(
                number=i + 1, title=item.title, kind=kind_label(item.kind),
                minutes=f"{item.minutes:g}"), i)
            for i, item in enumerate(self.items)]
        try:
            meeting = self.build()
        except CourseError as exc:
            self.meeting = None
            self.message.value = error_html(exc.plain)
            return
        self.meeting = meeting
        self._draw(meeting)

    def _draw(self, meeting: Meeting) -> None:
        plan = meeting.plan()
        rows = "".join(
            f"<tr><td>{_clock(p.start)}</td><td>{_esc(p.shown_title)}</td>"
            f"<td>{_esc(_kind_shown(_part_kind(meeting, p)))}</td><td>{p.minutes:g}</td></tr>"
            for p in plan)
        caption = ngettext("The plan: {circle}, {date}, {minutes} minute",
                           "The plan: {circle}, {date}, {minutes} minutes",
                           int(meeting.minutes)).format(
            circle=_esc(meeting.circle), date=html.escape(shown_date(meeting.date)),
            minutes=f"{meeting.minutes:g}")
        heads = "".join(f"<th scope='col'>{html.escape(head)}</th>" for head in (
            # Translators: a column of the meeting's plan: the clock time a part starts.
            _("Starts"), _("Part"), _("Kind"), _minutes_label()))
        self.timeline.value = (
            "<div class='course-table-scroll'>"
            f"<table class='course-compare course-meeting-plan'><caption>{caption}"
            f"</caption><thead><tr>{heads}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")
        self._chart(meeting, plan)
        stem = f"agenda-{meeting.date.isoformat()}"
        self.agenda_md.set(agenda_markdown(meeting), f"{stem}.md",
                           text=_("Download the agenda to print (Markdown)"))
        self.agenda_yaml.set(meeting.to_yaml(), f"{stem}.yaml",
                             text=_("Download the agenda file (YAML, for sociocracy-course "
                                    "check)"))
        # The findings last: people (and browser tests) wait for them.
        findings = meeting.validate()
        if findings:
            self.findings.value = "".join(feedback_html(
                f.message, kind="wrong" if f.severity == "error" else "neutral",
                headline=(_("Problem:") if f.severity == "error" else _("Worth a look:")))
                for f in findings)
        else:
            self.findings.value = feedback_html(
                _("The agenda fits the time and has the whole frame."), kind="right",
                # Translators: the agenda (masculine in Spanish: "el orden del día") is ready.
                headline=pgettext("the agenda is ready", "Ready."))

    def _chart_toggled(self) -> None:
        shown = self.show_chart.value
        self.show_chart.description = (_("Hide the timeline chart") if shown
                                       else _("Show the timeline chart"))
        if shown and self.meeting is not None:
            self._chart(self.meeting, self.meeting.plan())
        hide(self.chart, not shown)

    def _chart(self, meeting: Meeting, plan) -> None:
        if not self.show_chart.value:
            hide(self.chart, True)
            return
        parts = "; ".join(_("{title} from minute {start} to {end}").format(
            title=p.shown_title, start=f"{p.start:g}", end=f"{p.end:g}") for p in plan)
        if meeting.needed > meeting.minutes:
            alt = _("Timeline of a {minutes}-minute meeting: {parts}. It runs {over} minutes "
                    "over.").format(minutes=f"{meeting.minutes:g}", parts=parts,
                                    over=f"{meeting.needed - meeting.minutes:g}")
        else:
            alt = _("Timeline of a {minutes}-minute meeting: {parts}.").format(
                minutes=f"{meeting.minutes:g}", parts=parts)
        self.chart.draw(draw_timeline,
                        [(p.shown_title, p.start, p.minutes, _part_kind(meeting, p))
                         for p in plan],
                        meeting.minutes, alt=alt)


def draw_timeline(parts: list[tuple[str, float, float, str]], minutes: float) -> Figure:
    """The plan as bars on a time line (``parts``: title, start, minutes, kind), and its end.

    Decisions are hatched, so the kinds read apart without colour.
    """
    fig = new_figure(width=6.4, height=0.32 * len(parts) + 1.2)
    ax = fig.subplots()
    for row, (_title, start, length, kind) in enumerate(parts):
        ax.barh(row, length, left=start, color=KIND_COLOURS[kind], edgecolor="black",
                linewidth=0.5, hatch="//" if kind == "decision" else None)
    ax.set_yticks(range(len(parts)), [title.replace("$", r"\$")[:28] for title, *_ in parts])
    ax.invert_yaxis()
    ax.axvline(minutes, color=PROBLEM, linestyle="--", linewidth=1.5)
    ax.set_xlabel(_("Minutes from the start"))
    ax.set_title(_("Timeline (dashed line: the meeting's end)"))
    return fig


class MeetingRunner(widgets.VBox):
    """Plan and run a circle meeting, and hand out its minutes (the ``apps/meeting`` app).

    A view of a :class:`~sociocracy.sessions.meeting.MeetingSession` (:attr:`app_session`): it
    shows the session's state and forwards clicks; the meeting's rules, its record and its line
    to the workshop room live in the session. Its round is shown by a
    :class:`RoundFacilitator` on the session's own :class:`RoundSession`, its consent decision by
    a :class:`ConsentFacilitator` attached to the run's process.

    ``store`` is the workshop record (default: :class:`sociocracy.rooms.RoomStore` in the data
    folder; ``False``: keep no record). ``clock`` gives seconds (tests pass a fake one).
    ``refresh_every``: seconds between two looks at the phones' count (0: only on demand).
    """

    APP = APP

    def __init__(self, meeting: Meeting | str | None = None, members: list[str] | None = None,
                 *, store: Any = None, clock: Callable[[], float] | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 save_button: bool | None = None, refresh_every: float = REFRESH_EVERY,
                 session: MeetingSession | None = None) -> None:
        super().__init__()
        import time

        self.add_class("course-meeting-runner")
        self.clock = clock or time.time
        self.refresh_every = refresh_every
        self.app_session = session or MeetingSession(store=store or None,
                                                     record=store is not False,
                                                     clock=self.clock)
        self._ticker: asyncio.Task | None = None
        self._poller: asyncio.Task | None = None
        self._acting = False  # this page's own click: it says what happened itself
        self.planner = MeetingPlanner(meeting, today=today, save_button=save_button,
                                      timeline=False)
        self.members = widgets.Textarea(value="\n".join(members or []), rows=5, style=_STYLE,
                                        description=_("People present"), layout=_wide(),
                                        placeholder=_("One name a line, in seating order"))
        self.start_button = widgets.Button(description=_("Start the meeting"),
                                           button_style="primary",
                                           tooltip=_("Start the meeting with this agenda"),
                                           layout=widgets.Layout(width="max-content"))
        self.start_button.on_click(lambda _b: self.start())
        self.setup_status = widgets.HTML()
        self.keeper = AppRecord(APP, N_("meeting"), resume=self._resume_session,
                                keeper=self.app_session.keeper,
                                on_taken_over=self._taken_over)
        # the record's boxes, under the names the app has always had
        self.resume_box = self.keeper.resume_box
        # (in Projector mode the panel's row shows "Start the meeting"; this box folds away)
        start_box = widgets.HBox([self.start_button])
        start_box.add_class("course-facilitator-only")
        self.setup = widgets.VBox([self.resume_box, self.planner,
                                   widgets.HTML(_("<h3>Who is here</h3>")), self.members,
                                   start_box, self.setup_status])
        # Projector mode: the room's view, and the step's controls in one row under it (the
        # planner folds to its first line, unfolding under the pointer or the keyboard's focus).
        self.setup.add_class("course-projector-fold")
        self.audience_panel = ProjectorPanel(self.app_session)
        # The run view (with a round and a consent panel: most of this tool's ~650 widget models)
        # is built when the meeting starts: a page that opens on the set-up does not send it.
        self._run_view_built = False
        self.children = [self.setup, self.keeper.past_box, self.audience_panel]
        self.app_session.subscribe(self._session_changed)
        self._draw_audience()
        if self.app_session.keeper.record:
            self.keeper.offer()
        lighten(self)  # one shared layout and style per kind (issue 27)

    # the record's controls, under the names the app has always had (built when first read)
    @property
    def resume_text(self) -> widgets.HTML:
        return self.keeper.resume_text

    @property
    def resume_button(self) -> widgets.Button:
        return self.keeper.resume_button

    @property
    def discard_button(self) -> widgets.Button:
        return self.keeper.set_aside_button

    # ---- the session ------------------------------------------------------------------------
    @property
    def run(self) -> MeetingRun | None:
        """The meeting as it runs (the session's), ``None`` before the start."""
        return self.app_session.run

    @property
    def session(self) -> Any:
        """The workshop-record session this meeting is written to (``None``: not kept)."""
        return self.keeper.session

    def discard(self) -> None:
        """Close the unfinished meeting in the record (kept, no longer offered) and plan anew."""
        self.keeper.set_aside()

    def _session_changed(self, state: MeetingState) -> None:
        """Redraw after any change of the session: this page's clicks, a turn taken in the round
        panel, a step of the consent decision, the phones' count."""
        if not self._run_view_built or state.step == "setup":
            self._draw_audience()
            return
        self.refresh()
        if state.taken_over:
            self.keeper.beat()  # shows "taken over" and offers "Take it back"
            if state.message:
                self.status.value = error_html(state.message)
            return
        if self._acting:
            return
        if state.activity == "round":
            self.status.value = (feedback_html(
                _("Take a note if you like, then press Next part."), kind="right",
                headline=_("The round is complete.")) if state.round_complete else "")

    def _taken_over(self) -> None:
        if self._run_view_built:
            self.status.value = error_html(taken_over_sentence("meeting"))

    def _own(self, action: Callable[[], str]) -> str:
        self._acting = True
        try:
            return action()
        finally:
            self._acting = False

    # ---- the run view -----------------------------------------------------------------------
    def _build_run(self) -> None:
        if self._run_view_built:
            return
        self._run_view_built = True
        self.heading = widgets.HTML()
        self.parts_view = widgets.HTML()
        self.parts_view.add_class("course-meeting-parts-view")
        self.time_view = widgets.HTML()
        self.time_view.add_class("course-meeting-time")
        self.guidance = widgets.HTML()
        self.notes = widgets.Textarea(description=_("Notes for this part"), rows=3,
                                      style=_STYLE, layout=_wide())
        self.round_kind = widgets.Dropdown(
            options=[(ROUND_KINDS[k].label, k) for k in ROUND_KIND_NAMES],
            description=_("Kind of round"), style=_STYLE)
        self.round_prompt = widgets.Text(description=_("Prompt"), style=_STYLE, layout=_wide())
        self.round_button = widgets.Button(description=_("Start a round"),
                                           tooltip=_("Start a round with everyone present"),
                                           layout=widgets.Layout(width="max-content"))
        self.consent_button = widgets.Button(description=_("Start a consent decision"),
                                             tooltip=_("Decide this item's proposal by consent"),
                                             layout=widgets.Layout(width="max-content"))
        self.round_button.on_click(lambda _b: self.start_round())
        self.consent_button.on_click(lambda _b: self.start_consent())
        # --- the phones: the check-in and the evaluation written first, then spoken
        self.phones_button = widgets.Button(description=_("Ask the phones"),
                                            tooltip=_("People write their answer on their "
                                                      "phones first; the round then speaks it"),
                                            layout=widgets.Layout(width="max-content"))
        self.phones_count = widgets.HTML()
        self.phones_count.add_class("course-meeting-phones-count")
        self.reveal_button = widgets.Button(description=_("Reveal"), button_style="primary",
                                            tooltip=_("Show every written answer at once and "
                                                      "start the spoken round with them"),
                                            layout=widgets.Layout(width="max-content"))
        self.phones_button.on_click(lambda _b: self.ask_phones())
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.phones_box = widgets.HBox([self.phones_button, self.phones_count,
                                        self.reveal_button],
                                       layout=widgets.Layout(flex_flow="row wrap",
                                                             align_items="center"))
        self.round_panel = RoundFacilitator(save_button=False, show_minutes=False,
                                            clock=self._seconds_clock(),
                                            session=self.app_session.rounds)
        for control in (self.round_panel.setup, self.round_panel.stop, self.round_panel.again):
            hide(control, True)
        self.consent_panel = ConsentFacilitator(session=self.app_session.consent)
        self.consent_panel.build_running()
        # (a strategy's own boxes change the decision's controls, not the session)
        self.consent_panel.strategy_choice.observe(lambda _c: self._draw_audience(),
                                                   names="value")
        # The meeting's audience view shows the round and the consent decision of the part:
        # their own projector panels and links (if they have them) are not shown in it.
        for panel in (self.round_panel, self.consent_panel):
            for name in ("audience_link", "audience_panel"):
                inner = getattr(panel, name, None)
                if isinstance(inner, widgets.Widget):
                    inner.remove_class("course-audience-panel")
                    _hide(inner, True)
        # In Projector mode the round's big display is the audience panel's; the round's own
        # views fold away, its buttons shown in the panel's one row (as in the round app).
        self.round_panel.fold_in_projector()
        shown = self.round_panel
        for box in shown.run.children:
            inside = getattr(box, "children", ())
            if box is shown.heading or shown.now in inside or shown.up_next in inside \
                    or box is shown.turn_list:
                box.add_class("course-facilitator-only")
        self.activity = widgets.VBox()
        self.backlog_input = widgets.Text(description=_("Add to backlog"), style=_STYLE,
                                          layout=_wide(),
                                          placeholder=_("a topic for a later meeting"))
        self.backlog_button = widgets.Button(description=_("Add to backlog"),
                                             tooltip=_("Put this on the circle's backlog"),
                                             layout=widgets.Layout(width="max-content"))
        self.backlog_button.on_click(lambda _b: self.add_backlog())
        self.backlog_view = widgets.HTML()
        self.next_button = widgets.Button(description=_("Next part"), button_style="primary",
                                          tooltip=_("This part is done: save it and move on"),
                                          layout=widgets.Layout(width="max-content"))
        self.next_button.add_class("course-meeting-next")
        self.next_button.on_click(lambda _b: self.next_part())
        self.status = widgets.HTML()
        self.minutes = FileExport("meeting-minutes.md", "text/markdown", what=N_("minutes"),
                                  save_button=False)
        # The projector: a link to the audience view (a second window), and the same view in
        # this page for a single screen (Projector mode), where the parts only the facilitator
        # needs fold away: the parts list, the guidance, the notes, the minutes.
        self.audience_link = widgets.HTML(audience_link_html(APP))
        _hide(self.audience_link, not self.app_session.keeper.record)
        self.audience_link.add_class("course-facilitator-only")
        minutes_heading = widgets.HTML(_("<h3>Minutes</h3>"))
        # The part's own controls: in Projector mode those that act now sit in the panel's one
        # row instead (a box's classes are all its views', so the boxes carry the class).
        kind_box = widgets.VBox([self.round_kind, self.round_prompt])
        start_box = widgets.HBox([self.round_button, self.consent_button],
                                 layout=widgets.Layout(flex_flow="row wrap"))
        phones_holder = widgets.VBox([self.phones_box])
        backlog_box = widgets.HBox([self.backlog_input, self.backlog_button],
                                   layout=widgets.Layout(flex_flow="row wrap"))
        next_box = widgets.HBox([self.next_button])
        for part in (self.heading, self.parts_view, self.time_view, self.guidance, self.notes,
                     self.backlog_view, minutes_heading, self.minutes, kind_box, start_box,
                     phones_holder, backlog_box, next_box):
            part.add_class("course-facilitator-only")
        self.running = widgets.VBox([
            self.audience_link,
            self.heading, self.parts_view, self.time_view, self.guidance, self.notes,
            kind_box, start_box, phones_holder, self.activity, backlog_box,
            self.backlog_view, next_box, self.status, minutes_heading, self.minutes])

    def _seconds_clock(self) -> Callable[[], float]:
        return lambda: self.clock()

    def _show_run(self) -> None:
        self._build_run()
        self.children = [self.running, self.keeper.past_box, self.audience_panel]

    # ---- actions ----------------------------------------------------------------------------
    def start(self) -> MeetingRun | None:
        """Start the meeting planned in the planner with the people listed."""
        try:
            meeting = self.planner.build()
            members = parse_names(self.members.value, "member")
        except CourseError as exc:
            self.setup_status.value = error_html(exc.plain)
            return None
        if self.keeper.unfinished is not None:  # starting afresh sets a stopped one aside
            self.keeper.set_aside()
        problem = self._own(lambda: self.app_session.start(meeting, members))
        if problem:
            self.setup_status.value = error_html(problem)
            return None
        hide(self.resume_box, True)
        self.keeper.refresh_past()
        self.keeper.keep_beating()
        note = self.app_session.message
        problems = [f for f in meeting.validate() if f.code == "over-time"]
        self.setup_status.value = ""
        self._show_run()
        self._new_part()
        self.status.value = feedback_html(
            (problems[0].message + " " if problems else "") + (f"{note} " if note else "")
            + _("The meeting has started: the check-in comes first."), headline=_("Started."))
        self._start_ticker()
        return self.run

    def resume(self) -> MeetingRun | None:
        """Continue the unfinished meeting found in the record."""
        return self.run if self.keeper.resume() else None

    def _resume_session(self, recorded: Any) -> bool:
        """What "Resume it" and "Take it over" do (the screen already holds ``recorded``)."""
        problem = self._own(lambda: self.app_session._restore(recorded))
        run = self.run
        if problem or run is None:
            self.setup_status.value = error_html(problem) if problem else ""
            return False
        self.planner.load(run.meeting)
        self.members.value = "\n".join(run.members)
        self._show_run()
        if run.finished:
            self._finished()
        else:
            self._new_part()
            rnd = self.app_session.rounds.round
            if rnd is not None:  # a round cut short goes on from its current turn
                self.round_panel.attach(rnd)  # (the panel was built after the session had it)
            self._show_activity()
            self._start_ticker()
        if run.current:
            resumed = _("Resumed at: {part}.").format(part=run.current.shown_title)
        else:
            resumed = _("Resumed at: the end.")
        self.status.value = feedback_html(resumed, headline=_("Resumed."))
        return True

    def _say(self, problem: str, *, done: str = "", headline: str = "") -> bool:
        """Show the outcome of an action: its refusal, or ``done`` (may be empty)."""
        if problem:
            self.status.value = error_html(problem)
            return False
        if done or headline:
            self.status.value = feedback_html(done, headline=headline)
        return True

    def start_round(self) -> None:
        """Start a round in the current part with the kind and prompt chosen."""
        self.round_panel.limit.value = 0
        problem = self._own(lambda: self.app_session.start_round(
            self.round_kind.value, self.round_prompt.value, notes=self.notes.value))
        rnd = self.app_session.rounds.round
        if self._say(problem) and rnd is not None:
            self._show_activity()
            self._say("", done=_("{name} starts.").format(name=rnd.current),
                      headline=_("{kind} started.").format(kind=rnd.rule.label))

    def start_consent(self) -> None:
        """Start a consent decision on the current item's proposal."""
        problem = self._own(lambda: self.app_session.start_consent(notes=self.notes.value))
        if self._say(problem):
            self._show_activity()
            self._say("", done=_("Present the proposal, then follow the steps."),
                      headline=_("Consent decision started."))

    def ask_phones(self) -> None:
        """Put the check-in's (or the evaluation's) question on the phones."""
        problem = self._own(lambda: self.app_session.ask_phones(self.round_prompt.value))
        if self._say(problem):
            self._say("", done=_("People write their answer on their phones; reveal when "
                                 "everyone has answered."), headline=_("Asked the phones."))
            self._start_polling()

    def refresh_phones(self) -> None:
        """Look at the phones' count now (the page also does it every few seconds)."""
        self.app_session.refresh_phones()

    def reveal(self) -> None:
        """Reveal the phones' answers and start the spoken round with them as notes."""
        problem = self._own(self.app_session.reveal)
        rnd = self.app_session.rounds.round
        if self._say(problem) and rnd is not None:
            self._show_activity()
            self._say("", done=_("Each person's written words are their note when their "
                                 "turn comes. {name} starts.").format(name=rnd.current),
                      headline=_("Revealed."))

    def add_backlog(self) -> None:
        text = self.backlog_input.value
        if self._say(self._own(lambda: self.app_session.add_backlog(text))):
            self.backlog_input.value = ""
            self._say("", done=text, headline=_("Added to the backlog:"))

    def next_part(self) -> None:
        """Save the current part to the record, then move on (the record comes first)."""
        run = self.run
        if run is None or run.current is None:
            return
        done = run.current.shown_title
        if not self._say(self._own(lambda: self.app_session.next_part(notes=self.notes.value))):
            return
        if run.finished:
            self.keeper.refresh_past()
            self._finished()
            self.status.value = feedback_html(
                _("Download the minutes below and hand them out."),
                headline=_("The meeting is over."))
            return
        self._new_part()
        assert run.current is not None
        self.status.value = feedback_html(
            _("Now: {part}.").format(part=run.current.shown_title),
            headline=_("Done: {part}.").format(part=done))

    def follow(self) -> None:
        """Follow what moved on in the part's own tools (the consent decision's steps): the
        parts, the buttons and the minutes redrawn. The clock's tick calls it every second."""
        self.app_session.follow()

    # ---- drawing ----------------------------------------------------------------------------
    def _show_activity(self) -> None:
        """The part's round or consent decision, shown under the controls."""
        state = self.app_session.state
        if state.activity == "round":
            self.activity.children = [self.round_panel]
        elif state.activity == "consent" and self.app_session.decision is not None:
            if self.app_session.consent.process is not self.app_session.decision:
                self.app_session.consent.attach(self.app_session.decision)  # a resumed meeting
            self.consent_panel.refresh()
            self.activity.children = [self.consent_panel]
        else:
            self.activity.children = []

    def _new_part(self) -> None:
        run = self.run
        assert run is not None and run.current is not None
        part = run.current
        self.notes.value = run.record.notes
        self.backlog_input.value = ""
        self.activity.children = []
        self.round_kind.value = part.key if part.is_round else "brainstorm"
        self.round_prompt.value = ""
        self.round_prompt.placeholder = {
            "check-in": _("empty: How are you arriving at this meeting?"),
            "evaluation": _("empty: the four evaluation questions (went well, change, heard, "
                            "time)")}.get(part.key, _("the question for the round"))
        self.refresh()

    def _finished(self) -> None:
        for control in (self.notes, self.round_button, self.consent_button, self.round_kind,
                        self.round_prompt, self.backlog_input, self.backlog_button,
                        self.next_button, self.phones_box):
            _hide(control, True)
        self.activity.children = []
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the session: the parts, the time, the guidance, the phones, the minutes."""
        run = self.run
        if run is None or not self._run_view_built:
            return
        state = self.app_session.state
        meeting = run.meeting
        self.heading.value = "<h2>" + _("{circle}: meeting of {date}").format(
            circle=_esc(meeting.circle), date=html.escape(shown_date(meeting.date))) + "</h2>"
        items = []
        # Translators: marks a part of the meeting that is over, in the list of parts.
        done = html.escape(_("(done)"))
        # Translators: marks the part of the meeting under way, in the list of parts.
        now_mark = html.escape(_("(now)"))
        for part in state.parts:
            label = f"{_clock(part.start)} {_esc(part.title)}"
            if part.status == "done":
                items.append(f"<li class='course-part-done'>{label} <em>{done}</em></li>")
            elif part.status == "now":
                items.append(f"<li aria-current='step' class='course-part-current' "
                             f"style='font-weight:bold;text-decoration:underline'>{label} "
                             f"<em>{now_mark}</em></li>")
            else:
                items.append(f"<li>{label}</li>")
        parts_label = html.escape(_("Parts of the meeting"), quote=True)
        self.parts_view.value = (f"<ol class='course-meeting-parts' aria-label='{parts_label}'>"
                                 f"{''.join(items)}</ol>")
        self._tick()
        now = run.current
        if now is None:
            self.guidance.value = ""
        elif now.key == "item" and now.item is not None:
            item = meeting.items[now.item]
            owner = (" " + _("Brought by {name}.").format(name=_esc(item.owner))
                     if item.owner else "")
            proposal = (f"<blockquote style='border-left:4px solid {ACCENT};margin:0.4em 0;"
                        f"padding:0.2em 0.8em'>{_esc(item.proposal)}</blockquote>"
                        if item.proposal else "")
            notes = f"<p>{_esc(item.notes)}</p>" if item.notes else ""
            kind = _(KIND_LABELS[item.kind]) if item.kind in KIND_LABELS else item.kind
            purpose = _(ITEM_KINDS[item.kind]) if item.kind in ITEM_KINDS else ""
            self.guidance.value = (
                f"<h3>{_esc(item.title)} ({_esc(kind)})</h3>"
                f"<p>{_esc(purpose)}{owner}</p>{notes}{proposal}")
        else:
            self.guidance.value = (f"<h3>{_esc(now.shown_title)}</h3>"
                                   f"<p>{_esc(_(FRAME[now.key][2]))}</p>")
        if state.part is not None:
            self.round_button.disabled = not state.can_round
            self.consent_button.disabled = not state.can_consent
            _hide(self.consent_button, state.part.kind != "decision")
            self.next_button.description = state.next_label
            self._draw_phones(state)
        self.backlog_view.value = (
            "<p>" + _("Backlog: {items}").format(items="; ".join(_esc(b) for b in state.backlog))
            + "</p>" if state.backlog else "")
        self.minutes.set(self.app_session.minutes_markdown(),
                         self.app_session.minutes_filename(),
                         text=_("Download the minutes of the meeting (Markdown)"))
        self._draw_audience()

    def _draw_audience(self) -> None:
        """The room's view, for Projector mode (the session's, as the audience page shows),
        and the part's controls in the panel's one row."""
        self.audience_panel.controls(*self.controls())
        self.audience_panel.draw()

    def controls(self) -> tuple[widgets.Widget, ...]:
        """What can act now, for Projector mode's one row: before the start, "Start the
        meeting"; in a part, its round's or its consent decision's buttons while one runs, else
        what starts one (the prompt, the phones) and "Next part". The notes and the backlog are
        typed with Projector mode off."""
        run = self.run
        if run is None or not self._run_view_built:
            return (self.start_button, self.setup_status)
        if run.finished:
            return ()
        state = self.app_session.state
        row: list[widgets.Widget] = []
        moving_on = True
        if state.activity == "round" and self.app_session.rounds.round is not None:
            rounds = self.app_session.rounds
            if rounds.step == "run":
                row += [self.round_panel.next, self.round_panel.pass_button,
                        self.round_panel.undo]
                moving_on = False
            else:
                row.append(self.round_panel.end_undo)
        elif state.activity == "consent" and self.app_session.decision is not None:
            row += self.consent_panel.controls()
            moving_on = self.app_session.decision.step in ("published", "postponed")
        else:
            phones = state.phones
            if phones.asked and not phones.revealed and self.app_session.keeper.record:
                row.append(self.reveal_button)
            else:
                row += [self.round_prompt, self.round_button]
                if state.part is not None and state.part.kind == "decision":
                    row.append(self.consent_button)
                if self.app_session.keeper.record and state.can_ask_phones and \
                        state.part is not None and state.part.key in PHONE_PARTS:
                    row.append(self.phones_button)
        if moving_on:
            row.append(self.next_button)
        return tuple(row)

    def _draw_phones(self, state: MeetingState) -> None:
        phones = state.phones
        # Phones need the workshop record (a lesson's meeting keeps none: no phones there).
        shown = self.app_session.keeper.record and state.part is not None and \
            state.part.key in PHONE_PARTS and (
                state.can_ask_phones or (phones.asked and not phones.revealed))
        _hide(self.phones_box, not shown)
        self.phones_button.disabled = not state.can_ask_phones
        self.phones_button.description = _("Ask the phones again") if phones.asked else \
            _("Ask the phones")
        _hide(self.reveal_button, not phones.asked or phones.revealed)
        self.reveal_button.disabled = not phones.open
        if phones.asked:
            count = _("{answered} of {joined} answered").format(answered=phones.answered,
                                                                joined=phones.joined)
            self.phones_count.value = (
                f"<p aria-live='polite'><strong>{html.escape(count)}</strong></p>")
        else:
            self.phones_count.value = ""

    def _tick(self) -> None:
        run = self.run
        if run is None:
            return
        if run.finished:
            took = _("The meeting took {minutes} minutes (planned {planned}).").format(
                minutes=f"{run.elapsed():.0f}", planned=f"{run.parts[-1].end:g}")
            self.time_view.value = f"<p>{html.escape(took)}</p>"
            return
        part = run.current
        if part is None:
            return
        behind = run.behind()
        drift = (_("on time") if abs(behind) < 0.5 else
                 _("{minutes} min behind the plan").format(minutes=f"{behind:.0f}")
                 if behind > 0
                 else _("{minutes} min ahead of the plan").format(minutes=f"{-behind:.0f}"))
        over = run.part_elapsed() > part.minutes
        colour = f"color:{PROBLEM};" if over else ""
        this_part = (_("This part: {elapsed} of {planned} (over its time)") if over
                     else _("This part: {elapsed} of {planned}")).format(
            elapsed=_mmss(run.part_elapsed()), planned=_mmss(part.minutes))
        meeting = _("Meeting: {elapsed} of {planned} minutes; {drift}.").format(
            elapsed=f"{run.elapsed():.0f}", planned=f"{run.meeting.minutes:g}", drift=drift)
        self.time_view.value = (
            f"<p style='font-size:1.3em;{colour}'>{html.escape(this_part)}</p>"
            f"<p>{html.escape(meeting)}</p>")

    def _start_ticker(self) -> None:
        if self._ticker is not None and not self._ticker.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._ticker = loop.create_task(self._tick_every_second())

    async def _tick_every_second(self) -> None:
        while self.run is not None and not self.run.finished:
            await asyncio.sleep(1)
            self.follow()
            self._tick()

    def _start_polling(self) -> None:
        """Look at the phones' count every ``refresh_every`` seconds on the kernel's loop
        (without a loop, as in tests, :meth:`refresh_phones` is called by hand)."""
        if not self.refresh_every or (self._poller is not None and not self._poller.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._poller = loop.create_task(self._poll())

    async def _poll(self) -> None:
        while self.app_session.phones.asked and not self.app_session.phones.revealed and \
                self.comm is not None:
            await asyncio.sleep(self.refresh_every)
            self.refresh_phones()

    def close(self) -> None:
        for task in (self._ticker, self._poller):
            if task is not None:
                task.cancel()
        self.keeper.close()
        super().close()
