"""Which words are words: the word-frequency lists of the ``wordfreq`` package.

Why a frequency list and not a spelling dictionary: wordfreq ships, inside
its wheel, the commonest words of some forty languages as they are written on
the web (Wikipedia, subtitles, news, books), so it knows "tsar" and "armistice"
as well as "the", needs no system dictionary and downloads nothing.

Two uses: how much of a text is dictionary English (a page read by OCR with
every third word misspelt scores far below any page written by a person), and
which of several decodings of a file's bytes spells real words ("café", not
"cafķ").
"""
from __future__ import annotations

import functools
import logging
import re
import zlib
from pathlib import Path

import numpy as np

ENGLISH_WORDS = 200_000       # the commonest English words taken as "the dictionary"
COMMON_ZIPF = 5.0             # wordfreq's scale: "man", "nothing", "makes"; below it "senate", "russia"
DATA = Path(__file__).with_name("data")
OTHER_WORDS = 10_000          # per other language, for judging decodings
# The languages each family of legacy code pages is written in (a few of each):
# a right decoding spells their words, mojibake spells none. Loaded only for a
# file that is not UTF-8, and only for the families its candidates belong to.
_WESTERN = ("en", "fr", "de", "es", "pt", "it", "nl")
FAMILIES = {
    "cp1252": _WESTERN, "utf-8+cp1252": _WESTERN, "latin_1": _WESTERN, "iso8859_15": _WESTERN, "mac_roman": _WESTERN, "cp850": _WESTERN,
    "cp1250": ("pl", "cs", "hu", "de"), "iso8859_2": ("pl", "cs", "hu", "de"),
    "cp1251": ("ru", "uk"), "koi8_r": ("ru",), "koi8_u": ("uk",), "iso8859_5": ("ru",), "mac_cyrillic": ("ru",),
    "cp1253": ("el",), "iso8859_7": ("el",), "cp1254": ("tr",), "iso8859_9": ("tr",),
    "cp1257": ("lt", "lv"), "iso8859_13": ("lt", "lv"), "cp1255": ("he",), "cp1256": ("ar",),
}

_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{2,}(?![\w'’-])")
_WORD_WITH_ACCENT = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")


def _let_go() -> None:
    """Drop wordfreq's own caches of whole frequency lists: once we hold what we need, keeping
    them would cost every worker tens of megabytes for the rest of the build."""
    import wordfreq

    for name in ("top_n_list", "get_frequency_list", "get_frequency_dict", "iter_wordlist"):
        getattr(getattr(wordfreq, name, None), "cache_clear", lambda: None)()
    getattr(wordfreq, "_wf_cache", {}).clear()


def crc32s(words) -> np.ndarray:
    return np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words), dtype=np.uint32)


@functools.cache
def _known(lang: str) -> np.ndarray:
    """A language's commonest words, as the sorted CRC-32s of their spellings (a false match is
    one word in 20,000). English comes from the list shipped in lang/data/ (``make lexicon``), so
    a build worker never loads wordfreq's whole list; other languages, rarely needed, from wordfreq."""
    shipped = DATA / "english.crc32"
    if lang == "en" and shipped.is_file():
        return np.frombuffer(shipped.read_bytes(), dtype="<u4").astype(np.uint32)
    from wordfreq import top_n_list

    logging.getLogger("wordfreq").setLevel(logging.ERROR)  # "using the nearest match" notes
    try:
        words = top_n_list(lang, ENGLISH_WORDS if lang == "en" else OTHER_WORDS)
    except (LookupError, ValueError):
        words = []
    got = np.unique(crc32s(words))
    _let_go()
    return got


def _known_mask(words: list[str], lang: str) -> np.ndarray:
    known = _known(lang)
    if not len(known) or not words:
        return np.zeros(len(words), dtype=bool)
    h = crc32s(words)
    at = np.minimum(np.searchsorted(known, h), len(known) - 1)
    return known[at] == h


def english_share(text: str) -> tuple[float, int]:
    """The share of the text's lower-case words (names aside) that are English words, and how many
    words were counted."""
    words = _LOWER_WORD.findall(text)
    if not words:
        return 1.0, 0
    return int(_known_mask(words, "en").sum()) / len(words), len(words)


def accented_words_known(text: str, encoding: str, limit: int = 400) -> tuple[int, int] | None:
    """Of the (first ``limit``) words with a letter outside ASCII, how many a language of the
    encoding's family knows; None for an encoding whose family we do not know."""
    langs = FAMILIES.get(encoding)
    if langs is None:
        return None
    found = [w.lower() for w in _WORD_WITH_ACCENT.findall(text)[:limit]]
    if not found:
        return 0, 0
    known = np.zeros(len(found), dtype=bool)
    for lang in langs:
        known |= _known_mask(found, lang)
    return int(known.sum()), len(found)


@functools.cache
def common_words() -> frozenset[str]:
    """The English words at Zipf COMMON_ZIPF or above ("man", "nothing", "makes"; not "senate").
    wordfreq lists words in buckets of one centibel: bucket i is Zipf 9 - i/100."""
    shipped = DATA / "common.txt"
    if shipped.is_file():
        return frozenset(shipped.read_text(encoding="utf-8").split())
    from wordfreq import get_frequency_list

    got = frozenset(w for b in get_frequency_list("en")[:round((9 - COMMON_ZIPF) * 100) + 1] for w in b)
    _let_go()
    return got
