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

from histsift.dates import rules, relative  # noqa: F401 - registering the patterns, in this order
from histsift.dates.calendar import NUMBER_WORDS, Context, Timex, _days_in_month
from histsift.dates.resolve import doc_era, resolve, scan

__all__ = ["Context", "NUMBER_WORDS", "Timex", "doc_era", "parse_dct", "resolve", "scan", "tag"]

# --------------------------------------------------------------------------- the public call

def tag(text: str, ctx: Context | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, resolved against the text itself (and ``ctx``)."""
    ctx = ctx or Context()
    found = [t for t in resolve(scan(text, ctx.skip), text, ctx) if t.needs != "drop"]
    return found


def parse_dct(raw: str) -> tuple[int, int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw.strip())
    if not m:
        raise ValueError(f"not a date: {raw!r} (want YYYY-MM-DD)")
    y, mo, d = map(int, m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo)):
        raise ValueError(f"not a date: {raw!r}")
    return y, mo, d
