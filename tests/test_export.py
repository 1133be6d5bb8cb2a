"""`kg export`: every format parses back; CSV follows the neo4j-admin import header format."""
from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kgcli import app
from kg.graph import write_graph
from kg.vocab import KG, neo4j_label, neo4j_rel_type
from loaders.export import ExportFormat, edge_id, export_bytes, to_graphml_graph
from loaders.neo4j_csv import ARRAY_DELIMITER, import_command
from loaders.rdf import to_rdf
from tests.rdf_fixtures import TRICKY_NAMES, tricky_graph

# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

runner = CliRunner()


@pytest.fixture()
def build_dir(tmp_path):
    write_graph(tricky_graph(), tmp_path)
    return tmp_path


@pytest.mark.parametrize("fmt, name, rdflib_format", [
    ("ttl", "graph.ttl", "turtle"),
    ("nt", "graph.nt", "nt"),
    ("jsonld", "graph.jsonld", "json-ld"),
])
def test_rdf_exports_parse_back_to_the_same_graph(build_dir, fmt, name, rdflib_format):
    result = runner.invoke(app, ["export", str(build_dir), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(build_dir / name)
    parsed = Graph().parse(build_dir / name, format=rdflib_format)
    assert isomorphic(parsed, to_rdf(tricky_graph()))


def test_export_reads_graph_json_too_and_writes_to_stdout(build_dir):
    result = runner.invoke(app, ["export", str(build_dir / "graph.json"), "--format", "nt", "--out", "-"])
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.stdout_bytes, format="nt"), to_rdf(tricky_graph()))


@pytest.mark.parametrize("args, code, fragment", [
    (["export", "{missing}", "--format", "ttl"], 1, "no graph.json here"),
    (["export", "{dir}", "--format", "csv", "--out", "-"], 2, "csv is a directory"),
    (["export", "{dir}", "--format", "xml"], 2, ""),
])
def test_export_errors(build_dir, tmp_path, args, code, fragment):
    args = [a.format(missing=tmp_path / "nowhere", dir=build_dir) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_graphml_has_scalar_attributes_and_neo4j_labels(build_dir):
    out = build_dir / "g.graphml"
    assert runner.invoke(app, ["export", str(build_dir), "-f", "graphml", "-o", str(out)]).exit_code == 0
    back = nx.read_graphml(out, force_multigraph=True)
    g = tricky_graph()
    assert sorted(back.nodes) == sorted(g.nodes)
    assert back.number_of_edges() == g.number_of_edges()
    dept = next(n for n, a in g.nodes(data=True) if a["name"] == TRICKY_NAMES["dept"])
    assert back.nodes[dept]["name"] == TRICKY_NAMES["dept"]
    assert back.nodes[dept]["labels"] == ":Department"
    assert json.loads(back.nodes[dept]["aliases"]) == ["发改委"]
    labels = {a["label"] for _, _, a in back.edges(data=True)}
    assert labels == {"RESPONSIBLE_FOR", "ISSUED_BY", "DEADLINE", "LOCATED_IN", "MENTIONED_IN"}
    for _, _, a in back.edges(data=True):
        if "assertions" in a:
            assert all("evidence" in x for x in json.loads(a["assertions"]))


# An XML NMTOKEN (the type of a GraphML id): name characters only, no spaces, no slashes.
NMTOKEN = re.compile(r"^[\w.:-]+$")


def graphml_edge_ids(data: bytes) -> list[str]:
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    return [e.get("id") for e in ET.fromstring(data).iterfind(".//g:edge", ns)]


def test_graphml_edge_ids_are_unique_and_stable():
    g = tricky_graph()
    per_type = Counter(k for _, _, k in g.edges(keys=True))
    assert max(per_type.values()) > 1  # edges that share a relation: the case that repeated ids
    ids = graphml_edge_ids(export_bytes(g, ExportFormat.graphml))
    assert len(ids) == g.number_of_edges() and len(set(ids)) == len(ids)
    assert all(NMTOKEN.match(i) for i in ids), ids
    # stable: an edge keeps its id when other edges come or go
    u, v, k = sorted(g.edges(keys=True))[0]
    smaller = g.copy()
    smaller.remove_edge(u, v, key=k)
    kept = graphml_edge_ids(export_bytes(smaller, ExportFormat.graphml))
    assert set(kept) == set(ids) - {edge_id(u, k, v)}
    assert edge_id(u, k, v).startswith(f"{k}-")


def test_graphml_bytes_are_stable():
    def data():
        import io
        buf = io.BytesIO()
        nx.write_graphml(to_graphml_graph(tricky_graph()), buf)
        return buf.getvalue()
    assert data() == data()


# ---------------------------------------------------------------- neo4j-admin CSV
def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


NODE_HEADERS = [
    ("nodes_Department.csv", ["id:ID", ":LABEL", "name", "aliases:string[]", "masked:boolean", "key", "place"]),
    ("nodes_Project.csv", ["id:ID", ":LABEL", "name", "aliases:string[]", "masked:boolean", "key", "place", "kind"]),
    ("nodes_Document.csv", ["id:ID", ":LABEL", "name", "file", "title", "year:int", "doc_id", "content_hash"]),
    ("nodes_TimePoint.csv", ["id:ID", ":LABEL", "name", "date:date"]),  # the wording is on DEADLINE
    # the native loader's properties (kg load), so a bulk import answers the cookbook the same way
    ("relationships_RESPONSIBLE_FOR.csv", [":START_ID", ":END_ID", ":TYPE", "evidence:string[]", "documents:string[]",
                                           "spans:string[]"]),
    ("relationships_DEADLINE.csv", [":START_ID", ":END_ID", ":TYPE", "evidence:string[]", "documents:string[]",
                                    "spans:string[]", "date:date", "text"]),
    ("relationships_MENTIONED_IN.csv", [":START_ID", ":END_ID", ":TYPE", "mentions:int"]),
]


@pytest.fixture()
def csv_dir(build_dir):
    result = runner.invoke(app, ["export", str(build_dir), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return build_dir / "neo4j-import"


@pytest.mark.parametrize("name, header", NODE_HEADERS)
def test_csv_headers_follow_neo4j_admin(csv_dir, name, header):
    assert read_csv(csv_dir / name)[0] == header


def test_csv_rows_carry_every_node_and_relationship(csv_dir):
    g = tricky_graph()
    ids, rels = set(), set()
    for path in sorted(csv_dir.glob("nodes_*.csv")):
        for row in read_csv(path)[1]:
            ids.add(row["id:ID"])
            assert row[":LABEL"] == path.stem.removeprefix("nodes_")
    for path in sorted(csv_dir.glob("relationships_*.csv")):
        for row in read_csv(path)[1]:
            rels.add((row[":START_ID"], row[":END_ID"], row[":TYPE"]))
    assert ids == set(g.nodes)
    assert rels == {(u, v, neo4j_rel_type(KG[k])) for u, v, k in g.edges(keys=True)}
    assert {path.stem.removeprefix("nodes_") for path in csv_dir.glob("nodes_*.csv")} == {
        neo4j_label(KG[a["type"]]) for _, a in g.nodes(data=True)} | {"Organization", "Place", "Policy"}


def test_csv_keeps_tricky_text_and_arrays(csv_dir):
    g = tricky_graph()
    rows = {r["name"]: r for path in csv_dir.glob("nodes_*.csv") for r in read_csv(path)[1]}
    for name in TRICKY_NAMES.values():
        assert name in rows, name
    assert rows[TRICKY_NAMES["dept"]]["aliases:string[]"] == "发改委"
    _, due = read_csv(csv_dir / "relationships_DEADLINE.csv")  # two deadlines on one day, each in its words
    assert {(g.nodes[r[":START_ID"]]["name"], r["text"]) for r in due if r[":END_ID"] == "timepoint/2023-09-10"} == {
        (TRICKY_NAMES["project"], "2023年9月10日前"), ("信访工作", "9月上旬前")}
    _, rels = read_csv(csv_dir / "relationships_RESPONSIBLE_FOR.csv")
    for row in rels:
        attrs = g.edges[row[":START_ID"], row[":END_ID"], "responsibleFor"]
        assert row["evidence:string[]"].split(ARRAY_DELIMITER) == [a["evidence"] for a in attrs["assertions"]]
        assert row["documents:string[]"].split(ARRAY_DELIMITER) == [a["doc"] for a in attrs["assertions"]]
        assert row["spans:string[]"].split(ARRAY_DELIMITER) == [f"{a['doc_id']}:{a['start']}-{a['end']}" for a in attrs["assertions"]]


def test_import_script_names_every_file_and_the_array_delimiter(csv_dir):
    script = (csv_dir / "import.sh").read_text(encoding="utf-8")
    assert "--array-delimiter=U+001F" in script and "--multiline-fields=true" in script
    for path in csv_dir.glob("*.csv"):
        assert path.name in script
    assert import_command()[:4] == ["neo4j-admin", "database", "import", "full"]


def test_export_format_choices_are_the_five_of_the_issue():
    assert [f.value for f in ExportFormat] == ["ttl", "nt", "jsonld", "graphml", "csv"]
