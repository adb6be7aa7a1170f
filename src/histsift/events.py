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

import re
from dataclasses import dataclass, field

from .dates import Timex
from .model import Citation, Conflict, ConflictSide, Event, Source
from .segment import Block

MAX_TITLE_WORDS = 12
_NAME = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'\-]*\.?(?:\s+(?:of|de|von|van|der|da|di|la|le|the|and)\s+(?=[A-Z]))?\s*)+")
_NOT_NAMES = set("""The A An In On At By For From To Of And But Or If When While After Before Then Thus However
This That These Those There Their They He She It We I His Her Its Our As With Without During Between Since
Until Also Both Each Every Some Many Most Much Such No Not Only So Yet Later Earlier Early Late Mid Next
Following Previous Two Three Four Five Six Seven Eight Nine Ten One First Second Third Last Why How What Who
January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul
Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday BC BCE AD CE Spring Summer
Autumn Winter Fall Date Dates Timeline Notes Answer Explanation Step Final""".split())
_STOP = set("""the a an of to in on at by for with from and or but had has have was were is are be been being that
this these those his her its their they he she it them him as into onto upon over under than then there which
who whom whose what when where while after before during between until since also both not only so such very
would could should will may might can did does do any some all each more most other another same own""".split())
_LEAD = re.compile(r"^(?:[\s,;:(\-–—•*]|(?:on|in|at|by|during|from|between|until|till|since|around|about|of|early|late|"
                   r"then|and|but|so|however|finally|eventually|meanwhile|later|earlier|that|this)\b)+", re.I)


@dataclass
class EventMention:
    source: str
    date: str
    precision: str
    title: str
    names: list[str]
    spans: list[tuple[int, int]]
    words: set[str] = field(default_factory=set)
    date_span: tuple[int, int] = (0, 0)


def stem(word: str) -> str:
    w = word.lower()
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def content_words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z][a-z’']+", text) if w.lower() not in _STOP and len(w) > 2}


def names_in(text: str) -> list[str]:
    out = []
    for m in _NAME.finditer(text):
        name = m.group().strip().rstrip(".")
        words = name.split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        while words and words[-1] in _NOT_NAMES | {"of", "de", "von", "the", "and"}:
            words.pop()
        name = " ".join(words)
        if name and not name.isdigit() and len(name) > 1 and name not in out:
            out.append(name)
    return out


# --------------------------------------------------------------------------- per source

def mentions(source: Source, blocks: list[Block], timexes: list[Timex]) -> list[EventMention]:
    """One mention per dated clause of the source."""
    dated = [t for t in timexes if t.type == "date" and t.value]
    out: list[EventMention] = []
    text = source.text
    children = _children(blocks)
    for bi, b in enumerate(blocks):
        in_block = [t for t in dated if b.start <= t.start < b.end]
        if not in_block:
            continue
        for sa, sb in b.sentences or [(b.start, b.end)]:
            in_sent = [t for t in in_block if sa <= t.start < sb]
            for t, (ca, cb) in zip(in_sent, _clauses(text, sa, sb, in_sent)):
                body = text[ca:cb]
                spans = [(ca, cb)]
                rest = _strip_date(body, t.start - ca, t.end - ca)
                if len(content_words(rest)) < 2 or b.kind in ("heading",) or body.rstrip().endswith(":"):
                    # a bare date, a dated heading or a list intro: it stands for what hangs under it
                    extra = _under(text, blocks, bi, children)
                    spans += extra
                    rest = rest if len(content_words(rest)) >= 2 else (text[extra[0][0]:extra[0][1]] if extra else rest)
                title = make_title(rest)
                if not title:
                    continue
                cited = " ".join(text[a:e] for a, e in spans)
                out.append(EventMention(source.id, t.value, t.precision, title, names_in(cited),
                                        _trim_spans(text, spans), content_words(cited), (t.start, t.end)))
    return out


def _children(blocks: list[Block]) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.parent is not None and b.kind == "bullet":
            kids.setdefault(b.parent, []).append(i)
    return kids


def _under(text: str, blocks: list[Block], bi: int, children: dict[int, list[int]]) -> list[tuple[int, int]]:
    """What a dated heading, intro or cell stands for: its bullets, else the next undated lines."""
    if bi in children:
        return [(blocks[k].start, blocks[k].end) for k in children[bi][:6]]
    out = []
    for b in blocks[bi + 1: bi + 4]:
        if b.kind == "heading" and out:
            break
        out.append((b.start, b.end))
        if b.kind == "paragraph":
            break
    return out


def _clauses(text: str, sa: int, sb: int, dated: list[Timex]) -> list[tuple[int, int]]:
    """Split a sentence so that each date gets the clause around it."""
    if len(dated) <= 1:
        return [(sa, sb)] * len(dated)
    cuts = [sa]
    for left, right in zip(dated, dated[1:]):
        between = text[left.end:right.start]
        m = None
        for m in re.finditer(r";|,\s+(?:and|but|while|then|before|after)\s+|\s+(?:and then|while|whereas)\s+|,\s+(?=[A-Z])|\.\s", between):
            pass
        cuts.append(left.end + m.start() + 1 if m else right.start)
    cuts.append(sb)
    return [(cuts[i], cuts[i + 1]) for i in range(len(dated))]


def _strip_date(body: str, a: int, b: int) -> str:
    return (body[:a] + " " + body[b:]).strip()


def make_title(clause: str) -> str:
    """A short readable title: the clause without its date and leading connectives."""
    s = re.sub(r"\s+", " ", clause).strip()
    s = re.sub(r"\([^)]*\)", "", s)          # asides and bracketed dates
    s = re.sub(r"\s*\|\s*", " ", s).strip()   # table cells
    s = _LEAD.sub("", s).strip()
    s = re.sub(r"^(?:the\s+)?(?:year|month|day|date)\s+", "", s, flags=re.I)
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


# --------------------------------------------------------------------------- across the pile

MERGE_AT = 0.30
CONFLICT_AT = 0.45


def similarity(a: EventMention, b: EventMention) -> float:
    """Shared content words (Jaccard), lifted by shared names."""
    if not a.words or not b.words:
        return 0.0
    jac = len(a.words & b.words) / len(a.words | b.words)
    na, nb = set(a.names), set(b.names)
    names = len(na & nb) / len(na | nb) if na and nb else 0.0
    return 0.7 * jac + 0.3 * names


def compatible(a: str, b: str) -> bool:
    """Equal dates, or a day within its month."""
    if a == b:
        return True
    if "/" in a or "/" in b:
        return False
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 7 and long_.startswith(short + "-")


def sort_key(value: str) -> tuple:
    first = value.split("/")[0]
    bc = first.startswith("BC")
    digits = first[2:] if bc else first
    parts = digits.split("-")
    head = parts[0]
    if len(head) == 4:
        year = int(head)
    elif len(head) == 3:
        year = int(head) * 10
    else:
        year = int(head) * 100 + (99 if bc else 0)
    year = 1 - year if bc else year
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    day = int(parts[2]) if len(parts) > 2 else 0
    return (year, month, day, len(value))


def reconcile(ms: list[EventMention], texts: dict[str, str]) -> tuple[list[Event], list[Conflict]]:
    groups: list[list[EventMention]] = []
    by_year: dict[str, list[int]] = {}
    for m in sorted(ms, key=lambda m: (sort_key(m.date), m.source, m.spans[0])):
        block = _block_key(m.date)
        best, best_sim = None, MERGE_AT
        for gi in by_year.get(block, []):
            g = groups[gi]
            if all(compatible(m.date, x.date) for x in g) and m.source not in {x.source for x in g if x.date == m.date and False}:
                sim = max(similarity(m, x) for x in g)
                if sim >= best_sim:
                    best, best_sim = gi, sim
        if best is None:
            by_year.setdefault(block, []).append(len(groups))
            groups.append([m])
        else:
            groups[best].append(m)
    events = [_event(g, texts) for g in groups]
    order = sorted(range(len(events)), key=lambda i: (sort_key(events[i].date), events[i].title))
    events = [events[i] for i in order]
    groups = [groups[i] for i in order]
    for i, e in enumerate(events, 1):
        e.id = f"v{i}"
    return events, _conflicts(events, groups, texts)


def _block_key(value: str) -> str:
    return value.split("/")[0][:6] if value.startswith("BC") else value.split("/")[0][:4]


def _event(g: list[EventMention], texts: dict[str, str]) -> Event:
    # The most precise date, then the title most sources would recognise.
    date_m = max(g, key=lambda m: (len(m.date), -sort_key(m.date)[0]))
    title_m = min(g, key=lambda m: (-len(m.words & set.intersection(*[x.words for x in g])) if len(g) > 1 else 0, len(m.title)))
    cites = []
    seen = set()
    for m in g:
        for a, b in m.spans:
            if (m.source, a, b) not in seen:
                seen.add((m.source, a, b))
                cites.append(Citation(m.source, a, b, texts[m.source][a:b]))
    names = []
    for m in g:
        names += [n for n in m.names if n not in names]
    return Event(id="", date=date_m.date, precision=date_m.precision, title=title_m.title, citations=cites,
                 participants=names)


def _conflicts(events: list[Event], groups: list[list[EventMention]], texts: dict[str, str]) -> list[Conflict]:
    out: list[Conflict] = []
    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            a, b = events[i], events[j]
            if a.precision != b.precision or a.date == b.date or compatible(a.date, b.date):
                continue
            if not _near(a.date, b.date):
                continue
            sa, sb = {m.source for m in groups[i]}, {m.source for m in groups[j]}
            if sa & sb:
                continue  # one source giving both dates describes two happenings
            sim = max(similarity(x, y) for x in groups[i] for y in groups[j])
            if sim < CONFLICT_AT:
                continue
            out.append(Conflict(id=f"c{len(out) + 1}", kind="date", about=a.title, sides=[
                ConflictSide(a.date, [_date_cite(m, texts) for m in groups[i]]),
                ConflictSide(b.date, [_date_cite(m, texts) for m in groups[j]])]))
    return out


def _date_cite(m: EventMention, texts: dict[str, str]) -> Citation:
    a, b = m.spans[0]
    return Citation(m.source, a, b, texts[m.source][a:b])


def _near(a: str, b: str) -> bool:
    ka, kb = sort_key(a), sort_key(b)
    if "/" in a or "/" in b:
        return False
    if len(a.split("-")) >= 3:  # days: within two months
        return abs((ka[0] * 12 + ka[1]) - (kb[0] * 12 + kb[1])) <= 2
    if len(a.split("-")) == 2 or len(a) in (5,):
        return abs(ka[0] - kb[0]) <= 1
    return abs(ka[0] - kb[0]) <= 3
