"""Study material from a built pile (``histsift study``).

``write_study(pile, out_dir)`` writes a study guide (Markdown and HTML), a
multiple-choice quiz (Markdown and JSON), flashcards (CSV and Markdown), an
Anki deck, and the timeline as TimelineJS JSON, CSV and Markdown.

Everything is cited: quiz answers and cards carry the exact quote and its
source. Quiz distractors are the pile's own dates and names of the same type.
The Anki deck's ids are hashes of what a card is about (an event's date and
title, an entity's name, a theme's label), never of store ids or the clock, so
importing the deck again after a rebuild updates the cards instead of adding
copies.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import genanki

from histsift import __version__
from histsift.errors import HistsiftError
from histsift.model import Board, Citation, Entity, Event, Factor, Source
from histsift.outputs.present import human_value, label_first, squash
from histsift.dates.timeml import SEASONS, TimeValue, human as human_date, order

MODEL_NAME = "histsift card"
CHOICES = 4
MAX_DATE_QUESTIONS = 10
MAX_NAME_QUESTIONS = 8
MAX_GUIDE_EVENTS = 40
MAX_GUIDE_NAMES = 24
NAME_TYPES = ("person", "place", "organization", "event")
TYPE_WORD = {"person": "person", "place": "place", "organization": "organisation", "event": "named event",
             "work": "work", "other": "name"}


def stable_id(*parts: str) -> int:
    """A 31-bit id from text, the same on every machine and every build (Anki wants ids below 2**63)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def _key(text: str) -> str:
    return squash(text).casefold()


# --- what the material is made from ---------------------------------------------------------------------------

class Material:
    """The board as the study material reads it: events in timeline order, short source names,
    the texts for exact quotes, and which events the sources date differently."""

    def __init__(self, board: Board):
        self.board = board
        self.sources, self.conflicts, self.entities, self.factors = (board.sources, board.conflicts,
                                                                     board.entities, board.factors)
        self.derivations = board.derived()
        self.names = board.names()
        self.texts = {s.id: s.text for s in board.sources}
        self.question = board.question
        self.events = sorted(board.events, key=lambda e: order(e.date))
        self.where = board.disputed()

    def cite(self, c: Citation) -> dict:
        """A citation for the outputs: the source's own characters, its file name and offsets."""
        text = self.texts.get(c.source)
        quote = text[c.start:c.end] if text is not None and 0 <= c.start <= c.end <= len(text) else c.quote
        return {"source": c.source, "path": self.names.get(c.source, c.source), "start": c.start, "end": c.end,
                "quote": quote}

    def title(self) -> str:
        return self.question or "the sources"


# --- names good enough to ask about ----------------------------------------------------------------------------

_NAME = re.compile(r"^[A-ZÀ-Þ][\w.\-’' ]*$")


# Words that end the names of states, bodies and places, never of people (general, not any pile's).
NOT_A_PERSON = {"union", "republic", "party", "church", "committee", "council", "army", "kingdom", "empire",
                "states", "department", "team", "company", "bank", "ministry", "office", "front", "league", "pact",
                "treaty", "wall", "street", "strasse", "square", "platz", "bridge", "river", "sea", "ocean",
                "mountains", "island", "islands", "federation", "government", "senate", "assembly", "navy"}


def _askable(e: Entity) -> bool:
    """An entity the quiz can name: seen twice in two sources, written like a name; a person with a full
    name that is not a state's or a body's; a place that is not a people ('the Athenians')."""
    if e.type not in NAME_TYPES or e.mentions < 2 or len(e.sources) < 2:
        return False
    if not _NAME.match(e.name) or "'" in e.name or "’" in e.name:
        return False
    if e.name.isupper() and len(e.name) > 5:
        return False
    words = e.name.split()
    if e.type == "person":
        return len(words) >= 2 and not any(w.casefold() in NOT_A_PERSON for w in words)
    if e.type == "place":
        return not re.search(r"(?:ans|ers|ese)$", words[-1])
    return True


def _stems(name: str) -> set[str]:
    return {w[:5].casefold() for w in re.findall(r"\w+", name) if len(w) >= 3}


def _related(a: str, b: str) -> bool:
    """Names too alike to be fair alternatives ('East German' / 'East Germany')."""
    return bool(_stems(a) & _stems(b))


def _mentions(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names if n)


def _blank(text: str, names: list[str]) -> str:
    for n in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(n)}(?!\w)", "_____", text)
    return text


# --- the quiz ---------------------------------------------------------------------------------------------------

def _ordered(item_key: str, choices: list[str]) -> list[str]:
    """Choices in an order that looks random but is the same on every build."""
    return sorted(choices, key=lambda c: hashlib.sha256(f"{item_key}\x1f{c}".encode()).hexdigest())


def _as_precision(value: str, precision: str) -> str | None:
    """A pile date written at a coarser precision: '1989-11-09' as a year is '1989', as a season '1989-FA'."""
    tv = TimeValue.parse(value)
    got = tv.coarsen(precision) if tv else None
    return got.value if got else None


def _span_key(value: str) -> tuple[int, float, float]:
    s = TimeValue.parse(value).span()
    return 0, s[0], s[1]


def _date_questions(m: Material) -> list[dict]:
    out = []
    dated = [(e, _span_key(e.date)) for e in m.events if TimeValue.parse(e.date)]
    candidates = [(e, k) for e, k in dated
                  if e.id not in m.where and e.precision in ("day", "month", "season", "year") and e.citations]
    candidates.sort(key=lambda x: (-len({c.source for c in x[0].citations}), "…" in x[0].title, x[1]))
    for e, k in candidates[:MAX_DATE_QUESTIONS]:
        answer = human_date(e.date)
        words = _stems(e.title)
        alike = {f.id for f, _ in dated if f is not e and len(words & _stems(f.title)) >= 2}
        pool: dict[str, float] = {}
        for f, _ in dated:
            v = _as_precision(f.date, e.precision)
            if v is None or f.id in alike:
                continue
            fk = _span_key(v)
            if fk[1] < k[2] and k[1] < fk[2]:
                continue  # overlaps the answer: not a wrong answer
            pool.setdefault(human_date(v), abs(fk[1] - k[1]))
        pool.pop(answer, None)
        distractors = sorted(pool, key=lambda d: (pool[d], d))[:CHOICES - 1]
        if len(distractors) < 2:
            continue
        key = f"date\x1f{e.date}\x1f{_key(e.title)}"
        choices = _ordered(key, [answer, *distractors])
        cites = [m.cite(c) for c in _saying(e, m)[:2]]
        out.append({"kind": "date", "key": key, "prompt": f"When did this happen? {squash(e.title)}",
                    "choices": choices, "answer": answer, "answer_index": choices.index(answer),
                    "explanation": f"{answer}: {squash(e.title)}", "citations": cites, "date": e.date})
    return out


def _saying(e: Event, m: Material) -> list[Citation]:
    """An event's citations, those that write out its date first."""
    tv = TimeValue.parse(e.date)
    if tv is None:
        return list(e.citations)
    p = tv.start
    wanted = [p.digits.lstrip("0")]
    if p.month:
        wanted.append(human_date(e.date).split()[-2] if p.day else human_date(e.date).split()[0])
    if p.day:
        wanted.append(str(p.day))
    return sorted(e.citations, key=lambda c: -sum(bool(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", m.cite(c)["quote"]))
                                                   for w in wanted))


def _name_questions(m: Material) -> list[dict]:
    askable = [e for e in m.entities if _askable(e)]
    quotes: dict[tuple, Citation] = {}
    for e in m.events:
        for c in e.citations:
            quotes.setdefault((c.source, c.start, c.end), c)
    for f in m.factors:
        for c in f.citations:
            quotes.setdefault((c.source, c.start, c.end), c)
    for c in m.conflicts:   # a quote on one side of a disagreement makes a poor question
        for side in c.sides:
            for x in side.citations:
                quotes.pop((x.source, x.start, x.end), None)
    out = []
    for ent in sorted(askable, key=lambda e: (-e.mentions, e.name))[:MAX_NAME_QUESTIONS * 2]:
        same = [x for x in askable if x.type == ent.type and x is not ent]
        names = [ent.name, *ent.aliases]
        best = None
        for c in quotes.values():
            text = squash(m.cite(c)["quote"])
            if not 40 <= len(text) <= 260 or not _mentions(text, names):
                continue
            others = sum(_mentions(text, [x.name, *x.aliases]) for x in same)
            score = (others, abs(len(text) - 130))
            if best is None or score < best[0]:
                best = (score, c, text)
        if best is None:
            continue
        _, c, text = best
        blanked = _blank(text, names)
        if "_____" not in blanked or _mentions(blanked, names):
            continue
        distractors = []
        for x in sorted(same, key=lambda x: (-x.mentions, x.name)):
            if _mentions(blanked, [x.name, *x.aliases]) or _related(x.name, ent.name):
                continue
            if any(_related(x.name, d) for d in distractors):
                continue
            distractors.append(x.name)
            if len(distractors) == CHOICES - 1:
                break
        if len(distractors) < 2:
            continue
        key = f"name\x1f{ent.type}\x1f{_key(ent.name)}"
        choices = _ordered(key, [ent.name, *distractors])
        out.append({"kind": ent.type, "key": key,
                    "prompt": f"Which {TYPE_WORD[ent.type]} fills the blank? “{blanked}”",
                    "choices": choices, "answer": ent.name, "answer_index": choices.index(ent.name),
                    "explanation": f"{ent.name}" + (f" (also called {', '.join(ent.aliases)})" if ent.aliases else ""),
                    "citations": [m.cite(c)]})
        if len(out) == MAX_NAME_QUESTIONS:
            break
    return out


def quiz(m: Material) -> dict:
    dates, names = _date_questions(m), _name_questions(m)
    items = []
    for i in range(max(len(dates), len(names))):
        items += [x[i] for x in (dates, names) if i < len(x)]
    for n, item in enumerate(items, 1):
        item["id"] = "q" + hashlib.sha256(item.pop("key").encode()).hexdigest()[:10]
        item["number"] = n
    return {"schema": "histsift-quiz/1", "question": m.question, "items": items,
            "about": "Multiple choice. Distractors are other dates and names from the same sources; each answer "
                     "is cited with the exact quote (offsets into the source's text)."}


def quiz_md(q: dict) -> str:
    lines = [f"# Quiz: {_md(q['question'] or 'the sources')}", "",
             "Choose one answer for each question. The answers, with the sources that give them, are at the end.", ""]
    for it in q["items"]:
        lines.append(f"{it['number']}. {_md(it['prompt'])}")
        lines += [f"   - {'ABCDEFGH'[i]}. {_md(c)}" for i, c in enumerate(it["choices"])]
        lines.append("")
    lines += ["## Answers", ""]
    for it in q["items"]:
        c = it["citations"][0] if it["citations"] else None
        cite = f" — “{_md(squash(c['quote']))}” ({_md(c['path'])})" if c else ""
        lines.append(f"{it['number']}. **{'ABCDEFGH'[it['answer_index']]}. {_md(it['answer'])}**{cite}")
    return "\n".join(lines) + "\n"


# --- flashcards -----------------------------------------------------------------------------------------------

@dataclass
class Card:
    kind: str
    guid_key: tuple[str, ...]
    front: str
    back: str
    source: str = ""          # "“quote” (file)"
    tags: list[str] = field(default_factory=list)

    @property
    def guid(self) -> str:
        return genanki.guid_for("histsift", *self.guid_key)


def _quote_line(m: Material, c: Citation) -> str:
    d = m.cite(c)
    return f"“{squash(d['quote'])}” ({d['path']})"


def cards(m: Material) -> list[Card]:
    out: list[Card] = []
    for e in m.events:
        if not e.citations:
            continue
        date = human_date(e.date)
        back = date
        if e.id in m.where:
            back += f" (sources disagree: also dated {', '.join(human_date(v) for v in m.where[e.id][1])})"
        out.append(Card("event", ("event", e.date, _key(e.title)), f"When? {squash(e.title)}", back,
                        _quote_line(m, e.citations[0]), ["date"]))
    events_of: dict[str, list[Event]] = {}
    for e in m.events:
        for x in dict.fromkeys(e.entities):
            events_of.setdefault(x, []).append(e)
    for ent in m.entities:
        evs = events_of.get(ent.id, [])
        if not (_askable(ent) or (evs and ent.mentions >= 2)):
            continue
        parts = [TYPE_WORD.get(ent.type, ent.type)]
        if ent.aliases:
            parts.append("also called " + ", ".join(ent.aliases))
        lines = ["; ".join(parts)] + [f"{human_date(e.date)}: {squash(e.title)}" for e in evs[:4]]
        src = _quote_line(m, evs[0].citations[0]) if evs and evs[0].citations else ""
        out.append(Card("who", ("entity", _key(ent.name)), f"Who or what is {ent.name}?", "\n".join(lines), src,
                        ["who", ent.type]))
    for f in m.factors:
        if not f.citations:
            continue
        q = f.question or m.question
        quotes = []
        for c in label_first(f.citations, f.label):
            line = _quote_line(m, c)
            if line not in quotes:
                quotes.append(line)
            if len(quotes) == 2:
                break
        n = f.independent_sources
        out.append(Card("cause", ("cause", _key(q), _key(f.label)), f"{q}\nExplain this cause: {squash(f.label)}",
                        f"Supported by {n} independent source{'s' if n != 1 else ''}.", "\n".join(quotes), ["cause"]))
    for c in m.conflicts:
        sides = [f"{human_value(c.kind, s.value)}: "
                 + ", ".join(sorted({m.names.get(x.source, x.source) for x in s.citations})) for s in c.sides]
        src = "\n".join(_quote_line(m, s.citations[0]) for s in c.sides if s.citations)
        out.append(Card("conflict", ("conflict", c.kind, _key(c.about)),
                        f"The sources disagree ({c.kind}): {squash(c.about)}. What does each side say?",
                        "\n".join(sides), src, ["disagreement"]))
    unique: dict[str, Card] = {}
    for card in out:
        unique.setdefault(card.guid, card)
    return list(unique.values())


def flashcards_csv(cs: list[Card]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["front", "back", "source", "tags", "guid"])
    for c in cs:
        w.writerow([c.front, c.back, c.source, " ".join(c.tags), c.guid])
    return buf.getvalue()


def flashcards_md(m: Material, cs: list[Card]) -> str:
    lines = [f"# Flashcards: {_md(m.title())}", "",
             "Cover the answer, say it, then check. Each card cites its source.", ""]
    for i, c in enumerate(cs, 1):
        lines.append(f"### {i}. " + " — ".join(_md(x) for x in c.front.split("\n")))
        lines.append("")
        lines += [f"> {_md(x)}" for x in c.back.split("\n")]
        if c.source:
            lines += [""] + [f"*{_md(x)}*  " for x in c.source.split("\n")]
        lines.append("")
    return "\n".join(lines)


ANKI_CSS = """.card{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:20px;color:#1f2328;
background:#fff;text-align:left;line-height:1.45;padding:0 .4em}
.front{font-weight:600}.back{margin-top:.4em}.src{margin-top:1em;font-size:.75em;color:#59636e;font-style:italic}
hr#answer{border:0;border-top:1px solid #d8dee4}"""


def anki_model() -> genanki.Model:
    return genanki.Model(
        stable_id("histsift", "model", MODEL_NAME, "1"), MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{"name": "Card 1", "qfmt": '<div class="front">{{Front}}</div>',
                    "afmt": '<div class="front">{{Front}}</div><hr id="answer"><div class="back">{{Back}}</div>'
                            '<div class="src">{{Source}}</div>'}],
        css=ANKI_CSS)


def _anki_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def anki_deck(m: Material, cs: list[Card]) -> genanki.Deck:
    """The deck: its id from the pile's question (or its files' names), each note's guid from what it is about."""
    if m.question:
        name = f"histsift: {squash(m.question)}"
        ident = _key(m.question)
    else:
        name = "histsift: " + ", ".join(sorted(m.names.values()))[:80]
        ident = "\x1f".join(sorted(s.path for s in m.sources))
    deck = genanki.Deck(stable_id("histsift", "deck", ident), name,
                        description=f"Made by histsift {__version__} from {len(m.sources)} sources.")
    model = anki_model()
    for c in cs:
        deck.add_note(genanki.Note(model=model, fields=[_anki_html(c.front), _anki_html(c.back), _anki_html(c.source)],
                                   guid=c.guid, tags=["histsift", *c.tags], sort_field=_anki_html(c.front)))
    return deck


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


# --- writing it all -------------------------------------------------------------------------------------------

def write_study(board: Board, out_dir: Path) -> list[Path]:
    """Write the study material for a board (or a ``Pile``) into ``out_dir``; return the files written."""
    return write_material(Material(Board.of(board)), Path(out_dir))


def write_material(m: Material, out_dir: Path) -> list[Path]:
    if out_dir.exists() and not out_dir.is_dir():
        raise HistsiftError(f"{out_dir} is a file; the study material needs a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HistsiftError(f"cannot make the folder {out_dir}: {e.strerror}") from None
    q = quiz(m)
    cs = cards(m)
    g = guide(m)
    rows = timeline_rows(m)
    texts = {
        "study-guide.md": guide_md(g),
        "study-guide.html": guide_html(g, f"Study guide: {m.title()}"),
        "quiz.md": quiz_md(q),
        "quiz.json": json.dumps(q, ensure_ascii=False, indent=2) + "\n",
        "flashcards.csv": flashcards_csv(cs),
        "flashcards.md": flashcards_md(m, cs),
        "timeline.json": json.dumps(timelinejs(m), ensure_ascii=False, indent=2) + "\n",
        "timeline.csv": timeline_csv(rows),
        "timeline.md": timeline_md(m, rows),
    }
    written = []
    try:
        for name, text in texts.items():
            path = out_dir / name
            path.write_text(text, encoding="utf-8", newline="")
            written.append(path)
        apkg = out_dir / "histsift.apkg"
        genanki.Package(anki_deck(m, cs)).write_to_file(str(apkg))
        written.append(apkg)
    except OSError as e:
        raise HistsiftError(f"cannot write in {out_dir}: {e.strerror}") from None
    return written
