"""WorkshopRoom without a browser: rooms, counting (not reading) answers, the reveal, the spoken
round recorded turn by turn, resuming after a crash, the record to download."""

from __future__ import annotations

import base64
import html
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sociocracy.widgets import WorkshopRoom
from sociocracy.widgets.workshop_room import SESSION_APP

from sociocracy.core.errors import InputError
from sociocracy.rooms import RoomStore
from tests.conftest import stop_every_screen
from tests.old_records import join_as_before

HOSTILE = "<img src=x onerror=alert(1)>"
JOIN = "http://10.0.0.5:8866/join"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path) as opened:
        yield opened


def app(store, join_url=JOIN) -> WorkshopRoom:
    return WorkshopRoom(store, join_url=join_url, refresh_every=0)


def visible(widget) -> bool:
    return widget.layout.display != "none"


def test_creating_a_room_shows_its_code_and_a_qr_code_of_its_link(store):
    w = app(store)
    w.title.value = "Taste of sociocracy"
    w.create.click()
    room = store.rooms()[0]
    assert w.room == room and room.code in w.code.value
    assert "<img src='data:image/svg+xml" in w.qr.value
    assert f"alt='QR code: scan it with a phone&#x27;s camera to join room {room.code}'" in \
        w.qr.value
    assert JOIN in w.qr.value  # the address as text, for people who type it
    assert room.join_link(JOIN + "/") == f"{JOIN}/{room.code}?t={room.token}"
    assert not visible(w.choose) and visible(w.room_box)


def test_without_the_workshop_command_the_app_says_phones_cannot_join(store):
    w = app(store, join_url="")
    w.create_room("Practice")
    assert "sociocracy-course workshop" in w.qr.value and "<img" not in w.qr.value


def test_the_facilitator_sees_how_many_answered_never_what(store):
    w = app(store)
    room = w.create_room("Room")
    ana, bea = room.join("Ana"), room.join("Bea")
    w.kind.value = "consent"
    w.prompt.value = "Buy a kettle"
    w.open_button.click()
    assert room.current_activity.kind == "consent"
    room.respond(ana.key, w.activity, choice="objection", reason="Secret reason")
    w.refresh_button.click()
    assert "<strong>1 of 2</strong> answered" in w.answered.value
    assert "Ana" in w.joined.value and "Bea" in w.joined.value
    everything = "".join(str(getattr(c, "value", "")) for c in _all(w))
    assert "Secret reason" not in everything
    room.respond(bea.key, w.activity, choice="consent", reason="")
    w.refresh()
    assert "<strong>2 of 2</strong> answered" in w.answered.value


def _all(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all(child)


def test_reveal_shows_all_answers_and_runs_them_as_the_spoken_round(store):
    w = app(store)
    room = w.create_room("Room")
    people = [room.join("Ana"), room.join(HOSTILE), join_as_before(room, "Ana")]
    w.open_activity("consent", "Buy a kettle")
    room.respond(people[0].key, w.activity, choice="consent")
    room.respond(people[1].key, w.activity, choice="objection", reason="Too loud")
    room.respond(people[2].key, w.activity, choice="consent", reason="Fine by me")
    w.reveal_button.click()
    assert w.activity.revealed and w.reveal_button.disabled
    assert visible(w.round_box)
    rnd = w.round_panel.round
    assert rnd.kind == "consent" and list(rnd.order) == ["Ana", HOSTILE, "Ana (2)"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in w.answers.value and "<img" not in w.answers.value
    assert "<td><bdi>Ana (2)</bdi></td>" in w.answers.value  # each person's text isolated
    assert w.round_panel.note.value == "Consent"  # the written answer, offered as the note
    w.round_panel.next.click()
    assert w.round_panel.note.value == "Objection: Too loud"
    w.round_panel.next.click()
    w.round_panel.next.click()
    assert rnd.is_complete
    assert [t.note for t in rnd.turns] == ["Consent", "Objection: Too loud",
                                           "Consent: Fine by me"]
    assert store.unfinished_sessions(SESSION_APP) == []  # the finished round is closed


def test_a_second_ana_is_refused_at_join_never_at_the_reveal(store):
    w = app(store)
    room = w.create_room("Room")
    room.join("Ana")
    for lookalike in ("ana", "An\u0430", "ＡＮＡ"):  # lower case, a Cyrillic а, full width
        with pytest.raises(InputError, match=r"^Someone here already uses the name Ana: add an "
                                             r"initial\.$"):
            room.join(lookalike)
    room.join("Ana B.")
    w.refresh()
    assert "<bdi>Ana</bdi>, <bdi>Ana B.</bdi>" in w.joined.value


@pytest.mark.parametrize(("names", "spoken"), [
    (["Ana", "ana"], ["Ana", "ana (2)"]),
    (["Ana", "An\u0430", "ANA"], ["Ana", "An\u0430 (2)", "ANA (3)"]),
    (["x" * 60, "x" * 60], ["x" * 60, "x" * 56 + " (2)"]),
    (["Bob\u202eecilA", "Ana\u200b", "Ana"], ["BobecilA", "Ana", "Ana (2)"]),
])
def test_the_reveal_works_on_names_an_older_record_let_join(store, names, spoken):
    """Issue 20: "Ana"/"ana" or two 60-character names made reveal() raise after saving it."""
    w = app(store)
    room = w.create_room("Room")
    people = [join_as_before(room, name) for name in names]
    w.open_activity("check-in", "How are you?")
    for number, person in enumerate(people):
        room.respond(person.key, w.activity, words=f"words {number}")
    answered = w.reveal()
    assert len(answered) == len(names)
    assert "Revealed." in w.message.value and "role=\"alert\"" not in w.message.value
    assert list(w.round_panel.round.order) == spoken
    assert all(len(name) <= 60 for name in w.round_panel.round.order)
    assert store.unfinished_sessions(SESSION_APP)  # the spoken round started and is recorded


def test_every_turn_is_recorded_before_the_page_shows_it(store):
    w = app(store)
    room = w.create_room("Room")
    ana, bea = room.join("Ana"), room.join("Bea")
    w.open_activity("check-in", "")
    room.respond(ana.key, w.activity, words="Curious")
    room.respond(bea.key, w.activity, words="Tired")
    w.reveal()
    session = store.unfinished_sessions(SESSION_APP)[0]
    w.round_panel.next.click()
    assert session.steps[-1][1]["round"]["turns"][0]["note"] == "Curious"
    w.round_panel.undo.click()
    assert session.steps[-1][1]["round"]["turns"] == []


def test_a_turn_the_record_refuses_is_taken_back_and_said(store):
    w = app(store)
    room = w.create_room("Room")
    ana = room.join("Ana")
    w.open_activity("check-in", "")
    room.respond(ana.key, w.activity, words="Here")
    w.reveal()
    store.unfinished_sessions(SESSION_APP)[0].finish()  # the record now refuses more steps
    w.round_panel.next.click()
    assert w.round_panel.round.turns == ()
    assert "is finished" in w.round_panel.message.value


def test_reopening_the_room_resumes_the_spoken_round_with_its_turns(store):
    w = app(store)
    room = w.create_room("Room")
    keys = [room.join(name).key for name in ("Ana", "Bea", "Cy")]
    w.open_activity("evaluation", "What worked?")
    for key, words in zip(keys, ("Pace", "Rounds", "Snacks"), strict=True):
        room.respond(key, w.activity, words=words)
    w.reveal()
    w.round_panel.next.click()
    w.round_panel.note.value = "Rounds, said twice"
    w.round_panel.next.click()
    stop_every_screen(store)  # the kernel died here
    again = app(store)
    again.rooms.value = room.code
    again.resume.click()
    rnd = again.round_panel.round
    assert [t.note for t in rnd.turns] == ["Pace", "Rounds, said twice"]
    assert rnd.current == "Cy" and again.round_panel.note.value == "Snacks"
    assert "Resumed" in again.message.value


def test_the_rooms_record_downloads_as_markdown_and_csv(store):
    w = app(store)
    room = w.create_room("Room")
    ana = room.join(HOSTILE)
    w.open_activity("check-in", "How are you?")
    room.respond(ana.key, w.activity, words="=1+1 fine")
    w.reveal()
    for link, name in ((w.markdown, "md"), (w.csv, "csv")):
        assert f'download="room-{room.code}.{name}"' in link.value
        data = base64.b64decode(re.search(r"base64,([^\"]+)", link.value).group(1)).decode()
        assert "fine" in data
    assert "<img" not in w.markdown.value


def test_a_record_that_cannot_be_opened_is_one_sentence(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(folder))
    w = WorkshopRoom(join_url=JOIN, refresh_every=0)
    assert 'role="alert"' in w.message.value and "workshop record" in w.message.value
    assert w.create.disabled


KERNEL = textwrap.dedent("""
    import sys, time
    from sociocracy.rooms import RoomStore
    from sociocracy.widgets import WorkshopRoom
    store = RoomStore(sys.argv[1])
    w = WorkshopRoom(store, join_url="", refresh_every=0)
    room = w.create_room("Crash test")
    keys = [room.join(f"P{i}").key for i in range(6)]
    w.open_activity("check-in", "")
    for i, key in enumerate(keys):
        room.respond(key, w.activity, words=f"words {i}")
    w.reveal()
    for _ in range(3):
        w.round_panel.next.click()
    print(room.code, flush=True)
    time.sleep(60)  # mid-round: killed here
""")


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_kill_9_of_the_kernel_mid_round_loses_no_completed_turn(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", KERNEL, str(tmp_path)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, env=dict(os.environ))
    code = process.stdout.readline().strip()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL and code
    time.sleep(0.1)
    with RoomStore(tmp_path) as store:
        w = app(store)
        w.open_room(code)
        # The dead kernel beat a moment ago, but its process is gone: the round resumes.
        assert "Resumed the spoken round" in w.message.value and not visible(w.take_over_box)
        assert "3 turns already done" in w.message.value
        rnd = w.round_panel.round
        assert [t.note for t in rnd.turns] == ["words 0", "words 1", "words 2"]
        assert rnd.current == "P3" and visible(w.round_panel.run)


def test_the_rounds_own_set_up_form_never_shows_in_the_room(store):
    w = app(store)
    room = w.create_room("Room")
    room.join("Ana")
    w.open_activity("check-in", "")
    w.reveal()  # nobody answered: no round to speak
    assert visible(w.round_box) and not visible(w.round_panel)
    assert "Nobody answered" in w.answers.value


def test_reopening_a_room_after_its_round_ended_shows_the_answers_not_a_round(store):
    w = app(store)
    room = w.create_room("Room")
    ana = room.join("Ana")
    w.open_activity("check-in", "")
    room.respond(ana.key, w.activity, words="Fine")
    w.reveal()
    w.round_panel.next.click()
    again = app(store)
    again.open_room(room.code)
    assert "Fine" in again.answers.value and not visible(again.round_panel)
    assert "Resumed" not in again.message.value


# ---- issue 21: keeping the room the facilitator's -------------------------------------------
def test_the_facilitator_removes_a_participant_who_then_is_not_counted_or_revealed(store):
    w = app(store)
    room = w.create_room("Room")
    ana, bot, bea = room.join("Ana"), room.join(HOSTILE), room.join("Bea")
    w.open_activity("check-in", "")
    for person in (ana, bot, bea):
        room.respond(person.key, w.activity, words=f"words of {person.id}")
    w.refresh_button.click()
    assert "<strong>3 of 3</strong> answered" in w.answered.value
    labels = [label for label, _ in w.remove_choice.options]
    assert labels[0] == "Choose a person" and w.remove_choice.choice is None
    assert any(label.startswith(HOSTILE + " (joined ") for label in labels)  # a Label: text
    assert w.remove_choice.description == "Remove someone:"
    assert w.remove_button.description == "Remove from the room"
    w.remove_button.click()  # nobody chosen yet: nothing happens but a message
    assert len(room.participants) == 3 and "Choose who to remove" in w.message.value
    w.remove_choice.choice = next(label for label in labels if label.endswith(f"no. {bot.id})"))
    w.remove_button.click()  # asks first, naming whom, as the app has the menu's choice
    assert len(room.participants) == 3 and w.remove_confirm.layout.display is None
    assert html.escape(HOSTILE) in w.remove_question.value and "<img" not in w.remove_question.value
    assert w.remove_yes.description == f"Yes, remove {HOSTILE}"
    w.remove_choice.choice = next(label for label in labels if label.startswith("Ana"))
    assert w.remove_confirm.layout.display == "none"  # another choice: that question is gone
    w.remove_choice.choice = next(label for label in labels if label.endswith(f"no. {bot.id})"))
    w.remove_button.click()
    w.remove_no.click()
    assert len(room.participants) == 3 and w.remove_confirm.layout.display == "none"
    w.remove_button.click()
    w.remove_yes.click()
    assert [p.name for p in room.participants] == ["Ana", "Bea"]
    assert w.remove_confirm.layout.display == "none"
    assert "<strong>2 of 2</strong> answered" in w.answered.value
    assert "Removed." in w.message.value and "<img" not in w.message.value
    assert not [label for label, _ in w.remove_choice.options if label.startswith(HOSTILE)]
    assert w.remove_choice.choice is None
    w.reveal_button.click()
    assert list(w.round_panel.round.order) == ["Ana", "Bea"]
    assert f"words of {bot.id}" not in w.answers.value


def test_the_facilitator_closes_the_room_to_new_joins_and_opens_it_again(store):
    w = app(store)
    room = w.create_room("Room")
    assert "Taking new joins" in w.joining.value
    assert w.joining_button.description == "Close to new joins"
    w.joining_button.click()
    assert not room.takes_joins and "is closed" in w.joining.value
    assert w.joining_button.description == "Open to new joins"
    assert "Closed to new joins." in w.message.value
    w.joining_button.click()
    assert room.takes_joins and w.joining_button.description == "Close to new joins"
def test_a_second_screen_on_the_room_offers_to_take_over_and_the_first_then_refuses(store):
    first = app(store)
    room = first.create_room("Room")
    keys = [room.join(name).key for name in ("Ana", "Ben")]
    first.open_activity("check-in", "")
    for key, words in zip(keys, ("A", "B"), strict=True):
        room.respond(key, first.activity, words=words)
    first.reveal()
    first.round_panel.next.click()
    second = app(store)
    second.open_room(room.code)
    assert "This spoken round is open on another screen" in second.message.value
    assert visible(second.take_over_box) and not visible(second.round_panel)
    second.take_over_button.click()
    assert visible(second.round_panel) and second.round_panel.now.value == "Ben"
    assert second.round_panel.note.value == "B"
    first.round_panel.next.click()  # the stale screen: refused with the sentence
    assert "taken over by another screen" in first.round_panel.message.value
    assert first.round_panel.round.current == "Ben"
    second.round_panel.next.click()
    assert [t.note for t in second.round_panel.round.turns] == ["A", "B"]


def test_a_created_room_counts_who_joins_by_itself_on_the_kernels_loop(store):
    import asyncio
    import concurrent.futures

    async def facilitator() -> str:
        w = WorkshopRoom(store, join_url=JOIN, refresh_every=0.02)
        room = w.create_room("Room")
        room.join("Ana")
        for _ in range(100):
            await asyncio.sleep(0.02)
            if "Ana" in w.joined.value:
                break
        w.close()
        return w.joined.value

    # In a thread of its own: a loop of an earlier test in this worker may still be running.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        joined = pool.submit(asyncio.run, facilitator()).result(timeout=60)
    assert "<strong>1</strong> person has joined: <bdi>Ana</bdi>" in joined
