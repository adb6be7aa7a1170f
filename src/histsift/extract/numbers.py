"""Quantities in history prose ("about 500,000 people", "a million protesters", "six weeks"),
normalised so that sources can be compared: the ground for number conflicts."""
from __future__ import annotations

import re
from dataclasses import dataclass

from histsift.dates.calendar import NUMBER_WORDS, TENS, number_value
from histsift.lang.words import PEOPLE_NOUNS

SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDS = "|".join(sorted((w for w, v in NUMBER_WORDS.items() if isinstance(v, int) and w not in ("a", "an")),
                         key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?<![\w.,-])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{TENS}|{_WORDS}|an?|half\s+an?)"
    rf"(?:\s+(?P<scale>hundred(?:\s+thousand)?|thousand|million|billion))?\s+(?P<noun>[a-z][a-z-]{{2,}})", re.I)
NOT_COUNTED = {"of", "and", "or", "to", "the", "in", "on", "at", "by", "for", "from", "with", "times", "more", "less",
               "percent", "per", "years", "year", "months", "month", "weeks", "week", "days", "day", "decades",
               "centuries", "century", "hours", "minutes", "bc", "bce", "ad", "ce", "th", "st", "nd", "rd"}


@dataclass
class Quantity:
    start: int
    end: int
    value: float
    noun: str          # singular-ish key: "people", "soldier"
    word: str = ""     # as written: "soldiers"


def quantities(text: str, start: int = 0, end: int | None = None,
               not_counted: set[str] | frozenset[str] = NOT_COUNTED) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text, start, len(text) if end is None else end):
        noun = m["noun"].lower()
        if noun in not_counted or noun in SCALE:
            continue
        raw = m["num"].lower().replace(",", "")
        if raw.startswith("half"):
            n = 0.5
        elif re.fullmatch(r"\d+(?:\.\d+)?", raw):
            n = float(raw)
            if 1000 <= n <= 2100 and not m["scale"] and "," not in m["num"]:
                continue  # a year, not a count
        else:
            n = number_value(raw)
            if n is None:
                continue
        value = n
        for word in (m["scale"] or "").lower().split():   # "five hundred thousand"
            value *= SCALE[word]
        if value < 2 and not m["scale"]:
            continue  # "a man", "one of them": not a count worth comparing
        key = "people" if noun in PEOPLE_NOUNS else noun.rstrip("s")
        out.append(Quantity(m.start(), m.end(), float(value), key, noun))
    return out
