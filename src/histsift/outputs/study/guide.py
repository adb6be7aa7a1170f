"""The timeline in other tools' formats (TimelineJS, CSV, Markdown) and the study guide."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re

from histsift.dates.timeml import SEASONS, TimeValue, order
from histsift.dates.timeml import human as human_date
from histsift.outputs.present import human_value, label_first, squash
from histsift.outputs.study.material import (
    MAX_GUIDE_EVENTS,
    MAX_GUIDE_NAMES,
    TYPE_WORD,
    Material,
    _askable,
    _key,
)

# --- the timeline in other tools' formats --------------------------------------------------------------------

def _tl_date(point, end: bool = False) -> dict:
    year = -point.number if point.bc else point.number
    d: dict = {}
    if point.precision == "decade":
        year = point.number * 10 + (9 if end else 0)
    elif point.precision == "century":
        year = point.number * 100 + (99 if end else 0)
    if point.bc and point.precision in ("decade", "century"):
        year = -year
    d["year"] = year
    if point.month:
        d["month"] = point.month
        if point.day:
            d["day"] = point.day
    elif point.season:
        _, a, b = SEASONS[point.season]
        d["month"] = ((b - 1) % 12) + 1 if end else a + 1
    return d


def timelinejs(m: Material) -> dict:
    """The TimelineJS3 JSON: one slide per event; text is HTML, so everything from a source is escaped."""
    events = []
    for e in m.events:
        tv = TimeValue.parse(e.date)
        if tv is None:
            continue
        a, b = tv.start, tv.end
        ev: dict = {"start_date": _tl_date(a) | {"display_date": human_date(e.date)}}
        if tv.is_range or a.precision in ("season", "decade", "century"):
            ev["end_date"] = _tl_date(b, end=True)
        body = []
        if e.id in m.where:
            others = ", ".join(human_date(v) for v in m.where[e.id][1])
            body.append(f"<p><strong>Sources disagree:</strong> also dated {html.escape(others)}.</p>")
        for c in e.citations[:3]:
            d = m.cite(c)
            body.append(f"<blockquote>{html.escape(squash(d['quote']))}</blockquote><p>— {html.escape(d['path'])}</p>")
        ev["text"] = {"headline": html.escape(squash(e.title)), "text": "".join(body)}
        ev["unique_id"] = "ev-" + hashlib.sha256(f"{e.date}\x1f{_key(e.title)}".encode()).hexdigest()[:12]
        if e.id in m.where:
            ev["group"] = "Sources disagree"
        events.append(ev)
    return {"title": {"text": {"headline": html.escape(m.question or "Timeline"),
                               "text": f"<p>{len(events)} events from {len(m.sources)} sources, "
                                       "made with histsift.</p>"}},
            "events": events}


def timeline_rows(m: Material) -> list[dict]:
    rows = []
    for e in m.events:
        first = m.cite(e.citations[0]) if e.citations else {"quote": "", "path": ""}
        rows.append({"date": e.date, "display_date": human_date(e.date), "precision": e.precision,
                     "event": squash(e.title),
                     "sources": sorted({m.names.get(c.source, c.source) for c in e.citations}),
                     "conflict": ("also dated " + ", ".join(human_date(v) for v in m.where[e.id][1]))
                     if e.id in m.where else "",
                     "quote": squash(first["quote"]), "quote_source": first["path"]})
    return rows


def timeline_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    keys = ["date", "display_date", "precision", "event", "sources", "conflict", "quote", "quote_source"]
    w.writerow(keys)
    for r in rows:
        w.writerow(["; ".join(r[k]) if k == "sources" else r[k] for k in keys])
    return buf.getvalue()


def timeline_md(m: Material, rows: list[dict]) -> str:
    lines = [f"# Timeline: {_md(m.title())}", "", "| Date | Event | Sources | Sources disagree |",
             "| --- | --- | --- | --- |"]
    for r in rows:
        cells = [r["display_date"], r["event"], ", ".join(r["sources"]), r["conflict"]]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


# --- the study guide ------------------------------------------------------------------------------------------

# The guide is a list of blocks, written out twice: as Markdown and as HTML.
#   ("h1"|"h2"|"h3"|"p", text) · ("quote", text, cite) · ("ul", [text, ...]) · ("table", header, rows)

def guide(m: Material, has_quiz: bool = True) -> list[tuple]:
    g: list[tuple] = [("h1", f"Study guide: {m.title()}"),
                      ("p", f"Made by histsift from {len(m.sources)} sources. Every quotation is exact, and named "
                            "with the file it comes from.")]
    if m.factors:
        g.append(("h2", "Causes"))
        g.append(("p", "The themes the sources give in answer to the question, strongest first. “Independent "
                       "sources” counts the sources that make the point without copying another source."))
        for i, f in enumerate(m.factors, 1):
            n = f.independent_sources
            g.append(("h3", f"{i}. {squash(f.label)} ({n} independent source{'s' if n != 1 else ''})"))
            seen = set()
            for c in label_first(f.citations, f.label):
                d = m.cite(c)
                if d["source"] in seen:
                    continue
                seen.add(d["source"])
                g.append(("quote", squash(d["quote"]), d["path"]))
                if len(seen) == 2:
                    break
    if m.events:
        chosen = sorted(m.events, key=lambda e: (-len({c.source for c in e.citations}), order(e.date)))
        keep = {e.id for e in chosen[:MAX_GUIDE_EVENTS]}
        rows = []
        for e in m.events:
            if e.id not in keep:
                continue
            note = ""
            if e.id in m.where:
                note = "sources disagree: also dated " + ", ".join(human_date(v) for v in m.where[e.id][1])
            rows.append([human_date(e.date), squash(e.title), str(len({c.source for c in e.citations})), note])
        g.append(("h2", "Key dates"))
        if len(m.events) > len(rows):
            g.append(("p", f"The {len(rows)} events most sources mention, of {len(m.events)}."))
        g.append(("table", ["Date", "What happened", "Sources", "Note"], rows))
    people = [e for e in m.entities if _askable(e)][:MAX_GUIDE_NAMES]
    if people:
        g.append(("h2", "Who’s who"))
        items = []
        for e in people:
            extra = f"; also called {', '.join(e.aliases)}" if e.aliases else ""
            items.append(f"{e.name} ({TYPE_WORD.get(e.type, e.type)}{extra}): in {len(e.sources)} sources")
        g.append(("ul", items))
    if m.conflicts:
        g.append(("h2", "Where the sources disagree"))
        items = []
        for c in m.conflicts:
            sides = " vs ".join(f"{human_value(c.kind, s.value)} ("
                                + ", ".join(sorted({m.names.get(x.source, x.source) for x in s.citations})) + ")"
                                for s in c.sides)
            items.append(f"{squash(c.about)}: {sides}")
        g.append(("ul", items))
    notes = []
    for s in m.sources:
        for d in m.derivations.get(s.id, []):
            notes.append(f"{m.names[s.id]} draws on {m.names.get(d['source'], d['source'])} ({d['score']:.0%} of its "
                         "text lines up): it is not independent evidence.")
        if "preview" in s.flags:
            notes.append(f"{m.names[s.id]} is only a preview of a longer text.")
        elif "truncated" in s.flags:
            notes.append(f"{m.names[s.id]} stops part-way.")
        if s.boilerplate_share() >= 0.1:
            notes.append(f"{m.names[s.id]}: {s.boilerplate_share():.0%} of the page is adverts, menus or prompts.")
    if notes:
        g.append(("h2", "Check your sources"))
        g.append(("ul", notes))
    if has_quiz:
        g.append(("h2", "Test yourself"))
        g.append(("ul", ["quiz.md — multiple choice, answers and their sources at the end",
                         "flashcards.md or flashcards.csv — to print or import",
                         "histsift.apkg — the same cards for Anki; importing it again after a rebuild updates them"]))
    return g


_MD_SPECIAL = re.compile(r"([\\`*\[\]<|~&])")


def _md(text: str) -> str:
    """Text from a source, safe inside Markdown: special characters escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", squash(text))


def guide_md(g: list[tuple]) -> str:
    out = []
    for block in g:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            out += ["#" * int(kind[1]) + " " + _md(block[1]), ""]
        elif kind == "p":
            out += [_md(block[1]), ""]
        elif kind == "quote":
            out += [f"> “{_md(block[1])}”  ", f"> — *{_md(block[2])}*", ""]
        elif kind == "ul":
            out += [f"- {_md(x)}" for x in block[1]] + [""]
        elif kind == "table":
            out.append("| " + " | ".join(_md(h) for h in block[1]) + " |")
            out.append("|" + " --- |" * len(block[1]))
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in block[2]]
            out.append("")
    return "\n".join(out)


GUIDE_CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328;
line-height:1.5;
max-width:46rem;margin:0 auto;padding:1rem 1.1rem 3rem}h1{font-family:Georgia,serif;font-size:1.9rem;line-height:1.2}
h2{margin-top:2rem;border-top:3px solid #1f2328;padding-top:.4rem}h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
blockquote{margin:.4rem 0;padding-left:.8rem;border-left:3px solid #d8dee4;font-family:Georgia,serif}
blockquote cite{display:block;font-family:system-ui,sans-serif;font-size:.85rem;color:#59636e}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.3rem .45rem;
border-bottom:1px solid #d8dee4;vertical-align:top}th{font-size:.8rem;text-transform:uppercase;color:#59636e}
td:first-child{white-space:nowrap}td:nth-child(4){color:#b42318}.table{overflow-x:auto}li{margin:.2rem 0}
@media print{h2{break-after:avoid}}"""


def guide_html(g: list[tuple], title: str) -> str:
    e = html.escape
    body = []
    for block in g:
        kind = block[0]
        if kind in ("h1", "h2", "h3", "p"):
            body.append(f"<{kind}>{e(block[1])}</{kind}>")
        elif kind == "quote":
            body.append(f"<blockquote>“{e(block[1])}”<cite>— {e(block[2])}</cite></blockquote>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in block[1]) + "</ul>")
        elif kind == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in block[1])
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in block[2])
            body.append(f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>')
    csp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{GUIDE_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
