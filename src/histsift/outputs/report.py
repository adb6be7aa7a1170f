"""The evidence report: one self-contained HTML file (``histsift report``).

Everything is inlined — styles, a little script, two SVG drawings — and a
Content-Security-Policy in the page forbids loading anything else, so the
file works from a USB stick, on a phone, offline, and a source that carries
``<script>`` or ``onerror=`` stays text: every string from a source goes
through Jinja's autoescaping or ``markupsafe.escape``.

Each source's full text is rendered once, with what cleaning cut struck
through and every cited span marked; each quote elsewhere in the report links
to its span (``#q-<source>-<start>-<end>``), and the script highlights the
whole span when the link is followed.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from histsift import __version__
from histsift.dates.timeml import human as human_date
from histsift.dates.timeml import order as sort_key
from histsift.model import Board, Citation, Source
from histsift.outputs.figures import copy_graph_svg, timeline_svg
from histsift.outputs.present import human_value, label_first, span

TYPE_HEADINGS = [("person", "People"), ("organization", "Organisations"), ("place", "Places"),
                 ("event", "Named events"), ("work", "Works"), ("other", "Other names")]
FLAG_NOTES = {"truncated": "the text stops part-way",
              "preview": "a preview of a longer text (the rest is behind a paywall)"}
SHOWN_QUOTES = 3          # quotes shown per theme before "more"
FULL_SOURCE_CHARS = 200_000     # a longer source is shown by the passages it is quoted for
REPORT_SOURCE_CHARS = 4_000_000 # and so is every source once the report holds this much source text
EXCERPT_CONTEXT = 300           # characters shown either side of a quoted passage
# A big pile's report (more events than QUOTED_EVENTS) quotes what matters most and counts
# the rest, so that it stays a file a phone opens: the events most sources give, a few quotes
# each, the first conflicts.
EVENT_QUOTES = 4
QUOTED_EVENTS = 1500
LISTED_EVENTS = 5000
SHOWN_CONFLICTS = 400
FLAG_NOTES |= {"undecodable": "bytes that no text encoding reads; shown, not read for facts",
               "noisy": "few of its words are dictionary words (OCR noise or another language); shown, not read for facts"}


def _asset(name: str) -> str:
    return resources.files("histsift").joinpath("templates", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def quote_id(c: Citation) -> str:
    """The id of a cited span in the report (and the web app): stable, from the span itself."""
    return f"q-{c.source}-{c.start}-{c.end}"


@dataclass
class Quote:
    """A citation as the page shows it: the source's own characters, and where they link."""

    id: str
    source: str
    name: str
    start: int
    end: int
    text: str
    linked: bool


@dataclass
class _Quotes:
    sources: list[Source]
    names: dict[str, str]
    by_id: dict[str, Source]
    cited: dict[str, dict[tuple[int, int], str]] = field(default_factory=lambda: defaultdict(dict))

    def quote(self, c: Citation) -> Quote:
        src = self.by_id.get(c.source)
        if src is None or not (0 <= c.start <= c.end <= len(src.text)):
            return Quote(quote_id(c), c.source, self.names.get(c.source, c.source), c.start, c.end, c.quote, False)
        qid = quote_id(c)
        self.cited[c.source][(c.start, c.end)] = qid
        return Quote(qid, c.source, self.names[c.source], c.start, c.end, src.text[c.start:c.end], True)


def render_html(board: Board) -> str:
    """The whole report of a board (or a ``Pile``) as one HTML string."""
    return render_board(Board.of(board))


def render_board(b: Board) -> str:
    sources, events, conflicts, entities, factors = b.sources, b.events, b.conflicts, b.entities, b.factors
    derivations = b.derived()
    names = b.names()
    board = _Quotes(sources, names, {s.id: s for s in sources})
    question = b.question

    themes_by_q: dict[str, list[dict]] = {}
    for f in factors:
        quotes = _spread([board.quote(c) for c in label_first(f.citations, f.label)])
        themes_by_q.setdefault(f.question or question, []).append({
            "id": f"theme-{f.id}", "label": f.label, "independent": f.independent_sources, "term": f.term,
            "sources": len({c.source for c in f.citations}), "quotes": quotes})

    shown_conflicts = conflicts[:SHOWN_CONFLICTS]
    where = Board(events=events, conflicts=shown_conflicts).disputed()
    all_events = len(events)
    by_support = sorted(events, key=lambda e: -len({c.source for c in e.citations}))
    events = sorted(by_support[:LISTED_EVENTS], key=lambda e: sort_key(e.date))
    quoted = {e.id for e in by_support[:QUOTED_EVENTS]}
    event_rows = []
    for e in events:
        cites = (e.citations if all_events <= QUOTED_EVENTS else
                 _spread_citations(e.citations, EVENT_QUOTES) if e.id in quoted else [])
        quotes = [board.quote(c) for c in cites]
        c, others = where.get(e.id, (None, []))
        event_rows.append({"id": f"ev-{e.id}", "date": human_date(e.date), "value": e.date, "title": e.title,
                           "sources": len({x.source for x in e.citations}), "quotes": quotes,
                           "independent": b.lineages(x.source for x in e.citations),
                           "all_quotes": len(e.citations),
                           "conflict": f"conflict-{c.id}" if c else "",
                           "others": [human_date(v) for v in others]})
    year_groups = _year_groups(event_rows)

    conflict_rows = []
    for c in shown_conflicts:
        sides = [{"value": human_value(c.kind, s.value),
                  "quotes": [board.quote(x) for x in s.citations],
                  "sources": sorted({names.get(x.source, x.source) for x in s.citations}),
                  "independent": b.lineages(x.source for x in s.citations)} for s in c.sides]
        conflict_rows.append({"id": f"conflict-{c.id}", "kind": c.kind, "about": c.about, "sides": sides})

    ev_by_entity: dict[str, list[dict]] = defaultdict(list)
    for row, e in zip(event_rows, events):
        for ent in dict.fromkeys(e.entities):
            ev_by_entity[ent].append(row)
    who_groups, minor = [], []
    for kind, heading in TYPE_HEADINGS:
        main = []
        for ent in (x for x in entities if x.type == kind):
            if ent.mentions < 3 and not ev_by_entity.get(ent.id):
                minor.append(ent)
                continue
            main.append({"id": f"who-{ent.id}", "name": ent.name, "aliases": ent.aliases, "mentions": ent.mentions,
                         "sources": [names.get(s, s) for s in ent.sources], "events": ev_by_entity.get(ent.id, [])[:4]})
        if main:
            who_groups.append({"heading": heading, "members": main})

    copies = []
    for sid, rows in derivations.items():
        for d in rows:
            copies.append({"copier": sid, "copy_name": names.get(sid, sid), "original": d["source"],
                           "original_name": names.get(d["source"], d["source"]), "score": d["score"],
                           "directed": d["directed"]})
    involved = {x["copier"] for x in copies} | {x["original"] for x in copies}
    uninvolved = [names[s.id] for s in sources if s.id not in involved]

    # quotes are registered above; now each source's text can carry their anchors
    source_rows, room = [], REPORT_SOURCE_CHARS
    for s in sources:
        cited = board.cited.get(s.id, {})
        whole = len(s.text) <= min(FULL_SOURCE_CHARS, room)
        room -= len(s.text) if whole else 0
        source_rows.append({
            "id": f"src-{s.id}", "sid": s.id, "name": names[s.id], "path": s.path, "title": s.title,
            "kind": s.kind, "encoding": s.encoding, "words": s.words, "cut": s.boilerplate_share(),
            "cuts": len(s.boilerplate), "flags": [(f, FLAG_NOTES.get(f, f)) for f in s.flags],
            "draws_on": [x for x in copies if x["copier"] == s.id],
            "copied_by": [x for x in copies if x["original"] == s.id],
            "quoted": len(cited), "chars": f"{len(s.text):,}", "excerpted": not whole,
            "body": source_text(s, cited) if whole else excerpts(s, cited)})

    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; img-src data:; "
           "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["plural"] = lambda n, word, many=None: f"{n} {word if n == 1 else (many or word + 's')}"
    template = env.from_string(_asset("report.html"))
    return template.render(
        question=question, themes_by_q=themes_by_q, shown_quotes=SHOWN_QUOTES,
        events=event_rows, year_groups=year_groups, timeline_svg=timeline_svg(event_rows),
        conflicts=conflict_rows, who_groups=who_groups, minor=minor,
        copies=copies, copy_svg=copy_graph_svg(copies), uninvolved=uninvolved, sources=source_rows,
        counts={"sources": len(sources), "events": all_events, "listed_events": len(events), "themes": len(factors),
                "conflicts": len(conflicts), "entities": len(entities), "quoted_events": len(quoted),
                "shown_conflicts": len(shown_conflicts)},
        css=Markup(css), js=Markup(js), csp=csp, version=__version__)


def _spread_citations(citations: list[Citation], n: int) -> list[Citation]:
    """At most ``n`` citations, from as many sources as possible, in their order."""
    if len(citations) <= n:
        return citations
    first, rest, seen = [], [], set()
    for c in citations:
        (rest if c.source in seen else first).append(c)
        seen.add(c.source)
    return (first + rest)[:n]


def _spread(quotes: list[Quote]) -> list[Quote]:
    """Quotes reordered so the first few come from different sources; exact repeats dropped."""
    seen, first, rest, spans = set(), [], [], set()
    for q in quotes:
        if (q.source, q.start, q.end) in spans:
            continue
        spans.add((q.source, q.start, q.end))
        (rest if q.source in seen else first).append(q)
        seen.add(q.source)
    return first + rest


def _year_groups(rows: list[dict]) -> list[dict]:
    """Consecutive events grouped under the year (or period) they start in."""
    groups: list[dict] = []
    for r in rows:
        s = span(r["value"])
        if s is None:
            label = "Undated"
        else:
            y = int(s[0] // 1)
            label = f"{1 - y} BC" if y <= 0 else str(y)
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "events": []})
        groups[-1]["events"].append(r)
    return groups


def excerpts(src: Source, cited: dict[tuple[int, int], str]) -> Markup:
    """A long source as the passages it is quoted for, each with EXCERPT_CONTEXT characters
    around it, in order, with "…" for what is left out: the report stays a file a phone opens,
    and every quote still links to its characters."""
    windows: list[list[int]] = []
    for a, b in sorted(cited):
        a, b = max(0, a - EXCERPT_CONTEXT), min(len(src.text), b + EXCERPT_CONTEXT)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    gap = Markup('<span class="gap" title="not quoted: left out of this report"> […] </span>')
    spans = sorted(cited.items())
    bp_starts = [b.start for b in src.boilerplate]
    parts, i = [], 0
    for a, b in windows:  # each window gets its own quotes and boilerplate: linear in the source
        j = i
        while j < len(spans) and spans[j][0][1] <= b:
            j += 1
        k = bisect.bisect_left(bp_starts, a)
        while k > 0 and src.boilerplate[k - 1].end > a:
            k -= 1
        m = bisect.bisect_left(bp_starts, b, k)
        parts.append(source_text(src, dict(spans[i:j]), a, b, src.boilerplate[k:m]))
        i = j
    if not windows:
        return Markup('<p class="gap">Nothing in this source is quoted on the board.</p>')
    return (gap if windows[0][0] > 0 else Markup("")) + gap.join(parts) + (gap if windows[-1][1] < len(src.text) else Markup(""))


def source_text(src: Source, cited: dict[tuple[int, int], str], lo: int = 0, hi: int | None = None,
                boilerplate: list | None = None) -> Markup:
    """The source's text from ``lo`` to ``hi`` (the whole by default), escaped, with boilerplate in
    ``<del>`` and cited spans in ``<mark>``.

    Cited spans may overlap, so the text is cut at every span boundary and each
    piece is marked with the ids of all the spans covering it (``data-q``); an
    empty anchor element with the span's id sits where the span starts.
    """
    text = src.text
    n = len(text) if hi is None else hi
    cuts = {lo, n}
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    for (a, b), qid in cited.items():
        a, b = max(lo, min(a, n)), max(lo, min(b, n))
        cuts |= {a, b}
        opens[a].append(qid)
        closes[b].append(qid)
    bp_open: dict[int, list[str]] = defaultdict(list)
    bp_close: dict[int, list[str]] = defaultdict(list)
    for sp in src.boilerplate if boilerplate is None else boilerplate:
        a, b = max(lo, min(sp.start, n)), max(lo, min(sp.end, n))
        if a < b:
            cuts |= {a, b}
            bp_open[a].append(sp.reason)
            bp_close[b].append(sp.reason)
    points = sorted(cuts)
    active: dict[str, None] = {}
    reasons: list[str] = []
    out: list[str] = []
    for i, a in enumerate(points):
        for q in closes.get(a, ()):
            active.pop(q, None)
        for r in bp_close.get(a, ()):
            reasons.remove(r)
        for q in sorted(opens.get(a, ())):
            out.append(f'<span class="anchor" id="{q}"></span>')
            active[q] = None
        reasons.extend(bp_open.get(a, ()))
        if i + 1 == len(points):
            break
        piece = str(escape(text[a:points[i + 1]]))
        if not piece:
            continue
        if active:
            piece = f'<mark data-q="{" ".join(active)}">{piece}</mark>'
        if reasons:
            why = escape("cut as boilerplate: " + "; ".join(dict.fromkeys(reasons)))
            piece = f'<del class="cut" title="{why}">{piece}</del>'
        out.append(piece)
    return Markup("".join(out))
