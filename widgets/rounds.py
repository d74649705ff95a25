"""Rounds in the course: the live ``RoundFacilitator`` (the lesson's ``AirtimeSimulator`` lives in
:mod:`.airtime`; importing this module loads neither numpy nor matplotlib).

``RoundFacilitator`` is the tool an ambassador projects in a workshop. Set-up: the participants
(one per line, reordered with "Move up"/"Move down"), the kind of round and its prompt, who
starts (and, in a consent round, who speaks last), an optional time limit per turn. During the
round: whose turn it is and who is next, a per-speaker timer, a note per turn, "Next", "Pass"
(disabled, with the reason shown, where SoFA does not allow passing) and "Undo". At the end: a
summary with an airtime chart, and the minutes of every round completed on the page as Markdown
and CSV to download (and, in JupyterLab, to save beside the notebook).

The rules live in :class:`sociocracy.rounds.Round`; every button calls one of its methods and the
view is redrawn from it. Names and notes are shown with ``Label``/``Text`` widgets or escaped
before they reach HTML, so a name like ``<img src=x onerror=alert(1)>`` is shown as typed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import textwrap
import time
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError
from sociocracy.core.names import parse_names
from sociocracy.core.people_text import html_text
from sociocracy.round_minutes import (
    airtime_shares,
    format_seconds,
    rounds_csv,
    session_markdown,
)
from sociocracy.rounds import KINDS, ROUND_KINDS, DiscouragedPassWarning, Round

from .app_record import AppRecord
from .charts import ChartView, new_figure
from .downloads import FileExport
from .feedback import error_html, feedback_html
from .palette import ACCENT, NEUTRAL, PROBLEM
from .people_text import PeopleLabel
from .timer import TurnTimer

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["APP", "RoundFacilitator"]

#: The name under which the round facilitator's sessions are kept in the workshop record.
APP = "rounds"

NOBODY = "(nobody in particular)"
BIG = {"font_size": "2.2em", "font_weight": "bold"}  # readable on a projector


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _hide(widget: widgets.Widget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


# ---- one round in the workshop record: a session whose steps are the round after each turn
def _recorded_round(session: Any) -> Round:
    """The round as last recorded, rebuilt through the round's own rules."""
    steps = session.steps
    data = steps[-1][1]["round"] if steps else session.setup["round"]
    return Round.from_dict(data)


def _round_title(rnd: Round) -> str:
    label = ROUND_KINDS[rnd.kind].label
    return f"{label}: {rnd.prompt}" if rnd.prompt else label


def _describe(session: Any) -> str:
    rnd = _recorded_round(session)
    return (f"{len(rnd.turns)} of {len(rnd.order)} turns were taken; "
            f"next: {rnd.current}." if rnd.current else "")


def _round_done(session: Any) -> bool:
    return _recorded_round(session).is_complete


def _round_files(session: Any) -> list[tuple[str, str, str]]:
    rnd = _recorded_round(session)
    day = session.started_at.astimezone().date().isoformat()
    stem = f"round-{day}-{session.id}"
    return [(f"{stem}-minutes.md", "text/markdown",
             session_markdown([rnd], f"Minutes: {_round_title(rnd)}", date=day)),
            (f"{stem}-turns.csv", "text/csv", rounds_csv([rnd]))]


class RoundFacilitator(widgets.VBox):
    """Run a round in a live meeting, then hand out its minutes.

    ``round`` is the :class:`~sociocracy.rounds.Round` in progress (``None`` before "Start").
    ``message`` shows anything the round refused, in the round's own words. ``save_button``
    is passed to :class:`FileExport` (``None``: shown in JupyterLab, hidden in Voila).
    ``show_minutes=False`` leaves out the minutes downloads (a tool that embeds the facilitator,
    like the consent decision, offers its own record instead).
    ``clock`` is where turn times come from (tests pass a fake one).

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
                 record: bool = False, store: Any = None) -> None:
        super().__init__()
        self.add_class("course-round-facilitator")
        self.round: Round | None = None
        self.history: list[Round] = []  # completed rounds, for the minutes
        self.turn_timer = TurnTimer(clock)
        self.suggested_notes: dict[str, str] = {}
        self.on_turn: Callable[[Round], None] | None = None
        self._ticker: asyncio.Task | None = None
        self._build_setup(participants or [], kind, prompt)
        self._build_run()
        self._build_end(save_button, show_minutes)
        self.message = widgets.HTML("")
        self.keeper = AppRecord(APP, "round", resume=self.resume, describe=_describe,
                                export=_round_files, is_done=_round_done, store=store,
                                record=record)
        self.children = [self.keeper.resume_box, self.setup, self.run, self.end, self.message,
                         self.keeper.past_box]
        self._names_changed()
        self._kind_changed()
        self._show("setup")
        if record:
            self.keeper.offer()
            if self.keeper.problem:
                self.message.value = self._note(self.keeper.problem)

    # ================================================================ building
    def _build_setup(self, participants: list[str], kind: str, prompt: str) -> None:
        wide = {"description_width": "9em"}
        self.names = widgets.Textarea(
            value="\n".join(participants), description="Participants:",
            placeholder="One name per line", rows=6, style=wide,
            layout=widgets.Layout(width="32em"),
        )
        self.order = widgets.Select(options=[], description="Seating order:", rows=6,
                                    style=wide, layout=widgets.Layout(width="32em"))
        self.move_up = widgets.Button(description="Move up",
                                      tooltip="Move the selected person one place earlier")
        self.move_down = widgets.Button(description="Move down",
                                        tooltip="Move the selected person one place later")
        self.kind = widgets.Dropdown(options=[(ROUND_KINDS[k].label, k) for k in KINDS],
                                     value=kind, description="Kind of round:", style=wide)
        self.kind_help = widgets.HTML("")
        self.kind_help.add_class("course-room-hide")
        self.prompt = widgets.Text(value=prompt, description="Prompt:", style=wide,
                                   placeholder="e.g. How are you arriving today?",
                                   layout=widgets.Layout(width="40em"))
        self.first = widgets.Dropdown(options=[], description="Who starts:", style=wide)
        self.last = widgets.Dropdown(options=[NOBODY], value=NOBODY, style=wide,
                                     description="Speaks last:",
                                     tooltip="In a selection's consent round, the nominee",
                                     layout=widgets.Layout(width="26em"))
        self.limit = widgets.BoundedIntText(value=0, min=0, max=3600, step=15, style=wide,
                                            description="Time limit (s):",
                                            tooltip="Seconds per turn; 0 means no limit")
        self.limit_help = widgets.Label("Seconds per turn; 0 means no limit.")
        self.start = widgets.Button(description="Start the round", button_style="primary",
                                    tooltip="Start the round with these settings")
        self._first_chosen, self._syncing = False, False
        self.first.observe(self._first_picked, names="value")
        self.names.observe(lambda _c: self._names_changed(), names="value")
        self.kind.observe(lambda _c: self._kind_changed(), names="value")
        self.move_up.on_click(lambda _b: self._move(-1))
        self.move_down.on_click(lambda _b: self._move(+1))
        self.start.on_click(lambda _b: self.start_round())
        self.setup = widgets.VBox([
            widgets.HTML("<h2>Set up the round</h2>"),
            self.names, widgets.HBox([self.order, widgets.VBox([self.move_up, self.move_down])]),
            self.kind, self.kind_help, self.prompt, self.first, self.last,
            widgets.HBox([self.limit, self.limit_help]), self.start,
        ])

    def _build_run(self) -> None:
        self.heading = widgets.HTML("")
        self.now_label = widgets.Label("Now speaking:")
        self.now = PeopleLabel("", style=BIG)  # names are never typeset as math
        self.now.add_class("course-round-current")  # wraps: a long name never covers the label
        self.next_label = widgets.Label("Next:")
        self.up_next = PeopleLabel("", style={"font_size": "1.2em"})
        self.up_next.add_class("course-wrap")
        self.progress = widgets.Label("")
        self.timer_label = widgets.Label("Time for this turn:")
        self.clock = widgets.Label("0:00", style={"font_size": "1.4em"})
        self.pause = widgets.Button(description="Pause timer",
                                    tooltip="Pause or resume this person's timer")
        self.pause.add_class("course-timer-toggle")
        self.note = widgets.Textarea(description="Note for this turn:", rows=2,
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="40em"))
        self.next = widgets.Button(description="Next", button_style="primary",
                                   tooltip="Record this turn (with its note) and go to the next "
                                           "person")
        self.pass_button = widgets.Button(description="Pass",
                                          tooltip="This person passes")
        self.pass_reason = widgets.HTML("")
        self.pass_reason.add_class("course-pass-reason")
        self.undo = widgets.Button(description="Undo",
                                   tooltip="Take the last turn back")
        self.stop = widgets.Button(description="Back to set-up",
                                   tooltip="Leave this round and change the settings")
        self.turn_list = widgets.HTML("")
        self.pause.on_click(lambda _b: self.toggle_timer())
        self.next.on_click(lambda _b: self.speak())
        self.pass_button.on_click(lambda _b: self.pass_turn())
        self.undo.on_click(lambda _b: self.undo_turn())
        self.stop.on_click(lambda _b: self._show("setup"))
        speaker = widgets.VBox([self.now_label, self.now])
        speaker.add_class("course-room-big")
        up_next = widgets.HBox([self.next_label, self.up_next, self.progress],
                               layout=widgets.Layout(align_items="baseline"))
        up_next.add_class("course-room-next")
        self.heading.add_class("course-room-big")
        self.turn_list.add_class("course-room-hide")
        self.run = widgets.VBox([
            self.heading, speaker, up_next,
            widgets.HBox([self.timer_label, self.clock, self.pause],
                         layout=widgets.Layout(align_items="center")),
            self.note,
            widgets.HBox([self.next, self.pass_button, self.undo, self.stop]),
            self.pass_reason, self.turn_list,
        ])

    def _build_end(self, save_button: bool | None, show_minutes: bool = True) -> None:
        self.summary = widgets.HTML("")
        self.chart = ChartView()
        self.minutes = FileExport("round-minutes.md", "text/markdown", what="minutes",
                                  save_button=save_button)
        self.table = FileExport("round-turns.csv", "text/csv", what="table of turns",
                                save_button=save_button)
        self.end_undo = widgets.Button(description="Undo last turn",
                                       layout=widgets.Layout(width="auto"),
                                       tooltip="Take the last turn back and continue the round")
        self.again = widgets.Button(description="New round, same people",
                                    layout=widgets.Layout(width="auto"),
                                    button_style="primary",
                                    tooltip="Set up another round with the same participants")
        self.end_undo.on_click(lambda _b: self.undo_turn())
        self.again.on_click(lambda _b: self._show("setup"))
        self.history_note = widgets.Label("")
        minutes = [widgets.HTML("<h3>Minutes to hand out</h3>"), self.history_note,
                   self.minutes, self.table] if show_minutes else []
        self.end = widgets.VBox([
            widgets.HTML("<h2>The round is complete</h2>"), self.summary, self.chart,
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
        self.last.options = [NOBODY, *names]
        self.last.value = last if last in names else NOBODY
        self.start.disabled = not names

    def _first_picked(self, change: dict) -> None:
        if not self._syncing:
            self._first_chosen = change["new"] is not None

    def _kind_changed(self) -> None:
        rule = ROUND_KINDS[self.kind.value]
        self.kind_help.value = (
            f"<p>{html.escape(rule.purpose)} Passing is <strong>{html.escape(rule.passing)}"
            f"</strong>: {html.escape(rule.why)}</p>"
        )
        _hide(self.last, self.kind.value != "consent")
        if self.kind.value != "consent":
            self.last.value = NOBODY

    def _move(self, step: int) -> None:
        names, chosen = list(self.order.options), self.order.value
        if chosen not in names:
            self.message.value = self._note("Select a person in the seating order first.")
            return
        i = names.index(chosen)
        j = min(max(i + step, 0), len(names) - 1)
        names[i], names[j] = names[j], names[i]
        self.names.value = "\n".join(names)
        self.order.value = chosen
        self.message.value = ""

    def start_round(self) -> Round | None:
        """Start a round from the set-up; shows the reason instead if the round refuses."""
        last = None if self.last.value in (None, NOBODY) else self.last.value
        try:
            self.round = Round(self.kind.value, self.participants, self.first.value,
                               prompt=self.prompt.value.strip(), last=last)
        except CourseError as exc:
            self.message.value = self._note(exc.plain)
            return None
        problem = self.keeper.start(_round_title(self.round), {"round": self.round.to_dict()})
        self.attach(self.round)
        if problem:
            self.message.value = self._note(problem)
        return self.round

    def resume(self, session: Any) -> bool:
        """Continue a round from the workshop record (what "Resume it" does)."""
        rnd = _recorded_round(session)
        self.names.value = "\n".join(rnd.participants)
        self._names_changed()
        self.kind.value = rnd.kind
        self.prompt.value = rnd.prompt
        self.first.value = rnd.first
        self._first_chosen = True
        self.history = []
        self.attach(rnd)
        turns = len(rnd.turns)
        self.message.value = feedback_html(
            f"{turns} turn{'s were' if turns != 1 else ' was'} in the record."
            + (f" It is {rnd.current}'s turn." if rnd.current else ""),
            kind="neutral", headline="Resumed.", quote=False)
        return True

    def attach(self, rnd: Round) -> Round:
        """Run ``rnd``, a round owned by a larger process (e.g. the consent process).

        The round is shown as it stands (turns already taken included), from its current turn.
        """
        self.round = rnd
        self.message.value = ""
        self.heading.value = self._heading_html()
        self._new_turn()
        if rnd.is_complete:
            self._finish()
        else:
            self._show("run")
            self._refresh()
        return rnd

    # ================================================================ the round
    def speak(self) -> None:
        """"Next": the current person spoke; record the note and the time, move on."""
        self._act(lambda r: r.speak(self.note.value.strip(), self._seconds()))

    def pass_turn(self) -> None:
        """"Pass": refused with the reason where the kind of round does not allow it."""

        def quiet_pass(r: Round):  # a discouraged pass is shown in the page, not as a warning
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DiscouragedPassWarning)
                return r.pass_turn(self._seconds())

        self._act(quiet_pass)

    def undo_turn(self) -> None:
        """"Undo": the last person has the turn again, with their note back in the box."""
        if self.round is None:
            return
        try:
            turn = self.round.undo()
        except CourseError as exc:
            self.message.value = self._note(exc.plain)
            return
        if not self._recorded(lambda r: self._redo(r, turn)):
            return
        # A completed round taken back is open again: it leaves the minutes until it ends.
        self.history = [done for done in self.history if done is not self.round]
        self.message.value = ""
        self._new_turn(note=turn.note, already=turn.seconds or 0.0)
        self._show("run")
        self._refresh()

    def _act(self, move) -> None:
        if self.round is None:
            self.message.value = self._note("Start the round first.")
            return
        try:
            turn = move(self.round)
        except CourseError as exc:
            self.message.value = self._note(exc.plain)
            return
        if not self._recorded(lambda r: r.undo()):
            return
        warn = (turn.passed and ROUND_KINDS[self.round.kind].passing == "discouraged")
        self.message.value = self._note(
            f"{turn.who} passed. {ROUND_KINDS[self.round.kind].why}") if warn else ""
        if self.round.is_complete:
            self._new_turn()
            self._finish()
        else:
            self._refresh()  # the next name first: it is what the room is waiting for
            self._new_turn()

    def _recorded(self, take_back: Callable[[Round], object]) -> bool:
        """Write the move to the record and give it to ``on_turn``; if either fails,
        ``take_back`` the move and say why."""
        if self.round is None:
            return True
        problem = self.keeper.save("turn", {"round": self.round.to_dict()})
        if not problem and self.on_turn is not None:
            try:
                self.on_turn(self.round)
            except CourseError as exc:
                problem = exc.plain
        if problem:
            take_back(self.round)
            self.message.value = self._note(problem)
            return False
        return True

    @staticmethod
    def _redo(rnd: Round, turn) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DiscouragedPassWarning)
            if turn.passed:
                rnd.pass_turn(turn.seconds)
            else:
                rnd.speak(turn.note, turn.seconds)

    def _seconds(self) -> float:
        return round(self.turn_timer.elapsed, 1)

    def toggle_timer(self) -> None:
        """Pause the current speaker's timer, or resume it."""
        if self.turn_timer.running:
            self.turn_timer.pause()
        else:
            self.turn_timer.resume()
        self.pause.description = "Pause timer" if self.turn_timer.running else "Resume timer"
        self._tick()

    def _new_turn(self, note: str = "", already: float = 0.0) -> None:
        current = self.round.current if self.round is not None else None
        self.note.value = note or self.suggested_notes.get(current or "", "")
        running = self.round is not None and not self.round.is_complete
        self.turn_timer.reset(running=running, already=already)
        self.pause.description = "Pause timer"
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
        if self._ticker is not None:
            self._ticker.cancel()
        super().close()

    def _tick(self) -> None:
        limit = self.limit.value
        elapsed = self.turn_timer.elapsed
        if limit and elapsed >= limit:
            self.clock.value = f"{_clock(elapsed)}: time is up (limit {_clock(limit)})"
            self.clock.style.text_color = PROBLEM
        else:
            suffix = f" of {_clock(limit)}" if limit else ""
            self.clock.value = f"{_clock(elapsed)}{suffix}"
            self.clock.style.text_color = None

    def _refresh(self) -> None:
        r = self.round
        if r is None:
            return
        self.now.value = r.current or ""
        self.up_next.value = r.next_speaker or "(nobody: this is the last turn)"
        self.progress.value = f"(turn {len(r.turns) + 1} of {len(r.order)})"
        self.pass_button.disabled = not r.can_pass
        self.pass_reason.value = "" if r.can_pass else (
            f"<p>{html.escape(r.pass_blocked_reason, quote=False)}</p>")
        self.undo.disabled = not r.turns
        self.turn_list.value = self._turns_html()

    def _finish(self) -> None:
        r = self.round
        assert r is not None
        self.turn_timer.pause()
        if not any(done is r for done in self.history):
            self.history.append(r)
        passes = sum(turn.passed for turn in r.turns)
        total = sum(r.airtime().values())
        self.summary.value = (
            f"<p>{len(r.turns)} turns, {passes} {'pass' if passes == 1 else 'passes'}"
            + (f", {format_seconds(total)} of speaking in all" if total else "") + ".</p>"
            + self._turns_html("Turns")
        )
        self._draw_airtime()
        self._update_exports()
        self._show("end")
        self.keeper.refresh_past()

    # ================================================================ output
    def _show(self, part: str) -> None:
        _hide(self.setup, part != "setup")
        _hide(self.run, part != "run")
        _hide(self.end, part != "end")
        if part != "run":
            self.turn_timer.pause()

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

    def _turns_html(self, caption: str = "Turns so far") -> str:
        r = self.round
        if r is None or not r.turns:
            return ""
        rows = []
        for number, turn in enumerate(r.turns, start=1):
            said = "<em>passed</em>" if turn.passed else html_text(turn.note or "–")
            time = format_seconds(turn.seconds) if turn.seconds is not None else ""
            rows.append(f"<tr><td>{number}</td><td>{html_text(turn.who)}</td>"
                        f"<td>{said}</td><td>{time}</td></tr>")
        return (f"<table class='course-round-turns'><caption>{caption}</caption>"
                "<thead><tr><th scope='col'>#</th><th scope='col'>Who</th>"
                "<th scope='col'>Note</th><th scope='col'>Time</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def minutes_markdown(self) -> str:
        """The minutes as offered for download: every round completed on this page, in order."""
        count = len(self.history)
        title = f"Minutes: {count} round{'s' if count != 1 else ''}"
        return session_markdown(self.history, title, date=dt.date.today().isoformat())

    def _update_exports(self) -> None:
        count = len(self.history)
        stem = f"rounds-{dt.date.today().isoformat()}"
        self.minutes.set(self.minutes_markdown(), f"{stem}-minutes.md",
                         text="Download the minutes (Markdown)")
        self.table.set(rounds_csv(self.history), f"{stem}-turns.csv",
                       text="Download the turns as a table (CSV)")
        self.history_note.value = (
            "These minutes hold the round just completed." if count == 1 else
            f"These minutes hold all {count} rounds completed on this page, in order.")

    def _draw_airtime(self) -> None:
        r = self.round
        assert r is not None
        airtime = r.airtime()
        names, seconds = list(airtime), list(airtime.values())
        total = sum(seconds)
        passed = {turn.who for turn in r.turns if turn.passed}
        shares = airtime_shares(airtime)
        if total:
            alt = "Bar chart of seconds spoken per person: " + "; ".join(
                f"{name} {format_seconds(s)} ({shares[name] or 0:.0%})"
                for name, s in airtime.items())
        else:
            alt = "Bar chart of seconds spoken per person, empty because no turn was timed: " + (
                "; ".join(f"{name} {'passed' if name in passed else 'spoke'}" for name in names))
        self.chart.draw(draw_round_airtime, names, seconds, sorted(passed), alt=alt)


def draw_round_airtime(names: list[str], seconds: list[float], passed: list[str]) -> Figure:
    """Horizontal bars of seconds spoken per person in a round; who passed is greyed."""
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
    ax.set_xlabel("Seconds spoken")
    fig.suptitle("Airtime in this round")  # over the whole figure: never clipped
    return fig
