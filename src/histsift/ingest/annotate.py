"""Segment and annotate one cleaned source: blocks, sentences and the date expressions in it.

A pure function of one source (so it runs in parallel and is cached by the
file's hash). Dates are only *found* here; giving them values needs the
pile's era and dominant year, which :mod:`histsift.reconcile` supplies.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from histsift import dates
from histsift.ingest.segment import Block, segment
from histsift.model import Source, Span


@dataclass
class Analysed:
    """Everything the per-source stages know about one source."""

    source: Source
    blocks: list[Block] = field(default_factory=list)
    timexes: list[dates.Timex] = field(default_factory=list)

    def to_dict(self) -> dict:
        """As ``dataclasses.asdict`` (without the source's path), written out: asdict's
        recursion costs more than the rest of the cache."""
        src = self.source
        return {"source": {"id": src.id, "title": src.title, "text": src.text, "kind": src.kind,
                           "encoding": src.encoding, "words": src.words,
                           "boilerplate": [{"start": b.start, "end": b.end, "kind": b.kind, "reason": b.reason}
                                           for b in src.boilerplate], "flags": list(src.flags)},
                "blocks": [{"start": b.start, "end": b.end, "kind": b.kind, "level": b.level, "parent": b.parent,
                            "heading": b.heading, "sentences": [list(x) for x in b.sentences]} for b in self.blocks],
                "timexes": [_timex_dict(t) for t in self.timexes]}

    @classmethod
    def from_dict(cls, d: dict, path: str) -> "Analysed":
        src = dict(d["source"])
        src["boilerplate"] = [Span(**b) for b in src["boilerplate"]]
        blocks = [Block(**{**b, "sentences": [tuple(x) for x in b["sentences"]]}) for b in d["blocks"]]
        return cls(Source(path=path, **src), blocks, [_timex(t) for t in d["timexes"]])


_TIMEX_FIELDS = [f.name for f in fields(dates.Timex)]


def _timex_dict(t: dates.Timex) -> dict:
    d = {k: getattr(t, k) for k in _TIMEX_FIELDS}
    d["offset"] = list(t.offset)
    if t.end_point is not None:
        d["end_point"] = _timex_dict(t.end_point)
    return d


def _timex(d: dict) -> dates.Timex:
    d = dict(d)
    d["offset"] = tuple(d["offset"])
    if d.get("end_point"):
        d["end_point"] = _timex(d["end_point"])
    return dates.Timex(**d)


def annotate(source: Source) -> Analysed:
    skip = [(b.start, b.end) for b in source.boilerplate]
    return Analysed(source, segment(source.text, source.boilerplate), dates.scan(source.text, skip))
