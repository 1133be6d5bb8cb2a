"""Graphs with known content for the view and report tests, built from model records.

Expected values in the tests come from the sentences written here, never from the extractor.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.graph import GraphBuilder
from kg.model import Document, Entity, Relation
from kg.vocab import EntityType, RelationType

# The sentences of the hand-made graph; tests look for them verbatim in the page.
EVIDENCE_RESPONSIBLE = "区政府分管领导和能源局要跟紧落实，确保在9月上旬完成屋顶分布式光伏项目评审。"
EVIDENCE_UNDATED = "区发展改革委负责推进老旧小区改造工程，年内基本完成。"
EVIDENCE_LOCATED = "屋顶分布式光伏项目位于城东新区。"
EVIDENCE_ISSUED = "《能源保供工作方案》由能源局印发。"
EVIDENCE_LATER = "能源局牵头，2024年3月底前完成充电桩建设工程。"
FILLER = "会议强调，要统筹发展和安全。"
PLACE_B = "城东新区各部门要抓好落实。"  # b is about 城东新区 too: its 能源局 is a's (kg/scope.py)

A_TITLE = "在全区能源保供工作会议上的讲话"
DEPT = "能源局"
PROJECT = "屋顶分布式光伏项目"


def _doc(doc: str, doc_id: str, year: int, title: str | None, sentences: list[str]) -> tuple[Document, dict[str, tuple[int, int]]]:
    text = "".join(sentences)
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    for s in sentences:
        spans[s] = (pos, pos + len(s))
        pos += len(s)
    return Document(doc=doc, text=text, doc_id=doc_id, year=year, title=title), spans


def _mentions(text: str, name: str) -> list[tuple[int, int]]:
    out, i = [], text.find(name)
    while i >= 0:
        out.append((i, i + len(name)))
        i = text.find(name, i + 1)
    return out


def _entity(doc: Document, etype: str, name: str, **kw) -> Entity:
    return Entity(type=etype, name=name, mentions=_mentions(doc.text, name), **kw)


def hand_documents() -> list[Document]:
    a, sa = _doc("a_speech.txt", "aaaaaaaaaaaaaaaa", 2023, A_TITLE,
                 [FILLER, EVIDENCE_RESPONSIBLE, EVIDENCE_UNDATED, EVIDENCE_LOCATED, EVIDENCE_ISSUED])
    a.entities = [
        _entity(a, EntityType.Department, DEPT),
        _entity(a, EntityType.Department, "区发展改革委", aliases=["区发改委"]),
        _entity(a, EntityType.Project, PROJECT, kind="project"),
        _entity(a, EntityType.Project, "老旧小区改造工程", kind="project"),
        _entity(a, EntityType.Place, "城东新区"),
        _entity(a, EntityType.Policy, "能源保供工作方案"),
        _entity(a, EntityType.Organization, "**能源公司", masked=True),
    ]
    a.relations = [
        Relation(RelationType.responsibleFor, DEPT, PROJECT, sa[EVIDENCE_RESPONSIBLE]),
        Relation(RelationType.deadline, PROJECT, "9月上旬", sa[EVIDENCE_RESPONSIBLE], date="2023-09-10"),
        Relation(RelationType.responsibleFor, "区发展改革委", "老旧小区改造工程", sa[EVIDENCE_UNDATED]),
        Relation(RelationType.deadline, "老旧小区改造工程", "年内", sa[EVIDENCE_UNDATED], date=None),
        Relation(RelationType.locatedIn, PROJECT, "城东新区", sa[EVIDENCE_LOCATED]),
        Relation(RelationType.issuedBy, "能源保供工作方案", DEPT, sa[EVIDENCE_ISSUED]),
    ]
    b, sb = _doc("b_plan.txt", "bbbbbbbbbbbbbbbb", 2024, None, [EVIDENCE_LATER, FILLER, PLACE_B])
    b.entities = [
        _entity(b, EntityType.Department, DEPT),
        _entity(b, EntityType.Project, "充电桩建设工程", kind="project"),
        _entity(b, EntityType.Place, "城东新区"),
    ]
    b.relations = [
        Relation(RelationType.responsibleFor, DEPT, "充电桩建设工程", sb[EVIDENCE_LATER]),
        Relation(RelationType.deadline, "充电桩建设工程", "2024年3月底前", sb[EVIDENCE_LATER], date="2024-03-31"),
    ]
    return [a, b]


def hand_graph() -> nx.MultiDiGraph:
    builder = GraphBuilder()
    for d in hand_documents():
        builder.add(d)
    return builder.graph


_TYPES = [EntityType.Department, EntityType.Organization, EntityType.Project, EntityType.Place, EntityType.Policy]
_CHARS = "东西南北中新城区县镇乡村街道路河山湖港园桥站厂馆场局委办院社司"


def _name(i: int, etype: str) -> str:
    digest = hashlib.sha1(f"{etype}{i}".encode()).digest()
    stem = "".join(_CHARS[b % len(_CHARS)] for b in digest[:4])
    suffix = {EntityType.Department: "局", EntityType.Organization: "公司", EntityType.Project: "工程",
              EntityType.Place: "区", EntityType.Policy: "方案"}[etype]
    return f"{stem}{i}{suffix}"


def synthetic_graph(entities: int = 3000, documents: int = 40) -> nx.MultiDiGraph:
    """A graph of about ``entities`` nodes shaped like a real build: each document mentions a
    few hundred entities, departments are responsible for projects with deadlines."""
    builder = GraphBuilder()
    per_doc = entities // documents
    for d in range(documents):
        names = [(_TYPES[(d * per_doc + k) % len(_TYPES)], d * per_doc + k) for k in range(per_doc)]
        # every fifth document also mentions the first entities of the previous one
        if d % 5 and d:
            names += [(_TYPES[((d - 1) * per_doc + k) % len(_TYPES)], (d - 1) * per_doc + k) for k in range(10)]
        sentences, ents, rels, pos = [], [], [], 0
        depts = [n for t, n in names if t == EntityType.Department]
        for t, i in names:
            s = f"{_name(i, t)}要抓好落实。"
            sentences.append(s)
            ents.append(Entity(type=t, name=_name(i, t), mentions=[(pos, pos + len(_name(i, t)))]))
            if t == EntityType.Project and depts:
                head = _name(depts[i % len(depts)], EntityType.Department)
                rels.append(Relation(RelationType.responsibleFor, head, _name(i, t), (pos, pos + len(s))))
                month = 1 + i % 12
                rels.append(Relation(RelationType.deadline, _name(i, t), f"{month}月底前", (pos, pos + len(s)),
                                     date=f"2024-{month:02d}-28"))
            pos += len(s)
        doc = Document(doc=f"synthetic_{d:03d}.txt", text="".join(sentences), doc_id=f"{d:016x}", year=2024)
        doc.entities, doc.relations = ents, rels
        builder.add(doc)
    return builder.graph


def copies_graph(build_dir: Path, copies: int) -> nx.MultiDiGraph:
    """The graph of ``copies`` x the documents of a build, from its per-document records: each
    copy a distinct document (own id and file name) naming the same entities, as a corpus of
    many similar speeches does.  100 copies of the seeds: 500 documents, 40,000 mention edges."""
    import json

    from kg.graph import DOCUMENTS_DIR

    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((build_dir / DOCUMENTS_DIR).glob("*.json"))]
    builder = GraphBuilder()
    for k in range(copies):
        for rec in records:
            doc = Document.from_json(rec, structure=False)
            doc.doc, doc.doc_id = f"{k:03d}_{doc.doc}", hashlib.sha1(f"{k}/{doc.doc_id}".encode()).hexdigest()[:16]
            builder.add(doc)
    return builder.graph


# ---------------------------------------------------------------------------- pytest fixtures
# Imported by the test modules; the seed build is cached per process so that two modules
# importing the fixture still build the seeds once.
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
ARTIFACTS = REPO / "test-artifacts"
_CACHE: dict[str, object] = {}


@pytest.fixture(scope="session")
def seed_copies(seed_build):
    """100 copies of the seed build's documents, as one graph (see :func:`copies_graph`)."""
    if "seed_copies" not in _CACHE:
        _CACHE["seed_copies"] = copies_graph(seed_build[1], 100)
    return _CACHE["seed_copies"]


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """``kg build seeds`` once, with the default sinks: (build result, output directory)."""
    if "seed_build" not in _CACHE:
        from kg.pipeline import build
        from loaders import SINKS

        out = tmp_path_factory.mktemp("seed-build")
        _CACHE["seed_build"] = (build(sorted(SEEDS.iterdir()), out, sinks=SINKS), out)
    return _CACHE["seed_build"]


# ---------------------------------------------------------------------------- a real browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The pages draw Chinese with the reader's fonts; without a CJK font every character is a box.
CJK_FONT_PACKAGE = "fonts-noto-cjk"
CJK_FONT_FAMILY = "Noto Sans CJK SC"  # what the package gives fontconfig, first in the pages' CSS
APT_PACKAGES = ["chromium", "chromium-driver", CJK_FONT_PACKAGE, "fonts-wqy-zenhei"]
APT_LOCK_TIMEOUT_S = 600  # other test runs on the machine may hold the dpkg lock meanwhile


def _skip(reason: str):
    print(f"\nbrowser tests skipped: {reason}", file=sys.stderr)
    pytest.skip(reason)


def cjk_font_families() -> set[str]:
    """Families fontconfig (which Chromium asks for fallback fonts) knows with Chinese glyphs."""
    if shutil.which("fc-list") is None:
        return set()
    proc = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return {name.strip() for line in proc.stdout.splitlines() for name in line.split(",") if name.strip()}


def missing_browser_parts() -> list[str]:
    """What the browser tests need and this machine lacks: the browser, the CJK font."""
    missing = [] if CHROMIUM.exists() else [f"chromium ({CHROMIUM})"]
    if CJK_FONT_FAMILY not in cjk_font_families():
        missing.append(f"the CJK font {CJK_FONT_FAMILY!r} ({CJK_FONT_PACKAGE})")
    return missing


def ensure_chromium() -> Path:
    """Debian's chromium and the Noto CJK fonts, installed with apt-get when missing; elsewhere
    a skip that says why."""
    missing = missing_browser_parts()
    if not missing:
        return CHROMIUM
    needs = " and ".join(missing)
    if not Path("/etc/debian_version").exists() or shutil.which("apt-get") is None:
        _skip(f"not Debian/Ubuntu (no apt-get) and {needs} missing: install them to run these tests")
    if os.geteuid() != 0:
        _skip(f"{needs} missing; installing with apt-get needs root; run: sudo apt-get install -y " + " ".join(APT_PACKAGES))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = ["-o", f"DPkg::Lock::Timeout={APT_LOCK_TIMEOUT_S}"]
    for cmd in (["apt-get", *lock, "update", "-qq"], ["apt-get", *lock, "install", "-y", "-qq", *APT_PACKAGES]):
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.fail(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    still = missing_browser_parts()
    if still:
        pytest.fail(f"apt-get installed {APT_PACKAGES} but {' and '.join(still)} still missing")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium (Playwright driving the system browser; nothing is downloaded),
    with an empty profile.  Any request that is not a local file is refused and recorded in
    ``browser.blocked``."""
    executable = ensure_chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra (playwright) is not installed")
    playwright = sync_api.sync_playwright().start()
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(executable), headless=True,
        args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 900}, locale="zh-CN",
    )
    context.blocked = []

    def refuse(route):
        context.blocked.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!file:|data:|about:|blob:)"), refuse)
    try:
        yield context
    finally:
        context.close()
        playwright.stop()
