"""What a non-editable install (``pip install .``: Binder, a JupyterHub image) carries: every
library package and every file of the course's Voila template."""

from __future__ import annotations

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_library_package_is_listed():
    listed = set(PROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "sociocracy").rglob("__init__.py")}
    missing = found - listed
    assert not missing, f"add to [tool.setuptools] packages: {sorted(missing)}"


def test_every_template_file_is_installed():
    folder = "share/jupyter/voila/templates/course"
    listed = set(PROJECT["tool"]["setuptools"]["data-files"][folder])
    present = {str(p.relative_to(ROOT)) for p in (ROOT / folder).iterdir() if p.is_file()}
    assert present <= listed, f"add to data-files: {sorted(present - listed)}"


def test_pip_install_enables_the_course_server_extension():
    """``jupyter server extension list`` shows the course's extension after ``pip install``
    (tests/serving/test_extension.py runs it with this very file)."""
    folder = "etc/jupyter/jupyter_server_config.d"
    listed = set(PROJECT["tool"]["setuptools"]["data-files"][folder])
    assert listed == {f"{folder}/sociocracy-course.json"}
    import json

    enabled = json.loads((ROOT / folder / "sociocracy-course.json").read_text(encoding="utf-8"))
    assert enabled == {"ServerApp": {"jpserver_extensions": {"sociocracy.shell.extension": True}}}
