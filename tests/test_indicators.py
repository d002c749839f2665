"""gkreport.indicators and the metric dictionary: hand-computed values, N/A cases, properties."""

import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkreport
from gkreport import indicators, metrics
from gkreport._forms import features, registry
from gkreport._indicators import PRECISION, _divide, display
from gkreport._model import Note
from tests.reference import EXAMPLES, GUANDU, SEEDS

QINGZHEN = EXAMPLES / "qingzhen-2020.json"  # the 2019 format
QIANNAN = SEEDS / "000_3102a8a14c267752.expected.json"  # 2021 format, 13 of 25 reviews corrected

SPLIT = registry.first_with(features.OTHER_SUBROWS).id  # a format that splits （六）
ONE_ROW = next(f for f in registry.FORMATS.values() if not f.has(features.OTHER_SUBROWS)).id


def _d(numerator, denominator):
    """The quotient to the dictionary's stated precision."""
    with decimal.localcontext() as context:
        context.prec = PRECISION
        return Decimal(numerator) / Decimal(denominator)


# --- hand-computed examples -------------------------------------------------------------------


def test_qingzhen_2020_by_hand():
    # granted 18, partial 4, denied 1 (三安全一稳定), unable 17 (不掌握), R 40; new 41, cf 1.
    values = indicators(gkreport.load(QINGZHEN))
    assert values["disclosure_rate"] == Decimal("0.55")  # (18 + 4) / 40
    assert values["denial_rate"] == Decimal("0.025")  # 1 / 40
    assert values["unable_rate"] == Decimal("0.425")  # 17 / 40
    assert values["not_processed_rate"] == 0
    assert values["other_processing_rate"] == 0  # its one （六） row: 0
    assert values["completion_rate"] == Decimal("0.975609756097561")  # 40 / 41, 15 digits
    assert values["carry_forward_rate"] == Decimal("0.0243902439024390")  # 1 / 41
    assert values["review_correction_rate"] is None  # no review case at all
    assert values["litigation_correction_rate"] is None
    assert values["fee_unpaid_rate"] is None  # the 2019 format has no such row
    assert values["new_yoy"] is None  # no previous report


def test_guandu_2024_by_hand():
    # 官渡区 2024: granted 142, partial 55, denied 2+2+2+1+10, unable 121, not processed 5+4,
    # other 2 (3.其他), R 346; new 357 + carried over 6, carried forward 17;
    # review 2 corrected of 16, 3 pending; litigation 0 corrected of (3 − 0) + (3 − 3).
    values = indicators(gkreport.load(GUANDU))
    assert values["disclosure_rate"] == _d(142 + 55, 346)
    assert values["denial_rate"] == _d(17, 346)
    assert values["unable_rate"] == _d(121, 346)
    assert values["not_processed_rate"] == _d(9, 346)
    assert values["other_processing_rate"] == _d(2, 346)
    assert values["fee_unpaid_rate"] == 0
    assert values["completion_rate"] == _d(346, 357 + 6)
    assert values["carry_forward_rate"] == _d(17, 363)
    assert values["review_correction_rate"] == _d(2, 16 - 3)
    assert values["litigation_correction_rate"] == 0


def test_qiannan_2024_review_correction_by_hand():
    values = indicators(gkreport.load(QIANNAN))
    assert values["review_correction_rate"] == Decimal("0.52")  # 13 / (25 − 0)
    assert values["litigation_correction_rate"] == 0  # 0 / (0 + 11)
    assert values["disclosure_rate"] == 1  # 59 / 59; its blank 国家秘密 cell counts as 0


def test_every_metric_is_computed_on_the_examples_and_seeds():
    seen: dict[str, set[bool]] = {}
    for path in [*EXAMPLES.glob("*.json"), *SEEDS.glob("*.expected.json")]:
        for metric_id, value in indicators(gkreport.load(path)).items():
            seen.setdefault(metric_id, set()).add(value is None)
            assert value is None or isinstance(value, Decimal)
    assert set(seen) == {metric.id for metric in metrics()}
    # every share has a value somewhere; only the year-on-year needs a previous report
    assert [m for m, nones in seen.items() if nones == {True}] == ["new_yoy"]


def test_new_yoy_against_the_previous_year():
    previous = gkreport.load(QINGZHEN)  # 2020: 41 new
    current = attrs.evolve(
        previous,
        year=2021,
        applications=attrs.evolve(
            previous.applications,
            new=attrs.evolve(previous.applications.new, total=50),
        ),
    )
    assert indicators(current, previous)["new_yoy"] == _d(50, 41) - 1
    # across formats: the cell is the same id in both
    later = gkreport.load(GUANDU)
    earlier = attrs.evolve(later, year=later.year - 1)
    assert indicators(later, earlier)["new_yoy"] == 0


def test_a_previous_report_of_another_year_is_refused():
    report = gkreport.load(GUANDU)
    with pytest.raises(ValueError, match="not of 2023"):
        indicators(report, report)


# --- not applicable and unknown ------------------------------------------------------------------


def _with(report, **cells):
    """``report`` with the cells given as ``applications__new__total=0`` set."""
    data = gkreport.to_dict(report)
    for name, value in cells.items():
        node = data
        *path, last = name.split("__")
        for part in path:
            node = node[part]
        node[last] = value
    return gkreport.from_dict(data)


@pytest.mark.parametrize("total", [0, None])
def test_no_application_concluded_makes_every_result_rate_not_applicable(total):
    report = _with(gkreport.load(GUANDU), applications__results__total__total=total)
    values = indicators(report)
    for metric_id in ("disclosure_rate", "denial_rate", "unable_rate", "other_processing_rate"):
        assert values[metric_id] is None
    assert values["completion_rate"] == (0 if total == 0 else None)  # 0 / 363, or not stated


def test_a_numerator_left_blank_is_not_stated_not_zero():
    report = gkreport.load(GUANDU)
    blank = _with(
        report,
        **{
            f"applications__results__unable__{row}__total": None
            for row in ("not_held", "needs_creation", "unclear")
        },
    )
    assert indicators(blank)["unable_rate"] is None
    one_blank = _with(report, applications__results__unable__unclear__total=None)
    assert indicators(one_blank)["unable_rate"] == _d(121, 346)  # the blank beside 121 adds 0


def test_no_application_at_all_makes_the_completion_rates_not_applicable():
    report = _with(
        gkreport.load(GUANDU),
        applications__new__total=0,
        applications__carried_over__total=None,
    )
    values = indicators(report)
    assert values["completion_rate"] is None
    assert values["carry_forward_rate"] is None


def test_every_review_pending_is_not_applicable_not_zero():
    report = _with(gkreport.load(GUANDU), appeals__review__pending=16)
    assert indicators(report)["review_correction_rate"] is None


def test_more_pending_than_total_is_not_applicable():
    report = _with(gkreport.load(GUANDU), appeals__review__pending=20)
    assert indicators(report)["review_correction_rate"] is None


def test_new_yoy_is_not_applicable_without_a_base():
    previous = gkreport.load(QINGZHEN)
    current = attrs.evolve(previous, year=2021)
    assert indicators(current, _with(previous, applications__new__total=0))["new_yoy"] is None
    assert indicators(current, _with(previous, applications__new__total=None))["new_yoy"] is None
    blank_now = _with(current, applications__new__total=None)
    assert indicators(blank_now, previous)["new_yoy"] is None


def test_a_row_not_read_leaves_its_rates_unknown():
    report = gkreport.load(GUANDU)
    unread = Note(
        path="/applications/results/denied/process_info",
        raw="6.属于四类过程性信息 ？",
        kind="unread",
    )
    values = indicators(attrs.evolve(report, notes=(*report.notes, unread)))
    assert values["denial_rate"] is None  # the numerator cannot be known
    assert values["disclosure_rate"] == indicators(report)["disclosure_rate"]  # not involved


def test_a_group_given_whole_counts_with_its_numbers():
    report = _with(
        gkreport.load(GUANDU),
        **{
            f"applications__results__other__{row}__{column}": None
            for row in ("no_correction", "fee_unpaid", "other")
            for column in (
                "natural_person",
                "commercial",
                "research",
                "social_welfare",
                "legal_service",
                "other_org",
                "total",
            )
        },
    )
    assert report.format == SPLIT
    whole = Note(path="/applications/results/other", raw="2 0 0 0 0 0 2")
    values = indicators(attrs.evolve(report, notes=(*report.notes, whole)))
    assert values["other_processing_rate"] == _d(2, 346)
    unparsed = Note(path="/applications/results/other", raw="见说明")
    values = indicators(attrs.evolve(report, notes=(*report.notes, unparsed)))
    assert values["other_processing_rate"] is None


def test_the_callers_decimal_context_does_not_change_a_value():
    report = gkreport.load(QINGZHEN)
    expected = indicators(report)
    with decimal.localcontext() as context:
        context.prec = 3
        context.rounding = decimal.ROUND_DOWN
        assert indicators(report) == expected


# --- the dictionary ---------------------------------------------------------------------------


def test_the_dictionary_resolves_each_measure_per_format():
    other = next(m for m in metrics() if m.id == "other_processing_rate")
    split = other.formula(SPLIT).numerator
    one = other.formula(ONE_ROW).numerator
    assert len(split) == 3
    assert all(c.startswith("applications.results.other.") for _, c in split)
    assert one == ((1, "applications.results.other.total"),)
    fee = next(m for m in metrics() if m.id == "fee_unpaid_rate")
    assert fee.formula(ONE_ROW) is None
    assert fee not in metrics(ONE_ROW)
    assert fee in metrics(SPLIT)


def test_every_cell_of_every_formula_is_a_cell_of_its_format():
    for fmt in registry.FORMATS.values():
        cells = {leaf.dotted for leaf in fmt.leaves()}
        for metric in metrics(fmt.id):
            assert set(metric.formula(fmt.id).cells) <= cells


def test_each_measure_is_named_and_says_when_it_does_not_apply():
    ids = [metric.id for metric in metrics()]
    assert len(ids) == len(set(ids))
    for metric in metrics():
        assert all((metric.zh, metric.en, metric.not_applicable_zh, metric.not_applicable_en))
    assert {m.id for m in metrics() if m.key} >= {
        "disclosure_rate",
        "completion_rate",
        "review_correction_rate",
        "litigation_correction_rate",
    }


def test_an_unknown_format_is_named():
    with pytest.raises(KeyError, match="unknown format"):
        metrics("1999")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("0.4545"), "45.5%"),
        (Decimal("0.45449"), "45.4%"),
        (Decimal("0.0005"), "0.1%"),
        (Decimal(1), "100.0%"),
        (Decimal("-0.05"), "-5.0%"),
        (_d(1, 3), "33.3%"),
        (None, "—"),
    ],
)
def test_display_rounds_half_up_to_one_place(value, shown):
    assert display(value) == shown


# --- properties -------------------------------------------------------------------------------

_LEAVES = {
    fmt_id: [
        leaf.dotted
        for leaf in registry.get_format(fmt_id).leaves()
        if leaf.dotted.startswith("applications.results.")
        and leaf.cell.id == "total"
        and leaf.dotted != "applications.results.total.total"
    ]
    for fmt_id in registry.FORMATS
}


@st.composite
def balanced(draw, blanks=False):
    """A report whose totals add up: result rows, R, new + carried over = R + carried forward."""
    format_id = draw(st.sampled_from(sorted(registry.FORMATS)))
    counts = st.integers(0, 500)
    data: dict = {"format": format_id}

    def put(cell, value):
        node = data
        *path, last = cell.split(".")
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value

    leaves = {cell: draw(counts) for cell in _LEAVES[format_id]}
    total = sum(leaves.values())
    carried_forward = draw(counts)
    carried_over = draw(st.integers(0, total + carried_forward))
    cells = {
        **leaves,
        "applications.results.total.total": total,
        "applications.carried_forward.total": carried_forward,
        "applications.carried_over.total": carried_over,
        "applications.new.total": total + carried_forward - carried_over,
    }
    for block in ("review", "litigation_direct", "litigation_after_review"):
        parts = {k: draw(counts) for k in ("upheld", "corrected", "other", "pending")}
        for key, value in {**parts, "total": sum(parts.values())}.items():
            cells[f"appeals.{block}.{key}"] = value
    if blanks:
        cells = {
            c: None if draw(st.booleans()) and draw(st.booleans()) else v for c, v in cells.items()
        }
    for cell, value in cells.items():
        put(cell, value)
    return gkreport.from_dict(data)


@settings(max_examples=150, deadline=None)
@given(balanced())
def test_rates_of_a_table_that_adds_up_are_between_0_and_1(report):
    for metric in metrics():
        value = indicators(report)[metric.id]
        if value is not None and metric.kind.value == "share":
            assert 0 <= value <= 1, metric.id


def _sum(report, side):
    values = [gkreport.to_dict(report)]
    found = []
    for _, cell in side:
        node = values[0]
        for part in cell.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        found.append(node)
    known = [sign * v for (sign, _), v in zip(side, found, strict=True) if v is not None]
    return sum(known) if known else None


@settings(max_examples=150, deadline=None)
@given(balanced(blanks=True))
def test_a_share_is_none_exactly_when_a_side_is_blank_or_the_denominator_not_above_0(report):
    values = indicators(report)
    for metric in metrics(report.format):
        if metric.kind.value != "share":
            continue
        formula = metric.formula(report.format)
        numerator, denominator = _sum(report, formula.numerator), _sum(report, formula.denominator)
        expected = numerator is None or denominator is None or denominator <= 0
        assert (values[metric.id] is None) == expected, metric.id


@settings(max_examples=100, deadline=None)
@given(balanced())
def test_a_share_of_a_full_table_is_none_exactly_when_its_denominator_is_0(report):
    values = indicators(report)
    for metric in metrics(report.format):
        if metric.kind.value == "share":
            denominator = _sum(report, metric.formula(report.format).denominator)
            assert (values[metric.id] is None) == (denominator == 0), metric.id


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_a_value_has_at_most_the_stated_significant_digits(numerator, denominator):
    value = _divide(numerator, denominator)
    assert len(value.as_tuple().digits) <= PRECISION
    assert Decimal(repr(float(value))) == value  # a double holds it exactly
