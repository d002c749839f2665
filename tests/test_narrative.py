"""Numbers and claims read from the narrative (gkreport._narrative)."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkreport import _vocabulary as vocabulary
from gkreport._validation import narrative
from gkreport._validation.narrative import normalize, sentences, statements


def found(text: str, year: int = 2024) -> list[tuple]:
    return [
        (s.topic, s.number, s.subject, s.loose, s.subset, s.includes_carried_over)
        for s in statements({"overview": text}, year)
    ]


def test_normalize_drops_pinyin_and_traditional_and_spaces():
    assert normalize("根據(jù)2024 年新接收申請(qǐng) 46 件") == "根据2024年新接收申请46件"
    assert normalize("（含上年结转）１２件，１,234件") == "(含上年结转)12件,1234件"
    assert (
        normalize("本行政機(jī)關(guān)(或全州各級(jí)行政機(jī)關(guān))")
        == "本行政机关(或全州各级行政机关)"
    )


def test_pdf_line_breaks_join_but_headings_start_new_sentences():
    text = (
        "全市共受理政府信息公开申请 3119 件，答\n复 3050 件。\n（三）政府信息管理情况\n加强管理。"
    )
    assert sentences(text) == [
        "全市共受理政府信息公开申请3119件,答复3050件。",
        "(三)政府信息管理情况加强管理。",
    ]
    assert sentences("一、总体情况\n二是加强管理。") == ["一、总体情况", "二是加强管理。"]


def test_received_concluded_and_carried():
    assert found(
        "新接收政府信息公开申请46件,上年度结转13件,本年度办结59件,结转下年度办理0件。"
    ) == [
        ("received", 46, (), False, False, False),
        ("carried_over", 13, (), False, False, False),
        ("concluded", 59, (), False, False, False),
        ("carried_forward", 0, (), False, False, False),
    ]


def test_received_including_carried_over_and_handled():
    assert found(
        "受理政府信息公开申请363件(含2023年结转6件),依法依规办理346件,17件结转2025年办理。"
    ) == [
        ("received", 363, (), False, False, True),
        ("carried_over", 6, (), False, False, False),
        ("concluded", 346, (), True, False, False),
        ("carried_forward", 17, (), False, False, False),
    ]


def test_other_years_and_comparisons_are_not_this_years_counts():
    assert found("2023年收到申请300件。") == []
    assert found("收到申请较上年增加20件。") == []
    assert found("含2022年结转6件。") == []  # not the year before 2024


def test_a_subset_of_the_agency():
    ((topic, number, _, _, subset, _),) = found("区政府办代表区政府受理政府信息公开申请17件。")
    assert (topic, number, subset) == ("received", 17, True)


def test_appeal_counts_and_outcomes_in_either_order():
    assert found(
        "行政复议351件,其中结果维持72件,尚未审结37件;行政诉讼6件,其中1件结果维持、2件申请人撤诉。"
    ) == [
        ("appeals", 351, ("review",), False, False, False),
        ("outcome", 72, ("review", "upheld"), False, False, False),
        ("outcome", 37, ("review", "pending"), False, False, False),
        ("appeals", 6, ("litigation",), False, False, False),
        ("outcome", 1, ("litigation", "upheld"), False, False, False),
        ("outcome", 2, ("litigation", "other"), True, False, False),
    ]


def test_review_then_suit_is_not_a_review_count():
    assert found("复议后起诉3件。") == []


def test_claims():
    topics = [s.topic for s in statements({"overview": "复议7件,诉讼9件,均获维持。"}, 2019)]
    assert topics == ["appeals", "appeals", "all_upheld"]
    (claim,) = [
        s
        for s in statements({"overview": "未出现复议、诉讼和申诉情况。"}, 2024)
        if s.topic == "no_appeals"
    ]
    assert claim.subject == ("review", "litigation")
    assert found("未经复议直接起诉的案件由法院审理。") == []


def test_all_concluded_refers_to_the_nearest_count():
    assert ("all_concluded", 5, (), True, False, False) in found(
        "收到申请5件,均在期限内依法规范答复。"
    )
    assert all(
        t[0] != "all_concluded"
        for t in found("答复3050件(另有103件顺延到下年度答复),均在法定期限内予以答复。")
    )


def test_result_groups_with_percentages():
    (group,) = statements({"overview": "不予公开35件(4.34%)。"}, 2019)
    assert (group.topic, group.number, group.subject, str(group.percent)) == (
        "group",
        35,
        ("denied",),
        "4.34",
    )
    (both,) = statements({"overview": "予以公开及部分公开258件。"}, 2019)
    assert both.subject == ("granted", "partial")
    assert found("不予以公开的理由充分。") == []


def test_documents_borrow_the_noun_only_when_the_verb_stands_alone():
    assert found(
        "新制定规范性文件17件,废止或宣布失效规范性文件13件,适时修改5件,现行有效138件。"
    ) == [
        ("documents", 17, ("normative", "made"), False, False, False),
        ("documents", 13, ("normative", "repealed"), True, False, False),
        ("documents", 138, ("normative", "in_force"), False, False, False),
    ]
    assert found("新增公开市政府规章1件、市政府及市政府办政策性文件11件。") == [
        ("documents", 1, ("rules", "made"), False, False, False),
    ]
    assert found("制定规章制度3件。") == []


def test_the_problems_part_is_not_read():
    assert statements({"problems": "收到申请99件。"}, 2024) == []


def test_topics_are_named_constants():
    assert narrative.RECEIVED == "received"
    assert narrative.DOCUMENTS == "documents"


# --- the fast paths read what the plain reading reads ---------------------------------------
#
# The module takes shortcuts for speed: a part is normalised in one pass, sentences
# are cut out around anchors instead of splitting everything, regexes run behind
# substring tests. The plain reading below does none of that; generated texts made of
# the pieces that matter (marks, line breaks, headings, digits, anchors, full-width
# and traditional characters) must read the same both ways.

_PIECES = [
    "。",
    ";",
    "!",
    "?",
    ",",
    ":",
    ")",
    "(",
    "、",
    "\n",
    " ",
    "\t",
    "\u3000",
    "１",
    "２",
    "，",
    "；",
    "（二）",
    "二是",
    "3.",
    "一、",
    "1",
    "2",
    "0",
    "5",
    "件",
    "起",
    "宗",
    "个",
    "年",
    "2023年",
    "2024年",
    "维持",
    "复议",
    "诉讼",
    "答复",
    "办结",
    "办理",
    "申请",
    "收到",
    "受理",
    "结转",
    "上年",
    "下年度",
    "其中",
    "均",
    "未出现",
    "予以公开",
    "占",
    "%",
    "规范性文件",
    "规章",
    "制定",
    "废止",
    "现行有效",
    "處理費",
    "申請",
    "於",
    "—",
    "根據(jù)",
    "12月31日",
]
_LINE_END = re.compile(r"[。;!?:)]$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、是]|\(?[一二三四五六七八九十]+\)|\d+[.、])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_INTERESTING = re.compile(r"\d件|\d起|\d宗|维持|复议|诉讼|办结率|答复|办结")

texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def plain_sentences(text: str) -> list[str]:
    """Line by line, paragraph by paragraph, a regex for every step."""
    found: list[str] = []
    for raw_line in narrative._characters(text).splitlines():
        line = "".join(raw_line.split())
        if not line:
            continue
        if found and not _LINE_END.search(found[-1]) and not _HEADING.match(line):
            found[-1] += line
        else:
            found.append(line)
    return [
        sentence
        for paragraph in found
        for sentence in re.findall(r"[^。;!?]+[。;!?]?", _THOUSANDS.sub("", paragraph))
    ]


@given(texts)
def test_sentences_are_the_plain_reading(text):
    assert sentences(text) == plain_sentences(text)


@given(texts, st.sampled_from([2023, 2024, None]))
def test_statements_are_those_of_every_interesting_sentence(text, year):
    plain = [
        statement
        for sentence in plain_sentences(text)
        if _INTERESTING.search(sentence)
        for statement in narrative._in_sentence(sentence, "overview", year)
    ]
    assert statements({"overview": text}, year) == plain


@given(st.lists(st.sampled_from([*_PIECES, "開", "😀", "·", "關於"]), max_size=20).map("".join))
def test_traditional_text_is_told_by_its_characters(text):
    # The sentence checks simplify through the shared vocabulary: OpenCC runs for a
    # text with a character outside GB 2312 or one of the few GB 2312 ones t2s changes.
    outside = any(not char.encode("gb2312", "ignore") for char in text)
    changed = bool(set(vocabulary.T2S_IN_GB2312) & set(text))
    assert vocabulary.may_be_traditional(text) == (outside or changed)


@given(
    st.text(alphabet="复议答办结维持诉讼件1(或（", max_size=40),
    st.text(alphabet="复议答办结维持诉讼件1(或（", min_size=1, max_size=4),
    st.data(),
)
def test_a_word_is_held_whichever_character_finds_it(text, word, data):
    pivot = data.draw(st.integers(0, len(word) - 1))
    assert narrative.holds(text, word, pivot) == (word in text)


def test_every_statement_says_what_its_number_counts():
    """办理相关案件 after a sentence on 应诉 counts appeal cases; 建议/提案 count proposals."""

    def counts(text: str) -> list[tuple[str, int | None, str]]:
        return [(s.topic, s.number, s.counts) for s in statements({"overview": text}, 2024)]

    assert counts("依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件74件。") == [
        ("concluded", 74, narrative.Counted.APPEALS)
    ]
    assert counts("全年共办理人大代表建议和政协提案45件。") == [
        ("concluded", 45, narrative.Counted.PROPOSALS)
    ]
    assert counts("全年共办理依申请公开政府信息1件，行政复议2件。") == [
        ("concluded", 1, narrative.Counted.APPLICATIONS),
        ("appeals", 2, narrative.Counted.APPEALS),
    ]
    # 相关 after applications still counts applications.
    assert counts("收到政府信息公开申请12件，办理相关申请12件。") == [
        ("received", 12, narrative.Counted.APPLICATIONS),
        ("concluded", 12, narrative.Counted.APPLICATIONS),
    ]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # full-width punctuation and digits, and thousands separators, as printed
        ("共收到申请１，２３４件，均已答复。", "共收到申请１，２３４件，均已答复。"),
        # a line broken mid-sentence (PDF text) is joined; a space between Latin words kept
        ("全年办结\n申请5件。", "全年办结申请5件。"),
        ("通过 GKML\tsystem 办结5件。", "通过 GKML system 办结5件。"),
        # traditional characters stay; pinyin annotations of a page tool go
        ("根據(jù)條例，收到申請5件。", "根據條例，收到申請5件。"),
    ],
)
def test_verbatim_gives_back_the_words_as_printed(text, quote):
    (sentence,) = [s for s in sentences(text) if "5件" in s or "1234件" in s]
    assert narrative.verbatim(text, sentence) == quote


def test_verbatim_falls_back_to_the_normalised_words_it_cannot_place():
    assert narrative.verbatim("另一段文字。", "收到申请5件。") == "收到申请5件。"
    assert narrative.verbatim("", "") == ""


# --- the fast mapping of a quote and the character-by-character one agree ----------------------

#: Pieces published text is made of: Chinese (simplified and traditional), full-width
#: digits and punctuation, ASCII, numbers with separators, line breaks, tabs and other
#: spaces, pinyin annotations, ligatures and other characters NFKC expands.
_PIECES = st.sampled_from(
    [
        "收到申请", "申請", "办结", "條例", "根據(jù)", "，", "。", "；", "（", "）", "１２",
        "1,234", "12,3", "5件", "GKML", " ", "\n", "\t", "\u3000", "\u00a0", "ﬁ", "㈠", "①",
        "¨", "(", ")", "kg", "\uffff", "⼀", "、", "x", "e\u0301", "\u0301", "\u1100\u1161",
        "\u212b", "…", "«", "２０２４年", "\u2028",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.data())
def test_fast_and_character_mapping_place_every_quote_alike(pieces, data):
    text = "".join(pieces)
    flat = narrative.part_text(text).replace("\n", "")
    if flat:
        start = data.draw(st.integers(0, len(flat) - 1))
        end = data.draw(st.integers(start + 1, len(flat)))
        quote = flat[start:end]
    else:
        quote = "收到"
    assert narrative._placed(text, quote, 0, len(text)) == narrative._placed_by_char(
        text, quote, 0, len(text)
    )


def test_every_quote_of_the_bundled_reports_is_placed_alike():
    import gkreport  # noqa: PLC0415
    from tests.reference import CORPUS, EXAMPLES, SEEDS  # noqa: PLC0415

    paths = sorted(EXAMPLES.glob("*.json")) + sorted(SEEDS.glob("*.txt"))
    if CORPUS.is_dir():
        paths += sorted(p for p in CORPUS.glob("*.txt") if p.stem[:1].isdigit())
    checked = 0
    for path in paths:
        text = gkreport.load(path).text
        for part in ("overview", "applications", "appeals", "problems", "other_matters"):
            body = getattr(text, part) or ""
            for sentence in sentences(body):
                fast = narrative._placed(body, sentence, 0, len(body))
                assert fast == narrative._placed_by_char(body, sentence, 0, len(body))
                checked += 1
    assert checked > (300 if CORPUS.is_dir() else 250)  # the corpus adds ~50 sentences


def test_a_printable_quote_holds_no_break_to_join():
    """`narrative._unbroken` skips the expression for a printable quote: this proves it may."""
    printable_breaks = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if narrative._BREAK.search(chr(code)) and chr(code).isprintable()
    ]
    assert printable_breaks == []
    assert narrative._unbroken("全年办结\n申请5件。") == "全年办结申请5件。"
    assert narrative._unbroken("GKML\t system") == "GKML system"
    assert narrative._unbroken("收到申请 5件。") == "收到申请 5件。"


_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029 \t\u3000"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([*_BREAKS, "。", "一、", "(二)", "3.", "收到申请5件", "1,234"]),
            st.text(),
        ),
        max_size=30,
    )
)
def test_part_text_splits_every_line_break_as_the_plain_reading(pieces: list[str]) -> None:
    """Every line break and space `str.splitlines` and `str.split` know, as the plain reading."""
    text = "".join(pieces)
    assert sentences(text) == plain_sentences(text)


def test_statement_is_frozen() -> None:
    """A statement is a value: equal by its fields, hashable, not to be changed."""
    one = narrative.Statement(narrative.RECEIVED, "overview", "收到申请5件。", 5)
    assert one == narrative.Statement(narrative.RECEIVED, "overview", "收到申请5件。", 5)
    assert hash(one) == hash(
        narrative.Statement(narrative.RECEIVED, "overview", "收到申请5件。", 5)
    )
    assert one.counts == narrative.Counted.APPLICATIONS
    with pytest.raises(AttributeError):
        one.number = 6  # type: ignore[misc]
