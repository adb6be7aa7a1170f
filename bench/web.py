"""How does `histsift serve` hold up under load? p50 / p95 latency and errors at 50 concurrent.

    python bench/web.py [--requests 500] [--concurrency 50] [--pile examples/berlin-wall]
                        [--db STORE] [--src DIR]

Builds a store of --pile (or serves --db as it is), starts the web app with
uvicorn in a separate process on a free port of 127.0.0.1, and sends
--requests requests from --concurrency threads at once, a mix of what a person
does: the board, a source with a cited passage highlighted, a search, and an
ask. The searches and questions come from the store itself (its who's who and
why-question), so they are real ones for any pile. It prints each kind's p50
and p95, the errors (anything but 200), and requests per second.

--src serves another checkout's ``src`` (to measure before and after a
change with the same bench). The target (issue 13): p50 under 200 ms at 50
concurrent, 0 errors. Figures go in bench/README.md.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def targets(db: Path, src: Path) -> list[tuple[str, str]]:
    """(kind, path) requests made from the store's own sources, names and question."""
    code = ("import json, sys; import histsift; b = histsift.open(sys.argv[1]).board(with_text=False);"
            "print(json.dumps({'sources': [s.id for s in b.sources],"
            "'cites': [[c.source, c.start, c.end] for e in b.events for c in e.citations][:50],"
            "'names': [e.name for e in b.entities][:20], 'question': b.question,"
            "'people': [e.name for e in b.entities if e.type == 'person'][:10]}))")
    import json
    got = json.loads(subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True,
                                    check=True, env=_env(src)).stdout)
    out = [("board", "/")]
    out += [("source", f"/source/{s}?start={a}&end={b}") for s, a, b in got["cites"]]
    out += [("search", f"/search?q={quote(n)}") for n in got["names"]]
    questions = ([got["question"]] if got["question"] else []) + [f"Who was {p}?" for p in got["people"]]
    questions += [f"When did {n} happen?" for n in got["names"][:5]]
    out += [("ask", f"/ask?q={quote(q)}") for q in questions]
    return out


def _env(src: Path) -> dict:
    return os.environ | {"PYTHONPATH": str(src)}


def serve(db: Path, src: Path, port: int) -> subprocess.Popen:
    code = ("import sys, uvicorn; from histsift.web import create_app;"
            "uvicorn.run(create_app(sys.argv[1], build_if_missing=False), host='127.0.0.1',"
            " port=int(sys.argv[2]), log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)], env=_env(src))
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/build/status", timeout=1).read()
            return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the web app did not start")


def run(port: int, plan: list[tuple[str, str]], concurrency: int) -> tuple[dict, int, float]:
    times: dict[str, list[float]] = {}
    errors = 0
    lock = threading.Lock()

    def one(item):
        nonlocal errors
        kind, path = item
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
                r.read()
                ok = r.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            ok = False
        with lock:
            times.setdefault(kind, []).append(time.perf_counter() - t)
            errors += not ok

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, plan))
    return times, errors, time.perf_counter() - start


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--pile", type=Path, default=ROOT / "examples" / "berlin-wall")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--src", type=Path, default=ROOT / "src")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="histsift-web-bench-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "pile.db"
            subprocess.run([sys.executable, "-m", "histsift", "build", str(args.pile), "--db", str(db), "--quiet"],
                           check=True, env=_env(args.src), stdout=subprocess.DEVNULL)
        kinds = targets(db, args.src)
        rng = random.Random(args.seed)
        by_kind: dict[str, list] = {}
        for k, p in kinds:
            by_kind.setdefault(k, []).append((k, p))
        order = ["board", "source", "search", "ask"]
        plan = [rng.choice(by_kind[order[i % 4]]) for i in range(args.requests) if order[i % 4] in by_kind]
        rng.shuffle(plan)
        port = free_port()
        proc = serve(db, args.src, port)
        try:
            run(port, [("warm", "/")] * 5, 1)   # the first request reads the store; a person's first too
            alone, _, _ = run(port, plan[:40], 1)
            times, errors, wall = run(port, plan, args.concurrency)
        finally:
            proc.terminate()
            proc.wait(10)
    every = [t for ts in times.values() for t in ts]
    one_by_one = [t for ts in alone.values() for t in ts]
    print(f"{len(every)} requests, {args.concurrency} concurrent, {errors} errors, {len(every) / wall:.0f} requests/s;"
          f" one at a time: p50 {pct(one_by_one, .5):.0f} ms")
    print(f"{'kind':8} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for k in order + ["all"]:
        ts = every if k == "all" else times.get(k, [])
        if ts:
            print(f"{k:8} {len(ts):5d} {pct(ts, .5):8.0f} {pct(ts, .95):8.0f}")


if __name__ == "__main__":
    main()
