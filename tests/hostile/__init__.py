"""Hostile and careless input (issue 12): every case generated at test time, no large fixtures."""
