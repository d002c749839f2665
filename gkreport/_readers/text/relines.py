"""Put back the line breaks a page lost: part headings, table rows, run-together cells.

A crawler's ``page.txt`` holds the whole report on one line: title and site chrome,
then every paragraph and every table cell joined by single spaces or by nothing
(``…（七）总计20 0 00 0 121 四、结转下年度继续办理…``, ``规范性文件898989``). The
parser reads lines, so `reline` cuts such lines where the printed page had breaks:

* before and after a part heading, wherever it stands (after a sentence, after
  page chrome, with any numeral), so that `parts.PageOutline` finds it;
* inside the tables (parts 二–四), before each row label of the form that is
  followed by values, and after those values where text resumes, so that each
  piece is "label values" as a PDF row prints it.

Every anchor comes from the forms (`layout.PARTS` titles, the row labels of every
registered format), never from a list written here. Cells joined by spaces or by
nothing stay together on their row's piece, so the run-together recovery
(`recover`) cuts them or leaves them blank with a note; nothing is guessed here.

A line that already reads as the page printed it is returned unchanged: a row
with one label, a heading alone on its line, prose that mentions a row label
beside a counted number ("规范性文件2件").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence

import attrs

from gkreport._forms import layout, registry
from gkreport._readers.text.cells import is_page_number
from gkreport._readers.text.labels import SECTIONS, label_index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.metadata import read_metadata
from gkreport._readers.text.normalize import _PINYIN, CellKind, label_key, read_cell
from gkreport._readers.text.parts import NUMERALS, PageOutline, heading_of, title_bodies
from gkreport._vocabulary import (
    APPEAL_UNITS,
    MONEY_UNITS,
    OTHER_UNITS,
    RUN_MARKS,
    UNITS,
    to_simplified,
)

__all__ = ["reline"]

_COUNT = "数量"
#: The words every report's title ends with ("…2024年政府信息公开工作年度报告").
_REPORT_TITLE = "政府信息公开工作年度报告"
#: Runs of text between spaces a title may be printed in.
_TITLE_RUNS = 4
#: A run of text between spaces.
_SPACED = re.compile(r"[^\s]+")
#: A numeral followed by the mark of a heading, anywhere in a line: the cheap test.
_NUMERAL_MARK = re.compile(f"[{NUMERALS}]\\s*[、.．,，:：]")
#: Characters that, printed just before a heading's numeral, make it part of a list
#: ("包括总体情况、二、…") rather than a heading.
_LISTED = frozenset("、，,")
#: Words that, printed just after a title, make it part of a list ("一、总体情况等六个部分").
_LISTING = frozenset("等和及与")
#: Brackets and quotes: nothing inside them is a heading or a row (a remark, a quotation).
_OPENING = frozenset("(（【[《“‘「〔")
_CLOSING = frozenset(")）】]》”’」〕")
_SHORT = 120  # characters: a longer line is never a heading alone (as `parts` reads it)
#: The longest bracketed text that counts as one (a remark, a quotation, a column note).
_BRACKETED = 200
#: Consecutive headings with nothing between them: a table of contents, not the parts.
_CONTENTS = 3
_BETWEEN_HEADINGS = frozenset(" \t\u3000\xa0|、，,；;。:：")

_NUMBER = r"[+-]?\d[\d,]*(?:\.\d+)?"
_MARK = "|".join(re.escape(mark) for mark in RUN_MARKS)
#: One value of a table row and the separators before it.
_VALUE = re.compile(rf"[\s|]*(?:(?P<number>{_NUMBER})|(?:{_MARK})(?![\d]))")
#: A page footer a PDF put among the values ("769 - 5 -"): dropped from the row's end.
_FOOTER = re.compile(r"\s*[-—]\s*\d{1,3}\s*[-—]\s*$")
#: Where a line of tab-separated values begins after a space on a tabbed line: the break
#: of a PDF's text lines ("…\t总计 72\t64\t178…") turned into a space by a crawler.
_TABBED_VALUES = re.compile(r"(?<=\S) (?=[-+]?\d[\d,.]*(?:\t[-+]?\d[\d,.]*)+)")
#: Units an amount cell may print after its number ("2290.54万元"), longest first.
_MONEY = tuple(sorted((*MONEY_UNITS, *OTHER_UNITS), key=len, reverse=True))
#: What follows a number in prose, never a table cell: a unit or counter, punctuation.
_PROSE_AFTER = frozenset(unit[0] for unit in (*UNITS, *APPEAL_UNITS)) | frozenset(
    "人家份篇余多年月日天号期批类户名‰，,。、；;：:"
)


def reline(lines: Sequence[Line]) -> list[Line]:
    """The lines with breaks put back at part headings and table rows (see the module).

    Each piece keeps the source of the line it was cut from. A heading is cut out of
    its line only where it then opens its part (`PageOutline`): "六、其他需要报告的事项"
    quoted inside part 六 stays in its sentence. A report's title standing between
    spaces is cut out too, so that the metadata and a second report's title are read
    as on the printed page.
    """
    titles = [_title_spans(line) for line in lines]
    spans = [_apart(_heading_spans(line), found) for line, found in zip(lines, titles, strict=True)]
    kept = _headings_cut(lines, spans, titles) if any(spans) else list(lines)
    tabled = set(PageOutline.of(kept).table_lines)
    relined: list[Line] = []
    for number, piece in enumerate(kept):
        relined.extend(_cut_rows(piece) if number in tabled else [piece])
    return relined


def _headings_cut(
    lines: Sequence[Line],
    spans: Sequence[list[tuple[int, int]]],
    titles: Sequence[list[tuple[int, int]]],
) -> list[Line]:
    """The lines cut at the headings that open their part and at titles (see `reline`)."""
    page = PageOutline.of(
        [
            piece
            for line, found in zip(lines, spans, strict=True)
            for piece, _ in _split(line, found)
        ]
    )
    opened = set(page.heading_at) | page.copy_headings
    kept: list[Line] = []
    index = 0
    for line, found, title in zip(lines, spans, titles, strict=True):
        pieces = _split(line, found)
        accepted = [
            span
            for number, (_, span) in enumerate(pieces)
            if span and (index + number in opened or span in title)
        ]
        index += len(pieces)
        kept.extend(piece for piece, _ in (_split(line, accepted) if accepted else [(line, None)]))
    return kept


# --- label keys with their place in the printed text ---------------------------------


@attrs.frozen
class _Keyed:
    """A line as one label key (`label_key` character by character) and where each came from."""

    text: str
    key: str
    at: tuple[int, ...]  # for each character of ``key``, its index in the printed text

    @classmethod
    def of(cls, text: str) -> _Keyed:
        skipped = _pinyin_spans(text)
        key: list[str] = []
        at: list[int] = []
        known = _CHAR_KEYS
        for index, char in enumerate(text):
            if skipped and index in skipped:
                continue
            folded_char = known.get(char)
            if folded_char is None:
                if len(known) >= _CHAR_KEYS_KEPT:
                    known.clear()  # a page of every character there is: start afresh
                folded_char = known[char] = _char_key(char)
            for folded in folded_char:
                item_number = folded == "," and bool(key) and key[-1].isdigit()
                key.append("." if item_number else folded)  # "1、" is the item number "1."
                at.append(index)
        return cls(text, "".join(key), tuple(at))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The printed span of ``key[start:end]``, with what the key leaves out after it.

        A closing quote or space after a label ("3.“危及三安全一稳定”") belongs to it.
        """
        return self.at[start], self.at[end] if end < len(self.at) else len(self.text)


def _pinyin_spans(text: str) -> frozenset[int]:
    """Indices of pinyin annotations ("據(jù)"), which `label_key` drops."""
    if "(" not in text and "（" not in text:
        return frozenset()
    return frozenset(i for match in _PINYIN.finditer(text) for i in range(*match.span()))


#: `_char_key` of every character met so far: a dictionary look-up per character is
#: the cost of keying a line (a page crawled onto one line is all one line).
_CHAR_KEYS: dict[str, str] = {}
_CHAR_KEYS_KEPT = 1 << 16


def _char_key(char: str) -> str:
    """One printed character as `label_key` would fold it (possibly nothing)."""
    if char.isspace():
        return ""
    folded = label_key(to_simplified(char)) if char not in "*#\"'“”‘’" else ""
    return folded if folded != "数量" else char  # a lone character is never a suffix


@attrs.frozen
class _Finder:
    """Label keys to find in a line's key, found faster than by trying each in turn.

    One regular expression finds the leftmost occurrence, a table by first character
    the longest there: the same occurrences as trying every key with `str.find` and keeping the
    leftmost-longest, at a fraction of the cost: a page's every table line is searched
    for each of some hundred row keys.
    """

    keys: tuple[str, ...]
    anywhere: re.Pattern[str]
    starting: dict[str, tuple[str, ...]]  # first character -> keys, in the order of ``keys``

    @classmethod
    def of(cls, keys: Sequence[str]) -> _Finder:
        ordered = tuple(dict.fromkeys(key for key in keys if key))
        longest_first = sorted(ordered, key=len, reverse=True)
        anywhere = re.compile("|".join(re.escape(key) for key in longest_first))
        starting: dict[str, list[str]] = {}
        for key in ordered:
            starting.setdefault(key[0], []).append(key)
        return cls(ordered, anywhere, {char: tuple(found) for char, found in starting.items()})


def _occurrences(keyed: _Keyed, finder: _Finder) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping occurrences of the finder's keys in ``keyed.key``.

    An occurrence takes in a "数量" printed after it, which label keys leave out; of
    several as long at one place, the key listed first wins.
    """
    text = keyed.key
    chosen: list[tuple[int, int, str]] = []
    position = 0
    search = finder.anywhere.search
    while (match := search(text, position)) is not None:
        start = match.start()
        best: tuple[int, int, str] | None = None
        for key in finder.starting[text[start]]:
            if not text.startswith(key, start):
                continue
            stop = start + len(key)
            if text.startswith(_COUNT, stop):
                stop += len(_COUNT)
            if best is None or stop > best[1]:
                best = (start, stop, key)
        assert best is not None  # the expression matched one of these keys here
        chosen.append(best)
        position = best[1]
    return chosen


def _bracketed(text: str) -> list[bool]:
    """For each character: whether it stands inside a pair of brackets or quotes.

    Only pairs that close within `_BRACKETED` characters count: a page's chrome
    leaves brackets open ("字体:【"), which must not swallow the report after them.
    """
    inside = [False] * len(text)
    opened: list[int] = []
    for index, char in enumerate(text):
        if char in _OPENING:
            opened.append(index)
        elif char in _CLOSING and opened:
            start = opened.pop()
            if index - start <= _BRACKETED:
                inside[start + 1 : index] = [True] * (index - start - 1)
    return inside


def _pieces(line: Line, cuts: set[int], signs: frozenset[int] = frozenset()) -> list[Line]:
    """``line`` cut at ``cuts``, blank pieces left out; the line itself if nothing changes.

    A space goes before each of ``signs``: a sign glued to the number before it
    ("2471+1882") opens the next cell, which the cell reader only sees at a space.
    """
    printed = line.text
    text = "".join(f" {char}" if i in signs else char for i, char in enumerate(printed))
    shift = [0] * (len(printed) + 1)
    for index in range(len(printed)):
        shift[index + 1] = shift[index] + (index in signs)
    cuts = {cut + shift[cut] for cut in cuts}
    bounds = sorted({0, *cuts, len(text)})
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
    kept = [piece for piece in pieces if piece.strip(" \t\u3000\xa0|")]
    if len(kept) < 2:
        return [line]
    return [Line(piece.strip(), line.source) for piece in kept]


# --- part headings -------------------------------------------------------------------


def _heading_spans(line: Line) -> list[tuple[int, int]]:
    """Printed spans of the part headings that share their line with other text."""
    text = line.text
    if not _NUMERAL_MARK.search(text):
        return []
    if heading_of(text) is not None and len(text.strip()) <= _SHORT:
        return []  # a heading alone on its line, as `PageOutline` reads it
    headings = list(_headings(_Keyed.of(text), text))
    return _contents_removed(text, headings) if headings else []


def _title_spans(line: Line) -> list[tuple[int, int]]:
    """Printed spans of report titles that share their line with other text.

    A title stands between spaces (or the line's ends) and reads as a title by itself
    (`read_metadata`): "… 年报 清镇市人民政府2020年政府信息公开工作年度报告 清镇市 …";
    PDF text spaces it ("淮安市人民政府 2024 年政府信息公开工作年度报告"), so up to
    `_TITLE_RUNS` runs before the title's last words are tried, the fewest first.
    """
    text = line.text
    if _REPORT_TITLE not in to_simplified(text):
        return []
    runs = [match.span() for match in _SPACED.finditer(text)]
    spans: list[tuple[int, int]] = []
    for number, (_, run_end) in enumerate(runs):
        if _REPORT_TITLE not in to_simplified(text[runs[number][0] : run_end]):
            continue
        found: list[tuple[int, int, bool]] = []  # (start, end, names its agency)
        for first in range(number, max(-1, number - _TITLE_RUNS), -1):
            start = runs[first][0]
            if spans and start < spans[-1][1]:
                break
            end = _title_end(text, start, run_end)
            candidate = text[start:end]
            if ":" in label_key(candidate):
                break  # a labelled field ("报告标题：…"), not a title printed alone
            meta = read_metadata([Line(candidate, line.source)], ())
            if meta.title is not None:
                found.append((start, end, meta.agency is not None))
                if meta.agency is not None:
                    break  # the fewest runs that name the agency: a page number stays out
        if found:
            start, end, _ = next((f for f in found if f[2]), found[0])
            spans.append((start, end))
    if spans and text[: spans[0][0]].strip() == text[spans[-1][1] :].strip() == "":
        return []  # the title alone on its line
    return spans


def _title_end(text: str, start: int, run_end: int) -> int:
    """Where a title ends in its run: right after its last "…工作年度报告".

    On a page crawled onto one line the next sentence may follow the title with
    nothing between ("…年度报告本报告由…"); the title ends there all the same.
    """
    found = text.rfind(_REPORT_TITLE, start, run_end)
    return found + len(_REPORT_TITLE) if found != -1 else run_end


def _apart(headings: list[tuple[int, int]], titles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Heading and title spans in order; a title that overlaps a heading is left out."""
    if not titles:
        return headings  # already in order
    kept = list(headings)
    for start, end in titles:
        if all(end <= first or start >= last for first, last in headings):
            kept.append((start, end))
    return sorted(kept)


def _split(
    line: Line, spans: Sequence[tuple[int, int]]
) -> list[tuple[Line, tuple[int, int] | None]]:
    """``line`` cut before and after each span: (piece, its span if a heading or title).

    A page footer left alone between them ("- 1 -" before the title) is dropped, as the
    parser drops it on a line of its own.
    """
    if not spans:
        return [(line, None)]
    text = line.text
    pieces: list[tuple[Line, tuple[int, int] | None]] = []
    position = 0
    for start, end in [*spans, (len(text), len(text))]:
        between = text[position:start].strip()
        if between and not is_page_number(between):
            pieces.append((Line(between, line.source), None))
        if start < end:
            pieces.append((Line(text[start:end].strip(), line.source), (start, end)))
        position = end
    return pieces


def _headings(keyed: _Keyed, text: str) -> Iterator[tuple[int, int]]:
    """Printed spans of the part headings in a line: a numeral, its mark, a part title."""
    inside = _bracketed(text)
    for start, end, _ in _occurrences(keyed, _heading_finder()):
        if start < 2 or keyed.key[start - 2] not in NUMERALS or keyed.key[start - 1] not in ",.:":
            continue
        first, last = keyed.span(start - 2, end)
        if inside[first]:
            continue
        before = text[:first].rstrip()
        after = text[last:].lstrip()
        if (before and before[-1] in _LISTED) or after[:1] in _LISTED or after[:1] in _LISTING:
            continue
        yield first, last


def _contents_removed(text: str, headings: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The headings, less any run of several with nothing between (a table of contents)."""
    runs: list[list[tuple[int, int]]] = [[headings[0]]]
    for span in headings[1:]:
        between = text[runs[-1][-1][1] : span[0]]
        if all(char in _BETWEEN_HEADINGS for char in between):
            runs[-1].append(span)
        else:
            runs.append([span])
    return [span for run in runs if len(run) < _CONTENTS for span in run]


# --- table rows ----------------------------------------------------------------------


@functools.cache
def _heading_finder() -> _Finder:
    """The titles of the parts without their numerals (`title_bodies`), to find in a line."""
    return _Finder.of([body for _, body in title_bodies()])


@functools.cache
def _row_keys() -> _Finder:
    """Keys of the row labels of tables 二 and 三 in every registered format.

    Table 四 is read by position after its header, so its labels are no anchor.
    """
    keys = {
        key
        for format_id in layout.FORMATS
        for section in SECTIONS
        if section != "appeals"
        for key, _ in label_index(format_id).keys.get(section, ())
    }
    return _Finder.of(sorted(keys, key=lambda key: (-len(key), key)))


registry.watch(_row_keys.cache_clear)


@functools.cache
def _glued_appeal_values() -> re.Pattern[str]:
    r"""Where table 四's tab-separated values begin right after its last column header.

    Joined with nothing, the break of a PDF's text lines glues the first value to the
    header printed last ("…尚未审结\t总计72\t64\t178…"): the values start there.
    """
    headers = sorted({cell.label for cell in layout.APPEAL_COLUMNS}, key=len, reverse=True)
    behind = "|".join(f"(?<=\t{re.escape(label)})" for label in headers)
    return re.compile(rf"(?:{behind})(?=[-+]?\d[\d,.]*(?:\t[-+]?\d[\d,.]*){{4,}})")


def _cut_rows(line: Line) -> list[Line]:
    """A table line cut so that each row label and its values stand on a piece of their own.

    Cuts are made before a row label that values follow and after those values where
    text follows them; a line that holds one row (or none) stays as it is.
    """
    if _AS_PRINTED.match(line.text):
        return [line]  # text, then nothing but values: one row at most, nothing to cut
    return _cut_labelled_rows(line)


#: A line that `_cut_labelled_rows` returns as it is, seen without keying its labels: an
#: item number at most, then text without digits, signs, marks, tabs or pipes (where no
#: value can follow a label but the last), then nothing but unsigned numbers and spaces to
#: the end (so the last label's values leave no text after them): a table row as printed
#: on its own line.
#: Each number is taken whole (as `_VALUE` takes it), so a failing match never backtracks
#: through the ways of splitting a run of digits.
_AS_PRINTED = re.compile(
    r"(?:[^\S\t]*\d{1,3}[.．、,，])?"  # an item number ("1.属于国家秘密")
    rf"[^\d\t|+{re.escape(''.join(RUN_MARKS))}]*"
    r"(?:\d[\d,]*(?![\d,])(?:\.\d+(?!\d))?[^\S\t]*)*\Z"
)


def _cut_labelled_rows(line: Line) -> list[Line]:
    """`_cut_rows` the long way: every row label found by its key, the values after each."""
    text = line.text
    if not any(map(str.isdigit, text)):
        return [line]  # no value at all
    if text.lstrip().startswith("|") and text.count("|") >= 3:
        return [line]  # a pipe table's row: its cells are known from the pipes
    keyed = _Keyed.of(text)
    inside = _bracketed(text)
    labels = [
        keyed.span(start, end)
        for start, end, _ in _occurrences(keyed, _row_keys())
        if not inside[keyed.at[start]]
    ]
    starts = [start for start, _ in labels]
    cuts: set[int] = set()
    signs: set[int] = set()
    rows = 0
    text_after = False
    for number, (start, end) in enumerate(labels):
        limit = starts[number + 1] if number + 1 < len(starts) else len(text)
        run = _values(text, end, limit, pipes="|" in text)
        if run is None:
            continue
        rows += 1
        text_after = text_after or bool(run.cuts)
        cuts.update((start, limit, *run.cuts))  # the next label starts a piece of its own
        signs.update(run.signs)
    tabbed: set[int] = set()
    if "\t" in text:
        tabbed.update(match.end() for match in _TABBED_VALUES.finditer(text))
        tabbed.update(match.end() for match in _glued_appeal_values().finditer(text))
        cuts.update(tabbed)
    if rows < 2 and (not text_after or "\t" in text) and not tabbed:
        # One row as printed: as the parser always read it. A row with its cells known
        # from tabs (HTML, Word) stays whole; only several rows on one tabbed line (PDF
        # text of a page crawled onto one line) are cut apart.
        return [line]
    if "|" in text:
        cuts.update(_after_blank_cells(text))
    return _pieces(line, cuts, frozenset(signs))


def _after_blank_cells(text: str) -> Iterator[int]:
    """In pipe rows joined into one line: where a text cell follows empty cells.

    A printed line ends in empty cells ("第二十条第（一）项 | |||"); joined to the
    next, those would become blank values of the text before them.
    """
    position = 0
    blank_before = False
    for cell in text.split("|"):
        stripped = cell.strip()
        if blank_before and stripped and read_cell(stripped).kind is CellKind.TEXT:
            yield position + cell.index(stripped[0])
        blank_before = not stripped if position else False
        position += len(cell) + 1


@attrs.frozen
class _Run:
    """The values after a row label: where to cut, and signs glued to a number before."""

    cuts: list[int]
    signs: list[int]


def _values(text: str, start: int, limit: int, *, pipes: bool) -> _Run | None:
    """The values that follow a row label at ``start``, or None.

    None when no value follows, or when what follows the numbers shows them to be
    prose ("规范性文件2件"). Otherwise the cut after the values (where text resumes),
    and before a last number printed with a money unit, which a row prints as a cell
    of its own.
    """
    position = start
    last_number: tuple[int, int] | None = None
    signs: list[int] = []
    while True:
        match = _VALUE.match(text, position, limit)
        if match is None:
            break
        if match.group("number") is not None:
            last_number = match.span("number")
            if text[last_number[0]] in "+-" and text[last_number[0] - 1].isdigit():
                signs.append(last_number[0])
        position = match.end()
    if position == start:
        return None
    footer = _FOOTER.search(text, start, position)
    if footer is not None and footer.start() > start:
        position = footer.start()
    cuts: list[int] = []
    rest = text[position:limit]
    stripped = rest.lstrip(" \t\u3000\xa0")
    if pipes and last_number is not None and stripped[:1] in ("(", "（"):
        close = _remark_end(text, position, limit)
        if close is not None:
            position, stripped = close, text[close:limit].lstrip(" \t\u3000\xa0")
    elif (
        last_number is not None
        and stripped.startswith(_MONEY)
        and position == last_number[1]
        and text[last_number[0] - 1] in " \t\u3000\xa0|"
    ):
        unit = next(unit for unit in _MONEY if stripped.startswith(unit))
        after = text[position + len(unit) : limit].lstrip(" \t\u3000\xa0")
        if after[:1] in _PROSE_AFTER:
            return None
        signs = [sign for sign in signs if sign < last_number[0]]
        cuts.append(last_number[0])
        position += len(unit)
        stripped = after
    elif stripped[:1] in _PROSE_AFTER:
        return None
    if stripped.strip("|").strip():
        cuts.append(len(text) - len(text[position:].lstrip(" \t\u3000\xa0|")))
    return _Run(cuts, [sign for sign in signs if sign < position])


def _remark_end(text: str, position: int, limit: int) -> int | None:
    """The end of a bracketed remark printed after a number in a pipe cell ("834 (不含…)")."""
    depth = 0
    for index in range(position, limit):
        char = text[index]
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth -= 1
            if depth == 0:
                return index + 1
    return None
