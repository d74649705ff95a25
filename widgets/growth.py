"""``GrowingGarden``: a volunteer garden grows from 5 to 40 people; the learner splits circles and
fills roles with terms, month by month, and decides an environmental policy on the way.

A view of :class:`sociocracy.growth.GrowingOrganisation`: every click calls one of its methods
(``split``, ``fill``, ``next_month``, ``decide_heating``) and the view redraws one HTML block from
its report. Refusals come back as the library's sentence in an alert box. The heating buttons
are made only when the item comes up (month :data:`~sociocracy.growth.HEATING_MONTH`), so the
page does not pay for them when it opens.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable

import ipywidgets as widgets

from sociocracy.circle_model import role_label
from sociocracy.core.errors import CourseError
from sociocracy.core.language import _, ngettext
from sociocracy.core.people_text import html_text
from sociocracy.growth import (
    HEATING_CHOICES,
    HEATING_MONTH,
    HOURS_AVAILABLE,
    MONTHS,
    TERMS,
    GrowingOrganisation,
    MonthReport,
    circle_label,
)

from .feedback import error_html, feedback_html
from .looks import button_style, choice_style, html_style

__all__ = ["GrowingGarden"]

_ROW = widgets.Layout(flex_flow="row wrap", align_items="center")
_STYLE = ("<style>.course-growth table{border-collapse:collapse;margin:0.3em 0;"
          "font-size:0.9em}"
          ".course-growth th,.course-growth td{padding:0.15em 0.3em;text-align:left;"
          "border-bottom:1px solid #999}.course-growth caption{text-align:left}"
          "</style>")


def _hours_line(report: MonthReport) -> str:
    counts = Counter(report.hours.values())
    parts = [(ngettext("{hours} h: {count} person (over what people can give)",
                       "{hours} h: {count} people (over what people can give)", n)
              if hours > HOURS_AVAILABLE else
              ngettext("{hours} h: {count} person", "{hours} h: {count} people", n)).format(
                 hours=f"{hours:g}", count=n)
             for hours, n in sorted(counts.items())]
    return "; ".join(parts)


def _choose(menu: widgets.Dropdown, options: list[tuple[str, object]]) -> None:
    """New options for a menu, keeping the choice when it is still there, else the first."""
    kept = menu.value
    if list(menu.options) != options:
        menu.options = options
    values = [value for _label, value in options]
    menu.value = kept if kept in values else values[0]


def _overloaded_html(report: MonthReport) -> str:
    """Overloaded people grouped by why, so forty names do not fill the screen."""
    if not report.overloaded:
        return "<p>" + _("<strong>Overloaded:</strong> nobody.") + "</p>"
    by_reason: dict[str, list[str]] = {}
    for name, why in report.overloaded.items():
        by_reason.setdefault(why, []).append(name)
    items = "".join(
        f"<li>{html_text(why)}: {', '.join(html_text(n) for n in names[:8])}"
        + (" " + ngettext("and {count} more", "and {count} more", len(names) - 8).format(
            count=len(names) - 8) if len(names) > 8 else "") + "</li>"
        for why, names in by_reason.items())
    headline = _("Overloaded: {count}").format(count=len(report.overloaded))
    return f"<p><strong>{headline}</strong></p><ul>{items}</ul>"


class GrowingGarden(widgets.VBox):
    """Split circles, fill roles with terms, move on a month; see load, gaps and stalls."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("course-growth")
        self.org = GrowingOrganisation()
        self.circle_menu = widgets.Dropdown(description=_("Circle to split"),
                                            style=choice_style())
        self.split_button = widgets.Button(description=_("Split this circle"),
                                           tooltip=_("Split the chosen circle into two circles"),
                                           style=button_style())
        self.role_menu = widgets.Dropdown(description=_("Role to fill"), style=choice_style())
        self.term_menu = widgets.Dropdown(description=_("Term"),
                                          options=[(ngettext("{count} month", "{count} months",
                                                             t).format(count=t), t)
                                                   for t in TERMS], value=12,
                                          style=choice_style())
        self.fill_button = widgets.Button(description=_("Select someone"),
                                          tooltip=_("Hold a selection for the chosen role and "
                                                    "term"),
                                          style=button_style())
        self.next_button = widgets.Button(description=_("Next month"), button_style="primary",
                                          tooltip=_("Hold this month's meetings and move on a "
                                                    "month"), style=button_style())
        self.restart_button = widgets.Button(description=_("Start again"), icon="refresh",
                                             tooltip=_("Go back to month 0 with five people"),
                                             style=button_style())
        self.status = widgets.HTML(style=html_style())
        self.view = widgets.HTML(style=html_style())
        self.heating_box = widgets.VBox()
        self.heating_buttons: list[widgets.Button] = []
        self.heating_note: widgets.HTML | None = None
        self.split_button.on_click(lambda _b: self.split())
        self.fill_button.on_click(lambda _b: self.fill())
        self.next_button.on_click(lambda _b: self.next_month())
        self.restart_button.on_click(lambda _b: self.restart())
        self.children = [
            self.view, self.heating_box,
            widgets.HBox([self.role_menu, self.term_menu, self.fill_button], layout=_ROW),
            widgets.HBox([self.circle_menu, self.split_button], layout=_ROW),
            widgets.HBox([self.next_button, self.restart_button], layout=_ROW),
            self.status]
        self._redraw()

    # ---- clicks -> library --------------------------------------------------------------------

    def split(self) -> None:
        def step() -> str:
            name = self.circle_menu.value
            new = self.org.split(name).name
            return _("{circle} split: {new} is the new circle. Both select their roles.").format(
                circle=circle_label(name), new=circle_label(new))
        self._act(step)

    def fill(self) -> None:
        choice = self.role_menu.value
        if not choice:
            self._say(error_html(_("Every role is filled: nothing to select.")))
            return
        circle, role = choice
        self._act(lambda: _("{person} is now {role} of {circle} for {months} months.").format(
            person=self.org.fill(circle, role, self.term_menu.value), role=role_label(role),
            circle=circle_label(circle), months=self.term_menu.value))

    def next_month(self) -> None:
        def step() -> str:
            report = self.org.next_month()
            review = self.org.heating.review if self.org.heating else ""
            news = " ".join(e for e in report.events if e != review)  # shown below the table
            said = _("Month {month}: {people} people.").format(month=report.month,
                                                               people=report.people)
            return said + (f" {news}" if news else "")
        self._act(step)
        self.next_button.focus()

    def decide_heating(self, choice: str) -> None:
        def step() -> str:
            known = len(self.org.events)
            self.org.decide_heating(choice)
            said = " ".join(self.org.events[known + 1:])  # what follows from the choice
            return _("The circle decided: {choice}. {said}").format(
                choice=_(HEATING_CHOICES[choice]).lower(), said=said).strip()
        self._act(step)
        if self.heating_buttons:  # put off: the buttons stay; else go on to the next month
            self.heating_buttons[0].focus()
        else:
            self.next_button.focus()

    def restart(self) -> None:
        self.org = GrowingOrganisation()
        self._redraw()
        self._say(feedback_html(_("Back to month 0: five people, one circle.")))

    # ---- drawing ------------------------------------------------------------------------------

    def _act(self, action: Callable[[], str]) -> None:
        try:
            message = action()
        except CourseError as exc:
            self._say(error_html(exc.plain))
            return
        self._redraw()
        self._say(feedback_html(message))

    def _say(self, box: str) -> None:
        self.status.value = box

    def _redraw(self) -> None:
        org = self.org
        report = org.report()
        _choose(self.circle_menu, [(circle_label(c.name), c.name) for c in org.departments])
        _choose(self.role_menu, [(f"{circle_label(circle)}: {role_label(role)}", (circle, role))
                                 for circle, role in report.unfilled]
                or [(_("every role is filled"), ())])
        finished = org.finished
        for control in (self.split_button, self.fill_button, self.next_button,
                        self.circle_menu, self.role_menu, self.term_menu):
            control.disabled = finished
        self._heating()
        rows = "".join(
            f"<tr><th scope='row'>{html_text(circle_label(c.name))}</th>"
            f"<td>{len(c.members)}</td><td>{c.meetings}</td><td>{c.stalled}</td>"
            "<td>" + _("{unfilled} of {roles}").format(
                unfilled=sum(seat.holder is None for seat in c.roles.values()),
                roles=len(c.roles)) + "</td></tr>" for c in org.circles)
        heads = "".join(f"<th scope='col'>{html.escape(head)}</th>" for head in (
            _("Circle"), _("People"), _("Meetings"), _("Waiting"), _("Unfilled")))
        caption = html.escape(_("Circles this month: people, meetings a month, decisions "
                                "waiting, roles unfilled"))
        table = (f"<div class='course-table-scroll'><table><caption>{caption}</caption>"
                 f"<thead><tr>{heads}</tr></thead>"
                 f"<tbody>{rows}</tbody></table></div>")
        over_html = _overloaded_html(report)
        end = ""
        if finished:
            end = feedback_html(
                _("The garden has {people} people in {circles} circles. Overloaded: "
                  "{overloaded}; roles unfilled: {unfilled}; decisions waiting: {waiting}. "
                  "Start again to try other choices.").format(
                    people=report.people, circles=len(org.circles),
                    overloaded=len(report.overloaded), unfilled=len(report.unfilled),
                    waiting=report.stalled_total),
                headline=_("The end of the simulation."))
        title = _("Month {month} of {months}: {people} people").format(
            month=report.month, months=MONTHS, people=report.people)
        self.view.value = (
            f"{_STYLE}<h4>{html.escape(title)}</h4>"
            f"{table}<p>" + _("<strong>Meeting hours per person a month:</strong> "
                              "{hours}.").format(hours=_hours_line(report))
            + f"</p>{over_html}<p>"
            + _("<strong>Roles unfilled:</strong> {unfilled}. <strong>Decisions waiting:"
                "</strong> {waiting}.").format(unfilled=len(report.unfilled),
                                               waiting=report.stalled_total)
            + f"</p>{end}")

    def _heating(self) -> None:
        """The heating item: its buttons while it is due, then what came of it."""
        org = self.org
        heating = org.heating
        due = org.month >= HEATING_MONTH and (heating is None or heating.choice == "postpone")
        if due:
            if not self.heating_buttons:
                intro = widgets.HTML(
                    "<h4>" + html.escape(_("On the agenda: the hall's heating"), quote=False)
                    + "</h4><p>" + html.escape(_(
                        "The hall burns heating oil all winter. A proposal: heat it to 18 °C "
                        "instead of 21 °C. Ema fears the winter workshops will empty if the "
                        "hall is cold. How does the circle decide?"), quote=False) + "</p>",
                    style=html_style())
                for key, choice in HEATING_CHOICES.items():
                    label = _(choice)
                    button = widgets.Button(description=label, tooltip=label,
                                            style=button_style(),
                                            layout=widgets.Layout(width="auto", height="auto"))
                    button.on_click(lambda _b, k=key: self.decide_heating(k))
                    self.heating_buttons.append(button)
                self.heating_box.children = [intro, *self.heating_buttons]
            return
        self.heating_buttons = []
        if heating is None:
            self.heating_box.children = ()
            return
        if heating.review:
            text = heating.review
        elif heating.policy is not None:
            text = _("decided in month {month}: {policy}, with measures; review in month "
                     "{review}.").format(month=heating.decided_month, policy=heating.policy.title,
                                         review=heating.review_month)
        else:
            text = _("decided in month {month}: adopted with no measure and no review "
                     "date.").format(month=heating.decided_month)
        if self.heating_note is None:
            self.heating_note = widgets.HTML(style=html_style())
        self.heating_note.value = ("<p><strong>" + html.escape(_("The heating:"), quote=False)
                                   + f"</strong> {html_text(text)}</p>")
        self.heating_box.children = [self.heating_note]
