"""Write the word lists histsift ships (``make lexicon``): derived from the ``wordfreq`` package.

- ``lang/data/english.crc32``: the CRC-32 of each of the 200,000 commonest English
  words, sorted, as little-endian uint32 (what ``lexicon.english_share`` looks words up in);
- ``lang/data/common.txt``: the English words at Zipf 5 or above, one per line (who's who
  asks a capitalised word that common for more evidence that it is a name).

Shipping them saves every build worker from loading wordfreq's whole list (tens of
megabytes that Python keeps once it has held them). Data: wordfreq's word lists,
CC BY-SA 4.0 (see lang/data/README.md); rerun this after upgrading wordfreq.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from histsift.lang import lexicon  # noqa: E402


def main() -> None:
    import numpy as np
    from wordfreq import get_frequency_list, top_n_list

    out = HERE.parent / "src" / "histsift" / "lang" / "data"
    out.mkdir(exist_ok=True)
    hashes = np.unique(lexicon.crc32s(top_n_list("en", lexicon.ENGLISH_WORDS)))
    (out / "english.crc32").write_bytes(hashes.astype("<u4").tobytes())
    buckets = get_frequency_list("en")[:round((9 - lexicon.COMMON_ZIPF) * 100) + 1]
    common = sorted({w for b in buckets for w in b})
    (out / "common.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    print(f"{out}: {len(hashes):,} English word hashes, {len(common):,} common words")


if __name__ == "__main__":
    main()
