"""A report printed twice, a second copy of its tables, or two reports in one file.

Pages are pasted together: the same report twice, the tables again after part 六
with other numbers, or two agencies' reports in one file. The parts are read once,
in order (`parts.PageOutline`); headings that start the parts over after part 六
begin a copy, which `set_aside` takes off the page (with the title printed just
before it) so that it does not become part 六's text. `compare` then reads what
each copy says against the first:

* a copy of another report (another agency's or another year's title) makes the
  file unreadable as one report: a `ReadError` naming both;
* the same report printed again, identical, is read once, with a note;
* a copy whose tables give other numbers keeps the first and notes each cell that
  differs (a message beginning `gkreport._model.SECOND_COPY`, which the validator's
  ``copies`` finding reads), so no number is lost and none is silently replaced.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import attrs

from gkreport._errors import ReadError
from gkreport._model import SECOND_COPY, Note
from gkreport._readers.text.labels import SECTIONS
from gkreport._readers.text.lines import Line
from gkreport._readers.text.parts import PageOutline, title_lines

__all__ = ["Copy", "compare", "set_aside"]

#: Printed lines before a copy's first heading searched for its title (chrome, preamble).
_TITLE_BEFORE = 15
_CELLS = tuple(f"/{section}/" for section in SECTIONS)


@attrs.frozen
class Copy:
    """A later copy on the page: its lines, and what they read to."""

    lines: tuple[Line, ...]
    values: Mapping[str, object]
    sources: Mapping[str, str]

    @property
    def span(self) -> str:
        return f"{self.lines[0].source}–{self.lines[-1].source}"


def set_aside(lines: Sequence[Line]) -> tuple[list[Line], list[list[Line]]]:
    """The page without its later copies, and the lines of each copy."""
    page = PageOutline.of(lines)
    if not page.copies:
        return list(lines), []
    starts = []
    previous = max(page.headings.values())
    for headings in page.copies:
        first = headings[0]
        window = _before(lines, previous + 1, first)
        titled = title_lines(lines[window:first])
        starts.append(window + min(titled) if titled else first)
        previous = headings[-1]
    bounds = [*starts, len(lines)]
    copies = [list(lines[start:end]) for start, end in itertools.pairwise(bounds)]
    return list(lines[: starts[0]]), copies


def _before(lines: Sequence[Line], floor: int, first: int) -> int:
    """Where to look for a copy's title: `_TITLE_BEFORE` printed lines before its heading."""
    index, printed = first, 0
    while index > floor and printed < _TITLE_BEFORE:
        index -= 1
        printed += bool(lines[index].text.strip())
    return index


def compare(
    values: Mapping[str, object], sources: Mapping[str, str], copies: Sequence[Copy], origin: str
) -> list[Note]:
    """Notes on each copy against the first reading (``values``, ``sources``).

    :raises ReadError: a copy is another report (its title names another agency or
        year, or its statistics period another year).
    """
    notes: list[Note] = []
    for copy in copies:
        _same_report(values, sources, copy, origin)
        differ = [
            pointer
            for pointer, value in copy.values.items()
            if pointer.startswith(_CELLS) and pointer in values and values[pointer] != value
        ]
        for pointer in differ:
            message = (
                f"{SECOND_COPY} ({copy.span}) gives {_shown(copy.values[pointer])} "
                f"here, the first {_shown(values[pointer])}; the first is kept"
            )
            raw = "" if copy.values[pointer] is None else str(copy.values[pointer])
            source = copy.sources.get(pointer)
            notes.append(Note(path=pointer, raw=raw, source=source, message=message))
        notes.append(_summary(values, copy, len(differ)))
    return notes


def _summary(values: Mapping[str, object], copy: Copy, differ: int) -> Note:
    if differ:
        message = (
            f"{SECOND_COPY} ({copy.span}) differs from the first in {differ} "
            f"cell{'s' if differ > 1 else ''} (a note on each); the first is kept"
        )
    elif all(values.get(pointer) == value for pointer, value in copy.values.items()):
        message = f"the report is printed twice ({copy.span}); the copy is identical, read once"
    else:
        message = (
            f"a second copy of the report ({copy.span}) agrees with the first in every "
            "table cell it prints; only the first is read"
        )
    return Note(
        path="", raw=copy.lines[0].text.strip(), source=copy.lines[0].source, message=message
    )


def _same_report(
    values: Mapping[str, object], sources: Mapping[str, str], copy: Copy, origin: str
) -> None:
    """Refuse a file that holds two reports: titles of two agencies, or two years."""
    titled = values.get("/title") is not None and copy.values.get("/title") is not None
    fields = ("/agency", "/year") if titled else ("/year",)
    for field in fields:
        mine, theirs = values.get(field), copy.values.get(field)
        if mine is not None and theirs is not None and mine != theirs:
            first = f"{_named(values)} ({sources.get(field, 'first')})"
            second = f"{_named(copy.values)} ({copy.sources.get(field, copy.lines[0].source)})"
            raise ReadError(
                origin,
                f"two reports in one file: {first} and {second}; read each from a file of its own",
            )


def _named(values: Mapping[str, object]) -> str:
    title = values.get("/title")
    if isinstance(title, str):
        return title
    return " ".join(str(values[field]) for field in ("/agency", "/year") if values.get(field))


def _shown(value: object) -> str:
    return "a blank" if value is None else str(value)
