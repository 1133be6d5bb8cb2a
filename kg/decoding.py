"""Bytes of a text file → str: UTF-8 (with or without BOM, a few stray bytes allowed), UTF-16
(BOM or not), GB18030/GBK.  Every failure is an InputError naming the file and, where there is
one, the offset."""
from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from kg.errors import InputError, shown

log = logging.getLogger(__name__)

# Control characters other than tab / newline / carriage return / form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 (BOM or not), GB18030/GBK.

    UTF-8 with a few stray bytes is still UTF-8: they become U+FFFD and a warning names their
    offsets.  Raises InputError for binary data or bytes that no candidate decodes to plausible
    text.
    """
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_checked(data, codec, path)
    if data.startswith(codecs.BOM_UTF8):
        text = _decode_utf8(data[len(codecs.BOM_UTF8):], path, len(codecs.BOM_UTF8))
        if text is None:
            first = len(codecs.BOM_UTF8) + _first_bad_utf8(data[len(codecs.BOM_UTF8):])
            raise InputError(f"{shown(path)}: invalid UTF-8 text after its BOM (at byte offset {first})")
        return text
    if b"\x00" in data:
        utf16 = _guess_utf16(data)
        if utf16:
            return _decode_checked(data, utf16, path)
        raise InputError(f"{shown(path)}: binary file (contains NUL bytes), not a text document")
    text = _decode_utf8(data, path, 0)
    if text is not None:
        return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible(text):
        return text
    first = _first_bad_utf8(data)
    raise InputError(f"{shown(path)}: cannot decode as UTF-8 (invalid byte at offset {first}), UTF-16 or GB18030 text")


# UTF-8 with stray bytes: at most one bad byte per this many well-formed non-ASCII characters.
# Chinese text in GBK, read as UTF-8, has far more bad bytes than well-formed characters.
_UTF8_CHARS_PER_BAD_BYTE = 5


def _decode_utf8(data: bytes, path: Path | str, base: int) -> str | None:
    """UTF-8 text, or None when it is not UTF-8.  A few stray bytes among plenty of well-formed
    UTF-8 are replaced by U+FFFD, with a warning naming their offsets (``base`` is added to them:
    the length of a BOM)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        escaped = data.decode("utf-8", "surrogateescape")  # each bad byte becomes U+DC80..U+DCFF
        bad = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
        wide = sum(1 for ch in escaped if ord(ch) > 0x7F) - bad
        if bad * _UTF8_CHARS_PER_BAD_BYTE > wide:
            return None
        text = data.decode("utf-8", "replace")
        if not _plausible(text):
            return None
        offsets = _bad_offsets(escaped, base, _SHOWN_OFFSETS + 1)
        where = ", ".join(map(str, offsets[:_SHOWN_OFFSETS])) + (", …" if len(offsets) > _SHOWN_OFFSETS else "")
        log.warning("%s: %d byte(s) that are not UTF-8 replaced by U+FFFD, at byte offset %s", shown(path), bad, where)
        return text
    return text if _plausible(text) else None


_SHOWN_OFFSETS = 5


def _bad_offsets(escaped: str, base: int, limit: int) -> list[int]:
    """Byte offsets where the first ``limit`` runs of bad bytes start."""
    offsets: list[int] = []
    pos, in_run = base, False
    for ch in escaped:
        bad = "\udc80" <= ch <= "\udcff"
        if bad and not in_run:
            if len(offsets) == limit:
                break
            offsets.append(pos)
        in_run = bad
        pos += 1 if bad else len(ch.encode("utf-8"))
    return offsets


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _decode_checked(data: bytes, codec: str, path: Path | str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown(path)}: invalid {codec} text at byte {exc.start}") from None
    if not _plausible(text):
        raise InputError(f"{shown(path)}: binary content in {codec} text")
    return text


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-heavy text has NULs in every other byte; else try both orders."""
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if _plausible(text) and cjk > 0.3 * len(text):
            return codec
    return None


def _plausible(text: str) -> bool:
    """Reject decodings full of control characters or private-use code points (binary data)."""
    if not text:
        return False
    bad = len(_CONTROL.findall(text)) + sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
    return bad <= max(2, len(text) // 200)
