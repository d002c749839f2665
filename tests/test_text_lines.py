"""gkreport._readers.text.lines: the Line contract shared with the PDF reader."""

from __future__ import annotations

import attrs
import pytest

from gkreport._readers.text.lines import Line, split_lines


def test_sources_count_lines_as_editors_do():
    text = "一\r\n二\rthree\fstill three\u2028still three\n"
    assert list(split_lines(text)) == [
        Line("一", "line 1"),
        Line("二", "line 2"),
        Line("three\fstill three\u2028still three", "line 3"),
        Line("", "line 4"),
    ]


def test_lines_are_frozen_values():
    line = Line("规章\t1\t2\t3", "p.3")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        line.text = "x"  # type: ignore[misc]
    assert line == Line("规章\t1\t2\t3", "p.3")
