"""Contradictions about people and places: who did it, who came first, where it happened.

Dates and numbers disagree visibly; people and places disagree in words. We
read the claim shapes that English history prose uses for them and that can
be compared without understanding the sentence:

- the agent of one event, "signed by X", "led by X", "murdered by X", read in
  the citations of one merged timeline event;
- the place of one event, "signed in X", "held at X", "took place in X", where
  X is a place of the who's who;
- "X was the first R" / "the first R was X", pile-wide, keyed on the role R;
- a person's age: "the 19-year-old X", "X (19)", "X …, aged 19", "X, a 19 year old clerk",
  pile-wide, keyed on the person (who's who, aliases merged);
- a person's number in an office: "X, the third envoy", keyed on the person and the office;
- how long a thing lasted: "the 13-day crisis", "X was a 35-day stand-off", "the siege of Y lasted
  three weeks", keyed on the who's-who name the noun or subject stands for, else on the noun and
  the first name of the sentence (weeks counted in days; months and years in their own units).

The parse reads the first two shapes whatever the verb (subjects, passive agents, places of a
main verb: :func:`_parsed_claims`), and a plain yes or no: one event's main verb affirmed by one
source and denied ("not", "never") by another (:func:`_denied`).

Two sources contradict when they give different people (or places) for the
same key, neither source also gives the other's answer, and the two are not
aliases of one entity in the who's who. No library reads such claims across
sources, hence our own patterns.
"""
from __future__ import annotations

import bisect
import re

from histsift.dates.calendar import NUM, ORDINALS, number_value
from histsift.ingest import segment
from histsift.lang.words import LIGHT_STEMS, stem
from histsift.model import Citation, Conflict, ConflictSide, Entity, Event, Source, SpanSet

NAME = r"(?P<name>(?<![\w’'-])(?:[A-Z][\w’'-]+)(?:\s+(?:of\s+|de\s+|von\s+|van\s+)?[A-Z][\w’'-]+){0,3})"
AGENT = re.compile(r"\b(?P<verb>signed|led|commanded|founded|assassinated|murdered|killed|written|negotiated|"
                   r"ordered|won|defeated|crowned|elected|appointed)\s+by\s+(?:the\s+)?" + NAME)
PLACE = re.compile(r"\b(?P<verb>signed|held|took place|fought|founded|crowned|born|died|met|opened)\s+(?:in|at)\s+"
                   r"(?:the\s+(?:city|town|village)\s+of\s+)?" + NAME)
FIRST = [re.compile(NAME + r"\s+(?:was|became)\s+(?:also\s+)?(?:the\s+|\w+[’']s\s+)first\s+"
                    r"(?P<role>(?:[A-Za-z-]+\s+){0,2}?[a-z][a-z-]+)\b"),
         re.compile(r"\b[Tt]he\s+first\s+(?P<role>(?:[A-Za-z-]+\s+){0,2}?[a-z][a-z-]+)\s+(?:(?:of|in)\s+[^.;,]{1,40}?\s+)?"
                    r"was\s+" + NAME)]
_N = NUM.replace("\\d{1,5}", "\\d{1,3}")
AGE_BEFORE_NAME = re.compile(rf"\b(?:the|a|an)\s+(?P<n>{_N})[\s-]+years?[\s-]+old\b")
AGE_AFTER_NAME = re.compile(NAME + r"\s*\((?:aged?\s+)?(?P<n>\d{1,3})\)")
AGE_LATER = re.compile(rf"(?:,\s+(?:then\s+)?aged\s+|\bat\s+(?:the\s+)?age\s+(?:of\s+)?)"
                       rf"(?P<n>{_N})\b(?![\s-]+(?:years?[\s-]+)?(?:later|earlier|before|after))", re.I)
_ORD = "|".join(w for w in ORDINALS if ORDINALS[w] <= 12)
ORDINAL_AFTER_NAME = re.compile(NAME + rf",?\s+(?:was\s+|became\s+)?(?:the|[A-Z][\w-]*[’']s)\s+(?P<ord>{_ORD})\s+"
                                rf"(?P<role>[a-z][a-z-]+)\b")   # "X, the third envoy", "X, Narvia's third envoy"
ORDINAL_BEFORE_NAME = re.compile(rf"\b[Tt]he\s+(?P<ord>{_ORD})\s+(?P<role>[a-z][a-z-]+)\b[^.;:!?,]{{0,60}},\s+" + NAME)
# "a 13-day crisis", "a three-week siege", "a 35-day (16 October – 20 November) stand-off": how long the
# thing the noun names lasted (the singular unit is the adjective's; "three days later" is no such claim)
DURATION = re.compile(rf"\b(?P<n>{_N})[\s-]+(?P<unit>day|week|month|year)(?![\w’'-])[\s-]+(?:long\s+)?"
                      r"(?:\([^()]{0,60}\)\s+)?(?P<head>[a-z][a-z-]{2,})\b")
UNIT_DAYS = {"day": 1, "week": 7}   # months and years stay in their own units: sources round them
DURATION_STOP = {"old", "later", "earlier", "before", "after", "ago", "period", "span", "stretch", "time", "interval",
                 "gap", "delay", "break", "pause", "lead"}
# "The siege of Tarn lasted thirteen days", "The Narvian Crisis went on for about six weeks"
LASTED = re.compile(rf"\s(?:lasted|went\s+on|continued)\s+(?:for\s+)?(?:(?:only|just|about|some|nearly|almost|over|"
                    rf"barely|around)\s+)?(?P<n>{_N})\s+(?P<unit>day|week|month|year)s?\b")
SUBJECT_NOUN = re.compile(r"\s*(?:[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?P<head>[a-z][a-z-]{2,})\b")
COPULA_BEFORE = re.compile(r"\b(?:was|is|were|became)\s+(?:an?|the)\s+$")
COPULA_REACH = 40   # characters before "a 35-day …" in which its "was a" stands
AGE_REACH = 80   # characters after "the N-year-old" in which the person it describes is named
AGE_GAP = 5   # years apart that two ages of one person in one story disagree (further: two stages of a life)
ROLE_STOP = {"time", "step", "one", "stage", "phase", "sign", "part", "half", "day", "year", "thing", "man", "woman"}


class _Aliases:
    """Which who's-who entity a name is, through its aliases and surname."""

    def __init__(self, entities: list[Entity]):
        self.full: dict[str, tuple[str, str]] = {}
        self.last: dict[str, set[str]] = {}
        self.names = {e.id: e.name for e in entities}
        self.types = {e.id: e.type for e in entities}
        self.first: dict[str, set[str]] = {}   # a person's given name alone ("Edric" for "Edric of Morvaine")
        for e in entities:
            if e.type == "person" and len(e.name.split()) > 1:
                self.first.setdefault(e.name.split()[0].lower(), set()).add(e.id)
        for e in entities:
            for n in [e.name, *e.aliases]:
                self.full[n.lower()] = (e.id, e.type)
                self.last.setdefault(n.split()[-1].lower(), set()).add(e.id)

    def kind(self, entity_id: str) -> str | None:
        return self.types.get(entity_id)

    def label(self, entity_id: str) -> str | None:
        return self.names.get(entity_id)

    def resolve(self, name: str) -> tuple[str, str] | None:
        hit = self.full.get(name.lower())
        if hit:
            return hit
        ids = self.last.get(name.split()[-1].lower(), set())
        return (next(iter(ids)), "") if len(ids) == 1 else None


def conflicts(events: list[Event], entities: list[Entity], sources: list[Source]) -> list[Conflict]:
    names = _Aliases(entities)
    out, done = _pattern_claims(events, names, {s.id: s.text for s in sources})
    out += _parsed_claims(events, names, done)
    out += _first_claims(sources, names)
    out += _keyed_claims(sources, names)
    return out


def _pattern_claims(events: list[Event], names: _Aliases, texts: dict[str, str]) -> tuple[list[Conflict], set]:
    """Who and where by the patterns AGENT and PLACE, per event and verb; also the (event, kind)
    pairs they settled, which the parse need not read again."""
    out, done = [], set()
    for k, e in enumerate(events):
        if len({c.source for c in e.citations}) < 2:
            continue
        for kind, pattern, want in (("person", AGENT, "person"), ("place", PLACE, "place")):
            claims = {}
            for c in e.citations:
                for m in pattern.finditer(c.quote):
                    claims.setdefault(m.group("verb"), []).append(_claim(c, m, texts))
            for verb, found in sorted(claims.items()):
                conflict = _disagreement(found, names, want, e.citations)
                if conflict:
                    what = "who" if kind == "person" else "where"
                    out.append(Conflict("", kind, f"{e.title}: {what} {verb}", conflict))
                    done.add((k, kind))
    return out, done


PLACE_CASES = {"in", "at", "near", "outside", "inside"}   # "died at X", "met outside the village of X"
MAX_PARSED = 2000   # quotes parsed for doers, places and denials in one pile (events with most sources first)


def _parsed_claims(events: list[Event], names: _Aliases, done: set) -> list[Conflict]:
    """Who did it and where, from the parse of one merged event's quotes: the subject of a main
    clause's verb or the agent of a passive one ("Lisk signed", "signed … by Count Orlo Vasse"),
    and the place of a main verb ("died at X", "met outside the village of X"); and a deed one
    source denies (:func:`_denied`). Only events that could hold such a disagreement are parsed:
    two sources each naming people (or places) of the who's who, or one source's quotes denying
    something and another's not. Contradictions as for the patterns above
    (:func:`_disagreement`), whatever the verb: "designed by A" against "B drew the plans"."""
    from histsift.lang import nlp as lang_nlp

    todo = [k for k, e in enumerate(events)
            if len({c.source for c in e.citations}) >= 2 and (_named_by_two(e, names) or _one_denies(e))]
    todo.sort(key=lambda k: (-len({c.source for c in events[k].citations}), k))
    quotes, chosen = set(), []
    for k in todo:
        if len(quotes) + len(events[k].citations) > MAX_PARSED:
            break
        quotes.update(c.quote for c in events[k].citations)
        chosen.append(k)
    if not chosen or not lang_nlp.available():
        return []
    ordered = sorted(quotes)
    docs = dict(zip(ordered, lang_nlp.pipeline(parse=True).pipe(ordered, batch_size=64, disable=["ner"])))
    out = []
    for k in sorted(chosen):
        e = events[k]
        for kind, want, what in (("person", "person", "who"), ("place", "place", "where")):
            if (k, kind) in done:
                continue
            found = [(name, c.source, c) for c in e.citations for name in _roles(docs[c.quote], c.quote)[kind]]
            sides = _disagreement(found, names, want, e.citations)
            if sides:
                out.append(Conflict("", kind, f"{e.title}: {what}", sides))
        out += _denied(e, docs)
    return out


NEGATIONS = {"not", "never", "n't"}
_DENIAL = re.compile(r"\b(?:not|never)\b|n't\b", re.I)


def _one_denies(e: Event) -> bool:
    """Whether one source's quotes of the event deny something (a "not", a "never") and another's do not."""
    denies = {c.source: False for c in e.citations}
    for c in e.citations:
        denies[c.source] |= bool(_DENIAL.search(c.quote))
    return len(set(denies.values())) == 2


def _denied(e: Event, docs: dict) -> list[Conflict]:
    """One event, its main verb affirmed by one source and denied by another ("was ratified by the
    estates" against "was never ratified"), no source saying both: an ``other`` conflict."""
    said: dict[str, dict[bool, list[Citation]]] = {}
    words: dict[str, str] = {}
    for c in e.citations:
        for v, denied in _polarities(docs[c.quote]):
            words.setdefault(stem(v.lower_), v.lower_)
            said.setdefault(stem(v.lower_), {}).setdefault(denied, []).append(c)
    out = []
    for key, by in sorted(said.items()):
        if len(by) < 2 or {c.source for c in by[True]} & {c.source for c in by[False]}:
            continue
        sides = [ConflictSide(("not " if denied else "") + words[key], by[denied]) for denied in (False, True)]
        out.append(Conflict("", "other", f"{e.title}: whether {words[key]}", sides))
    return out


def _polarities(doc):
    """(verb, denied?) for each main-clause verb that is no light verb, a "not" or "never" on it
    denying it; a denial bounded by "until" ("did not reach X until May") denies nothing."""
    for v in doc:
        if v.pos_ != "VERB" or not _main(v) or stem(v.lower_) in LIGHT_STEMS:
            continue
        if any(t.lower_ in ("until", "till") for t in v.subtree):
            continue
        yield v, any(ch.dep_ == "advmod" and ch.lower_ in NEGATIONS for ch in v.children)


def _named_by_two(e: Event, names: _Aliases) -> bool:
    """Whether two sources could disagree about the event's doer or place: two of them each name a
    person (or each a place) of the who's who, two different ones in all."""
    named: dict[str, dict[str, set]] = {"person": {}, "place": {}}
    for c in e.citations:
        for m in re.finditer(NAME, c.quote):
            hit = names.resolve(m.group("name"))
            kind = hit and (hit[1] or "person")
            if kind in named:
                named[kind].setdefault(c.source, set()).add(hit[0])
    return any(len(by) >= 2 and len(set().union(*by.values())) >= 2 for by in named.values())


def _roles(doc, quote: str) -> dict[str, list[str]]:
    """The names (as written) of the doers and the places of the quote's main-clause verbs."""
    spans = [(m.start(), m.end(), m.group("name")) for m in re.finditer(NAME, quote)]
    starts = [a for a, _, _ in spans]

    def name_at(t) -> str | None:
        # a capitalised word, whatever its tag ("at Saltmere" may be read as an adverb); the who's
        # who decides below whether it names anyone
        k = bisect.bisect_right(starts, t.idx) - 1
        return spans[k][2] if t.text[:1].isupper() and k >= 0 and t.idx < spans[k][1] else None

    out: dict[str, list[str]] = {"person": [], "place": []}
    for v in doc:
        if v.pos_ == "VERB" and _main(v):
            for ch in v.children:
                if ch.dep_ in ("nsubj", "obl:agent"):   # "X signed", "signed by (the architect) X"
                    out["person"] += [n for t in [ch, *(g for g in ch.children if g.dep_ == "appos")]
                                      if (n := name_at(t))][:1]
                elif ch.dep_ == "obl" or (ch.dep_ == "obj" and ch.lower_ == "place"):   # "took place outside …"
                    out["place"] += [n for t in _place_heads(ch) if (n := name_at(t))]
    return out


def _main(v) -> bool:
    """A verb of the sentence's main clause: its root, a verb joined to the root, or the verb a
    misparse hung under a noun made root ("The poet X died at Y")."""
    return (v.dep_ == "ROOT" or (v.dep_ == "conj" and v.head.dep_ == "ROOT")
            or (v.dep_ == "acl" and v.head.dep_ == "ROOT" and v.head.pos_ != "VERB"))


def _place_heads(t) -> list:
    """The words that may name where: a phrase opened by "in", "at", "outside" … and the names
    one or two levels inside it ("in the great hall of X", "took place outside the village of X")."""
    opened = [t] if _cased(t) else [x for x in t.children if x.dep_ == "nmod" and _cased(x)]
    out = []
    for x in opened:
        inner = [y for y in x.children if y.dep_ == "nmod"]
        out += [x, *inner, *(z for y in inner for z in y.children if z.dep_ == "nmod")]
    return out


def _cased(t) -> bool:
    return any(g.dep_ == "case" and g.lower_ in PLACE_CASES for g in t.children)


GAPS = {"age": AGE_GAP, "which": None, "lasted": None}   # how far apart two values of one kind of claim may be and still clash


def _keyed_claims(sources: list[Source], names: _Aliases) -> list[Conflict]:
    """Two sources that give one person different ages (within AGE_GAP years): "Narro (19)" against
    "the 21-year-old Narro"; or number one person differently in one office: "Piet Morrow, the third
    envoy" against "the second envoy …, Piet Morrow". No source may give both values. The pile's
    sentences are read once for both."""
    out = []
    for (kind, who, *office), label, sides in _told_apart(sources, names):
        person = names.label(who) or label
        if kind == "lasted":
            head, unit, *named = office
            what = f"the {names.label(who)}" if who else f"the {head}" + (f" ({names.label(named[0])})" if named else "")
            for side in sides:
                side.value = f"{side.value} {unit}s"
            out.append(Conflict("", "number", f"how long {what} lasted", sides))
            continue
        about = f"{person}'s age" if kind == "age" else f"{person}: which {office[0]}"
        out.append(Conflict("", "number", about, sides))
    return out


def _told_apart(sources: list[Source], names: _Aliases):
    """(key, label, sides) for each key to which sources give different values, no source giving
    two of them, the values at most GAPS[kind] apart; a key is (kind, person id, …), the span of a
    claim the words that state it."""
    by_key: dict = {}
    label: dict = {}
    for s in sources:
        cut = SpanSet(s.boilerplate)
        for start, end in segment.sentences(s.text, 0, len(s.text)):
            if start in cut:
                continue
            sentence = s.text[start:end]
            claims = [(("age", who), n, a, b) for who, n, a, b in _ages(sentence, names)]
            claims += [(("which", *who), n, a, b) for who, n, a, b in _ordinals(sentence, names)]
            claims += [(("lasted", *key), n, a, b) for key, n, a, b in _durations(sentence, names)]
            for key, value, a, b in claims:
                x, y = start + a, start + b
                by_key.setdefault(key, {}).setdefault(value, []).append((s.id, Citation(s.id, x, y, s.text[x:y])))
                label.setdefault(key, sentence[a:b])
    for key, told in sorted(by_key.items()):
        values, gap = sorted(told), GAPS[key[0]]
        if len(values) < 2 or (gap is not None and values[-1] - values[0] > gap):
            continue
        if set.intersection(*({src for src, _ in told[v]} for v in values)):
            continue
        yield key, label[key], [ConflictSide(str(v), [c for _, c in told[v]]) for v in values]


def _person(name: str, names: _Aliases) -> tuple[str, str] | None:
    """The who's-who person a capitalised run names, its leading words dropped one by one ("Prince
    Edric of Morvaine" → "Edric of Morvaine"), so that a title or a sentence's first word is no bar."""
    words = name.split()
    if len(words) == 1 and len(names.first.get(name.lower(), ())) == 1 and not names.last.get(name.lower()):
        return next(iter(names.first[name.lower()])), "person"
    for i in range(len(words)):
        hit = names.resolve(" ".join(words[i:]))
        if hit and hit[1] in ("person", ""):
            return hit
        if hit:
            return None
    return None


def _ages(sentence: str, names: _Aliases):
    """(person id, age, start, end) for each age the sentence gives a person of the who's who: the name
    in brackets before it; after "the N-year-old", the next person named (the one just before, when
    the age is in apposition to it); after ", aged N", the first person the sentence names."""
    for m in AGE_AFTER_NAME.finditer(sentence):
        hit = _person(m.group("name"), names)
        n = number_value(m.group("n"))
        if hit and n and 0 < n < 120:
            yield hit[0], n, m.start(), m.end()
    for m in AGE_BEFORE_NAME.finditer(sentence):   # "the 19-year-old Narro", "an 18 year old clerk, Oskar Narro"
        n = number_value(m.group("n"))
        if not (n and 0 < n < 120):
            continue
        before = re.search(NAME + r",\s+(?:then\s+)?$", sentence[:m.start()])
        hit = _person(before.group("name"), names) if before else None
        if hit:   # "Oskar Narro, a 19 year old clerk": the apposition looks back
            yield hit[0], n, before.start(), m.end()
            continue
        after = ((k, _person(k.group("name"), names)) for k in re.finditer(NAME, sentence[m.end():m.end() + AGE_REACH]))
        k, hit = next(((k, h) for k, h in after if h), (None, None))
        if hit:
            yield hit[0], n, m.start(), m.end() + k.end()
    for m in AGE_LATER.finditer(sentence):
        n = number_value(m.group("n"))
        people = [(k, _person(k.group("name"), names)) for k in re.finditer(NAME, sentence[:m.start()])]
        people = [(k, h) for k, h in people if h]
        if people and n and 0 < n < 120:
            k, h = people[0]
            end = sentence.find(" ", m.end("n") + 1)
            yield h[0], n, k.start(), m.end() if end < 0 else min(end, len(sentence))


def _ordinals(sentence: str, names: _Aliases):
    """((person id, office), ordinal, start, end) for each person of the who's who the sentence numbers
    in an office: "X, the third envoy", "the second envoy sent to Y, X", "X was the fourth consul"."""
    for m in [*ORDINAL_AFTER_NAME.finditer(sentence), *ORDINAL_BEFORE_NAME.finditer(sentence)]:
        role, hit = m.group("role").lower(), _person(m.group("name"), names)
        if hit and role not in ROLE_STOP:
            yield (hit[0], role), ORDINALS[m.group("ord").lower()], m.start(), m.end()


def _durations(sentence: str, names: _Aliases):
    """(key, length, start, end) for each "N-day thing" of the sentence, the length in days (weeks
    counted as days) or in months or years. The thing is the who's-who name it stands for: the
    sentence's subject when it is one ("The Narvian Crisis … was a 35-day stand-off"), else the one
    name whose last word the noun is ("the 13 day crisis"); key (that id, "", unit). Otherwise the
    noun and the first name the sentence gives ("a three-week siege …, the garrison of Tarn"): key
    ("", noun, unit, that id); a sentence that names nothing gives no key."""
    said = [(m, m.group("head"), bool(COPULA_BEFORE.search(sentence, max(0, m.start() - COPULA_REACH), m.start())))
            for m in DURATION.finditer(sentence)]
    for m in LASTED.finditer(sentence):   # the subject lasted: a name, or "the siege"
        noun = SUBJECT_NOUN.match(sentence)
        said.append((m, noun.group("head") if noun else "", True))
    first_named = None   # the sentence's first who's-who name after its start, looked up once
    for m, head, of_subject in said:
        n = number_value(m.group("n"))
        if head in DURATION_STOP or not n or n < 2:
            continue
        unit = "day" if m.group("unit") in UNIT_DAYS else m.group("unit")
        n *= UNIT_DAYS.get(m.group("unit"), 1)
        thing = None
        if of_subject:
            subject = re.match(r"\s*" + NAME, sentence)
            thing = subject and _thing(subject.group("name"), names)
        if not head and not thing:
            continue
        ids = names.last.get(head, set())
        if thing is None and len(ids) == 1 and names.kind(next(iter(ids))) != "person":
            thing = next(iter(ids))
        if thing:
            yield (thing, "", unit), n, m.start(), m.end()
            continue
        if first_named is None:
            first_named = next((h for k in re.finditer(NAME, sentence)
                                if k.start() > 0 and (h := _thing(k.group("name"), names))), "")
        if first_named:
            yield ("", stem(head), unit, first_named), n, m.start(), m.end()


def _thing(name: str, names: _Aliases) -> str | None:
    """The who's-who id a capitalised run names, its leading words dropped one by one ("The Narvian
    Crisis" → "Narvian Crisis")."""
    words = name.split()
    for i in range(len(words)):
        hit = names.full.get(" ".join(words[i:]).lower())
        if hit:
            return hit[0]
    return None


def _claim(c: Citation, m: re.Match, texts: dict[str, str]) -> tuple[str, str, Citation]:
    a, b = c.start + m.start("name"), c.start + m.end("name")
    # the whole claim is the evidence ("signed by X"), not the name alone
    x = c.start + m.start()
    return (m.group("name"), c.source, Citation(c.source, x, b, texts[c.source][x:b]))


def _disagreement(found, names: _Aliases, want: str, context: list[Citation]) -> list[ConflictSide] | None:
    sides: dict[str, tuple[str, list[Citation], set[str]]] = {}
    for name, source, cite in found:
        hit = names.resolve(name)
        if hit is None or (hit[1] and hit[1] != want):
            continue
        label, cites, srcs = sides.setdefault(hit[0], (name, [], set()))
        cites.append(cite)
        srcs.add(source)
    if len(sides) < 2:
        return None
    srcs = [v[2] for v in sides.values()]
    if set.intersection(*srcs):
        return None
    # a source that also names the other answer anywhere in this event is telling more, not less
    said = {s: " ".join(c.quote for c in context if c.source == s) for v in sides.values() for s in v[2]}
    for key, (label, _, own) in sides.items():
        for other_key, (other, _, theirs) in sides.items():
            if key != other_key and any(other.split()[-1] in said[s] for s in own):
                return None
    return [ConflictSide(label, cites) for label, cites, _ in sides.values()]


def _first_claims(sources: list[Source], names: _Aliases) -> list[Conflict]:
    by_role: dict[str, list] = {}
    for s in sources:
        cut = SpanSet(s.boilerplate)
        for pattern in FIRST:
            for m in pattern.finditer(s.text):
                if m.start() in cut:
                    continue
                role = m.group("role").lower().split()
                if role[-1] in ROLE_STOP:
                    continue
                a, b = m.start(), m.end()
                by_role.setdefault(stem(role[-1]), []).append(
                    (m.group("name"), s.id, Citation(s.id, a, b, s.text[a:b])))
    out = []
    for role, found in sorted(by_role.items()):
        sides = _disagreement(found, names, "person", [c for _, _, c in found])
        if sides:
            word = found[0][2].quote
            noun = re.search(r"first\s+(.+?)(?:\s+was\b|$)", word)
            out.append(Conflict("", "person", f"who was the first {noun.group(1) if noun else role}", sides))
    return out


# --------------------------------------------------------------------------- as an extractor

class _ClaimsCollector:
    def add(self, source_id: str, got: None) -> None:
        pass

    def finish(self, board, texts: dict[str, str]) -> None:
        board.conflicts += conflicts(board.events, board.entities, board.sources)
        for i, c in enumerate(board.conflicts, 1):
            c.id = f"c{i}"


class _Claims:
    """Who did it, where, who was first: contradictions about people and places. Reads the
    events and who's who the extractors before it wrote (see extractors.py)."""

    name = "claims"

    def read(self, a, timexes) -> None:
        return None

    def collector(self, question: str | None) -> _ClaimsCollector:
        return _ClaimsCollector()


CLAIMS = _Claims()
