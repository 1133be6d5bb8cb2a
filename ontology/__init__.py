"""The RDF ontology files shipped with the package (OWL ontology, SHACL shapes, Neo4j setup)."""
from importlib.resources import files
from pathlib import Path

HERE = Path(str(files(__name__)))
ONTOLOGY_TTL = HERE / "kg.ttl"
SHAPES_TTL = HERE / "shapes.ttl"
