"""Consent benchmarks: ``compare_methods`` throughput, and click-to-update latency in the browser.

1. Throughput of :func:`sociocracy.consent.compare_methods` (vectorised Monte Carlo), in trials
   per second, for 1-D and 2-D policy spaces. Baselines from the same run: the same trials
   decided one at a time with :func:`sociocracy.consent.decide` (what a naive loop would cost),
   and numpy merely drawing the random numbers a run needs (the floor).
2. In Voila, the time from a click to the updated display, measured inside the page (a
   MutationObserver, so Playwright's polling is not counted): "Consent" clicks in the consent
   app's consent round, "Next" clicks in its clarifying-questions round, and, as the baseline,
   "Next" clicks in the plain round facilitator app.

Figures are printed, never asserted: machines are noisy. Ratios to a same-run baseline travel
better than seconds.

Usage: python benchmarks/consent_bench.py [--no-browser] [--members 12]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.consent import METHODS, Member, compare_methods, decide  # noqa: E402
from sociocracy.tolerance import SPACE, TOLERANCE_RADII  # noqa: E402
from tools.bench import (  # noqa: E402
    BASELINE,
    best_of,
    click_times,
    print_click_table,
    round_baseline,
    visible_button,
)

GROUP = 7


def _loop_decide(trials: int, dims: int, rng: np.random.Generator) -> None:
    for _ in range(trials):
        members = [Member(f"m{i}", tuple(rng.uniform(*SPACE, dims)), rng.uniform(*TOLERANCE_RADII))
                   for i in range(GROUP)]
        proposal, quo = rng.uniform(*SPACE, dims), rng.uniform(*SPACE, dims)
        for method in METHODS:
            decide(method, members, proposal, status_quo=quo)


def _draw_only(trials: int, dims: int, rng: np.random.Generator) -> None:
    """Draw as many random numbers as compare_methods does, and nothing else."""
    rng.uniform(size=(trials, 1, dims))
    rng.normal(size=(trials, GROUP + 2, dims))
    rng.uniform(size=(trials, GROUP))
    rng.integers(0, GROUP, size=trials)


def throughput() -> None:
    print(f"\ncompare_methods throughput (groups of {GROUP}; best of 3)\n")
    print("| space | trials  | seconds | trials/s   | x naive loop | x RNG floor |")
    print("|-------|---------|---------|------------|--------------|-------------|")
    trials, loop_trials = 100_000, 300
    for dims in (1, 2):
        vector = best_of(partial(compare_methods, GROUP, trials=trials, seed=1, dims=dims), 3)
        loop = best_of(partial(_loop_decide, loop_trials, dims, np.random.default_rng(1)),
                       3) / loop_trials
        floor = best_of(partial(_draw_only, trials, dims, np.random.default_rng(1)), 3)
        per_trial = vector / trials
        print(f"| {dims}-D   | {trials:,} | {vector:7.3f} | {1 / per_trial:10,.0f} | "
              f"{loop / per_trial:12,.0f} | {vector / floor:11.1f} |")
    print("\n'x naive loop': how many times faster than deciding each trial with decide() in a "
          "Python loop;\n'x RNG floor': run time divided by the time numpy needs just to draw "
          "the random numbers.")


def _step(page, label: str, visible_text: str) -> None:
    """An unmeasured click, then wait until ``visible_text`` is on screen."""
    visible_button(page, label).click()
    page.get_by_text(visible_text).first.wait_for(state="visible")


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
            # The consent app.
            page.goto(server.url("apps/consent_decision.ipynb"), timeout=120_000)
            wait_until_rendered(page, timeout=120_000)
            page.get_by_label("Proposal").fill("Benchmark proposal")
            page.get_by_label("Members").fill("\n".join(names))
            visible_button(page, "Start").click()
            page.wait_for_function("() => document.body.textContent.includes('Facilitator:')")
            click_times(page, "Start clarifying questions", ["(turn 1 of"])
            results["consent app: Next in a round"] = click_times(
                page, "Next", [f"(turn {i + 2} of {members})" for i in range(members - 1)])
            _step(page, "Next", "The round is complete")
            _step(page, "Start quick reactions", f"(turn 1 of {members})")
            for i in range(members - 1):
                _step(page, "Next", f"(turn {i + 2} of {members})")
            _step(page, "Next", "The round is complete")
            _step(page, "Restate, then consent round", f"{names[0]}, do you have")
            results["consent app: Consent in the consent round"] = click_times(
                page, "Consent", [f"{n}, do you have" for n in names[1:]])
            browser.close()
    finally:
        server.stop()
    print_click_table(results, members)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument("--members", type=int, default=12, help="members in the browser run")
    args = parser.parse_args()
    throughput()
    if not args.no_browser:
        browser_latency(args.members)
    return 0


if __name__ == "__main__":
    sys.exit(main())
