"""Take the README's picture of the course in the room on a phone.

    .venv/bin/python tools/readme_pictures.py

Starts a course server, drives the round facilitator on a 390 px phone (Debian's Chromium,
headless), and writes a small PNG (a 64-colour palette: the page is flat colours and text) to
``docs/images/``. The projector's picture, ``audience-consent.png``, is the audience view the
browser tests photograph with twelve phones answering
(``tests/ui/test_audience_views.py``, ``audience-consent-revealed-1280x720``).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.course_server import CHROMIUM_ARGS, start_course_server  # noqa: E402
from tools.voila_page import wait_until_rendered  # noqa: E402

IMAGES = ROOT / "docs" / "images"
PEOPLE = "Ana\nMaria-Magdalena Esperanza Villanueva de la Fuente\nBen\nChloé"


def _save(png: bytes, name: str) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = IMAGES / name
    small.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {image.size[0]}x{image.size[1]}, "
          f"{path.stat().st_size // 1024} KB")


def _open(page, server, path: str) -> None:
    page.goto(server.url(path), wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(page)


def phone(browser, server) -> None:
    """The round facilitator on a participant's phone, mid-round, a long name speaking."""
    page = browser.new_context(viewport={"width": 390, "height": 844},
                               device_scale_factor=1).new_page()
    _open(page, server, "apps/round_facilitator.ipynb")
    page.get_by_label("Participants:").fill(PEOPLE)
    page.get_by_label("Prompt:").fill("How are you arriving today?")
    page.get_by_role("button", name="Start the round").click()
    page.get_by_label("Note for this turn:").fill("Glad to be here")
    page.get_by_role("button", name="Next", exact=True).click()
    page.locator(".course-round-current").filter(has_text="Maria").wait_for()
    page.get_by_role("heading", name="Check-in round").evaluate(
        "el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    _save(page.screenshot(), "room-phone.png")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.conftest import chromium_path

    with tempfile.TemporaryDirectory() as folder:
        server = start_course_server(Path(folder) / "voila.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(),
                                                     headless=True, args=CHROMIUM_ARGS)
                phone(browser, server)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
