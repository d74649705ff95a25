"""Waiting for a Voila page to be really ready, shared by the browser tests and the benchmarks.

Voila shows the cells when the notebook has run, then the widget manager draws each widget into
its (until then empty) output area. A page is ready when no cell output is still waiting to be
placed and every output area has content. A lesson is sent progressively (its text first, then
each cell's outputs over a socket, ``sociocracy.shell.server.renders_progressively``): until a
cell's outputs arrive it holds a grey skeleton, and before Voila's script has started it has
neither skeletons nor outputs: such a page is ready when every cell has its output area.
"""

from __future__ import annotations

READY_JS = """() => {
    const cells = document.querySelector('#rendered_cells');
    if (!cells || getComputedStyle(cells).display === 'none') return false;
    if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]'))
      return false;
    if (document.querySelector('.voila-skeleton-container')) return false;
    const config = document.getElementById('jupyter-config-data');
    if (!config) return false;
    if (JSON.parse(config.textContent).progressiveRendering) {
      // every cell gets an output area once it has run (markdown cells an empty one)
      const cellsSent = document.querySelectorAll('#rendered_cells [cell-index]');
      if (!Array.from(cellsSent).every(c => c.querySelector('.jp-Cell-outputWrapper')))
        return false;
    }
    const outs = document.querySelectorAll('#rendered_cells .jp-OutputArea-output');
    return Array.from(outs).every(o => o.children.length > 0 || o.textContent.trim());
}"""


def wait_until_rendered(page, *, timeout: float = 90_000) -> None:
    """Block until the Voila page has executed and drawn all its widgets."""
    page.wait_for_function(READY_JS, timeout=timeout, polling=25)


#: Installed before a page loads (``page.add_init_script``): records in ``window.courseTextAt``
#: the time (ms since navigation) when the page's first heading is visible on screen (shown, and
#: not pushed below the window by a spinner): its text can be read.
TEXT_READABLE_JS = """(() => {
  const look = () => {
    const h = document.querySelector('#rendered_cells h1, #rendered_cells h2');
    const box = h && h.getBoundingClientRect();
    if (h && h.checkVisibility() && box.height > 0 && box.top < window.innerHeight) {
      window.courseTextAt = performance.now();
      return;
    }
    setTimeout(look, 5);
  };
  look();
})();"""
