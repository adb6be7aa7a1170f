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
