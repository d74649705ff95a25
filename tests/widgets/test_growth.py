"""GrowingGarden: clicks reach the library; refusals are sentences; heating buttons come late."""

from __future__ import annotations

from sociocracy.widgets import GrowingGarden

from sociocracy.growth import HEATING_MONTH, MONTHS


def test_it_opens_at_month_0_with_five_people_and_two_roles_to_fill():
    view = GrowingGarden()
    assert "Month 0 of 24: 5 people" in view.view.value
    assert [label for label, _ in view.role_menu.options] == ["Garden circle: facilitator",
                                                              "Garden circle: secretary"]
    assert view.heating_box.children == ()


def test_filling_a_role_and_moving_on_redraw_from_the_organisation():
    view = GrowingGarden()
    view.term_menu.value = 6
    view.fill_button.click()
    assert view.org.circle("Garden circle").roles["facilitator"].holder is not None
    assert "for 6 months" in view.status.value
    assert [label for label, _ in view.role_menu.options] == ["Garden circle: secretary"]
    view.next_button.click()
    assert view.org.month == 1 and "Month 1 of 24" in view.view.value


def test_a_refused_split_is_explained_in_an_alert_and_changes_nothing():
    view = GrowingGarden()
    view.split_button.click()
    assert 'role="alert"' in view.status.value and "at least" in view.status.value
    assert len(view.org.circles) == 1


def test_the_heating_item_appears_in_its_month_and_its_review_is_shown():
    view = GrowingGarden()
    for _ in range(HEATING_MONTH):
        view.next_button.click()
    assert len(view.heating_buttons) == 3
    view.heating_buttons[0].click()  # with measures and a review date
    assert view.heating_buttons == [] and view.heating_note is not None
    assert "review in month" in view.heating_note.value
    while view.org.month < view.org.heating.review_month:
        view.next_button.click()
    assert "Review of" in view.heating_note.value


def test_a_split_then_the_end_of_the_simulation():
    view = GrowingGarden()
    while view.org.people < 8:
        view.next_button.click()
    view.circle_menu.value = "Garden circle"
    view.split_button.click()
    assert "Growing" in view.view.value and "General circle" in view.view.value
    while view.org.month < MONTHS:
        view.next_button.click()
    assert view.next_button.disabled and "The end of the simulation." in view.view.value
    view.restart_button.click()
    assert view.org.month == 0 and not view.next_button.disabled


def test_every_control_is_labelled_and_the_page_pays_for_few_models():
    from ipywidgets.widgets.widget import _instances
    before = len(_instances)
    view = GrowingGarden()
    for control in (view.circle_menu, view.role_menu, view.term_menu):
        assert control.description
    for button in (view.split_button, view.fill_button, view.next_button, view.restart_button):
        assert button.description and button.tooltip
    assert len(_instances) - before <= 30


def test_putting_the_heating_off_says_what_it_costs_and_keeps_the_buttons():
    view = GrowingGarden()
    for _ in range(HEATING_MONTH):
        view.next_button.click()
    view.heating_buttons[2].click()  # put it off
    assert "burning as much oil" in view.status.value
    assert len(view.heating_buttons) == 3
