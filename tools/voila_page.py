"""Waiting for a Voila page to be really ready, shared by the browser tests and the benchmarks.

Voila shows the cells when the notebook has run, then the widget manager draws each widget into
its (until then empty) output area. A page is ready when no cell output is still waiting to be
placed and every output area has content.
"""

from __future__ import annotations

READY_JS = """() => {
    const cells = document.querySelector('#rendered_cells');
    if (!cells || getComputedStyle(cells).display === 'none') return false;
    if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]'))
      return false;
    const outs = document.querySelectorAll('#rendered_cells .jp-OutputArea-output');
    return Array.from(outs).every(o => o.children.length > 0 || o.textContent.trim());
}"""


def wait_until_rendered(page, *, timeout: float = 90_000) -> None:
    """Block until the Voila page has executed and drawn all its widgets."""
    page.wait_for_function(READY_JS, timeout=timeout, polling=25)
