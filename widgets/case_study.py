"""``CaseStudy``: walk through a branching case study, one choice at a time.

The story is a trainer's YAML file (:mod:`sociocracy.course.case_study` checks it). The widget
shows the situation, one labelled button per choice, what tends to happen after the choice just
made (with the pitfall it met and the source), the path so far, and a restart button. Every
text comes from a file a person typed, so all of it goes through ``html.escape`` before it
reaches an HTML widget.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
from sociocracy.widgets.feedback import file_problem_html

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _
from sociocracy.course.case_study import TOOLS, Node, Story, StoryWalk, load_story

from .looks import lighten, shared_layout

__all__ = ["CaseStudy"]

_FULL_WIDTH = shared_layout(width="auto", height="auto", margin="0.2em 0")

#: Long choice labels wrap instead of being cut off (buttons do not wrap by default). Kept here,
#: not in the Voila template, so that the widget looks the same in JupyterLab.
_STYLE = ("<style>.course-case-study .course-choice{white-space:normal;text-align:left;"
          "line-height:1.4;padding:0.4em 0.8em;}</style>")


def _e(text: str) -> str:
    return html.escape(text)


def _label(text: str) -> str:
    """A bold label before a value ("You chose:")."""
    return f"<strong>{_e(text)}</strong>"


def _placeholder(problem: str) -> Story:
    """A one-node story that says why the real one could not be shown."""
    node = Node(key="problem", title=_("This case study cannot be shown yet"),
                situation=_("The file has a mistake: {problem}. Fix it, then run the page again "
                            "(or check it with: sociocracy-course check FILE).").format(
                    problem=problem))
    return Story(title=_("Case study"), start="problem", nodes={"problem": node})


class CaseStudy(widgets.VBox):
    """A story walker: situation, choice buttons, consequence, path so far, restart."""

    def __init__(self, story: Story | str | Path) -> None:
        super().__init__()
        self.add_class("course-case-study")
        self.problem = ""
        if not isinstance(story, Story):
            try:
                story = load_story(story)
            except CourseError as exc:
                # A trainer's typo should read as one sentence on the page, not as a traceback,
                # and the rest of the lesson must still render (Voila stops at a failing cell).
                self.problem = str(exc)
                story = _placeholder(self.problem)
            except Exception as exc:  # a page must render whatever the file holds
                self.problem = _("{path}: the file cannot be used ({error})").format(
                    path=story, error=exc)
                story = _placeholder(self.problem)
        self.story = story
        self.walk = StoryWalk(self.story)
        intro = f"{_STYLE}<h3>{_e(self.story.title)}</h3>"
        if self.story.about:
            intro += f"<p><em>{_e(self.story.about)}</em></p>"
        self.header = widgets.HTML(intro)
        self.consequence = widgets.HTML()
        self.situation = widgets.HTML()
        self.choices = widgets.VBox()
        self.path_view = widgets.HTML()
        self.restart_button = widgets.Button(
            description=_("Start again"), icon="refresh",
            tooltip=_("Go back to the beginning of the story"))
        self.restart_button.on_click(lambda _button: self.restart())
        self.children = [self.header, self.consequence, self.situation, self.choices,
                         self.path_view, self.restart_button]
        self._render()
        if self.problem:
            # Translators: in "This case study cannot be shown: its file has a mistake."
            self.header.value = file_problem_html(self.problem, N_("case study"))
            self.children = [self.header]
        lighten(self)  # one shared layout and style per kind (issue 27)

    @property
    def choice_buttons(self) -> list[widgets.Button]:
        return list(self.choices.children)

    def choose(self, index: int) -> None:
        """Take choice ``index`` (what clicking its button does)."""
        self.walk.choose(index)
        self._render()
        self._keep_focus()

    def restart(self) -> None:
        self.walk.restart()
        self._render()
        self._keep_focus()

    def _keep_focus(self) -> None:
        """The clicked button is gone after a redraw; put keyboard focus on what comes next."""
        buttons = self.choice_buttons
        (buttons[0] if buttons else self.restart_button).focus()

    def _render(self) -> None:
        node = self.walk.current
        last = self.walk.last
        if last is None:
            self.consequence.value = ""
        else:
            note = ""
            if last.choice.pitfall:
                note += "<p>" + _label(_("Pitfall met:")) + f" {_e(last.choice.pitfall)}</p>"
            if last.choice.source:
                note += ("<p class='course-source'>" + _label(_("Source:"))
                         + f" {_e(last.choice.source)}</p>")
            self.consequence.value = (
                "<div class='course-consequence' role='status'>"
                "<p>" + _label(_("You chose:")) + f" {_e(last.choice.label)}</p>"
                "<p>" + _label(_("What tends to happen:"))
                + f" {_e(last.choice.what_happens)}</p>{note}</div>")
        heading = _e(node.title) if node.title else _e(_("The end") if node.is_ending else
                                                       _("What now?"))
        question = "" if node.is_ending else "<p>" + _label(_("What do you do?")) + "</p>"
        tool = ("<p class='course-tool'>" + _label(_("The tool here:"))
                + f" {_e(_(TOOLS[node.tool]))}</p>" if node.tool else "")
        self.situation.value = (f"<h4>{heading}</h4>{tool}<p>{_e(node.situation)}</p>{question}")
        buttons = []
        for index, choice in enumerate(node.choices):
            button = widgets.Button(description=f"{chr(65 + index)}. {choice.label}",
                                    tooltip=choice.label, layout=_FULL_WIDTH)
            button.add_class("course-choice")
            button.on_click(lambda _b, i=index: self.choose(i))
            buttons.append(button)
        self.choices.children = buttons
        self.path_view.value = self._path_html()

    def _path_html(self) -> str:
        if not self.walk.path:
            return "<p><em>" + _e(_("Your path so far: you are at the start.")) + "</em></p>"
        items = "".join(
            f"<li>{_e(step.node.title or step.node.key)}: {_e(step.choice.label)}"
            + (" <em>" + _e(_("(pitfall: {pitfall})").format(pitfall=step.choice.pitfall))
               + "</em>" if step.choice.pitfall else "")
            + "</li>"
            for step in self.walk.path)
        met = len(self.walk.pitfalls_met)
        tally = ("<p>" + _e(_("Pitfalls met on this path: {count}.").format(count=met))
                 + "</p>" if self.walk.finished else "")
        tools = self.walk.tools_met
        if self.walk.finished and tools:
            used = _("Tools used on this path: {tools}.").format(
                tools="; ".join(_(TOOLS[t]) for t in tools))
            tally += f"<p>{_e(used)}</p>"
        return "<p>" + _label(_("Your path so far:")) + f"</p><ol>{items}</ol>{tally}"
