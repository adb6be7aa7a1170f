"""Search in the web app: the store's sentence index, with the matched words marked up safely."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from histsift.api import CLOSE, OPEN, SentenceIndex
from histsift.web.render import marked


@dataclass
class Hit:
    source: str
    title: str
    path: str
    start: int
    end: int
    snippet: Markup


class SearchIndex:
    def __init__(self, db: Path):
        self.index = SentenceIndex(db)

    def search(self, query: str, limit: int = 60) -> tuple[list[Hit], int]:
        found, total = self.index.search(query, limit)
        return [Hit(f.source, f.title, f.path, f.start, f.end, marked(f.text, OPEN, CLOSE)) for f in found], total
