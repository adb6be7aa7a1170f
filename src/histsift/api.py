"""The library's front door: the same calls the CLI makes."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from histsift import ask as _ask
from histsift.outputs import export as _export
from histsift import pipeline, store
from histsift.model import Board, Conflict, Entity, Event, Factor, Skipped, Source
from histsift.store.sentence_index import CLOSE, OPEN, SentenceIndex  # noqa: F401  (the web app's search)


class Pile:
    """A built store. Cheap to make; every call reads the store afresh."""

    def __init__(self, db: str | os.PathLike, report: pipeline.BuildReport | None = None):
        self.db = Path(db)
        self.report = report
        self._asker = None
        self._ask_lock = threading.Lock()   # one answerer (and its connection) for every thread asking
        store.check(self.db)

    def sources(self, with_text: bool = True) -> list[Source]:
        with store.reading(self.db) as con:
            return store.load_sources(con, with_text)

    def source(self, sid: str) -> Source | None:
        """One source with its text, or None when no source of the pile has that id."""
        with store.reading(self.db) as con:
            return store.load_source(con, sid)

    def headings(self, sid: str) -> list[tuple[int, int]]:
        with store.reading(self.db) as con:
            return store.load_headings(con, sid)

    def paths(self) -> dict[str, str]:
        """source id → its path in the pile."""
        with store.reading(self.db) as con:
            return store.source_paths(con)

    def boilerplate_shares(self) -> dict[str, float]:
        with store.reading(self.db) as con:
            return store.boilerplate_shares(con)

    def meta(self) -> dict[str, str]:
        """What the build recorded about the pile (its folder, why-question, era, year…)."""
        with store.reading(self.db) as con:
            return store.load_meta(con)

    def skipped(self) -> list[Skipped]:
        with store.reading(self.db) as con:
            return store.load_skipped(con)

    def events(self) -> list[Event]:
        """The timeline, in date order."""
        with store.reading(self.db) as con:
            return store.load_events(con)

    def conflicts(self) -> list[Conflict]:
        with store.reading(self.db) as con:
            return store.load_conflicts(con)

    def entities(self) -> list[Entity]:
        """Who's who, most mentioned first."""
        with store.reading(self.db) as con:
            return store.load_entities(con)

    def factors(self) -> list[Factor]:
        """The causes: themes answering the pile's why-question, most independent sources first."""
        with store.reading(self.db) as con:
            return store.load_factors(con)

    def derivations(self) -> dict[str, list[dict]]:
        """source id → the sources it copies or paraphrases."""
        with store.reading(self.db) as con:
            return store.load_derivations(con)

    def timexes(self, source_id: str | None = None) -> list[dict]:
        """Every temporal expression found, with its value."""
        with store.reading(self.db) as con:
            return store.load_timexes(con, source_id)

    def board(self, with_text: bool = True) -> Board:
        """The whole evidence board, as the build wrote it: what every output reads."""
        with store.reading(self.db) as con:
            return store.load_board(con, with_text)

    def export(self) -> dict:
        """The ``histsift/1`` document."""
        return _export.document(self.board())

    def export_csv(self, out: str | os.PathLike) -> list[Path]:
        sources = self.sources()
        return _export.write_csv(self.export(), Path(out), sources)

    def ask(self, question: str) -> dict:
        """An answer object (SCHEMA.md): typed value and exact citations, or nulls when the sources
        do not say. The first question loads what asking needs; later ones reuse it."""
        with self._ask_lock:
            if self._asker is None:
                self._asker = _ask.Asker(self.db)
            return self._asker.answer(question)

    def __repr__(self) -> str:
        return f"Pile({str(self.db)!r})"


def build(pile: str | os.PathLike, db: str | os.PathLike = "histsift.db", **kw) -> Pile:
    """Build the store ``db`` from the files under ``pile`` and open it."""
    report = pipeline.build(pile, db, **kw)
    return Pile(db, report)


def open_pile(db: str | os.PathLike = "histsift.db") -> Pile:
    return Pile(db)


def tag_file(path: str | os.PathLike, dct: str | None = None) -> list:
    """The date tagger alone on one file: its temporal expressions, resolved
    against ``dct`` (YYYY-MM-DD, for news) or else the text's own dates."""
    from histsift.ingest import clean, load
    from histsift import dates
    from histsift.errors import HistsiftError

    path = Path(path)
    root, files = load.discover(path)
    if path.is_dir():
        raise HistsiftError(f"{path} is a folder; `histsift dates` takes files")
    got = load.read_file(files[0], root)
    if isinstance(got, Skipped):
        raise HistsiftError(f"{path}: {got.reason}")
    try:
        when = dates.parse_dct(dct) if dct else None
    except ValueError as e:
        raise HistsiftError(f"--dct: {e}") from None
    src = clean.clean(got)
    return dates.tag(src.text, dates.Context(dct=when, skip=[(b.start, b.end) for b in src.boilerplate]))
