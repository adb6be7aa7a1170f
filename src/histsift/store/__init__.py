"""Store: one SQLite file, plain tables, versioned by migrations, written atomically.

A build never writes into the store people are reading. It copies the current
store (if any) beside the target, writes there, and moves the copy into place
only when everything succeeded (:func:`writing`); a failed or killed build
leaves the old file as it was. Tables are plain so that sqlite-utils or
Datasette can open the store as it is; docs/STORE.md describes them.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from histsift.errors import StoreError
from histsift.model import Board, Citation, Conflict, ConflictSide, Derivation, Entity, Event, Factor, Skipped, Source, Span

APPLICATION = "histsift"

# Each entry moves the schema from version i to i + 1. Never edit a shipped
# entry: add a new one, so stores made by older versions upgrade in place.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,          -- 's' + hash of text: stable across builds
        path TEXT NOT NULL UNIQUE,    -- relative to the pile root, forward slashes
        title TEXT NOT NULL,
        kind TEXT NOT NULL,           -- txt, md, html, pdf, docx
        encoding TEXT NOT NULL,       -- how the bytes were decoded
        words INTEGER NOT NULL,
        flags TEXT NOT NULL,          -- JSON list: truncated, preview
        boilerplate_share REAL NOT NULL,
        text TEXT NOT NULL            -- exactly what every offset counts in
    );
    CREATE TABLE spans (
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,           -- boilerplate, …
        reason TEXT NOT NULL
    );
    CREATE INDEX spans_source ON spans(source_id, kind, start);
    CREATE TABLE skipped (path TEXT PRIMARY KEY, reason TEXT NOT NULL);
    -- per-source stage results keyed by the file's bytes, so a rebuild redoes
    -- only the files that changed
    CREATE TABLE cache (key TEXT PRIMARY KEY, payload TEXT NOT NULL);
    """,
    """
    -- segments: blocks (heading, paragraph, bullet, row) and their sentences
    CREATE TABLE blocks (
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        kind TEXT NOT NULL, level INTEGER NOT NULL,
        parent INTEGER,               -- idx of the block this one hangs under
        PRIMARY KEY (source_id, idx)
    );
    CREATE TABLE sentences (
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, block INTEGER NOT NULL
    );
    CREATE INDEX sentences_source ON sentences(source_id, start);
    -- every temporal expression, with its resolved value (NULL: not resolvable)
    CREATE TABLE timexes (
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        type TEXT NOT NULL, value TEXT, precision TEXT, form TEXT NOT NULL
    );
    CREATE INDEX timexes_source ON timexes(source_id, start);
    CREATE TABLE events (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL,   -- position: timeline order
        date TEXT NOT NULL, precision TEXT NOT NULL, title TEXT NOT NULL,
        participants TEXT NOT NULL   -- JSON list of names as written
    );
    CREATE TABLE event_citations (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, quote TEXT NOT NULL
    );
    CREATE INDEX event_citations_event ON event_citations(event_id);
    CREATE TABLE conflicts (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT NOT NULL, about TEXT NOT NULL
    );
    CREATE TABLE conflict_sides (
        conflict_id TEXT NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
        side INTEGER NOT NULL, value TEXT NOT NULL,
        source_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, quote TEXT NOT NULL
    );
    """,
    """
    -- which source copies or paraphrases which; evidence: the aligned passages
    CREATE TABLE derivations (
        source_id TEXT NOT NULL, other_id TEXT NOT NULL, score REAL NOT NULL,
        directed INTEGER NOT NULL,    -- 1: source_id copies other_id; 0: related, direction unclear
        PRIMARY KEY (source_id, other_id)
    );
    CREATE TABLE derivation_evidence (
        source_id TEXT NOT NULL, other_id TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,               -- in source_id
        other_start INTEGER NOT NULL, other_end INTEGER NOT NULL       -- in other_id
    );
    """,
    """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
        aliases TEXT NOT NULL,        -- JSON list of the other names the pile uses
        mentions INTEGER NOT NULL, sources TEXT NOT NULL   -- JSON list of source ids
    );
    CREATE TABLE event_entities (event_id TEXT NOT NULL, entity_id TEXT NOT NULL);
    """,
    """
    CREATE TABLE factors (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, label TEXT NOT NULL, question TEXT NOT NULL,
        independent_sources INTEGER NOT NULL   -- sources behind the theme, copies counted once
    );
    CREATE TABLE factor_citations (
        factor_id TEXT NOT NULL REFERENCES factors(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, quote TEXT NOT NULL
    );
    """,
    """
    -- Full-text search over every content sentence (ask, search): BM25 with Porter stems.
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, source_id UNINDEXED, start UNINDEXED, "end" UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    try:
        # a reader may be used from another thread than the one that opened it (the web app's pool);
        # its user serialises the calls (api.Pile.ask holds a lock)
        con = sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=not readonly)
        con.execute("PRAGMA foreign_keys = ON")
        return con
    except sqlite3.Error as e:
        raise StoreError(f"cannot open the store {path}: {e}") from None


def check(path: Path) -> None:
    """Raise a clear StoreError unless ``path`` is a histsift store we can read."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file")
    if not path.exists():
        raise StoreError(f"no store at {path} (run `histsift build PILE --db {path}` first)")
    if not os.access(path, os.R_OK):
        raise StoreError(f"permission denied: cannot read the store {path}")
    with open(path, "rb") as f:
        head = f.read(16)
    if head and head != b"SQLite format 3\x00":
        raise StoreError(f"{path} is not a histsift store (not an SQLite file)")
    con = _connect(path, readonly=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            raise StoreError(f"{path} is an SQLite file but not a histsift store; refusing to touch it")
        app = con.execute("SELECT value FROM meta WHERE key='application'").fetchone()
        if not app or app[0] != APPLICATION:
            raise StoreError(f"{path} is an SQLite file but not a histsift store; refusing to touch it")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path} was written by a newer histsift (schema {version}); upgrade histsift")
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is unreadable: {_sqlite_reason(e)}") from None
    finally:
        con.close()


def open_reader(path: Path) -> sqlite3.Connection:
    """A long-lived read-only connection (ask keeps one per pile); the caller closes it."""
    check(path)
    con = _connect(path, readonly=True)
    con.execute("PRAGMA query_only = ON")
    return con


def _sqlite_reason(e: sqlite3.Error) -> str:
    msg = str(e)
    if "locked" in msg:
        return "it is locked by another process; try again when it is free"
    if "malformed" in msg or "not a database" in msg:
        return "the file is corrupt"
    return msg


def migrate(con: sqlite3.Connection) -> None:
    version = con.execute("PRAGMA user_version").fetchone()[0]
    for i in range(version, SCHEMA_VERSION):
        con.executescript(MIGRATIONS[i])
        con.execute(f"PRAGMA user_version = {i + 1}")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('application', ?)", (APPLICATION,))


WRITE_CACHE_KB = 64 * 1024


@contextlib.contextmanager
def writing(target: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a private copy of ``target``, moved into place on success."""
    if target.exists():
        check(target)
    elif not target.parent.exists():
        raise StoreError(f"no such folder for the store: {target.parent}")
    _remove_stale_copies(target)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        con = _connect(tmp)
    except StoreError:
        raise StoreError(f"cannot write beside {target} (is the folder writable?)") from None
    # a big pile's indexes (cache keys, sentences, citations) are written in no order: with
    # SQLite's default 2 MB page cache each insert would read its index pages back from disk
    con.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KB}")
    try:
        if target.exists():
            old = _connect(target, readonly=True)
            try:
                old.backup(con)
            except sqlite3.Error as e:
                raise StoreError(f"cannot read the store {target}: {_sqlite_reason(e)}") from None
            finally:
                old.close()
        existed = target.exists()
        migrate(con)
        with con:
            yield con
        if existed:  # rows of the old pile were deleted: give their pages back
            con.execute("VACUUM")
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _remove_stale_copies(target: Path) -> None:
    """Remove copies left by killed builds whose process is gone, with their journals."""
    prefix = f".{target.name}.tmp-"
    for p in target.parent.glob(f"{prefix}*"):
        pid = p.name[len(prefix):].split("-", 1)[0]  # ".x.db.tmp-123" and ".x.db.tmp-123-journal"
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                p.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    check(path)
    con = _connect(path, readonly=True)
    try:
        yield con
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is unreadable: {_sqlite_reason(e)}") from None
    finally:
        con.close()


# --------------------------------------------------------------------------- rows

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
    con.executemany("INSERT INTO factors VALUES (?,?,?,?,?)", (
        (f.id, i, f.label, f.question, f.independent_sources) for i, f in enumerate(board.factors)))
    con.executemany("INSERT INTO factor_citations VALUES (?,?,?,?,?)", (
        (f.id, c.source, c.start, c.end, c.quote) for f in board.factors for c in f.citations))
    con.executemany("INSERT INTO skipped VALUES (?,?)", ((k.path, k.reason) for k in skipped))
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", list(meta.items()))


def search(con: sqlite3.Connection, match: str, limit: int = 50) -> list[tuple[str, int, int, float]]:
    """(source id, start, end, BM25 rank; lower is better) of the sentences matching an FTS5 query."""
    try:
        rows = con.execute('SELECT source_id, start, "end", rank FROM passages_fts WHERE passages_fts MATCH ? '
                           "ORDER BY rank LIMIT ?", (match, limit)).fetchall()
    except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
        return []
    return [(sid, int(a), int(b), float(r)) for sid, a, b, r in rows]


def load_factors(con: sqlite3.Connection) -> list[Factor]:
    cites: dict[str, list[Citation]] = {}
    for fid, sid, a, b, q in con.execute('SELECT factor_id, source_id, start, "end", quote FROM factor_citations'
                                         " ORDER BY rowid"):
        cites.setdefault(fid, []).append(Citation(sid, a, b, q))
    return [Factor(fid, label, q, cites.get(fid, []), n) for fid, label, q, n in con.execute(
        "SELECT id, label, question, independent_sources FROM factors ORDER BY position")]


def load_entities(con: sqlite3.Connection) -> list[Entity]:
    return [Entity(eid, name, typ, json.loads(aliases), mentions, json.loads(sources))
            for eid, name, typ, aliases, mentions, sources in con.execute(
                "SELECT id, name, type, aliases, mentions, sources FROM entities ORDER BY position")]


def load_events(con: sqlite3.Connection) -> list[Event]:
    links: dict[str, list[str]] = {}
    for eid, ent in con.execute("SELECT event_id, entity_id FROM event_entities ORDER BY rowid"):
        links.setdefault(eid, []).append(ent)
    cites: dict[str, list[Citation]] = {}
    for eid, sid, a, b, q in con.execute('SELECT event_id, source_id, start, "end", quote FROM event_citations'
                                         ' ORDER BY rowid'):
        cites.setdefault(eid, []).append(Citation(sid, a, b, q))
    return [Event(id=eid, date=date, precision=prec, title=title, citations=cites.get(eid, []),
                  participants=json.loads(parts), entities=links.get(eid, []))
            for eid, date, prec, title, parts in con.execute(
                "SELECT id, date, precision, title, participants FROM events ORDER BY position")]


def load_conflicts(con: sqlite3.Connection) -> list[Conflict]:
    sides: dict[str, dict[int, ConflictSide]] = {}
    for cid, k, value, sid, a, b, q in con.execute(
            'SELECT conflict_id, side, value, source_id, start, "end", quote FROM conflict_sides ORDER BY rowid'):
        side = sides.setdefault(cid, {}).setdefault(k, ConflictSide(value))
        side.citations.append(Citation(sid, a, b, q))
    return [Conflict(cid, kind, about, [s for _, s in sorted(sides.get(cid, {}).items())])
            for cid, kind, about in con.execute("SELECT id, kind, about FROM conflicts ORDER BY position")]


def load_derivations(con: sqlite3.Connection) -> dict[str, list[dict]]:
    """source id → the sources it draws on, with score and whether the direction is argued."""
    out: dict[str, list[dict]] = {}
    for sid, other, score, directed in con.execute(
            "SELECT source_id, other_id, score, directed FROM derivations ORDER BY source_id, other_id"):
        out.setdefault(sid, []).append({"source": other, "score": score, "directed": bool(directed)})
    return out


def load_timexes(con: sqlite3.Connection, source_id: str | None = None) -> list[dict]:
    sql = 'SELECT source_id, start, "end", text, type, value, precision, form FROM timexes'
    rows = con.execute(sql + (" WHERE source_id = ?" if source_id else "") + " ORDER BY source_id, start",
                       (source_id,) if source_id else ())
    keys = ("source", "start", "end", "text", "type", "value", "precision", "form")
    return [dict(zip(keys, r)) for r in rows]


def load_sources(con: sqlite3.Connection, with_text: bool = True, ids: list[str] | None = None) -> list[Source]:
    """The pile's sources by path (``ids``: only those), each with its boilerplate spans."""
    where, args = (f" WHERE id IN ({','.join('?' * len(ids))})", list(ids)) if ids is not None else ("", [])
    spans: dict[str, list[Span]] = {}
    for sid, start, end, kind, reason in con.execute(
            'SELECT source_id, start, "end", kind, reason FROM spans'
            + where.replace(" id ", " source_id ") + " ORDER BY source_id, start", args):
        spans.setdefault(sid, []).append(Span(start, end, kind, reason))
    out = []
    cols = "id, path, title, kind, encoding, words, flags, " + ("text" if with_text else "''")
    for sid, path, title, kind, enc, words, flags, text in con.execute(
            f"SELECT {cols} FROM sources{where} ORDER BY path", args):
        out.append(Source(id=sid, path=path, title=title, text=text, kind=kind, encoding=enc, words=words,
                          boilerplate=[s for s in spans.get(sid, []) if s.kind == "boilerplate"],
                          flags=json.loads(flags)))
    return out


def load_source(con: sqlite3.Connection, sid: str) -> Source | None:
    got = load_sources(con, True, [sid])
    return got[0] if got else None


def load_headings(con: sqlite3.Connection, sid: str) -> list[tuple[int, int]]:
    """The offsets of a source's headings, as the segmenter found them."""
    return [tuple(r) for r in con.execute('SELECT start, "end" FROM blocks WHERE source_id = ? AND kind = ? '
                                          "ORDER BY start", (sid, "heading"))]


def load_sentences(con: sqlite3.Connection, sid: str) -> list[tuple[int, int]]:
    """The offsets of a source's sentences, in order."""
    return [tuple(r) for r in con.execute('SELECT start, "end" FROM sentences WHERE source_id = ? ORDER BY start',
                                          (sid,))]


def source_text(con: sqlite3.Connection, sid: str) -> str:
    row = con.execute("SELECT text FROM sources WHERE id = ?", (sid,)).fetchone()
    return row[0] if row else ""


def sentence_context(con: sqlite3.Connection, sid: str, start: int):
    """What the sentence at ``start`` hangs under: (its block's parent block, the sentence before it in
    its block), each as offsets or None; None when no sentence starts there."""
    row = con.execute('SELECT b.parent, s.block FROM sentences s JOIN blocks b ON b.source_id = s.source_id '
                      'AND b.idx = s.block WHERE s.source_id = ? AND s.start = ?', (sid, start)).fetchone()
    if not row:
        return None
    par = None if row[0] is None else con.execute('SELECT start, "end" FROM blocks WHERE source_id = ? AND idx = ?',
                                                  (sid, row[0])).fetchone()
    prev = con.execute('SELECT start, "end" FROM sentences WHERE source_id = ? AND block = ? AND start < ? '
                       'ORDER BY start DESC LIMIT 1', (sid, row[1], start)).fetchone()
    return par, prev


def timexes_between(con: sqlite3.Connection, sid: str, a: int, b: int) -> list[dict]:
    """The temporal expressions of a source that start in [a, b)."""
    rows = con.execute('SELECT start, "end", type, value, precision FROM timexes WHERE source_id = ? '
                       'AND start >= ? AND start < ?', (sid, a, b))
    return [dict(zip(("start", "end", "type", "value", "precision"), r)) for r in rows]


def source_paths(con: sqlite3.Connection) -> dict[str, str]:
    """source id → its path in the pile."""
    return dict(con.execute("SELECT id, path FROM sources"))


def boilerplate_shares(con: sqlite3.Connection) -> dict[str, float]:
    """source id → the share of its text cut as boilerplate (stored at build time, so no text is read)."""
    return dict(con.execute("SELECT id, boilerplate_share FROM sources"))


def load_skipped(con: sqlite3.Connection) -> list[Skipped]:
    return [Skipped(p, r) for p, r in con.execute("SELECT path, reason FROM skipped ORDER BY path")]


def load_meta(con: sqlite3.Connection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM meta"))


def load_board(con: sqlite3.Connection, with_text: bool = True) -> Board:
    """The board as the build wrote it (``with_text=False``: sources without their text)."""
    meta = load_meta(con)
    factors = load_factors(con)
    return Board(sources=load_sources(con, with_text), events=load_events(con), conflicts=load_conflicts(con),
                 derivations=load_derivation_list(con, with_text), entities=load_entities(con), factors=factors,
                 skipped=load_skipped(con),
                 question=meta.get("why", next((f.question for f in factors if f.question), "")),
                 era=meta.get("era") or None, year=int(meta["year"]) if meta.get("year") else None)


def load_derivation_list(con: sqlite3.Connection, with_text: bool = True) -> list[Derivation]:
    """The copies between sources, with the passage pairs that show them (quoted if ``with_text``)."""
    evidence: dict[tuple[str, str], list[tuple[Citation, Citation]]] = {}
    texts = dict(con.execute("SELECT id, text FROM sources WHERE id IN "
                             "(SELECT source_id FROM derivations UNION SELECT other_id FROM derivations)")) \
        if with_text else {}
    for sid, oid, a, b, c, d in con.execute("SELECT * FROM derivation_evidence ORDER BY rowid"):
        evidence.setdefault((sid, oid), []).append((Citation(sid, a, b, texts.get(sid, "")[a:b]),
                                                    Citation(oid, c, d, texts.get(oid, "")[c:d])))
    return [Derivation(sid, oid, score, bool(directed), evidence.get((sid, oid), []))
            for sid, oid, score, directed in con.execute(
                "SELECT source_id, other_id, score, directed FROM derivations ORDER BY source_id, other_id")]
