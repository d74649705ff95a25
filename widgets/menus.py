"""A drop-down whose first line means "nothing chosen yet".

Why not simply ``("nobody yet", None)`` as the first option: ipywidgets treats a value of None as
*no selection at all*. When someone picks that line, the kernel turns the index into None and
sends it back, so on the page the box goes blank, and a keyboard user who is already pressing
the arrow keys again starts from the top (ArrowDown on a blank box picks the first line): their
choice lands one line too high. The first line therefore carries the empty string, and
:attr:`PlaceholderMenu.choice` turns it back into None for the code that reads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

__all__ = ["PlaceholderMenu"]

_NOTHING = ""


class PlaceholderMenu(widgets.Dropdown):
    """A ``Dropdown`` of ``choices`` (each its own label) after a ``placeholder`` line."""

    def __init__(self, placeholder: str, choices: Sequence[str], choice: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(options=self._options(placeholder, choices),
                         value=choice if choice in choices else _NOTHING, **kwargs)
        self._placeholder = placeholder

    @staticmethod
    def _options(placeholder: str, choices: Sequence[str]) -> list[tuple[str, str]]:
        if _NOTHING in choices:
            raise ValueError("a choice cannot be the empty text: it stands for the placeholder")
        return [(placeholder, _NOTHING), *[(c, c) for c in choices]]

    @property
    def choice(self) -> str | None:
        """What is chosen, or None while the placeholder line shows."""
        return self.value or None

    @choice.setter
    def choice(self, who: str | None) -> None:
        self.value = _NOTHING if who is None else who

    def set_choices(self, choices: Sequence[str]) -> None:
        """Offer new choices, keeping the current one if it is still among them."""
        current = self.choice
        self.options = self._options(self._placeholder, choices)
        self.choice = current if current in choices else None
