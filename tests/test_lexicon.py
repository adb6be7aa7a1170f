"""The word lists shipped in lang/data/ are what wordfreq gives (``make lexicon`` writes them)."""
from __future__ import annotations

import numpy as np

from histsift.lang import lexicon


def test_shipped_lists_match_wordfreq():
    from wordfreq import top_n_list, zipf_frequency

    shipped = lexicon._known("en")
    assert np.array_equal(shipped, np.unique(lexicon.crc32s(top_n_list("en", lexicon.ENGLISH_WORDS))))
    common = lexicon.common_words()
    def wordy(ws):
        return {w for w in ws if not any(c.isdigit() for c in w)}  # names have no digits

    want = {w for w in top_n_list("en", 3000) if zipf_frequency(w, "en") >= lexicon.COMMON_ZIPF}
    assert wordy(want) == wordy(common)


def test_english_share_tells_words_from_noise():
    assert lexicon.english_share("the senate met in the harbour at dawn") == (1.0, 8)
    share, n = lexicon.english_share("tbe sennte rnqt iuu tlqie harbqnr afz dawqn")
    assert n == 8 and share < 0.5
    assert "man" in lexicon.common_words() and "galleon" not in lexicon.common_words()
