"""Chrome shared across pages: short lines that recur in several sources of a pile.

Copied articles also share lines, so only short, non-prose lines are candidates
(:func:`chrome_lines`), compared by :func:`key`, and they count only when they
recur in at least ``min_sources`` pages (or half of a pile smaller than six).
The pipeline does this in reconcile, from each source's digest of candidate
keys; :func:`repeated_lines` is the same rule over whole sources, for one call.
"""
from __future__ import annotations

import re
from collections import Counter

from histsift.ingest.clean import Line, is_prose, lines_of
from histsift.model import Source, Span


def chrome_lines(text: str) -> list[Line]:
    """The lines that could be shared chrome: one to eight words, not prose."""
    return [ln for ln in lines_of(text) if 1 <= ln.words <= 8 and not is_prose(ln)]


def key(text: str) -> str:
    """What makes two lines "the same line" across pages: their words, lower-cased."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def needed(n_sources: int, min_sources: int = 3) -> int:
    """In how many pages a line must recur to be chrome."""
    return max(2, min(min_sources, (n_sources + 1) // 2))


def repeated_lines(sources: list[Source], min_sources: int = 3) -> dict[str, list[Span]]:
    """Each source's shared chrome, as boilerplate spans."""
    if len(sources) < 2:
        return {}
    need = needed(len(sources), min_sources)
    per_source = {s.id: chrome_lines(s.text) for s in sources}
    seen: Counter[str] = Counter()
    for cand in per_source.values():
        seen.update({key(ln.text) for ln in cand})
    out: dict[str, list[Span]] = {}
    for sid, cand in per_source.items():
        spans = [Span(ln.start, ln.end, "boilerplate", "repeated across pages")
                 for ln in cand if seen[key(ln.text)] >= need]
        if spans:
            out[sid] = spans
    return out
