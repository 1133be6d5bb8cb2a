"""One exception root; the CLI alone maps these to exit codes."""


class KGError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(KGError):
    """A document cannot be read: missing, empty, binary, undecodable or malformed."""


class MissingPathError(InputError):
    """A path given on the command line does not exist."""


class GoldError(KGError):
    """A gold or prediction file is malformed."""


class GraphError(KGError):
    """A graph directory or file is missing or malformed."""


class StoreError(KGError):
    """A graph store (embedded or Neo4j) refused, failed or could not be reached."""


class ValidationError(KGError):
    """An RDF graph does not conform to the SHACL shapes."""


class OutputError(KGError):
    """The output directory is locked by another build, or cannot be written or replaced."""


class ClusterError(KGError):
    """A compute cluster (``kg build --dask``) could not be reached or lost its workers."""
