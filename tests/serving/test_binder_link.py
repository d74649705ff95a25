"""The Binder badge is made from one setting (``[tool.sociocracy-course] repository`` in
pyproject.toml) by tools/binder_link.py, and the README shows what the tool makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.core.errors import CourseError
from tools import binder_link

ROOT = Path(__file__).resolve().parents[2]
HOME = "?urlpath=voila%2Frender%2Flessons%2F00_start_here.ipynb"


def test_the_readme_badge_is_the_one_made_from_the_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = binder_link.readme_block_in(readme)
    assert found is not None, "README.md lost its binder-badge block"
    assert found == binder_link.readme_block(binder_link.repository_setting()), (
        "run: python tools/binder_link.py --readme")


def test_the_readme_spells_out_no_example_repository_address():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "OWNER/REPO" not in readme
    assert readme.count("mybinder.org/v2/") <= 1  # the badge, only where the tool puts it


def test_a_github_address_gives_binders_github_link_to_the_course_home():
    assert binder_link.binder_url("https://github.com/sofa/course") == (
        "https://mybinder.org/v2/gh/sofa/course/HEAD" + HOME)
    assert binder_link.binder_url("https://github.com/sofa/course.git/") == (
        "https://mybinder.org/v2/gh/sofa/course/HEAD" + HOME)


def test_gitlab_and_other_git_addresses_use_binders_own_providers():
    assert binder_link.binder_url("https://gitlab.com/sofa/teach/course") == (
        "https://mybinder.org/v2/gl/sofa%2Fteach%2Fcourse/HEAD" + HOME)
    assert binder_link.binder_url("https://git.example.org/sofa/course.git") == (
        "https://mybinder.org/v2/git/https%3A%2F%2Fgit.example.org%2Fsofa%2Fcourse.git/HEAD"
        + HOME)


@pytest.mark.parametrize("address", ["OWNER/REPO", "https://github.com/OWNER/REPO",
                                     "github.com/sofa/course", "http://github.com/sofa/course",
                                     "https://github.com/sofa", "https://github.com/a/b/c"])
def test_an_address_binder_cannot_build_is_one_sentence_naming_the_setting(address):
    with pytest.raises(CourseError) as caught:
        binder_link.binder_url(address)
    assert caught.value.plain.startswith("pyproject.toml, [tool.sociocracy-course] repository")
    assert caught.value.plain.count(". ") == 0 and caught.value.plain.endswith(".")


def test_an_unset_address_says_so_in_the_readme_instead_of_a_dead_badge():
    block = binder_link.readme_block("")
    assert "mybinder.org/v2/" not in block
    assert "[tool.sociocracy-course] repository" in block


def test_rewriting_the_readme_puts_the_badge_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"Intro\n{binder_link.readme_block('')}\nAfter\n", encoding="utf-8")
    assert binder_link.rewrite_readme(readme, "https://github.com/sofa/course")
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("Intro\n") and text.endswith("\nAfter\n")
    assert binder_link.badge("https://github.com/sofa/course") in text
    assert not binder_link.rewrite_readme(readme, "https://github.com/sofa/course")


def test_the_tool_refuses_to_print_a_link_while_no_address_is_set(monkeypatch, capsys):
    monkeypatch.setattr(binder_link, "repository_setting", lambda: "")
    assert binder_link.main([]) == 1
    assert "No repository address is set" in capsys.readouterr().err
