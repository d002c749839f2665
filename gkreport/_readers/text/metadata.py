"""The report's metadata as far as the page itself tells it.

Only what is printed is taken: a stand-alone title line, the sentence that
publishes the report ("现公布黔南州2024年政府信息公开工作年度报告"), the body that
compiled it ("本报告由…编制"), the contact office, the statistics period, and a
printed publication date. Nothing is inferred from the file name or the URL.
Agency names come from the normalised text (simplified characters, no pinyin,
no spaces), so a traditional-character page gives the same name as its twin.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence

import attrs

from gkreport._readers.text.lines import Line
from gkreport._readers.text.normalize import label_key

__all__ = ["Metadata", "read_metadata"]

_REPORT = "政府信息公开工作年度报告"
_TITLE = re.compile(rf"^(.{{2,40}}?)(\d{{4}})年度?{_REPORT}$")
_PUBLISHED = re.compile(rf"公布(.{{2,40}}?)(\d{{4}})年度?{_REPORT}")
_COMPILED_BY = re.compile(r"本报告由(.{2,40}?)(?:根据|依据|按照|编制)")
_CONTACT = re.compile(r"请与(.{2,40}?)联系")
#: "将乐县政府办电子政务科": the office, then the section answering the phone
_SUB_UNIT = re.compile(
    r"^(.+?(?:办公室|政府办|局|委员会|委|办|厅))[^办局委厅]{2,8}(?:科|股|处|组|中心)$"
)
_PERIOD = re.compile(r"(\d{4})年1月1日(?:起)?至")
_DATE = re.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期)[:]?(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})"
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


def read_metadata(front: Sequence[Line], everything: Sequence[Line]) -> Metadata:
    """Metadata from the lines before part 一 (``front``), falling back to the whole page."""
    fields: dict[str, object] = {}
    sources: dict[str, str] = {}

    def found(name: str, value: object, line: Line) -> None:
        if value is not None and name not in fields:
            fields[name] = value
            sources[f"/{name}"] = line.source

    keys = [(line, label_key(line.text)) for line in front if line.text.strip()]
    _title(keys, found)
    for line, key in keys:
        match = _PUBLISHED.search(key) or _COMPILED_BY.search(key)
        if match:
            found("agency", _clean_agency(match.group(1)), line)
            if match.re is _PUBLISHED:
                found("year", int(match.group(2)), line)
        date = _DATE.search(key)
        if date:
            found("published_on", _date(*date.groups()), line)
    for line, key in keys:
        contact = _CONTACT.search(key)
        if contact:
            found("agency", _clean_agency(_SUB_UNIT.sub(r"\1", contact.group(1))), line)
    for line in everything:
        if "year" in fields:
            break
        period = _PERIOD.search(label_key(line.text)) if "1月1日" in line.text else None
        if period:
            found("year", int(period.group(1)), line)
    agency = fields.get("agency")
    if isinstance(agency, str):
        kind = _kind(agency)
        if kind:
            fields["kind"] = kind
            sources["/kind"] = sources["/agency"]
    return Metadata(**fields, sources=sources)  # type: ignore[arg-type]  # checked by found()


def _title(keys: list[tuple[Line, str]], found: Callable[[str, object, Line], None]) -> None:
    """A stand-alone title line, or a title broken over two lines (PDF text)."""
    for number, (line, key) in enumerate(keys[:12]):
        candidates = [(key, line.text.strip())]
        if number + 1 < len(keys):
            following, next_key = keys[number + 1]
            candidates.append((key + next_key, line.text.strip() + following.text.strip()))
        for text, printed in candidates:
            match = _TITLE.match(text)
            if match and not match.group(1).startswith(("根据", "现公布", "本报告")):
                found("title", "".join(printed.split()), line)  # PDF text spaces "2024 年"
                found("agency", _clean_agency(match.group(1)), line)
                found("year", int(match.group(2)), line)
                return


def _clean_agency(name: str) -> str | None:
    name = name.strip("，,。:、 ")
    return name if 2 <= len(name) <= 40 else None


def _kind(agency: str) -> str | None:
    if _GOVERNMENT.search(agency):
        return "government"
    if _DEPARTMENT.search(agency):
        return "department"
    return None


def _date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
