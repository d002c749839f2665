"""The official formats of the report."""
