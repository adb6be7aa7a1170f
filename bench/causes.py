"""How should cause passages be grouped into themes: words, a sentence encoder, or both?

    python bench/causes.py [SHARED_DIR]

For each reference pile (read from SHARED_DIR, by default ../shared beside the
repository) it takes the passages causes.passages selects and groups them
(a) as histsift did before: average linkage on cosine over rarity-weighted
content words, cut at about √passages themes; (b) Louvain communities of a
10-nearest-neighbour graph over the MiniLM sentence embeddings alone
(lang/encoder.py); (c) the same over words and embeddings, half each, at
several resolutions: the shipped grouping is (c) at resolution 2.0; (d)
WordLlama embeddings, when wordllama is installed (not a histsift dependency);
and (e) the shipped model's lemmas, and its parse heads (each verb with its
subject and object: "V:place", "O:missile", "V:place|O:missile"), each weighted
by rarity like the words, alone and beside the encoder.
It prints the scorer's factor B-cubed F1 per pile and their mean, in one run.
docs/WHO_WHY.md keeps the figures.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from histsift.extract import causes, criticism
from histsift.ingest import load  # noqa: E402
from histsift.pipeline import process_file  # noqa: E402

PILES = ["cuban-missile-crisis", "july-crisis-1914", "nazi-soviet-pact", "roman-republic"]


def scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("evaluate", shared / "eval" / "evaluate.py")
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    return ev


def score(ev, shared, name, items, fs) -> str:
    gold = json.loads((shared / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    texts = ev.load_corpus(shared / "corpora" / name)
    doc = {"sources": [{"id": a.source.id, "path": a.source.path} for a in items],
           "factors": [{"citations": [c.to_dict() for c in f.citations]} for f in fs]}
    r = ev.score_factors(gold, ev.Export(doc, texts), texts, [])
    return f"{r['bcubed_f1']:.3f} ({r['bcubed_precision']:.2f}/{r['bcubed_recall']:.2f})"


def grouped(items, derived, vectors, louvain: bool, resolution: float = causes.RESOLUTION):
    """causes.factors with the passage vectors ``vectors(passages, word_vectors)`` and either
    average linkage (the old grouping) or the shipped communities."""
    shipped_v, shipped_c = causes._vectors, causes._cluster

    def cluster(ps, themes, texts=None):
        v = vectors(ps, shipped_v(ps))
        if not louvain:
            causes._vectors = lambda _ps: v
            try:
                return shipped_c(ps, themes)
            finally:
                causes._vectors = cluster_vectors
        return causes.communities(v, resolution)

    cluster_vectors = shipped_v
    causes._cluster = cluster
    try:
        return causes.factors(items, derived)
    finally:
        causes._vectors, causes._cluster = shipped_v, shipped_c


def main() -> None:
    from histsift.lang import encoder

    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    ev = scorer(shared)
    if not encoder.available():
        raise SystemExit("the sentence encoder is not installed (make setup installs it)")
    try:
        import wordllama
        from wordllama import WordLlama
        llama = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except ImportError:
        llama = None
    from histsift.lang import nlp

    parser = nlp.pipeline(parse=True, lemmas=True)
    piles = {}
    for name in PILES:
        root, files = load.discover(shared / "corpora" / name)
        items = [process_file(f, root) for f in files]
        derived = [(d.source, d.other) for d in criticism.derivations(items)]
        texts = {a.source.id: a.source.text for a in items}
        ps = causes.passages(items)
        emb = {(p[0], p[1]): e for p, e in zip(ps, encoder.embed([texts[p[0]][p[1]:p[2]] for p in ps]))}
        docs = parser.pipe([texts[p[0]][p[1]:p[2]] for p in ps], batch_size=64)
        parsed = {(p[0], p[1]): (_lemmas(d), _heads(d)) for p, d in zip(ps, docs)}
        piles[name] = (items, derived, texts, emb, parsed)

    def minilm(name, share):
        emb = piles[name][3]
        return lambda ps, w: np.hstack([np.sqrt(share) * w, np.sqrt(1 - share) * np.array([emb[(p[0], p[1])] for p in ps])])

    def parsed(name, which, words=0.0, meaning=0.0):
        """Lemmas (which=0) or parse heads (1) by rarity, with shares of words and of the encoder."""
        emb, feats = piles[name][3], piles[name][4]

        def vectors(ps, w):
            own = _rarity([feats[(p[0], p[1])][which] for p in ps])
            parts = [np.sqrt(1 - words - meaning) * own]
            if words:
                parts.append(np.sqrt(words) * w)
            if meaning:
                parts.append(np.sqrt(meaning) * np.array([emb[(p[0], p[1])] for p in ps]))
            return np.hstack(parts)
        return vectors

    rows = [("words, average linkage (before)", lambda n: (lambda ps, w: w), False, None),
            ("MiniLM, communities r2.0", lambda n: minilm(n, 0.0), True, 2.0)]
    for share in (0.3, 0.5, 0.7):
        for res in (1.0, 1.5, 2.0):
            mark = " (shipped)" if share == causes.WORDS_SHARE and res == causes.RESOLUTION else ""
            rows.append((f"words {share} + MiniLM, communities r{res}{mark}", (lambda s: lambda n: minilm(n, s))(share),
                         True, res))
    rows += [("lemmas, communities r2.0", lambda n: parsed(n, 0), True, 2.0),
             ("parse heads, communities r2.0", lambda n: parsed(n, 1), True, 2.0),
             ("lemmas 0.5 + MiniLM, communities r2.0", lambda n: parsed(n, 0, meaning=0.5), True, 2.0),
             ("heads 0.25 + words 0.25 + MiniLM, r2.0", lambda n: parsed(n, 1, words=0.25, meaning=0.5), True, 2.0)]
    if llama is not None:
        def wl(name):
            texts = piles[name][2]
            return lambda ps, w: np.hstack([np.sqrt(0.5) * w, np.sqrt(0.5) * llama.embed(
                [texts[p[0]][p[1]:p[2]] for p in ps], norm=True)])
        rows.append(("words 0.5 + WordLlama, communities r2.0", wl, True, 2.0))
    print(f"{'grouping':48} " + " ".join(f"{n[:12]:>12}" for n in PILES) + "        mean")
    for label, make, louvain, res in rows:
        f1 = []
        for name in PILES:
            items, derived, texts, *_ = piles[name]
            fs = grouped(items, derived, make(name), louvain, res or causes.RESOLUTION)
            f1.append(float(score(ev, shared, name, items, fs).split()[0]))
        print(f"{label:48} " + " ".join(f"{x:12.3f}" for x in f1) + f"  {np.mean(f1):10.3f}", flush=True)


CONTENT_TAGS = ("NOUN", "VERB", "PROPN", "ADJ")


def _lemmas(doc) -> list[str]:
    return [t.lemma_.lower() for t in doc if t.pos_ in CONTENT_TAGS and not t.is_stop and len(t.text) > 2]


def _heads(doc) -> list[str]:
    """Each verb's lemma, its subject's and object's, and the verb paired with each."""
    out = []
    for v in doc:
        if v.pos_ != "VERB":
            continue
        out.append(f"V:{v.lemma_.lower()}")
        for ch in v.children:
            if ch.dep_ in ("nsubj", "nsubj:pass", "obj") and ch.pos_ in CONTENT_TAGS:
                role = "O" if ch.dep_ == "obj" else "S"
                out += [f"{role}:{ch.lemma_.lower()}", f"V:{v.lemma_.lower()}|{role}:{ch.lemma_.lower()}"]
    return out


def _rarity(rows: list[list[str]]):
    """Rows of features as unit vectors, each feature weighted log(n / df), seen twice at least
    (as causes._vectors weights words)."""
    n = len(rows)
    df: dict[str, int] = {}
    for r in rows:
        for f in set(r):
            df[f] = df.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= 2))}
    m = np.zeros((n, max(1, len(vocab))))
    for i, r in enumerate(rows):
        for f in set(r):
            if f in vocab:
                m[i, vocab[f]] = np.log(n / df[f])
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return m / norms


if __name__ == "__main__":
    main()
