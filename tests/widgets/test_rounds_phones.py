"""The round facilitator app with the workshop room's phones, without a browser: "Ask the phones",
"N of M answered", "Reveal" into the round, each person's words as their note."""

from __future__ import annotations

import pytest
from sociocracy.widgets import RoundFacilitator

from sociocracy.rooms import RoomStore


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path) as opened:
        yield opened


def visible(widget) -> bool:
    return widget.layout.display != "none"


def test_the_phones_write_first_and_the_reveal_starts_the_round_with_their_words(store):
    room = store.create_room("Workshop")
    page = RoundFacilitator(record=True, store=store)
    assert visible(page.phones_box) and page.reveal_phones_button.disabled
    page.prompt.value = "How are you arriving?"
    page.ask_phones_button.click()
    activity = room.current_activity
    assert activity.prompt == "How are you arriving?" and activity.asked_by == \
        "Round facilitator"
    ana, hostile = room.join("Ana"), room.join("<b>Bo</b>")
    room.respond(ana.key, activity, words="Curious")
    page.refresh_phones()
    assert "<strong>1 of 2</strong> answered" in page.phones_count.value
    assert "Curious" not in page.phones_count.value
    room.respond(hostile.key, activity, words="Tired")
    page.reveal_phones_button.click()
    assert page.round.order == ("Ana", "<b>Bo</b>") and visible(page.run)
    assert page.note.value == "Curious"
    page.next.click()
    assert page.note.value == "Tired" and page.now.value == "<b>Bo</b>"
    assert page.phones_count.value == "" and page.reveal_phones_button.disabled


def test_a_reopened_page_takes_up_the_question_left_on_the_phones(store):
    room = store.create_room("Workshop")
    first = RoundFacilitator(record=True, store=store)
    first.ask_phones()
    key = room.join("Ana").key
    room.respond(key, room.current_activity, words="Here")
    again = RoundFacilitator(record=True, store=store)  # the first page's kernel died
    assert "<strong>1 of 1</strong> answered" in again.phones_count.value
    assert not again.reveal_phones_button.disabled


def test_asking_without_a_room_says_why_and_lessons_do_not_offer_phones(store):
    page = RoundFacilitator(record=True, store=store)
    page.ask_phones()
    assert "no workshop room yet" in page.message.value
    assert not visible(RoundFacilitator(["Ana"]).phones_box)
