"""One date value type: every output words, orders and compares TimeML values through timeml."""
from __future__ import annotations

import pytest

from histsift.dates.timeml import TimeValue, human, order


@pytest.mark.parametrize("value, shown", [
    ("1989-11-09", "9 November 1989"), ("1961-08", "August 1961"), ("1985", "1985"), ("198", "1980s"),
    ("19", "20th century"), ("1989-SU", "summer 1989"), ("1961/1989", "1961–1989"),
    ("BC0044-03-15", "15 March 44 BC"), ("BC0049/BC0044", "49–44 BC"), ("BC00", "1st century BC"),
    ("BC013", "130s BC"), ("1989-W05", "week 5 of 1989"), ("0814", "814"), ("", "undated"),
    ("XXXX-13", "XXXX-13"), ("1989-13", "1989-13"), ("P6W", "P6W"),
])
def test_one_wording(value, shown):
    assert human(value) == shown


def test_the_one_wording_is_what_every_output_uses():
    from histsift.outputs import present
    from histsift.web import render

    assert render.human_date is human
    assert present.human_value("date", "19") == "20th century"


def test_order_puts_bc_first_and_coarser_before_finer():
    values = ["1989-11-09", "1989", "BC0044-03-15", "1989-11", "198", "BC0133", "1961/1989", "1989-SP"]
    assert sorted(values, key=order) == ["BC0133", "BC0044-03-15", "1961/1989", "198", "1989", "1989-SP",
                                         "1989-11", "1989-11-09"]


@pytest.mark.parametrize("value, precision, at_most, coarsened", [
    ("BC0044-03-15", "year", "BC0044", "BC0044"), ("1989-11-09", "month", "1989-11", "1989-11"),
    ("1989-11-09", "season", "1989-11-09", "1989-FA"), ("1989-01-20", "season", "1989-01-20", "1988-WI"),
    ("1989-11", "day", None, None), ("1989-SU", "year", "1989-SU", "1989"), ("1989-11-09", "decade", "198", "198"),
    ("1961/1989", "year", "1961/1989", None), ("198", "year", "198", None), ("1989", None, "1989", "1989"),
])
def test_cutting_a_value_to_a_precision(value, precision, at_most, coarsened):
    tv = TimeValue.parse(value)
    assert (tv.at_most(precision).value if tv.at_most(precision) else None) == at_most
    assert (tv.coarsen(precision).value if tv.coarsen(precision) else None) == coarsened


def test_compatible_and_within():
    day, month, year = (TimeValue.parse(v) for v in ("1939-08-23", "1939-08", "1939"))
    assert day.compatible(month) and month.compatible(day) and not day.compatible(year)
    assert not day.compatible(TimeValue.parse("1939-08-28"))
    assert day.within(month) and day.within(year) and not year.within(day)
    assert year.within(TimeValue.parse("1934/1940")) and not year.within(TimeValue.parse("1940/1945"))


def test_values_are_immutable_and_parsed_once():
    tv = TimeValue.parse("1989-11-09")
    assert TimeValue.parse("1989-11-09") is tv
    with pytest.raises(AttributeError):
        tv.value = "1990"
    assert TimeValue.parse("P6W") is None and TimeValue.parse(None) is None
