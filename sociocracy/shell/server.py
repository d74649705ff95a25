"""Serving the course with Voila: the course home as landing page, and no leaked kernels.

Three changes to standalone Voila, all small:

* ``/`` redirects to the course home instead of showing a file listing.
* Every rendered page sets the ``_xsrf`` cookie. Voila's page asks the server to shut its kernel
  down when the visitor leaves, but that request is refused without the cookie, which only the
  file listing sets; visitors who arrive by a direct link would leave a kernel behind
  (voila-dashboards/voila#1458). Culling idle kernels (``voila.json``) is the second safety net.
* Kernel websockets set ``TCP_NODELAY``: without it every widget update waited about 40 ms for
  a delayed ACK (a click on "Next" in the round facilitator: 47 ms median, 6 ms with it).

All other settings (template, hidden sources and tracebacks, culling, the ``ipc`` transport)
live in the checked-in ``voila.json`` at the course root.
"""

from __future__ import annotations

import os
from pathlib import Path

import tornado.web
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

HOME_URL = "voila/render/lessons/00_start_here.ipynb"


class CourseHomeRedirect(tornado.web.RequestHandler):
    """``/`` -> the course home; also sets the ``_xsrf`` cookie for later shutdown requests."""

    def initialize(self, url: str) -> None:
        self._url = url

    def get(self) -> None:
        self.xsrf_token  # noqa: B018 - reading it sets the cookie
        query = f"?{self.request.query}" if self.request.query else ""
        self.redirect(self._url + query)


def _without_jupyterlab(page_config: dict, **_kwargs) -> dict:
    """Tell the page that no JupyterLab is served here (the template's link script reads it)."""
    return {**page_config, "courseJupyterLab": False}


class CourseRenderHandler(TornadoVoilaHandler):
    """Voila's page handler, which also sets the ``_xsrf`` cookie (see the module docstring).

    It also marks the page as served without JupyterLab: links to code exercises then say "open
    it in JupyterLab (make lab)" instead of leading to a page with nowhere to type. Under a
    Jupyter server (Voila as an extension of ``make lab``) this handler is not used, the mark is
    absent, and those links go to ``/lab/tree/...``.
    """

    def initialize(self, **kwargs) -> None:  # type: ignore[override]
        super().initialize(**kwargs)
        hook = getattr(self, "page_config_hook", None)

        def page_config_hook(page_config: dict, **hook_kwargs) -> dict:
            if hook:
                page_config = hook(page_config, **hook_kwargs)
            return _without_jupyterlab(page_config)

        self.page_config_hook = page_config_hook

    async def prepare(self) -> None:  # type: ignore[override]
        await super().prepare()
        self.xsrf_token  # noqa: B018 - reading it sets the cookie


class CourseKernelWebsocket(VoilaKernelWebsocketHandler):
    """The kernel websocket with Nagle's algorithm off.

    Widget updates are small messages; with Nagle on, Linux's delayed ACKs hold each one back
    about 40 ms, which made every click in the workshop apps feel slow (see
    ``benchmarks/rounds_bench.py``). Tornado leaves this to the application.
    """

    async def open(self, *args, **kwargs):  # type: ignore[override]
        self.set_nodelay(True)
        return await super().open(*args, **kwargs)


class CourseVoila(Voila):
    """Standalone Voila serving a folder, with the course home as its landing page."""

    name = "sociocracy-course"

    def init_handlers(self) -> list:
        handlers = super().init_handlers()
        patched = []
        for handler in handlers:
            if len(handler) >= 2 and handler[1] is TornadoVoilaHandler:
                handler = (handler[0], CourseRenderHandler, *handler[2:])
            elif len(handler) >= 2 and handler[1] is VoilaKernelWebsocketHandler:
                handler = (handler[0], CourseKernelWebsocket, *handler[2:])
            patched.append(handler)
        home = self.base_url.rstrip("/") + "/" + HOME_URL
        from sociocracy.shell.join import join_handlers  # the phones' page (issue 15)

        return [(self.server_url, CourseHomeRedirect, {"url": home}),
                *join_handlers(self.server_url), *patched]


def voila_arguments(root: Path, *, port: int, network: bool, open_browser: bool) -> list[str]:
    """Command-line arguments for :class:`CourseVoila`; settings come from ``voila.json``."""
    args = [f"--Voila.root_dir={root}", f"--port={port}"]
    if network:
        args += ["--Voila.ip=0.0.0.0", "--token"]
    if not open_browser:
        args.append("--no-browser")
    return args


def serve(root: Path, *, port: int, network: bool = False, open_browser: bool = False) -> int:
    """Run the course server until interrupted (Ctrl+C)."""
    os.chdir(root)  # Voila reads voila.json from the folder it starts in
    if network:
        print("Serving the Sociocracy Ambassador Course on this room's network. Share the "
              "address with the token printed below (press Ctrl+C to stop).", flush=True)
    else:
        print(f"Serving the Sociocracy Ambassador Course at http://127.0.0.1:{port}/ "
              "(press Ctrl+C to stop)", flush=True)
    CourseVoila.launch_instance(
        argv=voila_arguments(root, port=port, network=network, open_browser=open_browser)
    )
    return 0
