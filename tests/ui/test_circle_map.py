"""The Circle map app in a real browser: a group maps three circles by clicking, fixes a finding,
keeps the map as a download named after it (Voila writes no file); typed names stay literal."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sociocracy.circles import parse_organization
from tests.conftest import ROOT
from tests.ui.conftest import open_notebook, screenshot

pytestmark = pytest.mark.browser

APP = "apps/circle_map.ipynb"
HOSTILE = "<img src=x onerror=alert(1)>"


class App:
    """The clicks a workshop group makes, each waiting for the app's answer."""

    def __init__(self, page) -> None:
        self.page = page

    def status(self, text: str) -> None:
        self.page.locator(".course-circle-builder [role=status]", has_text=text).first \
            .wait_for(timeout=30_000)

    def type(self, label: str, text: str) -> None:
        box = self.page.get_by_label(label, exact=True)
        box.fill(text)
        box.press("Tab")  # text areas send their value when they lose focus

    def click(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()

    def choose(self, label: str, option: str) -> None:
        self.page.get_by_label(label, exact=True).select_option(label=option)

    def add_circle(self, name: str, aim: str, domain: str, members: list[str]) -> None:
        self.type("New circle", name)
        self.click("Add circle")
        self.status(f"Added {name}.")
        self.type("Aim", aim)
        self.type("Domain", domain)
        for person in members:
            self.type("New member", person)
            self.click("Add member")
            self.status(f"Added {person} to {name}.")

    def findings(self) -> str:
        return self.page.locator(".course-circle-map").first.inner_text()


def test_group_maps_three_circles_fixes_a_finding_and_saves(page, page_log, voila):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_notebook(page, voila, APP)
    app = App(page)
    app.add_circle("General Circle", "Run the co-op", "budget",
                   ["Ana", "Ben", "Chen", HOSTILE])
    app.add_circle("Garden", "Grow food", "garden", ["Ana", "Ben", "Eli"])
    app.choose("Leader", "Ana")
    app.choose("Delegate", "Ana")
    page.get_by_text("leader-is-delegate").wait_for()
    app.choose("Delegate", "Ben")  # the fix: a second person
    page.get_by_text("leader-is-delegate").wait_for(state="detached")
    app.add_circle("Kitchen", "Cook together", "kitchen", ["Ana", "Ben", "Fay"])
    app.choose("Leader", "Ben")
    app.choose("Delegate", "Ana")
    try:
        page.get_by_text("No problems found").wait_for()
    except Exception:
        screenshot(page, "circle_map_failure")
        raise AssertionError(f"findings still listed: {app.findings()}") from None

    # Names typed by people are text, never HTML.
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    app.choose("Circle to edit", "General Circle")
    expect(page.get_by_label("Members", exact=True)).to_contain_text(HOSTILE)
    expect(page.locator(".course-circle-map svg[role=img]").first).to_have_attribute(
        "aria-label", re.compile(re.escape(HOSTILE)))

    # Under Voila the map is kept as a download named after it; nothing is written on the server.
    before = sorted(p.name for p in (ROOT / "apps").iterdir())
    assert page.get_by_role("button", name="Save", exact=True).count() == 0
    assert page.get_by_label("File name", exact=True).count() == 0
    app.type("Organisation", "Valley Co-op / 2026")
    link = page.get_by_role("link", name="Download this map (YAML file)")
    expect(link).to_have_attribute("download", "Valley-Co-op-2026.yaml")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "Valley-Co-op-2026.yaml"
    with open(download.path(), encoding="utf-8") as handle:
        org = parse_organization(handle.read())
    assert org.name == "Valley Co-op / 2026"
    assert [c.name for c in org.circles] == ["General Circle", "Garden", "Kitchen"]
    assert org.circle("Garden").delegate == "Ben"
    assert HOSTILE in org.circle("General Circle").members
    assert [f for f in org.validate() if f.severity == "error"] == []
    assert sorted(p.name for p in (ROOT / "apps").iterdir()) == before
    screenshot(page, "circle_map_three_circles")
    assert page_log.problems() == []


def test_the_app_names_its_own_boxes_and_completes_a_link(
        page, page_log, voila):
    open_notebook(page, voila, APP)
    app = App(page)
    app.choose("Start from", "Green Valley Housing Co-op")
    app.status("Opened")
    app.choose("Circle to edit", "Garden")
    expect(page.get_by_label("Aim", exact=True)).to_have_value(re.compile("Grow vegetables"))
    app.type("Aim", "")
    page.get_by_text("Type what the circle does in the Aim box").wait_for()
    assert "'aim:'" not in app.findings()

    # A delegate who is not in the parent circle: one button adds her there.
    app.choose("Delegate", "Hana")
    fix = page.get_by_role("button", name="Add Hana to General Circle", exact=True)
    fix.wait_for()
    fix.click()
    app.status("Added Hana to General Circle")
    expect(fix).to_be_hidden()
    assert "link-not-in-parent" not in app.findings()

    # Under Voila there is no Save (the warning before saving a map with errors is a JupyterLab
    # feature, tested headless in tests/widgets/test_circles.py); the map is a download.
    assert page.get_by_role("button", name="Save", exact=True).count() == 0
    expect(page.get_by_role("link", name="Download this map (YAML file)")).to_have_attribute(
        "download", "Green-Valley-Housing-Co-op.yaml")
    assert page_log.problems() == []
