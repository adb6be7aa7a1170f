"""What the web app adds to a pile, and the rebuild that takes it in.

Files uploaded in the web app are kept beside the store, in ``<db>.sources/``::

    pile.db                  the store
    pile.db.sources/
        uploads/             every uploaded file, under its sanitised name
        folders.json         the pile's own folder and the server folders added

A rebuild reads the pile's own folder (``--pile``, or the one the store was
built from), ``uploads/`` and every added folder. ``pipeline.build`` reads one
folder, so the rebuild first lays out a private staging folder of links to
those files (the pile's files at their own paths, uploads under ``uploads/``,
each added folder under its name), builds from it, and removes it. The store
is replaced atomically by the build, so the pages keep reading the old store
until the new one is complete.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from histsift.ingest import load
from histsift import pipeline
from histsift.api import Pile
from histsift.errors import HistsiftError

log = logging.getLogger("histsift.web")

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
MAX_FOLDER_FILES = 20_000
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def safe_name(raw: str | None) -> str:
    """A file name from a browser, made safe to write in one folder: the last
    path component only, no control or reserved characters, no leading dot
    (which would also hide it from the build), at most 120 characters, and a
    lower-case suffix."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if c.isprintable())
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    stem, suffix = os.path.splitext(name)
    if not stem and suffix:               # ".txt" alone: a suffix with no name
        stem, suffix = suffix.lstrip("."), ""
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:100] or "upload"
    suffix = suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix) else ""
    return stem + suffix


class Library:
    """The files a rebuild reads: the pile, the uploads, the added folders."""

    def __init__(self, db: Path, pile: Path | None = None):
        self.db = db
        self.root = db.with_name(db.name + ".sources")
        self.uploads = self.root / "uploads"
        self.config = self.root / "folders.json"
        self._lock = threading.Lock()
        if pile is not None:
            pile = pile.expanduser().resolve()
            if not pile.exists():
                raise HistsiftError(f"--pile: no such file or folder: {pile}")
            if self._read().get("pile") != str(pile):
                self._update(pile=str(pile))

    # ---------------------------------------------------------------- config

    def _read(self) -> dict:
        try:
            return json.loads(self.config.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _update(self, **kw) -> None:
        with self._lock:
            data = self._read() | kw
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self.config.with_name(f".{self.config.name}.tmp-{os.getpid()}")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self.config)

    def pile(self) -> Path | None:
        """The pile's own files: as recorded here, else the folder the store was built from."""
        recorded = self._read().get("pile")
        if recorded:
            return Path(recorded)
        if self.db.exists():
            with contextlib.suppress(HistsiftError):
                built = Pile(self.db).meta().get("pile")
                if built and not _inside(Path(built), self.root):
                    return Path(built)
        return None

    def pile_missing(self) -> bool:
        p = self.pile()
        return p is not None and not p.exists()

    def folders(self) -> list[Path]:
        return [Path(p) for p in self._read().get("folders", [])]

    def add_folder(self, raw: str) -> Path:
        raw = (raw or "").strip()
        if not raw:
            raise HistsiftError("type the path of a folder on this computer")
        path = Path(raw).expanduser()
        if not path.is_absolute():
            raise HistsiftError(f"give the folder's full path (such as /home/you/notes), not {raw}")
        path = path.resolve()
        if not path.is_dir():
            raise HistsiftError(f"no such folder: {path}" if not path.exists() else f"{path} is not a folder")
        if not os.access(path, os.R_OK | os.X_OK):
            raise HistsiftError(f"permission denied: cannot read {path}")
        if _inside(path, self.root):
            raise HistsiftError(f"{path} holds histsift's own upload folder; add the folder of sources itself")
        pile = self.pile()
        if path in self.folders() or (pile is not None and path == pile.resolve()):
            raise HistsiftError(f"{path} is already part of the pile")
        readable = _count_readable(path)
        if not readable:
            raise HistsiftError(f"{path} has no file histsift reads ({' '.join(UPLOAD_SUFFIXES)})")
        self._update(folders=[str(p) for p in self.folders()] + [str(path)])
        return path

    def remove_folder(self, raw: str) -> None:
        keep = [p for p in self.folders() if str(p) != raw]
        if len(keep) == len(self.folders()):
            raise HistsiftError(f"{raw} is not one of the added folders")
        self._update(folders=[str(p) for p in keep])

    # ---------------------------------------------------------------- uploads

    def uploaded(self) -> list[Path]:
        if not self.uploads.is_dir():
            return []
        return sorted((p for p in self.uploads.iterdir() if p.is_file() and not p.name.startswith(".")),
                      key=lambda p: p.name.lower())

    def save_upload(self, name: str, data: BinaryIO) -> tuple[Path, bool]:
        """Write one upload under ``uploads/`` as ``name`` (already safe); a file
        with the same bytes already there is kept instead. Returns (path, new)."""
        self.uploads.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkstemp(prefix=".upload-", dir=self.uploads)[1])
        try:
            with open(tmp, "wb") as out:
                shutil.copyfileobj(data, out, 1 << 20)
            stem, suffix = os.path.splitext(name)
            with self._lock:
                for n in range(1, 1000):
                    target = self.uploads / (name if n == 1 else f"{stem} ({n}){suffix}")
                    if not _inside(target, self.uploads):
                        raise HistsiftError(f"refusing the file name {name!r}")
                    if target.exists():
                        if _same_bytes(target, tmp):
                            return target, False
                        continue
                    os.replace(tmp, target)
                    return target, True
            raise HistsiftError(f"too many files called {name}")
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def remove_upload(self, name: str) -> None:
        target = self.uploads / name
        if name != safe_name(name) or not _inside(target, self.uploads) or not target.is_file():
            raise HistsiftError(f"{name} is not one of the uploaded files")
        target.unlink()

    def empty(self) -> bool:
        return self.pile() is None and not self.folders() and not self.uploaded()

    # ---------------------------------------------------------------- staging

    def stage(self, dest: Path) -> int:
        """Lay out links to every file of the pile under ``dest``; returns how many."""
        roots: list[tuple[str, Path]] = []
        pile = self.pile()
        if pile is not None and not self._read().get("pile"):
            # the store is about to record the staging folder as its pile: remember the real one
            self._update(pile=str(pile))
        taken: set[str] = set()
        if pile is not None:
            if not pile.exists():
                raise HistsiftError(f"the pile's folder {pile} is gone; start `histsift serve --pile FOLDER` "
                                    "to say where its files are now")
            roots.append(("", pile))
            taken = {p.name for p in pile.iterdir()} if pile.is_dir() else {pile.name}
        if self.uploaded():
            roots.append((_free("uploads", taken), self.uploads))
        for folder in self.folders():
            if folder.is_dir():
                roots.append((_free(folder.name or "folder", taken), folder))
        n = 0
        for prefix, root in roots:
            base, files = load.discover(root)
            for f in files:
                if _inside(f, self.root) and root != self.uploads or f.resolve() == self.db.resolve():
                    continue
                rel = f.relative_to(base)
                link = dest / prefix / rel if prefix else dest / rel
                link.parent.mkdir(parents=True, exist_ok=True)
                try:
                    link.symlink_to(f.resolve())
                except OSError:           # no symlinks here (some Windows set-ups): copy
                    shutil.copy2(f, link)
                n += 1
        return n


def _free(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while out in taken:
        out, n = f"{name}-{n}", n + 1
    taken.add(out)
    return out


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as x, open(b, "rb") as y:
        while True:
            p, q = x.read(1 << 20), y.read(1 << 20)
            if p != q:
                return False
            if not p:
                return True


def _count_readable(folder: Path) -> int:
    seen = readable = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            seen += 1
            if seen > MAX_FOLDER_FILES:
                raise HistsiftError(f"{folder} holds more than {MAX_FOLDER_FILES:,} files; "
                                    "add a smaller folder (or build it with `histsift build`)")
            readable += not f.startswith(".") and os.path.splitext(f)[1].lower() in load.KNOWN_SUFFIXES
    return readable


# ------------------------------------------------------------------ the build


@dataclass
class BuildStatus:
    state: str = "idle"               # idle, running, done, failed
    phase: str = ""
    done: int = 0
    total: int = 0
    current: str = ""
    count: str = ""                   # done of total, in words: "3.2 of 30.0 MB read"
    message: str = ""
    run: int = 0                      # how many builds this server started
    started: float = 0.0
    finished: float = 0.0
    sources: int = 0
    added: list[dict] = field(default_factory=list)       # [{id, path, title}]
    removed: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)     # [{path, reason}]
    notices: list[str] = field(default_factory=list)

    @property
    def elapsed(self) -> float:
        """Seconds the build took (or has taken so far)."""
        return round((self.finished or time.time()) - self.started, 1) if self.started else 0.0

    def to_dict(self) -> dict:
        return dict(self.__dict__) | {"elapsed": self.elapsed}


class Builder:
    """One background build at a time; a request during a build queues one more."""

    def __init__(self, library: Library, max_bytes: int = load.MAX_BYTES):
        self.library = library
        self.max_bytes = max_bytes
        self.status = BuildStatus()
        self._lock = threading.Lock()
        self._pending = False
        self._active = False
        self._pending_notices: list[str] = []
        self._thread: threading.Thread | None = None

    def request(self, notices: list[str] | None = None) -> None:
        with self._lock:
            self._pending_notices += notices or []
            self._pending = True
            if self._active:
                return
            self._active = True
            self.status = BuildStatus(state="running", phase="starting", run=self.status.run + 1,
                                      started=time.time())
            self._thread = threading.Thread(target=self._loop, name="histsift-build", daemon=True)
            self._thread.start()

    def running(self) -> bool:
        return self._active

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._active = False
                    return
                self._pending = False
                notices, self._pending_notices = self._pending_notices, []
                run = self.status.run if self.status.state == "running" else self.status.run + 1
                self.status = BuildStatus(state="running", phase="starting", run=run, started=time.time(),
                                          notices=notices)
            self._build_once(self.status)

    def _build_once(self, st: BuildStatus) -> None:
        lib = self.library
        before = _source_paths(lib.db)
        staging = None
        try:
            lib.root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=lib.root))
            st.phase = "gathering the files"
            if not lib.stage(staging):
                raise HistsiftError("there are no files to build from: upload some, or add a folder")

            def progress(done: float, total: int, name: str, phase: str) -> None:
                st.done, st.total, st.current = int(done), total, load.printable(name)
                st.count = (f"{done / 2**20:.1f} of {total / 2**20:.1f} MB read" if phase == "reading" and total else
                            f"{int(done)} of {total} sources reconciled" if phase == "reconciling" and total else "")
                st.phase = {"reading": "reading the sources", "reconciling": "reconciling the sources"}.get(
                    phase, "connecting the sources: timeline, who's who, causes, copies")

            st.phase = "reading the sources"
            pile = lib.pile()
            report = pipeline.build(staging, lib.db, max_bytes=self.max_bytes, progress=progress,
                                    question=_asked_question(lib.db), record_pile=pile if pile else staging)
            after = {s.id: s for s in report.sources}
            st.sources = len(after)
            st.added = [{"id": s.id, "path": s.path, "title": s.title}
                        for s in report.sources if s.id not in before]
            st.removed = sorted(p for sid, p in before.items() if sid not in after)
            st.skipped = [{"path": k.path, "reason": k.reason} for k in report.skipped]
            st.state, st.phase = "done", "finished"
        except HistsiftError as e:
            message = str(e).replace(str(staging), "the pile") if staging is not None else str(e)
            st.state, st.phase, st.message = "failed", "failed", message
        except Exception as e:  # noqa: BLE001 - a bug: logged with its traceback, shown as one line
            log.exception("histsift: the build failed")
            st.state, st.phase, st.message = "failed", "failed", f"internal error ({e.__class__.__name__}: {e})"
        finally:
            st.finished = time.time()
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


def _source_paths(db: Path) -> dict[str, str]:
    try:
        return Pile(db).paths() if Path(db).exists() else {}
    except HistsiftError:
        return {}


def _asked_question(db: Path) -> str | None:
    """The why-question a person gave with `histsift build --question`, kept across web rebuilds."""
    try:
        return (Pile(db).meta().get("question") or None) if Path(db).exists() else None
    except HistsiftError:
        return None
