"""The sources: the list, and one source with its boilerplate struck through and a cited passage marked."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from histsift.web import render
from histsift.web.views import View, source_rows


class SourcesView(View):
    async def get(self, request: Request):
        return await self.site.cached(request, lambda: self.render(request))

    def render(self, request: Request):
        board, pile = self.site.board(), self.site.pile()
        if board is None or pile is None:
            return self.page(request, "empty.html", nav="sources", library=self.site.library)
        return self.page(request, "sources.html", nav="sources",
                         sources=sorted(source_rows(board, pile.boilerplate_shares()), key=lambda r: r["path"]),
                         skipped=board.skipped)


class SourceView(View):
    async def get(self, request: Request):
        return await self.site.cached(request, lambda: self.render(request))

    def render(self, request: Request):
        sid = request.path_params["sid"]
        pile = self.site.pile()
        if pile is None:
            raise HTTPException(404, "There is no store yet, so no source to show.")
        src = pile.source(sid)
        if src is None:
            raise HTTPException(404, "No source with that id in this pile. It may have been removed by a "
                                     "rebuild; go back to the board and follow the link again.")
        board = self.site.board()
        paths = {s.id: s.path for s in board.sources}
        derived = board.derived()
        text = src.text
        highlight = span_param(request, len(text))
        copies = [{"id": d["source"], "path": paths.get(d["source"], d["source"]), "score": d["score"],
                   "directed": d["directed"]} for d in derived.get(sid, [])]
        copied_by = [{"id": s, "path": paths.get(s, s), "score": d["score"], "directed": d["directed"]}
                     for s, rows in derived.items() for d in rows if d["source"] == sid]
        row = source_rows(board, pile.boilerplate_shares())
        shown = next((r for r in row if r["id"] == sid), {}) | {"text": text}
        return self.page(request, "source.html", nav="sources", src=shown,
                         body=render.source_text(text, src.boilerplate, highlight, pile.headings(sid)),
                         highlight=highlight, quote=text[highlight[0]:highlight[1]] if highlight else "",
                         cut=len(src.boilerplate), copies=copies, copied_by=copied_by)


def span_param(request: Request, n: int) -> tuple[int, int] | None:
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
