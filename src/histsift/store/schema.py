"""The store's tables, as the migrations that make them (docs/STORE.md describes each)."""
from __future__ import annotations

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
    """
    -- A theme's place in time where the sources file it so: long-term, short-term, trigger.
    ALTER TABLE factors ADD COLUMN term TEXT NOT NULL DEFAULT '';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
