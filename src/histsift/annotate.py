"""Segment and annotate one cleaned source: blocks, sentences and the date expressions in it.

A pure function of one source (so it runs in parallel and is cached by the
file's hash). Dates are only *found* here; giving them values needs the
pile's era and dominant year, which :mod:`histsift.reconcile` supplies.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from . import dates
from .model import Source, Span
from .segment import Block, segment


@dataclass
class Analysed:
    """Everything the per-source stages know about one source."""

    source: Source
    blocks: list[Block] = field(default_factory=list)
    timexes: list[dates.Timex] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["source"].pop("path")
        return d

    @classmethod
    def from_dict(cls, d: dict, path: str) -> "Analysed":
        src = dict(d["source"])
        src["boilerplate"] = [Span(**b) for b in src["boilerplate"]]
        blocks = [Block(**{**b, "sentences": [tuple(x) for x in b["sentences"]]}) for b in d["blocks"]]
        return cls(Source(path=path, **src), blocks, [_timex(t) for t in d["timexes"]])


def _timex(d: dict) -> dates.Timex:
    d = dict(d)
    d["offset"] = tuple(d["offset"])
    if d.get("end_point"):
        d["end_point"] = _timex(d["end_point"])
    return dates.Timex(**d)


def annotate(source: Source) -> Analysed:
    skip = [(b.start, b.end) for b in source.boilerplate]
    return Analysed(source, segment(source.text, source.boilerplate), dates.scan(source.text, skip))
