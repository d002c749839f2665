"""Numbers and claims stated in a report's narrative, ready to compare with its tables.

The narrative (一、总体情况 and the other parts) often repeats the tables: "收到
政府信息公开申请5件", "行政复议16件，其中10件结果维持", "均获维持". This module
finds such statements and says what each one is about; it knows nothing about
findings. `gkreport._validation.catalog` compares the statements with the cells (FORMAT.md §6.3).

Published text is messy, so it is normalised first: NFKC (full-width digits and
punctuation become half-width), pinyin annotations after characters such as
"根據(jù)" are dropped, traditional characters become simplified (OpenCC, only
when the text may hold any: `gkreport._vocabulary.to_simplified`), whitespace
goes (PDF text breaks lines and puts spaces around numbers), and "1,234" loses
its separator. Sentences are quoted in this normalised form.

Speed matters (the validator reads thousands of reports a second): a part is
normalised in a few passes at C speed, and only the sentences that hold an anchor
(a count such as "5件", or 复议/诉讼/维持/答复/办结) are cut out and read; the
regexes run behind substring tests that their matches require.

The extraction is deliberately narrow: a number counts only when the words next
to it say unambiguously what it is. A statement the wording leaves open (a number
that may include another category, a verb that means either "received" or
"concluded") is marked ``loose``; a statement scoped to part of the agency
("其中", "代表…") is marked ``subset``. Missing a statement costs nothing; a false
alarm on a correct report costs the user's trust.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal

import attrs

from gkreport._forms import layout
from gkreport._vocabulary import APPEAL_UNITS, CASE_UNITS, alternation, to_simplified

__all__ = [
    "ALL_CONCLUDED",
    "ALL_UPHELD",
    "APPEALS",
    "CARRIED_FORWARD",
    "CARRIED_OVER",
    "CONCLUDED",
    "COUNTED_BY_TOPIC",
    "DOCUMENTS",
    "GROUP",
    "NO_APPEALS",
    "OUTCOME",
    "RECEIVED",
    "SENTENCE_MARKS",
    "Counted",
    "Statement",
    "extract",
    "holds",
    "holds_any",
    "interesting_sentences",
    "normalize",
    "paragraphs",
    "part_text",
    "read_statements",
    "sentences",
    "split_paragraph",
    "split_parts",
    "statements",
    "verbatim",
]

# --- topics: what a statement is about ----------------------------------------------

RECEIVED = "received"  #: applications received (new, or new + carried over)
CARRIED_OVER = "carried_over"  #: applications carried over from last year
CONCLUDED = "concluded"  #: applications concluded this year
CARRIED_FORWARD = "carried_forward"  #: applications carried forward to next year
ALL_CONCLUDED = "all_concluded"  #: "均已答复", "办结率100%": nothing left over
GROUP = "group"  #: a result group (予以公开 …) with its count and maybe a percentage
APPEALS = "appeals"  #: 行政复议 / 行政诉讼 count
OUTCOME = "outcome"  #: one outcome of 复议/诉讼 ("10件结果维持")
ALL_UPHELD = "all_upheld"  #: "均获维持"
NO_APPEALS = "no_appeals"  #: "未出现复议、诉讼"
DOCUMENTS = "documents"  #: 规章 / 规范性文件 made, repealed or in force


class Counted:
    """What a stated number counts (`Statement.counts`), named by the words around it.

    "全县共办理相关案件74件" after "行政复议、行政诉讼案件的应诉工作" counts appeal
    cases, not applications; "办理人大建议和政协提案45件" counts proposals. A rule
    compares a statement with its table only when the number counts what the table
    counts (`COUNTED_BY_TOPIC`).
    """

    APPLICATIONS = "applications"  #: requests for disclosure (table 三)
    APPEALS = "appeals"  #: 行政复议 / 行政诉讼 cases (table 四)
    DOCUMENTS = "documents"  #: 规章, 规范性文件 and other documents (table 二)
    PROPOSALS = "proposals"  #: 人大代表建议, 政协委员提案
    MESSAGES = "messages"  #: letters, calls, hotline and petition items
    ITEMS = "items"  #: anything else (信息条数 …), counted by no table


#: What the number of each topic counts when its words say nothing else.
COUNTED_BY_TOPIC: Mapping[str, str] = {
    RECEIVED: Counted.APPLICATIONS,
    CARRIED_OVER: Counted.APPLICATIONS,
    CONCLUDED: Counted.APPLICATIONS,
    CARRIED_FORWARD: Counted.APPLICATIONS,
    ALL_CONCLUDED: Counted.APPLICATIONS,
    GROUP: Counted.APPLICATIONS,
    APPEALS: Counted.APPEALS,
    OUTCOME: Counted.APPEALS,
    ALL_UPHELD: Counted.APPEALS,
    NO_APPEALS: Counted.APPEALS,
    DOCUMENTS: Counted.DOCUMENTS,
}

#: Result groups of the applications table, as the narrative names them.
RESULT_GROUPS: Mapping[str, str] = {
    "予以公开": "granted",
    "部分公开": "partial",
    "不予公开": "denied",
    "无法提供": "unable",
    "不予处理": "not_processed",
    "其他处理": "other",
}

#: Outcome words of 复议/诉讼 and the appeals column they count in.
_OUTCOMES: Mapping[str, str] = {
    "维持": "upheld",
    "纠正": "corrected",
    "纠错": "corrected",
    "撤诉": "other",
    "其他结果": "other",
    "尚未审结": "pending",
    "未审结": "pending",
    "审理中": "pending",
    "正在审理": "pending",
}


@attrs.frozen(slots=False)  # a dict class: its __init__ stores into __dict__, at half the cost
class Statement:
    """One number or claim of the narrative, with what it is about."""

    topic: str
    part: str  #: the text part (layout.PARTS id) it was found in
    sentence: str  #: the sentence, normalised
    number: int | None = None  #: the stated count; None for a claim without one
    #: what the number counts, e.g. ("granted", "partial"), ("review",), ("normative", "made")
    subject: tuple[str, ...] = ()
    percent: Decimal | None = None  #: a percentage printed beside a group count
    loose: bool = False  #: the wording admits another reading
    subset: bool = False  #: scoped to part of the agency or of the count
    includes_carried_over: bool = False  #: "申请363件(含上年结转6件)"
    #: what the number counts (`Counted`); by default what its topic counts
    counts: str = attrs.field(
        default=attrs.Factory(lambda self: COUNTED_BY_TOPIC[self.topic], takes_self=True)
    )


# --- normalisation ---------------------------------------------------------------------

_PINYIN = re.compile(r"\((?:[a-z\u00e0-\u00fc\u0101-\u01dcńňǹḿ]){1,8}\)")


def _characters(text: str) -> str:
    """NFKC, no pinyin annotations, simplified characters; whitespace and lines kept."""
    text = unicodedata.normalize("NFKC", text)
    if "(" in text:
        text = _PINYIN.sub("", text)
    return to_simplified(text)


def normalize(text: str) -> str:
    """Text ready for matching: half-width, no pinyin, simplified, no whitespace."""
    return _drop_thousands("".join(_characters(text).split()))


_LINE_END = frozenset("。;!?:)")  # a line ending in one of these ends its paragraph
_HEADING_START = frozenset("一二三四五六七八九十(")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、是]|\(?[一二三四五六七八九十]+\)|\d+[.、])")
SENTENCE_MARKS = "。;!?"  #: the marks that end a sentence
_SENTENCE = re.compile(r"[^。;!?]+[。;!?]?")
_SEPARATOR = re.compile(r",(?=\d{3}(?!\d))")  # a thousands separator, if a digit precedes


def _keep_comma(match: re.Match[str]) -> str:
    start = match.start()
    return "" if match.string[start - 1 : start].isdecimal() else ","


def _drop_thousands(text: str) -> str:
    """Drop thousands separators ("1,234" → "1234"); a literal-first regex scans fast."""
    return _SEPARATOR.sub(_keep_comma, text) if "," in text else text


def _starts_heading(line: str) -> bool:
    first = line[0]
    return (first in _HEADING_START or first.isdecimal()) and _HEADING.match(line) is not None


def part_text(text: str) -> str:
    """The normalised text of a part: its paragraphs, one per line, thousands separators dropped.

    A line break ends a paragraph only after closing punctuation or before a
    heading ("（二）", "二是", "3."): PDF text breaks lines in mid-sentence.
    Whatever is searched in a whole part (the anchors of `interesting_sentences`,
    a reporting period, a keyword) holds no line break, so a part is searched as
    one string instead of paragraph by paragraph.
    """
    characters = _characters(text)
    # one pass: cheaper than split("\n") behind nine searches for the other line breaks
    lines = characters.splitlines()
    if " " in characters or "\t" in characters or "\x1f" in characters or "\u1680" in characters:
        lines = ["".join(line.split()) for line in lines]
    pieces: list[str] = []
    last = ""
    for line in lines:
        if not line:
            continue
        if pieces and (last[-1] in _LINE_END or _starts_heading(line)):
            pieces.append("\n")  # a new paragraph
        pieces.append(line)
        last = line
    return _drop_thousands("".join(pieces))


def verbatim(text: str, normalised: str) -> str:
    """The words of ``text`` that `part_text` turned into ``normalised``, as published.

    Sentences are matched in their normalised form, but a message quotes the report:
    its full-width punctuation, its thousands separators, its characters (pinyin
    annotations such as "(jù)", a page tool's additions, are left out). Each
    character of ``text`` is normalised on its own, remembering where it came from, so
    a match in the normalised text maps back to the source (`_placed`: at C speed in
    the common case, about 20 µs a quote; 0.26 ms a quote character by character).
    A line break or tab inside
    the quote (PDF text breaks lines mid-sentence) goes: between two characters of
    Chinese it is dropped, elsewhere it becomes one space. When the source cannot be
    told (simplification changed the length), the normalised words are returned.
    """
    if not normalised:
        return normalised
    # Mapping a whole part costs ten times a window's: look first near where a run of
    # Chinese the normalisation leaves alone occurs, then, failing that, everywhere.
    run = max(_HAN_RUN.findall(normalised), key=len, default="")
    reach = len(normalised) + 16
    if len(run) >= 4:
        at = text.find(run)
        for _ in range(3):
            if at == -1:
                break
            begin = max(0, at - reach)
            found = _placed(text, normalised, begin, min(len(text), at + len(run) + reach))
            if found is not None:
                return found
            at = text.find(run, at + len(run))  # the next match that does not overlap
    found = _placed(text, normalised, 0, len(text))
    return normalised if found is None else found


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
#: Stands for a character whose NFKC is not one character (sent to `_placed_by_char`).
_IRREGULAR = "\uffff"
#: Characters NFKC leaves as they are, and the others (→ their one-character NFKC, or
#: `_IRREGULAR`): filled as characters are met, bounded like any cache of input.
_UNCHANGED: set[str] = set()
_CHANGED: dict[str, str] = {}
_CACHED = 1 << 16
#: Every character but printable ASCII and CJK unified ideographs, which NFKC leaves as
#: they are: what is left of a report's text is its punctuation, a few percent.
_MAYBE_CHANGED = re.compile("[^\x21-\x7e\u4e00-\u9fff]")


def _one_to_one(flat: str) -> str | None:
    """``flat`` with each character NFKC-normalised on its own, if each gives one character.

    Only the distinct characters that may change are looked at (a report's
    full-width punctuation, a few dozen at most), and each is replaced
    throughout at C speed; a character's NFKC stays as it is, so the order of the
    replacements does not matter. None when some character normalises to none or
    several (`_placed_by_char` handles those).
    """
    if unicodedata.is_normalized("NFKC", flat):  # then each character stays as it is
        return flat
    for char in set(_MAYBE_CHANGED.findall(flat)).difference(_UNCHANGED):
        normal = _CHANGED.get(char)
        if normal is None:
            normal = unicodedata.normalize("NFKC", char)
            if normal == char:
                if len(_UNCHANGED) < _CACHED:
                    _UNCHANGED.add(char)
                continue
            if len(normal) != 1 or normal.isspace():
                normal = _IRREGULAR
            if len(_CHANGED) < _CACHED:
                _CHANGED[char] = normal
        if normal == _IRREGULAR:
            return None
        flat = flat.replace(char, normal)
    return flat


def _placed(text: str, normalised: str, begin: int, stop: int) -> str | None:
    """``normalised`` placed in ``text[begin:stop]`` and cut from the source, or None.

    The common case, where every character normalises to one character and no
    pinyin annotation is near, is mapped with whole-string operations: whitespace is
    left out word by word, the characters normalised by `_one_to_one`, and only the
    match's two ends are mapped back. Anything else goes to `_placed_by_char`; both
    give the same quote (``tests/test_narrative.py`` checks it).
    """
    window = text[begin:stop]
    words: list[tuple[int, str]] = []
    at = 0
    for word in window.split():
        at = window.find(word, at)
        words.append((at, word))
        at += len(word)
    flat = _one_to_one("".join(word for _, word in words))
    if flat is None or ("(" in flat and _PINYIN.search(flat)):
        return _placed_by_char(text, normalised, begin, stop)
    dropped: list[int] = []
    if "," in flat:
        dropped = [
            m.start()
            for m in _SEPARATOR.finditer(flat)
            if flat[m.start() - 1 : m.start()].isdecimal()
        ]
        if dropped:
            kept = set(range(len(flat))).difference(dropped)
            flat = "".join(flat[i] for i in sorted(kept))
    simplified = to_simplified(flat)
    if len(simplified) == len(flat):
        flat = simplified
    found = flat.find(normalised)
    if found == -1:
        return None
    first = _source_index(words, _undrop(found, dropped)) + begin
    last = _source_index(words, _undrop(found + len(normalised) - 1, dropped)) + begin
    return _unbroken(text[first : last + 1])


def _undrop(index: int, dropped: list[int]) -> int:
    """The index in the string before ``dropped`` (sorted) were taken out of it."""
    for gone in dropped:
        if gone <= index:
            index += 1
        else:
            break
    return index


def _source_index(words: list[tuple[int, str]], index: int) -> int:
    """Where the ``index``-th character of the words joined stands in the window."""
    for start, word in words:
        if index < len(word):
            return start + index
        index -= len(word)
    raise IndexError(index)  # pragma: no cover - the index comes from the joined words


def _placed_by_char(text: str, normalised: str, begin: int, stop: int) -> str | None:
    """`_placed` one character at a time: any text, pinyin annotations included."""
    chars: list[str] = []
    where: list[int] = []
    for index in range(begin, stop):
        char = text[index]
        if char.isspace():
            continue
        for piece in unicodedata.normalize("NFKC", char) if not char.isascii() else char:
            if not piece.isspace():
                chars.append(piece)
                where.append(index)
    flat = "".join(chars)
    dropped: set[int] = set()
    pinyin: set[int] = set()  # the source's indexes of annotations: no words of the report
    if "(" in flat:
        for m in _PINYIN.finditer(flat):
            dropped.update(range(m.start(), m.end()))
            pinyin.update(where[m.start() : m.end()])
    if "," in flat:
        dropped |= {
            m.start()
            for m in _SEPARATOR.finditer(flat)
            if flat[m.start() - 1 : m.start()].isdecimal()
        }
    if dropped:
        where = [at for i, at in enumerate(where) if i not in dropped]
        flat = "".join(c for i, c in enumerate(flat) if i not in dropped)
    simplified = to_simplified(flat)
    if len(simplified) == len(flat):
        flat = simplified
    at = flat.find(normalised)
    if at == -1:
        return None
    start, end = where[at], where[at + len(normalised) - 1] + 1
    quote = "".join(text[i] for i in range(start, end) if i not in pinyin)
    return _unbroken(quote)


_BREAK = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]\s*")


def _unbroken(quote: str) -> str:
    """``quote`` with each line break or tab (and the spaces around it) joined (`_joined`).

    Every character `_BREAK` looks for is one that ``str.isprintable`` refuses, so a
    printable quote, the common case, is returned as it is without running the
    expression, which has no literal to start from and tries every position.
    """
    return quote if quote.isprintable() else _BREAK.sub(_joined, quote)


def _joined(match: re.Match[str]) -> str:
    """Nothing between two characters of Chinese, a space between anything else."""
    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1 : start], text[end : end + 1]
    return "" if (before and not before.isascii()) and (after and not after.isascii()) else " "


def paragraphs(text: str) -> list[str]:
    """The normalised paragraphs of a text part (see `part_text`)."""
    lines = part_text(text)
    return lines.split("\n") if lines else []


def split_paragraph(paragraph: str) -> list[str]:
    """A paragraph's sentences: each run up to and including one "。;!?"; lone marks dropped."""
    if any(mark in paragraph for mark in SENTENCE_MARKS[1:]):
        return _SENTENCE.findall(paragraph)
    *closed, last = paragraph.split("。")  # the common case, at str.split speed
    found = [sentence + "。" for sentence in closed if sentence]
    if last:
        found.append(last)
    return found


def sentences(text: str) -> list[str]:
    """The normalised sentences of a text part (see `paragraphs`)."""
    return [sentence for paragraph in paragraphs(text) for sentence in split_paragraph(paragraph)]


# --- extraction ------------------------------------------------------------------------
#
# Speed: a report has a few dozen sentences and only a handful hold a statement, so
# every regex below runs only behind a substring test that any of its matches needs
# (``"结转" in sentence`` before `_CARRIED_OVER`): `in` costs a few dozen nanoseconds,
# a regex call ten times that. Each gate is a consequence of its pattern, so it
# changes no result; tests/test_narrative.py pins the readings.

_P = r"[^\d,;。、()%]"  # a character inside one phrase: no digits, no punctuation
_CASE = f"(?:{alternation(CASE_UNITS)})"  # the unit of a count of applications: 件, 宗 …
_APPEAL_UNIT = f"(?:{alternation(APPEAL_UNITS)})"  # … and of appeals, also 个
#: The first characters of the case units: a count is a digit before one of them.
_CASE_CHARS = tuple(sorted({unit[0] for unit in CASE_UNITS}))
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_COMPARISON = re.compile(r"同比|较上年|比上年|较去年|比去年|上年同期|较\d{4}年|比\d{4}年")
_SUBSET_WORDS = ("其中", "代表", "本级", "本部门", "本机关")

_RECEIVED = re.compile(rf"(?:收到|受理|新收|接收|收悉)({_P}{{0,14}}?)申请{_P}{{0,4}}?(\d+){_CASE}")
_INCLUDES_CARRIED = re.compile(r"\(?(?:含|包括|包含)[^,;。)]{0,12}?结转")
_CARRIED_OVER = re.compile(
    rf"(?:上年度?|上一年度?|((?:19|20)\d\d)年(?:度)?)结转{_P}{{0,8}}?(\d+){_CASE}"
    rf"|(\d+){_CASE}{_P}{{0,2}}?(?:为|系)上年度?结转"
)
_CARRIED_FORWARD = re.compile(
    rf"结转(?:至|到)?(?:下年度?|下一年度?|((?:19|20)\d\d)年(?:度)?){_P}{{0,8}}?(\d+){_CASE}"
    rf"|(\d+){_CASE}{_P}{{0,4}}?(?:结转|顺延|转入)(?:至|到)?(?:下年度?|下一年度?|((?:19|20)\d\d)年)"
)
_CONCLUDED = re.compile(rf"(?<!延期)(办结|答复|办理完毕|办理)({_P}{{0,12}}?)(\d+){_CASE}")
_ALL_CONCLUDED = re.compile(rf"(?:均|全部){_P}{{0,12}}?(?:答复|办结)|办结率(?:为|达)?100%")
_CARRY_WORDS = ("结转", "顺延", "转入下")

_GROUP_NAMES = "|".join(RESULT_GROUPS)
_GROUP = re.compile(
    rf"(?<!不)({_GROUP_NAMES})(?:(?:及|和|与|或)({_GROUP_NAMES}))?([^\d;。%]{{0,16}}?)(\d+){_CASE}"
    rf"(?:[,(]?(?:占|占比|比例)?{_P}{{0,4}}?(\d+(?:\.\d+)?)%)?"
)
_PLAIN_GAP = "共计为了的是"  # a gap of only these between a group and its count is plain

# The words that say what a count of 办理/收到 counts, first match wins; a phrase naming
# 复议/诉讼 itself is read by `_appeals`.
_COUNTED_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("应诉",), Counted.APPEALS),
    (("申请",), Counted.APPLICATIONS),
    (("建议", "提案"), Counted.PROPOSALS),
    (("规章", "文件"), Counted.DOCUMENTS),
    (("来信", "来电", "留言", "咨询", "信访", "热线", "诉求", "工单", "信件"), Counted.MESSAGES),
)
# Words that refer back to what the sentence spoke of before ("相关案件", "上述案件").
_REFERRING = ("相关", "上述", "此类", "该类", "以上", "案件")
_APPEAL_WORDS = ("复议", "诉讼", "应诉")

_APPEAL = re.compile(rf"(?:行政)?(复议|诉讼)(?!后)({_P}{{0,8}}?)(\d+){_APPEAL_UNIT}")
_OUTCOME_WORDS = "|".join(_OUTCOMES)
# Every outcome word holds one of these: a tail without any has no outcome.
_OUTCOME_HINTS = ("维持", "纠", "撤诉", "其他结果", "审结", "审理")
_OUTCOME_AFTER = re.compile(rf"(\d+){_APPEAL_UNIT}{_P}{{0,4}}?({_OUTCOME_WORDS})")
_OUTCOME_BEFORE = re.compile(rf"(?:结果)?({_OUTCOME_WORDS}){_P}{{0,2}}?(\d+){_APPEAL_UNIT}")
_GAP_OUTCOME = re.compile(r"纠|维持|撤|审结|败诉|胜诉|驳回|结果")
_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以|得到)?(?:依法)?维持")
_NO_APPEALS = re.compile(
    rf"(?:未(?!经)|没有|无)(?:出现|发生|收到|涉及|产生)?({_P}{{0,15}}?(?:复议|诉讼)(?:[、和及与]?(?:行政)?(?:复议|诉讼))?)(?!{_P}{{0,3}}?(?:纠错|败诉|被纠正))"
)
_APPEAL_KINDS = (("复议", "review"), ("诉讼", "litigation"))
# 规章 (not 规章制度, internal rules) or (行政)规范性文件, the 2019 label matching both.
_NORMATIVE = min(
    (
        label
        for node in (form.node("proactive.normative") for form in layout.FORMATS.values())
        for label in (node.label, *node.aliases)
    ),
    key=len,
)
_DOC_NOUN = re.compile("规章(?!制度)|" + re.escape(_NORMATIVE))
_DOC_VERBS: tuple[tuple[str, str], ...] = (  # the first that a phrase holds says what it counts
    ("现行有效", "in_force"),
    ("废止", "repealed"),
    ("废除", "repealed"),
    ("制定", "made"),
    ("制发", "made"),
    ("出台", "made"),
    ("印发", "made"),
    ("新增", "made"),
)
_SEGMENT = re.compile(r"[^,;、]+")
_DOC_COUNT = re.compile(rf"(\d+){_CASE}")
# What every claim names, each with the index of the character `_anchors` looks for: the
# one government prose uses least outside the word (办 of 办理 is everywhere, 结 rarer).
_ANCHOR_PIVOTS = (("维持", 0), ("复议", 0), ("诉讼", 1), ("答复", 0), ("办结", 1))

# A number read in a sentence: where it is, and what it says.
_Hit = tuple[int, int, Statement]


def split_parts(text: Mapping[str, str | None]) -> dict[str, list[str]]:
    """The normalised sentences of every text part that has any."""
    return {part: sentences(body) for part, body in text.items() if body}


def statements(text: Mapping[str, str | None], year: int | None) -> list[Statement]:
    """Every statement found in the text parts (see `read_statements`)."""
    return read_statements({part: part_text(body) for part, body in text.items() if body}, year)


def extract(parts: Mapping[str, list[str]], year: int | None) -> list[Statement]:
    """Every statement of normalised parts given as lists of paragraphs or sentences."""
    return read_statements({part: "\n".join(texts) for part, texts in parts.items()}, year)


def read_statements(parts: Mapping[str, str], year: int | None) -> list[Statement]:
    """Every statement of normalised parts, each one text with a paragraph per line.

    ``problems`` is skipped: it talks about plans. Only the sentences that hold a
    count ("5件") or an appeal/outcome word are read (`interesting_sentences`).
    """
    found: list[Statement] = []
    for part, text in parts.items():
        if part != "problems":
            for sentence in interesting_sentences(text):
                found += _in_sentence(sentence, part, year)
    return found


def interesting_sentences(text: str) -> list[str]:
    """The sentences of a normalised text that may hold a statement, in order.

    ``text`` is one paragraph or several, one per line; the sentences are those of
    `split_paragraph`. They are found from their anchors, so the text is never
    split as a whole: each anchor's sentence runs from the mark (or line start)
    before it to the mark (or line end) after it.
    """
    anchors = _anchors(text)
    if not anchors:
        return []
    marks = [mark for mark in SENTENCE_MARKS if mark in text]
    found: list[str] = []
    end = -1
    for at in anchors:
        if at < end:
            continue  # in the sentence just taken
        # Look for the marks first: they are near; a line break only between them.
        if len(marks) == 1:  # the common case ("。" only): no lists to build
            mark = marks[0]
            start = text.rfind(mark, 0, at) + 1
            stop = text.find(mark, at)
            end = stop + 1 if stop != -1 else len(text)
        else:
            start = max([text.rfind(mark, 0, at) for mark in marks], default=-1) + 1
            stops = [stop for mark in marks if (stop := text.find(mark, at)) != -1]
            end = min(stops) + 1 if stops else len(text)
        line_start = text.rfind("\n", start, at)
        if line_start != -1:
            start = line_start + 1
        line_end = text.find("\n", at, end)
        if line_end != -1:
            end = line_end
        found.append(text[start:end])
    return found


def _anchors(text: str) -> list[int]:
    """Where a count ("5件") or an appeal/outcome word is, in order.

    Every number `_in_sentence` reads is a digit before a case unit (件, 宗, 起 of
    `CASE_UNITS`; or before 个 in a sentence that also has one), and every claim it
    reads names one of the words: a sentence without an anchor holds no statement.
    ``str.find`` of one character scans at memory speed (a two-character needle or
    a regex costs ten times more), so each word is found by its rarest character
    (`_ANCHOR_PIVOTS`) and then checked whole, and each count by the first character
    of its unit, then checked for a digit before it.
    """
    found = []
    for word, pivot in _ANCHOR_PIVOTS:
        char = word[pivot]
        at = text.find(char)
        while at != -1:
            start = at - pivot
            if start >= 0 and text.startswith(word, start):
                found.append(start)
            at = text.find(char, at + 1)
    for unit in _CASE_CHARS:
        at = text.find(unit, 1)
        while at != -1:
            if text[at - 1].isdecimal():  # what ``\d`` matches
                found.append(at)
            at = text.find(unit, at + 1)
    found.sort()
    return found


def _in_sentence(sentence: str, part: str, year: int | None) -> list[Statement]:
    hits: list[_Hit] = []
    if holds_any(sentence, _CASE_CHARS):
        if "结转" in sentence or "顺延" in sentence or "转入" in sentence:
            _carried(hits, sentence, part, year)
        if "申请" in sentence and ("收" in sentence or "受理" in sentence):  # 收到, 受理 …
            _received(hits, sentence, part, year)
        if "复议" in sentence or "诉讼" in sentence:
            _appeals(hits, sentence, part, year)
        if _names_group(sentence):
            _groups(hits, sentence, part, year)
        if ("规章" in sentence or _NORMATIVE in sentence) and _document_verb(sentence):
            _documents(hits, sentence, part, year)  # a count without a verb is never read
        if "办" in sentence or "答复" in sentence:
            _concluded(hits, sentence, part, year)
    claimed: list[_Hit] = []
    for hit in hits:  # the first (most specific) reading of a number wins
        start, end, _ = hit
        for other_start, other_end, _ in claimed:  # a loop: any() would make a generator
            if start < other_end and other_start < end:
                break
        else:
            claimed.append(hit)
    claimed.sort(key=lambda hit: hit[0])
    found = [statement for _, _, statement in claimed]
    _claims(found, sentence, part, claimed)
    return found


def holds(text: str, word: str, pivot: int = 0) -> bool:
    """``word in text``, found by one of its characters: ``word[pivot]``, a rare one.

    In a long text of Chinese ``str.find`` of one character runs at memory speed and a
    longer word about twenty times slower (it can skip little): a word absent from a
    part of 2,000 characters costs 2 µs a search instead of 0.1 µs. So the pivot is
    found first and each of its places checked for the whole word, as `_anchors`
    finds its words; a pivot that occurs often in reports would cost more than it saves.
    """
    char = word[pivot]
    at = text.find(char, pivot)
    while at != -1:
        if text.startswith(word, at - pivot):
            return True
        at = text.find(char, at + 1)
    return False


def holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``words``.

    A loop, not ``any()`` over a generator: making the generator alone costs more
    than a few searches of a sentence.
    """
    for word in words:  # noqa: SIM110 - a loop, not any(): this runs per match
        if word in text:
            return True
    return False


def _names_group(sentence: str) -> bool:
    return (
        "予以公开" in sentence
        or "部分公开" in sentence
        or "不予公开" in sentence
        or "无法提供" in sentence
        or "不予处理" in sentence
        or "其他处理" in sentence
    )


def _clause_prefix(sentence: str, start: int) -> str:
    """The text of the clause before ``start`` (back to the last comma or semicolon)."""
    cut = max(
        sentence.rfind(",", 0, start), sentence.rfind(";", 0, start), sentence.rfind(":", 0, start)
    )
    return sentence[cut + 1 : start]


def _other_year(prefix: str, year: int | None) -> bool:
    """Whether the clause speaks of another year or compares with one."""
    compares = "比" in prefix or "较" in prefix or "上年同期" in prefix  # in every comparison
    if compares and _COMPARISON.search(prefix):
        return True
    if year is None or "年" not in prefix:
        return False
    return any(int(y) != year for y in _YEAR.findall(prefix))


def _received(hits: list[_Hit], sentence: str, part: str, year: int | None) -> None:
    for match in _RECEIVED.finditer(sentence):
        between = match.group(1)
        if "复议" in between or "诉讼" in between:
            continue  # 收到行政复议申请 is an appeal, not an application
        prefix = _clause_prefix(sentence, match.start())
        if _other_year(prefix, year):
            continue
        after = sentence[match.end() : match.end() + 16]
        statement = Statement(
            RECEIVED,
            part,
            sentence,
            int(match.group(2)),
            subset=holds_any(prefix, _SUBSET_WORDS),
            includes_carried_over="结转" in after and _INCLUDES_CARRIED.match(after) is not None,
            counts=_counted(between, sentence[: match.start()]),
        )
        hits.append((match.start(2), match.end(2), statement))


def _carried(hits: list[_Hit], sentence: str, part: str, year: int | None) -> None:
    if "结转" in sentence:  # both readings of _CARRIED_OVER say 结转
        for match in _CARRIED_OVER.finditer(sentence):
            said_year = match.group(1)
            if said_year and year is not None and int(said_year) != year - 1:
                continue
            group = 2 if match.group(2) else 3
            statement = Statement(CARRIED_OVER, part, sentence, int(match.group(group)))
            hits.append((match.start(group), match.end(group), statement))
    for match in _CARRIED_FORWARD.finditer(sentence):
        said_year = match.group(1) or match.group(4)
        if said_year and year is not None and int(said_year) != year + 1:
            continue
        group = 2 if match.group(2) else 3
        statement = Statement(CARRIED_FORWARD, part, sentence, int(match.group(group)))
        hits.append((match.start(group), match.end(group), statement))


def _concluded(hits: list[_Hit], sentence: str, part: str, year: int | None) -> None:
    for match in _CONCLUDED.finditer(sentence):
        verb, between = match.group(1), match.group(2)
        if "复议" in between or "诉讼" in between or "不予" in between:
            continue
        if _other_year(_clause_prefix(sentence, match.start()), year):
            continue
        statement = Statement(
            CONCLUDED,
            part,
            sentence,
            int(match.group(3)),
            loose=verb == "办理",
            counts=_counted(between, sentence[: match.start()]),
        )
        hits.append((match.start(3), match.end(3), statement))


def _counted(phrase: str, before: str) -> str:
    """What a count of 收到/办理 counts, from the words between the verb and the number.

    A phrase that names nothing of its own ("相关案件", "上述案件") refers back to the
    sentence before it: after "行政复议、行政诉讼案件的应诉工作" it counts appeal cases.
    """
    for words, counted in _COUNTED_WORDS:
        if holds_any(phrase, words):
            return counted
    if holds_any(phrase, _REFERRING) and holds_any(before, _APPEAL_WORDS) and "申请" not in before:
        return Counted.APPEALS
    return Counted.APPLICATIONS


def _groups(hits: list[_Hit], sentence: str, part: str, year: int | None) -> None:
    for match in _GROUP.finditer(sentence):
        first, second, gap, number, percent = match.groups()
        if _other_year(_clause_prefix(sentence, match.start()), year):
            continue
        names = (first, second) if second else (first,)
        statement = Statement(
            GROUP,
            part,
            sentence,
            int(number),
            tuple(RESULT_GROUPS[name] for name in names),
            percent=Decimal(percent) if percent else None,
            loose=bool(gap.strip(_PLAIN_GAP)),
        )
        hits.append((match.start(4), match.end(4), statement))


def _appeals(hits: list[_Hit], sentence: str, part: str, year: int | None) -> None:
    matches = [
        m
        for m in _APPEAL.finditer(sentence)
        if not (m.group(2) and _GAP_OUTCOME.search(m.group(2)))
    ]
    for index, match in enumerate(matches):
        if _other_year(_clause_prefix(sentence, match.start()), year):
            continue
        kind = "review" if match.group(1) == "复议" else "litigation"
        statement = Statement(APPEALS, part, sentence, int(match.group(3)), (kind,))
        hits.append((match.start(3), match.end(3), statement))
        # The outcomes follow in the same clause: "…16件，其中10件结果维持、2件结果纠正".
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(sentence)
        semicolon = sentence.find(";", match.end())
        if 0 <= semicolon < stop:
            stop = semicolon
        _outcomes(hits, sentence, part, kind, (match.end(), stop))


def _outcomes(hits: list[_Hit], sentence: str, part: str, kind: str, span: tuple[int, int]) -> None:
    start, stop = span
    tail = sentence[start:stop]
    if not holds_any(tail, _OUTCOME_HINTS):
        return
    for pattern, number_group, word_group in ((_OUTCOME_AFTER, 1, 2), (_OUTCOME_BEFORE, 2, 1)):
        for match in pattern.finditer(tail):
            word = match.group(word_group)
            statement = Statement(
                OUTCOME,
                part,
                sentence,
                int(match.group(number_group)),
                (kind, _OUTCOMES[word]),
                loose=word == "撤诉",  # 撤诉 is one of several 其他结果
            )
            hits.append(
                (start + match.start(number_group), start + match.end(number_group), statement)
            )


def _documents(hits: list[_Hit], sentence: str, part: str, year: int | None) -> None:
    noun: str | None = None
    for segment in _SEGMENT.finditer(sentence):
        text = segment.group(0)
        names_one = "规章" in text or _NORMATIVE in text
        nouns = _DOC_NOUN.findall(text) if names_one else []
        for count in _DOC_COUNT.finditer(text) if holds_any(text, _CASE_CHARS) else ():
            before = text[: count.start()]
            own = _DOC_NOUN.findall(before) if names_one else []
            verb = _document_verb(before)
            if own:
                noun = own[-1]
            elif not (verb and len(before) <= 6 and noun):
                continue  # "现行有效138件" may borrow the noun of its sentence; nothing else may
            if verb is None or "其中" in before or _other_year(before, year):
                continue
            statement = Statement(
                DOCUMENTS,
                part,
                sentence,
                int(count.group(1)),
                ("rules" if noun == "规章" else "normative", verb),
                loose=verb == "repealed" and "失效" in before,
            )
            hits.append(
                (segment.start() + count.start(1), segment.start() + count.end(1), statement)
            )
        if nouns:
            noun = nouns[-1]


def _document_verb(text: str) -> str | None:
    """What a phrase about 规章/规范性文件 counts: made, repealed or in force (None: nothing)."""
    for word, kind in _DOC_VERBS:
        if word in text:
            return kind
    return None


def _claims(found: list[Statement], sentence: str, part: str, numbers: list[_Hit]) -> None:
    """Claims without a number of their own: all concluded, all upheld, no appeals."""
    concluding = "均" in sentence or "全部" in sentence or "办结率" in sentence
    carries = concluding and holds_any(sentence, _CARRY_WORDS)
    for match in _ALL_CONCLUDED.finditer(sentence) if concluding else ():
        if match.group(0).startswith("办结率"):
            if not carries:
                found.append(Statement(ALL_CONCLUDED, part, sentence, loose=True))
            continue
        before = [
            hit
            for hit in numbers
            if hit[1] <= match.start() and hit[2].counts == COUNTED_BY_TOPIC[hit[2].topic]
        ]
        if not before or carries:
            continue
        nearest = before[-1][2]
        if nearest.topic == RECEIVED and not nearest.subset:
            found.append(Statement(ALL_CONCLUDED, part, sentence, nearest.number, loose=True))
    if "维持" in sentence:
        for match in _ALL_UPHELD.finditer(sentence):
            head = sentence[: match.start()]
            kinds = tuple(kind for word, kind in _APPEAL_KINDS if word in head)
            if kinds:
                found.append(Statement(ALL_UPHELD, part, sentence, subject=kinds))
    negated = "未" in sentence or "没有" in sentence or "无" in sentence
    if negated and ("复议" in sentence or "诉讼" in sentence):
        for match in _NO_APPEALS.finditer(sentence):
            listed = match.group(1)
            kinds = tuple(kind for word, kind in _APPEAL_KINDS if word in listed)
            found.append(Statement(NO_APPEALS, part, sentence, subject=kinds, loose=True))
