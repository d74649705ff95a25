"""The words of the course's page template (``share/jupyter/voila/templates/course/``), in the
page's language.

The template is Jinja, rendered by the server before any kernel runs, so it cannot call the
kernel's ``_()``. The server reads the page's language (the visitor's choice, else the browser)
and passes :func:`template_strings` of it into the template's resources as ``course_words``;
the template reads each word as ``words.KEY | default("English")`` and hands the whole table to
its scripts as ``window.courseWords``. A page rendered without the table (an older server,
JupyterLab's own Voila preview) shows the English defaults written in the template itself.

The English here and the template's defaults are the same text: a test keeps them in step.
Placeholders (``{title}``, ``{count}``) are filled by the template or the script.
"""

from __future__ import annotations

from sociocracy.core.language import N_, _, speaking

__all__ = ["TEMPLATE_WORDS", "template_strings"]

#: Every word the template and its scripts show, by key (English, marked for the catalog).
TEMPLATE_WORDS: dict[str, str] = {
    # index.html.j2
    "skip_link": N_("Skip to the lesson"),
    "projector_mode": N_("Projector mode"),
    "projector_hint": N_("large type for the room, instructions folded away"),
    "running": N_("Running {title}..."),
    "executing": N_("Executing {index} of {count}"),
    "reading": N_("Reading {index} of {count}"),
    # connection.js.j2
    "connection_lost": N_("Connection lost: this page no longer reaches the course server, so "
                          "its buttons do nothing. Reload the page to start again (what was "
                          "typed here is lost)."),
    "page_incomplete": N_("This page did not load completely. Reload the page."),
    "reload_page": N_("Reload the page"),
    # course-links.js
    "open_in_lab": N_("Open this page in JupyterLab"),
    "opens_in_lab": N_("(opens in JupyterLab)"),
    "lab_only": N_("{link} (in JupyterLab: run make lab in the course folder)"),
    # course-progress.js
    "progress_nothing_yet": N_("Nothing yet: open a lesson to begin, and this page will show "
                               "where you are. Your progress stays in this browser, on this "
                               "device only: no account, nothing is sent anywhere."),
    "progress_continue": N_("Continue where you left off:"),
    "progress_counts": N_("Lessons opened: {lessons}. Quizzes answered: {quizzes}. Practice "
                          "sets done: {practice}."),
    "progress_opened": N_("opened"),
    "progress_quiz": N_("quiz: {right} of {total} right"),
    "progress_quiz_done": N_("quiz: {right} of {total} right (done)"),
    "progress_practice": N_("practice: {right} of {total} right"),
    "progress_practice_done": N_("practice: {right} of {total} right (done)"),
    "progress_clear": N_("Clear my progress"),
    "progress_clear_question": N_("Clear my progress?"),
    "progress_forget": N_("Forget every page, score and place kept in this browser? This "
                          "cannot be undone."),
    "progress_clear_yes": N_("Yes, clear my progress"),
    "progress_cancel": N_("Cancel"),
}


def template_strings(language: str | None) -> dict[str, str]:
    """Every template word in ``language`` (English for an unknown one), by key."""
    with speaking(language):
        return {key: _(english) for key, english in TEMPLATE_WORDS.items()}
