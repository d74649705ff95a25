"""Selection widgets: the live ``SelectionFacilitator``, the ``NominationGrid`` and the
``BallotComparison`` of lesson 07.

``SelectionFacilitator`` is the workshop tool an ambassador projects while a circle selects someone
for a role. It is a view of a :class:`~sociocracy.sessions.selection.SelectionSession`, which owns
the :class:`sociocracy.selection.SelectionProcess` (the rules), writes each step to the workshop
record **before** it counts, resumes after a crash, and takes the written nominations from the
phones of the workshop room: every click is forwarded to one of the session's actions and the
page is redrawn from the session's state.

People's text (role, names, reasons) reaches the page only through :func:`_esc` (``html.escape``),
inside containers that MathJax skips, so ``<script>`` or ``$x$`` is shown as typed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError
from sociocracy.core.language import DEFAULT, N_, _, babel_locale, current, ngettext, pgettext
from sociocracy.core.names import parse_names
from sociocracy.core.people_text import html_text
from sociocracy.rooms.screens import taken_over_sentence
from sociocracy.rounds import ROUND_KINDS
from sociocracy.selection import (
    COMPARISON_DEFAULTS,
    METHOD_LABELS,
    PROMPTS,
    STEPS,
    SelectionComparison,
    SelectionProcess,
    compare_selection,
)
from sociocracy.selection import (
    NominationGrid as Grid,
)
from sociocracy.sessions.room_link import REFRESH_EVERY
from sociocracy.sessions.selection import (
    APP,
    STEP_LABELS,
    PhoneSlip,
    SelectionSession,
    SelectionState,
)

from .app_record import AppRecord
from .audience import ProjectorPanel, audience_link_html
from .charts import ChartView, new_figure
from .downloads import FileExport
from .feedback import error_html, feedback_html, integrated_objections_html
from .looks import hide, lighten
from .menus import PlaceholderMenu
from .opening_values import opening_values
from .palette import ACCENT, SERIES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["APP", "BallotComparison", "NominationGrid", "SelectionFacilitator"]

#: The move-on button's words per step (English, marked for the catalogs: shown with ``_()``).
NEXT_LABELS = {
    "role": N_("Consent to the role: write nominations"),
    "nominations": N_("Reveal the nominations"),
    "nomination-round": N_("Start the change round"),
    "change-round": N_("Go to the proposal"),
    "proposal": N_("Start the consent round"),
    "integrate-objections": N_("Back to the consent round"),
}
#: The ways to integrate an objection to a candidate (English, marked: shown with ``_()``).
#: ("Shorten the term" is a role's term here: shown through :func:`_strategy_label`.)
STRATEGY_LABELS = {"shorten-term": "Shorten the term", "amend-role": N_("Amend the role"),
                   "another-candidate": N_("Propose another person")}
_STYLE = {"description_width": "11em"}
#: MathJax (2 and 3) skips elements with these classes: people's "$...$" stays text.
NO_MATH = ("tex2jax_ignore", "mathjax_ignore")
BIG = "font-size:2.2em;font-weight:bold;line-height:1.2;overflow-wrap:anywhere"


def _esc(text: object) -> str:
    """People's text for an HTML widget: escaped, never markup, isolated (``<bdi>``)."""
    return html_text(text)


def _wide() -> widgets.Layout:
    return widgets.Layout(width="98%", max_width="44em")


def _number(value: int) -> str:
    """A count people read ("5,000"): as it always was in English, Babel's form elsewhere."""
    if current() == DEFAULT:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def _percent(share: float) -> str:
    """A share as a whole percentage ("45%"), in the page's language."""
    if current() == DEFAULT:
        return f"{share:.0%}"
    from babel.numbers import format_percent

    return format_percent(share, locale=babel_locale())


def _points(value: float) -> str:
    """A percentage given in points (45.3 -> "45%"), in the page's language."""
    return f"{value:.0f}%" if current() == DEFAULT else _percent(value / 100)


def _button(text: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=text, tooltip=tooltip, button_style=style,
                          layout=widgets.Layout(width="auto"))


def _laptop_only(button: widgets.Widget) -> widgets.Box:
    """``button`` in a box that Projector mode folds away: there the panel's row shows it (a
    widget's classes are all its views', so the box carries the class)."""
    box = widgets.HBox([button])
    box.add_class("course-facilitator-only")
    return box


def _guide(text: str) -> widgets.HTML:
    """A line of guidance for the facilitator (folded away in Projector mode)."""
    made = widgets.HTML(text)
    made.add_class("course-facilitator-only")
    return made


def _role_term() -> str:
    """The label of a role's term (its length): a role's "mandato", not a policy's "plazo"."""
    # Translators: the length of a role (in a selection), not the term of a policy.
    return pgettext("a role's term", "Term (months)")


def _strategy_label(key: str) -> str:
    """A way to integrate an objection to a candidate, in the page's language."""
    if key == "shorten-term":
        # Translators: shorten the role's term (its length), not a policy's.
        return pgettext("a role's term", "Shorten the term")
    return _(STRATEGY_LABELS[key])


def _no_math(widget: widgets.DOMWidget) -> widgets.DOMWidget:
    for name in NO_MATH:
        widget.add_class(name)
    return widget


def grid_html(grid: Grid, caption: str) -> str:
    """The grid as a table (nominator, nominee, reason) and the counts with bars: it is its own
    text alternative, large enough for a projector."""
    rows = []
    for e in grid.entries:
        was = (" <small>" + _("(was {name})").format(name=_esc(e.changed_from)) + "</small>"
               if e.changed_from else "")
        rows.append(f"<tr><td>{_esc(e.nominator)}</td><td><strong>{_esc(e.nominee)}</strong>"
                    f"{was}</td><td>{_esc(e.reason)}</td></tr>")
    total = max(len(grid.entries), 1)
    bars = []
    for name, count in grid.counts.items():
        width = round(100 * count / total)
        bars.append(
            f"<tr><th scope='row'>{_esc(name)}</th><td>{count}</td>"
            f"<td style='width:50%'><div aria-hidden='true' style='background:{ACCENT};"
            f"height:0.9em;width:{width}%'></div></td></tr>")
    words = {key: html.escape(text) for key, text in (
        # Translators: a column of the nomination grid: who wrote the slip.
        ("from", _("From")), ("nominee", _("Nominee")), ("reason", _("Reason")),
        # Translators: a column of the nominations per person: how many nominated them.
        ("count", _("Count")),
        # Translators: the (hidden) heading of the column of bars, for screen readers.
        ("bar", _("Bar")),
        ("per_person", _("Nominations per person (the proposal goes by reasons, not counts)")))}
    return (
        f"<table class='course-compare course-selection-grid' style='width:100%;"
        f"table-layout:fixed'><colgroup><col style='width:28%'><col style='width:28%'><col>"
        f"</colgroup><caption>{_esc(caption)}</caption><thead><tr><th scope='col'>"
        f"{words['from']}</th>"
        f"<th scope='col'>{words['nominee']}</th><th scope='col'>{words['reason']}</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
        f"<table class='course-compare course-selection-counts' style='width:100%;"
        f"max-width:30em'><caption>{words['per_person']}</caption><thead><tr>"
        f"<th scope='col'>{words['nominee']}</th><th scope='col'>{words['count']}</th>"
        f"<th scope='col'><span class='visually-hidden' style='position:absolute;"
        f"left:-10000px'>{words['bar']}</span>"
        f"</th></tr></thead><tbody>{''.join(bars)}</tbody></table>")


class NominationGrid(widgets.VBox):
    """The nomination grid, before and after the change round, for a projector.

    ``NominationGrid(process)`` shows the process's grid (``show(process)`` redraws it). From
    the change round on, a drop-down chooses the view: before the change round, or after it.
    """

    def __init__(self, process: SelectionProcess | None = None) -> None:
        super().__init__()
        _no_math(self)
        self.add_class("course-nomination-grid")
        self.process = process
        self.view = widgets.Dropdown(
            options=[(_("Before the change round"), "before"),
                     (_("After the change round"), "after")],
            value="before", description=_("Show the grid"), style=_STYLE)
        self.view.observe(lambda _c: self._draw(), names="value")
        self.table = widgets.HTML()
        self.children = [self.view, self.table]
        self._draw()
        lighten(self)  # one shared layout and style per kind (issue 27)

    def show(self, process: SelectionProcess, view: str | None = None) -> None:
        self.process = process
        if view is not None and view != self.view.value:
            self.view.value = view  # redraws through the observer
            return
        self._draw()

    @property
    def grid(self) -> Grid | None:
        p = self.process
        if p is None or STEPS.index(p.step) < STEPS.index("nomination-round"):
            return None
        after = self.view.value == "after" and STEPS.index(p.step) >= STEPS.index("change-round")
        return p.nomination_grid(after_change=after)

    def _draw(self) -> None:
        p = self.process
        grid = self.grid
        has_after = p is not None and STEPS.index(p.step) >= STEPS.index("change-round")
        hide(self.view, not has_after)
        if grid is None:
            self.table.value = _("<p>The nominations stay hidden until everyone has written "
                                 "theirs; then the grid shows them all at once.</p>")
            return
        caption = (_("Nominations after the change round") if grid.after_change
                   else _("Nominations as written"))
        self.table.value = grid_html(grid, caption)


class BallotComparison(widgets.VBox):
    """Lesson 07's simulation: the nomination grid against a secret ballot, same people.

    Labelled number boxes change the model's illustrative settings; the chart (with its text
    alternative) and a sentence say what the model shows, whichever way it comes out.
    """

    def __init__(self, *, group_size: int = 8, trials: int = 5_000, seed: int = 0) -> None:
        super().__init__()
        self.add_class("course-ballot-comparison")
        self.trials, self.seed = trials, seed
        self.group_size = widgets.BoundedIntText(value=group_size, min=3, max=30,
                                                 description=_("Members"), style=_STYLE)
        self.popularity = widgets.BoundedFloatText(
            value=COMPARISON_DEFAULTS["popularity"], min=0, max=3, step=0.1,
            description=_("Popularity sway"), style=_STYLE)
        self.reason_popularity = widgets.BoundedFloatText(
            value=COMPARISON_DEFAULTS["reason_popularity"], min=0, max=1, step=0.1,
            description=_("Popularity in reasons"), style=_STYLE)
        self.listening = widgets.BoundedFloatText(
            value=COMPARISON_DEFAULTS["listening"], min=0, max=1, step=0.1,
            description=_("Listening"), style=_STYLE)
        self.help = widgets.HTML(
            _("<ul><li><strong>Popularity sway</strong>: how much a person's popularity colours "
              "everyone's impression of them (0: not at all).</li><li><strong>Popularity in "
              "reasons</strong>: how much of that sway is left in a spoken reason (1: a reason "
              "tells no more than a vote).</li><li><strong>Listening</strong>: how far people "
              "move towards the reasons they hear (0: not at all, 1: completely).</li></ul>"))
        self.chart = ChartView(keep_opening=True)
        self.summary = widgets.HTML()
        self._result: SelectionComparison | None = None
        for box in (self.group_size, self.popularity, self.reason_popularity, self.listening):
            box.observe(lambda _c: self.run(), names="value")
        self.children = [widgets.HBox([self.group_size, self.popularity],
                                      layout=widgets.Layout(flex_flow="row wrap")),
                         widgets.HBox([self.reason_popularity, self.listening],
                                      layout=widgets.Layout(flex_flow="row wrap")),
                         self.help, self.chart, self.summary]
        # The opening is the same for every visitor: what it shows is kept on disk (issue 27:
        # the simulation of 5,000 groups, numpy included, cost the page a fifth of a second).
        self._show(opening_values(comparison_shown, warm="numpy", **self._settings()))
        lighten(self)  # one shared layout and style per kind (issue 27)

    def _settings(self) -> dict[str, Any]:
        return {"group_size": self.group_size.value, "trials": self.trials, "seed": self.seed,
                "popularity": self.popularity.value,
                "reason_popularity": self.reason_popularity.value,
                "listening": self.listening.value}

    @property
    def result(self) -> SelectionComparison:
        """The simulation behind what is shown (run now if the page opened from the cache)."""
        if self._result is None:
            self._result = _simulate(**self._settings())
        return self._result

    def run(self) -> SelectionComparison:
        """Simulate with the current settings and show it (a learner moved a control)."""
        self._result = _simulate(**self._settings())
        self._show(json.loads(json.dumps(_shown(self._result))))
        return self._result

    def _show(self, shown: dict[str, Any]) -> None:
        self.chart.draw(draw_selection_comparison, shown["rates"], shown["trials"],
                        shown["group_size"], alt=shown["alt"])
        self.summary.value = feedback_html(shown["summary"], kind="neutral")


def _simulate(*, group_size: int, trials: int, seed: int, popularity: float,
              reason_popularity: float, listening: float) -> SelectionComparison:
    return compare_selection(group_size, trials=trials, seed=seed, popularity=popularity,
                             reason_popularity=reason_popularity, listening=listening)


def _shown(result: SelectionComparison) -> dict[str, Any]:
    """What the comparison shows of ``result``: the chart's values, its text alternative, the
    sentence (plain data, so that a page's opening can be kept)."""
    methods = list(METHOD_LABELS)
    each = "; ".join(
        _("{method}: best-fitting person chosen {best}, someone would object {objection}").format(
            method=_(METHOD_LABELS[m]), best=_percent(result.results[m].best_fit_rate),
            objection=_percent(result.results[m].objection_rate)) for m in methods)
    alt = _("Bar chart over {trials} simulated groups of {size}: {methods}.").format(
        trials=_number(result.trials), size=result.group_size, methods=each)
    return {"rates": [[result.results[m].best_fit_rate, result.results[m].objection_rate]
                      for m in methods],
            "trials": result.trials, "group_size": result.group_size, "alt": alt,
            "summary": result.summary()}


def comparison_shown(**settings: Any) -> dict[str, Any]:
    """What :class:`BallotComparison` shows with ``settings``: simulated (for the opening cache)."""
    return _shown(_simulate(**settings))


def draw_selection_comparison(rates: Sequence[Sequence[float]], trials: int,
                              group_size: int) -> Figure:
    """Paired bars per method: how often the best-fitting person was chosen, and an objection.

    ``rates``: for the ballot, the grid by nominations and the grid by reasons, in that order.
    """
    labels = [_("Secret ballot"), _("Grid: most\nnominated"), _("Grid: by reasons\n(SoFA)")]
    fig = new_figure(width=6.4, height=3.4)
    ax = fig.subplots()
    xs = range(len(rates))
    best = [best_fit * 100 for best_fit, _objection in rates]
    objected = [objection * 100 for _best_fit, objection in rates]
    ax.bar([x - 0.2 for x in xs], best, width=0.4, color=SERIES[0], edgecolor="black",
           label=_("Best-fitting person chosen"))
    ax.bar([x + 0.2 for x in xs], objected, width=0.4, color=SERIES[1], edgecolor="black",
           hatch="//", label=_("Someone would object"))
    for x, value in zip(xs, best, strict=True):
        ax.annotate(_points(value), (x - 0.2, value), ha="center", va="bottom")
    for x, value in zip(xs, objected, strict=True):
        ax.annotate(_points(value), (x + 0.2, value), ha="center", va="bottom")
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel(_("% of simulated groups"))
    ax.set_ylim(0, 100)
    ax.legend(loc="upper right", frameon=False)
    ax.set_title(_("{trials} simulated groups of {size}").format(trials=_number(trials),
                                                                size=group_size))
    return fig


class SelectionFacilitator(widgets.VBox):
    """Facilitate a selection step by step, keep it in the workshop record, hand out the entry.

    ``SelectionFacilitator(role="", members=(), *, description="", term_months=12,
    qualifications=(), store=None, record=True, today=date.today, selection=None,
    refresh_every=REFRESH_EVERY)``.
    ``store``: a :class:`sociocracy.rooms.RoomStore` (default: the user's workshop record, opened
    when needed); ``record=False`` keeps nothing (lessons, tests).

    A view of a :class:`~sociocracy.sessions.selection.SelectionSession` (:attr:`selection`, or
    one passed in): it shows the session's state and forwards each click to one of its actions;
    the rules, the record and the phones are the session's. ``refresh_every``: seconds between
    two counts of the phones' answers on the kernel's loop (0: only when asked).
    """

    def __init__(self, role: str = "", members: Sequence[str] = (), *, description: str = "",
                 term_months: int = 12, qualifications: Sequence[str] = (),
                 store: Any = None, record: bool = True,
                 today: Callable[[], dt.date] = dt.date.today,
                 selection: SelectionSession | None = None,
                 refresh_every: float = REFRESH_EVERY) -> None:
        super().__init__()
        _no_math(self)
        self.add_class("course-selection-facilitator")
        self.today = today
        self.refresh_every = refresh_every
        self.selection = selection or SelectionSession(store=store, record=record)
        self._poller: asyncio.Task | None = None
        self._closed = False
        # (process, steps, slips to fix) last drawn in full
        self._drawn: tuple[int, int, tuple[PhoneSlip, ...]] | None = None
        self._slip_loaded: int | None = None  # the phone's slip the form holds, if any
        self._build_setup(role, members, description, term_months, qualifications)
        # The views of the running selection (most of this tool's widget models) are built when
        # it starts: a page that opens on the set-up form does not send them.
        self._running_built = False
        self.keeper = AppRecord(APP, N_("selection"), resume=self._resume_session,
                                keeper=self.selection.keeper, on_taken_over=self._taken_over)
        # the record's boxes, under the names the app has always had
        self.resume_box, self.resume_text = self.keeper.resume_box, self.keeper.resume_text
        self.resume_button = self.keeper.resume_button
        self.set_aside_button = self.keeper.set_aside_button
        self.resume_status = self.keeper.resume_status
        # The projector: a link to the audience view (a second window), and the same view in
        # this page for a single screen (shown only in Projector mode, where the parts only the
        # facilitator needs fold away: the script, the logbook, the detailed views).
        self.audience_link = widgets.HTML(audience_link_html(APP))
        self.audience_link.layout.display = None if self.selection.keeper.record else "none"
        self.audience_link.add_class("course-facilitator-only")
        # Projector mode: the audience view, and the step's controls in one row under it.
        self.audience_panel = ProjectorPanel(self.selection)
        self.children = [self.audience_link, self.resume_box, self.setup, self.keeper.past_box,
                         self.audience_panel]
        self.selection.subscribe(self._changed)
        self._draw_audience()
        if self.selection.keeper.record:
            self.keeper.offer()
            if self.keeper.problem:
                self.setup_status.value = error_html(self.keeper.problem)
        lighten(self)  # one shared layout and style per kind (issue 27)

    # ------------------------------------------------------------------ the session
    @property
    def process(self) -> SelectionProcess | None:
        """The selection in progress (``None`` before "Start"), as the session holds it."""
        return self.selection.process

    @property
    def record(self) -> bool:
        """Whether this selection is kept in the workshop record."""
        return self.keeper.record

    @property
    def session(self) -> Any:
        """The workshop-record session this selection is written to (``None``: not kept)."""
        return self.keeper.session

    @session.setter
    def session(self, value: Any) -> None:
        self.keeper.session = value

    def resume(self) -> SelectionProcess | None:
        """Continue the newest unfinished selection from the workshop record."""
        return self.process if self.keeper.resume() else None

    def set_aside(self) -> None:
        """Mark the unfinished selection as done (it stays in the record) and start afresh."""
        self.keeper.set_aside()

    def _resume_session(self, recorded: Any) -> bool:
        problem = self.selection._restore(recorded)
        if problem:
            self.resume_status.value = error_html(problem)
            return False
        self._begin()
        self.status.value = feedback_html(
            _("Resumed at the step \"{step}\".").format(step=self.selection.state.label),
            kind="neutral", quote=False)
        self._start_polling()
        return True

    def _changed(self, state: SelectionState) -> None:
        """The session changed: redraw what changed (a new step in full; a new count of the
        phones' answers only in its own line, so a slip being typed is not wiped)."""
        self._draw_audience()
        if state.taken_over:
            self.keeper.beat()  # shows "taken over" with "Take it back"
        p = self.selection.process
        if p is None:
            return
        if getattr(self, "running", None) not in self.children:
            self._begin()  # started or resumed from another view of this session
            return
        drawn = (id(p), len(p.log), state.slips_to_fix)
        if drawn != self._drawn:
            self.refresh()
        else:
            self._draw_phones(state)

    def _draw_audience(self) -> None:
        """The room's view, for Projector mode (the session's, as the audience page shows),
        and the step's controls in the panel's one row."""
        self.audience_panel.controls(*self.controls())
        self.audience_panel.draw()

    def controls(self) -> tuple[widgets.Widget, ...]:
        """What can act now, for Projector mode's one row: the step's buttons with the boxes
        typed in beside them (only what acts now, so the row stays one line). Slips written on
        paper are typed with Projector mode off: they stay hidden until all are in."""
        p = self.process
        if p is None:
            return (self.start_button, self.setup_status)
        if not self._running_built:
            return ()
        state = self.selection.state
        step = p.step
        row: list[widgets.Widget] = []
        moving_on = True
        if step == "nominations":
            phones = state.phones
            if self.selection.keeper.record:
                row.append(self.reveal_button if phones is not None and phones.open
                           else self.ask_button)
        elif step in ("nomination-round", "change-round", "consent-round"):
            moving_on = state.current is None
            if not moving_on:
                row += {"nomination-round": [self.read_note, self.read_button],
                        "change-round": [self.change_choice, self.change_reason,
                                         self.change_button],
                        "consent-round": [self.consent_reason, self.consent_button,
                                          self.object_button]}[step]
        elif step == "proposal":
            row += [self.candidate_choice, self.proposal_reasons, self.propose_button]
            moving_on = p.proposal is not None
        elif step == "integrate-objections":
            moving_on = not state.open_objections
            if not moving_on:
                row += [self.objection_choice, self.strategy_choice, *self.details.children,
                        self.integrate_button]
        elif step == "decided":
            row += [self.start_date, self.announce_button]
        if moving_on and step not in ("decided", "announced"):
            row.append(self.next_button)
        return tuple(row)

    def _taken_over(self) -> None:
        if self._running_built:
            self.status.value = error_html(taken_over_sentence("selection"))

    # ------------------------------------------------------------------ building
    def _build_setup(self, role: str, members: Sequence[str], description: str,
                     term_months: int, qualifications: Sequence[str]) -> None:
        self.role_input = widgets.Text(value=role, description=_("Role"), style=_STYLE,
                                       placeholder=_("e.g. Facilitator"), layout=_wide())
        self.description_input = widgets.Textarea(
            value=description, description=_("Role description"), rows=3, style=_STYLE,
            placeholder=_("What the role does, and its authority"), layout=_wide())
        self.term_input = widgets.BoundedIntText(value=term_months, min=1, max=120,
                                                 description=_role_term(), style=_STYLE)
        self.qualifications_input = widgets.Textarea(
            value="\n".join(qualifications), description=_("Qualifications"), rows=3,
            style=_STYLE, placeholder=_("One a line, e.g.\ncalm in conflict\nkeeps time"),
            layout=_wide())
        self.members_input = widgets.Textarea(
            value="\n".join(members), description=_("Members"), rows=5, style=_STYLE,
            placeholder=_("One name a line, in seating order:\nAna\nBen\nChloé"),
            layout=_wide())
        self.start_button = _button(_("Start"), _("Start the selection for this role"),
                                    "primary")
        self.start_button.on_click(lambda _b: self.start())
        self.setup_status = widgets.HTML()
        self.setup = widgets.VBox([
            widgets.HTML(_("<p>Describe the role and list the circle's members in seating "
                           "order; every round starts with the first person listed.</p>")),
            self.role_input, self.description_input, self.term_input,
            self.qualifications_input, self.members_input, _laptop_only(self.start_button),
            self.setup_status])
        # Projector mode: the form folds to its first line (it unfolds under the pointer or the
        # keyboard's focus); "Start" sits in the panel's one row instead.
        self.setup.add_class("course-projector-fold")

    def _build_running(self) -> None:
        if self._running_built:
            return
        self._running_built = True
        self.role_view = widgets.HTML()
        self.progress = widgets.HTML()
        self.prompt_view = widgets.HTML()
        self.body = widgets.VBox()
        self.next_button = _button(_("Next step"), _("Move on when this step is complete"),
                                   "primary")
        self.next_button.on_click(lambda _b: self._act(self.selection.advance))
        self.status = widgets.HTML()
        self.grid = NominationGrid()
        self._build_role_step()
        self._build_nominations()
        self._build_rounds()
        self._build_proposal()
        self._build_integrate()
        self._build_announce()
        self.entry_preview = widgets.Textarea(description=_("Logbook entry"), disabled=True,
                                              rows=10, style=_STYLE, layout=_wide())
        self.download = FileExport("selection.md", "text/markdown", what=N_("logbook entry"))
        self.export = widgets.VBox([widgets.HTML("<h3>" + html.escape(_("Logbook entry"))
                                                 + "</h3>"), self.download, self.entry_preview])
        # The move-on button in a box of its own: in Projector mode the box folds away and the
        # button shows in the panel's one row instead (a widget's classes are all its views').
        next_box = widgets.HBox([self.next_button])
        self.running = widgets.VBox([self.role_view, self.progress, self.prompt_view,
                                     self.body, next_box, self.status, self.export])
        # What the audience panel already shows, and what only the facilitator may see (the
        # script, the logbook entry), and the step's own boxes (their controls are in the
        # panel's row): folded away in Projector mode.
        for part in (self.body, next_box,
                     self.role_view, self.progress, self.prompt_view, self.export, self.grid,
                     self.speaker_view, self.turns_view, self.pass_reason, self.slips_view,
                     self.phones_view, self.proposal_view, self.integrated_view,
                     self.role_summary):
            part.add_class("course-facilitator-only")

    def _build_role_step(self) -> None:
        self.role_summary = widgets.HTML()
        self.amend_term = widgets.BoundedIntText(value=12, min=1, max=120,
                                                 description=_role_term(), style=_STYLE)
        self.amend_description = widgets.Textarea(description=_("Role description"), rows=3,
                                                  style=_STYLE, layout=_wide())
        self.amend_qualifications = widgets.Textarea(description=_("Qualifications"), rows=3,
                                                     style=_STYLE, layout=_wide())
        self.amend_reason = widgets.Text(description=_("Why (optional)"), style=_STYLE,
                                         placeholder=_("e.g. a shorter term lets more people "
                                                       "learn the role"), layout=_wide())
        self.amend_button = _button(_("Change the role"),
                                    _("Record the changes the circle agreed"))
        self.amend_button.on_click(lambda _b: self._act(lambda: self.selection.amend_role(
            description=self.amend_description.value, term_months=self.amend_term.value,
            qualifications=self.amend_qualifications.value.splitlines(),
            reason=self.amend_reason.value)))
        self.role_box = widgets.VBox([
            self.role_summary,
            _guide(_("<p>If the term round or the qualifications round changes the role, "
                     "edit it here; then consent to it.</p>")),
            self.amend_term, self.amend_description, self.amend_qualifications,
            self.amend_reason, self.amend_button])

    def _build_nominations(self) -> None:
        self.slips_view = widgets.HTML()
        self.nominator_choice = widgets.Dropdown(description=_("Slip from"), style=_STYLE)
        self.nominee_choice = PlaceholderMenu(_("(choose)"), [], description=_("Nominates"),
                                              style=_STYLE)
        self.nomination_reason = widgets.Text(description=_("Because"), style=_STYLE,
                                              placeholder=_("the reason on the slip"),
                                              layout=_wide())
        self.nominate_button = _button(_("Record the slip"), _("Record this written nomination"),
                                       "primary")
        self.nominate_button.on_click(lambda _b: self._nominate())
        # the phones: the slips written on them, counted, then revealed all at once
        self.ask_button = _button(_("Ask the phones"), _(
            "Open the nominations on the phones of the workshop room: each person writes a "
            "nominee and a reason"))
        self.ask_button.on_click(lambda _b: self._act(self.selection.ask_phones))
        self.phones_view = widgets.HTML()
        self.reveal_button = _button(_("Reveal"), _("Reveal the phones' slips all at once and "
                                                     "take them into the selection"), "primary")
        self.reveal_button.on_click(lambda _b: self._act(self.selection.reveal_phones))
        self.fix_view = widgets.HTML()
        self.drop_slip_button = _button(_("Set this slip aside"), _(
            "Leave this phone's slip out of the selection (it stays in the room's record)"))
        self.drop_slip_button.on_click(lambda _b: self._drop_slip())
        self.phones_box = widgets.VBox([
            widgets.HBox([self.ask_button, self.reveal_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.phones_view])
        if not self.selection.keeper.record:  # a lesson: no workshop record, so no phones
            hide(self.phones_box, True)
        self.fix_box = widgets.VBox([self.fix_view, self.drop_slip_button])
        self.nominations_box = widgets.VBox([
            _guide(_("<p>Each person writes a slip: on their phone (\"Ask the phones\"), or "
                     "on paper, and the secretary types it. The slips stay hidden until all "
                     "are in. Nominating yourself is fine; a blank slip is not possible."
                     "</p>")),
            self.phones_box, self.slips_view, self.fix_box, self.nominator_choice,
            self.nominee_choice, self.nomination_reason, self.nominate_button])

    def _build_rounds(self) -> None:
        self.speaker_view = widgets.HTML()
        self.speaker_view.add_class("course-selection-current")
        self.read_note = widgets.Text(description=_("Added (optional)"), style=_STYLE,
                                      placeholder=_("anything said beyond the slip"),
                                      layout=_wide())
        self.read_button = _button(_("Read out: next"), _("This person has read out their "
                                                          "nomination"), "primary")
        self.read_button.on_click(lambda _b: self._act(
            lambda: self.selection.read_nomination(self.read_note.value)))
        self.pass_button = _button(_("Pass"), _("Passing is not possible in this round"))
        self.pass_button.disabled = True
        self.pass_reason = widgets.HTML()
        self.change_choice = widgets.Dropdown(description=_("Answer"), style=_STYLE)
        self.change_reason = widgets.Text(description=_("Because"), style=_STYLE,
                                          placeholder=_("why they change, or keep, their "
                                                        "nomination"), layout=_wide())
        self.change_button = _button(_("Record the answer"), _(
            "Record this person's answer in the change round"), "primary")
        self.change_button.on_click(lambda _b: self._change())
        self.consent_reason = widgets.Text(description=_("Reason (objection)"), style=_STYLE,
                                           placeholder=_("one phrase: what might go wrong?"),
                                           layout=_wide())
        self.consent_button = _button(_("Consent"), _("No objection"), "success")
        self.object_button = _button(_("Objection"), _("Record an objection with its reason"),
                                     "warning")
        self.consent_button.on_click(lambda _b: self._respond("consent"))
        self.object_button.on_click(lambda _b: self._respond("objection"))
        self.turns_view = widgets.HTML()

    def _build_proposal(self) -> None:
        self.candidate_choice = widgets.Dropdown(description=_("Propose"), style=_STYLE)
        self.proposal_reasons = widgets.Textarea(
            description=_("Reasons heard"), rows=4, style=_STYLE, layout=_wide(),
            placeholder=_("One reason a line, drawn from the rounds"))
        self.propose_button = _button(_("Propose"), _("Propose this person with these reasons"),
                                      "primary")
        self.propose_button.on_click(lambda _b: self._act(lambda: self.selection.propose(
            self.candidate_choice.value, self.proposal_reasons.value.splitlines())))
        self.proposal_view = widgets.HTML()
        self.proposal_box = widgets.VBox([
            _guide(_("<p>Propose by reasons, not by counts: the person the reasons point to, "
                     "who need not be the most nominated.</p>")),
            self.candidate_choice, self.proposal_reasons, self.propose_button,
            self.proposal_view])

    def _build_integrate(self) -> None:
        self.objection_choice = widgets.Dropdown(description=_("Objection"), style=_STYLE,
                                                 layout=_wide())
        self.strategy_choice = widgets.Dropdown(
            options=[(_strategy_label(key), key) for key in STRATEGY_LABELS],
            value="shorten-term", description=_("Strategy"), style=_STYLE)
        self.strategy_choice.observe(lambda _c: self._show_strategy(), names="value")
        self.detail_months = widgets.BoundedIntText(
            value=6, min=1, max=120, style=_STYLE,
            # Translators: the new term of the role (its length in months), not a policy's.
            description=pgettext("a role's term", "New term (months)"))
        self.detail_description = widgets.Textarea(description=_("Role description"), rows=3,
                                                   style=_STYLE, layout=_wide())
        self.detail_qualifications = widgets.Textarea(description=_("Qualifications"), rows=3,
                                                      style=_STYLE, layout=_wide())
        self.detail_candidate = widgets.Dropdown(description=_("Propose instead"), style=_STYLE)
        self.detail_reasons = widgets.Textarea(description=_("Reasons"), rows=3, style=_STYLE,
                                               layout=_wide())
        self.details = widgets.VBox()
        self.integrate_button = _button(_("Integrate"), _("Integrate the objection this way"),
                                        "primary")
        self.integrate_button.on_click(lambda _b: self._integrate())
        self.integrated_view = widgets.HTML()
        self.integrate_box = widgets.VBox([
            _guide(_("<p>Thank the objector and understand the concern first. Then choose "
                     "with the circle how to integrate it.</p>")),
            self.objection_choice, self.strategy_choice, self.details,
            self.integrate_button, self.integrated_view])
        self._show_strategy()

    def _build_announce(self) -> None:
        self.start_date = widgets.DatePicker(description=_("Term starts"), style=_STYLE)
        self.announce_button = _button(_("Announce"), _("Announce the selection with its term"),
                                       "success")
        self.announce_button.on_click(lambda _b: self._act(
            lambda: self.selection.announce(self.start_date.value)))
        self.announce_box = widgets.VBox([self.start_date, self.announce_button])

    def _show_strategy(self) -> None:
        self.details.children = {
            "shorten-term": [self.detail_months],
            "amend-role": [self.detail_description, self.detail_qualifications],
            "another-candidate": [self.detail_candidate, self.detail_reasons],
        }[self.strategy_choice.value]
        if hasattr(self, "export"):  # built: the row shows the strategy's own boxes
            self._draw_audience()

    # ------------------------------------------------------------------ actions
    def start(self) -> SelectionProcess | None:
        """Begin the selection with the form's role and members (recorded before it shows)."""
        try:
            members = parse_names(self.members_input.value, "member")
        except CourseError as exc:
            self.setup_status.value = error_html(exc.plain)
            return None
        if self.keeper.unfinished is not None:  # starting afresh sets a stopped one aside
            self.keeper.set_aside()
        before = self.process
        problem = self.selection.start(
            self.role_input.value, members, description=self.description_input.value,
            term_months=self.term_input.value,
            qualifications=self.qualifications_input.value.splitlines())
        if self.process is before:  # refused: nothing started
            self.setup_status.value = error_html(problem)
            return None
        self.keeper.keep_beating()
        self.keeper.refresh_past()
        self._begin()
        if problem:
            self.status.value = error_html(problem)
        return self.process

    def _begin(self) -> None:
        self.setup_status.value = ""
        hide(self.resume_box, True)
        self._build_running()
        self.children = [self.audience_link, self.running, self.keeper.past_box,
                         self.audience_panel]
        self.refresh()
        self.status.value = ""

    def _act(self, action: Callable[[], str]) -> bool:
        """Forward one click to the session; show its refusal, never raise."""
        if self.process is None:
            return False
        problem = action()
        self.status.value = error_html(problem) if problem else ""
        if self.process is not None and self.process.step == "announced":
            self.keeper.refresh_past()
        if self.selection.room.activity is not None:
            self._start_polling()
        return not problem

    def _nominate(self) -> None:
        slip = self._slip_loaded
        if self._act(lambda: self.selection.nominate(
                self.nominator_choice.value, self.nominee_choice.choice,
                self.nomination_reason.value, slip=slip)):
            self.nomination_reason.value = ""
            self.nominee_choice.choice = None
            self._slip_loaded = None
            self.refresh()  # the next slip to fix, if any, is loaded in the form

    def _drop_slip(self) -> None:
        if self._slip_loaded is not None:
            self._act(lambda: self.selection.drop_slip(self._slip_loaded or 0))
            self._slip_loaded = None
            self.nomination_reason.value = ""
            self.refresh()

    def _change(self) -> None:
        if self.selection.state.current is None:
            return
        if self._act(lambda: self.selection.change(self.change_choice.value or None,
                                                   self.change_reason.value)):
            self.change_reason.value = ""

    def _respond(self, answer: str) -> None:
        if self.selection.state.current is None:
            return
        if self._act(lambda: self.selection.respond(answer, self.consent_reason.value)):
            self.consent_reason.value = ""

    def _integrate(self) -> None:
        strategy = self.strategy_choice.value
        details: dict[str, Any] = {
            "shorten-term": {"months": self.detail_months.value},
            "amend-role": {"description": self.detail_description.value,
                           "qualifications": self.detail_qualifications.value.splitlines()},
            "another-candidate": {"candidate": self.detail_candidate.value,
                                  "reasons": self.detail_reasons.value.splitlines()},
        }[strategy]
        choice = self.objection_choice.value
        self._act(lambda: self.selection.integrate(0 if choice is None else choice, strategy,
                                                   **details))

    # ------------------------------------------------------------------ the phones' count
    def _start_polling(self) -> None:
        """Count the phones' answers every ``refresh_every`` seconds while the question is
        open (on the kernel's loop; without one, as in tests, :meth:`count_phones` by hand)."""
        if not self.refresh_every or (self._poller is not None and not self._poller.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._poller = loop.create_task(self._poll())

    async def _poll(self) -> None:
        while not self._closed and self.comm is not None \
                and self.selection.room.activity is not None:
            await asyncio.sleep(self.refresh_every)
            if self._closed:
                return
            self.count_phones()
            phones = self.selection.phones
            if (phones is not None and phones.revealed) or self.process is None \
                    or self.process.step != "nominations":
                return

    def count_phones(self) -> None:
        """Read how many phones answered (never what) again."""
        try:
            self.selection.refresh_room()
        except CourseError as exc:
            self.status.value = error_html(exc.plain)

    def close(self) -> None:
        self._closed = True
        if self._poller is not None:
            self._poller.cancel()
        self.keeper.close()
        super().close()

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Redraw everything from the session."""
        p = self.process
        if p is None or not self._running_built:
            return
        state = self.selection.state
        self._drawn = (id(p), len(p.log), state.slips_to_fix)
        step = p.step
        shown = [s for s in STEPS if s != "integrate-objections" or p.objections]
        items = "".join(
            f'<li aria-current="step" style="font-weight:bold;text-decoration:underline">'
            f"{html.escape(_(STEP_LABELS[s]))}</li>" if s == step
            else f"<li>{html.escape(_(STEP_LABELS[s]))}</li>"
            for s in shown)
        months = p.role.term_months
        term = html.escape(ngettext("Term: {months} month", "Term: {months} months",
                                    months).format(months=months))
        candidate = (" · " + _("Candidate: {name}").format(
            name=f"<strong>{_esc(p.candidate)}</strong>") if p.candidate else "")
        self.role_view.value = (
            f"<div class='course-selection-role' style='{BIG}'>{_esc(p.role.name)}</div>"
            f"<p style='font-size:1.2em;margin:0.2em 0'>{term}{candidate}</p>")
        where = _("Step {number} of {total}: {step}").format(
            number=shown.index(step) + 1, total=len(shown),
            step=f"<strong>{html.escape(_(STEP_LABELS[step]))}</strong>")
        steps_label = html.escape(_("Steps of the selection"), quote=True)
        self.progress.value = (
            f"<p class='course-selection-step' style='font-size:1.6em;margin:0.3em 0'>"
            f"{where}</p><ol aria-label='{steps_label}' style='display:flex;"
            f"flex-wrap:wrap;gap:0.2em 1.6em;padding-left:1.2em;margin-top:0'>{items}</ol>")
        facilitator = html.escape(_("Facilitator:"))
        self.prompt_view.value = (f"<div class='course-prompt' role='note'><strong>"
                                  f"{facilitator}</strong> {_esc(_(PROMPTS[step]))}</div>")
        self.body.children = self._body(p, state)
        finished = step in ("decided", "announced")
        hide(self.next_button, finished)
        self.next_button.description = self._next_label(step, state)
        self._update_export()
        self._draw_audience()

    @staticmethod
    def _next_label(step: str, state: SelectionState) -> str:
        """The move-on button, named for what the click does at this point."""
        if step == "consent-round":
            if state.current is not None:
                return _("Show the result (once everyone has answered)")
            if state.open_objections:
                return _("Objections raised: integrate them")
            return _("Consent reached: record it")
        return _(NEXT_LABELS.get(step, N_("Next step")))

    def _update_export(self) -> None:
        entry = self.selection.logbook_entry()
        self.entry_preview.value = entry
        self.download.set(entry, self.selection.logbook_filename(self.today()),
                          text=_("Download the logbook entry (Markdown)"))

    def _body(self, p: SelectionProcess, state: SelectionState) -> list[widgets.Widget]:
        step = p.step
        if step == "role":
            self._draw_role(p)
            return [self.role_box]
        if step == "nominations":
            self._draw_nominations(state)
            return [self.nominations_box]
        if step in ("nomination-round", "change-round", "consent-round"):
            return self._draw_round(p, state)
        if step == "proposal":
            self.grid.show(p, "after")
            self._draw_proposal(p, state)
            return [self.grid, self.proposal_box]
        if step == "integrate-objections":
            self._draw_integrate(p, state)
            return [self.integrate_box]
        if step == "decided":
            d = p.decision
            assert d is not None
            if self.start_date.value is None:
                self.start_date.value = self.today()
            said = widgets.HTML(feedback_html(
                _("{name} for the role of {role}, in consent round {number}. Choose when the "
                  "term starts, and announce it.").format(
                    name=d.holder, role=d.role.name, number=d.consent_rounds),
                kind="right", headline=_("We have consent:"), quote=False))
            return [said, self.announce_box]
        a = p.announcement
        assert a is not None
        announced = feedback_html(a.sentence, kind="right", headline=_("Announced."),
                                  quote=False)
        return [widgets.HTML(
            f"<div class='course-selection-announcement' style='font-size:1.5em'>"
            f"{announced}</div>"
            + _("<p>Download the logbook entry below and share it with the circle.</p>"))]

    def _draw_role(self, p: SelectionProcess) -> None:
        role = p.role
        quals = "".join(f"<li>{_esc(q)}</li>" for q in role.qualifications)
        description = role.description or _("(no description yet)")
        self.role_summary.value = (
            f"<blockquote style='border-left:4px solid {ACCENT};margin:0.4em 0;"
            f"padding:0.2em 0.8em'>{_esc(description)}"
            f"</blockquote>"
            + ("<p>" + html.escape(_("Qualifications:")) + f"</p><ul>{quals}</ul>"
               if quals else ""))
        self.amend_term.value = role.term_months
        self.amend_description.value = role.description
        self.amend_qualifications.value = "\n".join(role.qualifications)
        self.amend_reason.value = ""

    def _draw_nominations(self, state: SelectionState) -> None:
        missing = state.missing
        if missing:
            slips = _("Slips in: <strong>{handed} of {total}</strong> (still to come: {names})")
        else:
            slips = _("Slips in: <strong>{handed} of {total}</strong>: all in. Reveal them.")
        self.slips_view.value = (
            "<p style='font-size:1.3em'>"
            + slips.format(handed=len(state.handed), total=len(state.members),
                           names=_esc(", ".join(missing)))
            + "</p>")
        self.nominator_choice.options = list(state.members)
        self.nominee_choice.set_choices(state.members)
        fixing = state.slips_to_fix
        if fixing:
            slip = fixing[0]
            self._slip_loaded = 0
            self.nominator_choice.value = slip.member or (missing[0] if missing
                                                          else state.members[0])
            self.nominee_choice.choice = None
            self.nomination_reason.value = slip.reason
            more = len(fixing) - 1
            wrote = _("{name} wrote: nominee \"{nominee}\", because \"{reason}\".").format(
                name=slip.name, nominee=slip.nominee, reason=slip.reason)
            after = (" " + ngettext("({count} more after this one.)",
                                    "({count} more after this one.)", more).format(count=more)
                     if more else "")
            self.fix_view.value = feedback_html(
                f"{wrote} {slip.problem}{after}",
                kind="neutral", headline=_("A slip from a phone needs you:"), quote=False)
            hide(self.fix_box, False)
        else:
            self._slip_loaded = None
            self.nominator_choice.value = missing[0] if missing else state.members[0]
            hide(self.fix_box, True)
        self._draw_phones(state)

    def _draw_phones(self, state: SelectionState) -> None:
        """The phones' line: asked or not, how many answered (never what), revealed."""
        if not self._running_built:
            return
        phones = state.phones
        open_now = phones is not None and phones.open
        # while the question is open, asking again would start the phones afresh: not offered
        hide(self.ask_button, open_now)
        self.ask_button.description = _("Ask the phones") if phones is None \
            else _("Ask the phones again")
        hide(self.reveal_button, not open_now)
        if phones is None:
            self.phones_view.value = ""
            return
        count = _("{answered} of {joined} answered").format(answered=phones.answered,
                                                            joined=len(phones.joined))
        if phones.revealed:
            text = _("The phones' slips are revealed and taken into the selection.")
        else:
            text = _("The question is on the phones; reveal when everyone has written theirs.")
        self.phones_view.value = (
            f"<p class='course-answered' role='status' style='font-size:1.6em'>"
            f"<strong>{html.escape(count)}</strong></p><p>{_esc(text)}</p>")

    def _speaker_html(self, state: SelectionState, label: str) -> str:
        if state.current is None:
            return ("<p style='font-size:1.4em'>" + html.escape(_("Everyone has spoken."))
                    + "</p>")
        after = ("<p>" + (_("Next: {name}").format(name=_esc(state.next)) if state.next
                          else html.escape(_("Next: nobody, this is the last turn.")))
                 + "</p>")
        turn = _("{label} (turn {number} of {total})").format(
            label=html.escape(label), number=len(state.turns) + 1, total=state.round_size)
        return (f"<p style='margin:0.2em 0'>{turn}</p>"
                f"<div style='{BIG}'>{_esc(state.current)}</div>{after}")

    @staticmethod
    def _turns_html(state: SelectionState) -> str:
        items = "".join(f"<li>{_esc(t.who)}: {_esc(t.note)}</li>" for t in state.turns)
        return ("<p>" + html.escape(_("Said so far:")) + f"</p><ol>{items}</ol>"
                if items else "")

    def _draw_round(self, p: SelectionProcess, state: SelectionState) -> list[widgets.Widget]:
        rnd = p.round
        assert rnd is not None
        self.turns_view.value = self._turns_html(state)
        blocked = ROUND_KINDS[rnd.kind].why
        self.pass_reason.value = f"<p><em>{_esc(blocked)}</em></p>"
        done = state.current is None
        if p.step == "nomination-round":
            self.grid.show(p, "before")
            said = ""
            if state.current is not None:
                made = p.nominations[state.current]
                said = ("<p style='font-size:1.4em'>" + _("nominates {nominee}: {reason}").format(
                    nominee=f"<strong>{_esc(made.nominee)}</strong>", reason=_esc(made.reason))
                        + "</p>")
            self.speaker_view.value = self._speaker_html(state, _("Reading out")) + said
            self.read_button.disabled = done
            self.read_note.value = ""
            return [self.speaker_view, self.read_note,
                    widgets.HBox([self.read_button, self.pass_button]), self.pass_reason,
                    self.turns_view, self.grid]
        if p.step == "change-round":
            self.grid.show(p, "after")
            self.speaker_view.value = self._speaker_html(state, _("Change round"))
            if state.current is not None:
                keeps = state.keeps
                self.change_choice.options = [
                    (_("No change (keeps {name})").format(name=keeps), "")] + [
                    (_("Changes to {name}").format(name=m), m)
                    for m in state.members if m != keeps]
                self.change_choice.value = ""
            self.change_button.disabled = done
            note = _("<p><em>Everyone answers: \"no change\" is said aloud and recorded, with a "
                     "reason if they give one.</em></p>")
            return [self.speaker_view, self.change_choice, self.change_reason,
                    self.change_button, _guide(note), self.turns_view, self.grid]
        # consent round
        self.speaker_view.value = self._speaker_html(
            state, _("Consent round {number}").format(number=p.consent_rounds)) + (
            "<p>" + _("Do you object to {name} as {role}? The candidate speaks last.").format(
                name=f"<strong>{_esc(state.candidate)}</strong>", role=_esc(p.role.name))
            + "</p>" if not done else "")
        self.consent_button.disabled = self.object_button.disabled = done
        return [self.speaker_view, self.consent_reason,
                widgets.HBox([self.consent_button, self.object_button, self.pass_button],
                              layout=widgets.Layout(flex_flow="row wrap")),
                self.pass_reason, self.turns_view]

    def _draw_proposal(self, p: SelectionProcess, state: SelectionState) -> None:
        names = list(state.nominated)
        current = self.candidate_choice.value
        self.candidate_choice.options = names
        self.candidate_choice.value = current if current in names else names[0]
        if p.proposal is not None:
            reasons = "".join(f"<li>{_esc(r)}</li>" for r in p.proposal.reasons)
            months = p.proposal.term_months
            if p.proposal.most_nominated:
                proposed = ngettext("{name} for {months} month, because:",
                                    "{name} for {months} months, because:", months)
            else:
                proposed = ngettext(
                    "{name} for {months} month (not the most nominated: proposed by reasons), "
                    "because:",
                    "{name} for {months} months (not the most nominated: proposed by reasons), "
                    "because:", months)
            self.proposal_view.value = feedback_html(
                proposed.format(name=p.proposal.candidate, months=months),
                kind="neutral", headline=_("Proposed:"), quote=False,
                body_html=f"<ul>{reasons}</ul>")
        else:
            self.proposal_view.value = ""

    def _draw_integrate(self, p: SelectionProcess, state: SelectionState) -> None:
        options = [(f"{member}: {reason}", i)
                   for i, (member, reason) in enumerate(state.open_objections)]
        self.objection_choice.options = options
        self.objection_choice.value = options[0][1] if options else None
        if not self.detail_description.value:
            self.detail_description.value = p.role.description
        if not self.detail_qualifications.value:
            self.detail_qualifications.value = "\n".join(p.role.qualifications)
        others = list(state.others)
        self.detail_candidate.options = others
        self.detail_candidate.value = others[0] if others else None
        self.integrated_view.value = integrated_objections_html(
            p.objections, all_integrated=not options)
        self.integrate_button.disabled = not options
