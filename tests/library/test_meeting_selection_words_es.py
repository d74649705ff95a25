"""A Spanish agenda names a selection in Spanish ("Elegir secretario/a", lesson 9): the planner
treats it as a selection (a decision whose proposal is made in the meeting), as it does
"Select a facilitator"; other Spanish decisions without a proposal are still errors."""

from __future__ import annotations

import pytest

from sociocracy.meetings import AgendaItem, Meeting


@pytest.mark.parametrize("title", ["Elegir secretario/a", "Elección de la persona que facilita",
                                   "Reelegir al delegado", "Re-elegir a quien facilita",
                                   "Selección: persona delegada", "Seleccionar facilitador/a",
                                   "Eleccion del tesorero", "Elecciones: dos roles",
                                   "Elegimos quién lleva el libro de registro"])
def test_a_spanish_selection_needs_no_proposal_beforehand(title: str) -> None:
    meeting = Meeting("Huerto", "2027-03-04", 300, [AgendaItem(title, "decision", 20)])
    assert meeting.items[0].is_selection
    assert [f.code for f in meeting.validate()] == []


@pytest.mark.parametrize("title", ["Solo semillas ecológicas", "Electricidad del cobertizo",
                                   "Plantas elegantes", "Riego selectivo", "Elegibilidad"])
def test_other_spanish_decisions_without_a_proposal_are_still_errors(title: str) -> None:
    meeting = Meeting("Huerto", "2027-03-04", 300, [AgendaItem(title, "decision", 20)])
    [finding] = meeting.validate()
    assert finding.code == "decision-without-proposal"
