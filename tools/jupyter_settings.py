"""The course's settings for a Jupyter server that runs Voila as its extension (Binder, a
single-user server), written where that server reads them.

``sociocracy-course start`` runs standalone Voila with ``voila.json`` and puts the course's
``etc/jupyter`` on ``JUPYTER_CONFIG_PATH``. A Jupyter server started by someone else (Binder's
``jupyter server``, ``jupyterhub-singleuser``) reads neither, so this writes, into an
environment's configuration folder (``<prefix>/etc/jupyter``):

* ``jupyter_server_config.d/sociocracy-course-settings.json``: ``voila.json``'s Voila,
  kernel-culling and executor settings (course template, hidden sources and tracebacks), without
  the course's own kernel manager, which belongs to the standalone server;
* ``labconfig/*.json``: JupyterLab as ``sociocracy-course lab`` sets it up (no news pop-up, no
  update checks), merged into what the environment has.

Binder's ``postBuild`` runs ``python tools/jupyter_settings.py`` (into ``sys.prefix``);
benchmarks/singleuser_bench.py writes the same into a folder of its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The sections of voila.json a Jupyter server with Voila as its extension understands.
SECTIONS = ("VoilaConfiguration", "MappingKernelManager", "VoilaExecutor")
#: Not ``sociocracy-course.json``: that name is kept for the file that enables the course's own
#: server extension, which pip installs beside this one.
SETTINGS_FILE = "sociocracy-course-settings.json"
#: Standalone-only settings: the course's kernel manager (cap, culling of abandoned pages).
STANDALONE_ONLY = ("multi_kernel_manager_class",)


def server_settings(root: Path = ROOT) -> dict:
    """``voila.json``'s settings as a Jupyter server's configuration."""
    config = json.loads((root / "voila.json").read_text(encoding="utf-8"))
    settings = {key: config[key] for key in SECTIONS}
    settings["VoilaConfiguration"] = {k: v for k, v in settings["VoilaConfiguration"].items()
                                      if k not in STANDALONE_ONLY}
    return settings


def _merge(into: dict, new: dict) -> dict:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def write_settings(config_dir: Path, root: Path = ROOT) -> list[Path]:
    """Write the settings into ``config_dir`` (an ``etc/jupyter`` folder); the files written."""
    target = config_dir / "jupyter_server_config.d" / SETTINGS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(server_settings(root), indent=2), encoding="utf-8")
    written = [target]
    for source in sorted((root / "etc" / "jupyter" / "labconfig").glob("*.json")):
        lab = config_dir / "labconfig" / source.name
        merged = json.loads(lab.read_text(encoding="utf-8")) if lab.is_file() else {}
        _merge(merged, json.loads(source.read_text(encoding="utf-8")))
        lab.parent.mkdir(parents=True, exist_ok=True)
        lab.write_text(json.dumps(merged, indent=2), encoding="utf-8")
        written.append(lab)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix),
                        help="the environment to configure (default: this Python's)")
    args = parser.parse_args(argv)
    for path in write_settings(args.prefix / "etc" / "jupyter"):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
