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
import re
from collections.abc import Sequence

import attrs

from gkreport._errors import ReadError
from gkreport._forms import layout, registry
from gkreport._model import Note, Report
from gkreport._readers.assemble import assemble
from gkreport._readers.text.cells import Token, TokenKind, tokenize
from gkreport._readers.text.labels import SECTIONS, label_index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.metadata import Metadata, read_metadata
from gkreport._readers.text.parts import PageOutline, read_parts
from gkreport._readers.text.tables import TableReader, Tables

__all__ = ["Line", "TextReading", "parse_lines", "read_lines"]

#: The metadata the page prints, each a field of the report.
_METADATA_FIELDS = ("agency", "year", "kind", "title", "published_on")


@attrs.frozen
class TextReading:
    """What the lines hold, before it becomes a `Report` (`assemble`)."""

    format_id: str
    values: dict[str, object]  # JSON pointer -> value
    notes: list[Note]
    sources: dict[str, str]  # JSON pointer -> line ("p.3", "table 2 row 5")


def parse_lines(lines: Sequence[Line], *, origin: str | None = None) -> Report:
    """Parse a report given as lines (cells within a line separated by tabs).

    :param origin: the file or URL the lines came from, for error messages.
    :raises ReadError: the lines are not an annual report (no part heading and no
        table row recognised).
    """
    reading = read_lines(lines, origin=origin)
    return assemble(
        origin or "<text>",
        reading.format_id,
        reading.values,
        notes=reading.notes,
        sources=reading.sources,
    )


def read_lines(lines: Sequence[Line], *, origin: str | None = None) -> TextReading:
    """The values, notes and sources of a report given as lines, for a reader to add to.

    :raises ReadError: as `parse_lines`.
    """
    lines = list(lines)
    _refuse_lone_surrogates(lines, origin)
    page = PageOutline.of(lines)
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
    sources = {**tables.sources, **meta.sources}
    return TextReading(format_id, _values(tables, parts, meta), notes, sources)


#: Half of a UTF-16 pair alone (``"\ud800"``): a str can hold one, no file or JSON can.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_lone_surrogates(lines: Sequence[Line], origin: str | None) -> None:
    """Refuse text no file can hold, before a library that writes UTF-8 (OpenCC) meets it."""
    for line in lines:
        found = _SURROGATE.search(line.text)
        if found:
            msg = f"{found.group()!r} is a lone surrogate, not a character: no file can hold it"
            raise ReadError(origin or "<text>", msg, where=line.source)


def _tokens_by_line(lines: list[Line], page: PageOutline) -> dict[int, list[Token]]:
    """Tokens of the lines that belong to a table (not headings, not prose)."""
    table_lines = [i for i in page.table_lines if not page.is_prose(i)]
    by_line: dict[int, list[Token]] = {i: [] for i in table_lines}
    for token in tokenize([lines[i] for i in table_lines], table_lines):
        by_line[token.line].append(token)
    return by_line


def _detect_format(
    tokens: dict[int, list[Token]], page: PageOutline, lines: list[Line]
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
    best = max(counts, key=lambda format_id: counts[format_id])  # a tie: the first registered
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


registry.watch(_formats_marked.cache_clear)


def _format_by_year(page: PageOutline, lines: list[Line]) -> str:
    """No marker at all (e.g. a blank template): the year decides, else the current format."""
    year = read_metadata(page.front(lines), lines).year
    return (registry.for_year(year) or registry.current()).id


def _read_tables(format_id: str, tokens: dict[int, list[Token]], page: PageOutline) -> Tables:
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


def _missing_tables(tables: Tables, page: PageOutline) -> list[Note]:
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


def _values(tables: Tables, parts: dict[str, str | None], meta: Metadata) -> dict[str, object]:
    """Every value read, by JSON pointer: the tables', each part's prose, the metadata."""
    values: dict[str, object] = dict(tables.values)
    values.update({f"/text/{part}": text for part, text in parts.items()})
    values.update({f"/{field}": getattr(meta, field) for field in _METADATA_FIELDS})
    return values
