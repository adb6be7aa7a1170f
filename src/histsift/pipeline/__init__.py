"""The pipeline: load → clean → segment → annotate per source, then reconcile → store.

Per-source stages are one pure function, :func:`process_bytes`, of one file's
bytes; its result is cached in the store under the hash of those bytes, so a
rebuild redoes only the files that changed. Reconcile (see
:mod:`histsift.pipeline.reconcile`) learns the pile from small per-source digests, then
reconciles each source again in parallel, and merges across the pile.

Both parallel steps run on an *engine* (:mod:`histsift.pipeline.engines`): ``local`` (a process pool on this
machine, one worker per core by default) or ``ray`` (Ray tasks on a local Ray
or on a cluster, ``address=``). The engines run the same functions on the same
bytes and return results in the pile's order, so they give the same store.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from histsift import __version__, store, work
from histsift.errors import HistsiftError
from histsift.ingest import clean, load
from histsift.ingest.annotate import Analysed, annotate
from histsift.model import Skipped, Source
from histsift.pipeline.engines import ENGINES, engine  # noqa: F401  (ENGINES: the CLI's choices)
from histsift.pipeline.reconcile import (
    Board,
    Combiner,
    Digest,
    Learned,
    digest,
    learn,
    local,
)

# Bump when a per-source stage changes its output, so cached results are redone.
STAGE_VERSION = "49"

FILE_SECONDS = 600    # a file's budget per pass (see work.py); --file-timeout
MB = 1 << 20

# progress(done, total, name, phase): phase "reading" counts bytes of the files read (the
# file in hand in part, as its stages go), "reconciling" the sources, "combining" the
# pile's steps (total 0: no count, name says the step).
Progress = Callable[[int, int, str, str], None]


@dataclass
class BuildReport:
    db: str
    sources: list[Source] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    reused: int = 0
    board: Board | None = None
    timings: dict[str, float] = field(default_factory=dict)   # seconds per step

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


# --------------------------------------------------------------------------- per-source work (in workers)

def process_file(path: Path, root: Path, max_bytes: int = load.MAX_BYTES) -> Analysed | Skipped:
    """Every per-source stage, on one file: load → clean → segment → annotate."""
    got = load.read_file(path, root, max_bytes)
    if isinstance(got, Skipped):
        return got
    return annotate(clean.clean(got))


def process_bytes(data: bytes, rel: str, suffix: str) -> Analysed | Skipped:
    """:func:`process_file` on bytes already read (what the engines run)."""
    got = load.parse(data, rel, suffix)
    if isinstance(got, Skipped):
        return got
    return annotate(clean.clean(got))


def _first_task(job: tuple[bytes, str, str, float | None]):
    """One file: (Skipped, …) or (pickled Analysed, cache payload as JSON, digest, source id)."""
    data, rel, suffix, seconds = job
    try:
        with work.budget(seconds):
            got = process_bytes(data, rel, suffix)
            if isinstance(got, Skipped):
                return got, None, None, None
            d = digest(got)
    except work.OutOfTime as e:
        return Skipped(rel, f"{e}; --file-timeout sets the limit"), None, None, None
    payload = got.to_dict()
    payload["digest"] = asdict(d)
    return pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL), json.dumps(payload), d, got.source.id


def _second_task(job: bytes, learned: Learned, seconds: float | None) -> bytes:
    """One source reconciled with what the pile taught (see reconcile.local), pickled; a
    source over its budget comes back as the Skipped that says so."""
    a: Analysed = pickle.loads(job)
    try:
        with work.budget(seconds):
            got = local(a, learned)
    except work.OutOfTime as e:
        got = Skipped(a.source.path, f"{e}; --file-timeout sets the limit")
    return pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL)


# --------------------------------------------------------------------------- the build

def _cache_key(data_hash: str) -> str:
    return f"{STAGE_VERSION}:{data_hash}"


def build(pile: str | os.PathLike, db: str | os.PathLike = "histsift.db", *, jobs: int | None = None,
          max_bytes: int = load.MAX_BYTES, progress: Progress | None = None,
          question: str | None = None, engine_name: str = "local", address: str | None = None,
          file_seconds: float | None = FILE_SECONDS, record_pile: str | os.PathLike | None = None,
          **kw) -> BuildReport:
    """Build (or rebuild) the store ``db`` from the files of ``pile``; ``question`` overrides the
    why-question found in the pile. ``engine_name`` (or ``engine``) is ``local`` or ``ray``.
    ``file_seconds`` bounds each pass over one file (None: no bound); a file over it is skipped,
    saying so. ``record_pile`` is the folder the store records as its pile (default ``pile``;
    the web app builds from a staging folder of links and records the real one)."""
    engine_name = kw.pop("engine", engine_name)
    if kw:
        raise TypeError(f"unexpected arguments: {', '.join(kw)}")
    root, files, unreadable = load.discover_all(Path(pile))
    target = Path(db)
    if target.exists() and target.resolve() in {f.resolve() for f in files}:
        files = [f for f in files if f.resolve() != target.resolve()]
    report = BuildReport(db=str(target))
    clock = _Clock(report.timings)
    eng = engine(engine_name, jobs, address)
    parked = _Parked()
    tell = progress or (lambda *a: None)
    try:
        with store.writing(target) as con:
            kept, skipped, used = _per_source(con, eng, files, root, max_bytes, tell, report, parked,
                                              file_seconds)
            skipped = sorted(skipped + unreadable, key=lambda k: k.path)
            clock("per_source")
            if not kept:
                why = f"; skipped: {skipped[0].path} ({skipped[0].reason})" if len(skipped) == 1 else ""
                raise HistsiftError(f"no sources to build from in {pile}" + (why or (
                    f" ({len(skipped)} files skipped; see --json for reasons)" if skipped else " (it is empty)")))
            learned = learn([d for _, _, d in kept])
            clock("learn")
            store.clear_pile(con)
            comb = Combiner(learned, question, _Told(clock, tell))
            spots = [p for _, p, _ in kept]
            names = [path for path, _, _ in kept]
            del kept
            n = len(spots)
            tell(0, n, "", "reconciling")
            with work.listen(lambda stage, f: tell(i + f, n, f"{names[i]} · {stage}", "reconciling")):
                i = 0
                for got in eng.map(_second_task, parked.fetch_all(spots), n, learned, file_seconds):
                    loc = pickle.loads(got)
                    if isinstance(loc, Skipped):
                        skipped.append(loc)
                    else:
                        store.add_source(con, loc.analysed, loc.timexes)
                        loc.analysed = None
                        comb.add(loc)
                    i += 1
                    tell(i, n, names[i - 1], "reconciling")
            skipped.sort(key=lambda k: k.path)
            clock("reconcile_sources")
            eng.close()
            board = comb.board()
            del comb
            board.skipped = skipped
            store.add_pile(con, board,
                           {"pile": load.printable(str(Path(record_pile or pile).resolve())),
                            "histsift_version": __version__, "question": question or ""})
            store.prune_cache(con, used)
        clock("store")
    except BaseException:
        eng.close(abort=True)
        raise
    finally:
        eng.close()
        parked.close()
    report.sources, report.skipped, report.board = board.sources, skipped, board
    return report


class _Told:
    """The Combiner's clock, telling progress which pile-level step has just ended."""

    def __init__(self, clock: "_Clock", tell: Progress):
        self.clock, self.tell = clock, tell

    def __call__(self, step: str) -> None:
        self.clock(step)
        self.tell(0, 0, step.replace("_", " and "), "combining")


class _Clock:
    """Seconds per step into ``report.timings``, and the process's resident memory at its end
    (``<step>_mb``): where a big build spends its time and its memory."""

    def __init__(self, into: dict[str, float]):
        self.into, self.t = into, time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.into[step] = round(self.into.get(step, 0.0) + now - self.t, 3)
        self.into[f"{step}_mb"] = _rss_mb()
        try:
            import resource
            self.into[f"{step}_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        except ImportError:  # not Unix
            pass
        self.t = now


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return round(int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux
        return 0.0


class _Parked:
    """The per-source results, pickled, in a temporary file until reconcile takes them again:
    a big pile's do not fit in memory twice over."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="histsift-sources-")

    def put(self, blob: bytes) -> tuple[int, int]:
        self.file.seek(0, 2)
        spot = (self.file.tell(), len(blob))
        self.file.write(blob)
        return spot

    def fetch_all(self, spots: list[tuple[int, int]]) -> Iterator[bytes]:
        for off, n in spots:
            self.file.seek(off)
            yield self.file.read(n)

    def close(self) -> None:
        self.file.close()


def _per_source(con, eng, files: list[Path], root: Path, max_bytes: int, tell: Progress, report, parked,
                seconds: float | None):
    """Every file through the per-source stages (or the cache).

    Returns the sources kept, in the pile's order, as (path, where ``parked`` holds the
    pickled Analysed, digest); the files skipped; and the cache keys this pile uses.
    """
    results: list = [None] * len(files)
    used: set[str] = set()
    todo: list[int] = []
    keys: dict[int, str] = {}
    sizes = [0] * len(files)
    for i, f in enumerate(files):
        data = load.read_bytes(f, root, max_bytes)
        if isinstance(data, Skipped):
            results[i] = data
            continue
        sizes[i] = len(data)
        key = _cache_key(hashlib.sha256(data).hexdigest())
        hit = store.cached(con, key)
        if hit is not None and "digest" in hit:
            a = Analysed.from_dict(hit, load.rel_path(f, root))
            results[i] = (parked.put(pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL)), _digest(hit["digest"]),
                          a.source.id)
            used.add(key)
            report.reused += 1
        else:
            todo.append(i)
            keys[i] = key
    total = sum(sizes)
    done = total - sum(sizes[i] for i in todo)
    tell(done, total, "", "reading")
    current: list[int] = []   # the file whose stages run in this process, if any

    def jobs():
        for i in todo:
            data = load.read_bytes(files[i], root, max_bytes)  # read again: only a window is held at once
            if isinstance(data, Skipped):
                data = b""  # vanished since: let the stages say "empty"
            keys[i] = _cache_key(hashlib.sha256(data).hexdigest())  # the bytes the stages see
            current[:] = [i]
            yield data, load.rel_path(files[i], root), files[i].suffix.lower(), seconds

    def within(stage: str, fraction: float) -> None:
        if current:
            i = current[0]
            tell(done + int(fraction * sizes[i]), total, f"{files[i].name} · {stage}", "reading")

    with work.listen(within):
        for i, (got, payload, dg, sid) in zip(todo, eng.map(_first_task, jobs(), len(todo))):
            if isinstance(got, Skipped):
                results[i] = got
            else:
                store.put_cache(con, keys[i], payload)
                used.add(keys[i])
                dg.chrome = [sys.intern(k) for k in dg.chrome]  # the same few lines recur on every page
                results[i] = (parked.put(got), dg, sid)
            done += sizes[i]
            tell(done, total, files[i].name, "reading")
    return (*_dedupe(results, files, root), used)


def _digest(d: dict) -> Digest:
    return Digest(d["chrome"], d["era"], [tuple(x) for x in d["years"]],
                  None if d["years_bc"] is None else [tuple(x) for x in d["years_bc"]])


def _dedupe(results: list, files: list[Path], root: Path) -> tuple[list, list[Skipped]]:
    kept, skipped, seen = [], [], {}
    for r, f in zip(results, files):
        if isinstance(r, Skipped):
            skipped.append(r)
            continue
        payload, dg, sid = r
        path = load.rel_path(f, root)
        if sid in seen:
            skipped.append(Skipped(path, f"same text as {seen[sid]}"))
        else:
            seen[sid] = path
            kept.append((path, payload, dg))
    return sorted(kept, key=lambda k: k[0]), sorted(skipped, key=lambda k: k.path)
