"""Under Voila, an error in a widget callback reaches the browser as one line, never a traceback.

ipywidgets runs every message from the page inside ``try``/``except`` and shows the exception
with IPython's ``showtraceback()``, which sends the full traceback (with the server's folder
names) back over the websocket, where anyone can read it (issue 9, item 12). Voila's own
``show_tracebacks=False`` only covers the cells run while the page renders. Under Voila we
replace ``showtraceback`` in the kernel with one that sends the exception's name and a sentence.
In JupyterLab nothing changes: there the person at the keyboard owns the server.
"""

from __future__ import annotations

import sys

from sociocracy.core.language import N_, _

from .downloads import in_voila

__all__ = ["SHORT_ERROR", "quiet_tracebacks"]

#: What a visitor's browser receives instead of a traceback (English, marked: sent with ``_()``).
SHORT_ERROR = N_("This did not work, and nothing was changed. Reloading the page starts afresh.")


def quiet_tracebacks(shell=None) -> bool:
    """Make ``shell.showtraceback`` send one line; returns whether it did (only under Voila)."""
    if shell is None:
        if not in_voila():
            return False
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - widgets always run in IPython
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "_showtraceback"):
        return False

    def showtraceback(exc_tuple=None, *_args, **_kwargs) -> None:
        etype = (exc_tuple or sys.exc_info())[0] or Exception
        name = getattr(etype, "__name__", "Error")
        short = _(SHORT_ERROR)
        shell._showtraceback(etype, short, [f"{name}: {short}"])

    shell.showtraceback = showtraceback
    return True
