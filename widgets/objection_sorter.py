"""``ObjectionSorter``: a self-check where statements are sorted into question, reaction,
objection or preference, with the reason for each.

Telling these apart is what makes a consent round work: a preference is not an objection, an
opinion dressed as a question belongs in the reactions round, and an objection names a harm to
the aim. Statements and answers live in :mod:`sociocracy.responses`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from sociocracy.responses import (
    KINDS,
    SORTER_PROPOSAL,
    STATEMENTS,
    SortFeedback,
    Statement,
    check_sort,
)

from .feedback import feedback_html
from .late_answers import LateAnswerWatch
from .looks import choice_style, html_style, lighten

__all__ = ["ObjectionSorter"]

#: "" is "not sorted yet" (a Dropdown shows no label at all for the value None).
_CHOICES = [("Choose…", "")] + [(kind.capitalize(), kind) for kind in KINDS]


class ObjectionSorter(widgets.VBox):
    """Sort each statement, press "Check my sorting", read why."""

    def __init__(self, statements: Sequence[Statement] = STATEMENTS, *,
                 proposal: str = SORTER_PROPOSAL) -> None:
        super().__init__()
        self.add_class("course-objection-sorter")
        self.statements = tuple(statements)
        self.feedback: list[SortFeedback | None] = [None] * len(self.statements)
        self.choices = [
            widgets.Dropdown(options=_CHOICES, value="", description=f"Statement {i + 1}",
                             style=choice_style("7em"))
            for i in range(len(self.statements))
        ]
        self.explanations = [widgets.HTML(style=html_style()) for _ in self.statements]
        row_look = widgets.Layout(margin="0 0 0.8em 0")  # one layout model for every row
        rows = []
        for number, (statement, choice, why) in enumerate(
                zip(self.statements, self.choices, self.explanations, strict=True), start=1):
            text = widgets.HTML(f"<p><strong>{number}.</strong> “{html.escape(statement.text)}”"
                                "</p>", style=html_style())
            rows.append(widgets.VBox([text, choice, why], layout=row_look))
        self.check_button = widgets.Button(description="Check my sorting", button_style="primary",
                                           tooltip="Check every statement you have sorted",
                                           layout=widgets.Layout(width="max-content"))
        self.score = widgets.HTML()
        LateAnswerWatch(self.check_button, self.choices, self.check)
        legend = "".join(f"<li>{html.escape(v[0].upper() + v[1:])}</li>" for v in KINDS.values())
        self.children = [
            widgets.HTML(f"<p><strong>The proposal:</strong> {html.escape(proposal)}</p>"
                         f"<p>Sort what members say into one of four kinds:</p><ul>{legend}</ul>"),
            *rows, self.check_button, self.score,
        ]
        lighten(self)  # one shared layout and style per kind (issue 27)

    def check(self) -> list[SortFeedback | None]:
        """Grade every sorted statement and show why; unsorted ones are left for later."""
        for index, (statement, choice) in enumerate(zip(self.statements, self.choices,
                                                         strict=True)):
            if not choice.value:
                self.feedback[index] = None
                self.explanations[index].value = ""
                continue
            result = check_sort(statement, choice.value)
            self.feedback[index] = result
            self.explanations[index].value = feedback_html(
                result.explanation, kind="right" if result.correct else "wrong")
        sorted_ = [f for f in self.feedback if f is not None]
        right = sum(f.correct for f in sorted_)
        total = len(self.statements)
        if not sorted_:
            self.score.value = "<p>Sort at least one statement first.</p>"
        elif right == total:
            self.score.value = f"<p><strong>All {total} right.</strong> Well sorted.</p>"
        else:
            self.score.value = (f"<p>{right} of {len(sorted_)} sorted statements right "
                                f"({total - len(sorted_)} not sorted yet).</p>")
        return self.feedback
