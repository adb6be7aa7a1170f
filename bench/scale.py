"""Scale benchmark: `histsift build` on synthetic piles of 1k, 10k and 100k sources.

    python bench/scale.py [--sizes 1k,10k,100k] [--engines local,ray] [--jobs J] [--seed S]
                          [--root DIR] [--keep] [--json OUT] [--plot PNG]

For each size it generates a pile with our own seeded generator (below: no
text is copied from anywhere), then builds it with each engine in a fresh
Python process and reports build time, words/s, peak memory and store size.
The same seed and size give the same pile, byte for byte; a pile already on
disk with the same manifest is reused, so a second engine or a rerun does not
pay for generating it again.

Peak memory is the largest sum of resident memory over the build process and
all its descendants (pool workers; for Ray, the raylet, GCS and workers that
a local `ray.init()` starts), sampled every 0.2 s from /proc, and as a
cross-check `getrusage` of the process and its largest child.

See bench/README.md for the figures and what they mean.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build import (_ADJ, _CAUSES, _EVENT_KINDS, _MONTHS, _PARTIES, _RESULTS, _ROLES, _SENTENCES,  # noqa: E402
                   _TRADES, _ALT, code_fingerprint, hidden_phase_args)

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
PER_FOLDER = 1000

# --------------------------------------------------------------------------- the generator
# Invented names from syllables, our own sentence templates (shared with
# bench/build.py), dates written in the many ways pages write them.

_SYL = ["ba", "ber", "cal", "dor", "el", "fen", "gar", "hal", "is", "jor", "kel", "lor", "mar", "nev", "or",
        "pel", "quin", "ros", "sal", "tev", "ul", "var", "wen", "yor", "zan", "thal", "brin", "cor", "dra", "mei"]
_PLACE_ENDS = ["holt", "mar", "ine", "burg", "ford", "vik", "ora", "dal", "stad", "wick", "enne", "avia", "oria",
               "heim", "port", "grad", "mouth", "ley", "ach", "ova"]
_SURNAME_ENDS = ["er", "sen", "ski", "ov", "ner", "mann", "ic", "an", "ard", "ez", "is", "o"]

_NOISE_TOP = ["Home", "Topics", "Timelines", "Revision", "Essays", "About us", "Contact", "Search", "Menu",
              "Skip to main content", "Log in", "Sign up"]
_NOISE_MID = ["Advertisement", "4.6 (212)", "4.8 (1,034 reviews)", "★★★★★", "Sign up for free", "Hire a writer",
              "Read more", "Get expert help now", "12,401 students online", "Continue reading",
              "Share on Facebook", "Related articles", "Sponsored", "Download the app", "Click here to subscribe"]
_NOISE_TAIL = ["Cite this page", "Retrieved from www.example.org", "© 2021 Example Ltd. All rights reserved.",
               "Privacy policy", "Terms of use", "Share this", "Follow us", "Leave a comment", "3 comments",
               "You may also like", "Back to top", "Newsletter", "We use cookies to improve your experience.",
               "Accept all cookies", "Cookie settings", "Share on Twitter", "Pin it", "Tweet",
               "Was this page helpful?", "Report an error"]


def _date_formats(d: int, m: int, y: int) -> list[str]:
    mon = _MONTHS[m - 1]
    suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return [f"{d} {mon} {y}", f"{mon} {d}, {y}", f"the {d}{suffix} of {mon} {y}", f"{d}{suffix} {mon} {y}",
            f"{mon[:3]}. {d}, {y}" if mon != "May" else f"May {d}, {y}", f"{y}-{m:02d}-{d:02d}",
            f"{d:02d}/{m:02d}/{y}"]


class ScaleMaker:
    """Seeded generator of synthetic history pages, about topics that many pages share."""

    def __init__(self, seed: int, n: int):
        self.rng = r = random.Random(seed)
        self.people = sorted({self._name() for _ in range(max(300, n // 4))})
        self.places = sorted({self._place() for _ in range(max(150, n // 8))})
        self.topics = [self._topic() for _ in range(max(30, n // 6))]
        self.recent: dict[int, list[str]] = {}  # paragraphs of recent pages by topic, for copying
        self.recent_any: list[str] = []
        r.shuffle(self.people)

    def _syl(self, k: int) -> str:
        return "".join(self.rng.choice(_SYL) for _ in range(k))

    def _name(self) -> str:
        r = self.rng
        return f"{self._syl(r.randint(1, 2)).capitalize()} {(self._syl(r.randint(1, 2)) + r.choice(_SURNAME_ENDS)).capitalize()}"

    def _place(self) -> str:
        return (self._syl(self.rng.randint(1, 2)) + self.rng.choice(_PLACE_ENDS)).capitalize()

    def _topic(self) -> dict:
        r = self.rng
        kind, event_tpl, group, org_tpl = r.choice(_EVENT_KINDS)
        place = r.choice(self.places)
        fill = dict(place=place, trade=r.choice(_TRADES).rstrip("'"), party=r.choice(_PARTIES))
        event, org = event_tpl.format(**fill), org_tpl.format(**fill)
        return dict(kind=kind, event=event, event_cap=event[0].upper() + event[1:], place=place, org=org,
                    org_cap=org[0].upper() + org[1:], group=group, trade=fill["trade"],
                    people=r.sample(self.people, 3), places=r.sample(self.places, 2),
                    year=r.randint(1600, 1960), key=(r.randint(1, 28), r.randint(1, 12)))

    def _date(self, year: int, day_month: tuple[int, int] | None = None) -> str:
        r = self.rng
        d, m = day_month or (r.randint(1, 28), r.randint(1, 12))
        return r.choice(_date_formats(d, m, year))

    def _facts(self, t: dict, k: int) -> dict:
        """When what sentence template k tells about topic t happened: drawn once, so pages on one
        topic agree on their dates."""
        facts = t.setdefault("facts", {})
        if k not in facts:
            r = self.rng
            year = t["year"] + r.randint(-3, 6)
            facts[k] = dict(year=year, dm=(r.randint(1, 28), r.randint(1, 12)), year2=year + r.randint(2, 30),
                            month=r.choice(_MONTHS))
        return facts[k]

    def _fill(self, tpl: str, t: dict, k: int) -> str:
        """Template k about topic t, worded afresh (alternatives, date format), facts as the topic has them."""
        r = self.rng
        f = dict(self._facts(t, k))
        # who, how many and why vary from page to page: pages tell one story in their own words
        f.update(person=r.choice(t["people"]), person2=r.choice(t["people"]), place2=r.choice(t["places"]),
                 role=r.choice(_ROLES), adj=r.choice(_ADJ), n=f"{r.randint(2, 90) * 100:,}",
                 n2=f"{r.randint(1, 40) * 50:,}", cause=r.choice(_CAUSES), result=r.choice(_RESULTS))
        if r.random() < 0.03:  # now and then a page gets a date wrong
            f["year"] += r.choice([-1, 1])
            f["dm"] = (r.randint(1, 28), f["dm"][1])
        tpl = _ALT.sub(lambda mm: r.choice(mm.group(1).split("|")), tpl)
        vals = dict(t)
        vals.update(f, date=self._date(f["year"], f["dm"]))
        return tpl.format(**vals)

    def page(self, n_words: int, copy: bool) -> tuple[str, str]:
        """(title, text as pasted from a browser) of one page of about n_words words."""
        r = self.rng
        ti = r.randrange(len(self.topics))
        t = self.topics[ti]
        key_year = t["year"] if r.random() > 0.05 else t["year"] + r.choice([-1, 1])  # a few pages misdate it
        title = r.choice([f"{t['event_cap']} ({t['year']})", f"{t['event_cap']}: causes and consequences",
                          f"Why did {t['event']} happen?", f"{t['kind']} in {t['place']}, {t['year']}"])
        lines = r.sample(_NOISE_TOP, r.randint(0, 5)) + ["", title, f"By {r.choice(self.people)}"]
        if r.random() < 0.3:
            lines.append(f"Last updated: {self._date(2021)}")
        opener = r.choice([
            f"On {self._date(key_year, t['key'])} {t['event']} began, after weeks of {r.choice(_ADJ)} negotiation.",
            f"{t['event_cap']} is usually dated to {self._date(key_year, t['key'])}, although the first signs of "
            f"trouble appeared much earlier.",
            f"Historians still argue about {t['event']}, which began on {self._date(key_year, t['key'])} in {t['place']}.",
        ])
        words, body, copied = len(" ".join(lines).split()), [], 0
        mid = r.sample(_NOISE_MID, r.randint(0, 3))
        while words < n_words:
            pool = self.recent.get(ti) if r.random() < 0.7 else None  # mostly from a page on the same topic
            pool = pool or self.recent_any
            if copy and copied < 2 and pool and (copied == 0 or r.random() < 0.4) and body:
                para = r.choice(pool)
                copied += 1
            else:
                ks = r.sample(range(len(_SENTENCES)), r.randint(3, 5))
                sents = ([opener] if not body else []) + [self._fill(_SENTENCES[k], t, k) for k in ks]
                para = " ".join(sents)
                for pool in (self.recent.setdefault(ti, []), self.recent_any):
                    pool.append(para)
                    if len(pool) > 3000:
                        del pool[:1000]
            if body and r.random() < 0.25:
                body.append(("h", r.choice(["Background", "Causes", "Aftermath", "Legacy", f"The events of {t['year']}"])))
            body.append(("p", para))
            words += len(para.split())
            if len(body) == 2 and r.random() < 0.35:
                items = [f"{self._date(t['year'] + r.randint(0, 3))}: {r.choice(t['people'])} {r.choice(['arrested', 'elected', 'exiled', 'pardoned'])}",
                         f"{t['year']}: {t['org']} founded", f"Key figure: {r.choice(t['people'])}",
                         f"Outcome: {r.choice(_RESULTS)}"]
                body += [("h", r.choice(["Key facts", "Timeline", "Quick notes"])), ("ul", r.sample(items, 3))]
        for i, (kind, x) in enumerate(body):
            lines.append("")
            lines += [f"- {v}" for v in x] if kind == "ul" else [x]
            if mid and i in (1, 3):
                lines += ["", mid.pop()]
        lines += [""] + r.sample(_NOISE_TAIL, r.randint(1, 6))
        return title, "\n".join(lines) + "\n"


def make_pile(root: Path, n: int, seed: int, html_share: float) -> dict:
    """Write n pages to root (folders of 1,000), unless a pile with the same manifest is there."""
    manifest = {"n": n, "seed": seed, "html_share": html_share, "generator": 4}
    mf = root / ".manifest.json"
    if mf.exists():
        old = json.loads(mf.read_text())
        if {k: old.get(k) for k in manifest} == manifest:
            return old
    import shutil
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    maker = ScaleMaker(seed, n)
    r = random.Random(seed + 1)
    words = size = 0
    for i in range(n):
        title, text = maker.page(r.randint(170, 370), copy=r.random() < 0.25)
        folder = root / f"{i // PER_FOLDER:03d}"
        folder.mkdir(exist_ok=True)
        if r.random() < html_share:
            import html as h
            paras = "".join(f"<p>{h.escape(x)}</p>" for x in text.split("\n\n"))
            data = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{h.escape(title)}</title></head>"
                    f"<body><article>{paras}</article></body></html>\n").encode()
            (folder / f"page-{i:06d}.html").write_bytes(data)
        else:
            data = text.encode()
            (folder / f"page-{i:06d}.txt").write_bytes(data)
        words += len(text.split())
        size += len(data)
    manifest.update(words=words, bytes=size)
    mf.write_text(json.dumps(manifest))
    return manifest


# --------------------------------------------------------------------------- measuring

def _tree_rss_mb(pid: int) -> float:
    """Resident memory of pid and all its descendants, from /proc (Linux), in MB."""
    kids: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
            fields = stat[stat.rindex(")") + 2:].split()
            kids.setdefault(int(fields[1]), []).append(int(d))
            rss[int(d)] = int(fields[21]) * page
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += kids.get(p, [])
    return total / 2**20


def measure(pile: Path, db: Path, engine: str, jobs: int, address: str | None) -> dict:
    """Run one build in a fresh process; sample the memory of its process tree meanwhile."""
    db.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", "--pile", str(pile), "--db", str(db),
           "--engines", engine, "--jobs", str(jobs)] + (["--address", address] if address else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = [0.0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            stop.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    stop.set()
    th.join()
    if proc.returncode != 0:
        sys.exit(f"the {engine} build of {pile} failed (exit {proc.returncode})")
    row = json.loads(out.strip().splitlines()[-1])
    row["peak_mb_tree"] = round(peak[0], 1)
    row["store_mb"] = round(db.stat().st_size / 2**20, 1)
    return row


def phase(args) -> dict:
    """The build itself, in this (fresh) process."""
    from histsift import pipeline

    kw = {"jobs": args.jobs, "engine": args.engines}
    if args.address:
        kw["address"] = args.address
    cpu0 = _cpu_s()
    t0 = time.perf_counter()
    report = pipeline.build(args.pile, args.db, **kw)
    seconds = time.perf_counter() - t0
    to_mb = 1 / 1024
    return {"engine": args.engines, "jobs": args.jobs, "sources": len(report.sources), "skipped": len(report.skipped),
            "words": report.words, "seconds": round(seconds, 2), "words_per_s": round(report.words / seconds),
            "cpu_seconds": round(_cpu_s() - cpu0, 1), "timings": {k: round(v, 2) for k, v in report.timings.items()},
            "peak_mb_self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * to_mb, 1),
            "peak_mb_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * to_mb, 1),
            **code_fingerprint()}


def _cpu_s() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.2), dpi=120)
    for k, engine in enumerate(sorted({r["engine"] for r in rows})):
        pts = sorted((r["sources"], r["seconds"]) for r in rows if r["engine"] == engine)
        line, = ax.loglog([p[0] for p in pts], [p[1] for p in pts], "o-", label=f"{engine} engine")
        for x, y in pts:  # the first engine's labels below its points, the next one's above
            ax.annotate(f"{y:,.0f} s", (x, y), textcoords="offset points", xytext=(6, -12 if k == 0 else 6),
                        fontsize=8, color=line.get_color())
    xs = sorted({r["sources"] for r in rows})
    if xs:
        base = min((r for r in rows if r["sources"] == xs[0]), key=lambda r: r["seconds"])
        ax.loglog(xs, [base["seconds"] * x / xs[0] for x in xs], ":", color="grey", label="linear from smallest")
    ax.axhline(1800, color="red", lw=0.8, ls="--", label="30 min target")
    ax.set_ylim(top=max(3600, max(r["seconds"] for r in rows) * 2))
    ax.set_xlabel("sources in the pile")
    ax.set_ylabel("build time (s)")
    ax.set_title("histsift build: time against pile size (2 cores)")
    ax.grid(True, which="both", lw=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)


def table(rows: list[dict]) -> str:
    head = "| sources | engine | words | build s | words/s | peak MB (tree) | store MB |"
    out = [head, "|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['sources']:,} | {r['engine']} | {r['words']:,} | {r['seconds']:,.1f} | {r['words_per_s']:,} | "
                   f"{r['peak_mb_tree']:,.0f} | {r['store_mb']:,.1f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1k,10k", help="comma-separated: 1k, 10k, 100k or a number (default 1k,10k)")
    ap.add_argument("--engines", default="local", help="comma-separated: local, ray (default local)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    ap.add_argument("--seed", type=int, default=1917)
    ap.add_argument("--html-share", type=float, default=0.1)
    ap.add_argument("--root", default=str(HERE / "out" / "scale"), help="where piles and stores go (bench/out/scale)")
    ap.add_argument("--address", help="Ray cluster address for the ray engine (default: a local Ray)")
    ap.add_argument("--json", metavar="OUT", help="also write the rows as JSON to OUT")
    ap.add_argument("--plot", metavar="PNG", help="also draw time against size, log-log, to PNG (needs matplotlib)")
    ap.add_argument("--from-json", metavar="IN", nargs="*", help="draw/tabulate rows measured earlier, build nothing")
    hidden_phase_args(ap, action="store_true")
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(phase(args)))
        return 0
    rows: list[dict] = []
    if args.from_json is not None:
        for f in args.from_json:
            rows += json.loads(Path(f).read_text())["rows"]
    else:
        root = Path(args.root)
        for size in args.sizes.split(","):
            n = SIZES.get(size.strip()) or int(size)
            pile = root / f"pile-{n}"
            t0 = time.perf_counter()
            info = make_pile(pile, n, args.seed, args.html_share)
            print(f"pile of {n:,} sources: {info['words']:,} words, {info['bytes'] / 2**20:,.1f} MB "
                  f"(ready in {time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
            for engine in args.engines.split(","):
                row = measure(pile, root / f"pile-{n}-{engine}.db", engine.strip(), args.jobs, args.address)
                row["pile_mb"] = round(info["bytes"] / 2**20, 1)
                rows.append(row)
                print(f"measured {json.dumps(row)}", file=sys.stderr, flush=True)
                if args.json:  # after every row, so a later failure loses nothing
                    Path(args.json).write_text(json.dumps({"setup": _setup(args), "rows": rows}, indent=1))
    print(table(rows))
    if args.plot:
        plot(rows, Path(args.plot))
    return 0


def _setup(args) -> dict:
    return {"seed": args.seed, "html_share": args.html_share, "jobs": args.jobs, "nproc": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform()}


if __name__ == "__main__":
    sys.exit(main())
