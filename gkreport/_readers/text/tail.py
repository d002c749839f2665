"""What closes part 六 besides an attachment: a list of notes, and gkreport's findings.

Part 六 runs to the end of the page unless something that is not the report's
text follows it. An attachment (附件) is one (`gkreport._readers.text.parts`);
a heading of notes is another: the "附注"/"Notes" list gkreport's renderer prints
after the parts (its own word, `gkreport._words.PAGE`), or a page's own "附注",
"注释", "备注" or "注：" heading, alone on its line or with the first note after
its colon. What such a list says is kept as notes, never as part 六's text (where
it would count as the report's own words: a fee it mentions, a notice it cites):

- an item printed as gkreport prints a note (``- path：【kind】raw | 来源：… | 说明：…``,
  `gkreport._readers.rendered.md_note`) reads back as that very note: its pointer,
  kind, raw text, source and message. A page the renderer wrote and a converter
  then damaged (its own reader gives up on it) so keeps what the first reading
  noted — a group-only （六） row, an unread row, the text before part 一;
- any other item (a list item, or a paragraph) is a note on the report, verbatim.

The findings list the renderer prints last ("检查结果"/"Findings") is not read (the
validator makes the findings again); one note says it was there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from gkreport._model import Note
from gkreport._readers.rendered import md_note
from gkreport._readers.text.cells import is_page_number
from gkreport._readers.text.lines import Line
from gkreport._readers.text.normalize import label_key
from gkreport._words import PAGE

__all__ = ["closing", "listed_notes"]

#: Words a page heads its notes with (label keys), besides the renderer's own.
_NOTE_WORDS = ("附注", "注释", "备注", "注")
#: Of those, the words that may carry the first note after their colon on the same line
#: ("注：…" alone is too often a sentence of part 六 itself).
_INLINE = ("附注", "注释", "备注")
#: A list item's start: "- ", "* ", "+ ", "• ", "1.", "1、", "(1)", "（1）", "①".
_ITEM = re.compile(r"^(?:[-*+•·]\s|\d{1,3}[.、)）]|[(（]\d{1,3}[)）]|[①-⑳])")
_COLON = re.compile("[:：]")


@functools.cache
def _headings() -> tuple[frozenset[str], frozenset[str]]:
    """The label keys of a notes heading and of the findings heading (lower case)."""
    notes = {label_key(PAGE[lang]["notes"]).lower() for lang in PAGE} | set(_NOTE_WORDS)
    findings = {label_key(PAGE[lang]["findings"]).lower() for lang in PAGE}
    return frozenset(notes), frozenset(findings)


def closing(text: str) -> str | None:
    """What ``text`` opens, if it closes part 六: ``"notes"`` or ``"findings"``; else None.

    A heading is the word alone on its line (Markdown marks, bold and a colon
    aside), or one of `_INLINE` followed by its colon and a first note.
    """
    if len(text) > 400:
        return None
    key = label_key(text).lower()
    notes, findings = _headings()
    bare = key.rstrip(":")
    if bare in notes:
        return "notes"
    if bare in findings:
        return "findings"
    word, colon, rest = key.partition(":")
    if colon and rest and word in _INLINE:
        return "notes"
    return None


def listed_notes(
    section: Sequence[Line], sources: dict[str, str] | None, numeral: str
) -> list[Note]:
    """The notes of a section `closing` opened (its heading the first line).

    ``numeral`` is the numeral of the part the section follows: 六, or 五 on a page
    without part 六.

    ``sources``, when given, gets where the first note on the report itself (path
    ``""``) was printed, as ``/notes``, as the readers keep it for the text before
    part 一.
    """
    if not section:
        return []
    heading, body = section[0], section[1:]
    if closing(heading.text) == "findings":
        lines = [line for line in body if line.text.strip()]
        message = (
            f"findings printed on the page ({len(lines)} lines), not read: "
            "validation makes them again"
        )
        return [Note(path="", raw=heading.text.strip(), source=heading.source, message=message)]
    notes: list[Note] = []
    after = _COLON.split(heading.text, maxsplit=1)[1:]  # "附注：first note", "**附注：**"
    first = after[0].strip().strip("*_").strip() if after else ""
    items: list[list[Line]] = [[Line(first, heading.source)]] if first else []
    current = bool(items)
    for line in body:
        text = line.text.strip()
        if not text or is_page_number(text):
            current = False  # a blank line ends an item: each paragraph is a note
            continue
        if _ITEM.match(text) or not current:
            items.append([])
        items[-1].append(line)
        current = True
    word = _word(heading.text)
    message = f"note listed after part {numeral} under “{word}”, not part of the report text"
    for item in items:
        note = _rendered(item[0].text.strip()) if len(item) == 1 else None
        if note is None:
            raw = "\n".join(line.text.strip() for line in item)
            note = Note(path="", raw=raw, source=item[0].source, message=message)
        if note.path == "" and sources is not None:
            sources.setdefault("/notes", item[0].source)
        notes.append(note)
    return notes


def _rendered(text: str) -> Note | None:
    """A note as gkreport prints it, whose path is a pointer ("- 电话：…" is no note's)."""
    note = md_note(text)
    if note is None or not (note.path == "" or note.path.startswith("/")):
        return None
    return note


def _word(heading: str) -> str:
    """The heading's word as printed, without Markdown marks and colon ("附注", "Notes")."""
    return _COLON.split(heading.strip().strip("#* \t"), maxsplit=1)[0].strip("*_ \t")
