"""Score line-level cleaning on a held-out table of lines (tests/data/boilerplate_lines.tsv).

The table was written by someone who had not read clean.py: chrome from many
kinds of sites, and content lines with the trap words of history prose. Each
line is placed between two ordinary paragraphs, as in a page, and judged cut
or kept.

    python bench/boilerplate_table.py [--misses]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from histsift.ingest.clean import find_boilerplate  # noqa: E402

TABLE = ROOT / "tests" / "data" / "boilerplate_lines.tsv"
BEFORE = "The harvest failed twice in a row, and by the spring the price of bread had doubled in the towns.\n\n"
AFTER = "\n\nAfter the riots the council met again and agreed to buy grain from abroad for the poorer districts."


def load(path: Path = TABLE) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["label"], r["line"]) for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def is_cut(line: str) -> bool:
    text = BEFORE + line + AFTER
    start = len(BEFORE) + (len(line) - len(line.lstrip()))
    return any(s.start <= start < s.end for s in find_boilerplate(text))


def score(rows: list[tuple[str, str]]) -> dict:
    tp = fp = fn = tn = 0
    misses = []
    for label, line in rows:
        cut = is_cut(line)
        tp += cut and label == "chrome"
        fp += cut and label == "content"
        fn += (not cut) and label == "chrome"
        tn += (not cut) and label == "content"
        if cut != (label == "chrome"):
            misses.append((label, line))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"lines": len(rows), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "misses": misses}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    s = score(load())
    print(f"{s['lines']} lines: precision {s['precision']}, recall {s['recall']}, f1 {s['f1']}")
    if args.misses:
        for label, line in s["misses"]:
            print(f"  {'missed chrome' if label == 'chrome' else 'cut content  '}  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
