"""Contradictions about people and places: who did it, who came first, where it happened.

Dates and numbers disagree visibly; people and places disagree in words. We
read three claim shapes that English history prose uses for them and that can
be compared without understanding the sentence:

- the agent of one event, "signed by X", "led by X", "murdered by X", read in
  the citations of one merged timeline event;
- the place of one event, "signed in X", "held at X", "took place in X", where
  X is a place of the who's who;
- "X was the first R" / "the first R was X", pile-wide, keyed on the role R.

Two sources contradict when they give different people (or places) for the
same key, neither source also gives the other's answer, and the two are not
aliases of one entity in the who's who. No library reads such claims across
sources, hence our own patterns.
"""
from __future__ import annotations

import re

from histsift.lang.words import stem
from histsift.model import Citation, Conflict, ConflictSide, Entity, Event, Source, SpanSet

NAME = r"(?P<name>(?<![\w’'-])(?:[A-Z][\w’'-]+)(?:\s+(?:of\s+|de\s+|von\s+|van\s+)?[A-Z][\w’'-]+){0,3})"
AGENT = re.compile(r"\b(?P<verb>signed|led|commanded|founded|assassinated|murdered|killed|written|negotiated|"
                   r"ordered|won|defeated|crowned|elected|appointed)\s+by\s+(?:the\s+)?" + NAME)
PLACE = re.compile(r"\b(?P<verb>signed|held|took place|fought|founded|crowned|born|died|met|opened)\s+(?:in|at)\s+"
                   r"(?:the\s+(?:city|town|village)\s+of\s+)?" + NAME)
FIRST = [re.compile(NAME + r"\s+(?:was|became)\s+(?:also\s+)?(?:the\s+|\w+[’']s\s+)first\s+"
                    r"(?P<role>(?:[A-Za-z-]+\s+){0,2}?[a-z][a-z-]+)\b"),
         re.compile(r"\b[Tt]he\s+first\s+(?P<role>(?:[A-Za-z-]+\s+){0,2}?[a-z][a-z-]+)\s+(?:(?:of|in)\s+[^.;,]{1,40}?\s+)?"
                    r"was\s+" + NAME)]
ROLE_STOP = {"time", "step", "one", "stage", "phase", "sign", "part", "half", "day", "year", "thing", "man", "woman"}


class _Aliases:
    """Which who's-who entity a name is, through its aliases and surname."""

    def __init__(self, entities: list[Entity]):
        self.full: dict[str, tuple[str, str]] = {}
        self.last: dict[str, set[str]] = {}
        for e in entities:
            for n in [e.name, *e.aliases]:
                self.full[n.lower()] = (e.id, e.type)
                self.last.setdefault(n.split()[-1].lower(), set()).add(e.id)

    def resolve(self, name: str) -> tuple[str, str] | None:
        hit = self.full.get(name.lower())
        if hit:
            return hit
        ids = self.last.get(name.split()[-1].lower(), set())
        return (next(iter(ids)), "") if len(ids) == 1 else None


def conflicts(events: list[Event], entities: list[Entity], sources: list[Source]) -> list[Conflict]:
    names = _Aliases(entities)
    texts = {s.id: s.text for s in sources}
    out = []
    for e in events:
        if len({c.source for c in e.citations}) < 2:
            continue
        for kind, pattern, want in (("person", AGENT, "person"), ("place", PLACE, "place")):
            claims = {}
            for c in e.citations:
                for m in pattern.finditer(c.quote):
                    claims.setdefault(m.group("verb"), []).append(_claim(c, m, texts))
            for verb, found in sorted(claims.items()):
                conflict = _disagreement(found, names, want, e.citations)
                if conflict:
                    what = "who" if kind == "person" else "where"
                    out.append(Conflict("", kind, f"{e.title}: {what} {verb}", conflict))
    out += _first_claims(sources, names)
    return out


def _claim(c: Citation, m: re.Match, texts: dict[str, str]) -> tuple[str, str, Citation]:
    a, b = c.start + m.start("name"), c.start + m.end("name")
    # the whole claim is the evidence ("signed by X"), not the name alone
    x = c.start + m.start()
    return (m.group("name"), c.source, Citation(c.source, x, b, texts[c.source][x:b]))


def _disagreement(found, names: _Aliases, want: str, context: list[Citation]) -> list[ConflictSide] | None:
    sides: dict[str, tuple[str, list[Citation], set[str]]] = {}
    for name, source, cite in found:
        hit = names.resolve(name)
        if hit is None or (hit[1] and hit[1] != want):
            continue
        label, cites, srcs = sides.setdefault(hit[0], (name, [], set()))
        cites.append(cite)
        srcs.add(source)
    if len(sides) < 2:
        return None
    srcs = [v[2] for v in sides.values()]
    if set.intersection(*srcs):
        return None
    # a source that also names the other answer anywhere in this event is telling more, not less
    said = {s: " ".join(c.quote for c in context if c.source == s) for v in sides.values() for s in v[2]}
    for key, (label, _, own) in sides.items():
        for other_key, (other, _, theirs) in sides.items():
            if key != other_key and any(other.split()[-1] in said[s] for s in own):
                return None
    return [ConflictSide(label, cites) for label, cites, _ in sides.values()]


def _first_claims(sources: list[Source], names: _Aliases) -> list[Conflict]:
    by_role: dict[str, list] = {}
    for s in sources:
        cut = SpanSet(s.boilerplate)
        for pattern in FIRST:
            for m in pattern.finditer(s.text):
                if m.start() in cut:
                    continue
                role = m.group("role").lower().split()
                if role[-1] in ROLE_STOP:
                    continue
                a, b = m.start(), m.end()
                by_role.setdefault(stem(role[-1]), []).append(
                    (m.group("name"), s.id, Citation(s.id, a, b, s.text[a:b])))
    out = []
    for role, found in sorted(by_role.items()):
        sides = _disagreement(found, names, "person", [c for _, _, c in found])
        if sides:
            word = found[0][2].quote
            noun = re.search(r"first\s+(.+?)(?:\s+was\b|$)", word)
            out.append(Conflict("", "person", f"who was the first {noun.group(1) if noun else role}", sides))
    return out


# --------------------------------------------------------------------------- as an extractor

class _ClaimsCollector:
    def add(self, source_id: str, got: None) -> None:
        pass

    def finish(self, board, texts: dict[str, str]) -> None:
        board.conflicts += conflicts(board.events, board.entities, board.sources)
        for i, c in enumerate(board.conflicts, 1):
            c.id = f"c{i}"


class _Claims:
    """Who did it, where, who was first: contradictions about people and places. Reads the
    events and who's who the extractors before it wrote (see extractors.py)."""

    name = "claims"

    def read(self, a, timexes) -> None:
        return None

    def collector(self, question: str | None) -> _ClaimsCollector:
        return _ClaimsCollector()


CLAIMS = _Claims()
