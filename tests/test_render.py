import datetime
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import gkreport
from gkreport._forms import layout
from gkreport._render import render, write
from gkreport._validation.engine import validate
from tests.reference import EXAMPLES, GUANDU

from .strategies import report_dicts

FINDING_FILL = (0xFF, 0xC7, 0xCE)  # .finding-error background in render.py's CSS


def example(name):
    return gkreport.load(EXAMPLES / name)


def with_value(report, pointer, value):
    data = gkreport.to_dict(report)
    node = data
    *parents, last = pointer.strip("/").split("/")
    for part in parents:
        node = node[part]
    node[last] = value
    return gkreport.from_dict(data)


def parse(page):
    """Strict XML parse: the page must be well-formed, or this raises."""
    return ET.fromstring(page.split("\n", 1)[1])  # drop <!DOCTYPE html>


def table(root, section):
    tables = [t for t in root.iter("table") if section in t.get("class", "").split()]
    assert len(tables) == 1
    return tables[0]


def grid_width(tbl):
    """Lay the table out as a browser does (rowspan/colspan) and return its column count.

    Fails if the rows do not fill a rectangle: a wrong span shows up here.
    """
    taken = {}
    widths = []
    for y, tr in enumerate(tbl.iter("tr")):
        x = 0
        for cell in tr:
            while taken.get((y, x)):
                x += 1
            rows, cols = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for dy in range(rows):
                for dx in range(cols):
                    assert not taken.get((y + dy, x + dx)), f"overlap at row {y}"
                    taken[(y + dy, x + dx)] = True
            x += cols
        widths.append(max([x] + [c + 1 for (r, c) in taken if r == y]))
    assert len(set(widths)) == 1, widths
    return widths[0]


def value_cells(root):
    return {td.get("data-pointer"): td for td in root.iter("td") if td.get("data-pointer")}


@pytest.mark.parametrize(("name", "results_rows"), [(GUANDU, 22), ("qingzhen-2020.json", 20)])
def test_html_has_the_official_spans_and_every_cell_once(name, results_rows):
    report = example(name)
    root = parse(render(report))
    applications = table(root, "applications")
    assert grid_width(applications) == 3 + 7
    spans = {th.text: th.get("rowspan") for th in applications.iter("th")}
    assert spans[layout.RESULTS_LABEL] == str(results_rows)
    assert spans[layout.COLUMN_NOTE] == "3"
    assert grid_width(table(root, "appeals")) == 15
    assert grid_width(table(root, "proactive")) == 4
    fmt = layout.FORMATS[report.format]
    cells = value_cells(root)
    assert sorted(cells) == sorted(leaf.pointer for leaf in fmt.leaves())


def test_every_official_label_is_printed():
    report = example("qingzhen-2020.json")
    page = render(report)
    fmt = layout.FORMATS["2019"]
    for _, row, _ in (r for section in fmt.sections for r in fmt.rows(section)):
        assert f">{row.label}<" in page
    for block in fmt.blocks:
        assert f">{block.caption}<" in page
    for part in layout.PARTS:
        assert f">{part.label}<" in page


def test_values_are_shown_exactly_and_blank_stays_blank():
    report = example(GUANDU)
    report = with_value(report, "/proactive/fees/amount", Decimal("1E+3"))
    report = with_value(report, "/applications/new/research", None)
    cells = value_cells(parse(render(report)))
    assert cells["/proactive/fees/amount"].text == "1000"
    assert cells["/applications/new/research"].text is None
    assert cells["/applications/new/total"].text == str(report.applications.new.total)
    exact = value_cells(parse(render(example(GUANDU))))
    assert exact["/proactive/fees/amount"].text == "834.6435"


def test_text_is_escaped_and_the_page_stays_well_formed():
    hostile = "<script>alert('x')</script> & \x01 | *bold* [link](javascript:x)"
    report = attrs.evolve(
        example(GUANDU),
        agency=hostile,
        title=None,
        text=attrs.evolve(example(GUANDU).text, overview=hostile),
    )
    page = render(report)
    root = parse(page)
    assert "<script>" not in page
    assert not list(root.iter("script"))
    assert hostile.replace("\x01", "\ufffd") in root.find(".//h1").text
    markdown = render(report, "md")
    assert "<script>" not in markdown
    assert r"\*bold\*" in markdown
    assert r"\[link\]" in markdown


def test_wrong_total_is_marked_on_its_cell_with_message_and_footnote():
    report = with_value(example(GUANDU), "/applications/new/total", 999)
    result = validate(report)
    assert result.errors
    root = parse(render(report, findings=result.findings))
    cells = value_cells(root)
    notes = {li.get("id"): "".join(li.itertext()) for li in root.iter("li") if li.get("id")}
    marked = [f for f in result.findings if f.path in cells]
    assert marked
    for number, finding in enumerate(result.findings, start=1):
        assert finding.code in notes[f"finding-{number}"]
        assert finding.message in notes[f"finding-{number}"]
    for finding in marked:
        td = cells[finding.path]
        assert "finding" in td.get("class").split()
        assert finding.message in td.get("title")
    total = cells["/applications/new/total"]
    assert "finding-error" in total.get("class").split()
    assert total.text == "999"
    plain = value_cells(parse(render(report)))
    assert plain["/applications/new/total"].get("class") is None


def test_findings_on_the_text_and_metadata_mark_their_heading_and_field():
    report = attrs.evolve(
        example(GUANDU),
        kind="department",
        published_on=datetime.date(2025, 6, 1),  # after 1月31日: late for a department
    )
    findings = validate(report).findings
    root = parse(render(report, findings=findings))
    late = next(n for n, f in enumerate(findings, start=1) if f.path == "/published_on")
    (published,) = [dt for dt in root.iter("dt") if dt.text == "发布日期"]
    assert "finding-warning" in published.get("class")
    assert published.find("sup/a").text == str(late)
    text = [f for f in findings if f.path == "/text/overview" and f.cells]
    assert text
    overview = root.find(".//section[@id='part-overview']/h2")
    assert "finding-error" in overview.get("class")
    cells = value_cells(root)
    for pointer in text[0].cells:
        assert cells[pointer].get("class") == "related"
        assert text[0].message in cells[pointer].get("title")


def test_a_finding_about_several_cells_colours_each_of_them():
    report = example("qianxinan-2023.json")
    for leaf in layout.get_format(report.format).leaves():
        if leaf.pointer.startswith("/applications/") and leaf.pointer.endswith("/total"):
            report = with_value(report, leaf.pointer, None)
    findings = validate(report).findings
    (column,) = [f for f in findings if f.code == "blank"]  # the whole 总计 column, one finding
    assert len(column.paths) > 1
    cells = value_cells(parse(render(report, findings=findings)))
    for pointer in column.paths:
        assert "finding-error" in cells[pointer].get("class")
        assert column.message in cells[pointer].get("title")


def test_a_footnote_shows_only_the_values_there_are():
    report = example("qianxinan-2023.json")
    findings = validate(report).findings  # D5: nothing expected, the text of 六 as actual
    assert findings[0].expected is None
    assert findings[0].actual is not None
    page = render(report, "md", findings)
    assert "应为 ，" not in page
    assert f"实为 {findings[0].actual}" in page
    assert "应为" not in page.split("## ")[-1]


def test_english_messages_on_request():
    report = with_value(example(GUANDU), "/applications/new/total", 999)
    findings = validate(report).findings
    page = render(report, findings=findings, lang="en")
    assert findings[0].message_en in page
    assert 'lang="en"' in page


def md_tables(markdown):
    """Each pipe table as a list of rows of cells (escaped pipes kept inside cells)."""
    tables, current = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line.replace(r"\|", "¦").strip("|").split("|"))
        elif current:
            tables.append(current)
            current = []
    return tables


@pytest.mark.parametrize("name", [GUANDU, "qingzhen-2020.json"])
def test_markdown_has_pipe_tables_for_every_row_and_the_six_parts(name):
    report = example(name)
    markdown = render(report, "md")
    fmt = layout.FORMATS[report.format]
    tables = md_tables(markdown)
    assert len(tables) == len(fmt.blocks) + 2
    for rows in tables:
        assert len({len(row) for row in rows}) == 1
    printed_rows = sum(len(rows) - 2 for rows in tables)
    assert printed_rows == sum(1 for section in fmt.sections for _ in fmt.rows(section))
    applications = tables[len(fmt.blocks)]
    assert applications[-1][-1].strip() == str(report.applications.carried_forward.total)
    for part in layout.PARTS:
        assert f"## {part.label}" in markdown


def test_markdown_footnotes_point_at_the_wrong_cell():
    report = with_value(example(GUANDU), "/applications/new/total", 999)
    findings = validate(report).findings
    markdown = render(report, "md", findings)
    assert "**999**[^" in markdown
    for number, finding in enumerate(findings, start=1):
        assert f"[^{number}]: **{finding.code}**" in markdown


def test_a_note_kind_is_shown_in_the_notes_list_and_marked_in_html():
    unread = gkreport.Note(path="/applications/new", raw="3459 00 12 35", kind="unread")
    plain = gkreport.Note(path="", raw="注：截至12月31日")
    report = attrs.evolve(example(GUANDU), notes=(unread, plain))
    items = [li for li in parse(render(report)).iter("li") if li.get("data-kind") is not None]
    assert [(li.get("data-kind"), li.text) for li in items] == [
        ("unread", "/applications/new：【未读取】3459 00 12 35")
    ]
    lines = render(report, "md", lang="en").splitlines()
    assert "- /applications/new：【not read】3459 00 12 35" in lines
    assert "- ：注：截至12月31日" in lines  # a plain note's line is as before


def test_the_page_marks_itself_and_tells_empty_texts_from_blanks():
    report = attrs.evolve(
        example(GUANDU),
        agency="",
        title=None,
        notes=(gkreport.Note(path="/x", raw="r", source="", message="m\x01"),),
    )
    page = render(report)
    root = parse(page)
    assert root.find(".//meta[@name='generator']").get("content") == "gkreport"
    assert '<dd data-pointer="/agency"><!-- empty --></dd>' in page
    assert root.find(".//dd[@data-pointer='/title']") is None  # None: not printed at all
    (note,) = root.find(".//ul[@class='notes']")
    assert note.text == "/x：r"
    source, message = list(note)
    assert (source.get("class"), source.text) == ("note-source", None)  # "" (the mark)
    assert (message.get("class"), message.text) == ("note-message", "m")
    assert message[0].get("data-char") == "0001"  # a character XML cannot hold, kept
    markdown = render(report, "md").splitlines()
    assert markdown[1] == "<!-- generator: gkreport -->"
    assert "- **机关名称**：<!-- empty -->" in markdown
    assert "- /x：r | 来源： | 说明：m&#x1;" in markdown


def test_write_and_dump_choose_the_form_by_extension(tmp_path):
    report = example("qingzhen-2020.json")
    gkreport.dump(report, tmp_path / "r.html")
    gkreport.dump(report, tmp_path / "r.md")
    assert (tmp_path / "r.html").read_text("utf-8") == render(report)
    assert (tmp_path / "r.md").read_text("utf-8") == render(report, "md")
    with pytest.raises(ValueError, match=r"\.pdf"):
        write(report, tmp_path / "r.pdf")
    with pytest.raises(ValueError, match="'docx'"):
        render(report, "docx")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_dicts())
def test_any_report_renders_to_well_formed_html_and_rectangular_markdown(data):
    report = gkreport.from_dict(data)
    root = parse(render(report))
    assert grid_width(table(root, "applications")) == 10
    for rows in md_tables(render(report, "md")):
        assert len({len(row) for row in rows}) == 1


# --- a real browser ------------------------------------------------------------------------


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA non-interlaced PNG."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8
    assert colour in (2, 6)
    assert interlace == 0
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (
                    line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 0xFF
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, step)])
        previous = line
    return width, height, rows


class TdCollector(HTMLParser):
    """The attributes of every value cell in a page as the browser serialised it."""

    def __init__(self):
        super().__init__()
        self.cells = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "td" and "data-pointer" in attributes:
            self.cells[attributes["data-pointer"]] = attributes

    @classmethod
    def collect(cls, page):
        parser = cls()
        parser.feed(page)
        return parser.cells


def chromium(*args, profile):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="Chromium is not installed (Debian: apt-get install chromium)",
)
def test_chromium_shows_the_highlighted_cell(tmp_path):
    report = with_value(example(GUANDU), "/applications/new/total", 999)
    report = attrs.evolve(report, text=type(report.text)())  # tables only: a short page
    findings = validate(report).findings
    marked, plain = tmp_path / "marked.html", tmp_path / "plain.html"
    write(report, marked, findings=findings)
    write(report, plain)

    profile = tmp_path / "profile"
    dom = chromium("--dump-dom", marked.as_uri(), profile=profile).stdout
    cells = TdCollector.collect(dom)
    assert "finding-error" in cells["/applications/new/total"]["class"].split()
    assert findings[0].message in "".join(c.get("title", "") for c in cells.values())

    counts = {}
    for name, page in (("marked", marked), ("plain", plain)):
        shot = tmp_path / f"{name}.png"
        chromium(f"--screenshot={shot}", "--window-size=900,1000", page.as_uri(), profile=profile)
        _, _, rows = png_pixels(shot)
        counts[name] = sum(row.count(FINDING_FILL) for row in rows)
    assert counts["plain"] == 0
    assert counts["marked"] > 200

    pdf = tmp_path / "marked.pdf"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", marked.as_uri(), profile=profile)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes
    for width, height in boxes:  # A4: 210 x 297 mm = 595.3 x 841.9 points
        assert float(width) == pytest.approx(595.3, abs=1.5)
        assert float(height) == pytest.approx(841.9, abs=1.5)
