"""Full-text search over the stored sentences, in a private in-memory index (the web app's search box).

The store's schema is not touched: the index is an SQLite FTS5 table in
memory, made from the stored sources and their sentences on first use and again whenever the
store file changes (a rebuild replaces it). Where SQLite lacks FTS5 the same
table is searched with LIKE.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from histsift.store import load_sentences, load_sources, reading

OPEN, CLOSE = "\ue000", "\ue001"   # private-use markers, turned into <mark> after escaping
MAX_TERMS = 12


@dataclass
class Found:
    """One matching sentence: its source, offsets, and its text with the matched words between
    :data:`OPEN` and :data:`CLOSE` (markers that a page turns into highlights after escaping)."""
    source: str
    title: str
    path: str
    start: int
    end: int
    text: str


class SentenceIndex:
    def __init__(self, db: Path):
        self.db = db
        self._key: tuple | None = None
        self._con: sqlite3.Connection | None = None
        self._fts = True
        self._lock = threading.Lock()

    def search(self, query: str, limit: int = 60) -> tuple[list[Found], int]:
        """The best sentences for ``query`` (every word must occur, as a word or a
        word's beginning), and how many sentences matched in all."""
        terms = re.findall(r"\w+", query)[:MAX_TERMS]
        if not terms:
            return [], 0
        with self._lock:
            con = self._fresh()
            if self._fts:
                match = " ".join(f'"{t}"*' for t in terms)
                total = con.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0]
                rows = con.execute(
                    "SELECT source, start, stop, highlight(fts, 0, ?, ?) FROM fts WHERE fts MATCH ?"
                    " ORDER BY bm25(fts) LIMIT ?", (OPEN, CLOSE, match, limit)).fetchall()
            else:
                where = " AND ".join("body LIKE ? ESCAPE '\\'" for _ in terms)
                args = [f"%{_like(t)}%" for t in terms]
                total = con.execute(f"SELECT count(*) FROM fts WHERE {where}", args).fetchone()[0]
                rows = [(s, a, b, _mark_terms(body, terms)) for s, a, b, body in con.execute(
                    f"SELECT source, start, stop, body FROM fts WHERE {where} LIMIT ?", [*args, limit])]
            titles = dict(con.execute("SELECT id, title || char(0) || path FROM titles").fetchall())
        hits = []
        for sid, a, b, text in rows:
            title, _, path = titles.get(sid, "\0").partition("\0")
            hits.append(Found(sid, title, path, a, b, text))
        return hits, total

    def _fresh(self) -> sqlite3.Connection:
        st = self.db.stat()
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if key == self._key and self._con is not None:
            return self._con
        con = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            con.execute("CREATE VIRTUAL TABLE fts USING fts5(body, source UNINDEXED, start UNINDEXED, "
                        "stop UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')")
            self._fts = True
        except sqlite3.OperationalError:   # an SQLite built without FTS5
            con.execute("CREATE TABLE fts (body TEXT, source TEXT, start INTEGER, stop INTEGER)")
            self._fts = False
        con.execute("CREATE TABLE titles (id TEXT PRIMARY KEY, title TEXT, path TEXT)")
        with reading(self.db) as src:
            for s in load_sources(src):
                con.execute("INSERT INTO titles VALUES (?,?,?)", (s.id, s.title, s.path))
                con.executemany("INSERT INTO fts (body, source, start, stop) VALUES (?,?,?,?)", [
                    (_clean(s.text[a:b]), s.id, a, b) for a, b in load_sentences(src, s.id) if b > a])
        con.commit()
        if self._con is not None:
            self._con.close()
        self._con, self._key = con, key
        return con


def _clean(s: str) -> str:
    # the markers must not occur in the text itself, or a snippet's <mark>s would not pair up
    return s.replace(OPEN, "\ufffd").replace(CLOSE, "\ufffd")


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _mark_terms(body: str, terms: list[str]) -> str:
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    return pattern.sub(lambda m: OPEN + m.group() + CLOSE, body)
