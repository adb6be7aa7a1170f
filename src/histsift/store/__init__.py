"""Store: one SQLite file, plain tables, versioned by migrations, written atomically.

A build never writes into the store people are reading. It copies the current
store (if any) beside the target, writes there, and moves the copy into place
only when everything succeeded (:func:`writing`); a failed or killed build
leaves the old file as it was. Tables are plain so that sqlite-utils or
Datasette can open the store as it is; docs/STORE.md describes them.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from histsift.errors import StoreError

# One namespace for the library (store.add_pile, store.load_board): the tables in schema.py,
# writing rows in write.py, reading them back as the data model in read.py.
from histsift.store.read import (  # noqa: F401
    boilerplate_shares,
    load_board,
    load_conflicts,
    load_derivation_list,
    load_derivations,
    load_entities,
    load_events,
    load_factors,
    load_headings,
    load_meta,
    load_sentences,
    load_skipped,
    load_source,
    load_sources,
    load_timexes,
    search,
    sentence_context,
    source_paths,
    source_text,
    timexes_between,
)
from histsift.store.schema import MIGRATIONS, SCHEMA_VERSION
from histsift.store.write import (  # noqa: F401
    PILE_TABLES,
    add_pile,
    add_source,
    cached,
    clear_pile,
    prune_cache,
    put_cache,
)

APPLICATION = "histsift"


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


