"""``histsift serve``: the local web app over one store.

Pages: the board (causes, timeline, who's who, criticism), the sources and a
source viewer (boilerplate struck through, a cited passage highlighted),
search, the ask box, adding sources (upload or a folder on this computer) with
a rebuild in the background, and downloads (report, study material, Anki
deck, JSON). Starlette and Jinja2 with autoescaping; a little vanilla JS from
``static/``; nothing from a CDN. Each page is a view class in
:mod:`histsift.web.views`; what they share (the store's pile, read once per
build, and the templates) is the :class:`~histsift.web.site.Site`. A build
replaces the store atomically, so a page never sees half a build. Views that
read the store are plain functions, which Starlette runs off the event loop.

No authentication: it binds 127.0.0.1 unless told otherwise, refuses requests
whose Host is not one of this machine's names (DNS rebinding), and refuses
form posts from other sites' pages (their Origin header differs).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from histsift.api import Pile
from histsift.errors import HistsiftError, StoreError
from histsift.web.library import Library
from histsift.web.site import HERE, Settings, Site
from histsift.web.views.add import AddView, BuildView, FolderView, RebuildView, RemoveView, UploadView
from histsift.web.views.board import BoardView
from histsift.web.views.downloads import (AnkiView, DownloadsView, JsonView, ReportView, StudyView,
                                          Unavailable)
from histsift.web.views.find import AskView, SearchView
from histsift.web.views.sources import SourcesView, SourceView

log = logging.getLogger("histsift.web")
DEFAULT_MAX_UPLOAD_MB = 20
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


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
        Pile(db)   # checks the store: a clear error now rather than on the first page
    max_upload = int(max_upload_mb * 1024 * 1024)
    settings = Settings(db, max_upload, int((max_request_mb or max(100, 5 * max_upload_mb)) * 1024 * 1024),
                        allow_folders)
    site = Site(settings, Library(db, Path(pile) if pile is not None else None), max_upload_mb)
    app = Starlette(routes=_routes(site),
                    middleware=[Middleware(_Guard, error_page=site.error_page, allowed_hosts=allowed_hosts)],
                    exception_handlers=_error_handlers(site))
    app.state.settings, app.state.library, app.state.builder, app.state.site = (
        settings, site.library, site.builder, site)
    if build_if_missing and not db.exists() and not site.library.empty():
        site.builder.request(["Building the store for the first time."])
    return app


def _routes(site: Site) -> list:
    build = BuildView(site)
    post = ["POST"]
    return [
        Route("/", BoardView(site).get),
        Route("/sources", SourcesView(site).get),
        Route("/source/{sid}", SourceView(site).get),
        Route("/search", SearchView(site).get),
        Route("/ask", AskView(site).get),
        Route("/add", AddView(site).get),
        Route("/add/upload", UploadView(site).post, methods=post),
        Route("/add/folder", FolderView(site).post, methods=post),
        Route("/add/remove", RemoveView(site).post, methods=post),
        Route("/rebuild", RebuildView(site).post, methods=post),
        Route("/build", build.get),
        Route("/build/status", build.status),
        Route("/downloads", DownloadsView(site).get),
        Route("/download/report.html", ReportView(site).get),
        Route("/download/study.zip", StudyView(site).get),
        Route("/download/histsift.apkg", AnkiView(site).get),
        Route("/download/board.json", JsonView(site).get),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def _error_handlers(site: Site) -> dict:
    async def http_error(request: Request, exc: HTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in _DEFAULT_DETAILS else ""
        if exc.status_code == 404 and not detail:
            detail = "There is no page at this address."
        return site.error_page(request, exc.status_code, detail)

    async def histsift_error(request: Request, exc: HistsiftError):
        if isinstance(exc, StoreError):
            return site.error_page(request, 503, str(exc), "The store cannot be read")
        return site.error_page(request, 400, str(exc))

    async def unavailable(request: Request, exc: Unavailable):
        return site.error_page(request, 503, f"{exc.what[0].upper()}{exc.what[1:]} cannot be made by this "
                                             f"version of histsift ({exc.why}). The board, search and ask "
                                             "still work.", "Not available yet")

    async def server_error(request: Request, exc: Exception):
        log.error("histsift serve: %s on %s", exc.__class__.__name__, request.url.path)
        return site.error_page(request, 500, "histsift hit a problem it did not expect. The store is unchanged. "
                                             "The details are in the terminal where `histsift serve` runs.")

    return {HTTPException: http_error, HistsiftError: histsift_error, Unavailable: unavailable,
            Exception: server_error, 500: server_error}


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
