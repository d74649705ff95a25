"""Headless tests of the rounds widgets: click through like a facilitator, check what is shown."""

from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path

import pytest
from sociocracy.widgets import AirtimeSimulator, DownloadLink, FileExport, RoundFacilitator
from sociocracy.widgets.rounds import NOBODY

HOSTILE = "<img src=x onerror=alert(1)>"


def downloaded(link: DownloadLink) -> str:
    """What the browser would save when the link is clicked."""
    match = re.search(r'href="data:[^;"]+(?:;charset=utf-8)?;base64,([^"]+)"', link.value)
    assert match, link.value
    return base64.b64decode(match.group(1)).decode("utf-8")


class FakeClock:
    """A clock the test moves by hand, standing in for time.monotonic."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def facilitator(names: list[str], kind: str = "check-in", **kwargs) -> RoundFacilitator:
    kwargs.setdefault("clock", FakeClock())
    tool = RoundFacilitator(save_button=False, **kwargs)
    tool.names.value = "\n".join(names)
    tool.kind.value = kind
    return tool


# ----------------------------------------------------------------- the facilitator
def test_a_whole_round_clicked_through_ends_with_minutes_holding_every_note() -> None:
    clock = FakeClock()
    tool = facilitator(["Ana", "Ben", "Chen", "Dara"], clock=clock)
    tool.prompt.value = "How are you arriving today?"
    tool.first.value = "Ben"
    tool.start.click()
    assert tool.run.layout.display is None and tool.setup.layout.display == "none"
    notes = {"Ben": "Busy but glad", "Chen": "Curious", "Ana": "Tired after the bus"}
    seen = []
    while tool.round is not None and not tool.round.is_complete:
        who = tool.now.value
        seen.append((who, tool.up_next.value))
        if who == "Dara":
            clock.now += 2
            tool.pass_button.click()
        else:
            tool.note.value = notes[who]
            clock.now += 30  # the speaker talks for 30 seconds
            tool.next.click()
    assert seen == [("Ben", "Chen"), ("Chen", "Dara"), ("Dara", "Ana"),
                    ("Ana", "(nobody: this is the last turn)")]
    assert tool.end.layout.display is None and tool.run.layout.display == "none"
    assert [t.note for t in tool.round.turns] == [notes["Ben"], notes["Chen"], "", notes["Ana"]]
    assert [t.seconds for t in tool.round.turns] == [30.0, 30.0, 2.0, 30.0]
    assert "4 turns, 1 pass" in tool.summary.value
    assert "Ben 30 s (33%)" in tool.chart.alt and "Dara 2 s (2%)" in tool.chart.alt
    minutes = downloaded(tool.minutes.link)
    assert "How are you arriving today?" in minutes
    for note in notes.values():
        assert note in minutes
    assert "3. Dara (2 s): passed" in minutes
    rows = list(csv.reader(io.StringIO(downloaded(tool.table.link))))
    assert rows[0] == ["round", "kind", "turn", "who", "note", "seconds", "passed"]
    assert [row[3] for row in rows[1:]] == ["Ben", "Chen", "Dara", "Ana"]


def test_the_minutes_hold_every_round_of_the_session_in_order() -> None:
    tool = facilitator(["Ana", "Ben"])
    tool.prompt.value = "How are you arriving?"
    tool.start.click()
    for note in ("calm", "rushed"):
        tool.note.value = note
        tool.next.click()
    tool.again.click()  # back to set-up, same people
    tool.kind.value = "evaluation"
    tool.prompt.value = "What worked today?"
    tool.start.click()
    for note in ("the silent minute", "short reactions"):
        tool.note.value = note
        tool.next.click()
    minutes = downloaded(tool.minutes.link)
    assert minutes.startswith("# Minutes: 2 rounds")
    assert minutes.index("## Round 1: Check-in round") < minutes.index("## Round 2: Evaluation")
    for note in ("calm", "rushed", "the silent minute", "short reactions"):
        assert note in minutes
    assert "all 2 rounds" in tool.history_note.value
    tool.end_undo.click()  # the evaluation is open again: it leaves the minutes until it ends
    assert len(tool.history) == 1
    tool.next.click()
    assert len(tool.history) == 2 and tool.history[1] is tool.round


def test_pass_is_disabled_in_a_consent_round_with_the_reason_shown() -> None:
    tool = facilitator(["Ana", "Ben", "Chen"], kind="consent")
    tool.start.click()
    assert tool.pass_button.disabled
    assert "not possible in a consent round" in tool.pass_reason.value
    tool.pass_button.click()  # code can still click a disabled button: the round refuses
    assert tool.round is not None and tool.round.turns == ()
    assert "cannot pass" in tool.message.value


def test_a_pass_forced_through_in_a_consent_round_is_refused_with_the_reason() -> None:
    tool = facilitator(["Ana", "Ben"], kind="nomination")
    tool.start.click()
    tool.pass_turn()  # as if the disabled button were bypassed
    assert "Ana cannot pass" in tool.message.value
    assert tool.round is not None and tool.round.current == "Ana"


def test_pass_is_enabled_where_allowed_and_flagged_where_discouraged() -> None:
    tool = facilitator(["Ana", "Ben"], kind="quick-reactions")
    tool.start.click()
    assert not tool.pass_button.disabled and tool.pass_reason.value == ""
    tool.pass_button.click()
    assert "Ana passed" in tool.message.value and "temperature check" in tool.message.value


def test_undo_gives_the_turn_its_note_and_its_time_back_and_is_disabled_at_the_start() -> None:
    clock = FakeClock()
    tool = facilitator(["Ana", "Ben"], clock=clock)
    tool.start.click()
    assert tool.undo.disabled
    tool.note.value = "first thoughts"
    clock.now += 20
    tool.next.click()
    assert tool.now.value == "Ben" and not tool.undo.disabled
    clock.now += 3
    tool.undo.click()  # "Next" was pressed too early: Ana goes on, her 20 s still counted
    assert tool.now.value == "Ana" and tool.note.value == "first thoughts"
    clock.now += 10
    assert tool.turn_timer.elapsed == 30
    tool.next.click()
    tool.next.click()
    assert tool.end.layout.display is None
    tool.end_undo.click()  # from the summary back into the round
    assert tool.run.layout.display is None and tool.now.value == "Ben"


def test_participants_can_be_reordered_before_the_round() -> None:
    tool = facilitator(["Ana", "Ben", "Chen"])
    tool.order.value = "Chen"
    tool.move_up.click()
    assert tool.participants == ["Ana", "Chen", "Ben"]
    tool.move_up.click()
    tool.move_up.click()  # already first: stays there
    assert tool.participants == ["Chen", "Ana", "Ben"]
    assert tool.first.value == "Chen"  # who starts follows the order until someone is picked
    tool.first.value = "Ben"
    tool.order.value = "Ben"
    tool.move_up.click()
    assert tool.participants == ["Chen", "Ben", "Ana"] and tool.first.value == "Ben"
    tool.start.click()
    assert tool.round is not None and tool.round.order == ("Ben", "Ana", "Chen")


def test_a_consent_round_can_put_the_nominee_last() -> None:
    tool = facilitator(["Ana", "Ben", "Chen"], kind="consent")
    assert tool.last.layout.display is None
    tool.last.value = "Ana"
    tool.first.value = "Ben"
    tool.start.click()
    assert tool.round is not None and tool.round.order == ("Ben", "Chen", "Ana")
    tool.kind.value = "check-in"
    assert tool.last.layout.display == "none" and tool.last.value == NOBODY


def test_a_round_the_rules_refuse_is_explained_not_started() -> None:
    tool = facilitator(["Ana", "Ana"])
    tool.start.click()
    assert tool.round is None
    assert "Ana is listed twice" in tool.message.value
    assert tool.setup.layout.display is None


def test_a_hostile_name_is_shown_literally_everywhere() -> None:
    tool = facilitator([HOSTILE, "Ben"])
    tool.start.click()
    assert tool.now.value == HOSTILE  # a Label shows text, never HTML
    tool.note.value = "<script>alert(2)</script>"
    tool.next.click()
    assert HOSTILE not in tool.turn_list.value
    assert html_escaped(HOSTILE) in tool.turn_list.value
    assert "<script>" not in tool.turn_list.value
    tool.next.click()
    for shown in (tool.summary.value, tool.chart.value, tool.minutes.link.value,
                  tool.table.link.value):
        assert "<img src=x" not in shown and "<script>" not in shown
    assert HOSTILE in tool.chart.alt  # the alt text is escaped inside the attribute
    assert "\\<img src=x onerror=alert(1)>" in downloaded(tool.minutes.link)


def html_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_the_timer_shows_when_the_time_limit_is_reached_and_can_pause() -> None:
    clock = FakeClock()
    tool = facilitator(["Ana", "Ben"], clock=clock)
    tool.limit.value = 60
    tool.start.click()
    clock.now += 45
    tool._tick()  # what the once-a-second refresh does in a running kernel
    assert tool.clock.value == "0:45 of 1:00"
    tool.pause.click()
    assert tool.pause.description == "Resume timer"
    clock.now += 100  # a paused timer does not count
    tool.pause.click()
    clock.now += 16
    tool._tick()
    assert "1:01: time is up" in tool.clock.value
    tool.next.click()
    assert tool.round is not None and tool.round.turns[0].seconds == 61.0
    assert tool.clock.value == "0:00 of 1:00"


# ----------------------------------------------------------------- downloads
def test_download_link_escapes_its_name_and_text(tmp_path: Path) -> None:
    link = DownloadLink("hello", filename=f"../{HOSTILE}.md", text=HOSTILE)
    assert "<img" not in link.value
    assert link.filename == "img-src-x-onerror-alert-1-.md"
    assert downloaded(link) == "hello"
    assert DownloadLink().value == ""


def test_save_file_writes_next_to_the_notebook_without_overwriting(tmp_path: Path) -> None:
    export = FileExport("minutes.md", save_button=True, folder=tmp_path)
    assert export.save.disabled
    export.set("# Minutes\n")
    export.save.click()
    export.save.click()
    assert (tmp_path / "minutes.md").read_text() == "# Minutes\n"
    assert (tmp_path / "minutes-2.md").exists()
    assert "minutes-2.md" in export.status.value


def test_save_button_shows_in_jupyterlab_and_hides_under_voila(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in ("VOILA_KERNEL_ID", "VOILA_REQUEST_URL", "VOILA_BASE_URL", "VOILA_SERVER_URL"):
        monkeypatch.delenv(key, raising=False)
    in_lab = FileExport("minutes.md")
    assert in_lab.save in in_lab.children[0].children
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    in_voila = FileExport("minutes.md")
    assert in_voila.save not in in_voila.children[0].children


# ----------------------------------------------------------------- airtime simulator
def test_airtime_simulator_shows_open_and_rounds_side_by_side_with_a_sentence() -> None:
    sim = AirtimeSimulator(group_size=8)
    assert set(sim.shares) == {"open", "rounds"}
    assert sim.averages["rounds"]["gini"] < sim.averages["open"]["gini"]
    assert re.search(r"3 of 8 people did \d+% of the talking", sim.summary.value)
    assert "Open discussion:" in sim.chart.alt and "Rounds:" in sim.chart.alt


def test_airtime_simulator_follows_its_controls() -> None:
    sim = AirtimeSimulator(group_size=8)
    sim.size.value = 4
    assert list(sim.minority.options) == [0, 1, 2, 3] and sim.shares["open"].shape == (4,)
    sim.mode.value = "open"
    assert set(sim.shares) == {"open"}
    sim.minority.value = 1
    sim.chair.value = True
    assert sim.labels() == ["1\nchair", "2", "3", "4\nminority"]
    assert "speaks less under majority vote" in sim.summary.value
    sim.rule.value = "unanimity"
    assert "as much as the others under unanimity" in sim.summary.value
    sim.rule.value = "consent"
    assert "as much as the others under consent" in sim.summary.value
    assert "assumption" in sim.summary.value  # the study did not test consent
    labels = dict((value, label) for label, value in sim.rule.options)
    assert "agree" not in labels["consent"].lower()  # consent is not "everyone must agree"
    before = sim.shares["open"].copy()
    sim.again.click()
    assert not (before == sim.shares["open"]).all()


def test_turn_timer_counts_running_time_only() -> None:
    from sociocracy.widgets.timer import TurnTimer

    clock = FakeClock()
    timer = TurnTimer(clock)
    assert not timer.running and timer.elapsed == 0
    timer.reset()
    clock.now += 10
    timer.pause()
    timer.pause()  # pausing twice changes nothing
    clock.now += 50
    timer.resume()
    clock.now += 5
    assert timer.running and timer.elapsed == 15


def test_names_typed_on_lines_and_with_commas_give_the_same_people_as_the_consent_app() -> None:
    from sociocracy.widgets import ConsentFacilitator

    rounds = RoundFacilitator(save_button=False, clock=FakeClock())
    rounds.names.value = "Ana,  Ben\nChen"
    consent = ConsentFacilitator()
    consent.members_input.value = "Ana,  Ben\nChen"
    consent.proposal_input.value = "Paint the door green."
    process = consent.start()
    assert rounds.participants == ["Ana", "Ben", "Chen"]
    assert process is not None and list(process.members) == rounds.participants
