"""What the study material is made from: the board's events, names and causes, the names good
enough to ask about, and the ids that keep an Anki deck stable across rebuilds."""
from __future__ import annotations

import hashlib
import re

from histsift.dates.timeml import order
from histsift.model import Board, Citation, Entity
from histsift.outputs.present import squash

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


