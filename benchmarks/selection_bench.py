"""Selection benchmarks: ``compare_selection`` throughput, and click-to-update latency in the app.

1. :func:`sociocracy.selection.compare_selection` for 10,000 trials of 8 members (the issue asks
   for "well under a second"), best of several runs. Baseline from the same run: numpy merely
   drawing the random numbers the model needs (10,000 x 8 x 8 normals, plus fit and popularity),
   the floor any vectorised version pays.
2. In Voila, the time from a click to the updated display, measured inside the page (a
   MutationObserver, so Playwright's polling is not counted): "Record the slip" in the
   nominations (the slip count moves on), "Read out: next" in the nomination round and "Record
   the answer" in the change round (the next speaker's turn is shown). Each of these clicks also
   writes the step to the workshop record (SQLite) before the page shows it. Baseline from the
   same run: "Next" in the plain round facilitator app, which writes nothing.

Figures are printed, never asserted: machines are noisy; ratios travel better than seconds.
Usage: python benchmarks/selection_bench.py [--no-browser] [--members 10]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.selection import compare_selection  # noqa: E402
from tools.bench import (  # noqa: E402
    BASELINE,
    best_of,
    click_times,
    print_click_table,
    round_baseline,
    visible_button,
)


def throughput(trials: int = 10_000, members: int = 8) -> None:
    rng = np.random.default_rng(0)

    def draw_only() -> None:
        rng.standard_normal((trials, members, members))
        rng.standard_normal((2, trials, members))
        rng.random((trials, members))

    compare_selection(members, trials=100, seed=0)  # warm up
    floor = best_of(draw_only, 7)
    model = best_of(lambda: compare_selection(members, trials=trials, seed=1), 7)
    print(f"compare_selection: {trials:,} trials of {members} members, best of 7")
    print(f"  baseline  numpy drawing the same random numbers: {floor * 1e3:8.2f} ms")
    print(f"  compare_selection (ballot + grid, 3 methods):   {model * 1e3:8.2f} ms "
          f"({model / floor:4.1f}x baseline; {trials / model:,.0f} trials/s; "
          f"target: well under 1 s)")


def browser_latency(members: int) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("\nNo Chromium found: browser latency not measured.")
        return
    from playwright.sync_api import sync_playwright

    from tools.course_server import CHROMIUM_ARGS, start_course_server
    from tools.voila_page import wait_until_rendered

    names = [f"Member {i + 1}" for i in range(members)]
    # a data folder of the run's own: no earlier record to resume, nothing left in the real one
    server = start_course_server(Path(tempfile.mkdtemp()) / "voila.log", extra_env={
        "SOCIOCRACY_COURSE_DATA": tempfile.mkdtemp(prefix="bench-data-")})
    results: dict[str, list[float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            results[BASELINE] = round_baseline(page, server.url("apps/round_facilitator.ipynb"),
                                               names)

            page.goto(server.url("apps/selection.ipynb"), timeout=120_000)
            wait_until_rendered(page, timeout=120_000)
            page.get_by_label("Role", exact=True).fill("Benchmark role")
            page.get_by_label("Members").fill("\n".join(names))
            visible_button(page, "Start").click()
            page.get_by_text("Step 1 of").wait_for()
            visible_button(page, "Consent to the role: write nominations").click()
            page.get_by_text("Slips in: 0 of").wait_for()
            slips = []
            for number in range(1, members + 1):
                page.get_by_label("Nominates").select_option(label=names[number % members])
                page.get_by_label("Because").fill(f"reason {number}")
                slips += click_times(page, "Record the slip", [f"Slips in: {number} of {members}"])
            results["selection app: Record the slip (+ record)"] = slips
            visible_button(page, "Reveal the nominations").click()
            page.get_by_text(f"(turn 1 of {members})").wait_for()
            results["selection app: Read out: next (+ record)"] = click_times(
                page, "Read out: next", [f"(turn {i + 2} of {members})"
                                         for i in range(members - 1)])
            visible_button(page, "Read out: next").click()
            page.get_by_text("Everyone has spoken.").wait_for()
            visible_button(page, "Start the change round").click()
            page.get_by_text(f"(turn 1 of {members})").wait_for()
            results["selection app: Record the answer (+ record)"] = click_times(
                page, "Record the answer", [f"(turn {i + 2} of {members})"
                                            for i in range(members - 1)])
            browser.close()
    finally:
        server.stop()
    print_click_table(results, members)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument("--members", type=int, default=10, help="members in the browser run")
    args = parser.parse_args()
    throughput()
    if not args.no_browser:
        browser_latency(args.members)
    return 0


if __name__ == "__main__":
    sys.exit(main())
