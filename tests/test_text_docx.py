"""gkreport._readers.docx: Word documents, blank template and filled official tables.

The blank 2021 template of the corpus must read with every value None (and not
as "table missing"); a document written here with python-docx in the official
layout, merged cells and all, must read back the hand-checked seed values.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gkreport
from gkreport._convert import to_dict
from gkreport._errors import ReadError
from gkreport._forms import layout
from gkreport._forms.layout import Row
from gkreport._json import read_json
from gkreport._readers.docx import docx_lines, docx_page
from gkreport._readers.text import read
from gkreport._readers.text.lines import Line
from tests.reference import cell_values

docx = pytest.importorskip("docx", reason="python-docx (gkreport[docx]) is not installed")

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
TEMPLATE = Path(__file__).parents[2] / "shared" / "corpus" / "900-template-2021-govnianbao.docx"
SECTIONS = ("proactive", "applications", "appeals")


def grid(document: Any, rows: int, columns: int) -> list[list[Any]]:
    """A new table's cells, looked up once (python-docx's table.cell() is O(n) a call)."""
    table = document.add_table(rows=rows, cols=columns)
    return [list(row.cells) for row in table.rows]


def put(
    table: list[list[Any]], row: int, column: int, text: object, rows: int = 1, columns: int = 1
) -> None:
    cell = table[row][column]
    if rows > 1 or columns > 1:
        cell = cell.merge(table[row + rows - 1][column + columns - 1])
    cell.text = "" if text is None else str(text)


def get(data: dict[str, Any], *path: str) -> object:
    for part in path:
        data = data[part]
    return data


def write_official(data: dict[str, Any], path: Path) -> None:
    """A .docx with the three tables laid out as in the 2021 form (merged cells)."""
    fmt = layout.get_format(data["format"])
    document = docx.Document()
    document.add_paragraph(data["title"])
    labels = {part.id: part.label for part in layout.PARTS}
    document.add_paragraph(labels["overview"])
    document.add_paragraph(data["text"]["overview"])
    document.add_paragraph(labels["proactive"])
    rows = sum(2 + len(block.rows) for block in fmt.blocks)
    table = grid(document, rows, 4)
    r = 0
    for block in fmt.blocks:
        nodes = [fmt.node(("proactive", row_id)) for row_id in block.rows]
        columns = nodes[0].cells
        wide = 4 - len(columns)
        put(table, r, 0, block.caption, columns=4)
        put(table, r + 1, 0, layout.CONTENT_HEADER)
        for i, cell in enumerate(columns):
            put(table, r + 1, 1 + i, cell.label, columns=wide if len(columns) == 1 else 1)
        for offset, node in enumerate(nodes, start=2):
            put(table, r + offset, 0, node.label)
            for i, cell in enumerate(columns):
                value = get(data, "proactive", node.id, cell.id)
                put(table, r + offset, 1 + i, value, columns=wide if len(columns) == 1 else 1)
        r += 2 + len(nodes)

    document.add_paragraph(labels["applications"])
    leaves = [(path, row) for path, row, _ in fmt.rows(fmt.applications)]
    table = grid(document, 3 + len(leaves), 10)
    put(table, 0, 0, layout.COLUMN_NOTE, rows=3, columns=3)
    put(table, 0, 3, layout.APPLICANTS_HEADER, columns=7)
    put(table, 1, 3, layout.APPLICANT_COLUMNS[0].label, rows=2)
    put(table, 1, 4, layout.LEGAL_PERSONS_HEADER, columns=5)
    put(table, 1, 9, layout.APPLICANT_COLUMNS[6].label, rows=2)
    for i, cell in enumerate(layout.APPLICANT_COLUMNS[1:6]):
        put(table, 2, 4 + i, cell.label)
    results = [i for i, (ids, _) in enumerate(leaves) if ids[1] == "results"]
    put(table, 3 + results[0], 0, layout.RESULTS_LABEL, rows=len(results))
    for i, (ids, row) in enumerate(leaves):
        line = 3 + i
        if ids[1] != "results":
            put(table, line, 0, row.label, columns=3)
        elif len(ids) == 3:
            put(table, line, 1, row.label, columns=2)
        else:
            group = fmt.node(ids[:3])
            if ids[3] == group.children[0].id:
                put(table, line, 1, group.label, rows=len(group.children))
            put(table, line, 2, row.label)
        for j, cell in enumerate(layout.APPLICANT_COLUMNS):
            put(table, line, 3 + j, get(data, *ids, cell.id))

    document.add_paragraph(labels["appeals"])
    table = grid(document, 4, 15)
    put(table, 0, 0, layout.REVIEW_HEADER, columns=5)
    put(table, 0, 5, layout.LITIGATION_HEADER, columns=10)
    blocks = fmt.appeals.children
    for i, cell in enumerate(layout.APPEAL_COLUMNS):
        put(table, 1, i, cell.label, rows=2)
        put(table, 2, 5 + i, cell.label)
        put(table, 2, 10 + i, cell.label)
    put(table, 1, 5, blocks[1].label, columns=5)
    put(table, 1, 10, blocks[2].label, columns=5)
    for b, block in enumerate(blocks):
        assert isinstance(block, Row)
        for i, cell in enumerate(layout.APPEAL_COLUMNS):
            put(table, 3, 5 * b + i, get(data, "appeals", block.id, cell.id))
    for part in ("problems", "other_matters"):
        document.add_paragraph(labels[part])
        document.add_paragraph(data["text"][part])
    document.save(str(path))


@pytest.mark.parametrize("stem", ["002_ce68d56cc731e239", "003_e60c3c3fc476d400"])
def test_filled_word_tables_read_back_every_cell(tmp_path, stem):
    expected = read_json(SEEDS / f"{stem}.expected.json")
    path = tmp_path / "report.docx"
    write_official(expected, path)
    report = gkreport.load(path)
    got = to_dict(report)
    assert {s: got[s] for s in SECTIONS} == {s: expected[s] for s in SECTIONS}
    assert report.title == expected["title"]
    assert report.text.problems.startswith(expected["text"]["problems"][:20])
    assert report.sources["/applications/new/total"] == "table 2 row 4 column 10"


@pytest.mark.skipif(not TEMPLATE.is_file(), reason="../shared/corpus is not present")
def test_blank_template_reads_with_every_value_none():
    report = read(TEMPLATE)
    assert report.format == "2021"
    assert set(cell_values(to_dict(report)).values()) == {None}
    assert not [n for n in report.notes if n.message.startswith("table missing")]
    assert report.sources["/appeals/review/upheld"] == "table 3 row 4 column 1"
    assert report.text.overview == "（文字描述）"


@pytest.mark.skipif(not TEMPLATE.is_file(), reason="../shared/corpus is not present")
def test_merged_cells_are_read_once():
    lines = [line.text for line in docx_lines(TEMPLATE)]
    assert "第二十条第（一）项" in lines  # spans four columns, read once
    assert any(line.startswith("（三）不予公开\t1.属于国家秘密") for line in lines)


def test_a_file_that_is_not_word_is_a_read_error(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ReadError, match=r"fake\.docx.*not a readable Word document"):
        read(path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml.replace(b"<w:body>", b"<w:body><w:p w:rsidR>"),  # not XML
        lambda xml: xml[: len(xml) // 2],  # cut short
    ],
    ids=["bad-attribute", "truncated"],
)
def test_a_damaged_document_part_is_a_read_error(tmp_path, damage):
    """A damaged word/document.xml fails inside lxml; that is the file's error (issue 12)."""
    docx = pytest.importorskip("docx")
    good = tmp_path / "good.docx"
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.save(str(good))
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, damage(body) if info.filename == "word/document.xml" else body)
    with pytest.raises(ReadError, match=r"bad\.docx.*not a readable Word document"):
        read(bad)


Spec = tuple[str | None, int | None, str]  # a <w:tc>: its vMerge, its gridSpan, its text


def write_table(rows: list[tuple[int | None, list[Spec]]], path: Path) -> None:
    """A .docx of one table, written cell by cell (gridBefore, vMerge, gridSpan as given)."""
    from docx.text.paragraph import Paragraph  # noqa: PLC0415 - python-docx is optional

    document = docx.Document()
    table = document.add_table(rows=0, cols=3)
    for before, cells in rows:
        tr = table._tbl._add_tr()
        if before is not None:
            tr.get_or_add_trPr().get_or_add_gridBefore().val = before
        for merge, span, text in cells:
            tc = tr._add_tc()
            Paragraph(tc.p_lst[0] if tc.p_lst else tc._add_p(), table).add_run(text)
            if merge is not None:
                tc.get_or_add_tcPr().vMerge_val = merge
            if span is not None:
                tc.get_or_add_tcPr().grid_span = span
    document.save(str(path))


def python_docx_lines(path: Path) -> list[Line]:
    """The rows of a one-table document as python-docx's ``row.cells`` gives them.

    Each grid cell in turn, a merged one read where it first stands: what the
    reader gives without going through ``row.cells`` (slow on long merges).
    """
    table = docx.Document(str(path)).tables[0]
    lines = []
    seen: dict[int, object] = {}
    for number, row in enumerate(table.rows, start=1):
        cells, where = [], []
        for column, cell in enumerate(row.cells, start=1):
            if id(cell._tc) not in seen:
                seen[id(cell._tc)] = cell._tc
                cells.append(" ".join(cell.text.split("\n")).replace("\t", " "))
                where.append(f"table 1 row {number} column {column}")
        if cells:
            lines.append(Line("\t".join(cells), f"table 1 row {number}", tuple(where)))
    return lines


_MERGES = st.sampled_from([None, None, "restart", "continue", "continue"])
_SPANS = st.sampled_from([None, None, None, None, 1, 2, 0])
_TEXTS = st.sampled_from(["", "a", "b\tc"])
_ROWS = st.tuples(
    st.sampled_from([None, None, None, 1]), st.lists(st.tuples(_MERGES, _SPANS, _TEXTS), max_size=4)
)
_FIRST_ROWS = st.tuples(  # a continuation in the first row is an error: seldom
    st.none(), st.lists(st.tuples(st.sampled_from([None, "restart"]), _SPANS, _TEXTS), max_size=4)
)
_TABLES = st.tuples(_FIRST_ROWS, st.lists(_ROWS, max_size=5)).map(lambda t: [t[0], *t[1]])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TABLES)
def test_merged_and_spanned_cells_read_as_python_docx_gives_them(tmp_path, rows):
    """Rows, columns and merges as ``row.cells`` has them; the same error where it has one."""
    path = tmp_path / "table.docx"
    write_table(rows, path)
    try:
        expected = python_docx_lines(path)
    except ValueError as exc:  # a continuation with no cell above it
        with pytest.raises(ReadError, match=re.escape(str(exc))):
            docx_page(path)
    else:
        assert docx_page(path).lines == expected


def test_a_column_merged_down_a_long_table_is_read_once(tmp_path):
    """A merge down 2,000 rows: python-docx's ``row.cells`` would recurse past Python's limit."""
    rows = 2000
    path = tmp_path / "long.docx"
    write_table(
        [(None, [(None, None, f"附表{i}"), ("continue" if i else "restart", None, "备注")])
         for i in range(rows)],
        path,
    )  # fmt: skip
    lines = docx_page(path).lines
    assert len(lines) == rows
    assert lines[0] == Line("附表0\t备注", "table 1 row 1", ("table 1 row 1 column 1",
                                                        "table 1 row 1 column 2"))  # fmt: skip
    assert lines[-1] == Line(f"附表{rows - 1}", f"table 1 row {rows}",
                             (f"table 1 row {rows} column 1",))  # fmt: skip
