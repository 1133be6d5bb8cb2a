"""A private jieba tokenizer with the project's dictionary, and word tags from jieba's own
dictionary (looked up, not computed: no POS model runs).  jieba's global default tokenizer is
never touched, so nothing leaks between callers or tests."""
from __future__ import annotations

import logging
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
        tok.FREQ, tok.total, tok.kg_tags = _prefix_dict(f.read().decode("utf-8"))
    tok.initialized = True
    for word in lexicon().user_words():
        tok.add_word(word, freq=USER_FREQ, tag=USER_TAG)
    return tok


def _prefix_dict(data: str) -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's prefix dictionary (what ``Tokenizer.gen_pfdict`` builds: every word's frequency,
    every prefix of a word at 0, and the total), and the word tags of the same lines: the
    dictionary is parsed once, not once for the tokenizer and again for the tags."""
    lfreq: dict[str, int] = {}
    total = 0
    tags_: dict[str, str] = {}
    for line in data.split("\n"):
        parts = line.split(" ")
        if len(parts) < 2:
            continue
        word = parts[0]
        freq = int(parts[1])
        lfreq[word] = freq
        total += freq
        if len(parts) > 2:
            tags_[word] = parts[2].strip()
        for ch in range(1, len(word)):
            wfrag = word[:ch]
            if wfrag not in lfreq:
                lfreq[wfrag] = 0
    return lfreq, total, tags_


@lru_cache(maxsize=1)
def tags() -> dict[str, str]:
    out = dict(tokenizer().kg_tags)  # read with the dictionary's frequencies
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
