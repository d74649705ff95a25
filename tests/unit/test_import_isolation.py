"""The library imports without the notebook stack (ipywidgets, IPython, matplotlib blocked)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import sociocracy

ROOT = Path(__file__).resolve().parents[2]
BLOCKER = """
import importlib.abc, sys
BLOCKED = ("ipywidgets", "IPython", "matplotlib", "ipykernel", "voila", "jupyter_server")
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked in this test")
sys.meta_path.insert(0, Block())
import importlib
for module in MODULES:
    importlib.import_module(module)
print("ok")
"""


def library_modules() -> list[str]:
    return ["sociocracy"] + [f"sociocracy.{m.name}" for m in pkgutil.iter_modules(
        sociocracy.__path__) if m.name != "widgets"]


def test_every_library_module_imports_without_the_notebook_stack():
    modules = library_modules()
    assert "sociocracy.cli" in modules and "sociocracy.quizzes" in modules
    code = f"MODULES = {modules!r}\n{BLOCKER}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_blocker_really_blocks():
    code = f"MODULES = ['sociocracy.widgets.quiz']\n{BLOCKER}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode != 0 and "blocked in this test" in result.stderr
