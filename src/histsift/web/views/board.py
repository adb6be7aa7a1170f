"""The evidence board: causes, timeline, who's who and source criticism on one page."""
from __future__ import annotations

from collections import Counter

from starlette.requests import Request

from histsift.web import render
from histsift.web.views import View, source_rows


class BoardView(View):
    async def get(self, request: Request):
        return await self.site.cached(request, lambda: self.render(request))

    def render(self, request: Request):
        board, pile = self.site.board(), self.site.pile()
        if board is None or pile is None:
            return self.page(request, "empty.html", nav="board", library=self.site.library)
        sources = source_rows(board, pile.boilerplate_shares())
        disputed = {eid: ", ".join(render.human_date(v) for v in others)
                    for eid, (_, others) in board.disputed().items()}
        per_source_conflicts = Counter(x.source for c in board.conflicts for side in c.sides
                                       for x in {y.source: y for y in side.citations}.values())
        # independent lineages (copies counted once) behind each event and each side of a conflict
        lineages = {e.id: board.lineages(x.source for x in e.citations) for e in board.events}
        lineages |= {(c.id, k): board.lineages(x.source for x in side.citations)
                     for c in board.conflicts for k, side in enumerate(c.sides)}
        return self.page(request, "board.html", nav="board", sources=sources, names={s["id"]: s for s in sources},
                         events=board.events, conflicts=board.conflicts, factors=board.factors,
                         entities=board.entities, derived=board.derived(), disputed=disputed,
                         per_source_conflicts=per_source_conflicts, question=board.question, lineages=lineages,
                         skipped=board.skipped, words=sum(s["words"] for s in sources))
