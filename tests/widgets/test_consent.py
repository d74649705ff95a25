"""Consent widgets, headless: click through a whole decision, hostile text, the export."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re

import pytest
from sociocracy.widgets import (
    ConsentFacilitator,
    ObjectionSorter,
    RoundFacilitator,
    ToleranceExplorer,
)

from sociocracy.logbook import consent_logbook_entry
from sociocracy.responses import STATEMENTS
from sociocracy.rounds import Round

HOSTILE = "<img src=x onerror=alert(1)>"
MEMBERS = ["Ana", "Ben", "Chloé", "Dev"]


def _shows_setup(facilitator) -> bool:
    running = getattr(facilitator, "running", None)  # built only once a process starts
    return facilitator.setup in facilitator.children and running not in facilitator.children


def _html_of(widget) -> str:
    """Every HTML value under ``widget``, joined: what the page would show."""
    found = []
    stack = [widget]
    while stack:
        item = stack.pop()
        if hasattr(item, "value") and isinstance(item.value, str) and \
                type(item).__name__ in ("HTML", "HTMLMath", "ChartView"):
            found.append(item.value)
        stack.extend(getattr(item, "children", ()))
    return "\n".join(found)


def _click_round(facilitator: ConsentFacilitator, notes: list[str]) -> None:
    for note in notes:
        facilitator.round_panel.note.value = note
        facilitator.round_panel.next.click()


def _decide_with_one_objection(proposal: str, objection: str) -> ConsentFacilitator:
    facilitator = ConsentFacilitator(proposal, MEMBERS, circle="Comms circle",
                                     today=lambda: dt.date(2026, 11, 25))
    facilitator.start_button.click()
    process = facilitator.process
    assert process is not None and process.step == "present"
    facilitator.next_button.click()
    assert process.step == "clarifying-questions"
    _click_round(facilitator, ["How often now?", "", "Who writes it?", ""])
    facilitator.next_button.click()
    assert process.step == "quick-reactions"
    _click_round(facilitator, ["Good idea", "Worried about donations", "Fine", "Same as Ana"])
    facilitator.next_button.click()
    assert process.step == "consent-round"
    facilitator.consent_button.click()                      # Ana
    facilitator.reason_input.value = objection
    facilitator.object_button.click()                       # Ben objects
    facilitator.consent_button.click()                      # Chloé
    facilitator.consent_button.click()                      # Dev
    facilitator.next_button.click()
    assert process.step == "integrate-objections"
    facilitator.strategy_choice.value = "shorten-term"
    facilitator.detail_months.value = 3
    facilitator.integrate_button.click()
    facilitator.next_button.click()
    assert process.step == "consent-round"
    for _ in MEMBERS:
        facilitator.consent_button.click()
    facilitator.next_button.click()
    assert process.step == "decided"
    assert "We have consent" in _html_of(facilitator.body)
    facilitator.publish_button.click()
    return facilitator


def test_a_whole_decision_with_one_objection_clicked_through():
    facilitator = _decide_with_one_objection(
        "Send the newsletter monthly.", "Donations may fall and we would not notice")
    process = facilitator.process
    assert process.step == "published"
    assert process.decision.term_months == 3
    assert process.decision.review_date == dt.date(2027, 2, 25)
    assert process.objections[0].member == "Ben"
    assert "Published." in _html_of(facilitator)
    assert facilitator.next_button.disabled


def test_hostile_text_in_proposal_and_objections_is_shown_literally():
    facilitator = _decide_with_one_objection(f"Plant beans {HOSTILE}", f"Slugs {HOSTILE}")
    page = _html_of(facilitator)
    assert HOSTILE not in page
    assert html.escape(f"Plant beans {HOSTILE}") in facilitator.proposal_view.value
    assert html.escape(f"Slugs {HOSTILE}") in facilitator.export.preview.value
    assert "<img" not in facilitator.export.preview.value


def _to_consent_round(facilitator: ConsentFacilitator) -> ConsentFacilitator:
    facilitator.start()
    facilitator.next_button.click()
    _click_round(facilitator, [""] * len(facilitator.process.members))
    facilitator.next_button.click()
    _click_round(facilitator, [""] * len(facilitator.process.members))
    facilitator.next_button.click()
    assert facilitator.process.step == "consent-round"
    return facilitator


def test_undo_last_answer_takes_back_a_misclicked_objection_with_its_reason():
    facilitator = _to_consent_round(ConsentFacilitator("Plant beans", MEMBERS))
    assert facilitator.undo_response_button.disabled  # nothing to take back yet
    facilitator.consent_button.click()                 # Ana
    facilitator.reason_input.value = "misclick"
    facilitator.object_button.click()                  # Ben, by mistake
    assert facilitator.process.objections
    facilitator.undo_response_button.click()
    assert facilitator.process.objections == []
    assert facilitator.process.round.current == "Ben"
    assert facilitator.reason_input.value == "misclick"  # back in the box
    assert "Undone." in facilitator.status.value and "Ben" in facilitator.status.value
    assert ("<strong><bdi>Ben</bdi></strong>, do you have an objection?"
            in facilitator.turn_view.value)


def test_move_on_button_says_what_it_does_in_the_consent_round():
    facilitator = _to_consent_round(ConsentFacilitator("Plant beans", ["Ana", "Ben"]))
    # before every answer: what the facilitator does next, in words (issue 25: not
    # "Acknowledge the result (after every answer)")
    assert facilitator.next_button.description == (
        "Announce the result (once everyone has answered)")
    facilitator.consent_button.click()
    facilitator.consent_button.click()
    assert facilitator.next_button.description == "Consent reached: record it"
    assert "Announce the result to the group, then record it" in facilitator.turn_view.value
    facilitator.undo_response_button.click()
    facilitator.reason_input.value = "too soon"
    facilitator.object_button.click()
    assert facilitator.next_button.description == "Objections raised: integrate them"


def test_steps_are_one_ordered_list_with_the_current_step_in_words():
    facilitator = ConsentFacilitator("Plant beans", MEMBERS)
    facilitator.start()
    shown = facilitator.progress.value
    assert shown.count("<ol") == 1 and shown.count('aria-current="step"') == 1
    assert re.search(r'aria-current="step"[^>]*><strong>Present</strong> \(now\)', shown)


def test_read_the_proposal_aloud_is_said_once():
    facilitator = ConsentFacilitator("Plant beans", MEMBERS)
    facilitator.start()
    assert _html_of(facilitator).count("Read the proposal aloud") == 1


def test_a_review_date_after_the_term_is_refused_on_the_page():
    facilitator = _to_consent_round(ConsentFacilitator(
        "Plant beans", ["Ana", "Ben"], term_months=12, today=lambda: dt.date(2026, 11, 29)))
    facilitator.consent_button.click()
    facilitator.consent_button.click()
    facilitator.next_button.click()
    facilitator.review_input.value = dt.date(2029, 6, 1)
    facilitator.publish_button.click()
    assert facilitator.process.step == "decided"
    assert "after the end of the term (2027-11-29)" in facilitator.status.value


def test_new_decision_after_publishing_keeps_the_circle_and_members():
    facilitator = _to_consent_round(ConsentFacilitator(
        "Plant beans", ["Ana", "Ben"], circle="Garden circle"))
    facilitator.consent_button.click()
    facilitator.consent_button.click()
    facilitator.next_button.click()
    facilitator.publish_button.click()
    assert facilitator.process.step == "published"
    assert facilitator.new_decision_button in facilitator.body.children
    facilitator.new_decision_button.click()
    assert facilitator.process is None and _shows_setup(facilitator)
    assert facilitator.circle_input.value == "Garden circle"
    assert facilitator.members_input.value == "Ana\nBen"
    assert facilitator.proposal_input.value == ""
    facilitator.proposal_input.value = "Water on Sundays"
    assert facilitator.start() is not None and facilitator.process.proposal == "Water on Sundays"


def test_logbook_preview_is_rendered_and_the_markdown_is_the_download():
    facilitator = _decide_with_one_objection("Send the newsletter monthly.", "Donations")
    preview = facilitator.export.preview.value
    assert "<h2>" in preview and "<blockquote>" in preview and "## " not in preview
    assert preview.startswith('<details class="course-logbook"><summary>')
    assert "course-room-hide" in facilitator.export.preview._dom_classes


def test_hostile_objection_is_escaped_in_the_consent_round_and_integration_views():
    facilitator = ConsentFacilitator("Plant beans", ["Ana", HOSTILE], circle=HOSTILE)
    facilitator.start()
    facilitator.next_button.click()
    _click_round(facilitator, ["", ""])
    facilitator.next_button.click()
    _click_round(facilitator, ["", ""])
    assert html.escape(HOSTILE) in facilitator.round_panel.summary.value
    facilitator.next_button.click()
    assert "Next: <bdi>" + html.escape(HOSTILE) + "</bdi>" in facilitator.turn_view.value
    facilitator.reason_input.value = HOSTILE
    facilitator.object_button.click()
    assert html.escape(HOSTILE) in facilitator.responses_view.value
    facilitator.consent_button.click()
    facilitator.next_button.click()
    assert facilitator.objection_choice.options[0][0] == f"Ana: {HOSTILE}"  # a Dropdown label
    assert HOSTILE not in _html_of(facilitator)


def test_export_holds_the_whole_decision():
    facilitator = _decide_with_one_objection(f"Plant beans {HOSTILE}", f"Slugs {HOSTILE}")
    entry = facilitator.export.markdown
    assert entry == consent_logbook_entry(facilitator.process)
    assert not re.search(r"(?<!\\)<", entry)
    escaped = HOSTILE.replace("<", "\\<")
    for text in (f"> Plant beans {escaped}", f"Slugs {escaped}", "Comms circle",
                 "Term: 3 months", "shortened the term from 12 to 3 months",
                 "Review date: 2027-02-25", "How often now?", "Worried about donations",
                 "Consent round 2", "Ana, Ben, Chloé, Dev"):
        assert text in entry, text
    link = facilitator.export.download.link
    assert link.filename == "consent-decision-2026-11-25.md"
    assert base64.b64decode(link.value.split("base64,")[1].split('"')[0]).decode() == entry


def test_refused_actions_show_the_librarys_message_not_a_traceback():
    facilitator = ConsentFacilitator("Plant beans", MEMBERS)
    facilitator.start()
    facilitator.next_button.click()
    facilitator.next_button.click()  # the clarifying round is not complete
    assert "not complete" in facilitator.status.value
    assert "in code" not in facilitator.status.value  # people read plain words, not calls
    assert facilitator.process.step == "clarifying-questions"


def test_pass_is_disabled_in_the_consent_round_with_the_reason_shown():
    facilitator = ConsentFacilitator("Plant beans", MEMBERS)
    facilitator.start()
    facilitator.next_button.click()
    assert not facilitator.round_panel.pass_button.disabled  # fine in clarifying questions
    facilitator.round_panel.pass_button.click()
    assert facilitator.process.round.turns[0].passed
    _click_round(facilitator, ["", "", ""])
    facilitator.next_button.click()
    facilitator.round_panel.pass_button.click()
    assert "passed" in facilitator.round_panel.message.value  # discouraged, and said so
    facilitator.round_panel.undo.click()
    _click_round(facilitator, ["", "", "", ""])
    facilitator.next_button.click()
    assert facilitator.process.step == "consent-round"
    assert facilitator.process.round.kind == "consent"
    assert "pass" not in [b.description.lower() for b in
                          (facilitator.consent_button, facilitator.object_button)]
    assert "No pass" in _html_of(facilitator.consent_box)


def test_objection_without_reason_is_refused_and_nothing_is_recorded():
    facilitator = ConsentFacilitator("Plant beans", MEMBERS)
    facilitator.start()
    process = facilitator.process
    for _ in range(2):
        process.advance()
        for _ in MEMBERS:
            process.round.speak("")
    facilitator.next_button.click()
    facilitator.object_button.click()
    assert "needs a reason" in facilitator.status.value
    assert process.responses == []


def test_setup_errors_are_shown_in_the_form():
    facilitator = ConsentFacilitator("", ["Ana"])
    assert facilitator.start() is None
    assert "proposal" in _html_of(facilitator.setup).lower()
    assert _shows_setup(facilitator)


def test_measure_strategy_needs_measure_and_alarm():
    facilitator = ConsentFacilitator("Halve the newsletter", ["Ana", "Ben"])
    facilitator.start()
    process = facilitator.process
    for _ in range(2):
        process.advance()
        for _ in range(2):
            process.round.speak("")
    process.advance()
    process.respond("Ana", "objection", "Donations may fall")
    process.respond("Ben", "consent")
    facilitator.next_button.click()
    facilitator.strategy_choice.value = "measure"
    facilitator.detail_measure.value = "clicks and donations, weekly"
    facilitator.integrate_button.click()
    assert "missing: alarm" in facilitator.status.value
    facilitator.detail_alarm.value = "clicks fall 15% or donations 10%"
    facilitator.integrate_button.click()
    assert process.measures[0].alarm == "clicks fall 15% or donations 10%"


# --- ToleranceExplorer ----------------------------------------------------------------------

def test_moving_the_proposal_changes_who_objects():
    explorer = ToleranceExplorer()
    explorer.proposal.value = 4.25
    assert explorer.outcomes["consent"].passed
    assert "inside the range of 6 of 6" in explorer.chart.alt
    explorer.proposal.value = 5.5
    assert not explorer.outcomes["consent"].passed
    assert explorer.outcomes["majority"].passed
    assert set(explorer.outcomes["majority"].left_out) == {"Ana", "Ben"}
    assert "Ana, Ben would object" in explorer.chart.alt
    assert "Left outside their tolerance: Ana, Ben" in explorer.results.value


def test_move_buttons_step_the_proposal_and_stop_at_the_ends():
    explorer = ToleranceExplorer(proposal=5.5)
    explorer.left.click()
    explorer.left.click()
    assert explorer.proposal.value == 4.5
    assert explorer.outcomes["consent"].passed
    for _ in range(30):
        explorer.right.click()
    assert explorer.proposal.value == 10
    assert "at 10 is inside" in explorer.chart.alt


def test_widening_tolerance_lets_consent_find_more():
    explorer = ToleranceExplorer()
    explorer.proposal.value = 5.5
    assert not explorer.outcomes["consent"].passed
    explorer.trust.value = 1.5
    assert explorer.outcomes["consent"].passed


def test_the_comparison_runs_seeded_and_says_it_in_a_sentence():
    explorer = ToleranceExplorer()
    view = explorer.comparison
    view.group_size.value = 5
    view.run_button.click()
    first = view.sentence.value
    assert "random groups of 5" in first and "never left anyone out" in first
    assert "Majority vote" in view.chart.alt
    view.run_button.click()
    assert view.sentence.value == first


def test_member_names_in_the_explorer_are_escaped():
    from sociocracy.consent import Member

    explorer = ToleranceExplorer([Member(HOSTILE, 1, 1), Member("Ana", 8, 1)], proposal=8)
    assert HOSTILE not in explorer.results.value
    assert html.escape(HOSTILE) in explorer.results.value


# --- ObjectionSorter ------------------------------------------------------------------------

def test_sorting_every_statement_right_scores_all_and_explains():
    sorter = ObjectionSorter()
    for choice, statement in zip(sorter.choices, STATEMENTS, strict=True):
        choice.value = statement.kind
    sorter.check_button.click()
    assert all(f.correct for f in sorter.feedback)
    assert f"All {len(STATEMENTS)} right" in sorter.score.value
    assert all(e.value for e in sorter.explanations)


@pytest.mark.parametrize("index", range(len(STATEMENTS)))
def test_a_wrong_sort_says_what_it_is_and_why(index):
    sorter = ObjectionSorter()
    statement = STATEMENTS[index]
    wrong = next(k for k in ("question", "reaction", "objection", "preference")
                 if k != statement.kind)
    sorter.choices[index].value = wrong
    sorter.check_button.click()
    assert not sorter.feedback[index].correct
    assert "Not quite" in sorter.explanations[index].value
    assert html.escape(statement.why) in sorter.explanations[index].value
    assert "0 of 1 sorted" in sorter.score.value


def test_checking_nothing_asks_to_sort_first():
    sorter = ObjectionSorter()
    sorter.check_button.click()
    assert "Sort at least one" in sorter.score.value


def test_round_facilitator_attach_drives_a_round_owned_by_the_process():
    rnd = Round("consent", ["Ana", "Ben"])
    rnd.speak("consent")
    panel = RoundFacilitator(save_button=False)
    panel.attach(rnd)
    assert panel.round is rnd
    assert panel.now.value == "Ben"
    assert panel.pass_button.disabled  # no passing in a consent round
    panel.next.click()
    assert rnd.is_complete
    finished = RoundFacilitator(save_button=False)
    finished.attach(rnd)
    assert "2 turns" in finished.summary.value


def test_the_consent_app_offers_one_record_not_per_round_minutes():
    from sociocracy.widgets import ConsentFacilitator
    from sociocracy.widgets.downloads import FileExport

    facilitator = ConsentFacilitator()
    facilitator.build_running()  # built when a process starts
    end = facilitator.round_panel.end
    assert not any(isinstance(child, FileExport) for child in end.children)


def test_the_facilitator_shows_a_helping_circle_as_a_postponed_decision():
    from sociocracy.widgets import ConsentFacilitator

    app = ConsentFacilitator("Send the newsletter monthly.", ["Ana", "Ben", "Chloé"])
    app.start()
    process = app.process
    for _ in range(2):
        process.advance()
        while process.round.current is not None:
            process.round.speak("ok")
    process.advance()
    process.respond("Ana", "objection", "Donations may fall")
    process.respond("Ben", "consent")
    process.respond("Chloé", "consent")
    process.advance()
    app.refresh()
    app.strategy_choice.value = "helping-circle"
    app.detail_members.value = "Ana, <img src=x onerror=alert(1)>"
    app.detail_task.value = "ask five donors"
    app.detail_come_back.value = "2027-03-01"
    app.integrate_button.click()
    assert process.step == "postponed" and process.decision is None
    shown = " ".join(getattr(w, "value", "") for w in app.body.children)
    assert "Postponed" in shown and "2027-03-01" in shown and "<img" not in shown
    assert app.next_button.disabled
    assert "Postponed" in app.progress.value and "Decided" not in app.progress.value


def test_a_decision_resumed_in_a_spoken_round_shows_that_round(tmp_path):
    """The round's view is built after the session resumed the round: it shows it at once."""
    from sociocracy.rooms import RoomStore
    from tests.conftest import stop_every_screen

    store = RoomStore(tmp_path / "rooms.sqlite3")
    first = ConsentFacilitator("Plant beans", ["Ana", "Ben", "Chen"], record=True, store=store)
    first.start()
    first.next_button.click()
    _click_round(first, ["Which beans?"])
    stop_every_screen(store)
    again = ConsentFacilitator(record=True, store=store)
    assert again.keeper.resume()
    panel = again.round_panel
    assert panel in again.body.children
    assert panel.run.layout.display != "none" and panel.now.value == "Ben"
    assert "Which beans?" in panel.turn_list.value
    _click_round(again, ["", ""])
    assert again.process.round.is_complete and "The round is complete" in _html_of(panel.end)


def test_the_consent_app_hands_its_consent_round_to_the_phones_and_shows_the_count(tmp_path):
    from sociocracy.rooms import RoomStore

    store = RoomStore(tmp_path / "rooms.sqlite3")
    room = store.create_room("Workshop")
    phones = {name: room.join(name) for name in ("Ana", HOSTILE, "Chen")}
    app = ConsentFacilitator(record=True, store=store, join_url="http://10.0.0.2:8866/join",
                             refresh_every=0)
    assert f"join room {room.code}" in app.phones.join.value
    assert "http://10.0.0.2:8866/join" in app.phones.join.value
    assert "3</strong> people have joined" in app.phones.joined.value
    assert HOSTILE not in app.phones.joined.value and html.escape(HOSTILE) in \
        app.phones.joined.value
    app.room_names_button.click()
    assert app.members_input.value.splitlines() == ["Ana", HOSTILE, "Chen"]
    app.proposal_input.value = "Plant beans"
    _to_consent_round(app)
    assert app.phones in app.body.children and app.phones.step_box.layout.display is None
    assert app.phones.reveal_button.disabled
    app.phones.ask_button.click()
    assert app.phones.ask_button.disabled and not app.phones.reveal_button.disabled
    assert "0 of 3</strong> answered" in app.phones.answered.value
    activity = room.current_activity
    room.respond(phones["Ana"].key, activity, choice="objection", reason=f"Slugs {HOSTILE}")
    room.respond(phones[HOSTILE].key, activity, choice="consent", reason="")
    assert app.session.refresh_room()  # what the page does every two seconds
    assert "2 of 3</strong> answered" in app.phones.answered.value
    assert "Slugs" not in _html_of(app)  # how many, never what
    app.phones.reveal_button.click()
    assert f"(<bdi>{html.escape(f'Slugs {HOSTILE}')}</bdi>)" in app.responses_view.value
    assert "<strong><bdi>Chen</bdi></strong>, do you have an objection?" in app.turn_view.value
    assert "Still to answer aloud: Chen." in app.phones.note.value
    assert HOSTILE not in _html_of(app)
    app.consent_button.click()  # Chen answers aloud
    assert app.next_button.description == "Objections raised: integrate them"


def test_a_lesson_without_a_record_offers_no_phones():
    facilitator = ConsentFacilitator("Plant beans", MEMBERS)
    assert facilitator.phones is None
    _to_consent_round(facilitator)
    assert facilitator.body.children == (facilitator.consent_box,)


def test_the_past_decisions_follow_the_record_while_deciding(tmp_path):
    from sociocracy.rooms import RoomStore

    app = ConsentFacilitator("Plant beans", ["Ana", "Ben"], circle="Garden", record=True,
                             store=RoomStore(tmp_path / "rooms.sqlite3"))
    _to_consent_round(app)
    app.consent_button.click()
    app.consent_button.click()
    app.next_button.click()
    app.publish_button.click()
    [(label, _id)] = app.keeper.past_choice.options
    assert label.endswith("Garden: Plant beans")  # no longer "(unfinished)"
    [export] = app.keeper.past_files.children
    assert "Review date:" in base64.b64decode(
        export.link.value.split("base64,")[1].split('"')[0]).decode()
