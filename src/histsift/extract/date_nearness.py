"""When two dated accounts can be one happening told two ways: how near their dates are, and
whether they name different countries. The rules of event_merge's conflict search."""
from __future__ import annotations

import functools

from histsift.dates.calendar import _days_from_civil
from histsift.dates.timeml import TimeValue
from histsift.lang.gazetteer import country_names, gazetteer


def countries_named(names) -> frozenset:
    countries, _ = gazetteer()
    spelled = country_names()
    return frozenset(spelled.get(n, n) for n in names if n in countries or n in spelled)


NEAR_DAYS = 5   # days apart that two accounts of one happening are seen to disagree by
NEAR_MONTHS = 2


def near(a: str, b: str) -> bool:
    """Close enough to be one happening dated two ways: sources that disagree about a date are off
    by a few days (a slip, "the day before"), or by the Julian calendar's lag behind the Gregorian
    in that century (Old Style against New Style); weeks apart, they tell two happenings."""
    (pa, ya, ma), (pb, yb, mb) = _shape(a), _shape(b)
    if not pa or not pb:
        return False
    if pa >= 3 and pb >= 3:
        days = abs(_day_number(a) - _day_number(b))
        if days <= NEAR_DAYS or days == _julian_lag(min(ya, yb)):
            return True
        # or one part of the date written wrong: the same day of another month, or of another year
        pa_, pb_ = TimeValue.parse(a).start, TimeValue.parse(b).start
        return pa_.day == pb_.day and ((pa_.month == pb_.month and abs(ya - yb) <= 3)
                                       or (ya == yb and abs(pa_.month - pb_.month) <= NEAR_MONTHS))
    if pa == 2 and pb == 2 and len(a) != 5:   # months (a season's value is "1708-SU")
        return abs(ma - mb) <= NEAR_MONTHS
    if pa == 2 or pb == 2 or len(a) == 5:
        return abs(ya - yb) <= 1
    return abs(ya - yb) <= 3


def near_across(a: str, b: str) -> bool:
    """A year against a month, or a month against a day (the next precision only), that cannot be
    one date ("1961" and "April 1962"): read at the coarser of the two, they are neighbours (the
    year before or after, the month before or after). Inside each other ("1962" and "April 1962")
    they agree; further apart they tell two happenings."""
    grains = {_precision(a), _precision(b)}
    if grains not in ({"year", "month"}, {"month", "day"}):
        return False   # equal or distant precisions, ranges, decades and seasons are not read so
    (_, ya, ma), (_, yb, mb) = _shape(a), _shape(b)
    return abs(ya - yb) == 1 if "year" in grains else abs(ma - mb) == 1


@functools.lru_cache(maxsize=65536)
def _precision(value: str) -> str:
    tv = TimeValue.parse(value)
    return tv.precision if tv else ""


def _julian_lag(year: int) -> int | None:
    """Days the Julian calendar runs behind the Gregorian: 10 from 1582, one more each century
    whose year is not a multiple of 400 (11 from 1700, 12 from 1800, 13 from 1900 to 2100)."""
    if year < 1582:
        return None
    return 10 + sum(1 for c in range(1700, year + 1, 100) if c % 400)


def _day_number(value: str) -> int:
    p = TimeValue.parse(value).start
    y = -int(p.digits) + 1 if p.bc else int(p.digits)
    return _days_from_civil(y, p.month, p.day)


@functools.lru_cache(maxsize=65536)
def _shape(value: str) -> tuple[int, int, int]:
    """(parts, year, months since year 0) of a date value; parts is 0 for a range."""
    tv = TimeValue.parse(value)
    return tv.shape() if tv else (0, 0, 0)
