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

ENGLISH_WORDS = 200_000       # the commonest English words taken as "the dictionary"
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


@functools.cache
def english() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", ENGLISH_WORDS))


@functools.cache
def _words(lang: str) -> frozenset[str]:
    from wordfreq import top_n_list

    logging.getLogger("wordfreq").setLevel(logging.ERROR)  # "using the nearest match" notes
    try:
        return frozenset(top_n_list(lang, OTHER_WORDS))
    except (LookupError, ValueError):
        return frozenset()


def english_share(text: str) -> tuple[float, int]:
    """The share of the text's lower-case words (names aside) that are English words, and how many
    words were counted."""
    words = _LOWER_WORD.findall(text)
    if not words:
        return 1.0, 0
    known = english()
    return sum(w in known for w in words) / len(words), len(words)


def accented_words_known(text: str, encoding: str, limit: int = 400) -> tuple[int, int] | None:
    """Of the (first ``limit``) words with a letter outside ASCII, how many a language of the
    encoding's family knows; None for an encoding whose family we do not know."""
    langs = FAMILIES.get(encoding)
    if langs is None:
        return None
    found = _WORD_WITH_ACCENT.findall(text)[:limit]
    if not found:
        return 0, 0
    lists = [english() if lang == "en" else _words(lang) for lang in langs]
    return sum(any(w.lower() in ws for ws in lists) for w in found), len(found)


def zipf(word: str) -> float:
    """How common an English word is, on wordfreq's Zipf scale (7: "the"; 5: "man"; 3: "galleon")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
