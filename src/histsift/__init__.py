"""histsift: turn a noisy pile of history sources into a cited evidence board.

    import histsift
    pile = histsift.build("examples/berlin-wall", db="x.db")
    doc = pile.export()            # the histsift/1 document, as a dict
    pile.sources()                 # what is stored
    pile.ask("When did the Wall open?")

The CLI (``histsift``) makes exactly these calls.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import Pile, build, open_pile  # noqa: E402
from .errors import HistsiftError, StoreError  # noqa: E402
from .model import Citation, Conflict, Entity, Event, Factor, Mention, Skipped, Source, Span  # noqa: E402

open = open_pile  # noqa: A001  (histsift.open(db), like sqlite3.connect)

__all__ = ["Pile", "build", "open", "open_pile", "HistsiftError", "StoreError", "Source", "Span",
           "Citation", "Mention", "Event", "Entity", "Factor", "Conflict", "Skipped", "__version__"]
