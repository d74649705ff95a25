"""The audience view: what the projector shows of a session, in type the back row can read.

One drawing (:func:`audience_html`) of an :class:`~sociocracy.sessions.audience.AudienceState`,
used in two places:

* the audience page (``apps/audience.ipynb?app=rounds``): :class:`AudienceView` follows what the
  facilitator's screen publishes, a few times a second, in its own kernel;
* a facilitator's page in "Projector mode" (one screen for both): the app draws its own
  session's state with the same function.

Sizes are set against the window (``vw``/``vh``) with a floor, so a 1280×720 projector shows the
main text at 32 px or more and nothing scrolls; a 1920×1080 one shows it larger. People's text is
escaped and isolated (:func:`~sociocracy.core.people_text.html_text`): never markup.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import os
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as widgets

from sociocracy.core import settings
from sociocracy.core.errors import CourseError
from sociocracy.core.people_text import html_text
from sociocracy.sessions.audience import APPS, AudienceState, Follower, audience_link

from .feedback import feedback_html

__all__ = ["POLL_EVERY", "AudienceView", "audience_html", "audience_link_html", "audience_page"]

#: How often the audience page reads what the facilitator's screen published (seconds): a click
#: shows on the projector within a second, with room to spare; one read is one small row.
POLL_EVERY = 0.3

# The audience view's own look, set once on the page. Sizes grow with the window, never below
# what reads from the back of a room at 1280×720 (32 px main text).
STYLE = """<style>
.course-audience{font-size:max(32px,2.5vw);line-height:1.25;max-width:100%;overflow-wrap:anywhere}
.course-audience .aud-step{font-size:max(24px,1.9vw);margin:0 0 .2em;color:#1a4f8b;
  font-weight:bold;text-transform:none}
.course-audience .aud-title{font-size:max(36px,2.9vw);font-weight:bold;margin:0 0 .3em}
.course-audience .aud-text{font-size:max(32px,2.5vw);margin:0 0 .4em;white-space:pre-line}
.course-audience .aud-speaker{font-size:max(48px,4.2vw);font-weight:bold;margin:.1em 0}
.course-audience .aud-next{font-size:max(32px,2.5vw);margin:0 0 .3em}
.course-audience .aud-count{font-size:max(40px,3.4vw);font-weight:bold;margin:.2em 0}
.course-audience .aud-timer{font-size:max(48px,4vw);font-weight:bold;
  font-variant-numeric:tabular-nums}
.course-audience .aud-lines{margin:.2em 0;padding-left:1.1em}
.course-audience .aud-answers{columns:2;column-gap:2em;margin:.2em 0;padding:0;list-style:none;
  font-size:max(26px,2vw)}
.course-audience .aud-answers.aud-many{columns:3;font-size:max(22px,1.6vw)}
.course-audience .aud-answers li{break-inside:avoid;margin:0 0 .25em}
.course-audience .course-room-code p{font-size:max(28px,2.2vw)}
@media (max-width:700px){.course-audience{font-size:20px}
  .course-audience .aud-answers,.course-audience .aud-answers.aud-many{columns:1}}
</style>"""


def _answers_html(state: AudienceState) -> str:
    if not state.answers:
        return ""
    items = []
    for a in state.answers:
        answer = f" <strong>{html_text(a.answer)}</strong>" if a.answer else ""
        words = f": {html_text(a.words)}" if a.words else ""
        items.append(f"<li>{html_text(a.name)}{answer}{words}</li>")
    many = " aud-many" if len(state.answers) > 12 else ""
    return f"<ul class='aud-answers{many}' aria-label='Answers'>{''.join(items)}</ul>"


def _timer_html(state: AudienceState, now: float) -> str:
    left = state.seconds_left(now)
    if left is None:
        return ""
    whole = int(left + 0.999)
    return (f"<p class='aud-timer' role='timer' aria-label='Time left'>"
            f"{whole // 60}:{whole % 60:02d}</p>")


def audience_html(state: AudienceState | None, *, room_html: str = "",
                  now: float | None = None) -> str:
    """The audience view of ``state`` as HTML (``room_html``: the room's code, QR code and
    address, drawn by the caller, who can open the room; shown while people join)."""
    if state is None:
        return (f"{STYLE}<div class='course-audience'><p class='aud-title'>Waiting for the "
                "facilitator</p><p class='aud-text'>This screen shows the session as soon as "
                "the facilitator starts it on their laptop.</p></div>")
    parts = [STYLE, "<div class='course-audience tex2jax_ignore mathjax_ignore' "
             "aria-live='polite'>"]
    if state.step:
        parts.append(f"<p class='aud-step'>{html_text(state.step)}</p>")
    if state.title:
        parts.append(f"<p class='aud-title'>{html_text(state.title)}</p>")
    if state.text:
        parts.append(f"<p class='aud-text'>{html_text(state.text)}</p>")
    if state.drawing.get("markdown"):
        parts.append(f"<div class='aud-text aud-slide'>{slide_html(state.drawing['markdown'])}"
                     "</div>")
    if state.speaker:
        parts.append(f"<p class='aud-next'>Now speaking</p>"
                     f"<p class='aud-speaker'>{html_text(state.speaker)}</p>")
    if state.next:
        parts.append(f"<p class='aud-next'>Next: {html_text(state.next)}</p>")
    parts.append(_timer_html(state, time.time() if now is None else now))
    if state.answered is not None:
        of = f" of {state.expected}" if state.expected else ""
        parts.append(f"<p class='aud-count'>{state.answered}{of} answered</p>")
    parts.append(_answers_html(state))
    if state.lines:
        parts.append("<ul class='aud-lines'>"
                     + "".join(f"<li>{html_text(line)}</li>" for line in state.lines) + "</ul>")
    if room_html:
        parts.append(room_html)
    parts.append("</div>")
    return "".join(parts)


def slide_html(markdown: str) -> str:
    """A slide's Markdown body as HTML, with any HTML in it escaped (a plan is a trainer's
    file: its text is shown, never run)."""
    import mistune

    return str(mistune.create_markdown(escape=True)(str(markdown)))


def audience_link_html(app: str) -> str:
    """"Open the audience view": a link that opens the projector's page in a new window."""
    href = html.escape(audience_link(app), quote=True)
    return (f"<a href='{href}' target='_blank' rel='noopener' class='course-audience-link' "
            "style='font-weight:bold;color:#0055aa;text-decoration:underline'>Open the audience "
            "view</a> "
            "<span>(a new window: drag it to the projector and make it full screen)</span>")


class AudienceView(widgets.VBox):
    """The audience page: follows ``app``'s facilitator screen (see :class:`Follower`).

    ``store``: the workshop record (default: the user's, opened on first use); ``poll_every``:
    seconds between reads (``0``: only when :meth:`refresh` is called, as in tests).
    """

    def __init__(self, app: str, *, store: Any = None, poll_every: float = POLL_EVERY,
                 clock: Callable[[], float] = time.time) -> None:
        self.follower = Follower(app, store=store)
        self.clock = clock
        self.poll_every = poll_every
        self.screen = widgets.HTML(audience_html(None), layout=widgets.Layout(width="100%"))
        self.status = widgets.HTML()
        self._rooms: dict[str, str] = {}
        #: An app whose own audience view shows inside this one (an intro session's activity
        #: runs in that app), and since when it counts (the part's start).
        self.inner: Follower | None = None
        self._closed = False
        self._poller: asyncio.Task[None] | None = None
        super().__init__([self.screen, self.status], layout=widgets.Layout(width="100%"))
        self.add_class("course-audience-view")
        self.refresh()
        self._start_polling()

    def _room_html(self, state: AudienceState) -> str:
        if not state.room_code:
            return ""
        if state.room_code not in self._rooms:
            from .room_panel import join_html

            try:
                room = self.follower._open().room(state.room_code)
                self._rooms[state.room_code] = join_html(room, settings.join_url())
            except CourseError:  # a room it cannot open: show the code alone
                self._rooms[state.room_code] = (
                    f"<p class='aud-text'>Room code <strong>{html.escape(state.room_code)}"
                    "</strong></p>")
        return self._rooms[state.room_code]

    def refresh(self) -> None:
        """Read what the facilitator's screen published and draw it when it changed (and once a
        second while a timer runs)."""
        changed = self.follower.poll()
        state = self.follower.state
        inner_html = self._inner_html(state)
        if changed or inner_html or (state is not None and state.timer_ends is not None):
            if state is not None and inner_html:
                # The activity's own view carries the room: above it, only the part's title
                # (its prompt, timer and room code would push the speaker off a 720 px screen).
                state = dataclasses.replace(state, text="", timer_ends=None, timer_total=None,
                                            room_code="")
            room = self._room_html(state) if state is not None else ""
            value = audience_html(state, room_html=room, now=self.clock()) + inner_html
            if value != self.screen.value:
                self.screen.value = value
        problem = self.follower.problem
        status = feedback_html(problem, kind="error") if problem else ""
        if status != self.status.value:
            self.status.value = status

    def _inner_html(self, state: AudienceState | None) -> str:
        """The followed app's own view, when ``state`` names one (``drawing["follow"]``) and it
        published since the part began (an older round is not this part's)."""
        follow = state.drawing.get("follow") if state is not None else None
        if follow not in APPS or state is None:
            self.inner = None
            return ""
        if self.inner is None or self.inner.app != follow:
            self.inner = Follower(str(follow), store=self.follower._open())
        self.inner.poll()
        began = (state.timer_ends or 0) - (state.timer_total or 0)
        if self.inner.state is None or self.inner.at < began - 5:
            return ""
        inner = audience_html(self.inner.state, room_html=self._room_html(self.inner.state),
                              now=self.clock())
        return f"<hr aria-hidden='true'>{inner}"

    def _start_polling(self) -> None:
        if not self.poll_every:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._poller = loop.create_task(self._poll())

    async def _poll(self) -> None:
        while not self._closed and self.comm is not None:
            await asyncio.sleep(self.poll_every)
            if not self._closed:
                self.refresh()

    def close(self) -> None:
        self._closed = True
        if self._poller is not None:
            self._poller.cancel()
        super().close()


def choose_app_html() -> str:
    """The audience page opened without ``?app=``: links to each app's audience view."""
    links = "".join(f"<li><a href='{html.escape(audience_link(app), quote=True)}'>"
                    f"{html.escape(title)}</a></li>" for app, title in APPS.items())
    return ("<p>Which app should this screen follow? Open the audience view from the app's "
            f"page, or choose one here:</p><ul>{links}</ul>")


def audience_page(query: str | None = None) -> widgets.Widget:
    """What ``apps/audience.ipynb`` shows: the audience view of the app named in the page's
    address (``?app=rounds``; Voila gives the kernel the address's query as ``QUERY_STRING``),
    or the list of apps to follow."""
    if query is None:
        query = os.environ.get("QUERY_STRING", "")
    app = (parse_qs(query).get("app") or [""])[0]
    if app in APPS:
        return AudienceView(app)
    note = ""
    if app:
        note = feedback_html(f"There is no audience view called \"{app}\".", kind="error")
    return widgets.HTML(note + choose_app_html())
