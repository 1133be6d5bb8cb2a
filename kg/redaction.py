"""Anonymisation placeholders: *, **, ＊, X, XX stand for removed names."""
from __future__ import annotations

import re

# X counts as a placeholder only when it is not part of a Latin word or code (BIPV, XML).
PLACEHOLDER = re.compile(r"[*＊]+|(?<![A-Za-z])[XＸ]{1,4}(?![A-Za-z])")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in PLACEHOLDER.finditer(text)]


def is_masked(name: str) -> bool:
    """True when a name contains a placeholder (城*区…, XX项目, 国务院安委会第**巡查组)."""
    return bool(PLACEHOLDER.search(name))


def is_bare_placeholder(name: str, min_content: int = 2) -> bool:
    """A name that is little more than a placeholder: **区, XX项目's 'XX', *巷."""
    content = PLACEHOLDER.sub("", name)
    return len(content) < min_content
