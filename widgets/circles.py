"""Circle tools: ``CircleMap`` (see an organisation), ``CircleBuilder`` (map your own), and
``LinkTelephone`` (one link or two?).

Each tool owns a library object (an :class:`~sociocracy.circles.Organization`, or the double-link
simulation) and redraws from it after every event; the rules live in ``sociocracy.circles``.
Names typed by people only ever reach the page through ``Text``/``Dropdown``/``Select`` labels,
through ``html.escape``, or inside the map image, where they are drawn as plain text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from sociocracy.circle_labels import and_list, percent
from sociocracy.circle_model import role_label, type_label
from sociocracy.circles import (
    CIRCLE_ROLES,
    CIRCLE_TYPES,
    Finding,
    Organization,
    load_organization,
)
from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.yaml_file import MAX_BYTES
from sociocracy.course.course_map import course_root
from sociocracy.sessions.circle_map import (
    APP,
    AUDIENCE,
    CircleMapSession,
    CircleMapState,
    map_file_name,
)

from .app_record import AppRecord
from .audience import audience_link_html, panel_html
from .charts import ChartView, new_figure
from .circle_drawing import draw_map, members_html
from .downloads import DownloadLink, in_voila, shown_folder
from .feedback import error_html, feedback_html, file_problem_html
from .looks import button_style, choice_style, hide, html_style, lighten, text_style
from .opening_values import opening_values
from .palette import ACCENT, OKABE_ITO

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from sociocracy.double_link import LinkReport

__all__ = ["CircleBuilder", "CircleMap", "LinkTelephone", "example_organizations",
           "map_file_name"]

_NOBODY = N_("(nobody)")
#: On a phone the map keeps a readable width and scrolls in its own box: it says so.
_SCROLL_HINT = N_("The map is wider than this screen: swipe it sideways. Every circle's members "
                  "are also listed below the map.")

#: Where the circle map app sets each field, for the findings' messages ("Type what the circle
#: does in the Aim box"): the library's messages speak of the file's keys ("add 'aim:'").
APP_PLACES = {
    "aim": N_("in the Aim box"), "domain": N_("in the Domain box"),
    "members": N_("under New member (then press Add member)"),
    "leader": N_("under Leader"), "delegate": N_("under Delegate"),
    "facilitator": N_("under Facilitator"), "secretary": N_("under Secretary"),
    "parent": N_("under Parent circle"), "circles": N_("under Add a circle"),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def example_organizations() -> dict[str, Path]:
    """The example files shipped with the course, by organisation name."""
    folder = course_root() / "examples" / "organizations"
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            found[load_organization(path).name] = path
        except CourseError:
            continue
    return found


class CircleMap(widgets.VBox):
    """The organisation drawn, with its findings listed beside it.

    Choose a circle under "Show on the map" to ring it on the map. ``refresh()`` redraws after
    the organisation changed (the ``CircleBuilder`` calls it after every edit).
    """

    def __init__(self, org: Organization | str | Path, today: date | None = None,
                 places: dict[str, str] | None = None,
                 edit: Callable[[Organization], object] | None = None) -> None:
        super().__init__()
        self.add_class("course-circle-map")
        #: Why the file could not be drawn (file, line, field), or "": a trainer's typo costs
        #: one box, and the rest of the lesson still renders (Voila stops at a failing cell).
        self.problem = ""
        self.org: Organization | None = None  # None: the file could not be read (``problem``)
        try:
            self.org = org if isinstance(org, Organization) else load_organization(org)
            if edit is not None:  # a lesson's change to the file's map ("Ben is delegate too")
                edit(self.org)
        except CourseError as exc:
            self.problem = str(exc)
        except Exception as exc:  # a page must render whatever the file holds
            self.problem = _("{file}: the file cannot be used ({problem})").format(
                file=org, problem=f"{type(exc).__name__}: {exc}")
        self.findings: list[Finding] = []
        if self.problem:
            self.org = None
            self.chart = ChartView()
            self.add_class("course-file-problem")
            self.children = [widgets.HTML(file_problem_html(self.problem, N_("circle map")))]
            return
        self.today = today
        #: Where an app around the map sets each field (see ``APP_PLACES``); none: just the map.
        self.places = places
        self.chart = ChartView(keep_opening=True, layout=widgets.Layout(width="100%"))
        self.summary = widgets.HTML()
        self.findings_list = widgets.HTML()
        #: Every circle's members: the map names those that fit at a readable size.
        self.members_list = widgets.HTML(style=html_style(),
                                         layout=widgets.Layout(flex="1 1 16rem", min_width="0",
                                                               margin="0 0 0 1rem"))
        self.members_list.add_class("course-map-members-list")
        self.focus = widgets.Dropdown(description=_("Show on the map"),
                                      options=[(_("(none)"), "")],
                                      value="", style=choice_style())
        self.focus.observe(lambda _change: self._draw(), names="value")
        side = widgets.VBox([self.summary, self.focus, self.findings_list],
                            layout=widgets.Layout(flex="1 1 16rem", min_width="0"))
        # The map takes the column's width (names at lesson size); what it says comes below it,
        # findings and the full list of members side by side where there is room.
        self.children = [self.chart, widgets.HBox([side, self.members_list],
                                                  layout=widgets.Layout(flex_flow="row wrap",
                                                                        align_items="flex-start"))]
        self.refresh()
        lighten(self)  # one shared layout and style per kind (issue 27)

    @property
    def highlighted(self) -> str | None:
        """The circle ringed on the map (``None``: none)."""
        return self.focus.value or None

    def refresh(self) -> None:
        """Check the organisation again and redraw map and findings."""
        if self.org is None:
            return
        self.findings = self.org.validate(today=self.today)
        errors = sum(f.severity == "error" for f in self.findings)
        warnings = len(self.findings) - errors
        if not self.findings:
            headline = _("No problems found: every circle is double-linked, with an aim and a "
                         "domain.")
        else:
            headline = (ngettext("{count} error", "{count} errors", errors).format(count=errors)
                        + " " + ngettext("and {count} warning.", "and {count} warnings.",
                                         warnings).format(count=warnings))
        name = self.org.name or _("Unnamed organisation")
        self.summary.value = (f"<h3>{html.escape(name)}</h3>"
                              f"<p role='status'>{html.escape(headline, quote=False)}</p>")
        places = {key: _(place) for key, place in self.places.items()} if self.places else None
        error, warning = _("Error"), _("Warning")
        items = "".join(
            f"<li><strong>{error if f.severity == 'error' else warning}</strong> "
            f"(<code>{html.escape(f.code)}</code>): "
            f"{html.escape(f.in_app(places), quote=False)}</li>"
            for f in self.findings
        )
        self.findings_list.value = f"<ol class='course-findings'>{items}</ol>" if items else ""
        self.members_list.value = members_html(self.org)
        names = list(dict.fromkeys(f.circle for f in self.findings if f.circle))
        options = [(_("(none)"), "")] + [(name, name) for name in names]
        keep = self.focus.value if self.focus.value in names else ""
        with self.focus.hold_trait_notifications():
            self.focus.options = options
            self.focus.value = keep
        self._draw()

    def _draw(self) -> None:
        if self.org is None:
            return
        alt = self.org.describe()
        if self.findings:
            alt += " " + ngettext("{count} problem marked.", "{count} problems marked.",
                                  len(self.findings)).format(count=len(self.findings))
        if self.highlighted:
            alt += " " + _("{circle} is ringed.").format(circle=self.highlighted)
        self.chart.draw(draw_map, self.org, self.findings, highlight=self.highlighted,
                        alt=alt, min_font=None, scroll=_(_SCROLL_HINT))


class CircleBuilder(widgets.VBox):
    """Map an organisation by clicking: circles, members, roles; findings update as you go.

    Every change goes through an :class:`Organization` method and can be undone. ``save()``
    writes the YAML file into ``folder`` and offers it as a download; "Open a file" reads one.

    Under Voila (``can_save=None`` decides by :func:`in_voila`) there is no "Save" at all: many
    visitors share one server, so the map travels only as a download named after the map, kept
    up to date after every change. In JupyterLab, "Save" never replaces a file it did not write.

    ``record=True`` (the circle map app) keeps each map in the workshop record
    (:mod:`sociocracy.rooms`, or ``store``): every change is written before the map shows it, a
    map left unfinished is offered when the app opens again, and past maps can be downloaded.
    "Start a new circle map" sets the last one aside (it stays in the record).
    """

    def __init__(self, org: Organization | str | Path | None = None,
                 folder: str | Path | None = None, today: date | None = None,
                 can_save: bool | None = None, record: bool = False,
                 store: Any = None, session: CircleMapSession | None = None) -> None:
        super().__init__()
        self.add_class("course-circle-builder")
        self.session = session or CircleMapSession(org, store=store, record=record)
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.can_save = (can_save is None or can_save) and not in_voila()
        self._saved_to: Path | None = None  # the file this map wrote: saving again replaces it
        self._syncing = False
        self._editing: str | None = None     # name of the circle being edited
        self._after_sync: str | None = None  # circle to edit next (a circle just added)
        self.map = CircleMap(self.org, today=today, places=APP_PLACES)
        self._confirm_save = False  # the map has errors and Save was pressed once
        self.status = widgets.HTML()
        self.keeper = AppRecord(APP, _("circle map"), resume=self._resume_map,
                                keeper=self.session.keeper, on_taken_over=self._taken_over)
        self.record_status = widgets.HTML()
        # The projector: a link to the audience view (a second window), and the same view in
        # this page for a single screen (Projector mode), where the map with its findings folds
        # away and the controls fold to their first line (they unfold under the pointer or the
        # keyboard's focus).
        self.audience_link = widgets.HTML(audience_link_html(AUDIENCE))
        self.audience_link.layout.display = None if self.session.keeper.record else "none"
        self.audience_link.add_class("course-facilitator-only")
        self.audience_panel = widgets.HTML()
        self.audience_panel.add_class("course-audience-panel")
        controls = self._build_controls()
        self.map.add_class("course-facilitator-only")
        fold = widgets.VBox(controls[2:])
        fold.add_class("course-projector-fold")
        self.children = [self.audience_link, self.audience_panel, self.keeper.resume_box,
                         *controls[:2], fold, self.record_status, self.keeper.past_box]
        self._sync(redraw_map=False)  # the map has just drawn this organisation
        self._acting = False  # this page's own click: it says what happened itself
        self.session.subscribe(self._session_changed)
        if self.session.keeper.record:
            self.keeper.offer()
            self._show_record_problem()
        lighten(self)  # one shared layout and style per kind (issue 27)

    # ---- the session ------------------------------------------------------------------------
    @property
    def org(self) -> Organization:
        """The organisation being mapped (the session's)."""
        return self.session.org

    @property
    def _history(self) -> list[dict]:
        return self.session.history

    def _session_changed(self, state: CircleMapState) -> None:
        """A change this page did not make (another view of the session, a take-over)."""
        if self._acting:
            return
        if state.taken_over:
            self.keeper.beat()  # shows "taken over" and offers "Take it back"
        self._sync()
        if state.message:
            self._say(state.message, problem=True)

    def _taken_over(self) -> None:
        from sociocracy.rooms.screens import taken_over_sentence

        self._say(taken_over_sentence(_("circle map")), problem=True)

    def _show_record_problem(self) -> None:
        self.record_status.value = error_html(self.keeper.problem) if self.keeper.problem else ""

    def _resume_map(self, session: Any) -> bool:
        """Continue a map from the workshop record (what "Resume it" does)."""
        problem = self.session._restore(session)
        if problem:
            self._say(problem, problem=True)
            return False
        self._sync()
        self._say(self.session.notice)
        return True

    # ---- controls ----------------------------------------------------------------------
    def _button(self, label: str, tooltip: str, action, style: str = "") -> widgets.Button:
        button = widgets.Button(description=label, tooltip=tooltip, button_style=style,
                                style=button_style())
        button.on_click(lambda _b: self._do(action))
        return button

    def _build_controls(self) -> list[widgets.Widget]:
        """Make the controls; returns them in page order."""
        text = widgets.Text
        self.org_name = text(description=_("Organisation"), style=text_style(),
                             continuous_update=False)
        self.new_circle = text(description=_("New circle"), placeholder=_("e.g. Garden"),
                               style=text_style())
        self.new_parent = widgets.Dropdown(description=_("inside"), style=choice_style())
        self.add_circle_button = self._button(_("Add circle"), _("Add the new circle"),
                                              self._add_circle, "primary")
        self.circle_picker = widgets.Dropdown(description=_("Circle to edit"),
                                              style=choice_style())
        self.name_box = text(description=_("Name"), style=text_style())
        self.rename_button = self._button(_("Rename"), _("Rename this circle"), self._rename)
        self.type_picker = widgets.Dropdown(description=_("Type"),
                                            options=[(type_label(kind), kind)
                                                     for kind in CIRCLE_TYPES],
                                            style=choice_style())
        self.parent_picker = widgets.Dropdown(description=_("Parent circle"),
                                              style=choice_style())
        self.aim_box = widgets.Textarea(description=_("Aim"), style=text_style(),
                                        continuous_update=False,
                                        layout=widgets.Layout(width="95%"))
        self.domain_box = widgets.Textarea(description=_("Domain"), style=text_style(),
                                           continuous_update=False,
                                           placeholder=_("what it decides about, separated by "
                                                         "commas"),
                                           layout=widgets.Layout(width="95%"))
        self.new_member = text(description=_("New member"), placeholder=_("a name"),
                               style=text_style())
        self.add_member_button = self._button(_("Add member"), _("Add this person to the circle"),
                                              self._add_member, "primary")
        self.member_list = widgets.Select(description=_("Members"), rows=5, style=choice_style())
        self.remove_member_button = self._button(_("Remove member"), _("Remove the chosen member"),
                                                 self._remove_member)
        self.role_pickers = {role: widgets.Dropdown(description=_capital(role_label(role)),
                                                    style=choice_style())
                             for role in CIRCLE_ROLES}
        self.remove_circle_button = self._button(_("Remove circle"), _("Remove this circle (its "
                                                 "sub-circles move up)"), self._remove_circle,
                                                 "warning")
        self.undo_button = widgets.Button(description=_("Undo"), tooltip=_("Undo the last change"),
                                          disabled=True)
        self.undo_button.on_click(lambda _b: self.undo())
        self.file_name: widgets.Text | None = None
        self.save_button: widgets.Button | None = None
        if self.can_save:  # under Voila these controls do not exist (a hidden one still acts)
            self.file_name = text(description=_("File name"), value="our_organisation.yaml",
                                  style=text_style())
            self.save_button = widgets.Button(description=_("Save"), button_style="success",
                                              tooltip=_("Save the map as a YAML file"))
            self.save_button.on_click(lambda _b: self._on_save())
        self.save_note = widgets.HTML()  # "Saved as ..." right beside the button
        self.download = DownloadLink(mime="application/x-yaml")
        self.link_fix_button = widgets.Button(
            description=_("Add to the parent circle"), button_style="primary",
            tooltip=_("Add the leader and delegate to the members of the parent circle"),
            layout=widgets.Layout(display="none"))
        self.link_fix_button.on_click(lambda _b: self._do(self._add_links_to_parent))
        self.upload = widgets.FileUpload(accept=".yaml,.yml", multiple=False,
                                         description=_("Open a file"),
                                         tooltip=_("Open a YAML file"))
        self.upload.observe(self._on_upload, names="value")
        examples = example_organizations()
        self.example_picker = widgets.Dropdown(
            description=_("Start from"), style=choice_style(),
            options=[(_("(choose an example)"), "")] + [(n, str(p)) for n, p in examples.items()])
        self.example_picker.observe(self._on_example, names="value")

        self.org_name.observe(self._on_org_name, names="value")
        self.circle_picker.observe(self._on_pick, names="value")
        self.type_picker.observe(self._on_field("type"), names="value")
        self.parent_picker.observe(self._on_field("parent"), names="value")
        self.aim_box.observe(self._on_field("aim"), names="value")
        self.domain_box.observe(self._on_field("domain"), names="value")
        for role, picker in self.role_pickers.items():
            picker.observe(self._on_role(role), names="value")

        def heading(text: str) -> widgets.HTML:
            made = widgets.HTML(text)
            made.add_class("course-facilitator-only")  # Projector mode: the controls, folded
            return made

        return [
            self.map,
            self.status,
            heading("<h3>" + html.escape(_("Add a circle")) + "</h3>"),
            widgets.HBox([self.new_circle, self.new_parent, self.add_circle_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            heading("<h3>" + html.escape(_("Edit a circle")) + "</h3>"),
            self.circle_picker,
            widgets.HBox([self.name_box, self.rename_button]),
            widgets.HBox([self.type_picker, self.parent_picker],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.aim_box, self.domain_box,
            widgets.HBox([self.new_member, self.add_member_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.member_list, self.remove_member_button],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")),
            widgets.HBox(list(self.role_pickers.values()),
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.link_fix_button,
            self.remove_circle_button,
            heading("<h3>" + html.escape(_("Keep your map")) + "</h3>"),
            widgets.HBox([self.undo_button, self.org_name],
                         layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([c for c in (self.file_name, self.save_button, self.save_note,
                                      self.download) if c],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            widgets.HBox([self.upload, self.example_picker],
                         layout=widgets.Layout(flex_flow="row wrap")),
        ]

    # ---- the current circle --------------------------------------------------------------
    @property
    def current(self) -> str | None:
        """Name of the circle being edited."""
        return self._editing

    def select(self, name: str) -> None:
        """Edit the circle called ``name`` (what choosing it in "Circle to edit" does)."""
        circle = self.org.circle(name)
        self.circle_picker.value = self.org.circles.index(circle)

    # ---- every change goes through here ---------------------------------------------------
    def _do(self, action: Callable[[], str]) -> None:
        """Forward one edit to the session, then redraw and say what happened (or why not)."""
        changes = len(self._history)
        self._acting = True
        try:
            problem = action()
        finally:
            self._acting = False
        if not problem and len(self._history) != changes:
            self._saved_state_changed()
        if problem and self.session.taken_over:
            self.keeper.beat()
        # Redraw the form first, then say what happened: the status is the last update the page
        # receives, so someone who waits for it (a person, or a browser test) finds the form ready.
        self._sync()
        if self.session.keeper.problem:
            self._show_record_problem()
        self._say(problem or self.session.notice, problem=bool(problem))

    def _report(self, action) -> None:
        try:
            self._say(action())
        except CourseError as exc:
            self._say(str(exc), problem=True)
        except (OSError, ValueError) as exc:  # still a sentence, and it replaces the last status
            self._say(_("That did not work ({problem}); nothing was changed.").format(
                problem=type(exc).__name__), problem=True)

    def _say(self, message: str, problem: bool = False) -> None:
        self.status.value = feedback_html(message, kind="wrong" if problem else "neutral",
                                          quote=False)

    def _saved_state_changed(self) -> None:
        """The map changed: "Saved" no longer holds, and a warning about errors is re-asked."""
        self.save_note.value = ""
        self._confirm_save = False
        if self.save_button is not None:
            self.save_button.description = _("Save")

    def _on_save(self) -> None:
        """Save, but warn first when the map has errors (a second press saves it anyway)."""
        if self.save_button is None or self.file_name is None:
            return  # no saving here (Voila): the map is a download
        errors = sum(f.severity == "error" for f in self.map.findings)
        if errors and not self._confirm_save:
            self._confirm_save = True
            self.save_button.description = _("Save anyway")
            self._say(ngettext("This map still has {count} error (listed beside the map). Fix "
                               "them first, or press Save anyway to keep the map as it is.",
                               "This map still has {count} errors (listed beside the map). Fix "
                               "them first, or press Save anyway to keep the map as it is.",
                               errors).format(count=errors), problem=True)
            return
        try:
            message = self.save()
        except CourseError as exc:
            self.save_note.value = ""
            self._say(str(exc), problem=True)
            return
        except (OSError, ValueError) as exc:  # still a sentence, and it replaces the last status
            self.save_note.value = ""
            self._say(_("That did not work ({problem}); nothing was saved.").format(
                problem=type(exc).__name__), problem=True)
            return
        self._confirm_save = False
        self.save_button.description = _("Save")
        self.save_note.value = feedback_html(
            _("Saved as {file}").format(file=self.file_name.value), kind="right", quote=False)
        self._say(message)

    def _missing_links(self) -> tuple[str, list[str]] | None:
        """For the circle being edited: its parent, and its leader/delegate missing there."""
        return self.session.missing_links(self.current)

    def _sync_link_fix(self) -> None:
        """Offer "Add <leader> to <parent>" when the double link is missing in the parent."""
        missing = self._missing_links()
        button = self.link_fix_button
        if missing is None:
            hide(button, True)
            return
        parent, people = missing
        names = and_list(people)
        button.description = _("Add {people} to {parent}").format(people=names, parent=parent)
        button.tooltip = _("Leader and delegate are members of both circles: add {people} to "
                           "the members of {parent}").format(people=names, parent=parent)
        hide(button, False)

    def _add_links_to_parent(self) -> str:
        return self.session.add_links_to_parent(self.current)

    def undo(self) -> None:
        """Go back one change."""
        self._do(self.session.undo)

    # ---- actions (each forwards to the session; "" when done, else why not) ----------------
    def _add_circle(self) -> str:
        problem = self.session.add_circle(self.new_circle.value, self.new_parent.value or None)
        if not problem:
            self.new_circle.value = ""
            self._after_sync = self.session.added
        return problem

    def _rename(self) -> str:
        problem = self.session.rename_circle(self.current, self.name_box.value)
        if not problem:
            self._after_sync = self.session.added
        return problem

    def _remove_circle(self) -> str:
        return self.session.remove_circle(self.current)

    def _add_member(self) -> str:
        problem = self.session.add_member(self.current, self.new_member.value)
        if not problem:
            self.new_member.value = ""
        return problem

    def _remove_member(self) -> str:
        return self.session.remove_member(self.current, self.member_list.value)

    def _on_field(self, name: str):
        def handler(change) -> None:
            if self._syncing or self.current is None:
                return
            circle_name = self.current
            if name == "parent":
                self._do(lambda: self.session.set_parent(circle_name, change["new"] or None))
            else:
                self._do(lambda: self.session.set_field(circle_name, name, change["new"] or ""))
        return handler

    def _on_role(self, role: str):
        def handler(change) -> None:
            if self._syncing or self.current is None:
                return
            name = self.current
            self._do(lambda: self.session.set_role(name, role, change["new"] or None))
        return handler

    def _on_org_name(self, change) -> None:
        if self._syncing:
            return
        self._do(lambda: self.session.rename(change["new"]))

    def _on_upload(self, change) -> None:
        """Open an uploaded file; every upload ends with a message and an empty upload button."""
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = re.split(r"[/\\]", str(item.get("name") or "the file"))[-1]
        try:
            content = bytes(item["content"])
            if len(content) > MAX_BYTES:
                self._say(_("{file} is {size} MB; an organisation file is at most {limit} MB: "
                            "is it the right file?").format(
                    file=name, size=f"{len(content) / 1_000_000:.1f}",
                    limit=f"{MAX_BYTES / 1_000_000:g}"), problem=True)
                return
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            self._say(_("{file} is not a text file; save it as UTF-8 text.").format(file=name),
                      problem=True)
            return
        finally:
            self.upload.value = ()  # so the same file can be opened again later

        def open_it() -> str:
            try:
                return self.session.open_text(text, name)
            except Exception as exc:  # an upload must always get an answer
                return _("{file} could not be opened ({problem}); is it an organisation file "
                         "like the examples?").format(file=name, problem=type(exc).__name__)

        self._do(open_it)
        if self.file_name is not None and not self.session.message:
            self.file_name.value = map_file_name(name)

    def _on_example(self, change) -> None:
        if self._syncing or not change["new"]:
            return
        self.load(change["new"])

    def load(self, path: str | Path) -> None:
        """Open an organisation file (a bad file leaves the current map and says why)."""
        self._do(lambda: self.session.open_file(path))

    def save(self, name: str | None = None) -> str:
        """Write the map into ``folder`` under the (cleaned) file name given; offer a download.

        Never replaces a file this map did not write itself: another group's map, or a course
        file, stays as it is and the message says so.
        """
        if not self.can_save or self.file_name is None:
            raise CourseError(_("Saving on the server is off here; use the download link."))
        raw = name if name is not None else self.file_name.value
        if not raw.strip():
            raise CourseError(_("Type a file name first, for example our_organisation.yaml."))
        filename = map_file_name(raw)
        target = self.folder / filename
        again = self._saved_to is not None and target == self._saved_to
        self.org.save(target, exclusive=not again)
        self._saved_to = target
        self.download.set(self.org.to_yaml(), filename)
        self.file_name.value = filename
        return _("Saved {file} in {folder}. You can also download it with the link.").format(
            file=filename, folder=shown_folder(self.folder))

    def _offer_download(self) -> None:
        """Under Voila, the download link always holds the current map, named after it."""
        if not self.can_save:
            name = re.sub(r"[/\\]", " ", self.org.name)  # a name, not a path
            self.download.set(self.org.to_yaml(), map_file_name(name),
                              text=_("Download this map (YAML file)"))

    # ---- keeping the controls in step with the organisation -------------------------------
    def _sync(self, *, redraw_map: bool = True) -> None:
        """Set every control from the organisation (without triggering edits), redraw the map."""
        if self.map.org is not self.org:  # undo, a file opened, a resumed map
            self.map.org = self.org
        self._syncing = True
        try:
            circles = self.org.circles
            selected = self._after_sync or self._editing
            self._after_sync = None
            names = [(c.name, i) for i, c in enumerate(circles)]
            self.circle_picker.options = names
            index = next((i for i, c in enumerate(circles) if c.name == selected),
                         0 if circles else None)
            self.circle_picker.value = index
            parents = [(_("(top: no parent)"), "")] + [(c.name, c.name) for c in circles]
            self.new_parent.options = parents
            self.new_parent.value = circles[0].name if circles else ""
            self.org_name.value = self.org.name
            self.undo_button.disabled = not self._history
            self._sync_circle()
        finally:
            self._syncing = False
        if redraw_map:
            self.map.refresh()
        self._sync_link_fix()
        self._offer_download()
        self._draw_audience()

    def _draw_audience(self) -> None:
        """The room's view, for Projector mode (the session's, as the audience page shows)."""
        if not hasattr(self, "audience_panel"):
            return
        value = panel_html(self.session.audience())
        if value != self.audience_panel.value:
            self.audience_panel.value = value

    def _on_pick(self, _change) -> None:
        self._sync_circle()
        if not self._syncing:
            self._sync_link_fix()

    def _sync_circle(self) -> None:
        was = self._syncing
        self._syncing = True
        try:
            index = self.circle_picker.value
            circle = self.org.circles[index] if index is not None else None
            self._editing = circle.name if circle is not None else None
            editing = [self.name_box, self.rename_button, self.type_picker, self.parent_picker,
                       self.aim_box, self.domain_box, self.new_member, self.add_member_button,
                       self.member_list, self.remove_member_button, self.remove_circle_button,
                       *self.role_pickers.values()]
            for control in editing:
                control.disabled = circle is None
            if circle is None:
                return
            self.name_box.value = circle.name
            self.type_picker.value = circle.type
            others = [(_("(top: no parent)"), "")] + [
                (c.name, c.name) for c in self.org.circles if c is not circle]
            parent = self.org.parent_of(circle)
            if circle.parent and parent is None:
                others.append((_("{circle} (not found)").format(circle=circle.parent),
                               circle.parent))
            self.parent_picker.options = others
            self.parent_picker.value = parent.name if parent is not None and parent is not circle \
                else (circle.parent or "")
            self.aim_box.value = circle.aim
            domain = circle.domain
            self.domain_box.value = ", ".join(domain) if isinstance(domain, list) else domain
            self.member_list.options = list(circle.members)
            self.member_list.value = None
            people = [(_(_NOBODY), "")] + [(m, m) for m in circle.members]
            for role, picker in self.role_pickers.items():
                holder = getattr(circle, role)
                options = list(people)
                if holder and holder not in circle.members:
                    options.append((_("{person} (not a member)").format(person=holder), holder))
                picker.options = options
                picker.value = holder or ""
        finally:
            self._syncing = was


class LinkTelephone(widgets.VBox):
    """One link or two? Messages pass between circles with noise and personal bias.

    The simulation (:func:`sociocracy.circles.compare_links`) runs one link and two links on
    the same people and messages, so the chart shows what the second link adds.
    """

    def __init__(self, seed: int = 1) -> None:
        super().__init__()
        self.add_class("course-link-telephone")
        self.seed = seed
        # Drop-downs rather than sliders: ipywidgets' slider handle has no accessible name
        # (axe: aria-input-field-name), and a few steps are all a learner needs here.
        def percent_choice(description: str, value: float, top: int) -> widgets.Dropdown:
            return widgets.Dropdown(description=description, style=choice_style(), value=value,
                                    layout=widgets.Layout(width="24rem"),
                                    options=[(percent(p / 100), p / 100)
                                             for p in range(0, top + 1, 10)])
        self.noise = percent_choice(_("Noise (what people forget or mishear)"), 0.2, 60)
        self.bias = percent_choice(_("Personal bias of each link"), 0.2, 60)
        self.dismiss = percent_choice(_("Chance a lone voice is dismissed"), 0.3, 100)
        self.rerun = widgets.Button(description=_("Run again"),
                                    tooltip=_("New people, new messages"))
        self.chart = ChartView(keep_opening=True)
        self.sentence = widgets.HTML()
        for control in (self.noise, self.bias, self.dismiss):
            control.observe(lambda _change: self.run(), names="value")
        self.rerun.on_click(lambda _b: self._again())
        self.children = [self.noise, self.bias, self.dismiss, self.rerun, self.chart,
                         self.sentence]
        self._reports: tuple[LinkReport, LinkReport] | None = None
        # The opening is the same for every visitor: what it shows is kept on disk (issue 27:
        # the simulation, numpy included, cost the page about a seventh of a second).
        self._show(opening_values(link_comparison_shown, warm="sociocracy.double_link",
                                  **self._settings()))
        lighten(self)  # one shared layout and style per kind (issue 27)

    def _again(self) -> None:
        self.seed += 1
        self.run()

    def _settings(self) -> dict[str, Any]:
        return {"noise": self.noise.value, "bias": self.bias.value,
                "dismiss": self.dismiss.value, "seed": self.seed}

    @property
    def one(self) -> LinkReport:
        """One link's report behind what is shown (simulated now if opened from the cache)."""
        return self._simulated()[0]

    @property
    def two(self) -> LinkReport:
        """Two links' report behind what is shown (simulated now if opened from the cache)."""
        return self._simulated()[1]

    def _simulated(self) -> tuple[LinkReport, LinkReport]:
        if self._reports is None:
            self._reports = _compare_links(**self._settings())
        return self._reports

    def run(self) -> None:
        """Simulate with the current settings and redraw (a learner moved a control)."""
        self._reports = _compare_links(**self._settings())
        self._show(json.loads(json.dumps(_links_shown(*self._reports))))

    def _show(self, shown: dict[str, Any]) -> None:
        self.chart.draw(draw_link_comparison, shown["values"], alt=shown["alt"])
        self.sentence.value = shown["sentence"]


def _compare_links(*, noise: float, bias: float, dismiss: float,
                   seed: int) -> tuple[LinkReport, LinkReport]:
    from sociocracy.double_link import compare_links  # numpy: only where simulated

    return compare_links(noise=noise, bias=bias, dismiss=dismiss, seed=seed)


def _links_shown(one: LinkReport, two: LinkReport) -> dict[str, Any]:
    """What :class:`LinkTelephone` shows of a comparison: the chart's values, its text
    alternative, the sentence (plain data, so that a page's opening can be kept)."""
    values = {"one link": [one.fidelity_up, one.fidelity_down, one.escalation_rate],
              "two links": [two.fidelity_up, two.fidelity_down, two.escalation_rate]}
    alt = _("Bar chart, one link against two links. News up: {up_one} against {up_two}. News "
            "down: {down_one} against {down_two}. Systemic problems taken up: {taken_one} "
            "against {taken_two}.").format(
        up_one=percent(one.fidelity_up), up_two=percent(two.fidelity_up),
        down_one=percent(one.fidelity_down), down_two=percent(two.fidelity_down),
        taken_one=percent(one.escalation_rate), taken_two=percent(two.escalation_rate))
    sentence = (
        "<p>" + _("With two links, <strong>{up_two}</strong> of what a circle says reaches its "
                  "parent (one link: {up_one}), and the parent takes up <strong>{taken_two}"
                  "</strong> of the systemic problems a circle runs into (one link: "
                  "{taken_one}), out of {issues} problems in {circles} circles.").format(
            up_two=percent(two.fidelity_up), up_one=percent(one.fidelity_up),
            taken_two=percent(two.escalation_rate), taken_one=percent(one.escalation_rate),
            issues=two.issues, circles=two.circles) + "</p>"
        "<p><em>" + html.escape(_("An illustration, not a measurement: the numbers follow from "
                                  "the assumptions above, which come from SoFA's reasons for "
                                  "double linking."), quote=False) + "</em></p>")
    return {"values": values, "alt": alt, "sentence": sentence}


def link_comparison_shown(**settings: Any) -> dict[str, Any]:
    """What :class:`LinkTelephone` shows with ``settings``: simulated (for the opening cache)."""
    return _links_shown(*_compare_links(**settings))


def draw_link_comparison(values: dict[str, list[float]]) -> Figure:
    """Paired bars for one link and two links; hatching tells them apart without colour.

    ``values``: "one link" and "two links" -> shares of news up, news down, problems taken up.
    """
    labels = [_("News up\n(to parent)"), _("News down\n(to circle)"), _("Problems\ntaken up")]
    fig = new_figure(height=3.4)
    ax = fig.add_subplot()
    width = 0.38
    styles = {"one link": (OKABE_ITO["orange"], ""), "two links": (ACCENT, "//")}
    names = {"one link": _("one link"), "two links": _("two links")}
    for offset, (name, numbers) in zip((-width / 2, width / 2), values.items(), strict=True):
        colour, hatch = styles[name]
        bars = ax.bar([i + offset for i in range(3)], numbers, width, label=names[name],
                      color=colour, hatch=hatch, edgecolor="black")
        ax.bar_label(bars, labels=[percent(v) for v in numbers])
    ax.set_xticks(range(3), labels)
    ax.set_ylim(0, 1.18)
    ax.set_ylabel(_("share"))
    ax.yaxis.set_major_formatter(lambda value, _position: percent(value))
    fig.legend(loc="outside upper center", ncols=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
