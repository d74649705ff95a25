"""The intro session app's presenter view: speaker notes, the next part, time left, the controls.

A view of :class:`~sociocracy.sessions.intro.IntroSession` (the rules and the record live
there): pick a plan (the course's ``workshops/`` or an upload), start, and move through the parts
and slides. The room sees the audience view (``apps/audience.ipynb?app=intro_session``), opened
from here. An activity part says which app runs it and opens that app in a new tab; the audience
view shows that app's own view under the part's title. The handout and the document after the
session download from here.
"""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _
from sociocracy.intro_sessions import ACTIVITIES, Plan, load_plan, parse_plan, plan_files
from sociocracy.sessions.audience import APPS
from sociocracy.sessions.follow_up import QUESTION, FollowUp, contacts_csv
from sociocracy.sessions.intro import APP, IntroSession, IntroState

from .app_record import AppRecord
from .audience import audience_html, audience_link_html
from .downloads import DownloadLink
from .feedback import error_html, feedback_html
from .handout import handout_html

__all__ = ["IntroPresenter"]

#: The page of each app an activity part runs in (relative to ``apps/``).
APP_PAGES = {"rounds": "round_facilitator.ipynb", "consent": "consent_decision.ipynb",
             "circle_map": "circle_map.ipynb", "selection": "selection.ipynb",
             "meeting": "meeting.ipynb", "workshop_room": "workshop_room.ipynb"}
#: How the presenter's link names each app (a link says where it goes, not "click here").
APP_NAMES = {"rounds": N_("the round facilitator"), "consent": N_("the consent decision app"),
             "circle_map": N_("the circle map app"), "selection": N_("the selection app"),
             "meeting": N_("the meeting app"), "workshop_room": N_("the workshop room app")}
#: A part's kind as the plan's outline names it.
KIND_NAMES = {"talk": N_("talk"), "activity": N_("activity"), "break": N_("break"),
              "evaluation": N_("evaluation")}
MAX_BYTES = 200_000


def _clock_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


class IntroPresenter(widgets.VBox):
    """The presenter's page of an intro session (``record=True``: kept in the workshop record,
    resumable after a crash)."""

    def __init__(self, *, record: bool = False, store: Any = None,
                 session: IntroSession | None = None, tick_every: float = 1.0) -> None:
        super().__init__()
        self.add_class("course-intro-presenter")
        self.session = session or IntroSession(store=store, record=record)
        self.plans = {path.stem: path for path in plan_files()}
        self.tick_every = tick_every
        self._ticker: asyncio.Task[None] | None = None
        self._closed = False
        self.uploaded: Plan | None = None
        self._build()
        self.keeper = AppRecord(APP, N_("intro session"), resume=self.resume,
                                keeper=self.session.keeper)
        self.children = [self.audience_link, self.audience_panel, self.keeper.resume_box,
                         self.setup, self.run, self.message, self.keeper.past_box]
        self.session.subscribe(self._show)
        self._show(self.session.state)
        if self.session.keeper.record:
            self.keeper.offer()
        self._start_ticking()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        wide = {"description_width": "8em"}
        self.audience_link = widgets.HTML(audience_link_html(APP))
        self.audience_panel = widgets.HTML()
        self.audience_panel.add_class("course-audience-panel")
        options = [(self._plan_label(path), key) for key, path in self.plans.items()]
        self.chooser = widgets.Dropdown(options=options, description=_("Plan:"), style=wide,
                                        layout=widgets.Layout(width="min(40em, 100%)"))
        self.upload = widgets.FileUpload(accept=".yaml,.yml", multiple=False,
                                         description=_("Open a plan file"),
                                         layout=widgets.Layout(width="auto", max_width="100%"))
        self.upload.observe(self._on_upload, names="value")
        self.plan_view = widgets.HTML()
        self.start_button = widgets.Button(description=_("Start the session"),
                                           button_style="primary",
                                           layout=widgets.Layout(width="max-content"))
        self.start_button.on_click(lambda _b: self._act(lambda: self.session.start(self._chosen())))
        self.handout = DownloadLink(filename="handout.html", mime="text/html")
        self.chooser.observe(lambda _c: self._describe_plan(), names="value")
        self.setup = widgets.VBox([self.chooser, self.upload, self.plan_view, self.handout,
                                   self.start_button])
        self.setup.add_class("course-facilitator-only")

        #: The part's heading, apart from the clock below it: it changes only with the part, so
        #: the clock's ticks never redraw it (nor make a screen reader read it again).
        self.heading = widgets.HTML()
        self.heading.add_class("course-intro-heading")
        self.now = widgets.HTML()
        self.notes = widgets.HTML()
        self.notes.add_class("course-facilitator-only")
        self.coming = widgets.HTML()
        self.coming.add_class("course-facilitator-only")
        button = widgets.Layout(width="max-content", margin="0 0.4em 0.4em 0")
        self.previous_slide = widgets.Button(description=_("Previous slide"), layout=button)
        self.next_slide = widgets.Button(description=_("Next slide"), button_style="primary",
                                         layout=button)
        self.previous_part = widgets.Button(description=_("Previous part"), layout=button)
        self.next_part = widgets.Button(description=_("Next part"), layout=button)
        self.end_button = widgets.Button(description=_("End the session"), layout=button)
        self.previous_slide.on_click(lambda _b: self._act(self.session.previous_slide))
        self.next_slide.on_click(lambda _b: self._act(self.session.next_slide))
        self.previous_part.on_click(lambda _b: self._act(self.session.previous_part))
        self.next_part.on_click(lambda _b: self._act(self.session.next_part))
        self.end_button.on_click(lambda _b: self._act(self.session.end))
        self.controls = controls = widgets.HBox(
            [self.previous_slide, self.next_slide, self.previous_part, self.next_part,
             self.end_button], layout=widgets.Layout(flex_flow="row wrap"))
        self.document = DownloadLink(filename="intro-session.md", mime="text/markdown")
        self._build_follow_up()
        self.run = widgets.VBox([self.heading, self.now, controls, self.notes, self.coming,
                                 self.follow_box, self.document])
        self.message = widgets.HTML()
        self._describe_plan()

    def _build_follow_up(self) -> None:
        """The follow-up question's controls, for the last part and the end (laptop only)."""
        button = widgets.Layout(width="max-content", margin="0 0.4em 0.4em 0")
        self.follow_intro = widgets.HTML(
            "<h4>" + html.escape(_("Follow-up on the phones")) + "</h4><p>"
            + _("Ask the room: {question} Each phone answers yes or no; only after a yes does it "
                "offer an optional box for an email address or phone number. You alone see the "
                "answers; the participants' document carries only the counts.").format(
                    question="<q>" + html.escape(_(QUESTION)) + "</q>") + "</p>")
        self.ask_follow_up = widgets.Button(description=_("Ask the phones about SoFA's trainings"),
                                            layout=button)
        self.show_follow_up = widgets.Button(description=_("Close the question and show the "
                                                           "answers"), layout=button)
        self.ask_follow_up.on_click(lambda _b: self._act(self.session.ask_follow_up))
        self.show_follow_up.on_click(lambda _b: self._act(self.session.show_follow_up))
        self.follow_status = widgets.HTML()
        self.contacts = DownloadLink(filename="follow-up-contacts.csv", mime="text/csv")
        self.follow_box = widgets.VBox([
            self.follow_intro, widgets.HBox([self.ask_follow_up, self.show_follow_up],
                                            layout=widgets.Layout(flex_flow="row wrap")),
            self.follow_status, self.contacts])
        self.follow_box.add_class("course-facilitator-only")
        self.follow_box.add_class("course-intro-follow-up")

    def _show_follow_up(self, asked: FollowUp) -> None:
        self.follow_box.layout.display = ""
        self.ask_follow_up.disabled = asked.asked or self.session.taken_over
        self.show_follow_up.disabled = not asked.open
        if not asked.asked:
            status = ""
        elif not asked.shown:
            status = ("<p role='status'>" + _(
                "Asked on the phones: {count} answered so far. Give people a minute to add a "
                "way to reach them, then show the answers.").format(count=asked.answered)
                + "</p>")
        else:
            rows = "".join(f"<li>{html.escape(name)}: {html.escape(contact)}</li>"
                           for name, contact in asked.contacts)
            names = ", ".join(html.escape(name) for name in asked.interested)
            status = ("<p role='status'>" + _(
                "{counts} ({count} answered).").format(
                    counts="<strong>" + _("{yes} yes, {no} no").format(yes=asked.yes, no=asked.no)
                    + "</strong>", count=asked.answered) + "</p>"
                + ("<p>" + _("Said yes: {names}").format(names=names) + "</p>" if names else "")
                + ("<p>" + html.escape(_("Ways to reach them (for you only):"))
                   + f"</p><ul>{rows}</ul>" if rows
                   else "<p>" + html.escape(_("Nobody left a way to reach them.")) + "</p>"))
        self.follow_status.value = status
        if asked.contacts:
            self.contacts.set(contacts_csv(asked), text=_("Download the contacts (CSV, for you "
                                                          "only; not for the participants)"))
        else:
            self.contacts.set("", text="")

    @staticmethod
    def _plan_label(path: Path) -> str:
        try:
            plan = load_plan(path)
        except CourseError:
            return _("{file} (cannot be used: check it)").format(file=path.name)
        return _("{title} ({minutes} minutes)").format(title=plan.title,
                                                       minutes=f"{plan.minutes:g}")

    # ---------------------------------------------------------------- the plan
    def _chosen(self) -> Plan:
        if self.uploaded is not None:
            return self.uploaded
        return load_plan(self.plans[str(self.chooser.value)])

    def _describe_plan(self) -> None:
        try:
            plan = self._chosen() if (self.plans or self.uploaded) else None
        except CourseError as exc:
            self.plan_view.value = feedback_html(exc.plain, kind="error",
                                                 headline=_("This plan cannot be used."))
            self.start_button.disabled = True
            return
        if plan is None:
            self.plan_view.value = ("<p>" + html.escape(_("No plans found: open a plan file."))
                                    + "</p>")
            self.start_button.disabled = True
            return
        rows = "".join("<li>" + _("{start}–{end} min: {title}").format(
            start=f"{start:g}", end=f"{end:g}", title=html.escape(part.title))
            + f" <small>({html.escape(_(KIND_NAMES.get(part.kind, part.kind)))})</small></li>"
            for part, start, end in plan.schedule())
        findings = "".join(f"<li>{html.escape(str(f))}</li>" for f in plan.validate())
        self.plan_view.value = (f"<p><strong>{html.escape(plan.title)}</strong>"
                                f"{': ' + html.escape(plan.audience) if plan.audience else ''}"
                                f"</p><ol class='course-intro-plan'>{rows}</ol>"
                                + (f"<ul>{findings}</ul>" if findings else ""))
        self.start_button.disabled = False
        self.handout.set(handout_html(plan), f"handout-{self._slug(plan.title)}.html",
                         text=_("Download the handout (open it, then print it or save it as "
                                "PDF)"))

    @staticmethod
    def _slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "session"

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = re.split(r"[/\\]", str(item.get("name") or _("the file")))[-1]
        try:
            content = bytes(item["content"])
            if len(content) > MAX_BYTES:
                self.message.value = error_html(_("{file} is too large for a plan.").format(
                    file=name))
                return
            self.uploaded = parse_plan(content.decode("utf-8"), name)
            self.message.value = feedback_html(_("Opened {file}.").format(file=name),
                                               kind="neutral")
        except UnicodeDecodeError:
            self.message.value = error_html(_("{file} is not a text file; save it as UTF-8."
                                              ).format(file=name))
        except CourseError as exc:
            self.uploaded = None
            self.message.value = error_html(exc.plain)
        finally:
            self.upload.value = ()
        self._describe_plan()

    def resume(self, recorded: Any) -> bool:
        """Continue a recorded session ("Resume it", "Take it over"; this screen already holds
        it): the same part, slide and clock."""
        try:
            problem = self.session._restore(recorded)
        except (CourseError, KeyError, TypeError, ValueError) as exc:
            problem = _("This intro session could not be resumed ({reason}); its record is "
                        "kept: start a new one.").format(reason=type(exc).__name__)
        if problem:
            self.message.value = error_html(problem)
            return False
        self.session.changed()
        return True

    # ---------------------------------------------------------------- showing the session
    def _act(self, action: Any, *arguments: Any) -> None:
        try:
            problem = action(*arguments)
        except CourseError as exc:
            problem = exc.plain
        self.message.value = error_html(problem) if problem else ""

    def _show(self, state: IntroState) -> None:
        self.audience_panel.value = audience_html(self.session.audience())
        running = state.step == "run"
        self.setup.layout.display = "" if state.step == "setup" else "none"
        self.run.layout.display = "none" if state.step == "setup" else ""
        for button in (self.previous_slide, self.next_slide, self.previous_part, self.next_part,
                       self.end_button):
            button.disabled = not running or state.taken_over
        # After the end, five greyed-out buttons only crowd the follow-up and the downloads.
        self.controls.layout.display = "none" if state.step == "end" else ""
        if self.session.can_ask_follow_up():  # the record is read only in the last part
            self._show_follow_up(self.session.follow_up())
        else:
            self.follow_box.layout.display = "none"
        if state.step == "end":
            self.heading.value = "<h3>" + html.escape(_("The session has ended.")) + "</h3>"
            self.now.value = ""
            self.notes.value = self.coming.value = ""
            self.document.set(self.session.after_session(), text=_(
                "Download the session's record for the participants (Markdown)"))
            return
        part = state.current
        if part is None:
            return
        slide = ""
        if part.kind == "talk" and part.slides:
            shown = part.slides[min(state.slide, len(part.slides) - 1)]
            slide = ("<p>" + _("Slide {number} of {total}: {title}").format(
                number=state.slide + 1, total=len(part.slides),
                title="<strong>" + html.escape(shown.title) + "</strong>") + "</p>")
            notes = shown.notes or part.notes
        else:
            notes = part.notes
        activity = ""
        if part.app in APPS and part.kind != "talk":
            page = APP_PAGES.get(part.app, "")
            label = _(ACTIVITIES.get(part.activity, ("", N_("the round")))[1])
            where = _(APP_NAMES.get(part.app, N_("its app")))
            link = (f"<a href='{page}' target='_blank' rel='noopener'>"
                    + html.escape(_("open {app} in a new tab").format(app=where)) + "</a>")
            activity = ("<p>" + _("Run {activity} in its app: {link}; the audience view shows it "
                                  "under this part's title.").format(
                                      activity=html.escape(label), link=link) + "</p>")
            if part.prompt:
                activity += "<p>" + _("Prompt: {prompt}").format(
                    prompt="<strong>" + html.escape(part.prompt) + "</strong>") + "</p>"
        self.heading.value = "<h3>" + _("Part {number}: {title}").format(
            number=state.part + 1, title=html.escape(part.title)) + "</h3>"
        self.now.value = ("<p class='course-intro-clock' role='timer'>" + _(
            "Time left in this part: {part} · session: {session}").format(
                part="<strong>" + _clock_text(state.seconds_left) + "</strong>",
                session=_clock_text(state.total_left)) + f"</p>{slide}{activity}")
        self.notes.value = ("<p><strong>" + html.escape(_("Your notes:"))
                            + f"</strong> {html.escape(notes)}</p>" if notes else "")
        self.coming.value = ("<p>" + _("Next: {title} ({minutes} min)").format(
            title=html.escape(state.following.title),
            minutes=f"{state.following.minutes:g}") + "</p>" if state.following
            else "<p>" + html.escape(_("This is the last part.")) + "</p>")

    # ---------------------------------------------------------------- the clock
    def _start_ticking(self) -> None:
        if not self.tick_every:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._ticker = loop.create_task(self._tick())

    async def _tick(self) -> None:
        while not self._closed and self.comm is not None:
            await asyncio.sleep(self.tick_every)
            state = self.session.state
            if state.step == "run" or (state.step == "end" and self._follow_up_open()):
                self._show(state)

    def _follow_up_open(self) -> bool:
        return self.session.follow_up().open

    def close(self) -> None:
        self._closed = True
        if self._ticker is not None:
            self._ticker.cancel()
        super().close()
