"""Extractors: each part of the board is read by one, through one small protocol.

An extractor reads each source on its own (:meth:`Extractor.read`, in the
engine's workers: a pure function of the source's analysis and valued dates,
returning something picklable), then a :class:`Collector` takes those results
one source at a time, in the pile's order, holding only what the pile-level
step needs, and finally writes its part of the :class:`~histsift.model.Board`
(:meth:`Collector.finish`). ``REGISTRY`` is the order they run in: an
extractor may read what the ones before it wrote (claims read the events and
who's who, causes read the copies).

Adding one: a module with an object that has ``name``, ``read`` and
``collector``, appended to ``REGISTRY``; a new table for the store is a
migration in ``store.py`` and a line in ``store.add_pile``/``load_board``.
"""
from __future__ import annotations

from typing import Any, Protocol

from histsift.ingest.annotate import Analysed
from histsift.dates import Timex
from histsift.model import Board


class Collector(Protocol):
    def add(self, source_id: str, got: Any) -> None:
        """One source's result of :meth:`Extractor.read`."""

    def finish(self, board: Board, texts: dict[str, str]) -> None:
        """Write this extractor's part of the board (``texts``: source id → text)."""


class Extractor(Protocol):
    name: str                  # the step's name in build timings and progress

    def read(self, a: Analysed, timexes: list[Timex]) -> Any:
        """What the pile-level step needs of one source (``timexes``: its valued dates)."""

    def collector(self, question: str | None) -> Collector:
        """The pile-level state (``question``: the why-question a person asked, if any)."""


def registry() -> list[Extractor]:
    """The extractors, in the order they run."""
    from histsift.extract import causes, claims, criticism, entities, timeline

    return [criticism.COPIES, entities.WHOS_WHO, timeline.TIMELINE, claims.CLAIMS, causes.CAUSES]
