"""gkreport._readers.assemble: a payload a reader built is structured without walking it again.

`assemble` checks what it puts in the payload as it builds it (`_payload.plain_leaves`:
numbers within bounds, text without lone surrogates, nesting and size bounded) and
then skips `_payload.check_text`'s walk (`_convert.from_checked_dict`). These tests
prove the two paths give one report for every payload the readers build from the
examples, seeds, fixtures and generated workbooks, and that whatever the walk refuses
is still refused, with the same message.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gkreport
from gkreport import _payload, excel
from gkreport._convert import from_checked_dict, from_dict
from gkreport._forms import layout
from gkreport._model import Note
from gkreport._readers import assemble as assemble_module
from gkreport._readers.assemble import assemble
from tests.reference import EXAMPLES, SEEDS
from tests.strategies import report_dicts


class _Date(datetime.date):
    """A date of a type of its own: a subclass is a date too."""


FORMATS = sorted(layout.FORMATS)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every payload `assemble` structures by the checked-as-built path, compared with the walk.

    The report `from_checked_dict` gives must be the one `from_dict` gives, and the
    walk must have found nothing in the payload (the premise of skipping it).
    """
    seen: list[dict[str, Any]] = []

    def both(data: dict[str, Any]) -> gkreport.Report:
        clean, refused, surrogates = _payload.check_text(data)
        assert clean is data
        assert refused == []
        assert not surrogates
        fast, slow = from_checked_dict(data), from_dict(data)
        assert fast == slow
        assert gkreport.to_dict(fast) == gkreport.to_dict(slow)
        seen.append(data)
        return fast

    monkeypatch.setattr(assemble_module, "from_checked_dict", both)
    return seen


def _sources() -> Iterator[Path]:
    yield from sorted(EXAMPLES.glob("*.json"))
    yield from sorted(SEEDS.glob("*.expected.json"))


@pytest.mark.parametrize("source", list(_sources()), ids=lambda path: path.name.split(".")[0])
def test_every_example_and_seed_read_back_is_structured_the_same(
    tmp_path: Path, source: Path, compared: list[dict[str, Any]]
) -> None:
    """Written as a workbook, as Markdown and as HTML, each read back the same by both paths."""
    report = gkreport.load(source)
    for suffix in (".xlsx", ".md", ".html"):
        path = tmp_path / f"report{suffix}"
        gkreport.dump(report, path)
        count = len(compared)
        read = gkreport.load(path)
        assert len(compared) == count + 1, suffix  # the reader took the checked-as-built path
        if suffix == ".xlsx":
            assert read == report


@pytest.mark.parametrize(
    "path",
    [*sorted((FIXTURES / "workbooks").glob("*.xlsx")), *sorted(SEEDS.glob("*.txt"))],
    ids=lambda path: path.name,
)
def test_every_fixture_is_structured_the_same(path: Path, compared: list[dict[str, Any]]) -> None:
    gkreport.load(path)
    assert len(compared) == 1


@pytest.mark.parametrize("format_id", FORMATS)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_workbooks_are_structured_the_same(
    tmp_path: Path, format_id: str, data: st.DataObject, compared: list[dict[str, Any]]
) -> None:
    """Odd characters, long texts, notes of every kind: one report either way."""
    report = gkreport.from_dict(data.draw(report_dicts(format_id, long_texts=True)))
    path = tmp_path / "generated.xlsx"
    excel.write(report, path)
    count = len(compared)
    assert excel.read(path) == report
    assert len(compared) == count + 1


# --- what the walk refuses is still refused -------------------------------------------------


def _walked(origin: Path, format_id: str, values: dict[str, object], notes: list[Note]) -> str:
    """What `assemble` gives through the walk alone: the report as JSON, or the error."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assemble_module, "plain_leaves", lambda _leaves: False)
        return _outcome(lambda: assemble(origin, format_id, values, notes=notes))


def _outcome(read: Callable[[], gkreport.Report]) -> str:
    try:
        report = read()
    except gkreport.ReadError as exc:
        return f"refused: {exc}"
    return repr((gkreport.to_dict(report), dict(report.sources)))


#: Values a reader might hand over, the walk refuses or the model does not take.
_ODD_VALUES = [
    "a\ud800b",  # a lone surrogate (an OOXML escape _xD800_ undone)
    "\udfff",
    10**_payload.MAX_DIGITS,  # one digit too many
    -(10**150),
    float("nan"),
    float("inf"),
    1e300,
    Decimal("NaN"),
    Decimal("-Infinity"),
    Decimal("1E+500"),
    Decimal("0." + "1" * 120),
    [1, 2],
    {"a": 1},
    {1: 2},
    b"bytes",
    datetime.datetime(2024, 1, 2, 3, 4),
    True,
]
_PLAIN_VALUES = [None, 0, 7, -3, 1.5, Decimal("834.6435"), "251000元", "", "正文", 2024]


@pytest.mark.parametrize("value", _ODD_VALUES, ids=repr)
@pytest.mark.parametrize("pointer", ["/proactive/rules/made", "/text/overview", "/agency"])
def test_a_value_the_walk_refuses_is_refused_with_the_same_message(
    tmp_path: Path, pointer: str, value: object
) -> None:
    origin = tmp_path / "r.xlsx"
    values = {"/year": 2024, pointer: value}
    outcome = _outcome(lambda: assemble(origin, FORMATS[0], values))
    assert outcome == _walked(origin, FORMATS[0], values, [])
    if isinstance(value, str) or (isinstance(value, int) and abs(value) > 10**99):
        assert outcome.startswith("refused: ")


@pytest.mark.parametrize(
    "note",
    [
        Note(path="/text/overview", raw="\ud83d"),
        Note(path="\udc00", raw="x"),
        Note(path="", raw="x", source="二三四!\ud800"),
        Note(path="", raw="x", message="\ud800"),
        Note(path="", raw=10**200),  # type: ignore[arg-type]
        Note(path="", raw=["a"]),  # type: ignore[arg-type]
    ],
    ids=repr,
)
def test_a_note_the_walk_refuses_is_refused_with_the_same_message(
    tmp_path: Path, note: Note
) -> None:
    origin = tmp_path / "r.xlsx"
    outcome = _outcome(lambda: assemble(origin, FORMATS[0], {"/year": 2024}, notes=[note]))
    assert outcome.startswith("refused: ")
    assert outcome == _walked(origin, FORMATS[0], {"/year": 2024}, [note])


@pytest.mark.parametrize(
    "pointer",
    [
        "/text/\ud800",  # a key no file can hold
        "/" + "/".join(["a"] * (_payload.MAX_DEPTH + 2)),  # nested too deep
        "/proactive/rules/made/deeper",  # under a leaf the model has
    ],
    ids=["surrogate-key", "too-deep", "below-a-leaf"],
)
def test_a_pointer_the_walk_or_the_model_refuses_is_refused_the_same(
    tmp_path: Path, pointer: str
) -> None:
    origin = tmp_path / "r.xlsx"
    outcome = _outcome(lambda: assemble(origin, FORMATS[0], {pointer: 1}))
    assert outcome.startswith("refused: ")
    assert outcome == _walked(origin, FORMATS[0], {pointer: 1}, [])


_LEAF_POINTERS = [leaf.pointer for leaf in layout.get_format(FORMATS[0]).leaves()][:40]


@settings(max_examples=200, deadline=None)
@given(
    values=st.dictionaries(
        st.sampled_from([*_LEAF_POINTERS, "/text/overview", "/agency", "/year", "/title"]),
        st.sampled_from(_ODD_VALUES + _PLAIN_VALUES) | st.text(max_size=5),
        max_size=12,
    ),
    raws=st.lists(st.text(max_size=5), max_size=3),
)
def test_any_mix_of_values_reads_as_the_walk_reads_it(
    values: dict[str, object], raws: list[str]
) -> None:
    """Whatever a reader hands over, the report or the refusal is the walk's."""
    origin = Path("mixed.xlsx")
    notes = [Note(path="", raw=raw) for raw in raws]
    outcome = _outcome(lambda: assemble(origin, FORMATS[0], values, notes=notes))
    assert outcome == _walked(origin, FORMATS[0], values, notes)


_STORED_VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=3)
    | st.dates()
    | st.datetimes()
    | st.decimals(allow_nan=False)
    | st.builds(_Date, st.integers(1, 9999), st.integers(1, 12), st.integers(1, 28))
)


@given(st.lists(_STORED_VALUES, max_size=12))
def test_each_date_is_stored_as_its_text_and_nothing_else_changes(values: list[object]) -> None:
    """`_stored` finds the dates by their type, as a look at each value would find them."""
    expected = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    assert assemble_module._stored(list(values)) == expected
