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
import functools
import re

import snowballstemmer
from dataclasses import dataclass, field

from . import numbers, work
from .dates import Timex
from .timeml import TimeValue, order
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


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem cut to five letters. Snowball joins died/dies/dying and
    crossed/crosses; the cut joins consul/consulship and Medici/Medicis, which matter more here
    than the rare clash."""
    w = word.lower()
    return _SNOWBALL.stemWord(IRREGULAR.get(w, w))[:5]


_SNOWBALL = snowballstemmer.stemmer("english")
# Irregular past forms Snowball leaves alone; history prose is written in the past tense.
IRREGULAR = {past: base for base, forms in (
    ("send", "sent"), ("lead", "led"), ("fight", "fought"), ("take", "took taken"), ("give", "gave given"),
    ("meet", "met"), ("win", "won"), ("make", "made"), ("begin", "began begun"), ("become", "became"),
    ("hold", "held"), ("leave", "left"), ("lose", "lost"), ("rise", "rose risen"), ("fall", "fell fallen"),
    ("write", "wrote written"), ("sell", "sold"), ("buy", "bought"), ("bring", "brought"), ("think", "thought"),
    ("tell", "told"), ("say", "said"), ("keep", "kept"), ("speak", "spoke spoken"), ("choose", "chose chosen"),
    ("drive", "drove driven"), ("strike", "struck"), ("swear", "swore sworn"), ("stand", "stood"),
    ("overthrow", "overthrew overthrown"), ("withdraw", "withdrew withdrawn"), ("forbid", "forbade forbidden"),
    ("seek", "sought"), ("teach", "taught"), ("catch", "caught"), ("build", "built"), ("spend", "spent"),
    ("slay", "slew slain"), ("shoot", "shot"), ("pay", "paid"), ("lay", "laid"), ("flee", "fled"),
    ("know", "knew known"), ("grow", "grew grown"), ("throw", "threw thrown"), ("break", "broke broken"),
    ("hide", "hid hidden"), ("feel", "felt"), ("find", "found"), ("ride", "rode ridden"), ("sink", "sank sunk"),
    ("steal", "stole stolen"), ("tear", "tore torn"), ("wear", "wore worn"), ("go", "went gone"),
    ("see", "saw seen"), ("come", "came"), ("get", "got gotten"), ("forsake", "forsook forsaken"),
    ("undertake", "undertook undertaken"), ("arise", "arose arisen"), ("bear", "bore"), ("bind", "bound"),
    ("hang", "hung"), ("shake", "shook shaken"), ("draw", "drew drawn"), ("eat", "ate eaten"),
) for past in forms.split()}


def _features(text: str) -> set[str]:
    return content_words(text + " " + " ".join(names_in(text))) if text else set()


def content_words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z][A-Za-z’']+", text) if w.lower() not in _STOP and len(w) > 2}


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

_HOLLOW = {"took", "take", "place", "happen", "happened", "occur", "occurred", "held", "date", "dated"}
_PRONOUN_START = re.compile(r"^\s*(?:He|She|They|It|This|These|His|Her|Their|Its)\b")


def mentions(source: Source, blocks: list[Block], timexes: list[Timex]) -> list[EventMention]:
    """One mention per dated clause of the source."""
    dated = _without_appositions([t for t in timexes if t.type == "date" and t.value], source.text)
    out: list[EventMention] = []
    text = source.text
    children = _children(blocks)
    starts = [t.start for t in dated]
    dated_blocks = {bi for bi, b in enumerate(blocks)
                    if bisect.bisect_left(starts, b.start) < bisect.bisect_left(starts, b.end)}
    subject = ""  # the first name of the last sentence that had one: who "he" and "she" are
    for bi, b in enumerate(blocks):
        work.at("events", b.start, len(text))
        in_block = dated[bisect.bisect_left(starts, b.start):bisect.bisect_left(starts, b.end)]
        sents = b.sentences or [(b.start, b.end)]
        block_starts = [t.start for t in in_block]
        for si, (sa, sb) in enumerate(sents):
            in_sent = in_block[bisect.bisect_left(block_starts, sa):bisect.bisect_left(block_starts, sb)]
            first = len(out)
            if text[sa:sb].rstrip().endswith("?"):
                continue  # a question asserts no happening
            life = _lifespan(text, in_sent)
            if life:
                out += _lifespan_mentions(source, text, life, (sa, sb), bi)
                in_sent = [t for t in in_sent if t not in life]
            clauses = _clauses(text, sa, sb, in_sent)
            for t, (ca, cb) in zip(in_sent, clauses):
                out += _clause_mentions(source, blocks, children, bi, t, (ca, cb), sents[si + 1:si + 2], starts,
                                        dated_blocks)
                out += _after_which(source, t, cb, bi, blocks[bi].kind)
            if subject and _PRONOUN_START.match(text[sa:sb]):
                for m in out[first:]:
                    m.words |= _features(subject)
                    m.wide |= _features(subject)
            names = names_in(text[sa:sb])
            if names and not _PRONOUN_START.match(text[sa:sb]):
                subject = names[0]
    return out


def _clause_mentions(source, blocks, children, bi, t, clause, following, starts, dated_blocks) -> list[EventMention]:
    """``following``: the next sentence of the block, if any; ``starts``: where the source's dates start, sorted."""
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
        if not title:
            continue
        cite = _trim_spans(text, spans + part)
        cited = " ".join(text[a:e] for a, e in cite)
        names = names_in(cited)
        words = _features(core)
        out.append(EventMention(source.id, t.value, t.precision, title, names, cite, words, (t.start, t.end), bi,
                                blocks[bi].kind, stated=t.form != "relative" or t.offset[0] == 0, wide=words | _features(wide),
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
    words = _features(body)
    return [EventMention(source.id, end, prec, title, names_in(body), [(m.start(1), m.end(1))], words,
                         (t.start, t.end), bi, kind, wide=words)]


def _near_words(text: str, t: Timex, ca: int, cb: int) -> set[str]:
    """Content words right around the date, within its commas ("… after the king abdicated in 1848, …")."""
    left = max(text.rfind(",", ca, t.start), text.rfind(";", ca, t.start), ca - 1) + 1
    stops = [i for i in (text.find(",", t.end, cb), text.find(";", t.end, cb)) if i >= 0]
    right = min(stops) if stops else cb
    before = " ".join(text[left:t.start].split()[-5:])
    after = " ".join(text[t.end:right].split()[:4])
    words = _features(before + " " + after)
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
    """"On 23 August, two days after the talks broke down, …": one happening, dated twice."""
    out: list[Timex] = []
    for t in dated:
        if out and t.form == "relative" and re.fullmatch(r"[\s,(–—-]*", text[out[-1].end:t.start]):
            continue
        out.append(t)
    return out


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
        cuts.append(a + m.start() + 1 if m else b)
    cuts.append(sb)
    return [(cuts[gi], cuts[gi + 1]) for gi, g in enumerate(groups) for _ in g]


def _strip_date(body: str, a: int, b: int) -> str:
    return (body[:a] + " " + body[b:]).strip()


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


# --------------------------------------------------------------------------- across the pile

# How much of the smaller clause's content must the other share, by precision:
# many things happen in a year, few on one day.
MERGE_AT = {"day": 0.3, "month": 0.34, "season": 0.34, "year": 0.5, "range": 0.4, "decade": 0.5, "century": 0.5}
CONFLICT_AT = 0.4
CROSS_PRECISION = 0.2


def similarity(a: EventMention, b: EventMention) -> float:
    """Share of the smaller clause's content words (stems, names included) that the other has too."""
    return max(_overlap(a.words, b.words), _overlap(a.wide or a.words, b.wide or b.words),
               _overlap(a.near or a.words, b.near or b.words))


def _jaccard(wa: set[str], wb: set[str]) -> float:
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _overlap(wa: set[str], wb: set[str]) -> float:
    shared = len(wa & wb)
    if shared < 2:
        return 0.0
    return shared / min(len(wa), len(wb))


def compatible(a: str, b: str) -> bool:
    """Equal dates, or a day within its month (see TimeValue.compatible)."""
    ta, tb = TimeValue.parse(a), TimeValue.parse(b)
    return a == b or (ta is not None and tb is not None and ta.compatible(tb))


sort_key = order  # the timeline's order of date values (timeml.order)


MAX_REPS = 12  # members of a group that a newcomer is compared with: the first, most typical ones
CONFLICT_REPS = 4  # members of an event that stand for it when it is compared with events of other dates


@dataclass
class _Group:
    members: list[EventMention]
    dates: set[str]
    paragraphs: set[tuple]      # (source, date, block) of prose members: one happening per paragraph

    def add(self, m: EventMention) -> None:
        self.members.append(m)
        self.dates.add(m.date)
        if m.kind == "paragraph":
            self.paragraphs.add((m.source, m.date, m.block))

    def similarity(self, m: EventMention) -> float:
        if m.kind == "paragraph" and (m.source, m.date, m.block) in self.paragraphs:
            return 1.0  # one paragraph telling one happening in two sentences
        return max(similarity(m, x) for x in self.members[:MAX_REPS])


def reconcile(ms: list[EventMention], texts: dict[str, str]) -> tuple[list[Event], list[Conflict]]:
    """Merge mentions of one happening into one event; surface date disagreements.

    See :func:`reconcile_by_year`, which this runs on mentions held in memory.
    """
    by_year: dict[int, list[EventMention]] = {}
    for m in ms:
        by_year.setdefault(sort_key(m.date)[0], []).append(m)
    return reconcile_by_year(sorted(by_year), by_year.pop, texts)


def reconcile_by_year(years: list[int], mentions_of, texts: dict[str, str]) -> tuple[list[Event], list[Conflict]]:
    """Merge mentions into events and find date conflicts, one year at a time.

    ``mentions_of(year)`` gives that year's mentions (in the pile's order), so a
    large pile's mentions can wait on disk: only a few years' are in memory.

    Mentions are blocked by date (only a day and its month can share an event,
    so a block is one month, or one value), and within a block a mention is
    compared only with the groups whose first members share at least two of its
    words (an inverted index): the similarity needs two shared words, so no
    merge is lost, and the work does not grow with the square of the pile.
    Date conflicts pair events at most three years apart, so they are found in
    a window of seven years that slides along the timeline.
    """
    window = _ConflictWindow(texts)
    years = sorted(years)
    for k, y in enumerate(years):
        groups = _merge(mentions_of(y))
        window.add_year(y, groups, years[k + 1] if k + 1 < len(years) else None)
    window.finish()
    events = window.events
    for i, e in enumerate(events, 1):
        e.id = f"v{i}"
    conflicts = window.date_conflicts + window.number_conflicts
    for i, c in enumerate(conflicts, 1):
        c.id = f"c{i}"
    return events, conflicts


def _merge(ms: list[EventMention]) -> list[list[EventMention]]:
    """One year's mentions merged into groups (one per happening), in the order they were made."""
    groups: list[_Group] = []
    blocks: dict[str, _Index] = {}
    for m in sorted(ms, key=lambda m: (sort_key(m.date), m.source, m.spans[0])):
        key = _block_key(m.date)
        index = blocks.get(key)
        if index is None:
            index = blocks[key] = _Index()
        best, best_sim = None, 0.0
        fits = lambda gi: all(compatible(m.date, d) for d in groups[gi].dates)  # noqa: E731
        for gi in index.candidates(m, fits):
            g = groups[gi]
            # a month joining a day (or the reverse) must be surer than two equal dates
            need = MERGE_AT.get(m.precision, 0.4) + (0.0 if g.dates == {m.date} else CROSS_PRECISION)
            sim = g.similarity(m)
            if sim >= need and sim > best_sim:
                best, best_sim = gi, sim
        if best is None:
            groups.append(_Group([], set(), set()))
            best = len(groups) - 1
        groups[best].add(m)
        index.add(best, m, len(groups[best].members) <= MAX_REPS)
    return [g.members for g in groups]


@dataclass
class _Profile:
    """What the conflict search needs of one event: the first members that state its date."""

    year: int
    exact: list[EventMention]
    sources: set[str]
    features: set[str]
    cites: list[Citation]       # every member with the event's own date, for the conflict's sides


class _ConflictWindow:
    """Events in timeline order, with the date conflicts among those at most three years apart.

    Each event is paired with its most similar event of each other date among
    those of the seven years around it that share its words (see
    :func:`_shared_counts`), and a pair is a conflict when each is the other's
    best: one misdated report does not conflict with everything that happened
    on the other day.
    """

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self.events: list[Event] = []
        self.date_conflicts: list[Conflict] = []
        self.number_conflicts: list[Conflict] = []
        self.profiles: dict[int, _Profile] = {}
        self.index: dict[int, dict[str, list[int]]] = {}      # year -> feature -> events
        self.of_year: dict[int, list[int]] = {}
        self.best: dict[int, dict[str, tuple]] = {}            # event -> other date -> (sim, event)
        self.to_compare: list[int] = []                        # years loaded, best not yet computed
        self.to_emit: list[int] = []                           # years compared, conflicts not yet out

    def add_year(self, y: int, groups: list[list[EventMention]], next_year: int | None) -> None:
        evs = [_event(g, self.texts) for g in groups]
        order = sorted(range(len(evs)), key=lambda i: (sort_key(evs[i].date), evs[i].title))
        first = len(self.events)
        self.of_year[y] = list(range(first, first + len(order)))
        postings = self.index.setdefault(y, {})
        for k, gi in enumerate(order):
            e, g = evs[gi], groups[gi]
            i = first + k
            self.events.append(e)
            self.number_conflicts += _number_conflicts([e], [g], self.texts)
            exact = [m for m in g if m.date == e.date and m.stated][:CONFLICT_REPS]
            feats: set[str] = set()
            if e.precision in ("day", "month", "year"):
                for m in exact:
                    feats |= m.wide | m.words | m.near
            self.profiles[i] = _Profile(y, exact, {m.source for m in exact}, feats,
                                        [_date_cite(m, self.texts) for m in g if m.date == e.date])
            for w in feats:
                postings.setdefault(w, []).append(i)
        self.to_compare.append(y)
        self._advance(next_year)

    def finish(self) -> None:
        self._advance(None)

    def _advance(self, next_year: int | None) -> None:
        horizon = float("inf") if next_year is None else next_year
        while self.to_compare and self.to_compare[0] + 3 < horizon:  # all its neighbours are in
            y = self.to_compare.pop(0)
            self._compare(y)
            self.to_emit.append(y)
        compared_up_to = self.to_compare[0] if self.to_compare else float("inf")
        while self.to_emit and self.to_emit[0] + 3 < compared_up_to:  # its partners have their best too
            y = self.to_emit.pop(0)
            self._emit(y)
            self._forget(y)

    def _compare(self, y: int) -> None:
        for i in self.of_year[y]:
            pi = self.profiles[i]
            window = [self.index.get(yy, {}) for yy in range(y - 3, y + 4)]
            shared = _shared_counts(i, [(w, k, p.get(w, ())) for w in pi.features for k, p in enumerate(window)])
            best = self.best.setdefault(i, {})
            for j in self._partners(i, shared):
                b, pj = self.events[j], self.profiles[j]
                # ties on overlap are common for short clauses: Jaccard breaks them
                sim = max(((similarity(x, z), _jaccard(x.wide, z.wide)) for x in pi.exact for z in pj.exact),
                          default=(0.0, 0.0))
                if sim[0] >= CONFLICT_AT and sim > best.get(b.date, ((0.0, 0.0), -1))[0]:
                    best[b.date] = (sim, j)

    def _partners(self, i: int, shared: dict[int, int]) -> list[int]:
        """The events that could conflict with event i: as precise, at another date near it,
        from other sources (one source giving both dates describes two happenings)."""
        a, pi, events, profiles = self.events[i], self.profiles[i], self.events, self.profiles

        def fits(j: int) -> bool:
            b = events[j]
            return (a.precision == b.precision and not compatible(a.date, b.date) and _near(a.date, b.date)
                    and not pi.sources & profiles[j].sources)
        return _top(shared, fits)

    def _emit(self, y: int) -> None:
        for i in self.of_year[y]:
            for date, (_, j) in sorted(self.best.get(i, {}).items()):
                if i < j and self.best.get(j, {}).get(self.events[i].date, (0, -1))[1] == i:
                    sides = [ConflictSide(self.events[k].date, self.profiles[k].cites) for k in (i, j)]
                    self.date_conflicts.append(Conflict(id="", kind="date", about=self.events[i].title, sides=sides))

    def _forget(self, y: int) -> None:
        for i in self.of_year.pop(y):
            self.profiles.pop(i, None)
            self.best.pop(i, None)
        self.index.pop(y, None)


class _Index:
    """The groups of one date block, by the words of their first members and by paragraph."""

    def __init__(self):
        self.words: dict[str, list[int]] = {}
        self.seen: dict[int, set[str]] = {}
        self.paragraphs: dict[tuple, list[int]] = {}

    def candidates(self, m: EventMention, fits) -> list[int]:
        shared = _shared_counts(-1, [(w, 0, self.words.get(w, ())) for w in m.words | m.wide | m.near])
        out = set(_top(shared, fits))
        if m.kind == "paragraph":
            out.update(gi for gi in self.paragraphs.get((m.source, m.date, m.block), ()) if fits(gi))
        return sorted(out)

    def add(self, gi: int, m: EventMention, rep: bool) -> None:
        if rep:  # only a group's first MAX_REPS members are compared with newcomers
            seen = self.seen.setdefault(gi, set())
            for w in m.words | m.wide | m.near:
                if w not in seen:
                    seen.add(w)
                    self.words.setdefault(w, []).append(gi)
        if m.kind == "paragraph":
            groups = self.paragraphs.setdefault((m.source, m.date, m.block), [])
            if gi not in groups:
                groups.append(gi)


def _block_key(value: str) -> str:
    """Dates that can be compatible share it: a day's month ("1939-08"), else the value itself."""
    if "/" in value:
        return value
    return "-".join(value.split("-")[:2])


def _event(g: list[EventMention], texts: dict[str, str]) -> Event:
    # The most precise date, then the title most sources would recognise.
    date_m = max(g, key=lambda m: (len(m.date), -sort_key(m.date)[0]))
    common = set.intersection(*[x.words for x in g[:MAX_REPS]]) if len(g) > 1 else set()
    title_m = min(g[:MAX_REPS], key=lambda m: (-len(m.words & common), len(m.title)))
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


def _number_conflicts(events: list[Event], groups: list[list[EventMention]], texts: dict[str, str]) -> list[Conflict]:
    """One happening, counted differently: "about 500,000 people" in one source, "a million people" in another."""
    out: list[Conflict] = []
    for e, g in zip(events, groups):
        if len({m.source for m in g}) < 2:
            continue
        by_noun: dict[str, dict[float, list[Citation]]] = {}
        words: dict[str, str] = {}
        for m in g:
            a, b = m.spans[0]
            for q in numbers.quantities(texts[m.source], a, b):
                words.setdefault(q.noun, q.word)
                cite = Citation(m.source, q.start, q.end, texts[m.source][q.start:q.end])
                by_noun.setdefault(q.noun, {}).setdefault(q.value, []).append(cite)
        for noun, values in sorted(by_noun.items()):
            sources = [{c.source for c in cites} for cites in values.values()]
            if len(values) < 2 or max(values) < 1.1 * min(values) or set.intersection(*sources):
                continue
            sides = [ConflictSide(str(int(v)) if v.is_integer() else str(v), cites) for v, cites in sorted(values.items())]
            out.append(Conflict(id="", kind="number", about=f"{e.title}: number of {words[noun]}", sides=sides))
    return out


# A large pile has many events in a month or a year, and a common word ("began", "treaty") is in
# many of them: comparing every event that shares two words would grow with the square of the
# pile. So an event looks up its rarest words first (those say most about which event it matches)
# and reads at most LOOKUP_BUDGET postings in all, then compares itself with the MAX_CANDIDATES
# that share the most words. Neither binds on a pile of a few dozen sources.
COMMON_FEATURE = 200   # a word in more events of a year than this tells nothing about which ones match
LOOKUP_BUDGET = 400
MAX_CANDIDATES = 20


def _shared_counts(me: int, postings: list[tuple[str, int, list[int]]]) -> dict[int, int]:
    """How many of the looked-up words each other event (or group) shares, rarest words first,
    within the lookup budget. ``postings``: (word, year in the window, events or groups)."""
    shared: dict[int, int] = {}
    spent = 0
    # equally rare words in a fixed order (not a set's, which changes from run to run)
    for *_, posting in sorted((len(p), w, k, p) for w, k, p in postings if p):
        spent += len(posting)
        if spent > LOOKUP_BUDGET or len(posting) > COMMON_FEATURE:
            break
        for j in posting:
            if j != me:
                shared[j] = shared.get(j, 0) + 1
    return shared


def _top(shared: dict[int, int], fits) -> list[int]:
    """Of those sharing at least two words (the similarity needs two) that ``fits`` lets
    through, the MAX_CANDIDATES sharing the most, in index order."""
    ok = [j for j, n in shared.items() if n >= 2 and fits(j)]
    if len(ok) > MAX_CANDIDATES:
        ok.sort(key=lambda j: (-shared[j], j))
        del ok[MAX_CANDIDATES:]
    return sorted(ok)


def _date_cite(m: EventMention, texts: dict[str, str]) -> Citation:
    a, b = m.spans[0]
    return Citation(m.source, a, b, texts[m.source][a:b])


def _near(a: str, b: str) -> bool:
    (pa, ya, ma), (pb, yb, mb) = _shape(a), _shape(b)
    if not pa or not pb:
        return False
    if pa >= 3:  # days: within two months
        return abs(ma - mb) <= 2
    if pa == 2 or len(a) == 5:
        return abs(ya - yb) <= 1
    return abs(ya - yb) <= 3


@functools.lru_cache(maxsize=65536)
def _shape(value: str) -> tuple[int, int, int]:
    """(parts, year, months since year 0) of a date value; parts is 0 for a range."""
    tv = TimeValue.parse(value)
    return tv.shape() if tv else (0, 0, 0)
