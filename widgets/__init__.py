"""The interactive layer of the course: ipywidgets tools built on the ``sociocracy`` library.

Imported as ``sociocracy.widgets`` (the ``widgets/`` folder is mapped to this subpackage).
Notebooks write, for example, ``from sociocracy.widgets import Quiz``.

Names are imported lazily (PEP 562): a lesson that only needs a quiz does not pay for importing
matplotlib, which is most of a page's start-up time in Voila.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

import sociocracy


def _check_same_checkout() -> None:
    """Refuse to mix two copies of the course: the library from one, the widgets from another.

    An editable install maps ``sociocracy.widgets`` to the ``widgets/`` folder of the checkout it
    was installed from. A second clone run with the first clone's environment would silently run
    the first clone's widgets against its own library and notebooks; fail loudly instead.
    """
    widgets_home = Path(__file__).resolve().parent.parent
    library = Path(sociocracy.__file__).resolve().parent
    if widgets_home not in (library, library.parent):  # installed package, or a checkout
        raise ImportError(
            f"sociocracy.widgets comes from {widgets_home} but sociocracy from {library.parent}: "
            "two copies of the course are mixed. Install this copy into its own environment "
            "(make start, or pip install -e . in this folder) and run it from there.")


_check_same_checkout()

#: Public name -> the module (in this package) that defines it.
_EXPORTS: dict[str, str] = {
    "AirtimeSimulator": "airtime",
    "AudienceView": "audience",
    "audience_page": "audience",
    "BallotComparison": "selection",
    "CaseStudy": "case_study",
    "ChangeOneMeeting": "one_meeting",
    "ChartView": "charts",
    "CircleBuilder": "circles",
    "CircleMap": "circles",
    "ComparisonTable": "traditions",
    "ConsentFacilitator": "consent",
    "ConsiderationsSimulator": "proposals",
    "DownloadLink": "downloads",
    "ExerciseSet": "practice",
    "figure_to_html": "charts",
    "FileExport": "downloads",
    "IntroPresenter": "intro_session",
    "GrowingGarden": "growth",
    "LinkTelephone": "circles",
    "MeetingLoadCalculator": "meeting_load",
    "NominationGrid": "selection",
    "MeetingPlanner": "meetings",
    "MeetingRunner": "meetings",
    "ObjectionSorter": "objection_sorter",
    "PolicyLifecycle": "policies",
    "OKABE_ITO": "palette",
    "ProposalSteps": "proposals",
    "Question": "quiz",
    "Quiz": "quiz",
    "ReviewCalendar": "policies",
    "RoundFacilitator": "rounds",
    "SelectionFacilitator": "selection",
    "ToleranceExplorer": "tolerance",
    "TraditionCompare": "traditions",
    "WorkshopRoom": "workshop_room",
}

__all__ = sorted(_EXPORTS)

# Under Voila, errors in widget callbacks reach visitors as one line (see tracebacks.py).
import_module(".tracebacks", __name__).quiet_tracebacks()


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sociocracy.widgets' has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
