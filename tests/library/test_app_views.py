"""Apps are views of sessions: an app widget module holds no rule of its own.

Each facilitator app's widget shows its session's state and forwards clicks
(``sociocracy/sessions/``). This test reads the app widget modules (AST, imports included) and
fails when one constructs a library process itself (``Round(``, ``ConsentProcess(``, ...), opens
the workshop record (``RoomStore(``), records a step in the store directly, or presses another
view's button (``.click()``) instead of calling that view's session.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP_WIDGETS = ("rounds.py", "consent.py", "selection.py", "meetings.py", "circles.py",
               "workshop_room.py", "app_record.py")
PROCESSES = {"Round", "ConsentProcess", "SelectionProcess", "MeetingRun", "Organization",
             "RoomStore", "SessionKeeper"}
STORE_CALLS = {"start_session", "create_room", "open_activity", "reveal", "respond"}


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else (
            func.attr if isinstance(func, ast.Attribute) else "")
        where = f"{path.name}:{node.lineno}"
        if name in PROCESSES:
            found.append(f"{where} constructs {name}")
        elif isinstance(func, ast.Attribute) and name in STORE_CALLS and isinstance(
                func.value, ast.Attribute) and func.value.attr in ("store", "room"):
            found.append(f"{where} calls the record's {name} itself")
        elif isinstance(func, ast.Attribute) and name == "click" and not node.args:
            found.append(f"{where} presses a button (.click())")
    return found


@pytest.mark.parametrize("module", APP_WIDGETS)
def test_an_app_widget_goes_through_its_session(module):
    offences = _offences(ROOT / "widgets" / module)
    assert offences == [], "; ".join(offences)


def test_the_check_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from sociocracy.rounds import Round\n"
                   "def f(panel, self):\n"
                   "    r = Round('check-in', ['Ana'])\n"
                   "    panel.next.click()\n"
                   "    self.store.start_session('x', 'y')\n")
    assert [o.split(" ", 1)[1] for o in _offences(bad)] == [
        "constructs Round", "presses a button (.click())",
        "calls the record's start_session itself"]
