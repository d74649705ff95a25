"""The audience view widget: the projector's drawing of a session, and the page that follows it."""

from __future__ import annotations

import pytest
from sociocracy.widgets.audience import AudienceView, audience_html, audience_page

from sociocracy.rooms import RoomStore
from sociocracy.sessions.audience import Answer, AudienceState
from sociocracy.sessions.rounds import RoundSession


@pytest.fixture
def store(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as opened:
        yield opened


def test_peoples_text_is_never_markup():
    state = AudienceState("rounds", title="<script>x</script>", speaker="<b>Ana</b>",
                          answers=(Answer("<i>Ben</i>", "Consent", "<img src=x>"),))
    page = audience_html(state)
    for raw in ("<script>", "<b>Ana", "<i>Ben", "<img src=x>"):
        assert raw not in page
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page


def test_the_timer_counts_down_by_itself():
    state = AudienceState("meeting", timer_ends=1_000.0, timer_total=300.0)
    assert ">1:30<" in audience_html(state, now=910.0)
    assert ">0:00<" in audience_html(state, now=2_000.0)


def test_the_page_follows_the_laptop_and_shows_the_room_code(store):
    room = store.create_room("Taste of sociocracy")
    laptop = RoundSession(store=store, record=True)
    view = AudienceView("rounds", store=store, poll_every=0)
    assert "Waiting for the facilitator" in view.screen.value
    laptop.room.find()
    laptop.ask_phones("check-in", "How are you arriving?")
    view.refresh()
    assert "How are you arriving?" in view.screen.value
    assert "0 answered" in view.screen.value
    assert room.code in view.screen.value  # the code (and QR) while people answer
    laptop.start("check-in", ["Ana", "Ben"], prompt="How are you arriving?")
    view.refresh()
    assert "Now speaking" in view.screen.value and "Ana" in view.screen.value


def test_the_page_names_the_app_from_its_address():
    assert isinstance(audience_page("app=rounds&x=1"), AudienceView)
    chooser = audience_page("app=nonsense")
    assert "no audience view called" in chooser.value
    assert "audience.ipynb?app=consent" in audience_page("").value
