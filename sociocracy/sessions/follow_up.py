"""The follow-up question at the end of an intro session: "Would you like to hear about SoFA's
trainings?", asked on the room's phones (benefit 8 of the seed: groups stay connected to the
official source of training).

A yes or a no; only after a clear yes does the phone offer an optional way to be contacted, saying
what it is for (the rule itself is the room's: :func:`sociocracy.rooms.model.clean_response`
refuses a contact without a yes). The answers are for the facilitator alone: the participants'
record carries counts (:func:`sociocracy.rooms.export.follow_up_counts`), and the contacts of
those who said yes are a separate download (:func:`contacts_csv`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from sociocracy.core.language import N_, _
from sociocracy.core.spreadsheet import safe_cell
from sociocracy.rooms.export import follow_up_counts
from sociocracy.rooms.model import Activity, Response

__all__ = ["KIND", "QUESTION", "FollowUp", "contacts_csv", "follow_up_of"]

KIND = "follow-up"
#: The question, English, marked for the catalogs: show it with ``_(QUESTION)``.
QUESTION = N_("Would you like to hear about SoFA's trainings?")


@dataclass(frozen=True)
class FollowUp:
    """Where the follow-up question stands. ``shown``: the presenter closed it and sees the
    answers; before that only ``answered`` is known. ``contacts``: (name, contact) of those who
    said yes and left a way to be reached; ``interested``: the names of everyone who said yes."""

    asked: bool = False
    open: bool = False
    shown: bool = False
    answered: int = 0
    yes: int = 0
    no: int = 0
    interested: tuple[str, ...] = ()
    contacts: tuple[tuple[str, str], ...] = ()

    def counts(self) -> str:
        """The answers as the participants' record may carry them: counts only."""
        return follow_up_counts(self.yes, self.answered)


def follow_up_of(room: Any, activity: Activity | None) -> FollowUp:
    """The follow-up question ``activity`` of ``room`` as the presenter sees it (the answers only
    once revealed, as every silent step's)."""
    if room is None or activity is None:
        return FollowUp()
    activity = room.activity(activity.id)
    is_open = not (activity.closed or activity.revealed)
    if not activity.revealed:
        return FollowUp(asked=True, open=is_open, answered=room.answered_count(activity))
    answers: list[Response] = list(room.responses(activity))
    said_yes = [r for r in answers if r.get("answer") == "yes"]
    return FollowUp(asked=True, open=False, shown=True, answered=len(answers),
                    yes=len(said_yes), no=len(answers) - len(said_yes),
                    interested=tuple(r.name for r in said_yes),
                    contacts=tuple((r.name, r.get("contact")) for r in said_yes
                                   if r.get("contact")))


def contacts_csv(follow_up: FollowUp) -> str:
    """The facilitator's download: one row per person who said yes and left a contact (cells
    guarded against spreadsheet formulas). The column names stay English (a machine reads them);
    the question asked is in the facilitator's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "contact", "asked"])
    for name, contact in follow_up.contacts:
        writer.writerow([safe_cell(name), safe_cell(contact), _(QUESTION)])
    return buffer.getvalue()
