"""Neo4j Browser styling (GraSS) generated from the ontology: one colour per class and per
relationship type, the Chinese ``name`` as node caption.

``ontology/browser.grass`` is this module's output (a test keeps them equal); regenerate it with
``python -m loaders.grass > ontology/browser.grass``.
"""
from __future__ import annotations

from kg.vocab import LINK_PROPERTIES, NODE_CLASSES, neo4j_label, neo4j_rel_type

# (fill, border) per node class, in NODE_CLASSES order; one colour per link property.
NODE_COLOURS = (
    ("#4C8EDA", "#2870C2"),  # blue
    ("#8DCC93", "#5DB665"),  # green
    ("#F79767", "#F36924"),  # orange
    ("#57C7E3", "#23B3D7"),  # cyan
    ("#D9C8AE", "#C0A378"),  # sand
    ("#C990C0", "#B261A5"),  # purple
    ("#F16667", "#EB2728"),  # red
)
REL_COLOURS = ("#2870C2", "#B261A5", "#EB2728", "#23B3D7", "#A5ABB6")

# No comments in the output: Neo4j Browser's GraSS parser does not accept them.
HEADER = """\
node {
  diameter: 50px;
  color: #A5ABB6;
  border-color: #9AA1AC;
  border-width: 2px;
  text-color-internal: #FFFFFF;
  font-size: 10px;
}

relationship {
  color: #A5ABB6;
  shaft-width: 2px;
  font-size: 8px;
  padding: 3px;
  text-color-external: #000000;
  text-color-internal: #FFFFFF;
  caption: "<type>";
}
"""


def render_grass() -> str:
    if len(NODE_COLOURS) < len(NODE_CLASSES) or len(REL_COLOURS) < len(LINK_PROPERTIES):
        raise ValueError("add colours to loaders/grass.py: the ontology has more terms than the palette")
    parts = [HEADER]
    for term, (fill, border) in zip(NODE_CLASSES, NODE_COLOURS):
        parts.append(
            f"\nnode.{neo4j_label(term)} {{\n  color: {fill};\n  border-color: {border};\n"
            f"  text-color-internal: #FFFFFF;\n  caption: \"{{name}}\";\n}}\n"
        )
    for term, colour in zip(LINK_PROPERTIES, REL_COLOURS):
        parts.append(f"\nrelationship.{neo4j_rel_type(term)} {{\n  color: {colour};\n  caption: \"<type>\";\n}}\n")
    return "".join(parts)


if __name__ == "__main__":
    print(render_grass(), end="")
