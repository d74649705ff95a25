"""Style objects shared by the controls of a page, instead of one per control.

Every ipywidgets control brings a style model, and every model is sent to the browser when the
page opens (about a millisecond each, in the kernel, the server and the browser). The course's
controls set their style once, when they are made, and never change it, so one style object per
kind and setting serves them all. A control whose style changes while the page runs (the round
timer's colour) keeps its own.
"""

from __future__ import annotations

from typing import Any, TypeVar

from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

__all__ = ["button_style", "checkbox_style", "choice_style", "html_style", "text_style"]

S = TypeVar("S")
_made: dict[tuple, Any] = {}


def _shared(kind: type[S], **settings: Any) -> S:
    key = (kind, tuple(sorted(settings.items())))
    found = _made.get(key)
    if found is None or getattr(found, "comm", None) is None:  # new, or closed since
        found = _made[key] = kind(**settings)
    return found


def choice_style(width: str = "initial") -> DescriptionStyle:
    """For drop-downs, lists and radio buttons: the label ``width`` wide."""
    return _shared(DescriptionStyle, description_width=width)


def text_style(width: str = "initial") -> TextStyle:
    """For text and text-area boxes: the label ``width`` wide."""
    return _shared(TextStyle, description_width=width)


def html_style() -> HTMLStyle:
    """For HTML blocks."""
    return _shared(HTMLStyle)


def button_style() -> ButtonStyle:
    """For buttons (their colour comes from ``button_style``, a setting of the button itself)."""
    return _shared(ButtonStyle)


def checkbox_style() -> CheckboxStyle:
    """For check boxes."""
    return _shared(CheckboxStyle)
