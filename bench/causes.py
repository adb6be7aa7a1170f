"""How should cause passages be grouped into themes: words, a small embedding, or both?

    pip install wordllama        # ships its weights in the wheel; not a histsift dependency
    python bench/causes.py [SHARED_DIR]

For each reference pile (read from SHARED_DIR, by default ../shared beside the
repository) it takes the passages causes.passages selects and groups them
with average linkage on cosine distance over (a) the rarity-weighted content
words causes.py ships, (b) WordLlama sentence embeddings, (c) both,
concatenated with the words at weight 0.8, each cut at several theme counts,
and prints the scorer's factor B-cubed F1 / precision / recall for each.
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

PILES = ["nazi-soviet-pact", "roman-republic"]
THEMES = [8, 10, 12, 14, 16, 20]


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


def with_vectors(make):
    """Run causes.factors with its word vectors replaced by ``make(passages, word_vectors)``."""
    shipped = causes._vectors

    def vectors(ps):
        return make(ps, shipped(ps))
    return shipped, vectors


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    ev = scorer(shared)
    try:
        import wordllama
        from wordllama import WordLlama
        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except ImportError:
        model = None
        print("wordllama is not installed: only the word vectors are measured")
    for name in PILES:
        root, files = load.discover(shared / "corpora" / name)
        items = [process_file(f, root) for f in files]
        derived = [(d.source, d.other) for d in criticism.derivations(items)]
        texts = {a.source.id: a.source.text for a in items}

        def embed(ps):
            return model.embed([texts[p[0]][p[1]:p[2]] for p in ps], norm=True)
        variants = {"words (shipped)": lambda ps, w: w}
        if model is not None:
            variants["wordllama"] = lambda ps, w: embed(ps)
            variants["words 0.8 + wordllama 0.2"] = lambda ps, w: np.hstack([np.sqrt(0.8) * w, np.sqrt(0.2) * embed(ps)])
        for label, make in variants.items():
            shipped, causes._vectors = with_vectors(make)
            try:
                row = [f"k={k}: {score(ev, shared, name, items, causes.factors(items, derived, themes=k))}"
                       for k in THEMES]
            finally:
                causes._vectors = shipped
            print(f"{name:18} {label:28}", "  ".join(row))


if __name__ == "__main__":
    main()
