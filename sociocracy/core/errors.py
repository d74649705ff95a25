"""Errors the course raises on purpose, with messages meant for people, not programmers.

Every error a learner, ambassador or trainer can cause derives from :class:`CourseError`. Its
``plain`` message is one or two finished sentences for the person at the screen (capitalised,
with a full stop, naming what to do instead), so the command line and the apps show it as it is,
never as a traceback and never re-worded. ``str(error)`` may add, for programmers, the call that
comes next (``code``).

Subclasses exist only where a caller needs to tell errors apart:

* :class:`InputError`: something a person typed or chose cannot be used (an empty name, a
  negative number). Also a ``ValueError``, so plain Python callers can catch it as one. Its
  optional ``field`` is the label the person saw ("Your name", "Reason"), so a form can mark
  the box the sentence is about.
* :class:`ProcessError`: a step of a process (a round, a consent decision, a walk through a
  story) was asked for out of order, or the process's rules refuse it.
* :class:`ScenarioError`: a trainer's data file cannot be used; it names file, line and field.
"""

from __future__ import annotations

from sociocracy.core.language import _

__all__ = ["CourseError", "InputError", "ProcessError", "ScenarioError"]


class CourseError(Exception):
    """Base of every error whose message is written for the person using the course."""

    def __init__(self, plain: str, code: str | None = None) -> None:
        self.plain = plain
        self.code = code
        super().__init__(f"{plain} (in code: {code})" if code else plain)


class InputError(CourseError, ValueError):
    """A value a person gave (a name, a number, a choice) cannot be used; ``plain`` says why.

    ``field``: the label of the box or choice the value came from, when there is one (the join
    page marks that box); ``None`` otherwise.
    """

    def __init__(self, plain: str, code: str | None = None, *, field: str | None = None) -> None:
        super().__init__(plain, code)
        self.field = field


class ProcessError(CourseError):
    """A step was called out of order or with an answer the process refuses.

    ``plain`` is the message for people (apps show it); ``str(error)`` adds, for programmers, the
    call that comes next, e.g. "(in code: publish(review_date))".
    """


class ScenarioError(InputError):
    """A trainer's data file could not be used; the message says which file, line and field.

    Attributes are kept separately too, so that tools (the ``check`` command, an app) can point at
    the place without parsing the message (which is in the page's language): ``check_code`` is
    the kind of problem when the code that found it knows one ("missing-field", "skipped").
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None,
        field: str | None = None, check_code: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.reason = message
        self.check_code = check_code
        where = ""
        if path is not None:
            where = (_("{path}, line {line}").format(path=path, line=line) if line is not None
                     else str(path))
        if field:
            where = (_("{place} (field '{field}')").format(place=where, field=field) if where
                     else _("field '{field}'").format(field=field))
        super().__init__(_("{place}: {message}").format(place=where, message=message) if where
                         else message, field=field)
