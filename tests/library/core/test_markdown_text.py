"""People's text in the Markdown minutes and logbook stays literal."""

from __future__ import annotations

from sociocracy.core.markdown_text import escape_markdown
from sociocracy.round_minutes import round_markdown
from sociocracy.rounds import Round


def test_html_links_and_backslashes_are_escaped():
    assert escape_markdown("<img src=x>") == "\\<img src=x>"
    assert escape_markdown("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"
    assert escape_markdown("a\\b") == "a\\\\b"
    assert escape_markdown("Plain sentence, 50% done.") == "Plain sentence, 50% done."


def test_round_minutes_keep_a_link_shaped_note_literal():
    round_ = Round("check-in", ["Ana", "Ben"])
    round_.speak("see [here](javascript:alert(1))")
    round_.speak("fine")
    minutes = round_markdown(round_)
    assert "\\[here\\](javascript:alert(1))" in minutes
    assert "[here](" not in minutes.replace("\\[here\\](", "")
