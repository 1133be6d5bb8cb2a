"""One exception root; the CLI alone maps these to exit codes.

Messages are one line and name the file or value at fault; :func:`shown` makes any file name or
value safe to put in one (a newline in a file name cannot start a line of its own).
"""
from __future__ import annotations

import os
import unicodedata


class KGError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(KGError):
    """A document cannot be read: missing, empty, binary, undecodable or malformed."""


class MissingPathError(InputError):
    """A path given on the command line does not exist."""


class UsageError(KGError):
    """A command-line value is out of range or contradicts another option."""


class GoldError(KGError):
    """A gold or prediction file is malformed."""


class GraphError(KGError):
    """A graph directory or file is missing or malformed."""


class StoreError(KGError):
    """A graph store (embedded or Neo4j) refused, failed or could not be reached."""


class ValidationError(KGError):
    """An RDF graph does not conform to the SHACL shapes."""


class OutputError(KGError):
    """The output directory is locked by another build, or cannot be written or replaced."""


class ClusterError(KGError):
    """A compute cluster (``kg build --dask``) could not be reached or lost its workers."""


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(value: object) -> str:
    """``value`` as printable text on one line: control and format characters become escapes
    (``\\n``, ``\\x1b``, ``\\u202e``) and bytes of a file name that are not UTF-8 become ``\\xNN``.

    Printable text, Chinese included, is unchanged; the result always encodes as UTF-8.
    """
    text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by os.fsdecode
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch == " " or ch.isprintable():
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif unicodedata.category(ch) == "Zs":  # other spaces print as what they are
            out.append(ch)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)
