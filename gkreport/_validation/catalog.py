"""The rule catalog: every check gkreport makes, as data.

Each `Rule` has a stable code (FORMAT.md's ids: F1…F6b, X1…X7, D1…D7; T1…T12 for
the text ↔ table checks of §6.3; plus ``schema``, ``blank``, ``mark``,
``other-group-only`` and ``diagnosis``), a severity (FORMAT.md §9.3), the formula,
Chinese and English message templates with ``{named}`` parameters, its basis and
the function that applies it. The engine (`gkreport.validate`) only runs the
catalog and renders what the checks return; ``docs/rules.md`` is written from it
by `rules_markdown`. The order of the catalog is the order of the reference page
and of findings of equal severity.

The checks live beside the catalog, one private module per family:
`gkreport._validation.checks.arithmetic` (F1–F4, the diagnosis, X3, X6),
`gkreport._validation.checks.cells` (schema, F5/F6/F6b, blank, mark, D7, other-group-only),
`gkreport._validation.checks.document` (D1–D6), `gkreport._validation.checks.text` (T1–T12) and
`gkreport._validation.checks.across` (X1, X2, X7, X4). They read `Facts`, a flat
``{pointer: value}`` view of one report (`gkreport._validation.facts`), so nothing walks the
layout while validating.

Conventions every check follows:

* a blank cell counts as 0 in the arithmetic and is reported on its own
  (``blank``); a cell that held a mark ("-", "/", "无") is an info finding
  (``mark``); a value of the wrong type is reported (F5/F6/F6b) and every
  identity that uses it is skipped rather than guessed;
* a total is never recomputed into the data: a failing identity reports the
  printed value, the value the other cells imply and the full equation;
* a 2021 report whose （六）其他处理 came only as a group row (the parsers keep
  its numbers in a note on ``/applications/results/other``) is reported
  (``other-group-only``); when that note holds the seven numbers of the row,
  F3 uses them as the sum of the three sub-rows, otherwise F3 is skipped for it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from gkreport._forms import features, layout, registry
from gkreport._forms.layout import Format, Kind
from gkreport._validation import narrative as _narrative
from gkreport._validation.checks import across as cross_checks
from gkreport._validation.checks import arithmetic
from gkreport._validation.checks import cells as cell_checks
from gkreport._validation.checks import document as document_checks
from gkreport._validation.checks import text as text_checks
from gkreport._validation.checks.arithmetic import Equation, equation_text, equations
from gkreport._validation.checks.text import Readings
from gkreport._validation.facts import Facts, Hit, Severity
from gkreport._validation.narrative import Statement

# Official labels quoted in titles and messages, read from the layout (written once there),
# each from a format that prints it.
_CHAIN = registry.first_with(features.IN_FORCE_CHAIN)
_PUBLISHED = registry.first_with(features.MADE_PUBLISHED)
_RESULTS_TOTAL = registry.current().node("applications.results.total").label
_DOCS_2021 = {cell.id: cell.label for cell in _CHAIN.node("proactive.rules").cells}
_DOCS_2019 = {cell.id: cell.label for cell in _PUBLISHED.node("proactive.rules").cells}
_FEE_COLUMN = registry.first_with(features.FEE_AMOUNT).node("proactive.fees").cells[0].label
_DELTA_COLUMN = next(
    c.label
    for c in registry.first_with(features.SIGNED_DELTA).node("proactive.fees").cells
    if c.id == "delta"
)
_DOCS_ROW_2019 = _PUBLISHED.node("proactive.normative").label
_DOCUMENT_ROWS = "、".join(_CHAIN.node(f"proactive.{row}").label for row in ("rules", "normative"))

__all__ = [
    "CATALOG",
    "Basis",
    "Equation",
    "Facts",
    "Hit",
    "Rule",
    "Scope",
    "Severity",
    "equation_text",
    "equations",
    "rule",
    "rules_markdown",
]


class Basis(str, enum.Enum):
    """Where a rule comes from (FORMAT.md §0)."""

    OFFICIAL = "official"  #: printed in the official form or notice
    LAW = "law"  #: 《政府信息公开条例》
    INFERENCE = "inference"  #: follows from the structure of the form; stated nowhere


class Scope(str, enum.Enum):
    """What a rule looks at: one report, consecutive years of one agency, or a roll-up."""

    REPORT = "report"
    SERIES = "series"
    ROLLUP = "rollup"


@attrs.frozen
class Rule:
    """One check of the catalog."""

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    formula: str
    message_zh: str
    message_en: str
    basis: Basis
    source: str  #: the evidence for the basis, in a few words
    check: Callable[..., Iterable[Hit]]
    tags: tuple[str, ...] = ()
    #: The features (`gkreport._forms.features`) a format needs for the rule to apply to it;
    #: a rule needing none applies to every format.
    needs: frozenset[str] = frozenset()
    scope: Scope = Scope.REPORT
    loose_severity: Severity | None = None  #: severity when the evidence is loose

    def __attrs_post_init__(self) -> None:
        unknown = sorted(self.needs - features.FEATURES.keys())
        if unknown:
            msg = f"rule {self.code}: unknown features {unknown}"
            raise ValueError(msg)

    def applies_to(self, fmt: Format) -> bool:
        """True when ``fmt`` has every feature the rule needs."""
        return self.needs <= fmt.features

    @property
    def formats(self) -> tuple[str, ...]:
        """The ids of the registered formats the rule applies to, in registry order."""
        return tuple(fmt.id for fmt in registry.FORMATS.values() if self.applies_to(fmt))


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _count_in_text(
    *, code: str, topic: str, readings: Callable[[Facts, Statement], Readings], **fields: Any
) -> Rule:
    """A T rule that compares a count the narrative states with the table's readings of it.

    They share their message, their basis and their check (`text_checks.compare`).
    """
    return Rule(
        code=code,
        message_zh="正文“{quote}”所述{stated}件与表格中{cells}（{table}）不符",
        message_en="the text “{quote}” states {stated}, the table has {table} ({cells})",
        basis=Basis.INFERENCE,
        check=text_checks.compare(code, topic, readings),
        **fields,
    )


CATALOG: tuple[Rule, ...] = (
    # --- the payload: does it fit report.schema.json at all ------------------------------------
    Rule(
        code="schema",
        severity=ERROR,
        title_zh="不符合数据格式",
        title_en="Payload does not fit the schema",
        formula="the payload validates against report.schema.json",
        message_zh="数据不符合报告的 JSON Schema：{problem}",
        message_en="the payload does not fit the report schema: {problem}",
        basis=Basis.OFFICIAL,
        source="gkreport's published schema (generated from the official tables)",
        check=cell_checks.check_schema,
        tags=("schema",),
    ),
    # --- arithmetic (F1–F4): the identities of table 三 and 四, and the one cell that explains
    #     several failures at once
    Rule(
        code="diagnosis",
        severity=ERROR,
        title_zh="最可能出错的单元格",
        title_en="The one cell that explains several failures",
        formula=(
            "one cell c lies in ≥ 2 failing identities, in no holding one, and each asks the same "
            "change"
        ),
        message_zh=(
            "很可能是{cell}填错：填报{printed}，其他单元格推出应为{implied}"
            "（改这一处即可同时满足{count}条勾稽关系：{codes}）"
        ),
        message_en=(
            "likely {cell}: printed {printed_en}, the other cells imply {implied} (this one "
            "change satisfies {count} failing identities: {codes})"
        ),
        basis=Basis.INFERENCE,
        source="the failing identities of F1–F4 taken together",
        check=arithmetic.check_diagnosis,
        tags=("arithmetic", "diagnosis"),
    ),
    Rule(
        code="F1",
        severity=ERROR,
        title_zh="申请数量勾稽关系",
        title_en="New + carried over = concluded + carried forward",
        formula=(
            "∀c∈C7: applications.new.c + applications.carried_over.c = "
            "applications.results.total.c + applications.carried_forward.c"
        ),
        message_zh=f"{{about}}列不满足{layout.COLUMN_NOTE}：{{equation}}",
        message_en=(
            "column {about}: new + carried over ≠ results total + carried forward: {equation}"
        ),
        basis=Basis.OFFICIAL,
        source="the column note printed in the form (2019 and 2021)",
        check=arithmetic.check_identity("F1"),
        tags=("arithmetic", "applications"),
    ),
    Rule(
        code="F2",
        severity=ERROR,
        title_zh="各类申请人之和等于总计",
        title_en="Applicant columns add up to 总计",
        formula="∀ row r of table 三: applications.r.total = Σ_{c∈C6} applications.r.c",
        message_zh="{about}：总计不等于各类申请人之和：{equation}",
        message_en="row {about}: 总计 ≠ the sum of the six applicant columns: {equation}",
        basis=Basis.INFERENCE,
        source="the column is labelled 总计",
        check=arithmetic.check_identity("F2"),
        tags=("arithmetic", "applications"),
    ),
    Rule(
        code="F3",
        severity=ERROR,
        title_zh=f"办理结果之和等于{_RESULTS_TOTAL}",
        title_en=f"Result rows add up to {_RESULTS_TOTAL}",
        formula=(
            "∀c∈C7: applications.results.total.c = Σ_{ℓ∈LEAF21|LEAF19} applications.results.ℓ.c"
        ),
        message_zh=f"{{about}}列：{_RESULTS_TOTAL}不等于各项办理结果之和：{{equation}}",
        message_en="column {about}: the results total ≠ the sum of the result rows: {equation}",
        basis=Basis.INFERENCE,
        source=f"the row is {_RESULTS_TOTAL} and the 部分公开 rule counts each application once",
        check=arithmetic.check_identity("F3"),
        tags=("arithmetic", "applications"),
    ),
    Rule(
        code="F4",
        severity=ERROR,
        title_zh="复议、诉讼结果之和等于总计",
        title_en="Appeal outcomes add up to 总计",
        formula=(
            "∀ block b ∈ {review, litigation_direct, litigation_after_review}: appeals.b.total = "
            "b.upheld + b.corrected + b.other + b.pending"
        ),
        message_zh="{about}：总计不等于结果维持、结果纠正、其他结果、尚未审结之和：{equation}",
        message_en="{about}: total ≠ upheld + corrected + other + pending: {equation}",
        basis=Basis.INFERENCE,
        source="the column is labelled 总计",
        check=arithmetic.check_identity("F4"),
        tags=("arithmetic", "appeals"),
    ),
    # --- cells: types (F5, F6, F6b), blanks, marks, a 2021 （六） given on its group row only -----
    Rule(
        code="F5",
        severity=ERROR,
        title_zh="数量为非负整数",
        title_en="Counts are whole numbers ≥ 0",
        formula="every count cell (tables 二, 三, 四) is an integer ≥ 0",
        message_zh="{cell}：应为不小于0的整数，实为 {actual}",
        message_en="{cell}: must be a whole number ≥ 0, found {actual}",
        basis=Basis.INFERENCE,
        source="counts of applications, cases and documents (件)",
        check=cell_checks.check_types((Kind.COUNT,), "F5"),
        tags=("cells",),
    ),
    Rule(
        code="F6",
        severity=ERROR,
        title_zh="收费金额为非负数",
        title_en="The fee amount is a number ≥ 0",
        formula="proactive.fees.amount ≥ 0, decimals allowed, unit 万元",
        message_zh="{cell}：金额（万元）应为不小于0的数，实为 {actual}",
        message_en="{cell}: the amount (万元) must be a number ≥ 0, found {actual}",
        basis=Basis.OFFICIAL,
        source=f"the column label {_FEE_COLUMN}",
        check=cell_checks.check_types((Kind.MONEY,), "F6"),
        tags=("cells", "proactive"),
        needs=frozenset({features.FEE_AMOUNT}),
    ),
    Rule(
        code="F6b",
        severity=ERROR,
        title_zh="2019年格式的增减与采购金额",
        title_en="2019 signed changes and procurement amount",
        formula="delta is a signed integer; procurement.amount is kept as the printed text",
        message_zh="{cell}：应为整数（减少用负数）或原样文字，实为 {actual}",
        message_en=(
            "{cell}: must be a whole number (negative for a decrease) or the printed text, found "
            "{actual}"
        ),
        basis=Basis.OFFICIAL,
        source=f"the 2019 form's {_DELTA_COLUMN} column; 湖北 notes: 减用负值表示",
        check=cell_checks.check_types((Kind.SIGNED, Kind.TEXT), "F6b"),
        tags=("cells", "proactive"),
        needs=frozenset({features.SIGNED_DELTA}),
    ),
    Rule(
        code="blank",
        severity=WARNING,
        title_zh="空白单元格",
        title_en="Blank cell",
        formula="every number cell is filled; write 0 when there were none (a blank counts as 0)",
        message_zh="{cell}：空白单元格（计算时按0处理）；表格要求填写数字，没有发生的应填0",
        message_en=(
            "{cell}: blank cell (counted as 0 in the arithmetic); the form expects a number, 0 "
            "for none"
        ),
        basis=Basis.INFERENCE,
        source="blank ≠ 0: FORMAT.md §5 zero values, §6 blank cells",
        check=cell_checks.check_blank,
        tags=("cells",),
    ),
    Rule(
        code="mark",
        severity=INFO,
        title_zh="以符号代替数字",
        title_en="A mark instead of a number",
        formula="a cell holding “-”, “/”, “无”, “—” or “不适用” is read as blank and counted as 0",
        message_zh="{cell}：填写了“{mark}”而不是数字（计算时按0处理）",
        message_en="{cell}: holds “{mark}” instead of a number (counted as 0 in the arithmetic)",
        basis=Basis.INFERENCE,
        source="marks seen in real reports (武汉2020 “-”)",
        check=cell_checks.check_mark,
        tags=("cells",),
    ),
    Rule(
        code="other-group-only",
        severity=WARNING,
        title_zh=f"{layout.OTHER_PROCESSING_LABEL}未分项填写",
        title_en=f"{layout.OTHER_PROCESSING_LABEL} not split into sub-rows",
        formula=(
            f"2021 format: {layout.OTHER_PROCESSING_LABEL} is given in its three sub-rows, "
            "not on the group row"
        ),
        message_zh="{group}只在合计行填写了“{raw}”，没有按2021年格式分三个子项填写；{use_zh}",
        message_en=(
            "{group} is given on its group row only (“{raw}”), not in the three 2021 sub-rows; "
            "{use_en}"
        ),
        basis=Basis.OFFICIAL,
        source="国办公开办函〔2021〕30号 splits （六） into three rows (FORMAT.md §9.5)",
        check=cell_checks.check_other_group,
        tags=("format", "applications"),
        needs=frozenset({features.OTHER_SUBROWS}),
    ),
    # --- the document (D1–D7): year, deadline, the six parts and what they cover ----------------
    Rule(
        code="D1",
        severity=WARNING,
        title_zh="年份一致",
        title_en="One year throughout",
        formula="the title year and the 统计期限 name the report year Y",
        message_zh="{what_zh}的年份 {said} 与报告年度 {year} 不一致",
        message_en="{what_en} names {said}, the report is for {year}",
        basis=Basis.INFERENCE,
        source="the 统计期限 sentence printed by most reports",
        check=document_checks.check_years,
        tags=("document",),
    ),
    Rule(
        code="D2",
        severity=WARNING,
        title_zh="按期发布",
        title_en="Published on time",
        formula="published_on ≤ Y+1-01-31 (部门) or Y+1-03-31 (本级人民政府)",
        message_zh="发布日期 {published_on} 晚于条例第四十九条规定的期限 {deadline}（{who}）",
        message_en=(
            "published {published_on}, after the deadline of 条例 Art. 49, {deadline} ({who_en})"
        ),
        basis=Basis.LAW,
        source="《政府信息公开条例》第四十九条",
        check=document_checks.check_deadline,
        tags=("document",),
    ),
    Rule(
        code="D3",
        severity=ERROR,
        title_zh="六个部分齐全",
        title_en="All six parts present",
        formula=(
            "each of the six parts of 条例第五十条 is present: its text, or for 二–四 its table "
            "(when the report carries text at all)"
        ),
        message_zh="缺少“{part}”部分",
        message_en="the part “{part}” is missing",
        basis=Basis.LAW,
        source="《政府信息公开条例》第五十条 and the official template",
        check=document_checks.check_parts,
        tags=("document",),
    ),
    Rule(
        code="D4",
        severity=ERROR,
        title_zh="格式与年度相符",
        title_en="Format matches the year",
        formula="Y ≥ 2021 → 2021 format; Y ∈ {2019, 2020} → 2019 trial format",
        message_zh="{year}年度报告应使用{expected}年格式（{expected_notice}），实为{actual}年格式",
        message_en=(
            "a report for {year} uses the {expected} format ({expected_notice}), this one is "
            "{actual}"
        ),
        basis=Basis.OFFICIAL,
        source="国办公开办函〔2019〕60号 and 〔2021〕30号",
        check=document_checks.check_format_year,
        tags=("document", "format"),
    ),
    Rule(
        code="D5",
        severity=WARNING,
        title_zh="说明信息处理费",
        title_en="States the 信息处理费",
        formula="2021 format: part 六 says whether 信息处理费 was charged (“未收取” is fine)",
        message_zh="“{part}”未说明信息处理费的收取情况",
        message_en="part “{part}” does not say whether a 信息处理费 (processing fee) was charged",
        basis=Basis.OFFICIAL,
        source="30号 guidance for part 六; 国办函〔2020〕109号",
        check=document_checks.check_fee_statement,
        tags=("document", "text"),
        needs=frozenset({features.FEE_STATEMENT}),
    ),
    Rule(
        code="D6",
        severity=INFO,
        title_zh="总体情况的五个方面",
        title_en="Overview covers the five topics",
        formula="part 一 covers 主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障",
        message_zh="“总体情况”未涉及：{missing}",
        message_en="the overview does not cover: {missing_en}",
        basis=Basis.OFFICIAL,
        source="30号 guidance for part 一",
        check=document_checks.check_overview,
        tags=("document", "text"),
    ),
    Rule(
        code="D7",
        severity=WARNING,
        title_zh="整张表为空",
        title_en="A whole table left blank",
        formula=(
            "tables 二, 三 and 四 are filled (a wholly blank table is one finding, not one per "
            "cell)"
        ),
        message_zh="“{section}”整张表为空",
        message_en="the table “{section}” is entirely blank",
        basis=Basis.INFERENCE,
        source="every cell of the form holds a number, 0 for none",
        check=cell_checks.check_empty_table,
        tags=("cells",),
    ),
    # --- plausibility of table 二 within one report (X3, X6) --------------------------------------
    Rule(
        code="X3",
        severity=WARNING,
        title_zh="制发不多于现行有效加废止",
        title_en="Made ≤ in force + repealed",
        formula=(
            f"proactive.r.made ≤ proactive.r.in_force + proactive.r.repealed ({_DOCUMENT_ROWS})"
        ),
        message_zh=(
            f"{{row}}：{_DOCS_2021['made']}多于{_DOCS_2021['in_force']}与{_DOCS_2021['repealed']}"
            "之和：{equation}"
        ),
        message_en="{row}: more made this year than in force plus repealed: {equation}",
        basis=Basis.INFERENCE,
        source="a document made this year is either in force or was repealed",
        check=arithmetic.check_made_vs_in_force,
        tags=("proactive",),
        needs=frozenset({features.IN_FORCE_CHAIN}),
    ),
    Rule(
        code="X6",
        severity=WARNING,
        title_zh="新公开不多于新制作",
        title_en="Newly published ≤ newly made",
        formula="2019 format: proactive.r.new_published ≤ proactive.r.new_made (heuristic)",
        message_zh=(
            f"{{row}}：{_DOCS_2019['new_published']}多于{_DOCS_2019['new_made']}：{{equation}}"
        ),
        message_en="{row}: more newly published than newly made: {equation}",
        basis=Basis.INFERENCE,
        source="a heuristic; 上海2019 has 13 = 13 and 60 = 60",
        check=arithmetic.check_published_vs_made,
        tags=("proactive",),
        needs=frozenset({features.MADE_PUBLISHED}),
    ),
    # --- text ↔ table (T1–T12, FORMAT.md §6.3): what the narrative states against the cells -----
    _count_in_text(
        code="T1",
        topic=_narrative.RECEIVED,
        readings=text_checks.received_readings,
        severity=ERROR,
        title_zh="正文收到申请数",
        title_en="Applications received, text vs table",
        formula=(
            "“收到/受理/新收…申请N件” = applications.new.total (or new.total + "
            "carried_over.total, always when the text says 含上年结转)"
        ),
        source="FORMAT.md §6.3",
        tags=("text", "applications"),
        loose_severity=WARNING,
    ),
    _count_in_text(
        code="T2",
        topic=_narrative.CARRIED_OVER,
        readings=text_checks.row_readings("/applications/carried_over"),
        severity=ERROR,
        title_zh="正文上年结转数",
        title_en="Carried over, text vs table",
        formula="“上年结转N件” = applications.carried_over.total",
        source="FORMAT.md §6.3",
        tags=("text", "applications"),
    ),
    _count_in_text(
        code="T3",
        topic=_narrative.CONCLUDED,
        readings=text_checks.concluded_readings,
        severity=ERROR,
        title_zh="正文办结数",
        title_en="Applications concluded, text vs table",
        formula=(
            "“办结/答复N件” = applications.results.total.total (“办理N件” may also mean received)"
        ),
        source="FORMAT.md §6.3",
        tags=("text", "applications"),
        loose_severity=WARNING,
    ),
    _count_in_text(
        code="T4",
        topic=_narrative.CARRIED_FORWARD,
        readings=text_checks.row_readings("/applications/carried_forward"),
        severity=ERROR,
        title_zh="正文结转下年度数",
        title_en="Carried forward, text vs table",
        formula="“结转下年度/顺延…N件” = applications.carried_forward.total",
        source="FORMAT.md §6.3",
        tags=("text", "applications"),
    ),
    Rule(
        code="T5",
        severity=WARNING,
        title_zh="正文称全部办结",
        title_en="Text says every application was concluded",
        formula=(
            "“均已答复/办结”, “办结率100%” ⇒ carried_forward.total = 0 and results.total.total = "
            "the count"
        ),
        message_zh=(
            "正文“{quote}”称申请均已办结，但表中办理结果总计为{concluded}，"
            "结转下年度继续办理{forward}"
        ),
        message_en=(
            "the text “{quote}” says every application was concluded, but the table concludes "
            "{concluded} and carries {forward} forward"
        ),
        basis=Basis.INFERENCE,
        source="FORMAT.md §6.3; 将乐县2024, 清镇市2020",
        check=text_checks.check_all_concluded,
        tags=("text", "applications"),
    ),
    _count_in_text(
        code="T6",
        topic=_narrative.GROUP,
        readings=text_checks.group_readings,
        severity=ERROR,
        title_zh="正文办理结果分类数",
        title_en="Result group counts, text vs table",
        formula=(
            "“予以公开/部分公开/不予公开/无法提供/不予处理/其他处理 N件” = Σ_{ℓ∈group} Σ_{c∈C6} ℓ.c"
        ),
        source="FORMAT.md §6.3 and §6.5 (上海2019)",
        tags=("text", "applications"),
        loose_severity=WARNING,
    ),
    Rule(
        code="T7",
        severity=WARNING,
        title_zh="正文办理结果百分比",
        title_en="Result group percentages, text vs table",
        formula=(
            "“… N件，占x%”: x ≈ 100 × group / applications.results.total.total (to the printed "
            "digits)"
        ),
        message_zh="正文“{quote}”中{group}占{stated}，按表格应为{computed}（{count}/{base}）",
        message_en=(
            "the text “{quote}” gives {group} as {stated}; the table gives {computed} "
            "({count}/{base})"
        ),
        basis=Basis.INFERENCE,
        source="FORMAT.md §6.3",
        check=text_checks.check_percent,
        tags=("text", "applications"),
    ),
    _count_in_text(
        code="T8",
        topic=_narrative.APPEALS,
        readings=text_checks.appeal_readings,
        severity=ERROR,
        title_zh="正文复议、诉讼数",
        title_en="Appeal counts, text vs table",
        formula=(
            "“行政复议N件” = appeals.review.total; “行政诉讼N件” = litigation_direct.total + "
            "litigation_after_review.total"
        ),
        source="FORMAT.md §6.3",
        tags=("text", "appeals"),
    ),
    _count_in_text(
        code="T9",
        topic=_narrative.OUTCOME,
        readings=text_checks.outcome_readings,
        severity=ERROR,
        title_zh="正文复议、诉讼结果",
        title_en="Appeal outcomes, text vs table",
        formula=(
            "“其中N件维持/纠正/尚未审结…” = the outcome column of 复议 (or of both 诉讼 blocks); "
            "撤诉 ≤ 其他结果"
        ),
        source="FORMAT.md §6.3; 官渡区2024",
        tags=("text", "appeals"),
        loose_severity=WARNING,
    ),
    Rule(
        code="T10",
        severity=ERROR,
        title_zh="正文称均获维持",
        title_en="Text says every case was upheld",
        formula="“均获维持” ⇒ corrected + other + pending = 0 for the 复议/诉讼 the sentence names",
        message_zh=(
            "正文“{quote}”称均获维持，但表中{kind}有{not_upheld}件未获维持（结果纠正{corrected}，"
            "其他结果{other}，尚未审结{pending}）"
        ),
        message_en=(
            "the text “{quote}” says all were upheld, but the table has {not_upheld} {kind} cases "
            "not upheld (corrected {corrected}, other {other}, pending {pending})"
        ),
        basis=Basis.INFERENCE,
        source="FORMAT.md §6.5 (上海2019: 均获维持 while 3 cases were pending)",
        check=text_checks.check_all_upheld,
        tags=("text", "appeals"),
    ),
    Rule(
        code="T11",
        severity=WARNING,
        title_zh="正文称没有复议、诉讼",
        title_en="Text says there were no appeals",
        formula="“未出现复议、诉讼” ⇒ the named totals are 0",
        message_zh="正文“{quote}”称没有{kind}，但表中{kind}总计为{table}",
        message_en="the text “{quote}” says there was no {kind}, but the table counts {table}",
        basis=Basis.INFERENCE,
        source="FORMAT.md §6.3",
        check=text_checks.check_no_appeals,
        tags=("text", "appeals"),
    ),
    _count_in_text(
        code="T12",
        topic=_narrative.DOCUMENTS,
        readings=text_checks.document_readings,
        severity=ERROR,
        title_zh=f"正文{_DOCUMENT_ROWS}数",
        title_en="Rules and normative documents, text vs table",
        formula=(
            f"“制定/废止/现行有效 规章|{_DOCS_ROW_2019} N件” = "
            "proactive.rules|normative.made|repealed|in_force (2019: new_made)"
        ),
        source="FORMAT.md §6.3; 将乐县2024",
        tags=("text", "proactive"),
        loose_severity=WARNING,
    ),
    # --- across reports: one agency's consecutive years (X1, X2, X7) ----------------------------
    Rule(
        code="X1",
        severity=WARNING,
        title_zh="上年结转与上年报告衔接",
        title_en="Carried over matches last year's carried forward",
        formula="∀c∈C7: applications.carried_over.c(Y) = applications.carried_forward.c(Y−1)",
        message_zh=(
            "{year}年“上年结转”（{column}）为{now}，"
            "{previous}年报告的“结转下年度继续办理”为{before}"
        ),
        message_en=(
            "{year}: carried over ({column}) is {now}, the {previous} report carried {before} "
            "forward"
        ),
        basis=Basis.INFERENCE,
        source="the two rows count the same applications",
        check=cross_checks.check_continuity,
        tags=("series", "applications"),
        scope=Scope.SERIES,
    ),
    Rule(
        code="X2",
        severity=WARNING,
        title_zh=f"{_DOCS_2021['in_force']}衔接",
        title_en="In-force documents chain from last year",
        formula=(
            f"2021 format: in_force(Y) = in_force(Y−1) + made(Y) − repealed(Y) for {_DOCUMENT_ROWS}"
        ),
        message_zh=(
            f"{{row}}：{{year}}年{_DOCS_2021['in_force']}与{{previous}}年现行有效加本年制发减本年废止"
            "不符：{equation}"
        ),
        message_en=(
            "{row}: in force in {year} ≠ in force in {previous} + made − repealed: {equation}"
        ),
        basis=Basis.INFERENCE,
        source="a warning only: expiry (失效) and revisions also change the count",
        check=cross_checks.check_in_force_chain,
        tags=("series", "proactive"),
        needs=frozenset({features.IN_FORCE_CHAIN}),
        scope=Scope.SERIES,
    ),
    Rule(
        code="X7",
        severity=WARNING,
        title_zh="与上年报告雷同",
        title_en="Repeats last year's text",
        formula="share of this year's sentences (numbers masked) found in last year's text ≤ 50%",
        message_zh="{year}年报告正文有{share}与{previous}年报告相同（数字除外）",
        message_en="{share} of the {year} text repeats the {previous} report (numbers aside)",
        basis=Basis.OFFICIAL,
        source="30号: 内容雷同 is held to account; 宿迁 考核 deducts for > 50% repetition",
        check=cross_checks.check_repetition,
        tags=("series", "text"),
        scope=Scope.SERIES,
    ),
    # --- across reports: a roll-up against its children (X4) -------------------------------------
    Rule(
        code="X4",
        severity=WARNING,
        title_zh="汇总等于下级之和",
        title_en="Parent equals the sum of its children",
        formula="∀ count cell x of tables 三 and 四: parent.x = Σ children.x",
        message_zh="{cell}：汇总报告为{actual}，{children}份下级报告之和为{expected}",
        message_en=(
            "{cell}: the parent report has {actual}, its {children} children add up to {expected}"
        ),
        basis=Basis.INFERENCE,
        source="roll-up practice (KIROGOVCOMPARE hierarchy checks); not an official rule",
        check=cross_checks.check_rollup,
        tags=("rollup",),
        scope=Scope.ROLLUP,
    ),
)

RULES: Mapping[str, Rule] = {r.code: r for r in CATALOG}


def rule(code: str) -> Rule:
    """The catalog entry for ``code``; `KeyError` for an unknown code."""
    return RULES[code]


#: Checks FORMAT.md names that gkreport deliberately does not make, and why.
NOT_CHECKED: tuple[tuple[str, str], ...] = (
    (
        "X3′",
        (
            "in_force ≥ made fails legitimately when a document made this year was repealed "
            "or expired within the year; X3 is the safe form."
        ),
    ),
    (
        "X5",
        (
            "Table 四 is not bounded by table 三: appeals may concern earlier years' applications "
            "(瓯海审计局2024 had 0 applications and 3 appeals)."
        ),
    ),
)


def rules_markdown() -> str:
    """``docs/rules.md``: the catalog as a reference page."""
    out = [
        "# Rule catalog",
        "",
        "Generated from `gkreport/rules.py` by `python -m gkreport._generate`; do not edit.",
        "",
        (
            "Every finding `gkreport.validate` reports comes from one of these rules. "
            "Severity: `error` breaks the form's arithmetic or structure, `warning` needs a look, "
            "`info` is worth knowing. A rule with two severities reports the second when the "
            "evidence is loose (a sentence that admits another reading, or speaks of part of the "
            "agency)."
        ),
        "",
        (
            "Conventions: a blank cell counts as 0 in the arithmetic and is reported on its own "
            "(`blank`); a cell that held a mark is `mark`; a cell of the wrong type is reported "
            "(F5/F6/F6b) and every identity using it is skipped. Totals are never recomputed into "
            f"the data. A 2021 {layout.OTHER_PROCESSING_LABEL} given only as a group row "
            "(a note on "
            "`/applications/results/other`) is `other-group-only`; when the note holds the row's "
            "seven numbers, F3 uses them as the sum of the three sub-rows, otherwise F3 is "
            "skipped. "
            "Text findings quote the sentence after normalisation (simplified characters, "
            "half-width punctuation, no pinyin annotations or spaces)."
        ),
        "",
        (
            "Notation: C6 = the six applicant columns, C7 = C6 + 总计; LEAF21/LEAF19 = the result "
            "rows of the 2021/2019 format (（六） is three rows in 2021, one in 2019)."
        ),
        "",
        "| code | severity | title | scope | formats | basis |",
        "|---|---|---|---|---|---|",
    ]
    for r in CATALOG:
        severity = r.severity.value + (f" / {r.loose_severity.value}" if r.loose_severity else "")
        out.append(
            f"| [`{r.code}`](#{r.code.lower()}) | {severity} | {r.title_zh} — {r.title_en} "
            f"| {r.scope.value} | {', '.join(r.formats)} | {r.basis.value} |"
        )
    for r in CATALOG:
        severity = r.severity.value + (
            f" (loose: {r.loose_severity.value})" if r.loose_severity else ""
        )
        out += [
            "",
            f"## {r.code}",
            "",
            f"**{r.title_zh}** — {r.title_en}",
            "",
            f"- severity: {severity}",
            f"- scope: {r.scope.value}; formats: {', '.join(r.formats)}; tags: {', '.join(r.tags)}",
            f"- formula: {r.formula}",
            f"- basis: {r.basis.value} — {r.source}",
            f"- message (zh): {r.message_zh}",
            f"- message (en): {r.message_en}",
        ]
    out += ["", "## Not checked", ""]
    out += [f"- **{code}**: {why}" for code, why in NOT_CHECKED]
    return "\n".join(out) + "\n"
