"""Study material: a cited quiz with the pile's own distractors, cards, and an Anki deck stable across rebuilds."""
from __future__ import annotations

import csv
import json
import math
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

import histsift
from conftest import EXAMPLES, run_cli
from histsift.dates.timeml import human as human_date
from histsift.outputs.study import write_study
from histsift.outputs.study.quiz import _as_precision

FILES = {"study-guide.md", "study-guide.html", "quiz.md", "quiz.json", "flashcards.csv", "flashcards.md",
         "histsift.apkg", "timeline.json", "timeline.csv", "timeline.md"}


@pytest.fixture(scope="module")
def study(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("study")
    pile = histsift.open(sample_db)
    return pile, out, write_study(pile, out)


def anki(path: Path, tmp: Path) -> tuple[list[tuple[str, int, str]], set[int], set[int]]:
    """(guid, model id, first field) of each note, the model ids and the deck ids of an .apkg."""
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp)
    con = sqlite3.connect(tmp / "collection.anki2")
    try:
        notes = sorted(con.execute("SELECT guid, mid, flds FROM notes"))
        models, decks = con.execute("SELECT models, decks FROM col").fetchone()
        cards = {r[0] for r in con.execute("SELECT DISTINCT did FROM cards")}
    finally:
        con.close()
    deck_ids = {int(k) for k in json.loads(decks) if k != "1"}
    assert cards <= deck_ids
    return [(g, m, f.split("\x1f")[0]) for g, m, f in notes], {int(k) for k in json.loads(models)}, deck_ids


def test_writes_every_file(study):
    _, out, written = study
    assert {p.name for p in written} == FILES
    assert all(p.parent == out and p.stat().st_size > 0 for p in written)


def test_anki_ids_are_the_same_after_a_rebuild(study, tmp_path):
    _, out, _ = study
    again = histsift.build(EXAMPLES, db=tmp_path / "again.db")      # a second, separate store
    write_study(again, tmp_path / "again")
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    notes1, models1, decks1 = anki(out / "histsift.apkg", tmp_path / "x")
    notes2, models2, decks2 = anki(tmp_path / "again" / "histsift.apkg", tmp_path / "y")
    assert len(notes1) > 20
    assert [g for g, _, _ in notes1] == [g for g, _, _ in notes2]
    assert len({g for g, _, _ in notes1}) == len(notes1)
    assert models1 == models2 and len(models1) == 1 and {m for _, m, _ in notes1} == models1
    assert decks1 == decks2 and len(decks1) == 1


def test_quiz_answers_and_distractors(study):
    pile, out, _ = study
    quiz = json.loads((out / "quiz.json").read_text(encoding="utf-8"))
    items = quiz["items"]
    assert quiz["schema"] == "histsift-quiz/1" and quiz["question"]
    kinds = {it["kind"] for it in items}
    assert "date" in kinds and kinds & {"person", "place", "organization"}
    texts = {s.id: s.text for s in pile.sources()}
    events, entities = pile.events(), pile.entities()
    pile_dates = {human_date(v) for e in events for p in ("day", "month", "season", "year")
                  if (v := _as_precision(e.date, p))}
    for it in items:
        choices, answer = it["choices"], it["answer"]
        assert answer in choices and choices[it["answer_index"]] == answer
        assert len(choices) >= 3 and len(set(choices)) == len(choices)
        distractors = [c for c in choices if c != answer]
        if it["kind"] == "date":
            assert set(choices) <= pile_dates
        else:
            same_type = {e.name for e in entities if e.type == it["kind"]}
            assert set(choices) <= same_type
        assert answer not in distractors
        assert it["citations"]
        for c in it["citations"]:
            assert texts[c["source"]][c["start"]:c["end"]] == c["quote"]
    md = (out / "quiz.md").read_text(encoding="utf-8")
    assert "## Answers" in md and md.count("   - A. ") == len(items)


def test_cards_and_timeline_exports(study):
    pile, out, _ = study
    with open(out / "flashcards.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and set(rows[0]) == {"front", "back", "source", "tags", "guid"}
    assert any(r["front"].startswith("When?") and r["back"] == "9 November 1989" for r in rows)
    tl = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert tl["title"]["text"]["headline"] and len(tl["events"]) == len(pile.events())
    for ev in tl["events"]:
        assert isinstance(ev["start_date"]["year"], int) and ev["text"]["headline"]
    assert any(ev.get("group") == "Sources disagree" for ev in tl["events"])
    with open(out / "timeline.csv", encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == len(pile.events())
    guide = (out / "study-guide.md").read_text(encoding="utf-8")
    for heading in ("## Causes", "## Key dates", "## Who’s who", "## Where the sources disagree"):
        assert heading in guide
    page = (out / "study-guide.html").read_text(encoding="utf-8")
    assert "http://" not in page.replace("<!DOCTYPE html>", "") and "https://" not in page


def test_hostile_text_is_escaped_everywhere(tmp_path):
    pile = tmp_path / "pile"
    pile.mkdir()
    evil = "<script>alert(1)</script>"
    (pile / "a.txt").write_text(f"Why did the Wall fall?\n\nOn 9 November 1989 the Wall opened {evil} because "
                                f"Mikhail Gorbachev refused to act.\n\nIn 1985 Mikhail Gorbachev became leader "
                                "<img src=x onerror=alert(1)>.\n", encoding="utf-8")
    (pile / "b.txt").write_text(f"The Wall\n\nOn 10 November 1989 the Wall opened {evil}. Mikhail Gorbachev "
                                "did nothing in 1985.\n", encoding="utf-8")
    out = tmp_path / "study"
    write_study(histsift.build(pile, db=tmp_path / "e.db"), out)
    for name in ("study-guide.html", "timeline.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text, name
    for name in ("study-guide.md", "quiz.md", "flashcards.md", "timeline.md"):
        text = (out / name).read_text(encoding="utf-8")
        # only as \<script>, which Markdown shows as text
        assert not re.search(r"(?<!\\)<(?:script|img)", text), name
    (tmp_path / "x").mkdir()
    notes, _, _ = anki(out / "histsift.apkg", tmp_path / "x")
    con = sqlite3.connect(tmp_path / "x" / "collection.anki2")
    fields = " ".join(f for (f,) in con.execute("SELECT flds FROM notes"))
    con.close()
    assert notes and "<script" not in fields and "<img" not in fields


def test_cli_study_prints_paths(sample_db, tmp_path):
    r = run_cli("study", "--db", sample_db, "-o", tmp_path / "s")
    assert r.returncode == 0, r.stderr
    assert {Path(line).name for line in r.stdout.splitlines()} == FILES
    r = run_cli("study", "--db", sample_db, "-o", tmp_path / "s" / "quiz.md")
    assert r.returncode != 0 and r.stderr.startswith("histsift: ") and len(r.stderr.splitlines()) == 1


def _anki_import(col, apkg: Path) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    # the options a person gets in Anki's import dialog: merge note types, update notes that are newer
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions(
        merge_notetypes=True, with_scheduling=False, with_deck_configs=False)))


def test_anki_itself_imports_the_deck_and_a_rebuild_updates_it(tmp_path):
    """Anki's own backend (not our reading of its file format) takes the deck; importing the deck of a
    rebuilt pile updates the notes it already has instead of adding copies."""
    collection = pytest.importorskip("anki.collection", reason="the anki package (a test dependency) is missing")
    import shutil
    import time

    pile = tmp_path / "pile"
    shutil.copytree(EXAMPLES, pile)
    write_study(histsift.build(pile, db=tmp_path / "a.db"), tmp_path / "a")
    col = collection.Collection(str(tmp_path / "user.anki2"))
    try:
        _anki_import(col, tmp_path / "a" / "histsift.apkg")
        first = {col.get_note(n).guid: col.get_note(n).fields[:] for n in col.find_notes("")}
        assert len(first) > 20 and len(col.find_cards("")) >= len(first)
        # a source is corrected: one of its dated sentences now says more
        src = next(p for p in sorted(pile.rglob("*.md")) if "1989" in p.read_text(encoding="utf-8"))
        text = src.read_text(encoding="utf-8")
        src.write_text(text.replace("1989", "1989 (as the records show)", 1), encoding="utf-8")
        (tmp_path / "unpacked").mkdir()
        time.sleep(1.1)   # Anki updates a note when the package's copy is newer, to the second
        write_study(histsift.build(pile, db=tmp_path / "b.db"), tmp_path / "b")
        _anki_import(col, tmp_path / "b" / "histsift.apkg")
        second = {col.get_note(n).guid: col.get_note(n).fields[:] for n in col.find_notes("")}
    finally:
        col.close()
    rebuilt = {g for g, _, _ in anki(tmp_path / "b" / "histsift.apkg", tmp_path / "unpacked")[0]}
    assert len(rebuilt & set(first)) > 0.9 * len(first), "the rebuilt deck's cards are not the same cards"
    assert set(second) == set(first) | rebuilt, "the second import added copies instead of updating notes"
    assert any(second[g] != first[g] for g in first), "no note took the corrected source's text"


def test_timeline_slides_state_only_what_the_pile_states(tmp_path):
    """TimelineJS shows a slide's display_date and places it by start/end: a decade, a season or a
    century is shown as such and spans its whole period; no slide claims a year, month or day finer
    than its event's date. (TimelineJS itself is an npm package, which this machine cannot fetch.)"""
    from histsift.dates.timeml import TimeValue
    from histsift.outputs.study.guide import timelinejs
    from histsift.outputs.study.material import Material
    from histsift.model import Board, Citation, Event

    dates = ["192", "19", "1989-SP", "1989-11", "1989-11-09", "1961/1989", "BC0044-03-15"]
    events = [Event(id=f"e{i}", date=d, precision="", title=f"event {i}",
                    citations=[Citation("s", 0, 4, "text")]) for i, d in enumerate(dates)]
    board = Board(sources=[histsift.Source(id="s", path="a.txt", title="a", text="text of it", kind="txt",
                                           encoding="utf-8", words=3)], events=events)
    slides = {s["text"]["headline"]: s for s in timelinejs(Material(board))["events"]}
    assert len(slides) == len(dates)
    for e in events:
        s, tv = slides[e.title], TimeValue.parse(e.date)
        assert s["start_date"]["display_date"] == human_date(e.date)
        start, end = s["start_date"], s.get("end_date", s["start_date"])
        lo, hi = tv.start.span()[0], tv.end.span()[1]
        astro = [y + 1 if y < 0 else y for y in (start["year"], end["year"])]   # TimelineJS: -44 is 44 BC
        assert math.floor(lo) <= astro[0] <= astro[1] < hi, (e.date, start, end)
        if "day" in start:
            assert tv.start.precision == "day"
        if "month" in start and not tv.start.season:
            assert tv.start.precision in ("day", "month")
