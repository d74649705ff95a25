"""How long each lesson and app takes to load in Voila, compared with a one-slider page.

For every notebook in lessons/, apps/, exercises/ and solutions/ (and the baseline
benchmarks/notebooks/one_slider.ipynb),
in headless Chromium, cold (a new browser context each time, so no cache and a new kernel):
one untimed warm-up load, then RUNS timed loads from navigation until the page has executed and
drawn all its widgets, with a load of the baseline before each and one after the last. Prints the
median, min and max, and the ratio: each load divided by the mean of the baseline loads on either
side of it, median of those (machines are noisy, and a shared machine's load drifts during a run
of many minutes: a ratio to loads measured at the same moment travels better than seconds, or
than one baseline measured first).

A page that opens with a chart shows it from the chart cache (``sociocracy.widgets.chart_cache``)
once it has been drawn once. So each page also gets one timed load with the chart cache emptied
just before ("chart drawn"): what the very first visitor after an install or an update waits.
The timed runs after it are what every later visitor waits. The cache is a folder of the run's own.

Each load also records when the page's first heading is on screen ("text readable", measured in
the page from its navigation): lessons are sent text first (``renders_progressively`` in
``sociocracy/shell/server.py``), so their text comes long before their widgets; other pages show
it with their widgets. Each page's two ratios are printed as soon as it is measured.

The course server serves only course pages (lessons/, apps/, exercises/, solutions/), so the
pages are served from a temporary copy of the course with the baseline placed in its apps/
folder; the copy imports the same installed library and widgets.

With ``--language es`` it compares each page in that language with the same page in English
instead (issue 23: within 1.05x): the English and the translated page alternate, each translated
load divided by the mean of the English loads on either side of it.

Usage: python benchmarks/voila_load.py [--runs 5] [--only PATTERN] [--language es]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.course_server import CHROMIUM_ARGS, start_course_server  # noqa: E402
from tools.voila_page import TEXT_READABLE_JS, wait_until_rendered  # noqa: E402

BASELINE = "benchmarks/notebooks/one_slider.ipynb"
#: Where the baseline is served from in the copy of the course (a served folder).
SERVED_BASELINE = "apps/zz_benchmark_one_slider.ipynb"
#: What the copy of the course needs: the pages, the files they read, the template and settings.
COPIED = ("lessons", "apps", "exercises", "solutions", "examples", "share", "etc",
          "translations", "workshops")


def course_copy() -> Path:
    """A temporary copy of the course with the baseline page in a served folder."""
    root = Path(tempfile.mkdtemp(prefix="voila-load-"))
    for folder in COPIED:
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "voila.json", root / "voila.json")
    shutil.copy(ROOT / BASELINE, root / SERVED_BASELINE)
    return root


@dataclass(frozen=True)
class Load:
    """One timed load: seconds from navigation until the last widget is drawn, and until the
    page's first heading is visible (its text readable)."""

    drawn: float
    text: float


def load_once(browser, url: str) -> Load:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(TEXT_READABLE_JS)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    wait_until_rendered(page, timeout=120_000)
    elapsed = time.perf_counter() - start
    page.wait_for_function("() => window.courseTextAt !== undefined", timeout=30_000)
    # measured in the page from its navigation, which starts a moment after ``start``
    text = min(page.evaluate("window.courseTextAt") / 1000, elapsed)
    page.goto("about:blank")  # leaving the page lets Voila shut its kernel down
    context.close()
    time.sleep(0.3)
    return Load(elapsed, text)


def bracketed_ratio(times: list[float], bases: list[float]) -> float:
    """The median over a page's loads of each load divided by the mean of the two baseline loads
    on either side of it (``bases`` has one more entry than ``times``).

    Each load is compared with the machine as it was at that moment (a shared machine's load
    drifts during a run), and the median keeps one odd load from moving the figure.
    """
    return statistics.median(t / ((before + after) / 2)
                             for t, before, after in zip(times, bases, bases[1:], strict=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="only notebooks whose path contains this")
    parser.add_argument("--language", default="",
                        help="compare each page in this language (es) with its English page")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("No Chromium found: install Debian's 'chromium' (make bench does it).")
        return 1
    pages = [BASELINE, *sorted(
        str(p.relative_to(ROOT)) for folder in ("lessons", "apps", "exercises", "solutions")
        for p in (ROOT / folder).glob("*.ipynb") if args.only in str(p))]

    from playwright.sync_api import sync_playwright

    if args.language:
        return compare_language(chromium, [p for p in pages if p != BASELINE], args)
    root = course_copy()
    cache = root / "chart-cache"
    server = start_course_server(root / "voila.log", root=root,
                                 extra_env={"SOCIOCRACY_COURSE_CACHE": str(cache),
                                            "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    loads: dict[str, list[Load]] = {}
    paired_loads: dict[str, list[Load]] = {}  # the baseline loads made beside each page's loads
    drawn: dict[str, tuple[float, float]] = {}  # a load with an empty chart cache, its baseline
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            base_url = server.url(SERVED_BASELINE)
            for path in pages:
                url = server.url(SERVED_BASELINE if path == BASELINE else path)
                load_once(browser, url)  # warm-up: imports, disk cache
                if path != BASELINE:
                    shutil.rmtree(cache, ignore_errors=True)
                    drawn[path] = (load_once(browser, url).drawn,
                                   load_once(browser, base_url).drawn)
                loads[path], paired_loads[path] = [], []
                for _ in range(args.runs):
                    if path != BASELINE:
                        paired_loads[path].append(load_once(browser, base_url))
                    loads[path].append(load_once(browser, url))
                if path != BASELINE:  # every timed load has a baseline load on either side
                    paired_loads[path].append(load_once(browser, base_url))
                if path == BASELINE:
                    print(f"  measured {path}", file=sys.stderr, flush=True)
                else:  # each page's figures as it goes (a long run can be stopped)
                    times = [load.drawn for load in loads[path]]
                    bases = [load.drawn for load in paired_loads[path]]
                    print(f"  measured {path}: until last widget drawn "
                          f"{bracketed_ratio(times, bases):.2f}x, text readable "
                          f"{bracketed_ratio([load.text for load in loads[path]], bases):.2f}x "
                          "the one-slider page", file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)

    results = {path: [load.drawn for load in times] for path, times in loads.items()}
    texts = {path: [load.text for load in times] for path, times in loads.items()}
    paired = {path: [load.drawn for load in times] for path, times in paired_loads.items()}
    paired[BASELINE] = results[BASELINE]
    every_base = [t for times in paired.values() for t in times]
    overall = statistics.median(every_base)
    print(f"\nVoila page load, cold, {args.runs} runs each (seconds from navigation until every "
          "widget is drawn); 'one-slider' is the median of the baseline loads paired with the "
          f"page's (all {len(every_base)} baseline loads: median {overall:.2f}"
          f" s, min {min(every_base):.2f}, max {max(every_base):.2f})\n")
    print(f"| {'page':<48} | until last widget drawn: median | min  | max  | one-slider | "
          "x one-slider | text readable | x one-slider | chart drawn (1 run) | "
          "x its one-slider |")
    print(f"|{'-' * 50}|---------------------------------|------|------|------------|"
          "--------------|---------------|--------------|---------------------|"
          "------------------|")
    for path, times in results.items():
        median, base = statistics.median(times), statistics.median(paired[path])
        if path == BASELINE:
            ratio = 1.0
            text_ratio = statistics.median(t / d for t, d in zip(texts[path], times, strict=True))
        else:
            ratio = bracketed_ratio(times, paired[path])
            text_ratio = bracketed_ratio(texts[path], paired[path])
        first, first_base = drawn.get(path, (median, base))
        print(f"| {path:<48} | {median:31.2f} | {min(times):4.2f} | {max(times):4.2f} | "
              f"{base:10.2f} | {ratio:12.2f} | {statistics.median(texts[path]):13.2f} | "
              f"{text_ratio:12.2f} | {first:19.2f} | {first / first_base:16.2f} |")
    print("\n'text readable': seconds until the page's first heading is visible; its ratio is to "
          "the one-slider page's whole load (until its widget is drawn) made beside it. Lessons "
          "are sent text first (sociocracy.shell.server.renders_progressively); other pages "
          "show their text with their widgets.")
    return 0


def compare_language(chromium: str, pages: list[str], args: argparse.Namespace) -> int:
    """Each page in ``args.language`` against the same page in English, loads alternating."""
    from playwright.sync_api import sync_playwright

    root = course_copy()
    server = start_course_server(root / "voila.log", root=root,
                                 extra_env={"SOCIOCRACY_COURSE_CACHE": str(root / "charts"),
                                            "SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for path in pages:
                english = server.url(path) + "?lang=en"
                other = server.url(path) + f"?lang={args.language}"
                load_once(browser, english)  # warm-ups: imports, charts drawn once
                load_once(browser, other)
                english_times = [load_once(browser, english).drawn]
                other_times = []
                for _ in range(args.runs):
                    other_times.append(load_once(browser, other).drawn)
                    english_times.append(load_once(browser, english).drawn)
                ratio = bracketed_ratio(other_times, english_times)
                rows.append((path, statistics.median(english_times),
                             statistics.median(other_times), ratio))
                print(f"  measured {path}: {args.language} {ratio:.2f}x English",
                      file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nVoila page load in '{args.language}' against English, cold, {args.runs} runs each "
          "(seconds from navigation until every widget is drawn; loads alternate)\n")
    print(f"| {'page':<48} | English median | {args.language} median | x English |")
    print(f"|{'-' * 50}|----------------|-----------|-----------|")
    for path, english_median, other_median, ratio in rows:
        print(f"| {path:<48} | {english_median:14.2f} | {other_median:9.2f} | {ratio:9.2f} |")
    ratios = [row[3] for row in rows]
    if ratios:
        print(f"\nMedian over pages: {statistics.median(ratios):.2f}x; highest "
              f"{max(ratios):.2f}x ({rows[ratios.index(max(ratios))][0]}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
