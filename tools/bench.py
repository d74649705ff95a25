"""Timing helpers shared by the scripts in ``benchmarks/``."""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def best_of(action: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs of ``action()``, in seconds (the least disturbed by noise)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


#: Click the visible button labelled ``label`` in a Voila page and resolve with the milliseconds
#: until ``expected`` appears in the page's text (measured in the page, by a MutationObserver).
CLICK_JS = """async ([label, expected]) => {
    const root = document.querySelector('#rendered_cells');
    const button = [...root.querySelectorAll('button')]
        .find(b => b.offsetParent !== null && b.textContent.trim() === label);
    if (!button) throw new Error('no visible button ' + label);
    const start = performance.now();
    return await new Promise(resolve => {
        const done = () => root.textContent.includes(expected);
        const observer = new MutationObserver(() => {
            if (done()) { observer.disconnect(); resolve(performance.now() - start); }
        });
        observer.observe(root, {subtree: true, childList: true, characterData: true});
        button.click();
    });
}"""

BASELINE = "round facilitator app: Next (baseline)"


def click_times(page, label: str, expectations: list[str]) -> list[float]:
    """One timed click of ``label`` per expected text, in order (ms)."""
    return [page.evaluate(CLICK_JS, [label, text]) for text in expectations]


def visible_button(page, label: str):
    """The visible button whose whole text is ``label``."""
    return page.locator("button:visible").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))


def round_baseline(page, url: str, names: list[str]) -> list[float]:
    """The baseline every click is compared with: "Next" in the plain round facilitator app."""
    from tools.voila_page import wait_until_rendered

    page.goto(url, timeout=120_000)
    wait_until_rendered(page, timeout=120_000)
    page.get_by_label("Participants").fill("\n".join(names))
    page.locator("button", has_text="Start the round").click()
    page.wait_for_function("() => document.body.textContent.includes('(turn 1 of')")
    times = click_times(page, "Next", [f"(turn {i + 2} of {len(names)})"
                                        for i in range(len(names) - 1)])
    page.goto("about:blank")
    return times


def print_click_table(results: dict[str, list[float]], members: int) -> None:
    """The click latencies as a Markdown table, each median also as a ratio to the baseline."""
    base = statistics.median(results[BASELINE])
    width = max(len(what) for what in results)
    print(f"\nClick-to-update latency in Voila ({members} members; ms, measured in the page)\n")
    print(f"| {'click':<{width}} | n  | median | min  | max  | x baseline |")
    print(f"|{'-' * (width + 2)}|----|--------|------|------|------------|")
    for what, times in results.items():
        median = statistics.median(times)
        print(f"| {what:<{width}} | {len(times):2d} | {median:6.1f} | {min(times):4.0f} | "
              f"{max(times):4.0f} | {median / base:10.2f} |")


@contextmanager
def course_in_chromium(extra_env: dict[str, str] | None = None) -> Iterator[tuple]:
    """A course server of its own and headless Debian Chromium: ``(server, browser)``.

    The set-up every click benchmark shares; both are stopped on the way out, even after an error.
    """
    from playwright.sync_api import sync_playwright

    from tests.conftest import chromium_path
    from tools.course_server import CHROMIUM_ARGS, start_course_server

    with sync_playwright() as playwright:
        server = start_course_server(Path(tempfile.mkdtemp()) / "voila.log", extra_env=extra_env)
        try:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                 args=CHROMIUM_ARGS)
            try:
                yield server, browser
            finally:
                browser.close()
        finally:
            server.stop()
