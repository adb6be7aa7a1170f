"""Benchmark of `histsift build` on a synthetic pile of history "web pages".

    python bench/build.py [--pages N] [--html-share F] [--jobs J] [--seed S] [--keep DIR] [--json]

It generates N seeded, synthetic pages about invented historical events (our
own templates: no text is copied from anywhere), writes them as a pile to a
temporary folder (or to DIR with --keep), and measures, each in a fresh Python
process so that peak memory belongs to one measurement only:

  (a) txt      the plain-text pages alone through ``histsift.pipeline.build(pile_txt_only,
               db, jobs=J)``: every stage build runs (load, clean, and whatever per-source
               and pile-level stages this histsift has), and the store;
      (a1)     the same files through load + clean alone, one process, nothing stored;
      (a2)     the per-source stages after clean (segment + annotate), one process;
  (b) mixed    the whole pile (text and HTML) through build, into a new store;
  (c) rebuild  (b) again into the same store with nothing changed (cache hits);
  (d) trafilatura  ``trafilatura.extract`` alone on the same HTML pages, one
               process, for comparison with (b).

See bench/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# --------------------------------------------------------------------------- vocabulary
# Everything below is invented for this benchmark: names are built from
# syllables, sentences from our own templates.

_ONSETS = ["b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "r", "s", "st",
           "t", "th", "v", "w", "z", "ald", "ess", "or", "ul", "im", "var", "tor", "mel"]
_VOWELS = ["a", "e", "i", "o", "u", "ae", "ei", "ou", "ia", "y"]
_CODAS = ["n", "r", "l", "m", "s", "th", "nd", "rk", "lt", "st", "v", "x", "", "", ""]
_PLACE_ENDS = ["holt", "mar", "ine", "burg", "ford", "vik", "ora", "dal", "stad", "wick", "enne",
               "avia", "oria", "heim", "port", "grad", "mouth", "ley", "ach", "ova"]
_FIRST = ["Marta", "Anselm", "Ilse", "Tomas", "Greta", "Oskar", "Lena", "Pavel", "Irena", "Jonas",
          "Sofia", "Emil", "Ada", "Viktor", "Helena", "Bruno", "Clara", "Felix", "Nadia", "Rudolf",
          "Elena", "Karl", "Mirela", "Hugo", "Vera", "Aurel", "Dora", "Lucian", "Agnes", "Milan"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]

_EVENT_KINDS = [
    ("Strike", "the {place} {trade} strike", "strikers", "the {trade} union"),
    ("Treaty", "the Treaty of {place}", "delegates", "the {place} council"),
    ("Flood", "the great flood of {place}", "villagers", "the river board"),
    ("Uprising", "the {place} uprising", "insurgents", "the provisional committee"),
    ("Election", "the {place} election", "voters", "the {party} party"),
    ("Railway", "the opening of the {place} railway", "engineers", "the {place} Railway Company"),
    ("Siege", "the siege of {place}", "defenders", "the garrison"),
    ("Reform", "the {place} land reform", "tenants", "the assembly"),
    ("Famine", "the {place} famine", "farmers", "the relief committee"),
    ("Exhibition", "the {place} exhibition", "visitors", "the exhibition board"),
    ("Mutiny", "the {place} naval mutiny", "sailors", "the admiralty"),
    ("Charter", "the {place} charter", "burghers", "the guild council"),
]
_TRADES = ["dock", "textile", "mining", "printers'", "tram", "bakers'", "glassworks", "timber"]
_PARTIES = ["Liberal", "Agrarian", "Radical", "Federalist", "Workers'", "Conservative", "Unity"]
_ROLES = ["the mayor", "the governor", "a local printer", "the harbour master", "a schoolteacher",
          "the bishop", "a young lawyer", "the district judge", "a union organiser", "the finance minister",
          "a retired colonel", "the editor of the town newspaper"]
_ADJ = ["bitter", "long", "sudden", "quiet", "costly", "uneasy", "fragile", "decisive", "brief", "stubborn",
        "disorderly", "careful", "hurried", "remarkable", "unexpected", "prolonged"]
_CAUSES = ["rising bread prices", "a dispute over wages", "the collapse of a local bank", "years of poor harvests",
           "new taxes on salt and grain", "rumours of a foreign loan", "the closure of the northern mills",
           "a quarrel over fishing rights", "the arrest of two newspaper editors", "a cholera outbreak in the port",
           "the loss of the southern markets", "an unpopular conscription law"]
_RESULTS = ["a new constitution", "the resignation of the cabinet", "a ten-hour working day", "a fragile truce",
            "the founding of a savings bank", "the rebuilding of the lower town", "a wave of emigration",
            "the first public school in the district", "a customs union with its neighbours",
            "a decade of slow recovery", "the end of the old guild privileges", "a lasting mistrust of the capital"]

# Sentence templates. Slots: {date} full date, {year}, {year2} later year,
# {event}, {place}, {place2}, {person}, {person2}, {role}, {group}, {org},
# {adj}, {n}, {n2}, {cause}, {result}, {month}.
_OPENERS = [
    "On {date} {event} began, after weeks of {adj} negotiation.",
    "In {year} {place} was a small but busy town of some {n} people, and few expected that {event} would start there.",
    "{event_cap} is usually dated to {date}, although the first signs of trouble appeared much earlier.",
    "By the spring of {year} the mood in {place} had changed, and {cause} was the talk of every tavern.",
    "Historians still argue about {event}, which lasted from {year} until {year2}.",
]
_SENTENCES = [  # [a|b|c] picks one alternative per use, so that pages do not share whole sentences
    "On {date} {person}, {role}, [called|summoned|convened] a [meeting|gathering|hearing] [at|in] the [town hall|guildhall|old customs house|parish school] of {place}.",
    "In {year} {org} [asked|begged|petitioned] {place2} for [help|money|troops|grain], but [no answer came|the reply was cold|nothing was sent] for [several|many|three] months.",
    "The [immediate|direct|obvious] cause was {cause}, which had [angered|embittered|worried|exhausted] the {group} for [years|a generation|a decade].",
    "About {n} {group} [gathered|assembled|crowded|marched] [in|into|across] the [market square|cathedral square|harbour front|fairground|main street] on {date}.",
    "{person} later [wrote|recalled|told a journalist|admitted in a letter] that the [whole affair|crisis|struggle] was {adj} and could [easily|very well] have gone the other way.",
    "In the [summer|autumn|winter|spring] of {year} the [authorities|ministers|prefects|magistrates] in {place2} [sent|dispatched|ordered] {n2} [soldiers|gendarmes|militiamen|dragoons] to [keep order|restore calm|guard the bridges|watch the docks].",
    "The talks [broke down|collapsed|stalled] on {date}, when {person2} refused to [sign|accept|consider] the [proposed terms|new draft|compromise|final offer].",
    "By {month} {year} the {group} had [won|gained|secured] the [support|backing|sympathy] of {org}.",
    "A [report|pamphlet|survey|ledger] [printed|compiled|published] in {year} put the [cost|price|bill] of the [damage|repairs|fighting|relief] at {n} [crowns|florins|thalers|marks].",
    "Contemporary [letters|diaries|sermons|reports] describe the winter of {year} as {adj} and [hungry|cold|violent|anxious].",
    "On {date} a [second|third|new] petition, [signed|endorsed|carried] by {n} [residents|householders|artisans|parishioners], reached the [capital|palace|assembly].",
    "{person2} [travelled|rode|sailed|went] to {place2} in {year} to [plead|argue|present] the case before the [council|senate|court|regent].",
    "The [result|outcome|upshot] was {result}, although it took until {year2} for the change to be [felt|noticed|complete].",
    "Not everyone agreed: {role} [warned|argued|predicted|feared] that {cause} would [return|strike again|come back] within a [generation|decade|few years].",
    "In {year} the first [history|account|chronicle|study] of {event} appeared, [written|compiled|edited] by {person}.",
    "[Local|Parish|Tax|Harbour] records show that {n2} [families|households|workers|merchants] left {place} between {year} and {year2}.",
    "The [newspapers|gazettes|broadsheets|pamphleteers] of {place2} [reported|described|covered|mocked] the events of {date} in [great|lurid|careful|partisan] detail.",
    "It was {role}, not the [council|crown|army|church], who [finally|eventually|quietly] [brokered|arranged|negotiated] an agreement on {date}.",
    "Few of the {group} could read, so [news|word|rumour] spread through [sermons, songs and gossip|ballads and broadsheets|market talk|letters read aloud].",
    "After {date} the [streets|quays|villages|workshops] of {place} were quiet, but the [resentment|anger|distrust|grief] [remained|lingered|festered].",
    "A [memorial|monument|plaque|chapel] was [unveiled|dedicated|raised] in {year2}, on the spot where the {group} had first [assembled|gathered|fallen].",
    "Some accounts claim that {n} people took part; [others|later historians|police files] give a figure closer to {n2}.",
    "The decision of {date} [surprised|alarmed|delighted] even {person}, who had expected a [long|further|costly] delay.",
    "Among the leaders was {person2}, a former {trade} [worker|apprentice|clerk|foreman] with a gift for [speeches|organising|satire|numbers].",
    "Between {year} and {year2} the [population|trade|revenue|harvest] of {place} fell by [almost a third|nearly half|a quarter].",
    "{org_cap} met again on {date} and voted, by a [narrow|wide|single-vote] margin, to [accept|reject|postpone] the terms.",
    "[Trade|Shipping|Traffic|Credit] with {place2} did not recover until {year2}.",
    "In {year} the matter was raised in [parliament|the diet|the estates|the royal council] for the first time.",
    "The {group} demanded [fair wages|cheaper bread|lower rents|the vote], [shorter hours|an amnesty|a public inquiry|new elections] and the release of their [spokesmen|leaders|comrades].",
    "Many of the [documents|minutes|letters|maps] from {year} were lost in a [fire|flood|bombing|clear-out] at the archive of {place2}.",
    "{person} [kept|left|wrote] a [diary|journal|memoir] that [survives|was rediscovered|was published] in {year2}.",
    "The [bishop|mayor|governor|consul] of {place2} [refused|declined|hesitated] to [intervene|take sides|receive the delegates] until {date}.",
    "[Prices|Rents|Wages|Taxes] in {place} [doubled|rose sharply|fell|stagnated] in {year}, [according to|if we trust|as shown by] the [market books|tax rolls|guild accounts].",
    "[Rumours|Stories|Reports] that {person2} had [fled|been bribed|been arrested|changed sides] [circulated|spread|were printed] on {date}.",
    "{org_cap} [published|issued|posted] a [manifesto|proclamation|list of grievances|open letter] on {date}.",
    "[Foreign|Visiting|Neighbouring] [observers|envoys|traders|travellers] from {place2} [described|saw|judged] the [situation|mood|unrest] as {adj}.",
    "[Rain|Snow|Heat|Fog] [delayed|hampered|ended] the [march|harvest|crossing|siege works] on {date}.",
    "{person} and {person2} [quarrelled|fell out|split] over [tactics|money|the terms|who should lead] in {month} {year}.",
]
_CLOSERS = [
    "Its long-term result was {result}.",
    "Today {event} is remembered mainly for {result}.",
    "Most historians now see {event} as a turning point in the history of {place}.",
    "The episode ended on {date}, and its memory shaped local politics for decades.",
]
_ALT = re.compile(r"\[([^\[\]]+)\]")
_BULLETS = [
    "{date}: {event} begins in {place}",
    "{year}: {org} founded",
    "{date}: {person} arrested",
    "{year2}: memorial unveiled",
    "Cause: {cause}",
    "Outcome: {result}",
    "Key figure: {person2} ({role})",
    "Estimated participants: {n}",
    "{month} {year}: petition sent to {place2}",
    "{date}: agreement signed",
]
_HEADINGS = ["Background", "Causes", "The events of {year}", "Aftermath", "Legacy", "Why did it happen?",
             "The role of {person}", "Consequences for {place}"]
_NOTE_HEADINGS = ["Key facts", "Timeline", "Quick notes", "Revision notes", "Summary"]

# Web noise: lines a page carries besides the article.
_NOISE_TOP = ["Home", "Topics", "Timelines", "Revision", "Essays", "About us", "Contact", "Search", "Menu"]
_NOISE_MID = ["Advertisement", "4.6 (212)", "4.8 (1,034 reviews)", "★★★★★", "Sign up for free",
              "Hire a writer", "Read more", "Get expert help now", "12,401 students online",
              "This is a preview", "Continue reading", "Share on Facebook", "Related articles"]
_NOISE_TAIL = ["Cite this page", "Retrieved from www.example.org", "© 2021 Example Ltd. All rights reserved.",
               "Privacy policy", "Terms of use", "Share this", "Follow us", "Sign up for free",
               "Leave a comment", "3 comments", "Last updated: 12 May 2021", "You may also like",
               "Back to top", "4.6 (212)", "Newsletter"]


class PageMaker:
    """Seeded generator of synthetic history pages."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.paragraphs: list[str] = []  # every body paragraph made so far, for copying

    # ---------------------------------------------------------------- names
    def _word(self) -> str:
        r = self.rng
        return (r.choice(_ONSETS) + r.choice(_VOWELS) + r.choice(_CODAS)).capitalize()

    def place(self) -> str:
        return self._word() + self.rng.choice(_PLACE_ENDS)

    def person(self) -> str:
        r = self.rng
        sur = self._word() + r.choice(["er", "sen", "ski", "ov", "ner", "mann", "ic", "an", "ard", ""])
        return f"{r.choice(_FIRST)} {sur}"

    def date(self, year: int) -> str:
        r = self.rng
        return f"{r.randint(1, 28)} {r.choice(_MONTHS)} {year}"

    # ---------------------------------------------------------------- pages
    def page(self, n_words: int, copy_from_others: bool) -> dict:
        r = self.rng
        kind, event_tpl, group, org_tpl = r.choice(_EVENT_KINDS)
        place = self.place()
        trade = r.choice(_TRADES)
        fill = dict(place=place, trade=trade.rstrip("'"), party=r.choice(_PARTIES))
        event = event_tpl.format(**fill)
        org = org_tpl.format(**fill)
        year = r.randint(1700, 1960)
        ctx = dict(event=event, event_cap=event[0].upper() + event[1:], place=place, org=org,
                   org_cap=org[0].upper() + org[1:], group=group, trade=trade.rstrip("'"),
                   people=[self.person() for _ in range(3)], places=[self.place() for _ in range(2)], year=year)
        title = r.choice([
            f"{event[0].upper() + event[1:]} ({year})",
            f"{event[0].upper() + event[1:]}: causes and consequences",
            f"Why did {event} happen?",
            f"{kind} in {place}, {year}",
            f"The story of {event}",
        ])
        byline, noise, closer = f"By {self.person()}", self._noise(), self._fill(r.choice(_CLOSERS), ctx)
        # n_words is the whole page as pasted: title, byline, noise and closer included.
        words = sum(len(x.split()) for x in [title, byline, closer, *noise["top"], *noise["mid"], *noise["tail"]])
        words += 4 * noise["stamp"]
        sections: list[tuple[str, object]] = []  # ("p", text) | ("h", text) | ("ul", [items])
        notes_at = r.randint(2, 4)
        copied = 0
        while True:
            if sections and r.random() < 0.3:
                sections.append(("h", self._fill(r.choice(_HEADINGS), ctx)))
                words += len(sections[-1][1].split())
            if len(sections) >= notes_at and not any(k == "ul" for k, _ in sections):
                sections.append(("h", r.choice(_NOTE_HEADINGS)))
                items = [self._fill(b, ctx) for b in r.sample(_BULLETS, r.randint(4, 7))]
                sections.append(("ul", items))
                words += sum(len(i.split()) for i in [sections[-2][1], *items])
                continue
            if copy_from_others and copied < 2 and self.paragraphs and r.random() < 0.35:
                para = r.choice(self.paragraphs)  # a paragraph lifted from another page
                copied += 1
            else:
                para = self._paragraph(ctx, opener=not sections)
                self.paragraphs.append(para)
            room = n_words - words
            if len(para.split()) > room:  # the last paragraph: keep the sentences that fit
                kept = []
                for sent in para.split(". "):
                    if len(" ".join(kept + [sent]).split()) > room:
                        break
                    kept.append(sent)
                if kept:
                    para = ". ".join(kept).rstrip(".") + "."
                    sections.append(("p", para))
                break
            sections.append(("p", para))
            words += len(para.split())
        if sections and sections[-1][0] == "h":
            sections.pop()
        sections.append(("p", closer))
        return {"title": title, "sections": sections, "byline": byline, "noise": noise}

    def _fill(self, tpl: str, ctx: dict) -> str:
        r = self.rng
        tpl = _ALT.sub(lambda m: r.choice(m.group(1).split("|")), tpl)
        year = ctx["year"] + r.randint(-3, 6)
        vals = dict(ctx)
        vals.update(
            date=self.date(year), year=year, year2=year + r.randint(2, 30), month=r.choice(_MONTHS),
            person=r.choice(ctx["people"]), person2=r.choice(ctx["people"]), place2=r.choice(ctx["places"]),
            role=r.choice(_ROLES), adj=r.choice(_ADJ), n=f"{r.randint(2, 90) * 100:,}",
            n2=f"{r.randint(1, 40) * 50:,}", cause=r.choice(_CAUSES), result=r.choice(_RESULTS))
        return tpl.format(**vals)

    def _paragraph(self, ctx: dict, opener: bool = False) -> str:
        r = self.rng
        sents = [self._fill(r.choice(_OPENERS), ctx)] if opener else []
        sents += [self._fill(t, ctx) for t in r.sample(_SENTENCES, r.randint(3, 7))]
        return " ".join(sents)

    def _noise(self) -> dict:
        r = self.rng
        return {"top": r.sample(_NOISE_TOP, r.randint(0, 6)),
                "mid": r.sample(_NOISE_MID, r.randint(0, 3)),
                "tail": r.sample(_NOISE_TAIL, r.randint(1, 6)),
                "stamp": r.random() < 0.4}


def render_txt(p: dict) -> str:
    """A page as it looks when pasted out of a browser."""
    out = list(p["noise"]["top"])
    out += ["", p["title"], p["byline"]]
    if p["noise"]["stamp"]:
        out.append("Last updated: 3 May 2021")
    mid = list(p["noise"]["mid"])
    for i, (kind, body) in enumerate(p["sections"]):
        out.append("")
        if kind == "p":
            out.append(body)
        elif kind == "h":
            out.append(body)
        else:
            out += [f"- {item}" for item in body]
        if mid and i in (1, 3, 5):
            out += ["", mid.pop()]
    out.append("")
    out += p["noise"]["tail"]
    return "\n".join(out) + "\n"


def render_html(p: dict) -> str:
    e = html.escape
    nav = "".join(f'<a href="/{e(t.lower().replace(" ", "-"))}">{e(t)}</a>' for t in p["noise"]["top"] or ["Home"])
    body = [f"<h1>{e(p['title'])}</h1>", f'<p class="byline">{e(p["byline"])}</p>']
    mid = list(p["noise"]["mid"])
    for i, (kind, item) in enumerate(p["sections"]):
        if kind == "p":
            body.append(f"<p>{e(item)}</p>")
        elif kind == "h":
            body.append(f"<h2>{e(item)}</h2>")
        else:
            body.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in item) + "</ul>")
        if mid and i in (1, 3, 5):
            body.append(f'<div class="promo">{e(mid.pop())}</div>')
    footer = "".join(f"<p>{e(t)}</p>" for t in p["noise"]["tail"])
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + e(p["title"]) + "</title></head>\n"
            "<body><nav>" + nav + "</nav>\n<article>" + "\n".join(body) + "</article>\n<footer>" + footer
            + "</footer></body></html>\n")


def make_pile(root: Path, pages: int, html_share: float, seed: int) -> dict:
    """Write the mixed pile to root/mixed and its .txt pages alone to root/txt.

    With no HTML page the two would be the same, so only root/mixed is written
    (see :func:`txt_pile`): root then holds each page once.
    """
    mixed, txt = root / "mixed", root / "txt"
    n_html = round(pages * html_share)
    for d in (mixed, txt):
        if d.exists():
            shutil.rmtree(d)
    mixed.mkdir(parents=True)
    if n_html:
        txt.mkdir(parents=True)
    maker = PageMaker(seed)
    rng = random.Random(seed + 1)
    is_html = [True] * n_html + [False] * (pages - n_html)
    rng.shuffle(is_html)
    counts = {"txt": 0, "html": 0, "txt_words": 0, "html_bytes": 0, "txt_bytes": 0}
    for i in range(pages):
        page = maker.page(rng.randint(300, 800), copy_from_others=rng.random() < 0.25)
        name = f"page-{i:05d}"
        if is_html[i]:
            data = render_html(page).encode("utf-8")
            (mixed / f"{name}.html").write_bytes(data)
            counts["html"] += 1
            counts["html_bytes"] += len(data)
        else:
            text = render_txt(page)
            data = text.encode("utf-8")
            (mixed / f"{name}.txt").write_bytes(data)
            if n_html:
                (txt / f"{name}.txt").write_bytes(data)
            counts["txt"] += 1
            counts["txt_bytes"] += len(data)
            counts["txt_words"] += len(text.split())
    return counts


def make_one_file(path: Path, megabytes: float, seed: int) -> int:
    """One long text file of generated pages, one after another (a book, a dump of notes):
    ``megabytes`` of it. Returns its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    maker, rng = PageMaker(seed + 2), random.Random(seed + 3)
    size, want = 0, int(megabytes * 1e6)
    with path.open("w", encoding="utf-8") as f:
        while size < want:
            text = render_txt(maker.page(rng.randint(300, 800), copy_from_others=rng.random() < 0.25)) + "\n\n"
            f.write(text)
            size += len(text.encode("utf-8"))
    return size


def txt_pile(root: Path) -> Path:
    """The folder holding the pile's .txt pages alone."""
    return root / "txt" if (root / "txt").is_dir() else root / "mixed"


# --------------------------------------------------------------------------- measuring

def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest reaped child, in MB."""
    to_mb = (1 / 1024) if sys.platform != "darwin" else (1 / 1024 / 1024)  # Linux: KiB; macOS: bytes
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * to_mb,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * to_mb)


def _cpu_s() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def stages(pile: Path) -> list[dict]:
    """Per-source stages alone on the pile's files, one process, no store, no pile-level stage.

    Splits the time of load + clean from that of the stages after it
    (segment + annotate, when this histsift has them).
    """
    from histsift.ingest import clean, load
    from histsift.model import Skipped

    try:
        from histsift.ingest.annotate import annotate
    except ImportError:  # a histsift before segment/annotate
        annotate = None
    root, files = load.discover(pile)
    t_clean = t_annotate = 0.0
    words = n = 0
    cpu0 = _cpu_s()
    for f in files:
        t0 = time.perf_counter()
        got = load.read_file(f, root)
        if isinstance(got, Skipped):
            continue
        got = clean.clean(got)
        t1 = time.perf_counter()
        if annotate is not None:
            annotate(got)
        t_clean += t1 - t0
        t_annotate += time.perf_counter() - t1
        words += got.words
        n += 1
    cpu = _cpu_s() - cpu0
    self_mb, child_mb = _peak_mb()
    out = [{"phase": "stages_clean", "seconds": t_clean}]
    if annotate is not None:
        out.append({"phase": "stages_annotate", "seconds": t_annotate})
    for r in out:
        r.update(pages=n, words=words, jobs=1, reused=0, pages_per_s=n / r["seconds"],
                 words_per_s=words / r["seconds"], words_per_s_per_core=words / r["seconds"],
                 cpu_seconds=cpu * r["seconds"] / (t_clean + t_annotate),
                 peak_mb_self=round(self_mb, 1), peak_mb_children=round(child_mb, 1))
    return out


def code_fingerprint() -> dict:
    """Which histsift this process imported: its folder and a hash of all its .py files (sub-packages too)."""
    import histsift

    pkg = Path(histsift.__file__).parent
    h = hashlib.sha256()
    for f in sorted(pkg.rglob("*.py")):
        h.update(f.relative_to(pkg).as_posix().encode() + b"\0" + f.read_bytes())
    # the folder as the repository names it, so committed figures carry no machine's paths
    repo = Path(__file__).resolve().parent.parent
    where = pkg.relative_to(repo) if pkg.is_relative_to(repo) else Path("site-packages/histsift")
    return {"histsift_dir": str(where), "histsift_sha256": h.hexdigest()[:16]}


def phase(args) -> list[dict]:
    """One measurement, run in its own process (see main)."""
    out = _phase(args)
    for r in out:
        r.update(code_fingerprint())
    return out


def _phase(args) -> list[dict]:
    from histsift import pipeline

    if args.phase == "stages":
        return stages(Path(args.pile))

    if args.phase in ("mixed", "rebuild", "trafilatura"):
        import trafilatura  # noqa: F401  (imported before the clock starts, as in a warm process)
    if args.phase == "trafilatura":
        import trafilatura

        pages = [p.read_text("utf-8") for p in sorted(Path(args.pile).glob("*.html"))]
        cpu0, t0 = _cpu_s(), time.perf_counter()
        words = 0
        for h in pages:
            out = trafilatura.extract(h, include_tables=True, favor_recall=True, deduplicate=False) or ""
            words += len(out.split())
        seconds, cpu = time.perf_counter() - t0, _cpu_s() - cpu0
        n, jobs, reused = len(pages), 1, 0
    else:
        cpu0, t0 = _cpu_s(), time.perf_counter()
        report = pipeline.build(args.pile, args.db, jobs=args.jobs, file_seconds=None)
        seconds, cpu = time.perf_counter() - t0, _cpu_s() - cpu0
        n, words, jobs, reused = len(report.sources) + len(report.skipped), report.words, args.jobs, report.reused
    self_mb, child_mb = _peak_mb()
    row = {"phase": args.phase, "pages": n, "words": words, "seconds": seconds, "cpu_seconds": cpu,
           "jobs": jobs, "reused": reused, "pages_per_s": n / seconds, "words_per_s": words / seconds,
           "words_per_s_per_core": words / seconds / jobs,
           "peak_mb_self": round(self_mb, 1), "peak_mb_children": round(child_mb, 1)}
    if args.phase == "onefile":  # and what a person then opens: the report, and the store
        import histsift
        from histsift.outputs.report import render_html

        t0 = time.perf_counter()
        page = render_html(histsift.open(args.db))
        row.update(report_seconds=round(time.perf_counter() - t0, 2), report_mb=round(len(page.encode()) / 1e6, 2),
                   store_mb=round(Path(args.db).stat().st_size / 1e6, 1))
    return [row]


def _run_phase(name: str, pile: Path, db: Path, jobs: int) -> list[dict]:
    cmd = [sys.executable, "-X", "faulthandler", os.path.abspath(__file__), "--phase", name, "--pile", str(pile),
           "--db", str(db), "--jobs", str(jobs)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # the phase's stderr goes straight through
    if done.returncode != 0:
        how = (f"killed by {signal.Signals(-done.returncode).name}" if done.returncode < 0
               else f"exit status {done.returncode}")
        sys.exit(f"phase {name} failed ({how}); the figures measured before it are on stderr above")
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    for r in rows:  # as soon as measured, so that a later failure does not lose them
        print(f"measured {json.dumps(r)}", file=sys.stderr, flush=True)
    return rows


LABELS = {"txt": "(a) txt: pipeline.build", "stages_clean": "  (a1) txt: load+clean only",
          "stages_annotate": "  (a2) txt: segment+annotate only", "mixed": "(b) mixed pile: build",
          "rebuild": "(c) mixed: rebuild, unchanged", "trafilatura": "(d) trafilatura.extract only",
          "onefile": "(e) one long .txt file: build"}
PHASES = ["txt", "stages", "mixed", "rebuild", "trafilatura", "onefile"]


def table(results: list[dict]) -> str:
    head = ["measure", "pages", "words", "s", "pages/s", "words/s", "words/s/core", "CPU s", "peak MB", "peak MB child"]
    rows = [[LABELS[r["phase"]], f"{r['pages']}", f"{r['words']:,}", f"{r['seconds']:.2f}", f"{r['pages_per_s']:,.1f}",
             f"{r['words_per_s']:,.0f}", f"{r['words_per_s_per_core']:,.0f}", f"{r['cpu_seconds']:.2f}",
             f"{r['peak_mb_self']:.0f}", f"{r['peak_mb_children']:.0f}"] for r in results]
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    fmt = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    return "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def hidden_phase_args(ap: argparse.ArgumentParser, **phase) -> None:
    """The arguments a benchmark passes to itself to run one measurement in a fresh process."""
    ap.add_argument("--phase", help=argparse.SUPPRESS, **phase)
    ap.add_argument("--pile", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000, help="pages in the pile (default 2000)")
    ap.add_argument("--html-share", type=float, default=0.2, help="share of pages written as HTML (default 0.2)")
    ap.add_argument("--jobs", type=int, default=1, help="jobs= passed to pipeline.build (default 1)")
    ap.add_argument("--seed", type=int, default=1871, help="seed of the page generator (default 1871)")
    ap.add_argument("--keep", metavar="DIR", help="write the piles and stores to DIR and keep them")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    ap.add_argument("--one-file", type=float, metavar="MB", default=0,
                    help="also build one text file of MB megabytes of pages (e), and write its report")
    hidden_phase_args(ap, choices=PHASES)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(phase(args)))
        return 0
    if args.pages < 1 or not 0 <= args.html_share <= 1 or args.jobs < 1:
        ap.error("--pages and --jobs must be at least 1, --html-share between 0 and 1")

    tmp = None
    if args.keep:
        root = Path(args.keep)
        root.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="histsift-bench-")
        root = Path(tmp.name)
    try:
        t0 = time.perf_counter()
        counts = make_pile(root, args.pages, args.html_share, args.seed)
        gen_s = time.perf_counter() - t0
        for db in ("txt.db", "mixed.db"):
            (root / db).unlink(missing_ok=True)
        results = []
        if counts["txt"]:
            results += _run_phase("txt", txt_pile(root), root / "txt.db", args.jobs)
            results += _run_phase("stages", txt_pile(root), root / "unused.db", 1)
        results += _run_phase("mixed", root / "mixed", root / "mixed.db", args.jobs)
        results += _run_phase("rebuild", root / "mixed", root / "mixed.db", args.jobs)
        if counts["html"]:
            results += _run_phase("trafilatura", root / "mixed", root / "unused.db", 1)
        if args.one_file:
            counts["one_file_bytes"] = make_one_file(root / "one" / "big.txt", args.one_file, args.seed)
            (root / "one.db").unlink(missing_ok=True)
            results += _run_phase("onefile", root / "one", root / "one.db", args.jobs)
    finally:
        if tmp is not None:
            tmp.cleanup()

    code = {(r["histsift_dir"], r["histsift_sha256"]) for r in results}
    if len(code) > 1:
        print(f"warning: the histsift source changed during the run; the phases measured {len(code)} versions",
              file=sys.stderr)
    info = {"pages": args.pages, "html_share": args.html_share, "jobs": args.jobs, "seed": args.seed,
            "pile": counts, "generate_seconds": round(gen_s, 2), "nproc": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(),
            "histsift": sorted(f"{d} {h}" for d, h in code),
            "kept_in": str(root) if args.keep else None}
    if args.json:
        print(json.dumps({"setup": info, "results": results}, indent=2))
    else:
        print(f"histsift build benchmark: {args.pages} pages ({counts['txt']} txt, {counts['html']} html), "
              f"jobs={args.jobs}, seed={args.seed}; {info['nproc']} CPUs, Python {info['python']}; "
              f"histsift {', '.join(info['histsift'])}")
        print(table(results))
        txt = next((r for r in results if r["phase"] == "txt"), None)
        one = next((r for r in results if r["phase"] == "onefile"), None)
        if one:
            print(f"\none file of {counts['one_file_bytes'] / 1e6:.1f} MB: {one['words_per_s']:,.0f} words/s"
                  + (f" ({one['words_per_s'] / txt['words_per_s']:.2f} × the pile's)" if txt else "")
                  + f"; report {one['report_mb']} MB (written in {one['report_seconds']} s), store {one['store_mb']} MB")
        if txt:
            ok = "meets" if txt["words_per_s_per_core"] >= 5000 else "MISSES"
            print(f"\nplain text through pipeline.build: {txt['words_per_s_per_core']:,.0f} words/s per core "
                  f"({ok} the 5,000 target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
