"""The tagger's vocabulary (months, numbers, eras, units), its result type and calendar arithmetic."""
from __future__ import annotations

import re
from dataclasses import dataclass, field


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
       r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
       # a heading in capitals ("JANUARY 1803"): the full name only, as "MAY" and "MARCH" are shouted words too
       r"|JANUARY|FEBRUARY|APRIL|JUNE|JULY|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?![a-zA-Z])")
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

TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\s](?:one|two|three|four|five|six|seven|eight|nine)"
NUM = r"(?:\d{1,5}|" + TENS + "|" + "|".join(sorted((k for k in NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True)) + r"|an?)"
ORD = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
ERA_AFTER = r"(?:B\.\s?C\.\s?E\.?|BCE|B\.\s?C\.?|BC|C\.E\.|CE|A\.\s?D\.?|AD)(?![A-Za-z])"
ERA_BEFORE = r"(?:A\.\s?D\.?|AD)"
DAY_WORDS = {w: n for w, n in ORDINALS.items() if n <= 31}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
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


def number_value(raw: str) -> int | None:
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




def _range(m: re.Match, a: Timex | None, b: Timex | None) -> Timex | None:
    if a is None or b is None:
        return None
    a.form, a.precision, a.end_point = "range", "range", b
    return a
