"""Every word a finding says, by rule code and by language (``zh``, ``en``).

A rule's title and message template live here, keyed by its code (`RULE_TEXTS`),
and so does every fragment a message is built from (`FRAGMENTS`: the words of an
equation, "空", "其余N项为0", the topics of part 一 …), keyed by name. Checks
never word a phrase: they return numbers, pointers, labels and `Phrase` objects
(a `Label`, a `Fragment` by name, a `Joined` list), and the engine renders the
same parameters once per language with that language's templates. So a
translation is a change to this module only, and the Chinese and English
messages cannot drift apart in what they say.

In English an official label or a piece of report text is foreign text: a
`Label` renders quoted (“…”) there and plain in Chinese, and English templates
quote report text (“{quote}”) themselves. Nothing else in an English message is
Chinese; ``tests/test_messages.py`` checks it for every template and fragment
and for every finding of the bundled reports.

The official labels quoted in titles and messages are read from
`gkreport._forms.layout`, where they are written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from gkreport._forms import layout
from gkreport._words import Lang

__all__ = [
    "FRAGMENTS",
    "RULE_TEXTS",
    "CellName",
    "Fragment",
    "Given",
    "Joined",
    "Label",
    "Phrase",
    "Quoted",
    "RuleText",
    "SchemaMessage",
    "TableName",
    "add_rule_text",
    "blank_or",
    "fragment",
    "message",
    "remove_rule_text",
    "render",
]

# --- phrases: what checks return instead of worded text ------------------------------------


class Phrase:
    """A piece of a message that reads differently in each language.

    A plain base class, not an `abc.ABC`: `render` below asks ``isinstance`` of every
    parameter of every message, which an ABC's metaclass answers several times slower.
    """

    def render(self, lang: Lang) -> str:
        """The phrase in ``lang``."""
        raise NotImplementedError


def render(value: object, lang: Lang) -> Any:
    """A message parameter in ``lang``: a phrase rendered, anything else as it is."""
    return value.render(lang) if isinstance(value, Phrase) else value


@attrs.frozen
class Label(Phrase):
    """An official label (or a cell's short label): plain in Chinese, quoted in English."""

    text: str

    def render(self, lang: Lang) -> str:
        """The label, quoted when it stands in an English sentence."""
        return self.text if lang == "zh" else f"“{self.text}”"


_NUMERALS = "一二三四五六七八九十"


@attrs.frozen
class TableName(Phrase):
    """A table of the form by its ordinal: 表三 in Chinese, table 3 in English."""

    ordinal: str  #: as printed: 二, 三, 四

    def render(self, lang: Lang) -> str:
        """``表三`` or ``table 3``."""
        if lang == "zh":
            return f"表{self.ordinal}"
        number = _NUMERALS.find(self.ordinal) + 1
        return f"table {number}" if number else f"table {self.ordinal}"


@attrs.frozen
class CellName(Phrase):
    """A cell named by its table, row and column: 表四“行政复议—结果维持”.

    The table's ordinal stands apart from the row's own words, so 四 reads as the
    table and not as part of the label ("four 行政复议").
    """

    table: str  #: the table's ordinal as printed: 二, 三, 四
    name: str  #: the row and column labels: 行政复议—结果维持

    def render(self, lang: Lang) -> str:
        """``表四“行政复议—结果维持”`` or ``table 4 “行政复议—结果维持”``."""
        return f"{TableName(self.table).render(lang)}{'' if lang == 'zh' else ' '}“{self.name}”"


@attrs.frozen
class Quoted(Phrase):
    """Words of the form or the report in quotation marks (“…”), in either language."""

    text: str

    def render(self, lang: Lang) -> str:
        """The text in “…”."""
        return f"“{self.text}”"


@attrs.frozen
class Fragment(Phrase):
    """A named fragment of `FRAGMENTS`, its parameters rendered in the same language."""

    name: str
    params: Mapping[str, object] = attrs.field(factory=dict)

    def render(self, lang: Lang) -> str:
        """The fragment's template in ``lang``, filled."""
        template = FRAGMENTS[self.name][lang]
        return template.format_map({k: render(v, lang) for k, v in self.params.items()})


def fragment(name: str, **params: object) -> Fragment:
    """`Fragment` with keyword parameters: ``fragment("term", label=…, value=…)``."""
    return Fragment(name, params)


@attrs.frozen
class Joined(Phrase):
    """Items joined by a fragment (``plus``, ``list``, ``and`` …), each rendered first."""

    items: tuple[object, ...]
    joiner: str

    @classmethod
    def of(cls, items: Iterable[object], joiner: str) -> Joined:
        """A `Joined` of any iterable."""
        return cls(tuple(items), joiner)

    def render(self, lang: Lang) -> str:
        """The items in ``lang``, joined by the joiner of ``lang``."""
        return FRAGMENTS[self.joiner][lang].join(str(render(i, lang)) for i in self.items)


@attrs.frozen
class Given(Phrase):
    """A value as the report gave it: its repr in Chinese; text quoted (“…”) in English."""

    value: object

    def render(self, lang: Lang) -> str:
        """The value, shown so that report text is always quoted in English."""
        if lang == "en" and isinstance(self.value, str):
            return f"“{self.value}”"
        return repr(self.value)


class SchemaMessage(str, Phrase):
    """jsonschema's message about a payload value, which it names by its repr first.

    A plain string everywhere else (the Chinese message, `InvalidReport`, sorting);
    as a phrase, the English message quotes a text value (“…”) like any report text.
    """

    instance: object

    def __new__(cls, text: str, instance: object) -> SchemaMessage:
        """The message ``text`` about ``instance``."""
        message = super().__new__(cls, text)
        message.instance = instance
        return message

    def __getnewargs__(self) -> tuple[str, object]:  # type: ignore[override]
        """Pickle with the instance (a finding may cross a process boundary)."""
        return (str(self), self.instance)

    def render(self, lang: Lang) -> str:
        """The message, its leading text value quoted in English."""
        shown = repr(self.instance)
        if lang == "en" and isinstance(self.instance, str) and self.startswith(shown):
            return f"“{self.instance}”{self[len(shown) :]}"
        return str(self)


def blank_or(value: object) -> object:
    """A cell's value in a message: the number, or the word for blank."""
    return fragment("blank") if value is None else value


# --- the official labels messages quote ---------------------------------------------------


def _format_having(row: str, cell_id: str) -> layout.Format:
    """The format whose row ``row`` of table 二 has the column ``cell_id``.

    Messages that name a format's own labels or its id find the format by what it
    has, so no format id is spelled here.
    """
    return next(
        fmt
        for fmt in layout.FORMATS.values()
        if any(cell.id == cell_id for cell in fmt.row(f"proactive.{row}").cells)
    )


_IN_FORCE_FORMAT = _format_having("rules", "in_force")  # counts documents in force
_NEW_MADE_FORMAT = _format_having("rules", "new_made")  # counts new documents made
_SIGNED_FORMAT = _format_having("fees", "delta")  # gives signed changes
#: The format that splits （六）其他处理 into three sub-rows.
_SPLIT_FORMAT = next(
    fmt
    for fmt in layout.FORMATS.values()
    if isinstance(fmt.node("applications.results.other"), layout.Group)
)
_DOCS = {cell.id: cell.label for cell in _IN_FORCE_FORMAT.row("proactive.rules").cells}
_NEW_DOCS = {cell.id: cell.label for cell in _NEW_MADE_FORMAT.row("proactive.rules").cells}
_DOCUMENT_ROWS = "、".join(
    _IN_FORCE_FORMAT.node(f"proactive.{row}").label for row in ("rules", "normative")
)
_RESULTS_TOTAL = _IN_FORCE_FORMAT.node("applications.results.total").label
_OTHER = layout.OTHER_PROCESSING_LABEL


# --- fragments ------------------------------------------------------------------------------

#: Every fragment of a message, by name and language. Fragments that are only symbols
#: (an equation's shape) are the same in both languages, but still written once here.
FRAGMENTS: Mapping[str, Mapping[Lang, str]] = {
    # equations: ``总计 12 ≠ 11 = 自然人 5 + …`` (the labels are `Label`s)
    "blank": {"zh": "空白", "en": "blank"},
    "term": {"zh": "{label} {value}", "en": "{label} {value}"},
    "plus": {"zh": " + ", "en": " + "},
    "other_zeros": {
        "zh": "{terms}（其余{count}项为0）",
        "en": "{terms} (the other {count} cells are 0)",
    },
    "sum": {"zh": "{terms} = {total}", "en": "{terms} = {total}"},
    "identity": {"zh": "{left} ≠ {right} = {terms}", "en": "{left} ≠ {right} = {terms}"},
    "more_than": {"zh": "{left} > {right}", "en": "{left} > {right}"},
    "more_than_sum": {"zh": "{left} > {terms} = {total}", "en": "{left} > {terms} = {total}"},
    # lists
    "list": {"zh": "、", "en": ", "},
    "and": {"zh": "及", "en": " and "},
    "semicolon": {"zh": "；", "en": "; "},
    # blank: one cell, a whole column or row, or the other blank cells of a table
    "blank.cell": {"zh": "{cell}：空白单元格", "en": "{cell}: blank cell"},
    "blank.whole_column": {
        "zh": "{table}“{name}”列的{count}个单元格均为空白",
        "en": "all {count} cells of the column “{name}” of {table} are blank",
    },
    "blank.whole_row": {
        "zh": "{table}“{name}”行的{count}个单元格均为空白",
        "en": "all {count} cells of the row “{name}” of {table} are blank",
    },
    # a column or row blank but for cells not read (unknown, not blank)
    "blank.whole_column_unread": {
        "zh": "{table}“{name}”列除{unread}个未能读出的单元格外，其余{count}个单元格均为空白",
        "en": (
            "all {count} cells of the column “{name}” of {table} are blank, "
            "besides {unread} not read"
        ),
    },
    "blank.whole_row_unread": {
        "zh": "{table}“{name}”行除{unread}个未能读出的单元格外，其余{count}个单元格均为空白",
        "en": (
            "all {count} cells of the row “{name}” of {table} are blank, besides {unread} not read"
        ),
    },
    "blank.table": {
        "zh": "{table}有{count}个单元格空白：{parts}",
        "en": "{count} cells of {table} are blank: {parts}",
    },
    # F1, F3: the column of table 三 an identity checks
    "about.column": {"zh": "{table}“{column}”列", "en": "the column “{column}” of {table}"},
    "blank.column": {"zh": "{names}列", "en": "the column {names}"},
    "blank.columns": {"zh": "{names}列", "en": "the columns {names}"},
    "blank.row": {"zh": "{names}行", "en": "the row {names}"},
    "blank.rows": {"zh": "{names}行", "en": "the rows {names}"},
    "blank.some_cells": {"zh": "{names}等{count}个单元格", "en": "{count} cells such as {names}"},
    "parts": {"zh": "；", "en": "; "},
    "blank.implied": {"zh": "，按其余单元格应为{value}", "en": ", the other cells imply {value}"},
    "blank.explains": {
        "zh": "；{count}条勾稽关系因此不成立（{codes}）",
        "en": "; this is why {count} identities fail ({codes})",
    },
    # D1: where the year was read
    "title": {"zh": "标题", "en": "the title"},
    "period": {"zh": "统计期限“{period}”", "en": "the reporting period “{period}”"},
    # D2: who publishes by when (条例第四十九条)
    **{f"kind.{kind}": {"zh": zh, "en": kind} for kind, (zh, _deadline) in layout.KINDS.items()},
    "kind_assumed": {"zh": "机关类别未填，按{kind}", "en": "kind not given, taken as {kind}"},
    # missing-metadata: the field that could not be read
    **{
        f"field.{field}": {"zh": zh, "en": f"the {english}"}
        for field, zh, english in layout.METADATA
        if field in ("agency", "year")
    },
    # implausible: why a value read from text cannot be a count of its cell
    "implausible.year": {
        "zh": "它等于报告年度或相邻年度",
        "en": "it equals the report year or an adjacent year",
    },
    "implausible.large": {
        "zh": "它超过本表其他各数的100倍",
        "en": "it is more than 100 times every other count of its table",
    },
    # D6: the five topics of part 一 (30号 guidance)
    "topic.proactive": {"zh": "主动公开", "en": "proactive disclosure"},
    "topic.requests": {"zh": "依申请公开", "en": "disclosure on request"},
    "topic.management": {"zh": "政府信息管理", "en": "information management"},
    "topic.platforms": {"zh": "政府信息公开平台建设", "en": "disclosure platforms"},
    "topic.supervision": {"zh": "监督保障", "en": "supervision"},
    # other-group-only: what the arithmetic does with a group-only （六）
    "other_group.parsed": {
        "zh": "计算时以该行数字作为三个子项之和",
        "en": "the arithmetic takes its numbers as the sum of the three sub-rows",
    },
    "other_group.unread": {
        "zh": f"该行数字无法读取，相关的{_RESULTS_TOTAL}勾稽未检查",
        "en": "its numbers cannot be read, so the results-total identity is not checked",
    },
    # copies: one cell the two copies of the tables give otherwise
    "copy_cell": {
        "zh": "{cell}：第一份为{first}，第二份为{second}",
        "en": "{cell}: {first} in the first, {second} in the second",
    },
    # T10: cases still pending are not "not upheld", and are said apart
    "upheld.pending": {
        "zh": "{kind}尚有{pending}件未审结",
        "en": "{pending} {kind} case(s) are still pending",
    },
    "upheld.decided": {
        "zh": "{kind}有{decided}件未获维持（结果纠正{corrected}，其他结果{other}）",
        "en": "{decided} {kind} case(s) were not upheld (corrected {corrected}, other {other})",
    },
    "upheld.both": {
        "zh": (
            "{kind}有{decided}件未获维持（结果纠正{corrected}，其他结果{other}），"
            "另有{pending}件尚未审结"
        ),
        "en": (
            "{decided} {kind} case(s) were not upheld (corrected {corrected}, other {other}) "
            "and {pending} are still pending"
        ),
    },
    # T10, T11: which appeals a sentence speaks of
    "appeal.review": {"zh": layout.REVIEW_HEADER, "en": "administrative review"},
    "appeal.litigation": {"zh": layout.LITIGATION_HEADER, "en": "administrative litigation"},
}


# --- the rules' titles and messages -----------------------------------------------------------


@attrs.frozen
class RuleText:
    """A rule's title and message template in each language (``{named}`` parameters)."""

    title_zh: str
    title_en: str
    message_zh: str
    message_en: str

    def title(self, lang: Lang) -> str:
        """The title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en

    def message(self, lang: Lang) -> str:
        """The message template in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en


_COUNT_IN_TEXT_ZH = "正文“{quote}”所述{stated}件与{cells}（{table}）不符"
_COUNT_IN_TEXT_EN = "the text “{quote}” states {stated}, the table has {table} ({cells})"


def _count_in_text(title_zh: str, title_en: str) -> RuleText:
    """The T rules that compare a stated count with the table share their message."""
    return RuleText(title_zh, title_en, _COUNT_IN_TEXT_ZH, _COUNT_IN_TEXT_EN)


#: Every rule's words, by code (the codes of `gkreport._validation.catalog.CATALOG`).
RULE_TEXTS: dict[str, RuleText] = {
    "schema": RuleText(
        title_zh="不符合数据格式",
        title_en="Payload does not fit the schema",
        message_zh="数据不符合报告的 JSON Schema：{problem}",
        message_en="the payload does not fit the report schema: {problem}",
    ),
    "diagnosis": RuleText(
        title_zh="最可能出错的单元格",
        title_en="The one cell that explains several failures",
        message_zh=(
            "很可能是{cell}填错：填报{printed}，其他单元格推出应为{implied}"
            "（改这一处即可同时满足{count}条勾稽关系：{codes}）"
        ),
        message_en=(
            "likely {cell}: printed {printed}, the other cells imply {implied} (this one "
            "change satisfies {count} failing identities: {codes})"
        ),
    ),
    "F1": RuleText(
        title_zh="申请数量勾稽关系",
        title_en="New + carried over = concluded + carried forward",
        message_zh=f"{{about}}不满足{layout.COLUMN_NOTE}：{{equation}}",
        message_en="{about}: new + carried over ≠ results total + carried forward: {equation}",
    ),
    "F2": RuleText(
        title_zh="各类申请人之和等于总计",
        title_en="Applicant columns add up to “总计”",
        message_zh="{about}：总计不等于各类申请人之和：{equation}",
        message_en="{about}: the total ≠ the sum of the six applicant columns: {equation}",
    ),
    "F3": RuleText(
        title_zh=f"办理结果之和等于{_RESULTS_TOTAL}",
        title_en=f"Result rows add up to “{_RESULTS_TOTAL}”",
        message_zh=f"{{about}}：{_RESULTS_TOTAL}不等于各项办理结果之和：{{equation}}",
        message_en="{about}: the results total ≠ the sum of the result rows: {equation}",
    ),
    "F4": RuleText(
        title_zh="复议、诉讼结果之和等于总计",
        title_en="Appeal outcomes add up to “总计”",
        message_zh="{about}：总计不等于结果维持、结果纠正、其他结果、尚未审结之和：{equation}",
        message_en="{about}: total ≠ upheld + corrected + other + pending: {equation}",
    ),
    "F5": RuleText(
        title_zh="数量为非负整数",
        title_en="Counts are whole numbers ≥ 0",
        message_zh="{cell}：应为不小于0的整数，实为 {actual}",
        message_en="{cell}: must be a whole number ≥ 0, found {actual}",
    ),
    "F6": RuleText(
        title_zh="收费金额为非负数",
        title_en="The fee amount is a number ≥ 0",
        message_zh="{cell}：金额（万元）应为不小于0的数，实为 {actual}",
        message_en="{cell}: the amount (in 10,000 yuan) must be a number ≥ 0, found {actual}",
    ),
    "F6b": RuleText(
        title_zh=f"{_SIGNED_FORMAT.id}年格式的增减与采购金额",
        title_en=f"{_SIGNED_FORMAT.id} signed changes and procurement amount",
        message_zh="{cell}：应为整数（减少用负数）或原样文字，实为 {actual}",
        message_en=(
            "{cell}: must be a whole number (negative for a decrease) or the printed text, found "
            "{actual}"
        ),
    ),
    "blank": RuleText(
        title_zh="空白单元格",
        title_en="Blank cell",
        message_zh=(
            "{what}（计算时按0处理{implied}）；表格要求填写数字，没有发生的应填0{explains}"
        ),
        message_en=(
            "{what} (counted as 0 in the arithmetic{implied}); the form expects a number, 0 "
            "for none{explains}"
        ),
    ),
    "unread": RuleText(
        title_zh="表格行未能读取",
        title_en="A row of the form that could not be read",
        message_zh=(
            "{row}：原文有这一行，但未能读出各单元格的数值（原文“{raw}”）；"
            "这些单元格按未知处理（不是空白），涉及它们的勾稽关系和正文核对未检查"
        ),
        message_en=(
            "{row}: the source has this row, but its values could not be read (“{raw}”); "
            "its cells are unknown (not blank), and the identities and text checks that need "
            "them are not checked"
        ),
    ),
    "implausible": RuleText(
        title_zh="不合理的表格数值",
        title_en="A table value that cannot be a count",
        message_zh=(
            "{cell}：从原文读到“{raw}”，{why}，不像是该格的数值，已按未知处理；"
            "请核对原文，涉及该格的勾稽关系未检查"
        ),
        message_en=(
            "{cell}: “{raw}” was read from the source, but {why}, so it is unlikely to be this "
            "cell's count and is treated as unknown; check the source (the identities that need "
            "the cell are not checked)"
        ),
    ),
    "mark": RuleText(
        title_zh="以符号代替数字",
        title_en="A mark instead of a number",
        message_zh="{cell}：填写了“{mark}”而不是数字（计算时按0处理）",
        message_en="{cell}: holds “{mark}” instead of a number (counted as 0 in the arithmetic)",
    ),
    "other-group-only": RuleText(
        title_zh=f"{_OTHER}未分项填写",
        title_en=f"“{_OTHER}” not split into sub-rows",
        message_zh=(
            f"{{group}}只在合计行填写了“{{raw}}”，没有按{_SPLIT_FORMAT.id}年格式分三个子项填写；"
            "{use}"
        ),
        message_en=(
            f"{{group}} is given on its group row only (“{{raw}}”), not in the three "
            f"{_SPLIT_FORMAT.id} sub-rows; {{use}}"
        ),
    ),
    "copies": RuleText(
        title_zh="同一表格出现两份且数字不同",
        title_en="Two different tables for the same cells",
        message_zh=(
            "文件中的表格印了两份，有{count}个单元格的数字不同（{cells}）；"
            "读取时采用第一份，哪一份正确无法确定"
        ),
        message_en=(
            "the file prints the tables twice, and the copies differ in {count} cell(s) "
            "({cells}); the first copy is read, and which one is right cannot be told"
        ),
    ),
    "missing-metadata": RuleText(
        title_zh="机关名称和报告年度已读出",
        title_en="Agency and year are known",
        message_zh="未能读出{field}，以下检查未进行：{checks}",
        message_en="{field} could not be read, so these checks did not run: {checks}",
    ),
    "D1": RuleText(
        title_zh="年份一致",
        title_en="One year throughout",
        message_zh="{what}的年份 {said} 与报告年度 {year} 不一致",
        message_en="{what} names {said}, the report is for {year}",
    ),
    "D2": RuleText(
        title_zh="按期发布",
        title_en="Published on time",
        message_zh="发布日期 {published_on} 晚于条例第四十九条规定的期限 {deadline}（{who}）",
        message_en=(
            "published {published_on}, after the deadline of Article 49 of the Regulations, "
            "{deadline} ({who})"
        ),
    ),
    "D3": RuleText(
        title_zh="六个部分齐全",
        title_en="All six parts present",
        message_zh="缺少“{part}”部分",
        message_en="the part {part} is missing",
    ),
    "D4": RuleText(
        title_zh="格式与年度相符",
        title_en="Format matches the year",
        message_zh="{year}年度报告应使用{expected}年格式（{expected_notice}），实为{actual}年格式",
        message_en=(
            "a report for {year} uses the {expected} format ({expected_notice}), this one is "
            "{actual}"
        ),
    ),
    "D5": RuleText(
        title_zh="说明信息处理费",
        title_en="States the information processing fee",
        message_zh="“{part}”未说明信息处理费的收取情况",
        message_en=(
            "part {part} does not say whether an information processing fee (“信息处理费”) was "
            "charged"
        ),
    ),
    "D6": RuleText(
        title_zh="总体情况的五个方面",
        title_en="Overview covers the five topics",
        message_zh="“总体情况”未涉及：{missing}",
        message_en="the overview does not cover: {missing}",
    ),
    "D7": RuleText(
        title_zh="整张表为空",
        title_en="A whole table left blank",
        message_zh="“{section}”整张表均为空白",
        message_en="the table {section} is entirely blank",
    ),
    "D8": RuleText(
        title_zh="引用的通知与格式相符",
        title_en="Cited notice matches the format",
        message_zh="本报告为{actual}年格式（{notice}），却引用了{cited_format}年格式的通知{cited}",
        message_en=(
            "the report uses the {actual} format ({notice}) but cites the notice of the "
            "{cited_format} format, {cited}"
        ),
    ),
    "D9": RuleText(
        title_zh="留有模板文字",
        title_en="Template text left in",
        message_zh="留有模板中待填写的文字：{quotes}",
        message_en="the template's fill-in text is left in: {quotes}",
    ),
    "D10": RuleText(
        title_zh="部分没有内容",
        title_en="A part without content",
        message_zh="“{part}”标题后只有{length}个字，未写明实际内容",
        message_en="part {part} holds only {length} characters after its heading, no real content",
    ),
    "X3": RuleText(
        title_zh="制发不多于现行有效加废止",
        title_en="Made ≤ in force + repealed",
        message_zh=(
            f"{{row}}：{_DOCS['made']}多于{_DOCS['in_force']}与{_DOCS['repealed']}之和：{{equation}}"
        ),
        message_en="{row}: more made this year than in force plus repealed: {equation}",
    ),
    "X6": RuleText(
        title_zh="新公开不多于新制作",
        title_en="Newly published ≤ newly made",
        message_zh=f"{{row}}：{_NEW_DOCS['new_published']}多于{_NEW_DOCS['new_made']}：{{equation}}",
        message_en="{row}: more newly published than newly made: {equation}",
    ),
    "T1": _count_in_text("正文收到申请数", "Applications received, text vs table"),
    "T2": _count_in_text("正文上年结转数", "Carried over, text vs table"),
    "T3": _count_in_text("正文办结数", "Applications concluded, text vs table"),
    "T4": _count_in_text("正文结转下年度数", "Carried forward, text vs table"),
    "T5": RuleText(
        title_zh="正文称全部办结",
        title_en="Text says every application was concluded",
        message_zh=(
            "正文“{quote}”称申请均已办结，但表中办理结果总计为{concluded}，"
            "结转下年度继续办理{forward}"
        ),
        message_en=(
            "the text “{quote}” says every application was concluded, but the table concludes "
            "{concluded} and carries {forward} forward"
        ),
    ),
    "T6": _count_in_text("正文办理结果分类数", "Result group counts, text vs table"),
    "T7": RuleText(
        title_zh="正文办理结果百分比",
        title_en="Result group percentages, text vs table",
        message_zh="正文“{quote}”中{group}占{stated}，按表格应为{computed}（{count}/{base}）",
        message_en=(
            "the text “{quote}” gives {group} as {stated}; the table gives {computed} "
            "({count}/{base})"
        ),
    ),
    "T8": _count_in_text("正文复议、诉讼数", "Appeal counts, text vs table"),
    "T9": _count_in_text("正文复议、诉讼结果", "Appeal outcomes, text vs table"),
    "T10": RuleText(
        title_zh="正文称均获维持",
        title_en="Text says every case was upheld",
        message_zh="正文“{quote}”称均获维持，但表中{what}",
        message_en="the text “{quote}” says all were upheld, but in the table {what}",
    ),
    "T11": RuleText(
        title_zh="正文称没有复议、诉讼",
        title_en="Text says there were no appeals",
        message_zh="正文“{quote}”称没有{kind}，但表中{kind}总计为{table}",
        message_en="the text “{quote}” says there was no {kind}, but the table counts {table}",
    ),
    "T12": _count_in_text(
        f"正文{_DOCUMENT_ROWS}数", "Rules and normative documents, text vs table"
    ),
    "T13": RuleText(
        title_zh="正文收费金额与表二相符",
        title_en="Fee amount, text vs table",
        message_zh="正文“{quote}”称收费{said}（合{stated}万元），表二为{table}万元",
        message_en=(
            "the text “{quote}” states fees of {said}, that is {stated} (10k yuan); table 2 has "
            "{table}"
        ),
    ),
    "X1": RuleText(
        title_zh="上年结转与上年报告衔接",
        title_en="Carried over matches last year's carried forward",
        message_zh=(
            "{year}年“上年结转”（{column}）为{now}，"
            "{previous}年报告的“结转下年度继续办理”为{before}"
        ),
        message_en=(
            "{year}: carried over ({column}) is {now}, the {previous} report carried {before} "
            "forward"
        ),
    ),
    "X2": RuleText(
        title_zh=f"{_DOCS['in_force']}衔接",
        title_en="In-force documents chain from last year",
        message_zh=(
            f"{{row}}：{{year}}年{_DOCS['in_force']}与{{previous}}年现行有效加本年制发减本年废止"
            "不符：{equation}"
        ),
        message_en=(
            "{row}: in force in {year} ≠ in force in {previous} + made − repealed: {equation}"
        ),
    ),
    "X7": RuleText(
        title_zh="与上年报告雷同",
        title_en="Repeats last year's text",
        message_zh="{year}年报告正文有{share}与{previous}年报告相同（数字除外）",
        message_en="{share} of the {year} text repeats the {previous} report (numbers aside)",
    ),
    "X8": RuleText(
        title_zh="数字与上年报告完全相同",
        title_en="Same numbers as last year",
        message_zh=(
            "{year}年报告表二至表四的{count}个数字与{previous}年报告完全相同"
            "（其中{non_zero}个不为0）"
        ),
        message_en=(
            "all {count} counts of tables 2 to 4 of the {year} report equal the {previous} "
            "report's ({non_zero} of them non-zero)"
        ),
    ),
    "X10": RuleText(
        title_zh="与上年相比变化五倍以上",
        title_en="Fivefold change from last year",
        message_zh="{what}：{year}年为{now}，{previous}年为{before}，相差五倍及以上",
        message_en="{what}: {now} in {year} against {before} in {previous}, a fivefold change",
    ),
    "X9": RuleText(
        title_zh="与其他机关的报告雷同",
        title_en="Repeats another agency's report",
        message_zh="本报告正文有{share}与{other}{other_year}年报告相同（数字除外）",
        message_en="{share} of the text repeats the {other_year} report of {other} (numbers aside)",
    ),
    "X4": RuleText(
        title_zh="汇总等于下级之和",
        title_en="Parent equals the sum of its children",
        message_zh="{cell}：汇总报告为{actual}，{children}份下级报告之和为{expected}",
        message_en=(
            "{cell}: the parent report has {actual}, its {children} children add up to {expected}"
        ),
    ),
}


def add_rule_text(code: str, text: RuleText) -> None:
    """Give a rule added at run time its words (`gkreport._validation.catalog.registered`)."""
    RULE_TEXTS[code] = text


def remove_rule_text(code: str) -> None:
    """Take back the words of a rule added at run time."""
    del RULE_TEXTS[code]


#: Control characters (tabs, line breaks …) with the spaces around them: a message is one line.
_CONTROLS = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")
#: One control character: whether there is any is found ten times faster without the spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class _InLanguage:
    """A message's parameters as its template reads them: each rendered in ``lang`` when used.

    A hit carries every parameter any wording of its rule may need (the cell, the
    values, the equation …); a template uses a few, so only those are rendered.
    """

    __slots__ = ("lang", "params")

    def __init__(self, params: Mapping[str, object], lang: Lang) -> None:
        self.params = params
        self.lang = lang

    def __getitem__(self, key: str) -> Any:
        return render(self.params[key], self.lang)


def message(code: str, lang: Lang, params: Mapping[str, object]) -> str:
    """The message of rule ``code`` in ``lang``, its parameters rendered in ``lang``.

    A message is one line of text a reviewer can sign: a tab or line break that a
    value brought along (a row of numbers read from PDF text, a quoted note) becomes
    one space.
    """
    template = RULE_TEXTS[code].message(lang)
    text = template.format_map(_InLanguage(params, lang))
    if text.isprintable():  # no control character is printable: the common case, in C
        return text
    return _CONTROLS.sub(" ", text) if _CONTROL.search(text) else text
