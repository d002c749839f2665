"""``index.html``: the region at a glance, one self-contained page.

One row per agency and year (status, timeliness, finding counts, the key
indicators of the metric dictionary, a link to the report's page), sortable by a
small script in the page; the findings counted by rule; the charts
(`gkreport._review.charts`, inline SVG); and every file that could not be read,
with why. Everything the page shows is in the file: no style sheet, script, font
or image is fetched when it is opened, so it works from a USB stick or an
intranet share. Each value is escaped, and a number's exact value is kept in
``data-value`` for sorting, while the cell shows it as people read it.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from gkreport import __version__
from gkreport._atomic import write_bytes
from gkreport._review import charts
from gkreport._review.entries import ERRORS, OK, UNREADABLE, Entry, key_metrics
from gkreport._review.words import WORDS
from gkreport._words import Lang

__all__ = ["NAME", "page", "write_index"]

#: The file's name in the output folder.
NAME = "index.html"
#: The problem list's name, linked from the page (`gkreport._review.problems.NAME`).
_PROBLEMS = "问题清单.xlsx"
_STATUS_ORDER = {OK: 0, ERRORS: 1, UNREADABLE: 2}
_TIMELY_ORDER = {True: 0, None: 1, False: 2}

_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em}
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
td.n{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#eef2f7;position:sticky;top:0}
table.sortable thead th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.status,td.link{white-space:nowrap}
tr.status-errors td.status{background:#ffc7ce;color:#9c0006}
tr.status-unreadable td.status{background:#ddd}
tr.status-ok td.status{background:#c6efce;color:#006100}
td.late{color:#9c0006;font-weight:bold}
figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}
figure svg{max-width:100%;height:auto}
figcaption{font-weight:bold;margin-bottom:.3em}
.small{color:#555;font-size:.85em}
@media print{thead th{position:static}}
"""

#: Sorts a table.sortable by the header clicked (again: the other way), blanks last.
_SCRIPT = """
(function () {
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      function sort() {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var numeric = th.getAttribute("data-type") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[index];
          var value = cell.getAttribute("data-value");
          return value === null ? cell.textContent.trim() : value;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === "" || y === "") { return (x === "") - (y === ""); }
          var d = numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh-Hans-CN");
          return up ? d : -d;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });
})();
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _number(value: Decimal | int | None) -> str:
    """A sort key for ``data-value``: the exact number, or empty (sorted last)."""
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _td(shown: object, value: str | None = None, css: str | None = None) -> str:
    attributes = f' class="{css}"' if css else ""
    if value is not None:
        attributes += f' data-value="{_esc(value)}"'
    return f"<td{attributes}>{_esc(shown)}</td>"


def _th(text: str, kind: str = "text") -> str:
    return f'<th scope="col" tabindex="0" data-type="{kind}">{_esc(text)}</th>'


def _timely(entry: Entry, lang: Lang) -> str:
    words = WORDS[lang]
    if entry.status == UNREADABLE:
        return _td("", "")
    shown = {True: "timely.yes", False: "timely.no", None: "timely.unknown"}[entry.timely]
    title = entry.published_on.isoformat() if entry.published_on else ""
    cell = _td(
        words[shown], str(_TIMELY_ORDER[entry.timely]), "late" if entry.timely is False else None
    )
    return cell.replace("<td", f'<td title="{_esc(title)}"', 1) if title else cell


def _row(entry: Entry, lang: Lang) -> str:
    words = WORDS[lang]
    cells = [
        _td(entry.agency or ""),
        _td("" if entry.year is None else entry.year, _number(entry.year), "n"),
        _td(words[f"status.{entry.status}"], str(_STATUS_ORDER[entry.status]), "status"),
        _timely(entry, lang),
    ]
    readable = entry.status != UNREADABLE
    for severity in ("error", "warning"):
        count = entry.count(severity) if readable else None
        cells.append(_td("" if count is None else count, _number(count), "n"))
    for metric in key_metrics():
        value = entry.indicators.get(metric.id)
        shown = metric.display(value) if readable else ""
        cells.append(_td(shown, _number(value), "n"))
    if entry.page:
        cells.append(
            f'<td class="link"><a href="{_esc(entry.page)}">{_esc(words["open"])}</a></td>'
        )
    else:
        cells.append("<td></td>")
    cells.append(_td(entry.file))
    return f'<tr class="status-{entry.status}">' + "".join(cells) + "</tr>"


def _reports_table(entries: Sequence[Entry], lang: Lang) -> list[str]:
    words = WORDS[lang]
    heads = [
        _th(words["agency"]),
        _th(words["year"], "number"),
        _th(words["status"], "number"),
        _th(words["timely"], "number"),
        _th(words["errors"], "number"),
        _th(words["warnings"], "number"),
        *(_th(m.en if lang == "en" else m.zh, "number") for m in key_metrics()),
        _th(words["report"]),
        _th(words["file"]),
    ]
    return [
        f'<h2 id="reports">{_esc(words["reports"])}</h2>',
        f'<p class="small">{_esc(words["sort_hint"])}</p>',
        '<table class="sortable" id="reports-table">',
        "<thead><tr>" + "".join(heads) + "</tr></thead>",
        "<tbody>",
        *(_row(entry, lang) for entry in entries),
        "</tbody></table>",
    ]


def _rules_table(entries: Sequence[Entry], lang: Lang) -> list[str]:
    words = WORDS[lang]
    by_rule: dict[str, Counter[str]] = {}
    files: dict[str, set[str]] = {}
    for entry in entries:
        for problem in entry.problems:
            by_rule.setdefault(problem.code, Counter())[problem.severity] += 1
            files.setdefault(problem.code, set()).add(entry.file)
    found = [f'<h2 id="rules">{_esc(words["by_rule"])}</h2>']
    if not by_rule:
        return [*found, f"<p>{_esc(words['none'])}</p>"]
    heads = [_th(words["rule"])]
    heads += [_th(words[s], "number") for s in ("error", "warning", "info")]
    heads += [_th(words["count"], "number"), _th(words["reports_with"], "number")]
    rows = []
    for code, counts in sorted(by_rule.items()):
        cells = [_td(code)]
        cells += [_td(counts[s], str(counts[s]), "n") for s in ("error", "warning", "info")]
        total = sum(counts.values())
        cells += [_td(total, str(total), "n"), _td(len(files[code]), str(len(files[code])), "n")]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return [
        *found,
        '<table class="sortable" id="rules-table">',
        "<thead><tr>" + "".join(heads) + "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _charts(entries: Sequence[Entry], lang: Lang) -> list[str]:
    words = WORDS[lang]
    found = [f'<h2 id="charts">{_esc(words["charts"])}</h2>']
    if not charts.available():
        return [*found, "<p>pip install 'gkreport[review]' (matplotlib)</p>"]
    figures = [(words["chart.indicators"], charts.indicator_chart(entries, lang))]
    figures += list(charts.findings_charts(entries, lang))
    for caption, svg in figures:
        found.append(f"<figure><figcaption>{_esc(caption)}</figcaption>{svg}</figure>")
    return found


def _unreadable(entries: Iterable[Entry], lang: Lang) -> list[str]:
    words = WORDS[lang]
    bad = [entry for entry in entries if entry.status == UNREADABLE]
    found = [f'<h2 id="unreadable">{_esc(words["unreadable"])}</h2>']
    if not bad:
        return [*found, f"<p>{_esc(words['none'])}</p>"]
    found.append('<table id="unreadable-table"><thead><tr>')
    found.append(f"<th>{_esc(words['file'])}</th><th>{_esc(words['why'])}</th></tr></thead><tbody>")
    found += [f"<tr>{_td(entry.file)}{_td(entry.error or '')}</tr>" for entry in bad]
    found.append("</tbody></table>")
    return found


def _summary(entries: Sequence[Entry], skipped: int, lang: Lang) -> list[str]:
    words = WORDS[lang]
    statuses = Counter(entry.status for entry in entries)
    line = words["summary"].format(
        files=len(entries),
        ok=statuses[OK],
        errors=statuses[ERRORS],
        unreadable=statuses[UNREADABLE],
        error_count=sum(entry.count("error") for entry in entries),
        warning_count=sum(entry.count("warning") for entry in entries),
    )
    found = [f'<p id="summary">{_esc(line)}']
    if skipped:
        found.append(" " + _esc(words["skipped"].format(count=skipped)))
    found.append(f' <a href="{_esc(_PROBLEMS)}">{_esc(words["problems_link"])}</a></p>')
    return found


def page(entries: Sequence[Entry], lang: Lang = "zh", skipped: int = 0) -> str:
    """The whole ``index.html`` of ``entries`` (`gkreport._review.entries.finish`)."""
    words = WORDS[lang]
    body = [
        f"<h1>{_esc(words['title'])}</h1>",
        *_summary(entries, skipped, lang),
        *_reports_table(entries, lang),
        *_rules_table(entries, lang),
        *_charts(entries, lang),
        *_unreadable(entries, lang),
        f'<p class="small">{_esc(words["generated"].format(version=__version__))}</p>',
    ]
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="gkreport {_esc(__version__)}">',
        f"<title>{_esc(words['title'])}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
    ]
    return "\n".join([*head, *body, f"<script>{_SCRIPT}</script>", "</body></html>"]) + "\n"


def write_index(
    folder: Path, entries: Sequence[Entry], lang: Lang = "zh", skipped: int = 0
) -> Path:
    """Write ``index.html`` into ``folder`` (all at once or not at all); its path."""
    target = folder / NAME
    write_bytes(target, page(entries, lang, skipped).encode("utf-8"))
    return target
