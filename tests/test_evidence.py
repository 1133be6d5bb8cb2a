"""Every fact is traceable: spans slice back, evidence is verbatim and holds both ends."""
from __future__ import annotations

import pytest

from kg.resolve import normalise_name
from kg.vocab import RelationType


def _names(doc, name):
    e = doc.entity(name)
    return [normalise_name(n) for n in (e.names() if e else [name])]


def test_every_seed_has_entities_and_relations(seed_documents):
    for name, doc in seed_documents.items():
        assert doc.entities, name
    assert sum(len(d.relations) for d in seed_documents.values()) > 20


@pytest.mark.parametrize("which", ["seed_documents", "dev_documents"])
def test_mentions_slice_back_to_their_names(request, which):
    for name, doc in request.getfixturevalue(which).items():
        for e in doc.entities:
            surfaces = {normalise_name(n) for n in e.names()}
            assert e.mentions, (name, e.name)
            for s, t in e.mentions:
                assert normalise_name(doc.text[s:t]) in surfaces, (name, e.name, doc.text[s:t])


@pytest.mark.parametrize("which", ["seed_documents", "dev_documents"])
def test_evidence_is_verbatim_and_contains_both_ends(request, which):
    for name, doc in request.getfixturevalue(which).items():
        for r in doc.relations:
            s, t = r.evidence
            assert 0 <= s < t <= len(doc.text), (name, r)
            ev = normalise_name(doc.text[s:t])
            assert any(h in ev for h in _names(doc, r.head)), (name, r, doc.text[s:t])
            tails = [normalise_name(r.tail)] if r.type == RelationType.deadline else _names(doc, r.tail)
            assert any(x in ev for x in tails), (name, r, doc.text[s:t])


def test_relation_endpoints_are_entities_of_the_right_type(dev_documents):
    from kg.vocab import RELATION_DOMAINS

    for name, doc in dev_documents.items():
        for r in doc.relations:
            heads, tails = RELATION_DOMAINS[r.type]
            assert doc.entity(r.head).type in heads, (name, r)
            if tails is not None:
                assert doc.entity(r.tail).type in tails, (name, r)
            else:
                assert r.date is None or len(r.date) == 10


@pytest.mark.parametrize("which", ["seed_documents", "dev_documents"])
def test_each_relation_is_stated_once_per_document(request, which):
    """Tables and prose are read by different stages; a fact both state is one relation."""
    for name, doc in request.getfixturevalue(which).items():
        keys = [(r.type, r.head, r.tail) for r in doc.relations]
        assert len(keys) == len(set(keys)), name
