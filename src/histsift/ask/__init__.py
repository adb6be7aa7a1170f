"""Ask: answer a question from the stored evidence, with exact citations, or say it is not there.

Retrieval (retrieve.py) is SQLite FTS5 (BM25) over every content sentence, the question's
names expanded to every alias the who's who knows. Each retrieved sentence is
then scored by how much of the question it carries (rare words weigh more; a
word the pile never uses weighs most, so a question about something the
sources never mention finds no support). The answer is read from the best
sentences by type (extract.py), candidates from several sources add up, and
stored contradictions about the chosen value are shown with both sides cited.
Below SUPPORT_AT nothing is claimed: ``answer`` and ``value`` are null, an
honest "not in the sources".
"""
from __future__ import annotations

import re
from pathlib import Path

from histsift import store
from histsift.ask import readers as extract
from histsift.ask.question import Query, analyse
from histsift.ask.readers import Candidate, Passage
from histsift.ask.retrieve import RETRIEVE, Retrieval
from histsift.errors import HistsiftError
from histsift.lang.gazetteer import demonym_country
from histsift.lang.words import content_words
from histsift.model import Citation

SUPPORT_AT = 0.6    # share of the question (rarity-weighted) the best passage must carry to be an answer
SLOT_SUPPORT_AT = 0.5
MARGIN = 0.15      # passages this far below the best one are not read for answers
THEME_MATCH = 0.7   # a why-question this close to the pile's own is answered by the cause themes
REASON = re.compile(r"\b(?:because|so that|in order to|as a result|due to|since|fear(?:ed|ing)?|want(?:ed|ing)?|"
                    r"hop(?:ed|ing)|believ(?:ed|ing)|aim(?:ed)?|reason|caus(?:ed|ing))\b", re.I)
PURPOSE = re.compile(r"\bto (?:stop|prevent|keep|protect|end|avoid|gain|win|save|force|make|show|halt|secure|"
                     r"defend|weaken|punish|calm|rescue)\b", re.I)
MAX_EVENTS = 300   # timeline events scored per when-question
MAX_CITATIONS = 5
ENTITY_TYPES = {"person": "person", "place": "place", "organization": "organization", "event": "event"}

class Asker(Retrieval):
    """Answers questions about one built store; keeps what it loads, so later questions are fast."""

    def __init__(self, db: str | Path):
        super().__init__(db)
        self._factors = None
        self._events = None

    # ------------------------------------------------------------------ the answer

    def answer(self, question: str) -> dict:
        question = question.strip()
        if not question:
            raise HistsiftError("the question is empty")
        asked, self._only = self._according_to(question)
        q = analyse(asked, era=self.era)
        out = {"question": question, "answer": None, "type": _schema_type(q), "value": None,
               "confidence": 0.0, "citations": []}
        if q.type == "why":
            return self._why(q, out)
        if q.type == "yesno":
            return out  # a yes or no is not read from one sentence honestly
        if q.type == "define":
            return self._define(q, out)
        if q.type == "date" and q.verb and any(e.type == "event" for e in self._question_entities(q)):
            # "when was the Battle of X fought", "the Treaty of Y signed": the verb only restates the event
            q.terms.discard(q.verb)
            q.verb = None
        passages = self._passages(q)
        cands = self._candidates(q, passages)
        if q.kind_noun and q.type != "list":
            named = [(c, p) for c, p in cands if re.search(rf"\b{re.escape(q.kind_noun)}\b", c.shown, re.I)]
            cands = named or cands   # "which bridge": where some answers are named bridges, the rest are not bridges
        if q.type == "date":
            cands += self._from_timeline(q, max((p.score for p in passages), default=0.0))
        if not cands:
            return out
        return self._choose(q, cands, out)

    def _candidates(self, q: Query, passages: list[Passage]) -> list[tuple[Candidate, Passage]]:
        """Answers of the right type from the passages that carry the question about as well as the
        best one that has any (a passage with nothing of the right type cannot answer)."""
        out = []
        top = None
        # a name that fills the question's verb slot is evidence enough from a little less of the question
        floor = SLOT_SUPPORT_AT if q.type in ("person", "organization") and q.verb else SUPPORT_AT
        for p in passages:  # best first
            if p.score < floor or (top is not None and p.score < top - MARGIN):
                break
            if p.score < SUPPORT_AT and not p.verbs:
                continue
            got = self._read(q, p)
            if got and top is None:
                top = p.score
            out += [(c, p) for c in got]
        return out

    def _read(self, q: Query, p: Passage) -> list[Candidate]:
        if q.type in ("date", "duration"):
            ts = self._timexes(p)
            return extract.read_dates(q, p, ts) if q.type == "date" else extract.read_durations(q, p, ts)
        if q.type == "number":
            if q.verb and not p.verbs:
                return []  # a count is precise: the passage must say the counted thing happened
            return extract.read_numbers(q, p, self._text(p.source))
        if q.type == "list" and q.item_type == "text":
            return extract.read_coordination(q, p)
        if q.type in ENTITY_TYPES or q.type == "list":
            got = extract.read_entities(q, p, self._found(p), q.item_type or q.type,
                                        {e.id for e in self._question_entities(q)}, self._text(p.source))
            if (q.item_type or q.type) == "place":
                got += self._demonym_places(q, p, {c.key for c in got})
            return self._country_first(q, got)
        return extract.read_kind(q, p)

    def _choose(self, q: Query, cands: list[tuple[Candidate, Passage]], out: dict) -> dict:
        if q.type == "list":
            return self._list(q, cands, out)
        support: dict[str, dict[str, float]] = {}
        for c, p in cands:
            per_source = support.setdefault(c.key, {})
            per_source[p.source] = max(per_source.get(p.source, 0.0), p.score ** 2 * c.weight)
        # each source counts once for a value; more sources, more weight
        total = {k: max(v.values()) + 0.25 * (sum(v.values()) - max(v.values())) for k, v in support.items()}
        best = max(total, key=lambda k: (total[k], max(support[k].values()), k))
        mine = sorted([(c, p) for c, p in cands if c.key == best], key=lambda cp: -cp[1].score * cp[0].weight)
        c0 = mine[0][0]
        out.update(answer=c0.shown, value=c0.value, confidence=round(mine[0][1].score * c0.weight, 3),
                   citations=_citations(mine))
        self._disagreement(q, best, total, support, cands, out)
        return out

    def _disagreement(self, q, best, total, support, cands, out) -> None:
        """Another value that other sources back nearly as well: say so, and cite both sides."""
        if q.type not in ("date", "number", "duration", "person", "place"):
            return
        for k in sorted(total, key=lambda k: -total[k]):
            if k == best or set(support[k]) & set(support[best]) or total[k] < 0.5 * total[best]:
                continue
            if q.type == "date" and (extract.within(k, best) or extract.within(best, k)):
                continue
            theirs = sorted([(c, p) for c, p in cands if c.key == k], key=lambda cp: -cp[1].score * cp[0].weight)
            other = {"answer": theirs[0][0].shown, "value": theirs[0][0].value, "citations": _citations(theirs)}
            out["disagreement"] = [other]
            out["answer"] = f"{out['answer']} (but another source says {other['answer']})"
            out["citations"] = out["citations"] + other["citations"]
            return

    def _list(self, q: Query, cands, out: dict) -> dict:
        """A list is read whole from one place: the coordination ("A, B and C") in the best passage
        that names enough of the wanted kind, nearest the question's words."""
        by_passage: dict[tuple, list[Candidate]] = {}
        passage: dict[tuple, Passage] = {}
        for c, p in cands:
            key = (p.source, p.start)
            passage[key] = p
            if c.key not in {x.key for x in by_passage.setdefault(key, [])}:
                by_passage[key].append(c)
        need = q.count or 2
        best = None
        for k, cs in sorted(by_passage.items(), key=lambda kv: -passage[kv[0]].score):
            run = cs if q.item_type == "text" else self._coordination(q, passage[k], cs, need)
            if run and (best is None or passage[k].score > passage[best[0]].score):
                best = (k, run)
        if best is None:
            return out
        p, items = passage[best[0]], best[1]
        out.update(answer=_join([c.shown for c in items]), value=[c.value for c in items],
                   confidence=round(p.score, 3), citations=[_cite(p)])
        return out

    def _coordination(self, q: Query, p: Passage, cs: list[Candidate], need: int) -> list[Candidate] | None:
        """The run of names joined by commas and "and" (asides in brackets skipped; names the question
        gives may stand in it, as in "X, A and B formed…" asked "which two formed … with X")."""
        text = self._text(p.source)
        asked = {e.id for e in self._question_entities(q)}
        marks = sorted([(c.start, c.end, c) for c in cs] +
                       [(a, b, None) for e, a, b in self._found(p) if e.id in asked], key=lambda m: m[0])
        runs, run, last = [], [], None
        for a, b, c in marks:
            gap = re.sub(r"\([^)]*\)", "", text[last:a]) if last is not None else ""
            if last is not None and not re.fullmatch(r"[\s,;&]*(?:and|or|as well as|&)?[\s,]*", gap):
                runs.append(run)
                run = []
            run.append(c)
            last = b
        runs.append(run)
        runs = [[c for c in r if c is not None] for r in runs]
        runs = [r for r in runs if len(r) >= need]
        if not runs:
            return None
        exact = [r for r in runs if q.count and len(r) == q.count]
        pick = (exact or runs)[0] if exact or not p.hits else \
            min(runs, key=lambda r: min(abs(r[0].start - h) for h in p.hits))
        return pick[: q.count or None]

    def _define(self, q: Query, out: dict) -> dict:
        """"Who was X?": what the sources call X, the description most sources give first."""
        ents = self._question_entities(q)
        if not ents:
            return out
        e = ents[0]
        names = [e.name, *e.aliases]
        rows = store.search(self.con, " OR ".join('"' + n.replace('"', "") + '"' for n in names), RETRIEVE)
        support: dict[str, list[tuple[Candidate, Passage]]] = {}
        for sid, a, b, _ in rows:
            p = Passage(sid, a, b, self._text(sid)[a:b], score=1.0)
            for c in extract.read_description(names, p):
                support.setdefault(c.key, []).append((c, p))
        if not support:
            return out
        key = max(support, key=lambda k: (len({p.source for _, p in support[k]}), -support[k][0][1].start, k))
        c = support[key][0][0]
        out.update(answer=f"{e.name}: {c.shown}", value=c.shown, confidence=round(min(1.0, 0.6 + 0.1 * len(
            {p.source for _, p in support[key]})), 3), citations=_citations(support[key]))
        return out

    def _why(self, q: Query, out: dict) -> dict:
        """The pile's own why-question is answered by its cause themes; any other why by the
        passages that carry the question and give a reason ("because…", "to stop…", "feared…")."""
        if self._factors is None:
            self._factors = store.load_factors(self.con)
        asked = {f.question for f in self._factors if f.question}
        if any(self._coverage(q, question, "") >= THEME_MATCH for question in asked):
            return self._themes(q, out)
        reasons = []
        for p in self._passages(q):
            if p.score < SUPPORT_AT:
                break
            at = [m.start() for m in REASON.finditer(p.text)]
            at += [m.start() for m in PURPOSE.finditer(p.text) if any(v - p.start < m.start() for v in p.verbs)]
            if at:
                reasons.append(p)
        if not reasons:
            return out
        best = reasons[0]
        others = [p for p in reasons[1:] if p.source != best.source][:2]
        out.update(answer=best.text.strip(), value=best.text.strip(), confidence=round(best.score, 3),
                   citations=[_cite(p) for p in [best, *others]])
        return out

    def _themes(self, q: Query, out: dict) -> dict:
        scored = []
        for f in self._factors:
            best = max(f.citations, key=lambda c: self._coverage(q, c.quote, ""), default=None)
            if best is not None:
                scored.append((self._coverage(q, best.quote + " " + f.question, ""), f, best))
        scored = sorted(scored, key=lambda s: (-s[1].independent_sources, -s[0]))[:3]
        if not scored:
            return out
        labels = [f.label for _, f, _ in scored]
        out.update(answer="; ".join(labels), value="; ".join(labels), confidence=round(scored[0][0], 3),
                   citations=[b.to_dict() for _, _, b in scored])
        return out

    def _from_timeline(self, q: Query, top: float) -> list[tuple[Candidate, Passage]]:
        """Dated events whose title and quote carry the question: the timeline has already joined a
        date to its happening (a lifespan's "(63 BC – AD 14)", a bullet under a dated heading)."""
        if self._events is None:
            self._events = store.load_events(self.con)
            self._event_index: dict[str, list[int]] = {}
            for i, e in enumerate(self._events):
                for w in content_words(e.title):
                    self._event_index.setdefault(w, []).append(i)
        # events holding the question's rarest words: the others cannot carry enough of it
        rare = sorted(q.terms, key=lambda t: -self._idf(t))[:2]
        seen = {i for t in rare for i in self._event_index.get(t, ())}
        if len(seen) > MAX_EVENTS:
            seen = set(sorted(seen)[:MAX_EVENTS])
        out = []
        for i in sorted(seen):
            e = self._events[i]
            c = next((x for x in e.citations if (self._only is None or x.source in self._only)
                      and self._states_a_date(x)), None)
            if c is None:
                continue  # a sentence that only carries its paragraph's day is no evidence of when
            p = Passage(c.source, c.start, c.end, c.quote)
            p.score = self._coverage(q, e.title + " " + c.quote, "", [e.date])
            if p.score < max(SUPPORT_AT, top - MARGIN):
                continue
            value = extract.at_precision(e.date, q.precision)
            if value and not any(extract.within(value, d.value) for d in q.dates):
                out.append((Candidate(value, value, extract.human_date(value), c.start, c.end, 1.0), p))
        return out

    def _states_a_date(self, c: Citation) -> bool:
        return any(t["type"] == "date" for t in store.timexes_between(self.con, c.source, c.start, c.end))

    def _demonym_places(self, q: Query, p: Passage, have: set[str]) -> list[Candidate]:
        """"Danish and Swedish ports" names two countries: an adjective of nationality read
        back to the country it comes from (the gazetteer's country sharing its stem)."""
        out = []
        asked = {n.lower() for e in self._question_entities(q) for n in [e.name, *e.aliases]}
        for m in re.finditer(r"\b[A-Z][a-z]+(?:ian|an|ish|ese|i)\b", p.text):
            country = demonym_country(m.group())
            if country and country.lower() not in have and country.lower() not in asked:
                a = p.start + m.start()
                out.append(Candidate(country.lower(), country, country, a, p.start + m.end(), extract.nearness(p, a)))
        return out

    def _country_first(self, q: Query, got: list[Candidate]) -> list[Candidate]:
        """"Which country" wants a country and "which city" a town: the gazetteer says which is which."""
        noun = re.search(r"\b(?:which|what) (countr|nation|cit|town|village|port)", q.text.lower())
        if not noun:
            return got
        from histsift.lang.gazetteer import gazetteer
        countries, cities = gazetteer()
        wanted = countries if noun.group(1) in ("countr", "nation") else cities
        for c in got:
            if str(c.value) not in wanted:
                c.weight *= 0.5
        return got

def _schema_type(q: Query) -> str:
    return {"why": "text", "yesno": "text", "define": "text"}.get(q.type, q.type)


def _cite(p: Passage) -> dict:
    return Citation(p.source, p.start, p.end, p.text).to_dict()


def _citations(pairs) -> list[dict]:
    out, seen = [], set()
    for _, p in pairs:
        if (p.source, p.start) not in seen:
            seen.add((p.source, p.start))
            out.append(_cite(p))
    return out[:MAX_CITATIONS]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def answer(question: str, db: str | Path) -> dict:
    """One question, one answer object (opens the store for it; use Asker for many)."""
    asker = Asker(db)
    try:
        return asker.answer(question)
    finally:
        asker.close()

