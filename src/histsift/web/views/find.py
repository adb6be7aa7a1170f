"""Finding things in the pile: full-text search over its sentences, and the ask box."""
from __future__ import annotations

from starlette.requests import Request

from histsift.errors import HistsiftError
from histsift.model import Board
from histsift.web.views import View


class SearchView(View):
    async def get(self, request: Request):
        return await self.site.cached(request, lambda: self.render(request))

    def render(self, request: Request):
        q = request.query_params.get("q", "").strip()[:300]
        board = self.site.board()
        hits, total = [], 0
        if q and board is not None:
            hits, total = self.site.index.search(q)
        name = next((e.name for e in board.entities), "") if board is not None else ""
        return self.page(request, "search.html", nav="search", q=q, hits=hits, total=total,
                         n_sources=len({h.source for h in hits}), has_store=board is not None,
                         example=name)


class AskView(View):
    async def get(self, request: Request):
        # an answer is a function of the build and the question, so its page is kept like the others
        return await self.site.cached(request, lambda: self.render(request))

    def render(self, request: Request):
        q = request.query_params.get("q", "").strip()[:500]
        pile, board = self.site.pile(), self.site.board()
        result, problem = None, ""
        if q and pile is not None:
            try:
                result = pile.ask(q)
            except HistsiftError as e:
                problem = str(e)
        names = {s.id: {"id": s.id, "path": s.path, "title": s.title} for s in board.sources} if result else {}
        return self.page(request, "ask.html", nav="ask", q=q, result=result, problem=problem, names=names,
                         suggestions=suggestions(board) if board is not None else [], has_store=pile is not None)


def suggestions(board: Board) -> list[str]:
    """Questions this pile can be asked, from its own why-question and who's who."""
    out = [board.question] if board.question else []
    people = [e for e in board.entities if e.type == "person"]
    if people:
        out.append(f"Who was {people[0].name}?")
    return out
