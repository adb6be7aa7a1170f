"""The causes: the pile's "why" question and the passages that answer it, grouped into themes.

A first version. The question is the "Why …?" the sources ask most (titles,
headings, question sentences). Passages are the content sentences and
bullets, weighted up when they carry reason language ("because", "so that",
"feared", "wanted", "led to") or stand under a why-heading. Themes come from
average-linkage clustering (scipy) of rarity-weighted content-word vectors,
cut into six to twelve groups; each theme is labelled by its most central
passage and counts the independent sources behind it (sources that copy one
another count once).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from histsift.ingest.annotate import Analysed
from histsift.extract.events import make_title
from histsift.lang.words import CAUSE_TERMS, content_words, stem
from histsift.model import Citation, Factor

REASON = re.compile(r"\b(?:because|so that|in order to|as a result|led to|lead to|leads to|due to|therefore|thus|"
                    r"fear(?:ed|s)?|want(?:ed|s)?|believ(?:ed|es)|hop(?:ed|es)|distrust(?:ed)?|suspect(?:ed)?|"
                    r"wish(?:ed)?|reason|caus(?:e|ed|es)|aim(?:ed)?|motive|to avoid|to gain|to protect|"
                    r"since(?!\s+(?:\d|then\b|the\s+\d)))\b", re.I)  # "since 1961" is a time, not a reason
# "List three causes…", "Students may find it helpful…", "Explain why…": a task for the reader, not a reason
INSTRUCTION = re.compile(r"^\W*(?:list|explain|describe|discuss|compare|assess|evaluate|read|note|remember|consider|"
                         r"see|click|use|try|write|answer|complete|make sure)\b|\b(?:you|your|students|pupils|"
                         r"learners|revision)\b", re.I)
WHY = re.compile(r"\bwhy\b[^?]{5,160}\?", re.I)
MIN_WORDS = 4
LINKAGE = "average"
CONTEXT_WEIGHT = 0.5   # how much the heading or parent bullet a passage sits under adds to its words
MIN_THEMES, MAX_THEMES = 6, 14  # cut at about √passages: measured best between 12 and 20 (docs/WHO_WHY.md)
MAX_PASSAGES = 2000  # clustering is quadratic: beyond this, reason passages first, then the rest in order
# the themes with the sentence encoder (bench/causes.py chose these on the four reference piles)
WORDS_SHARE = 0.5    # of the similarity that comes from the words; the rest from the sentence embedding
NEIGHBOURS = 10      # edges per passage in the graph whose communities are the themes
RESOLUTION = 2.0     # Louvain's resolution: higher, smaller themes
ENCODE_MAX = 800     # passages the encoder reads (about 12 s here); a larger pile is grouped by its words


# A title that names an outcome ("The Fall of the Weimar Republic", "Causes of the
# Crimean War") asks its why-question without a question mark.
TITLE = re.compile(r"^\s*(?:the\s+)?(fall|collapse|decline|rise|end|outbreak|failure|origins?|causes?|reasons? for)"
                   r"\s+(?:of\s+)?(?P<what>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'-]*)*)\s*$", re.I)
VERB = {"fall": "fall", "collapse": "collapse", "decline": "decline", "rise": "rise", "end": "end",
        "outbreak": "break out", "failure": "fail"}


@dataclass(slots=True)
class Clues:
    """What one source tells of the pile's question: the why-questions it asks and the
    outcomes its title and headings name ("The Fall of X"). A large pile keeps these, not blocks."""

    whys: list[str]
    outcomes: list[tuple[str, str]]


def clues(a: Analysed) -> Clues:
    text = a.source.text
    whys = [re.sub(r"\s+", " ", m.group()).strip() for b in a.blocks for m in WHY.finditer(text, b.start, b.end)]
    outcomes = []
    for h in [a.source.title or ""] + [text[b.start:b.end] for b in a.blocks if b.kind == "heading"]:
        m = TITLE.match(h.strip().rstrip(".:"))
        if m:
            noun = m.group(1).lower().split()[0].rstrip("s") if m.group(1).lower() != "causes" else "cause"
            outcomes.append((noun, re.sub(r"\s+", " ", m.group("what"))))
    return Clues(whys, outcomes)


def questions(items: list[Analysed] | list[Clues], override: str | None = None) -> list[str]:
    """The pile's why-question and, when the pile also asks why another actor did the
    same thing ("Why did the Tsar…?" beside "Why did the Duma…?"), that second one."""
    cl = [c if isinstance(c, Clues) else clues(c) for c in items]
    seen: Counter[str] = Counter()
    first: dict[str, str] = {}
    for c in cl:
        for q in c.whys:
            key = " ".join(sorted(content_words(q)))
            seen[key] += 1
            first.setdefault(key, q[0].upper() + q[1:])
    ranked = [first[k] for k, _ in seen.most_common()]
    main = override.strip() if override and override.strip() else (ranked[0] if ranked else _from_titles(cl))
    if not main:
        return []
    mw = content_words(main) - {"why"}
    for q in ranked:
        qw = content_words(q) - {"why"}
        # the other side's why: same deed (shared words), a different doer (a name the main lacks)
        if qw != mw and qw & mw and _names(q) - _names(main) and _names(main) - _names(q):
            return [main, q]
    return [main]


def question(items: list[Analysed] | list[Clues], override: str | None = None) -> str:
    qs = questions(items, override)
    return qs[0] if qs else ""


def _names(q: str) -> set[str]:
    """The capitalised words after the first: the doers and things a question names."""
    return {re.sub(r"[^\w-]", "", w).lower() for w in q.split()[1:] if w[:1].isupper()} - {""}


def _from_titles(cl: list[Clues]) -> str:
    """"Why did X fall?" from the titles and headings that name an outcome, the most common first."""
    seen = Counter(o for c in cl for o in c.outcomes)
    if not seen:
        return ""
    (noun, what), _ = seen.most_common(1)[0]
    if noun in VERB:
        return f"Why did {what} {VERB[noun]}?"
    return f"Why did {what} happen?"


TERMS = [(term, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I))
         for term, words in CAUSE_TERMS.items()]
TERM_SHARE = 1 / 3   # of a theme's passages that must be filed under one term for the theme to be


def _term(*texts: str) -> str:
    """The first of CAUSE_TERMS the texts name, in order (a heading before the passage)."""
    for text in texts:
        for term, pattern in TERMS:
            if pattern.search(text):
                return term
    return ""


def passages(items: list[Analysed]) -> list[tuple]:
    """(source, start, end, words, reason language?, heading words, term) for every content
    sentence or bullet; the term ("long-term", "short-term", "trigger" or "") is what its heading,
    parent bullet or the passage itself files it under."""
    out = []
    for a in items:
        text = a.source.text
        seen = set()
        for b in a.blocks:
            if b.kind == "heading":
                continue
            for x, y in b.sentences or [(b.start, b.end)]:
                s = text[x:y]
                if s.rstrip().endswith("?") or INSTRUCTION.search(s):
                    continue  # questions and study instructions ask; they do not answer
                w = content_words(s)
                if len(w) >= MIN_WORDS and frozenset(w) not in seen:  # a page repeating itself says it once
                    seen.add(frozenset(w))
                    ctx, above = set(), []
                    for k in (b.parent, b.heading):
                        if k is not None:
                            above.append(text[a.blocks[k].start:a.blocks[k].end])
                            ctx |= content_words(above[-1])
                    out.append((a.source.id, x, y, w, bool(REASON.search(s)), ctx - w, _term(*above, s)))
    if len(out) > MAX_PASSAGES:
        keep = sorted(range(len(out)), key=lambda i: (not out[i][4], i))[:MAX_PASSAGES]
        out = [out[i] for i in sorted(keep)]
    return out


def factors(items: list[Analysed], derived: list[tuple[str, str]], themes: int | None = None,
            question: str | None = None) -> list[Factor]:
    return factors_from([clues(a) for a in items], passages(items), {a.source.id: a.source.text for a in items},
                        derived, themes, question)


def factors_from(cl: list[Clues], ps: list[tuple], texts: dict[str, str], derived: list[tuple[str, str]],
                 themes: int | None = None, question: str | None = None) -> list[Factor]:
    """The themes, from each source's clues and the passages :func:`passages` keeps (read source
    by source in a large pile)."""
    qs = questions(cl, question)
    if len(ps) < 2:
        return []
    labels = _cluster(ps, themes, texts)
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        if lab >= 0:
            groups.setdefault(lab, []).append(i)
    same = _independence(derived)
    out = []
    # themes that give reasons first; a theme of background sentences alone comes after them
    for members in sorted(groups.values(), key=lambda m: (not any(ps[i][4] for i in m),
                                                          -len({same(ps[i][0]) for i in m}))):
        if len(members) < 2:
            continue
        central = _central(members, ps)
        label = make_title(texts[ps[central][0]][ps[central][1]:ps[central][2]]).strip(" \"“”‘’") or "(untitled)"
        members = [central] + [i for i in members if i != central]  # the passage the label comes from first
        cites = [Citation(ps[i][0], ps[i][1], ps[i][2], texts[ps[i][0]][ps[i][1]:ps[i][2]]) for i in members]
        out.append(Factor(id="", label=label, question=_which(qs, [ps[i] for i in members]), citations=cites,
                          independent_sources=len({same(ps[i][0]) for i in members}),
                          term=_theme_term([ps[i] for i in members])))
    for k, f in enumerate(out, 1):
        f.id = f"f{k}"
    return out



def _theme_term(members) -> str:
    """The term most of the theme's filed passages share, when at least two and a third of all its
    passages are filed under it; else none."""
    counts = Counter(p[6] for p in members if p[6])
    if not counts:
        return ""
    term, n = counts.most_common(1)[0]
    return term if n >= 2 and n >= TERM_SHARE * len(members) else ""


def _which(qs: list[str], members) -> str:
    """The question a theme answers: the second only when its doer, not the main one's, runs through it."""
    if len(qs) < 2:
        return qs[0] if qs else ""
    mine = {stem(w) for w in _names(qs[0]) - _names(qs[1])}
    other = {stem(w) for w in _names(qs[1]) - _names(qs[0])}
    hits_main = sum(1 for p in members if mine & (p[3] | p[5]))
    hits_other = sum(1 for p in members if other & (p[3] | p[5]))
    return qs[1] if hits_other >= 2 and hits_other > 2 * hits_main else qs[0]


def _independence(derived: list[tuple[str, str]]):
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in derived:
        parent[root(a)] = root(b)
    return root


def _vectors(ps):
    import numpy as np

    df = Counter(w for p in ps for w in p[3])
    vocab = {w: i for i, w in enumerate(sorted(w for w, c in df.items() if c >= 2))}
    n = len(ps)
    m = np.zeros((n, max(1, len(vocab))))
    for i, p in enumerate(ps):
        for w in p[3]:
            if w in vocab:
                m[i, vocab[w]] = math.log(n / df[w])
        for w in p[5]:
            if w in vocab:
                m[i, vocab[w]] = CONTEXT_WEIGHT * math.log(n / df[w])
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return m / norms


def _cluster(ps, themes: int | None, texts: dict[str, str] | None = None) -> list[int]:
    """Theme labels per passage (-1: in none). With the sentence encoder: communities of a
    nearest-neighbour graph over words and meaning together (docs/WHO_WHY.md measures why);
    without it, or when a theme count is asked for, average-linkage clusters of the words."""
    from histsift.lang import encoder

    if themes is None and texts is not None and NEIGHBOURS < len(ps) <= ENCODE_MAX and encoder.available():
        return _communities(ps, texts)
    from scipy.cluster.hierarchy import fcluster, linkage

    v = _vectors(ps)
    k = themes or max(MIN_THEMES, min(MAX_THEMES, round(math.sqrt(len(ps)))))
    rows = [i for i in range(len(ps)) if v[i].any()]  # a passage of words no other uses joins no theme
    if len(rows) <= k:
        return [i if v[i].any() else -1 for i in range(len(ps))]
    z = linkage(v[rows], method=LINKAGE, metric="euclidean" if LINKAGE == "ward" else "cosine")
    labels = [-1] * len(ps)
    for i, lab in zip(rows, fcluster(z, t=k, criterion="maxclust")):
        labels[i] = int(lab)
    return labels


def _communities(ps, texts: dict[str, str]) -> list[int]:
    """Louvain communities (networkx, fixed seed) of the graph joining each passage to its NEIGHBOURS
    most similar ones, similarity being the cosine of words and sentence embedding, half each."""
    import numpy as np

    from histsift.lang import encoder

    emb = encoder.embed([texts[p[0]][p[1]:p[2]] for p in ps]).astype(np.float64)
    return communities(np.hstack([math.sqrt(WORDS_SHARE) * _vectors(ps), math.sqrt(1 - WORDS_SHARE) * emb]))


def communities(v, resolution: float = RESOLUTION) -> list[int]:
    """Labels (from 1) of the Louvain communities of the rows of ``v`` joined to their NEIGHBOURS
    nearest by cosine (bench/causes.py calls this with other representations)."""
    import networkx as nx
    import numpy as np

    v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    sim = np.round(v @ v.T, 6)   # rounded: the same graph, and the same themes, on every machine
    graph = nx.Graph()
    graph.add_nodes_from(range(len(v)))
    for i in range(len(v)):
        row = sim[i].copy()
        row[i] = -np.inf
        for j in np.argsort(-row, kind="stable")[:NEIGHBOURS]:
            if row[j] > 0:
                graph.add_edge(i, int(j), weight=float(row[j]))
    labels = [-1] * len(v)
    for k, members in enumerate(nx.community.louvain_communities(graph, weight="weight", resolution=resolution,
                                                                  seed=0), 1):
        for i in members:
            labels[i] = k
    return labels


def _central(members: list[int], ps) -> int:
    counts = Counter(w for i in members for w in ps[i][3])
    return max(members, key=lambda i: (ps[i][4], sum(counts[w] for w in ps[i][3]) / (len(ps[i][3]) ** 0.5)))


# --------------------------------------------------------------------------- as an extractor

class _CausesCollector:
    """What :func:`passages` keeps of the whole pile (reason language first, at most
    MAX_PASSAGES, in the pile's order), taken source by source, and every source's clues."""

    def __init__(self, question: str | None):
        self.question = question
        self.reason: list[tuple[int, tuple]] = []
        self.rest: list[tuple[int, tuple]] = []
        self.n = 0
        self.clues: list[Clues] = []

    def add(self, source_id: str, got: tuple[list[tuple], Clues]) -> None:
        ps, cl = got
        for p in ps:
            pool = self.reason if p[4] else self.rest
            if len(pool) < MAX_PASSAGES:
                pool.append((self.n, p))
            self.n += 1
        self.clues.append(cl)

    def finish(self, board, texts: dict[str, str]) -> None:
        chosen = (self.reason + self.rest)[:MAX_PASSAGES]
        kept = [p for _, p in sorted(chosen, key=lambda x: x[0])]
        board.factors = factors_from(self.clues, kept, texts, [(d.source, d.other) for d in board.derivations],
                                     question=self.question)
        board.question = self.question or next((f.question for f in board.factors if f.question), "")


class _Causes:
    """The why-question and the themes that answer it (see extractors.py)."""

    name = "causes"

    def read(self, a: Analysed, timexes) -> tuple[list[tuple], Clues]:
        return passages([a]), clues(a)

    def collector(self, question: str | None) -> _CausesCollector:
        return _CausesCollector(question)


CAUSES = _Causes()
