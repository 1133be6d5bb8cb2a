"""Loading a build into a store that holds another: what is stored and what the rows bring are
united (loaders/cypher.py ``unite``), never replaced (issue 13.1)."""
from __future__ import annotations

import pytest

from loaders.cypher import existing_query, key_rows, load_plan, unite
from loaders.embedded import embedded_sink
from loaders.schema import REL_TABLES
from tests.store_data import sample_graph

STEPS = {s.what: s for s in load_plan(sample_graph())}
OWNS = STEPS["RESPONSIBLE_FOR Department->Project"]
DUE = STEPS["DEADLINE Project->TimePoint"]
DEPARTMENTS, PROJECTS, TIMEPOINTS, DOCUMENTS = (STEPS[f"{x} nodes"] for x in ("Department", "Project", "TimePoint", "Document"))


def rel(spans, evidence, documents, **extra):
    return {"source": "department/a", "target": "project/b", "spans": spans, "evidence": evidence, "documents": documents, **extra}


@pytest.mark.parametrize(
    "step, row, stored, expected",
    [
        # nothing stored: the row as it is
        (OWNS, rel(["d1:0-5"], ["甲"], ["a.txt"]), None, rel(["d1:0-5"], ["甲"], ["a.txt"])),
        # another build's assertion is kept; the union is in document and numeric offset order
        (OWNS, rel(["d1:9-15"], ["乙"], ["a.txt"]), rel(["d1:10-20"], ["甲"], ["a.txt"]),
         rel(["d1:9-15", "d1:10-20"], ["乙", "甲"], ["a.txt", "a.txt"])),
        (OWNS, rel(["d2:0-5"], ["乙"], ["b.txt"]), rel(["d1:0-5"], ["甲"], ["a.txt"]),
         rel(["d1:0-5", "d2:0-5"], ["甲", "乙"], ["a.txt", "b.txt"])),
        # the same assertion again: nothing changes (idempotent)
        (OWNS, rel(["d1:0-5"], ["甲"], ["a.txt"]), rel(["d1:0-5"], ["甲"], ["a.txt"]), rel(["d1:0-5"], ["甲"], ["a.txt"])),
        # stored before spans were kept: matched by document and evidence, other entries kept first
        (OWNS, rel(["d1:0-5"], ["甲"], ["a.txt"]), {"spans": None, "evidence": ["甲", "丙"], "documents": ["a.txt", "c.txt"]},
         rel(["", "d1:0-5"], ["丙", "甲"], ["c.txt", "a.txt"])),
        # deadlines: the time texts as written are united too
        (DUE, rel(["d2:0-5"], ["乙"], ["b.txt"], text="9月上旬", date=None),
         rel(["d1:0-5"], ["甲"], ["a.txt"], text="9月10日前；年内"),
         rel(["d1:0-5", "d2:0-5"], ["甲", "乙"], ["a.txt", "b.txt"], text="9月10日前；9月上旬；年内", date=None)),
        # names: the fuller form is the name, every other form an alias
        (DEPARTMENTS, {"id": "department/x", "name": "发改委", "aliases": ["市发改委"], "masked": False, "key": "k"},
         {"id": "department/x", "name": "市发展改革委", "aliases": ["发改委"]},
         {"id": "department/x", "name": "市发展改革委", "aliases": ["发改委", "市发改委"], "masked": False, "key": "k"}),
        # a project's kind: the first other than "task" stays
        (PROJECTS, {"id": "project/x", "name": "工程", "aliases": [], "kind": "task"}, {"id": "project/x", "name": "工程", "aliases": [], "kind": "project"},
         {"id": "project/x", "name": "工程", "aliases": [], "kind": "project"}),
        (PROJECTS, {"id": "project/x", "name": "工程", "aliases": [], "kind": "project"}, {"id": "project/x", "name": "工程", "aliases": [], "kind": "task"},
         {"id": "project/x", "name": "工程", "aliases": [], "kind": "project"}),
    ],
)
def test_unite(step, row, stored, expected):
    assert unite(step, row, stored) == expected


def test_documents_time_points_and_mentions_have_nothing_to_unite():
    assert existing_query(DOCUMENTS) is None
    assert existing_query(TIMEPOINTS) is None  # a time point is only its date: the wording is on DEADLINE
    assert existing_query(STEPS["MENTIONED_IN Department->Document"]) is None


def test_every_table_with_assertions_is_united():
    united = {s.table.type for s in load_plan(sample_graph()) if not s.nodes and existing_query(s)}
    assert united == {t.type for t in REL_TABLES if t.type != "MENTIONED_IN"}


def test_the_lookups_run_on_the_embedded_store(tmp_path):
    """The statements are plain Cypher: LadybugDB answers them as Neo4j and ArcadeDB do."""
    import ladybug

    store = embedded_sink(sample_graph(), tmp_path)[0]
    db = ladybug.Database(str(store), read_only=True)
    conn = ladybug.Connection(db)
    try:
        for step in (OWNS, DUE, DEPARTMENTS):
            result = conn.execute(existing_query(step), {"rows": key_rows(step, step.rows)})
            found = []
            while result.has_next():
                found.append(dict(zip(result.get_column_names(), result.get_next())))
            assert len(found) == len(step.rows), step.what
            for rec in found:
                row = next(r for r in step.rows if all(r[k] == rec[k] for k in key_rows(step, [r])[0]))
                assert unite(step, row, rec) == row, step.what  # the store holds exactly this build
    finally:
        conn.close()
        db.close()
