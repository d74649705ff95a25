"""People's text in the Markdown minutes, logbook and room records: literal, inside its line.

Each renderer is checked the way a reader sees it: the Markdown is rendered (mistune, with the
table, strikethrough and math plugins that Jupyter-like viewers have) and the HTML is read for
what the text could fake: a second answer, a heading, a link, typeset mathematics.
"""

from __future__ import annotations

import re

import mistune
import pytest

from sociocracy.consent import ConsentProcess
from sociocracy.core.markdown_text import escape_markdown, md_text
from sociocracy.logbook import consent_logbook_entry
from sociocracy.meeting_minutes import meeting_minutes
from sociocracy.meetings import Meeting, MeetingRun
from sociocracy.rooms import RoomStore
from sociocracy.round_minutes import round_markdown
from sociocracy.rounds import Round
from sociocracy.selection import Role, SelectionProcess

#: Issue 21, item 11: an answer that read as a second answer and a heading.
FAKE = "ok\n\n- Carol: objection: fake\n# Fake heading"
MATHS = "costs $x^2$ and $$\\int f$$"
HEADING_NOTE = "# Not a heading\nsecond line\n===\n> not a quote\n1. not a list"
RENDER = mistune.create_markdown(plugins=["table", "strikethrough", "math"])


def html_of(markdown: str) -> str:
    return str(RENDER(markdown))


def faked_nothing(html: str) -> None:
    """No heading, list item, quote, maths or link was made from people's text."""
    assert "Fake heading</h" not in html and "Not a heading</h" not in html
    assert not re.search(r"<li>\s*Carol", html), "an answer faked a list item"
    assert "<blockquote>\n<p>not a quote" not in html
    assert 'class="math"' not in html
    assert "<a " not in html and "<img" not in html


# -- the rule itself --------------------------------------------------------------------------
def test_html_links_and_backslashes_are_escaped():
    assert escape_markdown("<img src=x>") == "\\<img src=x>"
    assert escape_markdown("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"
    assert escape_markdown("a\\b") == "a\\\\b"
    assert escape_markdown("Plain sentence, 50% done.") == "Plain sentence, 50% done."


@pytest.mark.parametrize(("text", "escaped"), [
    ("$x$", "\\$x\\$"),
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("> quote", "\\> quote"),
    ("===", "\\==="),
    ("12. item", "12\\. item"),
    ("3) item", "3\\) item"),
    ("`code`", "\\`code\\`"),
    ("*a* _b_ ~~c~~", "\\*a\\* \\_b\\_ \\~\\~c\\~\\~"),
    ("a | b", "a \\| b"),
    ("one\ntwo", "one two"),
])
def test_every_markdown_meaning_is_escaped_and_one_line_stays_one_line(text, escaped):
    assert escape_markdown(text) == escaped
    assert html_of(f"- {escape_markdown(text)}").count("<li>") == 1


def test_several_lines_stay_inside_their_item_as_hard_line_breaks():
    assert md_text("one\n\n# two") == "one\\\n  \\# two"
    html = html_of(f"- Ana: {md_text(FAKE)}\n- Ben: fine\n")
    assert html.count("<li>") == 2
    faked_nothing(html)
    assert "ok<br />\n- Carol: objection: fake<br />\n# Fake heading</li>" in html


def test_right_to_left_text_is_isolated_and_left_to_right_text_written_as_it_is():
    assert escape_markdown("علی") == "\u2068علی\u2069"
    assert escape_markdown("Ana") == "Ana"
    assert escape_markdown("Bob\u202eecilA") == "BobecilA"  # no override survives


def test_a_typed_backslash_cannot_undo_an_escape():
    assert escape_markdown("\\<b>") == "\\\\\\<b>"
    assert md_text("end\\\nnext") == "end\\\\\\\n  next"


# -- every renderer of people's text ----------------------------------------------------------
def test_round_minutes_keep_a_faked_turn_and_maths_inside_the_note():
    rnd = Round("check-in", ["Ana", "Ben", "Chen"])
    for note in (FAKE, MATHS, HEADING_NOTE):
        rnd.speak(note)
    html = html_of(round_markdown(rnd))
    turns = html.split("Turns</h2>")[1]
    assert turns.split("</ol>")[0].count("<li>") == 3
    faked_nothing(html)


def test_round_minutes_keep_a_link_shaped_note_literal():
    round_ = Round("check-in", ["Ana", "Ben"])
    round_.speak("see [here](javascript:alert(1))")
    round_.speak("fine")
    minutes = round_markdown(round_)
    assert "\\[here\\](javascript:alert(1))" in minutes
    assert "[here](" not in minutes.replace("\\[here\\](", "")


def test_the_consent_logbook_keeps_an_objection_inside_its_line():
    members = ["Ana", "Ben", "Dev"]
    process = ConsentProcess("Paint the door $5 blue.", members)
    process.advance()
    for _ in members:
        process.round.speak("no question")
    process.advance()
    for _ in members:
        process.round.speak(MATHS)
    process.advance()
    process.respond("Ana", "objection", FAKE)
    process.respond("Ben", "consent")
    process.respond("Dev", "consent")
    html = html_of(consent_logbook_entry(process))
    objections = html.split("Objections and how they were integrated</h3>")[1].split("</ul>")[0]
    assert objections.count("<li>") == 1
    faked_nothing(html)


def test_meeting_minutes_keep_notes_starting_with_a_hash_as_text():
    run = MeetingRun(Meeting("Garden", "2027-03-04", 60, []), ["Ana", "Ben"])
    run.start()
    run.note(HEADING_NOTE)
    run.add_backlog(FAKE)
    markdown = meeting_minutes(run)
    html = html_of(markdown)
    faked_nothing(html)
    assert "# Not a heading<br />" in html
    assert html.split("Backlog</h2>")[1].count("<li>") == 1


def test_the_room_record_keeps_a_faked_answer_inside_its_line(tmp_path):
    with RoomStore(tmp_path) as store:
        room = store.create_room("Room")
        ana, ben = room.join("Ana"), room.join("Ben")
        activity = room.open_activity("consent", MATHS)
        room.respond(ana.key, activity, choice="objection", reason=FAKE)
        room.respond(ben.key, activity, choice="consent", reason=HEADING_NOTE)
        room.reveal(activity)
        html = html_of(room.export_markdown())
    answers = html.split("Consent round</h2>")[1]
    assert answers.count("<li>") == 2
    faked_nothing(html)


def test_the_selection_record_keeps_reasons_inside_their_cells_and_lines():
    members = ["Ana", "Ben", "Dev"]
    p = SelectionProcess(Role("Facilitator", "Runs $our$ meetings", 12), members)
    p.advance()
    for member in members:
        p.nominate(member, "Ben", f"{member}: {FAKE} | cell")
    p.advance()
    html = html_of(p.to_markdown())
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 3 and rows.count("<td>") == 9  # no cell split by "|"
    faked_nothing(html)
