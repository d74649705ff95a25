"""The first redraw of a chart after its page opened from the chart cache, against later ones.

Lesson 02's airtime simulator opens with its chart from the chart cache
(``sociocracy.widgets.chart_cache``), so its kernel has not drawn anything when the page opens: the
first redraw used to pay for matplotlib's first drawing (about 40 ms over later ones, issue 27).
For each of ``--pages`` (3) loads of the lesson in headless Chromium (the cache filled by a load
before), after the page is drawn and ``--read`` (8) seconds of reading (the warm-up waits
``chart_cache.WARM_UP_DELAY`` seconds, then needs a moment), the "People" setting is changed
``--moves`` (6) times to a size not shown before, each timed inside the page from the change to
the chart's new text alternative (``performance.now()``, a ``MutationObserver``). Prints each
page's first move, the median of its later moves and their ratio (target: first within 1.2x later).

Figures are printed, never asserted. Usage: ``python benchmarks/first_move_bench.py [--pages 3]``
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

from tools.course_server import CHROMIUM_ARGS, start_course_server  # noqa: E402
from tools.voila_page import wait_until_rendered  # noqa: E402

PAGE = "lessons/02_rounds.ipynb"
#: Group sizes chosen in turn (the page opens at 8): each a chart the kernel has not drawn.
SIZES = ["9", "10", "11", "7", "6", "5", "12", "4"]

#: Choose ``size`` in the "People" list; resolve with the ms until the chart says "of N people".
MOVE = """
(size) => new Promise((resolve) => {
  const view = document.querySelector('.course-airtime');
  const select = Array.from(view.querySelectorAll('select'))
    .find(s => s.closest('.widget-dropdown').textContent.includes('People'));
  const wanted = `meeting of ${size} people`;
  const said = () => {
    const svg = view.querySelector('.course-chart-view svg');
    return svg && (svg.getAttribute('aria-label') || '').includes(wanted);
  };
  const observer = new MutationObserver(() => {
    if (said()) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(view, {childList: true, subtree: true, attributes: true});
  const start = performance.now();
  select.value = Array.from(select.options).find(o => o.textContent.trim() === size).value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  setTimeout(() => { observer.disconnect(); resolve(null); }, 20000);
})
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--moves", type=int, default=6)
    parser.add_argument("--read", type=float, default=8.0,
                        help="seconds between the page being drawn and the first move")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("No Chromium found: install Debian's 'chromium' (make bench does it).")
        return 1
    from playwright.sync_api import sync_playwright

    cache = Path(tempfile.mkdtemp(prefix="first-move-cache-"))
    server = start_course_server(cache / "voila.log",
                                 extra_env={"SOCIOCRACY_COURSE_CACHE": str(cache),
                                            "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for number in range(args.pages + 1):  # the first load fills the chart cache
                context = browser.new_context()
                page = context.new_page()
                page.goto(server.url(PAGE), wait_until="commit", timeout=120_000)
                wait_until_rendered(page, timeout=120_000)
                if number:
                    time.sleep(args.read)
                    moves = [page.evaluate(MOVE, size) for size in SIZES[:args.moves]]
                    rows.append(moves)
                page.goto("about:blank")
                context.close()
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(cache, ignore_errors=True)

    print(f"\nFirst change of 'People' in {PAGE} opened from the chart cache, after "
          f"{args.read:.0f} s of reading, against the later changes (ms, in the page)\n")
    print("| page load | first move | later moves (median) | later min-max | first / later |")
    print("|-----------|------------|----------------------|---------------|---------------|")
    ratios = []
    for number, moves in enumerate(rows, 1):
        if any(m is None for m in moves):
            print(f"| {number} | a move did not update the chart within 20 s: {moves} |")
            continue
        first, later = moves[0], moves[1:]
        ratios.append(first / statistics.median(later))
        print(f"| {number:9} | {first:10.0f} | {statistics.median(later):20.0f} | "
              f"{min(later):6.0f}-{max(later):<6.0f} | {ratios[-1]:13.2f} |")
    if ratios:
        print(f"\nMedian first / later: {statistics.median(ratios):.2f} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
