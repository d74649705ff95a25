"""JupyterHub for a cohort: every user lands on the course home in Voila, JupyterLab one click away.

Start it with ``make hub`` (``tools/hub.py``), which sets what this file reads from the
environment. Written for one machine (``make hub``, The Littlest JupyterHub); the same settings
in Helm's terms are in ``deploy/z2jh/``.

* **Users** log in with any name and the one password ``$SOCIOCRACY_HUB_PASSWORD`` (JupyterHub's
  shared-password authenticator, at least 8 characters: for a trial on one machine; a real cohort
  uses TLJH's or an OAuth authenticator). Without the password the Hub refuses to start.
* **Each user's server** is ``jupyterhub-singleuser`` (a Jupyter server with Voila) started from
  this very Python environment, where the course is installed (``pip install -e .`` by ``make``),
  in the course folder; the course's server extension (``sociocracy.shell.extension``) brings the
  course's rules to it and serves the course home at ``/user/<name>/course/``: the default URL.
  JupyterLab is at ``/user/<name>/lab`` and every course page links to itself there.
* **Idle servers** are stopped by ``jupyterhub-idle-culler`` (a Hub service) after
  ``$SOCIOCRACY_HUB_CULL_TIMEOUT`` seconds (default 3600); inside a server, kernels whose page is
  gone are culled by the course after 5 minutes (``voila.json``).
* **Rooms** are kept on PostgreSQL: ``$SOCIOCRACY_COURSE_STORE`` (a ``postgresql://`` URL) is
  handed to every user's server and kernels.
* **Memory** (measured by ``benchmarks/hub_bench.py`` on this project's 2-core test machine,
  2026-12-07): a user's server takes 159 MB RSS (137 MB PSS, shared pages split); the course
  home's kernel 52 MB RSS (37 MB PSS); a user with the course home and the round facilitator app
  open 281 MB RSS (223 MB PSS) in all. Lessons that draw charts load matplotlib: count about
  100 MB per such kernel. ``mem_limit`` below is the server plus the kernel cap (6) at that:
  about 800 MB; ``mem_guarantee`` is the typical user (home and an app). The local spawner only
  passes them on (``MEM_LIMIT``); a container spawner (Z2JH) enforces them.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - JupyterHub's config loader

ROOT = Path(__file__).resolve().parents[2]
#: Where the Hub keeps its database, cookie secret, the proxy and the users' home folders.
STATE = Path(os.environ.get("SOCIOCRACY_HUB_STATE", ROOT / ".hub")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
#: The course home below a user's server (``sociocracy.shell.extension.COURSE_HOME``).
COURSE_HOME = "course/"

password = os.environ.get("SOCIOCRACY_HUB_PASSWORD", "")
if len(password) < 8:
    sys.exit("Set SOCIOCRACY_HUB_PASSWORD to the password users log in with, of at least 8 "
             "characters (deploy/jupyterhub/jupyterhub_config.py refuses to start without it).")


def _port(name: str, default: int) -> int:
    text = os.environ.get(name, str(default))
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        sys.exit(f"{name}={text!r} is not a port number (1 to 65535).")
    return int(text)


# ---- the Hub, on this computer only ------------------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = _port("HUB_PORT", 8000)
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = _port("SOCIOCRACY_HUB_API_PORT", 8081)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stopping the Hub stops every user's server and the proxy (both are JupyterHub's defaults;
# written here because tests/hub checks that nothing is left behind).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# ---- the proxy: configurable-http-proxy from npm (make hub installs it into .hub/) --------------
proxy = os.environ.get("SOCIOCRACY_HUB_PROXY") or str(
    STATE / "node_modules" / ".bin" / "configurable-http-proxy")
if not Path(proxy).exists():
    proxy = shutil.which("configurable-http-proxy") or proxy
c.ConfigurableHTTPProxy.command = [proxy]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_port('SOCIOCRACY_HUB_PROXY_API_PORT', 8001)}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# ---- who logs in ---------------------------------------------------------------------------------
# JupyterHub's shared-password authenticator (the dummy one with a password, since 5.3)
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = password
c.Authenticator.allow_all = True  # any name: a cohort's trial on one machine

# ---- each user's server --------------------------------------------------------------------------
c.JupyterHub.spawner_class = "simple"  # JupyterHub's SimpleLocalProcessSpawner: no system users
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "users" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = str(ROOT)
c.Spawner.default_url = "/" + COURSE_HOME
c.Spawner.args = [
    # kernels per user: the course home, an app, a lesson or two (about 100 MB each)
    f"--CourseKernelManager.max_kernels={int(os.environ.get('SOCIOCRACY_HUB_MAX_KERNELS', '6'))}",
    *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
]
c.Spawner.mem_limit = "800M"
c.Spawner.mem_guarantee = "300M"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    # the Hub's machine has one course folder and one Python environment for every user
    "SOCIOCRACY_COURSE_ROOT": str(ROOT),
    # the course's Jupyter settings (its server extension, JupyterLab without news pop-ups)
    "JUPYTER_CONFIG_PATH": str(ROOT / "etc" / "jupyter"),
    "SOCIOCRACY_COURSE_DRAW_CHARTS": os.environ.get("SOCIOCRACY_COURSE_DRAW_CHARTS", "1"),
}
for name in ("SOCIOCRACY_COURSE_STORE", "SOCIOCRACY_COURSE_CACHE"):
    if os.environ.get(name):
        c.Spawner.environment[name] = os.environ[name]

# ---- services ------------------------------------------------------------------------------------
CULL_TIMEOUT = int(os.environ.get("SOCIOCRACY_HUB_CULL_TIMEOUT", "3600"))
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={CULL_TIMEOUT}", f"--cull-every={max(10, CULL_TIMEOUT // 6)}"],
    },
]

# ---- the phones' join service (issue 22) ---------------------------------------------------------
# Phones have no Hub account: they join a room at /services/course-join/join/CODE, served by a
# Hub-managed service of its own (sociocracy.shell.join_service) that writes to the same
# PostgreSQL record as the users' apps. The users' servers are told its address, so the QR codes
# point there. It asks the Hub for nothing, so it needs no role.
JOIN_SERVICE = "course-join"
STORE = os.environ.get("SOCIOCRACY_COURSE_STORE", "")
if STORE:
    from sociocracy.core.errors import CourseError
    from sociocracy.shell import hub

    PUBLIC_URL = (os.environ.get("SOCIOCRACY_HUB_PUBLIC_URL")
                  or f"http://127.0.0.1:{c.JupyterHub.port}").rstrip("/")
    try:
        c.JupyterHub.services.append(hub.join_service(
            JOIN_SERVICE, store=STORE, port=_port("SOCIOCRACY_HUB_JOIN_PORT", 10101),
            python=sys.executable))
        c.Spawner.environment.update(
            hub.single_user_environment(store=STORE, public_url=PUBLIC_URL, name=JOIN_SERVICE))
    except CourseError as exc:
        sys.exit(f"deploy/jupyterhub/jupyterhub_config.py: {exc.plain}")
else:
    print("SOCIOCRACY_COURSE_STORE is not set: no join service, so phones cannot join rooms "
          "(make hub sets it to its PostgreSQL).", file=sys.stderr)

c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
