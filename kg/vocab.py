"""The ontology's terms, as one closed namespace, and every name derived from them.

`ontology/kg.ttl` declares the classes and properties; :class:`KG` mirrors it (a test keeps
the two identical).  JSON type strings, Neo4j labels and relationship types, CLI choices and
node-id prefixes are all computed here from the term, so a term's spelling lives in one place.
"""
from __future__ import annotations

import re
from enum import StrEnum

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_IRI = "https://w3id.org/zhgov-kg/ontology"
RESOURCE_BASE = "https://w3id.org/zhgov-kg/id/"


class KG(DefinedNamespace):
    """Terms of the zhgov-kg ontology (ontology/kg.ttl)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes: the five entity types of the annotation guideline
    Department: URIRef
    Organization: URIRef
    Project: URIRef
    Place: URIRef
    Policy: URIRef
    # classes: what the assertions need
    Document: URIRef
    TimePoint: URIRef
    Assertion: URIRef

    # the four extracted relations
    responsibleFor: URIRef
    issuedBy: URIRef
    deadline: URIRef
    locatedIn: URIRef
    # links to sources
    mentionedIn: URIRef

    # datatype properties
    kind: URIRef
    masked: URIRef
    date: URIRef
    timeText: URIRef
    evidenceText: URIRef
    startOffset: URIRef
    endOffset: URIRef
    year: URIRef
    file: URIRef
    contentHash: URIRef


ENTITY_CLASSES: tuple[URIRef, ...] = (KG.Department, KG.Organization, KG.Project, KG.Place, KG.Policy)
NODE_CLASSES: tuple[URIRef, ...] = ENTITY_CLASSES + (KG.Document, KG.TimePoint)
RELATION_PROPERTIES: tuple[URIRef, ...] = (KG.responsibleFor, KG.issuedBy, KG.deadline, KG.locatedIn)
LINK_PROPERTIES: tuple[URIRef, ...] = RELATION_PROPERTIES + (KG.mentionedIn,)


def local_name(term: URIRef) -> str:
    """`…#responsibleFor` → "responsibleFor" (the JSON type string)."""
    return str(term).rsplit("#", 1)[-1]


def neo4j_label(term: URIRef) -> str:
    """Class → node label, in Neo4j's convention (PascalCase, as the class is)."""
    return local_name(term)


def neo4j_rel_type(term: URIRef) -> str:
    """Property → relationship type: responsibleFor → RESPONSIBLE_FOR."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local_name(term)).upper()


def term_for(name: str) -> URIRef:
    """JSON type string → term; raises KeyError for anything not in the ontology."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"not an ontology term: {name!r}") from None


_BY_NAME = {local_name(t): t for t in NODE_CLASSES + LINK_PROPERTIES}

# String enums for code that handles JSON records: EntityType.Department == "Department".
EntityType = StrEnum("EntityType", {local_name(t): local_name(t) for t in ENTITY_CLASSES})
RelationType = StrEnum("RelationType", {local_name(t): local_name(t) for t in RELATION_PROPERTIES})

# Which entity types may stand at each end of a relation (ANNOTATION.md); deadline tails are times.
RELATION_DOMAINS: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
    RelationType.responsibleFor: (
        frozenset({EntityType.Department, EntityType.Organization}),
        frozenset({EntityType.Project, EntityType.Policy}),
    ),
    RelationType.issuedBy: (
        frozenset({EntityType.Policy}),
        frozenset({EntityType.Department, EntityType.Organization}),
    ),
    RelationType.deadline: (frozenset({EntityType.Project, EntityType.Policy}), None),
    RelationType.locatedIn: (
        frozenset({EntityType.Project, EntityType.Place, EntityType.Department, EntityType.Organization}),
        frozenset({EntityType.Place}),
    ),
}

# Entity types that count toward the headline ("core") entity score.
CORE_TYPES: frozenset[str] = frozenset(
    {EntityType.Department, EntityType.Project, EntityType.Place, EntityType.Policy}
)
