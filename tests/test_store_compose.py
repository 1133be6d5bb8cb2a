"""docker-compose.yml: Neo4j 5 community with APOC and n10s, auth from .env with the documented
default, a data volume, healthchecks for `docker compose up -d --wait`, and the repo's GraSS
style applied on connect.  (No Docker engine here: the file is checked, not run.)"""
from __future__ import annotations

import re

import yaml

from tests.store_data import REPO

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
NEO4J = COMPOSE["services"]["neo4j"]
ENV = NEO4J["environment"]


def env_example() -> dict[str, str]:
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_neo4j_5_community_with_apoc_and_n10s():
    assert NEO4J["image"] == "neo4j:5-community"
    assert set(yaml.safe_load(ENV["NEO4J_PLUGINS"])) == {"apoc", "n10s"}
    assert {"7474:7474", "7687:7687"} <= set(NEO4J["ports"])


def test_password_from_env_file_with_the_documented_default():
    default = re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:-(.+)\}", ENV["NEO4J_AUTH"]).group(1)
    assert env_example()["NEO4J_PASSWORD"] == default
    assert len(default) >= 8  # Neo4j 5 refuses shorter passwords
    assert "kg-password" == default and default in (REPO / "README.md").read_text(encoding="utf-8")


def test_data_volume_and_healthchecks_for_wait():
    assert any(v.endswith(":/data") for v in NEO4J["volumes"])
    assert "neo4j-data" in COMPOSE["volumes"]
    for service in COMPOSE["services"].values():
        assert service["healthcheck"]["test"]


def test_browser_style_is_served_from_the_repo_and_applied_on_connect():
    style = COMPOSE["services"]["style"]
    mounts = dict(v.rsplit(":", 1)[0].split(":", 1) for v in style["volumes"])
    for source in mounts:
        assert (REPO / source).exists(), source
    served = next(target for source, target in mounts.items() if source.endswith("browser.grass"))
    port = next(p.split(":")[0] for p in style["ports"])
    assert ENV["NEO4J_browser_post__connect__cmd"] == f"style http://localhost:{port}/{served.rsplit('/', 1)[1]}"
    assert "localhost" in ENV["NEO4J_browser_remote__content__hostname__allowlist"]
