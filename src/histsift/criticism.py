"""Source criticism: which sources copy or paraphrase which, passage by passage.

Candidate pairs of sentences come from MinHash LSH (datasketch) over each
sentence's content words, so the work grows with the pile, not with its
square. Each candidate is then checked with an overlap weighted by how rare
each word is in the pile (shared topic words like the main actor's name count
little; shared unusual words count a lot), measured against the smaller
sentence, so that a bullet that paraphrases a long sentence still matches.
Two sources are related when several of their passages align; the aligned
passages are the evidence, and a direction is argued when one side is notes
(bullets) and the other prose, or when one side is almost all copy.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .annotate import Analysed
from .events import content_words
from .model import Citation

MIN_WORDS = 4         # sentences shorter than this say too little to be evidence of copying
MATCH_AT = 0.6        # weighted share of the smaller sentence's words found in the other
LSH_THRESHOLD = 0.2   # Jaccard at which LSH proposes a pair (recall first; the check is exact)
NUM_PERM = 64
MAX_NEIGHBOURS = 200
MIN_PASSAGES = 4      # aligned passages that make a derivation…
SMALL_SHARE = 0.5     # …or fewer (at least 3) when they are half of a short source
MIN_SHARE = 0.0      # and in any case a quarter of one of the two: sharing a few stock facts is not copying


@dataclass
class Derivation:
    source: str                  # the source that copies (or, if no direction, the first)
    other: str                   # the one it draws on
    score: float                 # share of the copying source's passages aligned with the other
    directed: bool
    evidence: list[tuple[Citation, Citation]] = field(default_factory=list)


@dataclass
class _Sent:
    source: str
    start: int
    end: int
    words: frozenset
    bullet: bool


def _sentences(items: list[Analysed]) -> list[_Sent]:
    out = []
    for a in items:
        seen = set()
        for b in a.blocks:
            for x, y in b.sentences:
                w = frozenset(content_words(a.source.text[x:y]))
                if len(w) >= MIN_WORDS and w not in seen:  # a page repeating itself is one passage
                    seen.add(w)
                    out.append(_Sent(a.source.id, x, y, w, b.kind == "bullet"))
    return out


def derivations(items: list[Analysed]) -> list[Derivation]:
    sents = _sentences(items)
    if len({s.source for s in sents}) < 2:
        return []
    df = Counter(w for src, ws in _words_by_source(sents).items() for w in ws)
    n = len(items)
    idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
    aligned: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)  # (a, b) -> {sent in a: best sent in b}
    for i, j in _candidates(sents):
        a, b = sents[i], sents[j]
        if a.source == b.source or _weighted_overlap(a.words, b.words, idf) < MATCH_AT:
            continue
        aligned[(a.source, b.source)].setdefault(i, j)
        aligned[(b.source, a.source)].setdefault(j, i)
    per_source = Counter(s.source for s in sents)
    texts = {a.source.id: a.source.text for a in items}
    out = []
    for (sa, sb), pairs in aligned.items():
        if sa > sb:
            continue
        back = aligned[(sb, sa)]
        k = min(len(pairs), len(back))
        share_a, share_b = len(pairs) / per_source[sa], len(back) / per_source[sb]
        if not (k >= MIN_PASSAGES or (k >= 3 and max(share_a, share_b) >= SMALL_SHARE)):
            continue
        out.append(_direct(sa, sb, pairs, share_a, share_b, sents, texts))
    return sorted(out, key=lambda d: (d.source, d.other))


def _words_by_source(sents: list[_Sent]) -> dict[str, set]:
    by: dict[str, set] = defaultdict(set)
    for s in sents:
        by[s.source] |= s.words
    return by


def _candidates(sents: list[_Sent]):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes = []
    perms = MinHash(num_perm=NUM_PERM, seed=1).permutations  # drawn once: the same for every sentence
    for i, s in enumerate(sents):
        m = MinHash(num_perm=NUM_PERM, seed=1, permutations=perms)
        m.update_batch([w.encode("utf-8") for w in sorted(s.words)])
        hashes.append(m)
        lsh.insert(i, m)
    for i, m in enumerate(hashes):
        found = lsh.query(m)
        if len(found) > MAX_NEIGHBOURS:
            continue  # a stock sentence every page has: no evidence of who copies whom
        for j in found:
            if j > i:
                yield i, j


def _weighted_overlap(a: frozenset, b: frozenset, idf: dict[str, float]) -> float:
    shared = a & b
    if len(shared) < 3:
        return 0.0
    return sum(idf[w] for w in shared) / min(sum(idf[w] for w in a), sum(idf[w] for w in b))


def _direct(sa, sb, pairs, share_a, share_b, sents, texts) -> Derivation:
    """Notes that align with prose are derived from the prose; else the side that is mostly copy."""
    bullets_a = sum(sents[i].bullet for i in pairs) / len(pairs)
    bullets_b = sum(sents[j].bullet for j in pairs.values()) / len(pairs)
    if abs(bullets_a - bullets_b) >= 0.5:
        copier, directed = (sa, True) if bullets_a > bullets_b else (sb, True)
    elif abs(share_a - share_b) >= 0.15:
        copier, directed = (sa, True) if share_a > share_b else (sb, True)
    else:
        copier, directed = sa, False
    other = sb if copier == sa else sa
    evidence = []
    for i, j in sorted(pairs.items()):
        x, y = (sents[i], sents[j]) if copier == sa else (sents[j], sents[i])
        evidence.append((Citation(x.source, x.start, x.end, texts[x.source][x.start:x.end]),
                         Citation(y.source, y.start, y.end, texts[y.source][y.start:y.end])))
    return Derivation(copier, other, round(max(share_a, share_b), 3), directed, evidence)
