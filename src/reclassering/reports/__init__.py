"""Progress indicators and charts of a measure, computed from plain data (no database access here)."""
