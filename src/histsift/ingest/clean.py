"""Clean: find boilerplate as spans over the unchanged text, and flag cut pages.

The text is never rewritten; a line judged to be page chrome becomes a
``Span(kind="boilerplate")`` with the signals that fired as its reason.

Libraries such as trafilatura or jusText clean HTML well, but a pile is mostly
text that was already pasted out of pages: the markup that they rely on is
gone, and the chrome (ratings, "hire a writer", "cite this page") survives as
ordinary lines. So this module scores each line on signals that generalise to
pages it has never seen: a lexicon of calls to action and web furniture, line
shape (short, verbless, counters, prices, star ratings, stamps), position (a
menu above the first paragraph, a tail after the last one), and, at pile level
(see ingest/repeated.py), short lines that recur across unrelated pages.
No string of any particular site is listed here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from histsift import work
from histsift.lang import lexicon
from histsift.model import KEPT_OUT, Source, Span, SpanSet

THRESHOLD = 1.0

# Phrases that web chrome uses and history prose does not. Each is matched on
# word boundaries, case-insensitively; weights say how sure a phrase alone is.
_STRONG = [  # enough on their own in a short line
    r"sign ?up", r"log ?in", r"sign ?in", r"subscribe\w*", r"join (?:now|us|today|free|for free)",
    r"hire (?:a |an |the |our )?(?:writer|tutor|expert)s?", r"order now", r"buy now", r"get (?:started|help|quality help|expert help|access)",
    r"free (?:trial|website|account|sample|essay)", r"your own (?:free )?(?:website|site|blog)",
    r"cite this(?: page| article| essay)?", r"retrieved from", r"retrieved(?: on)?(?= \d)", r"accessed(?: on)?(?= \d)",
    r"last (?:edited|modified|updated)", r"this page was", r"all rights reserved", r"copyright", r"©",
    r"privacy policy", r"terms (?:of use|of service|and conditions)", r"cookies?", r"advertisement", r"sponsored",
    r"share (?:on|this|via)", r"follow us", r"tweet", r"pin it", r"whatsapp", r"facebook", r"instagram", r"linkedin",
    r"back to top", r"top of (?:the )?page", r"skip to (?:main )?content", r"read more", r"continue reading",
    r"click here", r"watch now", r"listen (?:now|to the full)", r"download (?:now|the|this|pdf|app)",
    r"related (?:reading|posts?|articles?|essays?|topics?|links?)", r"you (?:may|might) also like", r"recommended for you",
    r"leave a (?:comment|reply)", r"\d+ comments?", r"report (?:to moderator|this|abuse)", r"avatar", r"(?:writer|author|profile)'?s? (?:picture|photo|image)",
    r"(?:updated|modified|created|posted|published) on:", r"(?:updated|modified):", r"this is a preview", r"preview of the (?:whole|full)",
    r"unlock (?:the|this|full)", r"to read the (?:full|whole|rest)", r"free (?:essays?|samples?)", r"newsletter",
    r"we(?:'|’)re online", r"online 24/7", r"24/7", r"let(?:'|’)s chat", r"chat (?:now|with)", r"experts? (?:are )?online",
    r"(?:tutors?|writers?|experts?) (?:are )?(?:online|available)", r"expert answers?", r"verified answer", r"proficient in",
    r"(?:topics|tags|categories|filed under|posted in):", r"reply #?\d+", r"#\d+ on:", r"an? (?:illustration|image|photo|picture) of", r"loading\.\.\.",
]
# More furniture, by the kind of site it comes from. Each is web language that
# a history text has no reason to use in a short line.
_FURNITURE = [
    # pagination and slides
    r"page \d+ of \d+", r"slide \d+ of \d+", r"next\s*[»›>]", r"[«‹<]\s*prev(?:ious)?", r"older posts", r"newer posts",
    r"previous lesson", r"next lesson",
    # wikis
    r"from wikipedia", r"jump to (?:navigation|search)", r"\[edit\]", r"contents \[hide\]", r"\(disambiguation\)",
    r"this article (?:needs|is about|may)", r"for other uses, see", r"creative commons", r"wikimedia commons",
    # apps, mail and reading furniture
    r"get the app", r"app store", r"google play", r"open in app", r"enter your email", r"your inbox", r"weekly digest",
    r"min(?:ute)? read", r"reading time", r"listen to this", r"print this", r"email this", r"copy (?:link|citation)",
    r"show (?:comments|more answers)", r"comments are closed", r"(?:answers|replies) in the comments",
    r"add your (?:own )?(?:answer|comment|reply)", r"join the conversation", r"most (?:read|popular)",
    r"trending now", r"promoted stories", r"photo credit", r"image credit", r"click to enlarge", r"thumbnail",
    r"featured[- ]image", r"site logo", r"sitemap", r"contact us", r"about the author", r"view all posts",
    r"staff writer", r"powered by", r"wordpress", r"blogger", r"akismet", r"thanks for visiting",
    # essay mills and homework sites
    r"essay sample", r"download (?:full|free)", r"(?:more|similar) (?:papers|essays)", r"plagiarism", r"this essay was submitted",
    r"professional (?:essay )?writers", r"custom essay", r"per page", r"/page", r"/month", r"downloads?:",
    r"words: \d", r"pages: \d", r"first order", r"cancel anytime", r"verified (?:customer|expert|buyer)",
    r"rated \d", r"was this answer helpful", r"expert[- ]verified", r"ask (?:your|a) question", r"unlimited access",
    r"found this helpful", r"answered by", r"still stuck", r"1-on-1", r"flashcards", r"mark as complete",
    r"course progress", r"enrol+ now", r"\d+ questions",
    # forums
    r"joined:", r"posts:", r"(?:senior|junior|new|full) member", r"thanks \(\d+\)", r"signature:", r"posted by \S+ »",
    # museums and shops
    r"opening hours", r"plan your visit", r"buy tickets", r"donate(?: now| today)?", r"museum shop", r"gift shop",
    # accounts
    r"forgot (?:your )?password", r"(?:don't|do not|don’t) have an account", r"create an account", r"register",
    # lecture notes running heads
    r"lecture \d+", r"not for circulation", r"lecture notes",
]
# So sure that even a long sentence carrying them is page furniture.
_SURE = re.compile(r"(?i:cookies? policy|we use cookies|this essay was submitted|retrieved from https?://|"
                   r"\baccessed \d|please help improve this article|all rights reserved)")
_WEAK = [  # suggestive; count only in short lines, and need a second signal
    r"home", r"menu", r"search", r"next", r"previous", r"print", r"email", r"share", r"like", r"reply", r"quote",
    r"logged", r"views?", r"expert", r"tutors?", r"essay writing", r"premium", r"upgrade", r"offer", r"discount",
    r"free", r"now", r"today", r"online", r"course", r"contact", r"about us", r"faq", r"help",
]
# Scraped pages glue words together ("pictureTastes Of History"), so a phrase
# may be followed by a capital but not by more of the same word.
_STRONG_RE = re.compile(r"(?<![\w])(?i:" + "|".join(_STRONG + _FURNITURE) + r")(?![a-z0-9_])")
# Words that are chrome in a fragment but history in a sentence ("Copyright law
# was first introduced in 1710", "The bodies were retrieved from the pit").
_AMBIGUOUS = re.compile(r"^(?:copyright|sponsored|subscribe\w*|retrieved from|register|donate|thumbnail|"
                        r"advertisement|lecture \d+|rated \d|powered by|tweet|facebook|newsletter)$", re.I)
_WEAK_RE = re.compile(r"(?<![\w])(?:" + "|".join(_WEAK) + r")(?![\w])", re.I)

# Verbs that open the imperative lines of page furniture ("Watch now",
# "Understand the topic in our course"). History prose rarely opens so.
_IMPERATIVE = set("""
join sign subscribe get hire order buy download share follow click try start register log create make
continue view save upgrade unlock book call chat contact visit discover explore learn understand watch
listen read see find check browse shop claim grab enter apply leave write ask rate review
""".split())

_RATING = re.compile(r"^\s*(?:[★☆✩✪⭐]+\s*)?\d(?:[.,]\d)?\s*(?:/\s*5|out of 5)?\s*(?:stars?|★+)?\s*(?:\(\s*[\d,.]+\s*(?:reviews?|ratings?|votes?)?\s*\))?\s*$", re.I)
_STARS = re.compile(r"[★☆⭐]{2,}|👍|👎")
_PAGE_NO = re.compile(r"^\s*(?:[–—-]\s*\d{1,4}\s*[–—-]|page\s+\d{1,4}|\d{1,3}\s+of\s+\d{1,3}|\d{1,3}(?:\s+\d{1,3}){2,}.*|#\d{1,4}|v t e)\s*$", re.I)
# "By A. Writer | 8 October 2012", "BY A WRITER", "Written by: A Writer", "• Created by: …", "Answer by …"
_BYLINE = re.compile(r"^\s*[•*·-]?\s*(?:[Bb]y|BY|(?i:written|created|posted|answer(?:ed)?|compiled|edited)\s+by)"
                     r":?\s+(?:[A-Z][\w.'’-]+\s*){1,3}(?:[|·,–-]\s*.{0,40})?$")
_COURSE_HEAD = re.compile(r"^\s*(?:[A-Z]{2,5}\s?\d{3,4}\b|Dr\.? [A-Z]\.?\s)")
# "1,204 writers online", "500+ orders completed": the counted word within two words of the number
# (a dated line that mentions "the order of the regent" is no counter)
_COUNTER = re.compile(r"^\s*\+?\d[\d,.]*\+?\s+(?:[\w-]+\s+){0,2}(?:online|available|students?|users?|customers?|members?"
                      r"|downloads?|views?|orders?)\b", re.I)
_PRICE = re.compile(r"(?:[$£€]\s?\d+(?:[.,]\d\d)?|(?<!\d)\d+(?:[.,]\d\d)?\s?(?:USD|EUR|GBP))\b")
_PERCENT_OFF = re.compile(r"(?<!\d)\d+\s?%\s*off\b", re.I)
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
_STAMP = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|published|posted|reviewed)\b[\s:]*(?:on\s+|by\s+)?[\w ,.:/·|-]{0,50}$", re.I)
_QUOTED = re.compile(r"^\s*[\"“”„«]\s*.+[\"”“»]\s*(?:[–—-]\s*[^\"“”]{1,50})?$")
_PRAISE = re.compile(r"\b(?:amazing|excellent|awesome|great|fantastic|recommend\w*|thank\w*|helped|helpful|saved my|lifesaver|best|perfect|as always|ahead of time|on time|five stars|5 stars|love|will (?:definitely )?use again|got an? A|my (?:essay|grade|teacher))\b", re.I)
_SERVICE = re.compile(r"\b(?:essay|service|grade|teacher|tutor|writer|deliver\w*|order|recommend\w*|help\w*|thank\w*|"
                      r"course|class|exam|homework|assignment|support|paper|use again)\b", re.I)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?!\w)", re.I)
_SIGNATURE = re.compile(r"^--\s")  # the mail and forum signature delimiter
_CRUMB = re.compile(r"^\s*\S.{0,60}(?:\s(?:>|»|›|/|\|)\s.{1,40}){2,}$")
_ARROWS = re.compile(r"(?:\s[>»›]\s.*){2,}")  # "Home > Topic > Page": arrows mean a trail
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_END_PUNCT = re.compile(r"[.!?…:;\"”’)\]]\s*$")


@dataclass
class Line:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their offsets (ends exclude the newline and trailing space)."""
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        if stripped.strip():
            out.append(Line(pos + lead, pos + len(stripped), stripped.strip()))
        pos += len(raw) + 1
    return out


# Each pattern that runs over a whole line starts a repetition only where the
# repeated class starts ((?<![a-z]) and the like): otherwise a long run of
# letters or digits with no space (a pasted blob, an OCR stream) is tried from
# every one of its characters, and the line costs its length squared.
_THREE_WORDS = re.compile(r"(?<![a-z])[a-z]{3,}\s+[a-z]{2,}\s+[a-z]{2,}")


def is_prose(line: Line) -> bool:
    """A line of running text: long, and not a list of links or labels."""
    return line.words >= 12 and bool(_THREE_WORDS.search(line.text))


def _sentence_like(t: str) -> bool:
    """A full sentence of prose: a capital, lower-case words, a full stop."""
    return bool(re.match(r"^[\"“‘']?[A-Z]", t) and t.rstrip().endswith((".", "!", "?"))
                and len(re.findall(r"\b[a-z]{2,}\b", t)) >= 4)


def line_score(line: Line) -> tuple[float, list[str]]:
    """Evidence that one line, on its own, is page chrome."""
    t, n = line.text, line.words
    score, why = 0.0, []

    def add(w: float, reason: str) -> None:
        nonlocal score
        score += w
        why.append(reason)

    if _SURE.search(t):
        add(1.2, "page furniture: " + _SURE.search(t).group().lower())
    strong = _STRONG_RE.findall(t)
    if strong and not _SURE.search(t):
        # A chrome phrase inside a long sentence is usually content quoting it.
        w = 1.2 if n <= 14 else 0.6 if n <= 25 else 0.2
        if n >= 7 and _sentence_like(t) and all(_AMBIGUOUS.match(x) for x in strong):
            w = 0.4
        add(w, "call to action: " + strong[0].lower())
    if n <= 6:
        weak = _WEAK_RE.findall(t)
        if weak:
            add(0.4, "web word: " + weak[0].lower())
        if n and n <= 3 and not _WEAK_RE.sub("", t).strip(" \t|·•-–—/:.!"):
            add(0.8, "web furniture")  # a line made only of web words: "Quote", "Logged", "Print | Email"
    if n <= 10 and _WORD.findall(t.lower())[:1] and _WORD.findall(t.lower())[0] in _IMPERATIVE:
        add(0.5, "imperative")
    if _RATING.match(t) or _STARS.search(t):
        add(1.2, "rating")
    if _PAGE_NO.match(t):
        add(1.2, "page number")
    if _BYLINE.match(t):
        add(1.0, "byline")
    if _COURSE_HEAD.match(t) and n <= 12:
        add(0.6, "running head")
    if _COUNTER.match(t):
        add(1.2, "counter")
    if n <= 12 and (_PRICE.search(t) or _PERCENT_OFF.search(t)) and not _sentence_like(t):
        add(0.6, "price")
    if _URL_ONLY.match(t):
        add(0.6, "bare link")
    if n <= 12 and _CLOCK.search(t):
        add(0.6, "timestamp")
    if _SIGNATURE.match(t) and n <= 25:
        add(1.2, "signature")
    if _STAMP.match(t):
        add(1.2, "date stamp")
    if _QUOTED.match(t) and _PRAISE.search(t) and _SERVICE.search(t) and n <= 40:
        add(1.2, "testimonial")
    if _CRUMB.match(t) and n <= 12:
        add(1.2 if _ARROWS.search(t) else 0.8, "breadcrumb")
    if n == 0 and not re.search(r"\d", t):
        add(0.6, "no words")
    return score, why


def find_boilerplate(text: str) -> list[Span]:
    """Boilerplate spans of one source: line scores plus position."""
    lines = lines_of(text)
    scored = []
    for ln in lines:
        work.at("cleaning", ln.start, len(text))
        scored.append(line_score(ln))
    prose = [i for i, ln in enumerate(lines) if is_prose(ln)]
    first_prose = prose[0] if prose else len(lines)
    last_prose = prose[-1] if prose else -1
    scores = [s for s, _ in scored]
    reasons = [list(r) for _, r in scored]
    _menu_runs(text, lines, first_prose, scores, reasons)
    _tail_contagion(lines, last_prose, scores, reasons)
    return [Span(ln.start, ln.end, "boilerplate", "; ".join(reasons[i]))
            for i, ln in enumerate(lines) if scores[i] >= THRESHOLD]


def _menu_runs(text: str, lines: list[Line], first_prose: int, scores: list[float], reasons: list[list[str]]) -> None:
    """A run of link-like lines above the first paragraph is a menu.

    Links are short, carry no sentence punctuation, and stand one per line with
    no blank line between them; a run of five or more of them, before any
    running text, is navigation, not a table of contents of the article.
    """
    i = 0
    while i < first_prose:
        j = i
        while j < first_prose and _linklike(lines[j]) and (j == i or _adjacent(text, lines[j - 1], lines[j])):
            j += 1
        if j - i >= 5:
            for k in range(i, j):
                scores[k] += 1.0
                reasons[k].append("menu")
        i = max(j, i + 1)


def _linklike(line: Line) -> bool:
    return 1 <= line.words <= 5 and not re.search(r"[.!?;,]\s*$", line.text) and len(line.text) <= 40


def _adjacent(text: str, a: Line, b: Line) -> bool:
    return text.count("\n", a.end, b.start) == 1  # no blank line between them


def _tail_contagion(lines: list[Line], last_prose: int, scores: list[float], reasons: list[list[str]]) -> None:
    """After the last paragraph, short lines next to chrome are chrome too.

    Page footers come in blocks ("Related reading", a course link, a share
    row); a short line inside such a block needs less evidence of its own.
    """
    tail = range(last_prose + 1, len(lines))
    flagged = {i for i in tail if scores[i] >= THRESHOLD}
    if not flagged:
        return
    for i in tail:
        if scores[i] < THRESHOLD and lines[i].words <= 10 and ({i - 1, i + 1} & flagged) and scores[i] > 0:
            scores[i] = THRESHOLD
            reasons[i].append("in a footer block")
            flagged.add(i)


# --------------------------------------------------------------------------- flags

_PREVIEW = re.compile(r"\b(?:this is a preview|preview of the (?:whole|full)|to read the (?:full|whole|rest)|"
                      r"unlock (?:the|this) (?:full|whole)|continue reading|read the full (?:essay|article|text))\b", re.I)


def flags_for(text: str, boilerplate: list[Span]) -> list[str]:
    """``preview`` when the page says it is one; ``truncated`` when it visibly stops."""
    flags = []
    if any(_PREVIEW.search(text[s.start:s.end]) for s in boilerplate):
        flags.append("preview")
    cut = SpanSet(boilerplate)
    content = [ln for ln in lines_of(text) if ln.start not in cut and not _URL_ONLY.match(ln.text)]
    if "preview" in flags or (content and _cut_off(content[-1].text)):
        flags.append("truncated")
    return flags


_BULLET = re.compile(r"^\s*(?:[-*+•◦▪‣·]|\d{1,2}[.)])\s")
_FUNCTION_WORDS = set("""
a an the of to in on at by for from with and or but nor that which who whom whose was were is are be been
had has have his her its their our this these those as than into onto upon if because while when where
""".split())


def _cut_off(last: str) -> bool:
    """A last content line that stops mid-sentence or mid-word."""
    last = last.rstrip()
    words = _WORD.findall(last.lower())
    if words and words[-1] in _FUNCTION_WORDS and last[-1].isalpha():
        return True  # "… and the general was": no sentence ends so
    if len(words) < 6 or _BULLET.match(last):
        return False  # a heading, a label, a table cell, or a note without a full stop
        return False  # a short last line is a heading, a label or a table cell
    if last.endswith(("...", "…")):
        return True
    return not _END_PUNCT.search(last)


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans; overlapping ones join with both reasons."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda x: (x.start, x.end)):
        if out and s.start <= out[-1].end:
            prev = out[-1]
            reason = prev.reason if s.reason in prev.reason else f"{prev.reason}; {s.reason}"
            out[-1] = Span(prev.start, max(prev.end, s.end), prev.kind, reason)
        else:
            out.append(s)
    return out


_MARKUP = re.compile(r"^(?:#+|=+|\*+)\s*|\s*(?:=+|\*+)$")   # Markdown "# T", wiki "== T ==", "**T**"
_INVISIBLE = re.compile("[\ufeff\u200b-\u200f\u2060\u00ad]")     # BOMs, zero-width marks, soft hyphens


def tidy_title(title: str) -> str:
    """A title as a person reads it: no BOM or zero-width marks, no heading markup."""
    title = _INVISIBLE.sub("", title).strip()
    return _MARKUP.sub("", title).strip()


def guess_title(text: str, boilerplate: list[Span]) -> str:
    """The first short content line (how pasted pages carry their title), else
    the opening words of the first content line."""
    cut = SpanSet(boilerplate)
    content = [ln for ln in lines_of(text)[:40] if ln.start not in cut]
    for ln in content:
        title = tidy_title(ln.text)
        if 1 <= ln.words <= 15 and title:
            return title[:150]
    if not content:
        return ""
    words = tidy_title(content[0].text).split()
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


NOISY_SHARE = 0.8      # below this share of dictionary words a page is noise to us
NOISY_MIN_WORDS = 40   # too few words to judge


def noisy(text: str, boilerplate: list[Span]) -> bool:
    """A page that reads as OCR noise (or is not in English): few of its lower-case words
    are dictionary words. Every page a person wrote in the reference piles scores 0.98 or
    more; a page with every third word misspelt, about 0.7."""
    cut = SpanSet(boilerplate)
    content = "\n".join(ln.text for ln in lines_of(text) if ln.start not in cut)
    share, n = lexicon.english_share(content)
    return n >= NOISY_MIN_WORDS and share < NOISY_SHARE


def clean(source: Source) -> Source:
    """Per-source cleaning: a pure function of the source's text."""
    spans = merge_spans(find_boilerplate(source.text))
    flags = [f for f in source.flags if f in KEPT_OUT] + flags_for(source.text, spans)
    if noisy(source.text, spans):
        flags.append("noisy")
    return replace(source, boilerplate=spans, flags=flags,
                   title=tidy_title(source.title) or guess_title(source.text, spans))
