"""Turning stored values into safe HTML: source text with its spans, dates for people.

Everything that comes from a source goes through :func:`markupsafe.escape`
here or through Jinja2's autoescaping in the templates; nothing from a source
is ever marked safe unescaped.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from histsift.dates import timeml
from histsift.model import Span


def source_text(text: str, boilerplate: list[Span], highlight: tuple[int, int] | None = None,
                headings: list[tuple[int, int]] | None = None) -> Markup:
    """The whole text, escaped: boilerplate in ``<del>`` (struck through, with why
    it was cut), headings in ``<b>``, and ``text[start:end]`` of ``highlight``
    in one ``<mark id="hl">``, so the mark's text is exactly the cited quote."""
    headings = headings or []
    if highlight is None:
        return _pieces(text, 0, len(text), boilerplate, headings)
    a, b = highlight
    return Markup("").join([
        _pieces(text, 0, a, boilerplate, headings),
        Markup('<mark id="hl">') + _pieces(text, a, b, boilerplate, headings) + Markup("</mark>"),
        _pieces(text, b, len(text), boilerplate, headings),
    ])


def _pieces(text: str, lo: int, hi: int, spans: list[Span], headings: list[tuple[int, int]]) -> Markup:
    """``text[lo:hi]`` cut at every span edge; each piece wrapped in what covers it."""
    edges = {lo, hi}
    for s in spans:
        edges |= {min(max(s.start, lo), hi), min(max(s.end, lo), hi)}
    for x, y in headings:
        edges |= {min(max(x, lo), hi), min(max(y, lo), hi)}
    cuts = sorted(edges)
    spans = sorted(spans, key=lambda s: s.start)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        piece = escape(text[a:b])
        if any(x <= a and b <= y for x, y in headings):
            piece = Markup('<b class="h">{}</b>').format(piece)
        cut = next((s for s in spans if s.start <= a and b <= s.end), None)
        if cut is not None:
            title = f"cut as boilerplate: {cut.reason}" if cut.reason else "cut as boilerplate"
            piece = Markup('<del class="cut" title="{}">{}</del>').format(title, piece)
        out.append(piece)
    return Markup("").join(out)


def marked(text: str, open_mark: str = "\ue000", close_mark: str = "\ue001") -> Markup:
    """Escape ``text`` and turn FTS5 highlight markers into ``<mark>``."""
    return Markup(str(escape(text)).replace(open_mark, "<mark>").replace(close_mark, "</mark>"))


human_date = timeml.human  # the one wording of a date, for the templates


def human_number(value: str) -> str:
    """1000000 → 1,000,000 for a number conflict's sides; anything else as it is."""
    try:
        n = float(value)
    except ValueError:
        return value
    return f"{n:,.0f}" if n == int(n) else f"{n:,}"


def share(x: float) -> str:
    return f"{x:.0%}"


def spread(citations: list) -> list:
    """The same citations, one from each source first, so that the first few
    shown come from as many sources as there are."""
    firsts, rest, seen = [], [], set()
    for c in citations:
        (rest if c.source in seen else firsts).append(c)
        seen.add(c.source)
    return firsts + rest
