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

__all__ = ["ARGPARSE_ZH", "COMMAND", "HELP_ZH", "LANGS", "PAGE", "Lang"]

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
        "reason.missing": "没有这个文件或文件夹",
        # the reviewer's choices (`gkreport._cli.triage`)
        "accepted": "已接受",
        "note": "附注",
        "accepted_line": "已接受{count}条（仍列出，不计入统计和退出状态）",
        "hidden_line": "另有{count}条较低级别的检查结果未列出（-v 全部列出）",
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
        "reason.missing": "no such file or folder",
        "accepted": "accepted",
        "note": "note",
        "accepted_line": "accepted {count} (listed, not counted in the summary or exit status)",
        "hidden_line": "{count} findings of a lower severity not listed (-v lists all)",
    },
}

#: ``--help`` in Chinese (`gkreport._cli.help_zh`): per command, its summary, its epilog
#: and each option's help by the option's ``dest``; ``gkreport`` is the command itself.
#: The English is in the parser (`gkreport._cli.build_parser`), where each option is
#: declared. ``{current}`` is the current form's id, ``{shown}`` how many skipped files
#: the summary names without ``-v``.
HELP_ZH: Mapping[str, Mapping[str, str]] = {
    # the options of `gkreport._cli.options.add_review_options`, and the same -j and
    # --lang, for every command that has them and no words of its own for them
    "*": {
        "select": (
            "只检查这些规则：规则编号（F1）、规则类别（F D T X）或标签（text、arithmetic）；"
            "用逗号分隔，或重复给出"
        ),
        "ignore": "不检查这些规则（写法同 --select；在其后生效）",
        "accept": (
            "已接受的检查结果：每行一个指纹，可在制表符后写理由，# 开头为注释；"
            "这些结果仍列出并标明已接受，但不计入统计"
        ),
        "quiet": "只列出错误",
        "verbose": (
            "另列出提示级检查结果、读取时保留的附注，以及文件夹中跳过的每个文件"
            "（不加时汇总只列出每类前{shown}个）；--json 总是包含提示级检查结果"
        ),
        "jobs": "工作进程数（默认 1；0 = 每个 CPU 一个）",
        "lang": "检查结果和说明的语言（默认：zh）",
    },
    "gkreport": {
        "description": "政府信息公开工作年度报告：检查、转换和呈现年度报告。",
        "epilog": (
            "示例：\n"
            "  gkreport validate reports/ -j 4\n"
            "  gkreport convert report.xlsx report.json\n"
            "  gkreport render report.json --to html -o report.html\n"
            "\n退出状态：0 未发现错误，1 发现错误，2 有输入无法读取，"
            "\n130 被 SIGINT（Ctrl-C）中止，143 被 SIGTERM 中止"
        ),
        "version": "显示程序版本号并退出",
    },
    "validate": {
        "summary": "按全部规则检查报告（文件或文件夹，文件夹逐级查找）",
        "epilog": (
            "示例：\n"
            "  gkreport validate report.xlsx\n"
            "  gkreport validate reports/ 2023/ -j 4 --json > findings.jsonl\n"
            "  curl -s https://example.org/report.json | gkreport validate --json -\n"
            "  gkreport validate reports/ --series\n"
            "  gkreport validate departments/ --rollup county.json\n"
            "  gkreport validate reports/ --copies\n"
            "  gkreport validate reports/ --select F,T --ignore T5 --accept accepted.txt\n"
            "\n退出状态：0 未发现错误，1 发现错误，2 有输入无法读取，"
            "\n130 被 SIGINT（Ctrl-C）中止，143 被 SIGTERM 中止；"
            "\n中止时不留下任何工作进程，已写出的每一行 --json 都是完整的"
        ),
        "paths": "报告文件或文件夹；- 表示从标准输入读取一份报告（任何类型，按内容识别）",
        "json": (
            "在标准输出写 JSON Lines：每个输入一行，每个跳过的文件一行，每项跨文件核对一行，"
            "格式见 record.schema.json（单个结果见 findings.schema.json），"
            "每行带 gkreport_version 和 rules_version；汇总写到标准错误"
        ),
        "series": (
            "另外比较同一机关相邻年度的报告（按名称匹配机关，洪泽区人民政府 = "
            "淮安市洪泽区人民政府；未纳入连续年度的报告逐一列出原因）"
        ),
        "copies": "另外比较不同机关报告的正文（雷同文字，X9）",
        "rollup": "另外将本地区的报告 PARENT 与其他报告（其所属部门）汇总核对",
    },
    "convert": {
        "summary": "转换报告：xlsx/docx/html/txt/md/pdf -> json，json -> xlsx/html/md",
        "epilog": (
            "示例：\n"
            "  gkreport convert report.xlsx report.json\n"
            "  gkreport convert report.json report.html"
        ),
        "input": "要读取的报告",
        "output": "要写出的文件；按扩展名决定格式",
    },
    "template": {
        "summary": "写出待填写的空白 Excel 工作簿",
        "epilog": (
            "示例：\n"
            "  gkreport template blank.xlsx\n"
            "  gkreport template blank-2019.xlsx --format 2019"
        ),
        "output": "要写出的工作簿",
        "format": "表式（默认 {current}）",
    },
    "render": {
        "summary": "按官方表格样式输出报告的表格，并在单元格上标出检查结果",
        "epilog": (
            "示例：\n"
            "  gkreport render report.xlsx --to html -o report.html\n"
            "  gkreport render report.json --to md > report.md"
        ),
        "input": "要读取的报告",
        "to": "输出形式（默认：按 -o 的扩展名，否则为 html）",
        "output": "写到此文件，而不是标准输出",
        "no_findings": "只输出表格，不做检查",
    },
    "schema": {
        "summary": "输出随包提供的 JSON Schema，或（NAME 为 rules 时）以数据形式输出规则目录",
        "epilog": (
            "示例：\n"
            "  gkreport schema report > report.schema.json\n"
            "  gkreport schema record      # validate --json 的一行\n"
            "  gkreport schema rules       # 规则目录（rule-catalog.schema.json）\n"
            "  gkreport schema --list"
        ),
        "name": "Schema 名称（默认：report；rules：以数据形式输出规则目录）",
        "list": "列出全部 Schema 名称",
    },
    "export": {
        "summary": "每份报告一行（单元格、指标、检查结果计数），写为 csv/xlsx/jsonl/parquet",
        "epilog": (
            "示例：\n"
            "  gkreport export reports/ -o reports.csv\n"
            "  gkreport export 2023/ 2024/ -o table.xlsx --labels zh -j 2\n"
            "  gkreport export reports/ -o reports.parquet   # 需要 gkreport[parquet]\n"
            "\n退出状态：0 已写出，2 已写出但有输入无法读取（其所在行写明原因）"
        ),
        "paths": "报告文件或文件夹",
        "output": "要写出的表格：.csv .xlsx .jsonl 或 .parquet",
        "labels": "列名：单元格编号（applications.new.total，默认）或官方中文标签",
        "lang": "说明的语言（默认：zh）",
    },
    "review": {
        "summary": (
            "一个地区的审查：index.html（指标和图表）、每份报告的页面，"
            "以及问题清单.xlsx（检查结果，每个机关一个工作表）"
        ),
        "epilog": (
            "示例：\n"
            "  gkreport review reports/ -o review/\n"
            "  gkreport review 2023/ 2024/ -o review/ -j 4 --lang en\n"
            "  gkreport review reports/ -o review/ --ignore D10 --accept accepted.txt\n"
            "\n写出 DIR/index.html、DIR/reports/*.html 和 DIR/问题清单.xlsx，只替换这些文件；"
            "\n图表需要 gkreport[review]（matplotlib），中文标签需要中文字体"
            "\n（Debian：fonts-noto-cjk）"
            "\n退出状态：0 未发现错误，1 发现错误，2 有输入无法读取"
        ),
        "paths": "报告文件或文件夹",
        "output": "写入的文件夹（不存在则新建）",
    },
    "serve": {
        "summary": "运行 HTTP 服务：POST /v1/validate 和 /v1/convert，上传页面在 /",
        "epilog": (
            "示例：\n"
            "  gkreport serve\n"
            "  gkreport serve --host 0.0.0.0 --port 8080 --workers 4 --cors https://portal.example\n"
            "\n路由：POST /v1/validate，POST /v1/convert，GET /v1/schemas/{name}，GET /v1/rules，"
            "\nGET /openapi.json，GET /（上传页面，中文）；需要 gkreport[server]"
            "\n\n应答格式，均由 schemas/ 中的 Schema 描述（GET /v1/schemas/{name}）："
            "\n- POST /v1/validate：service-result.schema.json（检查结果及 file）"
            "\n- POST /v1/convert：report.schema.json"
            "\n- GET /v1/rules：rules.json，由 rule-catalog.schema.json 描述"
            "\n- 4xx、5xx：error.schema.json"
            "\n每个结果和错误都带 gkreport_version 和 rules_version"
        ),
        "host": "监听地址（默认 127.0.0.1）",
        "port": "监听端口（默认 8000）",
        "workers": "负责读取和检查的工作进程数（默认：每个 CPU 一个）",
        "cors": "允许来源为 ORIGIN 的网页调用接口（可重复；默认：不允许）",
        "max_upload": "请求体大小上限，超过时在读取前拒绝（413）（默认 20M）",
        "time_limit": "单个请求可用的处理时间；超时即停止其工作进程（504）（默认 60）",
    },
}

#: argparse's own words, and the shapes of its usage errors, in Chinese (`help_zh`).
ARGPARSE_ZH: Mapping[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "commands": "命令",
    "show this help message and exit": "显示此帮助信息并退出",
    "error": "错误",
}
