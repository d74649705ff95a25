"""How much a seat on the circle map says at a readable size (issue 25: "+ 3 more")."""

from __future__ import annotations

from sociocracy.circle_labels import CHAR_EM, LINE_EM, fit_line, member_label, seat_text
from sociocracy.circle_model import Circle


def circle(members: int, name: str = "Garden") -> Circle:
    people = [f"Person{i}" for i in range(members)]
    return Circle(name=name, type="department", members=people, leader=people[0],
                  delegate=people[1] if members > 1 else None)


def test_a_big_seat_holds_every_member_with_their_link_roles():
    text = seat_text(circle(5), seat_px=120, name_px=16)
    assert text.title == "Garden" and text.kind == "(department)"
    assert text.members == ("Person0 (L)", "Person1 (D)", "Person2", "Person3", "Person4")
    assert text.hidden == 0


def test_a_full_seat_ends_with_plus_n_more_and_counts_everyone_left_out():
    text = seat_text(circle(12), seat_px=90, name_px=16)
    assert text.members[-1] == f"+ {text.hidden} more"
    assert len(text.members) - 1 + text.hidden == 12
    assert text.members[0] == "Person0 (L)"  # the leader stays visible


def test_the_lines_fit_the_seat_at_the_size_asked_for():
    for seat_px, name_px in ((60, 16), (90, 16), (90, 24), (140, 24), (200, 32)):
        text = seat_text(circle(9, "Maintenance and repairs"), seat_px, name_px)
        rows = text.title.count("\n") + 1 + bool(text.kind) + len(text.members)
        assert rows * LINE_EM * name_px <= 2 * seat_px  # the block is not taller than the seat
        for line in [*text.title.split("\n"), text.kind, *text.members]:
            assert len(line) * CHAR_EM * name_px <= 2 * seat_px * 0.9 + 1e-9, (line, seat_px)


def test_bigger_names_mean_fewer_members_shown_never_smaller_text():
    small, large = seat_text(circle(8), 90, 16), seat_text(circle(8), 90, 24)
    assert len(large.members) < len(small.members)
    assert large.hidden > small.hidden


def test_a_long_circle_name_goes_on_two_lines_and_a_long_member_name_is_cut():
    text = seat_text(circle(2, "General Circle"), seat_px=72, name_px=16)
    assert text.title == "General\nCircle"
    assert fit_line("Maria-Magdalena Esperanza", 10) == "Maria-Mag…"
    assert member_label(circle(2), "person0") == "person0 (L)"  # names compare without case
