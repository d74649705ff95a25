"""Self-check questions as data: what a question asks, its choices, and why each is right or wrong.

Trainers write quizzes in YAML (see ``lessons/quizzes/``) and the course shows them with
``sociocracy.widgets.Quiz``. Grading lives here, not in the widget, so it can be tested without
Jupyter and reused (exercises, a printed workshop handout).

A YAML quiz file looks like this::

    title: Check your understanding
    questions:
      - prompt: In SoFA sociocracy, which responses are possible in a consent round?
        multiple: false          # true: pick all that apply
        choices:
          - text: Consent or objection
            correct: true
            why: Yes. SoFA keeps it binary ...
          - text: Consent, objection or stand aside
            why: Stand aside belongs to consensus ...
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sociocracy.core.errors import ScenarioError
from sociocracy.core.yaml_file import LoadedYaml, load_yaml, require

__all__ = ["Choice", "Grade", "Question", "grade", "load_quiz", "questions_from_data"]


@dataclass(frozen=True)
class Choice:
    """One answer option, whether it is correct, and the explanation shown after checking."""

    text: str
    correct: bool = False
    why: str = ""


@dataclass(frozen=True)
class Question:
    """A single-choice (exactly one correct) or multiple-choice ("pick all that apply") question."""

    prompt: str
    choices: tuple[Choice, ...]
    multiple: bool = False

    def __post_init__(self) -> None:
        if len(self.choices) < 2:
            raise ValueError(f"the question '{self.prompt}' needs at least two choices")
        correct = sum(choice.correct for choice in self.choices)
        if not self.multiple and correct != 1:
            raise ValueError(
                f"the single-choice question '{self.prompt}' needs exactly one correct choice, "
                f"not {correct}; set 'multiple: true' if more than one is right"
            )
        if self.multiple and correct < 1:
            raise ValueError(f"the question '{self.prompt}' has no correct choice")

    @property
    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, choice in enumerate(self.choices) if choice.correct)

    def to_dict(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "multiple": self.multiple,
                "choices": [asdict(choice) for choice in self.choices]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        return cls(prompt=data["prompt"], multiple=bool(data.get("multiple", False)),
                   choices=tuple(Choice(**choice) for choice in data["choices"]))


@dataclass(frozen=True)
class Grade:
    """The result of checking an answer: right or not, and the explanations to show."""

    correct: bool
    selected: frozenset[int]
    missed: frozenset[int] = field(default_factory=frozenset)   # correct choices not selected
    wrong: frozenset[int] = field(default_factory=frozenset)    # selected choices not correct
    explanations: tuple[tuple[int, str], ...] = ()               # (choice index, why), to show

    @property
    def headline(self) -> str:
        if not self.selected:
            return "Choose an answer first."
        if self.correct:
            return "Right."
        if self.wrong:
            return "Not quite."
        return "Partly right: something is missing."


def grade(question: Question, selected: Iterable[int]) -> Grade:
    """Check an answer (indices of the chosen choices) and pick the explanations to show.

    Explanations are given for every choice the learner picked, and for the correct choices they
    missed, so feedback says *why*, not only right or wrong.
    """
    chosen = frozenset(selected)
    for index in chosen:
        if not 0 <= index < len(question.choices):
            raise IndexError(f"choice {index} does not exist (0 to {len(question.choices) - 1})")
    if not question.multiple and len(chosen) > 1:
        raise ValueError("this question takes one answer")
    if not chosen:
        return Grade(correct=False, selected=chosen)
    right = question.correct_indices
    missed = right - chosen
    wrong = chosen - right
    shown = sorted(chosen | missed)
    explanations = tuple((i, question.choices[i].why) for i in shown if question.choices[i].why)
    return Grade(correct=not missed and not wrong, selected=chosen, missed=missed, wrong=wrong,
                 explanations=explanations)


def questions_from_data(data: Any, loaded: LoadedYaml | None = None) -> list[Question]:
    """Questions from plain data (a list, or a dict with ``questions``); errors name the place."""
    loaded = loaded or LoadedYaml(data=data, path="<quiz>")
    where: tuple = ()
    if isinstance(data, dict):
        data = require(loaded, data, "questions", list)
        where = ("questions",)
    if not isinstance(data, list) or not data:
        raise loaded.error("a quiz needs a list of questions", *where, field_name="questions")
    questions: list[Question] = []
    for q_index, item in enumerate(data):
        at = (*where, q_index)
        if not isinstance(item, dict):
            raise loaded.error("each question should be a group of fields (prompt, choices)", *at)
        prompt = require(loaded, item, "prompt", str, *at)
        multiple = require(loaded, item, "multiple", bool, *at, optional=True, default=False)
        raw_choices = require(loaded, item, "choices", list, *at)
        choices = []
        for c_index, raw in enumerate(raw_choices):
            c_at = (*at, "choices", c_index)
            if isinstance(raw, str):
                raw = {"text": raw}
            if not isinstance(raw, dict):
                raise loaded.error("each choice should have a 'text' (and 'correct', 'why')", *c_at)
            unknown = set(raw) - {"text", "correct", "why"}
            if unknown:
                name = sorted(unknown)[0]
                raise loaded.error(f"unknown field '{name}' (a choice has text, correct and why)",
                                   *c_at, name)
            choices.append(Choice(
                text=str(require(loaded, raw, "text", (str, int, float), *c_at)),
                correct=require(loaded, raw, "correct", bool, *c_at, optional=True,
                                default=False),
                why=require(loaded, raw, "why", str, *c_at, optional=True, default=""),
            ))
        try:
            questions.append(Question(prompt=prompt, choices=tuple(choices), multiple=multiple))
        except ValueError as exc:
            raise loaded.error(str(exc), *at, field_name="choices") from None
    return questions


def load_quiz(path: str | Path) -> tuple[str, list[Question]]:
    """Read a quiz file: its title (default "Check your understanding") and its questions."""
    loaded = load_yaml(path)
    data = loaded.data
    title = "Check your understanding"
    if isinstance(data, dict):
        title = require(loaded, data, "title", str, optional=True, default=title)
    elif not isinstance(data, list):
        raise ScenarioError("a quiz file needs 'questions:' with a list of questions",
                            path=str(path), line=1, field="questions")
    return title, questions_from_data(data, loaded)


def as_questions(items: Sequence[Question | dict[str, Any]]) -> list[Question]:
    """Accept ``Question`` objects or plain dicts (as notebooks often write them)."""
    if all(isinstance(item, Question) for item in items):
        return list(items)  # type: ignore[arg-type]
    return questions_from_data([q.to_dict() if isinstance(q, Question) else q for q in items])
