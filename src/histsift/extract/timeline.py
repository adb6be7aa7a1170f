"""The timeline as an extractor: event mentions read from each source, parked on
disk by year, then merged into events and date conflicts a year at a time
(events.py says how mentions become events). A big pile holds millions of
mentions; only one year's are in memory at once.
"""
from __future__ import annotations

import pickle
import sys
import tempfile
from array import array

from histsift.extract import entities, event_merge, events
from histsift.ingest.annotate import Analysed
from histsift.dates import Timex

_NONE: frozenset[str] = frozenset()


class _Spill:
    """Event mentions parked on disk by year until the timeline is merged, a year at a time."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="histsift-mentions-")
        self.where: dict[int, array] = {}     # year -> offsets and lengths of its pickled runs

    def add(self, source_id: str, ms: list[events.EventMention]) -> None:
        by_year: dict[int, list] = {}
        for m in ms:
            by_year.setdefault(event_merge.sort_key(m.date)[0], []).append(m)
        self.file.seek(0, 2)
        for y, run in by_year.items():
            blob = pickle.dumps(run, protocol=pickle.HIGHEST_PROTOCOL)
            self.where.setdefault(y, array("q")).extend((self.file.tell(), len(blob)))
            self.file.write(blob)

    def take(self, year: int) -> list[events.EventMention]:
        out: list[events.EventMention] = []
        spots = self.where.pop(year)
        for k in range(0, len(spots), 2):
            self.file.seek(spots[k])
            out += pickle.loads(self.file.read(spots[k + 1]))
        return _compact(out)

    def finish(self, board, texts: dict[str, str]) -> None:
        try:
            board.events, board.conflicts = event_merge.reconcile_by_year(sorted(self.where), self.take, texts)
        finally:
            self.file.close()
        entities.link_events(board.events, board.entities)


def _compact(ms: list[events.EventMention]) -> list[events.EventMention]:
    """The same mentions in less memory: one copy of each word, date and name string across the
    pile, and one set where a mention's wide words are its words."""
    si = sys.intern
    for m in ms:
        m.source, m.date, m.precision, m.kind = si(m.source), si(m.date), si(m.precision), si(m.kind)
        same = m.wide == m.words
        m.words = {si(w) for w in m.words}
        m.wide = m.words if same else {si(w) for w in m.wide}
        m.near = {si(w) for w in m.near} if m.near else _NONE
        m.names = [si(n) for n in m.names]
    return ms


class _Timeline:
    """Events, each once, and where the sources date one differently (see extractors.py)."""

    name = "events"

    def read(self, a: Analysed, timexes: list[Timex]) -> list[events.EventMention]:
        return events.mentions(a.source, a.blocks, timexes)

    def collector(self, question: str | None) -> _Spill:
        return _Spill()


TIMELINE = _Timeline()
