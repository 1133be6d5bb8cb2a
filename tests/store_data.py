"""Test data and helpers for the store tests: a hand-made graph with known relations, the
cookbook file, graph snapshots over Bolt, and a TCP proxy that can cut connections mid-load.
The pytest fixtures (a Bolt server) are in tests/store_fixtures.py."""
from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.graph import GraphBuilder
from kg.model import Document, Entity, Relation

REPO = Path(__file__).resolve().parent.parent
COOKBOOK = REPO / "ontology" / "cookbook.cypher"

# ---------------------------------------------------------------- a graph with known answers

PLAN = (
    "市发展改革委负责推进城南污水处理厂建设，确保9月上旬完成评审。"
    "城南污水处理厂位于南京市江宁区。江宁区是南京市的市辖区。"
    "市政府印发《关于加快城市更新的实施意见》。"
    "能源局负责光伏发电示范项目，年内建成。"
)
SPEECH = (
    "市发展改革委要继续推进城南污水处理厂建设。"
    "南京银行负责智慧园区项目，明年底前投入使用。"
    "市政府出台《数据要素市场化配置改革方案》。"
    "南京市各区要抓好落实。"
)
PLAN_B = (
    "能源局负责光伏发电示范项目，年内建成。"
    "市交通局负责地铁5号线工程，2024年6月底前通车。"
    "地铁5号线工程位于南京市。"
)

DEPT, ORG, PROJ, PLACE, POLICY = "Department", "Organization", "Project", "Place", "Policy"


def _sentence(text: str, needle: str) -> tuple[int, int]:
    """The sentence (up to and including its 。) that contains ``needle``."""
    at = text.index(needle)
    start = text.rfind("。", 0, at) + 1
    return start, text.index("。", at) + 1


def make_doc(doc: str, doc_id: str, year: int, text: str, entities: list[tuple[str, str]], relations: list[tuple]) -> Document:
    ents = []
    for etype, name in entities:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        ents.append(Entity(type=etype, name=name, mentions=spans, kind="project" if etype == PROJ else None))
    rels = []
    for rtype, head, tail, *date in relations:
        rels.append(Relation(rtype, head, tail, _sentence(text, tail), date[0] if date else None))
    return Document(doc=doc, text=text, doc_id=doc_id, title=doc.split(".")[0], year=year, entities=ents, relations=rels)


def plan_doc() -> Document:
    return make_doc(
        "plan.txt", "0000000000000001", 2023, PLAN,
        [(DEPT, "市发展改革委"), (PROJ, "城南污水处理厂"), (PLACE, "江宁区"), (PLACE, "南京市"), (DEPT, "市政府"),
         (POLICY, "关于加快城市更新的实施意见"), (DEPT, "能源局"), (PROJ, "光伏发电示范项目")],
        [("responsibleFor", "市发展改革委", "城南污水处理厂"),
         ("deadline", "城南污水处理厂", "9月上旬", "2023-09-10"),
         ("locatedIn", "城南污水处理厂", "江宁区"),
         ("locatedIn", "江宁区", "南京市"),
         ("issuedBy", "关于加快城市更新的实施意见", "市政府"),
         ("responsibleFor", "能源局", "光伏发电示范项目"),
         ("deadline", "光伏发电示范项目", "年内", "2023-12-31")],
    )


def speech_doc() -> Document:
    return make_doc(
        "speech.txt", "0000000000000002", 2024, SPEECH,
        [(DEPT, "市发展改革委"), (PROJ, "城南污水处理厂"), (ORG, "南京银行"), (PROJ, "智慧园区项目"), (DEPT, "市政府"),
         (POLICY, "数据要素市场化配置改革方案"), (PLACE, "南京市")],
        [("responsibleFor", "市发展改革委", "城南污水处理厂"),
         ("responsibleFor", "南京银行", "智慧园区项目"),
         ("deadline", "智慧园区项目", "明年底前", "2025-12-31"),
         ("issuedBy", "数据要素市场化配置改革方案", "市政府")],
    )


def plan_b_doc() -> Document:
    return make_doc(
        "plan-b.txt", "0000000000000003", 2023, PLAN_B,
        [(DEPT, "能源局"), (PROJ, "光伏发电示范项目"), (DEPT, "市交通局"), (PROJ, "地铁5号线工程"), (PLACE, "南京市")],
        [("responsibleFor", "能源局", "光伏发电示范项目"),
         ("deadline", "光伏发电示范项目", "年内", "2023-12-31"),
         ("responsibleFor", "市交通局", "地铁5号线工程"),
         ("deadline", "地铁5号线工程", "2024年6月底前", "2024-06-30"),
         ("locatedIn", "地铁5号线工程", "南京市")],
    )


def build(*docs: Document) -> nx.MultiDiGraph:
    builder = GraphBuilder()
    for d in docs:
        builder.add(d)
    return builder.graph


def sample_graph() -> nx.MultiDiGraph:
    """Two documents: 8 + 7 entities, 11 relation assertions.  Both are about 南京市, so their 市政府 and
    市发展改革委 are one body each (kg/scope.py), and so is 能源局 in plan-b."""
    return build(plan_doc(), speech_doc())


def second_build_graph() -> nx.MultiDiGraph:
    """A later build that shares 能源局, 光伏发电示范项目, 南京市 (and one relation) with the first."""
    return build(plan_b_doc())


def _only_node(name: str) -> str:
    (node,) = [n for n, a in sample_graph().nodes(data=True) if a.get("name") == name]
    return node


SENTENCE_1 = "市发展改革委负责推进城南污水处理厂建设，确保9月上旬完成评审。"
SENTENCE_2 = "市发展改革委要继续推进城南污水处理厂建设。"

# The parameters each cookbook recipe is run with on sample_graph() (the README's are names from
# the seeds, which this graph does not have), and the rows it must give.
COOKBOOK_SAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "owns": {},
    "due": {"before": "2024-01-01"},
    "located": {"place": "南京市"},
    "issued": {"department": "市政府"},
    "evidence": {"head": "市发展改革委", "tail": "城南污水处理厂"},
    "bodies": {"name": "市政府"},
}
COOKBOOK_EXPECTED: dict[str, list[list]] = {
    # 南京银行 → 智慧园区项目 is left out: an Organization is not a Department.
    "owns": sorted([["市发展改革委", "城南污水处理厂"], ["能源局", "光伏发电示范项目"]]),
    "due": [["城南污水处理厂", "2023-09-10", "9月上旬"], ["光伏发电示范项目", "2023-12-31", "年内"]],
    "located": sorted([["城南污水处理厂"], ["江宁区"]]),
    "issued": sorted([["关于加快城市更新的实施意见"], ["数据要素市场化配置改革方案"]]),
    "evidence": [[[SENTENCE_1, SENTENCE_2], ["plan.txt", "speech.txt"]]],
    # both documents are about 南京市: their 市政府 is one body (the one node of that name)
    "bodies": [[_only_node("市政府"), "南京市", "plan.txt"], [_only_node("市政府"), "南京市", "speech.txt"]],
}

# ---------------------------------------------------------------- the cookbook file


@dataclass
class Recipe:
    name: str
    question: str
    cypher: str
    params: dict[str, str] = field(default_factory=dict)


_HEADER = re.compile(r"^// (\w+): (.+?)(?:\s+params: (.+))?$")


def cookbook() -> list[Recipe]:
    recipes: list[Recipe] = []
    for block in COOKBOOK.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        m = _HEADER.match(lines[0]) if lines else None
        if not m:
            continue
        params = dict(p.split("=", 1) for p in (m.group(3) or "").split())
        recipes.append(Recipe(m.group(1), m.group(2), "\n".join(lines[1:]), params))
    return recipes


def one_line(cypher: str) -> str:
    return " ".join(cypher.split())

def wipe(driver, database: str | None) -> None:
    with driver.session(database=database) as s:
        s.run("MATCH (n) DETACH DELETE n").consume()


def snapshot(driver, database: str | None) -> tuple[list, list]:
    """Every node (label, properties) and relationship (ends, type, properties), sorted: equal
    snapshots mean equal graphs."""
    from loaders.results import plain

    with driver.session(database=database) as s:
        nodes = s.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").data()
        rels = s.run(
            "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
        ).data()
    norm = lambda rows: sorted(repr(plain(r)) for r in rows)  # noqa: E731
    return norm(nodes), norm(rels)


def counts(driver, database: str | None) -> tuple[int, int]:
    with driver.session(database=database) as s:
        n = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        r = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return n, r

# ---------------------------------------------------------------- a proxy that can cut connections


class CuttableProxy:
    """A TCP proxy on 127.0.0.1 in front of a Bolt server.  ``cut()`` drops every open connection
    (what a lost network or restarted server does to a client); ``arm()`` drops them when the
    client next sends anything, i.e. in the middle of its next transaction; ``refuse`` makes it
    drop new connections too."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.refuse = False
        self.cuts = 0
        self._armed = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refuse:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._socks += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def arm(self) -> None:
        self._armed = True

    def _pump(self, src: socket.socket, dst: socket.socket, upstream: bool) -> None:
        try:
            while data := src.recv(65536):
                if upstream and self._armed:
                    self._armed = False
                    self.cut()
                    return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self._drop()
        self.cuts += 1

    def _drop(self) -> None:
        with self._lock:
            socks, self._socks = self._socks, []
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self._closed = True
        self._drop()
        self.listener.close()
