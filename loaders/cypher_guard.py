"""Which Cypher may run on the embedded store: no clause that reads or writes files.

The embedded store is opened read-only, but LadybugDB's Cypher can still reach the file
system: ``COPY … TO 'x.csv'`` and ``EXPORT DATABASE`` write files, ``LOAD FROM '/etc/passwd'``,
``COPY … FROM``, ``IMPORT DATABASE`` and the ``READ_CSV_*``/``READ_PARQUET``/``READ_NPY``/
``FILE_INFO`` table functions read them (some of those crash the process), ``ATTACH`` opens
other databases, ``INSTALL``/``LOAD EXTENSION`` download and load native code, and
``CHECKPOINT`` writes the store file itself — on a read-only connection it leaves the store
unopenable.

The check tokenizes the statement as the database does (string literals with backslash
escapes, back-quoted names, ``//`` and ``/* */`` comments), so a keyword inside a string value,
a comment or a quoted name is not a clause, while case, comments between words and several
statements do not hide one.  Where a lexer could disagree with the database's (an
unterminated string or comment), the statement is refused.  A word that would be one of these
keywords is taken as a name only where a clause cannot stand: after ``.``, ``$``, ``:`` or
``AS`` (``n.load``, ``$copy``, ``:Load``, ``AS load``) or before ``)``, ``:``, ``.``, ``,``, an
operator or the end (``MATCH (load:Department) RETURN load``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.errors import StoreError

# Clauses that read or write files outside the store (lifted by --allow-files).
FILE_CLAUSES = frozenset({"COPY", "LOAD", "ATTACH", "INSTALL", "UNINSTALL", "EXPORT", "IMPORT"})
# Clauses that write the store file itself, which kg query opens read-only (never allowed).
STORE_WRITES = frozenset({"CHECKPOINT"})
# Table functions that read files, called as NAME(…).
FILE_FUNCTION = re.compile(r"^(?:READ_\w+|COPY_\w+|FILE_\w+|GLOB)$")

_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\r\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<unterminated>/\*|['"`])
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_NAME_BEFORE = frozenset({".", "$", ":"})
_NAME_AFTER = frozenset({")", ":", ".", ",", "}", "]", "=", "<", ">", "+", "-", "*", "/", "%", "^", "|", ";", None})
# Clauses that are a whole statement on their own: the end of the query does not make them names.
_STANDALONE = STORE_WRITES


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(cypher: str) -> list[Token]:
    """The significant tokens (no spaces, no comments); raises StoreError on an unterminated
    string, quoted name or comment."""
    out = []
    for m in _TOKENS.finditer(cypher):
        kind = m.lastgroup or "other"
        if kind == "unterminated":
            what = "comment" if m.group() == "/*" else "quoted name" if m.group() == "`" else "string"
            raise StoreError(f"query refused: unterminated {what} at offset {m.start()}")
        if kind not in ("space", "comment"):
            out.append(Token(kind, m.group(), m.start()))
    return out


def _keyword(word: str) -> str:
    """A word as the database's case-insensitive lexer may read it (ı, ſ, full-width forms too)."""
    return unicodedata.normalize("NFKC", word).casefold().upper()


def file_access(cypher: str) -> tuple[str, int, bool] | None:
    """The first clause or function in ``cypher`` that touches files: (what, offset, store_write),
    or None.  ``store_write`` is true for a clause that writes the store file itself."""
    toks = tokens(cypher)
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        before = toks[i - 1].text if i > 0 else None
        after = toks[i + 1].text if i + 1 < len(toks) else None
        word = _keyword(tok.text)
        if after == "(" and FILE_FUNCTION.match(word) and before not in _NAME_BEFORE:
            return f"{word}()", tok.start, False
        if word not in FILE_CLAUSES and word not in STORE_WRITES:
            continue
        if before in _NAME_BEFORE or (before is not None and _keyword(before) == "AS"):
            continue
        if after in _NAME_AFTER and not (word in _STANDALONE and after in (None, ";")):
            continue
        return word, tok.start, word in STORE_WRITES
    return None


def check_read_only(cypher: str, allow_files: bool = False) -> None:
    """Raise StoreError, naming the clause and its offset, if ``cypher`` touches files (unless
    ``allow_files``) or writes the store file."""
    found = file_access(cypher)
    if found is None:
        return
    what, offset, store_write = found
    if store_write:
        raise StoreError(f"query refused: {what} (offset {offset}) writes the store file, which kg query opens read-only")
    if not allow_files:
        raise StoreError(
            f"query refused: {what} (offset {offset}) reads or writes files outside the graph; "
            "pass --allow-files to run it (or put a name in `back quotes`)"
        )
