"""PlaceholderMenu: picking "nothing chosen yet" on the page must leave the box showing it.

The page sends the chosen line's index; anything the kernel sends back other than the echo of
that index is applied over what the person sees (and, if they are still pressing arrow keys,
over their next choice too). These tests play the page's side through ``set_state``.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from sociocracy.widgets.menus import PlaceholderMenu


def sent_states(menu: widgets.Dropdown, monkeypatch) -> list[dict]:
    sent: list[dict] = []
    monkeypatch.setattr(menu, "_send", lambda msg, buffers=None: sent.append(msg))
    return sent


def test_picking_the_placeholder_on_the_page_keeps_it_shown(monkeypatch):
    menu = PlaceholderMenu("nobody yet", ["Ana", "Ben"], "Ana", description="Leader:")
    sent = sent_states(menu, monkeypatch)
    menu.set_state({"index": 0})                        # the person picks "nobody yet"
    assert menu.index == 0 and menu.choice is None and menu.label == "nobody yet"
    updates = [m for m in sent if m["method"] == "update" and "index" in m["state"]]
    assert updates == []                                # nothing overrides the page


def test_a_none_valued_option_is_what_this_avoids(monkeypatch):
    """Why the class exists: ipywidgets resets an option whose value is None to no selection."""
    plain = widgets.Dropdown(options=[("nobody yet", None), ("Ana", "Ana")], value="Ana")
    sent = sent_states(plain, monkeypatch)
    plain.set_state({"index": 0})
    assert plain.index is None
    assert any(m["method"] == "update" and m["state"].get("index") is None for m in sent)


def test_choice_reads_and_sets_through_the_placeholder():
    menu = PlaceholderMenu("Choose a group", ["objection", "question"])
    assert menu.index == 0 and menu.choice is None      # shown, not blank
    menu.choice = "question"
    assert menu.value == "question" and menu.index == 2
    menu.choice = None
    assert menu.index == 0
    with pytest.raises(Exception):                      # noqa: B017 - traitlets' TraitError
        menu.choice = "not offered"


def test_a_starting_choice_that_is_not_offered_shows_the_placeholder():
    assert PlaceholderMenu("nobody yet", ["Ana"], "Zoe").choice is None


def test_new_choices_keep_the_current_one_while_it_is_offered():
    menu = PlaceholderMenu("(choose)", ["Ana", "Ben"], "Ben")
    menu.set_choices(["Ana", "Ben", "Cai"])
    assert menu.choice == "Ben"
    menu.set_choices(["Ana", "Cai"])
    assert menu.choice is None and menu.index == 0


def test_the_empty_text_cannot_be_a_choice():
    with pytest.raises(ValueError, match="empty text"):
        PlaceholderMenu("nobody yet", ["Ana", ""])
