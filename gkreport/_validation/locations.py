"""Where a finding is, always in the terms of the report's own source.

A report read from a file carries ``sources``: JSON pointer → where the reader saw
it, in the file's own terms — a workbook cell (``二三四!I28``, also for .xls and
.ods), a line of text or Markdown (``line 57``), a table position in HTML or Word
(``table 2 row 6 column 3``, with ``line 57`` of an HTML page's source where its
rows are on lines of their own), a PDF page (``p.3``, for a table cell
``p.4 table 2 row 4 column 10``). Readers record blank cells
too (where the blank was seen), and each line of a text part under
``/text/{part}#{n}`` (its n-th line, from 1), so a finding about a sentence points
at the line that prints it.

`fallback` decides what a pointer without a source of its own gets, and never
invents a place in a file the report did not come from:

1. the nearest enclosing pointer's source (a cell of a row printed without it:
   the row's line), else, for a row or table, the source of its first cell in
   printed order;
2. for a workbook (its sources are cells), the template's cell of the pointer;
3. for a report with no sources at all (a .json file, a payload, a report built in
   code) the JSON pointer itself: JSON's own way of naming a place;
4. otherwise none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from gkreport._validation import narrative

__all__ = ["fallback", "sentence"]

#: ``二三四!I28`` or ``'my sheet'!$B$7``: a workbook cell as the grid readers name it.
_WORKBOOK_CELL = re.compile(r"!\$?[A-Z]{1,3}\$?[0-9]+$")
#: How much of a quoted sentence is looked for in the part's lines (its start is enough).
_NEEDLE = 24


def fallback(
    path: str,
    sources: Mapping[str, str],
    template: Callable[[], str | None],
    order: Sequence[str] = (),
) -> str | None:
    """The location of ``path``, which has no source of its own (rules 1–4 above).

    ``order`` is every cell's pointer in printed order (or those under ``path``), for a
    row's first cell.
    """
    if not sources:  # no place in a file: nothing below can be found (rule 3)
        return path or None
    parent = path
    while parent.count("/") > 1:
        parent = parent.rsplit("/", 1)[0]
        if parent in sources:
            return sources[parent]
    inside = path + "/"
    first = next((p for p in order if p.startswith(inside) and p in sources), None)
    if first is not None:
        return sources[first]
    if any(_WORKBOOK_CELL.search(where) for where in sources.values()):
        return template()
    return None


def sentence(path: str, quote: str, text: str | None, sources: Mapping[str, str]) -> str | None:
    """Where the line that starts ``quote`` (normalised, as checks quote) was printed.

    ``text`` is the part at ``path`` as published; its n-th line's source is
    ``sources[f"{path}#{n}"]``. None when the reader recorded no lines or the
    quote is not found (the part's own location then stands).
    """
    if not text or not quote or f"{path}#1" not in sources:
        return None
    needle = "".join(quote.split())[:_NEEDLE].rstrip("。")
    starts: list[int] = []
    joined = ""
    for line in text.split("\n"):
        starts.append(len(joined))
        joined += _flat(line)
    found = joined.find(needle)
    if found < 0:
        return None
    number = max(n for n, start in enumerate(starts, start=1) if start <= found)
    return sources.get(f"{path}#{number}")


def _flat(line: str) -> str:
    """A line as the checks read it (`narrative.part_text`), without its line structure."""
    return "".join(narrative.part_text(line).split())
