"""The graph as RDF (Turtle).  Entities get ASCII-safe IRIs and Chinese labels; every relation
is a direct triple plus an Assertion node carrying its source document and verbatim evidence."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.graph import DOCUMENT, MENTIONED_IN, TIMEPOINT
from kg.vocab import KG, RESOURCE_BASE, term_for

ID = Namespace(RESOURCE_BASE)
TURTLE_FILE = "graph.ttl"


def iri(node_id: str) -> URIRef:
    return ID[node_id]


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    rdf = Graph()
    rdf.bind("kg", KG._NS)
    rdf.bind("id", ID)
    rdf.bind("skos", SKOS)
    for nid, a in g.nodes(data=True):
        node = iri(nid)
        rdf.add((node, RDF.type, term_for(a["type"])))
        rdf.add((node, RDFS.label, Literal(a["name"], lang="zh")))
        for alias in a.get("aliases", []):
            rdf.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
        if a["type"] == DOCUMENT and a.get("year"):
            rdf.add((node, KG.year, Literal(a["year"], datatype=XSD.gYear)))
        if a["type"] == TIMEPOINT and a.get("date"):
            rdf.add((node, KG.date, Literal(a["date"], datatype=XSD.date)))
        if a.get("masked"):
            rdf.add((node, KG.masked, Literal(True)))
        if a.get("kind"):
            rdf.add((node, KG.kind, Literal(a["kind"])))
    for u, v, k, a in g.edges(keys=True, data=True):
        prop = term_for(k)
        rdf.add((iri(u), prop, iri(v)))
        if k == MENTIONED_IN:
            continue
        for asr in a.get("assertions", []):
            digest = hashlib.sha1(f"{u}|{k}|{v}|{asr['doc_id']}|{asr['start']}|{asr['end']}".encode()).hexdigest()[:16]
            node = ID[f"assertion/{digest}"]
            rdf.add((node, RDF.type, KG.Assertion))
            rdf.add((node, RDF.subject, iri(u)))
            rdf.add((node, RDF.predicate, prop))
            rdf.add((node, RDF.object, iri(v)))
            rdf.add((node, KG.evidenceText, Literal(asr["evidence"], lang="zh")))
            rdf.add((node, KG.startOffset, Literal(asr["start"])))
            rdf.add((node, KG.endOffset, Literal(asr["end"])))
            rdf.add((node, KG.mentionedIn, iri(f"document/{asr['doc_id']}")))
            if asr.get("time_text"):
                rdf.add((node, KG.timeText, Literal(asr["time_text"], lang="zh")))
    return rdf


def write_turtle_sink(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    path = out_dir / TURTLE_FILE
    tmp = path.with_name(path.name + ".tmp")
    to_rdf(g).serialize(destination=tmp, format="turtle", encoding="utf-8")
    os.replace(tmp, path)
    return [path]
