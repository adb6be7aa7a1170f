"""Segment and annotate one cleaned source: blocks, sentences and the date expressions in it.

A pure function of one source (so it runs in parallel and is cached by the
file's hash). Dates are only *found* here; giving them values needs the
pile's era and dominant year, which :mod:`histsift.reconcile` supplies.
"""
from __future__ import annotations

import bisect
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
    blocks = segment(source.text, source.boilerplate)
    timexes = dates.scan(source.text, skip)
    for run_block, lines in date_column(source.text, blocks, timexes).items():
        for k in lines:
            blocks[k].parent = run_block   # what a line of the second column hangs under: its date
    return Analysed(source, blocks, timexes)


MIN_COLUMN = 3   # bare date lines in a row that make a column of dates


def date_column(text: str, blocks: list[Block], timexes: list[dates.Timex]) -> dict[int, list[int]]:
    """A timeline printed as a column of dates and then a column of what happened: a run of
    lines that are each only a date, in date order, followed by as many lines that are not
    (one fewer at most: a page may drop the last); the i-th date stands for the i-th line
    after the run (the page's own layout, read as it is). Date block → [its line], or []."""
    dated = [t for t in timexes if t.type == "date" and (t.m is not None or t.y is not None)]
    starts = [b.start for b in blocks]
    bare: dict[int, dates.Timex] = {}
    for t in dated:
        bi = bisect.bisect_right(starts, t.start) - 1
        if bi >= 0 and text[blocks[bi].start:blocks[bi].end].strip(" \t:.,-–—") == t.text.strip():
            bare[bi] = t
    out: dict[int, list[int]] = {}
    bi = 0
    while bi < len(blocks):
        run = []
        while bi + len(run) in bare:
            run.append(bi + len(run))
        after = []
        for k in range(bi + len(run), min(bi + 2 * len(run), len(blocks))):
            if k in bare:
                break
            after.append(k)
        if len(run) >= MIN_COLUMN and len(after) >= max(MIN_COLUMN, len(run) - 1) and _in_order(
                [bare[k] for k in run]):
            out.update({k: [] for k in run})   # a date the page left without its line stands for nothing
            out.update({k: [a] for k, a in zip(run, after)})
        bi += len(run) or 1
    return out


def _in_order(ts: list[dates.Timex]) -> bool:
    """Found or valued, the dates run forward: by year, month and day where every one has a year,
    else by month and day (the column's year comes from the page around it)."""
    with_year = all(t.y is not None for t in ts)
    keys = [((t.y,) if with_year else ()) + (t.m or 0, t.d or 0) for t in ts]
    return keys == sorted(keys)
