"""gkreport._export: the rows as CSV, JSON Lines, xlsx and Parquet, exact and atomic."""

import csv
import datetime
import io
from decimal import Decimal

import attrs
import openpyxl
import pytest
import simplejson

import gkreport
from gkreport._dataset import columns, header, row, rows
from gkreport._export import WRITERS, write
from tests.office import convert
from tests.reference import EXAMPLES, GUANDU

QINGZHEN = EXAMPLES / "qingzhen-2020.json"
AMOUNT = "proactive.fees.amount"


@pytest.fixture(scope="module")
def table():
    """Both formats, an exact amount, a date, a formula-like agency name, an unreadable file."""
    guandu = gkreport.load(GUANDU)  # fee 834.6435 万元
    hostile = attrs.evolve(
        guandu, agency='=HYPERLINK("http://x")', published_on=datetime.date(2025, 1, 20)
    )
    qingzhen = gkreport.load(QINGZHEN)
    return rows(
        [
            ("guandu.json", guandu, gkreport.validate(guandu).to_dict(), None),
            ("hostile.json", hostile, None, None),
            ("qingzhen.json", qingzhen, gkreport.validate(qingzhen).to_dict(), None),
            ("bad.html", None, None, "bad.html: not an annual report"),
        ]
    )


def test_csv_keeps_every_value_exactly(tmp_path, table):
    path = tmp_path / "t.csv"
    write(table, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    read = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(read[0]) == header()
    assert read[0][AMOUNT] == "834.6435"
    assert read[0]["indicators.disclosure_rate"] == str(table[0]["indicators.disclosure_rate"])
    assert read[0]["applications.new.total"] == "357"
    assert read[2][AMOUNT] == ""  # the other format has no such cell
    assert read[3]["status"] == "unreadable"
    assert read[3]["error"] == "bad.html: not an annual report"
    assert read[1]["published_on"] == "2025-01-20"


def test_csv_text_never_starts_a_formula(tmp_path, table):
    path = tmp_path / "t.csv"
    write(table, path)
    read = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert read[1]["agency"] == '\'=HYPERLINK("http://x")'


def test_csv_with_chinese_labels(tmp_path, table):
    path = tmp_path / "t.csv"
    write(table, path, "zh")
    first = next(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert first == header("zh")
    assert "公开率" in first


def test_jsonl_keeps_decimals_exact(tmp_path, table):
    path = tmp_path / "t.jsonl"
    write(table, path)
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == len(table)
    records = [simplejson.loads(line, use_decimal=True) for line in lines]
    assert list(records[0]) == header()
    assert records[0][AMOUNT] == Decimal("834.6435")
    rate = records[0]["indicators.completion_rate"]
    assert rate == table[0]["indicators.completion_rate"]
    assert records[1]["published_on"] == "2025-01-20"
    assert records[3]["status"] == "unreadable"
    assert records[3]["year"] is None


def test_xlsx_holds_numbers_dates_and_text(tmp_path, table):
    path = tmp_path / "t.xlsx"
    write(table, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["reports", "columns"]
    sheet = book["reports"]
    head = [cell.value for cell in sheet[1]]
    assert head == header()
    values = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=2)]
    index = head.index
    assert values[0][index(AMOUNT)] == pytest.approx(834.6435)
    assert Decimal(repr(values[0][index(AMOUNT)])) == Decimal("834.6435")
    rate = values[0][index("indicators.disclosure_rate")]
    assert Decimal(repr(rate)) == table[0]["indicators.disclosure_rate"]  # exact
    assert values[0][index("applications.new.total")] == 357
    assert values[1][index("agency")] == '=HYPERLINK("http://x")'
    assert sheet.cell(3, index("agency") + 1).data_type == "s"  # text, not a formula
    assert values[1][index("published_on")] == datetime.datetime(2025, 1, 20)
    assert values[3][index("status")] == "unreadable"
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(head)).column_letter}{len(table) + 1}"
    described = [line[0].value for line in book["columns"].iter_rows(min_row=2)]
    assert described == [c.id for c in columns()]


def test_parquet_types(tmp_path, table):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "t.parquet"
    write(table, path)
    read = pq.read_table(path)
    assert read.column_names == header()
    schema = {field.name: str(field.type) for field in read.schema}
    assert schema["applications.new.total"] == "int64"
    assert schema[AMOUNT].startswith("decimal128(38, 4)")
    assert schema["indicators.disclosure_rate"] == "double"
    assert schema["published_on"] == "date32[day]"
    data = read.to_pylist()
    assert data[0][AMOUNT] == Decimal("834.6435")
    assert data[2][AMOUNT] is None
    assert (
        Decimal(repr(data[0]["indicators.disclosure_rate"]))
        == table[0]["indicators.disclosure_rate"]
    )


def test_an_unknown_extension_is_refused(tmp_path, table):
    with pytest.raises(ValueError, match=r"cannot export to \.txt"):
        write(table, tmp_path / "t.txt")
    assert set(WRITERS) == {".csv", ".jsonl", ".xlsx", ".parquet"}


def test_a_failed_write_leaves_the_old_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("last week's table", "utf-8")
    broken = [row("x.json", error="e"), {"file": "missing every other column"}]
    with pytest.raises(KeyError):
        write(broken, path)
    assert path.read_text("utf-8") == "last week's table"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary left


@pytest.mark.slow
def test_libreoffice_opens_the_xlsx_with_its_values(tmp_path, table):
    path = tmp_path / "t.xlsx"
    write(table, path, "zh")
    [made] = convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "out")
    read = list(csv.reader(io.StringIO(made.read_text("utf-8"))))
    assert read[0] == header("zh")
    zh = header("zh")
    assert read[1][zh.index("一、本年新收政府信息公开申请数量 × 总计")] == "357"
    assert read[1][zh.index(next(c.zh for c in columns() if c.id == AMOUNT))] == "834.6435"
    assert read[2][zh.index("机关名称")] == '=HYPERLINK("http://x")'  # shown, not evaluated
    assert read[4][zh.index("读取状态")] == "unreadable"
