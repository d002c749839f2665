"""``docs/rules.md``: the rule catalog as a reference page.

Build-time only: `tools/generate.py` writes the page from the rule catalog as data
(`tools.rules_data.rules_document`, shipped as ``schemas/rules.json``), the data the
workbook's live checks and other systems read, so every rule's code, severity, formula,
basis and messages are written once, in `gkreport._validation.catalog`.
"""

from __future__ import annotations

from typing import Any

from gkreport._forms import layout
from tools.rules_data import rules_document

__all__ = ["NOT_CHECKED", "rules_markdown"]


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


def _severity(rule: dict[str, Any], loose: str) -> str:
    loose_severity = rule["loose_severity"]
    return rule["severity"] + (loose.format(loose_severity) if loose_severity else "")


def rules_markdown() -> str:
    """``docs/rules.md``: the catalog as a reference page."""
    rules = rules_document()["rules"]
    out = [
        "# Rule catalog",
        "",
        (
            "Generated from `gkreport/_validation/catalog.py` by `python tools/generate.py`; "
            "do not edit. The same data, with every arithmetic identity as cell terms with "
            "coefficients, is `schemas/rules.json` (`gkreport schema rules`)."
        ),
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
            "Conventions: a blank cell counts as 0 in the arithmetic and is reported as `blank`; "
            "a cell that held a mark is `mark`; a cell of the wrong type is reported "
            "(F5/F6/F6b) and every identity using it is skipped. Totals are never recomputed into "
            f"the data. A 2021 {layout.OTHER_PROCESSING_LABEL} given only as a group row "
            "(a note on "
            "`/applications/results/other`) is `other-group-only`; when the note holds the row's "
            "seven numbers, F3 uses them as the sum of the three sub-rows, otherwise F3 is "
            "skipped. "
            "Text findings match sentences after normalisation (simplified characters, "
            "half-width punctuation, no pinyin annotations or spaces) but quote them as the "
            "report prints them (its punctuation and characters; a line break inside a "
            "sentence dropped). A cell is named by its table, row and column "
            "(表四“行政复议—结果维持”); a blank is 空白 in Chinese and blank in English, and null "
            "as a finding's expected or actual value; no message holds a control character."
        ),
        "",
        (
            "One problem, one finding: a finding keeps its primary `path`, lists every pointer "
            "it affects in `paths` (table order) and carries in `explains` the findings it is "
            "the cause of, which are not counted beside it. The blank cells of a table are one "
            "`blank` finding naming its wholly blank columns and rows; a wholly blank column or "
            "row, or a single blank cell, that makes identities fail (a blank on the side that "
            "falls short) is a finding of its own that explains them, with their severity. "
            "A cell the reader could not read (an `unread` note) is unknown, not blank: it "
            "does not split a column or row blank otherwise, which stays one finding. "
            "The F1–F4 failures a `diagnosis` explains are folded into it."
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
    for r in rules:
        out.append(
            f"| [`{r['code']}`](#{r['code'].lower()}) | {_severity(r, ' / {}')} "
            f"| {r['title']['zh']} — {r['title']['en']} "
            f"| {r['scope']} | {', '.join(r['formats'])} | {r['basis']['kind']} |"
        )
    for r in rules:
        tags = ", ".join(r["tags"])
        out += [
            "",
            f"## {r['code']}",
            "",
            f"**{r['title']['zh']}** — {r['title']['en']}",
            "",
            f"- severity: {_severity(r, ' (loose: {})')}",
            f"- scope: {r['scope']}; formats: {', '.join(r['formats'])}; tags: {tags}",
            f"- formula: {r['formula']}",
            f"- basis: {r['basis']['kind']} — {r['basis']['source']}",
            f"- message (zh): {r['message']['zh']}",
            f"- message (en): {r['message']['en']}",
        ]
    out += ["", "## Not checked", ""]
    out += [f"- **{code}**: {why}" for code, why in NOT_CHECKED]
    return "\n".join(out) + "\n"
