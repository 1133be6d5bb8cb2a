"""`make bench`: extraction speed against plain jieba.cut on the same text in the same run,
and peak memory of a whole build at 1x and 10x the corpus.

Shared machines are noisy, so speed is reported as a ratio to a reference measured in the
same process, best of several rounds.  Run: python -m tests.bench
"""
from __future__ import annotations

import gc
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def corpus_texts() -> list[str]:
    from kg.documents import load_document

    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "docs").glob("*.txt"))
    return [load_document(p).text for p in paths]


def bench_speed(texts: list[str]) -> dict[str, float]:
    import jieba

    from kg.documents import make_document
    from kg.extract import extract
    from kg.extract.tokens import segment

    jieba.setLogLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    reference.initialize()
    extract(make_document("区政府分管领导和能源局要跟紧落实，确保在9月上旬完成评审。", year=2023))  # load dictionaries
    chars = sum(map(len, texts))
    cut_best = extract_best = float("inf")
    for _ in range(ROUNDS):
        gc.collect()
        t0 = time.perf_counter()
        for t in texts:
            for _w in reference.cut(t):
                pass
        cut_best = min(cut_best, time.perf_counter() - t0)
        segment.cache_clear()  # no help from the previous round
        gc.collect()
        t0 = time.perf_counter()
        for t in texts:
            extract(make_document(t, clean=False))
        extract_best = min(extract_best, time.perf_counter() - t0)
    return {
        "chars": chars,
        "jieba_cut_chars_per_s": chars / cut_best,
        "extract_chars_per_s": chars / extract_best,
        "ratio": cut_best / extract_best,
    }


def bench_long_text(texts: list[str], sizes=(1_000_000, 20_000_000)) -> dict[int, float]:
    """Seconds to extract one long text without punctuation (every sentence mark removed), at
    each size: extraction must grow near-linearly with the text, so the ratio of the times
    should stay close to the ratio of the sizes."""
    import re

    from kg.documents import make_document
    from kg.extract import extract

    plain = re.sub(r"[，。；：、！？,.;:!?\n]", "", "".join(texts))
    out = {}
    for size in sizes:
        text = (plain * (size // len(plain) + 1))[:size]
        gc.collect()
        t0 = time.perf_counter()
        extract(make_document(text, clean=False))
        out[size] = time.perf_counter() - t0
    return out


CHILD = """
import resource, sys
from pathlib import Path
from kg.pipeline import build
result = build([Path(sys.argv[1])], Path(sys.argv[2]), sinks=())
print(result.documents, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_memory(texts: list[str], factors=(1, 10)) -> dict[int, dict[str, float]]:
    """Peak RSS of a build (read, extract, graph, per-document JSON) in a fresh process."""
    out = {}
    for factor in factors:
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = Path(tmp) / "in", Path(tmp) / "out"
            src.mkdir()
            for k in range(factor):
                for i, t in enumerate(texts):
                    # each copy is a distinct document (its own id), as a larger corpus would be
                    (src / f"{k:03d}_{i:02d}.txt").write_text(t + f"\n（第{k}份）", encoding="utf-8")
            proc = subprocess.run([sys.executable, "-c", CHILD, str(src), str(dst)], capture_output=True, text=True, check=True)
            docs, rss_kb = proc.stdout.split()
            out[factor] = {"documents": int(docs), "peak_rss_mib": int(rss_kb) / 1024}
            shutil.rmtree(dst, ignore_errors=True)
    return out


def main() -> None:
    texts = corpus_texts()
    speed = bench_speed(texts)
    print(f"extraction speed on {speed['chars']:,} characters ({len(texts)} documents), best of {ROUNDS}:")
    print(f"  jieba.cut (reference)   {speed['jieba_cut_chars_per_s']:>12,.0f} chars/s")
    print(f"  kg extraction           {speed['extract_chars_per_s']:>12,.0f} chars/s")
    print(f"  ratio extraction/cut    {speed['ratio']:>12.2f}   (target >= 0.5)")
    memory = bench_memory(texts)
    print("peak memory of `kg build` (no stores), fresh process:")
    for factor, m in memory.items():
        print(f"  {factor:>3}x corpus ({m['documents']:>3} documents)  {m['peak_rss_mib']:8.1f} MiB")
    first, last = memory[min(memory)], memory[max(memory)]
    print(f"  growth 10x/1x           {last['peak_rss_mib'] / first['peak_rss_mib']:>12.2f}")
    long = bench_long_text(texts)
    (small, t_small), (big, t_big) = sorted(long.items())
    print("one long text without punctuation:")
    for size, secs in sorted(long.items()):
        print(f"  {size / 1e6:>5.0f} MB characters  {secs:8.1f} s")
    print(f"  time ratio {big // small}x size     {t_big / t_small:>8.1f}   (near-linear: close to {big // small})")
    if "--json" in sys.argv:
        print(json.dumps({"speed": speed, "memory": memory, "long_text_seconds": long}))


if __name__ == "__main__":
    main()
