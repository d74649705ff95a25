"""The layers of the code depend one way: core <- practices <- course machinery <- app shell.

``sociocracy`` (core, practices, course machinery) must import with the notebook stack blocked, must
never import the app shell (``sociocracy.shell``) or the widgets (``sociocracy.widgets``), not even
lazily inside a function, and its modules must not import each other in a circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIBRARY = ROOT / "sociocracy"
WIDGETS = ROOT / "widgets"
NOTEBOOK_STACK = ("ipywidgets", "IPython", "matplotlib", "ipykernel", "voila", "jupyter_server",
                  "tornado", "nbformat", "nbconvert")
BLOCKER = f"""
import importlib.abc, sys
BLOCKED = {NOTEBOOK_STACK!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is blocked in this test")
sys.meta_path.insert(0, Block())
import importlib
for module in MODULES:
    importlib.import_module(module)
print("ok")
"""


def module_name(path: Path) -> str:
    """``sociocracy/course/quizzes.py`` -> ``sociocracy.course.quizzes`` (widgets/ is mapped)."""
    if path.is_relative_to(WIDGETS):
        parts = ("sociocracy", "widgets", *path.relative_to(WIDGETS).with_suffix("").parts)
    else:
        parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def library_files() -> list[Path]:
    """Every module of the library proper: everything in sociocracy/ except the app shell."""
    return sorted(p for p in LIBRARY.rglob("*.py") if "shell" not in p.relative_to(LIBRARY).parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file (top level, functions, TYPE_CHECKING)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # ``from sociocracy import rounds`` imports a module too
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_every_library_module_imports_without_the_notebook_stack():
    modules = [module_name(p) for p in library_files()] + ["sociocracy.shell.cli"]
    assert "sociocracy.course.quizzes" in modules and "sociocracy.core.errors" in modules
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


@pytest.mark.parametrize("path", library_files(), ids=lambda p: module_name(p))
def test_the_library_never_imports_the_shell_the_widgets_or_the_notebook_stack(path):
    bad = sorted(m for m in imports_of(path)
                 if m.startswith(("sociocracy.shell", "sociocracy.widgets"))
                 or m.split(".")[0] in NOTEBOOK_STACK)
    assert not bad, f"{module_name(path)} imports {bad}"


def test_the_import_scan_sees_lazy_imports_inside_functions(tmp_path):
    probe = LIBRARY / "course" / "_probe_for_layers_test.py"
    probe.write_text("def later():\n    from ..widgets import quiz\n    import ipywidgets\n")
    try:
        assert {"sociocracy.widgets", "ipywidgets"} <= imports_of(probe)
    finally:
        probe.unlink()


def _graph(files: list[Path]) -> dict[str, set[str]]:
    names = {module_name(p) for p in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        targets = set()
        for imported in imports_of(path):
            # ``from sociocracy.course import quizzes`` names ``sociocracy.course.quizzes``
            while imported and imported not in names:
                imported = imported.rpartition(".")[0]
            if imported and imported != module_name(path) and imported != "sociocracy":
                targets.add(imported)
        graph[module_name(path)] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_in_the_library_or_the_widgets():
    files = library_files() + sorted(WIDGETS.glob("*.py"))
    cycle = find_cycle(_graph(files))
    assert cycle is None, " -> ".join(cycle or [])


def _layer(module: str) -> str:
    """Which layer a library module is in: core, practice, course, rooms or sessions."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("core", "course", "rooms", "sessions"):
        return parts[1]
    return "practice"


#: What each layer may import from the library (besides itself): core <- practices <- course,
#: and rooms <- sessions; sessions may use every practice and the course machinery.
ALLOWED = {
    "core": {"core"},
    "practice": {"core", "practice"},
    "course": {"core", "practice", "course"},
    "rooms": {"core", "practice", "rooms"},
    "sessions": {"core", "practice", "course", "rooms", "sessions"},
}


@pytest.mark.parametrize("path", library_files(), ids=lambda p: module_name(p))
def test_each_library_layer_imports_only_the_layers_below_it(path):
    own = _layer(module_name(path))
    wrong = sorted(m for m in imports_of(path)
                   if m.startswith("sociocracy.") and m != "sociocracy.__init__"
                   and _layer(m) not in ALLOWED[own])
    assert not wrong, f"{module_name(path)} ({own}) imports {wrong}"


def test_the_layer_rule_is_really_checked():
    assert _layer("sociocracy.rooms.store") == "rooms"
    assert "sessions" not in ALLOWED["rooms"] and "course" not in ALLOWED["practice"]
    assert _layer("sociocracy.logbook") == "practice"
