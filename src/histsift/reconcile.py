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

import pickle
import sys
import tempfile
from array import array
from collections import Counter
from dataclasses import dataclass, field, replace

from . import causes, claims, clean, criticism, dates, entities, events, work
from .annotate import Analysed
from .model import KEPT_OUT, Conflict, Entity, Event, Factor, Source, Span, SpanSet


@dataclass
class Board:
    """The reconciled pile: what the store keeps and the export shows."""

    sources: list[Source]
    analysed: dict[str, Analysed] = field(default_factory=dict)
    timexes: dict[str, list[dates.Timex]] = field(default_factory=dict)  # resolved
    events: list[Event] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    derivations: list[criticism.Derivation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    era: str | None = None
    year: int | None = None


# --------------------------------------------------------------------------- 1. per source, before the pile

@dataclass
class Digest:
    """What one source tells the pile before the pile is known."""

    chrome: list[str]                       # keys of its short non-prose lines (candidate chrome)
    era: str | None                         # the era its dates name, if they say
    years: list[tuple[int, int]]            # (year, count) its dates name, read with no pile era
    years_bc: list[tuple[int, int]] | None = None  # the same read in a BC pile, when that differs


def _chrome_lines(text: str) -> list[clean.Line]:
    return [ln for ln in clean.lines_of(text) if 1 <= ln.words <= 8 and not clean.is_prose(ln)]


def digest(a: Analysed) -> Digest:
    era = dates.doc_era(a.timexes)
    years = _years(a, None)
    # a text that names no era takes the pile's: its bare years read differently in a BC pile
    bc = _years(a, "BC") if era is None and any(t.needs in ("era", "cell") for t in a.timexes) else None
    return Digest(list({clean.key(ln.text): None for ln in _chrome_lines(a.source.text)}), era, years, bc)


def _years(a: Analysed, era: str | None) -> list[tuple[int, int]]:
    """The years the source's dates name, valued with the pile's era but no pile year."""
    got: Counter[int] = Counter()
    timexes = pickle.loads(pickle.dumps(a.timexes))  # resolve works in place; a copy, cheaply
    for t in dates.resolve(timexes, a.source.text, dates.Context(era=era)):
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
    if len(digests) >= 2:  # as clean.repeated_lines: in min_sources pages, or half of a small pile
        need = max(2, min(min_sources, (len(digests) + 1) // 2))
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
    """One source reconciled with what the pile taught: everything :func:`combine` needs of it."""

    source: Source
    timexes: list[dates.Timex]                 # valued, in reading order
    mentions: list[events.EventMention]
    found: list[entities.Found]
    sentences: criticism.Sentences
    passages: list[tuple]
    clues: causes.Clues                         # what causes reads besides passages: why-questions, outcomes
    analysed: Analysed | None = None            # with the pile's chrome marked: for the store, then let go


def local(a: Analysed, learned: Learned, copy: bool = False) -> Local:
    """``copy``: value a copy of the dates, leaving ``a``'s as found (else they are valued in place)."""
    a = _shared_chrome(a, learned.repeated)
    ctx = dates.Context(era=learned.era, year=learned.year)
    found = [t for t in dates.resolve(pickle.loads(pickle.dumps(a.timexes)) if copy else a.timexes,
                                      a.source.text, ctx) if t.needs != "drop"]
    read = a if a.source.extractable else Analysed(a.source, [], [])  # kept out: stored and shown, not read
    if not a.source.extractable:
        found = []
    ms = events.mentions(read.source, read.blocks, found)
    work.at("who's who")
    found_names = entities.find([read])
    work.at("copies")
    sents = criticism.sentences(read)
    work.at("causes")
    return Local(a.source, found, ms, found_names, sents, causes.passages([read]), causes.clues(read), a)


def _shared_chrome(a: Analysed, repeated: frozenset[str]) -> Analysed:
    """Mark short lines repeated across pages; drop what the per-source stages found inside them."""
    if not repeated:
        return a
    extra = [Span(ln.start, ln.end, "boilerplate", "repeated across pages")
             for ln in _chrome_lines(a.source.text) if clean.key(ln.text) in repeated]
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
    """Takes :class:`Local` results one at a time, in the pile's order, and keeps only what the
    pile-level stages need (so a large pile's per-source detail can go to the store as it comes)."""

    def __init__(self, learned: Learned, question: str | None = None, clock=None):
        self.learned, self.question = learned, question
        self.clock = clock or (lambda step: None)   # told when each pile-level stage ends
        self.sources: list[Source] = []
        self.texts: dict[str, str] = {}
        self.mentions = _Spill()
        self.found: list[entities.Found] = []
        self.sentences = criticism.SentenceTable()
        self.passages = _PassageKeeper()
        self.clues: list[causes.Clues] = []

    def add(self, loc: Local) -> None:
        self.sources.append(_compact_source(loc.source))
        self.texts[loc.source.id] = loc.source.text
        self.mentions.add(loc.mentions)
        self.found += _compact_found(loc.found)
        self.sentences.add(loc.source.id, loc.sentences)
        self.passages.add(loc.passages)
        self.clues.append(loc.clues)

    def board(self) -> Board:
        """The pile-level stages, one after another, each letting go of what it read."""
        board = Board(self.sources, era=self.learned.era, year=self.learned.year)
        board.derivations = criticism.derivations_from(self.sentences, self.texts)
        self.sentences = None
        self.clock("copies")
        found, self.found = self.found, []
        board.entities = entities.reconcile(found, self.texts)
        del found
        self.clock("entities")
        spill, self.mentions = self.mentions, None
        board.events, board.conflicts = events.reconcile_by_year(spill.years(), spill.take, self.texts)
        spill.close()
        self.clock("events")
        entities.link_events(board.events, board.entities)
        board.conflicts += claims.conflicts(board.events, board.entities, board.sources)
        for i, c in enumerate(board.conflicts, 1):
            c.id = f"c{i}"
        board.factors = causes.factors_from(self.clues, self.passages.passages(), self.texts,
                                            [(d.source, d.other) for d in board.derivations], question=self.question)
        self.clock("claims_causes")
        return board


_NONE: frozenset[str] = frozenset()


class _Spill:
    """Event mentions parked on disk by year until the timeline is merged, a year at a time."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="histsift-mentions-")
        self.where: dict[int, array] = {}     # year -> offsets and lengths of its pickled runs

    def add(self, ms: list[events.EventMention]) -> None:
        by_year: dict[int, list] = {}
        for m in ms:
            by_year.setdefault(events.sort_key(m.date)[0], []).append(m)
        self.file.seek(0, 2)
        for y, run in by_year.items():
            blob = pickle.dumps(run, protocol=pickle.HIGHEST_PROTOCOL)
            self.where.setdefault(y, array("q")).extend((self.file.tell(), len(blob)))
            self.file.write(blob)

    def years(self) -> list[int]:
        return sorted(self.where)

    def take(self, year: int) -> list[events.EventMention]:
        out: list[events.EventMention] = []
        spots = self.where.pop(year)
        for k in range(0, len(spots), 2):
            self.file.seek(spots[k])
            out += pickle.loads(self.file.read(spots[k + 1]))
        return _compact_mentions(out)

    def close(self) -> None:
        self.file.close()


def _compact_mentions(ms: list[events.EventMention]) -> list[events.EventMention]:
    """The same mentions in less memory: one copy of each word, date and name string across the
    pile, and one set where a mention's wide words are its words. (A big pile holds millions.)"""
    si = sys.intern
    for m in ms:
        m.source, m.date, m.precision, m.kind = si(m.source), si(m.date), si(m.precision), si(m.kind)
        same = m.wide == m.words
        m.words = {si(w) for w in m.words}
        m.wide = m.words if same else {si(w) for w in m.wide}
        m.near = {si(w) for w in m.near} if m.near else _NONE
        m.names = [si(n) for n in m.names]
    return ms


def _compact_source(src: Source) -> Source:
    """The source with one copy of each span kind, reason and flag across the pile."""
    si = sys.intern
    src.boilerplate = [Span(b.start, b.end, si(b.kind), si(b.reason)) for b in src.boilerplate]
    src.flags = [si(f) for f in src.flags]
    return src


def _compact_found(found: list[entities.Found]) -> list[entities.Found]:
    si = sys.intern
    for f in found:
        f.name, f.source, f.title = si(f.name), si(f.source), si(f.title)
    return found


class _PassageKeeper:
    """What causes.passages keeps of the whole pile (reason language first, at most
    causes.MAX_PASSAGES, in the pile's order), taken source by source."""

    def __init__(self):
        self.reason: list[tuple[int, tuple]] = []
        self.rest: list[tuple[int, tuple]] = []
        self.n = 0

    def add(self, ps: list[tuple]) -> None:
        for p in ps:
            pool = self.reason if p[4] else self.rest
            if len(pool) < causes.MAX_PASSAGES:
                pool.append((self.n, p))
            self.n += 1

    def passages(self) -> list[tuple]:
        chosen = (self.reason + self.rest)[:causes.MAX_PASSAGES]
        return [p for _, p in sorted(chosen, key=lambda x: x[0])]


def reconcile(items: list[Analysed], question: str | None = None) -> Board:
    """All of reconcile in this process (sources in the pile's order)."""
    learned = learn([digest(a) for a in items])
    comb = Combiner(learned, question)
    analysed, timexes = {}, {}
    for a in items:
        loc = local(a, learned, copy=True)
        analysed[a.source.id], timexes[a.source.id] = loc.analysed, loc.timexes
        comb.add(loc)
    board = comb.board()
    board.analysed, board.timexes = analysed, timexes
    return board
