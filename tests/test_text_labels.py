"""gkreport._readers.text.labels: what the parser matches, all derived from the layout."""

from __future__ import annotations

import pytest

from gkreport._forms import layout
from gkreport._readers.text.labels import label_index, match_heading
from gkreport._readers.text.normalize import label_key


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("一、總體情況", "overview"),
        ("二、主動(dòng)公開(kāi)政府信息情況", "proactive"),
        ("二、行政机关主动公开政府信息情况", "proactive"),
        ("三、收到和处理政府信息公开申请情况", "applications"),
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "appeals"),
        ("四、政府信息公开行政复议和行政诉讼情况", "appeals"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
        ("五、存在问题及改进情况", "problems"),
        ("六. 其他需要报告的事项", "other_matters"),
        ("### 六、其他需要报告的事项", "other_matters"),
    ],
)
def test_headings_and_their_variants(heading, part):
    assert match_heading(label_key(heading)) == part


@pytest.mark.parametrize(
    "text",
    [
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        "三、举报投诉数量",
        "四、机构建设和保障经费情况",
        "五、政府信息公开会议和培训情况",
        "一、信息发布情况",
        "总体情况",
        "一、总体情况。2024年，本机关认真贯彻落实《条例》，" * 3,
    ],
)
def test_look_alikes_are_not_headings(text):
    assert match_heading(label_key(text)) is None


def test_every_row_of_both_formats_is_matched_by_its_own_label_and_aliases():
    for format_id, fmt in layout.FORMATS.items():
        index = label_index(format_id)
        for section in fmt.sections:
            for path, row, _ in fmt.rows(section):
                for label in (row.label, *row.aliases):
                    found = index.match("表头" + label_key(label), section.id)
                    assert found is not None, label
                    assert found[0].pointer == "/" + "/".join(path), label


def test_the_end_of_the_pile_decides_and_the_rest_is_reported():
    index = label_index("2021")
    target, rest = index.match(
        label_key("(三)不予公开") + label_key("1.属于国家秘密"), "applications"
    )
    assert target.pointer == "/applications/results/denied/state_secret"
    assert rest == label_key("(三)不予公开")
    assert index.is_debris(rest)
    assert not index.is_debris(label_key("备注统计时间截至12月31日。"))


def test_a_group_label_alone_names_the_group():
    target, _ = label_index("2021").match(label_key("（六）其他处理"), "applications")
    assert target.is_group
    assert target.pointer == "/applications/results/other"
    row, _ = label_index("2019").match(label_key("（六）其他处理"), "applications")
    assert not row.is_group
    assert row.pointer == "/applications/results/other"


def test_markers_and_format_only_labels():
    new, old = label_index("2021"), label_index("2019")
    assert label_key("本年制发件数") in new.exclusive
    assert label_key("本年增/减") in old.exclusive
    assert label_key("规范性文件") not in old.exclusive  # 2021 accepts it as an alias
    assert label_key("政府集中采购") in old.markers
