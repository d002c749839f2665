"""The report's metadata as far as the page itself tells it.

Only what is printed is taken: a stand-alone title line (its agency and year in
either order: "上海市人民政府办公厅2019年…", "2019年上海市人民政府办公厅…",
"…关于2019年度政府信息公开工作的报告", "…年度报告（2019年度）"), the sentence that
publishes the report ("现公布黔南州2024年政府信息公开工作年度报告"), the body that
compiled it ("本报告由…编制"), the contact office, the statistics period, and a
publication date: the page's own metadata (``<meta name="PubDate">`` …, handed in
by the HTML reader as ``page``), a publication line ("发布日期：", "发布时间:",
"日期：") or the date under the signature at the end ("…办公室" then "2024年1月17日").

The agency comes from the title before any other sentence: a contact sentence
names the office that answers the phone ("…人民政府办公室"), not always the body
that reports, so it is the last resort. Nothing is inferred from the file name
or the URL. Agency names come from the normalised text (simplified characters,
no pinyin, no spaces), so a traditional-character page gives the same name as
its twin.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping, Sequence

import attrs

from gkreport._forms import layout
from gkreport._readers.text.lines import Line
from gkreport._readers.text.normalize import label_key, normalize_line

__all__ = ["PAGE_FIELDS", "Metadata", "read_metadata"]

#: The fields the HTML reader may hand in from the page's own metadata.
PAGE_FIELDS = ("title", "published_on")

#: The labels of the fields this package prints before the text (and a page may too).
_LABELS = {
    label_key(zh): field
    for field, zh, _english in layout.METADATA
    if field in ("agency", "year", "kind", "title", "published_on")
}
_YEAR = r"(?P<year>(?:19|20)\d\d)年度?"
_REPORT = r"政府信息公开(?:工作)?(?:年度)?(?:情况)?的?(?:年度)?报告"
#: A title in each order the published ones use (on label keys: NFKC, no spaces, "(" ")").
_TITLES = (
    re.compile(rf"(?P<agency>.{{0,40}}?)(?:关于)?{_YEAR}的?{_REPORT}"),
    re.compile(rf"(?:关于)?{_YEAR}(?P<agency>.{{2,40}}?)(?:关于)?{_REPORT}"),
    re.compile(rf"(?P<agency>.{{2,40}}?)(?:关于)?{_REPORT}\(?{_YEAR}\)?"),
)
#: What a title line may end with besides its words.
_TITLE_END = "。.,;:!"
#: Nothing an agency's name holds: it is chrome ("上一篇:…", "首页>…") or a sentence.
_NOT_IN_AGENCY = re.compile(r"[:;。!?>|《》]")
_NOT_AN_AGENCY = ("根据", "本报告", "依据", "按照")
_NOT_IN_AGENCY_WORDS = ("公布", "现将")
#: Where page chrome glued to a title ends: no agency's name holds a breadcrumb's words or
#: a year ("首页政务公开…年报2020年区(市、县)年报清镇市人民政府" is 清镇市人民政府).
_CHROME_BEFORE_AGENCY = re.compile(r".*(?:首页|年报|当前位置|您的位置|\d{4}年度?)")
#: The end of a report's name, where a title glued to the text after it ends.
_REPORT_END = re.compile(_REPORT)
#: How many non-empty lines from the top a title may stand on (page chrome comes first).
_TITLE_WINDOW = 20
#: Where a title may stand within a line of chrome: between spaces or breadcrumb marks.
_CHUNK_BREAK = re.compile(r"[\s|>»›_]+|\s-\s")

_PUBLISHED = re.compile(r"公布(?:了)?(.{4,90}?报告)")
_COMPILED_BY = re.compile(r"本报告由(.{2,40}?)(?:根据|依据|按照|编制)")
_CONTACT = re.compile(r"请与(.{2,40}?)联系")
#: "将乐县政府办电子政务科": the office, then the section answering the phone
_SUB_UNIT = re.compile(
    r"^(.+?(?:办公室|政府办|局|委员会|委|办|厅))[^办局委厅]{2,8}(?:科|股|处|组|中心)$"
)
_PERIOD = re.compile(r"(\d{4})年1月1日(?:起)?至")

_DATE_VALUE = r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
#: A publication line (on its label key): "发布日期：2021-01-29", "【发布时间:2021年01月29日】",
#: "日期：…" (not "截止日期").
_PUBLICATION = re.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期|公开日期|公开时间|发稿时间|(?<!\w)日期)"
    rf"\s*[:]?\s*{_DATE_VALUE}"
)
_ANY_DATE = re.compile(_DATE_VALUE)
#: The date under a signature: "2024年1月17日", "二〇二四年一月十七日", alone on its line.
_NUMERALS = "〇○零一二三四五六七八九十"
_SIGNATURE_DATE = re.compile(
    rf"(?P<before>.*?)(?P<year>\d{{4}}|[{_NUMERALS}]{{4}})年"
    rf"(?P<month>\d{{1,2}}|[{_NUMERALS}]{{1,2}})月(?P<day>\d{{1,2}}|[{_NUMERALS}]{{1,3}})日"
)
_GOVERNMENT = re.compile(r"(?:人民政府|政府|[省市州县区盟旗镇乡]|街道)$")
_DEPARTMENT = re.compile(r"(?:局|委|办|厅|室|委员会|中心|院|署|会|所|站|队|处|馆)$")


@attrs.frozen
class Metadata:
    """Fields of the report that the page prints, each with where it was found."""

    agency: str | None = None
    year: int | None = None
    kind: str | None = None
    title: str | None = None
    published_on: datetime.date | None = None
    sources: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class _Title:
    """A title as read: what it printed (no spaces), its agency (if any) and year."""

    printed: str
    agency: str | None
    year: int


class _Fields:
    """The fields found so far: the first place a field is found wins."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.sources: dict[str, str] = {}

    def found(self, name: str, value: object, line: Line) -> None:
        if value is not None and name not in self.values:
            self.values[name] = value
            self.sources[f"/{name}"] = line.source


def read_metadata(
    front: Sequence[Line],
    everything: Sequence[Line],
    page: Mapping[str, Line] | None = None,
) -> Metadata:
    """Metadata from the lines before part 一 (``front``), falling back to the whole page.

    ``page`` is what the page's own metadata says, by field of `PAGE_FIELDS` (the
    HTML reader's ``<meta>`` tags): a title and a publication date, each taken
    before what the text prints.
    """
    page = page or {}
    fields = _Fields()
    found = fields.found
    keys = [(line, label_key(line.text)) for line in front if line.text.strip()]
    if "published_on" in page:
        match = _ANY_DATE.search(normalize_line(page["published_on"].text))
        found("published_on", _date(*match.groups()) if match else None, page["published_on"])
    _labelled(keys, found)
    _title(keys, page.get("title"), found)
    _sentences(keys, found)
    if "year" not in fields.values:
        _period(everything, found)
    if "published_on" not in fields.values:
        signed = _signature_date(everything, fields.values.get("agency"))
        if signed is not None:
            found("published_on", *signed)
    agency = fields.values.get("agency")
    kind = _kind(agency) if isinstance(agency, str) else None
    if kind and "kind" not in fields.values:
        fields.values["kind"] = kind
        fields.sources["/kind"] = fields.sources["/agency"]
    return Metadata(**fields.values, sources=fields.sources)  # type: ignore[arg-type]  # by found()


def _labelled(keys: list[tuple[Line, str]], found: Callable[[str, object, Line], None]) -> None:
    """Fields printed under their own labels, as this package's Markdown and HTML print them.

    "机关名称：…" on one line, or the label on its own line and the value on the
    next. Taken before the title: they say what they are.
    """
    for number, (line, key) in enumerate(keys):
        label, colon, _ = key.lstrip("-*•").partition(":")
        field = _LABELS.get(label)
        if field is None:
            continue
        if colon:
            printed = line.text.split("：" if "：" in line.text else ":", 1)[1]
            value_line = line
        elif number + 1 < len(keys):
            value_line = keys[number + 1][0]
            printed = value_line.text
        else:
            continue
        found(field, _labelled_value(field, printed.strip(" *\t")), value_line)


def _labelled_value(field: str, printed: str) -> object:
    """A labelled field's value from its printed text, None when it is not one."""
    if field == "year":
        year = re.fullmatch(r"((?:19|20)\d\d)\s*年?度?", printed)
        return int(year.group(1)) if year else None
    if field == "kind":
        return next((k for k, (zh, _) in layout.KINDS.items() if printed in (zh, k)), None)
    if field == "published_on":
        date = _ANY_DATE.search(normalize_line(printed))
        return _date(*date.groups()) if date else None
    return "".join(printed.split()) if field == "title" else _clean_agency(printed)


def _sentences(keys: list[tuple[Line, str]], found: Callable[[str, object, Line], None]) -> None:
    """The publishing sentence, the compiling body, a publication line; the contact office last."""
    for line, key in keys:
        published = _PUBLISHED.search(key)
        title = _parse_title(published.group(1)) if published else None
        if title is not None:
            found("agency", title.agency, line)
            found("year", title.year, line)
        compiled = _COMPILED_BY.search(key)
        if compiled:
            found("agency", _clean_agency(compiled.group(1)), line)
        date = _PUBLICATION.search(key)
        if date:
            found("published_on", _date(*date.groups()), line)
    for line, key in keys:
        contact = _CONTACT.search(key)
        if contact:
            found("agency", _clean_agency(_SUB_UNIT.sub(r"\1", contact.group(1))), line)


def _period(lines: Sequence[Line], found: Callable[[str, object, Line], None]) -> None:
    """The year of the statistics period, "2024年1月1日至…", anywhere on the page."""
    for line in lines:
        period = _PERIOD.search(label_key(line.text)) if "1月1日" in line.text else None
        if period:
            found("year", int(period.group(1)), line)
            return


def _title(
    keys: list[tuple[Line, str]],
    from_page: Line | None,
    found: Callable[[str, object, Line], None],
) -> None:
    """The title: a stand-alone line, one broken over two (PDF text), or the page's own.

    A title naming its agency wins over one naming only the year, wherever each stands.
    """
    candidates = list(_title_candidates(keys))
    if from_page is not None:
        candidates += [(title, from_page) for title in _titles_in(from_page.text)]
    for title, line in sorted(candidates, key=lambda item: item[0].agency is None):
        found("title", title.printed, line)
        found("agency", title.agency, line)
        found("year", title.year, line)
        return


def _title_candidates(keys: list[tuple[Line, str]]) -> Iterator[tuple[_Title, Line]]:
    """Titles among the top lines, in order: whole lines, two lines joined, then within lines.

    Two lines are joined only when the second is no title of its own with an agency
    (a line of chrome above a full title does not become part of its agency).
    """
    top = keys[:_TITLE_WINDOW]
    whole = [_parse_title(key, line.text) for line, key in top]
    for number, (line, key) in enumerate(top):
        title = whole[number]
        if title is not None:
            yield title, line
        after = whole[number + 1] if number + 1 < len(top) else None
        if number + 1 < len(top) and (after is None or after.agency is None):
            following, next_key = top[number + 1]
            joined = _parse_title(key + next_key, line.text + following.text)
            if joined is not None and joined.agency is not None:
                yield joined, line
    for line, _ in top:
        for title in _titles_in(line.text):
            yield title, line


#: A page number run into the title on a page crawled onto one line ("- 1 -淮安市…").
_PAGE_NUMBER_FIRST = re.compile(r"^[-－—–]\s*\d{1,4}\s*[-－—–]\s*")


def _titles_in(text: str) -> Iterator[_Title]:
    """Titles standing between spaces or breadcrumb marks in a line of page chrome.

    Then titles that text runs on from, with nothing between (a page whose lines
    were joined by nothing: "…工作年度报告根据《中华人民共和国政府信息公开条例》…").
    """
    chunks = [chunk for chunk in _CHUNK_BREAK.split(text) if chunk]
    for chunk in chunks:
        title = _parse_title(label_key(chunk), chunk)
        if title is not None:
            yield title
    for chunk in chunks:
        key = label_key(chunk)
        for end in _REPORT_END.finditer(key):
            if end.end() < len(key):
                title = _parse_title(key[: end.end()])
                if title is not None:
                    yield title


def _parse_title(key: str, printed: str | None = None) -> _Title | None:
    """A title's agency and year when ``key`` is a whole title, in any of its orders."""
    key = _PAGE_NUMBER_FIRST.sub("", key).rstrip(_TITLE_END)
    printed = _PAGE_NUMBER_FIRST.sub("", printed.strip()) if printed is not None else None
    for pattern in _TITLES:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        agency = match.group("agency").removeprefix("关于")
        chrome = _CHROME_BEFORE_AGENCY.match(agency)
        if chrome is not None:
            agency = agency[chrome.end() :]
        if (
            _NOT_IN_AGENCY.search(agency)
            or agency.startswith(_NOT_AN_AGENCY)
            or any(word in agency for word in _NOT_IN_AGENCY_WORDS)
        ):
            return None  # a sentence or a line of chrome that quotes a title
        shown = "".join((printed if printed is not None else key).split()).strip("#*-－—–")
        return _Title(shown.rstrip("。"), _clean_agency(agency), int(match.group("year")))
    return None


def _signature_date(
    lines: Sequence[Line], agency: object
) -> tuple[datetime.date | None, Line] | None:
    """The date under the closing signature: the agency's name, then a date alone on its line.

    The last such pair of the page counts (the signature closes the report). The
    name before the date may be on the same line; it is the agency read, or a name
    that ends like an agency's (…人民政府, …办公室, …局).
    """
    previous = ""
    found = None
    for line in lines:
        raw = line.text.strip()
        if not raw:
            continue
        if "年" in raw and raw.rstrip("。.").endswith("日"):  # spare the rest the normalising
            match = _SIGNATURE_DATE.fullmatch(_compact(raw).rstrip("。."))
            signer = (match.group("before") or _compact(previous)) if match else ""
            if match and signer and (signer == agency or _is_agency_name(signer)):
                date = _date(*(match.group(g) for g in ("year", "month", "day")))
                found = (date, line) if date is not None else found
        previous = raw
    return found


def _compact(text: str) -> str:
    """A line normalised (simplified, NFKC) without its spaces."""
    return "".join(normalize_line(text).split())


def _is_agency_name(text: str) -> bool:
    return 2 <= len(text) <= 40 and not re.search(r"[,，。:;、()]", text) and bool(_kind(text))


def _clean_agency(name: str) -> str | None:
    name = name.strip("，,。:、 -－—–")  # a page number's dashes are no part of a name
    return name if 2 <= len(name) <= 40 else None


def _kind(agency: str) -> str | None:
    if _GOVERNMENT.search(agency):
        return "government"
    if _DEPARTMENT.search(agency):
        return "department"
    return None


def _date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(_number(year, digits=True), _number(month), _number(day))
    except (ValueError, KeyError):
        return None


def _number(text: str, *, digits: bool = False) -> int:
    """A date part in Arabic or Chinese numerals: "17", "十七" ("二〇二四": digit by digit)."""
    if text.isdigit():
        return int(text)
    values = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
    if digits:
        return int("".join(str(values[c]) for c in text))
    if "十" not in text:
        return values[text] if len(text) == 1 else -1
    tens, _, units = text.partition("十")
    return (values[tens] if tens else 1) * 10 + (values[units] if units else 0)
