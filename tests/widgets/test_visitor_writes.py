"""What a visitor can write, and what every upload says (issue 9, items 2, 3 and 10).

Under Voila a control that must not act must not exist: ipywidgets runs a click sent over the
widget protocol even on a hidden or disabled button. The browser-free protocol test is in
``tests/serving/test_widget_protocol.py``; these tests check the widget trees directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import ipywidgets as widgets
import pytest
from sociocracy.widgets import CircleBuilder, ConsentFacilitator, FileExport, RoundFacilitator

from sociocracy.circles import Organization

VOILA_VARIABLES = ("VOILA_KERNEL_ID", "VOILA_REQUEST_URL", "VOILA_BASE_URL", "VOILA_SERVER_URL")
NOW = datetime(2026, 1, 15, tzinfo=timezone.utc)


def tree(root: widgets.Widget) -> Iterator[widgets.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from tree(child)


def press_save(builder: CircleBuilder) -> None:
    """Press Save as a person does: a second time when the map's errors are pointed out."""
    builder.save_button.click()
    if builder.save_button.description == "Save anyway":
        builder.save_button.click()


@pytest.fixture
def lab(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in VOILA_VARIABLES:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def voila(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("VOILA_KERNEL_ID", "test-kernel")
    monkeypatch.chdir(tmp_path)  # the folder a visitor's kernel works in
    return tmp_path


def test_under_voila_no_save_button_exists_even_when_asked_for(voila: Path) -> None:
    tools = [FileExport("minutes.md", save_button=True), RoundFacilitator(),
             ConsentFacilitator(), CircleBuilder(folder=voila, can_save=True)]
    for tool in tools:
        descriptions = [w.description for w in tree(tool) if isinstance(w, widgets.Button)]
        assert not [d for d in descriptions if "Save" in d], (type(tool).__name__, descriptions)
    export = tools[0]
    export.set("# Minutes\n")
    assert export.save is None and export.write() is None
    for tool in tools:  # click everything there is: nothing lands in the folder
        for button in [w for w in tree(tool) if isinstance(w, widgets.Button)]:
            button.click()
    assert list(voila.iterdir()) == []


def test_under_voila_the_map_downloads_under_its_own_name(voila: Path) -> None:
    builder = CircleBuilder(folder=voila)
    assert builder.file_name is None and builder.save_button is None
    builder.org_name.value = "Coopérative / du Lac"
    assert builder.download.filename == "Coopérative-du-Lac.yaml"
    builder.new_circle.value = "Garden"
    builder.add_circle_button.click()
    assert "Garden" in builder.download.data.decode()
    with pytest.raises(Exception, match="use the download link"):
        builder.save("x.yaml")
    assert list(voila.iterdir()) == []


def test_two_groups_saving_under_one_name_keep_both_maps(lab: None, tmp_path: Path) -> None:
    first, second = CircleBuilder(folder=tmp_path), CircleBuilder(folder=tmp_path)
    first.org_name.value = "First group"
    second.org_name.value = "Second group"
    press_save(first)
    press_save(second)
    saved = (tmp_path / "our_organisation.yaml").read_text()
    assert "First group" in saved and "Second group" not in saved
    assert "already there" in second.status.value and "nothing was saved" in second.status.value
    first.org_name.value = "First group, renamed"
    press_save(first)  # its own file: saving again replaces it
    assert "First group, renamed" in (tmp_path / "our_organisation.yaml").read_text()
    assert "Saved our_organisation.yaml" in first.status.value


def test_crafted_names_are_cleaned_and_the_status_hides_the_server_path(
        lab: None, tmp_path: Path) -> None:
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "course.yaml").write_text("keep: me\n")
    builder = CircleBuilder(folder=tmp_path / "apps")
    for name, expected in [("../../escape", "escape.yaml"), ("a\\b/c.yml", "c.yaml"),
                           ("nul\x00name.yaml", "nul-name.yaml"), ("notes.txt", "notes.txt.yaml")]:
        builder.file_name.value = name
        press_save(builder)
        assert (tmp_path / "apps" / expected).is_file(), (name, builder.status.value)
        assert str(tmp_path) not in builder.status.value
    builder.file_name.value = "course.yaml"
    press_save(builder)
    assert (tmp_path / "apps" / "course.yaml").read_text() == "keep: me\n"
    assert "Saved" not in builder.status.value and "already there" in builder.status.value
    assert sorted(p.name for p in tmp_path.iterdir()) == ["apps"]


def test_a_failed_save_replaces_the_saved_status(lab: None, tmp_path: Path) -> None:
    builder = CircleBuilder(folder=tmp_path)
    press_save(builder)
    assert "Saved" in builder.status.value
    builder.folder = tmp_path / "gone"  # the folder disappeared
    builder.file_name.value = "other.yaml"
    press_save(builder)
    assert "Saved" not in builder.status.value and "Could not save other.yaml" in \
        builder.status.value


ODD_UPLOADS = {
    "bomb.yaml": 'a: &a ["lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
    "date.yaml": "organization: X\ncircles:\n  - name: A\n    since: 2020-13-45\n",
    "merge.yaml": "base: &b {aim: x}\ncircles:\n  - <<: *b\n    name: A\n",
    "tag.yaml": "organization: !custom X\n",
    "deep.yaml": "organization: " + "[" * 1000 + "]" * 1000 + "\n",
    "recursive.yaml": "organization: X\ncircles: &c\n  - name: A\n  - *c\n",
    "list.yaml": "- just\n- a list\n",
    "binary.yaml": "\udcff",
    "huge.yaml": "notes: " + "x" * 1_100_000 + "\n",
}


@pytest.mark.parametrize("name", sorted(ODD_UPLOADS))
def test_every_upload_gets_a_message_and_frees_the_button(name: str) -> None:
    builder = CircleBuilder()
    builder._say("an earlier message")
    content = ODD_UPLOADS[name].encode("utf-8", "surrogateescape")
    builder.upload.value = ({"name": f"../{name}", "type": "", "size": len(content),
                             "content": memoryview(content), "last_modified": NOW},)
    assert "an earlier message" not in builder.status.value
    assert name in builder.status.value and "course-feedback-wrong" in builder.status.value
    assert builder.upload.value == ()
    assert builder.org.name == "Our organisation"


def test_a_good_upload_still_opens(lab: None) -> None:
    text = Organization("Tiny").to_yaml().encode()
    builder = CircleBuilder()
    builder.upload.value = ({"name": "tiny.yaml", "type": "", "size": len(text),
                             "content": memoryview(text), "last_modified": NOW},)
    assert builder.org.name == "Tiny" and "Opened tiny.yaml" in builder.status.value
    assert builder.upload.value == ()


def test_save_file_in_jupyterlab_says_where_without_the_server_path(
        lab: None, tmp_path: Path) -> None:
    export = FileExport("minutes.md", folder=tmp_path)
    export.set("# Minutes\n")
    export.save.click()
    assert (tmp_path / "minutes.md").is_file()
    assert str(tmp_path) not in export.status.value and os.sep + "tmp" not in export.status.value
