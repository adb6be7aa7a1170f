"""Events: dated happenings read from each source, then merged across the pile.

Per source (:func:`mentions`): each dated clause gives one event mention — its
date, a short title of who did what, the capitalised names in it, and the
exact characters it cites. A dated heading, list intro or table cell stands
for the lines under it, so those are cited too.

Across the pile (:func:`reconcile`): mentions with compatible dates (equal, or
a day within a month) and similar content become one event citing them all.
Mentions that share their content but not their date stay apart, one event per
date, and become a ``date`` conflict with each side's citations. The
similarity is lexical (shared names and content-word stems); docs/TIMELINE.md
has the figures that chose it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from histsift import work
from histsift.dates import Timex
from histsift.ingest.annotate import date_column
from histsift.ingest.segment import Block
from histsift.lang import nlp as lang_nlp
from histsift.lang.words import (
    EXAM_COMMANDS,
    PAGE_PART_WORDS,
    content_words,
    features,
    names_in,
)
from histsift.lang.words import STOP_WORDS as _STOP
from histsift.model import Source

MAX_TITLE_WORDS = 12
_LEAD = re.compile(r"^(?:[\s,;:(\-–—•*]|(?:on|in|at|by|during|from|between|until|till|since|around|about|of|early|late|"
                   r"then|and|but|so|however|finally|eventually|meanwhile|later|earlier|that|this)\b)+", re.I)


@dataclass(slots=True)
class EventMention:
    source: str
    date: str
    precision: str
    title: str
    names: list[str]
    spans: list[tuple[int, int]]
    words: set[str] = field(default_factory=set)     # content words of the dated clause itself
    date_span: tuple[int, int] = (0, 0)
    block: int = -1
    kind: str = ""
    stated: bool = True   # False when the date was counted from another ("two days later")
    wide: set[str] = field(default_factory=set)   # with the lines a bare date stands for
    near: set[str] = field(default_factory=set)   # the comma-bounded stretch around the date alone


# --------------------------------------------------------------------------- per source

_HOLLOW = {"took", "take", "place", "happen", "happened", "occur", "occurred", "held", "date", "dated"}
_SUBJECTLESS = re.compile(r"[\s,;]*(?:and\s+|then\s+)?[a-z]+(?:ed|s)\b")   # a clause that opens with its verb
_PRONOUN_START = re.compile(r"^\s*(?:He|She|They|It|This|These|His|Her|Their|Its)\b")


def mentions(source: Source, blocks: list[Block], timexes: list[Timex]) -> list[EventMention]:
    """One mention per dated clause of the source."""
    dated = _without_appositions([t for t in timexes if t.type == "date" and t.value], source.text)
    out: list[EventMention] = []
    text = source.text
    children = _children(blocks) | date_column(text, blocks, dated)
    starts = [t.start for t in dated]
    dated_blocks = {bi for bi, b in enumerate(blocks)
                    if bisect.bisect_left(starts, b.start) < bisect.bisect_left(starts, b.end)}
    subject = ""  # the first name of the last sentence that had one: who "he" and "she" are
    for bi, b in enumerate(blocks):
        work.at("events", b.start, len(text))
        in_block = dated[bisect.bisect_left(starts, b.start):bisect.bisect_left(starts, b.end)]
        sents = b.sentences or [(b.start, b.end)]
        block_starts = [t.start for t in in_block]
        lead = None
        for si, (sa, sb) in enumerate(sents):
            in_sent = in_block[bisect.bisect_left(block_starts, sa):bisect.bisect_left(block_starts, sb)]
            first = len(out)
            if text[sa:sb].rstrip().endswith("?"):
                continue  # a question asserts no happening
            life = _lifespan(text, in_sent)
            if life:
                out += _lifespan_mentions(source, text, life, (sa, sb), bi)
                in_sent = [t for t in in_sent if t not in life]
            if not in_sent and si > 0 and lead is not None:  # the day the paragraph opened with
                out += _carried(source, lead, (sa, sb), bi, b.kind)
            if si == 0:
                lead = _leading_day(text, sa, in_sent) if b.kind == "paragraph" and len(sents) > 1 else None
            clauses = _clauses(text, sa, sb, in_sent)
            anchored = False   # a day written earlier in the sentence (the dates are in text order)
            doer = None        # the name the sentence's first clause opens with, read once
            for k, (t, (ca, cb)) in enumerate(zip(in_sent, clauses)):
                made = _clause_mentions(source, blocks, children, bi, t, (ca, cb), sents[si + 1:si + 2], starts,
                                        dated_blocks, anchored)
                if k and ca > sa and _SUBJECTLESS.match(text, ca):
                    doer = _doer(text[sa:clauses[0][1]]) if doer is None else doer
                    _give(made, doer)
                anchored = anchored or (t.form != "relative" and t.precision == "day")
                out += made
                out += _after_which(source, t, cb, bi, blocks[bi].kind)
            if subject and _PRONOUN_START.match(text[sa:sb]):
                for m in out[first:]:
                    m.words |= features(subject)
                    m.wide |= features(subject)
            names = names_in(text[sa:sb])
            if names and not _PRONOUN_START.match(text[sa:sb]):
                subject = names[0]
    return out


def _doer(first_clause: str) -> set[str]:
    """"…, takes the town three days later": a clause that opens with its verb has the doer the
    sentence's first clause names first."""
    return features(" ".join(names_in(first_clause)[:1]))


def _give(made: list[EventMention], words: set[str]) -> None:
    for m in made:
        m.words |= words
        m.wide |= words


COUNTED_DAYS = 2          # days a count may run from a written date and the date still be stated…
COUNTED_IN_SENTENCE = 7   # …or from a day written earlier in its sentence, or from a happening it names


def _stated(t: Timex, anchored: bool = False) -> bool:
    """Whether the text gives this date itself: a date written out, or one counted a day or two
    from a written one ("a day earlier", "the next day"), or up to a week from a day the same
    sentence writes before it (``anchored``) or from the happening it names ("three days after
    the landing", which the tagger dated by the sentence that tells the landing); a longer count,
    or one from further away, may have drifted."""
    if t.form != "relative" or t.offset[0] == 0:
        return True
    n, unit = t.offset
    named = bool(t.refers) and t.refers != "deixis"
    reach = COUNTED_IN_SENTENCE if anchored or named else COUNTED_DAYS
    return unit == "D" and n is not None and abs(n) <= reach and t.precision == "day"


LEAD_REACH = 40   # characters into a paragraph's first sentence where its opening date may stand


def _leading_day(text: str, sa: int, in_sent: list[Timex]) -> Timex | None:
    """"Day 3 - On 14 May 1708 the envoys reached the camp …": a paragraph that opens with a day."""
    t = in_sent[0] if in_sent else None
    return t if t is not None and t.precision == "day" and t.start - sa <= LEAD_REACH else None


def _carried(source: Source, lead: Timex, sent: tuple[int, int], bi: int, kind: str) -> list[EventMention]:
    """An undated sentence of a paragraph that opened with a day: another happening of that day,
    its date carried (not stated, so it never stands on a side of a conflict)."""
    text = source.text
    body = text[sent[0]:sent[1]]
    title = make_title(body)
    if not title or says_nothing(title) or body.rstrip().endswith("?") or len(content_words(body)) < 3:
        return []
    words = features(body)
    return [EventMention(source.id, lead.value, lead.precision, title, names_in(body), [sent], words,
                         (lead.start, lead.end), bi, kind, stated=False, wide=words)]


def _clause_mentions(source, blocks, children, bi, t, clause, following, starts, dated_blocks,
                     anchored: bool = False) -> list[EventMention]:
    """``following``: the next sentence of the block, if any; ``starts``: where the source's dates start, sorted;
    ``anchored``: a day is written before ``t`` in its sentence (see :func:`_stated`)."""
    text = source.text
    ca, cb = clause
    body = text[ca:cb]
    spans = [(ca, cb)]
    rest = _strip_date(body, t.start - ca, t.end - ca)
    hollow = len(content_words(rest) - _HOLLOW) < 2
    under: list[tuple[int, int]] = []
    if hollow or blocks[bi].kind == "heading" or body.rstrip().endswith(":"):
        # a bare date, a dated heading or a list intro stands for what hangs under it
        under = _under(text, blocks, bi, children, dated_blocks)
        if hollow and under:
            rest = text[under[0][0]:under[0][1]]
    elif following and _PRONOUN_START.match(text[following[0][0]:following[0][1]]) \
            and bisect.bisect_left(starts, following[0][0]) == bisect.bisect_left(starts, following[0][1]):
        under = [following[0]]  # "… in May. He dismissed his minister …": the next sentence goes on
    parts = _happenings(text, under) if blocks[bi].kind != "paragraph" and under else [under]
    if blocks[bi].kind == "row" and ";" in rest:
        parts = [[p] for p in _split_semicolons(text, ca, cb)]
        spans, under = [], []
    out = []
    for part in parts:
        core = rest if len(parts) == 1 else text[part[-1][0]:part[-1][1]]
        wide = " ".join(text[a:b] for a, b in part) if hollow else ""
        title = make_title(text[part[-1][0]:part[-1][1]] if hollow and len(parts) > 1 else rest)
        if not title or says_nothing(title):
            continue
        cite = _trim_spans(text, spans + part)
        cited = " ".join(text[a:e] for a, e in cite)
        names = names_in(cited)
        words = features(core)
        out.append(EventMention(source.id, t.value, t.precision, title, names, cite, words, (t.start, t.end), bi,
                                blocks[bi].kind, stated=_stated(t, anchored), wide=words | features(wide),
                                near=_near_words(text, t, ca, cb) if len(parts) == 1 and not hollow else set()))
    return out


_AFTER_WHICH = re.compile(r"\s*(?:,\s*)?(?:after which|at the end of which|whereupon)\s+([^.;!?]+)", re.I)


def _after_which(source: Source, t: Timex, clause_end: int, bi: int, kind: str) -> list[EventMention]:
    """"from 82 to 79 BC, after which he retired": the retirement is dated at the range's end."""
    if t.precision != "range" or "/" not in (t.value or ""):
        return []
    m = _AFTER_WHICH.match(source.text, t.end, clause_end)
    if not m:
        return []
    end = t.value.split("/")[1]
    body = m.group(1)
    title = make_title(body)
    if not title:
        return []
    prec = {1: "year", 2: "month", 3: "day"}.get(len(end.removeprefix("BC").split("-")), "year")
    words = features(body)
    return [EventMention(source.id, end, prec, title, names_in(body), [(m.start(1), m.end(1))], words,
                         (t.start, t.end), bi, kind, wide=words)]


def _near_words(text: str, t: Timex, ca: int, cb: int) -> set[str]:
    """Content words right around the date, within its commas ("… after the king abdicated in 1848, …")."""
    left = max(text.rfind(",", ca, t.start), text.rfind(";", ca, t.start), ca - 1) + 1
    stops = [i for i in (text.find(",", t.end, cb), text.find(";", t.end, cb)) if i >= 0]
    right = min(stops) if stops else cb
    before = " ".join(text[left:t.start].split()[-5:])
    after = " ".join(text[t.end:right].split()[:4])
    words = features(before + " " + after)
    return words if len(words) >= 2 else set()


def _happenings(text: str, under: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Under a bare date, "Battle of X; death of Y" is two happenings; the other
    cells (who was involved) belong to both."""
    shared = [u for u in under if ";" not in text[u[0]:u[1]]]
    pieces = [p for a, b in under if ";" in text[a:b] for p in _split_semicolons(text, a, b)]
    if len(pieces) < 2:
        return [under]
    return [shared + [p] for p in pieces]


def _split_semicolons(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, start = [], a
    for m in re.finditer(";", text[a:b]):
        out.append((start, a + m.start()))
        start = a + m.end()
    out.append((start, b))
    return [(x, y) for x, y in _trim_spans(text, out) if re.search(r"[A-Za-z]{3,}", text[x:y])]


def _lifespan(text: str, dated: list[Timex]) -> list[Timex]:
    """"Name (23 September 63 BC – 19 August 14 AD)": a birth and a death."""
    for a, b in zip(dated, dated[1:]):
        if (a.precision == b.precision == "day" and re.fullmatch(r"\s*[–—-]\s*", text[a.end:b.start])
                and text[:a.start].rstrip().endswith("(") and text[b.end:].lstrip().startswith(")")):
            return [a, b]
    return []


def _lifespan_mentions(source, text, dated, sent, bi) -> list[EventMention]:
    before = text[sent[0]:dated[0].start]
    names = names_in(before)
    who = names[0] if names else make_title(before)
    out = []
    for t, what in zip(dated, ("is born", "dies")):
        title = f"{who} {what}"
        out.append(EventMention(source.id, t.value, t.precision, title, names[:1], [sent],
                                content_words(title) | {"born" if what == "is born" else "died"},
                                (t.start, t.end), bi, "lifespan"))
    return out


def _without_appositions(dated: list[Timex], text: str) -> list[Timex]:
    """"On 23 August, two days after the talks broke down, …": one happening, dated twice; and a
    day's number beside its date ("Day 3 - On 14 May", "3 May, counted as Day 1") labels it."""
    out: list[Timex] = []
    for t in dated:
        if out and t.form == "relative" and re.fullmatch(r"[\s,(–—-]*", text[out[-1].end:t.start]):
            continue
        out.append(t)
    labels = {id(t) for t in out if t.form == "daycount" and any(
        u is not t and u.value == t.value and abs(u.start - t.start) <= 80 for u in out)}
    return [t for t in out if id(t) not in labels]


def _children(blocks: list[Block]) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.parent is not None and b.kind == "bullet":
            kids.setdefault(b.parent, []).append(i)
    return kids


def _under(text: str, blocks: list[Block], bi: int, children: dict[int, list[int]],
           dated_blocks: set[int]) -> list[tuple[int, int]]:
    """What a dated heading, intro or table cell stands for: its bullets, else the
    lines after it up to the next dated line (a table row read cell by cell)."""
    if bi in children:
        return [(blocks[k].start, blocks[k].end) for k in children[bi][:6]]
    if blocks[bi].kind == "bullet" and blocks[bi].parent is not None:
        parent = blocks[blocks[bi].parent]
        return [(parent.start, parent.end)]
    out = []
    for k in range(bi + 1, min(bi + 6, len(blocks))):
        prose = blocks[k].kind == "paragraph" and len(text[blocks[k].start:blocks[k].end].split()) >= 8
        if k in dated_blocks or (prose and out):
            break  # the next dated line, or running text after the cells of a table row
        out.append((blocks[k].start, blocks[k].end))
        if prose:
            break
    return out


def _clauses(text: str, sa: int, sb: int, dated: list[Timex]) -> list[tuple[int, int]]:
    """Split a sentence so that each date gets the clause around it.

    Dates joined only by "and"/"or"/a comma ("consul in 88 and 80 BC") share
    one predicate, so they share the clause.
    """
    if len(dated) <= 1:
        return [(sa, sb)] * len(dated)
    groups: list[list[Timex]] = [[dated[0]]]
    for left, right in zip(dated, dated[1:]):
        if re.fullmatch(r"\s*(?:,|and|or|&|,\s*and)?\s*", text[left.end:right.start]):
            groups[-1].append(right)
        else:
            groups.append([right])
    cuts = [sa]
    for left, right in zip(groups, groups[1:]):
        a, b = left[-1].end, right[0].start
        between = text[a:b]
        m = None
        for m in re.finditer(r";|,\s+(?:and|but|while|then|before|after)\s+|\s+(?:and then|while|whereas)\s+|,\s+(?=[A-Z])|\.\s", between):
            pass
        if m is None:   # "crosses the river 28 Feb, takes the town three days later": the comma parts them
            m = re.search(r",\s+(?=[^,]*$)", between)
        cuts.append(a + m.start() + 1 if m else b)
    cuts.append(sb)
    return [(cuts[gi], cuts[gi + 1]) for gi, g in enumerate(groups) for _ in g]


def _strip_date(body: str, a: int, b: int) -> str:
    return (body[:a] + " " + body[b:]).strip()


def says_nothing(title: str) -> bool:
    """A title that names no happening: the label of a page's part ("Timeline"), an exam's task
    ("Explain why …"), or only a person's name ("Marta Oleska", a byline), by the tagger."""
    words = re.findall(r"[A-Za-z][\w'’-]*", title)
    content = {w.lower() for w in words} - _STOP
    if not content or content <= PAGE_PART_WORDS or words[0].lower() in EXAM_COMMANDS:
        return True
    if any(w[:1].islower() for w in words) or not lang_nlp.available():
        return False
    doc = lang_nlp.pipeline()(title)
    names_only = all(t.pos_ in ("PROPN", "PUNCT", "NUM", "SYM", "CCONJ") for t in doc)
    kinds = {lang_nlp.ENTITY_TYPES.get(e.label_) for e in doc.ents}
    # a full name (two words or more), not one word the recogniser may mistake ("Naulochus")
    return names_only and kinds == {"person"} and any(len(e) >= 2 for e in doc.ents)


def make_title(clause: str) -> str:
    """A short readable title: the clause without its date and leading connectives."""
    s = re.sub(r"\s+", " ", clause).strip()
    s = re.sub(r"\([^)]*\)", "", s)          # asides and bracketed dates
    s = re.sub(r"\s*\|\s*", " ", s).strip()   # table cells
    s = _LEAD.sub("", s).strip()
    s = re.sub(r"^(?:the\s+)?(?:year|month|day|date)\s+", "", s, flags=re.I)
    # a preposition left hanging where the date was: "pushed out in , and …"
    s = re.sub(r"\s+(?:in|on|at|by|of|from|since|during|until|around|between)\s*(?=[,;:.]|$)", "", s)
    s = re.sub(r"\s+(?:in|on|at|by|during|until)\s+(?=(?:to|and|but|so|when|after|before|as|the\s+\w+\s+was)\b)",
               " ", s)
    s = re.sub(r"\s{2,}", " ", s)
    s = s.rstrip(" .,;:!?")
    words = s.split()
    if len(words) > MAX_TITLE_WORDS:
        words = words[:MAX_TITLE_WORDS]
        while words and words[-1].lower().strip(",;:") in _STOP:
            words.pop()
        words[-1] = words[-1].rstrip(",;:")
        s = " ".join(words) + " …"
    if not re.search(r"[A-Za-z]{3,}", s):
        return ""
    return s[:1].upper() + s[1:]


def _trim_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and (a, b) not in out:
            out.append((a, b))
    return out
