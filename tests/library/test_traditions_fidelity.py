"""The comparison of traditions keeps the distinctions the sources make (issue 10, items 9, 15)."""

from __future__ import annotations

from sociocracy.traditions import CONSENSUS_ANSWERS, HOLACRACY_TERMS, tradition


def test_stand_aside_and_abstain_are_two_different_answers():
    assert CONSENSUS_ANSWERS["stand aside"] != CONSENSUS_ANSWERS["abstain"]
    answers = tradition("Consensus").responses.lower()
    assert "stand aside (abstain)" not in answers
    assert "stand aside" in answers and "abstain" in answers


def test_holacracy_link_names_carry_the_constitution_version():
    assert HOLACRACY_TERMS["v5.0"] == {"leader": "Circle Lead", "delegate": "Circle Rep"}
    assert HOLACRACY_TERMS["v4.1"] == {"leader": "Lead Link", "delegate": "Rep Link"}
    structure = tradition("Holacracy").structure
    assert "Circle Lead" in structure and "v5" in structure and "v4" in structure


def test_sofa_sociocracy_has_neither_stand_aside_nor_abstain():
    answers = tradition("Sociocracy (SoFA)").responses.lower()
    assert "no abstaining" in answers and "no standing aside" in answers
