"""Timing helpers shared by the scripts in ``benchmarks/``."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(action: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs of ``action()``, in seconds (the least disturbed by noise)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)
