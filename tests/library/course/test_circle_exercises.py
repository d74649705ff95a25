"""Self-checks of the circles exercise: helpful text for missing, wrong and right answers."""

from __future__ import annotations

from pathlib import Path

from sociocracy.circles import load_organization
from sociocracy.course.circle_exercises import (
    DECISIONS,
    broken_coop,
    check_fixed,
    check_who_decides,
)

GREEN_VALLEY = (Path(__file__).resolve().parents[3] / "examples" / "organizations"
                / "green_valley_coop.yaml")


def test_the_broken_coop_has_four_errors_to_fix():
    assert check_fixed(broken_coop()).startswith("4 errors left:")


def test_an_unanswered_fix_says_so_without_failing():
    assert check_fixed(...).startswith("Not answered yet")


def test_the_model_fix_clears_every_error():
    coop = broken_coop()
    coop.set_role("Buying", "delegate", "Eli")
    coop.add_member("General Circle", "Eli")
    coop.add_member("General Circle", "Jo")
    coop.circle("Shop Floor").aim = "Keep the shop tidy."
    coop.circle("Shop Floor").domain = "shelves, shop layout"
    assert check_fixed(coop).startswith("Well done")


def test_every_decision_has_exactly_one_circle_in_the_example():
    org = load_organization(GREEN_VALLEY)
    owners = {org.who_decides(item).name for item, _why in DECISIONS.values()}
    assert len(owners) == len(DECISIONS)


def test_who_decides_feedback_counts_right_wrong_and_missing():
    org = load_organization(GREEN_VALLEY)
    first, second, *_ = DECISIONS
    text = check_who_decides(org, {first: "garden", second: "Garden"})
    assert text.startswith("1 of 5 right.")
    assert "not Garden" in text and "not answered yet" in text
    assert check_who_decides(org, ...).startswith("0 of 5 right.")


def test_the_most_specific_circle_decides():
    org = load_organization(GREEN_VALLEY)
    org.circle("General Circle").domain = "yearly budget, garden tools"
    assert org.who_decides("Garden tools").name == "Garden"
    assert org.who_decides("a co-op dog") is None
