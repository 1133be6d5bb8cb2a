"""Sinks: write the graph into files and stores.  Each is ``sink(graph, out_dir) -> [paths]``."""
from loaders.embedded import embedded_sink
from loaders.html_view import write_html_sink
from loaders.rdf import write_turtle_sink, write_turtle_unvalidated_sink
from loaders.report import write_report_sink


def sinks(validate: bool = True) -> tuple:
    """What `kg build` writes after the graph; ``validate=False`` skips the SHACL check of graph.ttl."""
    return (write_turtle_sink if validate else write_turtle_unvalidated_sink, embedded_sink, write_html_sink, write_report_sink)


SINKS = sinks()
