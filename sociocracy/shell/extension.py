"""The course as a Jupyter Server extension: its rules inside any Jupyter server, JupyterHub's too.

Under JupyterHub each user runs ``jupyterhub-singleuser``: a Jupyter server with Voila as its
extension, not the course's own server (``server.py``). This extension brings the course's rules
there, with the same handler classes and the same settings file (``voila.json``):

* the course home at ``{base_url}course/`` (:data:`COURSE_HOME`; JupyterHub's ``default_url``
  points at it), a redirect to the first lesson in Voila that also sets the ``_xsrf`` cookie;
* only the course's pages render in Voila (``lessons/``, ``apps/``, ``exercises/``,
  ``solutions/``: :data:`server.SERVED_FOLDERS`), Voila's folder listings lead to the course home,
  its contents API lists nothing, and its file handler serves images from the course's folders
  only. JupyterLab's "Open with Voila" keeps working for the course's pages;
* kernels are capped and culled when their page is gone (:class:`kernels.CourseKernelManager`,
  with ``visitors`` off: every kernel of a user's server is that user's, with the record);
* kernel websockets set ``TCP_NODELAY`` (Jupyter's own websocket, which Voila uses here);
* Voila's template (``course``), hidden sources and tracebacks, and the culling times come from
  the course's ``voila.json``, as defaults: a setting in the server's own configuration wins.

Not here, because a Jupyter server already does them or they do not apply: the Host check (the
server's own ``allow_remote_access``/``local_hostnames``; JupyterHub's proxy has a real host
name), the login (the server's token, or the Hub's), the join pages for phones (phones have no
Hub account: JupyterHub serves them as a service, ``deploy/jupyterhub``) and the request limits of
``limits.py`` (the Hub's proxy stands in front).

The extension acts only where the server's root folder holds the course
(``lessons/00_start_here.ipynb``): installed in an environment used for other work too, it leaves
every other Jupyter server as it was. ``pip install`` enables it
(``etc/jupyter/jupyter_server_config.d/sociocracy-course.json``); ``jupyter server extension
list`` shows it.

``sociocracy-course start`` still runs standalone Voila (:class:`server.CourseVoila`), with the
same handler classes and the same swap of Voila's routes (:func:`server.course_handler`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
from jupyter_server.utils import url_path_join
from tornado.routing import Rule
from traitlets.config import Config
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler

from sociocracy.shell.kernels import CourseKernelManager
from sociocracy.shell.server import (
    HOME_URL,
    CourseFiles,
    CourseHomeRedirect,
    CoursePageHandler,
    NotListed,
    course_handler,
)

__all__ = ["COURSE_HOME", "UNDER_SERVER", "course_root", "course_settings"]

#: Where the course home is, below the server's ``base_url`` (JupyterHub: ``/user/<name>/``).
COURSE_HOME = "course/"
#: The key under ``ServerApp.jpserver_extensions`` that enables this extension.
EXTENSION = "sociocracy.shell.extension"
#: Sections of ``voila.json`` that are standalone Voila's own: its address and port, its kernel
#: manager, and the ``ipc`` transport, whose socket paths live in the runtime folder under the
#: user's home and broke there past 107 characters (a user's server keeps Jupyter's ``tcp``).
_STANDALONE_ONLY = {"Voila": None, "KernelManager": None,
                    "VoilaConfiguration": {"multi_kernel_manager_class"}}


class NodelayKernelWebsocket(KernelWebsocketHandler):
    """Jupyter's kernel websocket with Nagle's algorithm off (see ``server.CourseKernelWebsocket``:
    each widget update otherwise waits about 40 ms for a delayed ACK)."""

    async def open(self, kernel_id: str) -> None:  # type: ignore[override]
        self.set_nodelay(True)
        await super().open(kernel_id)


#: Handlers of Voila's (and Jupyter's websocket) and the course's in their place under a Jupyter
#: server; ``server.STANDALONE`` is the same for ``start``. Voila's shutdown handler stays: a
#: user's server has no visitors to keep off the facilitator's kernels.
UNDER_SERVER: dict[type, type] = {
    TornadoVoilaHandler: CoursePageHandler,
    VoilaContentsHandler: NotListed,
    AllowListFileHandler: CourseFiles,
    KernelWebsocketHandler: NodelayKernelWebsocket,
}


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": EXTENSION}]


def course_root(root_dir: str | os.PathLike[str]) -> Path | None:
    """The server's root folder if it holds the course, else None (the extension stays off)."""
    root = Path(os.path.expanduser(str(root_dir))).resolve()
    return root if (root / "lessons" / "00_start_here.ipynb").is_file() else None


def course_settings(root: Path) -> dict[str, dict[str, Any]]:
    """The sections of the course's ``voila.json`` that apply under a Jupyter server."""
    settings = json.loads((root / "voila.json").read_text(encoding="utf-8"))
    kept: dict[str, dict[str, Any]] = {}
    for section, values in settings.items():
        if section in _STANDALONE_ONLY and _STANDALONE_ONLY[section] is None:
            continue
        dropped = _STANDALONE_ONLY.get(section) or set()
        kept[section] = {k: v for k, v in values.items() if k not in dropped}
    kept.setdefault("CourseKernelManager", {})["visitors"] = False
    return kept


def _link_jupyter_server_extension(serverapp: Any) -> None:
    """Before the server makes its kernel manager and Voila reads its settings: the course's
    settings as defaults, the course's kernel manager, the course's template on the data path."""
    root = course_root(serverapp.root_dir)
    serverapp._sociocracy_course_root = root  # read by the loader below
    if root is None:
        serverapp.log.info("%s: the server's folder %s does not hold the course; the course's "
                           "rules stay off", EXTENSION, serverapp.root_dir)
        return
    config = serverapp.config
    for section, values in course_settings(root).items():
        for key, value in values.items():
            if key not in config[section]:
                config[section][key] = value
    chosen = config.ServerApp.get("kernel_manager_class")
    if chosen is None:
        # as configuration, since the server's own default is only known once it is made
        serverapp.update_config(
            Config({"ServerApp": {"kernel_manager_class": CourseKernelManager}}))
    elif chosen is not CourseKernelManager and "CourseKernelManager" not in str(chosen):
        serverapp.log.warning("%s: the server's kernel manager is %s, not the course's; kernels "
                              "are neither capped nor culled by the course", EXTENSION, chosen)
    # An editable install (make) leaves the course's Voila template in the repository.
    share = root / "share" / "jupyter"
    if (share / "voila" / "templates" / "course").is_dir():
        paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        if str(share) not in paths:
            os.environ["JUPYTER_PATH"] = os.pathsep.join([str(share), *paths])


def _swap_rules(router: Any, home: str) -> None:
    """Swap handler classes in routes tornado already holds (Jupyter's, or Voila's if it was
    loaded first), through the same :func:`course_handler` as new routes."""
    for rule in getattr(router, "rules", []):
        if isinstance(rule, Rule) and isinstance(rule.target, type):
            swapped = course_handler(("", rule.target, rule.target_kwargs), UNDER_SERVER, home)
            rule.target = swapped[1]
            rule.target_kwargs = swapped[2] if len(swapped) > 2 else {}
        elif isinstance(rule, Rule):
            _swap_rules(rule.target, home)


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """The course home, and the course's handlers in place of Voila's, now and when Voila adds
    its own after this (extensions load in order of their names)."""
    if getattr(serverapp, "_sociocracy_course_root", None) is None:
        return
    web_app = serverapp.web_app
    base_url = web_app.settings["base_url"]
    home = url_path_join(base_url, HOME_URL)
    _swap_rules(web_app.default_router, home)
    add_handlers = web_app.add_handlers

    def course_add_handlers(host_pattern: str, host_handlers: list) -> None:
        add_handlers(host_pattern,
                     [course_handler(tuple(h), UNDER_SERVER, home) for h in host_handlers])

    web_app.add_handlers = course_add_handlers
    web_app.add_handlers(".*$", [
        (url_path_join(base_url, COURSE_HOME.rstrip("/")) + "/?", CourseHomeRedirect,
         {"url": home}),
    ])
    serverapp.log.info("%s: the course home is at %s", EXTENSION,
                       url_path_join(base_url, COURSE_HOME))
