"""Every lesson, app and practice page, as a visitor sees it in Voila: it loads, renders, is
accessible, and fits a phone.

For each notebook in ``lessons/``, ``apps/``, ``exercises/`` (the practice pages) and
``solutions/`` (their worked answers), two tests share one load of the page (a phone's browser
context, issue 27: one load instead of two per page):

* at a laptop's 1280 px: the page answers 200; widgets render; no error output; no console
  errors, failed requests or requests to any other host (workshops run offline); the title is the
  notebook's; a screenshot is saved under ``test-artifacts/screenshots/``; and axe-core finds no
  serious or critical violation other than those listed, with a reason, in
  ``axe_allowlist.yaml``;
* on a 360 px wide phone: no sideways scrolling of the page and nothing cut off at the right edge
  (a table or a wide map may scroll inside its own box); ``phone-*.png`` screenshots.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.ui.conftest import PageLog, open_notebook, screenshot
from tests.ui.overflow import OVERFLOW_JS

pytestmark = pytest.mark.browser

# exercises/code and solutions/code (the optional JupyterLab extras) are not Voila pages.
PAGES = sorted(str(p.relative_to(ROOT)) for folder in ("lessons", "apps", "exercises", "solutions")
               for p in (ROOT / folder).glob("*.ipynb"))
ALLOWLIST = yaml.safe_load((Path(__file__).parent / "axe_allowlist.yaml").read_text()) or []


def _allowed(rule: str, target: str) -> bool:
    return any(item["rule"] == rule and item.get("target", "") in target for item in ALLOWLIST)


def serious_axe_violations(page) -> list[str]:
    """Serious and critical axe-core findings not in the reviewed allow-list."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            if not _allowed(violation["id"], target):
                found.append(f"{violation['id']} ({violation['impact']}) at {target}: "
                             f"{node.get('failureSummary', '').strip()}")
    return found


#: A phone's browser context (as in tests/ui/test_layouts.py): 360 px wide, touch, scale 2.
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
LAPTOP = {"width": 1280, "height": 900}


@dataclass
class LoadedPage:
    """One page, loaded once for the tests that only look at it."""

    path: str
    page: Any
    log: PageLog
    status: int | None
    #: Set when a test widened the window: a phone's page laid out at 1280 px stays that wide
    #: when narrowed again (mobile Chrome keeps the widest layout), so the phone check comes first.
    widened: bool = False


@pytest.fixture(scope="module", params=PAGES)
def loaded(request, browser, voila) -> Iterator[LoadedPage]:
    """The page ``request.param``, loaded in a phone's context (360 px) and drawn.

    pytest runs the tests of one page in a row on this one load, in the order they are defined:
    the phone check first, then the laptop checks, which widen the window to 1280 px."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    log = PageLog(allowed_host=voila.host)
    log.attach(page)
    try:
        response = open_notebook(page, voila, request.param)
        yield LoadedPage(request.param, page, log, response.status if response else None)
    finally:
        context.close()


def test_every_page_fits_a_360_px_phone_without_sideways_scrolling(loaded: LoadedPage):
    page = loaded.page
    assert not loaded.widened, "the phone check must run before the page is widened"
    found = page.evaluate(OVERFLOW_JS)
    screenshot(page, f"phone-{Path(loaded.path).stem}")
    assert found["page"] <= found["viewport"], found
    assert found["cut"] == [], "cut off at the right edge:\n" + "\n".join(found["cut"])


def test_page_renders_cleanly_offline_and_accessibly(loaded: LoadedPage):
    page, path = loaded.page, loaded.path
    page.set_viewport_size(LAPTOP)
    loaded.widened = True
    assert loaded.status == 200
    notebook = json.loads((ROOT / path).read_text())
    assert page.title() == notebook["metadata"]["title"]
    assert page.locator("main").count() == 1
    assert page.locator("h1").count() >= 1
    errors = page.locator(".jp-OutputArea-output[data-mime-type*='stderr'], .voila-error")
    assert errors.count() == 0, errors.first.inner_text()
    assert "There was an error when executing cell" not in page.content()
    # Hidden check cells run in Voila too: they must not leave a visible quiz answered.
    assert page.locator(".course-quiz [role=status]").count() == 0
    screenshot(page, Path(path).stem)
    assert loaded.log.problems() == []
    assert serious_axe_violations(page) == []


def test_the_walk_covers_every_page_of_the_course_map():
    from sociocracy.course.course_map import APPS, LESSONS

    assert {page.path for page in (*LESSONS, *APPS)} <= set(PAGES)


def test_landing_page_is_the_course_home(page, page_log, voila):
    page.goto(voila.url(), wait_until="domcontentloaded")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    assert page.url.endswith("/voila/render/lessons/00_start_here.ipynb")
    assert page_log.outside_requests == []


def test_course_home_links_open_lesson_01(page, page_log, voila):
    open_notebook(page, voila, "lessons/00_start_here.ipynb")
    page.get_by_role("link", name="Why sociocracy?").first.click()
    page.wait_for_url("**/voila/render/lessons/01_why_sociocracy.ipynb", timeout=30_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    assert "Why sociocracy" in page.locator("h1").first.inner_text()
    assert page_log.problems() == []


def test_rendered_page_sets_the_cookie_that_lets_its_kernel_shut_down(page, voila):
    open_notebook(page, voila, "lessons/01_why_sociocracy.ipynb")
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert "_xsrf" in names


def test_quiz_works_by_keyboard(page, page_log, voila):
    open_notebook(page, voila, "lessons/01_why_sociocracy.ipynb")
    quiz = page.locator(".course-quiz")
    first_radio = quiz.locator("input[type=radio]").first
    first_radio.focus()
    page.keyboard.press("Space")
    # Tab from the radio group to the question's "Check answer" button, then press Enter.
    button = quiz.get_by_role("button", name="Check answer").first
    for _ in range(10):
        if page.evaluate("() => document.activeElement?.textContent") == "Check answer":
            break
        page.keyboard.press("Tab")
    assert button.evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    feedback = quiz.locator("[role=status]").first
    feedback.wait_for(timeout=10_000)
    assert feedback.inner_text().strip() != ""
    assert page_log.problems() == []


def _kernels_of(pid: int) -> int:
    """Kernel processes started by the server (Linux /proc; ipykernel's launcher)."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"ipykernel" in cmdline:
            count += 1
    return count


def _running(server, kernel_id: str) -> bool:
    """Whether the server still runs the kernel ``kernel_id`` (Jupyter's kernels API)."""
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(f"{server.base}/api/kernels/{kernel_id}", timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 404, exc
        return False
    return True


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs Linux /proc to count kernels")
def test_leaving_a_page_reached_by_direct_link_shuts_its_kernel_down(page, voila):
    """The page's own kernel (by its id: the server's count also moves as other tests' kernels
    are culled) is running while the page is open and gone soon after the page is left."""
    pid = voila.process.pid
    open_notebook(page, voila, "lessons/01_why_sociocracy.ipynb")
    kernel_id = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    assert _running(voila, kernel_id)
    assert _kernels_of(pid) >= 1
    page.goto("about:blank")
    for _ in range(50):
        if not _running(voila, kernel_id):
            break
        page.wait_for_timeout(200)
    assert not _running(voila, kernel_id)
