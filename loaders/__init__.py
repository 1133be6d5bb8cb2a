"""Sinks: write the graph into files and stores.  Each is ``sink(graph, out_dir) -> [paths]``."""
from loaders.embedded import embedded_sink
from loaders.rdf import write_turtle_sink

SINKS = (write_turtle_sink, embedded_sink)
