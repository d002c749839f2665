"""The report in the official layout, as self-contained HTML or as Markdown.

An agency publishes its tables in the form of the official notice, and a
supervising office reads findings best on the cell they are about. So the HTML
rebuilds the three tables exactly as printed (merged header cells, nested row
labels with their row spans, the captioned blocks of section 二), all from
`gkreport._forms.layout`, and marks each finding on its cell: a coloured cell whose
``title`` shows the message on hover and a number pointing into a footnote
list, which is what survives printing. Markdown flattens the merged cells into
pipe tables (a nested row keeps its group labels as a prefix) and uses
footnotes for the findings.

Values are printed exactly as stored: a blank stays blank, an amount keeps all
its decimals. Every piece of text is escaped, and the HTML is also well-formed
XML, so any strict parser can check it.

`gkreport.load` reads a rendered page back to the same report (every cell,
metadata field, text part and note): the page carries a generator mark, every
value is escaped exactly, an empty text is told apart from a blank, and the notes
are listed one per line as ``path：【kind】raw``, source, message. The conventions
are shared with the reader in `gkreport._render._page`.
"""

from __future__ import annotations

import datetime
import html
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol

import attrs

from gkreport._atomic import write_bytes
from gkreport._forms import layout
from gkreport._model import Note, Report
from gkreport._render._page import (
    EMPTY,
    HTML_GENERATOR,
    MD_MARKER,
    NOTE_MESSAGE_CLASS,
    NOTE_SOURCE_CLASS,
    MdRow,
    html_field,
    md_field,
    md_line,
    md_rows,
    note_path,
    note_raw,
)
from gkreport._words import PAGE, Lang

__all__ = ["render", "write"]

Target = Literal["html", "md"]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class FindingLike(Protocol):
    """What the renderer reads from a finding (`gkreport._validation.engine.Finding` has it all).

    Read-only properties, so a frozen finding fits and a narrower field type (``str`` for
    ``str | None``) does too.
    """

    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def message(self) -> str: ...
    @property
    def message_en(self) -> str | None: ...
    @property
    def expected(self) -> Any: ...
    @property
    def actual(self) -> Any: ...
    @property
    def cells(self) -> Sequence[str]: ...


# --- placing findings on cells -------------------------------------------------------


@attrs.frozen
class _Mark:
    """A finding as shown on the page: its footnote number and its text."""

    number: int
    finding: FindingLike
    message: str


@attrs.define
class _Marks:
    """Which findings sit on which cell, numbered in the order they were given.

    A finding's ``path`` is the cell it is about (it gets the colour and the
    footnote number), and so is each of its ``paths`` when it has several (the cells
    of a blank column); its other ``cells`` are the ones its equation ties, shown
    with a light outline so the reader sees what was added up.
    """

    marks: list[_Mark] = attrs.field(factory=list)
    primary: dict[str, list[_Mark]] = attrs.field(factory=dict)
    related: dict[str, list[_Mark]] = attrs.field(factory=dict)

    @classmethod
    def build(cls, report: Report, findings: Iterable[FindingLike] | None, lang: Lang) -> _Marks:
        """Number the findings and place each on the cells or part it points to."""
        marks = cls()
        targets = _targets(report)
        for number, finding in enumerate(findings or (), start=1):
            message = (finding.message_en or finding.message) if lang == "en" else finding.message
            mark = _Mark(number, finding, message)
            marks.marks.append(mark)
            # a finding about several cells (a blank column) colours each of them
            own = list(
                dict.fromkeys(
                    p
                    for path in (finding.path, *getattr(finding, "paths", ()))
                    for p in _expand(path, targets)
                )
            )
            for pointer in own:
                marks.primary.setdefault(pointer, []).append(mark)
            for pointer in (p for cell in finding.cells or () for p in _expand(cell, targets)):
                if pointer not in own:
                    marks.related.setdefault(pointer, []).append(mark)
        return marks

    def on(self, pointer: str) -> list[_Mark]:
        """The findings about this cell, most severe first."""
        return sorted(self.primary.get(pointer, ()), key=_severity_key)

    def near(self, pointer: str) -> list[_Mark]:
        """The findings whose equation includes this cell without being about it."""
        return self.related.get(pointer, [])


def _severity_key(mark: _Mark) -> tuple[int, int]:
    return (_SEVERITY_ORDER.get(mark.finding.severity, 3), mark.number)


def _targets(report: Report) -> list[str]:
    """Every pointer the page can show a mark on: table cells, text parts, metadata."""
    fmt = layout.FORMATS[report.format]
    cells = [leaf.pointer for leaf in fmt.leaves()]
    parts = [f"/text/{part.id}" for part in layout.PARTS]
    metadata = [f"/{field}" for field, _, _ in layout.METADATA]
    return [*cells, *parts, *metadata, "/format"]


#: A finding about a whole table (``/applications``) marks its part's heading, not every cell.
_SECTION_HEADINGS = {f"/{part.id}": f"/text/{part.id}" for part in layout.PARTS}


def _expand(pointer: str | None, targets: list[str]) -> list[str]:
    """The shown pointers a finding's pointer covers: itself, or every cell below a row."""
    if pointer is None or pointer in ("", "/"):
        return []
    if pointer in targets:
        return [pointer]
    if pointer in _SECTION_HEADINGS:
        return [_SECTION_HEADINGS[pointer]]
    prefix = pointer.rstrip("/") + "/"
    return [target for target in targets if target.startswith(prefix)]


# --- values -----------------------------------------------------------------------


def _value(report: Report, path: tuple[str, ...]) -> object:
    node: object = report
    for part in path:
        node = getattr(node, part)
    return node


def _show(value: object) -> str:
    """A stored value as printed: blank for None, every decimal digit of an amount."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _metadata(report: Report, marks: _Marks, lang: Lang) -> Iterator[tuple[str, str, str | None]]:
    """(pointer, label, shown value or None) of each field that has a value or a finding."""
    for field, label_zh, label_en in layout.METADATA:
        value = getattr(report, field)
        if value is None and not marks.on(f"/{field}"):
            continue
        if field == "kind" and value in layout.KINDS:
            value = layout.KINDS[value][0] if lang == "zh" else value
        yield f"/{field}", label_zh if lang == "zh" else label_en, _shown_or_none(value)


def _shown_or_none(value: object) -> str | None:
    """A value as printed, None kept apart from ``""`` (see `_page.EMPTY`)."""
    return None if value is None else _show(value)


def _heading(report: Report) -> str:
    if report.title:
        return report.title
    return " ".join(_show(v) for v in (report.agency, report.year) if v is not None)


# --- the official tables as grids of cells ----------------------------------------------
#
# Each table is first laid out as rows of `_Cell` (a header, a label, or a value
# at a pointer, with its spans); the HTML writer prints the grid as it is, the
# Markdown writer flattens it by its own rules.


@attrs.frozen
class _Cell:
    text: str = ""
    pointer: str | None = None  # set for a value cell
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    css: str = ""


def _span(count: int, name: str) -> str:
    return f' {name}="{count}"' if count > 1 else ""


def _proactive_grid(fmt: layout.Format) -> list[list[_Cell]]:
    """Section 二: per block a caption row, a 信息内容 header row, then its rows."""
    rows = {row.id: row for row in fmt.proactive.children if isinstance(row, layout.Row)}
    width = max(len(row.cells) for row in rows.values())
    grid: list[list[_Cell]] = []
    for block in fmt.blocks:
        grid.append([_Cell(block.caption, colspan=width + 1, header=True, css="caption")])
        first = rows[block.rows[0]]
        header = [_Cell(layout.CONTENT_HEADER, header=True)]
        header += [
            _Cell(cell.label, header=True, colspan=_fill(i, first.cells, width))
            for i, cell in enumerate(first.cells)
        ]
        grid.append(header)
        for row_id in block.rows:
            row = rows[row_id]
            line = [_Cell(row.label, header=True, css="label")]
            line += [
                _Cell(pointer=f"/proactive/{row.id}/{cell.id}", colspan=_fill(i, row.cells, width))
                for i, cell in enumerate(row.cells)
            ]
            grid.append(line)
    return grid


def _fill(index: int, cells: Sequence[layout.Cell], width: int) -> int:
    """The last cell of a short row spans the columns the row does not use."""
    return width - len(cells) + 1 if index == len(cells) - 1 else 1


def _applications_grid(fmt: layout.Format) -> list[list[_Cell]]:
    """Section 三: the three-row header, then every row with its group labels spanned."""
    section = fmt.applications
    depth = max(len(labels) - 1 for _, _, labels in fmt.rows(section))
    columns = layout.APPLICANT_COLUMNS
    first, *organisations, last = columns
    grid = [
        [
            _Cell(layout.COLUMN_NOTE, rowspan=3, colspan=depth, header=True, css="note"),
            _Cell(layout.APPLICANTS_HEADER, colspan=len(columns), header=True),
        ],
        [
            _Cell(first.label, rowspan=2, header=True),
            _Cell(layout.LEGAL_PERSONS_HEADER, colspan=len(organisations), header=True),
            _Cell(last.label, rowspan=2, header=True),
        ],
        [_Cell(cell.label, header=True) for cell in organisations],
    ]
    spans = _row_spans(fmt, section)
    opened: set[tuple[str, ...]] = set()
    for path, row, labels in fmt.rows(section):
        line: list[_Cell] = []
        # labels[0] is the section; labels[1:-1] are the groups above the row.
        for level in range(1, len(labels) - 1):
            group = path[: level + 1]
            if group not in opened:
                opened.add(group)
                line.append(_Cell(labels[level], rowspan=spans[group], header=True, css="label"))
        line.append(_Cell(row.label, colspan=depth - (len(labels) - 2), header=True, css="label"))
        line += [_Cell(pointer="/" + "/".join((*path, cell.id))) for cell in row.cells]
        grid.append(line)
    return grid


def _row_spans(fmt: layout.Format, section: layout.Group) -> dict[tuple[str, ...], int]:
    """How many printed rows each group covers: 三、本年度办理结果 spans 22 in 2021, 20 in 2019."""
    spans: dict[tuple[str, ...], int] = {}
    for path, _, _ in fmt.rows(section):
        for end in range(2, len(path)):
            spans[path[:end]] = spans.get(path[:end], 0) + 1
    return spans


def _appeals_grid(fmt: layout.Format) -> list[list[_Cell]]:
    """Section 四: 行政复议 | 行政诉讼 over two header rows, then one row of 15 values."""
    review, *litigation = (row for row in fmt.appeals.children if isinstance(row, layout.Row))
    width = len(layout.APPEAL_COLUMNS)
    return [
        [
            _Cell(review.label, colspan=width, header=True),
            _Cell(layout.LITIGATION_HEADER, colspan=width * len(litigation), header=True),
        ],
        [_Cell(cell.label, rowspan=2, header=True) for cell in review.cells]
        + [_Cell(row.label, colspan=width, header=True) for row in litigation],
        [_Cell(cell.label, header=True) for row in litigation for cell in row.cells],
        [
            _Cell(pointer=f"/appeals/{row.id}/{cell.id}")
            for row in (review, *litigation)
            for cell in row.cells
        ],
    ]


# --- HTML ---------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
  font-size: 10.5pt; line-height: 1.6; margin: 0 auto; max-width: 186mm; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 6pt; }
h2 { font-size: 12pt; margin: 14pt 0 6pt; }
p { margin: 0 0 4pt; text-indent: 2em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0 10pt; font-size: 9pt;
  margin: 0 0 10pt; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
table.form { width: 100%; border-collapse: collapse; font-size: 8.5pt; line-height: 1.3;
  margin: 6pt 0; page-break-inside: auto; }
table.form tr { page-break-inside: avoid; }
table.form th, table.form td { border: 0.75pt solid #000; padding: 2pt 3pt;
  vertical-align: middle; }
table.form th { font-weight: normal; text-align: center; }
table.form th.caption { font-weight: bold; }
table.form th.label { text-align: left; }
table.form th.note { font-size: 8pt; }
table.form td { text-align: center; white-space: nowrap; }
table.appeals th { font-size: 8pt; }
.finding-error { background: #ffc7ce; outline: 1.5pt solid #c00000; outline-offset: -1.5pt; }
.finding-warning { background: #ffeb9c; outline: 1.5pt solid #9c6500; outline-offset: -1.5pt; }
.finding-info { background: #ddebf7; }
.related { box-shadow: inset 0 0 0 1.5pt #f4a6b0; }
sup.ref { font-size: 7pt; color: #c00000; margin-left: 1pt; }
h2 sup.ref, dt sup.ref { font-size: 8pt; }
ol.findings, ul.notes { font-size: 9pt; padding-left: 2.2em; }
ul.notes .note-source::before { content: " · "; }
ul.notes .note-message::before { content: " — "; }
ol.findings li.error { color: #9c0006; }
ol.findings li.warning { color: #7f5200; }
.code { font-family: monospace; font-weight: bold; }
"""


#: Characters XML (and so a strict HTML check) forbids; shown as U+FFFD rather than dropped.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _esc(text: str) -> str:
    """Text shown, not read back (a heading, a label): escaped, unprintables as U+FFFD."""
    return html.escape(_UNPRINTABLE.sub("\ufffd", text), quote=True)


def _html_value(shown: str | None) -> str:
    """A value as HTML that reads back exactly: nothing for None, `EMPTY` for ``""``."""
    if shown is None:
        return ""
    return html_field(shown) if shown else EMPTY


def _refs(marks: list[_Mark]) -> str:
    return "".join(
        f'<sup class="ref"><a href="#finding-{m.number}">{m.number}</a></sup>' for m in marks
    )


def _marked_attrs(own: list[_Mark], near: list[_Mark], base: str = "") -> str:
    """The class and title of an element that findings point to."""
    classes = [base] if base else []
    if own:
        classes.append(f"finding finding-{own[0].finding.severity}")
    elif near:
        classes.append("related")
    shown = own or near
    attributes = f' class="{_esc(" ".join(classes))}"' if classes else ""
    if shown:
        title = "\n".join(f"[{m.number}] {m.finding.code}: {m.message}" for m in shown)
        attributes += f' title="{_esc(title)}"'
    return attributes


def _widths(section: str, grid: list[list[_Cell]]) -> list[float]:
    """Column widths (percent) that keep the numbers narrow and the labels readable on A4."""
    columns = max(sum(cell.colspan for cell in row) for row in grid)
    if section == "appeals":
        return [100 / columns] * columns
    if section == "proactive":
        return [28.0] + [72 / (columns - 1)] * (columns - 1)
    values = len(layout.APPLICANT_COLUMNS)
    label_widths = [9.0] * (columns - values - 1) + [24.0]
    return label_widths + [(100 - sum(label_widths)) / values] * values


def _html_table(grid: list[list[_Cell]], report: Report, marks: _Marks, css: str) -> str:
    lines = [f'<table class="form {css}">', "<colgroup>"]
    lines += [f'<col style="width:{width:.2f}%"/>' for width in _widths(css, grid)]
    lines.append("</colgroup>")
    for row in grid:
        cells = []
        for cell in row:
            spans = _span(cell.rowspan, "rowspan") + _span(cell.colspan, "colspan")
            if cell.pointer is None:
                tag = "th" if cell.header else "td"
                css_class = f' class="{cell.css}"' if cell.css else ""
                cells.append(f"<{tag}{spans}{css_class}>{_esc(cell.text)}</{tag}>")
                continue
            path = tuple(cell.pointer.strip("/").split("/"))
            own, near = marks.on(cell.pointer), marks.near(cell.pointer)
            shown = _html_value(_shown_or_none(_value(report, path)))
            data = f' data-pointer="{_esc(cell.pointer)}"'
            attributes = _marked_attrs(own, near)
            cells.append(f"<td{spans}{data}{attributes}>{shown}{_refs(own)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _paragraphs_html(text: str | None) -> list[str]:
    """One ``<p>`` per line, empty lines included: none for None, one empty for ``""``."""
    if text is None:
        return []
    return [f"<p>{html_field(line)}</p>" for line in text.split("\n")]


def _grids(fmt: layout.Format) -> dict[str, list[list[_Cell]]]:
    return {
        "proactive": _proactive_grid(fmt),
        "applications": _applications_grid(fmt),
        "appeals": _appeals_grid(fmt),
    }


def _note_label(fmt: layout.Format, pointer: str) -> str | None:
    """The official label of the cell a note belongs to, if it is a cell."""
    return next((leaf.label for leaf in fmt.leaves() if leaf.pointer == pointer), None)


def _note_kind(note: Note, words: Mapping[str, str]) -> str:
    """``【未读取】`` before the text of a note that has a kind; nothing for a plain note."""
    return f"【{words[note.kind]}】" if note.kind else ""


#: Control characters (tabs, line breaks …) with the spaces around them.
_CONTROLS = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def _one_line(text: str) -> str:
    """A value in a footnote on one line, as messages are: a tab or line break is one space."""
    return _CONTROLS.sub(" ", text)


#: Chinese and full-width characters: report text, quoted in an English footnote.
_FOREIGN = re.compile("[\u2e80-\U0002ffff]")


def _quoted(text: str, lang: Lang) -> str:
    """Report text or a label of the form in “…” in English, as messages quote it."""
    return text if lang == "zh" else f"“{text}”"


def _value_shown(value: object, lang: Lang) -> str:
    """An expected or actual value on one line; report text quoted as messages quote it."""
    shown = _one_line(_show(value))
    return _quoted(shown, lang) if _FOREIGN.search(shown) else shown


def _finding_line(mark: _Mark, lang: Lang, esc: bool) -> list[str]:
    """The parts of one footnote: code, severity, where, message, expected/actual."""
    finding = mark.finding
    words = PAGE[lang]
    label = _quoted(finding.label, lang) if finding.label else None
    where = " ".join(x for x in (label, finding.location) if x) or finding.path or "/"
    parts = [finding.code, words.get(finding.severity, finding.severity), where, mark.message]
    # only the values there are: no "应为 ，实为 40" when nothing is expected
    shown = [
        f"{words[name]} {_value_shown(value, lang)}"
        for name, value in (("expected", finding.expected), ("actual", finding.actual))
        if value is not None
    ]
    if shown:
        parts.append(words["comma"].join(shown))
    return [_esc(p) for p in parts] if esc else parts


def _html_note(note: Note, fmt: layout.Format, words: Mapping[str, str]) -> str:
    """``<li>path：【kind】raw</li>``, the source and message in spans (see `_page`)."""
    label = _note_label(fmt, note.path)
    attributes = f' data-kind="{_esc(note.kind)}"' if note.kind else ""
    attributes += f' title="{_esc(label)}"' if label else ""
    text = f"{note_path(html_field(note.path))}：{_esc(_note_kind(note, words))}"
    text += note_raw(html_field(note.raw))
    for css, value in ((NOTE_SOURCE_CLASS, note.source), (NOTE_MESSAGE_CLASS, note.message)):
        if value is not None:
            text += f'<span class="{css}">{_html_value(value)}</span>'
    return f"<li{attributes}>{text}</li>"


def _render_html(report: Report, marks: _Marks, lang: Lang) -> str:
    fmt = layout.FORMATS[report.format]
    words = PAGE[lang]
    heading = _heading(report)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8"/>',
        f'<meta name="generator" content="{HTML_GENERATOR}"/>',
        f"<title>{_esc(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_esc(heading)}</h1>",
        '<dl class="meta">',
    ]
    rows = [*_metadata(report, marks, lang), ("/format", words["format"], fmt.notice)]
    for pointer, label, value in rows:
        own, near = marks.on(pointer), marks.near(pointer)
        out.append(f"<dt{_marked_attrs(own, near)}>{_esc(label)}{_refs(own)}</dt>")
        out.append(f'<dd data-pointer="{_esc(pointer)}">{_html_value(value)}</dd>')
    out.append("</dl>")
    grids = _grids(fmt)
    for part in layout.PARTS:
        pointer = f"/text/{part.id}"
        own, near = marks.on(pointer), marks.near(pointer)
        out.append(f'<section id="part-{part.id}">')
        out.append(f"<h2{_marked_attrs(own, near)}>{_esc(part.label)}{_refs(own)}</h2>")
        out += _paragraphs_html(getattr(report.text, part.id))
        if part.id in grids:
            out.append(_html_table(grids[part.id], report, marks, part.id))
        out.append("</section>")
    if report.notes:
        out.append(f"<h2>{_esc(words['notes'])}</h2>")
        out.append('<ul class="notes">')
        out += [_html_note(note, fmt, words) for note in report.notes]
        out.append("</ul>")
    if marks.marks:
        out.append(f'<h2 id="findings">{_esc(words["findings"])}</h2>')
        out.append('<ol class="findings">')
        for mark in marks.marks:
            code, severity, where, message, *values = _finding_line(mark, lang, esc=True)
            detail = words["detail"].format(values=values[0]) if values else ""
            out.append(
                f'<li id="finding-{mark.number}" class="{_esc(mark.finding.severity)}">'
                f'<span class="code">{code}</span> {severity} · {where}{words["colon"]}'
                f"{message}{detail}</li>"
            )
        out.append("</ol>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# --- Markdown -----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def _md(text: str) -> str:
    """Text that Markdown shows literally: no markup, no raw HTML, one line."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(_UNPRINTABLE.sub("\ufffd", text), quote=False))
    return " ".join(escaped.splitlines())


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _md_exact(shown: str | None) -> str:
    """A value as Markdown that reads back exactly: nothing for None, `EMPTY` for ``""``."""
    if shown is None:
        return ""
    return md_field(shown) if shown else EMPTY


def _md_value(report: Report, pointer: str, marks: _Marks) -> str:
    value = _md_exact(_shown_or_none(_value(report, tuple(pointer.strip("/").split("/")))))
    refs = "".join(f"[^{m.number}]" for m in marks.on(pointer))
    if refs and value:
        return f"**{value}**{refs}"
    return value + refs


def _md_body(report: Report, rows: Sequence[MdRow], marks: _Marks) -> list[list[str]]:
    """A table's body: each row's label, then its values (`_page.md_rows`)."""
    return [
        [_md(row.label)]
        + [_md_value(report, f"{row.pointer}/{cell.id}", marks) for cell in row.cells]
        for row in rows
    ]


def _md_proactive(report: Report, fmt: layout.Format, marks: _Marks) -> list[str]:
    out: list[str] = []
    for block, rows in zip(fmt.blocks, md_rows(fmt)["proactive"], strict=True):
        out += [f"**{_md(block.caption)}**", ""]
        header = [_md(layout.CONTENT_HEADER)] + [_md(cell.label) for cell in rows[0].cells]
        out += _md_table(header, _md_body(report, rows, marks))
    return out


def _md_applications(report: Report, fmt: layout.Format, marks: _Marks) -> list[str]:
    first, *organisations, last = layout.APPLICANT_COLUMNS
    header = [
        "",
        _md(first.label),
        *(_md(f"{layout.LEGAL_PERSONS_HEADER}：{cell.label}") for cell in organisations),
        _md(last.label),
    ]
    (rows,) = md_rows(fmt)["applications"]
    body = _md_body(report, rows, marks)
    return [*_md_table(header, body), f"*{_md(layout.COLUMN_NOTE)}*", ""]


def _md_appeals(report: Report, fmt: layout.Format, marks: _Marks) -> list[str]:
    header = ["", *(_md(cell.label) for cell in layout.APPEAL_COLUMNS)]
    (rows,) = md_rows(fmt)["appeals"]
    return _md_table(header, _md_body(report, rows, marks))


def _md_note(note: Note, words: Mapping[str, str]) -> str:
    """``- path：【kind】raw | 来源：source | 说明：message`` (see `_page`)."""
    line = f"- {note_path(md_field(note.path))}：{_md(_note_kind(note, words))}"
    line += note_raw(md_field(note.raw))
    for word, value in ((words["source"], note.source), (words["message"], note.message)):
        if value is not None:
            line += f" | {_md(word)}：{md_field(value)}"
    return line


def _render_md(report: Report, marks: _Marks, lang: Lang) -> str:
    fmt = layout.FORMATS[report.format]
    words = PAGE[lang]
    out = [f"# {_md(_heading(report))}", MD_MARKER, ""]
    rows = [*_metadata(report, marks, lang), ("/format", words["format"], fmt.notice)]
    for pointer, label, value in rows:
        refs = "".join(f"[^{m.number}]" for m in marks.on(pointer))
        out.append(f"- **{_md(label)}**{refs}：{_md_exact(value)}")
    out.append("")
    tables = {
        "proactive": _md_proactive,
        "applications": _md_applications,
        "appeals": _md_appeals,
    }
    for part in layout.PARTS:
        refs = "".join(f"[^{m.number}]" for m in marks.on(f"/text/{part.id}"))
        out += [f"## {_md(part.label)}{refs}", ""]
        text = getattr(report.text, part.id)
        for line in [] if text is None else text.split("\n"):
            out += [md_line(line), ""]
        if part.id in tables:
            out += tables[part.id](report, fmt, marks)
    if report.notes:
        out += [f"## {_md(words['notes'])}", ""]
        out += [_md_note(note, words) for note in report.notes]
        out.append("")
    if marks.marks:
        out += [f"## {_md(words['findings'])}", ""]
        for mark in marks.marks:
            code, severity, where, message, *values = _finding_line(mark, lang, esc=False)
            detail = words["detail"].format(values=_md(values[0])) if values else ""
            out.append(
                f"[^{mark.number}]: **{_md(code)}** {_md(severity)} · {_md(where)}"
                f"{words['colon']}{_md(message)}{detail}"
            )
        out.append("")
    return "\n".join(out)


# --- public API -------------------------------------------------------------------------

_RENDERERS = {"html": _render_html, "md": _render_md}


def render(
    report: Report,
    to: Target = "html",
    findings: Iterable[FindingLike] | None = None,
    *,
    lang: Lang = "zh",
) -> str:
    """The report in the official layout: ``to="html"`` (a self-contained page) or ``"md"``.

    ``findings`` (e.g. ``gkreport.validate(report).findings``) are marked on the
    cells they are about and listed, numbered, below; ``lang`` picks the Chinese
    or English message and the page's own words.
    """
    if to not in _RENDERERS:
        msg = f"cannot render to {to!r}; choose 'html' or 'md'"
        raise ValueError(msg)
    if lang not in PAGE:
        msg = f"unknown language {lang!r}; choose 'zh' or 'en'"
        raise ValueError(msg)
    return _RENDERERS[to](report, _Marks.build(report, findings, lang), lang)


def write(
    report: Report,
    path: str | os.PathLike[str],
    *,
    findings: Iterable[FindingLike] | None = None,
    lang: Lang = "zh",
) -> None:
    """Write the report as ``.html`` or ``.md`` by extension; `gkreport.dump` calls this."""
    path = Path(path)
    targets: dict[str, Target] = {".html": "html", ".htm": "html", ".md": "md"}
    suffix = path.suffix.lower()
    if suffix not in targets:
        msg = f"{path}: cannot render {suffix or '(no extension)'} files; use .html or .md"
        raise ValueError(msg)
    page = render(report, targets[suffix], findings, lang=lang)
    write_bytes(path, page.encode("utf-8"))  # all at once or not at all: an old page stays
