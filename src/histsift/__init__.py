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

from histsift.errors import HistsiftError, StoreError  # noqa: E402

_MODEL = ("Citation", "Conflict", "Entity", "Event", "Factor", "Mention", "Skipped", "Source", "Span")


def __getattr__(name: str):
    """The library's names are imported when first asked for, so that ``histsift --version``
    does not pay for the pipeline (scipy, trafilatura, …) or even the data model."""
    if name in ("Pile", "build", "open_pile", "open"):
        from histsift import api

        return {"Pile": api.Pile, "build": api.build, "open_pile": api.open_pile, "open": api.open_pile}[name]
    if name in _MODEL:
        from histsift import model

        return getattr(model, name)
    raise AttributeError(f"module 'histsift' has no attribute {name!r}")


__all__ = ["Pile", "build", "open", "open_pile", "HistsiftError", "StoreError", "Source", "Span",
           "Citation", "Mention", "Event", "Entity", "Factor", "Conflict", "Skipped", "__version__"]
