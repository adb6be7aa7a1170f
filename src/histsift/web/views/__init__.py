"""The web app's views, one class per page (as Datasette's ``views/``).

A view is made once with the :class:`~histsift.web.site.Site` and answers
with ``get`` or ``post``; the app's routes are bound methods of views. Views
read the pile through the library (:class:`histsift.api.Pile`, the board),
never the store's tables.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from histsift.api import Pile
from histsift.model import Board
from histsift.web.site import Site


class View:
    def __init__(self, site: Site):
        self.site = site

    def need_pile(self) -> Pile:
        pile = self.site.pile()
        if pile is None:
            raise HTTPException(404, "There is no store yet: add sources first.")
        return pile

    def page(self, request: Request, name: str, code: int = 200, **ctx):
        return self.site.page(request, name, code, **ctx)


def source_rows(board: Board, shares: dict[str, float]) -> list[dict]:
    """The sources as the pages list them: what the library knows, with the share cut as boilerplate."""
    return [{"id": s.id, "path": s.path, "title": s.title, "kind": s.kind, "encoding": s.encoding,
             "words": s.words, "flags": s.flags, "share": shares.get(s.id, 0.0)} for s in board.sources]
