"""People's names: the one rule for reading, cleaning, checking and comparing them, everywhere.

Names arrive typed into a box ("Ana, Ben" on one line and "Chen" on the next), typed on a phone
that joins a workshop room, read from a trainer's file, or passed in code. Each practice (rounds,
consent, circles, selection, meetings), the workshop room and each widget reads them here, so
"Ana, Ben⏎Chen" is three people everywhere, ``"Ana  Lopez"`` and ``"Ana Lopez"`` are the same
person everywhere, and the same mistakes get the same sentence.

The rule, and why:

* **Spaces tidied, Unicode NFKC.** A name is prepared as a nickname (RFC 8266, through the
  ``precis-i18n`` library): compatibility forms become the ordinary ones (a phone's full-width
  "Ａｎａ" is "Ana", "ﬁ" is "fi"), spaces of every kind become one ordinary space, and the ends are
  trimmed.
* **Nothing invisible.** Control and format characters are refused with a sentence that names
  the character: a right-to-left override (U+202E) in ``Bob\\u202eecilA`` would mirror every name
  shown after it, and a zero-width space (U+200B) makes "Ana\\u200b" look exactly like "Ana". The
  joiners that some scripts need between letters (U+200C, U+200D, e.g. in Persian) are kept
  where RFC 8264 allows them.
* **Names that look the same are the same name** (:func:`name_key`): compared without case
  ("Ana" and "ana") and with letters of other scripts that imitate Latin ones read as the letter
  they imitate (Cyrillic "а" in "Anа"; the Unicode confusables data, through the
  ``confusable-homoglyphs`` library). Two people called Ana add an initial.
* **At most 60 characters** (:data:`MAX_NAME_LENGTH`): a name badge, a label. Names recorded under
  an older rule are shown through :func:`shown_name` and told apart by :func:`distinct_names`,
  which stay within the same limit, so a record never stops a page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from sociocracy.core.errors import InputError
from sociocracy.core.language import N_, _

__all__ = ["MAX_NAME_LENGTH", "NAME_KINDS", "clean_name", "clean_names", "distinct_names",
           "name_key", "parse_names", "refuse_taken", "shown_name", "taken_by"]

#: Long enough for "Maria-Magdalena Esperanza Villanueva de la Fuente"; short enough for a label.
MAX_NAME_LENGTH = 60
#: What a name can be the name of, as callers say it (``clean_name(text, "member")``): marked
#: here for the catalogs, shown through ``_()`` in the page's language. A sentence holds the noun
#: in one place only ("A {what}'s name", "nombre de {what}"), so it needs no article or gender.
NAME_KINDS = (N_("person"), N_("participant"), N_("member"), N_("circle"), N_("nominee"),
              N_("leader"), N_("delegate"), N_("facilitator"), N_("secretary"), N_("role"),
              N_("organisation"))
_CHARACTER_KINDS = {"Cc": N_("a control character"), "Co": N_("a private-use character"),
                    "Cn": N_("an unassigned character"), "Cs": N_("a lone surrogate")}
_PRINTABLE_ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))


@lru_cache(maxsize=1)
def _nickname_profile():  # type: ignore[no-untyped-def]
    """RFC 8266's nickname profile (loaded on the first name that is not plain ASCII)."""
    import precis_i18n

    return precis_i18n.get_profile("NicknameCasePreserved")


def _character(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: a character people cannot see, named so they can."""
    kind = _CHARACTER_KINDS.get(unicodedata.category(char))
    name = unicodedata.name(char, "") or (_(kind) if kind else _("no name"))
    return f"U+{ord(char):04X} ({name})"


@lru_cache(maxsize=4096)
def _prepare(name: str, what: str, field: str | None) -> str:
    """NFKC and RFC 8266's nickname rules; an invisible character is refused, named."""
    if set(name) <= _PRINTABLE_ASCII:
        return name  # the profile leaves printable ASCII as it is: skip loading it
    try:
        prepared: str = _nickname_profile().enforce(name)
    except UnicodeEncodeError as exc:
        if "empty" in exc.reason:
            return ""
        bad = str(exc.object)[exc.start:exc.end][:1] or name[:1]
        before = str(exc.object)[:exc.start]
        after = bool(before) and set(before) <= _PRINTABLE_ASCII
        words = {"what": _(what), "character": _character(bad), "before": before}
        if unicodedata.category(bad).startswith("C") or "ignorable" in exc.reason:
            message = (_("A {what}'s name cannot hold invisible characters, which can make it "
                         "look like another name or turn the text after it around: this one "
                         "holds {character} after '{before}'. Type the name again without it.")
                       if after else
                       _("A {what}'s name cannot hold invisible characters, which can make it "
                         "look like another name or turn the text after it around: this one "
                         "holds {character}. Type the name again without it."))
        else:
            message = (_("A {what}'s name cannot hold {character} after '{before}'; type the "
                         "name again with letters, spaces and punctuation.") if after else
                       _("A {what}'s name cannot hold {character}; type the name again with "
                         "letters, spaces and punctuation."))
        raise InputError(message.format(**words), field=field) from None
    return prepared


def clean_name(raw: object, what: str = "person", *, field: str | None = None) -> str:
    """One name by the rule above: spaces tidied, NFKC, nothing invisible, at most 60 characters.

    ``what`` names the thing in the message ("person", "circle", "nominee": one of
    :data:`NAME_KINDS`, shown in the page's language); ``field`` is the
    label the person saw (the refusal's :attr:`InputError.field`, e.g. "Your name"). Refuses an
    empty name, a name that is not text, an invisible character and a name that is too long.
    """
    if not isinstance(raw, str):
        raise InputError(_("Each {what}'s name should be text, not {value}.").format(
            what=_(what), value=repr(raw)), field=field)
    name = " ".join(raw.split())
    if name:
        name = _prepare(name, what, field)
    if not name:
        raise InputError(_("Type a name for the {what} first.").format(what=_(what)),
                         field=field)
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(_("The name '{start}…' is {length} characters long; keep a {what}'s "
                           "name to {limit} characters or fewer.").format(
            start=name[:20], length=len(name), what=_(what), limit=MAX_NAME_LENGTH), field=field)
    return name


@lru_cache(maxsize=4096)
def _latin_lookalike(char: str) -> str:
    """The Latin letter ``char`` imitates (Cyrillic "а" -> "a"), or ``char`` itself."""
    if not unicodedata.category(char).startswith("L") or \
            unicodedata.name(char, "").startswith("LATIN "):
        return char  # marks, digits, punctuation and Latin letters: loads nothing
    from confusable_homoglyphs import categories, confusables

    if categories.alias(char) in ("LATIN", "COMMON", "INHERITED"):
        return char
    found = confusables.is_confusable(char, preferred_aliases=["latin"])
    latin = [glyph["c"] for glyph in (found[0]["homoglyphs"] if found else [])
             if len(glyph["c"]) == 1 and categories.alias(glyph["c"]) == "LATIN"]
    ascii_first = sorted(latin, key=lambda c: not c.isascii())
    return ascii_first[0] if ascii_first else char


def _key_of_character(char: str) -> str:
    if char.isascii():
        return char.casefold()
    small = char.casefold()
    choices = [_latin_lookalike(c) for c in dict.fromkeys((small, char)) if len(c) == 1]
    plain = [c for c in choices if c.isascii()]  # "Н" is "H", whose small "н" looks like "ʜ"
    return (plain or choices or [small])[0].casefold()


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """What a name looks like, for comparing: names with the same key are the same name.

    Case does not count ("Ana", "ana", "ANA"), nor do spacing, compatibility forms (NFKC), a
    letter of another script that imitates a Latin one ("Anа" with a Cyrillic "а"; "Ѕаrа") or
    an invisible character that an older record kept ("Ana\u200b").
    """
    text = unicodedata.normalize("NFKC", str(name))
    if not text.isascii():
        text = "".join(c for c in text
                       if c.isspace() or not unicodedata.category(c).startswith("C"))
    prepared = " ".join(text.split())
    if prepared.isascii():
        return prepared.casefold()
    letters = unicodedata.normalize("NFD", prepared)
    return unicodedata.normalize("NFC", "".join(_key_of_character(c) for c in letters))


def taken_by(name: str, names: Iterable[str]) -> str | None:
    """The name among ``names`` that looks the same as ``name`` (see :func:`name_key`), or None."""
    key = name_key(name)
    return next((other for other in names if name_key(other) == key), None)


def refuse_taken(name: str, names: Iterable[str], *, field: str | None = None) -> None:
    """Refuse ``name`` when someone in ``names`` already uses it (the workshop room's join)."""
    other = taken_by(name, names)
    if other is not None:
        raise InputError(_("Someone here already uses the name {name}: add an initial."
                           ).format(name=other), field=field)


def clean_names(raw: Iterable[object], what: str = "person") -> list[str]:
    """Several names, each cleaned by :func:`clean_name`, in order; a name twice is refused.

    Names that look the same are the same name (:func:`name_key`: "ana" and "Ana", or "Anа" with
    a Cyrillic "а"). A single string is refused: it is almost always a forgotten split (use
    :func:`parse_names`).
    """
    if isinstance(raw, str):
        raise InputError(_("Give the {what} names as a list of names, e.g. [\"Ana\", "
                           "\"Ben\"], not as one piece of text.").format(what=_(what)))
    names: list[str] = []
    seen: dict[str, str] = {}
    for item in raw:
        name = clean_name(item, what)
        key = name_key(name)
        if key in seen:
            message = (_("{name} is listed twice; give each {what} once (add an initial to "
                         "tell two people with the same name apart).") if seen[key] == name else
                       _("{name} is listed twice ('{first}' and '{name}'); give each {what} once "
                         "(add an initial to tell two people with the same name apart)."))
            raise InputError(message.format(name=name, first=seen[key], what=_(what)))
        seen[key] = name
        names.append(name)
    return names


def parse_names(text: str, what: str = "person") -> list[str]:
    """Names typed into a box: one per line or separated by commas, blank entries ignored.

    ``"Ana, Ben\\nChen"`` -> ``["Ana", "Ben", "Chen"]``. Duplicates and over-long names are
    refused with a sentence that says which.
    """
    pieces = (piece for line in str(text).splitlines() for piece in line.split(","))
    return clean_names([p for p in pieces if p.strip()], what)


def shown_name(raw: object, fallback: str | None = None) -> str:
    """A recorded name made to fit the rule, never refused: for names kept under an older rule.

    A record may hold names accepted before this rule (a workshop room once kept format
    characters and let "Ana" join twice). Invisible characters are dropped, NFKC applied, the
    name cut to :data:`MAX_NAME_LENGTH`; if nothing is left, ``fallback`` (default: "Someone" in
    the page's language).
    """
    text = unicodedata.normalize("NFKC", raw if isinstance(raw, str) else str(raw or ""))
    text = "".join(c for c in text if c.isspace() or not unicodedata.category(c).startswith("C"))
    text = " ".join(text.split())
    for attempt in (text, text.encode("ascii", "ignore").decode()):
        try:
            return clean_name(attempt[:MAX_NAME_LENGTH].strip())
        except InputError:
            continue
    return _("Someone") if fallback is None else fallback


def distinct_names(names: Iterable[object]) -> list[str]:
    """One name per person, told apart: "Ana", "ana (2)", each within 60 characters.

    For names already recorded (the workshop room's answers before the spoken round): every
    name passes :func:`shown_name`, and a name that looks like an earlier one gets " (2)",
    " (3)"..., its end cut so that the whole stays within :data:`MAX_NAME_LENGTH`. The result is
    always accepted by :func:`clean_names`.
    """
    result: list[str] = []
    keys: set[str] = set()
    for raw in names:
        base = shown_name(raw)
        name, number = base, 1
        while name_key(name) in keys:
            number += 1
            suffix = f" ({number})"
            name = base[:MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
        keys.add(name_key(name))
        result.append(name)
    return result
