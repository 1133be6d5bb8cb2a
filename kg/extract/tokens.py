"""A private jieba tokenizer with the project's dictionary, and word tags from jieba's own
dictionary (looked up, not computed: no POS model runs).  jieba's global default tokenizer is
never touched, so nothing leaks between callers or tests."""
from __future__ import annotations

import logging
import os
from functools import lru_cache

from kg.extract.lexicon import lexicon

USER_TAG = "kgw"  # lowercase, as jieba requires for user-dictionary tags
USER_FREQ = 200_000


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    # Not tok.initialize(): it caches the prefix dictionary in the shared temp dir (a file any
    # user there can replace) and prints a traceback on every run when it cannot write it.
    # Loading that cache takes as long here as building the dictionary (0.8-1.4 s either way),
    # so the project keeps none.
    with tok.get_dict_file() as f:
        tok.FREQ, tok.total = tok.gen_pfdict(f)
    tok.initialized = True
    for word in lexicon().user_words():
        tok.add_word(word, freq=USER_FREQ, tag=USER_TAG)
    return tok


@lru_cache(maxsize=1)
def tags() -> dict[str, str]:
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = parts[2]
    for place in lexicon().gazetteer:  # 包头 is a verb in jieba's dictionary, a city here
        out[place] = "ns"
    return out


def tag(word: str) -> str:
    return tags().get(word, "")


@lru_cache(maxsize=65536)
def segment(text: str) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) for a short window of text; no HMM, so unknown names fall apart into
    single characters rather than being glued to their neighbours."""
    return tuple(tokenizer().tokenize(text, HMM=False))
