"""`parse_lines`: a published report, as lines, into a `Report`.

The steps, each in its own module:

0. put back line breaks a page lost (`relines`) and set aside a second copy of
   the report (`copies`), which is compared with the first at the end;
1. find the six part headings (`parts.PageOutline`), in order;
2. tell the format from the markers the tables print (a mix is a note);
3. read the tables of parts 二, 三 and 四 from their tokens (`tables`);
4. keep the prose of each part as published (`parts`);
5. read the metadata the page prints (`metadata`).

Every reader (plain text, Markdown, HTML, Word, PDF) ends here, so a rule about
labels or cells is written once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import attrs

from gkreport._errors import ReadError
from gkreport._forms import layout, registry
from gkreport._json import encodable, unencodable
from gkreport._model import Note, Report
from gkreport._readers import limits
from gkreport._readers.assemble import assemble
from gkreport._readers.text import copies as copies_module
from gkreport._readers.text.cells import Token, TokenKind, tokenize
from gkreport._readers.text.labels import SECTIONS, label_index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.metadata import Metadata, read_metadata
from gkreport._readers.text.parts import PageOutline, read_parts
from gkreport._readers.text.pipes import read_pipe_tables
from gkreport._readers.text.plausible import implausible_notes
from gkreport._readers.text.relines import reline
from gkreport._readers.text.tables import TableReader, Tables
from gkreport._vocabulary import with_ideographs

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


def parse_lines(
    lines: Sequence[Line],
    *,
    origin: str | None = None,
    notes: Sequence[Note] = (),
    page_meta: Mapping[str, Line] | None = None,
) -> Report:
    """Parse a report given as lines (cells within a line separated by tabs).

    :param origin: the file or URL the lines came from, for error messages.
    :param notes: the reader's own notes (what it did not read), kept after the parser's.
    :param page_meta: what the page's own metadata says (an HTML head's title and
        publication date, `gkreport._readers.html.page_metadata`), by field.
    :raises ReadError: the lines are not an annual report (no part heading and no
        table row recognised), more than ``max_lines`` of them, or a line holds text
        that cannot be written as UTF-8 (a lone surrogate: from a caller's string or a
        PDF's broken font map).
    """
    reading = read_lines(lines, origin=origin, page_meta=page_meta)
    return assemble(
        origin or "<text>",
        reading.format_id,
        reading.values,
        notes=[*reading.notes, *notes],
        sources=reading.sources,
    )


def read_lines(
    lines: Sequence[Line],
    *,
    origin: str | None = None,
    page_meta: Mapping[str, Line] | None = None,
) -> TextReading:
    """The values, notes and sources of a report given as lines, for a reader to add to.

    :raises ReadError: as `parse_lines`.
    """
    if len(lines) > limits.current().max_lines:
        raise limits.refused(origin or "<text>", f"{len(lines)} lines", "max_lines")
    lines = list(lines)
    _refuse_unencodable(lines, origin)
    # Radicals for ideographs (a browser's PDF) are the text layer's error, not the report's.
    lines = [
        Line(fixed, line.source) if (fixed := with_ideographs(line.text)) != line.text else line
        for line in lines
    ]
    # Breaks put back first (a page crawled onto one line), then what PDF→Markdown
    # converters do to tables undone, then a second copy of the report set aside.
    pipes = read_pipe_tables(reline(lines))
    # Setting a copy aside keeps every other line as the same object, so the ragged
    # rows are followed by identity, not by their old index.
    ragged_lines = {id(pipes.lines[index]) for index in pipes.ragged}
    lines, copies = copies_module.set_aside(pipes.lines)
    ragged = frozenset(index for index, line in enumerate(lines) if id(line) in ragged_lines)
    page = PageOutline.of(lines)
    tokens = _tokens_by_line(lines, page)
    format_id, mixed = _detect_format(tokens, page, lines)
    tables = _read_tables(format_id, tokens, page, ragged)
    if not page.headings and not any(tables.rows.values()):
        first = layout.PARTS[0].label
        what = f"no part headings ({first} …) and no table rows of the official form found"
        raise ReadError(
            origin or "<text>", f"not an annual report on government information disclosure: {what}"
        )
    parts, part_notes = read_parts(lines, page, tables.sources)
    meta = read_metadata(page.front(lines), lines, page_meta)
    year = meta.year if meta.year in layout.YEARS else None
    implausible = implausible_notes(tables.values, tables.sources, format_id, year)
    notes = [*mixed, *tables.notes, *implausible, *_missing_tables(tables, page), *part_notes]
    for part, index in page.headings.items():
        tables.sources[f"/text/{part}"] = lines[index].source  # where each part's heading is
    sources = {**tables.sources, **meta.sources}
    values = _values(tables, parts, meta)
    notes.extend(_copy_notes(values, sources, copies, origin))
    return TextReading(format_id, values, notes, sources)


def _copy_notes(
    values: dict[str, object], sources: dict[str, str], copies: list[list[Line]], origin: str | None
) -> list[Note]:
    """Each later copy read on its own and compared with the first (`copies.compare`)."""
    others = [
        copies_module.Copy(tuple(copy), reading.values, reading.sources)
        for copy in copies
        for reading in [read_lines(copy, origin=origin)]
    ]
    return copies_module.compare(values, sources, others, origin or "<text>") if others else []


def _refuse_unencodable(lines: list[Line], origin: str | None) -> None:
    """Refuse a line no file could hold, before it reaches code that must encode it."""
    if encodable("\n".join(line.text for line in lines)):
        return  # one search over the page: nearly every page holds no lone surrogate
    for line in lines:
        for _, why in unencodable(line.text):
            raise ReadError(origin or "<text>", why, where=line.source)


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


def _read_tables(
    format_id: str, tokens: dict[int, list[Token]], page: PageOutline, ragged: frozenset[int]
) -> Tables:
    reader = TableReader(
        label_index(format_id), follow_labels="appeals" not in page.headings, ragged=ragged
    )
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
