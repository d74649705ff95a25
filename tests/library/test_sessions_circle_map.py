"""The circle map app's session, headless: changes kept one by one, undo, files, a refused save,
resuming the last map after a crash, and a map that never ends (issue 20)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.rooms import RoomStore, StoreError
from sociocracy.rooms.store import Session
from sociocracy.sessions import CircleMapSession
from tests.conftest import stop_every_screen

ROOT = Path(__file__).resolve().parents[2]
COOP = ROOT / "examples" / "organizations" / "green_valley_coop.yaml"


@pytest.fixture
def store(tmp_path) -> RoomStore:
    return RoomStore(tmp_path / "rooms.sqlite3")


def _screen(store: RoomStore) -> CircleMapSession:
    return CircleMapSession(store=store, record=True)


def _reopened(store: RoomStore) -> RoomStore:
    return RoomStore(store.location.path)


def test_every_change_is_kept_before_it_counts_and_undo_is_a_change(store):
    session = _screen(store)
    seen = []
    session.subscribe(seen.append)
    assert session.add_circle("General") == "" and session.state.notice == "Added General."
    assert session.add_circle("Garden", "General") == ""
    assert session.add_member("Garden", "  Ana  ") == ""
    assert session.state.notice == "Added Ana to Garden."
    assert session.set_role("Garden", "leader", "Ana") == ""
    assert session.set_field("Garden", "aim", "  Grow food  ") == ""
    assert session.org.circle("Garden").aim == "Grow food"
    assert session.missing_links("Garden") == ("General", ["Ana"])
    assert session.add_links_to_parent("Garden") == ""
    assert "Ana" in session.org.circle("General").members
    assert session.undo() == "" and session.state.notice == "Undone."
    assert "Ana" not in session.org.circle("General").members
    state = session.state
    assert state.circles == ("General", "Garden") and state.can_undo and state.changes == 5
    [recorded] = store.sessions("circle-map")
    assert [step for step, _ in recorded.steps] == ["map"] * 7
    assert recorded.steps[-1][1]["change"] == "undo"
    assert len(seen) == 7 and seen[-1].notice == "Undone."


def test_a_change_the_rules_refuse_leaves_the_map_as_it_was(store):
    session = _screen(store)
    session.add_circle("General")
    problem = session.add_circle("general")
    assert problem and session.state.message == problem and session.state.notice == ""
    assert session.state.circles == ("General",)
    assert "Add a circle first" in CircleMapSession(store=store).add_member(None, "Ana")
    assert "not a role" in session.set_role("General", "treasurer", "Ana")
    assert len(store.sessions("circle-map")[0].steps) == 1  # nothing refused was kept


def test_a_change_the_record_refuses_is_taken_back_with_the_sentence(store, monkeypatch):
    session = _screen(store)
    session.add_circle("General")

    def refuse(self, step, data=None, **_screen):
        raise StoreError("The workshop record at X is locked by another program; nothing "
                         "was changed.")

    monkeypatch.setattr(Session, "record", refuse)
    problem = session.add_circle("Garden", "General")
    assert "not saved" in problem and "locked" in problem
    assert session.state.circles == ("General",) and session.state.changes == 1
    assert "not saved" in session.undo()
    assert session.state.circles == ("General",)


def test_a_file_opened_is_kept_and_undo_goes_back(store):
    session = _screen(store)
    session.add_circle("Mine")
    assert session.open_file(COOP) == ""
    assert "Opened green_valley_coop.yaml" in session.state.notice
    coop = session.state.circles
    assert len(coop) > 3
    assert "line" in session.open_text("name: X\ncircles: [", "broken.yaml")
    assert session.state.circles == coop  # a bad file changes nothing
    session.undo()
    assert session.state.circles == ("Mine",)


def test_after_a_crash_the_last_map_is_resumed_and_a_map_never_ends(store):
    first = _screen(store)
    first.add_circle("General")
    first.add_circle("Garden", "General")
    first.add_member("Garden", "Ana")
    first.undo()
    stop_every_screen(store)  # the kernel dies here
    again = _screen(_reopened(store))
    found, past = again.look()
    assert found is not None and not found.live and found.what == "It has 2 circles."
    assert again.resume(found.session) == ""
    assert again.state.circles == ("General", "Garden")
    assert not again.org.circle("Garden").members  # the undo was kept too
    assert not again.state.can_undo  # undo does not reach into the crashed page's changes
    assert again.add_member("Garden", "Ben") == ""
    [recorded] = _reopened(store).sessions("circle-map")
    assert not recorded.finished and not CircleMapSession.ENDS
    [(name, mime, text)] = again.files(recorded)
    assert name == "Our-organisation.yaml" and mime == "application/x-yaml" and "Ben" in text
    assert past == [recorded]


def test_a_second_screen_takes_the_map_over_and_the_first_refuses(store):
    first = _screen(store)
    first.add_circle("General")
    second = _screen(_reopened(store))
    found, _ = second.look()
    assert found is not None and found.live
    assert second.resume(found.session) == ""
    problem = first.add_circle("Garden", "General")
    assert problem.startswith("This circle map was taken over by another screen")
    assert first.state.circles == ("General",)
    assert second.add_circle("Garden", "General") == ""
