"""Checking trainers' files: one line per problem, ``FILE:LINE: severity code: message``.

The format is the one compilers and linters use, so editors can jump to the line, and a trainer
can read it as a sentence. Each kind of trainer file has a checker in :data:`CHECKERS`, chosen by
what the file contains (organisations, case studies, quizzes, exercise sets); later parts add
theirs by appending ``(kind, recognises, check)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sociocracy.core.errors import ScenarioError
from sociocracy.core.fields import PartReported, Problems
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.yaml_file import LoadedYaml, load_yaml
from sociocracy.course.judgement import Share, count_loaded

__all__ = ["CHECKERS", "CheckLine", "check_file", "check_paths", "summary_line"]


@dataclass(frozen=True)
class CheckLine:
    """One problem found in a file, printed as ``FILE:LINE: severity code: message``."""

    path: str
    line: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.code}: {self.message}"


#: Organisation findings that stay true when some circles could not be read; the others (a
#: parent that is missing, two top circles) may only mean that a circle was skipped.
_STANDALONE_FINDINGS = frozenset({
    "duplicate-circle", "missing-aim", "missing-domain", "no-leader", "no-delegate",
    "leader-is-delegate", "role-not-member", "overlapping-domains", "circle-size",
    "duplicate-member", "term-ended", "unknown-field",
})


def _problem_lines(problems: Problems, path: str) -> list[CheckLine]:
    return [_unusable(error, path) for error in problems.errors]


def _check_organization(loaded: LoadedYaml) -> list[CheckLine]:
    from sociocracy.circles import organization_from_yaml
    from sociocracy.policies import policies_from_yaml

    problems = Problems(collect=True)
    org = organization_from_yaml(loaded, problems)
    findings = [CheckLine(loaded.path, f.line or 1, f.severity, f.code, f.message)
                for f in org.validate(today=date.today())]
    if problems:
        # Rules about circles that could not be read would only repeat the problems above.
        findings = [f for f in findings if f.code in _STANDALONE_FINDINGS]
    circles = {c.name.casefold() for c in org.circles}
    for policy in policies_from_yaml(loaded, problems=problems):
        if policy.circle and policy.circle.casefold() not in circles:
            findings.append(CheckLine(loaded.path, policy.line or 1, "error", "unknown-circle",
                                      _("the policy '{title}' names the circle '{circle}', "
                                        "which is not in this organisation").format(
                                          title=policy.title, circle=policy.circle)))
        if policy.review_date < date.today():
            findings.append(CheckLine(loaded.path, policy.line or 1, "warning",
                                      "review-overdue", _("the policy '{title}' was due for "
                                                          "review on {date}").format(
                                          title=policy.title,
                                          date=policy.review_date.isoformat())))
    return sorted(_problem_lines(problems, loaded.path) + findings, key=lambda c: c.line)


def _is_organization(data: Any) -> bool:
    return isinstance(data, dict) and ("organization" in data or "circles" in data)


def _check_case_study(loaded: LoadedYaml) -> list[CheckLine]:
    from sociocracy.course.case_study import story_from_loaded, story_warnings

    problems = Problems(collect=True)
    if story_from_loaded(loaded, problems) is None:
        return sorted(_problem_lines(problems, loaded.path), key=lambda c: c.line)
    return [CheckLine(loaded.path, line, "warning", code, message)
            for line, code, message in story_warnings(loaded)]


def _check_planned(loaded: LoadedYaml, read: Callable[[LoadedYaml, Problems], Any],
                   kept_on_skip: tuple[str, ...]) -> list[CheckLine]:
    """Check a file read into something with ``validate()`` (an agenda, a workshop plan).

    Reading collects every problem; a file too broken to read gives only those. When some parts
    were skipped, only the findings in ``kept_on_skip`` stay: timings and counts would mislead.
    """
    problems = Problems(collect=True)
    try:
        planned = read(loaded, problems)
    except PartReported:
        return sorted(_problem_lines(problems, loaded.path), key=lambda c: c.line)
    findings = [CheckLine(loaded.path, f.line or 1, f.severity, f.code, f.message)
                for f in planned.validate()]
    if problems:
        findings = [f for f in findings if f.code in kept_on_skip]
    return sorted(_problem_lines(problems, loaded.path) + findings, key=lambda c: c.line)


def _check_agenda(loaded: LoadedYaml) -> list[CheckLine]:
    from sociocracy.meetings import meeting_from_yaml

    return _check_planned(loaded, meeting_from_yaml, ("no-check-in", "no-evaluation"))


def _is_agenda(data: Any) -> bool:
    return isinstance(data, dict) and "agenda" in data


def _is_case_study(data: Any) -> bool:
    return isinstance(data, dict) and "nodes" in data and "start" in data


def _check_quiz(loaded: LoadedYaml) -> list[CheckLine]:
    from sociocracy.course.quizzes import questions_from_data

    problems = Problems(collect=True)
    questions = questions_from_data(loaded.data, loaded, problems)
    lines = _problem_lines(problems, loaded.path)
    base = ("questions",) if isinstance(loaded.data, dict) else ()
    for q_index, question in enumerate(questions):
        for c_index, choice in enumerate(question.choices):
            if not choice.why:
                line = loaded.line_of(*base, q_index, "choices", c_index) or 1
                lines.append(CheckLine(
                    loaded.path, line, "warning", "missing-why",
                    _("the choice '{choice}' has no 'why:'; learners learn most from an "
                      "explanation of every choice, right or wrong").format(choice=choice.text)))
    if not any(line.severity == "error" for line in lines):  # fix the errors first
        lines += _judgement_lines(loaded, "questions")
    return sorted(lines, key=lambda c: c.line)


def _judgement_lines(loaded: LoadedYaml, what: str) -> list[CheckLine]:
    """The ``few-application`` warning, on the line of the file's list of questions or tasks."""
    from sociocracy.course.judgement import count_loaded, set_warning

    share = count_loaded(loaded)
    message = set_warning(share, what) if share is not None else None
    if message is None:
        return []
    return [CheckLine(loaded.path, loaded.line_of(what) or 1, "warning", "few-application",
                      message)]


def _is_quiz(data: Any) -> bool:
    return isinstance(data, dict) and "questions" in data


def _check_exercise_set(loaded: LoadedYaml) -> list[CheckLine]:
    from sociocracy.course.exercise_sets import read_exercise_set

    exercise_set = read_exercise_set(loaded)  # a problem with the whole file raises
    lines = []
    for problem in exercise_set.problems:
        lines.append(CheckLine(loaded.path, problem.line or 1, "error", _code_of(problem),
                               _with_field(problem)))
    return lines or _judgement_lines(loaded, "tasks")  # fix the errors first


def _code_of(problem: ScenarioError) -> str:
    """The problem's code: an exercise file's own, or the shared YAML checks' (``require`` says
    "missing-field" or "wrong-type")."""
    return problem.check_code or "invalid-task"


def _with_field(problem: ScenarioError) -> str:
    """The problem's sentence, naming its field when the sentence does not already."""
    message = problem.reason
    if problem.field and f"'{problem.field}'" not in message:
        message += " " + _("(field '{field}')").format(field=problem.field)
    return message


def _check_plan(loaded: LoadedYaml) -> list[CheckLine]:
    from sociocracy.intro_sessions import plan_from_yaml

    return _check_planned(loaded, plan_from_yaml,
                          ("talk-without-slides", "long-talk", "unknown-activity"))


def _is_plan(data: Any) -> bool:
    from sociocracy.intro_sessions import is_plan

    return is_plan(data)


def _is_exercise_set(data: Any) -> bool:
    from sociocracy.course.exercise_sets import is_exercise_set

    return is_exercise_set(data)


#: (kind, does this data look like that kind?, checker) in the order they are tried.
CHECKERS: list[tuple[str, Callable[[Any], bool], Callable[[LoadedYaml], list[CheckLine]]]] = [
    (N_("organisation"), _is_organization, _check_organization),
    (N_("case study"), _is_case_study, _check_case_study),
    (N_("quiz"), _is_quiz, _check_quiz),
    (N_("agenda"), _is_agenda, _check_agenda),
    (N_("workshop plan"), _is_plan, _check_plan),
    (N_("exercise set"), _is_exercise_set, _check_exercise_set),
]


def _unusable(error: ScenarioError, path: str) -> CheckLine:
    return CheckLine(path, error.line or 1, "error", "invalid-file", _with_field(error))


def check_file(path: str | Path, shares: list[Share] | None = None) -> list[CheckLine]:
    """Every problem in one file; a file that cannot be read or parsed gives one error line.

    ``shares``, when given, receives the file's share of application questions or tasks (a
    quiz or an exercise set), so the command can say it for all the files it checked.

    Whatever happens in one file stays a line about that file, so the files after it are still
    checked; something that is not a regular file (a folder, a named pipe) is skipped unread.
    """
    name = str(path)
    try:
        loaded = load_yaml(path)
        share = count_loaded(loaded)
        if shares is not None and share is not None:
            shares.append(share)
        for _kind, recognises, check in CHECKERS:
            if recognises(loaded.data):
                return check(loaded)
    except ScenarioError as exc:
        if exc.check_code == "skipped":
            return [CheckLine(name, 1, "warning", "skipped", exc.reason)]
        return [_unusable(exc, name)]
    except Exception as exc:
        # A reader or checker met data it did not expect (or a bug of ours): still one line for
        # this file, then the next; one odd file never stops the check of the others.
        return [CheckLine(name, 1, "error", "invalid-file",
                          _("this file could not be checked ({error}); check its layout "
                            "against an example file").format(error=type(exc).__name__))]
    kinds = ", ".join(_(kind) for kind, _recognises, _check in CHECKERS)
    return [CheckLine(name, 1, "error", "unknown-file",
                      _("this is not a file the course can check (it knows: {kinds}); an "
                        "organisation file starts with 'organization:'").format(kinds=kinds))]


def check_paths(paths: Iterable[str | Path]) -> list[str | Path]:
    """Files to check: each file as given, and the YAML files inside each folder given."""
    files: list[str | Path] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


def summary_line(files: int, errors: int, warnings: int) -> str:
    """The line ``check`` prints after its findings ("Checked 3 files: 1 error, 2 warnings."),
    in the page's (the command's) language; each count has its own plural."""
    problems = _("{errors}, {warnings}").format(
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(
            count=warnings))
    # Translators: {problems} is "1 error, 2 warnings" (each count translated with its plural).
    return ngettext("Checked {count} file: {problems}.", "Checked {count} files: {problems}.",
                    files).format(count=files, problems=problems)
