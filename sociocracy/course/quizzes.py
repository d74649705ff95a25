"""Self-check questions as data: what a question asks, its choices, and why each is right or wrong.

Trainers write quizzes in YAML (see ``lessons/quizzes/``) and the course shows them with
``sociocracy.widgets.Quiz``. Grading lives here, not in the widget, so it can be tested without
Jupyter and reused (exercises, a printed workshop handout).

A YAML quiz file looks like this::

    title: Check your understanding
    questions:
      - prompt: In SoFA sociocracy, which responses are possible in a consent round?
        multiple: false          # true: pick all that apply
        kind: recall             # or "application": the idea applied to a new situation
        choices:
          - text: Consent or objection
            correct: true
            why: Yes. SoFA keeps it binary ...
          - text: Consent, objection or stand aside
            why: Stand aside belongs to consensus ...

Wrong choices should be real misconceptions people bring to sociocracy (stand aside is
sociocracy; the facilitator judges an objection; the delegate carries a mandate), each with a
``why`` that corrects it; ``kind: application`` marks a question that asks the learner to use an
idea in a new situation rather than recall a sentence (each lesson's quiz has at least one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sociocracy.core.errors import ScenarioError
from sociocracy.core.fields import Problems, unknown_field_message
from sociocracy.core.language import _, localized
from sociocracy.core.yaml_file import LoadedYaml, load_yaml, require

__all__ = ["KINDS", "Attempts", "Choice", "Grade", "Question", "grade", "load_quiz",
           "questions_from_data"]

#: What a question asks of the learner: recall an idea, or apply it to a new situation.
KINDS: tuple[str, ...] = ("recall", "application")


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
    kind: str = "recall"

    def __post_init__(self) -> None:
        if len(self.choices) < 2:
            raise ValueError(_("the question '{prompt}' needs at least two choices").format(
                prompt=self.prompt))
        correct = sum(choice.correct for choice in self.choices)
        if not self.multiple and correct != 1:
            raise ValueError(
                _("the single-choice question '{prompt}' needs exactly one correct choice, "
                  "not {count}; set 'multiple: true' if more than one is right").format(
                    prompt=self.prompt, count=correct)
            )
        if self.multiple and correct < 1:
            raise ValueError(_("the question '{prompt}' has no correct choice").format(
                prompt=self.prompt))
        if self.kind not in KINDS:
            raise ValueError(_("the question '{prompt}' has kind '{kind}'; a kind is one of: "
                               "{kinds}").format(prompt=self.prompt, kind=self.kind,
                                                 kinds=", ".join(KINDS)))

    @property
    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, choice in enumerate(self.choices) if choice.correct)

    def to_dict(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "multiple": self.multiple, "kind": self.kind,
                "choices": [asdict(choice) for choice in self.choices]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        return cls(prompt=data["prompt"], multiple=bool(data.get("multiple", False)),
                   kind=str(data.get("kind", "recall")),
                   choices=tuple(Choice(**choice) for choice in data["choices"]))


@dataclass(frozen=True)
class Grade:
    """The result of checking an answer: right or not, and the explanations to show."""

    correct: bool
    selected: frozenset[int]
    missed: frozenset[int] = field(default_factory=frozenset)   # correct choices not selected
    wrong: frozenset[int] = field(default_factory=frozenset)    # selected choices not correct
    explanations: tuple[tuple[int, str], ...] = ()               # (choice index, why), to show
    #: A wrong first try: only the chosen choice's "why" is shown (the hint), not the answer.
    retry: bool = False

    @property
    def headline(self) -> str:
        if not self.selected:
            return _("Choose an answer first.")
        if self.correct:
            return _("Right.")
        if self.retry:
            return _("Not quite. Read why, then try once more.")
        if self.wrong:
            return _("Not quite.")
        return _("Partly right: something is missing.")


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


class Attempts:
    """A learner's tries at one question: a wrong first try earns a hint and a second try.

    Why: showing the right answer after the first wrong click ("You missed this one: ...")
    leaves nothing to think about. On a single-choice question the first wrong try shows only
    why the chosen answer is not right (each wrong choice's ``why`` corrects a real
    misconception, so it is the hint); the answer is shown after :data:`TRIES` wrong tries, or
    once right. Checking the same answer again, or re-checking a change that arrived late
    (``again=True``), is not a new try. Multiple-choice questions show everything at once, as
    before: their feedback is per choice and does not give the whole answer away.
    """

    TRIES = 2

    def __init__(self, question: Question) -> None:
        self.question = question
        self.tries = 0
        self._last: frozenset[int] | None = None

    def check(self, selected: Iterable[int], *, again: bool = False) -> Grade:
        result = grade(self.question, selected)
        if not result.selected:
            return result
        if not (again and self.tries) and result.selected != self._last:
            self.tries += 1
        if not again:  # a late change is checked, but the try it belongs to is the clicked one
            self._last = result.selected
        if result.correct or self.question.multiple or self.tries >= self.TRIES:
            return result
        chosen = tuple((i, why) for i, why in result.explanations if i in result.selected)
        return Grade(correct=False, selected=result.selected, wrong=result.wrong,
                     explanations=chosen, retry=True)


_QUIZ_FIELDS = ("title", "questions")
_QUESTION_FIELDS = ("prompt", "choices", "multiple", "kind")
_CHOICE_FIELDS = ("text", "correct", "why")


def _unknown_fields(loaded: LoadedYaml, mapping: dict, known: tuple[str, ...], what: str,
                    problems: Problems, *at: Any) -> None:
    for key in mapping:
        if key not in known:
            problems.report(loaded.error(unknown_field_message(key, known, what), *at, key,
                                         field_name=str(key)))


def _choice(loaded: LoadedYaml, raw: Any, problems: Problems, *at: Any) -> Choice:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict):
        raise loaded.error(_("each choice should have a 'text' (and 'correct', 'why')"), *at)
    _unknown_fields(loaded, raw, _CHOICE_FIELDS, _("a choice"), problems, *at)
    return Choice(
        text=str(require(loaded, raw, "text", (str, int, float), *at)),
        correct=require(loaded, raw, "correct", bool, *at, optional=True, default=False),
        why=require(loaded, raw, "why", str, *at, optional=True, default=""),
    )


def _question(loaded: LoadedYaml, item: Any, problems: Problems, *at: Any) -> Question | None:
    if not isinstance(item, dict):
        raise loaded.error(_("each question should be a group of fields (prompt, choices)"),
                           *at)
    _unknown_fields(loaded, item, _QUESTION_FIELDS, _("a question"), problems, *at)
    prompt = multiple = raw_choices = kind = None
    with problems.part():
        prompt = require(loaded, item, "prompt", str, *at)
    with problems.part():
        multiple = require(loaded, item, "multiple", bool, *at, optional=True, default=False)
    with problems.part():
        kind = require(loaded, item, "kind", str, *at, optional=True, default="recall")
    with problems.part():
        raw_choices = require(loaded, item, "choices", list, *at)
    choices: list[Choice] = []
    for c_index, raw in enumerate(raw_choices or []):
        with problems.part():
            choices.append(_choice(loaded, raw, problems, *at, "choices", c_index))
    if prompt is None or multiple is None or raw_choices is None or kind is None or \
            len(choices) < len(raw_choices):
        return None  # its problems are reported already
    try:
        return Question(prompt=prompt, choices=tuple(choices), multiple=multiple, kind=kind)
    except ValueError as exc:
        field_name = "kind" if kind not in KINDS else "choices"
        raise loaded.error(str(exc), *at, field_name=field_name) from None


def questions_from_data(data: Any, loaded: LoadedYaml | None = None,
                        problems: Problems | None = None) -> list[Question]:
    """Questions from plain data (a list, or a dict with ``questions``); errors name the place.

    The first mistake raises :class:`ScenarioError`, unless ``problems`` collects them (the
    ``check`` command): then every question and choice is still read, and the good ones returned.
    """
    loaded = loaded or LoadedYaml(data=data, path="<quiz>")
    problems = problems if problems is not None else Problems()
    where: tuple = ()
    if isinstance(data, dict):
        _unknown_fields(loaded, data, _QUIZ_FIELDS, _("a quiz file"), problems)
        data = require(loaded, data, "questions", list)
        where = ("questions",)
    if not isinstance(data, list) or not data:
        raise loaded.error(_("a quiz needs a list of questions"), *where,
                           field_name="questions")
    questions: list[Question] = []
    for q_index, item in enumerate(data):
        with problems.part():
            question = _question(loaded, item, problems, *where, q_index)
            if question is not None:
                questions.append(question)
    return questions


def load_quiz(path: str | Path) -> tuple[str, list[Question]]:
    """Read a quiz file: its title (default "Check your understanding") and its questions.

    A page in another language reads that language's copy of the file when there is one
    (:func:`~sociocracy.core.language.localized`)."""
    path = localized(path)
    loaded = load_yaml(path)
    data = loaded.data
    title = _("Check your understanding")
    if isinstance(data, dict):
        title = require(loaded, data, "title", str, optional=True, default=title)
    elif not isinstance(data, list):
        raise ScenarioError(_("a quiz file needs 'questions:' with a list of questions"),
                            path=str(path), line=1, field="questions")
    return title, questions_from_data(data, loaded)


def as_questions(items: Sequence[Question | dict[str, Any]]) -> list[Question]:
    """Accept ``Question`` objects or plain dicts (as notebooks often write them)."""
    if all(isinstance(item, Question) for item in items):
        return list(items)  # type: ignore[arg-type]
    return questions_from_data([q.to_dict() if isinstance(q, Question) else q for q in items])
