"""The pages people see: the upload page, and the frame around the rendered result.

Agency staff are not programmers: the upload page is in Chinese, works without script,
says which files it takes and that nothing is kept, and its result is the report
in the official layout (`gkreport._render`), every finding coloured on its cell and
listed beneath, with a line on top that counts them and a link back.
"""

from __future__ import annotations

import html

from gkreport._model import Report
from gkreport._render import render
from gkreport._service.errors import size_text
from gkreport._validation.finding import ValidationResult

__all__ = ["result_page", "upload_page"]

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  max-width: 42em; margin: 3em auto; padding: 0 1em; line-height: 1.7; color: #222; }
h1 { font-size: 1.5em; }
form { border: 1px solid #bbb; border-radius: 6px; padding: 1.2em; margin: 1.5em 0; }
button { font-size: 1em; padding: 0.3em 1.5em; margin-top: 0.8em; }
.hint { color: #555; font-size: 0.92em; }
.too-large { color: #9c0006; font-weight: bold; }
"""

_BANNER_STYLE = """
.gk-service { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 10pt;
  border: 1px solid #999; border-radius: 4px; padding: 6pt 10pt; margin: 10pt 0 14pt; }
.gk-service .bad { color: #9c0006; font-weight: bold; }
.gk-service .good { color: #006100; font-weight: bold; }
@media print { .gk-service { display: none; } }
"""


#: Tells of a file over the limit before sending it: the server would refuse it (413)
#: unread, and a browser still sending may show that as a broken connection.
_SIZE_CHECK = """
document.getElementById("upload").addEventListener("submit", function (event) {
  var file = document.getElementById("file").files[0];
  var tooLarge = file && file.size > Number(this.dataset.maxBytes);
  document.getElementById("too-large").hidden = !tooLarge;
  if (tooLarge) { event.preventDefault(); }
});
"""


def upload_page(suffixes: tuple[str, ...], max_upload: int) -> str:
    """The upload page: one file field, the types it takes, the size limit, a promise.

    It works without script; a few lines of it refuse a file over the limit before
    it is sent, with a message in place of the server's 413.
    """
    accept = ",".join(suffixes)
    shown = " ".join(suffixes)
    limit = size_text(max_upload)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>政府信息公开工作年度报告检查</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>政府信息公开工作年度报告检查</h1>
<p>上传本机关的年度报告（填好的 Excel 模板、Word 文档、网页或 PDF），即可按官方表格样式查看报告，
表格中的计算错误、漏填和与正文不一致之处会在对应单元格上标出，并在页末逐条列出。</p>
<form method="post" action="/report" enctype="multipart/form-data" id="upload"
 data-max-bytes="{max_upload}">
<label for="file">选择报告文件：</label>
<input type="file" id="file" name="file" required="required" accept="{html.escape(accept)}"/>
<br/>
<button type="submit" id="submit">开始检查</button>
</form>
<p class="hint">支持的文件类型：{html.escape(shown)}；文件大小不超过 {limit}。</p>
<p class="hint">上传的文件只用于本次检查，检查完成后立即删除，不会保存。</p>
<p class="too-large" id="too-large" hidden="hidden">所选文件超过 {limit}，无法上传。</p>
<script>{_SIZE_CHECK}</script>
</body>
</html>
"""


def _summary(result: ValidationResult, name: str) -> str:
    errors, warnings, infos = len(result.errors), len(result.warnings), len(result.infos)
    if result.findings:
        counts = f"错误 {errors} 处，警告 {warnings} 处，提示 {infos} 处"
        verdict = f'<span class="{"bad" if errors else "good"}">{counts}</span>'
        where = "，已在表格中标出，详见页末“检查结果”"
    else:
        verdict, where = '<span class="good">未发现问题</span>', ""
    return (
        f'<div class="gk-service" id="gk-summary">文件 <b>{html.escape(name)}</b> 的检查结果：'
        f'{verdict}{where}。<a href="/">检查其他文件</a></div>'
    )


def result_page(report: Report, result: ValidationResult, name: str) -> str:
    """The report rendered in the official layout with its findings, under a summary line."""
    page = render(report, "html", result.findings, lang="zh")
    page = page.replace("</head>", f"<style>{_BANNER_STYLE}</style>\n</head>", 1)
    return page.replace("<body>\n", f"<body>\n{_summary(result, name)}\n", 1)
