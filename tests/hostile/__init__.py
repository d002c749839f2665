"""Hostile and careless input (issue 12): generated at test time, no large fixtures."""
