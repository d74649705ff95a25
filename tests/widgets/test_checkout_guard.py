"""The widgets refuse to run against another checkout's library (two clones, one environment)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import ROOT


def _import_widgets(pythonpath: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sociocracy.widgets"],
                          capture_output=True, text=True, cwd=cwd, timeout=60,
                          env={"PYTHONPATH": pythonpath, "PATH": "/usr/bin:/bin"})


def test_a_second_clone_using_this_environment_fails_loudly(tmp_path):
    clone = tmp_path / "second-clone"
    shutil.copytree(ROOT / "sociocracy", clone / "sociocracy",
                    ignore=shutil.ignore_patterns("__pycache__"))
    result = _import_widgets(str(clone), tmp_path)
    assert result.returncode != 0
    assert "two copies of the course are mixed" in result.stderr
    assert str(clone) in result.stderr


def test_this_checkout_imports_its_own_widgets(tmp_path):
    result = _import_widgets(str(ROOT), tmp_path)
    assert result.returncode == 0, result.stderr
