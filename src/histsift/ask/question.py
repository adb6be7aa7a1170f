"""Question analysis: what kind of answer a question wants, and what it is about.

English wh-questions announce their answer type in their first words ("when",
"how long", "which country", "who were the three…"), so a table of patterns
does the job better than a general parser would; what a question is *about*
is its content words, the names it mentions and any date it is pinned to.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from histsift import dates
from histsift.errors import HistsiftError
from histsift.lang.name_words import PERSON_TITLES
from histsift.lang.words import IRREGULAR, content_words, stem

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "both": 2, "2": 2, "3": 3, "4": 4, "5": 5}
TIME_UNITS = r"(?:years?|months?|weeks?|days?|hours?|decades?|centuries|century)"
PEOPLE = r"(?:men|women|people|persons|leaders|generals|rulers|kings|queens|emperors|politicians|ministers|members|" \
         r"individuals|figures|statesmen|commanders|brothers|sons)"
ADJ = r"(?:(?!(?:did|does|do|was|were|is|are|had|has|have|will|would|could)\b)[a-z-]+ )"  # words before the noun
# a "which …" noun that asks for a person: the titles and roles who's who knows (lang/name_words.py)
# and the words for what people are and do
PERSON_NOUN = "(?:" + "|".join(sorted({w for w in PERSON_TITLES if len(w) > 2 and w.isalpha()} | set("""
person man woman leader ruler politician officer journalist writer author spokesman dictator assassin
conspirator spy interpreter diplomat soldier historian scientist explorer monk priest poet artist architect
engineer banker merchant official statesman negotiator organiser organizer""".split()), key=len, reverse=True)) + ")"
PLACES = r"(?:countries|nations|states|cities|towns|places|regions|provinces|territories|lands|islands|ports)"
PLACE_NOUN = r"(?:country|nation|city|town|place|region|province|territory|island|port|river|capital|village|state|" \
             r"crossing|checkpoint|square|street|bridge|border crossing)"
EVENT_NOUN = r"(?:battle|war|treaty|pact|conference|revolution|crisis|agreement|siege|campaign|uprising|rebellion|" \
             r"election|invasion|coup|massacre|congress|accord|armistice|alliance)"
ORG_NOUN = r"(?:party|organi[sz]ation|army|league|union|council|body|government|assembly|committee|company|navy|" \
           r"senate|parliament|institution|group)"

# (pattern on the lower-cased question, type, item type for lists) — first match wins
RULES: list[tuple[re.Pattern, str, str | None]] = [(re.compile(p), t, i) for p, t, i in [

    (r"^why\b|^for what reasons?\b|^what (?:were|was) the (?:main )?(?:reasons?|causes?|motives?)\b", "why", None),
    (rf"^how (?:long|many {TIME_UNITS}|much time)\b", "duration", None),
    (r"^how (?:many|much)\b", "number", None),
    (r"^(?:when|since when|by when)\b|^(?:in |by |on |during )?(?:what|which) (?:year|date|day|month|decade|century|season)\b"
     r"|^what (?:year|date|day|month)\b", "date", None),
    (rf"^who (?:were|are)\b|^(?:\w+ )?(?:which|what) (?:\w+ )?{PEOPLE}\b", "list", "person"),
    (r"^(?:who|whom|whose)\b|^by whom\b|^(?:to |with |from )?whom\b", "person", None),
    (rf"^(?:\w+ )?(?:which|what) {ADJ}{{0,3}}?{PERSON_NOUN}\b", "person", None),
    (rf"^(?:\w+ )?(?:which|what) (?:(?:two|three|four|five|six) )?{PLACES}\b", "list", "place"),
    (rf"^where\b|^(?:\w+ )?(?:which|what) {PLACE_NOUN}\b", "place", None),
    (r"^(?:\w+ )?(?:which|what) (?:two|three|four|five|six) [a-z-]+\b", "list", "text"),
    (rf"^(?:\w+ )?(?:which|what) {EVENT_NOUN}\b", "event", None),
    (rf"^(?:\w+ )?(?:which|what) {ORG_NOUN}\b", "organization", None),
    (r"^(?:is|was|were|did|does|do|are|has|had|have|can|could|would|will)\b", "yesno", None),
]]
PREPOSITIONS = {"in", "on", "at", "of", "to", "from", "for", "with", "by", "during", "after", "before", "into"}
AUX = {"did", "does", "do", "was", "were", "is", "are", "had", "has", "have", "been", "be", "could", "would", "the",
       "will"}
TYPE_NOUN = re.compile(rf"^(?:\w+ )?(?:which|what) {ADJ}{{0,3}}?(?P<noun>{PEOPLE}|{PLACES}|{PERSON_NOUN}|"
                       rf"{PLACE_NOUN}|{EVENT_NOUN}|{ORG_NOUN})\b|"
                       rf"^who (?:were|are) the (?:\w+ )?(?P<noun2>{PEOPLE})\b|"
                       r"^(?:\w+ )?(?:which|what) (?:two|three|four|five|six) (?P<noun3>[a-z-]+)\b")
# "Who was Egon Krenz?", "What was the Stasi?": a description of a name is wanted
DEFINE = re.compile(r"^(?:Who|What) (?:was|is|were|are) (?:the )?(?P<name>[A-Z][\w’'.-]*"
                    r"(?:\s+(?:of|the|de|von|van|[A-Z][\w’'.-]*))*)\s*\??$")
KIND = re.compile(r"\bwhat (?:kind|type|sort) of (?P<focus>[a-z-]+)")
QWORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how", "many", "much", "long", "did",
          "does", "was", "were", "is", "are", "the", "year", "date", "day", "kind", "type", "sort", "name", "called",
          "decade", "century", "month", "happen", "happened", "occur", "occurred"}


@dataclass
class Query:
    text: str
    type: str                     # date, duration, number, person, place, organization, event, text, list, why, yesno
    item_type: str | None = None  # what a list holds
    count: int | None = None      # "the three members" → 3
    precision: str | None = None  # "in which year" → year; "on what date" → day
    unit: str | None = None       # what a number counts ("times", "senators"); a duration's unit
    focus: str | None = None      # "what kind of war" → war
    verb: str | None = None       # the stem of the question's predicate ("replaced", "cross", "born")
    role: str = "subject"         # which slot of that verb the answer fills: subject, object (whom …)
    passive: bool = False         # "which ruler was overthrown": the answer is who it was done to
    kind_noun: str | None = None  # "which battle" → battle
    agent: str = ""               # the named doer of the question's verb ("when did Narvia declare war")
    others: frozenset = frozenset()  # the named other parties of that verb ("… war on Ostland")
    terms: set[str] = field(default_factory=set)    # content stems the answer's passage should carry
    names: list[str] = field(default_factory=list)  # names the question mentions
    dates: list[dates.Timex] = field(default_factory=list)  # dates the question is pinned to


def analyse(question: str, era: str | None = None, year: int | None = None) -> Query:
    q = re.sub(r"\s+", " ", question.strip())
    low = q.lower()
    kind, item = "text", None
    for pattern, t, i in RULES:
        if pattern.search(low):
            kind, item = t, i
            break
    if DEFINE.match(q):
        kind, item = "define", None
    query = Query(q, kind, item)
    m = re.search(r"\b(?:the|these|those)?\s*(two|three|four|five|six|seven|eight|nine|ten|both)\b", low)
    if kind == "list" and m:
        query.count = NUMBER_WORDS[m.group(1)]
    if kind == "date":
        query.precision = ("year" if re.search(r"\b(?:what|which) year\b", low) else
                           "day" if re.search(r"\b(?:what|which) (?:date|day)\b", low) else
                           "month" if re.search(r"\b(?:what|which) month\b", low) else
                           "decade" if re.search(r"\b(?:what|which) decade\b", low) else
                           "century" if re.search(r"\b(?:what|which) century\b", low) else None)
    if kind in ("number", "duration"):
        # what is counted: the head of the phrase after "how many" ("how many East Germans crossed…")
        u = re.search(r"\bhow (?:many|much) (.*)", low)
        unit = None
        for w in (u.group(1).split() if u else [])[:4]:
            w = w.strip("?,.")
            if w in AUX or w in PREPOSITIONS or (unit and (w.endswith("ed") or w in IRREGULAR)):
                break
            unit = w
        query.unit = unit
    k = KIND.search(low)
    if k:
        query.focus = k.group("focus")
    found = dates.tag(q, dates.Context(era=era, year=year))
    # "take place" says nothing; blanked to its length so the dates' offsets still hold
    blank = re.sub(r"\b(?:take|takes|took|taken|taking) place\b", lambda m: " " * len(m.group()), q, flags=re.I)
    query.dates = [t for t in found if t.type == "date" and t.value]
    without_dates = blank
    for t in sorted(found, key=lambda t: -t.start):
        without_dates = without_dates[:t.start] + " " + without_dates[t.end:]
    query.names = _names(without_dates)
    query.terms = content_words(without_dates) - {stem(w) for w in QWORDS} - set(NUMBER_WORDS)
    if kind == "duration":
        # "how long did the siege last / take": the verb restates the question; a passage says "a 40-day siege"
        query.terms -= {stem(w) for w in ("last", "lasted", "take", "took", "taken")}
    m = TYPE_NOUN.search(low)
    kind_noun = (m.group("noun") or m.group("noun2") or m.group("noun3")) if m else None
    query.kind_noun = kind_noun
    if kind_noun and not re.fullmatch(EVENT_NOUN, kind_noun):
        # "which country", "the three members": the kind of answer, not words its passage must carry
        query.terms -= {stem(w) for w in kind_noun.split()}
    name_stems = {stem(w) for n in query.names for w in n.split()} | ({stem(query.unit)} if query.unit else set())
    if kind_noun:
        name_stems |= {stem(w) for w in kind_noun.split()}
    after = m.end() if m else 0  # the verb comes after the kind of answer ("which new leader wanted")
    for w in re.findall(r"[A-Za-z][A-Za-z’'-]+", without_dates[after:])[0 if after else 1:]:
        if stem(w) in query.terms and stem(w) not in name_stems and w.lower() not in AUX:
            query.verb = stem(w)
            query.passive = bool(re.search(rf"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?{re.escape(w.lower())}\b",
                                           low))
            break
    _from_parse(query, name_stems)
    if re.match(r"^(?:whom|who did|who does|who do|to whom|with whom|from whom)\b", low):
        query.role = "object"
    return query


def _from_parse(query: Query, name_stems: set[str]) -> None:
    """What the parse of the question says better than word order: the predicate is a verb ("showed"
    in "Who was the guild's head surveyor who showed…", not "head"), its voice, and the noun a
    "which …" asks for ("at which summit" → summit) when no table above names it."""
    from histsift.lang import nlp as lang_nlp

    if not lang_nlp.available():
        return
    doc = _parse_question(query.text)
    wh = next((t for t in doc if t.lower_ in ("which", "what") and t.i + 1 < len(doc)), None)
    if wh is not None and query.kind_noun is None and query.type == "text":
        noun = next((t for t in doc[wh.i + 1:wh.i + 4] if t.pos_ == "NOUN"), None)
        if noun is not None and all(t.pos_ in ("ADJ", "NOUN", "PROPN") for t in doc[wh.i + 1:noun.i]):
            query.kind_noun = noun.lower_
            for pattern, kind in ((PLACE_NOUN, "place"), (EVENT_NOUN, "event"), (ORG_NOUN, "organization"),
                                  (PERSON_NOUN, "person")):
                if re.fullmatch(pattern, noun.lower_):
                    query.type = kind   # "just off which bridge": the table wants the noun first
                    break
            query.terms.discard(stem(noun.text))
            name_stems = name_stems | {stem(noun.text)}
    chosen = None
    for t in doc:
        # a verb, or a word the tagger took for a noun but the parse gives a subject
        # ("When did Narvia declare war": "declare" tagged NOUN, with "Narvia" under it)
        verbal = t.pos_ == "VERB" or (t.pos_ == "NOUN" and "nsubj" in {c.dep_ for c in t.children})
        if verbal and stem(t.text) in query.terms and stem(t.text) not in name_stems and t.lower_ not in AUX:
            chosen = t
            query.verb = stem(t.text)
            query.passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in t.children)
            break
    chosen = chosen or next((t for t in doc if query.verb and stem(t.text) == query.verb), None)
    if chosen is not None:
        from histsift.ask.readers import agent_of, others_of
        query.agent, query.others = agent_of(chosen), others_of(chosen)


@functools.lru_cache(maxsize=256)
def _parse_question(text: str):
    from histsift.lang import nlp as lang_nlp

    return lang_nlp.pipeline(parse=True)(text)


def _names(q: str) -> list[str]:
    """Capitalised runs after the first word ("Treaty of Kanagawa", "Tokugawa Ieyasu"); a comma ends one."""
    out, run = [], []

    def close():
        while run and run[-1] in LINKS:
            run.pop()
        if run:
            out.append(re.sub(r"[’']s$", "", " ".join(run)))
        run.clear()

    for w in q.split(" ")[1:]:
        bare = re.sub(r"^[^\w]+|[^\w’'-]+$", "", w)
        if bare[:1].isupper() or (run and bare in LINKS):
            run.append(bare)
            if w != bare and not w.endswith(("’s", "'s")):  # punctuation after it
                close()
        else:
            close()
    close()
    return out


LINKS = ("of", "de", "von", "the", "van", "du", "la")


def read_questions(path: Path) -> list[str]:
    """A file of questions, one per line (the CLI's ask --file); a bad file is one clear error."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HistsiftError(f"no such question file: {path}") from None
    except IsADirectoryError:
        raise HistsiftError(f"{path} is a folder; --file needs a text file") from None
    except OSError as e:
        raise HistsiftError(f"cannot read {path}: {e.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HistsiftError(f"{path} is not UTF-8 text: write one question per line") from None
    if "\x00" in text:
        raise HistsiftError(f"{path} is not a text file of questions (one per line)")
    return [line.strip() for line in text.splitlines() if line.strip()]
