"""The audience views of the selection, the meeting and the circle map, headless (issue 25).

The big circle map drawn for the projector (``widgets/audience_maps.py``), people's text never
markup, and each app's page: the link to the audience view, the same view inside the page for
Projector mode, and what only the facilitator sees marked to fold away there.
"""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from sociocracy.widgets import CircleBuilder, MeetingRunner, SelectionFacilitator
from sociocracy.widgets.audience import audience_html
from sociocracy.widgets.audience_maps import NAME_PX, map_html

from sociocracy.circles import load_organization
from sociocracy.rooms import RoomStore
from sociocracy.sessions.audience import AudienceState
from sociocracy.sessions.circle_map import CircleMapSession

ROOT = Path(__file__).resolve().parents[2]
GREEN_VALLEY = ROOT / "examples" / "organizations" / "green_valley_coop.yaml"
AGENDA = ROOT / "examples" / "agendas" / "garden_march.yaml"
HOSTILE = "<img src=x onerror=alert(1)>"
ONLY_FACILITATOR = "course-facilitator-only"


def _map_state(org) -> AudienceState:
    return CircleMapSession(org).audience()


def _green_valley_with_seven():
    org = load_organization(GREEN_VALLEY)
    org.add_circle("Events", parent="General Circle")
    return org


def _cards(page: str) -> list[str]:
    return re.findall(r"<div class='aud-map-card'.*?</ul></div>", page)


def test_the_projectors_map_shows_every_circle_with_names_of_24_px_at_1280():
    page = audience_html(_map_state(_green_valley_with_seven()))
    cards = _cards(page)
    assert len(cards) == 7
    sizes = [float(px) for card in cards
             for px in re.findall(r"font-size:max\(var\(--aud-map-floor,([\d.]+)px\),", card)]
    assert len(sizes) == 7 and min(sizes) >= NAME_PX  # the floor holds at 1280x720
    general = next(c for c in cards if "General Circle" in c)
    # eight members: the leader and the delegate first, then as many as fit, then "+ N more"
    names = re.findall(r"<li class='aud-map-member'><bdi>(.*?)</bdi></li>", general)
    assert names[:2] == ["Ana (L)", "Omar (D)"]
    assert re.fullmatch(r"\+ \d more", names[-1])
    shown = len(names) - 1
    assert names[-1] == f"+ {8 - shown} more"
    # the list (read by screen readers, shown on phones) names everyone
    listed = page.split("class='aud-map-list'")[1]
    for person in ("Ana (L)", "Omar (D)", "Ben", "Chen", "Dee", "Eli", "Fay", "Gus"):
        assert person in listed.split("General Circle")[1].split("</li>")[0]
    # the two links of each sub-circle: the leader's solid line, the delegate's dashed line
    assert page.count("<polyline") == 9 and page.count("stroke-dasharray") == 4


def test_the_projectors_map_never_takes_peoples_text_as_markup():
    org = load_organization(GREEN_VALLEY)
    org.add_circle(f"Garden {HOSTILE}", parent="General Circle")
    org.add_member(f"Garden {HOSTILE}", f"Zoë {HOSTILE}")
    page = map_html(_map_state(org))
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_map_the_record_garbled_draws_what_it_can():
    state = AudienceState("circle_map", title="Odd", drawing={"circles": [
        {"name": "Top", "members": "not a list"}, "nonsense", {"parent": "no name"},
        {"name": "Loop", "parent": "Loop"}]})
    page = map_html(state)
    assert len(_cards(page)) == 2 and "no members yet" in page
    assert map_html(AudienceState("circle_map", drawing={})) == ""


def test_the_selection_page_links_the_audience_view_and_projects_no_logbook(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as store:
        page = SelectionFacilitator("Facilitator", ["Ana", "Ben"], store=store,
                                    refresh_every=0)
        assert "audience.ipynb?app=selection" in page.audience_link.value
        assert page.audience_link.layout.display != "none"
        assert "course-audience-panel" in page.audience_panel._dom_classes
        page.start_button.click()
        page.next_button.click()  # the nominations
        page.nominator_choice.value = "Ana"
        page.nominee_choice.choice = "Ben"
        page.nomination_reason.value = f"steady {HOSTILE}"
        page.nominate_button.click()
        panel = page.audience_panel.screen.value
        assert "1 of 2 answered" in panel and "steady" not in panel
        # Projector mode folds away the script, the logbook entry and the detailed views.
        for part in (page.export, page.prompt_view, page.slips_view, page.grid):
            assert ONLY_FACILITATOR in part._dom_classes
        assert page.entry_preview.value  # the logbook is there for the facilitator
        page.nominator_choice.value = "Ben"
        page.nominee_choice.choice = "Ana"
        page.nomination_reason.value = "kind"
        page.nominate_button.click()
        page.next_button.click()  # revealed: the nomination round
        panel = page.audience_panel.screen.value
        assert "Nomination round" in panel and f"steady {HOSTILE}" not in panel
        assert "steady &lt;img" in panel
        page.close()


def test_a_lessons_selection_offers_no_audience_view():
    page = SelectionFacilitator("Facilitator", ["Ana"], record=False)
    assert page.audience_link.layout.display == "none"


def _all(root: widgets.Widget):
    yield root
    for child in getattr(root, "children", ()):
        yield from _all(child)


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    """The meeting's record in a folder of the test's own."""
    monkeypatch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path))
    monkeypatch.delenv("SOCIOCRACY_COURSE_STORE", raising=False)
    return tmp_path


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_the_meeting_page_projects_the_round_once_and_keeps_the_notes_on_the_laptop(
        data_folder):
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben", "Chen"], clock=FakeClock(),
                           save_button=False)
    runner.start_button.click()
    assert "audience.ipynb?app=meeting" in runner.audience_link.value
    assert "Check-in round" in runner.audience_panel.screen.value
    runner.notes.value = "private note"
    runner.round_button.click()
    panel = runner.audience_panel.screen.value
    assert "Now speaking" in panel and "Ana" in panel and "Next: <bdi>Ben" in panel
    for part in (runner.notes, runner.parts_view, runner.guidance, runner.minutes):
        assert ONLY_FACILITATOR in part._dom_classes
    # one audience panel in the page: the round panel's own is left out of it
    panels = [w for w in _all(runner) if "course-audience-panel" in w._dom_classes]
    assert panels == [runner.audience_panel]
    assert runner.round_panel.audience_panel is None  # an embedded round builds none
    assert ONLY_FACILITATOR in runner.round_panel.heading._dom_classes
    runner.round_panel.note.value = "not for the room"
    runner.round_panel.next.click()
    panel = runner.audience_panel.screen.value
    assert "Ben" in panel and "not for the room" not in panel and "private note" not in panel
    runner.close()


def test_the_circle_map_page_projects_the_big_map_and_folds_the_controls(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as store:
        builder = CircleBuilder(folder=tmp_path, record=True, store=store, can_save=False)
        assert "audience.ipynb?app=circle_map" in builder.audience_link.value
        builder.example_picker.value = str(GREEN_VALLEY)
        assert len(_cards(builder.audience_panel.value)) == 6
        builder.new_circle.value = f"Events {HOSTILE}"
        builder.new_parent.value = "General Circle"
        builder.add_circle_button.click()
        panel = builder.audience_panel.value
        assert len(_cards(panel)) == 7 and HOSTILE not in panel
        assert ONLY_FACILITATOR in builder.map._dom_classes  # the findings' map folds away
        folds = [w for w in builder.children if "course-projector-fold" in w._dom_classes]
        assert len(folds) == 1 and builder.add_circle_button in list(_all(folds[0]))


@pytest.mark.parametrize("app", ["selection", "meeting", "circle_map"])
def test_the_audience_page_knows_each_app(app):
    from sociocracy.widgets.audience import AudienceView, audience_page

    assert isinstance(audience_page(f"app={app}"), AudienceView)


def test_the_meetings_projector_row_holds_the_parts_controls_then_its_rounds(data_folder):
    """Issue 25: Projector mode's one row in the meeting: what starts the part's round and
    "Next part"; the round's Next, Pass and Undo while it runs; then Undo and Next part."""
    runner = MeetingRunner(str(AGENDA), ["Ana", "Ben"], clock=FakeClock(), save_button=False)
    assert runner.audience_panel.row.children == (runner.start_button, runner.setup_status)
    runner.start_button.click()
    row = tuple(runner.audience_panel.row.children)
    assert runner.round_button in row and row[-1] is runner.next_button
    assert runner.notes not in row and runner.backlog_input not in row  # the laptop's
    runner.round_button.click()
    shown = runner.round_panel
    assert tuple(runner.audience_panel.row.children) == (shown.next, shown.pass_button,
                                                         shown.undo)
    for _ in range(2):
        shown.next.click()
    assert tuple(runner.audience_panel.row.children) == (shown.end_undo, runner.next_button)
    runner.close()


def test_the_selections_projector_row_follows_the_steps(tmp_path):
    with RoomStore(tmp_path / "record.sqlite") as store:
        page = SelectionFacilitator("Facilitator", ["Ana", "Ben"], store=store,
                                    refresh_every=0)
        assert tuple(page.audience_panel.row.children) == (page.start_button,
                                                           page.setup_status)
        page.start_button.click()
        assert tuple(page.audience_panel.row.children) == (page.next_button,)
        assert ONLY_FACILITATOR in page.body._dom_classes  # the step's boxes: the row's
        page.next_button.click()  # the nominations: paper slips stay off the projector
        assert page.nominate_button not in page.audience_panel.row.children
        for who, whom in (("Ana", "Ben"), ("Ben", "Ana")):
            page.nominator_choice.value = who
            page.nominee_choice.choice = whom
            page.nomination_reason.value = "steady"
            page.nominate_button.click()
        page.next_button.click()
        assert tuple(page.audience_panel.row.children) == (page.read_note, page.read_button)
        page.close()
