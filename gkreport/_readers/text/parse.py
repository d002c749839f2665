"""`parse_lines`: a published report, as lines, into a `Report`.

The steps, each in its own module:

1. find the six part headings (`labels.match_heading`), in order;
2. tell the format from the markers the tables print (a mix is a note);
3. read the tables of parts 二, 三 and 四 from their tokens (`tables`);
4. keep the prose of each part as published (`parts`);
5. read the metadata the page prints (`metadata`).

Every reader (plain text, Markdown, HTML, Word, PDF) ends here, so a rule about
labels or cells is written once.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import attrs

from gkreport._convert import from_dict, to_dict
from gkreport._errors import InvalidReport, ReadError
from gkreport._forms import layout
from gkreport._json import unencodable
from gkreport._model import Note, Report, Report2019, Report2021
from gkreport._readers.text.cells import Token, TokenKind, tokenize
from gkreport._readers.text.labels import SECTIONS, label_index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.metadata import Metadata, read_metadata
from gkreport._readers.text.parts import Layout, read_parts
from gkreport._readers.text.tables import TableReader, Tables

__all__ = ["Line", "parse_lines"]


def parse_lines(lines: Sequence[Line], *, origin: str | None = None) -> Report:
    """Parse a report given as lines (cells within a line separated by tabs).

    :param origin: the file or URL the lines came from, for error messages.
    :raises ReadError: the lines are not an annual report (no part heading and no
        table row recognised), or a line holds text that cannot be written as
        UTF-8 (a lone surrogate: from a caller's string or a PDF's broken font map).
    """
    lines = list(lines)
    _refuse_unencodable(lines, origin)
    page = Layout.of(lines)
    tokens = _tokens_by_line(lines, page)
    format_id, mixed = _detect_format(tokens, page, lines)
    tables = _read_tables(format_id, tokens, page)
    if not page.headings and not any(tables.rows.values()):
        first = layout.PARTS[0].label
        what = f"no part headings ({first} …) and no table rows of the official form found"
        raise ReadError(
            origin or "<text>", f"not an annual report on government information disclosure: {what}"
        )
    parts, part_notes = read_parts(lines, page)
    meta = read_metadata(page.front(lines), lines)
    notes = [*mixed, *tables.notes, *_missing_tables(tables, page), *part_notes]
    for part, index in page.headings.items():
        tables.sources[f"/text/{part}"] = lines[index].source  # where each part's heading is
    return _build(format_id, tables=tables, parts=parts, meta=meta, notes=notes, origin=origin)


def _refuse_unencodable(lines: list[Line], origin: str | None) -> None:
    """Refuse a line no file could hold, before it reaches code that must encode it."""
    for line in lines:
        for _, why in unencodable(line.text):
            raise ReadError(origin or "<text>", why, where=line.source)


def _tokens_by_line(lines: list[Line], page: Layout) -> dict[int, list[Token]]:
    """Tokens of the lines that belong to a table (not headings, not prose)."""
    table_lines = [i for i in page.table_lines if not page.is_prose(i)]
    by_line: dict[int, list[Token]] = {i: [] for i in table_lines}
    for token in tokenize([lines[i] for i in table_lines], table_lines):
        by_line[token.line].append(token)
    return by_line


def _detect_format(
    tokens: dict[int, list[Token]], page: Layout, lines: list[Line]
) -> tuple[str, list[Note]]:
    """FORMAT.md §4.3: count each format's markers in the tables; a mix is a note."""
    found: dict[str, list[str]] = {format_id: [] for format_id in layout.FORMATS}
    for line_tokens in tokens.values():
        for token in line_tokens:
            if token.kind is TokenKind.TEXT:
                for format_id in _formats_marked(token.key):
                    found[format_id].append(token.text.strip())
    counts = {format_id: len(texts) for format_id, texts in found.items()}
    if not any(counts.values()):
        return _format_by_year(page, lines), []
    best = max(counts, key=lambda format_id: (counts[format_id], format_id))
    if all(counts.values()):
        detail = "; ".join(
            f"{format_id}: {len(texts)} ({'、'.join(dict.fromkeys(texts))})"
            for format_id, texts in found.items()
        )
        message = f"mixed formats: markers of both formats in the tables ({detail}); read as {best}"
        return best, [Note(path="", raw=detail, source=None, message=message)]
    return best, []


@functools.lru_cache(maxsize=4096)
def _formats_marked(key: str) -> tuple[str, ...]:
    """The formats whose markers or format-only labels ``key`` shows."""
    return tuple(
        format_id
        for format_id in layout.FORMATS
        if key in label_index(format_id).exclusive
        or any(marker in key for marker in label_index(format_id).markers)
    )


def _format_by_year(page: Layout, lines: list[Line]) -> str:
    """No marker at all (e.g. a blank template): the year decides, else the current format."""
    year = read_metadata(page.front(lines), lines).year
    return "2019" if year in (2019, 2020) else "2021"


def _read_tables(format_id: str, tokens: dict[int, list[Token]], page: Layout) -> Tables:
    reader = TableReader(label_index(format_id), follow_labels="appeals" not in page.headings)
    sections = set(SECTIONS)
    for index in sorted({*tokens, *page.headings.values()}):
        part = page.heading_at.get(index)
        if part is not None:
            reader.enter(part if part in sections else None)
            continue
        if reader.section is None:
            reader.enter("proactive")  # tables before any heading: follow their labels
        for token in tokens.get(index, ()):
            reader.feed(token)
    return reader.finish()


def _missing_tables(tables: Tables, page: Layout) -> list[Note]:
    """A table with no row read stays null; say so, naming the part it belongs to."""
    notes = []
    for part in layout.PARTS:
        if part.id in tables.rows and not tables.rows[part.id]:
            where = "its part heading is present" if part.id in page.headings else "no heading"
            notes.append(
                Note(
                    path=f"/{part.id}",
                    raw="",
                    source=None,
                    message=f"table missing: no row of the {part.label} table found ({where})",
                )
            )
    return notes


def _build(
    format_id: str,
    *,
    tables: Tables,
    parts: dict[str, str | None],
    meta: Metadata,
    notes: list[Note],
    origin: str | None,
) -> Report:
    data = _blank(format_id)
    for pointer, value in tables.values.items():
        _put(data, pointer, value)
    data["text"] = parts
    sources = dict(tables.sources)
    for field in ("agency", "year", "kind", "title", "published_on"):
        data[field] = getattr(meta, field)
    data["published_on"] = data["published_on"].isoformat() if data["published_on"] else None
    sources.update(meta.sources)
    data["notes"] = [attrs.asdict(note) for note in notes]
    try:
        report = from_dict(data)
    except InvalidReport as exc:  # pragma: no cover - the reader only stores valid values
        raise ReadError(origin or "<text>", f"parsed values do not fit the model: {exc}") from None
    return attrs.evolve(report, sources=sources)


@functools.cache
def _blank_template(format_id: str) -> dict[str, Any]:
    cls = Report2021 if format_id == "2021" else Report2019
    return to_dict(cls())


def _blank(format_id: str) -> dict[str, Any]:
    """A fresh blank report as data (copied from a template built once)."""
    return _copy(_blank_template(format_id))


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return {key: _copy(value) if isinstance(value, dict) else value for key, value in data.items()}


def _put(data: dict, pointer: str, value: object) -> None:
    *parents, leaf = pointer.strip("/").split("/")
    node = data
    for part in parents:
        node = node[part]
    node[leaf] = value
