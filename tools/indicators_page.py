"""``docs/indicators.md``: the metric dictionary as a reference page.

Build-time only: `tools/generate.py` writes the page from `gkreport._indicators`, so
each measure's id, names, formula per format and not-applicable cases are written
once, in the dictionary. What others call by the same name, and how they count it,
is kept here (`ELSEWHERE`), with where it was read.
"""

from __future__ import annotations

from decimal import Decimal

from gkreport._forms import registry
from gkreport._indicators import (
    DISPLAY_PLACES,
    METRICS,
    NOT_AVAILABLE,
    PRECISION,
    Metric,
    MetricKind,
    display,
)

__all__ = ["ELSEWHERE", "indicators_markdown"]

_PUTUO = (
    "上海市普陀区《2022年上半年政府信息公开数据统计》"
    "(<http://www.shpt.gov.cn/shpt/tjsj-tjsjzhzwqfbzfwj2021/20220725/847939.html>)"
)
_SHANGHAI_2007 = (
    "a 2008 analysis of Shanghai's 2006 and 2007 figures "
    "(<https://electronicgovernance.blogspot.com/2008/04/20062007.html>)"
)
_PROVINCES = (
    "a study of the 31 provincial reports of 2011–2013 (<https://scholarmate.com/S/TG0PSw>)"
)
_BEIJING = "新京报, 2020-03-31, on 北京市2019年法治政府建设报告 (“直接纠错率13.8%”, “败诉率11.8%”)"
_FAZHUYUN = "法驻云, 如何统计行政诉讼案件的胜诉率? (<https://www.fazhuyun.cn/lawTopic/627863/24>)"

#: How others define a measure of the same name, by metric id: what differs, and the source.
ELSEWHERE: dict[str, tuple[str, ...]] = {
    "disclosure_rate": (
        (
            f"{_PUTUO} gives “公开率 30.80%” for 81 applications granted in full or in part out of "
            "263 answered (267 received): the same numerator and the same denominator "
            "(applications "
            "concluded, not applications received) as here."
        ),
        (
            f"{_SHANGHAI_2007} reports a “全部公开答复率” (67.61% in 2007, 75.06% in 2006) that "
            "counts full disclosure only: it leaves 部分公开 out of the numerator, so it is lower "
            "than this 公开率 whenever any application was partly granted."
        ),
        (
            f"{_PROVINCES} speaks of a “同意申请公开率” computed from the pre-2019 tables, whose "
            "categories (同意公开 / 同意部分公开 / 不同意公开) do not map one to one onto the 2019 "
            "and 2021 result rows; values from before 2019 are not comparable with this measure."
        ),
        (
            "Some reports divide by the applications received (新收) instead of those concluded; "
            "with carried-over or carried-forward applications the two differ. The narrative "
            "percentages the validator checks (T7) are taken over （七）总计, as here."
        ),
    ),
    "denial_rate": (
        (
            f"{_SHANGHAI_2007} reports a “拒绝公开答复率” that grew from 20.48% to 27.32%; it "
            "counts refusals of every kind, closer to 不予公开率 + 无法提供率 + 不予处理率 here."
        ),
    ),
    "completion_rate": (
        (
            "Reports often state a “办结率” that means concluded *within the time limit* "
            "(按期办结率): 清镇市 2020 (examples/qingzhen-2020.json) writes "
            "“在20个工作日内办结率100%” "
            "while its table concludes 40 of 41 applications (this measure: 97.6%, and rule T5 "
            "warns). The tables do not record timeliness, so only the share concluded is computed."
        ),
    ),
    "review_correction_rate": (
        (
            f"{_BEIJING}: 复议 “直接纠错率” over cases decided (审结), as here, but over all "
            "administrative review cases of a government, not only those on information "
            "disclosure; “direct” leaves out corrections reached by mediation or withdrawal, which "
            "the form's 结果纠正 column may or may not include."
        ),
        (
            "Counting pending cases (尚未审结) in the denominator, as some summaries do, makes the "
            "rate lower while cases are open; here they are left out."
        ),
    ),
    "litigation_correction_rate": (
        f"{_BEIJING}: 败诉率 over first-instance cases decided (审结), as here.",
        (
            f"{_FAZHUYUN} defines 胜诉率 = 胜诉案件数 / 总案件数, over *all* cases, pending ones "
            "included: a lower value while cases are open."
        ),
        (
            "The form does not tell a court judgment from a settlement: 结果纠正 counts every "
            "outcome that corrected the agency, so this 败诉率 is an upper bound of judgments "
            "lost; "
            "其他结果 (withdrawn, dismissed) counts as not corrected."
        ),
    ),
}


def _formula_text(metric: Metric, format_id: str) -> str:
    formula = metric.formula(format_id)
    if formula is None:
        return "— (the format has no such row)"

    def side(terms: tuple[tuple[int, str], ...]) -> str:
        text = ""
        for sign, cell in terms:
            text += (" − " if sign < 0 else " + ") if text else ("−" if sign < 0 else "")
            text += f"`{cell}`"
        return text

    numerator, denominator = side(formula.numerator), side(formula.denominator)
    if metric.kind is MetricKind.CHANGE:
        return f"({numerator}) / (previous year's {denominator}) − 1"
    return f"({numerator}) / ({denominator})"


def indicators_markdown() -> str:
    """``docs/indicators.md``: the metric dictionary as a reference page."""
    formats = list(registry.FORMATS)
    out = [
        "# Indicators",
        "",
        ("Generated from `gkreport/_indicators.py` by `python tools/generate.py`; do not edit."),
        "",
        (
            "`gkreport.indicators(report, previous=None)` returns every measure below, by id, "
            "as a `decimal.Decimal` or None; `gkreport.metrics()` is this dictionary as data "
            "(`metric.formula(format_id).cells`, `metric.display(value)`). `gkreport export` "
            "writes each as a column `indicators.<id>`, and `gkreport.to_frame` as a float column."
        ),
        "",
        "## Conventions",
        "",
        (
            "- **Formulas are over cell ids**, written once over the rows of the forms registry "
            "and resolved per format: a sum over （六）其他处理 is its three sub-rows where the "
            "format splits it and its one row where it does not. A measure a format has no row "
            "for is not defined there (None, and “—” in the table below)."
        ),
        (
            "- **Not applicable is None**, never 0, NaN or 100%: a denominator that is blank "
            "(every cell of it blank), 0, or negative (only possible in a table that does not "
            "add up)."
        ),
        (
            "- **Unknown is None too**: a cell of the formula that the reader could not capture "
            "(a note of kind `unread` or `implausible`) or of the wrong type. A 2021 "
            "（六）其他处理 given on its group row only counts with the numbers of that row."
        ),
        (
            "- **Not stated is None as well**: a numerator whose every cell is blank; a blank is "
            "never taken for 0. A blank cell beside cells that hold numbers counts as 0, as in "
            "the validator's arithmetic (the validator reports the blank itself). Totals are "
            "read as printed, never recomputed: a blank （七）总计 makes every result rate not "
            "applicable and 办结率 not stated."
        ),
        (
            f"- **Values are exact**: each quotient is a Decimal of at most {PRECISION} "
            "significant digits (rounded half to even, in a local decimal context), exact "
            "whenever it terminates within them. A double holds every such value, so the "
            "workbook, Parquet and pandas outputs carry the same number."
        ),
        (
            f"- **Display rounding**: `metric.display(value)` shows a percentage with "
            f"{DISPLAY_PLACES} decimal place, rounded half up (四舍五入): "
            f"{display(Decimal('0.4545'))} for 0.4545, {display(Decimal('0.0005'))} for 0.0005, "
            f"{NOT_AVAILABLE} for None. Only the display is rounded, never the value."
        ),
        (
            "- **Year on year** needs the same agency's report of the year before: "
            "`indicators(report, previous)` raises ValueError when `previous` is of another "
            "year; `gkreport export` and `to_frame` pair the reports of one run by agency as "
            "`validate --series` does (a name that could be several agencies, or two reports of "
            "one agency and year, get no previous report)."
        ),
        "",
        "## The dictionary",
        "",
        "| id | 名称 | name | unit | " + " | ".join(f"{f} format" for f in formats) + " |",
        "|---|---|---|---|" + "---|" * len(formats),
    ]
    for metric in METRICS:
        defined = ["yes" if metric.formula(f) is not None else "—" for f in formats]
        key = " (key)" if metric.key else ""
        out.append(
            f"| [`{metric.id}`](#{metric.id}){key} | {metric.zh} | "
            f"{metric.en} | {metric.unit} | " + " | ".join(defined) + " |"
        )
    out.append("")
    for metric in METRICS:
        out += [f"### {metric.id}", "", f"**{metric.zh}** — {metric.en}.", ""]
        for format_id in formats:
            out.append(f"- {format_id} format: {_formula_text(metric, format_id)}")
        out += [
            f"- Unit: {metric.unit}"
            + (" (a change: 0.25 is +25%)" if metric.kind is MetricKind.CHANGE else ""),
            f"- Not applicable (None): {metric.not_applicable_zh}; {metric.not_applicable_en}.",
        ]
        notes = ELSEWHERE.get(metric.id, ())
        if notes:
            out += ["", "Defined differently elsewhere:", ""]
            out += [f"- {note}" for note in notes]
        out.append("")
    return "\n".join(out)
