"""A finding's fingerprint: the same problem keeps the same name from run to run.

A supervising office accepts some findings ("the 结转 was explained in writing")
and wants them to stay accepted when the agency sends the report again with
other cells corrected, from another file, or read by a newer gkreport whose
messages are worded better. So the fingerprint is made only of what the problem
*is*: who (the agency's name compared as `agencies.agency_key` compares it, so
洪泽区人民政府 and 洪泽区 政府 are one agency), which year, which rule, which
cells (the primary pointer and every pointer affected) and the values involved
(expected and actual). It leaves out the file's name, the location in the source
(a workbook cell moves when a row is inserted), the message wording and
anything of the run. Correcting one of *its* cells, or its values, makes it
another problem with another fingerprint, as it should.

Sixteen hexadecimal digits of SHA-256: short enough to read in an accept file,
long enough (64 bits) that two problems of a region never share one by chance.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence

from gkreport._validation.agencies import agency_key

__all__ = ["LENGTH", "fingerprint"]

#: Hexadecimal digits of a fingerprint.
LENGTH = 16
#: Bumped only if the recipe must change; every accepted fingerprint changes with it.
_RECIPE = 1
#: The material as compact JSON (what ``json.dumps`` with these options writes), made once.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def fingerprint(
    *,
    agency: str | None,
    year: int | None,
    code: str,
    path: str,
    paths: Sequence[str],
    expected: int | str | None,
    actual: int | str | None,
) -> str:
    """The fingerprint of one finding (see the module docstring).

    >>> a = fingerprint(agency="洪泽区人民政府", year=2023, code="F1", path="/a",
    ...                 paths=["/a"], expected=3, actual=4)
    >>> a == fingerprint(agency="洪泽区 政府", year=2023, code="F1", path="/a",
    ...                  paths=["/a"], expected=3, actual=4)
    True
    """
    material = [
        _RECIPE,
        _agency_key(agency) if agency else "",
        year,
        code,
        path,
        list(paths),
        expected,
        actual,
    ]
    text = _ENCODER.encode(material)
    # "surrogatepass": a payload may hold a lone surrogate, which UTF-8 cannot encode
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:LENGTH]


@functools.lru_cache(maxsize=1024)
def _agency_key(agency: str) -> str:
    """`agency_key`, computed once for the findings of a report (and of its agency's others)."""
    return agency_key(agency)
