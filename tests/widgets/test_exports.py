"""Every name ``sociocracy.widgets`` promises can be imported."""

from __future__ import annotations

import sociocracy.widgets as course_widgets


def test_every_exported_name_resolves():
    for name in course_widgets.__all__:
        assert getattr(course_widgets, name) is not None, name


def test_unknown_names_raise_attribute_error():
    try:
        course_widgets.NoSuchWidget  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchWidget" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
