"""The 填报说明 sheet: what the workbook asks for, in Chinese, generated for one format.

Every fact comes from where it is kept: the notice and years from the forms registry,
the tables' rows and columns from the layout, the live checks and their words from
`gkreport.excel._livechecks`, the rules' titles and count from the rule catalog. So a
label or rule fixed there is fixed here. Nothing here imports openpyxl: the writer
draws these lines (`gkreport.excel._draw`).
"""

from __future__ import annotations

import functools

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Kind, Row
from gkreport._workbook_map import (
    ALL_CORRECT,
    CORRECT,
    INSTRUCTIONS_SHEET,
    MAIN_SHEET,
    NOT_FILLED,
    NOTES_SHEET,
    TEXT_SHEET,
    VERDICT_LABEL,
    WRONG,
    instructions_title,
    sheet_layout,
    wrong_count,
)
from gkreport.excel._livechecks import check_address, check_cells, identity_words

__all__ = ["Line", "instructions"]

#: The 条例's articles on the annual report (FORMAT.md §1.1).
_REGULATION = "《中华人民共和国政府信息公开条例》第四十九条、第五十条"


@attrs.frozen
class Line:
    """One row of the sheet: ``role`` is "title", "heading", "text" or "item" (key, text)."""

    role: str
    text: str
    key: str = ""


@functools.cache
def instructions(format_id: str) -> tuple[Line, ...]:
    """The lines of the 填报说明 sheet for ``format_id``."""
    fmt = layout.get_format(format_id)
    lines = [Line("title", instructions_title(format_id))]
    lines += _basis(fmt)
    lines += _sheets()
    lines += _tables(fmt)
    lines += _filling(fmt)
    lines += _checks(format_id)
    lines += _validating(fmt)
    return tuple(lines)


def _basis(fmt: layout.Format) -> list[Line]:
    if fmt.last_year is None:
        years = f"{fmt.first_year}年度及以后"
    else:
        years = "、".join(str(y) for y in range(fmt.first_year or fmt.last_year, fmt.last_year + 1))
        years += "年度"
    return [
        Line("heading", "一、依据"),
        Line(
            "text",
            f"本工作簿按{fmt.notice}规定的政府信息公开工作年度报告统一格式制作，适用于{years}"
            f"的年度报告。报告内容依照{_REGULATION}确定。",
        ),
    ]


def _sheets() -> list[Line]:
    metadata = "、".join(label for _field, label, _english in layout.METADATA)
    parts = "、".join(part.label for part in layout.PARTS)
    return [
        Line("heading", "二、工作表"),
        Line("item", "本说明，读取报告时不读。", INSTRUCTIONS_SHEET),
        Line(
            "item",
            f"基本信息（{metadata}）和表二、表三、表四。淡黄色单元格填写，其余单元格已锁定"
            "（工作表保护，没有密码），以免误改表头。",
            MAIN_SHEET,
        ),
        Line(
            "item",
            f"正文的六个部分（{parts}），每部分写在标题右侧的单元格中；"
            "行高可以调整，打印时按行高显示。",
            TEXT_SHEET,
        ),
        Line("item", "表格容纳不下的说明，一行一条；一般不必填写。", NOTES_SHEET),
    ]


def _tables(fmt: layout.Format) -> list[Line]:
    lines = [Line("heading", "三、各表内容")]
    rows = {row.id: row for row in fmt.proactive.children if isinstance(row, Row)}
    blocks = []
    for block in fmt.blocks:
        names = "、".join(rows[r].label for r in block.rows)
        columns = "、".join(cell.label for cell in rows[block.rows[0]].cells)
        blocks.append(f"{block.caption}：{names}（{columns}）")
    lines.append(Line("item", "；".join(blocks) + "。", fmt.proactive.label))
    applicants = "、".join(cell.label for cell in layout.APPLICANT_COLUMNS)
    top = "；".join(child.label for child in fmt.applications.children)
    lines.append(
        Line(
            "item",
            f"按申请人分列（{applicants}）：{top}。办理结果按（一）至（七）各项填写，"
            f"每件申请只计入一项。{layout.COLUMN_NOTE}",
            fmt.applications.label,
        )
    )
    blocks4 = "、".join(child.label for child in fmt.appeals.children)
    columns4 = "、".join(cell.label for cell in layout.APPEAL_COLUMNS)
    lines.append(Line("item", f"{blocks4}各填{columns4}。", fmt.appeals.label))
    return lines


def _filling(fmt: layout.Format) -> list[Line]:
    from gkreport._validation import catalog as rules  # noqa: PLC0415 - titles, on first use

    kinds = {leaf.cell.kind: leaf for leaf in fmt.leaves()}
    lines = [
        Line("heading", "四、怎样填写"),
        Line("item", "数量以件为单位，填写不小于0的整数。", "数字"),
        Line(
            "item",
            "没有发生的事项填 0。留空表示没有填报：核对时按0计算，校验时提示"
            f"“{rules.rule('blank').title_zh}”。",
            "0 与空白",
        ),
        Line(
            "item",
            "数字单元格不要填“无”“—”“/”等符号：这类符号按0计算，校验时提示"
            f"“{rules.rule('mark').title_zh}”。正文某部分确实没有内容时，写明“无”并说明情况。",
            "“无”",
        ),
    ]
    if Kind.MONEY in kinds:
        money = kinds[Kind.MONEY]
        lines.append(
            Line(
                "item",
                f"{money.row_labels[-1]}的金额以万元为单位，只填数字，可带小数，"
                "如 96171.6；不要写“万元”等字样。",
                "万元",
            )
        )
    if Kind.SIGNED in kinds:
        signed = kinds[Kind.SIGNED]
        lines.append(Line("item", f"{signed.cell.label}填写整数，减少用负数表示，如 -8。", "增减"))
    if Kind.TEXT in kinds:
        text = kinds[Kind.TEXT]
        lines.append(Line("item", f"{text.cell.label}按原样填写文字，如“251000元”。", "文字"))
    kinds_list = "或".join(label for label, _deadline in layout.KINDS.values())
    lines.append(
        Line(
            "item",
            f"报告年度填四位数年份；机关类别从下拉列表选择{kinds_list}；"
            "发布日期按 2025-01-20 的格式填写。",
            "基本信息",
        )
    )
    return lines


def _checks(format_id: str) -> list[Line]:
    from gkreport._validation import catalog as rules  # noqa: PLC0415 - titles, on first use

    row = sheet_layout(format_id).verdict_row
    lines = [
        Line("heading", "五、自动核对"),
        Line(
            "text",
            f"{MAIN_SHEET}表格右侧和下方的核对单元格随填写自动计算：显示“{CORRECT}”表示该项勾稽"
            f"关系成立，“{WRONG}”表示不成立（请核对相关单元格），空白表示相关单元格都还没有填写。"
            f"第{row}行的“{VERDICT_LABEL}”汇总全部核对单元格：都成立时显示“{ALL_CORRECT}”，"
            f"否则显示错误的处数（如“{wrong_count(2)}”），都未填写时显示“{NOT_FILLED}”。"
            "各核对单元格检查的关系如下（单元格：规则，关系）：",
        ),
    ]
    for check in check_cells(format_id):
        code = check.identity.code
        words = identity_words(format_id, check.identity)
        lines.append(
            Line("item", f"{code} {rules.rule(code).title_zh}：{words}", check_address(check))
        )
    return lines


def _validating(fmt: layout.Format) -> list[Line]:
    from gkreport._validation import catalog as rules  # noqa: PLC0415 - the catalog, on first use

    count = sum(
        1 for rule in rules.CATALOG if rule.applies_to(fmt) and rule.scope is rules.Scope.REPORT
    )
    return [
        Line("heading", "六、校验整个报告"),
        Line(
            "text",
            f"自动核对只检查表格内的勾稽关系。填写完成后，请用 gkreport 校验整个工作簿，"
            f"它按全部 {count} 条规则检查表格、正文与表格数字是否一致、年份和文字等："
            "命令行运行 gkreport validate 报告.xlsx；"
            "或将工作簿上传到本地区提供的在线校验页面（如有）。",
        ),
    ]
