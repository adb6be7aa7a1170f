"""What TimeML annotators tag besides the dates a timeline needs: references to the present, past
and future ("now", "former"), sets ("daily", "each year"), vague and adjectival durations ("a few
days", "weeks", "a ten-day visit"), times of day ("that night", "19:15", "the morning of 3 May"),
and bare seasons and months read in the year the narrative is in.

The timeline never shows these (a "now" or a "weekly" is no event's date), so they are found
here, for ``dates.timex_tags`` only, and the pipeline's dates are unchanged by them. The words
are data: the tables below.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from histsift.dates.calendar import MON, NUM, WEEKDAYS, Timex, _month, number_value

REFS = {  # word → TimeML value
    "now": "PRESENT_REF", "today": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "present": "PRESENT_REF", "present-day": "PRESENT_REF", "present day": "PRESENT_REF",
    "modern day": "PRESENT_REF", "modern-day": "PRESENT_REF", "these days": "PRESENT_REF", "right now": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "at present": "PRESENT_REF", "at this time": "PRESENT_REF",
    "to date": "PRESENT_REF", "by this time": "PRESENT_REF", "around this time": "PRESENT_REF",
    "during this time": "PRESENT_REF", "about this time": "PRESENT_REF", "until this time": "PRESENT_REF",
    "former": "PAST_REF", "formerly": "PAST_REF", "recently": "PAST_REF", "recent": "PAST_REF",
    "the past": "PAST_REF", "previously": "PAST_REF",
    "future": "FUTURE_REF", "the future": "FUTURE_REF",
}
UNIT_CODE = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE", "hour": "H",
             "minute": "M", "night": "D"}
SETS = {"daily": "XXXX-XX-XX", "everyday": "XXXX-XX-XX", "nightly": "XXXX-XX-XXTNI", "weekly": "XXXX-WXX",
        "monthly": "XXXX-XX", "annually": "XXXX", "yearly": "XXXX", "annual": "XXXX"}
SET_UNIT = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "night": "XXXX-XX-XXTNI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "nights": "NI", "tonight": "NI",
                "midday": "MI", "noon": "MI", "daytime": "DT", "dawn": "MO", "dusk": "EV"}
SEASON_CODE = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
VAGUE = r"(?:a\s+few|few|several|many|some|many\s+more|the\s+next\s+few|the\s+last\s+few|the\s+coming|the\s+following)"
_UNIT = r"(?P<u>day|week|month|year|decade|centur(?:y|ie)|hour|minute|night)s?"
# words that may stand between a number and its unit in a duration ("two hard weeks", "five more days")
DURATION_MODIFIERS = ("more", "long", "full", "short", "whole", "further", "additional", "consecutive", "straight",
                      "successive", "entire", "bloody", "brutal", "hard", "bitter", "difficult")
# a part of "the year" that the narrative's year dates ("the end of the year", "later in the year")
_YEAR_PART = (r"(?:(?:most\s+of\s+)?the\s+(?:end|start|beginning|middle|rest|remainder|close|latter\s+part|early\s+part|"
              r"first\s+half|second\s+half|course)\s+of|(?:later|late|early|earlier)\s+in)\s+the\s+year")

_REF = re.compile(r"(?<![\w-])(?P<w>" + "|".join(sorted((re.escape(k) for k in REFS), key=len, reverse=True))
                  + r")(?![\w-])", re.I)
_SET = re.compile(r"(?<![\w-])(?:(?P<w>" + "|".join(SETS) + r")|(?:every|each|per|a)\s+" + _UNIT.replace("s?", "")
                  + r")(?![\w-])", re.I)
_VAGUE = re.compile(rf"(?<![\w-])(?:{VAGUE}\s+(?:\w+\s+)?{_UNIT}|(?P<bare>(?<=for\s)|(?<=within\s)|(?<=over\s))?"
                    r"(?P<pl>days|weeks|months|years|decades|centuries))(?![\w-])", re.I)
_SPAN = re.compile(rf"(?<![\w-])the\s+(?:(?P<n1>{NUM})\s+)?(?:past|last|previous|next|coming)\s+(?:(?P<n2>{NUM})\s+)?"
                   r"(?P<u>day|week|month|year|decade|centur(?:y|ie)|hour)s?(?![\w-])", re.I)
_VAGUE_TIME = re.compile(r"(?<![\w-])(?:this|that|the\s+same|a\s+short|a\s+long|previous|the\s+previous)\s+"
                         r"(?:period|time|era)s?(?![\w-])", re.I)
_ADJ = re.compile(rf"(?<![\w-])(?P<n>{NUM}|\d+)-(?P<u>day|week|month|year|hour|decade)(?:-long)?(?![\w])"
                  r"|(?<![\w-])(?P<m>days?|weeks?|months?|years?)-long(?![\w])", re.I)
_CLOCK = re.compile(r"(?<![\w:.])(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\.?|hrs|h\b)?"
                    r"(?![\w:])", re.I)
_PART = re.compile(r"(?<![\w-])(?:(?:early\s+|late\s+)?(?:that|this|the|one|each|every|in\s+the|at)\s+)?"
                   r"(?P<p>" + "|".join(PARTS_OF_DAY) + r")(?![\w-])", re.I)
_AGE = re.compile(rf"(?<![\w-])(?P<n>{NUM}(?:-\w+)?|\d+(?:\.\d+)?)[\s-]+years?[\s-]+(?:old|of\s+age)(?![\w-])"
                  rf"|(?<=\bage\s)(?:of\s+)?(?P<a>{NUM}(?:-\w+)?)(?![\w-]|\s+[a-z]+s\b)|(?<=\baged\s)(?P<b>{NUM}(?:-\w+)?)(?![\w-])", re.I)
_HALF = re.compile(rf"(?<![\w-])(?:(?P<n>{NUM})\s+and\s+(?:a\s+)?half\s+{_UNIT}"
                   r"|(?:an?|one)[\s-]+(?P<u1>day|week|month|year|hour)[\s-]+and[\s-]+a[\s-]+half)(?![\w-])", re.I)
_POSSESSIVE = re.compile(rf"(?<![\w-])(?P<n>{NUM})\s+(?P<u>day|week|month|year|hour)(?:s['’]|['’]s)(?=\s+[a-z])", re.I)
_MODIFIED = re.compile(rf"(?<![\w-])(?P<n>{NUM})\s+(?:{'|'.join(DURATION_MODIFIERS)})\s+{_UNIT}(?![\w-])", re.I)
_IN_YEAR = re.compile(rf"(?<![\w-]){_YEAR_PART}(?![\w-])", re.I)
_PART_YEAR = re.compile(r"(?<![\w-])(?:[Mm]id|[Ee]arly|[Ll]ate)-(?P<y>1\d{3}|20\d{2})(?![\w-])")
_PART_OF = re.compile(r"(?<![\w-])the\s+(?:first|last|final)\s+(?P<u>week|month|year|hour)(?=\s+of\s)", re.I)
_VAGUE_SHIFT = re.compile(r"(?:an?\s+)?(?:few|several|some)\s+\w+\s+(?P<dir>later|afterwards?|earlier|before|previously)$", re.I)
_BY_THE_TIME = re.compile(r"\b(?:by|until|till|since)\s+(?P<t>the\s+time)(?=\s+(?!of\b)[A-Za-z])", re.I)
_SEASON_OF = re.compile(r"(?<![\w-])(?:dry|rainy|wet|monsoon|campaigning|fighting|harvest|growing|sowing|hunting|holiday)"
                        r"\s+seasons?(?![\w-])", re.I)
_DAY_PART_OF = re.compile(r"^(?:early\s+|late\s+)?(?:that|this|the\s+same|the\s+next|the\s+following|the\s+previous)\s+"
                          r"(?P<p>morning|afternoon|evening|night)$", re.I)
_SAME_DAY = re.compile(r"(?<![\w-])(?:that\s+same|the\s+same|this|that)\s+day(?![\w-])", re.I)
_DAY_BEFORE = re.compile(r"(?:\bthe\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|—|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*$")
_DAY_AFTER = re.compile(r"\s*(?:-|–|—|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\w-]|\s+[A-Z][a-z]+)")
_SEASON = re.compile(r"(?<![\w-])(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)(?![\w-])")
_MONTH = re.compile(rf"(?<![\w-])(?P<mon>{MON})(?![\w.-])(?!\s+[A-Z])")


def extra(text: str, tagged: list[Timex], dct: tuple[int, int, int] | None = None) -> list[Timex]:
    """The expressions above, where ``tagged`` (the dates) has none; and the dates a time of day
    refines ("the night of 14 March 1799" → ``1799-03-14TNI``), in place of the date. With a
    document date (news), a bare weekday ("the board said Tuesday") is the one nearest it."""
    taken = bytearray(len(text) + 1)
    for t in tagged:
        taken[t.start:t.end] = b"\x01" * (t.end - t.start)
    out = list(tagged)
    before = _Before(tagged)
    durations = sorted((t.start, t.end) for t in tagged if t.type == "duration")
    dropped: set[tuple[int, int]] = set()

    def free(a: int, b: int) -> bool:
        return taken.count(0, a, b) == b - a

    def add(a: int, b: int, kind: str, value: str | None) -> None:
        if b > a and free(a, b):
            taken[a:b] = b"\x01" * (b - a)
            out.append(Timex(a, b, text[a:b], kind, value=value, form="field"))

    for m in _VAGUE.finditer(text):
        if m["pl"] and not m["bare"] and not _alone(text, m.start()):
            continue
        u = (m["u"] or m["pl"]).lower().rstrip("s")
        add(m.start(), m.end(), "duration", "PX" + UNIT_CODE.get(u[:6] if u.startswith("centur") else u, "D")
            if not u.startswith("centur") else "PXCE")
    _unvalued(text, out, taken, add)
    for m in _SPAN.finditer(text):   # "the past two centuries", "the last week of August": a stretch of time
        n = number_value(m["n1"] or m["n2"]) if (m["n1"] or m["n2"]) else 1
        u = m["u"].lower()
        i = bisect.bisect_left(durations, (m.start(), 0))
        while i < len(durations) and durations[i][1] <= m.end():
            x, y = durations[i]   # "two centuries" inside "the past two centuries": the stretch is the expression
            dropped.add((x, y))
            taken[x:y] = b"\x00" * (y - x)
            i += 1
        add(m.start(), m.end(), "duration", f"P{n}{'CE' if u.startswith('centur') else UNIT_CODE[u]}")
    for m in _REF.finditer(text):
        add(m.start(), m.end(), "ref", REFS[m["w"].lower()])
    for m in _VAGUE_TIME.finditer(text):   # "this period", "the same time": a time the text does not date
        add(m.start(), m.end(), "date", None)
    _quantities(text, add)
    _range_days(text, out, add)
    for m in _BY_THE_TIME.finditer(text):   # "by the time the envoy arrived": a time the text dates by an event
        add(m.start("t"), m.end("t"), "date", None)
    for m in _SEASON_OF.finditer(text):     # "the dry season": a recurring stretch, no calendar season
        add(m.start(), m.end(), "date", None)
    for m in _PART_YEAR.finditer(text):   # "mid-1788": the timeline leaves such a vague part of a year out
        add(m.start(), m.end(), "date", m["y"])
    for m in _IN_YEAR.finditer(text):
        y = before.year(m.start())
        add(m.start(), m.end(), "date", y)
    for m in _SAME_DAY.finditer(text):
        d = before.day(m.start())
        if not d.startswith("X"):
            add(m.start(), m.end(), "date", d)
    for m in _ADJ.finditer(text):
        u = (m["u"] or m["m"]).lower().rstrip("s")
        n = number_value(m["n"]) if m["n"] else None
        add(m.start(), m.end(), "duration", f"P{n if n is not None else 'X' if m['m'] and m['m'].endswith('s') else 1}"
            f"{UNIT_CODE[u]}")
    for m in _SET.finditer(text):
        value = SETS.get((m["w"] or "").lower()) or SET_UNIT.get((m["u"] or "").lower())
        if m["u"] and m.group().lower().startswith(("per", "a ")):
            value = "P1" + UNIT_CODE[m["u"].lower()]
            if m.group().lower().startswith("a ") and not re.search(r"\d[\d,]*\s+\w*\s*$", text[max(0, m.start() - 30):m.start()]):
                continue   # "a day" that is not "10,000 a day"
        add(m.start(), m.end(), "set" if not value.startswith("P") else "duration", value)
    out[:] = [t for t in out if t.type != "duration" or t.form == "field" or (t.start, t.end) not in dropped]
    _times(text, out, taken, add, before)
    _seasons_months(text, before, add)
    if dct is not None:
        _weekdays(text, dct, add)
    return sorted(out, key=lambda t: t.start)


_WEEKDAY = re.compile(r"(?<![\w-])(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?(?![\w-])")
_FUTURE = re.compile(r"\b(?:will|would|shall|is\s+to|are\s+to|next|coming|expected|scheduled|plans?\s+to)\b", re.I)


def _weekdays(text: str, dct: tuple[int, int, int], add) -> None:
    """A weekday named alone in news: the last such day up to the document's date, or the next one
    when its clause looks ahead ("will meet on Friday"), as TempEval annotators value it."""
    from datetime import date, timedelta

    try:
        today = date(*dct)
    except ValueError:
        return
    for m in _WEEKDAY.finditer(text):
        want = WEEKDAYS[m["w"].lower()]
        clause = text[max(0, text.rfind(".", 0, m.start()) + 1, m.start() - 80):m.start()]
        if _FUTURE.search(clause):
            day = today + timedelta(days=(want - today.weekday()) % 7 or 7)
        else:
            day = today - timedelta(days=(today.weekday() - want) % 7)
        add(m.start(), m.start() + len(m["w"]), "date", day.isoformat())


def _unvalued(text: str, out: list[Timex], taken: bytearray, add) -> None:
    """What the dates find but cannot value, as TimeML values it: "a few days later" points to the
    future of the narrative (FUTURE_REF), "several weeks earlier" to its past; "the last week of
    March" is a stretch of one week (P1W), not a week counted back from today."""
    for i, t in enumerate(out):
        if t.value is None and t.form == "relative":
            m = _VAGUE_SHIFT.search(t.text)
            if m:
                later = m["dir"].lower().startswith(("later", "after"))
                out[i] = replace(t, type="ref", value="FUTURE_REF" if later else "PAST_REF")
    for m in _PART_OF.finditer(text):
        inside = [k for k, t in enumerate(out) if m.start() <= t.start and t.end <= m.end() and t.value is None]
        for k in inside:
            taken[out[k].start:out[k].end] = b"\x00" * (out[k].end - out[k].start)
        out[:] = [t for k, t in enumerate(out) if k not in inside]
        add(m.start(), m.end(), "duration", f"P1{UNIT_CODE[m['u'].lower()]}")


def _quantities(text: str, add) -> None:
    """Durations the dates leave out: ages ("17 years old", "at age eighty-one"), halves ("two and a
    half years"), possessives ("three days' march") and a modifier between number and unit."""
    for m in _AGE.finditer(text):
        g = "n" if m["n"] else "a" if m["a"] else "b"
        raw = m[g].lower()
        n = raw if re.fullmatch(r"\d+(?:\.\d+)?", raw) else number_value(raw)
        if n is not None:
            add(m.start(g) if g != "n" else m.start(), m.end(g) if g != "n" else m.end(), "duration", f"P{n}Y")
    for m in _HALF.finditer(text):
        u = (m["u"] or m["u1"]).lower()
        n = number_value(m["n"]) if m["n"] else 1
        if n is not None and u in UNIT_CODE:
            add(m.start(), m.end(), "duration", f"P{n}.5{UNIT_CODE[u]}")
    for rx in (_POSSESSIVE, _MODIFIED):
        for m in rx.finditer(text):
            u = m["u"].lower()
            n = number_value(m["n"])
            if n is not None and u in UNIT_CODE:
                add(m.start(), m.end(), "duration", f"P{n}{UNIT_CODE[u]}")


def _range_days(text: str, out: list[Timex], add) -> None:
    """The other end of a range of days written once with its month: "3-5 June", "from 8 to 11
    March", "June 2 and 3rd" (the dates read the end that carries the month)."""
    for t in list(out):
        v = t.value or ""
        if t.type != "date" or not re.fullmatch(r"(?:BC)?\d{4}-\d\d-\d\d", v):
            continue
        day = int(v[-2:])
        if t.text[:1].isdigit():
            m = _DAY_BEFORE.search(text, max(0, t.start - 16), t.start)
            if m and 1 <= int(m["d"]) < day:
                add(m.start(), m.start("d") + len(m["d"]), "date", f"{v[:-2]}{int(m['d']):02d}")
        elif t.text[-1:].isdigit():
            m = _DAY_AFTER.match(text, t.end)
            if m and day < int(m["d"]) <= 31:
                add(m.start("d"), m.end(), "date", f"{v[:-2]}{int(m['d']):02d}")


def _alone(text: str, at: int) -> bool:
    """A bare plural unit ("for weeks", "months of fighting") after a preposition or opening a clause."""
    before = text[max(0, at - 12):at].lower()
    return bool(re.search(r"(?:for|within|over|in|after|took|lasted|of|,)\s+$", before))


def _times(text: str, out: list[Timex], taken: bytearray, add, before: _Before) -> None:
    """Clock times and parts of the day; a part of the day beside a date refines the date."""
    for m in _CLOCK.finditer(text):
        if not (m["mi"] or m["ap"]):
            continue   # a bare number is no time of day
        h = int(m["h"]) + (12 if m["ap"] and m["ap"].lower().startswith("p") and int(m["h"]) < 12 else 0)
        add(m.start(), m.end(), "time", f"{before.day(m.start())}T{h:02d}:{m['mi'] or '00'}")
    for i, t in enumerate(out):   # "that afternoon", "the next morning": the day the dates found, at that part
        m = _DAY_PART_OF.match(t.text)
        if m and t.form == "relative":
            day = t.value if t.value and t.value.count("-") == 2 and "T" not in t.value else before.day(t.start)
            out[i] = replace(t, type="time", value=f"{day}T{PARTS_OF_DAY[m['p'].lower()]}")
    for i, t in enumerate(out):   # "the night of 14 March 1799", read whole by the date rules
        m = re.match(r"(?:early\s+in\s+)?the\s+(?:early\s+|late\s+)?(\w+)\s+of\b", t.text, re.I)
        if m and m[1].lower() in PARTS_OF_DAY and t.value and t.value.count("-") == 2:
            out[i] = replace(t, value=f"{t.value}T{PARTS_OF_DAY[m[1].lower()]}")
    days = {t.start: i for i, t in enumerate(out) if t.value and t.value.count("-") == 2}
    for m in _PART.finditer(text):
        code = PARTS_OF_DAY[m["p"].lower()]
        after = re.match(r"\s+of\s+", text[m.end():m.end() + 6])
        k = days.get(m.end() + after.end()) if after else None
        if k is not None and out[k] is not None:   # "the night of 14 March 1799": the date, at night
            date, out[k] = out[k], None
            taken[m.start():date.end] = b"\x01" * (date.end - m.start())
            out.append(replace(date, start=m.start(), text=text[m.start():date.end], value=f"{date.value}T{code}"))
            continue
        add(m.start(), m.end(), "time", f"{before.day(m.start())}T{code}")
    out[:] = [t for t in out if t is not None]


class _Before:
    """The tagger's dated values in reading order, to ask "what date stands before this offset" in
    logarithmic time (a long text has thousands of expressions: no question scans them all)."""

    def __init__(self, tagged: list[Timex]):
        dated = sorted((t.start, t.value) for t in tagged if t.type == "date" and t.value and "/" not in t.value)
        self.starts = [x for x, _ in dated]
        self.values = [v for _, v in dated]

    def value(self, at: int) -> str:
        i = bisect.bisect_left(self.starts, at) - 1
        return self.values[i] if i >= 0 else ""

    def day(self, at: int) -> str:
        """The day the narrative stands at, as far as the dates before ``at`` say it (else unknown)."""
        v = self.value(at)
        return v if v.count("-") == 2 and "T" not in v else "XXXX-XX-XX"

    def year(self, at: int) -> str | None:
        m = re.match(r"(BC)?\d{4}", self.value(at))
        return m.group() if m else None

    def month(self, at: int) -> int:
        m = re.match(r"\d{4}-(\d\d)", self.value(at))
        return int(m.group(1)) if m else 0


def _seasons_months(text: str, before: _Before, add) -> None:
    """A bare season or month name ("the summer offensive", "September saw …") in the year the narrative
    is in. "May" is left alone: it is more often the verb."""
    for m in _SEASON.finditer(text):
        y = before.year(m.start())
        code = SEASON_CODE[m["s"].lower()]
        if y and code == "WI" and before.month(m.start()) >= 10 and not y.startswith("BC"):
            y = f"{int(y) + 1:04d}"   # TIMEX names a winter by the year of its January: December 1802's is 1803-WI
        add(m.start(), m.end(), "date", f"{y or 'XXXX'}-{code}")
    for m in _MONTH.finditer(text):
        if m["mon"].lower().startswith("may") or not m["mon"][0].isupper() or len(m["mon"]) < 3 or "." in m["mon"]:
            continue
        y = before.year(m.start())
        if y:
            add(m.start(), m.end(), "date", f"{y}-{_month(m['mon']):02d}")
