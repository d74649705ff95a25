"""People's text beside other text is isolated: no name or answer changes how the next one reads."""

from __future__ import annotations

import pytest

from sociocracy.core.people_text import (
    FSI,
    PDI,
    drop_bidi_controls,
    html_text,
    isolate,
    needs_isolation,
)
from sociocracy.core.spreadsheet import safe_cell
from sociocracy.rooms import RoomStore


def test_html_text_is_escaped_and_in_its_own_bdi():
    assert html_text("<img src=x onerror=alert(1)>") == \
        "<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>"
    assert html_text("Bob\u202eecilA") == "<bdi>BobecilA</bdi>"  # an override cannot leak
    assert html_text("a\u2069b") == "<bdi>ab</bdi>"  # nor a stray PDI close the isolate early


@pytest.mark.parametrize(("text", "isolated"), [
    ("Ana", False), ("José 12", False), ("O’Brien-Smith", False),
    ("علی", True), ("דנה", True), ("Ana \u200f", True), ("١٢٣", True),
])
def test_only_text_that_can_reorder_its_neighbours_gets_isolates(text, isolated):
    assert needs_isolation(text) is isolated
    assert isolate(text) == (f"{FSI}{text}{PDI}" if isolated else text)


def test_direction_controls_are_dropped_and_marks_kept():
    assert drop_bidi_controls("\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069") \
        == "abcdefgh"
    assert drop_bidi_controls("a\u200eb\u200fc\u061c") == "a\u200eb\u200fc\u061c"


def test_answers_are_recorded_without_direction_controls_and_csv_cells_have_none(tmp_path):
    with RoomStore(tmp_path) as store:
        room = store.create_room("Room")
        ana = room.join("Ana")
        activity = room.open_activity("check-in", "Prompt \u202eflipped")
        room.respond(ana.key, activity, words="ok \u202eflipped\u2066 علی")
        room.reveal(activity)
        assert room.responses(activity)[0].words == "ok flipped علی"
        assert room.activity(activity).prompt == "Prompt flipped"
        assert "\u202e" not in room.export_csv()
    assert safe_cell("=1+1\u202e") == "'=1+1"
