"""``make hub``: a local JupyterHub for a cohort, with PostgreSQL for the rooms, until Ctrl+C.

Starts a throwaway PostgreSQL server as the tests do (``tools/postgres_server.py``; unless
``$SOCIOCRACY_COURSE_STORE`` already names one), hands its address to the users' servers as
``$SOCIOCRACY_COURSE_STORE``, and runs JupyterHub with ``deploy/jupyterhub/jupyterhub_config.py``
in the foreground. Ctrl+C (or SIGTERM) stops the Hub, which stops every user's server and the
proxy, then PostgreSQL. The integration test (``tests/hub``) and the benchmark
(``benchmarks/hub_bench.py``) start the Hub the same way.

Settings (environment): ``SOCIOCRACY_HUB_PASSWORD`` (required: the users' password), ``HUB_PORT``
(default 8000), ``SOCIOCRACY_HUB_STATE`` (default ``.hub/``), and those the config file reads.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
sys.path.insert(0, str(ROOT))

from tools.postgres_server import PostgresServer  # noqa: E402 - needs the path above


def hub_command() -> list[str]:
    """The JupyterHub command this environment runs (``jupyterhub -f <config>``)."""
    return [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)]


def main() -> int:
    if len(os.environ.get("SOCIOCRACY_HUB_PASSWORD", "")) < 8:
        print("Set SOCIOCRACY_HUB_PASSWORD to the password users will log in with (at least 8 "
              "characters), for example:\n"
              "  SOCIOCRACY_HUB_PASSWORD='choose-one' make hub", file=sys.stderr)
        return 2
    database = None
    env = dict(os.environ)
    if not env.get("SOCIOCRACY_COURSE_STORE"):
        database = PostgresServer().start()
        env["SOCIOCRACY_COURSE_STORE"] = database.url("postgres")
        print(f"Rooms on PostgreSQL at {database.host}:{database.port}", flush=True)
    port = env.get("HUB_PORT", "8000")
    print(f"JupyterHub for the course at http://127.0.0.1:{port}/ : log in with any name and "
          "the password in $SOCIOCRACY_HUB_PASSWORD (press Ctrl+C to stop).", flush=True)
    hub = subprocess.Popen(hub_command(), cwd=ROOT, env=env)

    def stop(signum: int, _frame: object) -> None:
        hub.send_signal(signal.SIGTERM if signum == signal.SIGTERM else signal.SIGINT)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        return hub.wait()
    finally:
        if hub.poll() is None:
            hub.kill()
        if database is not None:
            database.stop()


if __name__ == "__main__":
    sys.exit(main())
