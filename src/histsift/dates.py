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
from dataclasses import dataclass, field

from . import work

# --------------------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Month names are proper nouns: a capital is required, which keeps "may" and
# "march" the verbs out. Words that are also ordinary words (May, March,
# August) need a day, a year or a date preposition beside them (see _month_ok).
MON = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
       r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![a-z])")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "several": None,
    "few": None, "some": None, "many": None,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
UNITS = {"day": "D", "week": "W", "fortnight": "2W", "month": "M", "year": "Y", "decade": "10Y", "century": "100Y",
         "hour": "TH", "minute": "TM"}

_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\s](?:one|two|three|four|five|six|seven|eight|nine)"
NUM = r"(?:\d{1,5}|" + _TENS + "|" + "|".join(sorted((k for k in NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True)) + r"|an?)"
ORD = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
ERA_AFTER = r"(?:B\.\s?C\.\s?E\.?|BCE|B\.\s?C\.?|BC|C\.E\.|CE|A\.\s?D\.?|AD)(?![A-Za-z])"
ERA_BEFORE = r"(?:A\.\s?D\.?|AD)"
DAY_WORDS = {w: n for w, n in ORDINALS.items() if n <= 31}
DAY_WORDS.update({"twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25,
                  "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29,
                  "thirtieth": 30, "thirty-first": 31})
DAY = (r"(?<![\d.,/])(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d,.]\d)|(?i:"
       + "|".join(sorted(DAY_WORDS, key=len, reverse=True)) + r"))")
# A year is not glued to a letter ("193E" is an OCR slip, not the year 193), save an era ("44BC").
_NOT_GLUED = r"(?!(?!B\.?C|A\.?D|C\.?E)[^\W\d_])"
YEAR = r"\d{1,4}" + _NOT_GLUED
DASH = r"\s*(?:–|—|-|‒|to|until|till)\s*"
UNIT = r"(?:days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies)|hours?|minutes?)(?![’'])"

def _ye(p: str) -> str:
    """A year with an optional era, which may also stand before it ("AD 14"); groups prefixed p."""
    return rf"(?:(?P<{p}pre>{ERA_BEFORE})\s*)?(?P<{p}y>{YEAR})(?:\s*(?P<{p}era>{ERA_AFTER}))?"


# --------------------------------------------------------------------------- result

@dataclass
class Timex:
    """One temporal expression: ``text[start:end]`` with its TimeML value."""

    start: int
    end: int
    text: str
    type: str                      # "date" or "duration"
    value: str | None = None       # None: found but not resolvable from the text
    precision: str | None = None   # day, month, season, year, decade, century, range
    form: str = ""                 # which rule found it (full, partial, relative, …)
    # internal resolution state (astronomical year, month, day, season)
    y: int | None = None
    m: int | None = None
    d: int | None = None
    era_given: bool = False
    needs: str = ""                # "year" (partial), "anchor" (relative), "event" (after X)
    offset: tuple[int, str] = (0, "")
    end_point: "Timex | None" = None
    refers: str = ""               # for "two days after <clause>": the clause

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value, "precision": self.precision}


@dataclass
class Context:
    """What the text around a date supplies: defaults learned from the document or pile."""

    era: str | None = None          # "BC" when the pile writes most years BC
    year: int | None = None         # the pile's dominant year (astronomical)
    dct: tuple[int, int, int] | None = None  # document creation date, for news
    skip: list[tuple[int, int]] = field(default_factory=list)  # boilerplate spans


# --------------------------------------------------------------------------- calendar

def _days_from_civil(y: int, m: int, d: int) -> int:
    """Proleptic Gregorian day number; works for astronomical years <= 0."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def _days_in_month(y: int, m: int) -> int:
    nxt = (y + 1, 1) if m == 12 else (y, m + 1)
    return _days_from_civil(*nxt, 1) - _days_from_civil(y, m, 1)


def fmt_year(y: int) -> str:
    return f"BC{1 - y:04d}" if y <= 0 else f"{y:04d}"


def fmt(y: int, m: int | None = None, d: int | None = None, season: str | None = None) -> str:
    s = fmt_year(y)
    if season:
        return f"{s}-{season}"
    if m:
        s += f"-{m:02d}"
        if d:
            s += f"-{d:02d}"
    return s


def _astro(year: int, era: str | None) -> int:
    return 1 - year if era == "BC" else year


def _era(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.replace(".", "").replace(" ", "").upper()
    return "BC" if raw.startswith("B") else "AD"


def _month(raw: str) -> int:
    return MONTHS[raw.rstrip(".").lower()]


def _int(raw: str) -> int | None:
    raw = raw.lower().replace("‑", "-")
    if raw.isdigit():
        return int(raw)
    if "-" in raw or " " in raw:  # "twenty-one", "sixty six"
        parts = [NUMBER_WORDS.get(p) for p in re.split(r"[-\s]+", raw)]
        if all(isinstance(p, int) for p in parts):
            return sum(parts) if parts[0] >= 20 else None
        return None
    return NUMBER_WORDS.get(raw)


def _ordinal(raw: str) -> int:
    raw = raw.lower().replace("-", " ")
    m = re.match(r"\d+", raw)
    return int(m.group()) if m else ORDINALS[raw]


def _day(raw: str) -> int:
    m = re.match(r"\d+", raw)
    return int(m.group()) if m else DAY_WORDS[raw.lower().replace(" ", "-")]


# --------------------------------------------------------------------------- rules

RULES: list[tuple[str, re.Pattern, object]] = []


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


@rule("dayrange", rf"(?P<d1>{DAY})\s*(?:–|—|-|to)\s*(?P<d2>{DAY})\s+(?P<mon>{MON})\s*,?\s+{_ye('')}")
def _dayrange(m):
    y, era, ok = _year_of(m, "", short_ok=True)
    if not ok:
        return None
    a = _date(m, "range", y, _month(m["mon"]), _day(m["d1"]), era)
    b = _date(m, "range", y, _month(m["mon"]), _day(m["d2"]), era)
    return _range(m, a, b)


@rule("full_dmy", rf"(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MON})[’'”\"]?,?\s+{_ye('')}(?![\d,.]\d)")
def _full_dmy(m):
    y, era, ok = _year_of(m, "", short_ok=True)
    if not ok:
        return None
    return _date(m, "full", y, _month(m["mon"]), _day(m["d"]), era, needs="" if len(m["y"]) >= 3 or era else "era")


@rule("full_mdy", rf"(?P<mon>{MON})\s+(?P<d>{DAY}),?\s+{_ye('')}(?![\d,.]\d)")
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


@rule("month_year", rf"(?:(?:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?(?P<mon>{MON}),?\s+{_ye('')}(?![\d,.]\d)")
def _month_year(m):
    y, era, ok = _year_of(m, "", short_ok=bool(m["era"] or m["pre"]))
    if not ok:
        return None
    return _date(m, "full", y, _month(m["mon"]), None, era)


@rule("day_month", rf"(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MON})")
def _day_month(m):
    return _date(m, "partial", None, _month(m["mon"]), _day(m["d"]), needs="year")


@rule("month_day", rf"(?P<mon>{MON})\s+(?P<d>{DAY})(?![\d:]|[,.]\d)(?!\s*(?:%|per\b|people|men|soldiers|troops))")
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


@rule("season_year", rf"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?:\s+of)?,?\s+{_ye('')}(?![\d,.]\d)")
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
         rf"(?P<sep>\s*(?:–|—|-|‒)\s*|\s+(?:to|until|till|and)\s+)(?P<b>{_ye('b')})(?![\d,.]\d)")


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
            and after.group(1).endswith("s") and not re.search(r"(?:\bthe|\bof|\bin)\s*$", before, re.I)):
        return None  # "2000 troops": a quantity, not a year
    return _date(m, "year", int(m["y"]))


@rule("year_prep", r"(?<![A-Za-z])(?P<prep>in|by|until|till|since|from|after|before|around|c\.|circa)\s+(?P<y>\d{3})(?![\d,%]|\.\d|\s+[a-z]+s\b)" + _NOT_GLUED)
def _year_prep(m):
    t = _date(m, "year", int(m["y"]), needs="era")
    t.start, t.text = m.start("y"), m["y"]
    if m["prep"].lower() in ("c.", "circa"):
        t.start, t.text = m.start(), m.group()
    return t


REL_UNIT = rf"(?P<n>{NUM})\s+(?P<u>{UNIT})"


@rule("relative_offset", rf"(?P<few>(?:a\s+)?few\s+|several\s+|some\s+)?{REL_UNIT}\s+(?P<dir>later|earlier|afterwards|afterward|before|after|previously|beforehand|on)(?P<rest>\s+(?:the|his|her|its|their|this|that|(?-i:[A-Z]))[^.;:!?,()]*)?", re.I)
def _relative_offset(m):
    n = _int(m["n"]) if not m["few"] else None
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
    elif direction in ("after", "before") and not m["rest"]:
        return None  # "two days before …" with nothing to point to
    return t


@rule("relative_to_date", rf"the\s+(?P<u>day|night|evening|morning|eve)\s+(?P<dir>before|after|of)\s+(?P<inner>{ROMAN}|(?:the\s+)?{DAY}(?:\s+of)?\s+{MON}|{MON}\s+{DAY})", re.I)
def _relative_to_date(m):
    """"the night before the Ides": a day counted from the date that follows."""
    inner = next((t for t in scan(m["inner"]) if t.type == "date"), None)
    if inner is None:
        return None
    t = Timex(m.start(), m.end(), m.group(), "date", form="relative", precision="day", m=inner.m, d=inner.d,
              needs="month" if inner.m is None else "year")
    sign = {"before": -1, "after": 1}.get(m["dir"].lower(), 0)
    t.offset = (sign, inner.offset[1] if inner.m is None else "D")
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
    n = _int(m["n"]) if not m["half"] else 1
    if n is None or n == 0 or n > 10000:
        return None
    mult, code = _unit(m["u"])
    value = _iso(n * mult * (0.5 if m["half"] else 1), code)
    if m["more"]:  # "three months and twenty days"
        tail = re.search(rf"(?P<n>{NUM})\s+(?P<u>{UNIT})", m["more"], re.I)
        n2, (mult2, code2) = _int(tail["n"]), _unit(tail["u"])
        if n2 is None or code2.startswith("T") or code.startswith("T"):
            return Timex(m.start(), m.start("more"), m.string[m.start():m.start("more")], "duration",
                         form="duration", value=value)
        value += f"{n2 * mult2}{code2}"
    return Timex(m.start(), m.end(), m.group(), "duration", form="duration", value=value)


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


@rule("month_range", rf"(?P<kw>(?i:from|between)\s+)?(?P<m1>{MON})\s*(?:–|—|-|\s(?:to|until|till|and)\s)\s*(?P<m2>{MON}),?\s+{_ye('')}(?![\d,.]\d)")
def _month_range(m):
    y, era, ok = _year_of(m, "", short_ok=bool(m["era"] or m["pre"]))
    if not ok or (" and " in m.group() and not m["kw"]):
        return None
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    a = _date(m, "range", y if m1 <= m2 else y - 1, m1, None, era)
    a.end_point = Timex(m.start("m2"), m.end(), m.group(), "date", y=y, m=m2, precision="month")
    a.precision = "range"
    return a


WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}


@rule("weekday", r"(?:(?P<rel>(?i:the\s+)?(?i:following|next|previous|preceding|last))\s+|(?P<on>(?i:on))\s+)(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!,?\s+(?:\d|the\s+\d))")
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
        n = _int(m["n"])
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
            r = Timex(kw.start(), b.end, text[kw.start():b.end], "date", form="range", y=a.y, m=a.m, d=a.d,
                      era_given=a.era_given or b.era_given, precision="range", end_point=b,
                      needs="year" if a.needs == "year" and b.needs != "year" else "")
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
    """
    ctx = ctx or Context()
    era = doc_era(timexes) or ctx.era
    resolved: list[Timex] = []
    for t in timexes:
        work.at("dating", t.start, len(text))
        if t.type == "duration":
            continue
        if t.needs in ("era", "cell"):
            _apply_era(t, era)
        if t.needs == "month":
            _complete_month(t, resolved)
        elif t.needs == "year":
            _complete_year(t, resolved, ctx)
            if t.form == "relative" and not t.needs and t.d:
                _shift_days(t, t.offset[0])
        elif t.needs in ("anchor", "event"):
            _resolve_relative(t, resolved, text, ctx)
        _finish(t)
        if t.value:
            resolved.append(t)
    return timexes


def _apply_era(t: Timex, era: str | None) -> None:
    """Years written without an era take the text's (or pile's) era."""
    if t.needs == "cell" and era != "BC" and (t.y or 0) < 1000:
        t.value = None
        t.needs = "drop"  # a bare small number in a table is a count, unless the pile is BC
        return
    if era == "BC" and t.y is not None and t.y > 0:
        t.y = 1 - t.y
        if t.end_point is not None and t.end_point.y and t.end_point.y > 0:
            t.end_point.y = 1 - t.end_point.y
    if t.end_point is not None and t.end_point.y is not None and t.end_point.y < t.y:
        t.needs = "drop"  # "5-3": not a range of years
    else:
        t.needs = ""


def _complete_month(t: Timex, resolved: list[Timex]) -> None:
    """"the Ides" with no month: the month (and year) of the nearest dated mention."""
    src = next((r for r in reversed(resolved) if r.m and r.y is not None), None)
    if src is None:
        return
    sign, name = t.offset
    t.y, t.m = src.y, src.m
    t.d = ROMAN_DAYS[name](src.m) if name in ROMAN_DAYS else t.d if name == "day" else src.d
    t.needs = ""
    if sign:
        _shift_days(t, sign)


def _shift_days(t: Timex, days: int) -> None:
    t.y, t.m, t.d = _civil_from_days(_days_from_civil(t.y, t.m, t.d) + days)


def _year_source(resolved: list[Timex]) -> Timex | None:
    for r in reversed(resolved):
        if r.y is not None and r.precision in ("day", "month", "year", "season", "range"):
            return r
    return None


def _complete_year(t: Timex, resolved: list[Timex], ctx: Context) -> None:
    e = t.end_point
    if t.precision == "range" and e is not None and e.y is not None:
        t.y = e.y - (1 if (t.m or 0) > (e.m or 12) else 0)  # "8 September to 27 January 1944"
        t.needs = ""
        return
    src = _year_source(resolved)
    if src is not None:
        y = src.y
    elif ctx.year is not None:
        y = ctx.year
    elif ctx.dct is not None:
        y = ctx.dct[0]
    else:
        return  # no year anywhere: left unresolved, never guessed from today
    t.y = y + (t.offset[0] if t.offset[1] == "Y" else 0)
    t.needs = ""


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
            sent = text[text.rfind(".", max(0, r.start - SENTENCE_REACH), r.start) + 1:
                        _sentence_end(text, r.end, SENTENCE_REACH)]
            if rank.get(r.precision or "", 0) >= rank[need] and len(words & _content_words(sent)) >= min(2, len(words)):
                return r.y, r.m, r.d
        # nothing names that event: count from the date just before, if it is near and precise enough
        for r in reversed(resolved):
            if t.start - r.end > 300:
                break
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
        if r.precision in ("day", "month", "year"):
            break  # the nearest date is too coarse to count days from: do not skip past it
    if ctx.dct is not None:
        return ctx.dct
    return None


_SENTENCE_END = re.compile(r"[.!?\n]")
EVENT_LOOKBACK = 200      # dates back that "after the battle" may look for the battle
SENTENCE_REACH = 2000     # characters a sentence may run either side of a date


def _sentence_end(text: str, pos: int, reach: int | None = None) -> int:
    end = len(text) if reach is None else min(len(text), pos + reach)
    m = _SENTENCE_END.search(text, pos, end)
    return m.end() if m else end


def _resolve_relative(t: Timex, resolved: list[Timex], text: str, ctx: Context) -> None:
    n, unit = t.offset
    if unit.startswith("weekday:") and n == 0:
        anchor = ctx.dct  # "on Tuesday" means a day near the moment of writing, which only news gives
    else:
        anchor = _anchor_for(t, resolved, text, ctx)
    if anchor is None or n is None:
        return
    y, mo, d = anchor
    if unit.startswith("weekday:"):
        day = _days_from_civil(y, mo, d)
        want = int(unit.split(":")[1])
        step = 1 if n > 0 else -1
        day += step if n != 0 else 0
        while (day + 3) % 7 != want:  # day 0 (1970-01-01) was a Thursday
            day += step
        t.y, t.m, t.d = _civil_from_days(day)
        t.precision, t.needs = "day", ""
        return
    if unit in ("D", "W"):
        days = n * (7 if unit == "W" else 1)
        t.y, t.m, t.d = _civil_from_days(_days_from_civil(y, mo, d) + days)
        t.precision = "day"
    elif unit == "M":
        # "A month later" than a day is that day a month on (at the anchor's precision)
        total = y * 12 + (mo - 1) + n
        t.y, t.m = total // 12, total % 12 + 1
        t.d = min(d, _days_in_month(t.y, t.m)) if d else None
        t.precision = "day" if t.d else "month"
    else:
        t.y, t.precision = y + n, "year"
    t.needs = ""


def _finish(t: Timex) -> None:
    if t.precision in ("decade", "century") and t.needs != "drop":
        return  # valued when found: "the 1930s" needs nothing from the text around it
    if t.needs or t.y is None:
        t.value = None  # not resolvable from the text: kept, never guessed
        if t.form in ("relative", "partial"):
            t.precision = None
        return
    if t.precision == "season":
        t.value = fmt(t.y, season=t.value if t.value in SEASONS.values() else None)
    elif t.precision == "range" and t.end_point is not None:
        e = t.end_point
        if t.d and e.d:
            t.value = f"{fmt(t.y, t.m, t.d)}/{fmt(e.y, e.m, e.d)}"
        elif t.m and e.m:
            t.value = f"{fmt(t.y, t.m)}/{fmt(e.y, e.m)}"
        else:
            t.value = f"{fmt_year(t.y)}/{fmt_year(e.y)}"
    elif t.precision in ("decade", "century"):
        pass
    else:
        t.value = fmt(t.y, t.m if t.precision in ("month", "day") else None, t.d if t.precision == "day" else None)


def _range(m: re.Match, a: Timex | None, b: Timex | None) -> Timex | None:
    if a is None or b is None:
        return None
    a.form, a.precision, a.end_point = "range", "range", b
    return a


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
