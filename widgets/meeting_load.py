"""``MeetingLoadCalculator``: how much meeting time a circle structure asks of each person.

Drop-downs for the group and its structure; the library (:mod:`sociocracy.meeting_load`) does the
arithmetic; the widget shows one sentence and a small table. Two presets replay the case study's
garden: the "full structure" of seven circles and the "start small" path.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from sociocracy.core.errors import CourseError
from sociocracy.core.language import DEFAULT, N_, _, babel_locale, current
from sociocracy.meeting_load import MeetingLoad

from .feedback import error_html, feedback_html
from .looks import lighten

__all__ = ["PRESETS", "MeetingLoadCalculator"]

_FREQUENCY = ((N_("every two months"), 0.5), (N_("monthly"), 1.0),
              (N_("twice a month"), 2.0), (N_("weekly"), 4.0))

#: Name -> settings (people, circles, circle size, hours per meeting, meetings per month).
PRESETS: dict[str, dict[str, float]] = {
    N_("Garden: seven circles"): {"people": 15, "circles": 7, "circle_size": 5,
                              "hours_per_meeting": 2.0, "meetings_per_month": 1.0},
    N_("Garden: start small"): {"people": 15, "circles": 1, "circle_size": 12,
                            "hours_per_meeting": 2.0, "meetings_per_month": 1.0},
}


class MeetingLoadCalculator(widgets.VBox):
    """Choices for people, circles and meetings; a plain sentence and a table of the load."""

    def __init__(self, people: int = 15, circles: int = 7, circle_size: int = 5,
                 hours_per_meeting: float = 2.0, meetings_per_month: float = 1.0,
                 hours_available: float = 4.0) -> None:
        super().__init__()
        self.add_class("course-meeting-load")
        style = {"description_width": "16rem"}
        wide = widgets.Layout(width="26rem", max_width="100%")
        # Drop-downs rather than sliders: ipywidgets' slider handle has no accessible name
        # (axe: aria-input-field-name), and a drop-down works the same by keyboard and mouse.

        def choice(description: str, options: list, value: object) -> widgets.Dropdown:
            return widgets.Dropdown(description=description, options=options, value=value,
                                    style=style, layout=wide)

        self.people = choice(_("People"), list(range(3, 41)), people)
        self.circles = choice(_("Circles"), list(range(1, 11)), circles)
        self.circle_size = choice(_("Members per circle"), list(range(2, 13)), circle_size)
        self.hours_per_meeting = choice(
            _("Hours per meeting"),
            [(_number(h, "0.#"), h) for h in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0)],
            hours_per_meeting)
        self.frequency = choice(_("Each circle meets"),
                                [(_(label), value) for label, value in _FREQUENCY],
                                meetings_per_month)
        self.hours_available = choice(
            _("Hours a person can give a month"), [(f"{h:g}", float(h)) for h in range(1, 21)],
            hours_available)
        self.preset_buttons = [
            widgets.Button(description=_(name),
                           tooltip=_("Set the choices to: {preset}").format(preset=_(name)),
                           layout=widgets.Layout(width="auto"))
            for name in PRESETS
        ]
        for button, name in zip(self.preset_buttons, PRESETS, strict=True):
            button.on_click(lambda _b, name=name: self.apply_preset(name))
        self.result = widgets.HTML()
        self.load: MeetingLoad | None = None
        controls = (self.people, self.circles, self.circle_size, self.hours_per_meeting,
                    self.frequency, self.hours_available)
        for control in controls:
            control.observe(self._recalculate, names="value")
        self.children = [widgets.HBox(self.preset_buttons,
                                      layout=widgets.Layout(flex_flow="row wrap")),
                         *controls, self.result]
        self._recalculate()
        lighten(self)  # one shared layout and style per kind (issue 27)

    def apply_preset(self, name: str) -> None:
        """Set every choice to a preset (one recalculation per change is cheap)."""
        settings = PRESETS[name]
        self.people.value = int(settings["people"])
        self.circle_size.value = int(settings["circle_size"])
        self.circles.value = int(settings["circles"])
        self.hours_per_meeting.value = settings["hours_per_meeting"]
        self.frequency.value = settings["meetings_per_month"]

    def _recalculate(self, _change: object = None) -> None:
        try:
            self.load = MeetingLoad(
                people=self.people.value, circles=self.circles.value,
                circle_size=self.circle_size.value,
                hours_per_meeting=self.hours_per_meeting.value,
                meetings_per_month=self.frequency.value,
                hours_available=self.hours_available.value)
        except CourseError as exc:
            self.load = None
            self.result.value = error_html(exc.plain)
            return
        load = self.load
        verdict = (_("Over: more meeting than people said they can give.")
                   if load.overloaded else
                   _("Within: the meetings fit the time people said they have."))
        self.result.value = (
            feedback_html(headline=verdict, body_html=f"<p>{html.escape(load.summary())}</p>",
                          kind="wrong" if load.overloaded else "right")
            + "<table class='course-compare'><caption>"
            + html.escape(_("Per person, on average")) + "</caption><tbody>"
            + "".join(
                f"<tr><th scope='row'>{html.escape(label)}</th><td>{_number(value)}</td></tr>"
                for label, value in (
                    (_("Circles sat in"), load.seats_per_person),
                    (_("Circle roles held"), load.roles_per_person),
                    (_("Meeting hours a month"), load.hours_per_person)))
            + "</tbody></table>")


def _number(value: float, pattern: str = "0.0") -> str:
    """A figure in the page's language ("1.5", "1,5"); English as it always was."""
    if current() == DEFAULT:
        return f"{value:g}" if pattern == "0.#" else f"{value:.1f}"
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=babel_locale())
