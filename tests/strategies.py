"""Hypothesis strategies for reports of both formats, generated from the layout.

`report_dicts` draws every cell by its kind with blanks anywhere, texts that are
empty, made of any characters (control characters, line breaks of every kind,
Markdown and HTML specials, leading ``#``/``|``/``-``, a part heading inside a
narrative), notes of every kind, and metadata present, null or left out. With
``long_texts=True`` a narrative part or a note may be longer than a workbook cell
holds (32,767 characters), for the round trips through every format written.
"""

from __future__ import annotations

import copy
import datetime
import random
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, get_args

from hypothesis import strategies as st

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import NoteKind

__all__ = ["CELL_LIMIT", "ODD_VALUES", "bad_payloads", "long_texts", "report_dicts", "texts"]

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


#: Characters a long text is filled with besides its drawn piece: a report's own, and more.
_FILLER = "政府信息公开工作年度报告申请办理结果主动公开行政复议诉讼，。、；：0123456789abcXYZ \n"


def long_texts() -> st.SearchStrategy[str]:
    """A text longer than one workbook cell holds, built cheaply around a drawn piece.

    The piece's characters (any at all) are strewn through the text, so one lies where
    the text is split between cells, among filler drawn at random: a piece repeated
    30,000 times would compress a workbook of a few such texts more than 100:1, which
    is refused as a zip bomb (`gkreport.Limits.max_compression_ratio`) as it should be.
    """
    seeds = st.integers(min_value=0, max_value=2**32 - 1)
    return st.tuples(st.text(min_size=1, max_size=6), texts(12), seeds).map(
        lambda drawn: (
            drawn[0]
            + "".join(random.Random(drawn[2]).choices(drawn[0] + _FILLER, k=CELL_LIMIT + 2))
            + drawn[1]
        )
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


class _Text(str):
    """A string of a subclass: the model takes only str itself, JSON Schema any string."""


class _ReadOnly(Mapping[str, Any]):
    """A mapping that is no dict: the model takes it for an object, JSON Schema does not."""

    def __init__(self, items: dict[str, Any]) -> None:
        self._items = items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


#: Values a mutation puts anywhere: wrong types, nulls, out of range, containers of
#: every kind (JSON Schema's object is a dict and its array a list; the model takes any
#: mapping and a tuple too), what no JSON holds, notes whole and broken.
ODD_VALUES: tuple[object, ...] = (
    None,
    True,
    False,
    0,
    -1,
    7,
    1.5,
    5.0,
    -0.0,
    float("nan"),
    10**120,
    Decimal("5.0"),
    Decimal("-0.5"),
    Decimal("1E+3"),
    "5",
    "",
    "x",
    _Text("text"),
    "2023-02-30",
    "2023-01-01",
    "2023-1-1",
    2007,
    2023,
    2101,
    "government",
    "county",
    "unread",
    "2021",
    [],
    [1, "a"],
    (),
    ({"path": "", "raw": "r"},),
    {},
    {"x": 1},
    {"total": 1},
    _ReadOnly({"path": "", "raw": "r"}),
    _ReadOnly({"total": 3}),
    {"path": "/applications/new/total", "raw": "五"},
    {"path": "/x"},
    {"raw": "r", "kind": "county"},
    {"path": 5, "raw": None, "source": 1, "message": [], "kind": "implausible"},
)
_NEW_KEYS = ("x", "sources", "total", "other", "a~b/c", "fee_unpaid", "procurement", "in_force")


def _places(node: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The path of every value under ``node``: containers and leaves, dict keys and list indices."""
    found: list[tuple[object, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found += [(*at, key), *_places(value, (*at, key))]
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += [(*at, index), *_places(value, (*at, index))]
    return found


@st.composite
def bad_payloads(draw: st.DrawFn, format_id: str | None = None) -> dict[str, Any]:
    """A generated report with one to four changes: a value replaced, a key removed or added.

    Most such payloads no longer fit the model; some still do (a count replaced by
    another count, a note kind by another kind).
    """
    data = copy.deepcopy(draw(report_dicts(format_id)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        places = [p for p in _places(data) if p != ("format",)]
        *parents, key = draw(st.sampled_from(places))
        parent: Any = data
        for step in parents:
            parent = parent[step]
        action = draw(st.sampled_from(("replace", "replace", "remove", "add")))
        if action == "remove" and isinstance(parent, dict):
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(_NEW_KEYS))] = draw(st.sampled_from(ODD_VALUES))
        else:
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    return data
