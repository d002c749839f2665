"""What closes part 六 besides an attachment (`gkreport._readers.text.tail`)."""

from __future__ import annotations

import pytest

from gkreport._readers.text.lines import split_lines
from gkreport._readers.text.tail import closing, listed_notes


@pytest.mark.parametrize(
    "text",
    [
        "## 附注",
        "附注",
        "附注：",
        "**附注：**",
        "## Notes",
        "注：",
        "注释",
        "备注:",
        "附注：单位为万元。",
    ],
)
def test_a_notes_heading_closes_part_six(text):
    assert closing(text) == "notes"


@pytest.mark.parametrize("text", ["## 检查结果", "## Findings"])
def test_the_renderers_findings_heading_closes_part_six(text):
    assert closing(text) == "findings"


@pytest.mark.parametrize(
    "text",
    [
        "注：本年度未收取费用。",
        "详见附注。",
        "本年度无其他需要报告的事项。",
        "附注说明如下表",
        "备注栏",
    ],
)
def test_a_sentence_is_no_heading(text):
    assert closing(text) is None


def test_items_paragraphs_and_rendered_notes():
    section = list(
        split_lines(
            "附注\n- /proactive/fees/amount：834（不含…） | 来源：line 24 | 说明：text beside\n"
            "- 电话：0851-1234567\n续行\n\n另一段。"
        )
    )
    sources: dict[str, str] = {}
    notes = listed_notes(section, sources, "六")
    assert [(n.path, n.raw, n.source) for n in notes] == [
        ("/proactive/fees/amount", "834（不含…）", "line 24"),  # gkreport's own: read back
        ("", "- 电话：0851-1234567\n续行", "line 3"),  # no pointer: a note as printed
        ("", "另一段。", "line 6"),
    ]
    assert sources == {"/notes": "line 3"}
