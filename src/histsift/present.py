"""Helpers for showing the board to people: readable dates, time spans for
drawing, which events a conflict touches. Shared by the report, the study
material and the web app; nothing here reads the store.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Citation, Conflict, Event, Source

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
SEASONS = {"SP": ("spring", 2, 5), "SU": ("summer", 5, 8), "FA": ("autumn", 8, 11), "WI": ("winter", 11, 14)}
_POINT = re.compile(r"^(?P<bc>BC)?(?P<y>\d{1,4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?|-(?P<s>SP|SU|FA|WI)"
                    r"|-W(?P<w>\d\d)|-Q(?P<q>[1-4]))?$")


@dataclass(frozen=True)
class Point:
    """One TimeML date value taken apart. ``year`` is the astronomical year of its start."""

    precision: str          # day, month, season, week, quarter, year, decade, century
    bc: bool
    digits: str             # the year digits as written in the value
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


def _astro(year: int, bc: bool) -> int:
    return 1 - year if bc else year


def _cumdays(month: int) -> int:
    return [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def parse_point(value: str) -> Point | None:
    m = _POINT.match(value or "")
    if not m:
        return None
    digits, bc = m["y"], bool(m["bc"])
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


def parse_value(value: str) -> tuple[Point, Point] | None:
    """A TimeML value as (start point, end point); the two are the same but for ranges."""
    parts = (value or "").split("/")
    if len(parts) > 2:
        return None
    points = [parse_point(p) for p in parts]
    if any(p is None for p in points):
        return None
    return points[0], points[-1]


def human_date(value: str) -> str:
    """'1989-11-09' → '9 November 1989'; '1961/1989' → '1961–1989'; unknown forms as written."""
    got = parse_value(value)
    if got is None:
        return value or "undated"
    a, b = got
    if a is b:
        return a.human()
    ha, hb = a.human(), b.human()
    if a.bc and b.bc and ha.endswith(" BC"):
        ha = ha[:-3]
    return f"{ha}–{hb}"


def span(value: str) -> tuple[float, float] | None:
    """[start, end) of a TimeML value in fractional astronomical years, or None."""
    got = parse_value(value)
    if got is None:
        return None
    return got[0].span()[0], got[1].span()[1]


def sort_key(value: str) -> tuple:
    s = span(value)
    return (0, s[0], s[1]) if s else (1, 0.0, 0.0)


def disputed(events: list[Event], conflicts: list[Conflict]) -> dict[str, tuple[Conflict, list[str]]]:
    """event id → (the date conflict it is a side of, the other sides' values)."""
    where: dict[str, tuple[Conflict, list[str]]] = {}
    for c in conflicts:
        if c.kind != "date":
            continue
        for side in c.sides:
            others = [s.value for s in c.sides if s is not side]
            keys = {(x.source, x.start) for x in side.citations}
            for e in events:
                if e.date == side.value and {(x.source, x.start) for x in e.citations} & keys:
                    where[e.id] = (c, others)
    return where


def source_names(sources: list[Source]) -> dict[str, str]:
    """source id → a short name people can read: the file name, made unique."""
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for s in sources:
        base = s.path.rsplit("/", 1)[-1] or s.id
        seen[base] = seen.get(base, 0) + 1
        names[s.id] = base if seen[base] == 1 else s.path
    return names


def squash(text: str) -> str:
    """Runs of white space (newlines too) as one space: for one-line displays."""
    return " ".join(text.split())


def label_first(citations: list[Citation], label: str) -> list[Citation]:
    """A theme's citations with the passage its label was cut from first (labels end in '…' when cut)."""
    head = squash(label).rstrip(" …").rstrip(".")
    if not head:
        return list(citations)
    return sorted(citations, key=lambda c: not squash(c.quote).startswith(head))


def human_value(kind: str, value: str) -> str:
    """One side of a disagreement as people write it: dates spelled out, numbers with thousands separators."""
    if kind == "date":
        return human_date(value)
    if kind == "number":
        try:
            n = float(value)
        except ValueError:
            return value
        return f"{int(n):,}" if n.is_integer() else f"{n:,}"
    return value
