"""Entity resolution across documents: one node per real entity, with deterministic ids.

Two mentions are the same entity when their type agrees and their canonical keys are
equal: names are normalised (quotes, book-title marks, whitespace), department bodies are
expanded from abbreviations (发改委 → 发展改革委员会) while their level prefix is kept, so
国家发改委 = 国家发展改革委 but 区纪委 ≠ 省纪委 and 发改委 ≠ 国家发改委.  Masked names never
merge with anything outside their own document, and a bare level name (区委) only with the same
name read in the same place (:func:`scoped_key`, :mod:`kg.scope`).
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib.resources import files

from kg.redaction import is_masked
from kg.vocab import EntityType

_QUOTES = re.compile(r"[“”\"'‘’「」《》〈〉<>\s]")


def normalise_name(name: str) -> str:
    """The metric's name normalisation: no quotes, book-title marks or whitespace; ＋ → +."""
    return _QUOTES.sub("", name).replace("＋", "+")


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    rows = files("kg").joinpath("data/abbreviations.tsv").read_text(encoding="utf-8").splitlines()
    return dict(tuple(r.split("\t")) for r in rows if r.strip() and not r.startswith("#"))


def canonical_department(name: str) -> str:
    """Expand the abbreviated body at the end of a department name, keeping its prefix."""
    pairs = _abbreviations()
    for i in range(len(name)):  # the longest abbreviated ending wins
        if name[i:] in pairs:
            return name[:i] + pairs[name[i:]]
    return name


@lru_cache(maxsize=65536)
def canonical_key(entity_type: str, name: str, doc_id: str = "") -> str:
    """The key two mentions must share to be one node.  Masked names are scoped to a document."""
    key = normalise_name(name)
    if entity_type in (EntityType.Department, EntityType.Organization):
        key = canonical_department(key)
    if is_masked(name):
        key = f"{doc_id}:{key}"
    return key


def scoped_key(key: str, scope) -> str:
    """The key of a name read in a place (``区委@城关区``) or in one document (``<doc_id>:区委``);
    ``scope`` is a :class:`kg.scope.Scope`."""
    if scope.place:
        return f"{key}@{scope.place}"
    if scope.doc_id:
        return f"{scope.doc_id}:{key}"
    return key


def node_id(entity_type: str, key: str) -> str:
    """Deterministic, ASCII-safe, readable where possible: ``department/guo-jia-fa-gai-7c1e3b2a``."""
    digest = hashlib.sha1(f"{entity_type}\x1f{key}".encode("utf-8")).hexdigest()[:8]
    slug = slugify(key.split(":", 1)[-1])
    return f"{entity_type.lower()}/{slug + '-' if slug else ''}{digest}"


def slugify(text: str, max_len: int = 48) -> str:
    """Pinyin for Chinese, ASCII letters and digits kept, everything else a hyphen."""
    from pypinyin import lazy_pinyin

    parts = lazy_pinyin(text, errors=lambda s: [c if c.isascii() and c.isalnum() else "-" for c in s])
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    return slug[:max_len].rstrip("-")
