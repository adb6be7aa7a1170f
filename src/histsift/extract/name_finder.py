"""Who's who, per source: the candidate names of one source and what the trained pipeline says of them.

Candidates are capitalised sequences in a sentence, titles and role words stripped,
possessives split off; the tagger then marks which words of each are proper nouns where
they stand, and the recogniser its type (see extract/entities.py for how the pile decides).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from histsift.dates.calendar import MONTHS
from histsift.ingest.annotate import Analysed
from histsift.lang import nlp as lang_nlp
from histsift.lang.name_words import (
    EVENT_WORDS,
    IDEOLOGY,
    NAME,
    NOT_NAMES,
    NUMBER_NAMES,
    ORDINAL_WORDS,
    PERSON_TITLES,
    ROMAN_NUMERAL,
    SETTLEMENT_WORDS,
    TITLES,
)

# "the mill town of Harsk", "the port of Tarn": what follows names a place
SETTLEMENT_OF = re.compile(rf"\b(?:{'|'.join(sorted(SETTLEMENT_WORDS))})\s+of\s+$", re.I)
# "the August Crisis", "the March Rising": a month that names an event keeps its place in the name
MONTH_WORDS = {m for m in MONTHS if not any(n != m and n.startswith(m) for n in MONTHS)}  # the full names
TAGGED_SENTENCE = 2000   # characters: a longer "sentence" is a blob or a table, not prose to tag


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



def find(items: list[Analysed]) -> list[Found]:
    out = []
    for a in items:
        text = a.source.text
        for b in a.blocks:
            for x, y in b.sentences or [(b.start, b.end)]:
                out += _in_sentence(text, x, y, a.source.id, b.kind == "heading")
    return out


def tag(a: Analysed, found: list[Found]) -> None:
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
    for (x, y), (proper, ents) in zip(spans, _read([text[x:y] for x, y in spans])):
        for f in by_sent[(x, y)]:
            tags = []
            for m in re.finditer(r"\S+", text[f.start:f.end]):
                a, b = f.start - x + m.start(), f.start - x + m.end()
                tags.append("P" if any(s < b and e > a for s, e in proper) else "o")
            f.tags = "".join(tags)
            for s, e, kind in ents:
                if min(e, f.end - x) - max(s, f.start - x) >= 0.5 * (f.end - f.start):
                    f.ner = kind
                    break


# What the pipeline read in a sentence, by its text: piles copy each other, and a worker that
# meets a sentence again (a copied page, a site's stock line) need not run the network again.
_READ: dict[str, tuple[tuple, tuple]] = {}
_READ_MAX = 50_000


def _read(sentences: list[str]) -> list[tuple[tuple, tuple]]:
    """Per sentence: the (start, end) of its proper-noun tokens, and its entities (start, end, type)."""
    got = {t: _READ[t] for t in sentences if t in _READ}
    todo = list(dict.fromkeys(t for t in sentences if t not in got))
    if len(_READ) + len(todo) > _READ_MAX:
        _READ.clear()
    for t, doc in zip(todo, lang_nlp.pipeline().pipe(todo, batch_size=64)):
        got[t] = _READ[t] = (tuple((tok.idx, tok.idx + len(tok)) for tok in doc if tok.pos_ == "PROPN"),
                             tuple((e.start_char, e.end_char, lang_nlp.ENTITY_TYPES[e.label_]) for e in doc.ents
                                   if e.label_ in lang_nlp.ENTITY_TYPES))
    return [got[t] for t in sentences]


def inside(f: Found, spans: list[tuple[int, int]]) -> bool:
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
    """Split "Spain's Armada" after the possessive, "Vessland of Norway's" before the "of", and
    "Prussia AND Austria" at the shouted function word: two names that happen to stand side by side."""
    out, a = [], start
    toks = list(re.finditer(r"\S+", text[start:end]))
    for k, m in enumerate(toks):
        tok = m.group()
        if tok == "of" and re.search(r"[’']s$", toks[-1].group()) and k > 0 and k == len(toks) - 2:
            # "assured Vessland of Norway's support": "of" before a possessive is the verb's, not the name's
            out.append((a, start + toks[k - 1].end()))
            a = start + toks[k + 1].start()
        elif re.search(r"[’']s$", tok) and start + m.end() < end:
            out.append((a, start + m.end()))
            a = start + m.end() + 1
        elif tok.isupper() and tok.lower() in NOT_NAMES | {"and", "or"} and not (
                tok == "I" and k == len(toks) - 1 and k > 0):   # "World War I" ends in a numeral, not a pronoun
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
            words[0].lower() in ORDINAL_WORDS and len(words) > 1) and not (
            words[0].lower() in MONTH_WORDS and len(words) > 1 and words[1].lower() in EVENT_WORDS):
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
        if len(words) > 1 and (ROMAN_NUMERAL.match(words[-1].strip(".,")) or words[-1].strip(".,") in NUMBER_NAMES):
            break  # "Henry VIII", "World War One"
        words.pop()
        offs.pop()
    if len(words) >= 3 and words[-2] == "of" and len(words[-1].strip(".")) == 1:
        words, offs = words[:-2], offs[:-2]   # "Turkey of U.S. forces": an abbreviation cut short is not part of it
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
    located = bool(re.search(r"\b(?:in|at|near|outside|inside|into|around)\s+(?:the\s+)?$", text[max(0, a - 12):a], re.I)
                   or SETTLEMENT_OF.search(text[max(0, a - 30):a])) \
        and not re.match(r"[’']s\b", text[a + len(name):a + len(name) + 3])
    return [Found(name, source, a, a + len(name), initial=initial, title=title, adjectival=bool(after),
                  located=located)]

