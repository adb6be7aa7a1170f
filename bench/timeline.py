"""Speed of the timeline stages alone: segment + dates + events, on one core.

    python bench/timeline.py [--pages N] [--seed S]

Generates plain-text pages with bench/build.py's seeded generator, cleans them
(not timed), then times segmentation, date scanning and resolution, event
mentions and their reconciliation into one timeline.
"""
from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from build import make_pile  # noqa: E402

from histsift.ingest import clean, load
from histsift import dates
from histsift.extract import event_merge, events  # noqa: E402
from histsift.ingest.annotate import annotate  # noqa: E402
from histsift.pipeline.reconcile import digest, learn  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1871)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        make_pile(Path(tmp), args.pages, 0.0, args.seed)
        root, files = load.discover(Path(tmp))
        sources = [clean.clean(s) for s in (load.read_file(f, root) for f in files) if not isinstance(s, load.Skipped)]
    words = sum(s.words for s in sources)
    t0 = time.perf_counter()
    items = [annotate(s) for s in sources]
    learned = learn([digest(a) for a in items])
    era, year = learned.era, learned.year
    mentions = []
    for a in items:
        found = [t for t in dates.resolve(copy.deepcopy(a.timexes), a.source.text, dates.Context(era=era, year=year))
                 if t.needs != "drop"]
        mentions += events.mentions(a.source, a.blocks, found)
    timeline, conflicts = event_merge.reconcile(mentions, {a.source.id: a.source.text for a in items})
    seconds = time.perf_counter() - t0
    print(f"{len(sources)} pages, {words:,} words: segment + dates + events in {seconds:.2f} s = "
          f"{words / seconds:,.0f} words/s on one core; {len(timeline):,} events, {len(conflicts):,} conflicts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
