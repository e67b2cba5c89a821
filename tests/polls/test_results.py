from types import SimpleNamespace

import pytest

from broadsheet.polls.results import largest_remainder, tally


def options(*counts):
    return [SimpleNamespace(pk=n, text=f"Option {n}", votes=c) for n, c in enumerate(counts)]


def test_reference_counts_give_the_reference_percentages():
    result = tally(options(1559, 410, 312))
    assert [o.percent for o in result.options] == ["68.3", "18.0", "13.7"]
    assert result.total == 2281


@pytest.mark.parametrize(
    "counts", [(1, 1, 1), (2, 2, 2, 1), (1, 0, 0), (7, 3, 3, 3, 1, 1, 1, 1, 1, 1), (999, 1, 1), (5, 5)]
)
def test_percentages_always_sum_to_exactly_one_hundred(counts):
    assert sum(largest_remainder(list(counts))) == 1000


def test_thirds_give_the_spare_tenth_to_the_first_option():
    assert [o.percent for o in tally(options(1, 1, 1)).options] == ["33.4", "33.3", "33.3"]


def test_no_votes_give_zero_everywhere_not_a_division_error():
    result = tally(options(0, 0))
    assert [o.percent for o in result.options] == ["0.0", "0.0"]
    assert result.total == 0
