"""gkreport._readers.text.placing: a short row's values placed only where one placement fits."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from gkreport._readers.text.placing import place


def test_without_arithmetic_every_placement_fits_so_none_is_taken():
    placement = place([5, 10], 3, summed=False)
    assert placement.fitting == ((0, 1), (0, 2), (1, 2))
    assert placement.cells is None
    assert placement.lost() == ()


def test_a_lost_total_is_the_only_placement_when_the_parts_exceed_every_printed_total():
    placement = place([12, 13, 0, 0], 5, summed=True)
    assert placement.cells == (0, 1, 2, 3)
    assert placement.lost() == (4,)


def test_a_lost_part_cannot_be_told_from_the_others():
    assert place([12, 0, 0, 25], 5, summed=True).cells is None
    assert len(place([46, 0, 0, 0, 0, 46], 7, summed=True).fitting) == 7


def test_a_blank_or_a_mark_fits_any_count():
    assert len(place([None, 1, 0, 5], 5, summed=True).fitting) == 5
    assert place([None, 1, 0, 0], 5, summed=True).cells == (0, 1, 2, 3)


def test_a_full_row_fits_only_if_it_sums():
    assert place([1, 2, 0, 0, 3], 5, summed=True).cells == (0, 1, 2, 3, 4)
    assert place([1, 2, 0, 0, 4], 5, summed=True).fitting == ()


def test_more_values_than_cells_fit_nowhere():
    assert place([1, 2, 3], 2, summed=False).fitting == ()


@given(
    parts=st.lists(st.integers(min_value=0, max_value=50), min_size=4, max_size=6),
    data=st.data(),
)
def test_the_true_placement_of_a_row_that_sums_always_fits_and_a_unique_one_is_it(parts, data):
    row = [*parts, sum(parts)]
    lost = data.draw(st.sets(st.integers(0, len(row) - 1), min_size=1, max_size=2))
    kept = tuple(i for i in range(len(row)) if i not in lost)
    placement = place([row[i] for i in kept], len(row), summed=True)
    assert kept in placement.fitting
    if placement.cells is not None:
        assert placement.cells == kept
    assert len(placement.fitting) <= len(list(itertools.combinations(range(len(row)), len(kept))))
