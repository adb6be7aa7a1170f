"""A date tagger for history prose: temporal expressions as exact spans with TimeML values.

Why our own tagger: general date libraries are built for news and forms.
dateparser turns "12 August" into this year's 12 August, reads "may" the verb
as a month, and knows nothing of BC years, centuries, Old Style pairs or
"two days after the talks broke down". History prose needs partial dates
completed from the text's own dates (never from today's), eras learned from
the pile, and relative dates resolved against the event they point to or left
unresolved. ``bench/dates.py`` measures this tagger and dateparser side by
side on our table of cases.

Values (see docs/EXPORT.md): ``1939-08-23`` day, ``1939-08`` month, ``1939-SU``
season, ``1939`` year, ``193`` decade, ``19`` century, ``START/END`` range;
``BC0044-03-15`` before the common era; durations ``P6W``. Years are held as
astronomical numbers inside this module (44 BC is -43).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from histsift.dates import field, rules, relative  # noqa: F401 - registering the patterns, in this order
from histsift.dates.calendar import NUMBER_WORDS, Context, Timex, _days_in_month
from histsift.dates.resolve import doc_era, resolve, scan

__all__ = ["Context", "NUMBER_WORDS", "Timex", "doc_era", "parse_dct", "resolve", "scan", "tag", "timex_tags"]

# --------------------------------------------------------------------------- the public call

def tag(text: str, ctx: Context | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, resolved against the text itself (and ``ctx``)."""
    ctx = ctx or Context()
    found = [t for t in resolve(scan(text, ctx.skip), text, ctx) if t.needs != "drop"]
    return found


_END_GAP = re.compile(r"[\s,]*(?:–|—|-|‒|to|until|till|and|through)?[\s,]*$")
_RANGE_KW = re.compile(r"(?i:from|between)\s+")
_MID_GAP = re.compile(r"\s*(?:–|—|-|‒|\bto\b|\buntil\b|\btill\b|\band\b|\bthrough\b)\s*")


def timex_tags(text: str, ctx: Context | None = None) -> list[Timex]:
    """The expressions as TimeML annotators tag them: a range ("1915-17", "from May to July 1916")
    is two expressions, one per end, each with its own value. The timeline keeps the range whole
    (``tag``); this is what a corpus such as WikiWars or TempEval compares with."""
    out = []
    for t in tag(text, ctx):
        e = t.end_point
        if t.precision != "range" or e is None or "/" not in (t.value or ""):
            out.append(t)
            continue
        first, second = t.value.split("/", 1)
        kw = _RANGE_KW.match(text, t.start)
        a = kw.end() if kw else t.start
        if a < e.start < t.end:
            gap = _END_GAP.search(text, a, e.start)
            b, c = (gap.start() if gap and gap.start() > a else e.start), e.start
        else:   # "3-5 May 1821": one pattern read both ends; they part at the first dash or "to"
            gap = _MID_GAP.search(text, a, t.end)
            if gap is None:
                out.append(t)
                continue
            b, c = gap.start(), gap.end()
        out.append(replace(t, start=a, end=b, text=text[a:b], value=first, precision=_precision(first),
                           end_point=None))
        out.append(replace(t, start=c, end=t.end, text=text[c:t.end], value=second,
                           precision=_precision(second), end_point=None))
    out = field.extra(text, out, ctx.dct if ctx else None)
    return [_deixis_grain(t) for t in out] if ctx and ctx.dct else out


def _deixis_grain(t: Timex) -> Timex:
    """In news, "this week" is a week and "last month" a month (TimeML), not the day counted to."""
    unit = t.offset[1] if t.offset else None
    if t.refers != "deixis" or not t.value or t.value.count("-") != 2 or unit not in ("W", "M"):
        return t
    if unit == "M":
        return replace(t, value=t.value[:7], precision="month")
    try:
        y, w, _ = date(*map(int, t.value.split("-"))).isocalendar()
    except ValueError:   # before year 1: no ISO week
        return t
    return replace(t, value=f"{y:04d}-W{w:02d}", precision="week")


def _precision(value: str) -> str:
    return ("year", "month", "day")[min(value.removeprefix("BC").count("-"), 2)]


def parse_dct(raw: str) -> tuple[int, int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw.strip())
    if not m:
        raise ValueError(f"not a date: {raw!r} (want YYYY-MM-DD)")
    y, mo, d = map(int, m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo)):
        raise ValueError(f"not a date: {raw!r}")
    return y, mo, d
