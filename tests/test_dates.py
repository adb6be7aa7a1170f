"""The date tagger: our table of cases, and the rules that matter most spelled out."""
from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import ROOT, run_cli
from histsift import dates

spec = importlib.util.spec_from_file_location("dates_table", ROOT / "bench" / "dates_table.py")
table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(table)
CASES = table.load_cases()


def test_table_is_large_and_well_formed():
    assert len(CASES) >= 300
    assert len({c["id"] for c in CASES}) == len(CASES)
    forms = {c["form"] for c in CASES}
    assert {"full", "partial", "relative", "decade", "century", "range", "bc", "oldstyle", "duration",
            "nondate", "boilerplate"} <= forms
    for c in CASES:
        for e in c["expect"]:
            assert e["quote"] in c["text"], c["id"]


def test_table_accuracy():
    right = sum(table.judge(c, table.run_case(c))[0] for c in CASES)
    assert right / len(CASES) >= 0.95, f"{right}/{len(CASES)}"


@pytest.mark.parametrize("form", ["nondate", "boilerplate"])
def test_no_false_dates(form):
    """Verbs, adjectives, page numbers, prices, quantities and page stamps are never dates."""
    wrong = [c["id"] for c in CASES if c["form"] == form and table.run_case(c)]
    assert wrong == []


def tag(text, **kw):
    return [(t.text, t.type, t.value, t.precision) for t in dates.tag(text, dates.Context(**kw))]


@pytest.mark.parametrize("text,want", [
    ("The fleet sailed on 3 May 1588.", [("3 May 1588", "date", "1588-05-03", "day")]),
    ("The fleet sailed on May 3rd, 1588.", [("May 3rd, 1588", "date", "1588-05-03", "day")]),
    ("Sailing on 3.5.1588 is ambiguous.", []),
    ("the 1580s", [("the 1580s", "date", "158", "decade")]),
    ("the sixteenth century", [("the sixteenth century", "date", "15", "century")]),
    ("from 1585 to 1604", [("from 1585 to 1604", "date", "1585/1604", "range")]),
    ("1585–1604", [("1585–1604", "date", "1585/1604", "range")]),
    ("in 31 BC", [("31 BC", "date", "BC0031", "year")]),
    ("the Ides of March, 217 BC", [("the Ides of March, 217 BC", "date", "BC0217-03-15", "day")]),
    ("25 October (7 November) 1917", [("25 October (7 November) 1917", "date", "1917-11-07", "day")]),
    ("It lasted six weeks.", [("six weeks", "duration", "P6W", None)]),
    ("You may march if the august council agrees, said August Macke.", []),
])
def test_forms(text, want):
    assert tag(text) == want


def test_partial_and_relative_dates_use_the_text_never_today():
    text = "The crisis began in October 1962. On 22 October the president spoke. The next day ships turned back."
    got = tag(text)
    assert ("22 October", "date", "1962-10-22", "day") in got
    assert ("The next day", "date", "1962-10-23", "day") in got
    # no year anywhere: the partial date stays unresolved rather than taking this year
    assert tag("On 22 October the president spoke.") == [("22 October", "date", None, None)]


def test_pile_era_and_year_complete_what_the_text_leaves_open():
    assert tag("On 15 February 44 the senate met.", era="BC") == [
        ("15 February 44", "date", "BC0044-02-15", "day")]
    assert tag("On 22 October the president spoke.", year=1962) == [
        ("22 October", "date", "1962-10-22", "day")]


def test_dct_resolves_news_deixis():
    got = tag("Yesterday the museum reopened.", dct=(2024, 3, 5))
    assert got == [("Yesterday", "date", "2024-03-04", "day")]


def test_boilerplate_spans_are_skipped():
    text = "Last updated 3 May 2021\nThe treaty was signed in 1648."
    assert [t.text for t in dates.tag(text, dates.Context(skip=[(0, 23)]))] == ["1648"]


def test_offsets_are_exact():
    text = "Quelle: « Le 14 juillet » — the Bastille fell on 14 July 1789, they say."
    for t in dates.tag(text):
        assert text[t.start:t.end] == t.text


def test_bc_calendar_arithmetic():
    got = tag("On 15 March 44 BC he died. Two days later the will was read.")
    assert got[1] == ("Two days later", "date", "BC0044-03-17", "day")


def test_dates_command(tmp_path):
    f = tmp_path / "letter.txt"
    f.write_text("Dear sister, yesterday the regiment marched out. On Tuesday we rest.", encoding="utf-8")
    r = run_cli("dates", f, "--dct", "1915-06-10", "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)["expressions"]
    assert [(e["text"], e["value"]) for e in got] == [("yesterday", "1915-06-09"), ("Tuesday", "1915-06-08")]
    assert all(f.read_text()[e["start"]:e["end"]] == e["text"] for e in got)
    bad = run_cli("dates", f, "--dct", "10/06/1915")
    assert bad.returncode != 0 and bad.stderr.startswith("histsift: ") and len(bad.stderr.splitlines()) == 1


def test_a_date_looked_back_to_with_since_does_not_move_the_narrative():
    text = ("The talks of May 1648 went on. The envoys, at odds since 3 November 1647, met again. "
            "On 12 June they signed.")
    assert ("12 June", "date", "1648-06-12", "day") in tag(text)


def test_a_range_of_days_with_the_month_first():
    assert tag("The siege, March 3-19, 1704, ended badly.") == [
        ("March 3-19, 1704", "date", "1704-03-03/1704-03-19", "range")]


def test_a_number_and_a_unit_on_separate_lines_are_not_a_duration():
    got = tag("The frost came in 1709\n\nDay one of the thaw")
    assert ("1709", "date", "1709", "year") in got and not any(t[1] == "duration" for t in got)


def test_a_round_number_before_a_plural_noun_is_a_quantity():
    assert tag("It had a range of 1000 miles.") == []
    assert ("1913", "date", "1913", "year") in tag("Output fell to 53% of 1913 levels.")


def test_resolution_returns_new_values_and_leaves_what_was_found():
    # the pile's era is only known once every source is read: the same expressions are valued
    # twice (the digest, then reconcile), so valuing must not change what the scan found
    from histsift.dates.resolve import resolve, scan

    text = "On 15 February 44 the senate met. On 12 March he wrote home; two days later he left."
    found = scan(text)
    before = [(t.value, t.y, t.m, t.d, t.needs, t.precision) for t in found]
    ad = [t.value for t in resolve(found, text, dates.Context())]
    bc = [t.value for t in resolve(found, text, dates.Context(era="BC"))]
    assert [(t.value, t.y, t.m, t.d, t.needs, t.precision) for t in found] == before
    assert ad == ["0044-02-15", "0044-03-12", "0044-03-14"]
    assert bc == ["BC0044-02-15", "BC0044-03-12", "BC0044-03-14"]


def test_in_a_column_of_dates_the_next_line_is_not_a_year():
    # "31 July⏎1 August 1914": the 1 is the next date's day; a four-digit year may still wrap
    assert tag("31 July\n1 August 1914\n", year=1914) == [
        ("31 July", "date", "1914-07-31", "day"), ("1 August 1914", "date", "1914-08-01", "day")]
    assert tag("He died on 28 June\n1914 in the city.") == [("28 June\n1914", "date", "1914-06-28", "day")]
    assert tag("On 15 March\n44 BC the senate met.") == [("15 March\n44 BC", "date", "BC0044-03-15", "day")]


def test_that_evening_does_not_count_from_a_date_looked_back_to_with_since():
    text = ("On 16 October 1962 the council met; the committee had worked in secret since 30 November 1961. "
            "That evening the council met again. On 17 October the envoy left.")
    got = {t[0]: t[2] for t in tag(text)}
    assert got["That evening"] != "1961-11-30"
    assert got["17 October"] == "1962-10-17"


def test_numbered_days_count_from_the_day_the_text_dates():
    text = ("On 3 May 1708, counted as Day 1 of the siege, the guns opened. On Day 7 the wall broke. "
            "The next day the garrison asked for terms.")
    got = {t[0]: t[2] for t in tag(text)}
    assert got["Day 1"] == "1708-05-03" and got["Day 7"] == "1708-05-09"
    assert got["The next day"] == "1708-05-10"
    assert tag("On Day 5 the fleet sailed.") == [("Day 5", "date", None, "day")]   # nothing dates the count


def test_a_round_number_of_people_is_not_a_year():
    from histsift import dates as d
    vals = lambda s: [t.value for t in d.tag(s, d.Context())]  # noqa: E731
    assert vals("The duke hired 1200 Breton archers and sent 2000 Flemish weavers home.") == []
    assert vals("In 1700 Breton ships sailed.") == ["1700"]


def test_a_heading_in_capitals_is_a_month():
    from histsift import dates as d
    assert [t.value for t in d.tag("SEPTEMBER 1803", d.Context())] == ["1803-09"]
    assert [t.value for t in d.tag("MAY 1802", d.Context())] == ["1802"]   # "MAY" may be a shouted verb


def test_a_range_of_partial_dates_takes_the_narrative_year():
    got = [(t.text, t.value) for t in dates.tag("In 1802 the Narvian army marched from 3 June to 9 July. "
                                                "The winter camp lasted from November 20 to February 3.")]
    assert ("from 3 June to 9 July", "1802-06-03/1802-07-09") in got
    assert ("from November 20 to February 3", "1802-11-20/1803-02-03") in got


def test_a_range_of_ordinal_days_takes_the_month_of_its_end():
    got = [(t.text, t.value) for t in dates.tag("The Tarn council sat from the 13th to the 19th of October 1750.")]
    assert got == [("from the 13th to the 19th of October 1750", "1750-10-13/1750-10-19")]
