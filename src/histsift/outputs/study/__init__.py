"""Study material from a built pile (``histsift study``).

``write_study(board, out_dir)`` writes a study guide (Markdown and HTML), a
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

import json
from pathlib import Path

import genanki

from histsift.errors import HistsiftError
from histsift.model import Board
from histsift.outputs.study.cards import anki_deck, cards, flashcards_csv, flashcards_md
from histsift.outputs.study.guide import (
    guide,
    guide_html,
    guide_md,
    timeline_csv,
    timeline_md,
    timeline_rows,
    timelinejs,
)
from histsift.outputs.study.material import Material
from histsift.outputs.study.quiz import quiz, quiz_md

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
