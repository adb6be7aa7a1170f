"""The pipeline: load → clean → segment → annotate per source, then reconcile → store.

Per-source stages are one pure function, :func:`process_file`, of one file's
bytes; it runs in a process pool when the pile is large and its result is
cached in the store under the hash of those bytes, so a rebuild redoes only
the files that changed. :func:`reconcile` is the one stage that sees the whole
pile.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__, clean, load, store
from .annotate import Analysed, annotate
from .errors import HistsiftError
from .model import Skipped, Source
from .reconcile import Board, reconcile

# Bump when a per-source stage changes its output, so cached results are redone.
STAGE_VERSION = "3"
PARALLEL_MIN_FILES = 64

Progress = Callable[[int, int, str], None]


@dataclass
class BuildReport:
    db: str
    sources: list[Source] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    reused: int = 0
    board: Board | None = None

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sources)

    def to_dict(self) -> dict:
        return {
            "db": self.db,
            "files": len(self.sources) + len(self.skipped),
            "sources": [{"id": s.id, "path": s.path, "title": s.title, "words": s.words,
                         "boilerplate_share": round(s.boilerplate_share(), 3), "flags": s.flags}
                        for s in self.sources],
            "skipped": [asdict(k) for k in self.skipped],
            "reused": self.reused,
            "words": self.words,
        }


def process_file(path: Path, root: Path, max_bytes: int = load.MAX_BYTES) -> Analysed | Skipped:
    """Every per-source stage, on one file: load → clean → segment → annotate."""
    got = load.read_file(path, root, max_bytes)
    if isinstance(got, Skipped):
        return got
    return annotate(clean.clean(got))


def _cache_key(data_hash: str) -> str:
    return f"{STAGE_VERSION}:{data_hash}"


def _file_hash(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def build(pile: str | os.PathLike, db: str | os.PathLike = "histsift.db", *, jobs: int | None = None,
          max_bytes: int = load.MAX_BYTES, progress: Progress | None = None,
          question: str | None = None) -> BuildReport:
    """Build (or rebuild) the store ``db`` from the files of ``pile``; ``question`` overrides the
    why-question found in the pile."""
    root, files = load.discover(Path(pile))
    target = Path(db)
    if target.exists() and target.resolve() in {f.resolve() for f in files}:
        files = [f for f in files if f.resolve() != target.resolve()]
    report = BuildReport(db=str(target))
    with store.writing(target) as con:
        results, cache = _per_source(con, files, root, max_bytes, jobs, progress, report)
        analysed, skipped = _dedupe(results)
        if not analysed:
            why = f"; skipped: {skipped[0].path} ({skipped[0].reason})" if len(skipped) == 1 else ""
            raise HistsiftError(f"no sources to build from in {pile}" + (why or (
                f" ({len(skipped)} files skipped; see --json for reasons)" if skipped else " (it is empty)")))
        board = reconcile(analysed, question=question)
        store.replace_pile(con, board, skipped, cache,
                           {"pile": load.printable(str(Path(pile).resolve())), "histsift_version": __version__,
                            "question": question or ""})
    report.sources, report.skipped, report.board = board.sources, skipped, board
    return report


def _per_source(con, files, root, max_bytes, jobs, progress, report):
    results: list[Analysed | Skipped | None] = [None] * len(files)
    cache: dict[str, dict] = {}
    todo = []
    for i, f in enumerate(files):
        h = _file_hash(f)
        hit = store.cached(con, _cache_key(h)) if h else None
        if hit is not None:
            results[i] = _from_cache(hit, f, root)
            cache[_cache_key(h)] = hit
            report.reused += 1
        else:
            todo.append((i, f, h))
    done = len(files) - len(todo)
    if progress:
        progress(done, len(files), "")
    for (i, f, h), got in zip(todo, _run(todo, root, max_bytes, jobs)):
        results[i] = got
        if h and isinstance(got, Analysed):
            cache[_cache_key(h)] = got.to_dict()
        done += 1
        if progress:
            progress(done, len(files), f.name)
    return results, cache


def _run(todo, root, max_bytes, jobs):
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < PARALLEL_MIN_FILES:
        for _, f, _ in todo:
            yield process_file(f, root, max_bytes)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_file, [f for _, f, _ in todo], [root] * len(todo),
                            [max_bytes] * len(todo), chunksize=16)


def _from_cache(d: dict, path: Path, root: Path) -> Analysed:
    return Analysed.from_dict(d, load.rel_path(path, root))


def _dedupe(results: list) -> tuple[list[Analysed], list[Skipped]]:
    kept, skipped, seen = [], [], {}
    for r in results:
        if isinstance(r, Skipped):
            skipped.append(r)
        elif r.source.id in seen:
            skipped.append(Skipped(r.source.path, f"same text as {seen[r.source.id]}"))
        else:
            seen[r.source.id] = r.source.path
            kept.append(r)
    return sorted(kept, key=lambda a: a.source.path), sorted(skipped, key=lambda k: k.path)
