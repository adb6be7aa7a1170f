"""Candidate pairs of similar sentences: MinHash LSH over numpy arrays, a band at a time.

Each sentence is a run of token ids (words or word pairs); its signature is taken
over the tokens kept (the rarer ones, see criticism.py), bands become sorted keys,
and sentences sharing a key in some band are a candidate pair, reported once, at
the first band where they meet. criticism.py checks every candidate exactly.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

NUM_PERM = 64
MAX_NEIGHBOURS = 200  # a bucket bigger than this is a stock phrase every page has: no evidence


def _params(threshold: float) -> tuple[int, int]:
    """Bands and rows that best separate pairs above the threshold from those below (datasketch's choice)."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, NUM_PERM, 0.5, 0.5)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads word ids over 64 bits."""
    with np.errstate(over="ignore"):
        x = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _band_keys(tokens: np.ndarray, offsets: np.ndarray, keep_token: np.ndarray, b: int, r: int,
               chunk: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """MinHash LSH keys (one uint32 per band) over the kept tokens of every sentence.

    The NUM_PERM minimum hashes of a sentence are its signature; each band of ``r`` of them
    is hashed to one key. Signatures are made a chunk of sentences at a time and not kept.
    Returns the sentences that have a kept token, and their keys.
    """
    rng = np.random.RandomState(1)
    mult = rng.randint(1, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64) * np.uint64(2) + np.uint64(1)
    add = rng.randint(0, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
    hashed = _mix(np.arange(len(keep_token), dtype=np.uint64))  # a hash per distinct token
    mixers = _mix(np.arange(1, r + 1, dtype=np.uint64))
    n = len(offsets) - 1
    counts = np.diff(offsets)
    out_rows, out_keys = [], []
    for c in range(0, n, chunk):
        d = min(n, c + chunk)
        w = tokens[offsets[c]:offsets[d]]
        owner = np.repeat(np.arange(c, d), counts[c:d])
        k = keep_token[w]
        w, owner = w[k], owner[k]
        if not len(w):
            continue
        with np.errstate(over="ignore"):
            h = ((hashed[w][:, None] * mult[None, :] + add[None, :]) >> np.uint64(32)).astype(np.uint32)
            first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            sig = np.minimum.reduceat(h, first, axis=0)
            keys = np.empty((len(first), b), dtype=np.uint32)
            for band in range(b):
                key = np.zeros(len(first), dtype=np.uint64)
                for j in range(r):
                    key = (key ^ sig[:, band * r + j].astype(np.uint64)) * mixers[j]
                keys[:, band] = (key >> np.uint64(32)).astype(np.uint32)
        out_rows.append(owner[first].astype(np.int32))
        out_keys.append(keys)
    if not out_rows:
        return np.zeros(0, np.int32), np.zeros((0, b), np.uint32)
    return np.concatenate(out_rows), np.concatenate(out_keys)


def token_ids(raw: np.ndarray, counts: np.ndarray, src: np.ndarray, n_items: int):
    """Word (or shingle) ids as indices 0..V-1, the offsets of each sentence's run, and in
    how many sources each id is."""
    vocab, ids = np.unique(raw, return_inverse=True)
    ids = ids.astype(np.int64).ravel()
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    per_source = np.unique(ids * n_items + np.repeat(src, counts))
    df = np.bincount(per_source // n_items, minlength=len(vocab))
    return ids, offsets, df


def candidate_pairs(tokens, offsets, src, keep, threshold) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Pairs (i, j), i < j, of sentences of different sources that share an LSH bucket, in chunks
    as they are found (so the pile's pairs are never all held at once; the caller's result does not
    depend on their order).

    A pair is taken from the first band it collides in (a later band checks the earlier bands'
    keys), so no pair comes twice.
    """
    b, r = _params(threshold)
    rows, keys = _band_keys(tokens, offsets, keep, b, r)
    del tokens
    for band in range(b):
        order = np.argsort(keys[:, band], kind="stable")
        ks = keys[order, band]
        cut = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1], True])
        starts, sizes = cut[:-1], np.diff(cut)
        del ks, cut
        for size in np.unique(sizes[(sizes >= 2) & (sizes <= MAX_NEIGHBOURS)]).tolist():
            # every bucket of this size at once; bigger than MAX_NEIGHBOURS: a stock phrase, no evidence
            members = order[starts[sizes == size][:, None] + np.arange(size)]
            ii, jj = np.triu_indices(size, 1)
            step = max(1, 200_000 // len(ii))
            for c in range(0, len(members), step):
                m = members[c:c + step]
                x, y = m[:, ii].ravel(), m[:, jj].ravel()
                if band:  # met in an earlier band already
                    x, y = _first_meeting(keys, x, y, band)
                x, y = rows[x], rows[y]
                diff = src[x] != src[y]
                x, y = x[diff], y[diff]
                if len(x):
                    yield np.minimum(x, y), np.maximum(x, y)


def _first_meeting(keys: np.ndarray, x: np.ndarray, y: np.ndarray, band: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (x, y) whose keys differ in every band before ``band``."""
    seen = np.zeros(len(x), dtype=bool)
    for earlier in range(band):
        seen |= keys[x, earlier] == keys[y, earlier]
    return x[~seen], y[~seen]
