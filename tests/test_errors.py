"""Messages name files and values on one line, whatever the name holds."""
from __future__ import annotations

import pytest

from kg.errors import shown


@pytest.mark.parametrize(
    "name, shown_as",
    [
        ("plain.txt", "plain.txt"),
        ("区政府 讲话.txt", "区政府 讲话.txt"),
        ("a\nkg: error: forged.txt", "a\\nkg: error: forged.txt"),
        ("tab\there.txt", "tab\\there.txt"),
        ("esc\x1b[2J.txt", "esc\\x1b[2J.txt"),
        ("rtl\u202etxt.exe", "rtl\\u202etxt.exe"),
        ("bytes\udcff\udcfe.txt", "bytes\\xff\\xfe.txt"),
    ],
)
def test_shown_escapes_what_would_break_a_line(name, shown_as):
    assert shown(name) == shown_as
    assert shown(shown_as) == shown_as  # escaping twice changes nothing


