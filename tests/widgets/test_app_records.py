"""The round, consent and circle-map apps keep their work in the workshop record (issue 15).

Each completed step is written before the page shows it; a write that fails takes the step back
and says why; reopening the app (a new widget on the same record, as after a crash) offers the
unfinished session and resumes it with every completed step; finished sessions are listed with
their files; a record that cannot be opened is one sentence and the app still works.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import sys
import textwrap

import pytest
from sociocracy.widgets import CircleBuilder, ConsentFacilitator, RoundFacilitator

from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import ProcessError
from sociocracy.rooms import RoomStore, StoreError
from sociocracy.rooms.store import Session
from tests.conftest import ROOT, stop_every_screen

LOCKED = "The workshop record at X is locked by another program; nothing was changed."


@pytest.fixture
def record(tmp_path):
    """The folder of a fresh record; each app gets its own ``RoomStore`` on it, like two pages."""
    return tmp_path / "record"


def _store(folder) -> RoomStore:
    folder.mkdir(exist_ok=True)
    return RoomStore(folder)


def _file_text(keeper, index: int = 0) -> str:
    """The content of a past session's file, as the download link carries it."""
    link = keeper.past_files.children[index].link.value
    return base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode("utf-8")


def _refuse_writes(monkeypatch) -> None:
    def refuse(self, step, data=None, **_screen):
        raise StoreError(LOCKED)
    monkeypatch.setattr(Session, "record", refuse)


# ---------------------------------------------------------------- rounds
def _round_page(record, **kwargs) -> RoundFacilitator:
    return RoundFacilitator(record=True, store=_store(record), **kwargs)


def test_each_turn_is_in_the_record_and_a_new_page_resumes_the_round(record):
    page = _round_page(record, participants=["Ana", "Ben", "Chen", "Dee"], prompt="Arriving?")
    page.start_round()
    page.note.value = "tired but glad"
    page.speak()
    page.speak()
    session = _store(record).sessions("rounds")[0]
    assert [data["round"]["turns"][-1]["who"] for _step, data in session.steps] == ["Ana", "Ben"]

    again = _round_page(record)  # the kernel died; the app is opened again
    assert again.keeper.resume_box.layout.display is None
    assert "2 of 4 turns were taken; next: Chen" in again.keeper.resume_text.value
    assert again.keeper.resume()
    assert again.round.current == "Chen"
    assert [t.note for t in again.round.turns] == ["tired but glad", ""]
    assert again.names.value.splitlines() == ["Ana", "Ben", "Chen", "Dee"]
    again.speak()
    again.speak()
    assert again.round.is_complete
    assert len(_store(record).session(session.id).steps) == 4


def test_a_turn_the_record_refuses_is_taken_back_with_the_reason(record, monkeypatch):
    page = _round_page(record, participants=["Ana", "Ben"])
    page.start_round()
    _refuse_writes(monkeypatch)
    page.note.value = "my note"
    page.speak()
    assert page.round.turns == () and page.round.current == "Ana"
    assert "not saved" in page.message.value and "locked by another program" in page.message.value


def test_a_complete_round_is_not_offered_again_and_its_minutes_can_be_downloaded(record):
    page = _round_page(record, participants=["Ana", "Ben"], prompt="<b>How</b> are you?")
    page.start_round()
    page.note.value = "glad"
    page.speak()
    page.speak()
    page.close()  # the page was closed: its screen lets go of the round
    reopened = _round_page(record)
    assert reopened.keeper.resume_box.layout.display == "none"
    assert reopened.keeper.past_box.layout.display is None
    minutes = _file_text(reopened.keeper, 0)
    assert "Ana" in minutes and "glad" in minutes
    assert "Ana" in _file_text(reopened.keeper, 1)  # the CSV of turns
    assert _store(record).unfinished_sessions("rounds") == []  # marked finished on opening


def test_starting_a_new_round_sets_the_unfinished_one_aside_and_keeps_it(record):
    page = _round_page(record, participants=["Ana", "Ben"])
    page.start_round()
    page.speak()
    stop_every_screen(_store(record))  # that page stopped (a crash: no heartbeat since)
    other = _round_page(record, participants=["Ana", "Ben"])
    other.keeper.set_aside()
    assert _store(record).unfinished_sessions("rounds") == []
    assert len(_store(record).sessions("rounds")[0].steps) == 1


def test_lessons_keep_no_record(record, monkeypatch):
    monkeypatch.setenv("SOCIOCRACY_COURSE_STORE", str(record / "never.sqlite3"))
    page = RoundFacilitator(["Ana", "Ben"])
    page.start_round()
    page.speak()
    assert not (record / "never.sqlite3").exists()


def test_a_damaged_record_is_one_sentence_and_the_round_still_runs(tmp_path, monkeypatch):
    damaged = tmp_path / "rooms.sqlite3"
    damaged.write_bytes(b"not a database\n" * 100)
    monkeypatch.setenv("SOCIOCRACY_COURSE_STORE", str(damaged))
    page = RoundFacilitator(["Ana", "Ben"], record=True)
    assert "is damaged (not a database); nothing was changed" in page.message.value
    assert "Download its record before you close the page" in page.message.value
    page.start_round()
    page.speak()
    page.speak()
    assert page.round.is_complete
    assert damaged.read_bytes() == b"not a database\n" * 100


def test_kill_9_of_the_kernel_mid_round_loses_no_completed_turn(record):
    """A real process takes turns and is killed with SIGKILL; a new page resumes every turn."""
    record.mkdir()
    script = textwrap.dedent(f"""
        import sys, time
        from sociocracy.rooms import RoomStore
        from sociocracy.widgets import RoundFacilitator
        page = RoundFacilitator(["Ana", "Ben", "Chen", "Dee", "Eli"], record=True,
                                store=RoomStore({str(record)!r}))
        page.start_round()
        for note in ("one", "two", "three"):
            page.note.value = note
            page.speak()
        print("shown", len(page.round.turns), flush=True)
        time.sleep(120)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               text=True, cwd=ROOT, env={**os.environ})
    try:
        line = process.stdout.readline()
        assert line.split() == ["shown", "3"]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        process.kill()
    page = _round_page(record)
    assert page.keeper.resume()
    assert [t.note for t in page.round.turns] == ["one", "two", "three"]
    assert page.round.current == "Dee"


# ---------------------------------------------------------------- consent
def _consent_page(record, **kwargs) -> ConsentFacilitator:
    return ConsentFacilitator(record=True, store=_store(record), **kwargs)


def _to_consent_round(page: ConsentFacilitator) -> None:
    page.start()
    page.next_button.click()  # clarifying questions
    panel = page.round_panel
    panel.note.value = "Which bike?"
    panel.next.click()
    panel.pass_button.click()
    panel.undo.click()  # a misclick taken back: recorded too
    panel.next.click()
    panel.next.click()
    page.next_button.click()  # quick reactions
    for _ in range(3):
        panel.next.click()
    page.next_button.click()  # consent round


def test_a_consent_decision_resumes_with_its_rounds_answers_and_objections(record):
    page = _consent_page(record, proposal="Buy a cargo bike", members=["Ana", "Ben", "Chen"],
                         circle="Garden")
    _to_consent_round(page)
    page.consent_button.click()
    page.reason_input.value = "too costly"
    page.object_button.click()
    assert page.process.step == "consent-round" and not page.status.value

    again = _consent_page(record)
    assert "stopped at the step \"Consent round\"" in again.keeper.resume_text.value
    assert again.keeper.resume()
    process = again.process
    assert process.round.current == "Chen"
    assert [r.response for r in process.current_responses] == ["consent", "objection"]
    assert process.rounds[0][1].turns[0].note == "Which bike?"
    assert not any(t.passed for t in process.rounds[0][1].turns)
    assert again.members_input.value.splitlines() == ["Ana", "Ben", "Chen"]
    again.consent_button.click()
    again.next_button.click()
    again.detail_text.value = "Buy a second-hand cargo bike"
    again.integrate_button.click()
    again.next_button.click()
    for _ in range(3):
        again.consent_button.click()
    again.next_button.click()
    again.publish_button.click()
    assert again.process.step == "published"
    assert _store(record).unfinished_sessions("consent") == []

    reopened = _consent_page(record)
    assert reopened.keeper.resume_box.layout.display == "none"
    entry = _file_text(reopened.keeper)
    assert "Buy a second-hand cargo bike" in entry and "too costly" in entry


def test_a_consent_step_the_record_refuses_is_undone(record, monkeypatch):
    page = _consent_page(record, proposal="Buy a cargo bike", members=["Ana", "Ben"])
    page.start()
    _refuse_writes(monkeypatch)
    page.next_button.click()
    assert page.process.step == "present"
    assert "not saved" in page.status.value
    monkeypatch.undo()
    page.next_button.click()
    page.round_panel.next.click()
    _refuse_writes(monkeypatch)
    page.round_panel.next.click()  # Ben's turn is refused by the record: taken back
    assert [t.who for t in page.process.round.turns] == ["Ana"]
    assert "locked by another program" in page.round_panel.message.value


def test_the_consent_process_replays_its_log_through_its_rules():
    process = ConsentProcess("Plant beans", ["Ana", "Ben"], term_months=6)
    for method, arguments in [("advance", {}), ("speak", {"note": "why?"}), ("pass_turn", {}),
                              ("advance", {}), ("speak", {}), ("speak", {}), ("advance", {}),
                              ("respond", {"member": "Ana", "response": "objection",
                                           "reason": "too early"}),
                              ("respond", {"member": "Ben", "response": "consent"}),
                              ("advance", {}),
                              ("integrate", {"objection": "Ana", "strategy": "shorten-term",
                                             "months": 3})]:
        process.apply(method, arguments)
    copy = ConsentProcess.replay(process.setup(), process.log)
    assert copy.step == process.step == "integrate-objections"
    assert copy.term_months == 3 and copy.setup()["term_months"] == 6
    assert [(o.member, o.integrated) for o in copy.objections] == [("Ana", True)]
    with pytest.raises(ProcessError, match="not a step of a consent process"):
        process.apply("delete_everything", {})
    with pytest.raises(ProcessError, match="not possible during the present step"):
        ConsentProcess.replay(process.setup(), [("respond", {"member": "Ana",
                                                             "response": "consent"})])


# ---------------------------------------------------------------- circle map
def _map_page(record) -> CircleBuilder:
    return CircleBuilder(record=True, store=_store(record), can_save=False)


def test_every_map_change_is_kept_and_a_new_page_resumes_the_map(record):
    page = _map_page(record)
    assert page.keeper.resume_box.layout.display == "none"
    page.new_circle.value = "General"
    page.add_circle_button.click()
    page.new_circle.value = "Garden"
    page.add_circle_button.click()
    page.new_member.value = "Ana"
    page.add_member_button.click()
    page.undo()
    again = _map_page(record)
    assert "It has 2 circles" in again.keeper.resume_text.value
    assert again.keeper.resume()
    assert [c.name for c in again.org.circles] == ["General", "Garden"]
    assert all(not c.members for c in again.org.circles)  # the undo was kept too
    assert "Garden" in _file_text(again.keeper)


def test_a_map_change_the_record_refuses_leaves_the_map_as_it_was(record, monkeypatch):
    page = _map_page(record)
    page.new_circle.value = "General"
    page.add_circle_button.click()
    _refuse_writes(monkeypatch)
    page.new_circle.value = "Garden"
    page.add_circle_button.click()
    assert [c.name for c in page.org.circles] == ["General"]
    assert "not saved" in page.status.value and "locked" in page.status.value


# ---------------------------------------------------------------- meetings and selections
def _meeting_in_its_check_in(record):
    """A meeting started, its check-in round done by two people, the part not yet ended."""
    from sociocracy.widgets import MeetingRunner

    agenda = str(ROOT / "examples" / "agendas" / "garden_march.yaml")
    runner = MeetingRunner(agenda, ["Ana", "Ben"], store=_store(record), save_button=False)
    runner.start_button.click()
    runner.round_button.click()
    for _ in range(2):
        runner.round_panel.next.click()
    return runner


def test_a_meeting_part_the_record_refuses_stays_in_progress(record, monkeypatch):
    runner = _meeting_in_its_check_in(record)
    _refuse_writes(monkeypatch)
    runner.notes.value = "Everyone arrived"
    runner.next_button.click()
    assert runner.run.current.key == "check-in" and runner.run.records[0].ended_at is None
    assert "not saved" in runner.status.value
    monkeypatch.undo()
    runner.next_button.click()
    assert runner.run.index == 1
    assert [step for step, _ in _store(record).sessions("meeting")[0].steps] == [
        "round", "round", "part-done"]


def test_past_meetings_and_selections_are_listed_with_their_files(record):
    from sociocracy.widgets import MeetingRunner, SelectionFacilitator

    runner = _meeting_in_its_check_in(record)
    runner.next_button.click()
    again = MeetingRunner(store=_store(record), save_button=False)
    assert "1 part done; it stopped at:" in again.resume_text.value
    assert "Check-in" in _file_text(again.keeper)

    selection = SelectionFacilitator("Treasurer", ["Ana", "Ben"], store=_store(record))
    selection.start_button.click()
    selection.next_button.click()
    reopened = SelectionFacilitator(store=_store(record))
    assert "1 step recorded so far" in reopened.resume_text.value
    assert "Treasurer" in _file_text(reopened.keeper)


def test_a_really_locked_record_takes_the_turn_back_and_loses_nothing(record):
    """Another program holds the SQLite file's write lock: one sentence, and nothing lost."""
    import sqlite3

    record.mkdir()
    page = RoundFacilitator(["Ana", "Ben", "Chen"], record=True,
                            store=RoomStore(record, timeout=0.2))
    page.start_round()
    page.note.value = "first"
    page.speak()
    other = sqlite3.connect(record / "rooms.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        page.note.value = "second"
        page.speak()
        assert [t.who for t in page.round.turns] == ["Ana"] and page.round.current == "Ben"
        assert "locked" in page.message.value and "nothing was changed" in page.message.value
    finally:
        other.execute("ROLLBACK")
        other.close()
    page.note.value = "second"
    page.speak()
    steps = RoomStore(record).sessions("rounds")[0].steps
    assert [t["note"] for t in steps[-1][1]["round"]["turns"]] == ["first", "second"]


def test_past_rounds_mark_the_one_cut_short_but_maps_are_never_marked(record):
    done = _round_page(record, participants=["Ana", "Ben"], prompt="Done")
    done.start_round()
    done.speak()
    done.speak()
    cut_short = _round_page(record, participants=["Ana", "Ben"], prompt="Cut short")
    cut_short.start_round()
    cut_short.speak()
    labels = [label for label, _id in _round_page(record).keeper.past_choice.options]
    assert [label.split(": ", 1)[1] for label in labels] == [
        "Check-in round: Cut short (unfinished)", "Check-in round: Done"]
    maps = _map_page(record)
    maps.new_circle.value = "General"
    maps.add_circle_button.click()
    assert all("unfinished" not in label for label, _id in
               _map_page(record).keeper.past_choice.options)


def test_a_visitors_app_keeps_nothing_and_lists_no_past_session(tmp_path, monkeypatch):
    """Issue 21: in a kernel the server started for a visitor, the app opens no record (not
    even one that exists) and says whose it is."""
    from sociocracy.rooms.location import FACILITATOR_ONLY, NO_RECORD_ENV

    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path))
    with RoomStore(tmp_path) as store:
        store.start_session("rounds", "Secret round").finish()
    monkeypatch.setenv(NO_RECORD_ENV, "1")
    app = RoundFacilitator(["Ana", "Ben"], record=True)  # as the app notebook makes it
    assert app.keeper.store is None and not app.keeper.record
    assert FACILITATOR_ONLY in app.message.value and "This round is not kept" in app.message.value
    assert app.keeper.past_box.layout.display == "none"
    assert "Secret round" not in repr(app.keeper.past_choice.options)
