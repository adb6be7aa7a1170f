"""The library's front door: the same calls the CLI makes."""
from __future__ import annotations

import os
from pathlib import Path

from . import ask as _ask
from . import export as _export
from . import pipeline, store
from .model import Skipped, Source


class Pile:
    """A built store. Cheap to make; every call reads the store afresh."""

    def __init__(self, db: str | os.PathLike, report: pipeline.BuildReport | None = None):
        self.db = Path(db)
        self.report = report
        store.check(self.db)

    def sources(self, with_text: bool = True) -> list[Source]:
        with store.reading(self.db) as con:
            return store.load_sources(con, with_text)

    def skipped(self) -> list[Skipped]:
        with store.reading(self.db) as con:
            return store.load_skipped(con)

    def export(self) -> dict:
        """The ``histsift/1`` document."""
        return _export.document(self.sources())

    def export_csv(self, out: str | os.PathLike) -> list[Path]:
        sources = self.sources()
        return _export.write_csv(_export.document(sources), Path(out), sources)

    def ask(self, question: str) -> dict:
        return _ask.answer(question, self.sources())

    def __repr__(self) -> str:
        return f"Pile({str(self.db)!r})"


def build(pile: str | os.PathLike, db: str | os.PathLike = "histsift.db", **kw) -> Pile:
    """Build the store ``db`` from the files under ``pile`` and open it."""
    report = pipeline.build(pile, db, **kw)
    return Pile(db, report)


def open_pile(db: str | os.PathLike = "histsift.db") -> Pile:
    return Pile(db)
