"""The join page: what a participant's phone sees in a workshop room, served by the course server.

No Jupyter frontend and no kernel per participant: plain HTML rendered here, forms that post and
redirect (so the page works without JavaScript, by keyboard, and after a reload), and a few lines
of script that ask every 2.5 s whether the facilitator opened, revealed or closed a round and
reload the page when so. The record is the workshop store (:mod:`sociocracy.rooms`), shared with
the facilitator's app in its kernel; this module only reads and writes it through the store's
rules, in a small thread pool so a busy database never stalls the server's event loop.

Who may see what:

* A phone gets into a room with its QR link (``/join/CODE?t=TOKEN``: the room's long token goes
  into an ``HttpOnly`` cookie, and the browser is sent on to ``/join/CODE`` so the token leaves the
  address bar), or by typing the short address ``/join`` and the room's 5-character code. Tries
  are counted per address before the room is looked up (the count and the check are one step, so
  1,000 tries sent at once get no more answers than 10 sent one by one): after
  :data:`MAX_FAILURES` wrong ones in a minute the page says to wait.
* A room takes joins while its facilitator keeps it open, for a day, up to its size
  (:mod:`sociocracy.rooms.limits`), and up to a few new participants per address
  (:class:`~sociocracy.shell.limits.ServerLimits`); a phone that arrives later is told why.
* These routes do not use the server's (Jupyter) token: they are plain tornado handlers. They give
  access to one room's page and the phone's own answers, nothing else: the course pages, the
  kernels and the files still ask for the server token, and another room needs its own code.
* Answers are never shown to phones, not even after the reveal (the room hears them in the
  spoken round); a phone sees only its own answer, to know that it arrived.
* Cross-site requests: every form carries a random token that must match a cookie only this site
  can set (double submit, ``SameSite=Lax`` cookies), and a present ``Origin`` header must be this
  server. Every page is sent with a strict Content-Security-Policy (no outside requests, scripts
  and styles only with the page's nonce) and everything people typed is escaped and isolated
  (``<bdi>``, :func:`sociocracy.core.people_text.html_text`), so no name reorders the page.
* Names follow the course's one rule (:mod:`sociocracy.core.names`): a second "Ana" (or "ana",
  or "Anа" with a Cyrillic "а") is told on the phone, when joining, to add an initial.
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import json
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from typing import Any
from urllib.parse import urlparse

import tornado.web

from sociocracy.core.errors import CourseError
from sociocracy.core.language import (
    N_,
    _,
    available,
    current,
    name_of,
    speaking,
)
from sociocracy.core.people_text import html_text
from sociocracy.rooms import (
    ActivityStateError,
    InputError,
    JoinRefused,
    ParticipantNotFound,
    Room,
    RoomNotFound,
    RoomStore,
)
from sociocracy.rooms.model import FIELDS, MAX_NAME, MAX_TEXT, Activity, Participant, Response
from sociocracy.shell.languages import COOKIE, request_language
from sociocracy.shell.limits import ServerLimits

__all__ = ["MAX_FAILURES", "JoinService", "join_handlers"]

#: Wrong codes (or links) one address may try per minute before it must wait.
MAX_FAILURES = 10
WINDOW = 60.0
#: Cookies live for a workshop day.
COOKIE_DAYS = 1
POLL_MS = 2500
MAX_BODY = 64 * 1024
CODE_PATTERN = r"[A-Za-z0-9\- ]{1,12}"

CSS = """
*{box-sizing:border-box}
body{margin:0;font:18px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;
background:#fff}
main{max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0 .8rem}
h2{font-size:1.2rem;margin:1rem 0 .5rem}
label,legend{display:block;font-weight:600;margin:.9rem 0 .3rem}
input[type=text],textarea{width:100%;font:inherit;padding:.65rem;border:2px solid #333;
border-radius:6px;background:#fff;color:#111}
textarea{min-height:6.5rem}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;align-items:center;gap:.6rem;min-height:48px;margin:.3rem 0;
padding:.3rem .7rem;border:2px solid #333;border-radius:6px;font-weight:400}
.choice input{width:1.5rem;height:1.5rem;margin:0}
button,.button{display:inline-block;min-height:48px;min-width:8rem;margin-top:1rem;
padding:.6rem 1.4rem;font:inherit;font-weight:700;color:#fff;background:#0050a0;
border:2px solid #0050a0;border-radius:6px;text-decoration:none;text-align:center}
button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible{
outline:3px solid #d55e00;outline-offset:2px}
a{color:#0050a0}
.note{color:#333}
.asked-by{margin:1rem 0 -.6rem;color:#555;font-size:.95rem}
.prompt{font-size:1.15rem;padding:.6rem .8rem;border-left:5px solid #0072b2;background:#eef5fb}
.ok,.error,.wait{padding:.7rem .9rem;border-radius:6px;border:2px solid}
.ok{border-color:#006e4f;background:#e6f4ef}
.error{border-color:#a33a00;background:#fbeee6}
.wait{border-color:#555;background:#f3f3f3}
.who{font-size:.95rem;color:#333}
.count{font-size:.85rem;color:#333}
.languages{margin-top:2rem;border-top:1px solid #ccc}
.languages a{display:inline-block;padding:.6rem .2rem;min-height:44px}
.languages a[aria-current]{font-weight:700;color:#111}
#send-status:empty{margin:0;padding:0;border:0}
"""

#: Reload the page when the room's state changes (a round opened, revealed or closed), unless an
#: answer is waiting to be sent (reloading would lose it).
POLL_SCRIPT = (
    "(function(){var b=document.body,s=b.getAttribute('data-state'),"
    "u=b.getAttribute('data-poll');if(!u)return;"
    "function p(){if(window.scWaiting)return;"
    "fetch(u,{credentials:'same-origin',cache:'no-store'})"
    ".then(function(r){return r.ok?r.json():null})"
    ".then(function(d){if(d&&d.state!==s&&!window.scWaiting){location.replace(location.pathname)}})"
    ".catch(function(){})}"
    f"setInterval(p,{POLL_MS})}})();"
)

#: What a phone says while its answer waits for the server (issue 25).
NOT_SENT = N_("Not sent: the connection is down; we will try again.")
#: Seconds between tries while the server cannot be reached.
RETRY_MS = 3000

#: Send the answer form without leaving the page, so that a send that fails (the server is
#: restarting, the Wi-Fi dropped) keeps what was typed, says so in the status region, and tries
#: again until the server answers. Each send carries an id made on the phone (``send``): a try
#: that did arrive although its answer was lost is recorded once (``Room.respond``). A new text
#: gets a new id; the same text sent twice keeps its id. Any answer from the server other than
#: "received" (a refusal, a closed round) is shown by posting the form the ordinary way, as
#: without JavaScript, under the same id. A browser without ``fetch`` posts the ordinary way.
def send_script(not_sent: str) -> str:
    """The send script, saying ``not_sent`` (in the phone's language) while it waits."""
    return (
        "(function(){var f=document.querySelector('form[data-send]');"
        "if(!f||!window.fetch||!window.AbortController||!window.URLSearchParams)return;"
        "var box=document.getElementById('send-status'),id=f.querySelector('input[name=send]'),"
        "last=null,timer=null,busy=false;"
        "function fresh(){var a=new Uint8Array(16);crypto.getRandomValues(a);"
        "return Array.prototype.map.call(a,function(x){return('0'+x.toString(16)).slice(-2)})"
        ".join('')}"
        "function typed(){var d=new URLSearchParams(new FormData(f));d.delete('send');"
        "d.delete('csrf');return d.toString()}"
        "function say(t){box.textContent=t;box.className=t?'wait':''}"
        "function later(){say(" + json.dumps(not_sent) + f");timer=setTimeout(attempt,{RETRY_MS})}}"
        "function attempt(){busy=true;var sent=id.value,c=new AbortController(),"
        "t=setTimeout(function(){c.abort()},15000);"
        "fetch(f.getAttribute('action'),{method:'POST',body:new URLSearchParams(new FormData(f)),"
        "credentials:'same-origin',cache:'no-store',signal:c.signal})"
        ".then(function(r){clearTimeout(t);busy=false;"
        "if([502,503,504].indexOf(r.status)>=0){later();return}"
        "if(id.value!==sent){attempt();return}"
        "window.scWaiting=false;"
        "if(r.ok&&r.redirected){location.replace(location.pathname)}else{f.submit()}},"
        "function(){clearTimeout(t);busy=false;later()})}"
        "f.addEventListener('submit',function(e){e.preventDefault();var p=typed();"
        "if(p!==last){id.value=fresh();last=p}"
        "window.scWaiting=true;clearTimeout(timer);if(!busy)attempt()});"
        "window.addEventListener('online',function(){"
        "if(window.scWaiting&&!busy){clearTimeout(timer);attempt()}})})();"
    )


#: The send script as an English page has it.
SEND_SCRIPT = send_script(NOT_SENT)


def page_script() -> str:
    """The page's script, with its words in the current language."""
    return POLL_SCRIPT + send_script(_(NOT_SENT))


#: A send id as the phone makes it (and the form without JavaScript carries): 8 to 64 of these.
SEND_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")

KIND_HEADINGS = {
    "check-in": N_("Check-in round"),
    "consent": N_("Consent round"),
    "nomination": N_("Nomination round"),
    "evaluation": N_("Evaluation round"),
    "follow-up": N_("One last question"),
}

#: What the phone says about the optional contact box, shown only after a "yes" is recorded.
CONTACT_NOTE = N_("Optional: if you would like to be contacted about SoFA's trainings, leave an "
                  "email address or a phone number. Only the facilitator sees it, to send you "
                  "where to learn more; it is not shared with the group. Leave it empty if you "
                  "prefer.")

#: The phone's language: ``?lang=`` sets this cookie (for the browser's session), which wins
#: over the browser's ``Accept-Language``; the course pages' own cookie.
LANGUAGE_COOKIE = COOKIE


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


class RateLimiter:
    """Tries per address in a sliding minute (:meth:`take` before, :meth:`give_back` when the
    try was right); thread-safe, memory bounded by pruning."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, who: str, now: float) -> deque[float]:
        times = self._failures[who]
        while times and now - times[0] > self.window:
            times.popleft()
        if not times:
            del self._failures[who]
            return deque()
        return times

    def take(self, who: str) -> bool:
        """Count a try now, before its outcome is known; False (and nothing counted) when the
        address has no tries left. Checking and counting in one step is what stops many tries
        sent at once from all passing the check while the first ones are still looked up."""
        with self._lock:
            now = self.clock()
            if len(self._prune(who, now)) >= self.max_failures:
                return False
            self._failures[who].append(now)
            return True

    def give_back(self, who: str) -> None:
        """A taken try turned out right (the code was a room's): it does not count."""
        with self._lock:
            times = self._failures.get(who)
            if times:
                times.pop()
                if not times:
                    del self._failures[who]


class JoinCounter:
    """New participants per room and address since the server started; thread-safe.

    One phone posting "join" without its cookie in a loop made 5,000 participants in 36 s
    (issue 21); a cap per address stops it without a record of people's addresses.
    """

    def __init__(self, per_address: int) -> None:
        self.per_address = per_address
        self._joins: dict[tuple[str, str], int] = defaultdict(int)
        self._lock = threading.Lock()

    def reserve(self, room: str, who: str) -> bool:
        """Count a join from ``who`` into ``room``; False (nothing counted) when at the cap."""
        with self._lock:
            if self.per_address and self._joins[room, who] >= self.per_address:
                return False
            self._joins[room, who] += 1
            return True

    def release(self, room: str, who: str) -> None:
        """The counted join did not happen (refused, or the record failed)."""
        with self._lock:
            self._joins[room, who] = max(0, self._joins[room, who] - 1)


class JoinService:
    """What the join handlers share: the store (opened on first use), a thread pool, the limiter.

    ``store_factory`` makes the store (default: :class:`RoomStore` from the environment, the
    same ``SOCIOCRACY_COURSE_DATA``/``SOCIOCRACY_COURSE_STORE`` the kernels read).
    """

    def __init__(self, store_factory: Callable[[], RoomStore] = RoomStore,
                 limiter: RateLimiter | None = None, workers: int = 4,
                 root: str = "/join", limits: ServerLimits | None = None) -> None:
        self.root = root  # the join page's path under the server's prefix
        self._factory = store_factory
        self._store: RoomStore | None = None
        self._lock = threading.Lock()
        self.limiter = limiter or RateLimiter()
        self.limits = limits or ServerLimits.from_environment()
        self.joins = JoinCounter(self.limits.joins_per_address)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="join")

    def store(self) -> RoomStore:
        with self._lock:
            if self._store is None:
                self._store = self._factory()
            return self._store

    async def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a store call in the pool (the store serialises writers itself)."""
        loop = asyncio.get_running_loop()
        # The request's context (its language) goes with the call: messages made there are in
        # the phone's language (an executor does not carry context variables by itself).
        context = contextvars.copy_context()
        return await loop.run_in_executor(self.pool, lambda: context.run(fn, *args, **kwargs))

    @property
    def base(self) -> str:
        """The server's path that holds the join page (``/``, ``/services/course-join/``)."""
        return self.root[: -len("/join")] + "/" if self.root.endswith("/join") else "/"


# ==================================================================================== pages
def page(title: str, body: str, *, nonce: str, state: str = "", poll: str = "",
         refresh: int = 0, languages: str = "") -> str:
    """A whole page: tiny, self-contained, one inline style and script allowed by their nonce;
    in the current language (``<html lang>``), with the language switch ``languages``."""
    data = f' data-state="{_e(state)}" data-poll="{_e(poll)}"' if poll else ""
    meta = (f'<noscript><meta http-equiv="refresh" content="{refresh}"></noscript>'
            if refresh else "")
    script = f'<script nonce="{nonce}">{page_script()}</script>' if poll else ""
    return (f"<!doctype html><html lang=\"{_e(current())}\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>{_e(title)}</title>{meta}<style nonce=\"{nonce}\">{CSS}</style></head>"
            f"<body{data}><main>{body}{languages}</main>{script}</body></html>")


def language_switch(path: str) -> str:
    """"English · Español": links to this page in each language the course has (``?lang=``),
    each named in itself and marked with its language; the page's own is marked current."""
    here = current()
    links = []
    for code in available():
        mark = ' aria-current="true"' if code == here else ""
        links.append(f'<a href="{_e(path)}?lang={_e(code)}" lang="{_e(code)}" '
                     f'hreflang="{_e(code)}"{mark}>{_e(name_of(code))}</a>')
    if len(links) < 2:
        return ""
    label = _e(_("Language"))
    return (f'<nav class="languages" aria-label="{label}"><p>'
            + " · ".join(links) + "</p></nav>")


def _error(message: str) -> str:
    return f'<p class="error" role="alert" id="problem">{_e(message)}</p>' if message else ""


def _described(message: str) -> str:
    return ' aria-describedby="problem" aria-invalid="true"' if message else ""


def code_form(csrf: str, *, code: str = "", name: str = "", message: str = "",
              field: str = "", root: str = "/join") -> str:
    """``/join``: the room's code and a name, for people who typed the address.

    ``field`` is the English label of the box a message is about (an error's ``field``)."""
    code_bad = _described(message) if field == "Room code" else ""
    name_bad = _described(message) if field == "Your name" else ""
    intro = _("Type the room's code shown on the facilitator's screen, and your name.")
    return (
        "<h1>" + _e(_("Join a workshop room")) + "</h1>"
        f'<p class="note">{_e(intro)}</p>' + _error(message) +
        f'<form method="post" action="{_e(root)}" autocomplete="off">'
        f'<input type="hidden" name="csrf" value="{_e(csrf)}">'
        '<label for="code">' + _e(_("Room code")) + "</label>"
        f'<input type="text" id="code" name="code" value="{_e(code)}" maxlength="12" '
        f'autocapitalize="characters" spellcheck="false" required{code_bad}>'
        '<label for="name">' + _e(_("Your name")) + "</label>"
        f'<input type="text" id="name" name="name" value="{_e(name)}" maxlength="{MAX_NAME * 2}"'
        f' autocomplete="given-name" required{name_bad}>'
        '<button type="submit">' + _e(_("Join")) + "</button></form>"
    )


def name_form(room: Room, csrf: str, *, name: str = "", message: str = "",
              root: str = "/join") -> str:
    """``/join/CODE`` before joining: only a name."""
    note = _("Room {code}. Type your name as the group knows you.").format(code=room.code)
    return (
        f"<h1>{html_text(room.title)}</h1>"
        f'<p class="note">{_e(note)}</p>'
        + _error(message) +
        f'<form method="post" action="{_e(room_url(root, room))}">'
        f'<input type="hidden" name="csrf" value="{_e(csrf)}">'
        '<input type="hidden" name="action" value="join">'
        '<label for="name">' + _e(_("Your name")) + "</label>"
        f'<input type="text" id="name" name="name" value="{_e(name)}" maxlength="{MAX_NAME * 2}"'
        f' autocomplete="given-name" required{_described(message)}>'
        '<button type="submit">' + _e(_("Join")) + "</button></form>"
    )


def refused_page(room: Room, message: str) -> str:
    """A room that takes no new phone (closed, past its hours, full), or removed this one."""
    return (f"<h1>{_e(room.title)}</h1>" + _error(message) +
            '<p class="note">' + _e(_("Your phone is not in this room.")) + "</p>")


def _text_field(name: str, label: str, value: str, *, message: str, field: str,
                multiline: bool = True) -> str:
    """A box labelled ``label`` (English, as errors name it in ``field``), shown translated."""
    bad = _described(message) if field == label else ""
    shown = _e(_(label))
    if multiline:
        return (f'<label for="{name}">{shown}</label>'
                f'<textarea id="{name}" name="{name}" maxlength="{MAX_TEXT * 2}"{bad}>'
                f"{_e(value)}</textarea>")
    return (f'<label for="{name}">{shown}</label>'
            f'<input type="text" id="{name}" name="{name}" value="{_e(value)}" '
            f'maxlength="{MAX_TEXT * 2}"{bad}>')


def answer_form(room: Room, activity: Activity, csrf: str, values: dict[str, str], *,
                message: str = "", field: str = "", received: Response | None = None,
                root: str = "/join") -> str:
    """The open round's form, holding what the phone sent last (or what it just typed)."""
    parts = [f'<form method="post" action="{_e(room_url(root, room))}" data-send>',
             f'<input type="hidden" name="csrf" value="{_e(csrf)}">',
             '<input type="hidden" name="action" value="answer">',
             # This form's send, named here for a phone without JavaScript (the script names
             # each send itself): posted twice, it is recorded once.
             f'<input type="hidden" name="send" value="{secrets.token_hex(16)}">',
             f'<input type="hidden" name="activity" value="{activity.id}">']
    if activity.kind == "follow-up":
        parts.append(_follow_up_fields(values, received, message=message, field=field))
    elif activity.kind == "consent":
        choice = values.get("choice", "")
        bad = _described(message) if field == "Your choice" else ""
        parts.append(f"<fieldset{bad}><legend>" + _e(_("Your choice")) + "</legend>")
        for value, label in (("consent", _("Consent")), ("objection", _("Objection"))):
            checked = " checked" if choice == value else ""
            parts.append(f'<label class="choice"><input type="radio" name="choice" '
                         f'value="{value}"{checked}> {_e(label)}</label>')
        parts.append("</fieldset>")
        parts.append('<p class="note">' + _e(_("A reason is needed for an objection."))
                     + "</p>")
        parts.append(_text_field("reason", N_("Reason"), values.get("reason", ""),
                                 message=message, field=field))
    elif activity.kind == "nomination":
        parts.append(_text_field("nominee", N_("Nominee"), values.get("nominee", ""),
                                 message=message, field=field, multiline=False))
        parts.append(_text_field("reason", N_("Reason"), values.get("reason", ""),
                                 message=message, field=field))
    else:
        parts.append(_text_field("words", N_("Your words"), values.get("words", ""),
                                 message=message, field=field))
    parts.append('<button type="submit">' + _e(_("Send")) + "</button>"
                 '<p id="send-status" role="status" aria-live="polite"></p></form>')
    status = ""
    if received is not None and not message:
        until = (_("Your answer is in. You can change it and send again until the facilitator "
                   "closes the question.") if activity.kind == "follow-up" else
                 _("Your answer is in. You can change it and send again until the facilitator "
                   "reveals the answers."))
        received_word = _e(_("Received."))
        status = (f'<p class="ok" role="status"><strong>{received_word}</strong> '
                  f"{_e(until)}</p>")
    words = activity.prompt
    if activity.kind == "follow-up" and words:
        # the course's own question (not people's words), asked in the presenter's language:
        # each phone reads it in its own
        from sociocracy.sessions.follow_up import QUESTION

        words = _(QUESTION)
    prompt = f'<p class="prompt">{html_text(words)}</p>' if words else ""
    asked = f'<p class="asked-by">{_e(_(activity.asked_by))}</p>' if activity.asked_by else ""
    heading = _(KIND_HEADINGS.get(activity.kind, activity.label))
    return (f"{asked}<h2>{_e(heading)}</h2>{prompt}"
            + _error(message) + status + "".join(parts))


def _follow_up_fields(values: dict[str, str], received: Response | None, *, message: str,
                     field: str) -> str:
    """Yes or no; the optional contact box only once the phone's "yes" is in the record (or
    the phone just sent a yes with a contact the server refused), never before."""
    answer = values.get("answer", "")
    bad = _described(message) if field == "Your answer" else ""
    html_parts = [f"<fieldset{bad}><legend>" + _e(_("Your answer")) + "</legend>"]
    for value, label in (("yes", _("Yes")), ("no", _("No"))):
        checked = " checked" if answer == value else ""
        html_parts.append(f'<label class="choice"><input type="radio" name="answer" '
                          f'value="{value}"{checked}> {_e(label)}</label>')
    html_parts.append("</fieldset>")
    recorded_yes = received is not None and received.get("answer") == "yes"
    contact_label = N_("How to reach you (optional)")
    if answer == "yes" and (recorded_yes or field == contact_label):
        html_parts.append(f'<p class="note" id="contact-note">{_e(_(CONTACT_NOTE))}</p>')
        bad = _described(message) if field == contact_label else ""
        described = bad or ' aria-describedby="contact-note"'
        html_parts.append(
            f'<label for="contact">{_e(_(contact_label))}</label>'
            f'<input type="text" id="contact" name="contact" value="'
            f'{_e(values.get("contact", ""))}" maxlength="400" autocomplete="email"'
            f' inputmode="email"{described}>')
    return "".join(html_parts)


def _answer_text(response: Response) -> str:
    """The phone's own answer in words (what it typed stays as typed)."""
    data = response.fields
    if "answer" in data:
        contact = data.get("contact")
        if data["answer"] == "yes":
            return (_("Yes (you can be reached at: {contact})").format(contact=contact)
                    if contact else _("Yes"))
        return (_("No (you can be reached at: {contact})").format(contact=contact)
                if contact else _("No"))
    if "choice" in data:
        reason = data.get("reason")
        if data["choice"] == "consent":
            return _("Consent: {reason}").format(reason=reason) if reason else _("Consent")
        return _("Objection: {reason}").format(reason=reason) if reason else _("Objection")
    if "nominee" in data:
        return f"{data['nominee']}: {data.get('reason', '')}"
    return data.get("words", "")


def room_url(root: str, room: Room) -> str:
    """The room's page under the server's prefix (``/join/CODE`` on a plain course server)."""
    return f"{root}/{room.code}"


def _refresh_link(room: Room, root: str) -> str:
    return (f'<p><a class="button" href="{_e(room_url(root, room))}">' + _e(_("Refresh"))
            + "</a></p>")


def room_page(room: Room, who: str, activity: Activity | None, csrf: str,
              mine: Response | None, *, values: dict[str, str] | None = None,
              message: str = "", field: str = "", root: str = "/join") -> tuple[str, bool]:
    """The joined phone's page; also whether it may refresh itself without JavaScript."""
    joined = _e(_("Room {code} · You joined as {name}")).format(code=_e(room.code),
                                                                name=html_text(who))
    head = (f"<h1>{html_text(room.title)}</h1>"
            f'<p class="who">{joined}</p>')
    waiting = _e(_("Waiting for the facilitator…"))
    if activity is None or (activity.closed and not activity.revealed):
        return head + (f'<p class="wait" role="status">{waiting}</p>'
                       + _refresh_link(room, root)), True
    if activity.revealed:
        own = ("<p>" + _e(_("Your answer: {answer}")).format(
            answer=html_text(_answer_text(mine))) + "</p>" if mine else "")
        if activity.kind == "follow-up":
            said = ("<strong>" + _e(_("Thank you.")) + "</strong> "
                    + _e(_("The question is closed; only the facilitator sees the answers.")))
        else:
            said = ("<strong>" + _e(_("Answers revealed: thank you.")) + "</strong> "
                    + _e(_("The group now hears everyone in a round.")))
        return head + (f'<p class="ok" role="status">{said}</p>' + own
                       + f'<p class="note">{waiting}</p>'
                       + _refresh_link(room, root)), True
    if values is None:
        values = dict(mine.fields) if mine else {}
    body = answer_form(room, activity, csrf, values, message=message, field=field,
                       received=mine, root=root)
    return head + body, False


def state_of(room: Room) -> str:
    """What the phone's script compares: the open round and whether it was revealed or closed."""
    activities = room.activities
    if not activities:
        return "none"
    last = activities[-1]
    return f"{last.id}:{'revealed' if last.revealed else 'closed' if last.closed else 'open'}"


# ==================================================================================== handlers
class JoinBase(tornado.web.RequestHandler):
    """Shared by the join routes: security headers, cookies, the CSRF token, friendly errors."""

    service: JoinService

    nonce = ""

    def initialize(self, service: JoinService) -> None:
        self.service = service
        self._new_csrf = ""

    def compute_etag(self) -> None:  # pages are personal and never cached
        return None

    def set_default_headers(self) -> None:
        """Also after ``send_error`` resets the headers, so error pages keep the policy."""
        if not self.nonce:
            self.nonce = secrets.token_urlsafe(12)
        nonce = self.nonce
        self.set_header(
            "Content-Security-Policy",
            f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")

    def prepare(self) -> None:
        """Speak the phone's language for the whole request (see :meth:`language_asked`)."""
        self._language_scope = ExitStack()
        self.language = self._language_scope.enter_context(speaking(self.language_asked()))
        if len(self.request.body or b"") > MAX_BODY:
            self.show(_("Too long"), _error(_("That was far too long to send; shorten it.")),
                      status=413)

    def on_finish(self) -> None:
        scope = getattr(self, "_language_scope", None)
        if scope is not None:
            # finished in another context (ValueError): that context ends with the request
            with suppress(ValueError):
                scope.close()

    def language_asked(self) -> str:
        """This phone's language, chosen as a course page's is
        (:func:`sociocracy.shell.languages.request_language`): ``?lang=`` (kept in a session
        cookie under the join page's address), else that cookie, else ``Accept-Language``.

        Each request decides for itself, so one phone in English and its neighbour in Spanish
        share the room and the server without noticing each other."""
        return request_language(self, cookie_path=self.service.base)

    # -- people's address, cookies, CSRF --------------------------------------------------
    @property
    def address(self) -> str:
        return self.request.remote_ip or "?"

    def _cookie(self, name: str, value: str) -> None:
        self.set_cookie(name, value, path=self.service.root, httponly=True, samesite="Lax",
                        expires_days=COOKIE_DAYS)

    def csrf(self) -> str:
        """The form token: the ``sc_csrf`` cookie's value, set now if the phone has none."""
        if self._new_csrf:
            return self._new_csrf
        token = self.get_cookie("sc_csrf") or ""
        if len(token) < 16:
            token = secrets.token_urlsafe(18)
            self._cookie("sc_csrf", token)
            self._new_csrf = token
        return token

    def csrf_ok(self) -> bool:
        origin = self.request.headers.get("Origin")
        if origin and origin != "null" and urlparse(origin).netloc != self.request.host:
            return False
        cookie = self.get_cookie("sc_csrf") or ""
        sent = self.get_body_argument("csrf", "")
        return bool(cookie) and secrets.compare_digest(cookie.encode(), sent.encode())

    def room_cookie(self, room: Room) -> str:
        return f"sc_room_{room.code}"

    def key_cookie(self, room: Room) -> str:
        return f"sc_key_{room.code}"

    def let_in(self, room: Room) -> None:
        self._cookie(self.room_cookie(room), room.token)

    def admitted(self, room: Room) -> bool:
        return room.check_token(self.get_cookie(self.room_cookie(room)) or "")

    # -- output ---------------------------------------------------------------------------
    def show(self, title: str, body: str, *, status: int = 200, state: str = "",
             poll: str = "", refresh: int = 0) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page(title, body, nonce=self.nonce, state=state, poll=poll,
                         refresh=refresh, languages=language_switch(self.request.path)))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        with speaking(self.language_asked()):  # also for errors raised before prepare
            messages = {404: _("There is no such page here. Open the address on the "
                               "facilitator's screen, or scan the QR code again."),
                        405: _("That does not work here: open the address on the screen.")}
            text = messages.get(status_code, _("Something went wrong on the course server; "
                                               "reload the page in a moment."))
            link = (f'<p><a href="{_e(self.service.root)}">' + _e(_("Join a room"))
                    + "</a></p>")
            self.show(_("Join a workshop room"), _error(text) + link, status=status_code)

    def too_many(self) -> None:
        self.show(_("Too many tries"),
                  _error(_("Too many tries: wait a minute, then type the room's code again.")),
                  status=429)

    def store_problem(self, exc: CourseError) -> None:
        note = _("Tell the facilitator; then reload this page.")
        self.show(_("Workshop room unavailable"), _error(exc.plain) +
                  f'<p class="note">{_e(note)}</p>', status=503)


class JoinStartHandler(JoinBase):
    """``/join``: type the room's code and your name."""

    def get(self) -> None:
        self.show(_("Join a workshop room"), code_form(self.csrf(), root=self.service.root))

    async def post(self) -> None:
        code = self.get_body_argument("code", "").strip()
        name = self.get_body_argument("name", "")
        if not self.csrf_ok():
            self.show(_("Join a workshop room"), code_form(
                self.csrf(), root=self.service.root, code=code, name=name,
                message=_("This form was out of date; press Join again.")), status=403)
            return
        if not self.service.limiter.take(self.address):
            self.too_many()
            return
        try:
            room = await self.service.run(lambda: self.service.store().room(code))
        except RoomNotFound as exc:
            self.show(_("Join a workshop room"), code_form(
                self.csrf(), root=self.service.root, code=code, name=name, message=exc.plain,
                field="Room code"),
                status=404)
            return
        except CourseError as exc:
            self.service.limiter.give_back(self.address)
            self.store_problem(exc)
            return
        self.service.limiter.give_back(self.address)
        self.let_in(room)
        await join_and_redirect(self, room, name)


async def join_and_redirect(handler: JoinBase, room: Room, name: str) -> None:
    """Join ``room`` as ``name`` (the same participant again when the phone kept its key)."""
    key = handler.get_cookie(handler.key_cookie(room))
    service, who = handler.service, handler.address

    def join() -> Participant:
        if key and (room.participant(key) is not None or room.was_removed(key)):
            return room.join(name, key)  # the same person again (or why they cannot be)
        if not service.joins.reserve(room.code, who):
            raise JoinRefused(
                _("Too many people have joined room {code} from this phone's network "
                  "address. If you should be in it, tell the facilitator.").format(
                    code=room.code))
        try:
            return room.join(name, None)
        except BaseException:
            service.joins.release(room.code, who)
            raise

    try:
        person = await service.run(join)
    except InputError as exc:
        handler.show(room.title, name_form(room, handler.csrf(), name=name, message=exc.plain,
                                           root=handler.service.root), status=400)
        return
    except JoinRefused as exc:
        handler.show(room.title, refused_page(room, exc.plain), status=403)
        return
    except CourseError as exc:
        handler.store_problem(exc)
        return
    handler._cookie(handler.key_cookie(room), person.key or "")
    handler.redirect(room_url(handler.service.root, room), status=303)


class JoinRoomHandler(JoinBase):
    """``/join/CODE``: the room's page (name, then the open round), and its two forms."""

    async def _room(self, code: str) -> Room | None:
        try:
            return await self.service.run(lambda: self.service.store().room(code))
        except RoomNotFound:
            return None
        except CourseError as exc:
            self.store_problem(exc)
            raise tornado.web.Finish() from None

    def _typed_code(self, code: str) -> str:
        return "".join(c for c in code.upper() if c.isalnum())[:12]

    async def get(self, code: str) -> None:
        token = self.get_query_argument("t", "")
        if token and not self.service.limiter.take(self.address):
            self.too_many()
            return
        room = await self._room(code)
        if token and room is not None and room.check_token(token):
            self.service.limiter.give_back(self.address)
            self.let_in(room)
            self.redirect(room_url(self.service.root, room), status=303)  # token out of sight
            return
        if room is None or not self.admitted(room):
            note = _("This link is not valid for any room now. Type the room's code from the "
                     "screen.")
            self.show(_("Join a workshop room"), code_form(
                self.csrf(), root=self.service.root, code=self._typed_code(code),
                message=note if token else ""),
                status=403 if token else 200)
            return
        await self.render_room(room)

    async def render_room(self, room: Room, *, values: dict[str, str] | None = None,
                          message: str = "", field: str = "", status: int = 200) -> None:
        key = self.get_cookie(self.key_cookie(room)) or ""
        csrf = self.csrf()

        def read() -> tuple[str | None, Activity | None, Response | None, str]:
            who = room.participant(key) if key else None
            if who is None:  # why a name form would be no use, if so
                return None, None, None, (room.removed_note() if key and room.was_removed(key)
                                          else room.join_refusal())
            activity = room.current_activity
            activities = room.activities
            if activity is None and activities and activities[-1].revealed:
                activity = activities[-1]  # revealed and then closed: still "thank you"
            mine = room.my_response(key, activity) if activity is not None else None
            return who.name, activity, mine, state_of(room)

        try:
            who, activity, mine, state = await self.service.run(read)
        except CourseError as exc:
            self.store_problem(exc)
            return
        if who is None and state:
            self.show(room.title, refused_page(room, state), status=403)
            return
        if who is None:
            self.show(room.title, name_form(room, csrf, root=self.service.root), status=status)
            return
        body, quiet = room_page(room, who, activity, csrf, mine, values=values,
                                message=message, field=field, root=self.service.root)
        self.show(room.title, body, status=status, state=state,
                  poll=f"{room_url(self.service.root, room)}/state", refresh=5 if quiet else 0)

    async def post(self, code: str) -> None:
        room = await self._room(code)
        if room is None or not self.admitted(room):
            self.show(_("Join a workshop room"), code_form(
                self.csrf(), root=self.service.root, code=self._typed_code(code),
                message=_("Type the room's code from the screen first.")), status=403)
            return
        if not self.csrf_ok():
            await self.render_room(room, message=_("This form was out of date; send it again."),
                                   values=self._values(), status=403)
            return
        if self.get_body_argument("action", "") == "join":
            await join_and_redirect(self, room, self.get_body_argument("name", ""))
            return
        await self.answer(room)

    def _values(self) -> dict[str, str]:
        return {name: self.get_body_argument(name, "")
                for name in ("choice", "reason", "nominee", "words", "answer", "contact")
                if self.get_body_argument(name, None) is not None}

    async def answer(self, room: Room) -> None:
        key = self.get_cookie(self.key_cookie(room)) or ""
        values = self._values()
        try:
            activity_id = int(self.get_body_argument("activity", ""))
        except ValueError:
            await self.render_room(room, message=_("Reload the page and send again."),
                                   status=400)
            return

        sent = self.get_body_argument("send", "")
        send_id = sent if SEND_ID.fullmatch(sent) else ""

        def send() -> None:
            activity = room.activity(activity_id)
            given: dict[str, object] = {k: values.get(k, "") for k in FIELDS[activity.kind]}
            if activity.kind == "consent" and not given["choice"]:
                given["choice"] = None
            if activity.kind == "follow-up":
                given["answer"] = given["answer"] or None
                if given["answer"] != "yes":  # changed to "no": the contact box is let go
                    given["contact"] = ""
            room.respond(key, activity, send_id=send_id, **given)

        try:
            await self.service.run(send)
        except InputError as exc:
            await self.render_room(room, values=values, message=exc.plain, field=exc.field or "",
                                   status=400)
            return
        except (ActivityStateError, ParticipantNotFound) as exc:
            await self.render_room(room, message=exc.plain, status=409)
            return
        except CourseError as exc:
            self.store_problem(exc)
            return
        self.redirect(room_url(self.service.root, room), status=303)  # "Received": from the record


class JoinStateHandler(JoinBase):
    """``/join/CODE/state``: the room's state for the phone's script (no answers, no names)."""

    async def get(self, code: str) -> None:
        try:
            room = await self.service.run(lambda: self.service.store().room(code))
        except RoomNotFound:
            room = None
        except CourseError:
            self.set_status(503)
            self.finish({"state": "unavailable"})
            return
        if room is None or not self.admitted(room):
            self.set_status(403)
            self.finish({"state": "not-admitted"})
            return
        state = await self.service.run(state_of, room)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"state": state}))


class JoinNotFound(JoinBase):
    def prepare(self) -> None:
        super().prepare()
        raise tornado.web.HTTPError(404)


def join_handlers(prefix: str, service: JoinService | None = None,
                  limits: ServerLimits | None = None) -> list[tuple]:
    """The join routes under ``prefix`` (the server's URL, e.g. ``/``), first in the table."""
    base = prefix.rstrip("/")
    service = service or JoinService(root=f"{base}/join", limits=limits)
    kwargs = {"service": service}
    return [
        (rf"{base}/join/?", JoinStartHandler, kwargs),
        (rf"{base}/join/({CODE_PATTERN})/state", JoinStateHandler, kwargs),
        (rf"{base}/join/({CODE_PATTERN})/?", JoinRoomHandler, kwargs),
        (rf"{base}/join/.*", JoinNotFound, kwargs),
    ]
