"""Numbers and claims stated in a report's narrative, ready to compare with its tables.

The narrative (一、总体情况 and the other parts) often repeats the tables: "收到
政府信息公开申请5件", "行政复议16件，其中10件结果维持", "均获维持". This module
finds such statements and says what each one is about; it knows nothing about
findings. `gkreport.rules` compares the statements with the cells (FORMAT.md §6.3).

Published text is messy, so it is normalised first: NFKC (full-width digits and
punctuation become half-width), pinyin annotations after characters such as
"根據(jù)" are dropped, traditional characters become simplified (OpenCC, only
when the text holds any), whitespace goes (PDF text breaks lines and puts spaces
around numbers), and "1,234" loses its separator. Sentences are quoted in this
normalised form.

The extraction is deliberately narrow: a number counts only when the words next
to it say unambiguously what it is. A statement the wording leaves open (a number
that may include another category, a verb that means either "received" or
"concluded") is marked ``loose``; a statement scoped to part of the agency
("其中", "代表…") is marked ``subset``. Missing a statement costs nothing; a false
alarm on a correct report costs the user's trust.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal

import attrs

__all__ = [
    "ALL_CONCLUDED",
    "ALL_UPHELD",
    "APPEALS",
    "CARRIED_FORWARD",
    "CARRIED_OVER",
    "CONCLUDED",
    "DOCUMENTS",
    "GROUP",
    "NO_APPEALS",
    "OUTCOME",
    "RECEIVED",
    "Statement",
    "extract",
    "normalize",
    "sentences",
    "split_parts",
    "statements",
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


@attrs.frozen
class Statement:
    """One number or claim of the narrative, with what it is about."""

    topic: str
    part: str  #: the text part (layout.PARTS id) it was found in
    sentence: str  #: the sentence, normalised
    number: int | None = None  #: the stated count; None for a claim without one
    subject: tuple[
        str, ...
    ] = ()  #: e.g. ("granted", "partial"), ("review",), ("normative", "made")
    percent: Decimal | None = None  #: a percentage printed beside a group count
    loose: bool = False  #: the wording admits another reading
    subset: bool = False  #: scoped to part of the agency or of the count
    includes_carried_over: bool = False  #: "申请363件(含上年结转6件)"


# --- normalisation ---------------------------------------------------------------------

_PINYIN = re.compile(r"\((?:[a-z\u00e0-\u00fc\u0101-\u01dcńňǹḿ]){1,8}\)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# Characters that only traditional text contains: convert only when one is present,
# so simplified reports (nearly all) never pay for OpenCC.
_TRADITIONAL = re.compile(
    "[開請數據條們國發會於與專業辦結轉復議訴訟規範廢處費門網過對還進時間總體況維護機關級區縣務無應這個說為實際導達當舉義來東車問題長陽隊電點價傳內農創則劃團圍圖報場屆層師幫廣庫態戶擇擊斷書歷歸將現畫療盡監稅種積競簡紀約絕統經續繼羅聯聲職聽臨興號術衛視親計訊許評話該認語論證識讀變負財責貨賣資質購軍輕運遠適選邊鄉醫鎮閱陳險隨雙響項順須預領頭額風養館驗黨齊]"
)


@functools.cache
def _t2s() -> object:
    import opencc  # noqa: PLC0415 - loaded only for traditional text

    return opencc.OpenCC("t2s")


def _characters(text: str) -> str:
    """NFKC, no pinyin annotations, simplified characters; whitespace and lines kept."""
    text = unicodedata.normalize("NFKC", text)
    if "(" in text:
        text = _PINYIN.sub("", text)
    if _TRADITIONAL.search(text):
        text = _t2s().convert(text)  # type: ignore[attr-defined]
    return text


def normalize(text: str) -> str:
    """Text ready for matching: half-width, no pinyin, simplified, no whitespace."""
    return _THOUSANDS.sub("", "".join(_characters(text).split()))


_LINE_END = re.compile(r"[。;!?:)]$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、是]|\(?[一二三四五六七八九十]+\)|\d+[.、])")
_SENTENCE = re.compile(r"[^。;!?]+[。;!?]?")


def sentences(text: str) -> list[str]:
    """The normalised sentences of a text part.

    A line break ends a sentence only after closing punctuation or before a
    heading ("（二）", "二是", "3."): PDF text breaks lines in mid-sentence.
    """
    paragraphs: list[str] = []
    for raw_line in _characters(text).splitlines():
        line = "".join(raw_line.split())
        if not line:
            continue
        if paragraphs and not _LINE_END.search(paragraphs[-1]) and not _HEADING.match(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    found: list[str] = []
    for paragraph in paragraphs:
        found.extend(_SENTENCE.findall(_THOUSANDS.sub("", paragraph)))
    return found


# --- extraction ------------------------------------------------------------------------

_P = r"[^\d,;。、()%]"  # a character inside one phrase: no digits, no punctuation
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_COMPARISON = re.compile(r"同比|较上年|比上年|较去年|比去年|上年同期|较\d{4}年|比\d{4}年")
_SUBSET = re.compile(r"其中|代表|本级|本部门|本机关")

_RECEIVED = re.compile(rf"(?:收到|受理|新收|接收|收悉)({_P}{{0,14}}?)申请{_P}{{0,4}}?(\d+)件")
_INCLUDES_CARRIED = re.compile(r"^\(?(?:含|包括|包含)[^,;。)]{0,12}?结转")
_CARRIED_OVER = re.compile(
    rf"(?:上年度?|上一年度?|((?:19|20)\d\d)年(?:度)?)结转{_P}{{0,8}}?(\d+)件"
    rf"|(\d+)件{_P}{{0,2}}?(?:为|系)上年度?结转"
)
_CARRIED_FORWARD = re.compile(
    rf"结转(?:至|到)?(?:下年度?|下一年度?|((?:19|20)\d\d)年(?:度)?){_P}{{0,8}}?(\d+)件"
    rf"|(\d+)件{_P}{{0,4}}?(?:结转|顺延|转入)(?:至|到)?(?:下年度?|下一年度?|((?:19|20)\d\d)年)"
)
_CONCLUDED = re.compile(rf"(?<!延期)(办结|答复|办理完毕|办理)({_P}{{0,12}}?)(\d+)件")
_ALL_CONCLUDED = re.compile(rf"(?:均|全部){_P}{{0,12}}?(?:答复|办结)|办结率(?:为|达)?100%")
_CARRY_WORDS = re.compile(r"结转|顺延|转入下")

_GROUP_NAMES = "|".join(RESULT_GROUPS)
_GROUP = re.compile(
    rf"(?<!不)({_GROUP_NAMES})(?:(?:及|和|与|或)({_GROUP_NAMES}))?([^\d;。%]{{0,16}}?)(\d+)件"
    rf"(?:[,(]?(?:占|占比|比例)?{_P}{{0,4}}?(\d+(?:\.\d+)?)%)?"
)
_PLAIN_GAP = re.compile(r"^[共计为了的是]*$")

_APPEAL = re.compile(rf"(?:行政)?(复议|诉讼)(?!后)({_P}{{0,8}}?)(\d+)(?:件次|件|起|宗|个)")
_OUTCOME_WORDS = "|".join(_OUTCOMES)
_OUTCOME_AFTER = re.compile(rf"(\d+)(?:件次|件|起|宗|个){_P}{{0,4}}?({_OUTCOME_WORDS})")
_OUTCOME_BEFORE = re.compile(rf"(?:结果)?({_OUTCOME_WORDS}){_P}{{0,2}}?(\d+)(?:件次|件|起|宗|个)")
_GAP_OUTCOME = re.compile(r"纠|维持|撤|审结|败诉|胜诉|驳回|结果")
_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以|得到)?(?:依法)?维持")
_NO_APPEALS = re.compile(
    rf"(?:未(?!经)|没有|无)(?:出现|发生|收到|涉及|产生)?({_P}{{0,15}}?(?:复议|诉讼)(?:[、和及与]?(?:行政)?(?:复议|诉讼))?)(?!{_P}{{0,3}}?(?:纠错|败诉|被纠正))"
)
_DOC_NOUN = re.compile(r"规章(?!制度)|规范性文件")
_DOC_VERBS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"现行有效"), "in_force"),
    (re.compile(r"废止|废除"), "repealed"),
    (re.compile(r"制定|制发|出台|印发|新增"), "made"),
)
_INTERESTING = re.compile(r"\d件|\d起|\d宗|维持|复议|诉讼|办结率|答复|办结")
_SEGMENT = re.compile(r"[^,;、]+")
_DOC_COUNT = re.compile(r"(\d+)件")


@attrs.frozen
class _Hit:
    start: int
    end: int
    statement: Statement


def split_parts(text: Mapping[str, str | None]) -> dict[str, list[str]]:
    """The normalised sentences of every text part that has any."""
    return {part: sentences(body) for part, body in text.items() if body}


def statements(text: Mapping[str, str | None], year: int | None) -> list[Statement]:
    """Every statement found in the text parts (see `extract`)."""
    return extract(split_parts(text), year)


def extract(parts: Mapping[str, list[str]], year: int | None) -> list[Statement]:
    """Every statement of already split parts; ``problems`` is skipped (it talks about plans)."""
    found: list[Statement] = []
    for part, part_sentences in parts.items():
        if part == "problems":
            continue
        for sentence in part_sentences:
            if _INTERESTING.search(sentence):
                found.extend(_in_sentence(sentence, part, year))
    return found


def _in_sentence(sentence: str, part: str, year: int | None) -> Iterator[Statement]:
    hits: list[_Hit] = []
    if "件" in sentence:
        if "结转" in sentence or "顺延" in sentence or "转入" in sentence:
            hits += _carried(sentence, part, year)
        if "申请" in sentence:
            hits += _received(sentence, part, year)
        if "复议" in sentence or "诉讼" in sentence:
            hits += _appeals(sentence, part, year)
        if any(name in sentence for name in RESULT_GROUPS):
            hits += _groups(sentence, part, year)
        if "规章" in sentence or "规范性文件" in sentence:
            hits += _documents(sentence, part, year)
        hits += _concluded(sentence, part, year)
    claimed: list[_Hit] = []
    for hit in hits:  # the first (most specific) reading of a number wins
        if not any(hit.start < other.end and other.start < hit.end for other in claimed):
            claimed.append(hit)
    claimed.sort(key=lambda hit: hit.start)
    yield from (hit.statement for hit in claimed)
    yield from _claims(sentence, part, claimed)


def _clause_prefix(sentence: str, start: int) -> str:
    """The text of the clause before ``start`` (back to the last comma or semicolon)."""
    cut = max(sentence.rfind(mark, 0, start) for mark in (",", ";", ":"))
    return sentence[cut + 1 : start]


def _other_year(prefix: str, year: int | None) -> bool:
    """Whether the clause speaks of another year or compares with one."""
    if _COMPARISON.search(prefix):
        return True
    return year is not None and any(int(y) != year for y in _YEAR.findall(prefix))


def _received(sentence: str, part: str, year: int | None) -> Iterator[_Hit]:
    for match in _RECEIVED.finditer(sentence):
        between = match.group(1)
        if "复议" in between or "诉讼" in between:
            continue  # 收到行政复议申请 is an appeal, not an application
        prefix = _clause_prefix(sentence, match.start())
        if _other_year(prefix, year):
            continue
        after = sentence[match.end() : match.end() + 16]
        yield _Hit(
            match.start(2),
            match.end(2),
            Statement(
                RECEIVED,
                part,
                sentence,
                int(match.group(2)),
                subset=bool(_SUBSET.search(prefix)),
                includes_carried_over=bool(_INCLUDES_CARRIED.match(after)),
            ),
        )


def _carried(sentence: str, part: str, year: int | None) -> Iterator[_Hit]:
    for pattern, topic, shift in (
        (_CARRIED_OVER, CARRIED_OVER, -1),
        (_CARRIED_FORWARD, CARRIED_FORWARD, 1),
    ):
        for match in pattern.finditer(sentence):
            said_year = (
                match.group(1) or match.group(4) if topic == CARRIED_FORWARD else match.group(1)
            )
            if said_year and year is not None and int(said_year) != year + shift:
                continue
            group = 2 if match.group(2) else 3
            yield _Hit(
                match.start(group),
                match.end(group),
                Statement(topic, part, sentence, int(match.group(group))),
            )


def _concluded(sentence: str, part: str, year: int | None) -> Iterator[_Hit]:
    for match in _CONCLUDED.finditer(sentence):
        verb, between = match.group(1), match.group(2)
        if "复议" in between or "诉讼" in between or "不予" in between:
            continue
        if _other_year(_clause_prefix(sentence, match.start()), year):
            continue
        yield _Hit(
            match.start(3),
            match.end(3),
            Statement(CONCLUDED, part, sentence, int(match.group(3)), loose=verb == "办理"),
        )


def _groups(sentence: str, part: str, year: int | None) -> Iterator[_Hit]:
    for match in _GROUP.finditer(sentence):
        first, second, gap = match.group(1), match.group(2), match.group(3)
        if _other_year(_clause_prefix(sentence, match.start()), year):
            continue
        names = (first, second) if second else (first,)
        subject = tuple(RESULT_GROUPS[name] for name in names)
        percent = Decimal(match.group(5)) if match.group(5) else None
        yield _Hit(
            match.start(4),
            match.end(4),
            Statement(
                GROUP,
                part,
                sentence,
                int(match.group(4)),
                subject,
                percent=percent,
                loose=not _PLAIN_GAP.match(gap),
            ),
        )


def _appeals(sentence: str, part: str, year: int | None) -> Iterator[_Hit]:
    matches = [m for m in _APPEAL.finditer(sentence) if not _GAP_OUTCOME.search(m.group(2))]
    for index, match in enumerate(matches):
        if _other_year(_clause_prefix(sentence, match.start()), year):
            continue
        kind = "review" if match.group(1) == "复议" else "litigation"
        yield _Hit(
            match.start(3),
            match.end(3),
            Statement(APPEALS, part, sentence, int(match.group(3)), (kind,)),
        )
        # The outcomes follow in the same clause: "…16件，其中10件结果维持、2件结果纠正".
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(sentence)
        semicolon = sentence.find(";", match.end())
        if 0 <= semicolon < stop:
            stop = semicolon
        yield from _outcomes(sentence, part, kind, match.end(), stop)


def _outcomes(sentence: str, part: str, kind: str, start: int, stop: int) -> Iterator[_Hit]:
    tail = sentence[start:stop]
    for pattern, number_group, word_group in ((_OUTCOME_AFTER, 1, 2), (_OUTCOME_BEFORE, 2, 1)):
        for match in pattern.finditer(tail):
            word = match.group(word_group)
            yield _Hit(
                start + match.start(number_group),
                start + match.end(number_group),
                Statement(
                    OUTCOME,
                    part,
                    sentence,
                    int(match.group(number_group)),
                    (kind, _OUTCOMES[word]),
                    loose=word == "撤诉",  # 撤诉 is one of several 其他结果
                ),
            )


def _documents(sentence: str, part: str, year: int | None) -> Iterator[_Hit]:
    noun: str | None = None
    for segment in _SEGMENT.finditer(sentence):
        text = segment.group(0)
        nouns = _DOC_NOUN.findall(text)
        for count in _DOC_COUNT.finditer(text):
            before = text[: count.start()]
            own = _DOC_NOUN.findall(before)
            verb = next((kind for pattern, kind in _DOC_VERBS if pattern.search(before)), None)
            if own:
                noun = own[-1]
            elif not (verb and len(before) <= 6 and noun):
                continue  # "现行有效138件" may borrow the noun of its sentence; nothing else may
            if verb is None or "其中" in before or _other_year(before, year):
                continue
            yield _Hit(
                segment.start() + count.start(1),
                segment.start() + count.end(1),
                Statement(
                    DOCUMENTS,
                    part,
                    sentence,
                    int(count.group(1)),
                    ("rules" if noun == "规章" else "normative", verb),
                    loose=verb == "repealed" and "失效" in before,
                ),
            )
        if nouns:
            noun = nouns[-1]


def _claims(sentence: str, part: str, numbers: list[_Hit]) -> Iterator[Statement]:
    """Claims without a number of their own: all concluded, all upheld, no appeals."""
    concluding = "均" in sentence or "全部" in sentence or "办结率" in sentence
    for match in _ALL_CONCLUDED.finditer(sentence) if concluding else ():
        if match.group(0).startswith("办结率"):
            if not _CARRY_WORDS.search(sentence):
                yield Statement(ALL_CONCLUDED, part, sentence, loose=True)
            continue
        before = [hit for hit in numbers if hit.end <= match.start()]
        if not before or _CARRY_WORDS.search(sentence):
            continue
        nearest = before[-1].statement
        if nearest.topic == RECEIVED and not nearest.subset:
            yield Statement(ALL_CONCLUDED, part, sentence, nearest.number, loose=True)
    if "维持" in sentence:
        for match in _ALL_UPHELD.finditer(sentence):
            head = sentence[: match.start()]
            kinds = tuple(
                kind for word, kind in (("复议", "review"), ("诉讼", "litigation")) if word in head
            )
            if kinds:
                yield Statement(ALL_UPHELD, part, sentence, subject=kinds)
    negated = "未" in sentence or "没有" in sentence or "无" in sentence
    if negated and ("复议" in sentence or "诉讼" in sentence):
        for match in _NO_APPEALS.finditer(sentence):
            listed = match.group(1)
            kinds = tuple(
                kind
                for word, kind in (("复议", "review"), ("诉讼", "litigation"))
                if word in listed
            )
            yield Statement(NO_APPEALS, part, sentence, subject=kinds, loose=True)
