"""Style objects shared by the controls of a page, instead of one per control.

Every ipywidgets control brings a style model, and every model is sent to the browser when the
page opens (about a millisecond each, in the kernel, the server and the browser). The course's
controls set their style once, when they are made, and never change it, so one style object per
kind and setting serves them all. A control whose style changes while the page runs (the round
timer's colour) keeps its own.

Layouts are models too: a lesson's page opened with about a hundred layouts, most of them empty
(issue 27). :func:`lighten` walks a finished tool and gives controls with the same layout one
shared, read-only layout, and the same style one shared style. A control shown
or hidden later goes through :func:`hide`, which gives it a layout of its own first; setting a
field on the shared layout directly raises, so a missed case fails loudly instead of hiding every
control of the page.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any, TypeVar

from ipywidgets.widgets.widget import Widget, _instances
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_layout import Layout
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

__all__ = ["SharedLayout", "button_style", "checkbox_style", "choice_style", "hide", "html_style",
           "keep_own_style", "lighten", "text_style"]

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


class SharedLayout(Layout):
    """The empty layout every plain control of a page shares; read-only once made."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._frozen = True

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_frozen", False) and name in self.keys and not name.startswith("_"):
            raise AttributeError(
                f"This layout is shared by many controls: give the control its own before "
                f"setting {name!r} (widgets.looks.hide(control, ...) does, for display).")
        super().__setattr__(name, value)


def shared_layout(**settings: Any) -> SharedLayout:
    """The page's one read-only layout with these ``settings`` (none: the empty one)."""
    return _shared(SharedLayout, **settings)


def hide(control: Widget, hidden: bool) -> None:
    """Hide or show ``control``, giving it a layout of its own first if it shares one."""
    display = "none" if hidden else None
    layout = control.layout
    if isinstance(layout, SharedLayout):
        settings = _settings(layout)
        if settings.get("display") == display:
            return
        control.layout = Layout(**{**settings, "display": display})
    else:
        layout.display = display


_DEFAULTS: dict[type, dict[str, Any]] = {}
#: Controls whose style changes while the page runs (the round timer's colour): never shared.
_OWN_STYLE: weakref.WeakSet[Widget] = weakref.WeakSet()


def keep_own_style(control: Widget) -> Widget:
    """Mark ``control`` as changing its style later, so :func:`lighten` leaves it its own."""
    _OWN_STYLE.add(control)
    return control


def _settings(model: Widget) -> dict[str, Any]:
    """A layout's or style's settings that differ from its kind's defaults."""
    kind = type(model)
    if kind not in _DEFAULTS:
        _DEFAULTS[kind] = {name: trait.default() for name, trait
                           in kind.class_traits(sync=True).items() if not name.startswith("_")}
    return {name: getattr(model, name) for name, default in _DEFAULTS[kind].items()
            if getattr(model, name) != default}


def _tree(root: Widget) -> Iterator[Widget]:
    """Every widget in ``root``'s tree of children (each once)."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        widget = todo.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        yield widget
        for child in getattr(widget, "children", ()) or ():
            if isinstance(child, Widget):
                todo.append(child)


def lighten(root: Widget) -> Widget:
    """Share layouts and styles across ``root``'s tree: fewer models for the page to send.

    A layout becomes the page's one read-only :class:`SharedLayout` with the same settings; a
    style becomes the page's one style of its kind and settings (controls marked with
    :func:`keep_own_style` keep theirs). A layout kept in a module for several tools must be a
    :class:`SharedLayout` already (``shared_layout(...)``): replaced models are closed.
    Call it when a tool is built, before it is shown. Replaced models that no open control uses
    any more are closed, so the page never sends them. Returns ``root``.
    """
    shared = {id(model) for model in _made.values()}
    replaced: dict[int, Widget] = {}
    for widget in _tree(root):
        layout = getattr(widget, "layout", None)
        if isinstance(layout, Layout) and not isinstance(layout, SharedLayout):
            settings = _settings(layout)
            if all(isinstance(value, str | int | float | bool | None)
                   for value in settings.values()):
                replaced[id(layout)] = layout
                widget.layout = shared_layout(**settings)
        style = getattr(widget, "style", None)
        if isinstance(style, Widget) and id(style) not in shared and widget not in _OWN_STYLE:
            settings = _settings(style)
            if all(isinstance(value, str | int | float | bool | None)
                   for value in settings.values()):
                replaced[id(style)] = style
                widget.style = _shared(type(style), **settings)
                shared.add(id(widget.style))
    still_used = {id(item) for widget in list(_instances.values()) for item in _uses(widget)}
    for model in replaced.values():
        if id(model) not in still_used:  # a control outside the tree (not shown yet) keeps it
            model.close()
    return root


def _uses(widget: Widget) -> Iterator[Widget]:
    """The layout and style models ``widget`` refers to."""
    for name in ("layout", "style"):
        item = widget.__dict__.get("_trait_values", {}).get(name)
        if isinstance(item, Widget):
            yield item
