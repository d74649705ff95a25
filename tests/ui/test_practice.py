"""Every practice page in Voila, answered with the keyboard only, right answer by right answer.

For each ``exercises/NN_topic.ipynb``: Tab reaches every control; arrow keys, Space and Enter
answer each task (radio buttons, checkboxes, drop-downs, the order list with Move up / Move down,
number and text boxes); "Check answer" says "Right"; "Show a hint" and "Show the worked answer"
open by keyboard; "Next" goes on. A screenshot of each task is saved, and axe-core finds nothing
serious on the answered page. The answers come from the same library objects the page checks with.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sociocracy.course.exercise_sets import load_exercise_set
from sociocracy.course.exercise_tasks import (
    BuildOrgTask,
    BuildRoundTask,
    ChartTask,
    ChooseTask,
    ExploreTask,
    OrderTask,
    PlanTask,
    SortTask,
)
from tests.conftest import ROOT
from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

PAGES = sorted(p.stem for p in (ROOT / "exercises").glob("*.ipynb"))
TASK = ".course-practice-task"


def settle(page) -> None:
    """Let the widget state reach the kernel before the next click.

    ipywidgets holds back state updates while earlier messages are unanswered, but sends a
    button click at once; a person is slower than this, a test must wait a moment.
    """
    page.wait_for_timeout(250)


def active_is(page, locator) -> bool:
    return locator.evaluate(
        "e => e === document.activeElement || e.contains(document.activeElement)")


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab (only) until ``locator`` has the focus; fails if the keyboard cannot reach it."""
    locator.wait_for()
    for _ in range(limit):
        if active_is(page, locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def press_button(page, scope, name: str) -> None:
    tab_to(page, scope.get_by_role("button", name=name, exact=True))
    page.keyboard.press("Enter")


def choose_in_select(page, select, index: int) -> None:
    """Pick option ``index`` of a drop-down or list box with Home and the arrow keys."""
    tab_to(page, select)
    page.keyboard.press("Home")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    select.dispatch_event("change")  # what Chromium sends when a closed drop-down loses focus
    settle(page)


def answer_choose(page, view, task: ChooseTask) -> None:
    right = sorted(task.question.correct_indices)
    if task.question.multiple:
        boxes = view.locator("input[type=checkbox]")
        for index in right:
            tab_to(page, boxes.nth(index))
            page.keyboard.press("Space")
            settle(page)
    else:
        tab_to(page, view.locator("input[type=radio]").first)
        page.keyboard.press("Space")
        for _ in range(right[0]):
            page.keyboard.press("ArrowDown")
        settle(page)


def answer_sort(page, view, task: SortTask) -> None:
    for n, item in enumerate(task.items, 1):
        menu = view.get_by_label(f"Item {n} goes to:")
        assert shown_choice(menu) == "Choose a group"  # the placeholder shows, not a blank box
        choose_in_select(page, menu, task.groups.index(item.group) + 1)
        assert shown_choice(menu) == item.group


def answer_order(page, view, labels: list[str], start: list[int], want: list[int]) -> None:
    listing = view.locator("select.widget-listbox, .course-order-list select").first
    order = list(start)
    for place, item in enumerate(want):
        at = order.index(item)
        if at == place:
            continue
        choose_in_select(page, listing, at)
        tab_to(page, view.get_by_role("button", name="Move up"))
        for step in range(at - place):
            page.keyboard.press("Enter")
            option = listing.locator("option").nth(at - step - 1)
            option.filter(has_text=labels[item]).wait_for()  # moved one place up
            settle(page)
        order.insert(place, order.pop(at))
    expected = [f"{n}. {labels[i]}" for n, i in enumerate(want, 1)]
    for n, text in enumerate(expected):
        shown = listing.locator("option").nth(n).inner_text().replace("\xa0", " ").strip()
        assert shown == text


def answer_plan(page, view, task: PlanTask) -> None:
    boxes = view.locator("input[type=checkbox]")
    for index in task.best_plan():
        tab_to(page, boxes.nth(index))
        page.keyboard.press("Space")
        settle(page)
    view.get_by_text(re.compile(rf"Planned: {task.total(task.best_plan())} of")).wait_for()


def type_into(page, box, text: str) -> None:
    tab_to(page, box)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # leaving the box sends the value
    settle(page)


def shown_choice(select) -> str:
    """The text of the option a drop-down shows ("" when it shows none)."""
    text = select.evaluate("e => e.selectedIndex >= 0 ? e.options[e.selectedIndex].text : ''")
    return text.replace("\xa0", " ")  # ipywidgets shows spaces in options as no-break spaces


def answer_build_org(page, view, task: BuildOrgTask) -> None:
    """Choose each role by keyboard (Home, then arrow keys); the box must show the choice.

    Home passes over "nobody yet", which once blanked the box and put the next arrow key's
    choice one line too high (see ``sociocracy.widgets.menus``)."""
    for circle, roles in task.answer.items():
        members = list(task.organisation.circle(circle).members)
        for role, who in roles.items():
            menu = view.get_by_label(f"{role.capitalize()} of {circle}:")
            choose_in_select(page, menu, members.index(who) + 1)
            assert shown_choice(menu) == who


def answer(page, view, task) -> None:
    if isinstance(task, ChooseTask):
        answer_choose(page, view, task)
    elif isinstance(task, SortTask):
        answer_sort(page, view, task)
    elif isinstance(task, OrderTask):
        answer_order(page, view, list(task.steps), list(task.start),
                     list(range(len(task.steps))))
    elif isinstance(task, BuildRoundTask):
        want = [task.seating.index(name) for name in task.expected()]
        answer_order(page, view, list(task.seating), list(range(len(task.seating))), want)
    elif isinstance(task, PlanTask):
        answer_plan(page, view, task)
    elif isinstance(task, ChartTask):
        view.locator(".course-chart svg, .course-chart img").first.wait_for()
        type_into(page, view.get_by_label(re.compile("Your answer")), f"{task.answer():g}")
    elif isinstance(task, BuildOrgTask):
        answer_build_org(page, view, task)
    elif isinstance(task, ExploreTask):
        type_into(page, view.get_by_label(re.compile("Proposal")), f"{task.solutions()[0]:g}")
    else:  # pragma: no cover - a new kind needs its keyboard path here
        raise AssertionError(f"no keyboard path for {type(task).__name__}")


@pytest.mark.parametrize("name", PAGES)
def test_practice_page_is_answered_by_keyboard_only(page, page_log, voila, name):
    tasks = load_exercise_set(ROOT / "exercises" / "data" / f"{name}.yaml").tasks
    open_notebook(page, voila, f"exercises/{name}.ipynb")
    for number, task in enumerate(tasks, 1):
        view = page.locator(TASK)
        view.get_by_role("heading", name=re.compile(rf"Exercise {number} of")).wait_for()
        answer(page, view, task)
        press_button(page, view, "Check answer")
        status = view.locator("[role=status]").first
        status.wait_for()
        for _ in range(5):
            if status.inner_text().startswith("Right"):
                break
            # On a loaded machine a click can overtake the state updates just before it (see
            # settle). The page checks again when they arrive within a few seconds
            # (widgets/late_answers.py); on a slower machine a person presses again, and since
            # the answer on screen is the right one, that check must say so.
            page.wait_for_timeout(2000)
            press_button(page, view, "Check answer")
            page.wait_for_timeout(500)
        assert re.match(r"Right", status.inner_text()), status.inner_text()
        press_button(page, view, "Show a hint")
        view.get_by_text("Hint.").wait_for()
        press_button(page, view, "Show the worked answer")
        view.get_by_text("Worked answer.").wait_for()
        screenshot(page, f"practice-{name}-{number}")
        if number < len(tasks):
            press_button(page, page.locator(".course-practice"), "Next")
    assert f"{len(tasks)} of {len(tasks)} exercises right so far" in page.locator(
        ".course-practice").inner_text()
    assert page_log.problems() == []
    assert serious_axe_violations(page) == []


def test_practice_page_fits_a_phone_screen(browser, voila):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        open_notebook(page, voila, "exercises/02_rounds.ipynb")
        for _ in range(5):
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 360, page.locator(TASK).inner_text()[:80]
            nxt = page.locator(".course-practice").get_by_role("button", name="Next", exact=True)
            if nxt.is_disabled():
                break
            nxt.click()
            page.wait_for_timeout(300)
        screenshot(page, "practice-02_rounds-phone")
    finally:
        context.close()


def test_a_worked_answers_page_shows_every_task(page, page_log, voila):
    open_notebook(page, voila, "solutions/04_objections_solution.ipynb")
    text = page.locator("#rendered_cells").inner_text()
    for task in load_exercise_set(ROOT / "exercises" / "data" / "04_objections.yaml").tasks:
        assert task.title in text
    assert Path(ROOT / "solutions" / "04_objections_solution.ipynb").exists()
    assert page_log.problems() == []
