"""Ask, measured on 40 questions about the sample pile written from the pages alone
(tests/data/ask_cases.jsonl): typed answers, exact citations, honest abstention."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import histsift
from conftest import run_cli
from histsift.ask.question import analyse

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "ask_cases.jsonl").read_text().splitlines()]


def correct(case: dict, a: dict) -> bool:
    want, got = case["answer"], a["value"]
    if want is None:
        return a["answer"] is None and got is None and a["citations"] == []
    if case["type"] in ("person", "place", "organization", "event"):
        names = {n.lower() for n in [want, *case.get("accept", [])]}
        return got is not None and str(got).lower() in names
    if case["type"] == "list":
        return isinstance(got, list) and len(got) == len(want) and all(
            any(w.lower() in str(g).lower() for g in got) for w in want)
    if case["type"] == "text":
        return got is not None and all(k in f"{a['answer']} {got}".lower() for k in want)
    return str(got) == str(want)


@pytest.fixture(scope="module")
def answers(sample_db):
    pile = histsift.open(sample_db)
    return [(c, pile.ask(c["q"])) for c in CASES]


def test_accuracy_on_our_own_questions(answers):
    right = [c["q"] for c, a in answers if correct(c, a)]
    wrong = [(c["q"], a["answer"]) for c, a in answers if not correct(c, a)]
    assert len(right) / len(answers) >= 0.85, wrong


def test_every_unanswerable_question_is_declined(answers):
    said = [(c["q"], a["answer"]) for c, a in answers if c["answer"] is None and a["answer"] is not None]
    assert said == []


def test_correct_answers_cite_a_source_that_states_them(answers, sample_db):
    paths = {s.id: s.path for s in histsift.open(sample_db).sources(with_text=False)}
    uncited = [c["q"] for c, a in answers if c["answer"] is not None and correct(c, a)
               and not {paths[x["source"]] for x in a["citations"]} & set(c["sources"])]
    assert uncited == []


def test_citations_are_exact_characters(answers, sample_db):
    texts = {s.id: s.text for s in histsift.open(sample_db).sources()}
    for _, a in answers:
        for x in a["citations"] + [y for d in a.get("disagreement", []) for y in d["citations"]]:
            assert texts[x["source"]][x["start"]:x["end"]] == x["quote"]


def test_a_disputed_date_says_so_and_cites_both_sides(sample_db):
    a = histsift.open(sample_db).ask("On what date was the Berlin Wall opened?")
    assert a["value"] == "1989-11-09"
    assert [d["value"] for d in a["disagreement"]] == ["1989-11-10"]
    assert "another source says" in a["answer"]


@pytest.mark.parametrize("question, kind, extra", [
    ("When did the Wall open?", "date", {}),
    ("In which year did the Wall fall?", "date", {"precision": "year"}),
    ("On what date did Honecker resign?", "date", {"precision": "day"}),
    ("How long did the Wall stand?", "duration", {}),
    ("How many times was the envoy received?", "number", {"unit": "times"}),
    ("How many East Germans crossed into Austria?", "number", {"unit": "germans"}),
    ("Who replaced Honecker?", "person", {"role": "subject"}),
    ("Whom did Krenz replace?", "person", {"role": "object"}),
    ("Where did the crowds gather?", "place", {}),
    ("Which country opened its border first?", "place", {"kind_noun": "country"}),
    ("In which battle did the king die?", "event", {"kind_noun": "battle"}),
    ("Which two men led the march?", "list", {"item_type": "person", "count": 2}),
    ("Through which countries did the army pass?", "list", {"item_type": "place"}),
    ("Which two reforms did Gorbachev begin?", "list", {"item_type": "text", "count": 2}),
    ("What kind of war did they fear?", "text", {"focus": "war"}),
    ("Why did the Wall fall?", "why", {}),
    ("Who was Egon Krenz?", "define", {}),
    ("Was the Wall opened by mistake?", "yesno", {}),
    ("What was the population of Berlin in 1989?", "text", {}),
])
def test_question_types(question, kind, extra):
    q = analyse(question)
    assert q.type == kind
    for k, v in extra.items():
        assert getattr(q, k) == v


def test_question_names_and_pinned_dates():
    q = analyse("Whom did the Tsar send to Paris on 3 May 1814?")
    assert q.names == ["Tsar", "Paris"] and [t.value for t in q.dates] == ["1814-05-03"]
    assert q.verb == "send" and q.role == "object"


def test_ask_cli_file_writes_json_lines(sample_db, tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_text("When was Germany reunified?\nWho led the Solidarity movement in Poland?\n", encoding="utf-8")
    r = run_cli("ask", "--db", sample_db, "--json", "--file", qfile)
    got = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.returncode == 0 and [a["value"] for a in got] == ["1990-10-03", None]


def test_ask_prints_the_answer_inside_its_quote(sample_db):
    r = run_cli("ask", "--db", sample_db, "Who replaced Honecker as East German leader?")
    assert r.returncode == 0 and "Egon Krenz" in r.stdout and "“" in r.stdout


def test_according_to_a_source_answers_from_that_source(sample_db):
    pile = histsift.open(sample_db)
    paths = {s.id: s.path for s in pile.sources(with_text=False)}
    got = pile.ask("When did the Wall open, according to the teacher handout?")
    assert got["value"] == "1989-11-09"
    assert got["citations"] and {paths[c["source"]] for c in got["citations"]} == {"06_teacher_handout.txt"}
    plain = pile.ask("When did the Wall open?")
    assert len({c["source"] for c in plain["citations"]}) > 1   # without it, every source that says so


def test_the_answer_fills_the_role_the_question_asks_for(tmp_path):
    pile_dir = tmp_path / "pile"
    pile_dir.mkdir()
    (pile_dir / "notes.txt").write_text(
        "The harbour council met at Vessa in the spring of 1703.\n\n"
        "Admiral Ostrand Keller argued for the blockade of the harbour and Marta Oleska argued for a landing.\n\n"
        "In 1704 the old governor Tomas Arvidsen was overthrown by Marta Oleska and her captains.\n\n"
        "Marta Oleska ruled Vessa until 1720. Ostrand Keller sailed home to Narvik.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    histsift.build(pile_dir, db=db)
    pile = histsift.open(db)
    assert pile.ask("Who argued for the blockade of the harbour?")["answer"] == "Ostrand Keller"
    assert pile.ask("Who was overthrown in 1704?")["answer"] == "Tomas Arvidsen"


def test_the_question_parse_finds_the_verb_the_kind_and_the_passive(tmp_path):
    pile_dir = tmp_path / "pile"
    pile_dir.mkdir()
    (pile_dir / "notes.txt").write_text(
        "In 1788 the guilds of Vessa led a rising which ended with the dictator Oskar Brandt being deposed.\n\n"
        "Talks on a grain truce at the Narvik Summit in 1790 failed.\n\n"
        "The chief surveyor of the guild, Ilse Marren, showed the council the new harbour maps.\n\n"
        "The envoys met just off the Salt Bridge, a mile from Vessa.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    histsift.build(pile_dir, db=db)
    pile = histsift.open(db)
    assert pile.ask("Which dictator was deposed in the rising of 1788?")["answer"] == "Oskar Brandt"
    assert pile.ask("At which summit did talks on a grain truce fail?")["value"] == "Narvik Summit"
    assert pile.ask("Who was the guild's chief surveyor who showed the council the harbour maps?")["answer"] == "Ilse Marren"
    got = pile.ask("Just off which bridge did the envoys meet?")
    assert got["value"] == "Salt Bridge" and "another source" not in got["answer"]


def test_a_date_is_read_from_the_clause_of_the_asked_doer_and_deed(tmp_path):
    pile_dir = tmp_path / "pile"
    pile_dir.mkdir()
    (pile_dir / "notes.txt").write_text(
        "On 2 May 1791, Velmora declared war on Ostland, and the old truce collapsed.\n\n"
        "On 9 June 1791, Narvia finally declared war on Ostland after Ostland troops crossed the river.\n\n"
        "The duchy had occupied Tarn in 1770, and annexed it in 1785, which angered Narvia.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    histsift.build(pile_dir, db=db)
    pile = histsift.open(db)
    assert pile.ask("When did Narvia declare war on Ostland?")["value"] == "1791-06-09"
    assert pile.ask("In what year was Tarn annexed by the duchy?")["value"] == "1785"


def test_lengths_openings_and_counted_places(tmp_path):
    pile_dir = tmp_path / "pile"
    pile_dir.mkdir()
    (pile_dir / "a.txt").write_text(
        "Study cards for the Velmora unit.\n\nThe Velmora blockade was a 40-day standoff in 1791.\n\n"
        "In 1790 the pact between Narvia and Ostland was made, and trade resumed.\n", encoding="utf-8")
    (pile_dir / "b.txt").write_text(
        "A chronicle of the harbour towns.\n\nThe Velmora blockade was a long standoff; it ended in 1791.\n",
        encoding="utf-8")
    db = tmp_path / "p.db"
    histsift.build(pile_dir, db=db)
    pile = histsift.open(db)
    assert pile.ask("According to the study cards, how long did the standoff last?")["value"] == "P40D"
    got = pile.ask("Which two countries made the pact of 1790?")
    assert sorted(got["value"]) == ["Narvia", "Ostland"]


def test_a_name_in_apposition_to_the_asked_noun(tmp_path):
    pile_dir = tmp_path / "pile"
    pile_dir.mkdir()
    (pile_dir / "notes.txt").write_text(
        "In 1788 the guilds of Vessa led a rising which ended with the tyrant Oskar Brandt being deposed.\n\n"
        "The harbour was rebuilt by Ilse Marren, the chief surveyor, in 1791.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    histsift.build(pile_dir, db=db)
    pile = histsift.open(db)
    assert pile.ask("Which tyrant was deposed in the rising of 1788?")["value"] == "Oskar Brandt"
    assert pile.ask("Which surveyor rebuilt the harbour?")["value"] == "Ilse Marren"
