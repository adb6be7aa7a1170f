"""Writing a pile's rows: the per-source cache, each source's spans and dates, and the board."""
from __future__ import annotations

import json
import sqlite3

from histsift.model import Board


def cached(con: sqlite3.Connection, key: str) -> dict | None:
    row = con.execute("SELECT payload FROM cache WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


PILE_TABLES = ("passages_fts", "factor_citations", "factors", "event_entities", "entities", "derivation_evidence", "derivations", "conflict_sides", "conflicts", "event_citations", "events", "timexes", "sentences", "blocks",
               "spans", "sources", "skipped", "cache")


def clear_pile(con: sqlite3.Connection) -> None:
    """Empty every table of the pile but the cache (see :func:`prune_cache`)."""
    for table in PILE_TABLES:
        if table != "cache":
            con.execute(f"DELETE FROM {table}")


def put_cache(con: sqlite3.Connection, key: str, payload: str) -> None:
    con.execute("INSERT OR REPLACE INTO cache VALUES (?,?)", (key, payload))


def prune_cache(con: sqlite3.Connection, keep: set[str]) -> None:
    """Drop cached results that no file of the pile has any longer."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS keep_keys (key TEXT PRIMARY KEY)")
    con.execute("DELETE FROM keep_keys")
    con.executemany("INSERT OR IGNORE INTO keep_keys VALUES (?)", ((k,) for k in keep))
    con.execute("DELETE FROM cache WHERE key NOT IN (SELECT key FROM keep_keys)")
    con.execute("DROP TABLE keep_keys")


def add_source(con: sqlite3.Connection, a, timexes) -> None:
    """One source's rows: the source, its spans, blocks, sentences and valued dates."""
    s = a.source
    sid = s.id
    con.execute("INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?)",
                (sid, s.path, s.title, s.kind, s.encoding, s.words, json.dumps(s.flags),
                 round(s.boilerplate_share(), 4), s.text))
    con.executemany('INSERT INTO spans VALUES (?,?,?,?,?)', [(sid, b.start, b.end, b.kind, b.reason)
                                                              for b in s.boilerplate])
    con.executemany("INSERT INTO blocks VALUES (?,?,?,?,?,?,?)",
                    [(sid, i, b.start, b.end, b.kind, b.level, b.parent) for i, b in enumerate(a.blocks)])
    con.executemany("INSERT INTO sentences VALUES (?,?,?,?)",
                    [(sid, x, y, i) for i, b in enumerate(a.blocks) for x, y in b.sentences])
    text = s.text
    con.executemany("INSERT INTO passages_fts VALUES (?,?,?,?)",
                    [(text[x:y], sid, x, y) for b in a.blocks for x, y in b.sentences])
    con.executemany("INSERT INTO timexes VALUES (?,?,?,?,?,?,?,?)", [
        (sid, t.start, t.end, t.text, t.type, t.value, t.precision, t.form) for t in timexes])


def add_pile(con: sqlite3.Connection, board: Board, meta: dict[str, str]) -> None:
    """The pile-level rows: events, conflicts, copies, who's who, causes; skipped files; meta
    (with the board's why-question, era and year, which :func:`load_board` gives back)."""
    skipped = board.skipped
    meta = meta | {"why": board.question, "era": board.era or "", "year": "" if board.year is None else str(board.year)}
    con.executemany("INSERT INTO events VALUES (?,?,?,?,?,?)", (
        (e.id, i, e.date, e.precision, e.title, json.dumps(e.participants, ensure_ascii=False))
        for i, e in enumerate(board.events)))
    con.executemany("INSERT INTO event_citations VALUES (?,?,?,?,?)", (
        (e.id, c.source, c.start, c.end, c.quote) for e in board.events for c in e.citations))
    con.executemany("INSERT INTO conflicts VALUES (?,?,?,?)", ((c.id, i, c.kind, c.about) for i, c in enumerate(board.conflicts)))
    con.executemany("INSERT INTO conflict_sides VALUES (?,?,?,?,?,?,?)", (
        (c.id, k, side.value, x.source, x.start, x.end, x.quote)
        for c in board.conflicts for k, side in enumerate(c.sides) for x in side.citations))
    con.executemany("INSERT INTO derivations VALUES (?,?,?,?)", ((d.source, d.other, d.score, int(d.directed)) for d in board.derivations))
    con.executemany("INSERT INTO derivation_evidence VALUES (?,?,?,?,?,?)", (
        (d.source, d.other, x.start, x.end, y.start, y.end) for d in board.derivations for x, y in d.evidence))
    con.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?)", (
        (e.id, i, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False), e.mentions, json.dumps(e.sources))
        for i, e in enumerate(board.entities)))
    con.executemany("INSERT INTO event_entities VALUES (?,?)", ((ev.id, eid) for ev in board.events for eid in ev.entities))
    con.executemany("INSERT INTO factors (id, position, label, question, independent_sources, term) VALUES "
                    "(?,?,?,?,?,?)", ((f.id, i, f.label, f.question, f.independent_sources, f.term)
                                      for i, f in enumerate(board.factors)))
    con.executemany("INSERT INTO factor_citations VALUES (?,?,?,?,?)", (
        (f.id, c.source, c.start, c.end, c.quote) for f in board.factors for c in f.citations))
    con.executemany("INSERT INTO skipped VALUES (?,?)", ((k.path, k.reason) for k in skipped))
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", list(meta.items()))
