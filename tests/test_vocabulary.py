"""gkreport._vocabulary: one list of marks and units, one number syntax, one label key.

The module's functions are pinned with examples and hypothesis; then the same
printed cells ("12宗", "12人次", "1.5万元" …) are read from an HTML table, a
Markdown table, plain text and a workbook, which must all give the same values;
and a scan of the package shows no second list of units or marks anywhere.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gkreport
from gkreport import _vocabulary as vocabulary
from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._readers.text.normalize import CellKind, read_cell
from gkreport._validation.narrative import APPEALS, RECEIVED, statements
from gkreport._vocabulary import (
    CASE_UNITS,
    COUNT_UNITS,
    MARKS,
    MONEY_UNITS,
    OTHER_UNITS,
    UNITS,
    form_problem,
    is_mark,
    label_key,
    parse_value,
    to_decimal,
    to_int,
    to_simplified,
    units_for,
)
from tests.reference import EXAMPLES, SEEDS, cell_values

PACKAGE = Path(gkreport.__file__).resolve().parent
COUNT_KINDS = (Kind.COUNT, Kind.SIGNED)

# --- units and marks ------------------------------------------------------------------


def test_the_issue_units_are_all_listed():
    assert set("件个项次宗起条") | {"人次", "件次"} <= set(COUNT_UNITS)
    assert MONEY_UNITS == ("万元",)
    assert len(set(UNITS)) == len(UNITS)
    assert set(CASE_UNITS) <= set(COUNT_UNITS)


@pytest.mark.parametrize("kind", COUNT_KINDS)
@pytest.mark.parametrize("unit", COUNT_UNITS)
def test_a_count_with_its_unit_is_the_bare_count(unit: str, kind: Kind):
    assert parse_value(f"12{unit}", kind) == vocabulary.Parsed(12)
    reading = read_cell(f"12{unit}")
    assert (reading.kind, reading.number, reading.remark) == (CellKind.NUMBER, "12", unit)
    assert reading.remark in units_for(kind)


def test_an_amount_in_wan_yuan_is_the_bare_amount():
    assert parse_value("1.5万元", Kind.MONEY) == vocabulary.Parsed(Decimal("1.5"))
    assert read_cell("1.5万元").remark in units_for(Kind.MONEY)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("12万元", Kind.COUNT), ("12件", Kind.MONEY), ("800元", Kind.MONEY), ("12%", Kind.COUNT)],
)
def test_a_unit_foreign_to_the_column_keeps_the_raw_text(raw: str, kind: Kind):
    parsed = parse_value(raw, kind)
    assert parsed.value == 12 or parsed.value == 800
    assert parsed.note == "text beside the number"
    assert read_cell(raw).kind is CellKind.NUMBER
    assert read_cell(raw).remark not in units_for(kind)


@pytest.mark.parametrize("unit", OTHER_UNITS)
def test_other_units_end_a_number(unit: str):
    assert read_cell(f"3{unit}").number == "3"


@pytest.mark.parametrize("mark", sorted(MARKS))
def test_every_mark_reads_as_a_mark_everywhere(mark: str):
    assert is_mark(f" {mark.upper()} ")
    assert parse_value(mark, Kind.COUNT) == vocabulary.Parsed(None, "a mark, not a number")
    assert read_cell(mark).kind is CellKind.MARK


def test_run_marks_are_marks():
    assert set(vocabulary.RUN_MARKS) <= MARKS


# --- numbers --------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(("", *COUNT_UNITS)))
def test_counts_read_alike_in_every_spelling(number: int, unit: str):
    for printed in (f"{number}", f"{number:,}", f"{number:,}".translate(_FULL_WIDTH)):
        raw = printed + unit
        assert parse_value(raw, Kind.COUNT) == vocabulary.Parsed(number)
        reading = read_cell(raw)
        assert reading.kind is CellKind.NUMBER
        assert to_int(reading.number or "") == number
        assert reading.integer == (None if unit else number)


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False))
def test_amounts_are_exact(amount: Decimal):
    printed = f"{amount:f}"
    assert parse_value(printed + "万元", Kind.MONEY).value == amount
    assert to_decimal(read_cell(printed).number or "") == amount


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(0, 99))
def test_to_int_refuses_only_a_real_fraction(whole: int, fraction: int):
    assert to_int(f"{whole}") == whole
    assert to_int(f"{whole}.00") == whole
    assert to_int(f"{whole}.{fraction:02d}") == (whole if fraction == 0 else None)


@pytest.mark.parametrize(
    ("raw", "kind", "note"),
    [
        ("1e3", Kind.COUNT, "a number in exponent notation, not as the form prints it"),
        ("1E+03件", Kind.COUNT, "a number in exponent notation, not as the form prints it"),
        ("1.5e3", Kind.MONEY, "a number in exponent notation, not as the form prints it"),
        ("12.0", Kind.COUNT, "a whole number printed with decimals, not as the form prints it"),
        ("1,234.00", Kind.COUNT, "a whole number printed with decimals, not as the form prints it"),
        ("-8.0", Kind.SIGNED, "a whole number printed with decimals, not as the form prints it"),
        ("1.5", Kind.COUNT, "not a whole number"),
        ("7" * 5000, Kind.COUNT, "a number of more than 100 digits"),
        ("0." + "1" * 200, Kind.MONEY, "a number of more than 100 digits"),
        (1e300, Kind.COUNT, "a number of more than 100 digits"),
        (10**200, Kind.SIGNED, "a number of more than 100 digits"),
    ],
)
def test_text_that_is_no_number_of_the_form_is_a_note_never_a_number(raw, kind, note):
    """Issue 12: "1e3" is neither 1000 nor 1; "12.0" is not the count 12."""
    assert parse_value(raw, kind) == vocabulary.Parsed(None, note)


def test_a_spreadsheet_number_cell_holding_a_whole_float_is_the_count():
    assert parse_value(12.0, Kind.COUNT) == vocabulary.Parsed(12)
    assert parse_value(-8.0, Kind.SIGNED) == vocabulary.Parsed(-8)
    assert parse_value("12.0", Kind.MONEY) == vocabulary.Parsed(Decimal("12.0"))


@pytest.mark.parametrize(
    ("number", "kind", "fits"),
    [
        ("12", Kind.COUNT, True),
        ("1.5", Kind.COUNT, True),  # no whole number at all: the reader says so
        ("12.50", Kind.MONEY, True),
        ("12.0", Kind.MONEY, True),
        ("12.0", Kind.COUNT, False),
        ("1e3", Kind.MONEY, False),
        ("1" * 101, Kind.COUNT, False),
        ("1" * 100, Kind.COUNT, True),
    ],
)
def test_form_problem(number, kind, fits):
    assert (form_problem(number, kind) is None) is fits


@pytest.mark.parametrize("number", ["1e3", "1E+3", "7" * 5000, "-" + "7" * 101])
def test_to_int_and_to_decimal_refuse_exponents_and_endless_digits(number):
    assert to_int(number) is None
    assert to_decimal(number) is None


def test_a_printed_exponent_is_a_number_cell_without_a_count():
    reading = read_cell("1e3")
    assert (reading.kind, reading.number, reading.integer) == (CellKind.NUMBER, "1e3", None)
    assert read_cell("12.0").integer is None
    assert read_cell("7" * 5000).integer is None


# --- labels ---------------------------------------------------------------------------


@given(st.text(alphabet="不予公开（）()【】[]〔〕、，：:“”‘’ \n\t数量一二三1.", max_size=30))
def test_label_key_is_idempotent_and_ignores_whitespace(text: str):
    key = label_key(text)
    assert label_key(key) == key or key.endswith("数量")
    assert label_key(" ".join(text)) == key
    assert not re.search(r"\s", key)


def test_label_key_folds_brackets_and_the_count_suffix():
    assert label_key("【三】 不予公开数量") == label_key("(三)不予公开")
    assert vocabulary.without_count_suffix("收费数量") == "收费"
    assert vocabulary.without_count_suffix("数量") == "数量"
    assert vocabulary.strip_ordinal(label_key("（三）属于国家秘密")) == "属于国家秘密"


# --- traditional characters -----------------------------------------------------------


@pytest.fixture(scope="module")
def opencc_t2s() -> Any:
    import opencc  # noqa: PLC0415 - the reference conversion

    return opencc.OpenCC("t2s")


def _gb2312() -> str:
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def test_the_gb2312_characters_opencc_changes_are_listed(opencc_t2s: Any):
    changed = {char for char in _gb2312() if opencc_t2s.convert(char) != char}
    assert changed == set(vocabulary.T2S_IN_GB2312)


_PIECES = [
    "收到和處理政府信息公開申請",
    "行政復議",
    "不予處理",
    "於",
    "乾",
    "后",
    "a",
    "1",
    "，",
    "😀",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_to_simplified_is_opencc(text: str):
    import opencc  # noqa: PLC0415

    assert to_simplified(text) == opencc.OpenCC("t2s").convert(text)


def test_to_simplified_is_opencc_on_every_published_line(opencc_t2s: Any):
    """The seeds are web pages in traditional characters; the examples are simplified."""
    lines = [
        line
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
    ]
    for path in sorted(EXAMPLES.glob("*.json")):
        text = gkreport.to_dict(gkreport.load(path))["text"]
        lines += [line for part in text.values() if part for line in part.splitlines()]
    assert len(lines) > 100
    assert [to_simplified(line) for line in lines] == [opencc_t2s.convert(line) for line in lines]


def test_simplified_text_does_not_load_opencc():
    code = (
        "import sys; from gkreport._vocabulary import to_simplified; "
        "to_simplified('收到政府信息公开申请12宗，均已答复。'); "
        "print('opencc' in sys.modules); to_simplified('處理'); print('opencc' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]


# --- sentences ------------------------------------------------------------------------


@pytest.mark.parametrize("unit", CASE_UNITS)
def test_the_sentence_checks_read_case_units(unit: str):
    found = statements({"overview": f"本年度收到政府信息公开申请12{unit}。"}, 2024)
    assert [(s.topic, s.number) for s in found] == [(RECEIVED, 12)]
    found = statements({"overview": f"本年度发生行政复议3{unit}。"}, 2024)
    assert [(s.topic, s.number) for s in found] == [(APPEALS, 3)]


@pytest.mark.parametrize("unit", sorted(set(COUNT_UNITS) - set(CASE_UNITS)))
def test_the_sentence_checks_do_not_take_other_counts_for_applications(unit: str):
    assert statements({"overview": f"本年度收到政府信息公开申请12{unit}。"}, 2024) == []


# --- the same cells from every source -------------------------------------------------

#: One printed cell per unit, each in its own count cell; and one amount.
PRINTED = [f"12{unit}" for unit in COUNT_UNITS]
SENTINEL = 900  # a count never printed elsewhere in the example: 900, 901 …
MONEY_SENTINEL = "876.54"


@pytest.fixture(scope="module")
def example() -> tuple[dict[str, Any], dict[str, str]]:
    """The 2023 example with sentinel values in some count cells and the fee amount.

    Returns the interchange dict and, by JSON pointer, the text that replaces each
    sentinel in the printed page.
    """
    data = gkreport.to_dict(gkreport.load(EXAMPLES / "qianxinan-2023.json"))
    fmt = layout.get_format(data["format"])
    counts = [
        leaf
        for leaf in fmt.leaves()
        if leaf.cell.kind is Kind.COUNT and "/applications/" in leaf.pointer
    ]
    printed: dict[str, str] = {}
    for number, (leaf, text) in enumerate(zip(counts, PRINTED, strict=False)):
        _set(data, leaf.path, SENTINEL + number)
        printed[leaf.pointer] = text
    money = next(leaf for leaf in fmt.leaves() if leaf.cell.kind is Kind.MONEY)
    _set(data, money.path, Decimal(MONEY_SENTINEL))
    printed[money.pointer] = "1.5万元"
    return data, printed


def _set(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _sentinels(printed: dict[str, str]) -> dict[str, str]:
    return {
        (MONEY_SENTINEL if text.endswith("万元") else str(SENTINEL + number)): text
        for number, text in enumerate(printed.values())
    }


def _replace_once(page: str, sentinel: str, text: str, *, delimited: str) -> str:
    pattern = re.compile(rf"(?<=[{delimited}])\s*{re.escape(sentinel)}\s*(?=[{delimited}])")
    assert len(pattern.findall(page)) == 1, sentinel
    return pattern.sub(text, page)


def _assert_read_alike(path: Path, printed: dict[str, str]) -> None:
    report = gkreport.load(path)
    values = cell_values(gkreport.to_dict(report))
    expected = {
        pointer: Decimal("1.5") if text.endswith("万元") else 12
        for pointer, text in printed.items()
    }
    assert {pointer: values[pointer] for pointer in printed} == expected
    noted = {note.path for note in report.notes}
    assert not noted & set(printed)


def _page(example: tuple[dict[str, Any], dict[str, str]], to: str, delimited: str) -> str:
    data, printed = example
    page = gkreport.render.render(gkreport.from_dict(data), to)
    for sentinel, text in _sentinels(printed).items():
        page = _replace_once(page, sentinel, text, delimited=delimited)
    return page


def test_units_read_alike_from_an_html_table(example, tmp_path: Path):
    path = tmp_path / "report.html"
    path.write_text(_page(example, "html", "<>"), "utf-8")
    _assert_read_alike(path, example[1])


def test_units_read_alike_from_a_markdown_table(example, tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(_page(example, "md", "|"), "utf-8")
    _assert_read_alike(path, example[1])


def test_units_read_alike_from_plain_text(example, tmp_path: Path):
    """Tab-separated rows, as a table copied from a web page is pasted."""
    lines = []
    for line in _page(example, "md", "|").splitlines():
        if not line.startswith("|"):
            lines.append(line)
        elif not set(line) <= set("|-: "):  # a row, not the rule under the header
            lines.append("\t".join(cell.strip() for cell in line.strip().strip("|").split("|")))
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), "utf-8")
    _assert_read_alike(path, example[1])


def test_units_read_alike_from_a_workbook(example, tmp_path: Path):
    import openpyxl  # noqa: PLC0415

    data, printed = example
    path = tmp_path / "report.xlsx"
    gkreport.dump(gkreport.from_dict(data), path)
    workbook = openpyxl.load_workbook(path)
    sentinels = {
        (Decimal(key) if "." in key else int(key)): text
        for key, text in _sentinels(printed).items()
    }
    found = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = Decimal(str(cell.value)) if isinstance(cell.value, float) else cell.value
                if not isinstance(value, bool) and value in sentinels:
                    cell.value = sentinels[value]
                    found += 1
    assert found == len(sentinels)
    workbook.save(path)
    _assert_read_alike(path, printed)


def test_a_pdf_value_column_is_found_by_a_number_with_its_unit():
    """PDF tables are cut into label and value columns where the numbers start."""
    from gkreport._readers import pdf  # noqa: PLC0415 - needs no pdfplumber to import

    header = pdf._TableRow(1, ["Item", "Made", "Repealed", "Valid"], 1, 1)
    row = pdf._TableRow(1, ["Rules", "12宗", "", "11"], 1, 2)
    lines = list(pdf._table_lines(pdf._Table(70, 0, 520, [header, row])))
    assert [line.text for line in lines] == ["Item\tMade\tRepealed\tValid", "Rules\t12宗\t\t11"]
    assert not pdf.NUMBER.match("宗教")


# --- one list -------------------------------------------------------------------------


def _literals(node: ast.AST) -> list[str]:
    return [
        element.value
        for element in getattr(node, "elts", [])
        if isinstance(element, ast.Constant) and isinstance(element.value, str)
    ]


def _second_lists(path: Path) -> list[str]:
    """Collections of two or more units or marks, and regexes alternating two units."""
    found = []
    vocabulary_words = set(UNITS) | MARKS
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = [word for word in _literals(node) if word in vocabulary_words]
            if len(words) >= 2:
                found.append(f"{path.name}:{node.lineno}: {words}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            alternated = re.findall(r"(?:^|[|(:])([^|()?:]+)(?=[|)]|$)", node.value)
            units = [word for word in alternated if word in UNITS]
            if len(units) >= 2:
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


def test_no_module_keeps_its_own_list_of_units_or_marks():
    modules = [
        path for path in PACKAGE.rglob("*.py") if path.name not in {"_vocabulary.py", "_tables.py"}
    ]
    assert [hit for path in modules for hit in _second_lists(path)] == []


def test_the_scan_finds_a_second_list(tmp_path: Path):
    module = tmp_path / "copy.py"
    module.write_text('UNITS = ("件", "宗")\nPATTERN = r"(\\d+)(?:件次|件|起)"\n', "utf-8")
    assert len(_second_lists(module)) == 2


def test_radicals_a_browser_printed_pdf_puts_for_ideographs_are_the_ideographs():
    from gkreport._vocabulary import with_ideographs  # noqa: PLC0415

    assert with_ideographs("⼀、总体情况") == "一、总体情况"
    assert with_ideographs("淮安市人⺠政府") == "淮安市人民政府"
    assert with_ideographs("⾏政许可 ⻔户⽹站") == "行政许可 门户网站"
    assert with_ideographs("一、总体情况") == "一、总体情况"


def test_to_simplified_keeps_a_lone_surrogate_and_converts_around_it():
    assert to_simplified("清鎮\ud800市區") == "清镇\ud800市区"
