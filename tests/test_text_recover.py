"""Recovery of run-together table rows (gkreport._readers.text.recover, issue 7).

The fixtures are the hand-checked tables of the seed reports and of the corpus:
each row is joined back into one string of digits (with no separator, and with
spaces put in the wrong places), handed to `recover_rows`, and the result must be
the original row or an explicit "ambiguous" — never a wrong number.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkreport._convert import to_dict
from gkreport._forms import layout
from gkreport._json import read_json
from gkreport._readers.text import parse_text
from gkreport._readers.text.recover import Recovery, RecoveryOutcome, recover_rows, splits
from tests.reference import CORPUS, cell_values, expected, expected_values

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.expected.json"))

#: Of table 二 only the document rows have several cells to separate.
_DOCUMENT_ROWS = ("rules", "normative")
_SECTIONS = ("proactive", "applications", "appeals")
#: The section printed as one line of fifteen numbers, recovered as one text.
_ONE_LINE = "appeals"


@attrs.frozen
class Table:
    """The hand-checked values of one report: cell pointer -> value (None = blank)."""

    name: str
    format_id: str
    values: Mapping[str, object]


def _seed_table(path: Path) -> Table:
    data = read_json(path)
    return Table(path.name.split(".")[0], data["format"], cell_values(data))


def _corpus_table(path: Path) -> Table:
    name = path.name.split(".")[0]
    values = expected_values(name, proactive_rows=_DOCUMENT_ROWS)
    return Table(name, expected(name)["format"], values)


def _corpus_params() -> list:
    paths = sorted(CORPUS.glob("*.expected.json")) if CORPUS.is_dir() else []
    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{CORPUS} is absent"))]
    return [pytest.param(path, id=path.name.split(".")[0]) for path in paths]


def _table(path: Path | None) -> Table:
    assert path is not None
    return _seed_table(path) if path.parent.name == "seeds" else _corpus_table(path)


TABLE_PATHS = [pytest.param(path, id=path.name.split(".")[0]) for path in SEEDS]
TABLE_PATHS += _corpus_params()


# --- building run-together texts --------------------------------------------------------


def _rows(format_id: str, section: str) -> dict[str, list[layout.Leaf]]:
    """Row pointer -> its cells, in printed order, read from the layout."""
    fmt = layout.get_format(format_id)
    rows: dict[str, list[layout.Leaf]] = {}
    for leaf in fmt.leaves():
        if leaf.path[0] == section:
            rows.setdefault("/" + "/".join(leaf.path[:-1]), []).append(leaf)
    return rows


def _printed(leaf: layout.Leaf, value: int) -> str:
    # A signed 本年增/减 is printed with its sign, as in the 2019 seed ("+1882").
    return f"{value:+d}" if leaf.cell.kind is layout.Kind.SIGNED else str(value)


def texts(table: Table, section: str) -> dict[str, list[layout.Leaf]]:
    """The texts that can be run together: key -> cells, only where every cell is a number.

    Section 四 is one text of fifteen numbers, as the parser hands it over.
    """
    rows = _rows(table.format_id, section)
    if section == _ONE_LINE:
        rows = {f"/{section}": [leaf for cells in rows.values() for leaf in cells]}
    return {
        key: cells
        for key, cells in rows.items()
        if all(
            leaf.cell.kind in (layout.Kind.COUNT, layout.Kind.SIGNED)
            and isinstance(table.values.get(leaf.pointer), int)
            for leaf in cells
        )
    }


def join(table: Table, cells: list[layout.Leaf], rng: random.Random | None) -> str:
    """The cells printed with no separator; with ``rng``, spaces put in at random gaps."""
    digits = "".join(_printed(leaf, table.values[leaf.pointer]) for leaf in cells)  # type: ignore[arg-type]
    if rng is None:
        return digits
    return "".join(
        char + (" " if rng.random() < 0.3 and index < len(digits) - 1 else "")
        for index, char in enumerate(digits)
    )


def keeps_own_rules(table: Table, format_id: str, cells: list[layout.Leaf]) -> bool:
    """Whether every total of these cells is the sum of its row (F2, F4) in the source."""
    by_row: dict[tuple[str, ...], list[int]] = {}
    for leaf in cells:
        by_row.setdefault(leaf.path[:-1], []).append(table.values[leaf.pointer])  # type: ignore[arg-type]
    fmt = layout.get_format(format_id)
    for path, values in by_row.items():
        row = fmt.node(path)
        summed = row.cells in (layout.APPLICANT_COLUMNS, layout.APPEAL_COLUMNS)
        if summed and sum(values[:-1]) != values[-1]:
            return False
    return True


def check(table: Table, section: str, chosen: dict[str, list[layout.Leaf]], recovery: Recovery):
    """No wrong value; every row recovered, listed as ambiguous, or broken in the source."""
    for pointer, value in recovery.values.items():
        assert table.values[pointer] == value, (table.name, pointer)
    for key, cells in chosen.items():
        by_row: dict[str, list[layout.Leaf]] = {}
        for leaf in cells:
            by_row.setdefault("/" + "/".join(leaf.path[:-1]), []).append(leaf)
        intact = keeps_own_rules(table, table.format_id, cells)
        for row, row_cells in by_row.items():
            outcome = recovery.outcomes[row]
            original = " ".join(str(table.values[leaf.pointer]) for leaf in row_cells)
            if outcome is RecoveryOutcome.RECOVERED:
                assert all(leaf.pointer in recovery.values for leaf in row_cells)
                continue
            assert not any(leaf.pointer in recovery.values for leaf in row_cells)
            if outcome is RecoveryOutcome.AMBIGUOUS:
                (note,) = [n for n in recovery.notes if n.path == row]
                assert "ambiguous" in note.message
                if "more" not in note.message:
                    assert re.search(rf"(: |; ){re.escape(original)}(;|$)", note.message), (
                        note.message,
                        original,
                    )
            else:
                assert not intact, (table.name, key, recovery.notes)


def _known(table: Table, section: str, excluded: set[str]) -> dict[str, int | None]:
    prefix = f"/{section}/"
    return {
        pointer: value  # type: ignore[misc]
        for pointer, value in table.values.items()
        if pointer.startswith(prefix) and pointer not in excluded
    }


# --- the seeds and the corpus --------------------------------------------------------


@pytest.mark.parametrize("path", TABLE_PATHS)
@pytest.mark.parametrize("section", _SECTIONS)
@pytest.mark.parametrize("spaced", [False, True], ids=["joined", "spaced"])
def test_each_row_alone_is_recovered_or_reported(path, section, spaced):
    table = _table(path)
    rng = random.Random(f"{table.name}/{section}") if spaced else None
    for key, cells in texts(table, section).items():
        known = _known(table, section, {leaf.pointer for leaf in cells})
        chosen = {key: cells}
        recovery = recover_rows(table.format_id, section, known, {key: join(table, cells, rng)})
        check(table, section, chosen, recovery)


@pytest.mark.parametrize("path", TABLE_PATHS)
@pytest.mark.parametrize("section", _SECTIONS)
@pytest.mark.parametrize("spaced", [False, True], ids=["joined", "spaced"])
def test_all_rows_at_once_are_recovered_or_reported(path, section, spaced):
    table = _table(path)
    rng = random.Random(f"{table.name}/{section}/all") if spaced else None
    chosen = texts(table, section)
    raw = {key: join(table, cells, rng) for key, cells in chosen.items()}
    known = _known(table, section, {leaf.pointer for cells in chosen.values() for leaf in cells})
    recovery = recover_rows(table.format_id, section, known, raw)
    check(table, section, chosen, recovery)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name.split(".")[0])
def test_the_seeds_applications_tables_come_back_whole(path):
    """The arithmetic of 三 is enough to recover every row of every seed, even all at once."""
    table = _table(path)
    chosen = texts(table, "applications")
    raw = {key: join(table, cells, None) for key, cells in chosen.items()}
    known = _known(table, "applications", {c.pointer for cells in chosen.values() for c in cells})
    recovery = recover_rows(table.format_id, "applications", known, raw)
    assert set(recovery.outcomes.values()) == {RecoveryOutcome.RECOVERED}
    assert len(recovery.values) == sum(len(cells) for cells in chosen.values())


def test_corpus_report_with_a_wrong_appeals_total_is_unsolved_not_guessed():
    """洪泽 2023 prints 复议 10 1 0 0 with 总计 0: no reading keeps F4, so nothing is taken."""
    path = CORPUS / "002-hongze-district-gov-2023.expected.json"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    table = _corpus_table(path)
    cells = texts(table, "appeals")["/appeals"]
    recovery = recover_rows(table.format_id, "appeals", {}, {"/appeals": join(table, cells, None)})
    assert recovery.values == {}
    (note,) = recovery.notes
    assert note.path == "/appeals"
    assert note.message.startswith("unsolved run-together digits, cells left blank: no split")


@pytest.mark.parametrize("path", TABLE_PATHS)
def test_spaces_are_hints_that_never_change_the_verdict(path):
    table = _table(path)
    for section in _SECTIONS:
        chosen = texts(table, section)
        known = _known(table, section, {c.pointer for cells in chosen.values() for c in cells})
        plain = {key: join(table, cells, None) for key, cells in chosen.items()}
        rng = random.Random(f"{table.name}/{section}/hints")
        spaced = {key: join(table, cells, rng) for key, cells in chosen.items()}
        first = recover_rows(table.format_id, section, known, plain)
        second = recover_rows(table.format_id, section, known, spaced)
        assert first.values == second.values
        assert first.outcomes == second.outcomes


# --- the issue's examples and hand-made cases -----------------------------------------


def test_the_issue_examples():
    recovery = recover_rows("2021", "applications", {}, {"/applications/new": "200 000121"})
    assert [recovery.values[f"/applications/new/{c.id}"] for c in layout.APPLICANT_COLUMNS] == [
        20, 0, 0, 0, 0, 1, 21,
    ]  # fmt: skip
    (note,) = recovery.notes
    assert note.path == "/applications/new"
    assert note.raw == "200 000121"
    assert note.message == "recovered from run-together digits: 20 0 0 0 0 1 21"

    partial = "/applications/results/partial"
    recovery = recover_rows("2021", "applications", {}, {partial: "6000006"})
    assert recovery.values[f"{partial}/natural_person"] == 6
    assert recovery.values[f"{partial}/total"] == 6

    line = "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0"
    recovery = recover_rows("2021", "appeals", {}, {"/appeals": line})
    assert recovery.values["/appeals/review/total"] == 2
    assert recovery.values["/appeals/litigation_direct/upheld"] == 1
    assert [n.message for n in recovery.notes] == [
        "recovered from run-together digits: 0 1 1 0 2",
        "recovered from run-together digits: 1 0 0 0 1",
        "recovered from run-together digits: 0 0 0 0 0",
    ]
    recovery = recover_rows("2021", "applications", {}, {"/applications/new": "10 0 00 0 1"})
    assert recovery.notes[0].message == "recovered from run-together digits: 1 0 0 0 0 0 1"


def test_an_ambiguous_row_stays_blank_and_lists_its_readings():
    recovery = recover_rows("2021", "applications", {}, {"/applications/new": "110000011"})
    assert recovery.values == {}
    assert recovery.outcomes == {"/applications/new": RecoveryOutcome.AMBIGUOUS}
    assert recovery.notes[0].message == (
        "ambiguous run-together digits, cells left blank: 2 readings keep no leading zeros,"
        " each total equal to the sum of its row: 1 10 0 0 0 0 11; 11 0 0 0 0 0 11"
    )


def test_a_row_left_blank_is_unread_and_a_recovered_one_a_plain_note():
    ambiguous = recover_rows("2021", "applications", {}, {"/applications/new": "110000011"})
    unsolved = recover_rows("2021", "applications", {}, {"/applications/new": "12a3"})
    recovered = recover_rows("2021", "applications", {}, {"/applications/new": "10 0 00 0 1"})
    assert [n.kind for n in ambiguous.notes] == ["unread"]
    assert [n.kind for n in unsolved.notes] == ["unread"]
    assert [n.kind for n in recovered.notes] == [None]
    fifteen = recover_rows("2021", "appeals", {}, {"/appeals": "10 1 0 0 01 0 0 0 0 0 5 0 0 0 02"})
    assert [(n.path, n.kind) for n in fifteen.notes] == [("/appeals", "unread")]


def test_a_row_with_no_arithmetic_lists_every_reading():
    recovery = recover_rows("2021", "proactive", {}, {"/proactive/rules": "1111"})
    assert recovery.values == {}
    assert recovery.notes[0].message == (
        "ambiguous run-together digits, cells left blank: 3 readings keep no leading zeros:"
        " 1 1 11; 1 11 1; 11 1 1"
    )


def test_many_readings_are_counted_and_only_a_handful_listed():
    recovery = recover_rows("2021", "proactive", {}, {"/proactive/rules": "123456"})
    message = recovery.notes[0].message
    assert message.startswith("ambiguous run-together digits, cells left blank: 10 readings")
    assert message.endswith("; and 5 more")
    assert message.count(";") == 5


def _applications(**rows: tuple[int, ...]) -> dict[str, int]:
    """Known cells of 三: the rows named (``results__total`` for /applications/results/total)."""
    values = {}
    for row, cells in rows.items():
        pointer = "/applications/" + row.replace("__", "/")
        for cell, value in zip(layout.APPLICANT_COLUMNS, cells, strict=True):
            values[f"{pointer}/{cell.id}"] = value
    return values


def _zero_table(format_id: str = "2021") -> dict[str, int]:
    """Every cell of 三 known and 0."""
    return {
        leaf.pointer: 0 for cells in _rows(format_id, "applications").values() for leaf in cells
    }


def _without(values: dict[str, int], *rows: str) -> dict[str, int]:
    return {p: v for p, v in values.items() if not any(p.startswith(row + "/") for row in rows)}


ZERO = (0,) * 7
GRANTED = "/applications/results/granted"
PARTIAL = "/applications/results/partial"


def test_the_column_identities_resolve_a_row_its_own_total_cannot():
    """一 is ambiguous alone; 一 + 二 = （七）总计 + 四 leaves one reading (F1)."""
    known = _applications(
        carried_over=ZERO,
        results__total=(11, 0, 0, 0, 0, 0, 11),
        carried_forward=ZERO,
    )
    recovery = recover_rows("2021", "applications", known, {"/applications/new": "110000011"})
    assert recovery.outcomes == {"/applications/new": RecoveryOutcome.RECOVERED}
    assert recovery.values["/applications/new/natural_person"] == 11
    assert recovery.values["/applications/new/commercial"] == 0
    assert "column identities" not in recovery.notes[0].message


def _results_table(total: tuple[int, ...]) -> dict[str, int]:
    """A table of zeros whose results total, 一 and therefore F1 hold for ``total``."""
    known = _zero_table()
    known.update(_applications(results__total=total, new=total))
    return _without(known, GRANTED, PARTIAL)


def test_rows_solved_jointly_through_the_results_total():
    """予以公开 is ambiguous alone; with 部分公开 and （七）总计, F3 fixes it."""
    known = _results_table((2, 10, 0, 0, 0, 0, 12))
    raw = {GRANTED: "110000011", PARTIAL: "1000001"}
    recovery = recover_rows("2021", "applications", known, raw)
    assert recovery.outcomes == dict.fromkeys(raw, RecoveryOutcome.RECOVERED)
    assert recovery.values[f"{GRANTED}/natural_person"] == 1
    assert recovery.values[f"{GRANTED}/commercial"] == 10
    assert recovery.values[f"{PARTIAL}/natural_person"] == 1


def test_rows_that_can_swap_stay_ambiguous_jointly():
    known = _results_table((12, 10, 0, 0, 0, 0, 22))
    raw = {GRANTED: "110000011", PARTIAL: "110000011"}
    recovery = recover_rows("2021", "applications", known, raw)
    assert recovery.values == {}
    assert recovery.outcomes == dict.fromkeys(raw, RecoveryOutcome.AMBIGUOUS)
    for note in recovery.notes:
        assert note.message == (
            "ambiguous run-together digits, cells left blank: 2 readings keep no leading"
            " zeros, each total equal to the sum of its row, the column identities with the"
            " other rows: 1 10 0 0 0 0 11; 11 0 0 0 0 0 11"
        )


def test_a_broken_column_identity_keeps_unique_rows_and_blanks_the_rest():
    """When no reading fits F1, a row whose digits mean one thing only is still read."""
    known = _applications(carried_over=ZERO, carried_forward=ZERO)
    raw = {
        "/applications/new": "6000006",  # one reading
        "/applications/results/total": "110000011",  # two readings, neither equals 一
    }
    recovery = recover_rows("2021", "applications", known, raw)
    assert recovery.outcomes == {
        "/applications/new": RecoveryOutcome.RECOVERED,
        "/applications/results/total": RecoveryOutcome.UNSOLVED,
    }
    assert recovery.values["/applications/new/total"] == 6
    new, total = recovery.notes
    assert "the column identities of the table fail" in new.message
    assert total.message.startswith("unsolved run-together digits, cells left blank: 2 readings")


def test_one_row_of_the_fifteen_can_stay_ambiguous_while_the_others_are_read():
    recovery = recover_rows("2021", "appeals", {}, {"/appeals": "12130025000001100011"})
    assert recovery.outcomes == {
        "/appeals/review": RecoveryOutcome.RECOVERED,
        "/appeals/litigation_direct": RecoveryOutcome.RECOVERED,
        "/appeals/litigation_after_review": RecoveryOutcome.AMBIGUOUS,
    }
    assert recovery.values["/appeals/review/total"] == 25
    assert not any(p.startswith("/appeals/litigation_after_review/") for p in recovery.values)
    assert [n.path for n in recovery.notes] == list(recovery.outcomes)
    assert all(n.raw == "12130025000001100011" for n in recovery.notes)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1000002", "no split of its 7 digits into 7 cells keeps no leading zeros, each total"),
        ("12345", "no split of its 5 digits into 7 cells"),
        ("12a3", "the text cannot be read as numbers: 'a' is neither a digit nor a separator"),
        ("1 2 -", "the text cannot be read as numbers: the sign '-' is not followed by a digit"),
        ("", "the text cannot be read as numbers: there are no digits"),
        ("1-0000001", "no split of its 8 digits"),  # a sign cannot open a count
    ],
)
def test_unsolvable_rows_say_why(raw, reason):
    recovery = recover_rows("2021", "applications", {}, {"/applications/new": raw})
    assert recovery.values == {}
    assert recovery.outcomes == {"/applications/new": RecoveryOutcome.UNSOLVED}
    (note,) = recovery.notes
    assert note.message.startswith(f"unsolved run-together digits, cells left blank: {reason}")


def test_full_width_digits_and_odd_spaces_are_read():
    recovery = recover_rows(
        "2021", "applications", {}, {"/applications/new": "２０\u2002０|0\xa00,0１２１"}
    )
    assert recovery.values["/applications/new/natural_person"] == 20


def test_money_cells_are_not_cut():
    recovery = recover_rows("2021", "proactive", {}, {"/proactive/fees": "834.6435"})
    assert recovery.values == {}
    assert "is not a whole number" in recovery.notes[0].message


def test_a_sign_is_a_real_boundary_in_2019():
    """2019 本年增/减 is signed; "+" and "-" open it, so 49+19292 has one reading."""
    recovery = recover_rows("2019", "proactive", {}, {"/proactive/fees": "49+19292"})
    assert recovery.values == {"/proactive/fees/prev_items": 49, "/proactive/fees/delta": 19292}
    recovery = recover_rows("2019", "proactive", {}, {"/proactive/licensing": "12-85"})
    assert list(recovery.values.values()) == [12, -8, 5]
    recovery = recover_rows("2019", "proactive", {}, {"/proactive/licensing": "12-812"})
    assert recovery.notes[0].message.endswith("readings keep no leading zeros: 12 -8 12; 12 -81 2")


def test_the_budget_stops_a_pathological_search():
    start = time.process_time()
    recovery = recover_rows(
        "2021", "applications", {}, {"/applications/new": "1" * 60}, budget=2000
    )
    assert time.process_time() - start < 2
    assert recovery.values == {}
    assert "the search stopped after 2000 steps" in recovery.notes[0].message


def test_a_joint_search_out_of_steps_takes_nothing_it_has_not_proved():
    known = _results_table((12, 10, 0, 0, 0, 0, 22))
    raw = {GRANTED: "110000011", PARTIAL: "110000011"}
    recovery = recover_rows("2021", "applications", known, raw, budget=40)
    assert recovery.values == {}
    assert recovery.outcomes == dict.fromkeys(raw, RecoveryOutcome.UNSOLVED)
    assert recovery.notes[0].message == (
        "unsolved run-together digits, cells left blank: the joint search of the table stopped"
        " at its step budget; readings that keep the rules of the row: 1 10 0 0 0 0 11;"
        " 11 0 0 0 0 0 11"
    )


def test_long_rows_are_fast():
    rng = random.Random(7)
    raw = {}
    for row in _rows("2021", "applications"):
        parts = [rng.randrange(10 ** rng.randint(1, 5)) for _ in range(6)]
        raw[row] = "".join(map(str, [*parts, sum(parts)]))
    recover_rows("2021", "applications", {}, raw)
    start = time.process_time()
    recover_rows("2021", "applications", {}, raw)
    assert time.process_time() - start < 1  # typically ~20 ms; generous for a busy CI


def test_result_is_deterministic_whatever_the_order_of_the_texts():
    raw = {
        "/applications/results/partial": "110000011",
        "/applications/new": "200 000121",
        "/applications/carried_over": "1 0 0 0 0 0 1",
    }
    first = recover_rows("2021", "applications", {}, raw)
    second = recover_rows("2021", "applications", {}, dict(reversed(raw.items())))
    assert first == second
    assert [n.path for n in first.notes] == [
        "/applications/new",
        "/applications/carried_over",
        "/applications/results/partial",
    ]


@pytest.mark.parametrize(
    ("format_id", "section", "known", "raw", "message"),
    [
        ("2022", "applications", {}, {}, "unknown format '2022'"),
        ("2021", "narrative", {}, {}, "unknown section 'narrative'"),
        ("2021", "appeals", {"/applications/new/total": 1}, {}, "known cells outside"),
        ("2021", "applications", {}, {"/appeals/review": "1"}, "not a row or group"),
        (
            "2021",
            "appeals",
            {},
            {"/appeals": "0" * 15, "/appeals/review": "0" * 5},
            "both cover /appeals/review/upheld",
        ),
    ],
)
def test_caller_mistakes_are_refused(format_id, section, known, raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        recover_rows(format_id, section, known, raw)


# --- splits, against brute force ----------------------------------------------------------


def _brute_force(digits: str, n: int, *, total_last: bool) -> set[tuple[int, ...]]:
    found = set()
    for cuts in itertools.combinations(range(1, len(digits)), n - 1):
        bounds = (0, *cuts, len(digits))
        pieces = [digits[a:b] for a, b in itertools.pairwise(bounds)]
        if any(len(piece) > 1 and piece[0] == "0" for piece in pieces):
            continue
        values = tuple(map(int, pieces))
        if total_last and sum(values[:-1]) != values[-1]:
            continue
        found.add(values)
    return found


counts = st.one_of(st.just(0), st.integers(0, 9), st.integers(0, 120), st.integers(0, 10**6))


@given(st.lists(counts, min_size=1, max_size=6), st.sets(st.integers(1, 40), max_size=8))
def test_a_joined_row_with_its_total_splits_back_into_itself(parts, hints):
    row = (*parts, sum(parts))
    digits = "".join(map(str, row))
    found = list(splits(digits, len(row), total_last=True, hints=hints))
    assert row in found
    assert len(found) == len(set(found))
    for reading in found:
        assert "".join(map(str, reading)) == digits
        assert sum(reading[:-1]) == reading[-1]


@given(st.lists(counts, min_size=1, max_size=5))
def test_a_joined_row_without_a_total_splits_back_into_itself(row):
    digits = "".join(map(str, row))
    assert tuple(row) in set(splits(digits, len(row)))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text("0123456789", min_size=1, max_size=13),
    st.integers(1, 7),
    st.booleans(),
    st.sets(st.integers(1, 12), max_size=6),
)
def test_splits_is_exactly_the_brute_force(digits, n, total_last, hints):
    if total_last and n < 2:
        n = 2
    expected = _brute_force(digits, n, total_last=total_last)
    assert set(splits(digits, n, total_last=total_last, hints=hints)) == expected


def test_hints_order_the_readings():
    assert next(splits("1111", 3, hints={2})) == (11, 1, 1)
    assert next(splits("1111", 3, hints={1, 3})) == (1, 11, 1)


@pytest.mark.parametrize(("digits", "n"), [("12a", 2), ("", 1), ("12", 0)])
def test_splits_refuses_bad_arguments(digits, n):
    with pytest.raises(ValueError, match=r"digits must be|cannot split"):
        list(splits(digits, n))


# --- recover_rows, against brute force on generated tables ------------------------------


@st.composite
def consistent_tables(draw) -> dict[str, int]:
    """A 2021 applications table that keeps F1, F2 and F3, with small numbers."""
    small = st.one_of(st.just(0), st.just(0), st.integers(0, 12), st.integers(0, 150))
    rows = _rows("2021", "applications")
    leaves = [r for r in rows if r.startswith("/applications/results/") and not r.endswith("total")]
    values: dict[str, int] = {}
    for column in layout.APPLICANT_COLUMNS[:-1]:
        concluded = 0
        for row in leaves:
            values[f"{row}/{column.id}"] = value = draw(small)
            concluded += value
        values[f"/applications/results/total/{column.id}"] = concluded
        forward = draw(small)
        over = draw(st.integers(0, concluded + forward))
        values[f"/applications/carried_forward/{column.id}"] = forward
        values[f"/applications/carried_over/{column.id}"] = over
        values[f"/applications/new/{column.id}"] = concluded + forward - over
    total = layout.APPLICANT_COLUMNS[-1].id
    for row, cells in rows.items():
        values[f"{row}/{total}"] = sum(values[leaf.pointer] for leaf in cells[:-1])
    return values


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables(), st.data())
def test_generated_tables_are_recovered_exactly_or_reported(values, data):
    table = Table("generated", "2021", values)
    rows = _rows("2021", "applications")
    chosen_keys = data.draw(st.lists(st.sampled_from(sorted(rows)), min_size=1, unique=True))
    chosen = {key: rows[key] for key in chosen_keys}
    rng = random.Random(data.draw(st.integers(0, 1000)))
    raw = {key: join(table, cells, rng) for key, cells in chosen.items()}
    known = _known(table, "applications", {c.pointer for cells in chosen.values() for c in cells})
    recovery = recover_rows("2021", "applications", known, raw)
    check(table, "applications", chosen, recovery)


@settings(max_examples=25, deadline=None)
@given(consistent_tables(), st.data())
def test_two_rows_jointly_match_brute_force(values, data):
    """With two run-together rows, RECOVERED means exactly one joint solution exists."""
    rows = _rows("2021", "applications")
    first, second = data.draw(
        st.lists(st.sampled_from(sorted(rows)), min_size=2, max_size=2, unique=True)
    )
    table = Table("generated", "2021", values)
    chosen = {first: rows[first], second: rows[second]}
    known = _known(table, "applications", {c.pointer for cells in chosen.values() for c in cells})
    raw = {key: join(table, cells, None) for key, cells in chosen.items()}
    recovery = recover_rows("2021", "applications", known, raw)

    candidates = {key: _brute_force_row(raw[key]) for key in chosen}
    solutions = []
    for a, b in itertools.product(candidates[first], candidates[second]):
        trial = dict(known)
        trial.update(zip((leaf.pointer for leaf in rows[first]), a, strict=True))
        trial.update(zip((leaf.pointer for leaf in rows[second]), b, strict=True))
        if _identities_hold(trial):
            solutions.append((a, b))
    for index, key in enumerate((first, second)):
        readings = {solution[index] for solution in solutions}
        expected = RecoveryOutcome.RECOVERED if len(readings) == 1 else RecoveryOutcome.AMBIGUOUS
        if len(candidates[key]) == 1:
            expected = RecoveryOutcome.RECOVERED
        assert recovery.outcomes[key] is expected, (raw, readings)


def _brute_force_row(digits: str) -> set[tuple[int, ...]]:
    if len(digits) > 16:  # keep brute force cheap; the search itself is tested above
        return set(splits(digits, 7, total_last=True))
    return _brute_force(digits, 7, total_last=True)


def _identities_hold(values: Mapping[str, int]) -> bool:
    rows = _rows("2021", "applications")
    leaves = [r for r in rows if r.startswith("/applications/results/") and not r.endswith("total")]
    for column in layout.APPLICANT_COLUMNS:

        def cell(row: str, column: layout.Cell = column) -> int:
            return values[f"{row}/{column.id}"]

        if cell("/applications/new") + cell("/applications/carried_over") != cell(
            "/applications/results/total"
        ) + cell("/applications/carried_forward"):
            return False
        if cell("/applications/results/total") != sum(cell(row) for row in leaves):
            return False
    return True


# --- through the parser -----------------------------------------------------------------

SEED_002 = Path(__file__).parent / "fixtures" / "seeds" / "002_ce68d56cc731e239.txt"
NEW_ROW = "一、本年新收政府信息公开申请数量 | 345 | 9 | 0 | 0 | 1 | 2 | 357 | ||"
APPEALS_LINE = "11 | 2 | 0 | 3 | 16 | 1 | 0 | 2 | 0 | 3 | 0 | 0 | 0 | 3 | 3 |"


def test_the_parser_recovers_a_run_together_seed_row():
    text = SEED_002.read_text(encoding="utf-8")
    assert NEW_ROW in text
    assert APPEALS_LINE in text
    text = text.replace(NEW_ROW, "一、本年新收政府信息公开申请数量 | 3459 00 12 357 | ||")
    text = text.replace(APPEALS_LINE, "112 0 316 10 2 03 0 0 0 33 |")
    report = to_dict(parse_text(text))
    expected = json.loads(SEED_002.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert report["applications"] == expected["applications"]
    assert report["appeals"]["litigation_direct"] == expected["appeals"]["litigation_direct"]
    assert set(report["appeals"]["review"].values()) == {None}  # 1 12 … or 11 2 …: not guessed
    notes = {note["path"]: note for note in report["notes"]}
    assert notes["/applications/new"]["message"] == (
        "recovered from run-together digits: 345 9 0 0 1 2 357"
    )
    assert notes["/applications/new"]["raw"] == "3459 00 12 357"
    assert notes["/applications/new"]["source"] == "line 29"
    assert notes["/appeals/review"]["message"].startswith("ambiguous run-together digits")
