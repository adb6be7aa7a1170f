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

from .errors import StoreError
from .model import Skipped, Source, Span

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
]
SCHEMA_VERSION = len(MIGRATIONS)


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=5)
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
    try:
        if target.exists():
            old = _connect(target, readonly=True)
            try:
                old.backup(con)
            except sqlite3.Error as e:
                raise StoreError(f"cannot read the store {target}: {_sqlite_reason(e)}") from None
            finally:
                old.close()
        migrate(con)
        with con:
            yield con
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


def replace_pile(con: sqlite3.Connection, sources: list[Source], skipped: list[Skipped],
                 cache: dict[str, dict], meta: dict[str, str]) -> None:
    """Make the store hold exactly this pile."""
    for table in ("spans", "sources", "skipped", "cache"):
        con.execute(f"DELETE FROM {table}")
    con.executemany("INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?)", [
        (s.id, s.path, s.title, s.kind, s.encoding, s.words, json.dumps(s.flags),
         round(s.boilerplate_share(), 4), s.text) for s in sources])
    con.executemany('INSERT INTO spans VALUES (?,?,?,?,?)', [
        (s.id, b.start, b.end, b.kind, b.reason) for s in sources for b in s.boilerplate])
    con.executemany("INSERT INTO skipped VALUES (?,?)", [(k.path, k.reason) for k in skipped])
    con.executemany("INSERT INTO cache VALUES (?,?)", [(k, json.dumps(v)) for k, v in cache.items()])
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", list(meta.items()))


def load_sources(con: sqlite3.Connection, with_text: bool = True) -> list[Source]:
    spans: dict[str, list[Span]] = {}
    for sid, start, end, kind, reason in con.execute(
            'SELECT source_id, start, "end", kind, reason FROM spans ORDER BY source_id, start'):
        spans.setdefault(sid, []).append(Span(start, end, kind, reason))
    out = []
    cols = "id, path, title, kind, encoding, words, flags, " + ("text" if with_text else "''")
    for sid, path, title, kind, enc, words, flags, text in con.execute(f"SELECT {cols} FROM sources ORDER BY path"):
        out.append(Source(id=sid, path=path, title=title, text=text, kind=kind, encoding=enc, words=words,
                          boilerplate=[s for s in spans.get(sid, []) if s.kind == "boilerplate"],
                          flags=json.loads(flags)))
    return out


def load_skipped(con: sqlite3.Connection) -> list[Skipped]:
    return [Skipped(p, r) for p, r in con.execute("SELECT path, reason FROM skipped ORDER BY path")]


def load_meta(con: sqlite3.Connection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM meta"))
