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

_made: list[str] = []


def pytest_configure(config) -> None:
    if "SOCIOCRACY_COURSE_DATA" not in os.environ and "SOCIOCRACY_COURSE_STORE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="sociocracy-test-data-")
        _made.append(folder)
        os.environ["SOCIOCRACY_COURSE_DATA"] = folder


def pytest_unconfigure(config) -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
