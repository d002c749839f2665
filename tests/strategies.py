"""Hypothesis strategies for reports of both formats, generated from the layout.

`report_dicts` draws every cell by its kind with blanks anywhere, texts that are
empty, made of any characters (control characters, line breaks of every kind,
Markdown and HTML specials, leading ``#``/``|``/``-``, a part heading inside a
narrative), notes of every kind, and metadata present, null or left out. With
``long_texts=True`` a narrative part or a note may be longer than a workbook cell
holds (32,767 characters), for the round trips through every format written.
"""

from __future__ import annotations

import datetime
from typing import Any, get_args

from hypothesis import strategies as st

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import NoteKind

__all__ = ["CELL_LIMIT", "long_texts", "report_dicts", "texts"]

#: Characters one workbook cell holds; a text longer than this must be split.
CELL_LIMIT = 32_767

#: Lines that mean something to a Markdown or HTML page, or to the text reader.
_TRICKY = [
    "# 一、总体情况",
    layout.PARTS[-1].label,
    "| 规章 | 1 | 2 | 3 |",
    "- 列表",
    "1. 有序",
    "> 引用",
    "```",
    "~~~",
    "---",
    "    缩进",
    "<p>&amp;</p>",
    "&lt;",
    "\\*不是强调\\*",
    "（七）总计\t20\t0\t0",
    "<!-- empty -->",
    "【未读取】",
    "路径：原文 | 来源：line 5",
    "_x000D_",
    "\r\n",
    "\u2028",
    "\x00\x0b\x1f\ufffe",
    " ",
    "",
]


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text up to ``max_size`` characters, often empty or built of tricky lines."""
    tricky = st.lists(st.sampled_from(_TRICKY) | st.text(max_size=8), max_size=4).map("\n".join)
    return st.just("") | st.text(max_size=max_size) | tricky


def long_texts() -> st.SearchStrategy[str]:
    """A text longer than one workbook cell holds, built cheaply from a repeated piece."""
    return st.tuples(st.text(min_size=1, max_size=6), texts(12)).map(
        lambda drawn: drawn[0] * (CELL_LIMIT // len(drawn[0]) + 2) + drawn[1]
    )


_VALUES = {
    Kind.COUNT: st.none() | st.integers(min_value=0, max_value=10**12),
    Kind.SIGNED: st.none() | st.integers(min_value=-(10**9), max_value=10**9),
    Kind.MONEY: st.none()
    | st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    Kind.TEXT: st.none() | texts(20),
}
_TEXT = st.none() | texts()


def _set(tree: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for part in path[:-1]:
        tree = tree.setdefault(part, {})
    tree[path[-1]] = value


@st.composite
def report_dicts(
    draw: st.DrawFn, format_id: str | None = None, *, long_texts: bool = False
) -> dict[str, Any]:
    """An interchange dict with every cell drawn by its kind (blank included).

    Each metadata field is a value, null, or left out (the model's default);
    ``long_texts`` lets a narrative part and a note's raw text exceed `CELL_LIMIT`.
    """
    fid = format_id or draw(st.sampled_from(sorted(layout.FORMATS)))
    fmt = layout.FORMATS[fid]
    narrative = _TEXT | _long() if long_texts else _TEXT
    raw = texts() | _long() if long_texts else texts()
    metadata = {
        "agency": _TEXT,
        "year": st.none() | st.integers(min_value=2008, max_value=2100),
        "kind": st.sampled_from([None, *layout.KINDS]),
        "title": _TEXT,
        "published_on": st.none()
        | st.dates(datetime.date(2009, 1, 1), datetime.date(2100, 12, 31)).map(str),
        "url": _TEXT,
    }
    data: dict[str, Any] = {
        "format": fid,
        **draw(st.fixed_dictionaries({}, optional=metadata)),
        "text": {part.id: draw(narrative) for part in layout.PARTS},
        "notes": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "path": st.sampled_from(["", *(leaf.pointer for leaf in fmt.leaves())]),
                        "raw": raw,
                    },
                    optional={
                        "source": st.none() | texts(10),
                        "message": _TEXT,
                        "kind": st.sampled_from(get_args(NoteKind)),  # omitted when None
                    },
                ),
                max_size=3,
            )
        ),
    }
    for leaf in fmt.leaves():
        _set(data, leaf.path, draw(_VALUES[leaf.cell.kind]))
    return data


def _long() -> st.SearchStrategy[str]:
    return long_texts()
