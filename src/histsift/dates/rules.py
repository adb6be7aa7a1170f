"""The patterns of dates, years, ranges, decades and centuries, each with the function that values its match.

Registered in order (:data:`RULES`): where two patterns match the same characters the earlier wins.
"""
from __future__ import annotations

import re


from histsift.dates.calendar import DAY, ERA_AFTER, ERA_BEFORE, MON, ORD, SEASONS, Timex, _NOT_GLUED, _astro, _day, _era, _month, _ordinal, _range, _ye

# --------------------------------------------------------------------------- rules

RULES: list[tuple[str, re.Pattern, object]] = []

# Before a year: spaces, or a line break only before a year of three or four digits (or an era):
# in a column of dates ("31 July⏎1 August") the number on the next line is the next date's day.
SAME_LINE = r"[^\S\n]+"   # a day and its month stand on one line: in a column of dates they are neighbours
YEAR_GAP = rf"(?:[^\S\n]+|[^\S\n]*\n\s*(?=\d{{3}}|{ERA_BEFORE}|\d{{1,2}}\s*{ERA_AFTER}))"


def rule(name: str, pattern: str, flags: int = 0):
    """Register a pattern and the function that turns its match into a Timex (or None)."""
    def deco(fn):
        RULES.append((name, re.compile(pattern, flags), fn))
        return fn
    return deco


def _date(m: re.Match, form: str, y: int | None, mo: int | None = None, d: int | None = None,
          era_given: bool = False, needs: str = "", season: str | None = None) -> Timex | None:
    if mo is not None and not 1 <= mo <= 12:
        return None
    if d is not None and not 1 <= d <= 31:
        return None
    t = Timex(m.start(), m.end(), m.group(), "date", form=form, y=y, m=mo, d=d, era_given=era_given, needs=needs)
    t.precision = "season" if season else "day" if d else "month" if mo else "year"
    if season:
        t.value = season  # completed with the year in _finish
    return t


def _year_of(m: re.Match, p: str, short_ok: bool = False) -> tuple[int | None, bool, bool]:
    """(year as written, era given?, plausible?) for the YEAR_ERA group prefixed p."""
    raw = m.group(p + "y")
    era = _era(m.group(p + "era") or m.group(p + "pre"))
    year = int(raw)
    if era is None and len(raw) < 3 and not short_ok:
        return year, False, False
    if era is None and year > 2100:
        return year, False, False
    return (_astro(year, era) if era else year), era is not None, True


OLD_NEW = rf"(?P<d1>{DAY})\s+(?P<m1>{MON})\s*\(\s*(?P<d2>{DAY})\s+(?P<m2>{MON})\s*\)\s*,?\s*{_ye('')}"


@rule("oldstyle_days", rf"(?P<d1>{DAY})\s*\(\s*(?P<d2>{DAY})\s*\)\s+(?P<mon>{MON}),?\s+{_ye('')}")
def _oldstyle_days(m):
    """"2 (15) March 1917": Old Style day, New Style day in brackets."""
    y, era, ok = _year_of(m, "", short_ok=True)
    return _date(m, "oldstyle", y, _month(m["mon"]), _day(m["d2"]), era) if ok else None


@rule("oldstyle", OLD_NEW)
def _oldstyle(m):
    y, era, ok = _year_of(m, "", short_ok=True)
    # The bracketed New Style date is the one the calendar of today gives.
    y2 = y + (1 if _month(m["m2"]) < _month(m["m1"]) else 0)
    return _date(m, "oldstyle", y2, _month(m["m2"]), _day(m["d2"]), era) if ok else None


@rule("dayrange", rf"(?P<d1>{DAY})\s*(?:–|—|-|to)\s*(?P<d2>{DAY}){SAME_LINE}(?P<mon>{MON})\s*,?\s+{_ye('')}")
def _dayrange(m):
    y, era, ok = _year_of(m, "", short_ok=True)
    if not ok:
        return None
    a = _date(m, "range", y, _month(m["mon"]), _day(m["d1"]), era)
    b = _date(m, "range", y, _month(m["mon"]), _day(m["d2"]), era)
    return _range(m, a, b)


@rule("dayrange_mdy", rf"(?P<mon>{MON}){SAME_LINE}(?P<d1>{DAY})\s*(?:–|—|-|to)\s*(?P<d2>{DAY}),?\s+{_ye('')}(?!\d|[,.]\d)")
def _dayrange_mdy(m):
    """"March 3-19, 1704": the month first, as American prose writes a range of days."""
    return _dayrange(m)



@rule("full_dmy", rf"(?:the\s+)?(?P<d>{DAY})(?:\s+of)?{SAME_LINE}(?P<mon>{MON})[’'”\"]?,?{YEAR_GAP}{_ye('')}(?!\d|[,.]\d)")
def _full_dmy(m):
    y, era, ok = _year_of(m, "", short_ok=True)
    if not ok:
        return None
    return _date(m, "full", y, _month(m["mon"]), _day(m["d"]), era, needs="" if len(m["y"]) >= 3 or era else "era")


@rule("full_mdy", rf"(?P<mon>{MON}){SAME_LINE}(?P<d>{DAY}),?{YEAR_GAP}{_ye('')}(?!\d|[,.]\d)")
def _full_mdy(m):
    y, era, ok = _year_of(m, "", short_ok=True)
    if not ok:
        return None
    if not era and len(m["y"]) < 3 and "," not in m.group():
        return None  # "May 5 20 soldiers": a short number after a day needs a comma or an era
    return _date(m, "full", y, _month(m["mon"]), _day(m["d"]), era, needs="" if len(m["y"]) >= 3 or era else "era")


@rule("numeric", r"(?<![\d.\-/])(?P<a>\d{1,2})(?P<s>[./])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d\-/]|\.\d)")
def _numeric(m):
    a, b = int(m["a"]), int(m["b"])
    if a > 12 and b <= 12:
        d, mo = a, b
    elif b > 12 and a <= 12:
        d, mo = b, a
    elif a == b:
        d, mo = a, b
    else:
        return None  # 5.6.1939: day-first or month-first? Not guessed.
    return _date(m, "numeric", int(m["y"]), mo, d)


@rule("iso", r"(?<![\d-])(?P<y>1\d{3}|20\d{2})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])")
def _iso(m):
    return _date(m, "numeric", int(m["y"]), int(m["mo"]), int(m["d"]))


ROMAN_DAYS = {"kalends": lambda mo: 1, "calends": lambda mo: 1,
              "nones": lambda mo: 7 if mo in (3, 5, 7, 10) else 5,
              "ides": lambda mo: 15 if mo in (3, 5, 7, 10) else 13}


ROMAN = rf"(?:the\s+)?(?P<r>Ides|Nones|Kalends|Calends)(?:\s+of\s+(?P<mon>{MON}))?"


@rule("roman", ROMAN + rf"(?:[’'”\"]?\s*,?\s*{_ye('')})?")
def _roman(m):
    if not m["mon"]:
        t = Timex(m.start(), m.start("r") + len(m["r"]), "", "date", form="partial", needs="month", precision="day")
        t.text = m.string[t.start:t.end]
        t.offset = (0, m["r"].lower())
        return t
    mo = _month(m["mon"])
    d = ROMAN_DAYS[m["r"].lower()](mo)
    if m["y"]:
        y, era, ok = _year_of(m, "", short_ok=True)
        return _date(m, "full", y, mo, d, era, needs="" if len(m["y"]) >= 3 or era else "era")
    return _date(m, "partial", None, mo, d, needs="year")


@rule("month_year", rf"(?:(?:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?(?P<mon>{MON}),?\s+{_ye('')}(?!\d|[,.]\d)")
def _month_year(m):
    y, era, ok = _year_of(m, "", short_ok=bool(m["era"] or m["pre"]))
    if not ok:
        return None
    return _date(m, "full", y, _month(m["mon"]), None, era)


@rule("day_month", rf"(?:the\s+)?(?P<d>{DAY})(?:\s+of)?{SAME_LINE}(?P<mon>{MON})")
def _day_month(m):
    return _date(m, "partial", None, _month(m["mon"]), _day(m["d"]), needs="year")


@rule("month_day", rf"(?P<mon>{MON}){SAME_LINE}(?P<d>{DAY})(?![\d:]|[,.]\d)(?!\s*(?:%|per\b|people|men|soldiers|troops))")
def _month_day(m):
    return _date(m, "partial", None, _month(m["mon"]), _day(m["d"]), needs="year")


@rule("month_rel", rf"(?P<rel>(?i:the\s+(?:following|next|previous|preceding)))\s+(?P<mon>{MON})(?!\s*\d)")
def _month_rel(m):
    """"The following March": that month in the year after the date before."""
    t = _date(m, "partial", None, _month(m["mon"]), None, needs="year")
    t.offset = (-1 if re.search("previous|preceding", m["rel"], re.I) else 1, "Y")
    return t


MONTH_PREP = r"(?i:in|by|during|until|till|since|from|of|before|after|throughout|through|that|last|next|each|every|mid|early|late|the\s+(?:end|beginning|start|middle)\s+of)"


@rule("month", rf"(?<![A-Za-z])(?:(?P<prep>{MONTH_PREP})[\s-]+)(?P<mon>{MON})(?!\s*\d)")
def _month_only(m):
    t = _date(m, "partial", None, _month(m["mon"]), None, needs="year")
    # The preposition is not part of the expression, except "early/mid/late".
    if t and m["prep"].lower() not in ("early", "mid", "late"):
        t.start = m.start("mon")
        t.text = m.group("mon")
    return t


@rule("season_year", rf"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?:\s+of)?,?\s+{_ye('')}(?!\d|[,.]\d)")
def _season_year(m):
    y, era, ok = _year_of(m, "", short_ok=bool(m["era"] or m["pre"]))
    if not ok:
        return None
    return _date(m, "season", y, None, None, era, season=SEASONS[m["s"].lower()])


@rule("season_that", r"(?:(?:that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+(?P<s1>spring|summer|autumn|fall|winter)"
                     r"|(?:the\s+)?(?P<s2>spring|summer|autumn|fall|winter)\s+of\s+(?:that|the\s+same|the\s+following|the\s+previous)\s+year)", re.I)
def _season_that(m):
    s = (m["s1"] or m["s2"]).lower()
    g = m.group().lower()
    off = 1 if ("following" in g or "next" in g) else -1 if ("previous" in g or "preceding" in g) else 0
    t = _date(m, "partial", None, None, None, needs="year", season=SEASONS[s])
    t.offset = (off, "Y")
    return t


@rule("decade", r"(?:[Tt]he\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<c>1\d|20)(?P<d>\d)0['’]?s(?![A-Za-z])")
def _decade(m):
    t = _date(m, "decade", int(m["c"] + m["d"] + "0"))
    t.precision, t.value = "decade", m["c"] + m["d"]
    return t


@rule("century", rf"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<n>{ORD})[\s-]+[Cc]entury(?:\s*(?P<era>{ERA_AFTER}))?", re.I)
def _century(m):
    n = _ordinal(m["n"])
    if not 1 <= n <= 21:
        return None
    era = _era(m["era"])
    t = _date(m, "century", None, era_given=era is not None)
    t.precision = "century"
    t.value = f"BC{n - 1:02d}" if era == "BC" else f"{n - 1:02d}"
    t.needs = "" if era else "century_era"
    t.y = _astro((n - 1) * 100 + (100 if era == "BC" else 0), era)
    return t


RANGE = (rf"(?:(?P<kw>[Bb]etween|[Ff]rom)\s+)?(?P<a>{_ye('a')})"
         rf"(?P<sep>\s*(?:–|—|-|‒)\s*|\s+(?:to|until|till|and)\s+)(?P<b>{_ye('b')})(?!\d|[,.]\d)")


@rule("year_range", RANGE)
def _year_range(m):
    if YEAR_GUARD_BEFORE.search(m.string[max(0, m.start() - 12):m.start()]):
        return None
    ay, by = m["ay"], m["by"]
    sep = m["sep"].strip()
    kw = (m["kw"] or "").lower()
    if sep == "and" and kw != "between":
        return None
    if sep in ("to", "until", "till") and kw not in ("", "from"):
        return None
    a_era, b_era = _era(m["aera"] or m["apre"]), _era(m["bera"] or m["bpre"])
    in_parens = m.string[max(0, m.start() - 1):m.start()] == "(" and m.string[m.end():m.end() + 1] == ")"
    if not (a_era or b_era):
        if len(ay) != 4 and not (in_parens and len(ay) >= 3 and len(by) >= 2):
            return None
        if len(by) == 2:  # "1934–38"
            by = ay[:2] + by
        elif len(by) != 4:
            return None
    a_era = a_era or b_era  # "133-121 BCE": the era is written once, for both
    b_era = b_era or a_era
    a_year, b_year = int(ay), int(by)
    if a_era == "BC" and b_era == "BC" and len(by) < len(ay) and b_year < 100 and a_year >= 100 and b_year > a_year % 100:
        pass  # "133-21 BC" is rare; keep as written
    a = _astro(a_year, a_era) if a_era else a_year
    b = _astro(b_year, b_era) if b_era else b_year
    if b < a or b - a > 1000 or (not a_era and not in_parens and not 1000 <= a <= 2100):
        return None
    start = m.start("a") if not m["kw"] else m.start()
    t = Timex(start, m.end(), m.string[start:m.end()], "date", form="range", era_given=bool(a_era))
    if m.string[start:m.end()].endswith(" "):
        return None
    t.y, t.precision = a, "range"
    t.end_point = Timex(m.start("b"), m.end(), m["b"], "date", y=b, precision="year")
    return t


@rule("year_pair", rf"(?<![\d,.])(?P<a>\d{{1,4}})(?P<sep>\s*(?:,|&|and|or)\s*)(?P<b>\d{{1,4}})\s*(?P<era>{ERA_AFTER})")
def _year_pair(m):
    """"in 88 and 82 BCE": the era, written once, belongs to both years."""
    era = _era(m["era"])
    one = Timex(m.start("a"), m.end("a"), m["a"], "date", form="year", y=_astro(int(m["a"]), era),
                precision="year", era_given=True)
    two = Timex(m.start("b"), m.end(), m.group()[m.start("b") - m.start():], "date", form="year",
                y=_astro(int(m["b"]), era), precision="year", era_given=True)
    return [one, two]


@rule("year_era", rf"(?<![\d,.])(?:(?P<pre>{ERA_BEFORE})\s*(?P<y1>\d{{1,4}})|(?P<y2>\d{{1,4}})\s*(?P<era>{ERA_AFTER}))")
def _year_era(m):
    raw = m["y1"] or m["y2"]
    era = _era(m["pre"] or m["era"])
    return _date(m, "year", _astro(int(raw), era), era_given=True)


YEAR_GUARD_BEFORE = re.compile(r"(?:[$£€#]|\b(?:page|pages|p\.|pp\.|no\.|nr\.?|number|chapter|ch\.|vol\.|volume|ISBN|tel\.?|phone|verse|line|item|room|route|flight|ms\.?|mss\.?|fol\.|folio|inv\.|cat\.|codex|opus|op\.|model|catalogue|plate|fig\.|figure)\s*)$", re.I)
FUNCTION_NEXT = set("""and or but the a an to of in on at by for with from as was were is are had has have be been being when
while after before until that which who he she it they we his her its their this these those there then so if
saw see brought marked began ended came became proved""".split())


@rule("year", r"(?:(?P<circa>\b(?:c\.|ca\.|circa)\s*)|(?<![\d,.\-–—/£$€#]))(?P<y>1\d{3}|20\d{2})(?!\d|,\d|%|\.\d|\s*(?:–|—|-)\s*\d)" + _NOT_GLUED)
def _year(m):
    before = m.string[max(0, m.start() - 12):m.start()]
    if YEAR_GUARD_BEFORE.search(before):
        return None
    after = re.match(r"\s*([A-Za-z]+)", m.string[m.end():m.end() + 30])
    if (not m["circa"] and after and after.group(1)[0].islower() and after.group(1) not in FUNCTION_NEXT
            and after.group(1).endswith("s") and (int(m["y"]) % 100 == 0
                                                  or not re.search(r"(?:\bthe|\bof|\bin)\s*$", before, re.I))):
        return None  # "2000 troops", "a range of 1000 miles": a quantity; but "53% of 1913 levels"
    named = re.match(r"\s+[A-Z][a-z]+\s+([a-z]+s)\b", m.string[m.end():m.end() + 40])
    if not m["circa"] and named and int(m["y"]) % 100 == 0 and named.group(1) not in FUNCTION_NEXT \
            and not re.search(r"\b(?:in|by|from|since|until|till|after|before|during|of|the|around|about)\s*$", before, re.I):
        return None  # "1200 Breton archers", "2000 Flemish weavers": a round number of people
    return _date(m, "year", int(m["y"]))


@rule("year_prep", r"(?<![A-Za-z])(?P<prep>in|by|until|till|since|from|after|before|around|c\.|circa)\s+(?P<y>\d{3})(?![\d,%]|\.\d|\s+[a-z]+s\b)" + _NOT_GLUED)
def _year_prep(m):
    t = _date(m, "year", int(m["y"]), needs="era")
    t.start, t.text = m.start("y"), m["y"]
    if m["prep"].lower() in ("c.", "circa"):
        t.start, t.text = m.start(), m.group()
    return t
