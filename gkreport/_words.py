"""The words of gkreport's own output, in each language: page words and command words.

Two kinds of text are kept apart on purpose. What a finding says is the rule's
message, kept by rule code in `gkreport._validation.messages` (the core). What
frames it — a page's headings, the CLI's column headers and summary — is the
adapters' own vocabulary, kept here, beside neither, so that the renderer and
the command read one table without importing the validator. The form's labels
(row and column names, the metadata fields) are neither: they come from
`gkreport._forms.layout`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

__all__ = ["COMMAND", "LANGS", "PAGE", "Lang"]

Lang = Literal["zh", "en"]
#: The languages of every message and word table (``--lang``, ``render(lang=…)``).
LANGS: tuple[Lang, ...] = ("zh", "en")

#: The rendered page's own words (`gkreport.render`).
PAGE: Mapping[Lang, Mapping[str, str]] = {
    "zh": {
        "format": "报告格式",
        "findings": "检查结果",
        "notes": "附注",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "expected": "应为",
        "actual": "实为",
        "comma": "，",
        # a finding's footnote: "where：message（应为 3，实为 4）"
        "colon": "：",
        "detail": "（{values}）",
        "location": "位置",
        "no_findings": "未发现问题。",
        # a note's kind, shown before its text
        "unread": "未读取",
        "implausible": "不合理数值",
        # a note's source and message, after its text
        "source": "来源",
        "message": "说明",
    },
    "en": {
        "format": "format",
        "findings": "Findings",
        "notes": "Notes",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "expected": "expected",
        "actual": "actual",
        "comma": ", ",
        "colon": ": ",
        "detail": " ({values})",
        "location": "at",
        "no_findings": "No findings.",
        "unread": "not read",
        "implausible": "implausible value",
        "source": "source",
        "message": "message",
    },
}

#: The command's own words (``gkreport validate`` table and summary).
COMMAND: Mapping[Lang, Mapping[str, str]] = {
    "zh": {
        "file": "文件",
        "code": "规则",
        "severity": "级别",
        "location": "位置",
        "cell": "单元格",
        "message": "说明",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "unreadable": "无法读取",
        "files": "文件",
        "clean": "无错误",
        "with_errors": "有错误",
        "with_warnings": "其中有警告",
        "by_code": "按规则统计",
        "no_findings": "未发现问题",
        "series": "连续年度",
        "compared": "已比较",
        "left_out": "未纳入连续年度",
        "rollup": "汇总核对",
        "copies": "雷同核对",
        # files of a folder not read on purpose (`gkreport._cli.walk.SKIPPED`)
        "skipped": "跳过",
        "skipped_line": "跳过（{why}）：{files}",
        "reason.not_a_report": "非报告文件类型",
        "reason.lock_file": "Office 锁定文件",
        "more": "……另有{count}个（-v 列出全部）",
    },
    "en": {
        "file": "file",
        "code": "rule",
        "severity": "severity",
        "location": "location",
        "cell": "cell",
        "message": "message",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "unreadable": "unreadable",
        "files": "files",
        "clean": "clean",
        "with_errors": "with errors",
        "with_warnings": "of which with warnings",
        "by_code": "findings by rule",
        "no_findings": "no findings",
        "series": "series",
        "compared": "compared",
        "left_out": "not in a series",
        "rollup": "rollup",
        "copies": "copied text",
        "skipped": "skipped",
        "skipped_line": "skipped ({why}): {files}",
        "reason.not_a_report": "not a report file type",
        "reason.lock_file": "an Office lock file",
        "more": "… and {count} more (-v lists all)",
    },
}
