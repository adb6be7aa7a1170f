"""Reading the store back: the board and its parts as the data model's objects, never bare rows."""
from __future__ import annotations

import json
import sqlite3

from histsift.model import (
    Board,
    Citation,
    Conflict,
    ConflictSide,
    Derivation,
    Entity,
    Event,
    Factor,
    Skipped,
    Source,
    Span,
)


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
    return [Factor(fid, label, q, cites.get(fid, []), n, term) for fid, label, q, n, term in con.execute(
        "SELECT id, label, question, independent_sources, term FROM factors ORDER BY position")]


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
