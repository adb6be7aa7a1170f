"""Ask on the sample pile, with 40 questions written from its pages only, by someone who had not
seen what ask does (bench/data/berlin_wall_questions.jsonl: 30 answerable, 10 not).

    python bench/ask_sample.py [--list]

Right: a date question gives the value (or one the question accepts); a name, place, number,
duration or text question gives an answer holding one of the accepted forms; an unanswerable
one is declined. Wrong: anything else that is answered (declining an answerable question is
neither). Prints accuracy and the wrong-answer rate; --list shows each miss.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

import histsift  # noqa: E402
from histsift.ask import Asker  # noqa: E402


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", str(s).lower())
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in s if not unicodedata.combining(c))).strip()


def right(q: dict, a: dict) -> bool:
    if q["answer"] is None:
        return a["answer"] is None
    if a["answer"] is None:
        return False
    want = [q["answer"], *q.get("accept", [])]
    if q["type"] == "date":
        return str(a.get("value")) in want or any(_norm(w) in _norm(a["answer"]) for w in want[1:])
    said = _norm(f"{a['answer']} {a.get('value') or ''}")
    return any(_norm(w) and f" {_norm(w)} " in f" {said} " for w in want)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    qs = [json.loads(x) for x in (ROOT / "data" / "berlin_wall_questions.jsonl").read_text("utf-8").splitlines() if x.strip()]
    db = Path(tempfile.mkdtemp(prefix="histsift-sample-")) / "sample.db"
    histsift.build(ROOT.parent / "examples" / "berlin-wall", db=db)
    asker = Asker(db)
    ok = wrong = 0
    for q in qs:
        a = asker.answer(q["q"])
        good = right(q, a)
        ok += good
        wrong += (not good) and a["answer"] is not None
        if args.list and not good:
            print(f"{'WRONG' if a['answer'] is not None else 'silent'}: {q['q']} -> {a['answer']!r} (want {q['answer']!r})")
    asker.close()
    print(f"{len(qs)} questions: accuracy {ok / len(qs):.3f} ({ok}), wrong answers {wrong} ({wrong / len(qs):.0%})")


if __name__ == "__main__":
    main()
