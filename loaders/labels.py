"""Display names, colours and shapes of the ontology's classes and relations, for the views.

Names come from the ``rdfs:label`` of each term in ``ontology/kg.ttl`` (Chinese and English),
so the legend of ``graph.html`` and the headings of ``report.html`` say what the ontology says.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDFS, Graph, URIRef

from kg.vocab import KG, LINK_PROPERTIES, NODE_CLASSES, local_name
from ontology import ONTOLOGY_TTL

# The pages embed no font (they stay small and offline): Chinese is drawn with the reader's
# own fonts.  The first family installed wins, per character: Noto/Source Han (Linux:
# fonts-noto-cjk), then what macOS, Windows and older Linux desktops ship; the generic last.
CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",  # Linux, Adobe/Google
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",  # macOS
    "Microsoft YaHei", "DengXian", "SimHei", "SimSun",  # Windows
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",  # older Linux, Android
)
CSS_FONT_FAMILY = ", ".join(f'"{f}"' for f in CJK_FONT_FAMILIES) + ", system-ui, sans-serif"

# Okabe–Ito palette (distinguishable with the common colour-vision deficiencies); shapes
# differ too, so colour is never the only cue.
_NODE_STYLE: dict[URIRef, tuple[str, str]] = {
    KG.Department: ("#0072B2", "dot"),
    KG.Organization: ("#56B4E9", "hexagon"),
    KG.Project: ("#E69F00", "square"),
    KG.Place: ("#009E73", "triangle"),
    KG.Policy: ("#CC79A7", "diamond"),
    KG.Document: ("#4D4D4D", "star"),
    KG.TimePoint: ("#D55E00", "triangleDown"),
}
_EDGE_COLOR: dict[URIRef, str] = {
    KG.responsibleFor: "#0072B2",
    KG.issuedBy: "#CC79A7",
    KG.deadline: "#D55E00",
    KG.locatedIn: "#009E73",
    KG.mentionedIn: "#C8C8C8",
}


@dataclass(frozen=True)
class TermStyle:
    name: str  # the JSON type string, e.g. "Department"
    zh: str
    en: str
    color: str
    shape: str = ""


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    onto = Graph().parse(ONTOLOGY_TTL, format="turtle")
    out: dict[str, dict[str, str]] = {}
    for term in NODE_CLASSES + LINK_PROPERTIES:
        langs = {lit.language: str(lit) for lit in onto.objects(term, RDFS.label)}
        out[local_name(term)] = {"zh": langs.get("zh", local_name(term)), "en": langs.get("en", local_name(term))}
    return out


def node_styles() -> dict[str, TermStyle]:
    """Every node class, in ontology order: type string → labels, colour, shape."""
    labels = _labels()
    return {
        local_name(t): TermStyle(local_name(t), labels[local_name(t)]["zh"], labels[local_name(t)]["en"], *_NODE_STYLE[t])
        for t in NODE_CLASSES
    }


def edge_styles() -> dict[str, TermStyle]:
    """Every link property (the four relations, then mentionedIn): type string → labels, colour."""
    labels = _labels()
    return {
        local_name(t): TermStyle(local_name(t), labels[local_name(t)]["zh"], labels[local_name(t)]["en"], _EDGE_COLOR[t])
        for t in LINK_PROPERTIES
    }
