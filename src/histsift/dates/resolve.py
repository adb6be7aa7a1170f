"""Scanning a text with the rules, and resolving what was found: eras, missing years and
months, and relative dates against the dates (or the events) they point to."""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import replace

from histsift import work

from histsift.dates.calendar import Context, SEASONS, Timex, _civil_from_days, _days_from_civil, _days_in_month, fmt, fmt_year
from histsift.dates.rules import ROMAN_DAYS, RULES

# --------------------------------------------------------------------------- scanning

def scan(text: str, skip: list[tuple[int, int]] | None = None) -> list[Timex]:
    """Every candidate expression, longest first where they overlap; none inside ``skip``."""
    cands: list[tuple[int, int, Timex]] = []
    for prio, (_, rx, fn) in enumerate(RULES):
        work.at("finding dates", prio, len(RULES))
        for m in rx.finditer(text):
            got = fn(m)
            for t in (got if isinstance(got, list) else [got] if got else []):
                cands.append((-(t.end - t.start), prio, t))
    cands.sort(key=lambda c: (c[0], c[1], c[2].start))
    taken: list[Timex] = []
    occupied = bytearray(len(text) + 1)  # non-zero: skipped text, or taken by a longer expression
    for a, b in skip or []:
        occupied[a:b] = b"\x01" * (b - a)
    for _, _, t in cands:
        if occupied.count(0, t.start, t.end) != t.end - t.start:
            continue
        occupied[t.start:t.end] = b"\x01" * (t.end - t.start)
        taken.append(t)
    return _join_ranges(text, sorted(taken, key=lambda t: t.start))


_RANGE_GAP = re.compile(r"\s*(?:–|—|-|to|until|till|and)\s*")
_RANGE_KW = re.compile(r"(?i:from|between)\s+$")


def _join_ranges(text: str, found: list[Timex]) -> list[Timex]:
    """"from 8 September 1941 to 27 January 1944", "between September 1814 and June 1815": one range."""
    out: list[Timex] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        kw = _RANGE_KW.search(text, max(0, a.start - 9), a.start)
        gap = text[a.end:b.start] if b else ""
        if (b is not None and kw and _RANGE_GAP.fullmatch(gap) and ("and" not in gap or "etween" in kw.group())
                and a.type == b.type == "date" and a.precision in ("day", "month", "year")
                and b.precision in ("day", "month", "year") and a.form in ("full", "partial", "year", "numeric")):
            if a.m is None and a.d is not None and b.m is not None:   # "from the 3rd to the 9th of May"
                a = replace(a, m=b.m, y=b.y if a.y is None else a.y, needs=b.needs if a.y is None else a.needs)
            r = Timex(kw.start(), b.end, text[kw.start():b.end], "date", form="range", y=a.y, m=a.m, d=a.d,
                      era_given=a.era_given or b.era_given, precision="range", end_point=b,
                      needs="year" if a.needs == "year" else "")
            out.append(r)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def doc_era(timexes: list[Timex]) -> str | None:
    """The era a text writes its years in, when it says: "BC" if most explicit eras are BC."""
    bc = sum(1 for t in timexes if t.era_given and t.y is not None and t.y <= 0)
    ad = sum(1 for t in timexes if t.era_given and t.y is not None and t.y > 0)
    return "BC" if bc > ad else "AD" if ad > bc else None


# --------------------------------------------------------------------------- resolution

ANCHOR_REACH = 600  # characters back that a relative date may look for its anchor
_HEADING = re.compile(r"\n[^\S\n]*[#A-Z][^\n.!?:;,]{0,60}[^\W_](?=\n)")   # a short line of its own, unpunctuated: a heading
_SECTION_BREAK = re.compile(r"\n[^\S\n]*#|\n[ \t]*\n[ \t]*\n")  # a heading or a wide gap: a new topic
_STOP = set("""the a an of to in on at by for with from and or but had has have was were is are be been that this
these those his her its their they he she it them after before later earlier days day weeks week months month
years year two three four five six seven eight nine ten one""".split())


def _content_words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def resolve(timexes: list[Timex], text: str, ctx: Context | None = None) -> list[Timex]:
    """Give every expression its value, in reading order, from the text's own dates.

    Partial dates take their year from the nearest date before them (the
    section's, the bullet's above, the sentence's before), then from the
    pile's dominant year; relative dates count from the date they point to.
    Neither ever reads today's date: only ``ctx.dct`` (news) can stand in.
    Each step returns a new Timex: what was found is never changed, so the same
    expressions can be valued again with another context (a pile's era, its year).
    """
    ctx = ctx or Context()
    out = _resolve(timexes, text, ctx, None)
    if any(t.needs == "daycount" for t in out):
        zero = _day_zero(out, text)
        if zero is not None:   # "Day 1 - On 3 May": the count is dated; value it, and what follows it
            out = _resolve(timexes, text, ctx, zero)
    return out


def _resolve(timexes: list[Timex], text: str, ctx: Context, zero: int | None) -> list[Timex]:
    era = doc_era(timexes) or ctx.era
    out: list[Timex] = []
    resolved: list[Timex] = []   # the dates the narrative stands at: they lend a year, or an anchor
    for t in timexes:
        work.at("dating", t.start, len(text))
        if t.type == "duration":
            out.append(t)
            continue
        if t.needs in ("era", "cell"):
            t = _apply_era(t, era)
        if t.needs == "month":
            t = _complete_month(t, resolved)
        elif t.needs == "year":
            t = _complete_year(t, resolved, ctx, text)
            if t.form == "relative" and not t.needs and t.d:
                t = _shift_days(t, t.offset[0])
        elif t.needs in ("anchor", "event"):
            t = _resolve_relative(t, resolved, text, ctx)
        elif t.needs == "daycount" and zero is not None:
            y, m, d = _civil_from_days(zero + t.offset[0])
            t = replace(t, y=y, m=m, d=d, needs="")
        t = _finish(t)
        out.append(t)
        if t.value and not SINCE.search(text, max(0, t.start - 12), t.start):
            resolved.append(t)
    return out


DAY_PAIR_REACH = 60   # characters between "Day k" and the date that says which day it is


def _day_zero(found: list[Timex], text: str) -> int | None:
    """The day before Day 1, from the "Day k" labels that stand beside a date in the same sentence
    ("On 3 May, counted as Day 1 of the siege"); the commonest reading when they differ."""
    dated = [t for t in found if t.type == "date" and t.precision == "day" and t.value
             and t.form not in ("relative", "daycount")]
    starts = [p.start for p in dated]
    votes: Counter[int] = Counter()
    for t in found:
        if t.needs != "daycount":
            continue
        i = bisect.bisect_left(starts, t.start)
        for p in dated[max(0, i - 2):i + 2]:   # the dates just before and after it: linear in the text
            a, b = (p.end, t.start) if p.end <= t.start else (t.end, p.start)
            if 0 <= b - a <= DAY_PAIR_REACH and not re.search(r"[.;!?\n]", text[a:b]):
                votes[_days_from_civil(p.y, p.m, p.d) - t.offset[0]] += 1
                break
    return votes.most_common(1)[0][0] if votes else None


# "since 2 June 1701": the start of a state that goes on, looked back to from the narrative's
# time; it does not move the narrative, so the next "12 March" keeps the year the text is in,
# and "that evening" does not count from it
SINCE = re.compile(r"\b(?:since|ever since)\s+(?:the\s+)?$", re.I)


def _apply_era(t: Timex, era: str | None) -> Timex:
    """Years written without an era take the text's (or pile's) era."""
    if t.needs == "cell" and era != "BC" and (t.y or 0) < 1000:
        return replace(t, value=None, needs="drop")  # a bare small number in a table is a count, unless BC
    if era == "BC" and t.y is not None and t.y > 0:
        e = t.end_point
        if e is not None and e.y and e.y > 0:
            e = replace(e, y=1 - e.y)
        t = replace(t, y=1 - t.y, end_point=e)
    e = t.end_point
    # "5-3": not a range of years
    return replace(t, needs="drop" if e is not None and e.y is not None and e.y < t.y else "")


def _complete_month(t: Timex, resolved: list[Timex]) -> Timex:
    """"the Ides" with no month: the month (and year) of the nearest dated mention."""
    src = next((r for r in reversed(resolved) if r.m and r.y is not None), None)
    if src is None:
        return t
    sign, name = t.offset
    d = ROMAN_DAYS[name](src.m) if name in ROMAN_DAYS else t.d if name == "day" else src.d
    t = replace(t, y=src.y, m=src.m, d=d, needs="")
    return _shift_days(t, sign) if sign else t


def _shift_days(t: Timex, days: int) -> Timex:
    y, m, d = _civil_from_days(_days_from_civil(t.y, t.m, t.d) + days)
    return replace(t, y=y, m=m, d=d)


def _year_source(resolved: list[Timex]) -> Timex | None:
    for r in reversed(resolved):
        if r.offset[1] == "Y" and r.offset[0] < 0:
            continue   # "the previous April": a look back, not where the narrative is
        if r.y is not None and r.precision in ("day", "month", "year", "season", "range"):
            return r
    return None


CLOSE_ON_DAYS = 62    # a partial date this close after the last precise date is in that date's year
NARRATIVE_REACH = 6   # dates back in which the narrative's furthest point is looked for


def _when(r: Timex) -> tuple[int, int, int]:
    return r.y, r.m or 0, r.d or 0


def _opens_sentence(text: str, r: Timex) -> bool:
    """A date among the first words of its sentence or line ("In 1777, …"): it sets the narrative's time."""
    start = max(text.rfind(". ", 0, r.start), text.rfind("\n", 0, r.start)) + 1
    return len(text[start:r.start].split()) <= 2


def _narrative_year(t: Timex, src: Timex, resolved: list[Timex], text: str) -> int:
    """The year a partial date is in: the last date's, unless the last date stepped back from where the
    narrative had got to ("… on 2 March 1856. The fortress, rebuilt on 9 October 1855, … On 20 June")
    and the partial date, read in the year of the narrative's furthest point, lies after that point:
    narratives move forwards, and an aside's full date does not take the story with it."""
    if t.m is None or t.offset[1] == "Y":
        return src.y
    recent = [r for r in resolved[-NARRATIVE_REACH:] if r.y is not None and r.precision in ("day", "month")
              and r.form != "relative"]
    if src.precision not in ("day", "month"):
        # "On 10 March 1802 … hoping to besiege it in 1803 … on 11 March": a bare year does not move the
        # narrative when the partial date follows closely on the last precise date
        point = recent[-1] if recent else None
        if point is not None and point.y != src.y and point.m and 0 <= (t.m - point.m) * 31 + (t.d or 1) - (
                point.d or 1) <= CLOSE_ON_DAYS and not _opens_sentence(text, src) \
                and not _heading_between(text, point.end, t.start):
            return point.y
        return src.y
    ahead = max(recent, key=_when, default=src)
    if _when(ahead) > _when(src) and ahead.y != src.y and (t.m, t.d or 0) < (src.m or 0, src.d or 0) \
            and (ahead.y, t.m, t.d or 0) >= _when(ahead):
        return ahead.y
    return src.y


@functools.lru_cache(maxsize=8)
def _headings(text: str) -> tuple[list[int], list[int]]:
    """Where the text's headings start and end (the line break after each), found once per text:
    every partial date asks whether one stands between it and the last precise date."""
    found = [(m.start(), m.end() + 1) for m in _HEADING.finditer(text)]
    return [a for a, _ in found], [b for _, b in found]


def _heading_between(text: str, a: int, b: int) -> bool:
    starts, ends = _headings(text)
    i = bisect.bisect_left(starts, a)
    return i < len(starts) and ends[i] <= b


def _nearest_year(m: int, d: int | None, dct: tuple[int, int, int]) -> int:
    """The year that puts month ``m`` (day ``d``) nearest the document's date, as TempEval values a
    bare month in news: written in March 1998, "November" is 1997's and "April" 1998's."""
    here = dct[1] * 31 + dct[2]
    there = m * 31 + (d or 15)
    return dct[0] - 1 if there - here > 6 * 31 else dct[0] + 1 if here - there > 6 * 31 else dct[0]


def _complete_year(t: Timex, resolved: list[Timex], ctx: Context, text: str) -> Timex:
    e = t.end_point
    if t.precision == "range" and e is not None and e.y is not None:
        # "8 September to 27 January 1944"
        return replace(t, y=e.y - (1 if (t.m or 0) > (e.m or 12) else 0), needs="")
    src = _year_source(resolved)
    if ctx.dct is not None and t.m and (src is None or _SENTENCE_END.search(text, src.end, t.start)):
        y = _nearest_year(t.m, t.d, ctx.dct)   # news: "in November" is the November nearest the writing
    elif src is not None:
        y = _narrative_year(t, src, resolved, text)
    elif ctx.year is not None:
        y = ctx.year
    elif ctx.dct is not None:
        y = ctx.dct[0]
    else:
        return t  # no year anywhere: left unresolved, never guessed from today
    t = replace(t, y=y + (t.offset[0] if t.offset[1] == "Y" else 0), needs="")
    if t.precision == "range" and e is not None and e.y is None:
        # "from 3 June to 9 July": both ends in the year the narrative is in; "from November to
        # February" runs into the next
        t = replace(t, end_point=replace(e, y=t.y + (1 if (e.m or 0) < (t.m or 0) else 0), needs=""))
    return t


def _anchor_for(t: Timex, resolved: list[Timex], text: str, ctx: Context) -> tuple[int, int | None, int | None] | None:
    unit = t.offset[1]
    need = {"D": "day", "W": "day", "M": "month", "Y": "year"}.get(unit, "day")
    if t.refers == "deixis":
        return ctx.dct
    rank = {"day": 3, "month": 2, "season": 1, "year": 1, "range": 1}
    if t.needs == "event":
        words = _content_words(t.refers)
        # the event is looked for among the last EVENT_LOOKBACK dates only, and in each date's
        # sentence within SENTENCE_REACH characters: a long file costs no more per date
        for r in resolved[:-EVENT_LOOKBACK - 1:-1]:
            a, b = text.rfind(".", max(0, r.start - SENTENCE_REACH), r.start) + 1, _sentence_end(text, r.end, SENTENCE_REACH)
            # the clause "a month after the murder …" itself is no report of the murder
            sent = text[a:min(b, t.start)] + " " + text[max(a, t.end):b] if a <= t.start < b else text[a:b]
            if rank.get(r.precision or "", 0) >= rank[need] and len(words & _content_words(sent)) >= min(2, len(words)):
                return r.y, r.m, r.d
        # nothing names that event: count from the date just before, if it is near and precise enough
        for r in reversed(resolved):
            if t.start - r.end > 300:
                break
            if words and not _SENTENCE_END.search(text, r.end, t.start):
                return None   # "on 28 July, a month after the murder": the sentence's date is not its anchor
            if 0 <= t.start - r.end and rank.get(r.precision or "", 0) >= rank[need]:
                return r.y, r.m, r.d
        return None
    for r in reversed(resolved):
        if t.start - r.end > ANCHOR_REACH or _SECTION_BREAK.search(text, r.end, t.start):
            break
        if r.form == "relative":
            continue  # count from what the text states, not from another count
        if rank.get(r.precision or "", 0) >= rank[need] and r.precision != "range":
            return r.y, r.m, r.d
        if r.precision in ("day", "month", "year") and not _flashback(text, r):
            break  # the nearest date is too coarse to count days from: do not skip past it
    if ctx.dct is not None:
        return ctx.dct
    return None


_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ught|ung)\b", re.I)


def _flashback(text: str, r: Timex) -> bool:
    """A date in an aside the narrative looks back from ("The treaty of 1839 had agreed …", or in
    brackets): it is not the narrative's time, so a "day earlier" after it counts from before it."""
    start = max(text.rfind(".", max(0, r.start - SENTENCE_REACH), r.start), text.rfind("\n", 0, r.start)) + 1
    sentence = text[start:_sentence_end(text, r.end, SENTENCE_REACH)]
    bracketed = text[start:r.start].count("(") > text[start:r.start].count(")")
    return bracketed or bool(_PLUPERFECT.search(sentence))


_SENTENCE_END = re.compile(r"[.!?\n]")
EVENT_LOOKBACK = 200      # dates back that "after the battle" may look for the battle
SENTENCE_REACH = 2000     # characters a sentence may run either side of a date


def _sentence_end(text: str, pos: int, reach: int | None = None) -> int:
    end = len(text) if reach is None else min(len(text), pos + reach)
    m = _SENTENCE_END.search(text, pos, end)
    return m.end() if m else end


def _resolve_relative(t: Timex, resolved: list[Timex], text: str, ctx: Context) -> Timex:
    n, unit = t.offset
    if unit.startswith("weekday:") and n == 0:
        anchor = ctx.dct  # "on Tuesday" means a day near the moment of writing, which only news gives
    else:
        anchor = _anchor_for(t, resolved, text, ctx)
    if anchor is None or n is None:
        return t
    y, mo, d = anchor
    if unit.startswith("weekday:"):
        day = _days_from_civil(y, mo, d)
        want = int(unit.split(":")[1])
        step = 1 if n > 0 else -1
        day += step if n != 0 else 0
        while (day + 3) % 7 != want:  # day 0 (1970-01-01) was a Thursday
            day += step
        y, mo, d = _civil_from_days(day)
        return replace(t, y=y, m=mo, d=d, precision="day", needs="")
    if unit in ("D", "W"):
        days = n * (7 if unit == "W" else 1)
        y, mo, d = _civil_from_days(_days_from_civil(y, mo, d) + days)
        return replace(t, y=y, m=mo, d=d, precision="day", needs="")
    if unit == "M":
        # "A month later" than a day is that day a month on (at the anchor's precision)
        total = y * 12 + (mo - 1) + n
        y, mo = total // 12, total % 12 + 1
        d = min(d, _days_in_month(y, mo)) if d else None
        return replace(t, y=y, m=mo, d=d, precision="day" if d else "month", needs="")
    return replace(t, y=y + n, precision="year", needs="")


def _finish(t: Timex) -> Timex:
    """The TimeML value of what resolution found (None where the text does not give it)."""
    if t.precision in ("decade", "century") and t.needs != "drop":
        return t  # valued when found: "the 1930s" needs nothing from the text around it
    if t.needs or t.y is None:
        # not resolvable from the text: kept, never guessed
        return replace(t, value=None, precision=None if t.form in ("relative", "partial") else t.precision)
    if t.precision == "season":
        return replace(t, value=fmt(t.y, season=t.value if t.value in SEASONS.values() else None))
    if t.precision == "range" and t.end_point is not None:
        e = t.end_point
        if t.d and e.d:
            return replace(t, value=f"{fmt(t.y, t.m, t.d)}/{fmt(e.y, e.m, e.d)}")
        if t.m and e.m:
            return replace(t, value=f"{fmt(t.y, t.m)}/{fmt(e.y, e.m)}")
        return replace(t, value=f"{fmt_year(t.y)}/{fmt_year(e.y)}")
    if t.precision in ("decade", "century"):
        return t
    return replace(t, value=fmt(t.y, t.m if t.precision in ("month", "day") else None,
                                t.d if t.precision == "day" else None))
