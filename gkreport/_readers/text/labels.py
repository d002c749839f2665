"""What the parser looks for, derived from `gkreport._forms.layout` and never written here.

For each format this builds, once: the row labels (and aliases) of every table
as normalised keys pointing at the row they name; the group labels, which some
reports print with numbers of their own; the characters that headers and labels
are made of (to tell header debris from an extra row); the markers that tell the
two formats apart; and the six part headings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import attrs

from gkreport._forms import layout, registry
from gkreport._forms.layout import Cell, Format, Group, Row
from gkreport._readers.text.normalize import label_key
from gkreport._vocabulary import without_count_suffix

__all__ = ["LabelIndex", "Target", "label_index", "match_heading"]

SECTIONS = ("proactive", "applications", "appeals")


@attrs.frozen
class Target:
    """Something a label can name: a printed row, or a group printed with numbers."""

    pointer: str  # "/applications/results/denied/state_secret"
    section: str  # "applications"
    label: str  # the official label, for messages
    cells: tuple[Cell, ...]
    is_group: bool = False


@attrs.frozen
class LabelIndex:
    """Every key the parser matches for one format."""

    format_id: str
    #: section -> (key, target), longest keys first so the most specific label wins
    keys: dict[str, tuple[tuple[str, Target], ...]]
    #: characters that labels, headers and captions of the tables are made of
    known_chars: frozenset[str]
    #: keys of strings only this format prints (substring markers, FORMAT.md §4.3)
    markers: tuple[str, ...]
    #: keys of labels only this format has (matched as whole cells)
    exclusive: frozenset[str]
    #: key of the third-party 法人或其他组织小计 column
    subtotal_key: str
    review_key: str
    litigation_key: str

    def match(self, candidate: str, section: str) -> tuple[Target, str] | None:
        """The row whose label ends ``candidate`` (a run of label keys), and the rest.

        Matching the end, not the whole, lets header cells, captions and group labels
        printed before a row label pass through: "(三)不予公开1.属于国家秘密" names
        the row 1.属于国家秘密.
        """
        for text in (candidate, without_count_suffix(candidate)):
            for key, target in self.keys.get(section, ()):
                if text.endswith(key):
                    return target, text[: len(text) - len(key)]
        return None

    def is_debris(self, text: str) -> bool:
        """True if ``text`` (a key) is made only of header and label characters."""
        return all(char in self.known_chars for char in text)


def _walk(group: Group, path: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], Row | Group]]:
    for child in group.children:
        child_path = (*path, child.id)
        yield child_path, child
        if isinstance(child, Group):
            yield from _walk(child, child_path)


def _labels_of(fmt: Format) -> set[str]:
    labels: set[str] = set()
    for section in fmt.sections:
        labels.add(section.label)
        for _, node in _walk(section, (section.id,)):
            labels.update((node.label, *node.aliases))
            if isinstance(node, Row):
                for cell in node.cells:
                    labels.update((cell.label, *cell.aliases))
    return labels


def _headers() -> tuple[str, ...]:
    return (
        layout.APPLICANTS_HEADER,
        layout.LEGAL_PERSONS_HEADER,
        *layout.LEGAL_PERSONS_ALIASES,
        layout.LEGAL_PERSONS_SUBTOTAL,
        layout.COLUMN_NOTE,
        layout.RESULTS_LABEL,
        layout.REVIEW_HEADER,
        layout.LITIGATION_HEADER,
        layout.CONTENT_HEADER,
        layout.OTHER_PROCESSING_LABEL,
        *(part.label for part in layout.PARTS),
        *(alias for part in layout.PARTS for alias in part.aliases),
    )


def _targets(fmt: Format) -> dict[str, tuple[tuple[str, Target], ...]]:
    keys: dict[str, tuple[tuple[str, Target], ...]] = {}
    for section in fmt.sections:
        found: dict[str, Target] = {}
        for path, node in _walk(section, (section.id,)):
            pointer = "/" + "/".join(path)
            if isinstance(node, Row):
                target = Target(pointer, section.id, node.label, node.cells)
            elif node.id != "results":
                # a group label printed with numbers: a subtotal, or （六） as one row
                first = next(c for c in node.children if isinstance(c, Row))
                target = Target(pointer, section.id, node.label, first.cells, is_group=True)
            else:
                continue
            for text in (node.label, *node.aliases):
                found.setdefault(label_key(text), target)
        ordered = sorted(found.items(), key=lambda item: -len(item[0]))
        keys[section.id] = tuple(ordered)
    return keys


@functools.cache
def label_index(format_id: str) -> LabelIndex:
    """The index of a registered format, built once.

    Its exclusive labels are those no other registered format prints.
    """
    fmt = layout.get_format(format_id)
    others = [f for f in layout.FORMATS.values() if f.id != format_id]
    mine = _labels_of(fmt)
    theirs: set[str] = set().union(*(_labels_of(other) for other in others))
    texts = (*mine, *_headers(), *(block.caption for block in fmt.blocks))
    chars = {char for text in texts for char in label_key(text)}
    chars.update("0123456789.(),:/-+")
    return LabelIndex(
        format_id=format_id,
        keys=_targets(fmt),
        known_chars=frozenset(chars),
        markers=tuple(label_key(marker) for marker in fmt.markers),
        exclusive=frozenset(label_key(text) for text in mine - theirs)
        - {label_key(text) for text in theirs},
        subtotal_key=label_key(layout.LEGAL_PERSONS_SUBTOTAL),
        review_key=label_key(layout.REVIEW_HEADER),
        litigation_key=label_key(layout.LITIGATION_HEADER),
    )


registry.watch(label_index.cache_clear)  # its exclusive labels depend on the other formats


# --- part headings ------------------------------------------------------------

_ORDINAL_MARKS = ".．,:：、 "


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@functools.cache
def _part_keys() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(part id, ordinal, keys of the heading and its variants) for the six parts."""
    return tuple(
        (part.id, part.label[0], tuple(label_key(text) for text in (part.label, *part.aliases)))
        for part in layout.PARTS
    )


def match_heading(key: str) -> str | None:
    """The part id whose heading ``key`` is, or None.

    A heading is recognised by its ordinal ("三、") plus a body that shares most of
    its character pairs with the official heading or a known variant, so that
    "三、本年度办理结果" or an appendix's "四、机构建设和保障经费情况" are not
    taken for part headings.
    """
    if len(key) < 4 or len(key) > 40 or key[1] not in _ORDINAL_MARKS:
        return None
    key = key[0] + "," + key[2:]  # the ordinal mark as `label_key` folds "、"
    for part_id, ordinal, keys in _part_keys():
        if key[0] != ordinal:
            continue
        if key in keys:
            return part_id
        mine = _bigrams(key[2:])
        for official in keys:
            theirs = _bigrams(official[2:])
            if mine and 2 * len(mine & theirs) / (len(mine) + len(theirs)) >= 0.5:
                return part_id
    return None
