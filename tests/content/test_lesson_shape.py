"""Every lesson keeps the course's lesson shape and its promises, checked on meaning, not prose.

Lesson text is rewritten often (fidelity reviews, clearer wording); these tests hold what must
stay true whatever the wording: the template's sections, a quiz that exists, the benefits the
course map says the lesson teaches, its sources, and the facts a lesson is built on.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from sociocracy.course.course_map import BENEFITS, LESSONS, page_exists
from tests.conftest import ROOT

LESSON_PAGES = [p.path for p in LESSONS
                if not p.path.endswith("00_start_here.ipynb") and page_exists(p.path, ROOT)]


def _text(path: str) -> str:
    return "\n".join(cell.source for cell in nbformat.read(ROOT / path, as_version=4).cells)


def _headings(text: str) -> list[str]:
    return [h.strip().lower() for h in re.findall(r"^#{1,3} (.+)$", text, flags=re.M)]


@pytest.mark.parametrize("path", LESSON_PAGES)
def test_each_lesson_has_the_template_sections(path):
    headings = " | ".join(_headings(_text(path)))
    for section in ("why this matters for an ambassador", "check your understanding",
                    "sources"):
        assert section in headings, f"{path} has no '{section}' section"


@pytest.mark.parametrize("path", LESSON_PAGES)
def test_each_lesson_shows_a_quiz_file_that_exists(path):
    quizzes = re.findall(r"quizzes/([\w.-]+\.yaml)", _text(path))
    assert quizzes, f"{path} shows no quiz"
    for name in quizzes:
        assert (ROOT / "lessons" / "quizzes" / name).is_file()
        # The quiz sits under the lesson's "Check your understanding" heading: its own title
        # says what it checks, rather than repeating that heading.
        title = re.search(r"^title:\s*(.+)$",
                          (ROOT / "lessons" / "quizzes" / name).read_text(encoding="utf-8"),
                          re.MULTILINE)
        assert title and title.group(1).strip("'\" ") != "Check your understanding", name


@pytest.mark.parametrize("path", LESSON_PAGES)
def test_each_lesson_names_the_benefits_the_course_map_says_it_teaches(path):
    text = _text(path)
    for benefit in BENEFITS:
        if path in benefit.taught_in:
            assert re.search(rf"\b{benefit.number}\.\s*\**\s*{re.escape(benefit.name)}", text,
                             flags=re.I), f"{path} does not name benefit {benefit.number}"


@pytest.mark.parametrize("path", LESSON_PAGES)
def test_each_lesson_cites_many_voices_one_song(path):
    assert "Many Voices One Song" in _text(path)


@pytest.mark.parametrize(("path", "facts"), [
    # the studies lesson 02 rests on, by author
    ("lessons/02_rounds.ipynb", ("Karpowitz", "Fay", "Woolley", "Riedl")),
    # the range of tolerance and the MVOS consent question
    ("lessons/03_consent.ipynb", ("tolerance", "object")),
    # the MVOS newsletter example's thresholds and outcome
    ("lessons/04_objections.ipynb", ("15 %", "10 %", "7 %", "4 %")),
    # SoFA's selection: reasons not counts, self-nomination, candidate last, "no change" spoken,
    # the variants named, and the model kept apart from the sources
    ("lessons/07_selection.ipynb", ("reasons, not counts", "nominating yourself is fine",
                                    "candidate speaks last", '"no change" is an answer',
                                    "Dynamic Governance", "Sociocracy 3.0", "Holacracy",
                                    "What the model assumes", "illustrative")),
    # SoFA's meeting frame and the three kinds of item
    ("lessons/09_meetings.ipynb", ("check-in", "administration", "consent to the agenda",
                                   "backlog", "evaluation", "report", "exploration",
                                   "decision", "what the model assumes")),
    # the newsletter: monthly, to save money, thresholds to abandon, outcome, a role to monitor
    ("lessons/10_feedback.ipynb", ("monthly", "save money", "15 %", "10 %", "7 %", "4 %",
                                   "abandon", "role was formed", "what the model assumes")),
])
def test_lessons_keep_the_facts_they_are_built_on(path, facts):
    text = _text(path).lower()
    for fact in facts:
        assert fact.lower() in text, f"{path} lost {fact!r}"


def test_lesson_02_says_that_thompsons_figure_is_questioned():
    text = _text("lessons/02_rounds.ipynb").lower()
    assert "thompson" in text and "question" in text


@pytest.mark.parametrize(("solution", "answers"), [("02_rounds", 3), ("03_consent", 3),
                                                   ("04_objections", 3)])
def test_solution_answers_are_marked_for_the_exercise_generator(solution, answers):
    cells = nbformat.read(ROOT / f"solutions/code/{solution}_solution.ipynb",
                          as_version=4).cells
    assert len([c for c in cells if "### BEGIN SOLUTION" in c.source]) == answers
