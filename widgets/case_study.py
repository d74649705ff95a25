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


def _placeholder(problem: str) -> Story:
    """A one-node story that says why the real one could not be shown."""
    node = Node(key="problem", title="This case study cannot be shown yet",
                situation=f"The file has a mistake: {problem}. Fix it, then run the page again "
                          "(or check it with: sociocracy-course check FILE).")
    return Story(title="Case study", start="problem", nodes={"problem": node})


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
                self.problem = f"{story}: the file cannot be used ({exc})"
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
        self.restart_button = widgets.Button(description="Start again", icon="refresh",
                                             tooltip="Go back to the beginning of the story")
        self.restart_button.on_click(lambda _button: self.restart())
        self.children = [self.header, self.consequence, self.situation, self.choices,
                         self.path_view, self.restart_button]
        self._render()
        if self.problem:
            self.header.value = file_problem_html(self.problem, "case study")
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
                note += (f"<p><strong>Pitfall met:</strong> {_e(last.choice.pitfall)}</p>")
            if last.choice.source:
                note += f"<p class='course-source'><strong>Source:</strong> " \
                        f"{_e(last.choice.source)}</p>"
            self.consequence.value = (
                "<div class='course-consequence' role='status'>"
                f"<p><strong>You chose:</strong> {_e(last.choice.label)}</p>"
                f"<p><strong>What tends to happen:</strong> {_e(last.choice.what_happens)}</p>"
                f"{note}</div>")
        heading = _e(node.title) if node.title else ("The end" if node.is_ending else
                                                     "What now?")
        question = "" if node.is_ending else "<p><strong>What do you do?</strong></p>"
        tool = (f"<p class='course-tool'><strong>The tool here:</strong> {_e(TOOLS[node.tool])}"
                "</p>" if node.tool else "")
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
            return "<p><em>Your path so far: you are at the start.</em></p>"
        items = "".join(
            f"<li>{_e(step.node.title or step.node.key)}: {_e(step.choice.label)}"
            + (f" <em>(pitfall: {_e(step.choice.pitfall)})</em>" if step.choice.pitfall else "")
            + "</li>"
            for step in self.walk.path)
        met = len(self.walk.pitfalls_met)
        tally = f"<p>Pitfalls met on this path: {met}.</p>" if self.walk.finished else ""
        tools = self.walk.tools_met
        if self.walk.finished and tools:
            tally += ("<p>Tools used on this path: "
                      + "; ".join(_e(TOOLS[t]) for t in tools) + ".</p>")
        return f"<p><strong>Your path so far:</strong></p><ol>{items}</ol>{tally}"
