"""Contradictions on a table of our own: pairs of invented sources, each marked conflict, agreement
or unrelated (bench/data/conflict_pairs.jsonl, written by someone who had not read the code).

    python bench/conflicts.py [--list] [--pairs FILE]

Each pair is built as a pile of two sources; a pair counts as found when the board holds a
conflict with a side in each source. Prints precision and recall of the conflict label (overall
and per kind) and, with --list, every pair the tool gets wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from histsift.ingest.annotate import annotate  # noqa: E402
from histsift.ingest.clean import clean  # noqa: E402
from histsift.ingest.load import source_id  # noqa: E402
from histsift.model import Source  # noqa: E402
from histsift.pipeline.reconcile import reconcile  # noqa: E402


def _source(text: str, path: str) -> Source:
    return clean(Source(id=source_id(text), path=path, title="", text=text, kind="txt", encoding="utf-8",
                        words=len(text.split())))


def found(pair: dict) -> bool:
    a, b = _source(pair["a"]["text"], "a.txt"), _source(pair["b"]["text"], "b.txt")
    if a.id == b.id:
        return False
    board = reconcile([annotate(a), annotate(b)])
    return any(len({x.source for s in c.sides for x in s.citations}) >= 2 for c in board.conflicts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true", help="list the pairs the tool gets wrong")
    ap.add_argument("--pairs", type=Path, default=ROOT / "data" / "conflict_pairs.jsonl",
                    help="the table (default bench/data/conflict_pairs.jsonl; a second, held-out one is "
                         "bench/data/conflict_pairs_2.jsonl)")
    args = ap.parse_args()
    pairs = [json.loads(line) for line in args.pairs.read_text("utf-8").splitlines() if line.strip()]
    tally: Counter = Counter()
    wrong = []
    for p in pairs:
        got, want = found(p), p["label"] == "conflict"
        for k in ("all", p["kind"]):
            tally[k, got, want] += 1
        if got != want:
            wrong.append(f"{p['id']} {p['kind']:7} {p['label']:9} found={got}: {p['note'][:90]}")
    print(f"{len(pairs)} pairs ({Counter(p['label'] for p in pairs)})")
    for k in ["all", *sorted({p["kind"] for p in pairs})]:
        tp, fp, fn = tally[k, True, True], tally[k, True, False], tally[k, False, True]
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        print(f"  {k:7} precision {prec:.2f} ({tp}/{tp + fp})  recall {rec:.2f} ({tp}/{tp + fn})")
    if args.list:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
