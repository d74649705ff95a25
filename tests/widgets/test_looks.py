"""Shared layouts and styles (issue 27): fewer models, and a hidden control hides only itself."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from sociocracy.widgets.looks import SharedLayout, hide, keep_own_style, lighten


def test_lighten_shares_equal_layouts_and_styles_and_closes_the_ones_it_replaced():
    plain = [widgets.HTML(f"<p>{n}</p>") for n in range(5)]
    wide = [widgets.Button(description=str(n), layout=widgets.Layout(width="auto"))
            for n in range(3)]
    replaced = [w.layout for w in plain + wide] + [w.style for w in plain + wide]
    box = lighten(widgets.VBox([*plain, widgets.HBox(wide)]))
    assert len({id(w.layout) for w in plain}) == 1
    assert len({id(w.layout) for w in wide}) == 1 and wide[0].layout.width == "auto"
    assert len({id(w.style) for w in plain}) == 1
    assert all(model.comm is None for model in replaced)  # never sent to the browser
    assert isinstance(box.children[0].layout, SharedLayout)


def test_hiding_one_control_leaves_the_others_that_shared_its_layout_shown():
    controls = [widgets.Button(description=str(n), layout=widgets.Layout(width="auto"))
                for n in range(3)]
    lighten(widgets.VBox(controls))
    hide(controls[1], True)
    assert controls[1].layout.display == "none" and controls[1].layout.width == "auto"
    assert controls[0].layout.display is None and controls[2].layout.display is None
    hide(controls[1], False)
    assert controls[1].layout.display is None


def test_setting_a_field_of_a_shared_layout_raises_instead_of_changing_every_control():
    controls = [widgets.Label(str(n)) for n in range(2)]
    lighten(widgets.VBox(controls))
    with pytest.raises(AttributeError, match="shared"):
        controls[0].layout.display = "none"
    assert controls[1].layout.display is None


def test_a_control_that_changes_its_style_later_keeps_its_own():
    clock = keep_own_style(widgets.Label("0:00", style={"font_size": "1.4em"}))
    twin = widgets.Label("0:00", style={"font_size": "1.4em"})
    lighten(widgets.VBox([clock, twin]))
    assert clock.style is not twin.style
    clock.style.text_color = "red"
    assert twin.style.text_color is None


def test_a_layout_another_control_outside_the_tree_uses_is_not_closed():
    """A view built later (not in the tree yet) may hold the same layout: it stays usable."""
    look = widgets.Layout(margin="1em")
    shown, later = widgets.HTML(layout=look), widgets.HTML(layout=look)
    lighten(widgets.VBox([shown]))
    assert later.layout is look and look.comm is not None
