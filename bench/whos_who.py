"""Who's who on a table of invented cases: are one thing's names merged, different things kept
apart, names typed right, and common words left out?

    python bench/whos_who.py [--list]

Reads bench/data/whos_who_cases.jsonl (written by someone who had not read the code: see
bench/README.md). Each case is a short text read as a pile of one source; the score counts
pairs of names:

- merged: two names the case says are one entity end up in one who's-who entry;
- kept apart: two look-alike names the case says are different stay in different entries
  (or one of them is not listed at all);
- typed: a name the case types is listed with that type;
- left out: a capitalised word the case says names nothing is not an entry or an alias.

A name the tool does not list at all counts against "merged" and "typed". ``--list`` prints
every pair or name the tool gets wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from histsift.extract import entities  # noqa: E402
from histsift.pipeline import process_bytes  # noqa: E402

TABLE = ROOT / "bench" / "data" / "whos_who_cases.jsonl"


def who(text: str) -> dict[str, object]:
    """Each listed name or alias → its entry."""
    a = process_bytes(text.encode("utf-8"), "case.txt", ".txt")
    found = entities.WHOS_WHO.read(a, a.timexes)
    out = {}
    for e in entities.reconcile(found, {a.source.id: a.source.text}):
        for n in [e.name, *e.aliases]:
            out.setdefault(_key(n), e)
    return out


def _key(name: str) -> str:
    name = name.strip()
    return (name[4:] if name.lower().startswith("the ") else name).lower()


def score(case: dict, got: dict, wrong: list[str]) -> dict[str, tuple[int, int]]:
    tally = {"merged": [0, 0], "kept apart": [0, 0], "typed": [0, 0], "left out": [0, 0]}

    def count(kind: str, ok: bool, what: str) -> None:
        tally[kind][0] += ok
        tally[kind][1] += 1
        if not ok:
            wrong.append(f"{case['id']} {kind:10} {what}")

    for group in case.get("same", []):
        for a, b in zip(group, group[1:]):
            ea, eb = got.get(_key(a)), got.get(_key(b))
            count("merged", ea is not None and ea is eb, f"{a!r} / {b!r}")
    for a, b in case.get("apart", []):
        ea, eb = got.get(_key(a)), got.get(_key(b))
        count("kept apart", ea is None or eb is None or ea is not eb, f"{a!r} / {b!r}")
    for name, kind in case.get("types", {}).items():
        e = got.get(_key(name))
        count("typed", e is not None and e.type == kind, f"{name!r}: {kind}, got {getattr(e, 'type', 'not listed')}")
    for word in case.get("not_names", []):
        count("left out", _key(word) not in got, repr(word))
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="print what the tool gets wrong")
    args = ap.parse_args()
    cases = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    total: dict[str, list[int]] = {}
    wrong: list[str] = []
    for case in cases:
        for kind, (ok, n) in score(case, who(case["text"]), wrong).items():
            t = total.setdefault(kind, [0, 0])
            t[0] += ok
            t[1] += n
    print(f"{len(cases)} cases")
    for kind, (ok, n) in total.items():
        print(f"  {kind:10} {ok / n if n else 0:.2f} ({ok}/{n})")
    if args.list:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
