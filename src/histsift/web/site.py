"""What every view of the web app shares: the store, its pile, the page templates.

A build replaces the store file atomically, so the file's identity (inode,
size, modification time) says which build a request sees. The open ``Pile``
(with its warm answerer) and the board read from it are kept per identity and
dropped when the store changes; a view that renders only the store and the
query keeps its page the same way (:meth:`Site.cached`).
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from histsift import __version__
from histsift.api import Pile
from histsift.model import Board
from histsift.web import render
from histsift.web.library import UPLOAD_SUFFIXES, Builder, Library
from histsift.web.search import SearchIndex

HERE = Path(__file__).resolve().parent
PAGES_KEPT = 256
STATUS_TITLES = {400: "That request could not be understood", 403: "Not allowed", 404: "Not found",
                 405: "Not allowed here", 413: "Too large", 500: "Something went wrong",
                 503: "Not available"}


@dataclass
class Settings:
    db: Path
    max_upload_bytes: int
    max_request_bytes: int
    allow_folders: bool


class Site:
    def __init__(self, settings: Settings, library: Library, max_upload_mb: float):
        self.settings, self.db, self.library = settings, settings.db, library
        self.builder = Builder(library)
        self.index = SearchIndex(settings.db)
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"),
                               autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(version=__version__, human_date=render.human_date,
                                human_number=render.human_number, share=render.share, spread=render.spread,
                                cite_url=cite_url, suffixes=" ".join(UPLOAD_SUFFIXES),
                                max_upload_mb=round(max_upload_mb, 1), max_upload_bytes=settings.max_upload_bytes)
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._pile: Pile | None = None
        self._board: Board | None = None
        self._pages: OrderedDict = OrderedDict()

    # ------------------------------------------------------------ the store, once per build

    def identity(self) -> tuple | None:
        try:
            st = os.stat(self.db)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns

    def _fresh(self) -> tuple | None:
        key = self.identity()
        if key != self._key:
            self._key, self._pile, self._board = key, None, None
            self._pages.clear()
        return key

    def pile(self) -> Pile | None:
        """The store's pile (None before the first build), the same object until a rebuild."""
        with self._lock:
            if self._fresh() is None:
                return None
            if self._pile is None:
                self._pile = Pile(self.db)
            return self._pile

    def board(self) -> Board | None:
        """The board without source texts, read once per build."""
        pile = self.pile()
        if pile is None:
            return None
        with self._lock:
            if self._board is None:
                self._board = pile.board(with_text=False)
            return self._board

    async def cached(self, request: Request, make: Callable[[], HTMLResponse]) -> HTMLResponse:
        """The page for this address, made once per build (and per building / idle). A page already
        made is answered on the event loop; making one reads the store, so it runs in the thread pool."""
        with self._lock:
            key = (self._fresh(), self.builder.running(), request.url.path, str(request.query_params))
            got = self._pages.get(key)
            if got is not None:
                self._pages.move_to_end(key)
                return HTMLResponse(got[0], status_code=got[1])
        response = await run_in_threadpool(make)
        with self._lock:
            if self._key == key[0]:
                self._pages[key] = (response.body, response.status_code)
                while len(self._pages) > PAGES_KEPT:
                    self._pages.popitem(last=False)
        return response

    # ------------------------------------------------------------ pages

    def page(self, request: Request, name: str, code: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("nav", "")
        ctx["building"] = self.builder.running()
        ctx["db_name"] = self.db.name
        return HTMLResponse(self.env.get_template(name).render(request=request, **ctx), status_code=code)

    def error_page(self, request: Request, status: int, detail: str = "", title: str | None = None) -> HTMLResponse:
        return self.page(request, "error.html", status, status=status,
                         title=title or STATUS_TITLES.get(status, "Error"), detail=detail, nav="")


def cite_url(source: str, start: int, end: int) -> str:
    return f"/source/{quote(source)}?start={int(start)}&end={int(end)}#hl"
