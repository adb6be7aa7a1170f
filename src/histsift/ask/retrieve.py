"""Retrieval for ask: the store searched and scored for one question.

SQLite FTS5 (BM25) finds the sentences that share the question's words and names
(every alias the who's who knows); each is then scored by the rarity-weighted share of
the question it carries, with what it hangs under (its heading or bullet, the sentence
before it). :class:`Retrieval` holds the store and what it has loaded; ``Asker``
(ask/__init__.py) reads answers from what it hands on.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from histsift import store
from histsift.ask import readers as extract
from histsift.ask.question import Query
from histsift.ask.readers import Passage, has_stem
from histsift.errors import HistsiftError
from histsift.lang.words import STOP_WORDS, content_words, stem
from histsift.model import Entity

RETRIEVE = 60       # sentences BM25 hands on for scoring
ACCORDING = re.compile(r"(?:^|,\s*|\s)according to (?P<who>[^,?]+?)(?:,\s*|\s*(?=\?)|$)", re.I)


LABEL_HEAD = 300   # characters of a source's opening that name it in "according to …"


class Retrieval:
    """One built store, open for reading, with its who's who indexed by name."""

    def __init__(self, db: str | Path):
        self.con = store.open_reader(Path(db))
        tables = {r[0] for r in self.con.execute("SELECT name FROM sqlite_master")}
        if "passages_fts" not in tables:
            self.con.close()
            raise HistsiftError(f"{db} was built by an older histsift without a search index; "
                                f"rebuild it (histsift build PILE --db {db}) to ask questions")
        self.entities = store.load_entities(self.con)
        # names are looked up by runs of words, longest first: a regex of thousands of
        # alternatives would try each one at every position
        self._alias: dict[str, Entity] = {}
        for e in self.entities:
            for n in [e.name, *e.aliases]:
                self._alias.setdefault(_name_key(n), e)
        self._longest: dict[str, int] = {}  # first word → the most words a name starting with it has
        for k in self._alias:
            first, n = k.split(" ")[0], k.count(" ") + 1
            self._longest[first] = max(self._longest.get(first, 0), n)
        self.n = self._count("SELECT count(*) FROM passages_fts")
        self.era = store.load_meta(self.con).get("era") or None   # the build decided it for the whole pile
        self._df: dict[str, int] = {}
        self._texts: dict[str, str] = {}
        self._asked: dict[str, list[Entity]] = {}
        self._only: set[str] | None = None   # "according to X": the sources X names
        self._labels: dict[str, set[str]] | None = None

    def _according_to(self, question: str) -> tuple[str, set[str] | None]:
        """"According to the museum leaflet, …": the question without its attribution, and the
        sources it names, by the distinctive words of their file names and titles (None: any source)."""
        m = ACCORDING.search(question)
        if m is None:
            return question, None
        rest = re.sub(r"\s+\?", "?", question[:m.start()] + " " + question[m.end():]).strip(" ,")
        named = self._named_sources(m.group("who"))
        return (rest[:1].upper() + rest[1:]) if rest else question, named

    def _named_sources(self, who: str) -> set[str] | None:
        if self._labels is None:
            # a source is named by its file, its title, and how its opening lines describe it
            # ("Study cards for …", "A timeline of …")
            heads = dict(self.con.execute(f"SELECT id, substr(text, 1, {LABEL_HEAD}) FROM sources"))
            self._labels = {s.id: set(re.findall(r"[a-z0-9]+", f"{s.path} {s.title} {heads.get(s.id, '')}".lower()))
                            for s in store.load_sources(self.con, with_text=False)}
        n = len(self._labels) or 1
        df: dict[str, int] = {}
        for words in self._labels.values():
            for w in words:
                df[w] = df.get(w, 0) + 1
        wanted = [w for w in re.findall(r"[a-z0-9]+", who.lower()) if len(w) > 2 and w not in STOP_WORDS]
        # a word that names a few sources says which; one in most of their names ("txt", "history") does not
        score = {sid: sum(1 for w in wanted if w in words and df.get(w, 0) <= max(1, n // 3))
                 for sid, words in self._labels.items()}
        best = max(score.values(), default=0)
        return {sid for sid, v in score.items() if v == best} if best else None

    def _count(self, sql: str) -> int:
        try:
            return self.con.execute(sql).fetchone()[0]
        except Exception:  # noqa: BLE001 - a store from before the search index: nothing to search
            return 0

    def close(self) -> None:
        self.con.close()

    def _passages(self, q: Query) -> list[Passage]:
        words = set()
        for w in re.findall(r"[A-Za-z][A-Za-z’'-]+", q.text):
            if stem(w) in q.terms:
                words.add(_fts_word(w))
        for e in self._question_entities(q):
            for n in [e.name, *e.aliases]:
                words.add('"' + n.replace('"', "") + '"')
        if not words:
            return []
        rows = store.search(self.con, " OR ".join(sorted(words)), RETRIEVE)
        names = {stem(w) for e in self._question_entities(q) for n in [e.name, *e.aliases] for w in n.split()}
        out = []
        for sid, a, b, _ in rows:
            if self._only is not None and sid not in self._only:
                continue
            text = self._text(sid)
            p = Passage(sid, a, b, text[a:b])
            self._add_context(p)
            dated = [t["value"] for t in self._timexes(p) if t["type"] == "date" and t["value"]] if q.dates else []
            p.score = self._coverage(q, p.text, p.context, dated)
            words = [(a + m.start(), stem(m.group())) for m in re.finditer(r"[A-Za-z][A-Za-z’'-]+", p.text)]
            p.hits = tuple(x for x, w in words if w in q.terms and w not in names)
            p.verbs = tuple(x for x, w in words if q.verb and has_stem({w}, q.verb))
            out.append(p)
        return sorted(out, key=lambda p: -p.score)

    def _coverage(self, q: Query, text: str, context: str, dated: list[str] | None = None) -> float:
        """The rarity-weighted share of the question's words the passage (or what it hangs under) carries.
        A name the question gives is one unit: present when any alias of its entity is, and a passage
        without it is about something else ("Henry" alone is not "Henry Tudor")."""
        have = content_words(text)
        near = content_words(context)
        present = {e.id for e in self._entities_in(text + " \n " + context)}
        for e in self._question_entities(q):
            stems = {w for n in [e.name, *e.aliases] for w in content_words(n)}
            if e.id in present:
                have |= stems
            else:
                have -= stems
                near -= stems
        weight = {t: self._idf(t) for t in q.terms}
        total = sum(weight.values())
        if not total:
            return 0.0
        got = sum(w if has_stem(have, t) else 0.7 * w if has_stem(near, t) else 0.0 for t, w in weight.items())
        score = got / total
        if q.dates and not self._pinned_date_near(q, text + " " + context, dated):
            score *= 0.6  # the question names its date; a passage without it is about another moment
        return score

    def _pinned_date_near(self, q: Query, text: str, dated: list[str] | None) -> bool:
        """Does the passage carry the date the question is pinned to? ``dated``: the values the
        build gave its dates ("that night" included); else the text is tagged afresh."""
        if dated is None:
            from histsift import dates as _dates
            dated = [t.value for t in _dates.tag(text, _dates.Context(era=self.era)) if t.value and t.type == "date"]
        return any(extract.within(v, p.value) or extract.within(p.value, v) for v in dated for p in q.dates)

    def _idf(self, term: str) -> float:
        if term not in self._df:
            self._df[term] = self._count_match(_fts_word(term))
        return math.log((self.n + 1) / (self._df[term] + 0.5))

    def _count_match(self, match: str) -> int:
        try:
            return self.con.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?",
                                    (match,)).fetchone()[0]
        except Exception:  # noqa: BLE001 - FTS5 refuses some tokens; they then count as rare
            return 0

    def _add_context(self, p: Passage) -> None:
        """What a sentence leans on: the bullet or heading it hangs under (notes put the subject
        there) and the sentence before it in its paragraph (prose puts it there)."""
        got = store.sentence_context(self.con, p.source, p.start)
        if got is None:
            return
        par, prev = got
        text = self._text(p.source)
        parts = []
        if par:
            p.context_spans.append((par[0], par[1], 0.8))
            parts.append(text[par[0]:par[1]])
        if prev:
            p.context_spans.append((prev[0], prev[1], 0.5))
            parts.append(text[prev[0]:prev[1]])
        p.context = " \n ".join(parts)

    def _timexes(self, p: Passage) -> list[dict]:
        out = []
        for a, b, w in [(p.start, p.end, 1.0), *p.context_spans]:
            out += [t | {"weight": w} for t in store.timexes_between(self.con, p.source, a, b)]
        return out

    def _found(self, p: Passage) -> list[tuple[Entity, int, int]]:
        return [(e, p.start + a, p.start + b) for e, a, b in self._names_in(p.text)]

    def _entities_in(self, text: str) -> list[Entity]:
        return list({e.id: e for e, _, _ in self._names_in(text)}.values())

    def _names_in(self, text: str) -> list[tuple[Entity, int, int]]:
        """Who's-who names in the text, longest match first, with their offsets."""
        words = []
        for m in WORD.finditer(text):
            w, end = m.group().lower(), m.end()
            if w.endswith(("'s", "’s")) and len(w) > 2:  # "Napoleon's marshals" names Napoleon
                w, end = w[:-2], end - 2
            words.append((m.start(), end, w))
        out, i = [], 0
        while i < len(words):
            for n in range(min(self._longest.get(words[i][2], 0), len(words) - i), 0, -1):
                e = self._alias.get(" ".join(w for _, _, w in words[i:i + n]))
                if e is not None:
                    out.append((e, words[i][0], words[i + n - 1][1]))
                    i += n
                    break
            else:
                i += 1
        return out

    def _question_entities(self, q: Query) -> list[Entity]:
        if q.text not in self._asked:
            self._asked = {q.text: self._entities_in(q.text)}
        return self._asked[q.text]

    def _text(self, sid: str) -> str:
        if sid not in self._texts:
            self._texts[sid] = store.source_text(self.con, sid)
        return self._texts[sid]




WORD = re.compile(r"[\w’'-]+")


def _name_key(name: str) -> str:
    """A name as the words it is made of: "St. Paul" and "St Paul" look the same."""
    return " ".join(m.group().lower() for m in WORD.finditer(name))


def _fts_word(w: str) -> str:
    """A word as an FTS5 prefix query: its first five letters, which is how we stem."""
    w = re.sub(r"[^A-Za-z]", "", w).lower()[:5]
    return f"{w}*" if w else '""'
