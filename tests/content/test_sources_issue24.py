"""Issue 24, part 1 ("Say what the sources say"): the course says what *Many Voices One Song*
(MVOS) and the course's founding text say. Checked on meaning (a claim is absent, a labelled
choice is labelled, a number is consistent), never on exact prose.

Lessons 07, 09 and 10 are being rewritten under the same issue by another change; the style checks
below leave them out (``OTHER_CHANGE``) until that change is merged, and say so.
"""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from sociocracy.course.quizzes import load_quiz
from tests.conftest import ROOT

#: Pages rewritten by the parallel change for issue 24 (meetings, selection, feedback).
OTHER_CHANGE: set[str] = set()  # both halves of part 1 are merged: every lesson is checked
LESSONS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "lessons").glob("*.ipynb"))


def _prose(path: str, sources: bool = True) -> str:
    cells = nbformat.read(ROOT / path, as_version=4).cells
    return "\n".join(c.source for c in cells if c.cell_type == "markdown"
                     and (sources or not c.source.lstrip().startswith("## Sources")))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _task(slug: str, task_id: str) -> dict:
    data = yaml.safe_load((ROOT / "exercises" / "data" / f"{slug}.yaml").read_text("utf-8"))
    return next(t for t in data["tasks"] if t["id"] == task_id)


def _all_text(task: dict) -> str:
    parts = [task.get("prompt", ""), task.get("hint", ""), task.get("worked", "")]
    for entry in task.get("choices", []) + task.get("items", []):
        parts += [entry.get("text", ""), entry.get("why", "")]
    return _flat(" ".join(parts))


# ---- exercises ------------------------------------------------------------------------------
def test_why_two_does_not_mark_an_mvos_reason_wrong():
    task = _task("06_double_linking", "why-two")
    absent = [c for c in task["choices"]
              if re.search(r"absent|not present|misses|\bill\b|away", c["text"], re.I)]
    # MVOS "Double-linking": if the leader is not present, the delegate will know.
    assert absent and all(c.get("correct") for c in absent), absent
    # Lesson 06: filtering and amplifying is what a good link does, not a flaw of one person.
    assert not re.search(r"tends to filter or amplify", _all_text(task), re.I)


def test_anas_objection_is_not_called_outside_her_range():
    data = yaml.safe_load((ROOT / "exercises/data/03_consent.yaml").read_text("utf-8"))
    ana = next(p for p in data["scenarios"]["hall"]["people"] if p["name"] == "Ana")
    assert abs(4 - ana["preference"]) <= ana["tolerance"]   # the scenario's own numbers
    task = _task("03_consent", "consent-or-objection")
    item = next(i for i in task["items"] if i["text"].startswith("Ana"))
    assert item["group"] == "objection"
    assert not re.search(r"\boutside\b", item["why"], re.I), item["why"]
    assert not re.search(r"outside (her|his|their|the) range", task["worked"], re.I)


def test_consent_round_asks_for_objections_and_unanimity_is_named():
    task = _task("03_consent", "good-enough")
    assert "consensus" not in _all_text(task).casefold()
    right = [c["text"] for c in task["choices"] if c.get("correct")]
    assert right and all(re.search(r"objection", t, re.I) for t in right), right


@pytest.mark.parametrize("slug,task_id", [("05_circles", "link-the-garden"),
                                          ("06_double_linking", "two-people")])
def test_the_circle_selects_its_delegate(slug, task_id):
    text = _all_text(_task(slug, task_id))
    assert not re.search(r"either way round", text, re.I)
    assert not re.search(r"only (people|ones?|other person)\b.*\b(can|in both)", text, re.I)
    assert re.search(r"circle selects (its|a different person as its) delegate|selected by the "
                     r"\w+ circle", text, re.I), text


def test_passing_in_check_in_is_the_course_choice_not_sofas():
    task = _task("02_rounds", "passing")
    assert not re.search(r"as Sociocracy For All teaches", task["prompt"], re.I)
    check_in = next(c for c in task["choices"] if "check-in" in c["text"].casefold())
    assert check_in.get("correct") and "course's choice" in check_in["why"]
    sort = _task("02_rounds", "passing-rules")
    evaluation = next(i for i in sort["items"] if i["text"].startswith("Evaluation"))
    assert "course's choice" in evaluation["why"]


# ---- lessons and quizzes --------------------------------------------------------------------
def test_lesson_02_says_mvos_expects_everyone_in_check_in_and_evaluation():
    text = _flat(_prose("lessons/02_rounds.ipynb"))
    assert re.search(r"check-in is complete when everyone has spoken", text, re.I)
    assert re.search(r"course's choice, not SoFA's", text)
    assert "(link below)" not in text
    assert "](../exercises/02_rounds.ipynb)" in _prose("lessons/02_rounds.ipynb", sources=False)


def test_double_membership_between_siblings_is_not_forbidden():
    lesson = _flat(_prose("lessons/06_double_linking.ipynb"))
    assert not re.search(r"not\*\* linked to each other by members who belong to both", lesson)
    assert re.search(r"nothing prevents such double membership", lesson)
    _title, questions = load_quiz(ROOT / "lessons/quizzes/06_double_linking.yaml")
    siblings = next(q for q in questions if "sibling" in q.prompt.casefold())
    wrong = " ".join(f"{c.text} {c.why}" for c in siblings.choices if not c.correct)
    assert re.search(r"member of both; that is not a link", _flat(wrong)), wrong


@pytest.mark.parametrize("path", ["lessons/00_start_here.ipynb",
                                  "lessons/11_being_an_ambassador.ipynb"])
def test_sustainability_includes_environmentally_responsible_decisions(path):
    text = _flat(_prose(path))
    benefit9 = re.search(r"Sustainable practices.{0,700}", text)
    assert benefit9 and "environmentally responsible" in benefit9.group(0), path


def test_lesson_01_history_is_what_mvos_beginnings_says():
    text = _flat(_prose("lessons/01_why_sociocracy.ipynb"))
    assert "1970s" not in text
    assert not re.search(r"school by consent", text)
    assert not re.search(r"SoFA builds its teaching on three", text)
    assert re.search(r"\"Beginnings\"", text)
    _title, questions = load_quiz(ROOT / "lessons/quizzes/01_why_sociocracy.yaml")
    assert not any("core elements SoFA" in q.prompt for q in questions)


def test_lesson_08_needs_statement_is_a_standard_step():
    text = _flat(_prose("lessons/08_proposal_forming.ipynb"))
    assert not re.search(r"some circles write this down", text, re.I)
    assert re.search(r"needs statement\*?, a standard step", text, re.I)


# ---- style ----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [p for p in LESSONS if p not in OTHER_CHANGE])
def test_one_spelling_of_non_profit(path):
    # The article's own title keeps its spelling ("... in Nonprofit Organizations").
    text = _prose(path).replace("Nonprofit Organizations", "")
    assert not re.search(r"\bnonprofit", text, re.I), path


def test_king_and_griffin_finding_is_told_once():
    telling = [p for p in LESSONS if p not in OTHER_CHANGE
               and re.search(r"King (&|and) Griffin", _prose(p, sources=False))]
    assert telling == ["lessons/11_being_an_ambassador.ipynb"], telling


def test_quiz_titles_follow_one_pattern():
    titles = {}
    for path in sorted((ROOT / "lessons" / "quizzes").glob("*.yaml")):
        if path.name == "04_scripted_objections.yaml":   # a scenario set, titled by its scenario
            continue
        titles[path.name] = load_quiz(path)[0]
    odd = {name: t for name, t in titles.items() if not t.startswith("Self-check: ")}
    assert not odd, odd
