"""``MeetingLoadCalculator``: how much meeting time a circle structure asks of each person.

Sliders for the group and its structure; the library (:mod:`sociocracy.meeting_load`) does the
arithmetic; the widget shows one sentence and a small table. Two presets replay the case study's
garden: the "full structure" of seven circles and the "start small" path.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from sociocracy.meeting_load import MeetingLoad

__all__ = ["PRESETS", "MeetingLoadCalculator"]

_FREQUENCY = (("every two months", 0.5), ("monthly", 1.0), ("twice a month", 2.0),
              ("weekly", 4.0))

#: Name -> settings (people, circles, circle size, hours per meeting, meetings per month).
PRESETS: dict[str, dict[str, float]] = {
    "Garden: seven circles": {"people": 15, "circles": 7, "circle_size": 5,
                              "hours_per_meeting": 2.0, "meetings_per_month": 1.0},
    "Garden: start small": {"people": 15, "circles": 1, "circle_size": 12,
                            "hours_per_meeting": 2.0, "meetings_per_month": 1.0},
}


class MeetingLoadCalculator(widgets.VBox):
    """Sliders for people, circles and meetings; a plain sentence and a table of the load."""

    def __init__(self, people: int = 15, circles: int = 7, circle_size: int = 5,
                 hours_per_meeting: float = 2.0, meetings_per_month: float = 1.0,
                 hours_available: float = 4.0) -> None:
        super().__init__()
        self.add_class("course-meeting-load")
        style = {"description_width": "14rem"}
        wide = widgets.Layout(width="32rem", max_width="100%")
        self.people = widgets.IntSlider(value=people, min=3, max=40, description="People",
                                        continuous_update=False, style=style, layout=wide)
        self.circles = widgets.IntSlider(value=circles, min=1, max=10, description="Circles",
                                         continuous_update=False, style=style, layout=wide)
        self.circle_size = widgets.IntSlider(value=circle_size, min=2, max=12,
                                             description="Members per circle",
                                             continuous_update=False, style=style, layout=wide)
        self.hours_per_meeting = widgets.FloatSlider(
            value=hours_per_meeting, min=0.5, max=4.0, step=0.5, description="Hours per meeting",
            continuous_update=False, style=style, layout=wide)
        self.frequency = widgets.Dropdown(options=_FREQUENCY, value=meetings_per_month,
                                          description="Each circle meets", style=style)
        self.hours_available = widgets.FloatSlider(
            value=hours_available, min=1.0, max=20.0, step=0.5,
            description="Meeting hours a person can give a month", continuous_update=False,
            style=style, layout=wide)
        self.preset_buttons = [
            widgets.Button(description=name, tooltip=f"Set the sliders to: {name}",
                           layout=widgets.Layout(width="auto"))
            for name in PRESETS
        ]
        for button in self.preset_buttons:
            button.on_click(lambda b: self.apply_preset(b.description))
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

    def apply_preset(self, name: str) -> None:
        """Set every slider to a preset (one recalculation per change is cheap)."""
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
        except ValueError as exc:
            self.load = None
            self.result.value = (f"<p class='course-feedback-neutral' role='status'>"
                                 f"{html.escape(str(exc).capitalize())}.</p>")
            return
        load = self.load
        verdict = ("<strong>Over:</strong> more meeting than people said they can give."
                   if load.overloaded else
                   "<strong>Within:</strong> the meetings fit the time people said they have.")
        css = "course-feedback-wrong" if load.overloaded else "course-feedback-right"
        self.result.value = (
            f"<div class='{css}' role='status'><p>{verdict}</p>"
            f"<p>{html.escape(load.summary())}</p></div>"
            "<table class='course-compare'><caption>Per person, on average</caption>"
            "<tbody>"
            f"<tr><th scope='row'>Circles sat in</th><td>{load.seats_per_person:.1f}</td></tr>"
            f"<tr><th scope='row'>Circle roles held</th><td>{load.roles_per_person:.1f}</td></tr>"
            f"<tr><th scope='row'>Meeting hours a month</th>"
            f"<td>{load.hours_per_person:.1f}</td></tr>"
            "</tbody></table>")
