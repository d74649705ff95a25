"""The spoken rounds of a room's questions, read back from the record for the room's export.

After a reveal the room speaks the written answers in a round. That round is kept by the app that
ran it, as a facilitator-app session (the workshop room's ``workshop_room`` sessions, the round
facilitator's ``rounds`` sessions started from the phones): each step holds the whole round as it
stood, written before the turn counted, under one screen at a time. The room's record joins those
sessions in rather than keeping a second copy of every turn in the room's own log: one record of
each turn cannot disagree with itself (a turn undone, a turn refused because another screen took
the round over), and a spoken round resumed after a crash is exported as it was resumed.

Which sessions belong to a room: those whose set-up names the room's code and one of its
activities (``{"room": code, "activity": id, ...}``) and whose steps carry the round
(``{"round": Round.to_dict()}``). Each turn's time is when the step that first held it was kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sociocracy.core.errors import CourseError
from sociocracy.rounds import Round

__all__ = ["SpokenRound", "spoken_rounds"]


class RecordedSession(Protocol):
    """What is read of a recorded session (a :class:`~sociocracy.rooms.store.Session`)."""

    setup: dict[str, Any]
    started_at: datetime

    @property
    def timed_steps(self) -> list[tuple[str, dict[str, Any], datetime]]: ...

    @property
    def finished_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class SpokenRound:
    """One spoken round of a room's question, as the record holds it.

    ``round``: the round rebuilt through its rules (``None`` when it cannot be read; ``problem``
    says why); ``turn_times``: when each turn was kept, in speaking order; ``finished_at``: when
    its app marked it finished (a complete round, or one left when the next question opened);
    ``last_at``: its newest step.
    """

    activity: int
    round: Round | None
    turn_times: tuple[datetime, ...]
    started_at: datetime
    finished_at: datetime | None
    last_at: datetime
    problem: str = ""

    @property
    def outcome(self) -> str:
        """"complete", "stopped" (finished with people not heard) or "unfinished"."""
        if self.round is not None and self.round.is_complete:
            return "complete"
        return "stopped" if self.finished_at is not None else "unfinished"


def _read(session: RecordedSession, activity: int) -> SpokenRound:
    times: list[datetime] = []
    data: Any = session.setup.get("round")
    last_at = session.started_at
    for _step, step_data, at in session.timed_steps:
        found = step_data.get("round") if isinstance(step_data, dict) else None
        if not isinstance(found, dict):
            continue
        data, last_at = found, at
        taken = len(found.get("turns") or [])
        del times[taken:]  # turns undone
        times += [at] * (taken - len(times))
    try:
        rnd = Round.from_dict(data) if isinstance(data, dict) else None
        problem = "" if rnd is not None else "it holds no round"
    except CourseError as exc:
        rnd, problem = None, exc.plain
    except (KeyError, TypeError, ValueError) as exc:
        rnd, problem = None, f"its data is damaged ({exc})"
    return SpokenRound(activity, rnd, tuple(times), session.started_at, session.finished_at,
                       last_at, problem)


def spoken_rounds(sessions: Iterable[RecordedSession], code: str) -> list[SpokenRound]:
    """The spoken rounds of room ``code``'s questions, oldest first."""
    found = []
    for session in sessions:
        setup = session.setup if isinstance(session.setup, dict) else {}
        if setup.get("room") != code or "activity" not in setup:
            continue
        try:
            activity = int(setup["activity"])
        except (TypeError, ValueError):
            continue
        found.append(_read(session, activity))
    return sorted(found, key=lambda spoken: spoken.started_at)
