"""How fast practice feels: from a click on "Check answer" to the updated feedback, in the browser.

For every practice page (``exercises/NN_topic.ipynb``) in Voila, headless Chromium: for each task,
change the answer (untimed: pick another radio button, tick a box, choose another group, move a
step, type another number), then time a click on "Check answer" until the task's feedback text
has changed, measured inside the page with ``performance.now()`` and a ``MutationObserver`` (so
Playwright's own overhead is not counted). Baseline from the same run: "Show a hint" / "Hide the
hint", a click whose kernel handler only sets two strings, i.e. the bare browser-kernel round trip.
The issue's target: median <= 15 ms to updated feedback.

An answer changed within a few seconds of a check is checked again by the page on its own
(``sociocracy.widgets.late_answers``: a change can reach the kernel after a click made after it),
so each change waits until that window has passed; otherwise the timed click would find the
feedback already updated.

Figures are printed, never asserted. Usage: ``python benchmarks/practice_bench.py [--clicks 4]
[--only 02]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.widgets.late_answers import LATE_SECONDS  # noqa: E402

from tools.course_server import CHROMIUM_ARGS, start_course_server  # noqa: E402
from tools.voila_page import wait_until_rendered  # noqa: E402

#: Click a button of the task on screen; resolve with the ms until the task's text changes
#: (``null`` if it did not change within 5 s: the same answer gives the same feedback).
CLICK_TO_FEEDBACK = """
(buttonText) => new Promise((resolve) => {
  const view = document.querySelector('.course-practice-task');
  const button = Array.from(view.querySelectorAll('button'))
    .find(b => b.textContent.trim() === buttonText);
  const before = view.textContent;
  const observer = new MutationObserver(() => {
    if (view.textContent !== before) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(view, {childList: true, subtree: true, characterData: true});
  const start = performance.now();
  button.click();
  setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
})
"""


def change_answer(page, step: int) -> None:
    """Change the answer on screen a little (untimed), so that checking gives new feedback."""
    view = page.locator(".course-practice-task")
    radios = view.locator("input[type=radio]")
    boxes = view.locator("input[type=checkbox]")
    listbox = view.locator(".course-order-list select")
    menus = view.locator("select:not([multiple]):not([size])")
    texts = view.locator("input[type=text], input[type=number]")
    if radios.count():
        radios.nth(step % radios.count()).check()
    elif boxes.count():
        boxes.nth(step % boxes.count()).click()
    elif listbox.count():
        view.get_by_role("button", name="Move down" if step % 2 == 0 else "Move up").click()
    elif texts.count():
        texts.first.fill(str(2 + step))
        texts.first.press("Tab")
    elif menus.count():
        menu = menus.nth(step % menus.count())
        options = menu.locator("option").count()
        menu.select_option(index=1 + step % (options - 1))
    page.wait_for_timeout(300)  # let the new answer reach the kernel before the timed click


def bench_page(page, url: str, clicks: int) -> tuple[list[float], list[float]]:
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    wait_until_rendered(page, timeout=120_000)
    practice = page.locator(".course-practice")
    practice.locator(".course-practice-task").wait_for()
    checks: list[float] = []
    hints: list[float] = []
    last_check = 0.0
    while True:
        for step in range(clicks):
            label = "Show a hint" if step % 2 == 0 else "Hide the hint"
            hint = page.evaluate(CLICK_TO_FEEDBACK, label)
            if hint is not None:
                hints.append(hint)
            time.sleep(max(0.0, last_check + LATE_SECONDS + 0.2 - time.monotonic()))
            change_answer(page, step)
            last_check = time.monotonic()
            check = page.evaluate(CLICK_TO_FEEDBACK, "Check answer")
            if check is not None:
                checks.append(check)
        nxt = practice.get_by_role("button", name="Next", exact=True)
        if nxt.is_disabled():
            return checks, hints
        heading = practice.locator(".course-practice-task h3").inner_text()
        nxt.click()
        practice.locator(".course-practice-task h3").filter(has_not_text=heading).wait_for()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=4, help="timed checks per task")
    parser.add_argument("--only", default="", help="only practice pages whose name has this")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("No Chromium found: install Debian's 'chromium' (make bench does it).")
        return 1
    pages = sorted(f"exercises/{p.name}" for p in (ROOT / "exercises").glob("*.ipynb")
                   if args.only in p.name)

    from playwright.sync_api import sync_playwright

    server = start_course_server(Path(tempfile.mkdtemp()) / "voila.log")
    all_checks: list[float] = []
    all_hints: list[float] = []
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for path in pages:
                checks, hints = bench_page(page, server.url(path), args.clicks)
                rows.append((path, checks, hints))
                all_checks += checks
                all_hints += hints
                print(f"  measured {path}", file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.stop()

    print(f"\nPractice pages: click to updated feedback, ms (in the page; {args.clicks} timed "
          "checks per task)\n")
    print(f"| {'page':<40} | checks | median | max   | hint toggle (baseline) |")
    print(f"|{'-' * 42}|--------|--------|-------|------------------------|")
    for path, checks, hints in rows:
        print(f"| {path:<40} | {len(checks):6d} | {statistics.median(checks):6.1f} | "
              f"{max(checks):5.1f} | {statistics.median(hints):22.1f} |")
    check, hint = statistics.median(all_checks), statistics.median(all_hints)
    print(f"\nAll checks: median {check:.1f} ms (target <= 15 ms), 90th percentile "
          f"{statistics.quantiles(all_checks, n=10)[-1]:.1f} ms; bare round trip (hint toggle) "
          f"median {hint:.1f} ms; ratio {check / hint:.2f}x.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
