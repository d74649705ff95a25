"""deploy/z2jh/values.yaml is a valid Zero to JupyterHub configuration with what docs/deploy.md
promises: the course's image, the course home as the default URL, idle culling, the rooms'
PostgreSQL for learners' servers and the join service, and the join service as a Hub service.

Valid means: merged over the chart's own defaults, as Helm merges them, it passes the chart's
values schema. Both are copies from the chart's release 4.4.0 (tests/serving/z2jh_chart/, BSD
3-Clause, Project Jupyter Contributors), so a misspelt or misplaced key fails here, not on the
cluster.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from sociocracy.core.settings import STORE_ENV

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
CHART = Path(__file__).resolve().parent / "z2jh_chart"
DOCS = ROOT / "docs" / "deploy.md"
SERVICE = "course-join"


@pytest.fixture(scope="module")
def values() -> dict:
    loaded = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def merged(defaults: dict, overrides: dict) -> dict:
    """Helm's merge of a values file over the chart's defaults (maps merge, the rest replaces)."""
    result = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def schema_errors(values: dict) -> list[str]:
    schema = yaml.safe_load((CHART / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.path))}: {e.message}"
            for e in validator.iter_errors(merged(defaults, values))]


def test_the_values_pass_the_charts_schema(values):
    assert schema_errors(values) == []


def test_the_schema_check_catches_a_misspelt_key(values):
    broken = copy.deepcopy(values)
    broken["singleuser"]["defaultURL"] = broken["singleuser"].pop("defaultUrl")
    assert any("defaultURL" in error for error in schema_errors(broken))


def test_learners_get_the_image_built_from_this_repository(values):
    image = values["singleuser"]["image"]
    assert image["name"] and image["tag"] and image["tag"] != "latest"
    assert "repo2docker" in VALUES.read_text(encoding="utf-8")


def test_learners_land_on_the_course_home(values):
    assert values["singleuser"]["defaultUrl"] == "/course/"


def test_idle_servers_are_culled(values):
    assert values["cull"]["enabled"] is True
    assert isinstance(values["cull"]["timeout"], int) and values["cull"]["timeout"] > 0


def _secret(env: dict) -> tuple[str, str]:
    ref = env[STORE_ENV]["valueFrom"]["secretKeyRef"]
    return ref["name"], ref["key"]


def test_learners_servers_and_the_hub_share_the_rooms_store(values):
    assert _secret(values["singleuser"]["extraEnv"]) == _secret(values["hub"]["extraEnv"])


def test_the_join_service_is_a_hub_managed_service_reached_through_the_proxy(values):
    service = values["hub"]["services"][SERVICE]
    assert isinstance(service["command"], list) and service["command"]
    port = int(re.fullmatch(r"http://hub:(\d+)", service["url"]).group(1))
    assert port in [p["port"] for p in values["hub"]["service"]["extraPorts"]]
    assert port in [p["port"] for rule in values["hub"]["networkPolicy"]["ingress"]
                    for p in rule["ports"]]
    assert port in [p["port"] for rule in values["proxy"]["chp"]["networkPolicy"]["egress"]
                    for p in rule["ports"]]


def test_the_join_service_is_given_the_store(values, monkeypatch):
    """A Hub-managed service does not inherit the Hub's environment: extraConfig passes it on."""
    c = SimpleNamespace(JupyterHub=SimpleNamespace(services=[
        {"name": "jupyterhub-idle-culler", "command": ["python3"]},
        {"name": SERVICE, **values["hub"]["services"][SERVICE]},
    ]))
    monkeypatch.setenv(STORE_ENV, "postgresql://course@db/course")
    for snippet in values["hub"]["extraConfig"].values():
        exec(compile(snippet, str(VALUES), "exec"), {"c": c, "os": os})
    join = c.JupyterHub.services[1]
    assert join["environment"][STORE_ENV] == "postgresql://course@db/course"
    assert "environment" not in c.JupyterHub.services[0]


def test_the_deploy_guide_names_what_the_values_set(values):
    guide = DOCS.read_text(encoding="utf-8")
    for key in ("singleuser.image", "singleuser.defaultUrl", "cull.timeout",
                "singleuser.extraEnv", "hub.services", "hub.extraConfig", STORE_ENV,
                "deploy/z2jh/values.yaml", "repo2docker"):
        assert key in guide, key
    assert f"/services/{SERVICE}/join/" in guide
    assert f"defaultUrl: {values['singleuser']['defaultUrl']}" in guide
