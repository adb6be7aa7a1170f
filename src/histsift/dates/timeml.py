"""One date value type: TimeML strings parsed once, worded once.

The tagger writes a date as a TimeML value (``1939-08-23``, ``1939-08``,
``1939-SU``, ``1939``, ``193`` the 1930s, ``19`` the 20th century,
``BC0044-03-15``, ``1934/1938`` a range; see docs/EXPORT.md). Everything
that orders, compares, coarsens, draws or shows such a value goes through
:class:`TimeValue`, so the timeline, the conflicts, ``ask``, the report, the
study material, the web app and the CLI agree on what a value means and how
it reads ("9 November 1989", "spring 1989", "1980s", "20th century",
"15 March 44 BC", "1961–1989").

A TimeValue is immutable; parsing is cached, so code may parse the same value
as often as it likes.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
# season code → (name, first month index from 0, month index where it ends): winter runs into next year
SEASONS = {"SP": ("spring", 2, 5), "SU": ("summer", 5, 8), "FA": ("autumn", 8, 11), "WI": ("winter", 11, 14)}
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # a season sorts with the month it starts in
_MONTH_SEASON = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}
_POINT = re.compile(r"^(?P<bc>BC)?(?P<y>\d{1,4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?|-(?P<s>SP|SU|FA|WI)"
                    r"|-W(?P<w>\d\d)|-Q(?P<q>[1-4]))?$")
PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "decade", "century")


@dataclass(frozen=True, slots=True)
class Point:
    """One end of a value. ``digits`` are the year digits as written (4 for a year, 3 for a
    decade, 2 for a century); ``bc`` marks years before the common era."""

    precision: str          # day, week, month, season, quarter, year, decade, century
    bc: bool
    digits: str
    month: int | None = None
    day: int | None = None
    season: str | None = None
    week: int | None = None
    quarter: int | None = None

    @property
    def number(self) -> int:
        return int(self.digits)

    def span(self) -> tuple[float, float]:
        """[start, end) in fractional astronomical years (44 BC starts at -43.0)."""
        n = self.number
        if self.precision == "decade":
            lo = n * 10
            return (_astro(lo + 9, True), _astro(lo, True) + 1) if self.bc else (lo, lo + 10)
        if self.precision == "century":
            lo = n * 100
            return (_astro(lo + 100, True), _astro(lo + 1, True) + 1) if self.bc else (lo, lo + 100)
        y = _astro(n, self.bc)
        if self.precision == "day" and self.month:
            t = y + (_cumdays(self.month) + (self.day or 1) - 1) / 365.25
            return t, t + 1 / 365.25
        if self.precision == "month" and self.month:
            return y + (self.month - 1) / 12, y + self.month / 12
        if self.precision == "season" and self.season:
            _, a, b = SEASONS[self.season]
            return y + a / 12, y + b / 12
        if self.precision == "week" and self.week:
            return y + (self.week - 1) / 52.18, y + self.week / 52.18
        if self.precision == "quarter" and self.quarter:
            return y + (self.quarter - 1) / 4, y + self.quarter / 4
        return y, y + 1

    def human(self) -> str:
        era = " BC" if self.bc else ""
        year = f"{self.number}{era}"
        if self.precision == "decade":
            return f"{self.number * 10}s{era}"
        if self.precision == "century":
            return f"{_ordinal(self.number + 1)} century{era}"
        if self.precision == "day" and self.month:
            return f"{self.day} {MONTH_NAMES[self.month - 1]} {year}"
        if self.precision == "month" and self.month:
            return f"{MONTH_NAMES[self.month - 1]} {year}"
        if self.precision == "season" and self.season:
            return f"{SEASONS[self.season][0]} {year}"
        if self.precision == "week" and self.week:
            return f"week {self.week} of {year}"
        if self.precision == "quarter" and self.quarter:
            return f"Q{self.quarter} {year}"
        return year


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A TimeML date value: one point, or a range of two."""

    value: str
    start: Point
    end: Point

    @staticmethod
    def parse(value: str | None) -> TimeValue | None:
        """The value, or None for what is not a date value (a duration, an empty string)."""
        return _parse(value or "")

    @property
    def is_range(self) -> bool:
        return "/" in self.value

    @property
    def precision(self) -> str:
        return "range" if self.is_range else self.start.precision

    @property
    def bc(self) -> bool:
        return self.start.bc

    def human(self) -> str:
        """The one wording: '9 November 1989', 'spring 1989', '1980s', '20th century',
        '15 March 44 BC', '1961–1989', '49–44 BC'."""
        if not self.is_range:
            return self.start.human()
        a, b = self.start.human(), self.end.human()
        if self.start.bc and self.end.bc and a.endswith(" BC"):
            a = a[:-3]
        return f"{a}–{b}"

    def span(self) -> tuple[float, float]:
        """[start, end) in fractional astronomical years: for drawing and for distances."""
        return self.start.span()[0], self.end.span()[1]

    @property
    def order(self) -> tuple:
        """The key the timeline is sorted by: year, month (a season at its first month), day,
        then coarser before finer within a year (the length of the value)."""
        return _order(self.value)

    def shape(self) -> tuple[int, int, int]:
        """(parts, year, months since year 0); parts is 0 for a range. For 'how near' tests."""
        if self.is_range:
            return 0, 0, 0
        year, month = self.order[:2]
        return len(self.value.split("-")), year, year * 12 + month

    def compatible(self, other: TimeValue) -> bool:
        """The same date, or a day inside its month: two reports of one happening may differ so."""
        a, b = self.value, other.value
        if a == b:
            return True
        if len(a) == len(b) or self.is_range or other.is_range:
            return False
        short, long_ = sorted((a, b), key=len)
        return len(short) >= 7 and long_.startswith(short + "-")

    def within(self, pinned: TimeValue) -> bool:
        """This value falls inside ``pinned``: a day in its month or year, a year in a range of years."""
        if self.value == pinned.value or self.value.startswith(pinned.value + "-"):
            return True
        if pinned.is_range and not self.is_range:
            lo, hi = (_order(x)[0] for x in pinned.value.split("/", 1))
            return lo <= self.order[0] <= hi
        return False

    def at_most(self, precision: str | None) -> TimeValue | None:
        """The value cut to ``precision`` when it is finer ('in which year' of 15 March 44 BC is
        44 BC), itself when it is no finer (a season asked for its month stays the season), None
        when the question asks for more than it says (the day of a month). Ranges stay whole."""
        if not precision or self.is_range:
            return self
        if precision in ("decade", "century"):
            return self.coarsen(precision)
        keep = {"year": 1, "month": 2, "day": 3}.get(precision)
        parts = self.value.removeprefix("BC").split("-")
        if keep is None or len(parts[0]) != 4 or len(parts) < keep or (len(parts) > 1 and parts[1] in SEASONS):
            return self if keep is None or len(parts) >= keep else None
        return _parse(("BC" if self.bc else "") + "-".join(parts[:keep]))

    def coarsen(self, precision: str | None) -> TimeValue | None:
        """The value at exactly ``precision`` ('1989-11-09' as a year is '1989', as a season
        '1989-FA', as a decade '198'); itself when no precision is asked; None when it cannot be
        (a year asked of a decade, a month of a season, anything of a range)."""
        if not precision:
            return self
        if self.is_range:
            return None
        p, era = self.start, "BC" if self.bc else ""
        if precision in ("decade", "century"):
            keep = 3 if precision == "decade" else 2
            return _parse(era + p.digits[:keep]) if len(p.digits) >= keep else None
        if len(p.digits) != 4 or p.precision not in ("day", "month", "season", "year"):
            return None
        year = era + p.digits
        if precision == "year":
            return _parse(year)
        if precision == "month":
            return _parse(f"{year}-{p.month:02d}") if p.month else None
        if precision == "day":
            return self if p.day else None
        if precision == "season":
            if p.season:
                return self
            if p.month and not p.bc:
                y, mo = int(p.digits), p.month
                if mo <= 2:
                    y, mo = y - 1, 12
                return _parse(f"{y:04d}-{_MONTH_SEASON.get(mo, 'WI')}")
            return None
        return self if precision == p.precision else None


def human(value: str | None) -> str:
    """A value as a person reads it; 'undated' for none, and an unknown form as written."""
    if not value:
        return "undated"
    tv = _parse(value)
    return tv.human() if tv else value


def order(value: str) -> tuple:
    """The timeline's sort key of a value (see TimeValue.order); unknown forms last."""
    return _order(value)


@functools.lru_cache(maxsize=65536)
def _parse(value: str) -> TimeValue | None:
    parts = value.split("/")
    if len(parts) > 2:
        return None
    points = [_point(p) for p in parts]
    if any(p is None for p in points):
        return None
    return TimeValue(value, points[0], points[-1])


def _point(value: str) -> Point | None:
    m = _POINT.match(value)
    if not m:
        return None
    digits, bc = m["y"], bool(m["bc"])
    if m["m"] and not 1 <= int(m["m"]) <= 12 or m["d"] and not 1 <= int(m["d"]) <= 31:
        return None
    if m["d"]:
        return Point("day", bc, digits, int(m["m"]), int(m["d"]))
    if m["m"]:
        return Point("month", bc, digits, int(m["m"]))
    if m["s"]:
        return Point("season", bc, digits, season=m["s"])
    if m["w"]:
        return Point("week", bc, digits, week=int(m["w"]))
    if m["q"]:
        return Point("quarter", bc, digits, quarter=int(m["q"]))
    precision = {4: "year", 3: "decade", 2: "century"}.get(len(digits), "year")
    if bc and len(digits) == 4:
        precision = "year"
    return Point(precision, bc, digits)


@functools.lru_cache(maxsize=65536)
def _order(value: str) -> tuple:
    first = value.split("/")[0]
    bc = first.startswith("BC")
    digits = first[2:] if bc else first
    parts = digits.split("-")
    head = parts[0]
    if not head.isdigit():
        return (10**6, 0, 0, len(value))
    if len(head) == 4:
        year = int(head)
    elif len(head) == 3:
        year = int(head) * 10
    else:
        year = int(head) * 100 + (99 if bc else 0)
    year = 1 - year if bc else year
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else SEASON_MONTH.get(parts[1], 0) \
        if len(parts) > 1 else 0
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
    return (year, month, day, len(value))


def _astro(year: int, bc: bool) -> int:
    return 1 - year if bc else year


def _cumdays(month: int) -> int:
    return [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
