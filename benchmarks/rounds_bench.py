"""How fast the rounds practice is: the airtime simulation, and "Next" in the facilitator app.

1. Simulation throughput: ``simulate_airtime(8, mode, meetings=10_000)`` for both modes, plus
   ``gini`` of the result, against a same-run baseline: drawing the same number (80,000) of
   standard normal numbers with numpy. The issue asks for "well under a second".
2. Browser latency: in the Voila app, in headless Chromium, the time from a click on "Next" to
   the page showing the next speaker's name (measured inside the page with ``performance.now()``
   and a ``MutationObserver``, so Playwright's own overhead is not counted). Baseline from the
   same run: "Pause timer", a click whose kernel handler only renames the button, i.e. the bare
   browser-kernel round trip. The issue's target is a median under 50 ms on this machine.

Figures are printed, never asserted (machines differ; ratios travel better than seconds).
Usage: ``python benchmarks/rounds_bench.py [--repeats 7] [--people 30] [--no-browser]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.airtime import gini, simulate_airtime  # noqa: E402

#: Clicks a button and resolves with the milliseconds until ``selector``'s text changes.
CLICK_TO_UPDATE = """
([buttonText, selector]) => new Promise((resolve, reject) => {
  const target = document.querySelector(selector);
  const button = Array.from(document.querySelectorAll('button'))
    .find(b => b.textContent.trim() === buttonText && b.offsetParent !== null);
  if (!target || !button) {
    reject(new Error('not found: ' + buttonText + ' / ' + selector));
    return;
  }
  const before = target.textContent;
  const observer = new MutationObserver(() => {
    if (target.textContent !== before) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(target, {childList: true, subtree: true, characterData: true});
  const start = performance.now();
  button.click();
  setTimeout(() => { observer.disconnect(); reject(new Error('no update within 10 s')); }, 10000);
})
"""


def _median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_simulation(repeats: int) -> None:
    meetings, people = 10_000, 8
    rng = np.random.default_rng(0)
    baseline = _median_seconds(lambda: rng.standard_normal((meetings, people)), repeats)
    print(f"Simulation: {meetings:,} meetings of {people} people, median of {repeats} runs")
    print(f"  baseline  numpy standard_normal({meetings:,}x{people}): {baseline * 1e3:8.2f} ms")
    for mode in ("open", "rounds"):
        seconds = _median_seconds(
            lambda m=mode: gini(simulate_airtime(people, m, meetings=meetings, seed=1)), repeats)
        print(f"  {mode:<7} simulate_airtime + gini:         {seconds * 1e3:8.2f} ms"
              f"  ({seconds / baseline:5.1f}x baseline, "
              f"{meetings / seconds:,.0f} meetings/s)")


def bench_browser(people: int) -> None:
    from tools.bench import course_in_chromium
    from tools.voila_page import wait_until_rendered

    names = [f"Person {i + 1}" for i in range(people)]
    with course_in_chromium() as (server, browser):
        page = browser.new_page()
        page.goto(server.url("apps/round_facilitator.ipynb"), timeout=120_000)
        wait_until_rendered(page, timeout=120_000)
        page.get_by_label("Participants:").fill("\n".join(names))
        page.get_by_role("button", name="Start the round").click()
        page.locator(".course-round-current").filter(has_text="Person 1").wait_for()
        pause = []
        for i in range(10):
            label = "Pause timer" if i % 2 == 0 else "Resume timer"
            pause.append(page.evaluate(CLICK_TO_UPDATE, [label, ".course-timer-toggle"]))
        nexts = [page.evaluate(CLICK_TO_UPDATE, ["Next", ".course-round-current"])
                 for _ in range(people - 1)]  # the last click ends the round: not counted
    print(f"Browser (Voila + headless Chromium), round of {people} people")
    print(f"  baseline  'Pause timer' round trip: median {statistics.median(pause):6.1f} ms "
          f"(min {min(pause):.1f}, max {max(pause):.1f}, n={len(pause)})")
    median = statistics.median(nexts)
    print(f"  'Next' click to next name shown:    median {median:6.1f} ms "
          f"(min {min(nexts):.1f}, max {max(nexts):.1f}, n={len(nexts)}); "
          f"{median / statistics.median(pause):.1f}x baseline; target: under 50 ms median")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    bench_simulation(args.repeats)
    if not args.no_browser:
        bench_browser(args.people)
    return 0


if __name__ == "__main__":
    sys.exit(main())
