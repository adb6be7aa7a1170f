"""The board in a terminal: the tables and lines the CLI prints, from a Board or the library's objects.

The CLI parses arguments and handles errors; what a command shows is made here,
so that `cli.py` stays a thin layer over the library (as sqlite-utils' CLI is
over its `Database`). rich is imported when first printed with: it costs a
tenth of a second, which `histsift --version` should not pay.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click


class _Console:
    """rich's Console, made when first printed to."""

    def __init__(self, **kw):
        self._kw, self._console = kw, None

    def __getattr__(self, name: str):
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._kw)
        return getattr(self._console, name)


def Table(*a, **kw):  # noqa: N802 - rich's Table
    from rich.table import Table as _Table

    return _Table(*a, **kw)


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)


# Piped output (make demo, CI logs) gets a readable fixed width instead of 80 columns.
out = _Console(width=None if sys.stdout.isatty() else 120)
err = _Console(stderr=True)


def _table(title: str | None, columns: list[tuple[str, dict]]):
    table = Table(title=title, title_justify="left") if title else Table()
    for col, kw in columns:
        table.add_column(col, **kw)
    return table


def build_summary(report) -> None:
    table = _table(f"histsift build → {report.db}", [("source", {}), ("title", {"max_width": 40}),
                                                      ("words", {"justify": "right"}), ("cut", {"justify": "right"}),
                                                      ("flags", {})])
    for s in report.sources:
        table.add_row(s.path, s.title, f"{s.words:,}", f"{s.boilerplate_share():.0%}", ", ".join(s.flags))
    out.print(table)
    if report.skipped:
        skipped = _table("skipped", [("file", {}), ("reason", {})])
        for k in report.skipped:
            skipped.add_row(k.path, k.reason)
        out.print(skipped)
    out.print(f"{len(report.sources) + len(report.skipped)} files read: {len(report.sources)} sources "
              f"({report.reused} unchanged, reused), {len(report.skipped)} skipped, {report.words:,} words.")


def sources(items, skipped) -> None:
    table = _table(None, [(col, {"justify": "right" if col in ("words", "cut") else "left"})
                          for col in ("id", "path", "title", "kind", "encoding", "words", "cut", "flags")])
    for s in items:
        table.add_row(s.id, s.path, s.title, s.kind, s.encoding, f"{s.words:,}",
                      f"{s.boilerplate_share():.0%}", ", ".join(s.flags))
    out.print(table)
    if skipped:
        out.print(f"{len(skipped)} file(s) skipped at build: " + "; ".join(f"{k.path} ({k.reason})" for k in skipped))


def timeline(board, fmt: str) -> None:
    """The timeline as a table, Markdown, CSV or JSON; conflicting dates named beside their event."""
    from histsift.dates.timeml import human as human_date
    from histsift.outputs.export import event_dict

    events = board.events
    paths = {s.id: s.path for s in board.sources}
    disputed = {eid: "also dated " + ", ".join(human_date(v) for v in others)
                for eid, (_, others) in board.disputed().items()}
    rows = [{"when": human_date(e.date), "event": e.title,
             "sources": sorted({paths.get(c.source, c.source) for c in e.citations}),
             "conflict": disputed.get(e.id, "")} for e in events]
    if fmt == "json":
        click.echo(json.dumps([event_dict(e, board) | {"conflict": disputed.get(e.id)} for e in events],
                              ensure_ascii=False, indent=2))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["date", "when", "precision", "event", "sources", "conflict"])
        for e, r in zip(events, rows):
            w.writerow([e.date, r["when"], e.precision, r["event"], "; ".join(r["sources"]), r["conflict"]])
    elif fmt == "md":
        click.echo("| date | event | sources | conflict |\n| --- | --- | --- | --- |")
        for r in rows:
            title = r["event"].replace("|", "\\|")
            click.echo(f"| {r['when']} | {title} | {len(r['sources'])} | {r['conflict']} |")
    else:
        table = _table(f"timeline: {len(rows)} events, {len(board.conflicts)} conflicts",
                       [("date", {"no_wrap": True}), ("event", {"ratio": 4}), ("sources", {"justify": "right"}),
                        ("conflict", {"ratio": 1})])
        for r in rows:
            table.add_row(r["when"], r["event"], str(len(r["sources"])),
                          f"[red]! {r['conflict']}[/red]" if r["conflict"] else "")
        out.print(table)


def who(items) -> None:
    table = _table(f"who's who: {len(items)} entities", [("name", {}), ("type", {}), ("also called", {"ratio": 3}),
                                                          ("mentions", {"justify": "right"}),
                                                          ("sources", {"justify": "right"})])
    for e in items:
        table.add_row(e.name, e.type, ", ".join(e.aliases), str(e.mentions), str(len(e.sources)))
    out.print(table)


def why(board) -> None:
    items = board.factors
    q = board.question or "(no why-question found in the pile)"
    table = _table(f"{q}: {len(items)} themes", [("theme", {"ratio": 3}), ("independent sources", {"justify": "right"}),
                                                 ("passages", {"justify": "right"}), ("for example", {"ratio": 4})])
    for f in items:
        label = f"({f.term}) {f.label}" if f.term else f.label
        table.add_row(label, str(f.independent_sources), str(len(f.citations)), f"“{f.citations[0].quote[:160]}”")
    out.print(table)


def criticism(board, derived: dict, sketch: dict) -> None:
    """Copies, disagreements and the reliability sketch, one table each."""
    from histsift.outputs.present import human_value

    sources, conflicts = board.sources, board.conflicts
    paths = {s.id: s.path for s in sources}
    if any(derived.values()):
        table = _table("copies and paraphrases", [(c, {}) for c in ("source", "draws on", "share aligned", "direction")])
        for sid, rows in derived.items():
            for d in rows:
                table.add_row(paths.get(sid, sid), paths.get(d["source"], d["source"]), f"{d['score']:.0%}",
                              "argued" if d["directed"] else "unclear")
        out.print(table)
    else:
        out.print("[bold]Copies:[/bold] no source copies or closely paraphrases another.")
    if conflicts:
        ctable = _table("where sources disagree", [(c, {}) for c in ("kind", "about", "sides", "independent")])
        for c in conflicts:
            sides = "; ".join(f"{human_value(c.kind, s.value)}: "
                              + ", ".join(sorted({paths.get(x.source, x.source) for x in s.citations}))
                              for s in c.sides)
            # each side's independent lineages (copies counted once), in the sides' order
            lineages = " / ".join(_lineages(board, s.citations) for s in c.sides)
            ctable.add_row(c.kind, c.about, sides, lineages)
        out.print(ctable)
    else:
        out.print("[bold]Disagreements:[/bold] the sources contradict each other nowhere that histsift found.")
    rel = _table("reliability sketch", [(c, {}) for c in ("source", "cut as chrome", "flags", "copied", "from",
                                                          "conflicts", "alone in")])
    for s in sources:
        r = sketch[s.id]
        rel.add_row(s.path, f"{r['boilerplate_share']:.0%}", ", ".join(s.flags), f"{r['copied_share']:.0%}",
                    ", ".join(paths.get(x, x) for x in r["copies"]), str(r["conflicts"]), str(r["lone_side"]))
    out.print(rel)


def _lineages(board, citations) -> str:
    """A side's independent lineages, and when its sources are copies of one page, so said."""
    n, sources = board.lineages(x.source for x in citations), {x.source for x in citations}
    return f"{n} (copies of one page)" if n == 1 and len(sources) > 1 else str(n)


def dates(results: list[dict]) -> None:
    for r in results:
        table = _table(r["file"], [(c, {}) for c in ("start", "end", "text", "type", "value", "precision")])
        for t in r["expressions"]:
            table.add_row(str(t["start"]), str(t["end"]), t["text"], t["type"], t["value"] or "?", t["precision"] or "")
        out.print(table)


def answer(a: dict, paths: dict[str, str] | None = None) -> None:
    """An answer in bold, then each citation with the answer highlighted inside its quote."""
    if a["answer"] is None:
        out.print("[bold]Not in the sources.[/bold] Nothing stored supports an answer.")
        return
    out.print(f"[bold]{escape(a['answer'])}[/bold]  [dim]({a['type']}, confidence {a['confidence']:.2f})[/dim]")
    shown = [a.get("answer") or ""] + [d["answer"] for d in a.get("disagreement", [])]
    for c in a["citations"]:
        quote = escape(c["quote"])
        for s in shown:
            s = str(s).split(" (but ")[0]
            if s and escape(s) in quote:
                quote = quote.replace(escape(s), f"[reverse]{escape(s)}[/reverse]", 1)
        where = (paths or {}).get(c["source"], c["source"])
        out.print(f"  [dim]{escape(where)} [{c['start']}:{c['end']}][/dim] “{quote}”")


def interactive(pile) -> None:
    """A prompt with line editing and history (kept in ~/.histsift_history when possible)."""
    try:
        import readline
        history = Path.home() / ".histsift_history"
        try:
            readline.read_history_file(history)
        except OSError:
            pass
    except ImportError:  # pragma: no cover - Windows without readline: plain input
        readline = None
    paths = {s.id: s.path for s in pile.sources(with_text=False)}
    out.print("Ask about the pile; an empty line or Ctrl-D ends.")
    while True:
        try:
            q = input("? ").strip()
        except EOFError:
            break
        if not q:
            break
        answer(pile.ask(q), paths)
    if readline is not None:
        try:
            readline.write_history_file(history)
        except OSError:
            pass
