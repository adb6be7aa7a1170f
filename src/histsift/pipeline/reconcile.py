"""Reconcile: the one stage that sees the whole pile.

It learns what no single source can tell — short lines repeated across pages
(chrome), the era and dominant year the pile writes in — then gives every
date its value, reads event mentions from each source and merges them into
one timeline with its date conflicts.

It runs in three steps so that a large pile needs neither one core nor all
of its sources in memory at once:

1. :func:`digest` — per source, in the per-source workers: the source's
   candidate chrome lines, the era it writes in and the years its dates name.
2. :func:`learn` — the whole pile, cheaply: which lines repeat, the pile's era
   and dominant year, from the digests alone.
3. :func:`local` — per source again, in parallel, with what was learned: chrome
   marked, dates valued, event mentions, name candidates, passages for source
   criticism and causes. Then :func:`combine` merges those across the pile:
   events (blocked by date and shared words), copies (MinHash LSH), who's who
   and cause themes. No step compares every source or sentence with every other.

:func:`reconcile` runs the three steps in one process, for small piles and tests.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from histsift import dates, work
from histsift.extract import registry as extractors
from histsift.ingest import clean
from histsift.ingest import repeated as shared_chrome
from histsift.ingest.annotate import Analysed
from histsift.model import KEPT_OUT, Board, Source, Span, SpanSet

# --------------------------------------------------------------------------- 1. per source, before the pile

@dataclass
class Digest:
    """What one source tells the pile before the pile is known."""

    chrome: list[str]                       # keys of its short non-prose lines (candidate chrome)
    era: str | None                         # the era its dates name, if they say
    years: list[tuple[int, int]]            # (year, count) its dates name, read with no pile era
    years_bc: list[tuple[int, int]] | None = None  # the same read in a BC pile, when that differs


def digest(a: Analysed) -> Digest:
    era = dates.doc_era(a.timexes)
    years = _years(a, None)
    # a text that names no era takes the pile's: its bare years read differently in a BC pile
    bc = _years(a, "BC") if era is None and any(t.needs in ("era", "cell") for t in a.timexes) else None
    return Digest(list({shared_chrome.key(ln.text): None for ln in shared_chrome.chrome_lines(a.source.text)}), era, years, bc)


def _years(a: Analysed, era: str | None) -> list[tuple[int, int]]:
    """The years the source's dates name, valued with the pile's era but no pile year."""
    got: Counter[int] = Counter()
    for t in dates.resolve(a.timexes, a.source.text, dates.Context(era=era)):
        if t.value and t.y is not None and t.precision in ("day", "month", "year", "season"):
            got[t.y] += 1
    return list(got.items())


# --------------------------------------------------------------------------- 2. the pile, from the digests

@dataclass
class Learned:
    repeated: frozenset[str]   # keys of chrome lines repeated across pages
    era: str | None
    year: int | None


def learn(digests: list[Digest], min_sources: int = 3) -> Learned:
    """Repeated chrome, the pile's era and its dominant year; digests in the pile's order."""
    repeated: frozenset[str] = frozenset()
    if len(digests) >= 2:  # in min_sources pages, or half of a small pile
        need = shared_chrome.needed(len(digests), min_sources)
        seen: Counter[str] = Counter()
        for d in digests:
            seen.update(d.chrome)
        repeated = frozenset(k for k, n in seen.items() if n >= need)
    votes = Counter(d.era for d in digests)
    era = "BC" if votes["BC"] > votes["AD"] else None
    years: Counter[int] = Counter()
    for d in digests:
        for y, n in (d.years_bc if era == "BC" and d.years_bc is not None else d.years):
            years[y] += n
    return Learned(repeated, era, years.most_common(1)[0][0] if years else None)


# --------------------------------------------------------------------------- 3. per source, with the pile

@dataclass
class Local:
    """One source reconciled with what the pile taught: its valued dates, and what each
    extractor read of it (``results``, by extractor name) for the pile-level steps."""

    source: Source
    timexes: list[dates.Timex]                 # valued, in reading order
    results: dict[str, Any]
    analysed: Analysed | None = None            # with the pile's chrome marked: for the store, then let go


def local(a: Analysed, learned: Learned) -> Local:
    """One source, valued and read with what the pile taught; ``a``'s dates stay as found."""
    a = _shared_chrome(a, learned.repeated)
    ctx = dates.Context(era=learned.era, year=learned.year)
    found = [t for t in dates.resolve(a.timexes, a.source.text, ctx) if t.needs != "drop"]
    read, valued = (a, found) if a.source.extractable else (Analysed(a.source, [], []), [])  # kept out: stored, not read
    results = {}
    for ex in extractors.registry():
        work.at(ex.name)
        results[ex.name] = ex.read(read, valued)
    return Local(a.source, valued, results, a)


def _shared_chrome(a: Analysed, repeated: frozenset[str]) -> Analysed:
    """Mark short lines repeated across pages; drop what the per-source stages found inside them."""
    if not repeated:
        return a
    extra = [Span(ln.start, ln.end, "boilerplate", "repeated across pages")
             for ln in shared_chrome.chrome_lines(a.source.text) if shared_chrome.key(ln.text) in repeated]
    if not extra:
        return a
    spans = clean.merge_spans(a.source.boilerplate + extra)
    src = replace(a.source, boilerplate=spans,
                  flags=[f for f in a.source.flags if f in KEPT_OUT] + clean.flags_for(a.source.text, spans))
    cut = SpanSet(extra)
    inside = cut.covers
    return Analysed(src, _drop_blocks(a.blocks, inside), [t for t in a.timexes if not inside(t.start, t.end)])


def _drop_blocks(blocks, inside) -> list:
    """Blocks outside the new chrome, with parent and heading indices renumbered to match."""
    keep = [i for i, b in enumerate(blocks) if not inside(b.start, b.end)]
    new_index = {old: new for new, old in enumerate(keep)}
    return [replace(blocks[i], parent=new_index.get(blocks[i].parent), heading=new_index.get(blocks[i].heading))
            for i in keep]


# --------------------------------------------------------------------------- 4. across the pile

class Combiner:
    """Takes :class:`Local` results one at a time, in the pile's order, and hands each extractor's
    to its collector (so a large pile's per-source detail can go to the store as it comes)."""

    def __init__(self, learned: Learned, question: str | None = None, clock=None):
        self.learned, self.question = learned, question
        self.clock = clock or (lambda step: None)   # told when each pile-level step ends
        self.sources: list[Source] = []
        self.texts: dict[str, str] = {}
        self.steps = [(ex.name, ex.collector(question)) for ex in extractors.registry()]

    def add(self, loc: Local) -> None:
        self.sources.append(_compact_source(loc.source))
        self.texts[loc.source.id] = loc.source.text
        for name, collector in self.steps:
            collector.add(loc.source.id, loc.results[name])

    def board(self) -> Board:
        """The pile-level steps, one after another, each letting go of what it read."""
        board = Board(self.sources, era=self.learned.era, year=self.learned.year)
        for name, collector in self.steps:
            collector.finish(board, self.texts)
            self.clock(name)
        self.steps = []
        return board


def _compact_source(src: Source) -> Source:
    """The source with one copy of each span kind, reason and flag across the pile."""
    si = sys.intern
    src.boilerplate = [Span(b.start, b.end, si(b.kind), si(b.reason)) for b in src.boilerplate]
    src.flags = [si(f) for f in src.flags]
    return src


def reconcile(items: list[Analysed], question: str | None = None,
              keep: dict[str, Local] | None = None) -> Board:
    """All of reconcile in this process (sources in the pile's order); ``keep`` receives each
    source's :class:`Local` (its chrome-marked analysis and valued dates), for tests and benches."""
    learned = learn([digest(a) for a in items])
    comb = Combiner(learned, question)
    for a in items:
        loc = local(a, learned)
        if keep is not None:
            keep[a.source.id] = replace(loc)
        comb.add(loc)
    return comb.board()
