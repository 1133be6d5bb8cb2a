"""A private jieba tokenizer with the project's dictionary, and word tags from jieba's own
dictionary (looked up, not computed: no POS model runs).  jieba's global default tokenizer is
never touched, so nothing leaks between callers or tests.

Parsing jieba's dictionary is most of a worker's start (0.8-1.0 s); what it gives is kept in the
user's own cache directory (``$XDG_CACHE_HOME/zhgov-kg/`` or ``~/.cache/zhgov-kg/``, made 0700;
:data:`CACHE_ENV` moves it, or ``off`` turns it off) and read back in under half that.  Not in
the shared temp dir, as jieba's own cache is (any user there can replace it): a directory that
is not ours or that others may write is not used.  The file is named by a hash of the dictionary's
bytes, jieba's version and the format, written whole under a temporary name and renamed, and
checked when read (its digest, and the shape of what it holds); anything wrong with it, or a
directory that cannot be written, and the dictionary is parsed as before.
"""
from __future__ import annotations

import array
import hashlib
import logging
import marshal
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from kg.extract.lexicon import lexicon

USER_TAG = "kgw"  # lowercase, as jieba requires for user-dictionary tags
USER_FREQ = 200_000
CACHE_ENV = "KG_CACHE_DIR"  # a directory for the cache instead of the user's; "off": keep none
# What the cache file holds and how; change it whenever _prefix_dict changes what it gives.
CACHE_FORMAT = f"zhgov-kg prefix dictionary 1; q{array.array('q').itemsize} {sys.byteorder}"
log = logging.getLogger(__name__)


def jieba_version() -> str:
    """jieba's version, from its package metadata (importing jieba to ask takes a fifth of a second)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jieba")
    except PackageNotFoundError:
        return getattr(_import_jieba(), "__version__", "?")


def _import_jieba():
    """``import jieba``, without the ``pkg_resources`` it imports only to open its own dictionary
    (a fifth of a second of every worker's start): jieba then opens the file by its path, the
    same bytes.  Done only when neither is imported yet; anyone's later ``import pkg_resources``
    is not affected."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment] # import pkg_resources: ImportError
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def tokenizer():
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    # Not tok.initialize(): it caches the prefix dictionary in the shared temp dir (a file any
    # user there can replace) and prints a traceback on every run when it cannot write it.
    # The project keeps its own, private one (see the module's docstring).
    with tok.get_dict_file() as f:
        tok.FREQ, tok.total, tok.kg_tags = prefix_dict(f.read(), jieba_version())
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


def prefix_dict(data: bytes, jieba_version: str) -> tuple[dict[str, int], int, dict[str, str]]:
    """:func:`_prefix_dict` of jieba's dictionary ``data``, from the cache when it holds it."""
    where = cache_file(data, jieba_version)
    if where is not None:
        cached = _read_cache(where)
        if cached is not None:
            return cached
    parsed = _prefix_dict(data.decode("utf-8"))
    if where is not None:
        _write_cache(where, parsed)
    return parsed


def cache_dir() -> Path | None:
    """The user's private cache directory for kg, made if missing; None when turned off, or when
    it cannot be made or is not private (not ours, or others may write in it)."""
    given = os.environ.get(CACHE_ENV)
    if given is not None and given.strip().lower() in ("", "off", "0", "no", "none"):
        return None
    if given:
        path = Path(given)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        path = (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "zhgov-kg"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.stat()
    except (OSError, RuntimeError) as exc:  # RuntimeError: no home directory
        log.debug("%s: no tokenizer cache (%s)", path, exc)
        return None
    if not path.is_dir() or st.st_uid != os.getuid() or st.st_mode & 0o022:
        log.debug("%s: no tokenizer cache (not a private directory of this user)", path)
        return None
    return path


def cache_file(data: bytes, jieba_version: str) -> Path | None:
    where = cache_dir()
    if where is None:
        return None
    h = hashlib.sha256(f"{CACHE_FORMAT}\njieba {jieba_version}\n".encode("utf-8"))
    h.update(data)
    return where / f"jieba-prefix-{h.hexdigest()[:32]}.bin"


# The file: sha256 of the rest, then marshal of (words, frequencies, total, tagged words, tags):
# words and tags as text joined by newlines (no word holds one: the dictionary is read by line),
# frequencies as an array of 64-bit integers.  Read back, every part has its type by construction.
def _read_cache(path: Path) -> tuple[dict[str, int], int, dict[str, str]] | None:
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return None
            blob = f.read()
    except OSError:
        return None
    try:
        digest, payload = blob[:32], blob[32:]
        if hashlib.sha256(payload).digest() != digest:
            raise ValueError("digest")
        words, freqs, total, tagged, tag_names = marshal.loads(payload)
        if not (isinstance(words, bytes) and isinstance(freqs, bytes) and type(total) is int
                and isinstance(tagged, bytes) and isinstance(tag_names, bytes)):
            raise ValueError("types")
        counts = array.array("q")
        counts.frombytes(freqs)
        word_list = words.decode("utf-8").split("\n")
        tagged_list, tag_list = tagged.decode("utf-8").split("\n"), tag_names.decode("utf-8").split("\n")
        if len(word_list) != len(counts) or len(tagged_list) != len(tag_list):
            raise ValueError("lengths")
        return dict(zip(word_list, counts)), total, dict(zip(tagged_list, tag_list))
    except (ValueError, TypeError, EOFError, UnicodeDecodeError) as exc:
        log.debug("%s: tokenizer cache not taken (%s)", path, exc)
        return None


def _write_cache(path: Path, parsed: tuple[dict[str, int], int, dict[str, str]]) -> None:
    lfreq, total, tags_ = parsed
    if any("\n" in w for w in lfreq) or any("\n" in t for t in tags_.values()):
        return  # pragma: no cover - not a dictionary read by line: newlines cannot join its words
    payload = marshal.dumps(("\n".join(lfreq).encode("utf-8"), array.array("q", lfreq.values()).tobytes(), total,
                             "\n".join(tags_).encode("utf-8"), "\n".join(tags_.values()).encode("utf-8")))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(hashlib.sha256(payload).digest())
            f.write(payload)
        os.replace(tmp, path)
        tmp = None
    except (OSError, OverflowError) as exc:
        log.debug("%s: tokenizer cache not written (%s)", path, exc)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


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
