"""Fields of trainers' files: suggesting the intended name, and reporting every mistake at once.

Trainers write YAML by hand, so ``promt:`` for ``prompt:`` is the commonest mistake. Two rules
shared by every file format (quizzes, case studies, organisations):

* an unknown field is reported with the closest known one (``suggest_field``);
* the ``check`` command reports every problem in a file in one run, while the course pages stop
  at the first (they only need to know the file cannot be used). Parsers take a
  :class:`Problems` collector: ``Problems()`` raises at once, ``Problems(collect=True)`` keeps
  going, one part (a question, a choice, a circle, a node) at a time.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sociocracy.core.errors import ScenarioError
from sociocracy.core.language import _

__all__ = ["PartReported", "Problems", "suggest_field", "unknown_field_message"]


def suggest_field(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'members'?)' for a misspelt field, or ''."""
    close = difflib.get_close_matches(str(name), sorted(known), n=1, cutoff=0.75)
    return " " + _("(did you mean '{name}'?)").format(name=close[0]) if close else ""


def unknown_field_message(name: Any, known: Iterable[str], what: str) -> str:
    """"unknown field 'promt' in a question (did you mean 'prompt'?); it has: choices, ...".

    ``what`` is already in the page's language (callers mark it, as ``_("a question")``)."""
    names = ", ".join(sorted(known))
    return _("unknown field '{name}' in {what}{suggestion}; {what} has: {names}").format(
        name=name, what=what, suggestion=suggest_field(str(name), known), names=names)


class PartReported(Exception):
    """Raised by a parser for a part whose problems it has already reported (when collecting):
    :meth:`Problems.part` skips the part without another message."""


class Problems:
    """Where a parser sends the mistakes it finds: raised at once, or collected for ``check``."""

    def __init__(self, *, collect: bool = False) -> None:
        self.collect = collect
        self.errors: list[ScenarioError] = []

    def report(self, error: ScenarioError) -> None:
        """Raise ``error``, or (when collecting) note it and let the parser go on."""
        if not self.collect:
            raise error
        if not any(_same(error, seen) for seen in self.errors):
            self.errors.append(error)

    @contextmanager
    def part(self) -> Iterator[None]:
        """Parse one part; when collecting, a mistake in it skips only this part."""
        try:
            yield
        except ScenarioError as error:
            self.report(error)
        except PartReported:
            pass

    def refuse_unknown_fields(self, loaded: Any, raw: dict, known: Iterable[str], what: str,
                              *where: Any) -> None:
        """Report every field of ``raw`` not in ``known`` (with the likely intended one), then
        skip the part: a misspelt field would also read as a missing one, and one message is
        enough. ``loaded`` is the file's :class:`~sociocracy.core.yaml_file.LoadedYaml`.
        """
        known = tuple(known)
        unknown = [key for key in raw if key not in known]
        for key in unknown:
            self.report(loaded.error(unknown_field_message(key, known, what), *where, key))
        if unknown:
            raise PartReported()

    def __bool__(self) -> bool:
        return bool(self.errors)


def _same(a: ScenarioError, b: ScenarioError) -> bool:
    return (a.path, a.line, a.field, a.reason) == (b.path, b.line, b.field, b.reason)
