"""A page run ahead for a room (issue 27): ``$SOCIOCRACY_COURSE_PREHEAT`` gives a lesson kernels
that have run it before anyone asks, and leaves every other page (the apps above all) as it was.

The figures (30 visits at once against one alone) are printed by
``benchmarks/room_preheat_bench.py``; here only what is served, and by which kernel.
"""

from __future__ import annotations

import time

import pytest

from tools.course_server import start_course_server
from tools.kernel_client import open_page

LESSON = "lessons/01_why_sociocracy.ipynb"


@pytest.fixture(scope="module")
def preheated(tmp_path_factory):
    log = tmp_path_factory.mktemp("preheat") / "voila.log"
    try:
        server = start_course_server(log, timeout=180, extra_env={
            "SOCIOCRACY_COURSE_PREHEAT": f"{LESSON}=1", "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


def wait_for(log, text: str, seconds: float = 180) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if text in log.read_text():
            return True
        time.sleep(0.5)
    return False


def test_a_preheated_lesson_is_served_by_a_kernel_that_ran_it_ahead(preheated):
    assert wait_for(preheated.log_path, f"Kernel pool of {LESSON} is filled with 1 kernel(s)")
    page = open_page(preheated.base, LESSON)
    assert page.kernel_id and "Why sociocracy" in page.html
    assert f"Using pre-heated kernel: {page.kernel_id} for {LESSON}" in \
        preheated.log_path.read_text()
    # run ahead whole: Voila cannot send a preheated page text first
    assert page_config(page.html)["progressiveRendering"] is False
    assert 'id="rendered_cells" style="display: none"' in page.html


def test_a_visitor_after_the_pools_kernels_were_taken_gets_a_kernel_of_their_own(preheated):
    """The pool's only kernel was taken (above) and its replacement starts a minute later
    (``REFILL_AFTER``): the next visitor does not wait for it (Voila's own handler did, about
    60 s) but gets a kernel started now, with the lesson sent text first."""
    from sociocracy.shell.server import REFILL_AFTER

    assert REFILL_AFTER >= 30  # the replacement is indeed far away
    open_page(preheated.base, LESSON)  # takes the pool's kernel if the test above did not
    page = open_page(preheated.base, LESSON)
    assert page.kernel_id and "Why sociocracy" in page.html
    assert "Using pre-heated kernel: " + page.kernel_id not in preheated.log_path.read_text()
    assert page_config(page.html)["progressiveRendering"] is True


def test_other_pages_and_the_apps_get_no_kernel_ahead(preheated):
    text = preheated.log_path.read_text()
    assert "Kernel pool of apps/" not in text
    assert "Kernel pool of lessons/02_rounds.ipynb" not in text
    page = open_page(preheated.base, "lessons/02_rounds.ipynb")
    assert page.kernel_id and "Using pre-heated kernel: " + page.kernel_id not in \
        preheated.log_path.read_text()


def page_config(html: str) -> dict:
    import json
    import re

    found = re.search(r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*'
                      r"</script>", html, flags=re.S)
    assert found, "the page has no settings for Voila's script"
    return json.loads(found[1])


def test_lessons_come_text_first_except_a_preheated_one(preheated):
    """A lesson is sent progressively: its text before its kernel's settings (the kernel starts
    after the text is sent) and its cells run when the page asks; a preheated lesson cannot be
    (Voila runs it ahead whole: the first test above), nor is an app (issue 27)."""
    lesson = open_page(preheated.base, "lessons/02_rounds.ipynb")
    assert page_config(lesson.html)["progressiveRendering"] is True
    assert lesson.html.index("Rounds: every voice, in turn") < \
        lesson.html.index('id="jupyter-config-data"')
    assert 'id="rendered_cells" style="display: none"' not in lesson.html  # shown at once
    page = open_page(preheated.base, "apps/round_facilitator.ipynb")
    assert page_config(page.html)["progressiveRendering"] is False
    assert 'id="rendered_cells" style="display: none"' in page.html


def test_a_spanish_visitor_of_a_preheated_lesson_gets_a_spanish_page_of_its_own(preheated):
    """A preheated kernel ran its lesson in English before anyone asked: it serves English
    visitors only (issue 23)."""
    from tests.serving.test_page_language import spanish_heading

    assert wait_for(preheated.log_path, f"Kernel pool of {LESSON} is filled with 1 kernel(s)")
    page = open_page(preheated.base, LESSON + "?lang=es")
    assert page.kernel_id
    assert "Using pre-heated kernel: " + page.kernel_id not in preheated.log_path.read_text()
    assert spanish_heading(LESSON) in page.html
    assert '<html lang="es">' in page.html
