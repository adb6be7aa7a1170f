"""``histsift serve``: the local web app over one store.

Pages: the board (causes, timeline, who's who, criticism), the sources and a
source viewer (boilerplate struck through, a cited passage highlighted),
search, the ask box, adding sources (upload or a folder on this computer) with
a rebuild in the background, and downloads (report, study material, Anki
deck, JSON). Starlette and Jinja2 with autoescaping; a little vanilla JS from
``static/``; nothing from a CDN. Every page reads the store afresh, and a
build replaces the store atomically, so a page never sees half a build.

No authentication: it binds 127.0.0.1 unless told otherwise, refuses requests
whose Host is not one of this machine's names (DNS rebinding), and refuses
form posts from other sites' pages (their Origin header differs).
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import Headers, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from histsift import __version__, store
from histsift.ingest import load
from histsift.api import Pile
from histsift.errors import HistsiftError, StoreError
from histsift.model import Span
from histsift.web import render
from histsift.web.library import UPLOAD_SUFFIXES, Builder, Library, safe_name
from histsift.web.search import SearchIndex

log = logging.getLogger("histsift.web")
HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD_MB = 20
MAX_FILES_PER_UPLOAD = 200
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
STATUS_TITLES = {400: "That request could not be understood", 403: "Not allowed", 404: "Not found",
                 405: "Not allowed here", 413: "Too large", 500: "Something went wrong",
                 503: "Not available"}


@dataclass
class Settings:
    db: Path
    max_upload_bytes: int
    max_request_bytes: int
    allow_folders: bool


class _TooLarge(Exception):
    pass


class _Unavailable(Exception):
    def __init__(self, what: str, why: str):
        super().__init__(what)
        self.what, self.why = what, why


def create_app(db: str | os.PathLike, pile: str | os.PathLike | None = None, *,
               max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB, max_request_mb: float | None = None,
               allowed_hosts: list[str] | None = None, allow_folders: bool = True,
               build_if_missing: bool = True) -> Starlette:
    """The app over the store ``db``. ``pile`` is the folder of the pile's own
    files (default: the folder the store was built from). ``allowed_hosts``:
    the Host names to answer (None: any; ``histsift serve`` passes this
    machine's loopback names when bound to loopback)."""
    db = Path(db).expanduser().resolve()
    if not db.parent.is_dir():
        raise HistsiftError(f"no such folder for the store: {db.parent}")
    if db.exists():
        store.check(db)
    library = Library(db, Path(pile) if pile is not None else None)
    max_upload = int(max_upload_mb * 1024 * 1024)
    settings = Settings(db, max_upload, int((max_request_mb or max(100, 5 * max_upload_mb)) * 1024 * 1024),
                        allow_folders)
    builder = Builder(library)
    index = SearchIndex(db)

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=__version__, human_date=render.human_date, human_number=render.human_number,
                       share=render.share, spread=render.spread, cite_url=_cite_url, suffixes=" ".join(UPLOAD_SUFFIXES),
                       max_upload_mb=round(max_upload_mb, 1), max_upload_bytes=max_upload)

    def page(request: Request, name: str, code: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("nav", "")
        ctx["building"] = builder.running()
        ctx["db_name"] = db.name
        return HTMLResponse(env.get_template(name).render(request=request, **ctx), status_code=code)

    def error_page(request: Request, status: int, detail: str = "", title: str | None = None) -> HTMLResponse:
        return page(request, "error.html", status, status=status, title=title or STATUS_TITLES.get(status, "Error"),
                    detail=detail, nav="")

    def open_pile() -> Pile | None:
        return Pile(db) if db.exists() else None

    # ------------------------------------------------------------------ pages

    def board(request: Request):
        pile = open_pile()
        if pile is None:
            return page(request, "empty.html", nav="board", library=library)
        sources = _source_rows(db)
        names = {s["id"]: s for s in sources}
        events, conflicts, factors = pile.events(), pile.conflicts(), pile.factors()
        entities, derived = pile.entities(), pile.derivations()
        disputed = _disputed(events, conflicts)
        per_source_conflicts = Counter(x.source for c in conflicts for side in c.sides
                                       for x in {y.source: y for y in side.citations}.values())
        return page(request, "board.html", nav="board", sources=sources, names=names, events=events,
                    conflicts=conflicts, factors=factors, entities=entities, derived=derived,
                    disputed=disputed, per_source_conflicts=per_source_conflicts,
                    question=next((f.question for f in factors if f.question), ""),
                    skipped=pile.skipped(), words=sum(s["words"] for s in sources))

    def sources_page(request: Request):
        if not db.exists():
            return page(request, "empty.html", nav="sources", library=library)
        with store.reading(db) as con:
            skipped = store.load_skipped(con)
        return page(request, "sources.html", nav="sources", sources=_source_rows(db), skipped=skipped)

    def source_page(request: Request):
        sid = request.path_params["sid"]
        if not db.exists():
            raise HTTPException(404, "There is no store yet, so no source to show.")
        with store.reading(db) as con:
            row = con.execute("SELECT id, path, title, kind, encoding, words, flags, boilerplate_share, text"
                              " FROM sources WHERE id = ?", (sid,)).fetchone()
            if row is None:
                raise HTTPException(404, "No source with that id in this pile. It may have been removed by a "
                                         "rebuild; go back to the board and follow the link again.")
            spans = [Span(a, b, k, r) for a, b, k, r in con.execute(
                'SELECT start, "end", kind, reason FROM spans WHERE source_id = ? AND kind = ? ORDER BY start',
                (sid, "boilerplate"))]
            headings = con.execute('SELECT start, "end" FROM blocks WHERE source_id = ? AND kind = ?',
                                   (sid, "heading")).fetchall()
            derived = store.load_derivations(con)
            paths = dict(con.execute("SELECT id, path FROM sources"))
        src = dict(zip(("id", "path", "title", "kind", "encoding", "words", "flags", "share", "text"), row))
        src["flags"] = json.loads(src["flags"])
        text = src["text"]
        highlight = _span_param(request, len(text))
        copies = [{"id": d["source"], "path": paths.get(d["source"], d["source"]), "score": d["score"],
                   "directed": d["directed"]} for d in derived.get(sid, [])]
        copied_by = [{"id": s, "path": paths.get(s, s), "score": d["score"], "directed": d["directed"]}
                     for s, rows in derived.items() for d in rows if d["source"] == sid]
        return page(request, "source.html", nav="sources", src=src, body=render.source_text(text, spans, highlight, headings),
                    highlight=highlight, quote=text[highlight[0]:highlight[1]] if highlight else "",
                    cut=sum(1 for s in spans), copies=copies, copied_by=copied_by)

    def search_page(request: Request):
        q = request.query_params.get("q", "").strip()[:300]
        hits, total = [], 0
        if q and db.exists():
            hits, total = index.search(q)
        return page(request, "search.html", nav="search", q=q, hits=hits, total=total,
                    n_sources=len({h.source for h in hits}), has_store=db.exists())

    def ask_page(request: Request):
        q = request.query_params.get("q", "").strip()[:500]
        pile = open_pile()
        result, problem = None, ""
        if q and pile is not None:
            try:
                result = pile.ask(q)
            except HistsiftError as e:
                problem = str(e)
        suggestions = _suggestions(pile) if pile is not None else []
        paths = {s["id"]: s for s in _source_rows(db)} if result else {}
        return page(request, "ask.html", nav="ask", q=q, result=result, problem=problem, names=paths,
                    suggestions=suggestions, has_store=pile is not None)

    def add_page(request: Request, code: int = 200, error: str = "", message: str = ""):
        return page(request, "add.html", code, nav="add", library=library, uploads=library.uploaded(),
                    folders=library.folders(), pile=library.pile(), pile_missing=library.pile_missing(),
                    allow_folders=settings.allow_folders, error=error, message=message,
                    status_=builder.status)

    def add_get(request: Request):
        return add_page(request)

    async def upload(request: Request):
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > settings.max_request_bytes:
            raise HTTPException(413, f"That upload is {int(length) / 1e6:.0f} MB; one upload can be at most "
                                     f"{settings.max_request_bytes / 1e6:.0f} MB in all and "
                                     f"{settings.max_upload_bytes / 1e6:.0f} MB a file. Send fewer files at once.")
        limited = Request(request.scope, _limited(request.receive, settings.max_request_bytes))
        try:
            form = await limited.form(max_files=MAX_FILES_PER_UPLOAD, max_fields=20)
        except _TooLarge:
            raise HTTPException(413, f"That upload is larger than {settings.max_request_bytes / 1e6:.0f} MB in "
                                     "all. Send fewer files at once.") from None
        try:
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
            if not files:
                return add_page(request, 400, error="Choose one or more files to upload first.")
            added, refused, too_large = [], [], False
            for f in files:
                name = safe_name(f.filename)
                shown = load.printable(f.filename or name)
                suffix = os.path.splitext(name)[1]
                size = _size(f)
                if suffix not in UPLOAD_SUFFIXES:
                    refused.append(f"{shown}: histsift reads only {' '.join(UPLOAD_SUFFIXES)} files")
                elif size > settings.max_upload_bytes:
                    too_large = True
                    refused.append(f"{shown}: {size / 1e6:.1f} MB is over the limit of "
                                   f"{settings.max_upload_bytes / 1e6:.0f} MB a file")
                elif size == 0:
                    refused.append(f"{shown}: the file is empty")
                elif (why := _wrong_content(f, suffix)):
                    refused.append(f"{shown}: {why}")
                else:
                    path, new = library.save_upload(name, f.file)
                    added.append(path.name if new else f"{path.name} (already there)")
        finally:
            await form.close()
        if not added:
            return add_page(request, 413 if too_large else 400,
                            error="Nothing was added. " + " · ".join(refused))
        notices = [f"Added: {', '.join(added)}."] + [f"Not added: {r}." for r in refused]
        builder.request(notices)
        return RedirectResponse("/build", status_code=303)

    async def add_folder(request: Request):
        form = await request.form(max_files=0, max_fields=5)
        if not settings.allow_folders:
            raise HTTPException(403, "Adding folders on the server is switched off when histsift serve is "
                                     "open to the network. Upload the files instead.")
        try:
            path = library.add_folder(str(form.get("folder", "")))
        except HistsiftError as e:
            return add_page(request, 400, error=str(e))
        builder.request([f"Added the folder {path}."])
        return RedirectResponse("/build", status_code=303)

    async def remove(request: Request):
        form = await request.form(max_files=0, max_fields=5)
        kind, name = form.get("kind"), str(form.get("name", ""))
        try:
            if kind == "upload":
                library.remove_upload(name)
            elif kind == "folder":
                library.remove_folder(name)
            else:
                raise HistsiftError("nothing to remove")
        except HistsiftError as e:
            return add_page(request, 400, error=str(e))
        builder.request([f"Removed {name}."])
        return RedirectResponse("/build", status_code=303)

    async def rebuild(request: Request):
        builder.request()
        return RedirectResponse("/build", status_code=303)

    def build_page(request: Request):
        return page(request, "build.html", nav="add", st=builder.status)

    def build_status(request: Request):
        return JSONResponse(builder.status.to_dict())

    def downloads(request: Request):
        return page(request, "downloads.html", nav="downloads", has_store=db.exists())

    # -------------------------------------------------------------- downloads

    def _need_pile() -> Pile:
        pile = open_pile()
        if pile is None:
            raise HTTPException(404, "There is no store yet: add sources first.")
        return pile

    def download_report(request: Request):
        pile = _need_pile()
        report = _optional("outputs.report", "the report")
        html = report.render_html(pile)
        return Response(html.encode("utf-8"), media_type="text/html; charset=utf-8",
                        headers=_attachment(f"{db.stem}-report.html"))

    def _study(pile: Pile, out: Path) -> list[Path]:
        study = _optional("outputs.study", "the study material")
        return [Path(p) for p in study.write_study(pile, out)]

    def download_study(request: Request):
        pile = _need_pile()
        with tempfile.TemporaryDirectory(prefix="histsift-study-") as tmp:
            out = Path(tmp) / "study"
            out.mkdir()
            written = _study(pile, out)
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for p in sorted(set(written) | {p for p in out.rglob("*") if p.is_file()}):
                    if p.is_file():
                        z.write(p, Path("study") / p.relative_to(out))
        return Response(buf.getvalue(), media_type="application/zip", headers=_attachment(f"{db.stem}-study.zip"))

    def download_anki(request: Request):
        pile = _need_pile()
        with tempfile.TemporaryDirectory(prefix="histsift-anki-") as tmp:
            out = Path(tmp)
            written = _study(pile, out)
            decks = [p for p in written if p.suffix == ".apkg"] or sorted(out.rglob("*.apkg"))
            if not decks:
                raise _Unavailable("the Anki deck", "the study material was written without a deck")
            data = decks[0].read_bytes()
        return Response(data, media_type="application/octet-stream", headers=_attachment("histsift.apkg"))

    def download_json(request: Request):
        pile = _need_pile()
        data = json.dumps(pile.export(), ensure_ascii=False, indent=2).encode("utf-8")
        return Response(data, media_type="application/json", headers=_attachment(f"{db.stem}.json"))

    # ----------------------------------------------------------------- errors

    async def http_error(request: Request, exc: HTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in _DEFAULT_DETAILS else ""
        if exc.status_code == 404 and not detail:
            detail = "There is no page at this address."
        return error_page(request, exc.status_code, detail)

    async def histsift_error(request: Request, exc: HistsiftError):
        if isinstance(exc, StoreError):
            return error_page(request, 503, str(exc), "The store cannot be read")
        return error_page(request, 400, str(exc))

    async def unavailable(request: Request, exc: _Unavailable):
        return error_page(request, 503, f"{exc.what[0].upper()}{exc.what[1:]} cannot be made by this version "
                                        f"of histsift ({exc.why}). The board, search and ask still work.",
                          "Not available yet")

    async def server_error(request: Request, exc: Exception):
        log.error("histsift serve: %s on %s", exc.__class__.__name__, request.url.path)
        return error_page(request, 500, "histsift hit a problem it did not expect. The store is unchanged. "
                                        "The details are in the terminal where `histsift serve` runs.")

    routes = [
        Route("/", board),
        Route("/sources", sources_page),
        Route("/source/{sid}", source_page),
        Route("/search", search_page),
        Route("/ask", ask_page),
        Route("/add", add_get),
        Route("/add/upload", upload, methods=["POST"]),
        Route("/add/folder", add_folder, methods=["POST"]),
        Route("/add/remove", remove, methods=["POST"]),
        Route("/rebuild", rebuild, methods=["POST"]),
        Route("/build", build_page),
        Route("/build/status", build_status),
        Route("/downloads", downloads),
        Route("/download/report.html", download_report),
        Route("/download/study.zip", download_study),
        Route("/download/histsift.apkg", download_anki),
        Route("/download/board.json", download_json),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(_Guard, error_page=error_page, allowed_hosts=allowed_hosts)]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={
        HTTPException: http_error, HistsiftError: histsift_error, _Unavailable: unavailable,
        Exception: server_error, 500: server_error})
    app.state.settings, app.state.library, app.state.builder = settings, library, builder
    if build_if_missing and not db.exists() and not library.empty():
        builder.request(["Building the store for the first time."])
    return app


# ---------------------------------------------------------------- helpers

_DEFAULT_DETAILS = {"Not Found", "Method Not Allowed", "Bad Request", "Internal Server Error", "Forbidden"}


class _Guard:
    """Security headers on every answer; form posts only from our own pages."""

    def __init__(self, app, error_page, allowed_hosts: list[str] | None = None):
        self.app, self.error_page = app, error_page
        self.hosts = None if allowed_hosts is None else {h.strip("[]").lower() for h in allowed_hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        if self.hosts is not None and _host_name(headers.get("host", "")) not in self.hosts:
            # a page of another site whose name was pointed at this machine (DNS rebinding)
            response = self.error_page(Request(scope, receive), 400,
                                       "This address is not one histsift answers to. Open it as "
                                       "http://127.0.0.1 (or localhost) on this computer.")
            return await _secured(response)(scope, receive, send)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin is not None and (origin == "null" or urlsplit(origin).netloc != headers.get("host")):
                response = self.error_page(Request(scope, receive), 403,
                                           "This form was sent from another site's page. Use histsift's own "
                                           "pages to change the pile.")
                return await _secured(response)(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                _add_headers(message)
            await send(message)

        await self.app(scope, receive, send_secured)


def _host_name(host: str) -> str:
    """'127.0.0.1:8000' → '127.0.0.1', '[::1]:8000' → '::1'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _add_headers(message) -> None:
    headers = message.setdefault("headers", [])
    have = {k.lower() for k, _ in headers}
    for k, v in ((b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                 (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")):
        if k not in have:
            headers.append((k, v))


def _secured(response: Response):
    async def app(scope, receive, send):
        async def s(message):
            if message["type"] == "http.response.start":
                _add_headers(message)
            await send(message)
        await response(scope, receive, s)
    return app


def _limited(receive, limit: int):
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise _TooLarge()
        return message
    return wrapped


def _size(f: UploadFile) -> int:
    if f.size is not None:
        return f.size
    pos = f.file.tell()
    f.file.seek(0, os.SEEK_END)
    size = f.file.tell()
    f.file.seek(pos)
    return size


def _wrong_content(f: UploadFile, suffix: str) -> str:
    """Why the bytes cannot be what the suffix says ('' when they may be)."""
    f.file.seek(0)
    head = f.file.read(16)
    f.file.seek(0)
    if suffix == ".pdf":
        return "" if head.startswith(b"%PDF") else "it is called .pdf but is not a PDF"
    if suffix == ".docx":
        return "" if head.startswith(b"PK\x03\x04") else "it is called .docx but is not a Word document"
    for magic, what in load.MAGIC:
        if head.startswith(magic):
            return f"it is called {suffix} but is {what}"
    return ""


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _optional(module: str, what: str):
    """A module another part of histsift provides, or a clear 'not available'."""
    import importlib

    try:
        return importlib.import_module(f"histsift.{module}")
    except ImportError as e:
        raise _Unavailable(what, f"histsift.{module} is missing: {e}") from None


def _cite_url(source: str, start: int, end: int) -> str:
    return f"/source/{quote(source)}?start={int(start)}&end={int(end)}#hl"


def _span_param(request: Request, n: int) -> tuple[int, int] | None:
    q = request.query_params
    if "start" not in q and "end" not in q:
        return None
    try:
        a, b = int(q.get("start", "")), int(q.get("end", ""))
    except ValueError:
        raise HTTPException(400, "start and end must be whole numbers: character offsets into the source.") from None
    if not 0 <= a < b <= n:
        raise HTTPException(400, f"Characters {a}–{b} are not in this source (it has {n:,} characters). The link "
                                 "may be from an older build of the pile.")
    return a, b


def _source_rows(db: Path) -> list[dict]:
    if not db.exists():
        return []
    with store.reading(db) as con:
        rows = con.execute("SELECT id, path, title, kind, encoding, words, flags, boilerplate_share"
                           " FROM sources ORDER BY path").fetchall()
    keys = ("id", "path", "title", "kind", "encoding", "words", "flags", "share")
    out = [dict(zip(keys, r)) for r in rows]
    for r in out:
        r["flags"] = json.loads(r["flags"])
    return out


def _disputed(events, conflicts) -> dict[str, str]:
    """event id → the other side's date(s), for events on one side of a date conflict."""
    where: dict[str, str] = {}
    for c in conflicts:
        if c.kind != "date":
            continue
        for side in c.sides:
            others = ", ".join(render.human_date(s.value) for s in c.sides if s is not side)
            cited = {(x.source, x.start) for x in side.citations}
            for e in events:
                if e.date == side.value and {(x.source, x.start) for x in e.citations} & cited:
                    where[e.id] = others
    return where


def _suggestions(pile: Pile) -> list[str]:
    out = []
    with contextlib.suppress(HistsiftError):
        factors = pile.factors()
        if factors and factors[0].question:
            out.append(factors[0].question)
        people = [e for e in pile.entities() if e.type == "person"]
        if people:
            out.append(f"Who was {people[0].name}?")
    return [s for s in out if s]
