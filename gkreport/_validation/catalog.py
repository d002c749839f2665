"""The rule catalog: every check gkreport makes, as data.

Each `Rule` has a stable code (FORMAT.md's ids: F1…F6b, X1…X10, D1…D10; T1…T13 for
the text ↔ table checks of §6.3; plus ``schema``, ``blank``, ``unread``, ``implausible``, ``mark``,
``other-group-only``, ``diagnosis``, ``missing-metadata`` and ``copies``), a severity (FORMAT.md
§9.3), the formula, its basis and the function that applies it; its title and its
Chinese and English message templates are kept by code in
`gkreport._validation.messages`. The engine (`gkreport.validate`) only runs the
catalog and renders what the checks return; ``docs/rules.md`` is written from it
by ``tools/generate.py``. The order of the catalog is the order of the reference
page and of findings of equal severity.

The checks live beside the catalog, one private module per family:
`gkreport._validation.checks.arithmetic` (F1–F4, the diagnosis, X3, X6),
`gkreport._validation.checks.cells` (schema, F5/F6/F6b, blank, unread, implausible, mark, D7,
other-group-only),
`gkreport._validation.checks.document` (missing-metadata, copies, D1–D6, D8–D10),
`gkreport._validation.checks.text` (T1–T13) and `gkreport._validation.checks.across` (X1, X2,
X7, X8, X10 over an agency's years; X9 over a run of agencies; X4). They read `Facts`, a flat
``{pointer: value}`` view of one report (`gkreport._validation.facts`), so nothing walks the
layout while validating.

Conventions every check follows:

* a blank cell counts as 0 in the arithmetic and is reported (``blank``, grouped
  by table, column and row: `gkreport._validation.grouping`); a cell that held a
  mark ("-", "/", "无") is an info finding (``mark``); a value of the wrong type
  is reported (F5/F6/F6b) and every identity that uses it is skipped rather than
  guessed;
* a row the reader saw but could not capture (a note of kind ``unread``) is one
  finding (``unread``); its cells are unknown rather than blank, so the ``blank``
  finding, every identity (F1–F4, the diagnosis) and every text check (T1–T12)
  that needs one of them is skipped, and a table holding it is not empty (D7);
  a count a text reader set aside (a note of kind ``implausible``: the report's
  year read into table 四) is one finding (``implausible``) and its cell is unknown
  the same way;
* a total is never recomputed into the data: a failing identity reports the
  printed value, the value the other cells imply and the full equation;
* a 2021 report whose （六）其他处理 came only as a group row (the parsers keep
  its numbers in a note on ``/applications/results/other``) is reported
  (``other-group-only``); when that note holds the seven numbers of the row,
  F3 uses them as the sum of the three sub-rows, otherwise F3 is skipped for it.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
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
from gkreport._validation.messages import (
    RULE_TEXTS,
    RuleText,
    add_rule_text,
    remove_rule_text,
)
from gkreport._validation.narrative import Statement

# Official labels quoted in titles and messages, read from the layout (written once there),
# each from a format that prints it.
_CHAIN = registry.first_with(features.IN_FORCE_CHAIN)
_PUBLISHED = registry.first_with(features.MADE_PUBLISHED)
_RESULTS_TOTAL = registry.current().node("applications.results.total").label
_FEE_ROW = registry.first_with(features.FEE_AMOUNT).row("proactive.fees").label
_FEE_COLUMN = registry.first_with(features.FEE_AMOUNT).row("proactive.fees").cells[0].label
_DELTA_COLUMN = next(
    c.label
    for c in registry.first_with(features.SIGNED_DELTA).row("proactive.fees").cells
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
]


class Basis(str, enum.Enum):
    """Where a rule comes from (FORMAT.md §0)."""

    OFFICIAL = "official"  #: printed in the official form or notice
    LAW = "law"  #: 《政府信息公开条例》
    INFERENCE = "inference"  #: follows from the structure of the form; stated nowhere


class Scope(str, enum.Enum):
    """What a rule looks at: one report, an agency's years, a roll-up, or a whole run."""

    REPORT = "report"
    SERIES = "series"
    ROLLUP = "rollup"
    RUN = "run"  #: every report validated together (different agencies)


@attrs.frozen
class Rule:
    """One check of the catalog."""

    code: str
    severity: Severity
    formula: str
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

    # The words live in `gkreport._validation.messages`, by code: one place for every message.

    @property
    def title_zh(self) -> str:
        """The title in Chinese."""
        return RULE_TEXTS[self.code].title_zh

    @property
    def title_en(self) -> str:
        """The title in English."""
        return RULE_TEXTS[self.code].title_en

    @property
    def message_zh(self) -> str:
        """The Chinese message template (``{named}`` parameters)."""
        return RULE_TEXTS[self.code].message_zh

    @property
    def message_en(self) -> str:
        """The English message template (``{named}`` parameters)."""
        return RULE_TEXTS[self.code].message_en


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _count_in_text(
    *, code: str, topic: str, readings: Callable[[Facts, Statement], Readings], **fields: Any
) -> Rule:
    """A T rule that compares a count the narrative states with the table's readings of it.

    They share their message, their basis and their check (`text_checks.compare`).
    """
    return Rule(
        code=code,
        basis=Basis.INFERENCE,
        check=text_checks.compare(code, topic, readings),
        **fields,
    )


CATALOG: tuple[Rule, ...] = (
    # --- the payload: does it fit report.schema.json at all ------------------------------------
    Rule(
        code="schema",
        severity=ERROR,
        formula="the payload validates against report.schema.json",
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
        formula=(
            "one cell c lies in ≥ 2 failing identities, in no holding one, and each asks the same "
            "change; those identities are folded into the finding (explains)"
        ),
        basis=Basis.INFERENCE,
        source="the failing identities of F1–F4 taken together",
        check=arithmetic.check_diagnosis,
        tags=("arithmetic", "diagnosis"),
    ),
    Rule(
        code="F1",
        severity=ERROR,
        formula=(
            "∀c∈C7: applications.new.c + applications.carried_over.c = "
            "applications.results.total.c + applications.carried_forward.c"
        ),
        basis=Basis.OFFICIAL,
        source="the column note printed in the form (2019 and 2021)",
        check=arithmetic.check_identity("F1"),
        tags=("arithmetic", "applications"),
    ),
    Rule(
        code="F2",
        severity=ERROR,
        formula="∀ row r of table 三: applications.r.total = Σ_{c∈C6} applications.r.c",
        basis=Basis.INFERENCE,
        source="the column is labelled 总计",
        check=arithmetic.check_identity("F2"),
        tags=("arithmetic", "applications"),
    ),
    Rule(
        code="F3",
        severity=ERROR,
        formula=(
            "∀c∈C7: applications.results.total.c = Σ_{ℓ∈LEAF21|LEAF19} applications.results.ℓ.c"
        ),
        basis=Basis.INFERENCE,
        source=f"the row is {_RESULTS_TOTAL} and the 部分公开 rule counts each application once",
        check=arithmetic.check_identity("F3"),
        tags=("arithmetic", "applications"),
    ),
    Rule(
        code="F4",
        severity=ERROR,
        formula=(
            "∀ block b ∈ {review, litigation_direct, litigation_after_review}: appeals.b.total = "
            "b.upheld + b.corrected + b.other + b.pending"
        ),
        basis=Basis.INFERENCE,
        source="the column is labelled 总计",
        check=arithmetic.check_identity("F4"),
        tags=("arithmetic", "appeals"),
    ),
    # --- cells: types (F5, F6, F6b), blanks, marks, a 2021 （六） given on its group row only -----
    Rule(
        code="F5",
        severity=ERROR,
        formula="every count cell (tables 二, 三, 四) is an integer ≥ 0",
        basis=Basis.INFERENCE,
        source="counts of applications, cases and documents (件)",
        check=cell_checks.check_types((Kind.COUNT,), "F5"),
        tags=("cells",),
    ),
    Rule(
        code="F6",
        severity=ERROR,
        formula="proactive.fees.amount ≥ 0, decimals allowed, unit 万元",
        basis=Basis.OFFICIAL,
        source=f"the column label {_FEE_COLUMN}",
        check=cell_checks.check_types((Kind.MONEY,), "F6"),
        tags=("cells", "proactive"),
        needs=frozenset({features.FEE_AMOUNT}),
    ),
    Rule(
        code="F6b",
        severity=ERROR,
        formula="delta is a signed integer; procurement.amount is kept as the printed text",
        basis=Basis.OFFICIAL,
        source=f"the 2019 form's {_DELTA_COLUMN} column; 湖北 notes: 减用负值表示",
        check=cell_checks.check_types((Kind.SIGNED, Kind.TEXT), "F6b"),
        tags=("cells", "proactive"),
        needs=frozenset({features.SIGNED_DELTA}),
    ),
    Rule(
        code="blank",
        severity=WARNING,
        formula=(
            "every number cell is filled; write 0 when there were none (a blank counts as 0); "
            "one finding per table, and one per blank column, row or cell that explains failing "
            "identities"
        ),
        basis=Basis.INFERENCE,
        source="blank ≠ 0: FORMAT.md §5 zero values, §6 blank cells",
        check=cell_checks.check_blank,
        tags=("cells",),
    ),
    Rule(
        code="unread",
        severity=WARNING,
        formula=(
            "every row of the form the source shows is read; a row seen but not captured "
            "(an unread note) leaves its cells unknown, and the identities and blank checks "
            "that need them are skipped"
        ),
        basis=Basis.INFERENCE,
        source="the readers' unread notes: a value not read is unknown, neither blank nor 0",
        check=cell_checks.check_unread,
        tags=("cells",),
    ),
    Rule(
        code="implausible",
        severity=WARNING,
        formula=(
            "a count of 三 or 四 read from text is not the report year (± 1), nor ≥ 1,000 and "
            "more than 100 × every other count of its table; such a value is set aside (an "
            "implausible note), its cell unknown, and the identities that need it are skipped"
        ),
        basis=Basis.INFERENCE,
        source="narrative numbers read as cells (四 read as 2/2024/294/97 in a 2024 report)",
        check=cell_checks.check_implausible,
        tags=("cells",),
    ),
    Rule(
        code="mark",
        severity=INFO,
        formula="a cell holding “-”, “/”, “无”, “—” or “不适用” is read as blank and counted as 0",
        basis=Basis.INFERENCE,
        source="marks seen in real reports (武汉2020 “-”)",
        check=cell_checks.check_mark,
        tags=("cells",),
    ),
    Rule(
        code="other-group-only",
        severity=WARNING,
        formula=(
            f"2021 format: {layout.OTHER_PROCESSING_LABEL} is given in its three sub-rows, "
            "not on the group row"
        ),
        basis=Basis.OFFICIAL,
        source="国办公开办函〔2021〕30号 splits （六） into three rows (FORMAT.md §9.5)",
        check=cell_checks.check_other_group,
        tags=("format", "applications"),
        needs=frozenset({features.OTHER_SUBROWS}),
    ),
    # --- the document (D1–D7): year, deadline, the six parts and what they cover ----------------
    Rule(
        code="missing-metadata",
        severity=WARNING,
        formula=(
            "a report names its agency and year (title, publishing sentence, 统计期限, the "
            "workbook's fields); without the year D1, D2 and D4 cannot run, without either X1, "
            "X2, X7, X8 and X10"
        ),
        basis=Basis.INFERENCE,
        source="no check is skipped in silence",
        check=document_checks.check_metadata,
        tags=("document",),
    ),
    Rule(
        code="copies",
        severity=WARNING,
        formula=(
            "a file holds one set of tables: a second copy of them gives every cell the "
            "same number as the first (the reader keeps the first and notes the other)"
        ),
        basis=Basis.INFERENCE,
        source="a cell cannot hold two numbers; the text reader's notes on a second copy",
        check=document_checks.check_copies,
        tags=("document", "cells"),
    ),
    Rule(
        code="D1",
        severity=WARNING,
        formula="the title year and the 统计期限 name the report year Y",
        basis=Basis.INFERENCE,
        source="the 统计期限 sentence printed by most reports",
        check=document_checks.check_years,
        tags=("document",),
    ),
    Rule(
        code="D2",
        severity=WARNING,
        formula="published_on ≤ Y+1-01-31 (部门) or Y+1-03-31 (本级人民政府)",
        basis=Basis.LAW,
        source="《政府信息公开条例》第四十九条",
        check=document_checks.check_deadline,
        tags=("document",),
    ),
    Rule(
        code="D3",
        severity=ERROR,
        formula=(
            "each of the six parts of 条例第五十条 is present: its text, or for 二–四 its table "
            "(when the report carries text at all)"
        ),
        basis=Basis.LAW,
        source="《政府信息公开条例》第五十条 and the official template",
        check=document_checks.check_parts,
        tags=("document",),
    ),
    Rule(
        code="D4",
        severity=ERROR,
        formula="Y ≥ 2021 → 2021 format; Y ∈ {2019, 2020} → 2019 trial format",
        basis=Basis.OFFICIAL,
        source="国办公开办函〔2019〕60号 and 〔2021〕30号",
        check=document_checks.check_format_year,
        tags=("document", "format"),
    ),
    Rule(
        code="D5",
        severity=WARNING,
        formula="2021 format: part 六 says whether 信息处理费 was charged (“未收取” is fine)",
        basis=Basis.OFFICIAL,
        source="30号 guidance for part 六; 国办函〔2020〕109号",
        check=document_checks.check_fee_statement,
        tags=("document", "text"),
        needs=frozenset({features.FEE_STATEMENT}),
    ),
    Rule(
        code="D6",
        severity=INFO,
        formula="part 一 covers 主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障",
        basis=Basis.OFFICIAL,
        source="30号 guidance for part 一",
        check=document_checks.check_overview,
        tags=("document", "text"),
    ),
    Rule(
        code="D7",
        severity=WARNING,
        formula=(
            "tables 二, 三 and 四 are filled (a wholly blank table is one finding, not one per "
            "cell)"
        ),
        basis=Basis.INFERENCE,
        source="every cell of the form holds a number, 0 for none",
        check=cell_checks.check_empty_table,
        tags=("cells",),
    ),
    Rule(
        code="D8",
        severity=INFO,
        formula=(
            "the report cites the notice of its own format (Format.notice), not only another "
            "format's"
        ),
        basis=Basis.OFFICIAL,
        source="国办公开办函〔2019〕60号 and 〔2021〕30号 each set their own form",
        check=document_checks.check_notice,
        tags=("document", "format"),
    ),
    Rule(
        code="D9",
        severity=WARNING,
        formula=(
            "no placeholder of the template is left in the title, agency or text: XX, ××, "
            "X年, XXXX年, （文字描述）, 本行政机关（或…行政机关）"
        ),
        basis=Basis.INFERENCE,
        source="the official template's fill-in marks; drafts published unfilled",
        check=document_checks.check_template_text,
        tags=("document", "text"),
    ),
    Rule(
        code="D10",
        severity=WARNING,
        formula=(
            "part 五 has ≥ 10 characters after its heading and is not only 无/暂无/略; part 六 "
            "is 无, a fee statement or ≥ 10 characters"
        ),
        basis=Basis.LAW,
        source="《政府信息公开条例》第五十条: 存在的主要问题及改进情况 are to be reported",
        check=document_checks.check_part_content,
        tags=("document", "text"),
    ),
    # --- plausibility of table 二 within one report (X3, X6) --------------------------------------
    Rule(
        code="X3",
        severity=WARNING,
        formula=(
            f"proactive.r.made ≤ proactive.r.in_force + proactive.r.repealed ({_DOCUMENT_ROWS})"
        ),
        basis=Basis.INFERENCE,
        source="a document made this year is either in force or was repealed",
        check=arithmetic.check_made_vs_in_force,
        tags=("proactive",),
        needs=frozenset({features.IN_FORCE_CHAIN}),
    ),
    Rule(
        code="X6",
        severity=WARNING,
        formula="2019 format: proactive.r.new_published ≤ proactive.r.new_made (heuristic)",
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
        formula="“上年结转N件” = applications.carried_over.total",
        source="FORMAT.md §6.3",
        tags=("text", "applications"),
    ),
    _count_in_text(
        code="T3",
        topic=_narrative.CONCLUDED,
        readings=text_checks.concluded_readings,
        severity=ERROR,
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
        formula="“结转下年度/顺延…N件” = applications.carried_forward.total",
        source="FORMAT.md §6.3",
        tags=("text", "applications"),
    ),
    Rule(
        code="T5",
        severity=WARNING,
        formula=(
            "“均已答复/办结”, “办结率100%” ⇒ carried_forward.total = 0 and results.total.total = "
            "the count"
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
        formula=(
            "“… N件，占x%”: x ≈ 100 × group / applications.results.total.total (to the printed "
            "digits)"
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
        formula="“均获维持” ⇒ corrected + other + pending = 0 for the 复议/诉讼 the sentence names",
        basis=Basis.INFERENCE,
        source="FORMAT.md §6.5 (上海2019: 均获维持 while 3 cases were pending)",
        check=text_checks.check_all_upheld,
        tags=("text", "appeals"),
    ),
    Rule(
        code="T11",
        severity=WARNING,
        formula="“未出现复议、诉讼” ⇒ the named totals are 0",
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
        formula=(
            f"“制定/废止/现行有效 规章|{_DOCS_ROW_2019} N件” = "
            "proactive.rules|normative.made|repealed|in_force (2019: new_made)"
        ),
        source="FORMAT.md §6.3; 将乐县2024",
        tags=("text", "proactive"),
        loose_severity=WARNING,
    ),
    Rule(
        code="T13",
        severity=WARNING,
        formula=(
            f"“{_FEE_ROW}…N元, N万元 or N亿元” = proactive.fees.amount (万元, converted "
            "exactly); "
            "信息处理费 is another fee and is not compared"
        ),
        basis=Basis.INFERENCE,
        source=f"the column label {_FEE_COLUMN}; 淮安市2024 states both fees",
        check=text_checks.check_fee_amount,
        tags=("text", "proactive"),
        needs=frozenset({features.FEE_AMOUNT}),
    ),
    # --- across reports: one agency's consecutive years (X1, X2, X7) ----------------------------
    Rule(
        code="X1",
        severity=WARNING,
        formula="∀c∈C7: applications.carried_over.c(Y) = applications.carried_forward.c(Y−1)",
        basis=Basis.INFERENCE,
        source="the two rows count the same applications",
        check=cross_checks.check_continuity,
        tags=("series", "applications"),
        scope=Scope.SERIES,
    ),
    Rule(
        code="X2",
        severity=WARNING,
        formula=(
            f"2021 format: in_force(Y) = in_force(Y−1) + made(Y) − repealed(Y) for {_DOCUMENT_ROWS}"
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
        formula="share of this year's sentences (numbers masked) found in last year's text ≤ 50%",
        basis=Basis.OFFICIAL,
        source="30号: 内容雷同 is held to account; 宿迁 考核 deducts for > 50% repetition",
        check=cross_checks.check_repetition,
        tags=("series", "text"),
        scope=Scope.SERIES,
    ),
    Rule(
        code="X8",
        severity=WARNING,
        formula=(
            "not every count of tables 二–四 equals last year's report while ≥ 5 of them are "
            "non-zero (same format)"
        ),
        basis=Basis.INFERENCE,
        source="a table copied from last year's report; all-zero tables of small agencies repeat",
        check=cross_checks.check_same_numbers,
        tags=("series",),
        scope=Scope.SERIES,
    ),
    Rule(
        code="X10",
        severity=INFO,
        formula=(
            "applications.new.total and each result group of 三: max(Y, Y−1) < 5 × min(Y, Y−1) "
            "when both are ≥ 20"
        ),
        basis=Basis.INFERENCE,
        source="reviewers ask about a fivefold change; below 20 counts swing too easily",
        check=cross_checks.check_jump,
        tags=("series", "applications"),
        scope=Scope.SERIES,
    ),
    # --- across reports: the agencies of one run (X9) ------------------------------------------
    Rule(
        code="X9",
        severity=WARNING,
        formula=(
            "share of a report's sentences (numbers masked) found in one other agency's report "
            "of the run ≤ 50%"
        ),
        basis=Basis.OFFICIAL,
        source="30号: 内容雷同 is held to account; an exact sentence index, linear in the run",
        check=cross_checks.check_copied_text,
        tags=("run", "text"),
        scope=Scope.RUN,
    ),
    # --- across reports: a roll-up against its children (X4) -------------------------------------
    Rule(
        code="X4",
        severity=WARNING,
        formula="∀ count cell x of tables 三 and 四: parent.x = Σ children.x",
        basis=Basis.INFERENCE,
        source="roll-up practice (KIROGOVCOMPARE hierarchy checks); not an official rule",
        check=cross_checks.check_rollup,
        tags=("rollup",),
        scope=Scope.ROLLUP,
    ),
)

RULES: Mapping[str, Rule] = {r.code: r for r in CATALOG}

#: Caches of the engine that depend on which rules exist (cleared when the catalog changes).
_WATCHERS: list[Callable[[], object]] = []


def rule(code: str) -> Rule:
    """The catalog entry for ``code``; `KeyError` for an unknown code."""
    return RULES[code]


def watch(cache_clear: Callable[[], object]) -> None:
    """Call ``cache_clear`` whenever a rule is added to or removed from the catalog."""
    _WATCHERS.append(cache_clear)


@contextlib.contextmanager
def registered(new: Rule, text: RuleText) -> Iterator[Rule]:
    """The catalog with ``new`` (and its words) added for the duration of the block.

    The shipped rules are written in `CATALOG` above, their words in
    `gkreport._validation.messages`; this is for a check of one's own (a region's
    house rule) or a test's toy rule, which then runs, renders and documents like
    any other. A code already in the catalog is refused.
    """
    global CATALOG, RULES
    if new.code in RULES:
        msg = f"rule {new.code!r} is already in the catalog"
        raise ValueError(msg)
    saved = CATALOG, RULES
    CATALOG, RULES = (*CATALOG, new), {**RULES, new.code: new}
    add_rule_text(new.code, text)
    _changed()
    try:
        yield new
    finally:
        CATALOG, RULES = saved
        remove_rule_text(new.code)
        _changed()


def _changed() -> None:
    for cache_clear in _WATCHERS:
        cache_clear()
