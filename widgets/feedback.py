"""Status boxes: one way for every tool to say what happened, right or wrong.

A box says its meaning in words (a bold headline), not by colour alone, and escapes everything it
shows: messages often quote names and text that people typed. News (a right or wrong answer, a
result, "Saved") is announced politely (``role="status"``); an error, something the person must
fix before going on, interrupts (``role="alert"``). The colours (``course-feedback-*``) live in
the course stylesheet.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, Literal

from sociocracy.core.language import _
from sociocracy.core.people_text import html_text

__all__ = ["error_html", "feedback_html", "file_problem_html", "integrated_objections_html",
           "progress_mark"]

Kind = Literal["right", "wrong", "neutral", "error"]
_ROLE = {"error": "alert"}


def feedback_html(text: str = "", *, kind: Kind = "neutral", headline: str = "",
                  quote: bool = True, body_html: str = "") -> str:
    """A status box holding ``headline`` (bold) and ``text``, both escaped; empty when all are.

    ``kind="error"`` is an alert (shown like a wrong answer); the others are polite news.
    ``body_html`` is extra markup the caller built itself (already escaped), placed after the
    text. ``quote=False`` leaves quotation marks as they are (safe in element content, and easier
    to read in the page source); ``<`` and ``&`` are always escaped.
    """
    if not text and not headline and not body_html:
        return ""
    bold = f"<strong>{html.escape(headline, quote=quote)}</strong> " if headline else ""
    css = "wrong" if kind == "error" else kind
    return (f'<div class="course-feedback-{css}" role="{_ROLE.get(kind, "status")}">'
            f"{bold}{html.escape(text, quote=quote)}{body_html}</div>")


def error_html(text: str) -> str:
    """An error the person must act on (a refusal, a mistake in what they typed), as an alert."""
    return feedback_html(text, kind="error")


def file_problem_html(problem: str, what: str) -> str:
    """The box a page shows instead of a trainer's file it cannot use (a quiz, a case study).

    ``problem`` already names the file, the line and the field (a ``ScenarioError`` message); the
    rest of the page still renders, so a typo costs one box, not the lesson. ``what`` names the
    kind of file: an English noun marked with ``N_`` where the caller writes it
    (``N_("quiz")``), shown here in the page's language.
    """
    # Translators: {what} is the kind of file, translated ("quiz", "case study", "circle map",
    # "agenda"); write the sentence so that it needs no article or gender for it.
    headline = _("This {what} cannot be shown: its file has a mistake.").format(what=_(what))
    return feedback_html(
        _("{problem}. Fix the file and reload this page; 'sociocracy-course check FILE' lists "
          "every problem in it.").format(problem=problem),
        kind="error", headline=headline, quote=False)


def integrated_objections_html(objections: Iterable[Any], *, all_integrated: bool) -> str:
    """The objections integrated so far (who, and how), for the consent and selection apps.

    ``objections`` have ``.member``, ``.integrated`` and ``.integrations`` (each with a
    ``.summary``); ``all_integrated`` adds the sentence that sends the circle back to consent.
    """
    items = "".join(f"<li>{html_text(o.member)}: "
                    f"{html_text('; '.join(i.summary for i in o.integrations))}</li>"
                    for o in objections if o.integrated)
    waiting = (_("<p>Every objection is integrated: go back to the consent round.</p>")
               if all_integrated else "")
    return (_("<p>Integrated so far:</p>") + f"<ul>{items}</ul>" if items else "") + waiting


def progress_mark(kind: Literal["quiz", "practice"], *, right: int, answered: int,
                  total: int) -> str:
    """A hidden mark the page's progress script reads (the course template's
    ``course-progress.js``): the learner's score on this page, kept in their own browser for the
    course home's "where you stand". Only numbers: no answer ever leaves the page this way."""
    return (f'<span class="course-progress-mark" data-kind="{kind}" data-right="{int(right)}" '
            f'data-answered="{int(answered)}" data-total="{int(total)}" hidden></span>')
