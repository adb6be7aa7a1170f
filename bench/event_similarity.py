"""Which similarity merges event mentions best: our lexical measure or a small embedding?

    pip install wordllama        # ships its weights in the wheel; not a histsift dependency
    python bench/event_similarity.py [SHARED_DIR]

For each reference pile (read from SHARED_DIR, by default ../shared beside the
repository) it builds the timeline twice — with event_merge.similarity as shipped
(overlap of content-word stems and names) and with the cosine of WordLlama
embeddings of each mention's clause, at several thresholds — and prints the
scorer's event_f1 and conflict_f1 for each. docs/TIMELINE.md keeps the figures.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from histsift.extract import event_merge
from histsift.outputs import export
from histsift.ingest import load  # noqa: E402
from histsift.pipeline import process_file  # noqa: E402
from histsift.pipeline.reconcile import reconcile  # noqa: E402

PILES = ["nazi-soviet-pact", "roman-republic"]


def scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("evaluate", shared / "eval" / "evaluate.py")
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    return ev


def score(ev, shared: Path, name: str, items) -> tuple[float, float]:
    gold = json.loads((shared / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    board = reconcile(items)
    doc = export.document(board)
    texts = ev.load_corpus(shared / "corpora" / name)
    ex = ev.Export(doc, texts)
    c = ev.score_conflicts(gold, ex, texts, [])
    return ev.score_events(gold, ex)["f1"], c["f1"]


def embedding_similarity(model, texts: dict[str, str]):
    cache: dict[int, object] = {}

    def vec(m):
        if id(m) not in cache:
            a, b = m.spans[0]
            cache[id(m)] = model.embed([texts[m.source][a:b]], norm=True)[0]
        return cache[id(m)]

    def similarity(a, b) -> float:
        return float(vec(a) @ vec(b))

    return similarity


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    if not (shared / "corpora").is_dir():
        print(f"no reference piles under {shared}: nothing to measure")
        return 0
    ev = scorer(shared)
    import wordllama
    from wordllama import WordLlama

    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    lexical, merge_at, conflict_at = event_merge.similarity, dict(event_merge.MERGE_AT), event_merge.CONFLICT_AT
    rows = []
    for name in PILES:
        root, files = load.discover(shared / "corpora" / name)
        items = [process_file(f, root) for f in files]
        texts = {a.source.id: a.source.text for a in items}
        event_merge.similarity = lexical
        rows.append((name, "lexical (shipped)", *score(ev, shared, name, items)))
        event_merge.similarity = embedding_similarity(model, texts)
        for t in (0.5, 0.6, 0.7, 0.8):
            event_merge.MERGE_AT = {k: t for k in merge_at}
            event_merge.CONFLICT_AT = t
            rows.append((name, f"wordllama cosine >= {t}", *score(ev, shared, name, items)))
        event_merge.similarity, event_merge.MERGE_AT, event_merge.CONFLICT_AT = lexical, dict(merge_at), conflict_at
    print(f"{'pile':18} {'similarity':26} {'event_f1':>8} {'conflict_f1':>11}")
    for name, how, ef, cf in rows:
        print(f"{name:18} {how:26} {ef:8.3f} {cf:11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
