"""Minutes of a session of rounds: every round in order, people's text kept and made safe."""

from __future__ import annotations

import csv
import io

from sociocracy.round_minutes import airtime_shares, format_seconds, rounds_csv, session_markdown
from sociocracy.rounds import Round


def _session() -> list[Round]:
    check_in = Round("check-in", ["Ana", "Ben"], prompt="How are you?")
    check_in.speak("fine | really", seconds=65)
    check_in.pass_turn()
    decision = Round("consent", ["Ana", "Ben", "Chen"], last="Ana")
    for note in ("consent", "objection: =SUM(A1)", "consent"):
        decision.speak(note)
    return [check_in, decision]


def test_session_minutes_list_every_round_in_order_under_one_title() -> None:
    text = session_markdown(_session(), "Garden circle", date="2026-11-25")
    assert text.startswith("# Garden circle\n\n- Date: 2026-11-25\n- Rounds: 2\n")
    assert "- Participants: Ana, Ben, Chen" in text
    first, second = text.index("## Round 1: Check-in round"), text.index("## Round 2: Consent")
    assert first < second
    assert "### Turns" in text and "1. Ana (1 min 05 s): fine \\| really" in text
    assert "| Ana | 1 min 05 s | 100% |" in text
    assert "3. Ana: consent" in text  # the nominee spoke last


def test_session_csv_names_the_round_of_each_turn_and_defuses_formulas() -> None:
    rows = list(csv.reader(io.StringIO(rounds_csv(_session()))))
    assert rows[0] == ["round", "kind", "turn", "who", "note", "seconds", "passed"]
    assert [r[:4] for r in rows[1:]] == [
        ["1", "check-in", "1", "Ana"], ["1", "check-in", "2", "Ben"],
        ["2", "consent", "1", "Ben"], ["2", "consent", "2", "Chen"], ["2", "consent", "3", "Ana"],
    ]
    assert rows[4][4] == "objection: =SUM(A1)"  # not at the start of the cell: harmless
    assert rows[2][6] == "yes"


def test_an_empty_session_still_makes_readable_minutes() -> None:
    assert "- Rounds: 0" in session_markdown([])
    assert rounds_csv([]).strip() == "round,kind,turn,who,note,seconds,passed"


def test_seconds_read_as_people_say_them() -> None:
    assert [format_seconds(s) for s in (None, 4.4, 59.6, 125)] == ["0 s", "4.4 s", "1 min 00 s",
                                                                   "2 min 05 s"]


def test_quick_turns_show_tenths_of_a_second_so_no_one_reads_0_s_beside_a_share() -> None:
    r = Round("check-in", ["Ana", "Ben", "Chen"])
    for seconds in (0.4, 1.2, 3.1):
        r.speak("", seconds)
    text = session_markdown([r])
    assert "| Ana | 0.4 s | 9% |" in text
    assert "| Ben | 1.2 s | 26% |" in text
    assert "| Chen | 3.1 s | 66% |" in text
    assert "| 0 s |" not in text


def test_shares_are_computed_from_the_times_as_shown() -> None:
    shares = airtime_shares({"Ana": 0.04, "Ben": 0.96})  # Ana shows as "0 s": share 0
    assert format_seconds(0.04) == "0 s" and shares["Ana"] == 0.0
    assert shares["Ben"] == 1.0
    assert airtime_shares({"Ana": 0.0}) == {"Ana": None}
