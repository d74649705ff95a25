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

from sociocracy.core.language import N_, _, ngettext
from sociocracy.responses import (
    KIND_NAMES,
    KINDS,
    SORTER_PROPOSAL,
    STATEMENTS,
    SortFeedback,
    Statement,
    check_sort,
    kind_text,
)

from .feedback import feedback_html
from .late_answers import LateAnswerWatch
from .looks import choice_style, html_style, lighten

__all__ = ["ObjectionSorter"]

#: "" is "not sorted yet" (a Dropdown shows no label at all for the value None).
_CHOOSE = N_("Choose…")


def _choices() -> list[tuple[str, str]]:
    """The menu of kinds, in the page's language."""
    return [(_(_CHOOSE), "")] + [(_(KIND_NAMES[kind]), kind) for kind in KINDS]


class ObjectionSorter(widgets.VBox):
    """Sort each statement, press "Check my sorting", read why."""

    def __init__(self, statements: Sequence[Statement] = STATEMENTS, *,
                 proposal: str = SORTER_PROPOSAL) -> None:
        super().__init__()
        self.add_class("course-objection-sorter")
        self.statements = tuple(statements)
        self.feedback: list[SortFeedback | None] = [None] * len(self.statements)
        choices = _choices()
        self.choices = [
            widgets.Dropdown(options=choices, value="",
                             description=_("Statement {number}").format(number=i + 1),
                             style=choice_style("7em"))
            for i in range(len(self.statements))
        ]
        self.explanations = [widgets.HTML(style=html_style()) for _statement in self.statements]
        row_look = widgets.Layout(margin="0 0 0.8em 0")  # one layout model for every row
        rows = []
        for number, (statement, choice, why) in enumerate(
                zip(self.statements, self.choices, self.explanations, strict=True), start=1):
            said = html.escape(_(statement.text))
            text = widgets.HTML(f"<p><strong>{number}.</strong> “{said}”</p>",
                                style=html_style())
            rows.append(widgets.VBox([text, choice, why], layout=row_look))
        self.check_button = widgets.Button(description=_("Check my sorting"),
                                           button_style="primary",
                                           tooltip=_("Check every statement you have sorted"),
                                           layout=widgets.Layout(width="max-content"))
        self.score = widgets.HTML()
        LateAnswerWatch(self.check_button, self.choices, self.check)
        kinds = [kind_text(kind) for kind in KINDS]
        legend = "".join(f"<li>{html.escape(v[0].upper() + v[1:])}</li>" for v in kinds)
        intro = _("<strong>The proposal:</strong> {proposal}").format(
            proposal=html.escape(_(proposal)))
        sort = _("Sort what members say into one of four kinds:")
        self.children = [
            widgets.HTML(f"<p>{intro}</p><p>{sort}</p><ul>{legend}</ul>"),
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
            self.score.value = "<p>{}</p>".format(_("Sort at least one statement first."))
        elif right == total:
            self.score.value = "<p>{}</p>".format(
                _("<strong>All {total} right.</strong> Well sorted.").format(total=total))
        else:
            self.score.value = "<p>{}</p>".format(
                ngettext("{right} of {sorted} sorted statements right ({left} not sorted yet).",
                         "{right} of {sorted} sorted statements right ({left} not sorted yet).",
                         len(sorted_)).format(right=right, sorted=len(sorted_),
                                              left=total - len(sorted_)))
        return self.feedback
