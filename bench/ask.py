"""How fast does `ask` answer? p50 / p95 latency over 1,000 questions on a built pile.

    python bench/ask.py [--pages 1000] [--questions 1000] [--seed 7] [--work DIR]

Builds a synthetic pile of --pages sources with bench/build.py's seeded
generator (or reuses the store in --work), then asks --questions questions
made from the store itself: when-questions from timeline events, who- and
where-questions from the who's who, number and list questions, and questions
about things the pile never mentions. It reports:

- cold: a new Asker per question (open the store, load the who's who, first search);
- warm: one Asker for all questions, as the CLI's --file, the web app and the
  interactive prompt use it.

The target (issue 6) is p50 <= 20 ms warm. Figures go in bench/README.md.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import histsift  # noqa: E402
from histsift.ask import Asker  # noqa: E402

NEVER = ["Who was the first emperor of Atlantis?", "When did the Zorvian fleet sink?",
         "How many elephants crossed the Velder Pass?", "Where was the Treaty of Quillon signed?",
         "Which two generals founded the Morrow League?"]


def questions(db: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pile = histsift.open(db)
    events = [e for e in pile.events() if e.title]
    people = [e for e in pile.entities() if e.type == "person"]
    places = [e for e in pile.entities() if e.type == "place"]
    makers = [
        lambda: f"When did {rng.choice(events).title[0].lower()}{rng.choice(events).title[1:]}?",
        lambda: f"Who was {rng.choice(people).name}?",
        lambda: f"Where did {rng.choice(people).name} go?",
        lambda: f"In which year did {rng.choice(places).name} fall?",
        lambda: f"How many people gathered in {rng.choice(places).name}?",
        lambda: f"Which two leaders met in {rng.choice(places).name}?",
        lambda: rng.choice(NEVER),
    ]
    return [rng.choice(makers)() for _ in range(n)]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--questions", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=None, help="keep the pile and store here (reused if present)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="histsift-ask-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "pile.db"
    if not db.exists():
        from build import make_pile, txt_pile
        make_pile(work / "pile", args.pages, 0.0, args.seed)
        t = time.perf_counter()
        histsift.build(txt_pile(work / "pile"), db=db)
        print(f"built {args.pages} sources in {time.perf_counter() - t:.1f} s")
    qs = questions(db, args.questions, args.seed)
    cold = []
    for q in qs[:100]:  # a fresh Asker each: 100 are enough for the distribution
        t = time.perf_counter()
        a = Asker(db)
        a.answer(q)
        a.close()
        cold.append((time.perf_counter() - t) * 1000)
    asker = Asker(db)
    asker.answer(qs[0])  # loading is cold's cost, not warm's
    warm, answered = [], 0
    for q in qs:
        t = time.perf_counter()
        got = asker.answer(q)
        warm.append((time.perf_counter() - t) * 1000)
        answered += got["answer"] is not None
    print(f"{'':6} {'questions':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, xs in (("cold", cold), ("warm", warm)):
        print(f"{name:6} {len(xs):>9} {statistics.median(xs):>8.1f} {pct(xs, 95):>8.1f} {max(xs):>8.1f}")
    print(f"answered {answered}/{len(qs)} (the rest: not in the sources)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
