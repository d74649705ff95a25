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


def test_an_intro_activity_shows_the_apps_own_view_under_only_the_parts_title(store):
    """Issue 26, seen at 1280x720: during the check-in the intro's prompt, timer and room code
    stood above the round's own view (with its own room code), pushing "Now speaking" below the
    projector's edge. Above the app's own view now stands only the part's title."""
    from pathlib import Path

    from sociocracy.intro_sessions import load_plan
    from sociocracy.sessions.intro import IntroSession

    room = store.create_room("Taste of sociocracy")
    intro = IntroSession(store=store, record=True)
    intro.start(load_plan(Path(__file__).resolve().parents[2] / "workshops" / "taste_45.yaml"))
    view = AudienceView("intro_session", store=store, poll_every=0)
    assert room.code in view.screen.value  # while people arrive: the room's code
    assert "how you are arriving" in view.screen.value  # the part's prompt
    laptop = RoundSession(store=store, record=True)
    laptop.start("check-in", ["Ana", "Ben"], prompt="How are you arriving?")
    view.refresh()
    page = view.screen.value
    assert "Welcome and check-in round" in page and "Now speaking" in page
    assert "how you are arriving" not in page and room.code not in page
    assert page.count("role='timer'") <= 1  # the round's own, if it has one
