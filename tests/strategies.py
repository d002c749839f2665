"""Hypothesis strategies for reports of both formats, generated from the layout."""

from __future__ import annotations

import datetime
from typing import Any, get_args

from hypothesis import strategies as st

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import NoteKind

_VALUES = {
    Kind.COUNT: st.none() | st.integers(min_value=0, max_value=10**12),
    Kind.SIGNED: st.none() | st.integers(min_value=-(10**9), max_value=10**9),
    Kind.MONEY: st.none()
    | st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    Kind.TEXT: st.none() | st.text(max_size=20),
}
_TEXT = st.none() | st.text(max_size=40)


def _set(tree: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for part in path[:-1]:
        tree = tree.setdefault(part, {})
    tree[path[-1]] = value


@st.composite
def report_dicts(draw: st.DrawFn, format_id: str | None = None) -> dict[str, Any]:
    """An interchange dict with every cell drawn by its kind (blank included)."""
    fid = format_id or draw(st.sampled_from(sorted(layout.FORMATS)))
    fmt = layout.FORMATS[fid]
    data: dict[str, Any] = {
        "format": fid,
        "agency": draw(_TEXT),
        "year": draw(st.none() | st.integers(min_value=2008, max_value=2100)),
        "kind": draw(st.sampled_from([None, *layout.KINDS])),
        "title": draw(_TEXT),
        "published_on": draw(
            st.none() | st.dates(datetime.date(2009, 1, 1), datetime.date(2100, 12, 31)).map(str)
        ),
        "url": draw(_TEXT),
        "text": {part.id: draw(_TEXT) for part in layout.PARTS},
        "notes": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "path": st.sampled_from([leaf.pointer for leaf in fmt.leaves()]),
                        "raw": st.text(),
                    },
                    optional={
                        "source": st.none() | st.text(max_size=10),
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
