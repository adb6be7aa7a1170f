"""Events across the pile: mentions with compatible dates and similar content merged into one
event citing them all; the same content on different dates kept apart as a ``date`` conflict.

The similarity is lexical (shared names and content-word stems); docs/TIMELINE.md has the
figures that chose it. The per-source half is :mod:`histsift.extract.events`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from histsift.dates.timeml import TimeValue, order
from histsift.extract import numbers
from histsift.extract.date_nearness import countries_named, near, near_across
from histsift.extract.events import EventMention
from histsift.lang.words import DEED_NOUN_ENDINGS, LIGHT_STEMS, SUBORDINATORS, names_in, stem
from histsift.model import Citation, Conflict, ConflictSide, Event

# --------------------------------------------------------------------------- across the pile

# How much of the smaller clause's content must the other share, by precision:
# many things happen in a year, few on one day.
MERGE_AT = {"day": 0.3, "month": 0.34, "season": 0.34, "year": 0.5, "range": 0.4, "decade": 0.5, "century": 0.5}
CONFLICT_AT = 0.4
CROSS_PRECISION = 0.2
# A source behind both dates is evidence of two happenings; another source's line overrides it only
# when it tells one side's line nearly word for word (all but one in five of the shorter one's words).
SHARED_CONFLICT_AT = 0.8


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
    # "the fleet sailed on 3 May" and "the fleet burned on 5 May": two happenings, not one twice dated.
    # The tagger reads the quotes that state the sides' dates; the pairs whose verbs already part are
    # dropped before the rest are read more closely (with the lines bare dates stand for).
    reader = _QuoteReader(window.stated)
    deeds = reader.deeds(window.date_conflicts)
    kept = [k for k in window.date_conflicts if not different_deeds(*k.sides, deeds)]
    clauses = reader.clauses(kept)
    window.date_conflicts = [k for k in kept if not different_clauses(*k.sides, clauses)]
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
    countries: frozenset = frozenset()   # the countries its members name (gazetteer spellings merged)


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
        # (source, start, end) of a side's quote → where its date is in it, or None for the line a bare date stands for
        self.stated: dict[tuple[str, int, int], tuple[int, int] | None] = {}
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
            # every member's source: one source giving both dates (one of them counted) tells two happenings
            self.profiles[i] = _Profile(y, exact, {m.source for m in g}, feats,
                                        [c for m in g if m.date == e.date for c in _date_cites(m, self.texts, self.stated)],
                                        countries_named(n for m in exact for n in m.names))
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
                if (pi.countries - pj.countries) and (pj.countries - pi.countries):
                    continue  # "declared war on Denmark", "on Norway": the same deed to two countries, two events
                # ties on overlap are common for short clauses: Jaccard breaks them
                sim = max(((similarity(x, z), _jaccard(x.wide, z.wide)) for x in pi.exact for z in pj.exact
                           if x.source != z.source), default=(0.0, 0.0))
                need = SHARED_CONFLICT_AT if pi.sources & pj.sources else CONFLICT_AT
                if sim[0] >= need and sim > best.get(b.date, ((0.0, 0.0), -1))[0]:
                    best[b.date] = (sim, j)

    def _partners(self, i: int, shared: dict[int, int]) -> list[int]:
        """The events that could conflict with event i: as precise as it, or of the neighbouring
        precision, at another date near it. A source behind both is evidence of two happenings, so
        such a pair must match more closely (SHARED_CONFLICT_AT, across sources only)."""
        a, pi, events, profiles = self.events[i], self.profiles[i], self.events, self.profiles

        def fits(j: int) -> bool:
            b = events[j]
            if compatible(a.date, b.date):
                return False
            return near(a.date, b.date) if a.precision == b.precision else near_across(a.date, b.date)
        return _top(shared, fits)

    def _emit(self, y: int) -> None:
        for i in self.of_year[y]:
            for date, (_, j) in sorted(self.best.get(i, {}).items()):
                if i < j and self.best.get(j, {}).get(self.events[i].date, (0, -1))[1] == i:
                    sides = [ConflictSide(self.events[k].date, cites) for k, cites in zip((i, j), self._sides(i, j))]
                    self.date_conflicts.append(Conflict(id="", kind="date", about=self.events[i].title, sides=sides))

    def _sides(self, i: int, j: int) -> tuple[list[Citation], list[Citation]]:
        """What each side cites. A source behind both events stands only on the side of its line that
        the other side's line matched: its line of the other date tells another happening, and citing it
        there would say it gives that date too."""
        pi, pj = self.profiles[i], self.profiles[j]
        shared = pi.sources & pj.sources
        if not shared:
            return pi.cites, pj.cites
        _, x, z = max((similarity(x, z), x.source, z.source) for x in pi.exact for z in pj.exact
                      if x.source != z.source)
        return ([c for c in pi.cites if c.source not in shared or c.source == x],
                [c for c in pj.cites if c.source not in shared or c.source == z])

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
        named: dict[tuple[str, float], set[str]] = {}   # the name words of the clauses giving each value
        words: dict[str, str] = {}
        for m in g:
            a, b = m.spans[0]
            for q in numbers.quantities(texts[m.source], a, b):
                words.setdefault(q.noun, q.word)
                cite = Citation(m.source, q.start, q.end, texts[m.source][q.start:q.end])
                by_noun.setdefault(q.noun, {}).setdefault(q.value, []).append(cite)
                named.setdefault((q.noun, q.value), set()).update(
                    w.lower() for n in names_in(texts[m.source][a:b]) for w in n.split())
        for noun, values in sorted(by_noun.items()):
            sources = [{c.source for c in cites} for cites in values.values()]
            if len(values) < 2 or max(values) < 1.1 * min(values) or set.intersection(*sources):
                continue
            if len(values) == 2 and _counts_of_two((named[noun, v] for v in values)):
                continue
            sides = [ConflictSide(str(int(v)) if v.is_integer() else str(v), cites) for v, cites in sorted(values.items())]
            out.append(Conflict(id="", kind="number", about=f"{e.title}: number of {words[noun]}", sides=sides))
    return out


def _counts_of_two(named) -> bool:
    """Two counts whose clauses each name someone the other's do not ("Ostland sent 400 knights",
    "Velmora's contingent was 700 knights"): counts of two parties to one happening, not one
    count told twice."""
    a, b = named
    return bool(a - b) and bool(b - a)


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


def _date_cites(m: EventMention, texts: dict[str, str], stated: dict | None = None) -> list[Citation]:
    """Where a member states its date: the sentence; for a bare date line (a column of dates, a table
    cell) also the line it stands for, which says what happened on it. ``stated`` learns where in
    each quote its date is (None: the line a bare date stands for)."""
    out = []
    for k, (a, b) in enumerate(m.spans[:2]):
        out.append(Citation(m.source, a, b, texts[m.source][a:b]))
        if stated is not None:
            x, y = m.date_span
            stated.setdefault((m.source, a, b), (x - a, y - a) if k == 0 and a <= x < y <= b else None)
        if re.search(r"[a-z]{3,}\s+[a-z]{2,}", out[-1].quote):
            break   # the first span has words of its own: it states the deed too
    return out


def different_deeds(a: ConflictSide, b: ConflictSide, deeds: dict[str, tuple]) -> bool:
    """Two sides that each tell a deed, and no deed of one is a deed of the other (the verbs, from the
    tagger), nor the noun the other makes of it ("had installed" against "the installation of"; a
    verb that only might happen, "might remove", is not matched so): whatever their words share,
    they report two happenings. A side of bare dates (a column of dates, a table cell) tells no deed
    and vetoes nothing."""
    (va, da, na), (vb, db, nb) = _side_deeds(a, deeds), _side_deeds(b, deeds)
    return bool(va) and bool(vb) and not va & vb and not da & nb and not db & na


def _side_deeds(side: ConflictSide, deeds: dict[str, tuple]) -> tuple[frozenset, ...]:
    """(verbs, verbs told as done, nouns made of deeds) of a side's dated quotes, as stems."""
    got = [deeds.get(c.quote, (frozenset(),) * 3) for c in side.citations[:CONFLICT_REPS]]
    return tuple(frozenset().union(*(g[k] for g in got)) for k in range(3))


def different_clauses(a: ConflictSide, b: ConflictSide, clauses: dict[str, tuple]) -> bool:
    """The words that state one side's happening (the verbs and nouns of the stretch its date is in, or
    of the stretch that stretch leans on: "the governor denounced (6 May) the Vessa captains"; for a bare
    date, of the line it stands for) are none of the words of the other side, and the other way round:
    the two dates are of two happenings, however much the sentences around them share. A side of
    bare dates vetoes nothing."""
    if a.value[-5:] == b.value[-5:] and a.value.count("-") == 2:
        return False   # the same day of the same month, years apart: one happening, its year mistold
    ca, cb = _side_clauses(a, clauses), _side_clauses(b, clauses)
    # each side's stretch is checked against all the other side says ("the siege began in March" and
    # "they did not reach it until May, and only then did the siege begin")
    return (bool(ca) and bool(cb) and not ca & _side_clauses(b, clauses, every=True)
            and not cb & _side_clauses(a, clauses, every=True))


def _side_clauses(side: ConflictSide, clauses: dict[str, tuple], every: bool = False) -> frozenset:
    """The words of the stretches that state the side's date (``every``: all the verbs and nouns of those
    quotes). An undated quote counts only as the line a bare date stands for."""
    out: set[str] = set()
    bare = False
    for c in side.citations[:CONFLICT_REPS + 1]:
        dated, words, all_words = clauses.get(c.quote, (False, frozenset(), frozenset()))
        if dated or bare:
            out |= all_words if every else words
        bare = dated and not words and len(c.quote) < 40
    return frozenset(out)


BOUNDARY = {",", ";", ":", "(", ")", "—", "–", "-", "[", "]", ".", "!", "?"}   # the punctuation a stretch of a sentence ends at


class _QuoteReader:
    """The quotes of the conflicts' sides, tagged once each (the tagger who's who loaded). ``stated``:
    (source, start, end) of a quote → where its date is in it, or None for the line a bare date stands
    for. Empty without the model."""

    def __init__(self, stated: dict[tuple[str, int, int], tuple[int, int] | None]):
        from histsift.lang import nlp as lang_nlp

        self.stated, self.on, self.docs = stated, lang_nlp.available(), {}

    def _tag(self, quotes: set[str]) -> None:
        from histsift.lang import nlp as lang_nlp

        todo = sorted(q for q in quotes if q not in self.docs)
        if todo and self.on:
            self.docs.update(zip(todo, lang_nlp.pipeline().pipe(todo, batch_size=64)))

    def _wanted(self, conflicts: list[Conflict], n: int) -> dict[str, tuple[int, int] | None]:
        return {c.quote: self.stated[(c.source, c.start, c.end)] for k in conflicts for side in k.sides
                for c in side.citations[:n] if (c.source, c.start, c.end) in self.stated}

    def deeds(self, conflicts: list[Conflict]) -> dict[str, tuple]:
        """Each dated quote's deeds (see :func:`_deeds`), for :func:`different_deeds`."""
        dated = {q for q, at in self._wanted(conflicts, CONFLICT_REPS).items() if at is not None}
        self._tag(dated)
        return {q: _deeds(self.docs[q]) for q in dated if q in self.docs}

    def clauses(self, conflicts: list[Conflict]) -> dict[str, tuple]:
        """Each quote's (dated, verbs and nouns of the stretch that states the date, all its verbs and
        nouns) for :func:`different_clauses`, each word as its stem ("began" and "begin" are one deed:
        :func:`stem` knows the irregular pasts)."""
        wanted = self._wanted(conflicts, CONFLICT_REPS + 1)
        self._tag(set(wanted))
        if not self.on:
            return {}
        out = {}
        for q, at in wanted.items():
            doc = self.docs[q]
            stretches = _stretches(doc)
            told = [t for x in stretches if not _leans(x) for t in x]   # "after German troops went …" left out
            out[q] = (at is not None, _stems(_stating_stretch(stretches, at), ("VERB", "NOUN")),
                      _stems(told, ("VERB", "NOUN", "PROPN")))
        return out


def _deeds(doc) -> tuple[frozenset, frozenset, frozenset]:
    """(its verbs, the verbs not in the infinitive, its nouns made of deeds), as stems."""
    done = [t for t in doc if t.pos_ == "VERB" and "Inf" not in t.morph.get("VerbForm")]
    deed_nouns = [t for t in doc if t.pos_ == "NOUN" and t.lower_.endswith(DEED_NOUN_ENDINGS)]
    return _stems(doc, ("VERB",)), _stems(done, ("VERB",)), _stems(deed_nouns, ("NOUN",))


def _stems(tokens, tags: tuple[str, ...]) -> frozenset:
    """The stems of the tokens tagged so, light verbs left out."""
    return frozenset(stem(t.lower_) for t in tokens if t.pos_ in tags) - LIGHT_STEMS


def _stretches(doc) -> list[list]:
    """The quote cut at punctuation (BOUNDARY), at sentence starts and before a subordinating
    conjunction ("… declared war on the duchy | after its troops crossed the river")."""
    stretches: list[list] = [[]]
    for t in doc:
        if (t.text in BOUNDARY or _subordinates(t) or t.is_sent_start) and stretches[-1]:
            stretches.append([])
        if t.text not in BOUNDARY:
            stretches[-1].append(t)
    return [x for x in stretches if x]


def _stating_stretch(stretches: list[list], at: tuple[int, int] | None) -> list:
    """The words that state what happened on the date: the stretch (see :func:`_stretches`) the date
    is in, else the next stretch after it (else before it) that has a verb and opens with no "when"
    or "after" (those tell another deed, the one it is dated against); for a line with no date, its
    first such stretch. The tagger's parts of speech suffice (no parse)."""
    if at is None:
        return next((x for x in stretches if _stating(x)), [])
    inside = [i for i, x in enumerate(stretches) if any(at[0] <= t.idx < at[1] for t in x)]
    if not inside:
        return []
    first, last = inside[0], inside[-1]
    own = [t for i in inside for t in stretches[i] if not at[0] <= t.idx < at[1]]
    if any(t.pos_ == "VERB" for t in own):
        return own
    for x in stretches[last + 1:] + stretches[:first][::-1]:
        if _stating(x):
            return x
    return []


def _stating(stretch: list) -> bool:
    return any(t.pos_ == "VERB" for t in stretch) and not _leans(stretch)


def _leans(stretch: list) -> bool:
    """A stretch that opens with "when", "after", "because"…: it tells the deed another is dated against."""
    return stretch[0].lower_ in SUBORDINATORS or stretch[0].pos_ == "SCONJ"


def _subordinates(t) -> bool:
    """A word that opens a clause leaning on another ("after", "when"; not "as", mostly "as a …")."""
    return t.pos_ == "SCONJ" or (t.lower_ in SUBORDINATORS and t.lower_ != "as")
