"""Reading a typed answer out of one passage: dates, durations, numbers, names, lists, phrases.

Each reader takes the analysed question and one retrieved passage and returns
candidates: a normalised value, how it reads, where in the source it stands,
and a weight for how well it fits (the right precision, the right unit, close
to the words the question asks about). Which candidate wins is ask.py's job.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from histsift.ask.question import Query
from histsift.dates.calendar import MONTHS
from histsift.dates.timeml import TimeValue
from histsift.dates.timeml import human as human_date
from histsift.extract import numbers
from histsift.lang.words import stem

UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour"}
# "times" counts in an answer ("stabbed 23 times") though not in a number conflict
COUNTED_HERE = numbers.NOT_COUNTED - {"times"}


@dataclass
class Candidate:
    key: str            # what two candidates must share to be the same answer
    value: object       # the normalised value of SCHEMA.md
    shown: str          # how the answer reads
    start: int          # where in the passage's source the answer itself stands
    end: int
    weight: float       # 0–1: fit to the question beyond the passage's own score


@dataclass
class Passage:
    source: str
    start: int
    end: int
    text: str
    context: str = ""            # the bullet or heading it hangs under, the sentence before it
    context_spans: list[tuple[int, int, float]] = field(default_factory=list)  # with how far to trust them
    score: float = 0.0
    hits: tuple[int, ...] = ()   # offsets (in the source) of the question's words found in it
    verbs: tuple[int, ...] = ()  # offsets of the question's verb in it


def human_duration(value: str) -> str:
    m = re.fullmatch(r"P(\d+(?:\.\d+)?)([YMWDH])", value)
    if not m:
        return value
    n = float(m.group(1))
    n_shown = int(n) if n.is_integer() else n
    return f"{n_shown} {UNITS[m.group(2)]}{'' if n == 1 else 's'}"


def at_precision(value: str, want: str | None) -> str | None:
    """A date value cut to the precision asked for ("in which year" of 15 March 44 BC → 44 BC)."""
    tv = TimeValue.parse(value)
    if tv is None:
        return value
    got = tv.at_most(want)
    return got.value if got else None


def within(value: str, pinned: str) -> bool:
    """``value`` falls inside ``pinned`` (a day in its month or year, a year in a range of years)."""
    tv, tp = TimeValue.parse(value), TimeValue.parse(pinned)
    return value == pinned or (tv is not None and tp is not None and tv.within(tp))


def nearness(p: Passage, start: int) -> float:
    """1 next to the question's verb (else its other words), down to 0.5 a hundred characters away."""
    near = p.verbs or p.hits
    if not near:
        return 0.8
    d = min(abs(start - h) for h in near)
    return max(0.5, 1.0 - d / 200)


def read_dates(q: Query, p: Passage, timexes: list[dict]) -> list[Candidate]:
    out = []
    clauses = verb_clauses(q, p) if p.verbs else None
    pinned = [t.value for t in q.dates]
    for t in timexes:
        if t["type"] != "date" or not t["value"]:
            continue
        if any(within(t["value"], v) or within(v, t["value"]) for v in pinned):
            continue  # the date the question is pinned to is not its answer
        value = at_precision(t["value"], q.precision)
        if value is None:
            continue
        fit = 1.0 if q.precision in (None, t["precision"], "year", "decade", "century") else \
            0.3 if q.precision == "day" else 0.6
        near = nearness(p, t["start"]) if p.start <= t["start"] < p.end else 1.0
        if clauses and p.start <= t["start"] < p.end:
            near = _clause_fit(q, clauses, t["start"], near)
        out.append(Candidate(value, value, human_date(value), t["start"], t["end"], fit * near * t["weight"]))
    return out


CLAUSE_DEPS = {"advcl", "ccomp", "conj", "acl:relcl", "acl", "parataxis", "csubj", "xcomp"}


@dataclass
class Clause:
    spans: list[tuple[int, int]]   # source offsets of the words of the verb's own clause
    agent: str                     # its doer, when the parse names one ("" for a pronoun or none)
    others: frozenset = frozenset()   # the named other parties (see others_of)


def verb_clauses(q: Query, p: Passage) -> list[Clause] | None:
    """The clauses of the passage whose verb is the question's, each without the clauses inside it
    ("occupied Tarn in 1770, and annexed it in 1785": 1785 is the annexing's), with its doer."""
    from histsift.lang import nlp as lang_nlp

    if not q.verb or not lang_nlp.available():
        return None
    doc = _parse(p.text)
    out = []
    for v in doc:
        if v.pos_ != "VERB" or not has_stem({stem(v.text)}, q.verb):
            continue
        own, todo = [], [v]
        while todo:
            t = todo.pop()
            own.append(t.i)
            todo += [c for c in t.children if not (c.dep_ in CLAUSE_DEPS and c.pos_ in ("VERB", "AUX"))]
        spans = [(p.start + doc[i].idx, p.start + doc[i].idx + len(doc[i])) for i in sorted(own)]
        out.append(Clause(spans, agent_of(v), others_of(v)))
    return out or None


def others_of(v) -> frozenset[str]:
    """The stems of the proper nouns in a verb's objects and obliques: the other party of the deed
    ("declared war on Ostland" → ostla), not its date ("On 2 May")."""
    out = set()
    for c in v.children:
        if c.dep_ in ("obj", "obl", "iobj"):
            out |= {stem(t.text) for t in c.subtree if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in MONTHS}
    return frozenset(out)


def agent_of(v) -> str:
    """The proper-noun doer of a verb token: its subject (active), its "by" phrase (passive), or the
    subject of the verb it is coordinated with ("X occupied … and annexed …")."""
    passive = any(c.dep_ in ("nsubj:pass", "aux:pass") for c in v.children)
    want = ("obl:agent",) if passive else ("nsubj",)
    holder = v
    while True:
        doer = next((c for c in holder.children if c.dep_ in want), None)
        if doer is not None or holder.dep_ != "conj" or holder.head is holder:
            break
        holder = holder.head
    if doer is None or not any(t.pos_ == "PROPN" for t in doer.subtree):
        return ""
    return " ".join(t.text for t in doer.subtree if t.pos_ == "PROPN")


def _clause_fit(q: Query, clauses: list[Clause], at: int, near: float) -> float:
    """1 for a date in the clause of the question's verb done by the question's doer; less for a
    date outside it; little for one in a clause whose named doer is someone else."""
    inside = [c for c in clauses if any(a <= at < b for a, b in c.spans)]
    if not inside:
        return min(near, 0.6)
    if q.agent and all(c.agent and not _same_name(q.agent, c.agent) for c in inside):
        return 0.3   # "On 2 May, Velmora declared war" for "when did Narvia declare war"
    if q.others and all(c.others and not q.others & c.others for c in inside):
        return 0.3   # "declared war on Ostland" for "when did … declare war on Tarn"
    return 1.0


def _same_name(a: str, b: str) -> bool:
    wa, wb = {stem(w) for w in re.findall(r"[\w’'-]+", a)}, {stem(w) for w in re.findall(r"[\w’'-]+", b)}
    return bool(wa & wb)


def read_durations(q: Query, p: Passage, timexes: list[dict]) -> list[Candidate]:
    out = []
    unit = (q.unit or "").rstrip("s")[:1].upper()
    for t in timexes:
        if t["type"] != "duration" or not t["value"] or not (p.start <= t["start"] < p.end):
            continue
        fit = 1.0 if not unit or t["value"].endswith(unit) else 0.5
        out.append(Candidate(t["value"], t["value"], human_duration(t["value"]), t["start"], t["end"],
                             fit * nearness(p, t["start"])))
    return out


def read_numbers(q: Query, p: Passage, source_text: str) -> list[Candidate]:
    out = []
    unit = stem(q.unit) if q.unit else None
    for n in numbers.quantities(source_text, p.start, p.end, not_counted=COUNTED_HERE):
        if unit and stem(n.word) != unit:
            continue
        value = int(n.value) if n.value.is_integer() else n.value
        out.append(Candidate(str(value), value, f"{value:,} {n.word}" if isinstance(value, int) else f"{value} {n.word}",
                             n.start, n.end, nearness(p, n.start)))
    return out


def read_entities(q: Query, p: Passage, found: list[tuple[object, int, int]], want: str,
                  exclude: set[str], source_text: str) -> list[Candidate]:
    """Who's-who entities of the wanted type named in the passage, bar those the question names;
    the one in the slot the question asks about (the doer of "who signed", the one sent in "whom did
    he send") first."""
    out = []
    for e, a, b in found:
        if e.id in exclude or e.type != want:
            continue
        if q.type == "list" and (re.match(r"[’']s\b", source_text[b:b + 3]) or _in_brackets(source_text, p.start, a)):
            continue  # "Danton (Robespierre's rival), Marat and Hébert": the list is Danton, Marat, Hébert
        if q.verb is None or q.type not in ("person", "organization"):
            slot = 1.0
        elif p.verbs:
            slots = parsed_slots(q, p) if len(found) > 1 else None
            if slots is not None:
                if not any(a < y and x < b for x, y in slots):
                    continue  # the parse: not the doer (or the one it was done to) of the matching verb
            elif not in_slot(q, p, a, b, source_text):
                continue  # the verb is here and this name is not its doer (or, for "whom", its object)
            slot = 1.0
        else:
            slot = 0.6  # a paraphrase: no slot to check
        out.append(Candidate(e.id, e.name, e.name, a, b, nearness(p, a) * slot))
    if not out and q.type == "event" and q.kind_noun:
        out = _named_after(q.kind_noun, p, source_text)
    return out


def _in_brackets(text: str, start: int, at: int) -> bool:
    before = text[start:at]
    return before.count("(") > before.count(")")


def _named_after(noun: str, p: Passage, text: str) -> list[Candidate]:
    """"(battle) of Sedan", "the Treaty of Velmora", "the Narvik Summit", "the Salt Bridge": a thing of the
    asked kind that the who's who did not type as one, named with the kind's own word."""
    out = []
    for m in re.finditer(rf"\b{noun}\)?\s+(?:of|at)\s+(?P<x>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)", p.text, re.I):
        shown = f"{noun.capitalize()} of {m.group('x')}"
        a = p.start + m.start()
        out.append(Candidate(shown.lower(), shown, shown, a, p.start + m.end(), nearness(p, a)))
    head = noun[:1].upper() + noun[1:]
    for m in re.finditer(rf"(?<![\w’'-])(?P<x>(?:[A-Z][\w’'-]+\s+){{1,3}}){re.escape(head)}\b", p.text):
        words = m.group("x").split()
        while words and words[0].lower() in ("the", "a", "an", "at", "in", "on", "of", "by", "this", "that"):
            words.pop(0)
        if words:
            shown = " ".join(words + [head])
            a = p.start + m.end() - len(shown)
            out.append(Candidate(shown.lower(), shown, shown, a, p.start + m.end(), nearness(p, a)))
    return out


def read_kind(q: Query, p: Passage) -> list[Candidate]:
    """"At which summit…": a name that carries the asked noun, or one in apposition to it ("the
    tyrant Oskar Brandt", "Oskar Brandt, the tyrant"), else a phrase (read_phrase)."""
    if q.kind_noun:
        got = _named_after(q.kind_noun, p, p.text) or _in_apposition(q.kind_noun, p)
        if got:
            return got
    return read_phrase(q, p)


NAME = r"[A-Z][\w’'-]+(?:\s+(?:of\s+|de\s+|von\s+)?[A-Z][\w’'-]+){0,3}"


def _in_apposition(noun: str, p: Passage) -> list[Candidate]:
    out = []
    for rx in (rf"\b(?:the|a|an|its|his|her|their)\s+(?:[a-z-]+\s+)?{re.escape(noun)}\s+(?P<x>{NAME})",
               rf"(?P<x>{NAME}),\s+(?:the|a|an)\s+(?:[a-z-]+\s+)?{re.escape(noun)}\b"):
        for m in re.finditer(rx, p.text):
            a = p.start + m.start("x")
            out.append(Candidate(m["x"].lower(), m["x"], m["x"], a, p.start + m.end("x"), nearness(p, a)))
    return out


def has_stem(stems: set[str], term: str) -> bool:
    """The term, or a word made from it by one more letter: "lead" in "leader", "rule" in "ruler"."""
    return term in stems or (len(term) == 4 and any(len(w) == 5 and w.startswith(term) for w in stems))


AGENT_DEPS = {"active": ("nsubj",), "passive": ("obl:agent",)}
PATIENT_DEPS = {"active": ("obj",), "passive": ("nsubj:pass", "nsubj")}   # "the dictator being overthrown"


def parsed_slots(q: Query, p: Passage) -> list[tuple[int, int]] | None:
    """From the parse of the passage: the spans that fill the question's slot of its verb (the doer
    of "who argued for the blockade", the one done to in "which ruler was overthrown"), at the
    verbs whose own clause carries most of the question's other words; None when the parse has
    no such verb or slot (the caller falls back to word order)."""
    from histsift.lang import nlp as lang_nlp

    if not lang_nlp.available():
        return None
    doc = _parse(p.text)
    patient = q.passive or q.role == "object"
    others = q.terms - {q.verb}
    best, out = -1, None
    for v in doc:
        if v.pos_ not in ("VERB", "AUX") or not has_stem({stem(v.text)}, q.verb):
            continue
        voice = "passive" if any(c.dep_ in ("nsubj:pass", "aux:pass") for c in v.children) else "active"
        deps = (PATIENT_DEPS if patient else AGENT_DEPS)[voice]
        holder = v
        fillers = [c for c in v.children if c.dep_ in deps]
        while not fillers and holder.dep_ == "conj" and holder.head is not holder:   # "X met and warned Y"
            holder = holder.head
            fillers = [c for c in holder.children if c.dep_ in deps]
        if not fillers:
            continue
        if any(c.pos_ == "PRON" for c in fillers):
            return None   # "he", "who": the parse points at a word that stands for someone else
        inside = {i for c in fillers for i in range(c.left_edge.i, c.right_edge.i + 1)}
        score = sum(1 for t in v.subtree if t.i not in inside and stem(t.text) in others)
        spans = [(p.start + doc[c.left_edge.i].idx, p.start + doc[c.right_edge.i].idx + len(doc[c.right_edge.i]))
                 for c in fillers]
        if score > best:
            best, out = score, spans
        elif score == best:
            out += spans
    return out


@functools.lru_cache(maxsize=2048)
def _parse(text: str):
    from histsift.lang import nlp as lang_nlp

    return lang_nlp.pipeline(parse=True)(text)


PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\b(?:\s+\w+ly)?\s*$")


def in_slot(q: Query, p: Passage, a: int, b: int, text: str) -> bool:
    """Does the name at text[a:b] fill the question's slot of its verb, within the clause?"""
    patient = q.passive or q.role == "object"   # "which ruler was overthrown", "whom did he send"
    for v in p.verbs:
        if b <= v <= b + 160 and not re.search(r"[.;:]", text[b:v]):
            passive = bool(PASSIVE.search(text[b:v]))
            if patient == passive:
                return True   # "X replaced Y" for who; "X was sent" for whom
        if v < a <= v + 80 and not re.search(r"[.;:]", text[v:a]):
            by = bool(re.search(r"\bby\s+(?:the\s+)?$", text[v:a]))
            if patient != by:
                return True   # "replaced by X" for who; "sent X" for whom
    return False


CALLED = re.compile(r"\b(?:called|known as|named|termed|dubbed|referred to as)\s+(?:the\s+|an?\s+)?"
                    r"(?P<x>[\"“‘']?[\w’'-]+(?:\s+(?!and\b|or\b|which\b|who\b|that\b|in\b|by\b)[\w’'-]+){0,2})")
BORN_AS = re.compile(r"\bborn\s+(?:as\s+)?(?P<x>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})")
HIMSELF = re.compile(r"\b(?:called|styled|named|proclaimed|declared)\s+(?:himself|herself|themselves)\s+"
                     r"(?:the\s+|an?\s+)?(?P<x>[\"“‘']?[\w’'-]+(?:\s+[\w’'-]+)?)"
                     r"|\b(?:took|adopted|assumed|used) the (?:title|name) (?:of\s+)?(?P<y>[\"“‘']?[\w’'-]+)")


def read_phrase(q: Query, p: Passage) -> list[Candidate]:
    """The phrase a what-question asks for: "known as X", "born X", "called himself X", "a two-front war"."""
    low = q.text.lower()
    if q.focus:
        pattern = re.compile(rf"\b((?:[\w’'-]+\s+){{0,1}}[\w’'-]+[\s-]+{re.escape(q.focus)}s?)\b", re.I)
        found = [(m.start(1), m.group(1)) for m in pattern.finditer(p.text)]
        found = [(a, re.sub(r"^(?:a|an|the|this|that|his|her|their)\s+", "", x, flags=re.I)) for a, x in found]
        return [Candidate(x.lower(), x, x, p.start + a, p.start + a + len(x), 1.0) for a, x in found
                if x.lower() != q.focus]
    patterns = [HIMSELF] if re.search(r"\b(?:himself|herself|themselves)\b", low) else \
        [BORN_AS] if re.search(r"\bborn\b", low) and re.search(r"\bname\b", low) else [CALLED]
    out = []
    for pattern in patterns:
        for m in pattern.finditer(p.text):
            g = "x" if m.groupdict().get("x") else "y"
            x = m.group(g).strip("\"“‘'’”")
            a = p.start + m.start(g)
            out.append(Candidate(x.lower(), x, x, a, a + len(m.group(g)), 1.0))
    return out


ROLE_NOUNS = r"(?:leader|spokesman|spokeswoman|minister|president|chancellor|general|secretary|king|queen|emperor|" \
             r"empress|head|chief|commander|premier|dictator|consul|tsar|pope|governor|ambassador|founder|ruler)"


def read_description(names: list[str], p: Passage) -> list[Candidate]:
    """What the passage says a name is: "X, the hard-line leader, …", "X was the last…", "the
    Politburo spokesman X"."""
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    patterns = [
        rf"(?:{alt}),\s+(?P<d>(?:the|a|an|his|her)\s+[^,.;:()]{{3,80}}?)\s*[,.;)]",
        rf"(?:{alt})\s+(?:was|is|had been|became)\s+(?P<d>(?:the|a|an)\s+[^,.;:]{{3,80}}?)(?:[,.;]|\s+(?:who|which|and)\b)",
        rf"(?P<d>(?:the\s+)?(?:[A-Za-z-]+\s+){{0,3}}{ROLE_NOUNS})\s*,?\s+(?:{alt})\b",
    ]
    out = []
    for pattern in patterns:
        for m in re.finditer(pattern, p.text):
            d = re.sub(r"\s+", " ", m.group("d")).strip()
            if not re.search(ROLE_NOUNS, d) and not re.search(r"\b[A-Z]", d[1:]):
                continue  # "X is the main reason": an opinion, not what X was
            a = p.start + m.start("d")
            out.append(Candidate(re.sub(r"^(?:the|a|an|his|her)\s+", "", d.lower()), d, d, a, a + len(m.group("d")), 1.0))
    return out


STOP_ITEM = {"in", "on", "at", "to", "for", "from", "with", "which", "that", "who", "but", "by", "as", "of", "the"}


def read_coordination(q: Query, p: Passage) -> list[Candidate]:
    """"the reforms known as glasnost and perestroika", "to demand free speech and free elections":
    the items joined by "and" after the question's verb (or its kind of thing), each as long as the last."""
    anchors = [v - p.start for v in p.verbs]
    if q.kind_noun:
        anchors += [m.end() for m in re.finditer(rf"\b{re.escape(q.kind_noun[:5])}\w*", p.text, re.I)]
    for at in sorted(anchors):
        m = re.search(r"\s(?:and|\+|&)\s", p.text[at:])
        if not m:
            continue
        conj = at + m.start()
        after = re.match(r"\s(?:and|\+|&)\s+((?:[\w’'-]+\s*){1,3})", p.text[conj:])
        words = [w for w in after.group(1).split()] if after else []
        while words and words[-1].lower() in STOP_ITEM:
            words.pop()
        cut = next((i for i, w in enumerate(words) if w.lower() in STOP_ITEM), len(words))
        last = words[:cut]
        if not last:
            continue
        before = re.sub(r"\s*\([^)]*\)\s*$", "", p.text[at:conj]).split()
        items = [before[-len(last):], last] if len(before) >= len(last) else []
        if items and all(items):
            out = []
            for words_ in items:
                shown = " ".join(words_).strip(",.;:")
                a = p.start + p.text.find(shown, at)
                out.append(Candidate(shown.lower(), shown, shown, a, a + len(shown), 1.0))
            return out[: q.count or None]
    return []
