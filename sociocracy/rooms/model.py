"""What the workshop record holds (participants, activities, responses, sessions) and the rules
for what people may type.

These are snapshots: plain frozen dataclasses made from the event log when asked, so a widget or a
web handler can keep one without holding a database connection. Names follow the course's one
rule for names (:mod:`sociocracy.core.names`: NFKC, nothing invisible, 60 characters, and a name
that looks like one already in the room is refused at join). Answers keep their line breaks (up
to 1,000 characters, a few spoken sentences); control characters are dropped, since a phone
keyboard never means them and PostgreSQL refuses ``NUL``, and so are the direction controls
that could turn the text after an answer around (:mod:`sociocracy.core.people_text`). A refusal
is a :class:`~sociocracy.core.errors.InputError` whose ``field`` is the label the phone showed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sociocracy.core.errors import InputError
from sociocracy.core.language import N_, _, babel_locale
from sociocracy.core.names import MAX_NAME_LENGTH
from sociocracy.core.people_text import drop_bidi_controls

__all__ = [
    "ACTIVITY_KINDS",
    "CONSENT_CHOICES",
    "FOLLOW_UP_ANSWERS",
    "MAX_NAME",
    "MAX_TEXT",
    "NAME_LABEL",
    "Activity",
    "Participant",
    "Response",
    "clean_response",
    "clean_text",
    "refused",
]

#: The kinds of activity a room runs, with the label people see.
ACTIVITY_KINDS = {
    "check-in": N_("Check-in round"),
    "consent": N_("Consent round"),
    "nomination": N_("Nomination round"),
    "evaluation": N_("Evaluation round"),
    "follow-up": N_("Follow-up question"),
}
CONSENT_CHOICES = ("consent", "objection")
MAX_NAME = MAX_NAME_LENGTH
#: The label of the name box on the phone (a refused name's ``field``).
NAME_LABEL = N_("Your name")
MAX_TEXT = 1000
#: The fields each kind of activity takes, and the label a phone shows for each.
FIELDS = {
    "check-in": ("words",),
    "evaluation": ("words",),
    "consent": ("choice", "reason"),
    "nomination": ("nominee", "reason"),
    "follow-up": ("answer", "contact"),
}
LABELS = {"words": N_("Your words"), "choice": N_("Your choice"), "reason": N_("Reason"),
          "nominee": N_("Nominee"), "answer": N_("Your answer"),
          "contact": N_("How to reach you (optional)")}
#: The answers a follow-up question takes. A way to be contacted is kept only with a "yes".
FOLLOW_UP_ANSWERS = ("yes", "no")
#: A contact is one line (an email address, a phone number): a few words at most.
MAX_CONTACT = 200


def moment(seconds: float) -> datetime:
    """A stored time (seconds since 1970, UTC) as an aware ``datetime``."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


@dataclass(frozen=True)
class Participant:
    """Someone who joined a room. ``key`` is only set on the object ``Room.join`` returns: the
    phone keeps it (in a cookie) to answer and to see its own answer; the record keeps a hash."""

    id: int
    name: str
    joined_at: datetime
    key: str | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "joined_at": self.joined_at.isoformat()}


@dataclass(frozen=True)
class Activity:
    """One round in a room: its kind, the facilitator's prompt, and where it stands."""

    id: int
    kind: str
    prompt: str
    opened_at: datetime
    revealed: bool = False
    closed: bool = False
    asked_by: str = ""  # the app that asked ("Consent decision"); "" for the Workshop room app

    @property
    def label(self) -> str:
        """The kind's name in the current language ("Consent round")."""
        return _(ACTIVITY_KINDS[self.kind])

    @property
    def fields(self) -> tuple[str, ...]:
        return FIELDS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "prompt": self.prompt,
                "opened_at": self.opened_at.isoformat(), "revealed": self.revealed,
                "closed": self.closed, "asked_by": self.asked_by}


@dataclass(frozen=True)
class Response:
    """A participant's latest answer to an activity."""

    activity_id: int
    participant_id: int
    name: str
    fields: dict[str, str]
    at: datetime

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def choice(self) -> str:
        return self.get("choice")

    @property
    def reason(self) -> str:
        return self.get("reason")

    @property
    def nominee(self) -> str:
        return self.get("nominee")

    @property
    def words(self) -> str:
        return self.get("words")

    def to_dict(self) -> dict[str, Any]:
        return {"activity_id": self.activity_id, "participant_id": self.participant_id,
                "name": self.name, "fields": dict(self.fields), "at": self.at.isoformat()}


def _drop_controls(text: str, keep: str = "") -> str:
    text = drop_bidi_controls(text)
    return "".join(c for c in text if c in keep or unicodedata.category(c) != "Cc")


def refused(label: str, message: str) -> InputError:
    """A refusal of what was typed in the box labelled ``label``: "Reason: this is needed.".

    ``label`` is the English label (the error's ``field``, which pages compare); the message
    shows it in the current language, and ``message`` comes translated."""
    return InputError(_("{label}: {problem}").format(label=_(label), problem=message),
                      field=label)


def clean_text(value: object, label: str, *, required: bool = True) -> str:
    """An answer: line breaks kept, ends trimmed, at most 1,000 characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise refused(label, _("type some text."))
    text = _drop_controls(value.replace("\r\n", "\n").replace("\r", "\n"), keep="\n\t").strip()
    if required and not text:
        raise refused(label, _("this is needed (it is empty)."))
    if len(text) > MAX_TEXT:
        from babel.numbers import format_decimal

        raise refused(label, _("use at most {most} characters (this has {count}).").format(
            most=format_decimal(MAX_TEXT, locale=babel_locale()),
            count=format_decimal(len(text), locale=babel_locale())))
    return text


def clean_response(kind: str, fields: dict[str, object]) -> dict[str, str]:
    """The fields of an answer to a ``kind`` activity, checked; errors name the field's label."""
    allowed = FIELDS[kind]
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        expected = ", ".join(allowed)
        raise refused(LABELS.get(unknown[0], unknown[0]),
                      _("a {kind} takes only: {fields}.").format(
                          kind=_(ACTIVITY_KINDS[kind]).lower(), fields=expected))
    if kind == "consent":
        choice = fields.get("choice")
        if choice not in CONSENT_CHOICES:
            raise refused(LABELS["choice"], _("choose 'consent' or 'objection'."))
        reason = clean_text(fields.get("reason"), LABELS["reason"],
                            required=choice == "objection")
        return {"choice": str(choice), "reason": reason}
    if kind == "follow-up":
        return _follow_up(fields)
    if kind == "nomination":
        return {"nominee": clean_text(fields.get("nominee"), LABELS["nominee"]),
                "reason": clean_text(fields.get("reason"), LABELS["reason"])}
    return {"words": clean_text(fields.get("words"), LABELS["words"])}


def _follow_up(fields: dict[str, object]) -> dict[str, str]:
    """A follow-up answer: "yes" or "no", and, only with a "yes", an optional way to be contacted
    (one line). A contact sent with anything but a clear yes is refused, not stored: nobody's
    contact is kept without their yes."""
    answer = fields.get("answer")
    if answer not in FOLLOW_UP_ANSWERS:
        raise refused(LABELS["answer"], _("choose 'yes' or 'no'."))
    contact = clean_text(fields.get("contact"), LABELS["contact"], required=False)
    if contact and answer != "yes":
        raise refused(LABELS["contact"], _("a way to reach you is asked only after a yes; "
                                            "leave it empty."))
    contact = " ".join(contact.split())
    if len(contact) > MAX_CONTACT:
        raise refused(LABELS["contact"], _("use at most {most} characters (this has {count}).")
                      .format(most=MAX_CONTACT, count=len(contact)))
    return {"answer": str(answer), "contact": contact}
