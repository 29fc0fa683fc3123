"""reclassering: progress tracker for Dutch youth probation (jeugdreclassering)."""

__version__ = "0.1.0"
