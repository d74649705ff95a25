"""What the consent and selection processes share: steps, rounds, a log, and replay.

Both are state machines that a facilitator's app drives one recorded call at a time
(``apply(method, arguments)``). Whatever is recorded can be replayed through the same rules, so a
workshop record rebuilds the process after a crash, and a record that breaks a rule is refused
with that rule's message. Both also say, at every moment, what comes next, and refuse a step
that does not fit with a sentence that says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, Protocol, TypeVar

from sociocracy.core.errors import ProcessError
from sociocracy.core.language import _
from sociocracy.rounds import Round

__all__ = ["SteppedProcess"]

_P = TypeVar("_P", bound="SteppedProcess[Any, Any]")


class _Objection(Protocol):
    @property
    def integrated(self) -> bool: ...


class _Response(Protocol):
    @property
    def consent_round(self) -> int: ...


ObjectionT = TypeVar("ObjectionT", bound=_Objection)
ResponseT = TypeVar("ResponseT", bound=_Response)


class SteppedProcess(Generic[ObjectionT, ResponseT]):
    """Base for a process of named steps that ends in consent rounds; subclasses give the steps,
    the set-up, and their kinds of objection and response."""

    step: str
    rounds: list[tuple[str, Round]]  # (step, round), in order
    log: list[tuple[str, dict[str, Any]]]
    objections: list[ObjectionT]
    responses: list[ResponseT]       # every answer in every consent round
    consent_rounds: int

    # --- what each process defines ---------------------------------------------------------

    @classmethod
    def from_setup(cls: type[_P], setup: Mapping[str, Any]) -> _P:  # pragma: no cover - overridden
        """A new process from :meth:`setup`'s data."""
        raise NotImplementedError

    def apply(self, method: str, arguments: Mapping[str, Any]) -> Any:  # pragma: no cover
        """Run one recorded call by name."""
        raise NotImplementedError

    def _next(self) -> tuple[str, str | None]:  # pragma: no cover - overridden
        """What comes next, for people, and the call that does it, for programmers."""
        raise NotImplementedError

    # --- shared ----------------------------------------------------------------------------

    @classmethod
    def replay(cls: type[_P], setup: Mapping[str, Any],
               steps: Iterable[tuple[str, Mapping[str, Any]]]) -> _P:
        """Rebuild a process from its set-up and its recorded :attr:`log`, through the same
        rules (a record that breaks them is refused with the rule's message)."""
        process = cls.from_setup(setup)
        for method, arguments in steps:
            process.apply(method, arguments)
        return process

    @property
    def round(self) -> Round | None:
        """The round of the current step, if the current step is a round."""
        if self.rounds and self.rounds[-1][0] == self.step:
            return self.rounds[-1][1]
        return None

    @property
    def open_objections(self) -> list[ObjectionT]:
        """Objections not integrated yet."""
        return [o for o in self.objections if not o.integrated]

    @property
    def current_responses(self) -> list[ResponseT]:
        """Answers given so far in the current (or last) consent round."""
        return [r for r in self.responses if r.consent_round == self.consent_rounds]

    def next_step(self) -> str:
        """A sentence for people saying what has to happen next."""
        return self._next()[0]

    def _error(self, problem: str) -> ProcessError:
        """A ProcessError that says the problem and what comes next."""
        plain, code = self._next()
        return ProcessError(f"{problem} {plain}", code)

    def step_label(self) -> str:
        """The current step as people read it, in the page's language: the subclass's
        ``STEP_LABELS`` (marked with ``N_``) when it has one for the step, else the step's key."""
        labels: Mapping[str, str] = getattr(self, "STEP_LABELS", {})
        return _(labels[self.step]) if self.step in labels else self.step

    def _refuse(self, what: str) -> ProcessError:
        """``what`` (already in the page's language, "Writing a nomination") is refused now."""
        return self._error(_("{what} is not possible during the {step} step.").format(
            what=what, step=self.step_label()))
