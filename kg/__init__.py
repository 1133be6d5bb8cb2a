"""zhgov-kg: Chinese government speeches, reports and task-division plans → knowledge graph."""

__version__ = "0.1.0"
