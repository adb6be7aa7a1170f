"""Export: the ``histsift/1`` document of the evaluation contract, and CSV files.

The JSON document is the public contract (docs/EXPORT.md); fields may be added
but never renamed or dropped. Lists whose stages have not landed yet are empty.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from histsift.errors import HistsiftError
from histsift.extract import reliability
from histsift.model import Board, Conflict, Event, Source

SCHEMA = "histsift/1"
LISTS = ("sources", "entities", "events", "factors", "conflicts")


def source_dict(s: Source, derived: list[dict] | None = None, reliability: dict | None = None) -> dict:
    return {
        "id": s.id,
        "path": s.path,
        "title": s.title,
        "words": s.words,
        "kind": s.kind,
        "encoding": s.encoding,
        "boilerplate": [{"start": b.start, "end": b.end, "reason": b.reason} for b in s.boilerplate],
        "boilerplate_share": round(s.boilerplate_share(), 3),
        "derived_from": list(derived or []),
        "flags": list(s.flags),
        "reliability": reliability or {},
    }


def event_dict(e: Event, board: Board | None = None) -> dict:
    out = {"id": e.id, "date": e.date, "precision": e.precision, "title": e.title,
           "entities": list(e.entities), "participants": list(e.participants),
           "citations": [c.to_dict() for c in e.citations]}
    if board is not None:   # sources behind it, copies counted once
        out["independent_sources"] = board.lineages(c.source for c in e.citations)
    return out


def conflict_dict(c: Conflict, board: Board | None = None) -> dict:
    sides = []
    for s in c.sides:
        side = {"value": s.value, "citations": [x.to_dict() for x in s.citations]}
        if board is not None:
            side["independent_sources"] = board.lineages(x.source for x in s.citations)
        sides.append(side)
    return {"id": c.id, "kind": c.kind, "about": c.about, "sides": sides}


def document(board: Board) -> dict:
    """The ``histsift/1`` document of a board."""
    derived = board.derived()
    rel = reliability.sketch(board.sources, derived, board.conflicts)
    return {
        "schema": SCHEMA,
        "sources": [source_dict(s, derived.get(s.id), rel.get(s.id)) for s in board.sources],
        "entities": [{"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases, "mentions": e.mentions,
                      "sources": e.sources} for e in board.entities],
        "events": [event_dict(e, board) for e in board.events],
        "factors": [{"id": f.id, "label": f.label, "question": f.question,
                     "independent_sources": f.independent_sources, "term": f.term,
                     "citations": [c.to_dict() for c in f.citations]} for f in board.factors],
        "conflicts": [conflict_dict(c, board) for c in board.conflicts],
    }


def to_json(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def write_csv(doc: dict, out: Path, sources: list[Source]) -> list[Path]:
    """One CSV per list of the document, plus boilerplate.csv with the cut text."""
    if out.exists() and not out.is_dir():
        raise HistsiftError(f"{out} is a file; --out needs a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HistsiftError(f"cannot create {out}: {e.strerror}") from None
    written = []
    rows = {
        "sources": [{k: (json.dumps(v) if isinstance(v, list) else v) for k, v in d.items() if k != "boilerplate"}
                    for d in doc["sources"]],
        "boilerplate": [{"source": s.id, "path": s.path, "start": b.start, "end": b.end, "reason": b.reason,
                         "text": s.text[b.start:b.end]} for s in sources for b in s.boilerplate],
    }
    headers = {
        "sources": ["id", "path", "title", "words", "kind", "encoding", "boilerplate_share", "derived_from", "flags"],
        "boilerplate": ["source", "path", "start", "end", "reason", "text"],
        "entities": ["id", "name", "type", "aliases", "mentions", "sources"],
        "events": ["id", "date", "precision", "title", "entities", "citations"],
        "factors": ["id", "label", "question", "term", "citations"],
        "conflicts": ["id", "kind", "about", "sides"],
    }
    for name in ("entities", "events", "factors", "conflicts"):
        rows[name] = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                       for k, v in d.items()} for d in doc[name]]
    for name, header in headers.items():
        path = out / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows[name])
        written.append(path)
    return written
