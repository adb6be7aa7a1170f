"""Score the date tagger on our own table of cases (tests/data/dates_cases.jsonl).

    python bench/dates_table.py            # accuracy per form, and overall
    python bench/dates_table.py --misses   # also list every case it gets wrong

A case is right when every expected expression is found (same value, type and
precision, and overlapping the expected characters) and nothing else is.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "dates_cases.jsonl"
sys.path.insert(0, str(ROOT / "src"))

from histsift.ingest import clean
from histsift import dates  # noqa: E402


def load_cases(path: Path = TABLE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_case(case: dict) -> list[dict]:
    """The tagger's expressions inside the case's text (after its context)."""
    ctx_text = case.get("context") or ""
    doc = (ctx_text + "\n\n" if ctx_text else "") + case["text"]
    offset = len(doc) - len(case["text"])
    skip = [(s.start, s.end) for s in clean.find_boilerplate(doc)]
    when = dates.parse_dct(case["dct"]) if case.get("dct") else None
    found = dates.tag(doc, dates.Context(dct=when, skip=skip))
    return [dict(t.to_dict(), start=t.start - offset, end=t.end - offset) for t in found if t.start >= offset]


def judge(case: dict, got: list[dict]) -> tuple[bool, int, int, int]:
    """(case right?, true positives, false positives, false negatives)."""
    text = case["text"]
    want = []
    pos = 0
    for e in case["expect"]:
        i = text.find(e["quote"], pos)
        want.append((i, i + len(e["quote"]), e))
        pos = max(pos, i)
    used, tp = set(), 0
    for a, b, e in want:
        for k, g in enumerate(got):
            if k in used or g["end"] <= a or g["start"] >= b:
                continue
            if (g["type"], g["value"], g["precision"]) == (e["type"], e["value"], e["precision"]):
                used.add(k)
                tp += 1
                break
    fp, fn = len(got) - len(used), len(want) - tp
    return fp == 0 and fn == 0, tp, fp, fn


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    cases = load_cases()
    right, total = Counter(), Counter()
    tp = fp = fn = 0
    misses = []
    for c in cases:
        got = run_case(c)
        ok, a, b, d = judge(c, got)
        tp, fp, fn = tp + a, fp + b, fn + d
        total[c["form"]] += 1
        right[c["form"]] += ok
        if not ok:
            misses.append((c, got))
    acc = sum(right.values()) / len(cases)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    summary = {"cases": len(cases), "accuracy": round(acc, 3), "precision": round(p, 3), "recall": round(r, 3),
               "by_form": {f: f"{right[f]}/{total[f]}" for f in sorted(total)}}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{len(cases)} cases: accuracy {acc:.3f} (expression precision {p:.3f}, recall {r:.3f})")
        for f in sorted(total):
            print(f"  {f:12} {right[f]:3}/{total[f]:3}")
    if args.misses:
        for c, got in misses:
            print(f"\n{c['id']}: {c['text']}" + (f"\n   context: {c['context']}" if c.get("context") else ""))
            print("   want:", [(e["quote"], e["value"], e["precision"]) for e in c["expect"]])
            print("   got: ", [(g["text"], g["value"], g["precision"]) for g in got])
    return 0


if __name__ == "__main__":
    sys.exit(main())
