"""Circle tools without a browser: click, type, and check the organisation and what is shown."""

from __future__ import annotations

import base64
import re
from datetime import date, datetime, timezone
from pathlib import Path

import ipywidgets as widgets
import pytest
from sociocracy.widgets import CircleBuilder, CircleMap, LinkTelephone

from sociocracy.circles import load_organization

HOSTILE = "<img src=x onerror=alert(1)>"
TODAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[2]
GREEN_VALLEY = ROOT / "examples" / "organizations" / "green_valley_coop.yaml"


def all_widgets(root: widgets.Widget):
    yield root
    for child in getattr(root, "children", ()):
        yield from all_widgets(child)


def html_values(root: widgets.Widget) -> list[str]:
    return [w.value for w in all_widgets(root) if isinstance(w, widgets.HTML)]


def add_circle(builder: CircleBuilder, name: str, parent: str | None, aim: str, domain: str,
               members: list[str]) -> None:
    builder.new_circle.value = name
    builder.new_parent.value = parent or ""
    builder.add_circle_button.click()
    assert builder.current == name, builder.status.value
    builder.aim_box.value = aim
    builder.domain_box.value = domain
    for person in members:
        builder.new_member.value = person
        builder.add_member_button.click()


def codes(builder: CircleBuilder) -> list[str]:
    return [f.code for f in builder.map.findings]


def test_build_three_circles_fix_a_finding_and_save(tmp_path):
    builder = CircleBuilder(folder=tmp_path, today=TODAY)
    add_circle(builder, "General", None, "Run the co-op", "budget", ["Ana", "Ben", "Chen"])
    add_circle(builder, "Garden", "General", "Grow food", "garden", ["Ana", "Ben", "Dee"])
    add_circle(builder, "Kitchen", "General", "Cook together", "kitchen", ["Ana", "Ben", "Eli"])
    for name in ("Garden", "Kitchen"):
        builder.select(name)
        builder.role_pickers["leader"].value = "Ana"
    assert codes(builder) == ["no-delegate", "no-delegate"]
    assert "2 errors" in builder.map.summary.value
    assert "no-delegate" in builder.map.findings_list.value

    for name in ("Garden", "Kitchen"):  # fix the finding by choosing delegates
        builder.select(name)
        builder.role_pickers["delegate"].value = "Ben"
    assert codes(builder) == []
    assert "No problems found" in builder.map.summary.value

    builder.file_name.value = "workshop.yaml"
    builder.save_button.click()
    saved = load_organization(tmp_path / "workshop.yaml")
    assert [c.name for c in saved.circles] == ["General", "Garden", "Kitchen"]
    assert saved.circle("Kitchen").delegate == "Ben"
    assert saved.validate(today=TODAY) == []
    link = re.search(r'download="workshop.yaml" href="data:application/x-yaml;base64,([^"]+)"',
                     builder.download.value)
    assert link and base64.b64decode(link[1]).decode() == saved.to_yaml()


def test_every_drop_down_shows_a_choice():
    builder = CircleBuilder(today=TODAY)
    add_circle(builder, "General", None, "Aim", "all", ["Ana"])
    for widget in all_widgets(builder):
        if isinstance(widget, widgets.Dropdown) and widget.options:
            assert widget.label, widget.description


def test_map_shows_the_organisation_in_its_alt_text():
    builder = CircleBuilder(today=TODAY)
    add_circle(builder, "General", None, "Aim", "all", ["Ana", "Ben", "Chen"])
    alt = builder.map.chart.alt
    assert "General" in alt and "Ana, Ben, Chen" in alt
    assert "<svg " in builder.map.chart.value


def test_hostile_names_are_shown_literally():
    builder = CircleBuilder(today=TODAY)
    add_circle(builder, HOSTILE, None, HOSTILE, HOSTILE, [HOSTILE, "Ana"])
    builder.org_name.value = HOSTILE
    builder.role_pickers["leader"].value = HOSTILE  # top circle: a role, not a link
    for value in html_values(builder):
        assert "<img src=x" not in value
    assert "&lt;img src=x onerror=alert(1)&gt;" in builder.map.summary.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in builder.map.chart.value  # escaped alt text
    assert builder.circle_picker.label == HOSTILE  # a drop-down label is text, not HTML
    assert HOSTILE in builder.member_list.options
    assert builder.org.circle(HOSTILE).leader == HOSTILE


def test_rename_moves_sub_circles_and_undo_goes_back():
    builder = CircleBuilder(today=TODAY)
    add_circle(builder, "General", None, "Aim", "all", ["Ana", "Ben", "Chen"])
    add_circle(builder, "Garden", "General", "Grow", "garden", ["Ana", "Ben", "Dee"])
    builder.select("General")
    builder.name_box.value = "Coordination"
    builder.rename_button.click()
    assert builder.org.circle("Garden").parent == "Coordination"
    assert builder.current == "Coordination"
    builder.remove_circle_button.click()
    assert [c.name for c in builder.org.circles] == ["Garden"]
    builder.undo_button.click()
    assert [c.name for c in builder.org.circles] == ["Coordination", "Garden"]
    builder.undo_button.click()
    assert builder.org.circle("Garden").parent == "General"


def test_mistakes_are_explained_and_change_nothing():
    builder = CircleBuilder(today=TODAY)
    add_circle(builder, "General", None, "Aim", "all", ["Ana"])
    before = builder.org.to_dict()
    builder.new_circle.value = "general"
    builder.add_circle_button.click()
    assert "already a circle called 'general'" in builder.status.value
    builder.new_member.value = "  "
    builder.add_member_button.click()
    assert "Type a name" in builder.status.value
    assert builder.org.to_dict() == before


def test_removing_a_member_empties_their_roles():
    builder = CircleBuilder(today=TODAY)
    add_circle(builder, "General", None, "Aim", "all", ["Ana", "Ben", "Chen"])
    add_circle(builder, "Garden", "General", "Grow", "garden", ["Ana", "Ben", "Dee"])
    builder.role_pickers["leader"].value = "Ana"
    builder.member_list.value = "Ana"
    builder.remove_member_button.click()
    assert builder.org.circle("Garden").leader is None
    assert builder.role_pickers["leader"].value == ""
    assert builder.role_pickers["leader"].label == "(nobody)"
    assert "leader" in builder.status.value and "no-leader" in codes(builder)


def test_open_a_file_by_upload_and_a_broken_one(tmp_path):
    builder = CircleBuilder(folder=tmp_path, today=TODAY)
    text = GREEN_VALLEY.read_bytes()
    builder.upload.value = ({"name": "coop.yaml", "type": "", "size": len(text),
                             "content": memoryview(text), "last_modified": NOW},)
    assert builder.org.name == "Green Valley Housing Co-op"
    assert builder.file_name.value == "coop.yaml"
    broken = b"organization: X\ncircles:\n  - name: A\n    members: Ana\n"
    builder.upload.value = ({"name": "broken.yaml", "type": "", "size": len(broken),
                             "content": memoryview(broken), "last_modified": NOW},)
    assert "broken.yaml, line 4" in builder.status.value
    assert builder.org.name == "Green Valley Housing Co-op"  # the map is kept
    builder.undo()
    assert builder.org.name == "Our organisation"


def test_saving_never_leaves_the_folder(tmp_path):
    builder = CircleBuilder(folder=tmp_path / "here", today=TODAY)
    (tmp_path / "here").mkdir()
    builder.file_name.value = "../../escape"
    builder.save_button.click()  # the empty map has an error: the first press only warns
    builder.save_button.click()
    assert (tmp_path / "here" / "escape.yaml").is_file()
    assert not (tmp_path / "escape.yaml").exists()


def test_examples_can_be_opened_from_the_menu():
    builder = CircleBuilder(today=TODAY)
    labels = [label for label, _ in builder.example_picker.options]
    assert "Riverside Primary School" in labels
    builder.example_picker.value = dict(builder.example_picker.options)["Riverside Primary School"]
    assert builder.org.name == "Riverside Primary School"
    assert not [f for f in builder.map.findings if f.severity == "error"]


def test_circle_map_highlights_the_chosen_circle():
    circle_map = CircleMap(GREEN_VALLEY, today=TODAY)
    assert [label for label, _ in circle_map.focus.options] == ["(none)", "Solar Panels"]
    assert circle_map.focus.label == "(none)" and circle_map.highlighted is None
    circle_map.focus.value = "Solar Panels"
    assert circle_map.highlighted == "Solar Panels"
    assert "Solar Panels is ringed" in circle_map.chart.alt
    assert "Warning" in circle_map.findings_list.value


def test_link_telephone_follows_its_sliders():
    tool = LinkTelephone(seed=2)
    assert tool.two.fidelity_up > tool.one.fidelity_up
    assert "two links" in tool.chart.alt.lower() or "two links" in tool.sentence.value
    tool.noise.value = 0.0
    tool.bias.value = 0.0
    assert tool.one.fidelity_up == tool.two.fidelity_up == 1.0
    first = tool.chart.alt
    tool.rerun.click()
    assert tool.seed == 3 and tool.chart.alt  # a new run with new people
    assert first



def test_link_telephone_opened_from_the_cache_runs_no_simulation(tmp_path, monkeypatch):
    """Issue 27: lesson 06 simulated its links (numpy) each time it opened. The next visitor's
    page shows the same chart and sentence without simulating; moving a control simulates."""
    from sociocracy.widgets import chart_cache

    import sociocracy.double_link as links

    monkeypatch.setenv("SOCIOCRACY_COURSE_CACHE", str(tmp_path))
    runs: list[int] = []
    simulate = links.compare_links

    def counted(**kwargs):
        runs.append(1)
        return simulate(**kwargs)

    monkeypatch.setattr(links, "compare_links", counted)
    first = LinkTelephone()
    assert len(runs) == 1
    chart_cache._memory.clear()  # the next visitor's kernel: only the disk
    tool = LinkTelephone()
    assert runs == [1], "the page simulated again although its opening was kept"
    assert tool.chart.from_cache and tool.chart.alt == first.chart.alt
    assert tool.sentence.value == first.sentence.value and "two links" in tool.sentence.value
    assert f"{tool.two.fidelity_up:.0%}</strong>" in tool.sentence.value  # the same run
    assert len(runs) == 2
    tool.dismiss.value = 1.0  # the learner moves a control
    assert len(runs) == 3 and not tool.chart.from_cache
    assert tool.sentence.value != first.sentence.value

@pytest.mark.parametrize("tool", [CircleBuilder, LinkTelephone])
def test_every_control_is_labelled(tool):
    for widget in all_widgets(tool()):
        if isinstance(widget, widgets.Button):
            assert widget.tooltip or widget.description
        elif isinstance(widget, widgets.ValueWidget) and not isinstance(widget, widgets.HTML):
            assert getattr(widget, "description", ""), type(widget).__name__


def _coop_builder(tmp_path) -> CircleBuilder:
    return CircleBuilder(ROOT / "examples" / "organizations" / "green_valley_coop.yaml",
                         folder=tmp_path, today=TODAY)


def test_the_app_speaks_of_its_own_fields_and_check_of_the_file_keys(tmp_path):
    builder = _coop_builder(tmp_path)
    builder.select("Garden")
    builder.aim_box.value = ""
    listed = builder.map.findings_list.value
    assert "has no aim. Type what the circle does in the Aim box" in listed
    assert "'aim:'" not in listed and "aim:" not in listed
    finding = next(f for f in builder.map.findings if f.code == "missing-aim")
    assert finding.field == "aim" and "Add 'aim:'" in finding.message  # check's words


def test_a_map_on_its_own_names_no_file_keys_and_no_app_boxes():
    changed = load_organization(ROOT / "examples" / "organizations" / "green_valley_coop.yaml")
    changed.set_role("Garden", "delegate", None)
    listed = CircleMap(changed, today=TODAY).findings_list.value
    assert "has no delegate" in listed and "'delegate:'" not in listed
    assert "under Delegate" not in listed


def test_saving_a_map_with_errors_warns_first_and_says_saved_beside_the_button(tmp_path):
    builder = _coop_builder(tmp_path)
    builder.select("Garden")
    builder.aim_box.value = ""
    builder.file_name.value = "our map.yaml"
    builder.save_button.click()
    assert not list(tmp_path.glob("*.yaml")), "the first press only warns"
    assert "1 error" in builder.status.value and builder.save_button.description == "Save anyway"
    builder.save_button.click()
    saved = list(tmp_path.glob("*.yaml"))
    assert [p.name for p in saved] == ["our-map.yaml"] == [builder.download.filename]
    assert "Saved as our-map.yaml" in builder.save_note.value
    assert builder.save_button.description == "Save"
    builder.aim_box.value = "Grow food"  # a change: "Saved" no longer holds
    assert builder.save_note.value == ""


def test_a_map_without_errors_saves_at_the_first_press(tmp_path):
    builder = _coop_builder(tmp_path)
    assert not [f for f in builder.map.findings if f.severity == "error"]
    builder.save_button.click()
    assert (tmp_path / "our_organisation.yaml").is_file()


def test_a_missing_link_in_the_parent_can_be_added_with_one_button(tmp_path):
    builder = _coop_builder(tmp_path)
    builder.select("Garden")
    builder.new_member.value = "Zoe <img src=x onerror=alert(1)>"
    builder.add_member_button.click()
    person = builder.org.circle("Garden").members[-1]
    builder.role_pickers["delegate"].value = person
    assert any(f.code == "link-not-in-parent" for f in builder.map.findings)
    button = builder.link_fix_button
    assert button.layout.display != "none"
    parent = builder.org.parent_of(builder.org.circle("Garden")).name
    assert button.description == f"Add {person} to {parent}"
    button.click()
    assert person in builder.org.circle(parent).members
    assert not any(f.code == "link-not-in-parent" for f in builder.map.findings)
    assert button.layout.display == "none"
    builder.undo_button.click()
    assert person not in builder.org.circle(parent).members


def test_an_upload_with_a_control_character_names_its_line_and_column(tmp_path):
    """Issue 21, item 7: the upload once said "could not be opened (ReaderError)", no line."""
    builder = CircleBuilder(folder=tmp_path, today=TODAY)
    odd = b"organization: X\ncircles:\n  - name: A\x1b[31m\n"
    builder.upload.value = ({"name": "odd.yaml", "type": "", "size": len(odd),
                             "content": memoryview(odd), "last_modified": NOW},)
    assert "odd.yaml, line 3" in builder.status.value
    assert "U+001B" in builder.status.value and "column 12" in builder.status.value
    assert "ReaderError" not in builder.status.value
    assert builder.org.name == "Our organisation"  # the map is kept


def test_an_organisation_file_with_an_indentation_slip_is_one_box_not_an_exception(tmp_path):
    text = GREEN_VALLEY.read_text(encoding="utf-8")
    slipped = text.replace("    domain: vegetable beds", "     domain: vegetable beds", 1)
    line = next(n for n, ln in enumerate(slipped.splitlines(), 1)
                if ln.startswith("     domain: vegetable beds"))
    broken = tmp_path / "green_valley_coop.yaml"
    broken.write_text(slipped, encoding="utf-8")
    shown = CircleMap(str(broken))
    assert shown.org is None
    box = " ".join(html_values(shown))
    assert 'role="alert"' in box and "This circle map cannot be shown" in box
    assert f"green_valley_coop.yaml, line {line} (field 'domain')" in box
    assert "the indentation of this line does not match the lines above it" in box
    assert "<svg" not in box


def test_a_lessons_change_to_the_file_is_made_and_a_change_that_fails_is_one_box():
    changed = CircleMap(GREEN_VALLEY, today=TODAY,
                        edit=lambda org: org.set_role("Garden", "delegate", "Ben"))
    assert changed.org is not None and changed.org.circle("Garden").delegate == "Ben"
    assert any(f.circle == "Garden" for f in changed.findings)
    missing = CircleMap(GREEN_VALLEY, edit=lambda org: org.set_role("Kitchen", "delegate", "Ben"))
    assert missing.org is None
    assert "Kitchen" in " ".join(html_values(missing))
