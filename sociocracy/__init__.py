"""Sociocracy, as a simulation and domain library for the Sociocracy Ambassador Course.

Pure Python (and numpy): nothing here imports Jupyter, ipywidgets, IPython or matplotlib, so the
library can be tested, reused and run anywhere. The interactive layer lives in
``sociocracy.widgets`` (the ``widgets/`` folder of the repository).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sociocracy-course")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
