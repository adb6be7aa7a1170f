"""The one data model that flows through every stage.

Every span is a pair of code-point offsets into a source's ``text``, which is
never rewritten after loading: cleaning, segmenting and annotating only add
spans over it, so any citation can be checked as ``text[start:end] == quote``.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``text[start:end]`` of one source, with what they are."""

    start: int
    end: int
    kind: str = ""        # e.g. "boilerplate", "sentence", "heading"
    reason: str = ""      # why a stage marked it (shown to people, kept in the store)

    def __len__(self) -> int:
        return self.end - self.start


class SpanSet:
    """Which offsets a set of spans covers, answered in O(log n): a page with
    thousands of boilerplate lines must not make every line test them all."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: Iterable[Span | tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted((s.start, s.end) if isinstance(s, Span) else tuple(s) for s in spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            elif b > a:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def covers(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one span (spans that touch count as one)."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.ends[i]


@dataclass(frozen=True, slots=True)
class Citation:
    """An exact quote: ``quote == source.text[start:end]``."""

    source: str
    start: int
    end: int
    quote: str

    @classmethod
    def of(cls, source: "Source", start: int, end: int) -> "Citation":
        return cls(source.id, start, end, source.text[start:end])

    def to_dict(self) -> dict:
        return asdict(self)


# Flags of a source whose text is shown but not read for facts: bytes no encoding
# reads (load), a page that reads as OCR noise or another language (clean).
KEPT_OUT = ("undecodable", "noisy")


@dataclass
class Source:
    """One file of the pile, as read. ``id`` is a hash of ``text``."""

    id: str
    path: str                 # relative to the pile root, with forward slashes
    title: str
    text: str
    kind: str                 # txt, md, html, pdf, docx
    encoding: str             # how the bytes were decoded ("utf-8", "cp1252", …)
    words: int
    boilerplate: list[Span] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def extractable(self) -> bool:
        """Whether events, names, causes and answers may be read from it (see KEPT_OUT)."""
        return not any(f in KEPT_OUT for f in self.flags)

    def boilerplate_chars(self) -> int:
        return sum(len(s) for s in self.boilerplate)

    def boilerplate_share(self) -> float:
        content = sum(1 for c in self.text if not c.isspace())
        if not content:
            return 0.0
        cut = sum(1 for s in self.boilerplate for c in self.text[s.start:s.end] if not c.isspace())
        return cut / content


@dataclass(frozen=True)
class Skipped:
    """A file of the pile that is not a source, and why."""

    path: str
    reason: str


@dataclass
class Mention:
    """A span of a source that names an entity or carries a date."""

    source: str
    start: int
    end: int
    text: str
    kind: str                 # "date", "person", "place", …
    value: str = ""           # normalised value (TimeML date, entity id, …)


@dataclass(slots=True)
class Event:
    id: str
    date: str
    precision: str
    title: str
    entities: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)  # names as written, before entity linking


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    sources: list[str] = field(default_factory=list)


@dataclass
class Factor:
    id: str
    label: str
    question: str
    citations: list[Citation] = field(default_factory=list)
    independent_sources: int = 0
    term: str = ""   # "long-term", "short-term", "trigger" where the sources file it so, else ""


@dataclass(slots=True)
class ConflictSide:
    value: str
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Conflict:
    id: str
    kind: str                 # date, number, place, person, other
    about: str
    sides: list[ConflictSide] = field(default_factory=list)


@dataclass
class Derivation:
    """One source copies or closely paraphrases another."""

    source: str                  # the source that copies (or, if no direction, the first)
    other: str                   # the one it draws on
    score: float                 # share of the copying source's passages aligned with the other
    directed: bool               # whether the direction is argued (see criticism.py)
    evidence: list[tuple[Citation, Citation]] = field(default_factory=list)


@dataclass
class Board:
    """The evidence board: what a build makes, the store keeps and gives back
    (``store.load_board``, ``Pile.board()``), and every output shows."""

    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)          # in timeline order
    conflicts: list[Conflict] = field(default_factory=list)
    derivations: list[Derivation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)       # most mentioned first
    factors: list[Factor] = field(default_factory=list)        # strongest first
    skipped: list[Skipped] = field(default_factory=list)
    question: str = ""           # the why-question the causes answer
    era: str | None = None       # "BC" when the pile writes its years so
    year: int | None = None      # the year the pile's dates name most

    @staticmethod
    def of(board_or_pile) -> "Board":
        """A board, or the board of a ``Pile`` (what every output takes)."""
        return board_or_pile if isinstance(board_or_pile, Board) else board_or_pile.board()

    def derived(self) -> dict[str, list[dict]]:
        """source id → the sources it draws on: ``{source, score, directed}``, as the export has it."""
        out: dict[str, list[dict]] = {}
        for d in sorted(self.derivations, key=lambda d: (d.source, d.other)):
            out.setdefault(d.source, []).append({"source": d.other, "score": d.score, "directed": d.directed})
        return out

    def lineages(self, source_ids) -> int:
        """How many independent lineages the sources form: a source and the sources it copies or
        closely paraphrases (the derivations, followed both ways) count once."""
        roots = self._lineage_roots()
        return len({roots.get(s, s) for s in set(source_ids)})

    def _lineage_roots(self) -> dict[str, str]:
        """Each source named by a derivation → the one source that stands for its lineage. Built once
        per list of derivations: every event, theme and conflict side asks, and the pile's derivations
        are many in a large pile."""
        key = (id(self.derivations), len(self.derivations))
        cached = getattr(self, "_roots", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for d in self.derivations:
            parent[root(d.source)] = root(d.other)
        roots = {x: root(x) for x in list(parent)}
        self._roots = (key, roots)
        return roots

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def names(self) -> dict[str, str]:
        """source id → a short name people can read: the file name, made unique."""
        names: dict[str, str] = {}
        seen: dict[str, int] = {}
        for s in self.sources:
            base = s.path.rsplit("/", 1)[-1] or s.id
            seen[base] = seen.get(base, 0) + 1
            names[s.id] = base if seen[base] == 1 else s.path
        return names

    def disputed(self) -> dict[str, tuple[Conflict, list[str]]]:
        """event id → (the date conflict it is a side of, the other sides' values): an event is on
        a side when it has that side's date and cites one of that side's passages."""
        by_cite: dict[tuple[str, str, int], list[Event]] = {}
        for e in self.events:
            for x in e.citations:
                by_cite.setdefault((e.date, x.source, x.start), []).append(e)
        where: dict[str, tuple[Conflict, list[str]]] = {}
        for c in self.conflicts:
            if c.kind != "date":
                continue
            for side in c.sides:
                others = [s.value for s in c.sides if s is not side]
                hit = {e.id: e for x in side.citations for e in by_cite.get((side.value, x.source, x.start), ())}
                for eid in hit:
                    where[eid] = (c, others)
        return where
