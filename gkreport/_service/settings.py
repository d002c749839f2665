"""What the operator of ``gkreport serve`` chooses, with defaults that are safe on a laptop."""

from __future__ import annotations

import os
import re
from typing import Any

import attrs

__all__ = ["DEFAULT_MAX_UPLOAD", "DEFAULT_TIME_LIMIT", "Settings", "parse_size"]

#: The largest request body accepted: a report's workbook or PDF is well under 5 MiB.
DEFAULT_MAX_UPLOAD = 20 * 2**20
#: Seconds of work a request may take in its worker: reading a long PDF or an old .doc
#: through LibreOffice takes a few seconds; a minute means a file that will not end.
DEFAULT_TIME_LIMIT = 60.0

_SIZE = re.compile(r"(?i)\s*(\d+)\s*([KMG]?)(?:I?B)?\s*")
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def parse_size(text: str) -> int:
    """``"20M"`` → 20971520: bytes, or a whole number of KiB, MiB or GiB.

    :raises ValueError: not such a size, or zero.
    """
    found = _SIZE.fullmatch(text)
    if found is None or int(found.group(1)) == 0:
        msg = f"not a size: {text!r} (say e.g. 20M, 512K or 1000000)"
        raise ValueError(msg)
    return int(found.group(1)) * _UNITS[found.group(2).upper()]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        msg = f"{attribute.name} must be above zero, not {value!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Settings:
    """The service's configuration.

    ``workers`` is the number of worker processes doing the reading, validating and
    rendering (the web server itself is one process that only waits on them);
    ``cors`` the origins whose pages may call the API from a browser (none by default:
    only same-origin pages and non-browser clients).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = attrs.field(factory=lambda: os.cpu_count() or 1, validator=_positive)
    cors: tuple[str, ...] = ()
    max_upload: int = attrs.field(default=DEFAULT_MAX_UPLOAD, validator=_positive)
    time_limit: float = attrs.field(default=DEFAULT_TIME_LIMIT, validator=_positive)
