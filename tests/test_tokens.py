"""The private jieba tokenizer writes nothing and prints nothing, wherever it runs."""
from __future__ import annotations

import os
import subprocess
import sys

from kg.extract.tokens import segment
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
