r"""The reviewer's accept file (``--accept FILE``): findings looked at and let stand.

One fingerprint per line (`gkreport._validation.fingerprint`), and after a tab,
why it was accepted; a line starting with ``#`` is a comment, a blank line is
nothing::

    # 2023 reports, reviewed 2024-03-02
    3f2a9c0d1e2b4a5c\t结转数已在正文说明
    9b1e77c2a0d4e6f1

The file is the office's record, kept beside the reports and edited by hand, so
a line that is not a fingerprint is an error naming the file and line, never
passed over: a mistyped fingerprint would silently stop accepting its finding.
A fingerprint given twice keeps its first reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from gkreport._errors import GkreportError
from gkreport._readers.files import unreadable
from gkreport._validation.fingerprint import LENGTH

__all__ = ["AcceptFileError", "read_accepted"]

#: A line: a fingerprint, then (after a tab, or spaces an editor put for one) the reason.
_LINE = re.compile(rf"^(?P<fingerprint>[0-9A-Fa-f]{{{LENGTH}}})(?:[\t ]+(?P<reason>.*))?$")


class AcceptFileError(GkreportError):
    """The accept file cannot be read, or a line of it is no fingerprint."""


def read_accepted(path: str | Path) -> Mapping[str, str | None]:
    """Each accepted fingerprint (lower case) -> its reason, None when the line gives none.

    :raises AcceptFileError: the file is missing or unreadable, or a line is malformed.
    """
    reason = unreadable(path)
    if reason is not None:
        raise AcceptFileError(f"{path}: {reason}")
    try:
        text = Path(path).read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise AcceptFileError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise AcceptFileError(f"{path}: {exc.strerror or exc}") from None
    accepted: dict[str, str | None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(stripped)
        if match is None:
            shown = stripped if len(stripped) <= 40 else stripped[:40] + "…"
            msg = (
                f"{path}, line {number}: {shown!r} is not a fingerprint "
                f"({LENGTH} hexadecimal digits, then optionally a tab and the reason)"
            )
            raise AcceptFileError(msg)
        why = (match.group("reason") or "").strip()
        accepted.setdefault(match.group("fingerprint").lower(), why or None)
    return accepted
