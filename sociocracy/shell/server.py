"""Serving the course with Voila: the course home as landing page, and no leaked kernels.

Changes to standalone Voila, all small:

* ``/`` redirects to the course home instead of showing a file listing.
* Every rendered page sets the ``_xsrf`` cookie. Voila's page asks the server to shut its kernel
  down when the visitor leaves, but that request is refused without the cookie, which only the
  file listing sets; visitors who arrive by a direct link would leave a kernel behind
  (voila-dashboards/voila#1458). Culling idle kernels (``voila.json``) is the second safety net.
* Kernel websockets set ``TCP_NODELAY``: without it every widget update waited about 40 ms for
  a delayed ACK (a click on "Next" in the round facilitator: 47 ms median, 6 ms with it).

* Only the course's pages render (``lessons/``, ``apps/``, ``exercises/``, ``solutions/``);
  ``/voila/tree`` and the contents API, which listed every folder and notebook, lead to the course
  home or nothing.
* In local mode (the default, bound to 127.0.0.1) only loopback host names are answered, on
  pages and websockets alike, which closes the door to DNS rebinding. In room-network mode the
  token protects every route instead.
* Kernels are capped and culled when their page is gone (``kernels.py``); beyond the cap a
  visitor gets a "the room is full, try again in a minute" page (HTTP 503).
* Every route has limits that fit the course (``limits.py``): request bodies of at most 1 MB,
  seconds (not an hour) to send a request, a cap on connections per address on the room's
  network, and the open-files limit raised at start.
* The workshop record is the facilitator's (``access.py``): two credentials, the facilitator's
  (this computer only) and the room's (visitors); visitors' kernels cannot open the record, and
  a token in a page's address becomes a login cookie and leaves the address bar.
* ``/voila/files/`` serves images from the course's folders only, and only with a credential
  (Voila's own handler served any image under the course root, ``.venv`` included, to anyone).

All other settings (template, hidden sources and tracebacks, culling, the ``ipc`` transport,
nbclient's output timeout) live in the checked-in ``voila.json`` at the course root.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import tornado.web
import tornado.websocket
from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from traitlets import Type, default
from voila.app import Voila
from voila.configuration import VoilaConfiguration
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.execution_request_handler import ExecutionRequestHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from sociocracy.core.language import PSEUDO, _, speaking
from sociocracy.core.settings import preheat_setting
from sociocracy.shell import languages
from sociocracy.shell.access import (
    LOOPBACK_HOSTS,
    CourseAuthorizer,
    CourseIdentityProvider,
    address_without_token,
    cookie_secret,
    may_use_kernel,
    role_of,
    starting_kernels_for,
)
from sociocracy.shell.early_run import EarlyRuns
from sociocracy.shell.kernels import RoomFull
from sociocracy.shell.limits import CourseHTTPServer, ServerLimits, raise_open_files_limit
from sociocracy.shell.page_words import template_strings

HOME_URL = "voila/render/lessons/00_start_here.ipynb"
#: A kernel's id in a route (as Voila's own routes match it).
KERNEL_ID = r"(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"
#: Folders whose notebooks visitors may open: the pages themselves, never a subfolder. The
#: practice pages' worked answers (``solutions/NN_topic_solution.ipynb``) are served; the code
#: exercises and their solutions (``exercises/code/``, ``solutions/code/``) are JupyterLab's only:
#: in Voila a code solution would show its outputs without its code and spoil the exercise.
SERVED_FOLDERS = ("lessons", "apps", "exercises", "solutions")
_SERVED = re.compile(r"^(?:" + "|".join(SERVED_FOLDERS) + r")/[^/\\]+\.ipynb$")
#: Files (images, by ``voila.json``'s lists) are served from the course's folders only, at any
#: depth, never from a hidden folder or file (no ``..``, no ``.venv``, no ``.ipynb_checkpoints``).
_SERVED_FILE = re.compile(r"^(?:" + "|".join(SERVED_FOLDERS) + r")(?:[/\\][^/\\.][^/\\]*)+$")

ROOM_FULL_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}}a{{color:#0055aa}}</style></head>
<body><main><h1>{title}</h1>
<p>{places}</p>
<p>{tabs}</p>
</main></body></html>
"""


def room_full_page(limit: int, language: str) -> str:
    """The "room is full" page in ``language`` (the visitor's, as the join page finds it)."""
    with speaking(language) as code:
        again = '<a href="">' + html.escape(_("try again now")) + "</a>"
        places = html.escape(_("All {limit} places on this course server are in use right now. "
                               "Try again in a minute: this page tries again by itself every "
                               "minute, or {again}.")).format(limit=limit, again=again)
        return ROOM_FULL_PAGE.format(
            lang="en" if code == PSEUDO else code, title=html.escape(_("The room is full")),
            places=places,
            tabs=html.escape(_("If you have the course open in other tabs, closing them frees "
                               "their places.")))


class CourseHomeRedirect(tornado.web.RequestHandler):
    """``/`` -> the course home; also sets the ``_xsrf`` cookie for later shutdown requests."""

    def initialize(self, url: str) -> None:
        self._url = url

    def get(self, *_args, **_kwargs) -> None:
        self.xsrf_token  # noqa: B018 - reading it sets the cookie
        query = f"?{self.request.query}" if self.request.query else ""
        self.redirect(self._url + query)


def _without_jupyterlab(page_config: dict, **_kwargs) -> dict:
    """Tell the page that no JupyterLab is served here (the template's link script reads it)."""
    return {**page_config, "courseJupyterLab": False}


#: Pages sent progressively: their text at once, each cell's widgets as its cell has run.
PROGRESSIVE_FOLDERS = ("lessons/",)


def renders_progressively(path: str, *, preheated: bool) -> bool:
    """Whether the page at ``path`` (relative to the course folder) is sent text first.

    A lesson is mostly text: sent before its cells run, it can be read while its widgets arrive
    (issue 27; ``benchmarks/voila_load.py`` prints "text readable" for both kinds). An app is a
    screen of controls with little to read, so it keeps Voila's usual page, shown whole when it
    is ready (progressive apps only showed empty skeletons sooner). A preheated lesson is
    already run when a visitor asks for it, and Voila cannot send a preheated page progressively.
    """
    return path.startswith(PROGRESSIVE_FOLDERS) and not preheated


def ready_preheated(kernel_manager: Any, path: str) -> bool:
    """Whether the next kernel in ``path``'s pool has run the page and is ready now.

    Voila hands a visitor the first kernel of the page's pool and puts a replacement in the pool
    at once, which starts only :data:`REFILL_AFTER` seconds later. Voila's own handler waits
    for whatever is first in the pool, so a visitor arriving after the pool's kernels were
    taken waited a minute and more for that replacement (the 31st of a room of 30). The course
    gives such a visitor a kernel of their own, started at once, with the page sent text first
    as any lesson: a preheated kernel is used only when it is ready. (``_pools`` is Voila 0.5's
    list of pending and finished start-and-run tasks per page; tests/serving/test_preheat.py
    fails if that changes.)"""
    pools = getattr(kernel_manager, "_pools", None)
    if not pools or not pools.get(path):
        return False
    first = pools[path][0]
    done = getattr(first, "done", None)
    if done is None or not done():
        return False
    return not first.cancelled() and first.exception() is None


#: Voila's old names for other settings (copying them would only warn).
_DEPRECATED_SETTINGS = frozenset({"file_whitelist", "file_blacklist"})


def _progressive_copy(configuration: VoilaConfiguration) -> VoilaConfiguration:
    """``configuration`` with ``progressive_rendering`` on (made once, kept on the original)."""
    copy = getattr(configuration, "_course_progressive", None)
    if copy is None:
        copy = VoilaConfiguration(parent=configuration.parent, config=configuration.config)
        for name in configuration.trait_names(config=True):
            if name not in _DEPRECATED_SETTINGS:
                setattr(copy, name, getattr(configuration, name))
        copy.progressive_rendering = True
        configuration._course_progressive = copy  # type: ignore[attr-defined]
    return copy


def served_page(path: str) -> bool:
    """Whether ``/voila/render/<path>`` may render: a notebook directly in a course folder."""
    return bool(_SERVED.match(path or ""))


class CoursePageHandler(TornadoVoilaHandler):
    """Voila's page handler: only course pages, the ``_xsrf`` cookie, a page when the room is full.

    This is the whole of it under a Jupyter server (the course's server extension,
    ``extension.py``: one user's server, whose every kernel is that user's);
    :class:`CourseRenderHandler` adds what standalone Voila (``start``) needs on top.
    """

    def initialize(self, **kwargs) -> None:  # type: ignore[override]
        super().initialize(**kwargs)
        # the page in the visitor's language (``languages.py``), before the kernel starts; Voila's
        # page maker reads the hook from the configuration, not from the handler
        self.prelaunch_hook = languages.prelaunch_hook
        if self.voila_configuration.prelaunch_hook is None:
            self.voila_configuration.prelaunch_hook = languages.prelaunch_hook
        hook = getattr(self, "page_config_hook", None)

        def page_config_hook(page_config: dict, **hook_kwargs) -> dict:
            if hook:
                page_config = hook(page_config, **hook_kwargs)
            return self.course_page_config(page_config)

        self.page_config_hook = page_config_hook

    def course_page_config(self, page_config: dict) -> dict:
        """The page's settings for the browser: no MathJax from a CDN (the course has no
        formulas and works offline). Voila's page loads MathJax unless both settings are empty, as
        standalone Voila leaves them; a Jupyter server fills in cdnjs's. The page's language and
        the template's words in it (``courseLanguage``, ``courseWords``) are for the template."""
        language = getattr(self, "_course_language", None) or languages.request_language(self)
        return {**page_config, "fullMathjaxUrl": None, "mathjaxConfig": None,
                "courseLanguage": language, "courseLanguages": languages.menu(language),
                "courseWords": template_strings(language)}

    def should_use_rendered_notebook(self, *args: Any, **kwargs: Any) -> bool:
        """A preheated page ran in English: only an English visitor gets one, and only one
        that is ready (:func:`ready_preheated`; not a wait for a kernel yet to start)."""
        ready = getattr(self, "_preheated_ready", None)
        return languages.may_use_preheated(self) and ready is not False and bool(
            super().should_use_rendered_notebook(*args, **kwargs))

    async def prepare(self) -> None:  # type: ignore[override]
        await super().prepare()
        if self._finished:  # not logged in: sent to the login page
            return
        if not served_page(self.path_args[0] if self.path_args else ""):
            raise tornado.web.HTTPError(404, reason="Not a course page")
        self.before_page()
        if not self._finished:
            self.xsrf_token  # noqa: B018 - reading it sets the cookie

    def before_page(self) -> None:
        """What to do once the page is known to be a course page (standalone: see below)."""

    def write_error(self, status_code: int, **kwargs) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, RoomFull):
            self.set_header("Retry-After", "60")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(room_full_page(int(error.limit), languages.request_language(self)))
            return
        super().write_error(status_code, **kwargs)


class CourseRenderHandler(CoursePageHandler):
    """Standalone Voila's page handler: :class:`CoursePageHandler`, and the facilitator's or a
    visitor's kernel, the token out of the address bar, and no JupyterLab.

    It marks the page as served without JupyterLab: links to code exercises then say "open
    it in JupyterLab (make lab)" instead of leading to a page with nowhere to type. Under a
    Jupyter server (Voila as an extension of ``make lab`` or of a JupyterHub user's server) this
    handler is not used, the mark is absent, and those links go to ``/lab/tree/...``.
    """

    def course_page_config(self, page_config: dict) -> dict:
        return _without_jupyterlab(super().course_page_config(page_config))

    def before_page(self) -> None:
        # The kernel this page starts is the facilitator's only if the facilitator asked.
        starting_kernels_for(role_of(self.current_user))
        if self.request.method == "GET" and self.get_query_argument("token", None) is not None:
            # The token is now in the login cookie: out of the address bar (and the history).
            self.redirect(address_without_token(self.request.uri or ""))

    async def get_generator(self, path=None):  # type: ignore[no-untyped-def]
        """Voila's page, sent progressively where :func:`renders_progressively` says so."""
        preheated = ready_preheated(self.kernel_manager, path or "") and \
            languages.may_use_preheated(self)
        self._preheated_ready = preheated
        if renders_progressively(path or "", preheated=preheated):
            self.voila_configuration = _progressive_copy(self.voila_configuration)
        runs = ExecutionRequestHandler._execution_data
        sent = False
        try:
            async for part in super().get_generator(path):
                yield part
            sent = True
        finally:
            if isinstance(runs, EarlyRuns):
                # the page is sent: its cells run while its script loads (or, if the visitor
                # left before it was sent, nothing runs)
                if sent:
                    runs.start()
                else:
                    runs.forget()

    def get_login_url(self) -> str:
        """The login page, to come back here without the token that was refused (a facilitator's
        link opened on another device must not stay in that device's address bar)."""
        back = urlencode({"next": address_without_token(self.request.uri or "")})
        return f"{super().get_login_url()}?{back}"


def served_file(path: str) -> bool:
    """Whether ``/voila/files/<path>`` may be served: inside a course folder, nothing hidden."""
    return bool(_SERVED_FILE.match(path))


class CourseFiles(JupyterHandler, AllowListFileHandler):
    """``/voila/files/``: images in the course's folders, to visitors who have a credential."""

    def get_absolute_path(self, root: str, path: str) -> str:  # type: ignore[override]
        if not served_file(path):
            raise tornado.web.HTTPError(404)
        return str(super().get_absolute_path(root, path))

    def write_error(self, status_code: int, **kwargs) -> None:
        """A plain line: Jupyter's error page needs templates standalone Voila does not have."""
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


class CourseKernelShutdown(VoilaShutdownKernelHandler):
    """Voila's "the page is closing, stop its kernel", never for a kernel the visitor may not use.
    """

    async def post(self, kernel_id: str) -> None:  # type: ignore[override]
        if not may_use_kernel(self, kernel_id):
            raise tornado.web.HTTPError(403)
        await super().post(kernel_id)


class CourseExecution(ExecutionRequestHandler):
    """The socket a progressive page asks its cells to run on, never for another's kernel.

    Voila registers it only when every page is progressive; here lessons are (see
    :func:`renders_progressively`), so the course registers it itself.
    """

    _executor = None  # Voila's on_close reads it, also when the page left before asking

    async def open(self, kernel_id: str) -> None:  # type: ignore[override]
        if not may_use_kernel(self, kernel_id):
            raise tornado.web.HTTPError(403)
        await super().open(kernel_id)

    async def on_message(self, message_str: str | bytes) -> None:  # type: ignore[override]
        """"execute": the page's cells, run since the page was sent (``early_run.py``)."""
        runs = ExecutionRequestHandler._execution_data
        run = runs.take(self._kernel_id) if isinstance(runs, EarlyRuns) else None
        if run is None:
            await super().on_message(message_str)
            return
        async for message in run.messages():
            try:
                await self.write_message(message)
            except tornado.websocket.WebSocketClosedError:  # the visitor left
                return


class NotListed(tornado.web.RequestHandler):
    """The contents API (folder listings) is not offered: visitors open pages from the course home.
    """

    def get(self, *_args, **_kwargs) -> None:
        raise tornado.web.HTTPError(404)


class _LoopbackOnly:
    """Mixed into every handler of a local server: refuse requests for any other host name.

    A page on another site can make a visitor's browser talk to ``127.0.0.1`` only under that
    site's own name (DNS rebinding); the ``Host`` header then names the other site.
    """

    def prepare(self):
        handler: Any = self  # a tornado RequestHandler once mixed in
        if handler.request.host_name not in LOOPBACK_HOSTS:
            # Answered here, before Jupyter's handlers look at users, cookies or templates.
            handler.set_status(403)
            handler.set_header("Content-Type", "text/plain; charset=utf-8")
            with speaking(languages.request_language(handler)):
                handler.finish(_("This course server only answers at http://127.0.0.1 on the "
                                 "computer that runs it. To share it with a room, start it with "
                                 "--network.") + "\n")
            return None
        return super().prepare()  # type: ignore[misc]


def loopback_only(handler: type) -> type:
    """``handler`` with the host check of :class:`_LoopbackOnly` in front of its own ``prepare``."""
    return type(f"LoopbackOnly{handler.__name__}", (_LoopbackOnly, handler), {})


class CourseKernelWebsocket(VoilaKernelWebsocketHandler):
    """The kernel websocket with Nagle's algorithm off.

    Widget updates are small messages; with Nagle on, Linux's delayed ACKs hold each one back
    about 40 ms, which made every click in the workshop apps feel slow (see
    ``benchmarks/rounds_bench.py``). Tornado leaves this to the application.
    """

    async def pre_get(self) -> None:
        """A progressive page's widget manager comes in once the page's cells have run (see
        ``early_run.py``): it then finds every widget, as on a page sent whole."""
        runs = ExecutionRequestHandler._execution_data
        if isinstance(runs, EarlyRuns):
            await runs.wait_for(self.kernel_id)
        await super().pre_get()

    async def open(self, *args, **kwargs):  # type: ignore[override]
        self.set_nodelay(True)
        return await super().open(*args, **kwargs)


class _OnlyOurAddresses(logging.Filter):
    """Drops Voila's "Voilà is running at: http://<host name>:PORT/?token=..." line.

    The command prints the addresses people should use (this computer's link, the room's, the
    phones'); Voila's names the computer by its host name, which phones cannot resolve, and on
    the room's network carries the room's token where the room can read it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Voilà is running at")


#: Seconds before a preheated kernel that a visitor took is replaced in its pool.
REFILL_AFTER = 60


class CourseVoila(Voila):
    """Standalone Voila serving a folder, with the course home as its landing page."""

    name = "sociocracy-course"
    identity_provider_class = Type(
        default_value=CourseIdentityProvider, klass=IdentityProvider, config=True,
        help="Who is the facilitator and who a visitor (sociocracy.shell.access).")
    authorizer_class = Type(
        default_value=CourseAuthorizer, klass=Authorizer, config=True,
        help="Keeps visitors off the facilitator's kernels (sociocracy.shell.access).")

    @default("cookie_secret")
    def _cookie_secret_from_tokens(self) -> bytes:
        """Login cookies signed with a secret derived from the kept tokens (``access.py``), so
        they outlive a restart; with no facilitator's token (``start``, this computer only)
        there is nothing to keep, and the secret is random as in Voila."""
        provider = self.identity_provider
        facilitator = getattr(provider, "facilitator_token", "")
        if not facilitator:
            return os.urandom(32)
        return cookie_secret(facilitator, provider.token or "")

    def init_settings(self) -> dict:
        """Voila's settings, with the pages of ``$SOCIOCRACY_COURSE_PREHEAT`` run ahead.

        A preheated page's kernels start with the server and run the notebook before anyone
        asks, so a room opening the same lesson at once is served from kernels that are ready
        (issue 27; ``benchmarks/room_preheat_bench.py`` prints the figures). Only lessons and
        practice pages (the same for every visitor: a preheated kernel is a visitor's, without
        the record); every other page keeps Voila's usual kernel per visit. The pools together
        stay 5 kernels under the cap, so the facilitator's apps still open.
        """
        pages = preheat_setting()
        if pages:
            cap = int(self.config.CourseKernelManager.get("max_kernels", 40) or 0)
            room = max(0, cap - 5) if cap else sum(pages.values())
            pools: dict[str, dict] = {"default": {"pool_size": 0}}
            for page, count in pages.items():
                count = min(count, room)
                room -= count
                if count:
                    pools[page] = {"pool_size": count}
            self.voila_configuration.preheat_kernel = True
            self.voila_configuration.default_pool_size = 0
            self.config.VoilaKernelManager.kernel_pools_config = pools
            # a used kernel is replaced a minute later: new kernels starting while the room
            # arrives would take the processor from the pages being served
            self.config.VoilaKernelManager.fill_delay = REFILL_AFTER
            self.log.info("Running ahead: %s", ", ".join(
                f"{page} ({pool['pool_size']} kernels)" for page, pool in pools.items()
                if page != "default"))
        return super().init_settings()

    @property
    def limits(self) -> ServerLimits:
        """The server's limits, from the environment (read once)."""
        if getattr(self, "_limits", None) is None:
            self._limits = ServerLimits.from_environment()
        return self._limits

    def listen(self) -> None:
        """Voila's ``listen`` (which tries ports), with the course's limits on every connection.

        Voila calls ``self.app.listen(port, ip)``, which makes tornado's default server; here the
        application's ``listen`` makes a :class:`CourseHTTPServer` with :attr:`limits` instead.
        """
        raise_open_files_limit()
        kwargs = self.limits.http_server_kwargs(network=not self.local_only)
        app = self.app

        def listen(port: int, address: str = "", **more: Any) -> CourseHTTPServer:
            server = CourseHTTPServer(app, **kwargs)
            server.listen(port, address, **more)
            return server

        app.listen = listen  # type: ignore[method-assign]
        self.log.addFilter(_OnlyOurAddresses())
        super().listen()

    @property
    def local_only(self) -> bool:
        """Whether the server listens on this computer only (then only loopback names answer)."""
        return self.ip in ("127.0.0.1", "localhost", "::1")

    def init_handlers(self) -> list:
        handlers = super().init_handlers()
        home = self.base_url.rstrip("/") + "/" + HOME_URL
        patched: list[tuple] = [(self.server_url, CourseHomeRedirect, {"url": home}),
                                *course_handlers(handlers, STANDALONE, home)]
        runs = EarlyRuns()
        runs.kernel_manager = self.kernel_manager
        ExecutionRequestHandler._execution_data = runs  # a progressive page runs at once
        if not any(len(h) >= 2 and h[1] is ExecutionRequestHandler for h in handlers):
            patched.append((self.server_url.rstrip("/") + "/voila/execution/" + KERNEL_ID,
                            CourseExecution))
        from sociocracy.shell.join import join_handlers  # the phones' page (issue 15)

        patched[1:1] = join_handlers(self.server_url, limits=self.limits)
        if self.local_only:
            patched = [(h[0], loopback_only(h[1]), *h[2:]) for h in patched]
        return patched


#: Voila's handlers and the course's in their place under standalone Voila (``start``); the
#: tree handler (folder listings) becomes the redirect to the course home everywhere.
#: ``extension.UNDER_SERVER`` is the same for a Jupyter server.
STANDALONE: dict[type, type] = {
    TornadoVoilaHandler: CourseRenderHandler,
    VoilaKernelWebsocketHandler: CourseKernelWebsocket,
    VoilaContentsHandler: NotListed,
    AllowListFileHandler: CourseFiles,
    VoilaShutdownKernelHandler: CourseKernelShutdown,
    ExecutionRequestHandler: CourseExecution,
}


def course_handler(handler: tuple, swaps: dict[type, type], home: str) -> tuple:
    """One route of Voila's (``(pattern, class, kwargs...)``) with the course's class in place:
    ``swaps`` by class, and folder listings sent to ``home``."""
    if len(handler) < 2:
        return handler
    if handler[1] is TornadoVoilaTreeHandler:
        return (handler[0], CourseHomeRedirect, {"url": home})
    if handler[1] in swaps:
        swapped = swaps[handler[1]]
        # a handler with no options of its own (NotListed) drops Voila's
        extra = handler[2:] if swapped is not NotListed else ()
        return (handler[0], swapped, *extra)
    return handler


def course_handlers(handlers: list, swaps: dict[type, type], home: str) -> list[tuple]:
    """Every route of ``handlers`` through :func:`course_handler`."""
    return [course_handler(tuple(h), swaps, home) for h in handlers]


def voila_arguments(root: Path, *, port: int, network: bool, open_browser: bool,
                    max_kernels: int | None = None,
                    disconnected_timeout: int | None = None,
                    visitors: bool = True) -> list[str]:
    """Command-line arguments for :class:`CourseVoila`; settings come from ``voila.json``.

    On the network, ``visitors`` lets the room in with the room's token (``$JUPYTER_TOKEN``);
    without it (``workshop``) only the facilitator's token, on this computer, opens pages.
    """
    args = [f"--Voila.root_dir={root}", f"--port={port}"]
    if max_kernels is not None:
        args.append(f"--CourseKernelManager.max_kernels={max_kernels}")
    if disconnected_timeout is not None:
        args.append(f"--CourseKernelManager.cull_disconnected_timeout={disconnected_timeout}")
    if network:
        args += ["--Voila.ip=0.0.0.0", "--token"] if visitors else ["--Voila.ip=0.0.0.0"]
    if not open_browser:
        args.append("--no-browser")
    return args


def serve(root: Path, *, port: int, network: bool = False, open_browser: bool = False,
          max_kernels: int | None = None, disconnected_timeout: int | None = None) -> int:
    """Run the course server until interrupted (Ctrl+C)."""
    os.chdir(root)  # Voila reads voila.json from the folder it starts in
    if network:
        print(_("Serving the Sociocracy Ambassador Course on this room's network (press Ctrl+C "
                "to stop)."), flush=True)
    else:
        print(_("Serving the Sociocracy Ambassador Course at {address} (press Ctrl+C to stop)"
                ).format(address=f"http://127.0.0.1:{port}/"), flush=True)
    CourseVoila.launch_instance(
        argv=voila_arguments(root, port=port, network=network, open_browser=open_browser,
                             max_kernels=max_kernels, disconnected_timeout=disconnected_timeout)
    )
    return 0
