"""Our date tagger and dateparser's search_dates, side by side on the same table.

    python bench/dates.py

Both read every case of tests/data/dates_cases.jsonl (context, then the
sentence). dateparser returns datetimes, so its answer is read at the
precision the table expects (day, month or year); what it cannot express
(seasons, decades, centuries, ranges, BC years, durations) counts as missed.
It is given PREFER_DATES_FROM=past and no relative base, as a history user
would set it; it still fills missing years from today, which is the point.
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import dates_table as table  # noqa: E402


def dateparser_case(case: dict) -> list[dict]:
    from dateparser.search import search_dates

    ctx = case.get("context") or ""
    doc = (ctx + "\n\n" if ctx else "") + case["text"]
    offset = len(doc) - len(case["text"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(doc, languages=["en"], settings={"PREFER_DATES_FROM": "past"}) or []
    out, pos = [], 0
    for quote, when in found:
        i = doc.find(quote, pos)
        if i < 0:
            continue
        pos = i + len(quote)
        if i < offset:
            continue
        out.append({"start": i - offset, "end": i - offset + len(quote), "text": quote, "type": "date", "when": when})
    return out


def judge_dateparser(case: dict, got: list[dict]) -> bool:
    """Read each datetime at the precision the table wants for the overlapping expression."""
    want = case["expect"]
    text = case["text"]
    matched = 0
    for e in want:
        a = text.find(e["quote"])
        b = a + len(e["quote"])
        for g in got:
            if g["end"] <= a or g["start"] >= b or e["type"] != "date" or not e["value"]:
                continue
            w = g["when"]
            as_value = {"day": w.strftime("%Y-%m-%d"), "month": w.strftime("%Y-%m"), "year": w.strftime("%Y")}
            if as_value.get(e["precision"]) == e["value"]:
                matched += 1
                break
    return matched == len(want) and len(got) == len(want)


def main() -> int:
    cases = table.load_cases()
    t0 = time.perf_counter()
    ours = sum(table.judge(c, table.run_case(c))[0] for c in cases)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = sum(judge_dateparser(c, dateparser_case(c)) for c in cases)
    t_theirs = time.perf_counter() - t0
    n = len(cases)
    print(f"{n} cases of tests/data/dates_cases.jsonl")
    print(f"{'tagger':24} {'accuracy':>9} {'sentences/s':>12}")
    print(f"{'histsift.dates':24} {ours / n:9.3f} {n / t_ours:12.0f}")
    print(f"{'dateparser.search_dates':24} {theirs / n:9.3f} {n / t_theirs:12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
