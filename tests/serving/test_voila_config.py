"""The checked-in Voila configuration keeps the course safe and offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sociocracy.shell.server import voila_arguments

ROOT = Path(__file__).resolve().parents[2]
CONFIG = json.loads((ROOT / "voila.json").read_text())
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "course"


def test_sources_and_tracebacks_are_hidden_and_the_course_template_is_used():
    voila = CONFIG["VoilaConfiguration"]
    assert voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    assert voila["template"] == "course"


def test_only_images_are_served_as_files():
    allow = CONFIG["VoilaConfiguration"]["file_allowlist"]
    deny = CONFIG["VoilaConfiguration"]["file_denylist"]
    for name in ("map.png", "photo.jpg", "diagram.svg"):
        assert any(re.fullmatch(p, name) for p in allow)
    for name in ("lesson.ipynb", "code.py", "org.yaml", "data.csv", "voila.json"):
        assert not any(re.fullmatch(p, name) for p in allow) or any(
            re.fullmatch(p, name) for p in deny)


def test_bound_to_localhost_with_culling_and_ipc_kernels():
    assert CONFIG["Voila"]["ip"] == "127.0.0.1"
    assert CONFIG["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert CONFIG["MappingKernelManager"]["cull_interval"] > 0
    assert CONFIG["KernelManager"]["transport"] == "ipc"


def test_room_network_mode_requires_a_token():
    args = voila_arguments(ROOT, port=9000, network=True, open_browser=False)
    assert "--Voila.ip=0.0.0.0" in args and "--token" in args
    local = voila_arguments(ROOT, port=9000, network=False, open_browser=False)
    assert not any("0.0.0.0" in a for a in local) and "--token" not in local


def test_template_loads_nothing_from_outside():
    for path in TEMPLATE.iterdir():
        text = path.read_text()
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path.name
