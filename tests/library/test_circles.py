"""The organisation model: reading trainers' files, every structure rule, saving, the layout and
the double-link simulation."""

from __future__ import annotations

import itertools
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociocracy.circles import (
    FINDING_CODES,
    Organization,
    compare_links,
    layout,
    load_organization,
    parse_organization,
    simulate_double_link,
)
from sociocracy.core.errors import CourseError, InputError, ScenarioError
from sociocracy.core.names import clean_name, name_key

TODAY = date(2026, 1, 15)
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "organizations").glob("*.yaml"))

CLEAN = """\
organization: Test Co-op
circles:
  - name: General
    aim: Run the co-op well
    domain: budget, membership
    members: [Ana, Ben, Chen, Dee, Eli]
  - name: Garden
    parent: General
    aim: Grow food for the members
    domain: garden, tools
    members: [Ana, Ben, Fay, Gus, Hal]
    leader: Ana
    delegate: Ben
"""


def org_from(text: str) -> Organization:
    return parse_organization(textwrap.dedent(text), "test.yaml")


def codes(text: str) -> list[str]:
    return [f.code for f in org_from(text).validate(today=TODAY)]


#: For every finding code, the smallest file that shows it (the clean file with one change).
MINIMAL: dict[str, str] = {
    "no-circles": "organization: Empty\ncircles: []\n",
    "missing-aim": CLEAN.replace("    aim: Grow food for the members\n", ""),
    "missing-domain": CLEAN.replace("    domain: garden, tools\n", "    domain:\n"),
    "no-leader": CLEAN.replace("    leader: Ana\n", ""),
    "no-delegate": CLEAN.replace("    delegate: Ben\n", ""),
    "leader-is-delegate": CLEAN.replace("delegate: Ben", "delegate: Ana"),
    "link-not-in-parent": CLEAN.replace("[Ana, Ben, Chen, Dee, Eli]", "[Ana, Chen, Dee, Eli, Ivy]"),
    "role-not-member": CLEAN.replace("    delegate: Ben\n", "    delegate: Ben\n"
                                     "    facilitator: Zoe\n"),
    "unknown-parent": CLEAN.replace("parent: General", "parent: Generel"),
    "cycle": CLEAN.replace("    members: [Ana, Ben, Chen, Dee, Eli]\n",
                           "    parent: Garden\n    members: [Ana, Ben, Chen, Dee, Eli]\n"),
    "duplicate-circle": CLEAN + textwrap.indent(textwrap.dedent("""\
        - name: garden
          parent: General
          aim: Something else
          domain: compost
          members: [Ana, Ben, Fay, Gus, Hal]
          leader: Ana
          delegate: Ben
        """), "  "),
    "overlapping-domains": CLEAN + textwrap.indent(textwrap.dedent("""\
        - name: Repairs
          parent: General
          aim: Keep the buildings safe
          domain: buildings; Tools
          members: [Ana, Ben, Fay, Gus, Hal]
          leader: Ana
          delegate: Ben
        """), "  "),
    "circle-size": CLEAN.replace("[Ana, Ben, Fay, Gus, Hal]", "[Ana, Ben]"),
    "several-top-circles": CLEAN + textwrap.indent(textwrap.dedent("""\
        - name: Board
          aim: Keep the mission
          domain: mission
          members: [Ana, Ben, Chen]
        """), "  "),
    "duplicate-member": CLEAN.replace("[Ana, Ben, Fay, Gus, Hal]",
                                      "[Ana, Ben, Fay, Gus, Hal, Gus]"),
    "term-ended": CLEAN + ("    roles:\n"
                           "      - {name: Treasurer, holder: Fay, term_end: 2025-12-31}\n"),
    "unknown-field": CLEAN + "    memebrs: [Ana]\n",
}


def test_clean_organisation_has_no_findings():
    assert org_from(CLEAN).validate(today=TODAY) == []


def test_every_finding_code_has_a_minimal_example():
    assert set(MINIMAL) == set(FINDING_CODES)


@pytest.mark.parametrize("code", sorted(MINIMAL))
def test_each_finding_code_is_triggered_by_its_minimal_file(code):
    found = codes(MINIMAL[code])
    assert code in found, found


@pytest.mark.parametrize("code", sorted(MINIMAL))
def test_finding_messages_name_the_circle_and_a_line(code):
    for finding in org_from(MINIMAL[code]).validate(today=TODAY):
        assert finding.severity in ("error", "warning")
        assert finding.line is not None and finding.line >= 1
        assert finding.message[0].isupper() or finding.message[0] in "'"
        if finding.circle:
            assert finding.circle in finding.message


def test_finding_points_at_the_line_to_change():
    text = MINIMAL["unknown-parent"]
    (finding,) = [f for f in org_from(text).validate(today=TODAY) if f.code == "unknown-parent"]
    assert text.splitlines()[finding.line - 1].strip() == "parent: Generel"
    assert finding.circle == "Garden"


def test_top_circle_needs_no_links():
    org = org_from(CLEAN)
    assert org.circles[0].leader is None and org.circles[0].delegate is None
    assert org.validate(today=TODAY) == []


def test_helping_circle_without_delegate_is_only_a_warning():
    text = MINIMAL["no-delegate"].replace("parent: General", "parent: General\n    type: helping")
    (finding,) = org_from(text).validate(today=TODAY)
    assert (finding.code, finding.severity) == ("no-delegate", "warning")
    (error,) = org_from(MINIMAL["no-delegate"]).validate(today=TODAY)
    assert error.severity == "error"


def test_circle_size_is_a_warning_between_three_and_nine():
    assert "circle-size" not in codes(CLEAN.replace("[Ana, Ben, Fay, Gus, Hal]", "[Ana, Ben, Fay]"))
    ten = "[Ana, Ben, Fay, Gus, Hal, Ivy, Jo, Kim, Lu, Max]"
    (finding,) = org_from(CLEAN.replace("[Ana, Ben, Fay, Gus, Hal]", ten)).validate(today=TODAY)
    assert (finding.code, finding.severity) == ("circle-size", "warning")


def test_a_sub_circle_may_share_its_parents_domain():
    text = CLEAN.replace("domain: garden, tools", "domain: budget")
    assert "overlapping-domains" not in codes(text)


def test_loop_of_parents_is_reported_for_each_circle_in_it():
    found = [f for f in org_from(MINIMAL["cycle"]).validate(today=TODAY) if f.code == "cycle"]
    assert {f.circle for f in found} == {"General", "Garden"}
    assert "→" in found[0].message


def test_names_compare_without_case_or_extra_spaces():
    text = CLEAN.replace("parent: General", "parent: '  general '").replace(
        "leader: Ana", "leader: ana")
    assert codes(text) == []


# ---- reading files ------------------------------------------------------------------------


def test_malformed_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("organization: X\ncircles:\n  - name: A\n    members: [Ana, Ben\n")
    with pytest.raises(ScenarioError) as caught:
        load_organization(path)
    assert caught.value.path == str(path)
    assert caught.value.line is not None and caught.value.line >= 4
    assert "broken.yaml" in str(caught.value) and "line" in str(caught.value)


@pytest.mark.parametrize(("text", "line", "field"), [
    ("organization: X\ncircles:\n  - name: A\n    members: Ana, Ben\n", 4, "members"),
    ("organization: X\ncircles:\n  - name: A\n    aim: [a, b]\n", 4, "aim"),
    ("organization: X\ncircles:\n  - name: A\n    type: board\n", 4, "type"),
    ("organization: X\ncircles:\n  - name: A\n    leader: no\n", 4, "leader"),
    ("organization: X\ncircles:\n  - name: A\n  - just a name\n", 4, "circles"),
    ("organization: X\ncircles: many\n", 2, "circles"),
    ("organization: X\ncircles:\n  - aim: nameless\n", 3, "name"),
    ("organization: X\ncircles:\n  - name: A\n    roles:\n      - name: T\n"
     "        term_end: soon\n", 6, "term_end"),
    ("circles: []\n", 1, "organization"),
])
def test_wrong_types_name_file_line_and_field(tmp_path, text, line, field):
    path = tmp_path / "org.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load_organization(path)
    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert str(error).startswith(f"{path}, line {line}")


def test_missing_file_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        load_organization(tmp_path / "nope.yaml")


def test_round_trip_keeps_everything_but_comments(tmp_path):
    text = MINIMAL["term-ended"] + "    notes: ask Fay about the shed\nfounded: 2019\n"
    original = org_from("# a comment\n" + text)
    path = tmp_path / "saved.yaml"
    original.save(path)
    again = load_organization(path)
    assert again == original
    assert again.extra == {"founded": 2019}
    assert again.circles[1].roles[0].term_end == date(2025, 12, 31)
    assert "# a comment" not in path.read_text()
    assert again.to_yaml() == original.to_yaml()


def test_saved_file_is_readable_and_keeps_hostile_names_literal(tmp_path):
    org = org_from(CLEAN)
    hostile = "<img src=x onerror=alert(1)>"
    org.add_member("Garden", hostile)
    org.add_member("Garden", "O'Brien: \"Bob\" # not a comment")
    path = org.save(tmp_path / "out.yaml")
    text = path.read_text()
    assert "members: [" in text  # short lists stay on one line, as trainers write them
    again = load_organization(path)
    assert again.circle("Garden").members[-2:] == [hostile, "O'Brien: \"Bob\" # not a comment"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_shipped_examples_load_and_have_no_errors(example):
    org = load_organization(example)
    assert len(org.circles) >= 5
    errors = [f for f in org.validate(today=TODAY) if f.severity == "error"]
    assert errors == []


def test_there_are_two_examples():
    assert len(EXAMPLES) >= 2


# ---- editing ------------------------------------------------------------------------------


def test_editing_builds_a_valid_organisation():
    org = Organization("Workshop")
    org.add_circle("General", aim="Run it", domain="everything else")
    org.add_circle("Food", parent="General", aim="Feed us", domain="food")
    for person in ("Ana", "Ben", "Chen"):
        org.add_member("General", person)
        org.add_member("Food", person)
    org.set_role("Food", "leader", "Ana")
    org.set_role("Food", "delegate", "Ben")
    assert org.validate(today=TODAY) == []
    org.rename_circle("General", "Coordination")
    assert org.circle("Food").parent == "Coordination"
    assert org.remove_member("Food", "Ana") == ["leader"]
    assert "no-leader" in [f.code for f in org.validate(today=TODAY)]


def test_removing_a_circle_moves_its_sub_circles_up():
    org = Organization("X")
    org.add_circle("Top")
    org.add_circle("Middle", parent="Top")
    org.add_circle("Bottom", parent="Middle")
    org.remove_circle("Middle")
    assert org.circle("Bottom").parent == "Top"


@pytest.mark.parametrize(("action", "match"), [
    (lambda o: o.add_circle("general"), "already a circle"),
    (lambda o: o.add_circle("   "), "Type a name"),
    (lambda o: o.add_circle("X", parent="Nowhere"), "no circle called 'Nowhere'"),
    (lambda o: o.add_member("General", "Ana"), "already a member"),
    (lambda o: o.set_role("General", "boss", "Ana"), "not a circle role"),
    (lambda o: o.rename_circle("Garden", "General"), "already a circle"),
])
def test_editing_mistakes_say_what_to_do(action, match):
    with pytest.raises(CourseError, match=match):
        action(org_from(CLEAN))


def test_describe_names_circles_members_and_links():
    text = org_from(CLEAN).describe()
    assert "Test Co-op" in text and "2 circles" in text
    assert "Linked to General by leader Ana and delegate Ben" in text


# ---- layout --------------------------------------------------------------------------------


def branching(n: int, width: int) -> Organization:
    org = Organization("Big")
    org.add_circle("C0")
    for i in range(1, n):
        org.add_circle(f"C{i}", parent=f"C{(i - 1) // width}")
    return org


@pytest.mark.parametrize(("n", "width"), [(1, 1), (2, 1), (7, 6), (40, 3), (120, 5), (60, 30)])
def test_layout_has_no_overlapping_circles(n, width):
    drawn = layout(branching(n, width))
    for a, b in itertools.combinations(drawn.seats, 2):
        assert not a.overlaps(b)
    for child, parent in drawn.links:
        assert drawn.regions[parent].contains(drawn.regions[child])
        assert not drawn.seats[parent].overlaps(drawn.regions[child])
    for a, b in itertools.combinations(range(n), 2):
        if drawn.parents[a] == drawn.parents[b]:
            assert not drawn.regions[a].overlaps(drawn.regions[b])


def test_small_sub_circles_touch_their_parent():
    drawn = layout(org_from(CLEAN), gap=0.0)
    top, garden = drawn.seats
    distance = ((top.x - garden.x) ** 2 + (top.y - garden.y) ** 2) ** 0.5
    assert distance == pytest.approx(top.r + garden.r)
    assert garden.y < top.y  # below its parent, read top to bottom


def test_layout_draws_broken_organisations_too():
    drawn = layout(org_from(MINIMAL["cycle"] + MINIMAL["unknown-parent"].split("circles:\n")[1]
                            .replace("General", "Gen2").replace("Garden", "Garden2")))
    assert len(drawn.seats) == len(drawn.parents)
    assert None in drawn.parents
    for a, b in itertools.combinations(drawn.seats, 2):
        assert not a.overlaps(b)


# ---- the double-link simulation ------------------------------------------------------------


def test_simulation_is_reproducible_with_a_seed():
    assert simulate_double_link(seed=3) == simulate_double_link(seed=3)
    assert simulate_double_link(seed=3) != simulate_double_link(seed=4)


def test_two_links_carry_more_and_escalate_more_than_one():
    one, two = compare_links(seed=7)
    assert one.issues == two.issues > 0
    assert two.fidelity_up > one.fidelity_up and two.fidelity_down > one.fidelity_down
    assert two.escalated > one.escalated
    assert "two links" in two.sentence() and "one link" in one.sentence()


def test_without_noise_or_bias_every_fact_arrives():
    report = simulate_double_link(links=1, noise=0.0, bias=0.0, dismiss=0.0, seed=1)
    assert report.fidelity_up == report.fidelity_down == 1.0
    assert report.escalation_rate == 1.0


@pytest.mark.parametrize("bad", [{"links": 3}, {"noise": 1.5}, {"bias": -1}, {"circles": 0}])
def test_simulation_rejects_impossible_settings(bad):
    with pytest.raises(ValueError):
        simulate_double_link(**bad)


# ---- properties over many organisations ----------------------------------------------------


def _kept_as_typed(name: str) -> bool:
    """Whether the names rule keeps ``name`` as it is (no NFKC change, nothing invisible)."""
    try:
        return clean_name(name) == name
    except InputError:
        return False


NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Zl", "Zp")),
                min_size=1, max_size=30).filter(_kept_as_typed)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=60))
def test_no_two_circles_overlap_in_any_tree(choices):
    org = Organization("Random")
    org.add_circle("C0")
    for i, choice in enumerate(choices, start=1):
        org.add_circle(f"C{i}", parent=f"C{choice % i}")
    drawn = layout(org)
    for a, b in itertools.combinations(drawn.seats, 2):
        assert not a.overlaps(b)
    for child, parent in drawn.links:
        assert drawn.regions[parent].contains(drawn.regions[child], tolerance=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=6, unique_by=name_key), NAMES)
def test_any_names_survive_saving_and_loading(people, circle_name):
    org = Organization("Names")
    org.add_circle(circle_name, aim="An aim", domain="a domain")
    for person in people:
        org.add_member(circle_name, person)
    org.set_role(circle_name, "facilitator", people[0])
    again = parse_organization(org.to_yaml(), "names.yaml")
    assert again == org
