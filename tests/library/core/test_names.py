"""People's names: one rule for every practice and widget (lines and commas, spaces, duplicates)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sociocracy.circles import Organization
from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import CourseError, InputError
from sociocracy.core.names import (
    MAX_NAME_LENGTH,
    clean_name,
    clean_names,
    distinct_names,
    name_key,
    parse_names,
    refuse_taken,
    shown_name,
    taken_by,
)
from sociocracy.rounds import Round


def test_lines_and_commas_both_separate_names_and_inner_spaces_collapse():
    assert parse_names("Ana, Ben\n  Chen   Li \n\n,") == ["Ana", "Ben", "Chen Li"]


@pytest.mark.parametrize("text", ["Ana\nana", "Ana\nAna", "Ana Lopez, Ana  Lopez"])
def test_a_name_twice_is_refused_naming_it(text):
    with pytest.raises(InputError, match="listed twice"):
        parse_names(text)


def test_a_long_name_is_refused_with_the_limit_and_a_long_enough_one_is_kept():
    kept = "Maria-Magdalena Esperanza Villanueva de la Fuente"
    assert clean_name(kept) == kept
    with pytest.raises(InputError, match=f"{MAX_NAME_LENGTH} characters"):
        clean_name("x" * (MAX_NAME_LENGTH + 1))


@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_empty_or_non_text_names_are_refused(bad):
    with pytest.raises(InputError):
        clean_name(bad)


def test_one_piece_of_text_is_not_taken_as_a_list_of_names():
    with pytest.raises(InputError, match="list of names"):
        clean_names("Ana, Ben")


def test_every_practice_reads_names_by_the_same_rule():
    """Rounds, consent and circles clean spaces alike and refuse the same duplicates."""
    typed = ["  Ana   Lopez ", "Ben"]
    assert Round("check-in", typed).participants == ("Ana Lopez", "Ben")
    assert ConsentProcess("Paint the door.", typed).members == ("Ana Lopez", "Ben")
    org = Organization("Co-op")
    org.add_circle("General")
    org.add_member("General", typed[0])
    assert org.circle("General").members == ["Ana Lopez"]
    for make in (lambda: Round("check-in", ["Ana", "ana"]),
                 lambda: ConsentProcess("Paint the door.", ["Ana", "ana"])):
        with pytest.raises(CourseError, match="listed twice"):
            make()


@given(st.lists(st.text(alphabet="ab ,\n", max_size=8), max_size=6))
def test_parsed_names_are_clean_and_distinct(pieces):
    try:
        names = parse_names("\n".join(pieces))
    except InputError:
        return
    assert all(n == " ".join(n.split()) and n for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert all("," not in n and "\n" not in n for n in names)


# -- the one rule for names typed on phones (issue 20, item 4; issue 21, item 9) -------------
@pytest.mark.parametrize(("typed", "named"), [
    ("Bob\u202eecilA", "U+202E (RIGHT-TO-LEFT OVERRIDE) after 'Bob'"),
    ("Ana\u200b", "U+200B (ZERO WIDTH SPACE) after 'Ana'"),
    ("\u2066Ana\u2069", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("Ana\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE) after 'Ana'"),
    ("A\u00adna", "U+00AD (SOFT HYPHEN) after 'A'"),
    ("Ana\x1b[31m", "U+001B (a control character) after 'Ana'"),
])
def test_invisible_characters_are_refused_with_a_sentence_naming_them(typed, named):
    with pytest.raises(InputError, match=re.escape(named)) as caught:
        clean_name(typed, field="Your name")
    assert caught.value.plain.endswith("Type the name again without it.")
    assert caught.value.field == "Your name"


@pytest.mark.parametrize(("typed", "kept"), [
    ("Ａｎａ", "Ana"),                      # full width, as some phone keyboards type it
    ("\u00a0Ana\u3000Lopez ", "Ana Lopez"),  # spaces of every kind are one ordinary space
    ("ﬁona", "fiona"),                      # a ligature is its letters (NFKC)
    ("Jose\u0301", "José"),                 # one way to write é
    ("علی\u200cرضا", "علی\u200cرضا"),       # a joiner Persian needs between letters stays
])
def test_names_are_nfkc_with_tidy_spaces(typed, kept):
    assert clean_name(typed) == kept


@pytest.mark.parametrize("same", ["ana", "ANA", "An\u0430", "\u0410n\u0430", "Ａｎａ", " Ana ",
                                  "Ana\u200b"])
def test_names_that_look_the_same_are_the_same_name(same):
    assert name_key(same) == name_key("Ana")
    assert taken_by(same, ["Ben", "Ana"]) == "Ana"
    with pytest.raises(InputError, match=r"^Someone here already uses the name Ana: add an"):
        refuse_taken(same, ["Ben", "Ana"])
    with pytest.raises(InputError, match=r"^Someone here already uses the name "):
        refuse_taken("Ana", ["Ben", same])  # also when an older record holds the lookalike
    if same != "Ana\u200b":  # refused on its own: it holds an invisible character
        with pytest.raises(InputError, match="listed twice"):
            clean_names(["Ana", same])


@pytest.mark.parametrize(("one", "other"), [
    ("Ana", "Anna"), ("Ana", "Ana B."), ("José", "Jose"), ("Zoë", "Zoe"), ("Ana", "Апа"),
])
def test_names_that_look_different_are_different_names(one, other):
    assert name_key(one) != name_key(other)
    assert clean_names([one, other]) == [one, other]


def test_other_scripts_imitating_latin_letters_count_as_the_letters():
    """Greek and Cyrillic capitals and small letters alike (Unicode's confusables data)."""
    assert name_key("\u0405\u0430r\u0430") == name_key("Sara")          # Cyrillic Ѕ, а
    assert name_key("\u041d\u0430ns") == name_key("Hans")               # Cyrillic Н
    assert name_key("\u0406van") == name_key("ivan")                    # Cyrillic І
    assert name_key("\u039ci\u03bfs") == name_key("Mios")              # Greek Μ, ο


def test_sixty_characters_is_the_limit_and_telling_two_apart_stays_within_it():
    assert clean_name("x" * 60) == "x" * 60
    with pytest.raises(InputError, match="61 characters long"):
        clean_name("x" * 61)
    told_apart = distinct_names(["x" * 60, "x" * 60, "X" * 60])
    assert told_apart == ["x" * 60, "x" * 56 + " (2)", "X" * 56 + " (3)"]
    assert all(len(name) <= MAX_NAME_LENGTH for name in told_apart)
    assert clean_names(told_apart) == told_apart


def test_names_an_older_record_holds_are_shown_and_told_apart_never_refused():
    recorded = ["Ana", "ana", "An\u0430", "Bob\u202eecilA", "Ana\u200b", "\u200b", "", "Ana (2)"]
    shown = distinct_names(recorded)
    assert shown == ["Ana", "ana (2)", "An\u0430 (3)", "BobecilA", "Ana (4)", "Someone",
                     "Someone (2)", "Ana (2) (2)"]
    assert clean_names(shown) == shown  # a round accepts every one of them
    assert shown_name("Ａｎａ\u202e") == "Ana"


def test_a_name_with_nothing_left_to_show_is_someone_in_the_pages_language():
    from sociocracy.core.language import speaking

    with speaking("es"):
        assert distinct_names(["\u200b", ""]) == ["Alguien", "Alguien (2)"]
    assert shown_name("", fallback="?") == "?"


@given(st.lists(st.text(max_size=70), max_size=8))
def test_distinct_names_always_gives_names_the_rule_accepts(recorded):
    shown = distinct_names(recorded)
    assert len(shown) == len(recorded)
    assert clean_names(shown) == shown
