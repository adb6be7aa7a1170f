"""Who's who and source criticism, on the sample pile and small texts of our own."""
from __future__ import annotations

import json

import histsift
from conftest import run_cli
from test_timeline import board


def by_path(db):
    pile = histsift.open(db)
    return pile, {s.id: s.path for s in pile.sources(with_text=False)}


def test_copies_and_paraphrases_are_found_with_direction(sample_db):
    pile, paths = by_path(sample_db)
    got = {(paths[sid], paths[d["source"]]) for sid, rows in pile.derivations().items() for d in rows}
    assert ("07_forum_post.txt", "01_revision_site.txt") in got       # pasted paragraphs
    assert ("03_revision_notes.md", "02_encyclopedia.html") in got    # bullet notes paraphrasing prose
    assert not any("04_blog_cp1252.txt" in pair for pair in got)        # written independently


def test_independent_texts_on_one_topic_are_not_copies():
    b = board("The harvest failed in 1788. Bread prices doubled in Paris. Crowds gathered outside bakeries. "
              "The king called the Estates-General. Deputies arrived at Versailles in May.",
              "Poor weather ruined crops across France that year. Hungry workers rioted in the capital. "
              "Louis summoned an assembly of the three orders. It met in the spring at the palace.")
    assert b.derivations == []


def test_aliases_merge(sample_db):
    pile, _ = by_path(sample_db)
    names = {e.name: e for e in pile.entities()}
    gorbachev = names["Mikhail Gorbachev"]
    assert gorbachev.type == "person" and "Gorbachev" in gorbachev.aliases
    assert "GDR" in names["German Democratic Republic"].aliases   # defined in the text: "… (GDR)"
    assert names["Hungary"].type == "place"
    assert "Soviet" not in names and "Western" not in names        # demonyms are not entities


def test_acronym_and_surname_merging():
    b = board("The Committee of Public Safety (CPS) met in Paris. General Lazare Hoche spoke. "
              "Hoche warned the CPS that war was near.")
    names = {e.name: e for e in b.entities}
    assert "CPS" in names["Committee of Public Safety"].aliases
    assert names["Lazare Hoche"].type == "person" and "Hoche" in names["Lazare Hoche"].aliases


def test_events_link_entities(sample_db):
    pile, _ = by_path(sample_db)
    ids = {e.id for e in pile.entities()}
    linked = [ev for ev in pile.events() if ev.entities]
    assert linked and all(set(ev.entities) <= ids for ev in linked)


def test_who_and_criticism_commands(sample_db):
    r = run_cli("who", "--db", sample_db, "--type", "person", "--json")
    assert r.returncode == 0 and all(e["type"] == "person" for e in json.loads(r.stdout))
    c = run_cli("criticism", "--db", sample_db)
    assert c.returncode == 0 and "07_forum_post.txt" in c.stdout and "10 November 1989" in c.stdout


def test_causes_first_version(sample_db):
    """The why-question is found and themes cite exact passages; quality is issue 5's to raise."""
    pile = histsift.open(sample_db)
    fs = pile.factors()
    assert fs and fs[0].question.lower().startswith("why did the berlin wall fall")
    texts = {s.id: s.text for s in pile.sources()}
    assert all(texts[c.source][c.start:c.end] == c.quote for f in fs for c in f.citations)
    assert all(1 <= f.independent_sources <= len(texts) for f in fs)
    assert run_cli("why", "--db", sample_db).returncode == 0


def test_place_heads_and_peoples():
    b = board("Crowds met at Checkpoint Charlie. Later they filled Alexanderplatz and Alexanderplatz again. "
              "The East Germans cheered. Fort Sumter fell in April 1861.")
    types = {e.name: e.type for e in b.entities}
    assert types.get("Checkpoint Charlie") == "place" and types.get("Fort Sumter") == "place"
    assert types.get("Alexanderplatz") == "place"
    assert "East Germans" not in types


def test_lineages_count_a_copy_once_in_events_conflicts_and_themes(sample_db):
    import json as _json

    from histsift.outputs.export import document
    board = histsift.open(sample_db).board()
    doc = _json.loads(_json.dumps(document(board)))
    copies = {(d.source, d.other) for d in board.derivations}
    assert copies, "the sample pile has copies"
    for e in doc["events"]:
        cited = {c["source"] for c in e["citations"]}
        assert 1 <= e["independent_sources"] <= len(cited)
    a, b = next(iter(copies))
    assert board.lineages([a, b]) == 1 and board.lineages([a]) == 1
    for c in doc["conflicts"]:
        for side in c["sides"]:
            assert 1 <= side["independent_sources"] <= len({x["source"] for x in side["citations"]})
    assert all(f["independent_sources"] >= 1 for f in doc["factors"])


def test_two_deeds_on_near_dates_are_not_one_happening_twice_dated(tmp_path):
    pile_dir = tmp_path / "pile"
    pile_dir.mkdir()
    (pile_dir / "a.txt").write_text("On 3 May 1790 the Narvian fleet sailed from Vessa harbour with the grain convoy.\n",
                                    encoding="utf-8")
    (pile_dir / "b.txt").write_text("On 5 May 1790 the Narvian fleet burned in Vessa harbour with the grain convoy.\n",
                                    encoding="utf-8")
    (pile_dir / "c.txt").write_text("The Vessa truce was signed on 9 June 1791 in the harbour hall.\n", encoding="utf-8")
    (pile_dir / "d.txt").write_text("The Vessa truce was signed on 12 June 1791 in the harbour hall.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    histsift.build(pile_dir, db=db)
    conflicts = histsift.open(db).board().conflicts
    values = sorted(tuple(sorted(s.value for s in c.sides)) for c in conflicts if c.kind == "date")
    assert values == [("1791-06-09", "1791-06-12")]
