"""Words that make, mark or unmake a name in English history prose: roles and titles, the nouns
that name events, organisations and places, and what is never a name.

Data for who's who (extract/entities.py and extract/name_finder.py), kept here with the
rest of the language knowledge, as spaCy keeps ``lang/en/``.
"""
from __future__ import annotations

import re

# "and" is not a connector: "Spain and Portugal" is two names
CONNECT = r"(?:of(?:\s+the)?|de|del|della|di|da|von|van|der|den|la|le|du|des|al|ibn|bin)"
_CAP = r"(?:[A-Z][a-z]{0,2}\.(?=[ \t]+[A-Z])|[A-ZÀ-ÖØ-Þ][\w’'\-]*|[A-Z]\.(?:[A-Z]\.)+)"  # "J. R. Seeley", "St. Paul"
NAME = re.compile(rf"(?<![\w’'-]){_CAP}(?:(?:[ \t\u00a0]+{CONNECT})*[ \t\u00a0]+{_CAP})*")  # never across lines
TITLES = set("""president general king queen tsar czar emperor empress pope prince princess duke duchess lord lady sir
dr mr mrs ms admiral marshal field colonel captain lieutenant chancellor premier minister foreign prime secretary
senator consul dictator governor bishop archbishop cardinal saint st commander commissar comrade kaiser sultan shah
caliph pharaoh chief judge justice mayor ambassador envoy tribune praetor general-secretary leader father
advisor adviser director archduke archduchess baron baroness tsarina czarina""".split())
PERSON_TITLES = TITLES - {"foreign", "prime", "chief", "leader", "father", "saint", "st"}
EVENT_WORDS = set("""war wars pact treaty battle conference crisis revolution agreement protocol siege rebellion revolt
uprising massacre congress accords accord armistice campaign invasion blockade putsch coup reformation purge purges
crusade crusades election elections summit declaration plan act edict peace truce march riots riot strike""".split())
ORG_WORDS = set("""league party senate council assembly parliament army navy company church committee politburo bank
university government ministry office nations triumvirate court commission federation alliance society guild
order club institute academy corporation cabinet diet duma reichstag comintern""".split())
PLACE_WORDS = set("""river sea ocean gulf bay mountains mountain island islands lake valley strait channel peninsula
street square province region coast desert forest canal state states empire republic kingdom city wall gate bridge
palace castle tower fort harbour harbor port station checkpoint platz strasse straße plaza avenue union caliphate
sultanate khanate duchy principality theatre theater temple forum basilica cathedral abbey monastery""".split())
GROUP_WORDS = EVENT_WORDS | ORG_WORDS | PLACE_WORDS
COMPASS = {"east", "west", "north", "south", "upper", "lower", "central", "northern", "southern", "eastern", "western"}
PLACE_SUFFIX = re.compile(r"(?:land|stan|ia|platz|strasse|straße|grad|burg|stadt|ville|polis)$")  # and towns
NOT_NAMES = set("""the a an in on at by for from to of and but or if when while after before then thus however this that
these those there their they he she it we i his her its our as with without during between since until also both
each every some many most much such no not only so yet later earlier early late mid next following previous why
how what who which where one two three four five six seven eight nine ten first second third last final step
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday bc bce ad ce spring summer autumn winter fall date dates timeline notes answer
explanation summary introduction conclusion causes cause results key people significance source sources page
chapter section part figure table see read click here home although though whilst whereas unless because despite
meanwhile moreover furthermore nevertheless instead perhaps indeed even once whether""".split())
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth"}  # "First Crusade", not "First, …"
ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")
# Nouns of a place that "of" follows with its name: "the mill town of Harsk", "the port of Tarn".
SETTLEMENT_WORDS = set("""town city village port harbour fortress province region district island duchy county
capital valley""".split())
# The head words of a state named by its people's adjective ("Soviet Union", "Ottoman Empire"): the
# plural of that adjective ("the Soviets", "the Ottomans") names the state.
POLITY_WORDS = set("""union empire republic kingdom monarchy federation confederation sultanate caliphate khanate
dynasty commonwealth""".split())
# The combining forms English joins countries by ("Austro-Hungarian", "Anglo-French"): each is the
# country it stands for, so "Austro-Hungarian Empire" and "Austria-Hungary" name one state.
COMBINING_FORMS = {"Anglo": "England", "Franco": "France", "Austro": "Austria", "Russo": "Russia", "Sino": "China",
                   "Greco": "Greece", "Italo": "Italy", "Hispano": "Spain", "Luso": "Portugal", "Germano": "Germany",
                   "Indo": "India", "Turco": "Turkey", "Dano": "Denmark", "Serbo": "Serbia", "Polono": "Poland"}
# Words before a country's name that make another country, not a name for the same one ("East
# Germany", "New Zealand"); other modifiers ("Nazi Germany", "Imperial Japan") name the country in a period.
OTHER_COUNTRY_WORDS = set("""north south east west northern southern eastern western upper lower new central greater
little""".split())
# Ordinals and the numerals that follow a name for the same place in a series ("Second World War", "World War II").
ORDINAL_NUMERALS = {"First": ("I", "1", "One"), "Second": ("II", "2", "Two"), "Third": ("III", "3", "Three"),
                    "Fourth": ("IV", "4", "Four"), "Fifth": ("V", "5", "Five"), "Sixth": ("VI", "6", "Six")}
NUMBER_NAMES = {forms[-1] for forms in ORDINAL_NUMERALS.values()}   # a number ending a name: "World War One"
IDEOLOGY = re.compile(r"(?:ism|isms|ist|ists)$")
DEMONYM = re.compile(r"(?:an|ans|ian|ians|ese|ish|ic|ics|ch)$")  # French, Dutch, Czech too
