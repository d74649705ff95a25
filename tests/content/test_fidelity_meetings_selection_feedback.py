"""Issue 24 part 1, meetings, selection and feedback: the lessons say what the sources say.

Each check is on meaning (a fact is present, a wording the sources do not support is absent),
never on exact prose. The source each check follows is named in its docstring.
"""

from __future__ import annotations

import re

import nbformat
import yaml

from sociocracy.course.quizzes import load_quiz
from sociocracy.meetings import FRAME, AgendaItem, Meeting
from sociocracy.selection import VARIANTS
from tests.conftest import ROOT


def _markdown(path: str) -> str:
    cells = nbformat.read(ROOT / path, as_version=4).cells
    return "\n".join(c.source for c in cells if c.cell_type == "markdown")


def _question(quiz: str, number: int):
    """Question ``number`` (1-based) of a lesson's quiz."""
    return load_quiz(ROOT / "lessons" / "quizzes" / quiz)[1][number - 1]


def _question_text(question) -> str:
    return " ".join([question.prompt] + [f"{c.text} {c.why}" for c in question.choices])


def _task(data: str, task_id: str) -> dict:
    tasks = yaml.safe_load((ROOT / "exercises" / "data" / data).read_text("utf-8"))["tasks"]
    [task] = [t for t in tasks if t["id"] == task_id]
    return task


def _flat(value) -> str:
    if isinstance(value, dict):
        return " ".join(_flat(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_flat(v) for v in value)
    return str(value)


# --- meetings (lesson 09, sociocracy.meetings) ----------------------------------------------------

def test_the_admin_step_checks_the_previous_minutes_everywhere_it_is_shown():
    """MVOS "Administrative: ADMIN", "Minutes": the previous meeting's minutes are known and
    consented to; ADMIN is not about who keeps the minutes."""
    admin = FRAME["admin"][2].lower()
    lesson = _markdown("lessons/09_meetings.ipynb").lower()
    for text in (admin, lesson):
        assert re.search(r"previous meeting'?s minutes", text)
        assert "who keeps the minutes" not in text
    for word in ("attendance", "duration", "minutes", "information", "next meeting"):
        assert word in admin and word in lesson


def test_lesson_09_names_the_three_parts_of_a_meeting():
    """MVOS "How To Run A Sociocratic Meeting": opening, content and closing."""
    text = _markdown("lessons/09_meetings.ipynb").lower()
    for part in ("opening", "content", "closing"):
        assert re.search(rf"\*\*{part}\*\*", text), part


def test_lesson_09_gives_every_phase_its_own_lead_do_measure():
    """MVOS: each phase of a meeting has its own lead-do-measure loop; in the content part,
    updating the backlog is the measure. Not agenda = lead, items = do, evaluation = measure."""
    text = _markdown("lessons/09_meetings.ipynb").lower()
    assert re.search(r"backlog[^.]{0,40}\bmeasure", text)
    assert re.search(r"(every|each) (part|phase)", text)
    assert not re.search(r"the agenda is the plan \(lead\)", text)
    assert not re.search(r"evaluation measures how it went", text)


def test_lesson_09_and_the_planner_allow_a_selection_without_a_proposal():
    """MVOS "Making a decision" lists a selection among decisions; its proposal is made in the
    meeting ("Facilitator proposes a candidate")."""
    text = _markdown("lessons/09_meetings.ipynb").lower()
    assert "exploration in disguise" not in text
    assert re.search(r"selection[^.]{0,80}no proposal beforehand", text)
    meeting = Meeting("Garden", "2027-03-04", 60, [AgendaItem("Select a secretary", "decision",
                                                              20)])
    assert meeting.validate() == []


# --- selection (lesson 07, sociocracy.selection) --------------------------------------------------

def test_the_candidate_speaks_last_for_mvos_reason_not_ours():
    """MVOS "Consent round/objections": the nominee goes last; the group's confidence can let a
    nominee step up. "So nobody answers out of courtesy" is not MVOS's reason."""
    lesson = _markdown("lessons/07_selection.ipynb").lower()
    question = _question_text(_question("07_selection.yaml", 3)).lower()
    for text in (lesson, question):
        assert "courtesy" not in text
        assert "confidence" in text and "step up" in text


def test_objections_in_a_selection_first_try_to_turn_the_no_into_a_yes():
    """MVOS "Can there be objections in a selection process?": do not give up at once (e.g. by
    nominating someone else); first try to turn the no into a yes."""
    lesson = _markdown("lessons/07_selection.ipynb").lower()
    assert re.search(r"no\*? into a \*?yes", lesson)
    assert "give up" in lesson
    question = _question("07_selection.yaml", 7)
    [another] = [c for c in question.choices if "another person" in c.text]
    assert not another.correct and "give up" in another.why


def test_lesson_07_explains_the_three_bars_of_the_model():
    """The chart shows counts against reasons too: say what it shows, and that the grid's first
    nominations are the votes the members would have cast."""
    text = _markdown("lessons/07_selection.ipynb").lower()
    assert "same person they would have voted for" in text
    assert re.search(r"by counts\*\*[^.]*5\d ?%", text)
    assert "12.5 %" in text and "18 %" in text
    assert re.search(r"group size\*?\*? to 5 or 6", text)


def test_sociocracy_3_selection_is_told_as_today_s_guide_has_it():
    """S3 Practical Guide, pattern "Role Selection": everyone, the nominee included, signals at
    the same time; the nominee's objections are resolved first."""
    variant = VARIANTS["Sociocracy 3.0"].lower()
    lesson = _markdown("lessons/07_selection.ipynb").lower()
    for text in (variant, lesson):
        assert "same time" in text and "nominee included" in text and "first" in text
    assert "patterns.sociocracy30.org" in variant and "patterns.sociocracy30.org" in lesson
    assert not re.search(r"sociocracy 3\.0[^\n]*the nominee is asked last", lesson)


# --- feedback, terms and review (lessons 10, 05, 11) ---------------------------------------------

def test_the_newsletter_data_feeds_the_review_rather_than_the_policy_holding():
    """MVOS "Measure the concern": the feedback provides data for the policy review; "the policy
    held" is not in MVOS. Checked in lesson 10, quiz 10 Q2 and practice 10 `newsletter`."""
    lesson = _markdown("lessons/10_feedback.ipynb").lower()
    question = _question("10_feedback.yaml", 2)
    [right] = [c for c in question.choices if c.correct]
    task = _task("10_feedback.yaml", "newsletter")
    [task_right] = [c for c in task["choices"] if c.get("correct")]
    for text in (lesson, f"{right.text} {right.why}".lower(),
                 f"{task_right['text']} {task_right['why']} {task['worked']}".lower()):
        assert re.search(r"review", text)
        assert not re.search(r"policy (held|holds)|and it holds", text)
    assert "data for the policy review" in lesson


def test_lesson_10_says_each_circle_leads_does_and_measures_its_own_work():
    """TSCG "Principles of sociocracy": a circle leads, does and measures for itself; MVOS: the
    loops run at every scale and never stop."""
    text = _markdown("lessons/10_feedback.ipynb").lower()
    assert re.search(r"each \*?\*?circle leads, does and\s+measures its own work", text)
    assert "foundations of sociocracy" in text


def test_lesson_10_teaches_the_deep_review():
    """MVOS "How to review policy": a quick review, a deep review (the data as input to a new
    policy process, often through a helping circle), or starting over."""
    text = _markdown("lessons/10_feedback.ipynb").lower()
    assert "deep review" in text and "helping circle" in text
    assert "start over" in text and "how to review policy" in text


def test_burnout_is_never_cited_to_mvos_terms():
    """MVOS "Terms" weighs meeting time against spreading leadership; it says nothing of burnout.
    Wherever burnout comes up, it is told as practitioners' experience."""
    pages = ["lessons/05_circles.ipynb", "lessons/10_feedback.ipynb",
             "lessons/11_being_an_ambassador.ipynb"]
    texts = [_markdown(p) for p in pages]
    texts += [_question_text(q) for name in ("10_feedback.yaml", "11_being_an_ambassador.yaml")
              for q in load_quiz(ROOT / "lessons" / "quizzes" / name)[1]]
    for text in texts:
        for paragraph in re.split(r"\n\s*\n|\n- ", text):
            low = paragraph.lower()
            if re.search(r"burn|wear(s)? out|exhausted", low):
                assert "practitioners" in low, paragraph
                assert not re.search(r"burn[^()]*\(rau & koch-gonzalez 2018, \"terms\"\)", low)
    lesson_10 = _markdown("lessons/10_feedback.ipynb").lower()
    assert "leadership" in lesson_10 and "meeting time" in lesson_10
