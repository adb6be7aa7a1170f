"""The multiple-choice quiz: dates and names, with the pile's own values as distractors."""

from __future__ import annotations

import hashlib
import re

from histsift.dates.timeml import TimeValue
from histsift.dates.timeml import human as human_date
from histsift.model import Citation, Event
from histsift.outputs.present import squash
from histsift.outputs.study.guide import _md
from histsift.outputs.study.material import (
    CHOICES,
    MAX_DATE_QUESTIONS,
    MAX_NAME_QUESTIONS,
    TYPE_WORD,
    Material,
    _askable,
    _blank,
    _key,
    _mentions,
    _related,
    _stems,
)

# --- the quiz ---------------------------------------------------------------------------------------------------

def _ordered(item_key: str, choices: list[str]) -> list[str]:
    """Choices in an order that looks random but is the same on every build."""
    return sorted(choices, key=lambda c: hashlib.sha256(f"{item_key}\x1f{c}".encode()).hexdigest())


def _as_precision(value: str, precision: str) -> str | None:
    """A pile date written at a coarser precision: '1989-11-09' as a year is '1989', as a season '1989-FA'."""
    tv = TimeValue.parse(value)
    got = tv.coarsen(precision) if tv else None
    return got.value if got else None


def _span_key(value: str) -> tuple[int, float, float]:
    s = TimeValue.parse(value).span()
    return 0, s[0], s[1]


def _date_questions(m: Material) -> list[dict]:
    out = []
    dated = [(e, _span_key(e.date)) for e in m.events if TimeValue.parse(e.date)]
    candidates = [(e, k) for e, k in dated
                  if e.id not in m.where and e.precision in ("day", "month", "season", "year") and e.citations]
    candidates.sort(key=lambda x: (-len({c.source for c in x[0].citations}), "…" in x[0].title, x[1]))
    for e, k in candidates[:MAX_DATE_QUESTIONS]:
        answer = human_date(e.date)
        words = _stems(e.title)
        alike = {f.id for f, _ in dated if f is not e and len(words & _stems(f.title)) >= 2}
        pool: dict[str, float] = {}
        for f, _ in dated:
            v = _as_precision(f.date, e.precision)
            if v is None or f.id in alike:
                continue
            fk = _span_key(v)
            if fk[1] < k[2] and k[1] < fk[2]:
                continue  # overlaps the answer: not a wrong answer
            pool.setdefault(human_date(v), abs(fk[1] - k[1]))
        pool.pop(answer, None)
        distractors = sorted(pool, key=lambda d: (pool[d], d))[:CHOICES - 1]
        if len(distractors) < 2:
            continue
        key = f"date\x1f{e.date}\x1f{_key(e.title)}"
        choices = _ordered(key, [answer, *distractors])
        cites = [m.cite(c) for c in _saying(e, m)[:2]]
        out.append({"kind": "date", "key": key, "prompt": f"When did this happen? {squash(e.title)}",
                    "choices": choices, "answer": answer, "answer_index": choices.index(answer),
                    "explanation": f"{answer}: {squash(e.title)}", "citations": cites, "date": e.date})
    return out


def _saying(e: Event, m: Material) -> list[Citation]:
    """An event's citations, those that write out its date first."""
    tv = TimeValue.parse(e.date)
    if tv is None:
        return list(e.citations)
    p = tv.start
    wanted = [p.digits.lstrip("0")]
    if p.month:
        wanted.append(human_date(e.date).split()[-2] if p.day else human_date(e.date).split()[0])
    if p.day:
        wanted.append(str(p.day))
    return sorted(e.citations, key=lambda c: -sum(bool(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", m.cite(c)["quote"]))
                                                   for w in wanted))


def _name_questions(m: Material) -> list[dict]:
    askable = [e for e in m.entities if _askable(e)]
    quotes: dict[tuple, Citation] = {}
    for e in m.events:
        for c in e.citations:
            quotes.setdefault((c.source, c.start, c.end), c)
    for f in m.factors:
        for c in f.citations:
            quotes.setdefault((c.source, c.start, c.end), c)
    for c in m.conflicts:   # a quote on one side of a disagreement makes a poor question
        for side in c.sides:
            for x in side.citations:
                quotes.pop((x.source, x.start, x.end), None)
    out = []
    for ent in sorted(askable, key=lambda e: (-e.mentions, e.name))[:MAX_NAME_QUESTIONS * 2]:
        same = [x for x in askable if x.type == ent.type and x is not ent]
        names = [ent.name, *ent.aliases]
        best = None
        for c in quotes.values():
            text = squash(m.cite(c)["quote"])
            if not 40 <= len(text) <= 260 or not _mentions(text, names):
                continue
            others = sum(_mentions(text, [x.name, *x.aliases]) for x in same)
            score = (others, abs(len(text) - 130))
            if best is None or score < best[0]:
                best = (score, c, text)
        if best is None:
            continue
        _, c, text = best
        blanked = _blank(text, names)
        if "_____" not in blanked or _mentions(blanked, names):
            continue
        distractors = []
        for x in sorted(same, key=lambda x: (-x.mentions, x.name)):
            if _mentions(blanked, [x.name, *x.aliases]) or _related(x.name, ent.name):
                continue
            if any(_related(x.name, d) for d in distractors):
                continue
            distractors.append(x.name)
            if len(distractors) == CHOICES - 1:
                break
        if len(distractors) < 2:
            continue
        key = f"name\x1f{ent.type}\x1f{_key(ent.name)}"
        choices = _ordered(key, [ent.name, *distractors])
        out.append({"kind": ent.type, "key": key,
                    "prompt": f"Which {TYPE_WORD[ent.type]} fills the blank? “{blanked}”",
                    "choices": choices, "answer": ent.name, "answer_index": choices.index(ent.name),
                    "explanation": f"{ent.name}" + (f" (also called {', '.join(ent.aliases)})" if ent.aliases else ""),
                    "citations": [m.cite(c)]})
        if len(out) == MAX_NAME_QUESTIONS:
            break
    return out


def quiz(m: Material) -> dict:
    dates, names = _date_questions(m), _name_questions(m)
    items = []
    for i in range(max(len(dates), len(names))):
        items += [x[i] for x in (dates, names) if i < len(x)]
    for n, item in enumerate(items, 1):
        item["id"] = "q" + hashlib.sha256(item.pop("key").encode()).hexdigest()[:10]
        item["number"] = n
    return {"schema": "histsift-quiz/1", "question": m.question, "items": items,
            "about": "Multiple choice. Distractors are other dates and names from the same sources; each answer "
                     "is cited with the exact quote (offsets into the source's text)."}


def quiz_md(q: dict) -> str:
    lines = [f"# Quiz: {_md(q['question'] or 'the sources')}", "",
             "Choose one answer for each question. The answers, with the sources that give them, are at the end.", ""]
    for it in q["items"]:
        lines.append(f"{it['number']}. {_md(it['prompt'])}")
        lines += [f"   - {'ABCDEFGH'[i]}. {_md(c)}" for i, c in enumerate(it["choices"])]
        lines.append("")
    lines += ["## Answers", ""]
    for it in q["items"]:
        c = it["citations"][0] if it["citations"] else None
        cite = f" — “{_md(squash(c['quote']))}” ({_md(c['path'])})" if c else ""
        lines.append(f"{it['number']}. **{'ABCDEFGH'[it['answer_index']]}. {_md(it['answer'])}**{cite}")
    return "\n".join(lines) + "\n"
