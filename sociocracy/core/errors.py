"""Errors the course raises on purpose, with messages meant for people, not programmers.

Every error a learner, ambassador or trainer can cause derives from :class:`CourseError`, so the
command line and the apps can show its message as one sentence instead of a traceback.
"""

from __future__ import annotations


class CourseError(Exception):
    """Base of every error whose message is written for the person using the course."""


class ScenarioError(CourseError, ValueError):
    """A trainer's data file could not be used; the message says which file, line and field.

    Attributes are kept separately too, so that tools (the ``check`` command, an app) can point at
    the place without parsing the message.
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.reason = message
        where = ""
        if path is not None:
            where = f"{path}, line {line}" if line is not None else str(path)
        if field:
            where = f"{where} (field '{field}')" if where else f"field '{field}'"
        super().__init__(f"{where}: {message}" if where else message)
