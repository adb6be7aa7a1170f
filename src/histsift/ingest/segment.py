"""Segment: a source's content as blocks (headings, paragraphs, bullets, table rows) and sentences.

Offsets only: every block and sentence is a span of the unchanged text, and
nothing inside a boilerplate span is segmented.

Sentences come from blingfire (fast, offset-preserving) run inside each block,
with one repair it lacks: a split after "c."/"ca."/"cf." is joined back
("c. 1900"). Bullet hierarchies are our own, because no library rebuilds
them from pasted text: indentation gives the depth, and a bullet's parent is
the nearest shallower bullet above it, or the line that introduces the list
("12 August, 1939:", "The king wanted:"), so that sub-bullets inherit their
parent's date and subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from histsift import work
from histsift.model import Span, SpanSet

BULLET = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<mark>[-*+•◦▪‣·●○■□➢►–]|\d{1,2}[.)]|[a-z][.)])[ \t\u00a0]+(?=\S)")
MD_HEADING = re.compile(r"^#{1,6}\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_TITLE_START = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?=(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Capt|Lt|Sgt|Prof|Rev|Sir|Lord|Lady|King|Queen)\.?\s+[A-Z])")
_ABBREV_END = re.compile(r"(?:\b(?:c|ca|cf|approx|appr|est|fl|r|b|d|viz|vs|St|Mt|Ft|No|nos|vol|pp|p|ch)\.)\s*$", re.I)


@dataclass
class Block:
    start: int
    end: int
    kind: str                      # heading, paragraph, bullet, row
    level: int = 0                 # bullet depth, 0 for the outermost list
    parent: int | None = None      # index of the block this one hangs under
    heading: int | None = None     # index of the nearest heading above
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def span(self) -> Span:
        return Span(self.start, self.end, self.kind)


def _indent(raw: str) -> int:
    return len(raw.replace("\t", "    "))


def _lines(text: str, skip: list[Span]):
    pos = 0
    cut = SpanSet(skip)
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw.rstrip())
        pos += len(raw) + 1
        body = raw.strip()
        if not body:
            yield None
            continue
        lead = len(raw) - len(raw.lstrip())
        if start + lead in cut:
            yield None
            continue
        yield start, end, raw[: end - start], lead


def segment(text: str, boilerplate: list[Span] | None = None) -> list[Block]:
    """Blocks of content, in order, with bullet parents and sentences."""
    blocks: list[Block] = []
    last_heading: int | None = None
    bullet_stack: list[tuple[int, int]] = []  # (indent, block index)
    intro: int | None = None                  # a line ending in ':' that a list hangs under
    prev_blank = True
    for item in _lines(text, boilerplate or []):
        if item is None:
            prev_blank = True
            continue
        start, end, raw, lead = item
        work.at("segmenting", start, len(text))
        m = BULLET.match(raw)
        if m:
            width = _indent(m["indent"])
            while bullet_stack and bullet_stack[-1][0] >= width:
                bullet_stack.pop()
            parent = bullet_stack[-1][1] if bullet_stack else (intro if intro is not None else last_heading)
            b = Block(start + m.end(), end, "bullet", len(bullet_stack), parent, last_heading)
            bullet_stack.append((width, len(blocks)))
            blocks.append(b)
            prev_blank = False
            continue
        body_start = start + lead
        line = text[body_start:end]
        if blocks and not prev_blank and not bullet_stack and _continues(text[blocks[-1].start:blocks[-1].end], line):
            blocks[-1].end = end  # a hard-wrapped paragraph continues
            prev_blank = False
            continue
        bullet_stack = []
        kind = _kind(line)
        if MD_HEADING.match(line):
            body_start += MD_HEADING.match(line).end()
        b = Block(body_start, end, kind, 0, last_heading if kind != "heading" else None, last_heading)
        if kind == "heading":
            last_heading = len(blocks)
            intro = None
        elif line.rstrip().endswith(":"):
            intro = len(blocks)
        else:
            intro = None
        blocks.append(b)
        prev_blank = False
    for b in blocks:
        b.sentences = sentences(text, b.start, b.end)
    return blocks


_OPEN_END = re.compile(r"(?:[–—(,-]|\b(?:in|on|at|of|to|by|from|and|or|the|a|an|with|until|his|her|their))\s*$")


def _continues(prev: str, line: str) -> bool:
    """A line broken inside a sentence: the previous one cannot end there."""
    if re.search(r"[.!?:;\"”’]\s*$", prev) or prev.count("|") >= 2:
        return False
    return bool(line[:1].islower() or _OPEN_END.search(prev) or prev.count("(") > prev.count(")"))


def _kind(line: str) -> str:
    if MD_HEADING.match(line):
        return "heading"
    if line.count("|") >= 2 or "\t" in line.strip():
        return "row"
    words = len(_WORD.findall(line))
    if words <= 12 and not re.search(r"[.!;,]\s*$", line):
        return "heading"
    return "paragraph"


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``."""
    chunk = text[start:end]
    if not chunk.strip():
        return []
    spans = _split(chunk)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and (_ABBREV_END.search(chunk[merged[-1][0]:merged[-1][1]]) or chunk[a:a + 1].islower()):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(start + a, start + b) for a, b in merged]


def _split(chunk: str) -> list[tuple[int, int]]:
    try:
        import blingfire
    except ImportError:  # pragma: no cover - blingfire is a dependency; this keeps a broken install usable
        return [(m.start(), m.end()) for m in re.finditer(r"[^.!?]+(?:[.!?]+[\"”’)]*|$)", chunk) if m.group().strip()]
    _, offsets = blingfire.text_to_sentences_and_offsets(chunk)
    out = []
    for a, b in offsets:
        # blingfire keeps "… the town. Mr. Smith …" together; a title after a full stop starts a sentence
        for m in _TITLE_START.finditer(chunk, a, b):
            out.append((a, m.start()))
            a = m.end()
        if b > a:
            out.append((a, b))
    return [(a, b) for a, b in out if b > a]
