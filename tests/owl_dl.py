"""OWL 2 DL checks for the ontology and the built graph, offline: the OWL API's DL profile check
and the HermiT reasoner, both from the HermiT.jar that owlready2 ships (a pip package of the
`test` extra), driven by ``tests/owl/OwlDlCheck.java``; needs ``java`` and ``javac`` (JDK 11+).

The OWL API in that jar (3.4.3) does not check datatypes against the OWL 2 datatype map;
:func:`datatypes_outside_owl2_map` does, from the list in the OWL 2 Structural Specification §4
(HermiT refuses such datatypes too, which the reasoner run reports as ``refused``).

By hand::

    python -m tests.owl_dl ontology/kg.ttl                     # the ontology alone
    python -m tests.owl_dl ontology/kg.ttl out/demo/graph.ttl  # the ontology with a build's data
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

JAVA_SOURCE = Path(__file__).resolve().parent / "owl" / "OwlDlCheck.java"
MAIN_CLASS = "OwlDlCheck"

# OWL 2 Structural Specification, section 4 (Datatype Maps): the only datatypes OWL 2 DL allows
# besides the ones an ontology defines itself.  Language-tagged literals are rdf:PlainLiteral.
OWL2_DATATYPES: frozenset[URIRef] = frozenset(
    [RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, OWL.real, OWL.rational]
    + [XSD[name] for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
        "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp")]
)


@dataclass
class OwlReport:
    violations: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) from the OWL API
    consistent: bool | None = None  # HermiT's verdict; None when it refused
    unsatisfiable: list[str] = field(default_factory=list)  # named classes that can have no member
    refused: str | None = None  # why HermiT could not reason over the file


def missing_tools() -> str | None:
    """Why the check cannot run here, or None."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            return f"no `{tool}` on PATH (the OWL API and HermiT run on a JDK 11+)"
    return None


def hermit_jar() -> Path:
    """HermiT with the OWL API inside, as shipped by owlready2 (no import: owlready2 does work at import)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("owlready2 is not installed: `make install-test` (it is in the `test` extra)")
    jar = Path(list(spec.submodule_search_locations)[0]) / "hermit" / "HermiT.jar"
    if not jar.is_file():
        raise RuntimeError(f"{jar}: not found in the installed owlready2")
    return jar


def compile_checker(out_dir: Path) -> Path:
    """Compile OwlDlCheck.java into out_dir; return the class path to run it with."""
    jar = hermit_jar()
    subprocess.run(["javac", "-nowarn", "-cp", str(jar), "-d", str(out_dir), str(JAVA_SOURCE)],
                   check=True, capture_output=True, text=True)
    return out_dir


def run_checker(classes: Path, path: Path, ignore_unsupported_datatypes: bool = False) -> OwlReport:
    """The OWL API DL profile check and HermiT on one RDF file."""
    cmd = ["java", "-cp", f"{hermit_jar()}:{classes}", MAIN_CLASS]
    if ignore_unsupported_datatypes:
        cmd.append("--ignore-unsupported-datatypes")
    done = subprocess.run(cmd + [str(path)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{MAIN_CLASS} exit {done.returncode}: {done.stderr.strip()[-2000:]}")
    report = OwlReport()
    for line in done.stdout.splitlines():
        tag, _, rest = line.partition("\t")
        if tag == "violation":
            kind, _, text = rest.partition("\t")
            report.violations.append((kind, text))
        elif tag == "consistent":
            report.consistent = rest == "true"
        elif tag == "unsatisfiable":
            report.unsatisfiable.append(rest)
        elif tag == "refused":
            report.refused = rest
    return report


def datatypes_outside_owl2_map(rdf: Graph) -> set[tuple[URIRef, URIRef]]:
    """(property, datatype) for each datatype outside the OWL 2 datatype map that the graph uses:
    as a literal's datatype, or as the range of a datatype property."""
    found = set()
    for s, p, o in rdf:
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            found.add((p, o.datatype))
    for prop in rdf.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in rdf.objects(prop, RDFS.range):
            if isinstance(rng, URIRef) and rng not in OWL2_DATATYPES:
                found.add((prop, rng))
    return found


def merged(paths: list[Path], out: Path) -> Path:
    """The union of several RDF files as one Turtle file (one ontology for the OWL API)."""
    rdf = Graph()
    for p in paths:
        rdf.parse(p)
    rdf.serialize(out, format="turtle", encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    reason = missing_tools()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    paths = [Path(a) for a in argv]
    with tempfile.TemporaryDirectory() as tmp:
        classes = compile_checker(Path(tmp))
        target = paths[0] if len(paths) == 1 else merged(paths, Path(tmp) / "merged.ttl")
        outside = datatypes_outside_owl2_map(Graph().parse(target))
        report = run_checker(classes, target, ignore_unsupported_datatypes=bool(outside))
    for kind, text in report.violations:
        print(f"violation: {kind}: {text}")
    for prop, dt in sorted(outside):
        print(f"datatype outside the OWL 2 datatype map: {dt} (on {prop})")
    if report.refused:
        print(f"HermiT refused: {report.refused}")
    else:
        print(f"HermiT: {'consistent' if report.consistent else 'INCONSISTENT'}"
              + (" (literals of those datatypes taken as opaque)" if outside else ""))
    for c in report.unsatisfiable:
        print(f"unsatisfiable class: {c}")
    ok = not report.violations and not outside and report.consistent and not report.unsatisfiable
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
