"""Contradictions about people and places, the second why-question, and the reliability sketch."""
from __future__ import annotations

import json
import os

import histsift
from conftest import run_cli
from histsift.extract import causes, reliability
from test_timeline import board


def kinds(b):
    return sorted((c.kind, tuple(sorted(s.value for s in c.sides))) for c in b.conflicts)


def test_two_sources_name_different_signers_of_one_treaty():
    b = board("In March 1854 the Treaty of Kanagawa was signed by Matthew Perry at Yokohama.",
              "On 31 March 1854 the Treaty of Kanagawa was signed by Townsend Harris at Yokohama.")
    got = [c for c in b.conflicts if c.kind == "person"]
    assert len(got) == 1
    sides = {s.value: s.citations[0] for s in got[0].sides}
    assert set(sides) == {"Matthew Perry", "Townsend Harris"}
    for cite in sides.values():
        assert cite.quote.startswith("signed by")
        assert b.analysed[cite.source].source.text[cite.start:cite.end] == cite.quote


def test_a_surname_and_the_full_name_agree():
    b = board("In March 1854 the Treaty of Kanagawa was signed by Matthew Perry at Yokohama.",
              "In March 1854 the Treaty of Kanagawa was signed by Perry at Yokohama.")
    assert [c for c in b.conflicts if c.kind == "person"] == []


def test_a_source_naming_both_is_not_a_contradiction():
    b = board("In March 1854 the Treaty of Kanagawa was signed by Matthew Perry, with Townsend Harris present.",
              "In March 1854 the Treaty of Kanagawa was signed by Townsend Harris at Yokohama.")
    assert [c for c in b.conflicts if c.kind == "person"] == []


def test_different_places_for_one_signing():
    b = board("Treaty of Kanagawa. In March 1854 the treaty was signed at Yokohama by the envoys of two countries.",
              "Treaty of Kanagawa. In March 1854 the treaty was signed at Shimoda by the envoys of two countries.")
    got = [c for c in b.conflicts if c.kind == "place"]
    assert [sorted(s.value for s in c.sides) for c in got] == [["Shimoda", "Yokohama"]]


def test_who_came_first():
    b = board("Tokugawa Ieyasu was the first shogun of the Tokugawa line. He ruled from Edo.",
              "The first shogun of the Tokugawa line was Tokugawa Hidetada, according to this page.")
    assert ("person", ("Tokugawa Hidetada", "Tokugawa Ieyasu")) in kinds(b)
    b = board("Tokugawa Ieyasu was the first shogun of the Tokugawa line.",
              "The first shogun of the Tokugawa line was Ieyasu, who ruled from Edo.")
    assert kinds(b) == []


def test_one_source_alone_is_no_contradiction():
    b = board("Tokugawa Ieyasu was the first shogun of his line. Later writers said the first shogun was Minamoto.")
    assert kinds(b) == []


def test_second_why_question_and_override():
    b = board("Why did the Tsar abdicate in 1917? Strikes spread and the army mutinied. The Tsar feared civil war.",
              "Why did the Tsar abdicate? Bread ran out in Petrograd.\n\nWhy did the Duma abdicate its duty? "
              "The Duma feared the crowds and wanted order.")
    items = list(b.analysed.values())
    qs = causes.questions(items)
    assert qs[0].startswith("Why did the Tsar abdicate")
    assert len(qs) == 2 and "Duma" in qs[1]
    assert causes.questions(items, "Why did the monarchy end?") [0] == "Why did the monarchy end?"


def test_a_title_naming_an_outcome_gives_the_question():
    b = board("The Fall of the Western Roman Empire\n\nThe army depended on hired soldiers. Taxes crushed the farmers.")
    assert causes.question(list(b.analysed.values())) == "Why did the Western Roman Empire fall?"


def test_build_question_option(tmp_path):
    db = tmp_path / "q.db"
    r = run_cli("build", "examples/berlin-wall", "--db", db, "-q", "--question", "Why did the border open?")
    assert r.returncode == 0, r.stderr
    factors = json.loads(run_cli("why", "--db", db, "--json").stdout)
    assert factors and {f["question"] for f in factors} == {"Why did the border open?"}
    from histsift.web.library import _asked_question

    assert _asked_question(db) == "Why did the border open?"  # a web rebuild keeps it


def test_reliability_sketch_is_exported(sample_db):
    doc = json.loads(run_cli("export", "--db", sample_db, "--format", "json").stdout)
    rel = {s["path"]: s["reliability"] for s in doc["sources"]}
    assert rel["07_forum_post.txt"]["copied_share"] > 0.5 and rel["07_forum_post.txt"]["truncated"]
    # the blog alone dates the Wall's opening a day late, against two other sources
    assert rel["04_blog_cp1252.txt"]["lone_side"] == 1
    assert rel["02_encyclopedia.html"]["copied_share"] == 0


def test_lone_side_counts_a_source_outvoted():
    from histsift.model import Citation, Conflict, ConflictSide, Source

    srcs = [Source(id=f"s{i}", path=f"{i}.txt", title="", text="x" * 20, kind="txt", encoding="utf-8", words=1) for i in range(3)]
    c = Conflict("c1", "date", "x", [ConflictSide("1", [Citation("s0", 0, 1, "x")]),
                                     ConflictSide("2", [Citation("s1", 0, 1, "x"), Citation("s2", 0, 1, "x")])])
    got = reliability.sketch(srcs, {}, [c])
    assert got["s0"]["lone_side"] == 1 and got["s1"]["lone_side"] == 0 and got["s2"]["conflicts"] == 1


def test_the_parse_reads_who_did_it_and_where_whatever_the_verb():
    # the doer as an active subject in one source and a passive agent in the other
    signer = board("The Treaty of Velmora was signed on 12 September 1655 by Count Orlo Vasse for the duchy.\n",
                   "On 12 September 1655 Baron Teodor Lisk signed the Treaty of Velmora for the duchy.\n")
    assert ("person", ("Baron Teodor Lisk", "Count Orlo Vasse")) in kinds(signer)
    # one building, two verbs: "designed by" one architect, "drew the plans" another
    plans = board("The west front of Saint Osk's at Velmora, finished in 1721, was designed by the architect Mabel Ostrow.\n",
                  "Joss Penwith drew the plans for the west front of Saint Osk's at Velmora, completed in 1721.\n")
    assert [c.kind for c in plans.conflicts] == ["person"]
    # where one death happened, in two phrasings
    died = board("The poet Lenna Crael died at Port Narvia on 2 February 1799.\n",
                 "Lenna Crael died in her house at Vessa on 2 February 1799.\n")
    assert ("place", ("Port Narvia", "Vessa")) in kinds(died)
    # the same man named in full and by his surname, and a deed with no doer named: no conflict
    same = board("Admiral Jonas Fell commanded the western fleet at the action off Cape Ostrow on 9 August 1741.\n",
                 "9 August 1741: The western fleet under Fell engages the enemy off Cape Ostrow.\n")
    assert not [c for c in same.conflicts if c.kind in ("person", "place")]


def test_a_deed_one_source_affirms_and_another_denies_is_a_conflict():
    yes_no = board("The Treaty of Vessa, signed on 3 March 1772, was ratified by the estates of both duchies.\n",
                   "Although signed on 3 March 1772, the Treaty of Vessa was never ratified.\n")
    assert [(c.kind, sorted(s.value for s in c.sides)) for c in yes_no.conflicts if c.kind == "other"] == [
        ("other", ["not ratified", "ratified"])]
    # both deny it, in other words; and a "not … until" that only dates the deed
    both = board("The Treaty of Tarn of 1788 was never ratified.\n",
                 "The estates refused to ratify the Treaty of Tarn in 1788, and it never took effect.\n")
    until = board("The Ostland army did not reach Kestholm until May 1648.\n",
                  "The Ostland army reached Kestholm in May 1648 and began the siege.\n")
    assert not [c for b in (both, until) for c in b.conflicts if c.kind == "other"]


def test_themes_are_filed_long_term_short_term_or_trigger_where_the_sources_say_so(tmp_path):
    a = ("Why did the Velmoran Republic fall?\n\nLong-term causes\n\n"
         "- The old guilds distrusted the assembly because it taxed their wool.\n"
         "- Years of debt left the treasury unable to pay the militia.\n\n"
         "Short-term causes\n\n"
         "- The failed harvest of 1701 caused bread riots in the capital.\n"
         "- The assembly quarrelled over the price of grain.\n\n"
         "The trigger\n\n"
         "- The murder of the consul Arno Tesk in May 1702 set the city in revolt.\n")
    b = ("The fall of the Velmoran Republic\n\nLong term reasons\n\n"
         "- The guilds never trusted an assembly that taxed the wool trade.\n"
         "- Debt had emptied the treasury, so the militia went unpaid for years.\n\n"
         "Short term reasons\n\n"
         "- Bread riots followed the failed harvest of 1701.\n"
         "- Quarrels in the assembly over grain prices paralysed the government.\n\n"
         "What triggered the fall\n\n"
         "- The consul Arno Tesk was murdered in May 1702, and the city rose in revolt.\n")
    b_text = b
    b = board(a, b_text)
    terms = {f.label.split()[1]: f.term for f in b.factors}
    assert terms == {"old": "long-term", "failed": "short-term", "of": "long-term", "in": "short-term",
                     "murder": "trigger"}, terms
    # and the term reaches the store, the export and the CLI
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "a.txt").write_text(a, encoding="utf-8")
    (pile / "b.txt").write_text(b_text, encoding="utf-8")
    db = tmp_path / "p.db"
    histsift.build(pile, db=db)
    assert {f.term for f in histsift.open(db).factors()} == {"long-term", "short-term", "trigger"}
    doc = json.loads(run_cli("export", "--db", str(db)).stdout)
    assert {f["term"] for f in doc["factors"]} == {"long-term", "short-term", "trigger"}
    assert "(trigger)" in run_cli("why", "--db", str(db), env={**os.environ, "COLUMNS": "200"}).stdout
