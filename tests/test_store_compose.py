"""docker-compose.yml: Neo4j 5 community, pinned to a release n10s is built for, with APOC and
n10s, auth from .env with the documented default, a data volume, the builds mounted where the
README's n10s import reads them, healthchecks for `docker compose up -d --wait`, and the repo's
GraSS style applied on connect; the README says where an n10s import and `kg load` differ.
(No Docker engine here: the file is checked, not run.)"""
from __future__ import annotations

import collections
import re

import pytest
import yaml

from tests.store_data import REPO

# Neo4j versions neosemantics (n10s) has a release for, as the image's plugin installer matches
# them against https://neo4j-labs.github.io/neosemantics/versions.json: 5.1.0–5.5.0 are listed
# there; 5.7.0, 5.11.0, 5.14.0, 5.15.0, 5.17.0, 5.18.0 and 5.20.0 are releases of
# github.com/neo4j-labs/neosemantics (jar neosemantics-<version>.jar).  The image's own
# neo4j:5-community tag floats to 5.26, for which the installer found no n10s.
N10S_NEO4J_VERSIONS = frozenset({"5.1.0", "5.2.0", "5.3.0", "5.4.0", "5.5.0", "5.7.0", "5.11.0", "5.14.0",
                                 "5.15.0", "5.17.0", "5.18.0", "5.20.0"})

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
NEO4J = COMPOSE["services"]["neo4j"]
ENV = NEO4J["environment"]


def env_example() -> dict[str, str]:
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_neo4j_5_community_with_apoc_and_n10s():
    m = re.fullmatch(r"neo4j:(5\.\d+\.\d+)-community", NEO4J["image"])
    assert m, f"{NEO4J['image']}: not a fixed Neo4j 5 community release (a floating tag outruns n10s)"
    assert m.group(1) in N10S_NEO4J_VERSIONS, f"n10s has no release for Neo4j {m.group(1)}"
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


def readme_section(title: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(title)
    end = readme.find("\n#", start + len(title))
    return readme[start : end if end >= 0 else len(readme)]


def test_builds_are_mounted_where_the_readme_n10s_import_reads_them():
    mounts = [v.split(":") for v in NEO4J["volumes"] if v.startswith("./")]
    (source, target, mode), = [m for m in mounts if m[0] == "./out"]
    assert mode == "ro"
    assert target == "/import"  # the image's import mount; under /var/lib/neo4j it would chown out/
    section = readme_section("### Neo4j with neosemantics (n10s)")
    urls = re.findall(r"n10s\.rdf\.import\.fetch\('file://([^']+)'", section)
    assert urls, "the README shows no n10s import"
    for path in urls:
        assert path.startswith(target + "/"), path
        # make demo writes out/demo/graph.ttl: the same file, seen from the container
        assert path[len(target) + 1 :] == "demo/graph.ttl"
    assert "/import/demo/graph.ttl" in (REPO / "ontology" / "n10s-setup.cypher").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo_graph(seed_documents):
    from kg.graph import build_graph

    return build_graph([seed_documents[name] for name in sorted(seed_documents)])


def n10s_node_properties(graph) -> dict[str, set[str]]:
    """Per label, the properties an n10s import of the graph's Turtle gives (with the mappings of
    ontology/n10s-setup.cypher; unmapped terms keep their local name) besides ``uri``."""
    from rdflib import RDF, Literal

    from loaders.n10s import PROPERTY_MAPPINGS
    from loaders.rdf import to_rdf

    rdf = to_rdf(graph)
    local = lambda term: re.split(r"[#/]", str(term))[-1]  # noqa: E731
    props: dict[str, set[str]] = collections.defaultdict(set)
    for node, cls in rdf.subject_objects(RDF.type):
        for p, o in rdf.predicate_objects(node):
            if isinstance(o, Literal):
                props[local(cls)].add(PROPERTY_MAPPINGS.get(p, local(p)))
    return props


def test_readme_names_every_property_where_kg_load_and_n10s_differ(demo_graph):
    from loaders.schema import KEY, NODE_TABLES, REL_TABLES

    n10s = n10s_node_properties(demo_graph)
    differ = {"Resource", "uri", "Assertion", *n10s["Assertion"]}
    for table in NODE_TABLES:
        native = {KEY, *(c for c, _ in table.columns)}
        differ |= native ^ n10s[table.label]
    differ.discard("aliases")  # both have it; the seeds' organisations just have none
    for table in REL_TABLES:  # RDF relationships carry no properties: n10s has none of these
        differ |= {c for c, _ in table.columns}
    section = readme_section("### Neo4j with neosemantics (n10s)")
    missing = sorted(name for name in differ if f"`{name}`" not in section)
    assert not missing, f"README n10s section does not say that these differ: {missing}"
