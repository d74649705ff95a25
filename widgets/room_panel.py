"""The workshop room inside a facilitator app: its code and QR link, who joined, and the app's
silent step on the phones ("Ask the phones", "N of M answered", "Reveal").

A view of an app session's :class:`~sociocracy.sessions.room_link.RoomLink` (the rules, and the
record, are the session's): it shows what it is given by :meth:`RoomPanel.show` and forwards the
facilitator's clicks to the callbacks it was built with. While the page is open it asks the
session to read the room again every ``refresh_every`` seconds on the kernel's event loop (as the
Workshop room app does), so the count of answers follows the phones. Names typed on phones are
escaped before they reach HTML.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from sociocracy.core import settings
from sociocracy.core.language import _, ngettext
from sociocracy.sessions.room_link import REFRESH_EVERY

from .feedback import error_html, feedback_html
from .looks import hide

__all__ = ["JOIN_URL_ENV", "RoomPanel", "join_html"]

#: The phones' address, set by ``sociocracy-course workshop``.
JOIN_URL_ENV = settings.JOIN_URL_ENV


def join_html(room: Any, join_url: str) -> str:
    """The room's code in big type and the QR code of its join link, with the address as text
    for people who type it (or why phones cannot join yet)."""
    code = html.escape(room.code)
    label = html.escape(_("{title}: room code").format(title=room.title))
    big = (f"<div class='course-room-code'><p style='margin:0'>{label}"
           "</p><p style='font-size:3em;font-weight:bold;letter-spacing:.12em;"
           f"margin:0;line-height:1.1;font-family:monospace'>{code}</p></div>")
    if not join_url:
        return big + feedback_html(
            settings.no_join_address(),
            headline=_("Phones cannot join yet."), quote=False)
    import segno

    uri = segno.make(room.join_link(join_url), error="m").svg_data_uri(scale=5, border=2)
    alt = _("QR code: scan it with a phone's camera to join room {code}").format(code=room.code)
    scan, then = _("Scan the code, or open"), _("and type the code {code}.")
    return (f"<div style='display:flex;gap:1.5em;align-items:center;flex-wrap:wrap'>{big}"
            f"<img src='{html.escape(uri, quote=True)}' alt='{html.escape(alt, quote=True)}'"
            " width='180' height='180' style='image-rendering:pixelated'>"
            f"<div><p style='margin:0'>{html.escape(scan)}</p>"
            f"<p style='font-weight:bold;font-family:monospace;word-break:break-all;margin:0'>"
            f"{html.escape(join_url)}</p><p style='margin:0'>"
            + html.escape(then).format(code=f"<strong>{code}</strong>") + "</p></div></div>")


def _button(label: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=label, tooltip=tooltip, button_style=style,
                          layout=widgets.Layout(width="max-content"))


class RoomPanel(widgets.VBox):
    """The room in an app. ``room()`` gives the room in use (or ``None``); ``create(title)``,
    ``ask()`` and ``reveal()`` are the session's actions ("" when done, else the sentence shown);
    ``refresh()`` reads the room again (the session tells its views when it changed).
    ``join_url``: the phones' address (default: ``$SOCIOCRACY_COURSE_JOIN_URL``)."""

    def __init__(self, *, room: Callable[[], Any], create: Callable[[str], str],
                 ask: Callable[[], str], reveal: Callable[[], str],
                 refresh: Callable[[], Any], join_url: str | None = None,
                 refresh_every: float = REFRESH_EVERY) -> None:
        super().__init__()
        self.add_class("course-room-panel")
        self._room, self._create, self._ask, self._reveal = room, create, ask, reveal
        self._refresh = refresh
        self.join_url = (join_url if join_url is not None
                         else settings.join_url()).rstrip("/")
        self.refresh_every = refresh_every
        self._poller: asyncio.Task | None = None
        self._closed = False
        self._shown_code = ""
        self.join = widgets.HTML()
        self.joined = widgets.HTML()
        self.title_input = widgets.Text(description=_("Room's title"),
                                        placeholder=_("e.g. Taste of sociocracy, 12 May"),
                                        style={"description_width": "8em"},
                                        layout=widgets.Layout(width="98%", max_width="30em"))
        self.create_button = _button(_("Create a room"), _("Create a room for this workshop: "
                                                           "people join it from their phones"),
                                     "primary")
        self.create_button.on_click(lambda _b: self._act(self._create, self.title_input.value))
        self.create_box = widgets.VBox([
            widgets.HTML("<p>" + html.escape(_("No workshop room yet: create one (here or in the "
                                               "Workshop room app) and people can answer on "
                                               "their phones.")) + "</p>"),
            widgets.HBox([self.title_input, self.create_button],
                         layout=widgets.Layout(flex_flow="row wrap"))])
        self.ask_button = _button(_("Ask the phones"), _("Open this step on the phones: "
                                                         "everyone answers on their own, unseen "
                                                         "until the reveal"))
        self.reveal_button = _button(_("Reveal"), _("Reveal every answer at once and take them "
                                                    "in"), "primary")
        self.ask_button.on_click(lambda _b: self._act(self._ask))
        self.reveal_button.on_click(lambda _b: self._act(self._reveal))
        self.answered = widgets.HTML()
        self.note = widgets.HTML()
        self.status = widgets.HTML()
        self.step_box = widgets.VBox([
            widgets.HBox([self.ask_button, self.answered, self.reveal_button],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.note])
        self.children = [widgets.HTML("<h4>" + html.escape(_("Phones")) + "</h4>"),
                         self.create_box, self.join,
                         self.joined, self.step_box, self.status]

    # ------------------------------------------------------------------ showing
    def show(self, *, joined: tuple[str, ...], asking: bool, phones: str, answered: int,
             note: str) -> None:
        """Show the room and where the silent step stands. ``asking``: the step can go to the
        phones now; ``phones``: "" (not asked), "asked" or "revealed"."""
        room = self._room()
        hide(self.create_box, room is not None)
        code = room.code if room is not None else ""
        if code != self._shown_code:  # the QR code is drawn once per room
            self._shown_code = code
            self.join.value = join_html(room, self.join_url) if room is not None else ""
        if room is not None:
            names = ", ".join(html.escape(n) for n in joined)
            count = len(joined)
            if joined:
                said = html.escape(ngettext("{count} person has joined: {names}",
                                            "{count} people have joined: {names}", count))
            else:
                said = html.escape(ngettext("{count} person has joined.",
                                            "{count} people have joined.", count))
            self.joined.value = ("<p>" + said.format(count=f"<strong>{count}</strong>",
                                                     names=names) + "</p>")
            self._start_polling()
        else:
            self.joined.value = ""
        hide(self.step_box, not (asking and room is not None))
        self.ask_button.disabled = phones == "asked"
        self.reveal_button.disabled = phones != "asked"
        self.answered.value = (
            "<p class='course-answered' role='status' style='font-size:1.4em;margin:0 1em'>"
            + html.escape(_("{answered} of {joined} answered")).format(
                answered=f"<strong>{answered}", joined=f"{len(joined)}</strong>") + "</p>"
            if phones == "asked" else "")
        self.note.value = feedback_html(note, kind="neutral", quote=False) if note else ""

    def _act(self, action: Callable[..., str], *arguments: Any) -> None:
        problem = action(*arguments)
        self.status.value = error_html(problem) if problem else ""

    # ------------------------------------------------------------------ reading the room again
    def _start_polling(self) -> None:
        """Read the room every ``refresh_every`` seconds while this panel lives (and a loop
        runs: in plain Python, as in tests, the session is read on demand only)."""
        if not self.refresh_every or (self._poller is not None and not self._poller.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._poller = loop.create_task(self._poll())

    async def _poll(self) -> None:
        while not self._closed and self.comm is not None:
            await asyncio.sleep(self.refresh_every)
            if not self._closed:
                self._refresh()

    def close(self) -> None:
        self._closed = True
        if self._poller is not None:
            self._poller.cancel()
        super().close()
