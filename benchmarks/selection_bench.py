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
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.selection import compare_selection  # noqa: E402
from tools.bench import best_of  # noqa: E402

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


def _clicks(page, label: str, expectations: list[str]) -> list[float]:
    return [page.evaluate(CLICK_JS, [label, text]) for text in expectations]


def _button(page, label: str):
    return page.locator("button:visible").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))


def browser_latency(members: int) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("\nNo Chromium found: browser latency not measured.")
        return
    from playwright.sync_api import sync_playwright

    from tools.course_server import CHROMIUM_ARGS, start_course_server
    from tools.voila_page import wait_until_rendered

    os.environ["SOCIOCRACY_COURSE_DATA"] = tempfile.mkdtemp(prefix="selection-bench-")
    names = [f"Member {i + 1}" for i in range(members)]
    server = start_course_server(Path(tempfile.mkdtemp()) / "voila.log")
    results: dict[str, list[float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(server.url("apps/round_facilitator.ipynb"), timeout=120_000)
            wait_until_rendered(page, timeout=120_000)
            page.get_by_label("Participants").fill("\n".join(names))
            page.locator("button", has_text="Start the round").click()
            page.wait_for_function("() => document.body.textContent.includes('(turn 1 of')")
            results["round facilitator app: Next (baseline)"] = _clicks(
                page, "Next", [f"(turn {i + 2} of {members})" for i in range(members - 1)])
            page.goto("about:blank")

            page.goto(server.url("apps/selection.ipynb"), timeout=120_000)
            wait_until_rendered(page, timeout=120_000)
            page.get_by_label("Role", exact=True).fill("Benchmark role")
            page.get_by_label("Members").fill("\n".join(names))
            _button(page, "Start").click()
            page.get_by_text("Step 1 of").wait_for()
            _button(page, "Consent to the role: write nominations").click()
            page.get_by_text("Slips in: 0 of").wait_for()
            slips = []
            for number in range(1, members + 1):
                page.get_by_label("Nominates").select_option(label=names[number % members])
                page.get_by_label("Because").fill(f"reason {number}")
                slips += _clicks(page, "Record the slip", [f"Slips in: {number} of {members}"])
            results["selection app: Record the slip (+ record)"] = slips
            _button(page, "Reveal the nominations").click()
            page.get_by_text(f"(turn 1 of {members})").wait_for()
            results["selection app: Read out: next (+ record)"] = _clicks(
                page, "Read out: next", [f"(turn {i + 2} of {members})"
                                         for i in range(members - 1)])
            _button(page, "Read out: next").click()
            page.get_by_text("Everyone has spoken.").wait_for()
            _button(page, "Start the change round").click()
            page.get_by_text(f"(turn 1 of {members})").wait_for()
            results["selection app: Record the answer (+ record)"] = _clicks(
                page, "Record the answer", [f"(turn {i + 2} of {members})"
                                            for i in range(members - 1)])
            browser.close()
    finally:
        server.stop()
    base = statistics.median(results["round facilitator app: Next (baseline)"])
    print(f"\nClick-to-update latency in Voila ({members} members; ms, measured in the page)\n")
    print(f"| {'click':<46} | n  | median | min  | max  | x baseline |")
    print(f"|{'-' * 48}|----|--------|------|------|------------|")
    for what, times in results.items():
        median = statistics.median(times)
        print(f"| {what:<46} | {len(times):2d} | {median:6.1f} | {min(times):4.0f} | "
              f"{max(times):4.0f} | {median / base:10.2f} |")


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
