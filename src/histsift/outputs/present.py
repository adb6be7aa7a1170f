"""Helpers for showing the board to people: time spans for drawing, labels
first, disagreements in words. Shared by the report, the study material, the
web app and the CLI; nothing here reads the store. Dates are worded by
:mod:`histsift.timeml`, once; short source names and disputed events are the
Board's (model.py).
"""
from __future__ import annotations

from histsift.dates.timeml import TimeValue, human
from histsift.model import Citation


def span(value: str) -> tuple[float, float] | None:
    """[start, end) of a TimeML value in fractional astronomical years, or None (for drawing)."""
    tv = TimeValue.parse(value)
    return tv.span() if tv else None


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
