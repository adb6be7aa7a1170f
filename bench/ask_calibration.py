"""Where should ask stop answering? Accuracy with and without abstention, by support threshold.

    python bench/ask_calibration.py [SHARED_DIR]

For each reference pile (SHARED_DIR, by default ../shared beside the
repository) and for our own sample-pile questions (tests/data/ask_cases.jsonl),
it asks every question with ask.SUPPORT_AT set to each threshold (0 = never
abstain) and prints the accuracy (an abstention on an unanswerable question
counts as right), how many answerable questions were answered correctly, and
how many unanswerable ones were declined. The shipped threshold is the one
that keeps every unanswerable question declined with the fewest false
abstentions; docs/ASK.md keeps the figures.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import histsift  # noqa: E402
from histsift import ask  # noqa: E402

THRESHOLDS = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]


def scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("evaluate", shared / "eval" / "evaluate.py")
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    return ev


def run(db: Path, questions: list[dict], right) -> str:
    cells = []
    shipped = ask.SUPPORT_AT, ask.SLOT_SUPPORT_AT
    for t in THRESHOLDS:
        ask.SUPPORT_AT, ask.SLOT_SUPPORT_AT = t, t * shipped[1] / shipped[0]
        asker = ask.Asker(db)
        got = [(q, asker.answer(q["q"])) for q in questions]
        asker.close()
        ok = sum(right(q, a) for q, a in got)
        answerable = [(q, a) for q, a in got if q["answer"] is not None]
        declined = sum(a["answer"] is None for q, a in got if q["answer"] is None)
        cells.append(f"{t:.1f}: {ok / len(got):.3f} ({sum(right(q, a) for q, a in answerable)}/{len(answerable)}, "
                     f"declined {declined}/{len(got) - len(answerable)})")
    ask.SUPPORT_AT, ask.SLOT_SUPPORT_AT = shipped
    return "\n    ".join(cells)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    work = Path(tempfile.mkdtemp(prefix="histsift-calibrate-"))
    if (shared / "eval" / "evaluate.py").exists():
        ev = scorer(shared)
        for name in ("nazi-soviet-pact", "roman-republic"):
            gold = json.loads((shared / "gold" / f"{name}.json").read_text(encoding="utf-8"))
            db = work / f"{name}.db"
            histsift.build(shared / "corpora" / name, db=db)
            qs = [{"q": q["q"], "answer": q["answer"], "gold": q} for q in gold["qa"]]

            def right(q, a, gold=gold):
                if q["answer"] is None:
                    return a["answer"] is None and a["value"] is None
                return a["answer"] is not None and ev.answer_matches(q["gold"], a, gold)
            print(f"{name}\n    {run(db, qs, right)}")
    else:
        print(f"no reference piles under {shared}: only the sample pile is measured")
    from test_ask import CASES, correct
    db = work / "sample.db"
    histsift.build(ROOT / "examples" / "berlin-wall", db=db)
    print(f"sample pile (our 40 questions)\n    {run(db, CASES, correct)}")


if __name__ == "__main__":
    main()
