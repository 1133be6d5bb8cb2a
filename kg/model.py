"""The per-document record that travels through every stage, and its gold-format JSON.

Mentions and evidence are character spans into ``Document.text`` (the cleaned text), so
"evidence is verbatim" holds by construction.  ``to_json`` writes exactly the format of
``tests/data/gold/ANNOTATION.md`` plus extra fields (text, offsets, structure).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.vocab import RelationType


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the document text, with a label."""

    start: int
    end: int
    label: str = ""
    level: int = 0

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class Entity:
    type: str
    name: str
    masked: bool = False
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "name": self.name}
        if self.kind:
            out["kind"] = self.kind
        if self.aliases:
            out["aliases"] = list(self.aliases)
        out["masked"] = self.masked
        out["mentions"] = [list(m) for m in self.mentions]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Entity":
        return cls(
            type=data["type"], name=data["name"], masked=bool(data.get("masked", False)), kind=data.get("kind"),
            aliases=list(data.get("aliases", [])), mentions=[(int(s), int(e)) for s, e in data.get("mentions", [])],
        )


@dataclass(slots=True)
class Relation:
    type: str
    head: str
    tail: str
    evidence: tuple[int, int]
    date: str | None = None

    def to_json(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "head": self.head, "tail": self.tail}
        if self.type == RelationType.deadline:
            out["date"] = self.date
        out["evidence"] = text[self.evidence[0] : self.evidence[1]]
        out["evidence_span"] = list(self.evidence)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Relation":
        start, end = data["evidence_span"]
        return cls(type=data["type"], head=data["head"], tail=data["tail"], evidence=(int(start), int(end)), date=data.get("date"))


@dataclass(slots=True)
class Document:
    """One document: cleaned text, structure, metadata, and what extraction found in it."""

    doc: str
    text: str
    path: str = ""
    doc_id: str = ""
    content_hash: str = ""  # sha1 of the cleaned text: files with the same text share it
    title: str | None = None
    year: int | None = None
    year_evidence: str | None = None
    sections: list[Span] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    items: list[Span] = field(default_factory=list)
    assignments: list[Span] = field(default_factory=list)  # brackets and labelled lines that name units
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def entity(self, name: str) -> Entity | None:
        for e in self.entities:
            if name == e.name or name in e.aliases:
                return e
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "doc_id": self.doc_id,
            "content_hash": self.content_hash,
            "title": self.title,
            "year": self.year,
            "year_evidence": self.year_evidence,
            "entities": [e.to_json() for e in self.entities],
            "relations": [r.to_json(self.text) for r in self.relations],
            "warnings": list(self.warnings),
            "structure": {
                "sections": [[s.start, s.end, s.label, s.level] for s in self.sections],
                "paragraphs": [[s.start, s.end] for s in self.paragraphs],
                "sentences": [[s.start, s.end] for s in self.sentences],
                "items": [[s.start, s.end, s.label] for s in self.items],
                "assignments": [[s.start, s.end] for s in self.assignments],
            },
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], path: str = "", structure: bool = True) -> "Document":
        """The inverse of :meth:`to_json`: a record read back from ``documents/*.json``
        (``structure=False``: without sections, paragraphs, sentences, items and assignments)."""
        structure = (data.get("structure") or {}) if structure else {}
        return cls(
            doc=data["doc"], text=data["text"], path=path, doc_id=data["doc_id"],
            content_hash=data.get("content_hash", ""), title=data.get("title"),
            year=data.get("year"), year_evidence=data.get("year_evidence"),
            sections=[Span(s, e, label, level) for s, e, label, level in structure.get("sections", [])],
            paragraphs=[Span(s, e) for s, e in structure.get("paragraphs", [])],
            sentences=[Span(s, e) for s, e in structure.get("sentences", [])],
            items=[Span(s, e, label) for s, e, label in structure.get("items", [])],
            assignments=[Span(s, e) for s, e in structure.get("assignments", [])],
            entities=[Entity.from_json(e) for e in data.get("entities", [])],
            relations=[Relation.from_json(r) for r in data.get("relations", [])],
            warnings=[str(w) for w in data.get("warnings", [])],
        )
