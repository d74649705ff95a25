"""The interactive layer of the course: ipywidgets tools built on the ``sociocracy`` library.

Imported as ``sociocracy.widgets`` (the ``widgets/`` folder is mapped to this subpackage).
Notebooks write, for example, ``from sociocracy.widgets import Quiz``.
"""

from .airtime import AirtimeSimulator
from .charts import ChartView, figure_to_html
from .consent import ConsentFacilitator, ObjectionSorter, ToleranceExplorer
from .downloads import DownloadLink, FileExport
from .palette import OKABE_ITO
from .quiz import Question, Quiz
from .rounds import RoundFacilitator
from .traditions import TraditionCompare

__all__ = [
    "OKABE_ITO",
    "AirtimeSimulator",
    "ChartView",
    "ConsentFacilitator",
    "DownloadLink",
    "FileExport",
    "ObjectionSorter",
    "Question",
    "Quiz",
    "RoundFacilitator",
    "ToleranceExplorer",
    "TraditionCompare",
    "figure_to_html",
]
