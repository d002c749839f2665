r"""``问题清单.xlsx``: the problem list a supervising office sends back to each agency.

One row per finding (a finding about several cells, or folding in the findings it
explains, is one row, with those counts in columns of their own), on a sheet for
all agencies and on one sheet per agency, so each agency's sheet can be sent as it
is; the files that could not be read are on a sheet of their own. Every sheet has
its filter on the header, the header frozen, and prints on A4 landscape, fitted to
the page width, the header repeated on every page.

Sheet names follow Excel's rules: at most 31 characters, none of ``[ ] : * ? / \``, not
starting or ending with an apostrophe, not "History", and unique without regard
to case (`sheet_names`). Text never becomes a formula (`gkreport.excel`'s cells).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gkreport._atomic import write_bytes
from gkreport._review.entries import UNREADABLE, Entry, Problem
from gkreport._review.words import WORDS
from gkreport._words import Lang

__all__ = ["NAME", "columns", "sheet_names", "write_problems"]

#: The file's name in the output folder.
NAME = "问题清单.xlsx"
#: Excel's longest sheet name.
LONGEST = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED = "history"
#: Column keys of the problem sheets, with their widths.
_COLUMNS = (
    ("agency", 24),
    ("year", 7),
    ("file", 28),
    ("rule", 8),
    ("severity", 7),
    ("cell", 30),
    ("location", 14),
    ("message", 70),
    ("cells", 9),
    ("explains", 9),
)


def columns(lang: Lang = "zh") -> list[str]:
    """The header of a problem sheet."""
    return [WORDS[lang][key] for key, _ in _COLUMNS]


def _safe(name: str) -> str:
    cleaned = _FORBIDDEN.sub("_", name).strip().strip("'")
    return cleaned[:LONGEST].strip().strip("'") or "_"


def sheet_names(names: Iterable[str]) -> list[str]:
    """Each name made a valid, unique Excel sheet name, in the order given.

    A clash (two names alike once cut to 31 characters, or alike but for case) gets
    ``~2``, ``~3`` … at its end, still within 31 characters.
    """
    taken: set[str] = set()
    found = []
    for name in names:
        base = _safe(name)
        candidate, number = base, 1
        while candidate.casefold() in taken or candidate.casefold() == _RESERVED:
            number += 1
            suffix = f"~{number}"
            candidate = base[: LONGEST - len(suffix)] + suffix
        taken.add(candidate.casefold())
        found.append(candidate)
    return found


def _row(entry: Entry, problem: Problem, lang: Lang) -> list[Any]:
    words = WORDS[lang]
    return [
        entry.agency or words["no_agency"],
        entry.year,
        entry.file,
        problem.code,
        words.get(problem.severity, problem.severity),
        problem.label,
        problem.location or problem.path,
        problem.text(lang),
        problem.cells,
        problem.explains,
    ]


def _put(cell: Any, value: Any) -> None:
    from gkreport.excel._draw import put_text  # noqa: PLC0415 - openpyxl on use

    if isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = value


def _sheet(book: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """One sheet: bold frozen header with a filter, wrapped text, A4 landscape fit to width."""
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    sheet = book.create_sheet(title)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column)
        _put(cell, text)
        cell.font = bold
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            _put(cell, value)
            cell.alignment = wrap
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def workbook(entries: Sequence[Entry], lang: Lang = "zh") -> bytes:
    """The problem list of ``entries`` (in the order given) as an .xlsx file's bytes."""
    from openpyxl import Workbook  # noqa: PLC0415

    words = WORDS[lang]
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    header = columns(lang)
    widths = [width for _, width in _COLUMNS]
    every = [_row(entry, problem, lang) for entry in entries for problem in entry.problems]
    agencies: dict[str, list[list[Any]]] = {}
    for entry in entries:
        if entry.status == UNREADABLE or not entry.problems:
            continue
        key = entry.group or words["no_agency"]
        agencies.setdefault(key, []).extend(_row(entry, p, lang) for p in entry.problems)
    shown = {key: rows[-1][0] for key, rows in agencies.items()}  # the latest name used
    bad = [[entry.file, entry.error or ""] for entry in entries if entry.status == UNREADABLE]
    titles = sheet_names(
        [words["all"], *(shown[key] for key in agencies), *([words["unreadable"]] if bad else [])]
    )
    _sheet(book, titles[0], header, every)
    for title, rows in zip(titles[1:], agencies.values(), strict=False):
        _sheet(book, title, header, rows)
    if bad:
        _sheet(book, titles[-1], [words["file"], words["why"]], bad)
        _widths(book[titles[-1]], [40, 90])
    for title in titles[: len(agencies) + 1]:
        _widths(book[title], widths)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_problems(folder: Path, entries: Sequence[Entry], lang: Lang = "zh") -> Path:
    """Write ``问题清单.xlsx`` into ``folder`` (all at once or not at all); its path."""
    target = folder / NAME
    write_bytes(target, workbook(entries, lang))
    return target
