"""Source criticism: which sources copy or paraphrase which, passage by passage.

Candidate pairs of sentences come from MinHash LSH over each sentence's
content words, so the work grows with the pile, not with its square. In a
large pile the words that many sources use (a main actor's name, the stock
phrasing of a templated site) would put thousands of sentences in one LSH
bucket, so the signatures are taken over the sentence's *rarer* words only
(those in at most ``RARE_DF`` sources, or ``RARE_SHARE`` of a large pile):
a copied sentence keeps its rare words, a stock sentence has none to share.
Signatures and buckets are computed with numpy, a band at a time.

Each candidate is then checked with an overlap of *all* its words, weighted by
how rare each word is in the pile (shared topic words count little; shared
unusual words count a lot), measured against the smaller sentence, so that a
bullet that paraphrases a long sentence still matches. Two sources are
related when several of their passages align; the aligned passages are the
evidence, and a direction is argued when one side is notes (bullets) and the
other prose, or when one side is almost all copy.

Per source (:func:`sentences`, in the per-source workers) each sentence becomes
arrays of word ids; across the pile (:func:`derivations_from`) only those
arrays are held, not Python sets of words.
"""
from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from histsift.extract.lsh import candidate_pairs, token_ids
from histsift.ingest.annotate import Analysed
from histsift.lang.words import STOP_WORDS as _STOP
from histsift.lang.words import content_words, stem
from histsift.model import Citation, Derivation

_WORD = re.compile(r"[A-Za-z][A-Za-z’']+")
MIN_WORDS = 4         # sentences shorter than this say too little to be evidence of copying
MATCH_AT = 0.6        # weighted share of the smaller sentence's words found in the other
LSH_THRESHOLD = 0.2   # Jaccard of word sets at which LSH proposes a pair (recall first; the check is exact)
SHINGLE_THRESHOLD = 0.3  # the same for word-pair shingles, in large piles
WORD_SETS_UP_TO = 20_000  # sentences: up to this many, LSH over word sets (finds paraphrase); beyond, shingles
RARE_DF = 50          # words in more sources than this (and than RARE_SHARE of the pile)…
RARE_SHARE = 0.01     # …are left out of the LSH signatures (never out of the check)
MIN_PASSAGES = 4      # aligned passages that make a derivation…
SMALL_SHARE = 0.5     # …or fewer (at least 3) when they are half of a short source


@dataclass
class Sentences:
    """The sentences of one source that can be evidence, as arrays."""

    starts: np.ndarray    # int64
    ends: np.ndarray      # int64
    bullet: np.ndarray    # bool
    counts: np.ndarray    # int64: words per sentence
    words: np.ndarray     # uint64 word ids, sentence after sentence
    scounts: np.ndarray   # int64: shingles per sentence
    shingles: np.ndarray  # uint64 ids of word pairs as they stand (stop words left out), sentence after sentence


def word_id(w: str) -> int:
    """A stable 64-bit id of a word (stems are short: mostly their bytes themselves)."""
    b = w.encode("utf-8")
    if len(b) <= 7:
        return int.from_bytes(b, "little")
    return int.from_bytes(hashlib.blake2b(b, digest_size=8).digest(), "little") | (1 << 63)


def _ordered_words(text: str) -> list[str]:
    """events.content_words, in the order they stand."""
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2]


def sentences(a: Analysed) -> Sentences:
    starts, ends, bullet, counts, words, scounts, shingles = [], [], [], [], [], [], []
    seen = set()
    text = a.source.text
    for b in a.blocks:
        for x, y in b.sentences:
            w = frozenset(content_words(text[x:y]))
            if len(w) >= MIN_WORDS and w not in seen:  # a page repeating itself is one passage
                seen.add(w)
                starts.append(x)
                ends.append(y)
                bullet.append(b.kind == "bullet")
                ids = sorted(word_id(v) for v in w)
                counts.append(len(ids))
                words += ids
                seq = _ordered_words(text[x:y])
                sh = sorted({word_id(p + " " + q) for p, q in zip(seq, seq[1:])})
                scounts.append(len(sh))
                shingles += sh
    return Sentences(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), np.array(bullet, dtype=bool),
                     np.array(counts, dtype=np.int64), np.array(words, dtype=np.uint64),
                     np.array(scounts, dtype=np.int64), np.array(shingles, dtype=np.uint64))


class SentenceTable:
    """Sentences of the whole pile, added source by source into flat buffers: a large pile's
    millions of sentences then cost their bytes, not an array object per source, and the
    pile-level step reads them without copying them into one array first."""

    def __init__(self):
        self.sources: list[str] = []
        self.sizes = array("q")      # sentences per source
        self.starts, self.ends, self.bullet = array("q"), array("q"), array("b")
        self.counts, self.words = array("q"), array("Q")
        self.scounts, self.shingles = array("q"), array("Q")

    def add(self, source: str, s: Sentences) -> None:
        self.sources.append(source)
        self.sizes.append(len(s.starts))
        for name in ("starts", "ends", "bullet", "counts", "words", "scounts", "shingles"):
            getattr(self, name).frombytes(getattr(s, name).astype(_TYPES[name], copy=False).tobytes())

    def column(self, name: str) -> np.ndarray:
        return np.frombuffer(getattr(self, name), dtype=_TYPES[name])


_TYPES = {"starts": np.int64, "ends": np.int64, "bullet": np.int8, "counts": np.int64, "words": np.uint64,
          "scounts": np.int64, "shingles": np.uint64, "sizes": np.int64}


def derivations(items: list[Analysed]) -> list[Derivation]:
    table = SentenceTable()
    for a in items:
        table.add(a.source.id, sentences(a))
    return derivations_from(table, {a.source.id: a.source.text for a in items})


def derivations_from(table: SentenceTable, texts: dict[str, str]) -> list[Derivation]:
    n_items = len(table.sources)
    sizes = table.column("sizes")
    if np.count_nonzero(sizes) < 2:
        return []
    src = np.repeat(np.arange(n_items, dtype=np.int64), sizes)
    starts, ends = table.column("starts"), table.column("ends")
    bullet = table.column("bullet").astype(bool)
    words, offsets, df = token_ids(table.column("words"), table.column("counts"), src, n_items)
    table.words = None  # held above now
    n = len(starts)
    # one 0/1 matrix of sentences × words (its rows are the runs already: no COO step); the
    # rarity weights are applied by a product with idf, not held as a second matrix
    binary = sparse.csr_matrix((np.ones(len(words), dtype=np.float32), words.astype(np.int32), offsets),
                               shape=(n, len(df)))
    idf = np.log((n_items + 1) / (df + 0.5))
    weight = binary @ idf
    rare = max(RARE_DF, int(RARE_SHARE * n_items))
    if n <= WORD_SETS_UP_TO:  # few sentences: recall first, word sets find a bullet that paraphrases prose
        pairs = candidate_pairs(words, offsets, src, df <= rare, LSH_THRESHOLD)
    else:  # many: word pairs as they stand, which a copy keeps and a page on the same topic does not
        del words
        shingles, soffsets, sdf = token_ids(table.column("shingles"), table.column("scounts"), src, n_items)
        pairs = candidate_pairs(shingles, soffsets, src, sdf <= rare, SHINGLE_THRESHOLD)
        del shingles
    table.shingles = None
    ok_i, ok_j, ok_s = [], [], []
    for i, j in pairs:  # the check, a chunk of candidate pairs at a time
        both = binary[i].multiply(binary[j]).tocsr()
        count = np.asarray(both.sum(axis=1)).ravel()
        share = (both @ idf) / np.minimum(weight[i], weight[j])
        ok = (count >= 3) & (share >= MATCH_AT)
        ok_i.append(i[ok].astype(np.int32))
        ok_j.append(j[ok].astype(np.int32))
        ok_s.append(share[ok].astype(np.float32))
    del binary, pairs
    x = np.concatenate(ok_i) if ok_i else np.zeros(0, np.int64)
    y = np.concatenate(ok_j) if ok_j else np.zeros(0, np.int64)
    if not len(x):
        return []
    score = np.concatenate(ok_s)
    # each sentence of a source aligns with the sentence of the other source that matches it best
    # (the first in the pile's order among equals)
    p = np.concatenate([x, y])            # the sentence…
    q = np.concatenate([y, x])            # …its match
    del x, y
    score = np.concatenate([score, score])
    g = p.astype(np.int64) * n_items + src[q]      # (sentence, other source)
    order = np.lexsort((q, -score, g))
    del score
    g, p, q = g[order], p[order], q[order]
    first = np.r_[True, g[1:] != g[:-1]]
    del g
    p, q = p[first], q[first]
    pair_key = src[p] * n_items + src[q]           # (source, other source)
    order = np.argsort(pair_key, kind="stable")
    pair_key, p, q = pair_key[order], p[order], q[order]
    del order
    begin = np.flatnonzero(np.r_[True, pair_key[1:] != pair_key[:-1]])  # pair_key is sorted
    size = np.diff(np.r_[begin, len(pair_key)])
    # fewer than 3 aligned sentences make no derivation: a large pile has millions of such
    # pairs of sources, so they go before anything more is computed about them
    big = size >= 3
    begin, size = begin[big], size[big]
    keys = pair_key[begin]
    del pair_key, big
    # the other way round: how many sentences of the other source align with this one
    back_key = (keys % n_items) * n_items + keys // n_items
    at = np.minimum(np.searchsorted(keys, back_key), len(keys) - 1)
    back = np.where(keys[at] == back_key, size[at], 0)
    per_source = np.bincount(src, minlength=n_items)
    a_, b_ = keys // n_items, keys % n_items
    k = np.minimum(size, back)
    share_a, share_b = size / per_source[a_], back / per_source[b_]
    ids = np.array(table.sources, dtype=object)
    first_side = ids[a_] < ids[b_]  # each pair of sources once
    enough = (k >= MIN_PASSAGES) | ((k >= 3) & (np.maximum(share_a, share_b) >= SMALL_SHARE))
    sents = _Sents(table.sources, src, starts, ends, bullet)
    out = []
    for e in np.flatnonzero(first_side & enough).tolist():
        b0, n_ab = int(begin[e]), int(size[e])
        pairs = dict(zip(p[b0:b0 + n_ab].tolist(), q[b0:b0 + n_ab].tolist()))
        out.append(_direct(table.sources[a_[e]], table.sources[b_[e]], pairs, float(share_a[e]), float(share_b[e]),
                           sents, texts))
    return sorted(out, key=lambda d: (d.source, d.other))


@dataclass
class _Sents:
    ids: list[str]
    src: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    bullet: np.ndarray

    def cite(self, i: int, texts: dict[str, str]) -> Citation:
        s, a, b = self.ids[int(self.src[i])], int(self.starts[i]), int(self.ends[i])
        return Citation(s, a, b, texts[s][a:b])


class Evidence(Sequence):
    """The aligned passages of one derivation, (copying passage, passage drawn on) as Citation
    pairs: kept as offsets, quoted when read (a big pile has millions of them)."""

    def __init__(self, texts: dict[str, str], sources: tuple[str, str], spans: np.ndarray):
        self.texts, self.sources, self.spans = texts, sources, spans   # spans: rows of (x0, x1, y0, y1)

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        x0, x1, y0, y1 = (int(v) for v in self.spans[k])
        (sx, sy), t = self.sources, self.texts
        return Citation(sx, x0, x1, t[sx][x0:x1]), Citation(sy, y0, y1, t[sy][y0:y1])

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    def __repr__(self) -> str:
        return f"Evidence({list(self)!r})"


def _direct(sa, sb, pairs, share_a, share_b, sents: _Sents, texts) -> Derivation:
    """Notes that align with prose are derived from the prose; else the side that is mostly copy."""
    bullets_a = sum(bool(sents.bullet[i]) for i in pairs) / len(pairs)
    bullets_b = sum(bool(sents.bullet[j]) for j in pairs.values()) / len(pairs)
    if abs(bullets_a - bullets_b) >= 0.5:
        copier, directed = (sa, True) if bullets_a > bullets_b else (sb, True)
    elif abs(share_a - share_b) >= 0.15:
        copier, directed = (sa, True) if share_a > share_b else (sb, True)
    else:
        copier, directed = sa, False
    other = sb if copier == sa else sa
    i, j = (np.array(v, dtype=np.int64) for v in zip(*sorted(pairs.items())))
    x, y = (i, j) if copier == sa else (j, i)
    spans = np.stack([sents.starts[x], sents.ends[x], sents.starts[y], sents.ends[y]], axis=1).astype(np.int64)
    return Derivation(copier, other, round(max(share_a, share_b), 3), directed, Evidence(texts, (copier, other), spans))


# --------------------------------------------------------------------------- as an extractor

class _CopiesCollector:
    def __init__(self):
        self.table = SentenceTable()

    def add(self, source_id: str, got: Sentences) -> None:
        self.table.add(source_id, got)

    def finish(self, board, texts: dict[str, str]) -> None:
        board.derivations = derivations_from(self.table, texts)
        self.table = None


class _Copies:
    """Which sources copy which (see extractors.py)."""

    name = "copies"

    def read(self, a: Analysed, timexes) -> Sentences:
        return sentences(a)

    def collector(self, question: str | None) -> _CopiesCollector:
        return _CopiesCollector()


COPIES = _Copies()
