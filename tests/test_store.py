"""The store: atomic builds, the content-hash cache, its schema and its offsets."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import histsift
from conftest import EXAMPLES, run_cli
from histsift import store
from histsift.errors import StoreError

WORDS = ("the council met again in spring and argued about the price of grain while the harbour "
         "stayed closed and letters describe roads impassable in winter").split()


def tmp_copies(db: Path) -> list[str]:
    """Every file a build writes beside ``db``: its private copy and that copy's journal."""
    return sorted(p.name for p in db.parent.glob(f".{db.name}.tmp-*"))


def export_json(db: Path) -> str:
    r = run_cli("export", "--db", db)
    assert r.returncode == 0, r.stderr
    return r.stdout


def write_pile(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def prose(rng: random.Random, n: int, lead: str) -> str:
    lines = [" ".join(rng.choice(WORDS) for _ in range(15)) + "." for _ in range(n)]
    return f"{lead}\n" + "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- atomic builds

def test_killed_build_leaves_the_old_store_as_it_was(tmp_path):
    db = tmp_path / "store.db"
    r = run_cli("build", EXAMPLES, "--db", db, "--quiet")
    assert r.returncode == 0, r.stderr
    before_json, before_bytes = export_json(db), db.read_bytes()

    rng = random.Random(7)
    big = tmp_path / "big"
    big.mkdir()
    for i in range(3000):
        (big / f"{i:05d}.txt").write_text(prose(rng, 20, f"Note {i}."), encoding="utf-8")

    # --jobs 1: one process to kill, no orphaned pool workers.
    p = subprocess.Popen([sys.executable, "-m", "histsift", "build", str(big), "--db", str(db), "--jobs", "1",
                          "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp = db.with_name(f".{db.name}.tmp-{p.pid}")
    try:
        deadline = time.monotonic() + 60
        while not tmp.exists():
            assert p.poll() is None, "the build ended before its copy of the store was seen"
            assert time.monotonic() < deadline, "the build never made its copy of the store"
            time.sleep(0.002)
        os.kill(p.pid, signal.SIGKILL)
    finally:
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
        rc = p.wait(timeout=30)
    assert rc == -signal.SIGKILL, "the build finished before it was killed; the test proves nothing"
    assert tmp.exists(), "a killed build cannot clean up: its copy is left beside the store"

    assert db.read_bytes() == before_bytes
    assert export_json(db) == before_json

    r = run_cli("build", EXAMPLES, "--db", db, "--quiet")
    assert r.returncode == 0, r.stderr
    assert tmp_copies(db) == [], "the next build removes the dead build's copy and its journal"
    assert export_json(db) == before_json


@pytest.mark.parametrize("target", ["histsift.pipeline.learn", "histsift.pipeline.reconcile.Combiner.board"])
@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_build_that_raises_half_way_changes_nothing(tmp_path, monkeypatch, target, exc):
    db = tmp_path / "store.db"
    histsift.build(EXAMPLES, db=db)
    before_bytes, before_doc = db.read_bytes(), histsift.open(db).export()
    pile = write_pile(tmp_path / "other", {"a.txt": prose(random.Random(1), 5, "A."),
                                           "b.txt": prose(random.Random(2), 5, "B.")})
    calls = []

    def boom(*a, **kw):
        calls.append(a)
        raise exc("half way")

    monkeypatch.setattr(target, boom)
    with pytest.raises(exc, match="half way"):
        histsift.build(pile, db=db)
    assert calls, "the build never reached the patched stage"

    assert db.read_bytes() == before_bytes
    assert histsift.open(db).export() == before_doc
    assert tmp_copies(db) == []


def test_first_build_that_raises_leaves_no_store(tmp_path, monkeypatch):
    db = tmp_path / "new.db"
    monkeypatch.setattr("histsift.pipeline.learn", lambda digests: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        histsift.build(EXAMPLES, db=db)
    assert not db.exists()
    assert tmp_copies(db) == []


# --------------------------------------------------------------------------- content-hash cache

def test_rebuild_reuses_unchanged_files(tmp_path):
    rng = random.Random(3)
    pile = write_pile(tmp_path / "pile", {"a.txt": prose(rng, 6, "Alpha."), "b.txt": prose(rng, 6, "Beta."),
                                          "c.md": prose(rng, 6, "# Gamma")})
    db = tmp_path / "store.db"

    first = histsift.build(pile, db=db)
    assert first.report.reused == 0
    ids = {s.path: s.id for s in first.sources()}
    assert sorted(ids) == ["a.txt", "b.txt", "c.md"]

    (pile / "b.txt").write_text(prose(rng, 6, "Beta, revised."), encoding="utf-8")
    second = histsift.build(pile, db=db)
    assert second.report.reused == 2
    ids2 = {s.path: s.id for s in second.sources()}
    assert ids2["a.txt"] == ids["a.txt"] and ids2["c.md"] == ids["c.md"]
    assert ids2["b.txt"] != ids["b.txt"]
    assert "Beta, revised." in {s.path: s for s in second.sources()}["b.txt"].text

    (pile / "c.md").unlink()
    third = histsift.build(pile, db=db)
    assert third.report.reused == 2
    assert sorted(s.path for s in third.sources()) == ["a.txt", "b.txt"]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM spans WHERE source_id = ?", (ids["c.md"],)).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM cache").fetchone()[0] == 2
    con.close()

    # A moved file is reused under its new path, with the same id.
    (pile / "old").mkdir()
    (pile / "a.txt").rename(pile / "old" / "a.txt")
    fourth = histsift.build(pile, db=db)
    assert fourth.report.reused == 2
    assert {s.path: s.id for s in fourth.sources()} == {"b.txt": ids2["b.txt"], "old/a.txt": ids["a.txt"]}


def test_reused_sources_equal_fresh_ones(tmp_path):
    db, fresh = tmp_path / "cached.db", tmp_path / "fresh.db"
    histsift.build(EXAMPLES, db=db)
    rebuilt = histsift.build(EXAMPLES, db=db)
    assert rebuilt.report.reused == len(rebuilt.sources()) > 0
    assert rebuilt.export() == histsift.build(EXAMPLES, db=fresh).export()


# --------------------------------------------------------------------------- schema

def test_store_is_plain_sqlite(tmp_path):
    sqlite_utils = pytest.importorskip("sqlite_utils")
    db = tmp_path / "store.db"
    pile = histsift.build(EXAMPLES, db=db)

    sdb = sqlite_utils.Database(db)
    assert {"sources", "spans", "skipped", "meta"} <= set(sdb.table_names())
    assert sdb["sources"].count == len(pile.sources())
    assert {r["key"]: r["value"] for r in sdb["meta"].rows}["application"] == "histsift"
    assert sdb.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert store.SCHEMA_VERSION == len(store.MIGRATIONS) >= 1
    sdb.close()


def test_store_from_a_newer_histsift_is_refused(tmp_path):
    db = tmp_path / "store.db"
    histsift.build(EXAMPLES, db=db)
    with sqlite3.connect(db) as con:
        con.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    con.close()
    before = db.read_bytes()

    with pytest.raises(StoreError, match="newer histsift"):
        histsift.open(db)
    with pytest.raises(StoreError, match="newer histsift"):
        histsift.build(EXAMPLES, db=db)
    assert db.read_bytes() == before

    r = run_cli("export", "--db", db)
    assert r.returncode == StoreError.code
    assert r.stderr.startswith("histsift: ") and len(r.stderr.splitlines()) == 1
    assert "newer histsift" in r.stderr


def test_older_store_is_migrated_in_place(tmp_path, monkeypatch):
    db = tmp_path / "store.db"
    histsift.build(EXAMPLES, db=db)
    old_export = histsift.open(db).export()

    # The next release adds a migration; a store made by this one upgrades on rebuild.
    migration = "CREATE TABLE notes (source_id TEXT NOT NULL, note TEXT NOT NULL);"
    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, migration])
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(store.MIGRATIONS))
    histsift.open(db)  # an older store is readable as it is

    pile = histsift.build(EXAMPLES, db=db)
    assert pile.report.reused == len(pile.sources())  # the cache survived the upgrade
    assert pile.export() == old_export
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert "notes" in {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()


# --------------------------------------------------------------------------- offsets

def test_boilerplate_spans_are_within_the_stored_text(tmp_path):
    rng = random.Random(11)
    chrome = "Cite this page\nShare on Facebook\nSubscribe to our newsletter\n© 2024 All rights reserved\n"
    files = {f"page{i}.txt": "\ufeffHome\nMenu\nSearch\nAbout us\nContact\n" + prose(rng, 4, f"Page {i} 🏰 Ünïcode.")
             + chrome for i in range(4)}
    files["crlf.txt"] = (prose(rng, 3, "Windows lines.") + chrome).replace("\n", "\r\n")
    pile = write_pile(tmp_path / "pile", files)
    for f in EXAMPLES.iterdir():
        (pile / f.name).write_bytes(f.read_bytes())
    db = tmp_path / "store.db"
    assert run_cli("build", pile, "--db", db, "--quiet").returncode == 0

    doc = json.loads(export_json(db))
    with sqlite3.connect(db) as con:
        texts = dict(con.execute("SELECT id, text FROM sources"))
        stored_spans = sorted(con.execute('SELECT source_id, start, "end" FROM spans WHERE kind = ?',
                                          ("boilerplate",)))
    con.close()
    assert {s["id"] for s in doc["sources"]} == set(texts)

    exported = sorted((s["id"], b["start"], b["end"]) for s in doc["sources"] for b in s["boilerplate"])
    assert exported == stored_spans
    assert len(exported) >= 20, "the pile has chrome; no spans means this test checked nothing"
    for s in doc["sources"]:
        text = texts[s["id"]]
        prev_end = 0
        for b in s["boilerplate"]:
            assert 0 <= b["start"] < b["end"] <= len(text), (s["path"], b)
            assert b["start"] >= prev_end, f"spans of {s['path']} overlap or are out of order"
            prev_end = b["end"]
            cut = text[b["start"]:b["end"]]
            assert cut == cut.strip() and "\n" not in cut, (s["path"], cut)
    cut = {texts[s["id"]][b["start"]:b["end"]] for s in doc["sources"] for b in s["boilerplate"]}
    assert {"Cite this page", "Share on Facebook", "© 2024 All rights reserved"} <= cut
