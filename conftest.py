"""Every test run keeps its workshop records in a throwaway folder, never the user's own.

Apps record their sessions in the workshop record (``sociocracy.rooms``), which lives in the
user's data folder unless ``$SOCIOCRACY_COURSE_DATA`` says otherwise. This root conftest applies
to everything pytest collects (tests, and the notebooks nbval runs), and the variable is inherited
by nbval's kernels and by the course server the browser tests start.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_made: list[str] = []

#: Folders whose modules start course servers, kernels or a browser: they run first. ``make test``
#: hands whole modules to its workers in collection order (``--dist loadscope
#: --no-loadscope-reorder``); with the heavy modules first, the many quick ones (library, widgets,
#: notebooks) fill the end and both workers finish together (issue 27). xdist's own order (most
#: tests first) ran the one-test browser modules, the longest, last.
HEAVY_FIRST = ("tests/hub/", "tests/serving/", "tests/ui/")


def pytest_configure(config) -> None:
    if "SOCIOCRACY_COURSE_DATA" not in os.environ and "SOCIOCRACY_COURSE_STORE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="sociocracy-test-data-")
        _made.append(folder)
        os.environ["SOCIOCRACY_COURSE_DATA"] = folder


def pytest_unconfigure(config) -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_collection_modifyitems(session, config, items) -> None:
    """Move the modules of :data:`HEAVY_FIRST` to the front, keeping every other order."""
    root = Path(str(config.rootpath))

    def light(item) -> bool:
        try:
            where = Path(str(item.path)).relative_to(root).as_posix()
        except ValueError:
            return True
        return not where.startswith(HEAVY_FIRST)

    items.sort(key=light)  # stable: modules stay whole and in their own order
