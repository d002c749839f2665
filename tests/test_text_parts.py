"""The text reader's parts: headings in order, prose as published, chrome and tails as notes."""

from __future__ import annotations

from gkreport._readers.text.lines import Line, split_lines
from gkreport._readers.text.parts import PageOutline, heading_of, is_chrome, read_parts

PAGE = """当前位置: 首页 > 政务公开
某局2024年政府信息公开工作年度报告
一、总体情况
本机关认真落实《条例》。
- 2 -
第二段。
二、主动公开政府信息情况
本年度主动公开信息较多，详见下表。
第二十条第（一）项
规章 | 0 | 0 | 0 |
三、收到和处理政府信息公开申请情况
三、本年度办理结果
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
问题不少。
六、其他需要报告的事项
未收取信息处理费。
附件：统计表
2025年1月20日
附件
统计表
一、信息发布情况
（一）主动公开政府信息数 | 9920 |
四、机构建设和保障经费情况
分享到：
"""


def parse(text: str) -> tuple[PageOutline, dict, list]:
    lines = list(split_lines(text))
    page = PageOutline.of(lines)
    texts, notes = read_parts(lines, page)
    return page, texts, notes


def test_headings_are_found_once_and_in_order():
    page, _, _ = parse(PAGE)
    assert list(page.headings) == [
        "overview",
        "proactive",
        "applications",
        "appeals",
        "problems",
        "other_matters",
    ]
    assert page.headings["overview"] == 2  # 0-based line index


def test_prose_is_kept_as_published_without_page_numbers_or_tables():
    _, texts, _ = parse(PAGE)
    assert texts["overview"] == "本机关认真落实《条例》。\n第二段。"
    assert texts["proactive"] == "本年度主动公开信息较多，详见下表。"
    assert texts["applications"] == ""
    assert texts["problems"] == "问题不少。"


def test_part_six_stops_at_the_attachment_and_the_appendix_is_one_note():
    _, texts, notes = parse(PAGE)
    assert texts["other_matters"] == "未收取信息处理费。"
    appendix = [n for n in notes if n.message.startswith("extra table after part 六")]
    assert [(n.raw, n.source, n.path) for n in appendix] == [("统计表", "line 21", "")]
    assert any(n.raw == "分享到：" for n in notes)


def test_a_missing_heading_is_none_not_empty():
    _, texts, _ = parse("一、总体情况\n正文。\n六、其他需要报告的事项\n无。")
    assert texts["proactive"] is None
    assert texts["overview"] == "正文。"
    assert texts["other_matters"] == "无。"


def test_an_attachment_reference_without_a_table_is_noted_as_text():
    _, texts, notes = parse("六、其他需要报告的事项\n无。\n附件：说明\n另附说明一份。")
    assert texts["other_matters"] == "无。"
    assert notes[0].raw == "附件：说明\n另附说明一份。"


def test_chrome():
    assert is_chrome("扫一扫在手机上查看当前页面")
    assert is_chrome("发布日期:2021-01-29 09:34 浏览次数:0次 字体:【 大 中 小 】")
    assert is_chrome("上一篇：某县2020年政府信息公开工作年度报告")
    assert not is_chrome("一是扫清障碍，打印并分发公开指南。" * 10)
    assert not is_chrome("本机关认真落实《条例》。")


def test_without_table_headings_every_line_before_part_five_may_hold_tables():
    lines = [Line("规章\t1\t2\t3", "line 1"), Line("五、存在的主要问题及改进情况", "line 2")]
    assert PageOutline.of(lines).table_lines == [0]


def test_a_misnumbered_heading_is_read_by_its_title_with_a_note():
    text = (
        "一、总体情况\n正文。\n一、主动公开政府信息情况\n规章\t1\t2\t3\n"
        "五、其他需要报告的事项\n无。"
    )
    page, texts, notes = parse(text)
    assert page.headings == {"overview": 0, "proactive": 2, "other_matters": 4}
    assert page.misnumbered == {"proactive": "一", "other_matters": "五"}
    assert texts["other_matters"] == "无。"
    assert [(n.path, n.raw, n.source) for n in notes] == [
        ("/text/proactive", "一、主动公开政府信息情况", "line 3"),
        ("/text/other_matters", "五、其他需要报告的事项", "line 5"),
    ]
    assert notes[0].message == (
        "part heading numbered 一 but titled as part 二 (主动公开政府信息情况); read as part 二"
    )


def test_heading_of_anchors_on_the_title_not_the_numeral():
    assert heading_of("三、收到和处理政府信息公开申请情况") == ("applications", None)
    assert heading_of("二、收到和处理政府信息公开申请情况") == ("applications", "二")
    assert heading_of("## 一、总体情况[^1][^2]") == ("overview", None)
    # rows and appendix headings that share a numeral with a part are no headings
    for text in ("三、本年度办理结果", "四、结转下年度继续办理", "四、机构建设和保障经费情况"):
        assert heading_of(text) is None


def test_a_part_really_missing_is_still_missing():
    text = "一、总体情况\n正文。\n一、收到和处理政府信息公开申请情况\n六、其他需要报告的事项\n无。"
    page, texts, _ = parse(text)
    assert texts["proactive"] is None
    assert texts["problems"] is None
    assert set(page.headings) == {"overview", "applications", "other_matters"}


def test_text_before_the_first_heading_is_a_note_not_lost():
    text = (
        "当前位置: 首页 > 政务公开\n"
        "某局2024年政府信息公开工作年度报告\n"
        "本单位另有补充数据：表外申请999件\n"
        "- 1 -\n"
        "一、总体情况\n正文。\n二、主动公开政府信息情况"
    )
    _, _, notes = parse(text)
    front = [n for n in notes if n.message.startswith("text before the first part heading")]
    assert [(n.path, n.raw, n.source) for n in front] == [
        ("", "本单位另有补充数据：表外申请999件", "line 3")
    ]
    assert front[0].message == "text before the first part heading (一、总体情况), not in any part"
    assert any(n.raw == "当前位置: 首页 > 政务公开" for n in notes)  # chrome, as elsewhere


def test_a_stray_table_before_the_first_heading_is_a_note():
    text = "规章 1 2 3\n一、总体情况\n正文。\n二、主动公开政府信息情况\n规章 4 5 6"
    _, _, notes = parse(text)
    assert [(n.raw, n.message) for n in notes] == [
        (
            "规章 1 2 3",
            (
                "a table (values not captured) before the first part heading (一、总体情况), "
                "not in any part"
            ),
        )
    ]


def test_the_title_and_gkreports_own_metadata_block_are_no_front_text():
    text = (
        "黔南州 2024\n机关名称\n黔南州\n报告年度\n2024\n"
        "- **报告格式**：国办公开办函〔2021〕30号\n"
        "某局2024年政府信息公开工作年度报告\n"
        "一、总体情况\n正文。\n二、主动公开政府信息情况"
    )
    _, _, notes = parse(text)
    assert notes == []


def test_headings_that_start_over_after_part_six_are_a_copy():
    text = "\n".join(
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "六、其他需要报告的事项",
            "无。",
            "某局2024年政府信息公开工作年度报告",
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
        ]
    )
    page = PageOutline.of(list(split_lines(text)))
    assert page.headings["other_matters"] == 2
    assert page.copies == ((5, 6, 7),)


def test_a_heading_quoted_after_part_six_is_no_copy():
    text = "一、总体情况\n六、其他需要报告的事项\n无。\n一、总体情况\n二、主动公开政府信息情况"
    assert PageOutline.of(list(split_lines(text))).copies == ()


# --- a list of notes after part 六 -----------------------------------------------------------

RENDERED_NOTES = (
    "六、其他需要报告的事项\n本年度未收取信息处理费。\n## 附注\n\n"
    "- /applications/results/other：0&#x9;0&#x9;0&#x9;0&#x9;0&#x9;0&#x9;1"
    " | 来源：line 109 | 说明：（六）其他处理 printed as one row\n"
    "- /appeals/review：【未读取】行政复议 1 2 | 来源：line 120 | 说明：row not read\n"
    "- ：前言引用国办公开办函〔2019〕60号。&#xA;第二行"
    " | 来源：line 3 | 说明：text before the first part heading\n"
)


def test_the_renderers_notes_after_part_six_are_notes_not_part_six():
    # A page gkreport rendered, damaged by a converter, is read by the general reader:
    # its notes list is the first reading's notes, read back, never part 六's text.
    lines = list(split_lines(RENDERED_NOTES))
    sources: dict[str, str] = {}
    texts, notes = read_parts(lines, PageOutline.of(lines), sources)
    assert texts["other_matters"] == "本年度未收取信息处理费。"
    assert [(n.path, n.raw, n.source, n.message, n.kind) for n in notes] == [
        (
            "/applications/results/other",
            "0\t0\t0\t0\t0\t0\t1",
            "line 109",
            "（六）其他处理 printed as one row",
            None,
        ),
        ("/appeals/review", "行政复议 1 2", "line 120", "row not read", "unread"),
        (
            "",
            "前言引用国办公开办函〔2019〕60号。\n第二行",
            "line 3",
            "text before the first part heading",
            None,
        ),
    ]
    assert sources["/notes"] == "line 7"  # where the note on the report itself is printed


def test_a_pages_own_notes_section_after_part_six_is_kept_as_notes():
    # A converter's Markdown of a published page that ends with its own 附注.
    text = (
        "六、其他需要报告的事项\n无。\n\n**附注：**\n\n"
        "1. 本报告数据统计期限为2024年1月1日至12月31日。\n"
        "2. 因四舍五入，合计数\n与分项之和略有出入。\n\n"
        "联系电话：0851-1234567\n"
    )
    _, texts, notes = parse(text)
    assert texts["other_matters"] == "无。"
    assert [(n.path, n.raw, n.source) for n in notes] == [
        ("", "1. 本报告数据统计期限为2024年1月1日至12月31日。", "line 6"),
        ("", "2. 因四舍五入，合计数\n与分项之和略有出入。", "line 7"),
        ("", "联系电话：0851-1234567", "line 10"),
    ]
    assert {n.message for n in notes} == {
        "note listed after part 六 under “附注”, not part of the report text"
    }


def test_notes_after_part_five_of_a_page_without_part_six_are_notes_not_part_five():
    text = (
        "五、存在的主要问题及改进情况\n人员不足。\n\n附注：\n"
        "1. 本报告数据统计期限为2024年1月1日至12月31日。\n"
    )
    _, texts, notes = parse(text)
    assert texts["problems"] == "人员不足。"
    assert texts["other_matters"] is None
    assert [(n.raw, n.message) for n in notes] == [
        (
            "1. 本报告数据统计期限为2024年1月1日至12月31日。",
            "note listed after part 五 under “附注”, not part of the report text",
        )
    ]


def test_notes_heading_inside_part_five_followed_by_part_six_stays_part_five():
    text = "五、存在的主要问题及改进情况\n人员不足。\n附注：见下。\n六、其他需要报告的事项\n无。"
    _, texts, notes = parse(text)
    assert texts["problems"] == "人员不足。\n附注：见下。"  # only the last part is closed so
    assert texts["other_matters"] == "无。"
    assert notes == []


def test_a_notes_heading_with_its_note_on_the_same_line():
    _, texts, notes = parse("六、其他需要报告的事项\n无。\n附注：本报告中的金额单位为万元。")
    assert texts["other_matters"] == "无。"
    assert [n.raw for n in notes] == ["本报告中的金额单位为万元。"]


def test_a_note_sentence_inside_part_six_stays_its_text():
    # "注：…" with its sentence on the line is part 六's own, and a heading word inside a
    # sentence opens nothing.
    text = "六、其他需要报告的事项\n无。\n注：本年度未收取费用。\n详见附注说明。"
    _, texts, notes = parse(text)
    assert texts["other_matters"] == "无。\n注：本年度未收取费用。\n详见附注说明。"
    assert notes == []


def test_an_attachment_after_the_notes_is_still_an_attachment():
    text = (
        "六、其他需要报告的事项\n无。\n## 附注\n- ：前言 | 来源：line 2\n"
        "附件：统计表\n一、信息发布情况\n（一）主动公开政府信息数 | 9920 |\n备注\n"
    )
    _, texts, notes = parse(text)
    assert texts["other_matters"] == "无。"
    assert [n.raw for n in notes] == ["前言", "一、信息发布情况"]  # the table's title
    assert notes[1].message.startswith("extra table after part 六")


def test_the_findings_gkreport_printed_are_one_note_not_part_six():
    text = (
        "六、其他需要报告的事项\n无。\n## 检查结果\n\n"
        "[^1]: D8 提示：本报告为2021年格式（国办公开办函〔2021〕30号），却引用了…\n"
    )
    _, texts, notes = parse(text)
    assert texts["other_matters"] == "无。"
    (note,) = notes
    assert (note.raw, note.source) == ("## 检查结果", "line 3")
    assert "国办公开办函" not in note.raw  # their words are not the report's
