"""The rule catalog as data, for ``GET /v1/rules``: ``schemas/rules.json`` as it ships.

The file is served byte for byte, as ``gkreport schema rules`` prints it and as the
packaged schemas are served: one catalog, one answer (``rule-catalog.schema.json``
describes it). It is read once per process.
"""

from __future__ import annotations

import functools
from importlib import resources

from gkreport._ruledata import RULES_FILE

__all__ = ["catalog"]


@functools.cache
def catalog() -> bytes:
    """The bytes of the packaged ``rules.json``."""
    return resources.files("gkreport").joinpath("schemas").joinpath(RULES_FILE).read_bytes()
