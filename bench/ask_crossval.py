"""Choosing ask's abstention threshold by cross-validation over the reference piles.

    python bench/ask_crossval.py [SHARED_DIR]

For every pile under SHARED_DIR/corpora that has gold questions (SHARED_DIR is
../shared beside the repository by default; without it there is nothing to
measure and the script says so), it asks every gold question with
``ask.SUPPORT_AT`` at each threshold and counts the right answers (declining an
unanswerable question is right) and the wrong ones (an answer that is not the
gold one, or any answer to an unanswerable question). Then, for each pile in
turn, the threshold is chosen on the *other* piles — the one with the best mean
of accuracy minus wrong-answer rate, since a student told something false with a
citation is worse off than one told "not in the sources" — and measured on the
held-out pile. It prints the table per threshold, the held-out figures and the
threshold the whole set would choose. docs/ASK.md keeps the figures.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import histsift  # noqa: E402
from histsift import ask  # noqa: E402

THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]


def scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("evaluate", shared / "eval" / "evaluate.py")
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    return ev


def sweep(db: Path, gold: dict, ev) -> dict[float, tuple[int, int, int]]:
    """threshold → (right, wrong, questions)."""
    out = {}
    shipped = ask.SUPPORT_AT, ask.SLOT_SUPPORT_AT
    try:
        for t in THRESHOLDS:
            ask.SUPPORT_AT, ask.SLOT_SUPPORT_AT = t, t * shipped[1] / shipped[0]
            asker = ask.Asker(db)
            right = wrong = 0
            for q in gold["qa"]:
                a = asker.answer(q["q"])
                if q["answer"] is None:
                    ok = a["answer"] is None
                    right += ok
                    wrong += not ok
                elif a["answer"] is not None:
                    ok = ev.answer_matches(q, a, gold)
                    right += ok
                    wrong += not ok
            asker.close()
            out[t] = (right, wrong, len(gold["qa"]))
    finally:
        ask.SUPPORT_AT, ask.SLOT_SUPPORT_AT = shipped
    return out


def utility(rows: list[tuple[int, int, int]]) -> float:
    return sum((r - w) / n for r, w, n in rows) / len(rows)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    if not (shared / "eval" / "evaluate.py").exists():
        print(f"no reference piles under {shared}: nothing to cross-validate")
        return
    ev = scorer(shared)
    work = Path(tempfile.mkdtemp(prefix="histsift-crossval-"))
    table: dict[str, dict[float, tuple[int, int, int]]] = {}
    for gold_file in sorted((shared / "gold").glob("*.json")):
        name = gold_file.stem
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if not gold.get("qa") or not (shared / "corpora" / name).is_dir():
            continue
        db = work / f"{name}.db"
        histsift.build(shared / "corpora" / name, db=db)
        table[name] = sweep(db, gold, ev)
    print("threshold  " + "  ".join(f"{n[:18]:>18}" for n in table) + "   (right/wrong of questions)")
    for t in THRESHOLDS:
        print(f"{t:9.2f}  " + "  ".join(f"{r:>8}/{w:<3} of {q:<3}" for r, w, q in (table[n][t] for n in table)))
    print("\nheld out: threshold chosen on the other piles, measured on this one")
    for name in table:
        others = [n for n in table if n != name]
        best = max(THRESHOLDS, key=lambda t: (utility([table[n][t] for n in others]), -abs(t - ask.SUPPORT_AT)))
        r, w, q = table[name][best]
        print(f"  {name:24} threshold {best:.2f}: accuracy {r / q:.3f}, wrong {w}/{q} ({w / q:.0%})")
    best = max(THRESHOLDS, key=lambda t: (utility([table[n][t] for n in table]), -abs(t - ask.SUPPORT_AT)))
    print(f"\nall piles choose {best:.2f} (shipped: {ask.SUPPORT_AT:.2f})")


if __name__ == "__main__":
    main()
