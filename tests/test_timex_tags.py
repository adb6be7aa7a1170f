"""The tagger as TimeML annotators tag: ranges as two ends, references, sets, durations, times of day,
and the year a partial date takes when an aside stepped back in time. Invented sentences."""
from histsift import dates


def tags(text: str) -> dict[str, str | None]:
    return {t.text: t.value for t in dates.timex_tags(text, dates.Context())}


def test_a_range_is_two_expressions():
    got = tags("The blockade of Velmora lasted from 1702 to 1704.")
    assert got == {"1702": "1702", "1704": "1704"}
    got = tags("The talks ran 3-5 May 1821.")
    assert got["3"] == "1821-05-03" and got["5 May 1821"] == "1821-05-05"


def test_references_sets_and_vague_durations():
    got = tags("The former capital is now a market town. Couriers rode daily for several weeks.")
    assert got["former"] == "PAST_REF" and got["now"] == "PRESENT_REF"
    assert got["daily"] == "XXXX-XX-XX" and got["several weeks"] == "PXW"
    assert tags("The governor began a ten-day tour.")["ten-day"] == "P10D"


def test_a_time_of_day_refines_its_date():
    got = tags("The garrison left on the night of 14 March 1799.")
    assert got == {"the night of 14 March 1799": "1799-03-14TNI"}


def test_a_bare_season_takes_the_narrative_year():
    got = tags("In 1733 the rebels held the coast. Their summer offensive failed.")
    assert got["summer"] == "1733-SU"


def test_an_aside_does_not_move_the_narrative_back():
    text = ("The siege began on 2 March 1856. The fortress had been rebuilt, after a fire, on 9 October 1855. "
            "The last assault came on 20 June.")
    assert tags(text)["20 June"] == "1856-06-20"
    # and when the story stays in the earlier year, it keeps it
    text = "Talks opened on 3 October 1855. A treaty followed on 20 November."
    assert tags(text)["20 November"] == "1855-11-20"


def test_the_timeline_still_sees_only_dates():
    kinds = {t.type for t in dates.tag("The former port is now quiet; boats sail daily.", dates.Context())}
    assert kinds <= {"date", "duration"}


def test_a_number_after_a_date_is_not_its_year():
    got = tags("By 28 March, 35,000 troops were ready.")
    assert "28 March, 3" not in got


def test_a_year_in_a_clause_does_not_move_a_close_partial_date():
    text = ("On 10 March 1802 the duke marched on Velmora, hoping to besiege it in 1803. "
            "The town fell on 11 March.")
    assert tags(text)["11 March"] == "1802-03-11"
    text = "On 10 March 1802 the duke marched. In 1803, the rebels rose again. They took the port on 11 April."
    assert tags(text)["11 April"] == "1803-04-11"


def test_stretches_and_undated_times():
    got = tags("Prices doubled over the past two centuries. During this period the guilds grew.")
    assert got["the past two centuries"] == "P2CE" and got["this period"] is None


def test_a_clause_that_dates_its_own_event_anchors_the_count():
    got = tags("On 4 May 1820 the assembly met, two days after the regent had fled on the 2nd.")
    assert got["two days after the regent had fled on the 2nd"] == "1820-05-04"
    got = tags("Riots began three days after the treaty was signed on 9 May 1820.")
    assert got["three days after the treaty was signed on 9 May 1820"] == "1820-05-12"


def test_the_sentence_own_date_is_not_the_anchor_of_a_named_event():
    got = tags("War came on 28 July 1799, a month after the murder of the margrave in Velmora.")
    assert got["a month after the murder of the margrave in Velmora"] is None


def test_ages_halves_possessives_and_modified_durations():
    got = tags("The recruits were 17 years old; the colonel died at age eighty-one.")
    assert got["17 years old"] == "P17Y" and got["eighty-one"] == "P81Y"
    assert tags("The age of 12 regiments is unknown.") == {}
    got = tags("The siege lasted two and a half years, after a month-and-a-half long march.")
    assert got["two and a half years"] == "P2.5Y" and got["a month-and-a-half"] == "P1.5M"
    got = tags("It was three days' ride from Tarn. For two hard weeks the Vessa held.")
    assert got["three days'"] == "P3D" and got["two hard weeks"] == "P2W"


def test_parts_of_the_year_and_the_same_day_take_the_narrative_date():
    got = tags("Ostland rose on 4 May 1761. On that same day the bridge fell. Later in the year a truce came.")
    assert got["that same day"] == "1761-05-04" and got["Later in the year"] == "1761"
    assert tags("The revolt was put down by mid-1763.")["mid-1763"] == "1763"


def test_the_first_day_of_a_range_written_once_with_its_month():
    got = tags("In 1788 the council sat on 3-5 June and again from 8 to 11 August.")
    assert got["3"] == "1788-06-03" and got["5 June"] == "1788-06-05"
    assert got["8"] == "1788-08-08" and got["11 August"] == "1788-08-11"


def test_vague_shifts_and_stretches_named_by_their_part():
    got = tags("In 1790 the port fell. A few days later the fleet sailed; several weeks earlier it had waited.")
    assert got["few days later"] == "FUTURE_REF" and got["several weeks earlier"] == "PAST_REF"
    got = tags("In 1790, during the last week of March, the fleet sailed. By this time the war was lost.")
    assert got["the last week"] == "P1W" and got["March"] == "1790-03" and got["By this time"] == "PRESENT_REF"


def test_a_heading_ends_the_closeness_of_the_last_precise_date():
    text = ("The Vessa revolt began on 3 April 1731 and ended that autumn.\n\n"
            "The campaign of 1732\n\nThe plans for the 1732 campaigns were drawn up in Tarn. The army set off in June.")
    assert tags(text)["June"] == "1732-06"
    # without the heading, a month this close on the last precise date stays in its year
    assert tags("The revolt began on 3 April 1731, before the 1732 plans were drawn. The army set off in June.")["June"] == "1731-06"


def test_news_mode_weeks_months_weekdays_and_the_nearest_month():
    ctx = dates.Context(dct=(1998, 3, 4))   # a Wednesday

    def news(text):
        return {t.text: t.value for t in dates.timex_tags(text, ctx)}

    assert news("Talks resume next week; prices fell last month.") == {"next week": "1998-W11", "last month": "1998-02"}
    assert news("The Velmora board said Tuesday it would sell.")["Tuesday"] == "1998-03-03"
    assert news("The board will meet Friday.")["Friday"] == "1998-03-06"
    assert news("In November the mill closed. In April it reopens.") == {"November": "1997-11", "April": "1998-04"}
    # without a document date a bare weekday is no expression of its own, and months keep the narrative
    assert tags("The board met Tuesday.") == {}


def test_parts_of_a_narrated_day_and_times_dated_by_events():
    got = tags("On 7 February 1765 the Tarn fort was hit. That afternoon the guns fell silent. "
               "By the time Narro left office the war was lost; the army waited for the dry season.")
    assert got["That afternoon"] == "1765-02-07TAF"
    assert got["the time"] is None and got["dry season"] is None
