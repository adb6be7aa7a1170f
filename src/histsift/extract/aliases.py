"""Which names are one entity: who's who's candidate names clustered, aliases merged.

A surname with the full names that end in it (namesakes kept apart), spelling variants
of one name (the same letters, first-name starts, one-letter slips), fuller forms, names
the text says are one ("also known as", a gloss in brackets), acronyms defined in the text
or spelled by a name's initials, a country's spellings (countryinfo), and the forms English
writes one name in (ordinals and numerals, a people's plural for its state, a period's name
of a country, joined states). entities.py types and keeps them.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from histsift.extract.name_finder import Found
from histsift.lang.gazetteer import country_names, demonyms, gazetteer
from histsift.lang.name_words import (COMBINING_FORMS, DEMONYM, GROUP_WORDS, IDEOLOGY, ORDINAL_NUMERALS,
                                      OTHER_COUNTRY_WORDS, PLACE_WORDS, POLITY_WORDS)


@dataclass
class Cluster:
    names: Counter = field(default_factory=Counter)
    mentions: list[Found] = field(default_factory=list)
    type: str = ""




def cluster_names(found: list[Found], texts: dict[str, str]) -> list[Cluster]:
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
    group = {n: is_group_name(n) for n in multi}
    norm = {n: _norm(n) for n in names}
    # "North Calvany" is no person of the surname Calvany
    personal = [n for n in multi if not group[n] and n.split()[0].lower() not in OTHER_COUNTRY_WORDS]
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
        if len(n.split()) == 1 and is_group_word(n):
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
            holders = [m for m in by_token[n.lower()] if m.split()[-1] == n
                       and m.split()[0].lower() not in OTHER_COUNTRY_WORDS]   # "North Calvany" is not Calvany
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
        if len(rest) > 1 and (first.isupper() or first in countries):   # "NR Joint Board of Harbours" is the JBH
            initials[_initials(" ".join(rest))].append(full)
    for n in names:
        words = n.split()
        # a town's name is a surname too ("Lincoln"): merge unless the pile writes it "in X"
        town = n in cities and any(f.located for f in by_name[n])
        if len(words) == 1 and n in by_last and not is_group_word(n) and n not in countries and not town:
            # "Tolstoy" with "Leo Tolstoy" and "Lev Tolstoy"; but where the pile names several
            # people of that surname ("Oskar", "Lotte", "K." Brenning) it goes with the
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
    _merge_forms_of_one_name(names, by_name, texts, parent, root, countries, cities)
    clusters: dict[str, Cluster] = defaultdict(Cluster)
    for n in names:
        c = clusters[root(n)]
        c.names[n] += len(by_name[n])
        c.mentions += by_name[n]
    return list(clusters.values())


MAX_NAMESAKES = 8


def _namesakes(fulls: list[str], by_name: dict) -> list[list[str]]:
    """Full names ending in one surname, grouped by who they are: the same first name (its first
    three letters, or its initial), or one name the end of the other ("Julius Caesar", "Gaius
    Julius Caesar"). Largest group (by mentions) first."""
    def same(a: str, b: str) -> bool:
        wa, wb = a.split(), b.split()
        if wa[-len(wb):] == wb or wb[-len(wa):] == wa:
            return True
        fa, fb = _fold(wa[0]), _fold(wb[0])
        if len(fa) == 1 or len(fb) == 1:   # "K. Brenning": an initial of the other's names
            one, other = (fa, wb) if len(fa) == 1 else (fb, wa)
            return any(_fold(w)[:1] == one for w in other[:-1])
        return fa[:3] == fb[:3]

    groups: list[list[str]] = []
    for full in sorted(fulls, key=lambda x: (-len(by_name[x]), x)):
        # against the first few of the first groups only: a surname shared by thousands stays linear
        for g in groups[:MAX_NAMESAKES]:
            if all(same(full, m) for m in g[:MAX_NAMESAKES]):
                g.append(full)
                break
        else:
            groups.append([full])
    groups.sort(key=lambda g: -sum(len(by_name[x]) for x in g))
    # a namesake named once ("Whereupon Brenning", a fragment) is no evidence of another person
    apart = [g for g in groups[1:] if sum(len(by_name[x]) for x in g) >= 2]
    return [groups[0] + [x for g in groups[1:] if g not in apart for x in g], *apart]


def _merge_spellings(names: list[str], by_name: dict, parent: dict, root, countries, cities) -> None:
    """One name written several ways: "EX-COUNCIL" and "ExCouncil", "Marenić" and "Marenic" (the same
    letters); "Voja" and "Vojislav Marenic" (a surname and the start of a first name); and a rarer
    spelling one letter away from a commoner name ("Krovaskin" beside "Khrovaskin"), when it is not a place the
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
        if len(words) == 2 and not is_group_name(n) and n not in countries:
            key = (_fold(words[-1]), _fold(words[0])[:3])
            union(n, people.setdefault(key, n))
    count = Counter({n: len(by_name[n]) for n in names})
    for n in names:
        if len(n.split()) > 1:
            count[n.split()[-1]] += len(by_name[n])
    single = {n for n in names if len(n.split()) == 1}
    surname = defaultdict(set)
    for n in names:
        if len(n.split()) > 1 and not is_group_name(n):
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
    """A person's fuller names: "Tomas Belcourt" in "Tomas Arvid Belcourt Ruiz" (the same first
    name, the surname further on, when only one fuller name fits), and "X of Illyria" for a
    person X the pile names without it."""
    personal = {n for n in names if len(n.split()) > 1 and not is_group_name(n)}
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


def _merge_forms_of_one_name(names: list[str], by_name: dict, texts: dict[str, str], parent: dict, root,
                             countries, cities) -> None:
    """Names that English writes for one thing in other forms: numbered ones (:func:`_merge_numbered`);
    a people's plural and its state, a period's name of a country, a state of joined countries
    (:func:`_merge_states`); and a name that only ever stands in brackets beside another, its gloss
    or its name in another language ("the Bay of Tarn (Bahía de Tarn)")."""
    def union(a: str, b: str) -> None:
        if root(a) != root(b):
            parent[root(a)] = root(b)

    known = set(names)
    by_first: dict[str, list[str]] = defaultdict(list)
    for n in names:
        if len(n.split()) > 1:
            by_first[n.split()[0]].append(n)
    _merge_numbered(names, by_first, known, union, root)
    _merge_states(names, by_first, known, union, countries, cities)
    places = countries | cities
    for gloss, name in _glosses(by_name, texts, known):
        if gloss not in places and name not in places:
            union(gloss, name)


def _merge_numbered(names: list[str], by_first: dict, known: set[str], union, root) -> None:
    """"The Second Tarn War" and "Tarn War II" (or "Two"); "the Tarn War" where the pile numbers one."""
    for n in names:
        words = n.split()
        if words[0] in ORDINAL_NUMERALS and len(words) > 1:
            for numeral in ORDINAL_NUMERALS[words[0]]:
                other = " ".join(words[1:] + [numeral])
                if other in known:
                    union(other, n)
    numerals = {x for forms in ORDINAL_NUMERALS.values() for x in forms}
    for n in names:
        numbered = {root(m) for m in by_first.get(n.split()[0], ()) if m.rsplit(" ", 1)[0] == n
                    and m.rsplit(" ", 1)[1] in numerals}
        if len(numbered) == 1:
            union(n, numbered.pop())


def _merge_states(names: list[str], by_first: dict, known: set[str], union, countries, cities) -> None:
    """"The Ostmarks" and the one "Ostmark Empire" of the pile; "Nazi Germany" and Germany (not "East
    Germany"); "Austria-Hungary", "Austro-Hungary" and "the Austro-Hungarian Empire"."""
    joined: dict[tuple, str] = {}
    for n in names:
        words = n.split()
        if len(words) == 1 and n.endswith("s"):
            states = [m for m in by_first.get(n[:-1], ()) if all(w.lower() in POLITY_WORDS for w in m.split()[1:])]
            if len(states) == 1:
                union(n, states[0])
        if (len(words) == 2 and words[1] in countries and words[1] in known and n not in countries
                and n not in cities and words[0].lower() not in OTHER_COUNTRY_WORDS and not DEMONYM.search(words[0])):
            union(n, words[1])
        key = _joined_countries(n, countries)
        if key:
            union(n, joined.setdefault(key, n))


def _joined_countries(name: str, countries) -> tuple | None:
    """The countries a hyphened name joins, in order, when that is all it names (a state's word may
    follow: "Empire", "Monarchy"): "Austro-Hungarian Empire" → (Austria, Hungary)."""
    words = re.sub(r"-\s+", "-", name).split()
    if "-" not in words[0] or not all(w.lower() in POLITY_WORDS for w in words[1:]):
        return None
    out = []
    for part in words[0].split("-"):
        country = part if part in countries else COMBINING_FORMS.get(part) or demonyms().get(part)
        if country is None:
            return None
        out.append(country)
    return tuple(out) if len(out) >= 2 else None


def _glosses(by_name: dict, texts: dict[str, str], known: set[str]):
    """(gloss, name) for each name every one of whose mentions stands in brackets right after one
    other name ("Bay of Tarn (Bahía de Tarn)"), or right before one in brackets ("Bahía de Tarn (Bay
    of Tarn)"): the pile writes it only as the other name's other form."""
    for n, found in by_name.items():
        for side in (_name_before_bracket, _name_in_bracket_after):
            others = {side(texts.get(f.source, ""), f) for f in found}
            if len(others) == 1 and None not in others and others <= known and n not in others:
                yield n, others.pop()
                break


def _name_before_bracket(t: str, f) -> str | None:
    if t[f.start - 1:f.start] != "(" or t[f.end:f.end + 1] != ")":
        return None
    m = NAME_BEFORE.search(t[max(0, f.start - ALIAS_REACH):f.start])
    return re.sub(r"^(?:The|the)\s+", "", m.group(1)) if m else None


def _name_in_bracket_after(t: str, f) -> str | None:
    m = re.match(r"\s*\((?:the\s+)?([A-Z][^()]{1,60})\)", t[f.end:f.end + 70])
    return m.group(1).strip() if m else None


def _fold(name: str) -> str:
    """A name's letters and digits, lower case, accents dropped: "EX-COUNCIL" → "excouncil"."""
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


def _norm(name: str) -> str:
    return re.sub(r"[\s\-–]+", " ", name.lower()).strip()


def is_group_name(name: str) -> bool:
    """An event, organisation or place named by its kind ("Battle of X", "Imperial Diet")."""
    words = name.split()
    return any(is_group_word(w) for w in words) or any(w in ("of", "the") for w in words[1:-1])


def is_group_word(word: str) -> bool:
    return word.lower() in GROUP_WORDS


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


# Found from the phrase outward, in bounded windows: a pattern that began at every capitalised
# word and ran to the phrase would be quadratic on a line of a hundred thousand capitals.
ALSO_KNOWN = re.compile(r"\b(?:also|otherwise|sometimes|often)\s+(?:known|called|referred\s+to)\s+as\s+")
NAME_BEFORE = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:of\s+(?:the\s+)?)?){0,6}[A-Z][\w’'-]*)\s*,?\s*\(?\s*$")
OTHER_NAME = re.compile(r"(?:the\s+)?([A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*){0,6})")
ALIAS_REACH = 160


def _defined_aliases(texts: dict[str, str]) -> dict[str, list[str]]:
    """"The Northern War, also known as the Great Winter War and the Frost War": the pile says
    which names are one; name → the other names it is given."""
    out: dict[str, list[str]] = defaultdict(list)
    for t in texts.values():
        for m in ALSO_KNOWN.finditer(t):
            before = NAME_BEFORE.search(t[max(0, m.start() - ALIAS_REACH):m.start()])
            if before is None:
                continue
            x = re.sub(r"^(?:The|the)\s+", "", before.group(1))
            rest = re.split(r"[.;:\n]", re.sub(r"\([^()]*\)", "", t[m.end():m.end() + ALIAS_REACH]), maxsplit=1)[0]
            out[x] += [y for y in _listed_names(rest) if y != x]
    return out


def _listed_names(rest: str) -> list[str]:
    """The names a list after "also known as" gives: "the Frost War in Ostland, the Long Winter or the
    Cold Siege, was …" → each item's leading name, up to the first item that does not open with one."""
    out = []
    for item in re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+", rest):
        m = OTHER_NAME.match(item.strip())
        if not m:
            break
        out.append(m.group(1))
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
