"""Flashcards (CSV, Markdown) and the Anki deck, whose ids are hashes of what a card is about."""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass, field

import genanki

from histsift import __version__
from histsift.dates.timeml import human as human_date
from histsift.model import Citation, Event
from histsift.outputs.present import human_value, label_first, squash
from histsift.outputs.study.guide import _md
from histsift.outputs.study.material import (
    MODEL_NAME,
    TYPE_WORD,
    Material,
    _askable,
    _key,
    stable_id,
)

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
