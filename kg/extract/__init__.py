"""Extraction: plain functions over the document record, run in order.

    find_entities → merge_aliases → find_task_relations → find_assignments → find_item_relations → find_relations → find_locations

Each stage reads and fills ``doc.entities`` / ``doc.relations``; mentions and evidence are
spans of ``doc.text``.
"""
from __future__ import annotations

from kg.extract.aliases import merge_aliases
from kg.extract.assignments import find_assignments
from kg.extract.duties import find_item_relations
from kg.extract.entities import find_entities
from kg.extract.locations import find_locations
from kg.extract.relations import find_relations
from kg.extract.tasks import find_task_relations
from kg.model import Document

PIPELINE = (find_entities, merge_aliases, find_task_relations, find_assignments, find_item_relations, find_relations, find_locations)


def extract(doc: Document) -> Document:
    for stage in PIPELINE:
        doc = stage(doc)
    return in_document_order(doc)


def in_document_order(doc: Document) -> Document:
    """Relations in the order of their evidence (then type, head, tail): the record reads like
    the text, whichever stage found each fact."""
    doc.relations.sort(key=lambda r: (r.evidence[0], r.evidence[1], r.type, r.head, r.tail))
    return doc
