"""Patterns of relative and anchored expressions, durations, feasts, weekdays and table cells
(registered after :mod:`histsift.dates.rules`, so those win a tie)."""
from __future__ import annotations

import re
from dataclasses import replace


from histsift.dates.calendar import DAY, MON, NUM, SEASONS, Timex, UNIT, UNITS, WEEKDAYS, number_value, _month, _ye
from histsift.dates.resolve import _shift_days, scan
from histsift.dates.rules import ROMAN, _date, _year_of, rule

REL_UNIT = rf"(?P<n>{NUM})[ \t\u00a0]+(?P<u>{UNIT})"   # on one line: "1704\n\nDay 1" is a year and a heading


@rule("relative_offset", rf"(?P<few>(?:a\s+)?few\s+|several\s+|some\s+)?{REL_UNIT}\s+(?P<dir>later|earlier|afterwards|afterward|before|after|previously|beforehand|on)(?P<rest>\s+(?:the|his|her|its|their|this|that|(?-i:[A-Z]))[^.;:!?,()]*)?", re.I)
def _relative_offset(m):
    n = number_value(m["n"]) if not m["few"] else None
    mult, unit = _unit(m["u"])
    if unit.startswith("T"):
        return None  # hours later: below the precision of history
    n = n * mult if n is not None else None
    direction = m["dir"].lower()
    sign = -1 if direction in ("earlier", "before", "previously", "beforehand") else 1
    end = m.end() if m["rest"] and direction in ("after", "before") else m.start("rest") if m["rest"] else m.end()
    t = Timex(m.start(), end, m.string[m.start():end], "date", form="relative", needs="anchor")
    t.offset = ((n * sign) if n is not None else None, unit)
    if m["rest"] and direction in ("after", "before"):
        t.needs, t.refers = "event", m["rest"].strip()
        dated = _dated_clause(t, m["rest"], n, sign, unit)
        if dated is not None:
            return dated
    elif direction in ("after", "before") and not m["rest"]:
        return None  # "two days before …" with nothing to point to
    return t


def _dated_clause(t: Timex, clause: str, n: int | None, sign: int, unit: str) -> Timex | None:
    """"two days after the regent had fled on the 2nd": the clause dates its own event,
    so the count starts there, not at the date before."""
    if n is None or unit != "D":
        return None
    inner = next((x for x in scan(clause) if x.type == "date" and x.d is not None), None)
    if inner is None:
        return None
    if inner.y is not None and inner.m is not None and not inner.needs:
        return _shift_days(replace(t, y=inner.y, m=inner.m, d=inner.d, needs="", refers="", precision="day"), n * sign)
    if inner.needs == "month":
        return replace(t, d=inner.d, needs="month", refers="", offset=(n * sign, "day"), precision="day")
    return None


@rule("relative_to_date", rf"the\s+(?P<u>day|night|evening|morning|eve)\s+(?P<dir>before|after|of)\s+(?P<inner>(?:{ROMAN}|(?:the\s+)?{DAY}(?:\s+of)?\s+{MON}|{MON}\s+{DAY})(?:,?[^\S\n]+\d{{3,4}}(?!\d))?)", re.I)
def _relative_to_date(m):
    """"the night before the Ides": a day counted from the date that follows."""
    inner = next((t for t in scan(m["inner"]) if t.type == "date"), None)
    if inner is None:
        return None
    t = Timex(m.start(), m.end(), m.group(), "date", form="relative", precision="day", m=inner.m, d=inner.d,
              needs="month" if inner.m is None else "year")
    sign = {"before": -1, "after": 1}.get(m["dir"].lower(), 0)
    t.offset = (sign, inner.offset[1] if inner.m is None else "D")
    if inner.y is not None and inner.m is not None and inner.d is not None:   # "the night of 14 March 1799"
        t = _shift_days(replace(t, y=inner.y, needs="", era_given=inner.era_given), sign)
    return t


@rule("relative_named", r"(?:the\s+(?:next|following|previous|preceding)\s+(?P<u1>day|morning|afternoon|evening|night|week|month|year)"
                       r"|the\s+(?P<u2>day|night|evening|morning|week|month|year)\s+(?P<dir>after|before)(?!\s+(?:the|his|her|its|their|[A-Z]))"
                       r"|(?P<same>(?:that|the\s+same)\s+(?:day|night|evening|morning|afternoon))"
                       r"|(?P<later>(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|week|month|year))"
                       r"|(?P<that>(?:that|the\s+same)\s+(?:month|year)))", re.I)
def _relative_named(m):
    g = m.group().lower()
    t = Timex(m.start(), m.end(), m.group(), "date", form="relative", needs="anchor")
    if m["same"] or m["later"] or m["that"]:
        unit = "D" if re.search(r"day|night|evening|morning|afternoon", g) else "M" if "month" in g else "Y" if "year" in g else "W"
        t.offset = (0, unit)
        return t
    unit = (m["u1"] or m["u2"]).lower()
    sign = -1 if any(w in g for w in ("previous", "preceding", "before")) else 1
    t.offset = (sign, {"week": "W", "month": "M", "year": "Y"}.get(unit, "D"))
    return t


def _unit(raw: str) -> tuple[int, str]:
    """("fortnights") -> (2, "W"); ("hours") -> (1, "TH")."""
    raw = raw.lower()
    key = "century" if raw.startswith("centur") else raw.rstrip("s")
    code = UNITS[key]
    mult = re.match(r"\d+", code)
    return (int(mult.group()) if mult else 1), code.lstrip("0123456789")


def _iso(n: float, code: str) -> str:
    n = int(n) if float(n).is_integer() else n
    return f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"


@rule("duration", rf"(?<![\w-])(?P<few>(?:a\s+)?few\s+|several\s+)?(?P<half>half\s+)?{REL_UNIT}"
                  rf"(?P<more>(?:\s*,?\s*and\s+|\s*,\s*){NUM}\s+{UNIT})?"
                  rf"(?!\s*(?:later|earlier|afterwards?|previously|beforehand|ago|old|of\s+age)\b)(?![\w-])", re.I)
def _duration(m):
    if m["few"]:
        return None
    n = number_value(m["n"]) if not m["half"] else 1
    if n is None or n == 0 or n > 10000:
        return None
    mult, code = _unit(m["u"])
    value = _iso(n * mult * (0.5 if m["half"] else 1), code)
    if m["more"]:  # "three months and twenty days"
        tail = re.search(rf"(?P<n>{NUM})\s+(?P<u>{UNIT})", m["more"], re.I)
        n2, (mult2, code2) = number_value(tail["n"]), _unit(tail["u"])
        if n2 is None or code2.startswith("T") or code.startswith("T"):
            return Timex(m.start(), m.start("more"), m.string[m.start():m.start("more")], "duration",
                         form="duration", value=value)
        value += f"{n2 * mult2}{code2}"
    return Timex(m.start(), m.end(), m.group(), "duration", form="duration", value=value)


@rule("duration_adjective", rf"(?<![\w-])(?P<n>\d{{1,4}}|{NUM})-(?P<u>day|week|month|year|decade)(?:-long)?(?=\s+[a-z(])", re.I)
def _duration_adjective(m):
    """"a 40-day standoff", "a ten-year truce": a duration that describes its noun."""
    n = number_value(m["n"])
    if n is None or n == 0 or n > 10000:
        return None
    mult, code = _unit(m["u"])
    return Timex(m.start(), m.end(), m.group(), "duration", form="duration", value=_iso(n * mult, code))


FEASTS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25), "boxing day": (12, 26),
          "new year's day": (1, 1), "new year’s day": (1, 1), "new year's eve": (12, 31), "new year’s eve": (12, 31),
          "midsummer day": (6, 24), "midsummer's day": (6, 24), "all saints' day": (11, 1), "all saints’ day": (11, 1),
          "lady day": (3, 25), "michaelmas": (9, 29), "candlemas": (2, 2), "twelfth night": (1, 5)}


@rule("feast", r"(?i:" + "|".join(re.escape(k) for k in sorted(FEASTS, key=len, reverse=True)) + r")(?![\w])"
      rf"(?:,?\s+{_ye('')})?")
def _feast(m):
    """Fixed feasts of the calendar: "Christmas Day", "Lady Day 1649"."""
    name = re.match(r"[^\d,]+", m.group()).group().strip().lower()
    mo, d = FEASTS[name]
    if m["y"]:
        y, era, ok = _year_of(m, "", short_ok=bool(m["era"]))
        if ok:
            return _date(m, "full", y, mo, d, era)
    t = _date(m, "partial", None, mo, d, needs="year")
    t.end = m.start() + len(name)
    t.text = m.string[m.start():t.end]
    return t


@rule("day_only", r"(?i:(?:on|by|until|till|from|since|before|after|late on|early on|by the end of)\s+)(?P<q>the\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))(?!\s+(?:century|of|day|anniversary|time|floor|birthday|place|and|or)\b)(?![\w-])")
def _day_only(m):
    """"On the 14th": the day of the month the text is in."""
    t = Timex(m.start("q"), m.end("q"), m["q"], "date", form="partial", needs="month", precision="day", d=int(m["d"]))
    t.offset = (0, "day")
    return t


@rule("season_bare", r"(?i:(?:by|in|during|until|till|through|throughout|over|since)\s+)(?P<q>the\s+(?P<s>spring|summer|autumn|winter))(?!\s+of\b)(?![\w-])", re.I)
def _season_bare(m):
    t = Timex(m.start("q"), m.end("q"), m["q"], "date", form="partial", needs="year", precision="season")
    t.value = SEASONS[m["s"].lower()]
    return t


@rule("month_range", rf"(?P<kw>(?i:from|between)\s+)?(?P<m1>{MON})\s*(?:–|—|-|\s(?:to|until|till|and)\s)\s*(?P<m2>{MON}),?\s+{_ye('')}(?!\d|[,.]\d)")
def _month_range(m):
    y, era, ok = _year_of(m, "", short_ok=bool(m["era"] or m["pre"]))
    if not ok or (" and " in m.group() and not m["kw"]):
        return None
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    a = _date(m, "range", y if m1 <= m2 else y - 1, m1, None, era)
    a.end_point = Timex(m.start("m2"), m.end(), m.group(), "date", y=y, m=m2, precision="month")
    a.precision = "range"
    return a




@rule("weekday", rf"(?:(?P<rel>(?i:the\s+)?(?i:following|next|previous|preceding|last))\s+|(?P<on>(?i:on))\s+)(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!,?\s+(?:\d|the\s+\d|{MON}))")
def _weekday(m):
    """"The following Thursday" (from the date before), "on Tuesday" (news: from the document's date)."""
    start = m.start("rel") if m["rel"] else m.start("w")
    t = Timex(start, m.end(), m.string[start:m.end()], "date", form="relative", needs="anchor")
    rel = (m["rel"] or "").lower()
    t.offset = (-1 if ("previous" in rel or "preceding" in rel or "last" in rel) else 1 if rel else 0,
                "weekday:" + str(WEEKDAYS[m["w"].lower()]))
    return t


@rule("deictic", r"(?i:(?P<word>yesterday|tomorrow)|(?P<dir>last|next|this)\s+(?P<u>year|month|week)"
                 rf"|(?P<n>{NUM})\s+(?P<u2>{UNIT})\s+ago)(?![\w-])", re.I)
def _deictic(m):
    """Words that point from the moment of writing: resolved from the document's date or the letter's own."""
    t = Timex(m.start(), m.end(), m.group(), "date", form="relative", needs="anchor")
    if m["word"]:
        t.offset = (-1 if m["word"].lower() == "yesterday" else 1, "D")
    elif m["u"]:
        n = {"last": -1, "next": 1, "this": 0}[m["dir"].lower()]
        t.offset = (n, {"year": "Y", "month": "M", "week": "W"}[m["u"].lower()])
        t.refers = "deixis"
    else:
        n = number_value(m["n"])
        mult, code = _unit(m["u2"])
        if n is None or code.startswith("T"):
            return None
        t.offset = (-n * mult, code)
        t.refers = "deixis"
    return t


@rule("year_cell", r"(?m)^[ \t\u00a0]*(?P<a>\d{1,4})(?:[ \t\u00a0]*(?P<sep>&|and|–|—|-)[ \t\u00a0]*(?P<b>\d{1,4}))?[ \t\u00a0]*$")
def _year_cell(m):
    """A table cell that is only a year or two ("133 & 123", "111-107"): a date if the era is known."""
    a, b = int(m["a"]), int(m["b"]) if m["b"] else None
    if m["sep"] in ("&", "and"):
        one = Timex(m.start("a"), m.end("a"), m["a"], "date", form="cell", y=a, precision="year", needs="cell")
        two = Timex(m.start("b"), m.end("b"), m["b"], "date", form="cell", y=b, precision="year", needs="cell")
        return [one, two]
    t = Timex(m.start("a"), m.end("b") if b is not None else m.end("a"), "", "date", form="cell", y=a,
              precision="range" if b is not None else "year", needs="cell")
    t.text = m.string[t.start:t.end]
    if b is not None:
        t.end_point = Timex(m.start("b"), m.end("b"), m["b"], "date", y=b, precision="year")
    return [t]


@rule("day_count", r"(?<![\w-])(?:[Dd]ay|DAY)\s+(?P<n>[1-9]\d{0,2})(?![\d,.]\d|\s*(?:%|st\b|nd\b|rd\b|th\b))")
def _day_count(m):
    """"Day 7 of the crisis": the seventh day counted from a day the text calls Day 1 (or any Day k
    it dates), valued in resolve once such a day is found; otherwise left without a value."""
    return Timex(m.start(), m.end(), m.group(), "date", form="daycount", needs="daycount",
                 offset=(int(m["n"]), "daycount"), precision="day")

