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
from sociocracy.core.language import _, ngettext
from sociocracy.core.people_text import html_text
from sociocracy.sessions.audience import APPS, AudienceState, Follower, audience_link

from .feedback import feedback_html

__all__ = ["DRAWINGS", "POLL_EVERY", "AudienceView", "ProjectorPanel", "RoomJoin",
           "audience_html", "audience_link_html", "audience_page", "panel_html", "slide_html"]

#: How often the audience page reads what the facilitator's screen published (seconds): a click
#: shows on the projector within a second, with room to spare; one read is one small row.
POLL_EVERY = 0.3

# The audience view's own look, set once on the page. Sizes grow with the window, never below
# what reads from the back of a room at 1280x720 (32 px main text), and never so tall that a
# 720 px projector scrolls: the room's code and QR, or the answers, sit beside the main text on a
# wide screen (one column on a phone, where the page may scroll down but never sideways).
STYLE = """<style>
.course-audience{font-size:max(32px,2.5vw);line-height:1.2;max-width:100%;overflow-wrap:anywhere;
  color:#111}
.course-audience p{margin:0}
.course-audience.aud-two{display:grid;grid-template-columns:minmax(0,11fr) minmax(0,9fr);
  column-gap:1.2em;align-items:start}
.course-audience .aud-main,.course-audience .aud-side{min-width:0}
.course-audience .aud-step{font-size:max(24px,1.9vw);margin:0 0 .15em;color:#1a4f8b;
  font-weight:bold}
.course-audience .aud-title{font-size:max(34px,2.7vw);font-weight:bold;margin:0 0 .2em}
.course-audience .aud-text{font-size:max(32px,2.5vw);margin:0 0 .3em;white-space:pre-line;
  border-left:6px solid #0072b2;padding-left:.5em}
.course-audience .aud-label{font-size:max(24px,1.9vw);margin:.2em 0 0;color:#333}
.course-audience .aud-speaker{font-size:max(48px,4vw);font-weight:bold;line-height:1.1;
  margin:0 0 .1em}
.course-audience .aud-next{font-size:max(32px,2.5vw);margin:0 0 .2em}
.course-audience .aud-count{font-size:max(40px,3.4vw);font-weight:bold;margin:.1em 0}
.course-audience .aud-timer{font-size:max(48px,4vw);font-weight:bold;
  font-variant-numeric:tabular-nums}
.course-audience .aud-slide{font-size:max(32px,2.5vw);margin:0 0 .3em}
.course-audience .aud-slide li{margin:0 0 .3em}
.course-audience .aud-lines{margin:.1em 0;padding-left:1.1em;font-size:max(28px,2.2vw)}
.course-audience .aud-answers{margin:.1em 0;padding:0;list-style:none;font-size:max(28px,2.2vw);
  line-height:1.15}
.course-audience .aud-answers.aud-many{font-size:max(26px,2vw)}
.course-audience .aud-answers.aud-cols-2{columns:2;column-gap:1.5em}
.course-audience .aud-answers.aud-cols-3{columns:3;column-gap:1.5em}
.course-audience .aud-answers .aud-now{font-weight:bold;outline:3px solid #0072b2;
  outline-offset:1px}
.course-audience .aud-answers li{break-inside:avoid;margin:0 0 .25em}
.course-audience .aud-answers .aud-objection{color:#a04b00}
.course-audience .aud-code-label{font-size:max(26px,2vw)}
.course-audience .aud-code{font-size:max(80px,7vw);font-weight:bold;letter-spacing:.12em;
  line-height:1.05;font-family:monospace}
.course-audience .aud-qr{display:block;width:min(38vh,26vw);height:auto;min-width:160px;
  image-rendering:pixelated;margin:.2em 0}
.course-audience .aud-address{font-size:max(24px,1.8vw);overflow-wrap:anywhere;font-weight:bold}
@media (max-width:700px){.course-audience{font-size:20px}
  .course-audience.aud-two{display:block}
  .course-audience .aud-title{font-size:26px} .course-audience .aud-text{font-size:22px}
  .course-audience .aud-speaker{font-size:32px} .course-audience .aud-answers{font-size:18px}
  .course-audience .aud-answers.aud-cols-2,.course-audience .aud-answers.aud-cols-3{columns:1}
  .course-audience .aud-code{font-size:56px}}
</style>"""


def _answers_html(state: AudienceState, *, beside: bool = False) -> str:
    """The answers as a list: beside the room's code in a column of their own, else across
    the whole width in as many columns as they fit."""
    if not state.answers:
        return ""
    items = []
    for a in state.answers:
        kinds = (["aud-objection"] if a.answer in ("Objection", _("Objection")) else []) + (
            ["aud-now"] if state.speaker and a.name == state.speaker else [])
        objection = f" class='{' '.join(kinds)}'" if kinds else ""
        answer = f" <strong>{html_text(a.answer)}</strong>" if a.answer else ""
        words = f": {html_text(a.words)}" if a.words else ""
        items.append(f"<li{objection}>{html_text(a.name)}{answer}{words}</li>")
    many = " aud-many" if len(state.answers) > 8 else ""
    if not beside:  # the whole width: as many columns as the longest answer leaves room for
        longest = max(len(a.name) + len(a.answer) + len(a.words) for a in state.answers)
        columns = 3 if longest <= 30 else 2 if longest <= 60 else 1
        if len(state.answers) > 2 and columns > 1:
            many += f" aud-cols-{min(columns, len(state.answers) // 2 + 1)}"
    return f"<ul class='aud-answers{many}' aria-label='Answers'>{''.join(items)}</ul>"


DRAWINGS: dict[str, str] = {"circle_map": "audience_maps:map_html"}


def _drawing_html(state: AudienceState) -> str:
    """The app's own picture (:data:`DRAWINGS`), "" for an app without one."""
    found = DRAWINGS.get(state.app)
    if not found or not state.drawing:
        return ""
    import importlib

    module, name = found.split(":")
    draw: Callable[[AudienceState], str] = getattr(
        importlib.import_module(f".{module}", __package__), name)
    return draw(state)


def _timer_html(state: AudienceState, now: float) -> str:
    left = state.seconds_left(now)
    if left is None:
        return ""
    whole = int(left + 0.999)
    label = html.escape(_("Time left"), quote=True)
    return (f"<p class='aud-timer' role='timer' aria-label='{label}'>"
            f"{whole // 60}:{whole % 60:02d}</p>")


def audience_html(state: AudienceState | None, *, room_html: str = "",
                  now: float | None = None) -> str:
    """The audience view of ``state`` as HTML (``room_html``: the room's code, QR code and
    address, drawn by the caller, who can open the room; shown while people join).

    On a wide screen the room's code, or the answers when a speaker takes the main column, sit
    in a second column beside the main text, so a 720 px projector never scrolls."""
    if state is None:
        waiting = html.escape(_("Waiting for the facilitator"))
        soon = html.escape(_("This screen shows the session as soon as the facilitator starts "
                             "it on their laptop."))
        return (f"{STYLE}<div class='course-audience aud-one'><p class='aud-title'>{waiting}"
                f"</p><p class='aud-text'>{soon}</p></div>")
    main: list[str] = []
    if state.step:
        main.append(f"<p class='aud-step'>{html_text(state.step)}</p>")
    if state.title:
        main.append(f"<p class='aud-title'>{html_text(state.title)}</p>")
    if state.text:
        main.append(f"<p class='aud-text'>{html_text(state.text)}</p>")
    if state.drawing.get("markdown"):
        main.append(f"<div class='aud-slide'>{slide_html(state.drawing['markdown'])}</div>")
    if state.speaker:
        now_speaking = html.escape(_("Now speaking"))
        main.append(f"<p class='aud-label'>{now_speaking}</p>"
                    f"<p class='aud-speaker'>{html_text(state.speaker)}</p>")
    if state.next:
        following = html.escape(_("Next: {name}")).format(name=html_text(state.next))
        main.append(f"<p class='aud-next'>{following}</p>")
    main.append(_timer_html(state, time.time() if now is None else now))
    if state.answered is not None:
        count = (_("{answered} of {joined} answered").format(answered=state.answered,
                                                             joined=state.expected)
                 if state.expected else ngettext("{count} answered", "{count} answered",
                                       state.answered).format(count=state.answered))
        main.append(f"<p class='aud-count' role='status'>{html.escape(count)}</p>")
    if state.lines:
        main.append("<ul class='aud-lines'>"
                    + "".join(f"<li>{html_text(line)}</li>" for line in state.lines) + "</ul>")
    main.append(_drawing_html(state))
    side: list[str] = []
    answers = ""
    # The room's code and QR code take a column of their own (answers join them there); else
    # the answers run across the whole width under the main text.
    if room_html:
        side += [room_html, _answers_html(state, beside=True)]
    else:
        answers = _answers_html(state)
    layout = "aud-two" if side else "aud-one"
    parts = [STYLE, f"<div class='course-audience {layout} tex2jax_ignore mathjax_ignore' "
             "aria-live='polite'>", "<div class='aud-main'>", *main, answers, "</div>"]
    if side:
        parts += ["<div class='aud-side'>", *side, "</div>"]
    parts.append("</div>")
    return "".join(parts)


def slide_html(markdown: str) -> str:
    """A slide's Markdown body as HTML, with any HTML in it escaped (a plan is a trainer's
    file: its text is shown, never run)."""
    import mistune

    return str(mistune.create_markdown(escape=True)(str(markdown)))
def panel_html(state: AudienceState | None, room: Any = None) -> str:
    """The audience view inside a facilitator's page (Projector mode on one screen): the same
    drawing, with the room's code and QR code when the state shows them and the page has
    ``room`` (a :class:`~sociocracy.rooms.Room`) at hand."""
    room_html = ""
    if state is not None and state.room_code and room is not None \
            and getattr(room, "code", None) == state.room_code:
        from .room_panel import join_html

        room_html = join_html(room, settings.join_url())
    return audience_html(state, room_html=room_html)


def audience_link_html(app: str) -> str:
    """"Open the audience view": a link that opens the projector's page in a new window."""
    href = html.escape(audience_link(app), quote=True)
    label = html.escape(_("Open the audience view"))
    hint = html.escape(_("(a new window: drag it to the projector and make it full screen)"))
    return (f"<a href='{href}' target='_blank' rel='noopener' class='course-audience-link' "
            f"style='font-weight:bold;color:#0055aa;text-decoration:underline'>{label}</a> "
            f"<span>{hint}</span>")


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
        self._rooms = RoomJoin()
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
        return self._rooms.html(state, self.follower._open)

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
            if self._closed:
                break
            try:
                self.refresh()
            except Exception as exc:  # the projector must keep following
                # One failed read (a record busy for a moment) must not stop the page for the
                # rest of the workshop: say so, and read again at the next turn.
                problem = _("The audience view could not read what the facilitator's screen "
                            "published ({reason}); it tries again.").format(
                                reason=type(exc).__name__)
                self.status.value = feedback_html(problem, kind="error")

    def close(self) -> None:
        self._closed = True
        if self._poller is not None:
            self._poller.cancel()
        super().close()


class RoomJoin:
    """The room's code, QR code and address for an audience view, drawn once per room (the QR
    code is the costly part). ``join_url``: the phones' address (default: the server's)."""

    def __init__(self, join_url: str | None = None) -> None:
        self.join_url = join_url
        self._drawn: dict[str, str] = {}

    def html(self, state: AudienceState | None, store: Callable[[], Any]) -> str:
        """The join block for ``state``'s room ("" without one); ``store()`` opens the record."""
        if state is None or not state.room_code:
            return ""
        code = state.room_code
        if code not in self._drawn:
            url = settings.join_url() if self.join_url is None else self.join_url
            try:
                opened = store()
                if opened is None:
                    raise CourseError("no record")
                self._drawn[code] = join_block(code, opened.room(code).join_link(url)
                                               if url else "", url)
            except CourseError:  # a room it cannot open: show the code alone
                self._drawn[code] = join_block(code, "", "")
        return self._drawn[code]


def join_block(code: str, link: str, join_url: str) -> str:
    """The room's code in very large type, the QR code of its join ``link`` and the address to
    type (without a ``link``: the code alone). Worded apart from the facilitator's own room
    panel, so each screen's text is its own."""
    code_html = html.escape(code)
    label = html.escape(_("Join on your phone with the code"))
    parts = [f"<div class='aud-join'><p class='aud-code-label'>{label}"
             f"</p><p class='aud-code'>{code_html}</p>"]
    if link:
        import segno

        uri = segno.make(link, error="m").svg_data_uri(scale=5, border=2)
        alt = _("Scan this to join room {code} (a QR code)").format(code=code)
        address = html.escape(_("or open {address} and type the code")).format(
            address=html.escape(join_url))
        parts.append(f"<img class='aud-qr' src='{html.escape(uri, quote=True)}' "
                     f"alt='{html.escape(alt, quote=True)}' width='240' height='240'>"
                     f"<p class='aud-address'>{address}</p>")
    parts.append("</div>")
    return "".join(parts)


class ProjectorPanel(widgets.VBox):
    """A facilitator page's "Projector mode" (one screen for the room and the facilitator): the
    session's audience view, drawn here from the session itself, and the step's controls in one
    row under it. It has the class ``course-audience-panel``: the course's stylesheet shows it
    only in Projector mode, where the parts of the page marked ``course-facilitator-only`` fold
    away. The controls are the page's own buttons (a widget may be shown in two places): the
    page says which with :meth:`controls`.

    ``session``: the app's :class:`~sociocracy.sessions.base.AppSession`; ``join_url``: the
    phones' address (default: the server's)."""

    def __init__(self, session: Any, *, join_url: str | None = None) -> None:
        self.session = session
        self.screen = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.row = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap",
                                                      align_items="center"))
        self.row.add_class("course-projector-controls")
        self._rooms = RoomJoin(join_url)
        super().__init__([self.screen, self.row], layout=widgets.Layout(width="100%"))
        self.add_class("course-audience-panel")

    def draw(self) -> None:
        """Draw the session's audience view as it is now (the page calls it on every change)."""
        state = self.session.audience()
        room = self._rooms.html(state, lambda: self.session.keeper.store)
        value = audience_html(state, room_html=room)
        if value != self.screen.value:
            self.screen.value = value

    def controls(self, *shown: widgets.Widget) -> None:
        """The controls the step needs, in one row (none: the row folds away)."""
        if tuple(self.row.children) != shown:
            self.row.children = shown


def choose_app_html() -> str:
    """The audience page opened without ``?app=``: links to each app's audience view."""
    links = "".join(f"<li><a href='{html.escape(audience_link(app), quote=True)}'>"
                    f"{html.escape(_(title))}</a></li>" for app, title in APPS.items())
    which = html.escape(_("Which app should this screen follow? Open the audience view from the "
                          "app's page, or choose one here:"))
    return f"<p>{which}</p><ul>{links}</ul>"


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
        note = feedback_html(_("There is no audience view called \"{app}\".").format(app=app),
                             kind="error")
    return widgets.HTML(note + choose_app_html())
