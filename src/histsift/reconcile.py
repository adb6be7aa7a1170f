"""Reconcile: the one stage that sees the whole pile.

It learns what no single source can tell — short lines repeated across pages
(chrome), the era and dominant year the pile writes in — then gives every
date its value, reads event mentions from each source and merges them into
one timeline with its date conflicts.
"""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field, replace

from . import causes, claims, clean, criticism, dates, entities, events
from .annotate import Analysed
from .model import Conflict, Entity, Event, Factor, Source


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


def reconcile(items: list[Analysed], question: str | None = None) -> Board:
    items = _shared_chrome(items)
    era = pile_era(items)
    year = pile_year(items, era)
    board = Board([a.source for a in items], {a.source.id: a for a in items}, era=era, year=year)
    mentions: list[events.EventMention] = []
    for a in items:
        ctx = dates.Context(era=era, year=year)
        found = [t for t in dates.resolve(copy.deepcopy(a.timexes), a.source.text, ctx) if t.needs != "drop"]
        board.timexes[a.source.id] = found
        mentions += events.mentions(a.source, a.blocks, found)
    board.events, board.conflicts = events.reconcile(mentions, {s.id: s.text for s in board.sources})
    board.derivations = criticism.derivations(items)
    board.entities = entities.reconcile(entities.find(items), {s.id: s.text for s in board.sources})
    entities.link_events(board.events, board.entities)
    board.conflicts += claims.conflicts(board.events, board.entities, board.sources)
    for i, c in enumerate(board.conflicts, 1):
        c.id = f"c{i}"
    board.factors = causes.factors(items, [(d.source, d.other) for d in board.derivations], question=question)
    return board


def _shared_chrome(items: list[Analysed]) -> list[Analysed]:
    """Mark short lines repeated across pages; drop what the per-source stages found inside them."""
    repeated = clean.repeated_lines([a.source for a in items])
    out = []
    for a in items:
        extra = repeated.get(a.source.id)
        if extra:
            spans = clean.merge_spans(a.source.boilerplate + extra)
            src = replace(a.source, boilerplate=spans, flags=clean.flags_for(a.source.text, spans))
            cut = [(s.start, s.end) for s in extra]
            inside = lambda x, y: any(p <= x and y <= q for p, q in cut)  # noqa: E731
            a = Analysed(src, _drop_blocks(a.blocks, inside), [t for t in a.timexes if not inside(t.start, t.end)])
        out.append(a)
    return out


def _drop_blocks(blocks, inside) -> list:
    """Blocks outside the new chrome, with parent and heading indices renumbered to match."""
    keep = [i for i, b in enumerate(blocks) if not inside(b.start, b.end)]
    new_index = {old: new for new, old in enumerate(keep)}
    return [replace(blocks[i], parent=new_index.get(blocks[i].parent), heading=new_index.get(blocks[i].heading))
            for i in keep]


def pile_era(items: list[Analysed]) -> str | None:
    """"BC" when most sources that name an era write their years BC."""
    votes = Counter(dates.doc_era(a.timexes) for a in items)
    return "BC" if votes["BC"] > votes["AD"] else None


def pile_year(items: list[Analysed], era: str | None) -> int | None:
    """The year the pile's explicit dates name most often: a last resort for partial dates."""
    years: Counter[int] = Counter()
    for a in items:
        for t in dates.resolve(copy.deepcopy(a.timexes), a.source.text, dates.Context(era=era)):
            if t.value and t.y is not None and t.precision in ("day", "month", "year", "season"):
                years[t.y] += 1
    return years.most_common(1)[0][0] if years else None
