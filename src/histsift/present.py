"""Helpers for showing the board to people: time spans for drawing, which
events a conflict touches, short source names, disagreements in words. Shared
by the report, the study material and the web app; nothing here reads the
store. Dates are worded by :mod:`histsift.timeml`, once.
"""
from __future__ import annotations

from .model import Citation, Conflict, Event, Source
from .timeml import TimeValue, human

def span(value: str) -> tuple[float, float] | None:
    """[start, end) of a TimeML value in fractional astronomical years, or None (for drawing)."""
    tv = TimeValue.parse(value)
    return tv.span() if tv else None


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
        return human(value)
    if kind == "number":
        try:
            n = float(value)
        except ValueError:
            return value
        return f"{int(n):,}" if n.is_integer() else f"{n:,}"
    return value
