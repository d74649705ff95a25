"""One local JupyterHub for the whole test session (``tools/hub.py``, as ``make hub`` starts it),
and the browser fixtures of the browser tests.

The Hub's proxy (configurable-http-proxy, npm) is installed into ``.hub/`` where missing, the
same way ``make hub`` does; if that fails the Hub tests are skipped with a loud reason, and with
``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tools.hub_server import HubServer, ensure_proxy, start_hub


@pytest.fixture(scope="session")
def hub(tmp_path_factory) -> Iterator[HubServer]:
    proxy = ensure_proxy()
    if proxy is None:
        message = ("configurable-http-proxy is missing and could not be installed with npm "
                   "(tools/ensure_proxy.sh): JupyterHub needs it")
        if os.environ.get("CI"):
            pytest.fail(message + ", and CI=true: the Hub tests must run in CI.")
        pytest.skip(message + ": Hub tests not run")
    try:
        server = start_hub(tmp_path_factory.mktemp("hub"), proxy,
                           extra_env={"SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()
