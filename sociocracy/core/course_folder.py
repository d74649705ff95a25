"""The course folder that holds a file: where a page or a trainer's file finds its translations.

A module of its own, importing nothing of the course, because the language rules
(:mod:`sociocracy.core.language`) need it and :mod:`sociocracy.core.settings` reads those.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["course_folder_of"]


def course_folder_of(path: str | os.PathLike[str]) -> Path | None:
    """The course folder that holds ``path`` (a page, a trainer's file): its nearest parent with
    ``lessons/`` and ``apps/`` or ``translations/``; ``None`` outside a course. Pages and data
    files find their translations from it (``translations/<lang>/<same path>``)."""
    for folder in Path(path).resolve().parents:
        if (folder / "lessons").is_dir() and (
                (folder / "apps").is_dir() or (folder / "translations").is_dir()):
            return folder
    return None
