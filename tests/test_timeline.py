"""Segmentation, events and the timeline, on the sample pile and on small texts of our own."""
from __future__ import annotations

import csv
import io
import json

import histsift
from conftest import run_cli
from histsift.extract import event_merge, events
from histsift.ingest.annotate import annotate
from histsift.ingest.clean import clean
from histsift.ingest.load import source_id
from histsift.model import Source
from histsift.pipeline.reconcile import reconcile
from histsift.ingest.segment import segment


def src(text: str, path: str = "a.txt") -> Source:
    return clean(Source(id=source_id(text), path=path, title="", text=text, kind="txt", encoding="utf-8",
                        words=len(text.split())))


def board(*texts: str):
    kept: dict = {}
    b = reconcile([annotate(src(t, f"{i}.txt")) for i, t in enumerate(texts)], keep=kept)
    b.analysed = {sid: loc.analysed for sid, loc in kept.items()}  # what each source became, for the tests
    return b


def test_bullets_hang_under_their_dated_parent():
    text = "Key dates:\n\n  • 3 May 1588:\n      • the fleet leaves port\n      • storms scatter it\n  • 1589: the counter-armada\n"
    blocks = segment(text)
    kinds = [(b.kind, b.level, text[b.start:b.end]) for b in blocks]
    assert kinds[1] == ("bullet", 0, "3 May 1588:")
    assert [k for k in kinds if k[2] == "the fleet leaves port"][0][1] == 1
    parent = {text[b.start:b.end]: b.parent for b in blocks}
    assert blocks[parent["storms scatter it"]].start == blocks[1].start


def test_sentences_keep_abbreviations_together():
    text = "The walls were built c. 1200 by the town. Mr. Smith wrote on Oct. 16 that they stood."
    got = [text[a:b] for a, b in segment(text)[0].sentences]
    assert got == ["The walls were built c. 1200 by the town.", "Mr. Smith wrote on Oct. 16 that they stood."]


def test_boilerplate_is_not_segmented_and_gives_no_events():
    b = board("Sign up now for 1588 deals!\n\nThe fleet sailed on 3 May 1588 from the harbour at Lisbon.")
    assert [e.date for e in b.events] == ["1588-05-03"]


def test_two_dated_happenings_in_one_sentence_give_two_events():
    b = board("The city fell on 29 May 1453, and the emperor died on 30 May 1453 defending the walls.")
    assert sorted(e.date for e in b.events) == ["1453-05-29", "1453-05-30"]
    assert all(len(e.title.split()) <= events.MAX_TITLE_WORDS + 1 for e in b.events)
    # a comma alone parts the two: the second deed goes with the second date
    two = board("The Ostland army crossed the Vessa on 2 May 1631, took Kestholm on 5 May 1631.\n")
    assert {e.date: e.title for e in two.events}["1631-05-05"].lower().startswith("took kestholm")


def test_same_event_in_two_sources_is_one_event_citing_both():
    b = board("On 3 May 1588 the great fleet sailed from Lisbon towards England.",
              "The great fleet sailed from Lisbon on 3 May 1588.")
    assert len(b.events) == 1 and len({c.source for c in b.events[0].citations}) == 2


def test_disagreeing_dates_become_a_conflict_with_both_sides_cited():
    b = board("The peace treaty was signed at Breda on 31 July 1667 by the envoys.",
              "The envoys signed the peace treaty at Breda on 21 July 1667.")
    assert {e.date for e in b.events} == {"1667-07-31", "1667-07-21"}
    (c,) = b.conflicts
    assert c.kind == "date" and {s.value for s in c.sides} == {"1667-07-31", "1667-07-21"}
    texts = {s.id: s.text for s in b.sources}
    for side in c.sides:
        for x in side.citations:
            assert texts[x.source][x.start:x.end] == x.quote


def test_sample_pile_timeline(sample_db):
    pile = histsift.open(sample_db)
    evs, conflicts = pile.events(), pile.conflicts()
    keys = [event_merge.sort_key(e.date) for e in evs]
    assert keys == sorted(keys), "events are exported in date order"
    texts = {s.id: s.text for s in pile.sources()}
    for e in evs:
        assert e.citations and all(texts[c.source][c.start:c.end] == c.quote for c in e.citations)
    dates = {e.date for e in evs}
    assert {"1989-11-09", "1989-10-09", "1989-10-18", "1990-10-03"} <= dates
    # the blog dates the opening of the Wall a day late: that must surface as a conflict
    paths = {s.id: s.path for s in pile.sources(with_text=False)}
    wall = [c for c in conflicts if {s.value for s in c.sides} == {"1989-11-09", "1989-11-10"}]
    assert wall, [(c.about, [s.value for s in c.sides]) for c in conflicts]
    late = [s for s in wall[0].sides if s.value == "1989-11-10"][0]
    assert {paths[x.source] for x in late.citations} == {"04_blog_cp1252.txt"}
    # page stamps such as "Posted by … on 8 November 2023" are not history
    assert not any(d.startswith("2023") or d.startswith("2024") for d in dates)


def test_timeline_command_formats(sample_db):
    table = run_cli("timeline", "--db", sample_db)
    # people read dates in words; the codes stay in csv and json
    assert table.returncode == 0 and "9 November 1989" in table.stdout and "1989-11-09" not in table.stdout
    assert "1980s" in table.stdout and "198 " not in table.stdout
    md = run_cli("timeline", "--db", sample_db, "--format", "md").stdout
    assert md.startswith("| date | event |") and "9 November 1989" in md
    rows = list(csv.DictReader(io.StringIO(run_cli("timeline", "--db", sample_db, "--format", "csv").stdout)))
    assert rows and {"date", "when", "event", "sources", "conflict"} <= set(rows[0])
    assert {"date": "1989-11-09", "when": "9 November 1989"}.items() <= next(r for r in rows if r["date"] == "1989-11-09").items()
    assert any(r["conflict"] for r in rows)
    js = json.loads(run_cli("timeline", "--db", sample_db, "--format", "json").stdout)
    assert js[0]["citations"] and "conflict" in js[0]


def test_export_has_events_and_conflicts(sample_db):
    doc = histsift.open(sample_db).export()
    assert doc["events"] and doc["conflicts"]
    e = doc["events"][0]
    assert {"id", "date", "precision", "title", "entities", "citations"} <= set(e)
    assert {"id", "kind", "about", "sides"} <= set(doc["conflicts"][0])


def test_chrome_repeated_across_pages_keeps_block_links_valid():
    """Lines cut at pile level (repeated on every page) must not leave bullets pointing at the wrong parent."""
    pages = [f"Site Menu\nSite News\n\nCauses:\n  • 3 May 1588: the fleet sailed from port {i}\n  • storms followed\n"
             for i in range(4)]
    b = board(*pages)
    for a in b.analysed.values():
        for blk in a.blocks:
            for k in (blk.parent, blk.heading):
                assert k is None or 0 <= k < len(a.blocks)
    assert {e.date for e in b.events} == {"1588-05-03"}
    assert b.factors is not None


def test_numbers_that_disagree_about_one_happening_are_a_conflict():
    b = board("On 4 June 1848 about 20,000 workers marched through the city to the assembly.",
              "On 4 June 1848 some 50,000 workers marched through the city to the assembly.")
    (c,) = [c for c in b.conflicts if c.kind == "number"]
    assert sorted(s.value for s in c.sides) == ["20000", "50000"] and "workers" in c.about
    texts = {s.id: s.text for s in b.sources}
    assert all(texts[x.source][x.start:x.end] == x.quote for s in c.sides for x in s.citations)


def test_sample_pile_crowd_sizes_disagree(sample_db):
    conflicts = histsift.open(sample_db).conflicts()
    crowd = [c for c in conflicts if c.kind == "number"]
    assert crowd and {"500000", "1000000"} <= {s.value for c in crowd for s in c.sides}


def test_seasons_sort_with_their_months():
    from histsift.extract.event_merge import sort_key

    assert sorted(["1989-SU", "1989-11-09", "1989-SP", "1989-FA", "1989-04"], key=sort_key) == \
        ["1989-SP", "1989-04", "1989-SU", "1989-FA", "1989-11-09"]


def test_a_crowded_month_still_merges_twins_and_finds_the_misdated_report():
    """150 events of one month share three common words with the one we follow; each looks up
    its rarest words first within a budget (event_merge.LOOKUP_BUDGET), so the twin in another source
    still merges with it and the report that misdates it is still a conflict."""
    abc = "bcdfghjklmnpqrstvwxz"
    fillers = []
    for i in range(150):  # ten made-up words each, unique to it in their first five letters
        rare = " ".join("".join(abc[(i * 16 + j) // 20 ** k % 20] for k in range(3)) + "oran" for j in range(10))
        fillers.append(f"On {1 + i % 12} May 1650 the bridge, the market and the river saw {rare}.")
    assert event_merge.LOOKUP_BUDGET < 3 * 150  # the common words alone would spend the budget
    b = board(*fillers, "On 20 May 1650 the old bridge at Kallwen fell into the river Osk near the market.",
              "The old bridge at Kallwen fell into the river Osk near the market on 20 May 1650.",
              "On 24 May 1650 the old bridge at Kallwen fell into the river Osk by the market.")
    twins = [e for e in b.events if "Kallwen" in e.title]
    assert sorted((e.date, len({c.source for c in e.citations})) for e in twins) == [("1650-05-20", 2), ("1650-05-24", 1)]
    assert any({s.value for s in c.sides} == {"1650-05-20", "1650-05-24"} for c in b.conflicts)


def test_equally_rare_words_are_looked_up_in_a_fixed_order():
    """When the lookup budget cuts between words with postings of one length, which words are read
    must not depend on the order a set gives them in (it changes from run to run)."""
    postings = [(f"w{k}", 0, list(range(k * 100, k * 100 + 150))) for k in range(4)]
    first = event_merge._shared_counts(-1, postings)
    assert event_merge._shared_counts(-1, postings[::-1]) == first
    assert event_merge._shared_counts(-1, postings[1:] + postings[:1]) == first
    assert sum(first.values()) <= event_merge.LOOKUP_BUDGET


def test_a_column_of_dates_then_a_column_of_happenings_is_read_pairwise():
    text = ("The winter campaign of 1708\n\n3 January\n\n9 January\n\n20 February\n\n2 March\n\n"
            "The army leaves the river camp.\n\nThe siege of the northern fort begins.\n\n"
            "A thaw floods the trenches and the siege is lifted.\n\n")
    b = board(text)
    got = {e.date: e.title for e in b.events}
    assert got["1708-01-03"].startswith("The army leaves the river camp")
    assert got["1708-01-09"].startswith("The siege of the northern fort begins")
    assert got["1708-02-20"].startswith("A thaw floods the trenches")
    assert "1708-03-02" not in got   # the page left the last date without its line
    for e in b.events:
        for c in e.citations:
            assert text[c.start:c.end] == c.quote


def test_a_title_that_names_no_happening_is_no_event():
    from histsift.extract.events import says_nothing

    assert says_nothing("Timeline") and says_nothing("Key dates")
    assert says_nothing("Explain why the harbour was blockaded")
    assert says_nothing("Marta Oleska")        # a full name alone: a byline, a caption
    assert not says_nothing("Naulochus")       # one word the recogniser may mistake for a person
    assert not says_nothing("The harbour is blockaded")
    assert not says_nothing("Siege of the northern fort")


def test_a_paragraph_that_opens_with_a_day_goes_on_telling_that_day():
    text = ("Day 3 - On 14 May 1708 the envoys reached the river camp and presented their terms. "
            "The council rejected the terms after a long night of argument. Why did it refuse?\n\n"
            "The winter had been hard. The stores were empty by spring.\n")
    b = board(text)
    quotes = {c.quote: e.date for e in b.events for c in e.citations}
    assert quotes["The council rejected the terms after a long night of argument."] == "1708-05-14"
    assert not any(q.startswith(("Why did", "The stores", "The winter")) for q in quotes)


def test_dates_far_apart_or_deeds_to_other_countries_are_two_events_not_a_conflict():
    near = board("On 3 May 1708 the Duke of Arvel signed the treaty of the northern march at Kesselholt.\n",
                 "On 5 May 1708 the Duke of Arvel signed the treaty of the northern march at Kesselholt.\n")
    assert {s.value for c in near.conflicts for s in c.sides} == {"1708-05-03", "1708-05-05"}
    far = board("On 3 May 1708 the Duke of Arvel signed the treaty of the northern march at Kesselholt.\n",
                "On 19 May 1708 the Duke of Arvel signed the treaty of the northern march at Kesselholt.\n")
    assert not far.conflicts
    other = board("On 1 August 1708 Sweden declared war on Denmark after the border raids.\n",
                  "On 3 August 1708 Sweden declared war on Norway after the border raids.\n")
    assert not other.conflicts


def test_two_deeds_on_near_days_sharing_words_are_not_a_conflict():
    # the dates belong to different deeds ("met", "denounced") though the sentences share words and a verb
    two = board("On 3 May 1790, after scouts sighted the Vessa fleet, the council of Tarn met in secret.\n",
                "When scouts sighted the Vessa fleet, the governor of Tarn denounced the convoy on 6 May 1790.\n")
    assert not two.conflicts
    # a deed one source states in the date's clause and the other in a clause beside it is one deed
    one = board("The siege of Kestholm began in March 1648, when the Ostland army dug in by the river.\n",
                "The Ostland army did not reach Kestholm until May 1648, and only then did the siege begin.\n")
    assert {s.value for c in one.conflicts for s in c.sides} == {"1648-03", "1648-05"}


def test_two_ages_of_one_person_are_a_conflict_and_two_people_are_not():
    two = board("The plot was led by Oskar Narro, a 19 year old clerk of the Vessa guild.\n",
                "Oskar Narro (21) was arrested in Tarn after the plot failed.\n")
    ages = [c for c in two.conflicts if c.about.endswith("age")]
    assert [[s.value for s in c.sides] for c in ages] == [["19", "21"]]
    assert {x.quote for c in ages for s in c.sides for x in s.citations} >= {"Oskar Narro (21)"}
    sisters = board("Countess Ilse of Varnholt married in 1602, aged 17.\n",
                    "Her sister, Countess Brunna of Varnholt, married in 1605, aged 22.\n")
    assert not [c for c in sisters.conflicts if c.about.endswith("age")]


def test_one_person_numbered_twice_in_one_office_is_a_conflict():
    two = board("In 1611 the second envoy sent to the court of Ushmar, Tomas Vell, won the salt privilege.\n",
                "Tomas Vell, the third envoy to reach Ushmar, won the salt privilege in 1611.\n")
    which = [c for c in two.conflicts if "which envoy" in c.about]
    assert [[s.value for s in c.sides] for c in which] == [["2", "3"]]
    owned = board("In 1611 the second envoy sent to the court of Ushmar, Tomas Vell, won the salt privilege.\n",
                  "Tomas Vell, Narvia's fourth envoy to Ushmar, won the salt privilege in 1611.\n")
    assert [[s.value for s in c.sides] for c in owned.conflicts if "which envoy" in c.about] == [["2", "4"]]
    # two people, each numbered once, disagree about nothing
    pair = board("Tomas Vell, the third envoy to reach Ushmar, won the salt privilege in 1611.\n",
                 "Anna Drey, the fourth envoy to reach Ushmar, lost the salt privilege in 1618.\n")
    assert not [c for c in pair.conflicts if "which" in c.about]


def test_a_year_against_a_month_of_the_next_year_is_a_date_conflict_and_within_it_is_not():
    two = board("The Ostland guns were set up on the walls of Kestholm in 1731, to the council's alarm.\n",
                "The council of Kestholm protested at the Ostland guns, set up on its walls in April 1732.\n")
    assert {s.value for c in two.conflicts for s in c.sides} == {"1731", "1732-04"}
    within = board("The Ostland guns were set up on the walls of Kestholm in 1732, to the council's alarm.\n",
                   "The council of Kestholm protested at the Ostland guns, set up on its walls in April 1732.\n")
    assert not within.conflicts


def test_counts_of_people_in_other_words_are_one_count():
    two = board("At the battle of Velmora Ford on 3 May 1708 the duke led about 4,000 men against the rebels.\n",
                "On 3 May 1708, at the battle of Velmora Ford, the duke led some 7,000 soldiers against the rebels.\n")
    counts = [c for c in two.conflicts if c.kind == "number"]
    assert [[s.value for s in c.sides] for c in counts] == [["4000", "7000"]]
    # two parties' counts at one happening are no disagreement
    parties = board("The duchy of Ostland sent 400 knights to the Vessa campaign of 1233.\n",
                    "Velmora's contingent to the Vessa campaign of 1233 was 700 knights, the largest of any realm.\n")
    assert not [c for c in parties.conflicts if c.kind == "number"]
    # a count in words and the same count in digits agree ("thirty-two" is not "two")
    same = board("The Tarn fleet sailed from Vessa on 2 May 1741 with thirty-two ships of the line.\n",
                 "2 May 1741: Tarn fleet (32 ships of the line) leaves Vessa.\n")
    assert not [c for c in same.conflicts if c.kind == "number"]


def test_a_source_telling_both_days_does_not_hide_another_sources_misdating():
    diary = ("12 May 1702\nVelmora ordered general mobilisation of the army.\n\n"
             "13 May 1702\nThe Ostland envoy handed over a note demanding that Velmora halt its mobilisation.\n")
    chronicle = "13 May 1702: Velmora ordered general mobilisation of the army.\n"
    b = board(diary, chronicle)
    assert any({s.value for s in c.sides} == {"1702-05-12", "1702-05-13"} for c in b.conflicts)
    # the same source telling two nearby days in other words, and another telling one of them: no conflict
    log = ("12 May 1702: A Velmoran patrol sighted the Ostland fleet off the cape.\n"
           "14 May 1702: The admiral learnt of the Ostland fleet and called a council.\n")
    other = "On 14 May 1702 the Velmoran admiral learnt that the Ostland fleet had been sighted off the cape.\n"
    assert not board(log, other).conflicts


def test_two_lengths_of_one_thing_are_a_conflict_and_lengths_of_two_things_are_not():
    crisis = board("The Narvian Crisis, as the press called it, was a 20-day (2 – 21 May 1702) stand-off at sea.\n",
                   "On day 4 of the 11 day crisis the Velmoran admiral put to sea.\n")
    lasted = [c for c in crisis.conflicts if c.about.startswith("how long")]
    assert [[s.value for s in c.sides] for c in lasted] == [["11 days", "20 days"]]
    siege = board("The siege of Kestholm in October 1622 lasted thirteen days before the garrison yielded.\n",
                  "After a three-week siege in October 1622, the garrison of Kestholm surrendered.\n")
    assert [[s.value for s in c.sides] for c in siege.conflicts if c.about.startswith("how long")] == [
        ["13 days", "21 days"]]
    # two sieges of two towns, and a count of days after a deed, are no lengths of one thing
    two = board("After a three-week siege in 1622, the garrison of Kestholm surrendered.\n",
                "After a ten-day siege in 1623, the garrison of Vessa surrendered; three days later the town burned.\n")
    assert not [c for c in two.conflicts if c.about.startswith("how long")]


def test_a_count_of_days_in_the_sentence_of_its_day_can_contradict_another_source():
    # "three days later" counted from the day the same sentence writes: 3 March, against 5 March
    b = board("Kestholm fell to the Ostland army on 5 March 1631, after a short bombardment.\n",
              "Ostland army crosses the Vessa 28 Feb 1631, takes Kestholm three days later.\n")
    assert any({s.value for s in c.sides} == {"1631-03-03", "1631-03-05"} for c in b.conflicts)


def test_a_count_from_a_named_happening_can_stand_on_a_side():
    notes = ("- The Ostland army lands at Kestholm on 3 September 1715.\n"
             "- Three days after the landing, the town of Kestholm is taken.\n")
    timeline = "3 September 1715: Ostland troops come ashore at Kestholm.\n8 September 1715: Kestholm taken after a short bombardment.\n"
    b = board(notes, timeline)
    assert any({s.value for s in c.sides} == {"1715-09-06", "1715-09-08"} for c in b.conflicts)
