"""How many self-checks test judgement: the share of questions and tasks that ask for application.

A question that asks the learner to use an idea in a new situation (``kind: application`` in a
quiz, ``asks: application`` in a practice task) tests judgement; one that asks them to repeat a
sentence of the lesson tests recall. The course aims at least :data:`COURSE_TARGET` application
across all its self-checks (issue 24), and at least :data:`SET_TARGET` in each quiz or exercise
set, below which ``sociocracy-course check`` warns. The content tests and ``check`` count with
the same functions, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sociocracy.core.language import _
from sociocracy.core.yaml_file import LoadedYaml

__all__ = [
    "COURSE_TARGET",
    "SET_TARGET",
    "Share",
    "count_loaded",
    "set_warning",
    "share_sentence",
]

#: The share of application questions and tasks the whole course aims at.
COURSE_TARGET = 0.70
#: Below this share in one quiz or exercise set, ``check`` warns.
SET_TARGET = 0.5


@dataclass(frozen=True)
class Share:
    """``application`` of ``total`` questions or tasks ask the learner to apply an idea."""

    application: int = 0
    total: int = 0

    def __add__(self, other: Share) -> Share:
        return Share(self.application + other.application, self.total + other.total)

    @property
    def fraction(self) -> float:
        return self.application / self.total if self.total else 0.0


def _asked(items: Iterable[Any], field: str) -> Share:
    marks = [item.get(field, "recall") for item in items if isinstance(item, dict)]
    return Share(sum(mark == "application" for mark in marks), len(marks))


def count_loaded(loaded: LoadedYaml) -> Share | None:
    """The share in one parsed quiz or exercise set (as written; ``None`` for other files).

    Counted from the file's data, not from the parsed questions, so a question with a mistake
    elsewhere still counts (``check`` reports the mistake itself).
    """
    data = loaded.data
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("questions"), list):
        return _asked(data["questions"], "kind")
    if isinstance(data.get("tasks"), list):
        return _asked(data["tasks"], "asks")
    return None


def set_warning(share: Share, what: str) -> str | None:
    """The ``few-application`` warning for one set, or ``None`` when it has enough."""
    if not share.total or share.fraction >= SET_TARGET:
        return None
    if what == "questions":
        message = _("only {application} of the {total} questions in this file ask the learner "
                    "to apply an idea to a situation (kind or asks: application); at least half "
                    "should, so that the self-checks test judgement, not memory")
    else:
        message = _("only {application} of the {total} tasks in this file ask the learner "
                    "to apply an idea to a situation (kind or asks: application); at least half "
                    "should, so that the self-checks test judgement, not memory")
    return message.format(application=share.application, total=share.total)


def share_sentence(share: Share) -> str:
    """The line ``check`` prints: the share of application questions and tasks it read."""
    percent = round(100 * share.fraction)
    return _("Judgement: {application} of {total} quiz questions and practice tasks "
             "({percent} %) ask the learner to apply an idea to a situation; the course aims at "
             "{target} % or more.").format(application=share.application, total=share.total,
                                           percent=percent, target=round(100 * COURSE_TARGET))
