"""The review's own words, in each language (the findings' messages come with them)."""

from __future__ import annotations

from collections.abc import Mapping

from gkreport._words import Lang

__all__ = ["WORDS"]

WORDS: Mapping[Lang, Mapping[str, str]] = {
    "zh": {
        "title": "政府信息公开工作年度报告检查汇总",
        "agency": "机关",
        "year": "年度",
        "file": "文件",
        "status": "检查结果",
        "status.ok": "正确",
        "status.errors": "有错误",
        "status.unreadable": "无法读取",
        "timely": "按时公布",
        "timely.yes": "按时",
        "timely.no": "逾期",
        "timely.unknown": "未知",
        "errors": "错误",
        "warnings": "警告",
        "infos": "提示",
        "report": "报告",
        "open": "查看",
        "reports": "报告一览",
        "sort_hint": "点击表头排序。",
        "by_rule": "按规则统计",
        "rule": "规则",
        "severity": "级别",
        "count": "问题数",
        "reports_with": "涉及报告数",
        "charts": "分布图",
        "chart.indicators": "主要指标的分布（报告数）",
        "chart.rules": "各规则的问题数",
        "chart.per_report": "每份报告的错误数",
        "chart.status": "检查结果",
        "chart.none": "没有可计算的数值",
        "reports_axis": "报告数",
        "findings_axis": "问题数",
        "unreadable": "无法读取的文件",
        "why": "原因",
        "none": "无",
        "summary": (
            "共 {files} 份：正确 {ok}，有错误 {errors}，无法读取 {unreadable}；"
            "错误 {error_count} 处，警告 {warning_count} 处。"
        ),
        "skipped": "另有 {count} 个非报告文件未读取。",
        "generated": (
            "由 gkreport {version} 生成；指标口径见 docs/indicators.md，规则见 docs/rules.md。"
        ),
        "no_agency": "（未写明机关）",
        "all": "全部",
        "cell": "单元格",
        "location": "位置",
        "message": "说明",
        "cells": "涉及单元格数",
        "explains": "一并说明的问题数",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "problems": "问题清单",
        "problems_link": "问题清单（Excel）",
    },
    "en": {
        "title": "Review of annual reports on government information disclosure",
        "agency": "agency",
        "year": "year",
        "file": "file",
        "status": "status",
        "status.ok": "correct",
        "status.errors": "errors",
        "status.unreadable": "unreadable",
        "timely": "on time",
        "timely.yes": "on time",
        "timely.no": "late",
        "timely.unknown": "unknown",
        "errors": "errors",
        "warnings": "warnings",
        "infos": "infos",
        "report": "report",
        "open": "open",
        "reports": "Reports",
        "sort_hint": "Click a column header to sort.",
        "by_rule": "Findings by rule",
        "rule": "rule",
        "severity": "severity",
        "count": "findings",
        "reports_with": "reports",
        "charts": "Distributions",
        "chart.indicators": "Key indicators (number of reports)",
        "chart.rules": "Findings by rule",
        "chart.per_report": "Errors per report",
        "chart.status": "Status",
        "chart.none": "no value to show",
        "reports_axis": "reports",
        "findings_axis": "findings",
        "unreadable": "Files that could not be read",
        "why": "why",
        "none": "none",
        "summary": (
            "{files} files: {ok} correct, {errors} with errors, {unreadable} unreadable; "
            "{error_count} errors, {warning_count} warnings."
        ),
        "skipped": "{count} more files are not reports and were not read.",
        "generated": (
            "Made by gkreport {version}; the indicators are defined in docs/indicators.md, "
            "the rules in docs/rules.md."
        ),
        "no_agency": "(no agency named)",
        "all": "all",
        "cell": "cell",
        "location": "location",
        "message": "message",
        "cells": "cells",
        "explains": "findings explained",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "problems": "problems",
        "problems_link": "Problem list (Excel)",
    },
}
