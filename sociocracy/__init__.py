"""Sociocracy, as a simulation and domain library for the Sociocracy Ambassador Course.

Pure Python (and numpy): nothing here imports Jupyter, ipywidgets, IPython or matplotlib, so the
library can be tested, reused and run anywhere. The interactive layer lives in
``sociocracy.widgets`` (the ``widgets/`` folder of the repository).

``__version__`` is read from the installed package's metadata on first use (PEP 562), not on
import: reading metadata scans the environment, and every page a visitor opens imports this.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("sociocracy-course")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0.0.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'sociocracy' has no attribute {name!r}")
