"""Navigation in the app view: "Next" leads on, "Practise" opens the practice page, and links to the
optional code exercises say they need JupyterLab."""

from __future__ import annotations

from tests.ui.conftest import open_notebook, screenshot
from tools.voila_page import wait_until_rendered


def _nav_link(page, label: str):
    """The link after "Next:" (or another label) in the page's navigation list."""
    return page.locator(f"#rendered_cells li:has(strong:text-is('{label}:')) a").first


def test_clicking_next_three_times_from_the_home_leads_through_the_first_lessons(page, voila):
    open_notebook(page, voila, "lessons/00_start_here.ipynb")
    titles = []
    for _ in range(3):
        _nav_link(page, "Next").click()
        page.wait_for_load_state("domcontentloaded")
        wait_until_rendered(page, timeout=90_000)
        titles.append(page.locator("#rendered_cells h1").first.inner_text())
    assert page.url.endswith("/voila/render/lessons/03_consent.ipynb")
    assert titles[0].startswith("Lesson 1") and titles[2].startswith("Lesson 3")
    assert _nav_link(page, "Previous").get_attribute("href") == "02_rounds.ipynb"
    assert page.locator("#rendered_cells a", has_text="Course home").count() >= 1


def test_practise_opens_the_lessons_practice_page_in_the_app_view(page, voila):
    open_notebook(page, voila, "lessons/02_rounds.ipynb")
    link = _nav_link(page, "Practise")
    assert "Exercises for lesson 2" in link.inner_text()
    screenshot(page, "navigation-lesson-02")
    link.click()
    page.wait_for_url("**/voila/render/exercises/02_rounds.ipynb")
    wait_until_rendered(page, timeout=90_000)
    page.locator(".course-practice-task").wait_for()


def test_under_the_course_server_code_exercise_links_say_to_open_them_in_jupyterlab(page, voila):
    open_notebook(page, voila, "exercises/02_rounds.ipynb")
    note = page.locator("#rendered_cells .course-lab-only")
    assert "make lab" in note.inner_text()
    assert page.locator("#rendered_cells a[href*='code/']").count() == 0
