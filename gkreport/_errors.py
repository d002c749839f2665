"""The exceptions gkreport raises.

::

    GkreportError
     ├── InvalidReport   data that does not fit the model (every bad path listed)
     └── ReadError       a file that cannot be read (names the file, sheet/cell or line)
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["GkreportError", "InvalidReport", "ReadError"]


class GkreportError(Exception):
    """Base class of every error gkreport raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with a payload: where (a JSON pointer) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


class InvalidReport(GkreportError, ValueError):
    """A payload does not fit the report model.

    ``errors`` lists every problem, not only the first, each with the JSON
    pointer of the offending value, so a third-party system can mark them all.
    ``path`` names the file the payload was read from (`gkreport.load`), else None.
    """

    def __init__(self, errors: Sequence[Problem], *, path: object = None) -> None:
        self.errors: tuple[Problem, ...] = tuple(errors)
        self.path = None if path is None else str(path)
        lines = "\n".join(f"  {problem}" for problem in self.errors)
        place = f"{self.path}: " if self.path is not None else ""
        super().__init__(f"{place}invalid report ({len(self.errors)} problem(s)):\n{lines}")


class ReadError(GkreportError):
    """A file that cannot be read as a report.

    The message names the file and, where known, the sheet and cell or the line.
    """

    def __init__(self, path: object, message: str, *, where: str | None = None) -> None:
        self.path = str(path)
        self.where = where
        self.reason = message
        place = f"{self.path}, {where}" if where else self.path
        super().__init__(f"{place}: {message}")
