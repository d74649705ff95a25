"""ConsiderationsSimulator: its controls re-run the simulation; the chart and sentence follow."""

from __future__ import annotations

import re

from sociocracy.widgets import ConsiderationsSimulator
from sociocracy.widgets.proposals import summary_sentence


def _numbers(sentence: str) -> list[int]:
    return [int(x) for x in re.findall(r"(\d+) of (\d+)", sentence) for x in x]


def test_default_sentence_compares_open_discussion_with_rounds():
    sim = ConsiderationsSimulator(group_size=10, per_member=2, seed=1)
    sentence = summary_sentence(sim.results)
    open_out, open_total, rounds_out, rounds_total = _numbers(sentence)
    assert open_total == rounds_total == 20
    assert open_out < rounds_out and rounds_out >= 18
    assert "in open discussion" in sentence and "in rounds" in sentence
    assert "1,000 simulated meetings" in sim.sentence.value


def test_group_size_choice_reruns_and_the_chart_says_what_it_shows():
    sim = ConsiderationsSimulator(group_size=5, per_member=2, seed=1)
    assert sim.results["open"].total == 10
    sim.group_size.value = 8
    assert sim.results["open"].group_size == 8 and sim.results["rounds"].total == 16
    assert "8 members" in sim.chart.alt and "Hugo" in sim.chart.alt
    assert "open discussion:" in sim.chart.alt and "rounds:" in sim.chart.alt
    assert "<svg " in sim.chart.value


def test_show_toggle_changes_the_chart_not_the_numbers():
    sim = ConsiderationsSimulator(seed=3)
    before = sim.results
    sim.show_mode.value = "rounds"
    assert sim.results is before
    assert "rounds:" in sim.chart.alt and "open discussion:" not in sim.chart.alt
    sim.show_mode.value = "open"
    assert "open discussion:" in sim.chart.alt and "rounds:" not in sim.chart.alt


def test_considerations_choice_and_rerun_button():
    sim = ConsiderationsSimulator(group_size=6, per_member=1, seed=9)
    assert sim.results["rounds"].total == 6
    sim.per_member.value = 3
    assert sim.results["rounds"].total == 18
    first = sim.results["open"].surfaced.copy()
    sim.rerun.click()
    assert sim.seed == 10
    assert not (sim.results["open"].surfaced == first).all()


def test_example_meeting_lists_hidden_considerations_by_holder():
    sim = ConsiderationsSimulator(group_size=12, per_member=2, seed=4)
    hidden = sim.results["open"].hidden_in(0)
    assert hidden, "a 12-person open discussion should hide something"
    assert hidden[0].text.replace("'", "&#x27;") in sim.example.value
    assert "held by" in sim.example.value


def test_every_control_is_labelled():
    sim = ConsiderationsSimulator()
    for control in (sim.group_size, sim.per_member, sim.show_mode):
        assert control.description
    assert sim.rerun.tooltip and sim.rerun.description


def test_steps_table_lists_the_four_steps_with_headers():
    from sociocracy.widgets.proposals import steps_html

    table = steps_html()
    assert table.count("<th scope='row'>") == 4
    assert "Picture forming" in table and "<caption>" in table
