"""The embedded store refuses Cypher that touches files, however it is written, and runs
queries that merely mention the words."""
from __future__ import annotations

import pytest

from kg.errors import StoreError
from loaders.cypher_guard import check_read_only, file_access

REFUSED = [
    ("COPY (MATCH (n) RETURN n.name) TO 'x.csv'", "COPY"),
    ("copy (MATCH (n) RETURN n.name) to 'x.csv'", "COPY"),
    ("CoPy Department FROM 'd.csv'", "COPY"),
    ("LOAD FROM '/etc/passwd' RETURN *", "LOAD"),
    ("load from '/etc/passwd' return *", "LOAD"),
    ("LOAD/* a comment */FROM '/etc/passwd' RETURN *", "LOAD"),
    ("LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN *", "LOAD"),
    ("WITH 1 AS x LOAD FROM '/etc/passwd' RETURN *", "LOAD"),
    ("RETURN 1; LOAD FROM '/etc/passwd' RETURN *", "LOAD"),
    ("RETURN 'it\\'s' AS a; LOAD FROM 'f' RETURN *", "LOAD"),
    ("RETURN '\\\\' AS a, 1 AS b LOAD FROM 'f' RETURN *", "LOAD"),
    ("RETURN 1 // comment\nLOAD FROM 'f' RETURN *", "LOAD"),
    ("RETURN 1 // comment\rLOAD FROM 'f' RETURN *", "LOAD"),
    ("RETURN 1 /* c */ LOAD FROM 'f' RETURN *", "LOAD"),
    ("RETURN 1 AS `a``b` LOAD FROM 'f' RETURN *", "LOAD"),
    ("EXPLAIN LOAD FROM 'f' RETURN *", "LOAD"),
    ("LOAD EXTENSION json", "LOAD"),
    ("LOAD 'libevil.so'", "LOAD"),
    ("ATTACH 'other.lbdb' AS o (dbtype lbug)", "ATTACH"),
    ("INSTALL json", "INSTALL"),
    ("ınstall json", "INSTALL"),  # dotless ı: upper() reads it as INSTALL
    ("ＬＯＡＤ FROM 'f' RETURN *", "LOAD"),  # full-width letters
    ("EXPORT DATABASE '/tmp/x'", "EXPORT"),
    ("IMPORT DATABASE '/tmp/x'", "IMPORT"),
    ("CALL READ_CSV_SERIAL('/etc/passwd') RETURN *", "READ_CSV_SERIAL()"),
    ("CALL read_parquet ('/x') RETURN *", "READ_PARQUET()"),
    ("CALL read_npy/**/('/x') RETURN *", "READ_NPY()"),
    ("CALL file_info('/x', 'csv') RETURN *", "FILE_INFO()"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("checkpoint;", "CHECKPOINT"),
    ("RETURN 1; CHECKPOINT", "CHECKPOINT"),
    ("MATCH (n) WITH load MATCH (m) RETURN m", "LOAD"),  # a clause could stand here: refused
]

ALLOWED = [
    "MATCH (d:Department)-[:RESPONSIBLE_FOR]->(p:Project) RETURN d.name AS department, p.name AS project",
    "MATCH (n) WHERE n.name = 'COPY (MATCH (n) RETURN n) TO \\'x.csv\\'' RETURN n",
    "MATCH (n) WHERE n.name CONTAINS \"LOAD FROM '/etc/passwd'\" RETURN n",
    "MATCH (n) RETURN n // LOAD FROM '/etc/passwd'",
    "MATCH (n) /* COPY (x) TO 'y' */ RETURN n",
    "MATCH (`load`:Department) RETURN `load`.name",
    "MATCH (load:Department) RETURN load.name",
    "MATCH (copy:Department) RETURN copy.name AS name ORDER BY name",
    "MATCH (n) RETURN n.copy, n.load, n.checkpoint",
    "MATCH (n:Load) RETURN n",
    "RETURN {load: 1, copy: 2} AS m",
    "RETURN $load AS x, $copy AS y",
    "MATCH (n) RETURN n.name AS load",
    "MATCH (n) RETURN count(n) AS checkpoint_count",
    "MATCH (checkpoint) RETURN checkpoint.name",
    "MATCH (n) WITH n, n.year - 1 AS load RETURN load + 1",
    "CALL show_tables() RETURN *",
    "CALL table_info('Department') RETURN *",
    "MATCH (n) WHERE n.name = '读取文件 READ_CSV_SERIAL(\\'x\\')' RETURN n",
]


@pytest.mark.parametrize("cypher, what", REFUSED)
def test_file_clauses_are_found_however_they_are_written(cypher, what):
    found = file_access(cypher)
    assert found is not None and found[0] == what
    assert cypher[found[1]:].upper().startswith(what.rstrip("()")) or not cypher[found[1]:].isascii()


@pytest.mark.parametrize("cypher", ALLOWED)
def test_queries_that_only_mention_the_words_run(cypher):
    assert file_access(cypher) is None
    check_read_only(cypher)


@pytest.mark.parametrize("cypher", ["RETURN 'open", 'RETURN "open', "RETURN `open", "RETURN 1 /* open", "RETURN 'a\\' LOAD FROM 'f'"])
def test_what_a_lexer_could_read_two_ways_is_refused(cypher):
    with pytest.raises(StoreError, match="unterminated"):
        check_read_only(cypher, allow_files=True)


def test_allow_files_lifts_the_file_clauses_but_never_the_store_write():
    check_read_only("LOAD FROM 'f.csv' RETURN *", allow_files=True)
    with pytest.raises(StoreError, match="pass --allow-files"):
        check_read_only("LOAD FROM 'f.csv' RETURN *")
    with pytest.raises(StoreError, match="CHECKPOINT .* writes the store file"):
        check_read_only("CHECKPOINT", allow_files=True)
