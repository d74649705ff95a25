"""The interactive layer of the course: ipywidgets tools built on the ``sociocracy`` library.

Imported as ``sociocracy.widgets`` (the ``widgets/`` folder is mapped to this subpackage).
Notebooks write, for example, ``from sociocracy.widgets import Quiz``.

Names are imported lazily (PEP 562): a lesson that only needs a quiz does not pay for importing
matplotlib, which is most of a page's start-up time in Voila.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Public name -> the module (in this package) that defines it.
_EXPORTS: dict[str, str] = {
    "AirtimeSimulator": "airtime",
    "CaseStudy": "case_study",
    "ChartView": "charts",
    "CircleBuilder": "circles",
    "CircleMap": "circles",
    "ComparisonTable": "traditions",
    "ConsentFacilitator": "consent",
    "ConsiderationsSimulator": "proposals",
    "DownloadLink": "downloads",
    "figure_to_html": "charts",
    "FileExport": "downloads",
    "LinkTelephone": "circles",
    "MeetingLoadCalculator": "meeting_load",
    "ObjectionSorter": "objection_sorter",
    "OKABE_ITO": "palette",
    "ProposalSteps": "proposals",
    "Question": "quiz",
    "Quiz": "quiz",
    "RoundFacilitator": "rounds",
    "ToleranceExplorer": "tolerance",
    "TraditionCompare": "traditions",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sociocracy.widgets' has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
