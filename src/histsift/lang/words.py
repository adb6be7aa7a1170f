"""Words of English history prose: stop words, stems, irregular past forms, capitalised names.

The one place the extractors take their word knowledge from (as spaCy keeps
``lang/en/stop_words.py``): every matcher that compares passages, events,
questions or causes by their content words uses these.
"""
from __future__ import annotations

import functools
import re

import snowballstemmer

NAME = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'\-]*\.?(?:\s+(?:of|de|von|van|der|da|di|la|le|the|and)\s+(?=[A-Z]))?\s*)+")
NOTNAMES = set("""The A An In On At By For From To Of And But Or If When While After Before Then Thus However
This That These Those There Their They He She It We I His Her Its Our As With Without During Between Since
Until Also Both Each Every Some Many Most Much Such No Not Only So Yet Later Earlier Early Late Mid Next
Following Previous Two Three Four Five Six Seven Eight Nine Ten One First Second Third Last Why How What Who
January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul
Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday BC BCE AD CE Spring Summer
Autumn Winter Fall Date Dates Timeline Notes Answer Explanation Step Final""".split())
STOP_WORDS = set("""the a an of to in on at by for with from and or but had has have was were is are be been being that
this these those his her its their they he she it them him as into onto upon over under than then there which
who whom whose what when where while after before during between until since also both not only so such very
would could should will may might can did does do any some all each more most other another same own""".split())


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem cut to five letters. Snowball joins died/dies/dying and
    crossed/crosses; the cut joins consul/consulship and Medici/Medicis, which matter more here
    than the rare clash."""
    w = word.lower()
    return _SNOWBALL.stemWord(IRREGULAR.get(w, w))[:5]


_SNOWBALL = snowballstemmer.stemmer("english")
# Irregular past forms Snowball leaves alone; history prose is written in the past tense.
# Words that label a page's parts, not what happened: a dated heading "Timeline" or "Key dates"
# is no event.
PAGE_PART_WORDS = set("""timeline timelines chronology overview summary introduction conclusion notes contents
background key dates date events answer answers explanation""".split())
# Words that open a subordinate clause: what follows is the deed another is dated against
# ("when the envoy arrived, …"), not the one the sentence tells.
SUBORDINATORS = set("""when after before while because since as although though if until once whereas whilst""".split())
# The endings that make a noun of a deed ("installation", "removal", "agreement"): such a noun
# names the happening its verb tells ("installed", "removed").
DEED_NOUN_ENDINGS = ("tion", "sion", "ment", "al", "ance", "ence", "ure")
# Nouns that count people, one kind of count whatever the word: "4,000 men" and "7,000 soldiers"
# number the same army differently.
PEOPLE_NOUNS = set("""men people soldiers troops fighters warriors persons individuals foot infantry""".split())
# How the sources sort causes in time: a heading "Long-term causes", "the immediate trigger". The
# first phrase found (the passage's heading or parent first, then the passage) files its theme.
CAUSE_TERMS = {
    "long-term": ("long-term", "long term", "long-standing", "underlying"),
    "short-term": ("short-term", "short term"),
    "trigger": ("trigger", "triggered", "the spark", "sparked", "immediate cause", "final straw"),
}
# The instructions of exam questions ("Explain why …", "Assess the view …"): a task, not a happening.
EXAM_COMMANDS = set("""explain describe assess evaluate discuss outline compare contrast analyse analyze examine
identify justify consider summarise summarize""".split())

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
# Verbs that carry no deed of their own ("was", "had", "made", "took"): two sentences sharing one
# tell no shared happening, and a "not" on one denies no deed.
LIGHT_VERBS = {"be", "is", "was", "were", "been", "have", "has", "had", "do", "did", "does", "get", "got", "make",
               "made", "take", "took", "taken", "go", "went", "gone", "say", "said", "see", "saw", "seen"}
LIGHT_STEMS = {stem(w) for w in LIGHT_VERBS}


def features(text: str) -> set[str]:
    return content_words(text + " " + " ".join(names_in(text))) if text else set()


def content_words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z][A-Za-z’']+", text) if w.lower() not in STOP_WORDS and len(w) > 2}


def names_in(text: str) -> list[str]:
    out = []
    for m in NAME.finditer(text):
        name = m.group().strip().rstrip(".")
        words = name.split()
        while words and words[0] in NOTNAMES:
            words.pop(0)
        while words and words[-1] in NOTNAMES | {"of", "de", "von", "the", "and"}:
            words.pop()
        name = " ".join(words)
        if name and not name.isdigit() and len(name) > 1 and name not in out:
            out.append(name)
    return out
