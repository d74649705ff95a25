"""The facilitator apps on a record damaged in its middle (issue 21, item 6): one sentence that
says how to go on, the app still works, and nothing is written into the damaged file.

Before the record was checked when opened, these apps opened it without complaint (SQLite reads
only the pages a query needs) and wrote their steps into it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sociocracy.widgets import RoundFacilitator, WorkshopRoom

from tools.damaged_record import damage_middle, fill_record


@pytest.fixture
def damaged(tmp_path: Path, monkeypatch) -> tuple[Path, bytes]:
    path = tmp_path / "rooms.sqlite3"
    fill_record(path, 1_000)
    content = damage_middle(path)
    monkeypatch.setenv("SOCIOCRACY_COURSE_STORE", str(path))
    return path, content


def test_the_round_app_says_the_record_is_damaged_and_the_round_still_runs(damaged):
    path, content = damaged
    page = RoundFacilitator(["Ana", "Ben"], record=True)
    assert "is damaged (its check found broken pages); nothing was changed" in page.message.value
    assert "sociocracy-course workshop --new-record" in page.message.value
    page.start_round()
    page.speak()
    page.speak()
    assert page.round.is_complete
    assert path.read_bytes() == content


def test_the_workshop_room_app_says_so_and_offers_no_room(damaged):
    path, content = damaged
    app = WorkshopRoom(join_url="http://127.0.0.1:8866/join")
    assert app.store is None
    assert "is damaged (its check found broken pages)" in app.message.value
    assert 'role="alert"' in app.message.value
    assert app.create.disabled and app.resume.disabled
    assert path.read_bytes() == content
