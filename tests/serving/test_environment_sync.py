"""pyproject.toml and environment.yml describe one environment: the same packages and versions."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
#: Packages named differently on PyPI and conda-forge (none so far).
CONDA_NAMES: dict[str, str] = {}
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse(requirement: str) -> tuple[str, str]:
    match = REQUIREMENT.match(requirement)
    assert match, requirement
    return _norm(match.group(1)), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    items = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_parse(r) for r in items)


def environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found: dict[str, str] = {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            for pip_item in item.get("pip", []):
                name, spec = _parse(pip_item)
                found[name] = spec
        else:
            name, spec = _parse(item)
            found[name] = spec
    for conda, pypi in CONDA_NAMES.items():
        if conda in found:
            found[pypi] = found.pop(conda)
    found.pop("python", None)
    found.pop("pip", None)
    return found


def test_environment_yml_lists_the_same_packages_and_versions_as_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_environment_yml_uses_conda_forge_only():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]


def test_the_licence_is_an_spdx_expression_with_its_files():
    """setuptools stops building projects whose licence is a TOML table after 2027-02-18."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND CC-BY-SA-4.0"
    assert all((ROOT / name).is_file() for name in project["license-files"])
