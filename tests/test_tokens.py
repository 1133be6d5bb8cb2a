"""The private jieba tokenizer writes nothing in the shared temp dir and prints nothing, wherever it
runs; its cache of jieba's parsed dictionary is private, checked, and changes no token."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

import kg.extract.tokens as tokens
from kg.extract.tokens import CACHE_ENV, cache_file, prefix_dict, segment
from tests.conftest import ROOT

TEXT = "区政府分管领导和能源局要跟紧落实"


def test_tokenizer_needs_no_writable_cache_and_prints_nothing(tmp_path):
    """jieba's own initialize() caches in the temp dir and prints a traceback each run when it
    cannot write there (here: its cache path is a folder)."""
    tmp = tmp_path / "tmp"
    (tmp / "jieba.cache").mkdir(parents=True)
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = "from kg.extract.tokens import segment; print('/'.join(w for w, _, _ in segment(TEXT)))".replace("TEXT", repr(TEXT))
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.strip() == "/".join(w for w, _, _ in segment(TEXT))  # the same words as here
    assert sorted(p.name for p in tmp.iterdir()) == ["jieba.cache"]


# ---------------------------------------------------------------- the cache of the parsed dictionary
SMALL = "中国 100 ns\n中国人 50 n\n区政府 30 nt\n能源局 20\n人 10 n\n".encode("utf-8")


def _parsed_not_again(monkeypatch):
    def refused(_data):
        raise AssertionError("the dictionary was parsed again")

    monkeypatch.setattr(tokens, "_prefix_dict", refused)


def _jieba_dictionary() -> bytes:
    import jieba

    with jieba.Tokenizer().get_dict_file() as f:
        return f.read()


def _tokens(parsed, text: str) -> list:
    import jieba

    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, _ = parsed
    tok.initialized = True
    return list(tok.tokenize(text, HMM=False))


def test_the_dictionary_is_parsed_once_and_read_back_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    data = _jieba_dictionary()
    first = prefix_dict(data, "0.42.1")
    assert first == tokens._prefix_dict(data.decode("utf-8"))
    (cached,) = (tmp_path / "cache").iterdir()
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700 and not cached.stat().st_mode & 0o077
    _parsed_not_again(monkeypatch)
    again = prefix_dict(data, "0.42.1")
    assert again == first
    assert _tokens(again, TEXT * 3) == _tokens(first, TEXT * 3)


@pytest.mark.parametrize("how", ["garbage", "cut", "one byte changed", "empty", "not marshal", "wrong shape"])
def test_a_damaged_cache_file_gives_the_parsed_dictionary_and_is_written_again(tmp_path, monkeypatch, how):
    import hashlib
    import marshal

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    expected = prefix_dict(SMALL, "v")
    path = cache_file(SMALL, "v")
    blob = path.read_bytes()
    damaged = {
        "garbage": b"\x00garbage" * 10, "cut": blob[: len(blob) // 2], "empty": b"",
        "one byte changed": blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:],
        "not marshal": hashlib.sha256(b"\xff\xff").digest() + b"\xff\xff",
        "wrong shape": (lambda p: hashlib.sha256(p).digest() + p)(marshal.dumps((b"a\nb", b"\x01" * 8, 1, b"", b""))),
    }[how]
    path.write_bytes(damaged)
    assert prefix_dict(SMALL, "v") == expected
    assert path.read_bytes() == blob  # written again, whole
    _parsed_not_again(monkeypatch)
    assert prefix_dict(SMALL, "v") == expected


@pytest.mark.parametrize("where", ["under a file", "off"])
def test_without_a_writable_cache_the_dictionary_is_parsed_and_nothing_is_written(tmp_path, monkeypatch, where):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "file" / "cache") if where == "under a file" else "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert prefix_dict(SMALL, "v") == tokens._prefix_dict(SMALL.decode("utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_cache_directory_others_may_write_is_neither_read_nor_written(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv(CACHE_ENV, str(shared))
    shared.chmod(0o700)
    planted = cache_file(SMALL, "v")
    prefix_dict(SMALL, "v")
    good = planted.read_bytes()
    planted.unlink()
    shared.chmod(0o777)
    assert cache_file(SMALL, "v") is None
    assert prefix_dict(SMALL, "v") == tokens._prefix_dict(SMALL.decode("utf-8"))
    assert list(shared.iterdir()) == []
    planted.write_bytes(good)  # a file someone else could have put there
    _parsed_not_again(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        prefix_dict(SMALL, "v")


def test_the_cache_is_in_the_users_cache_directory_and_named_by_what_it_was_made_from(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = cache_file(SMALL, "0.42.1")
    assert path.parent == tmp_path / "xdg" / "zhgov-kg"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    others = {cache_file(SMALL + "又 1\n".encode("utf-8"), "0.42.1"), cache_file(SMALL, "0.43")}
    assert path not in others and len(others) == 2
