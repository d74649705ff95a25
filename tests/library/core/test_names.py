"""People's names: one rule for every practice and widget (lines and commas, spaces, duplicates)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sociocracy.circles import Organization
from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import CourseError, InputError
from sociocracy.core.names import MAX_NAME_LENGTH, clean_name, clean_names, parse_names
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
