"""Every per-source stage is linear in its text: lines of 10^5 to 10^6 characters
(a base64 blob pasted into notes, a minified line, an OCR stream, a run of
digits or punctuation, other scripts) go through load → clean → segment →
annotate → reconcile like any other line.

A regex that backtracks over such a line costs its length squared: hours for
10^6 characters, where the linear stages take seconds. The per-file budget
(``file_seconds``) is the hang guard here: a file over it would come back
skipped "took longer than …", so the test asserts that no file is skipped,
not how long anything took.
"""
from __future__ import annotations

import random

import pytest

import histsift
from histsift import pipeline

GUARD_SECONDS = 300  # linear takes seconds; a quadratic pattern takes hours

_ALPHABETS = {
    "letters": "abcdefghijklmnopqrstuvwxyz",
    "capitals": "ABCDEFGHIJKLMNOPQRSTUVWXYZabc",
    "digits": "0123456789",
    "punctuation": ".,;:-–—!?()[]\"'/*#|",
    "base64": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
    "accented": "éèêàçüößøåñłšžčć",
    "scripts": "жизньистория歴史の本اللغةहिंदीΑλφα",
    "spaced": "ab 1.",
}
# What comes before the long run matters: a line of title-case words or a date
# gives the patterns that start at a capital or a number something to try.
_LEADS = ["", "The Quick Brown Fox Met The Old King In His Hall Near The River ", "On 3 March 1871 ",
          "Émile Ørsted Łukasz Škoda Über Café ", "- ", "# "]


def _line(rng: random.Random, alphabet: str, n: int, lead: str) -> str:
    if len(set(alphabet)) <= 2 or rng.random() < 0.3:
        return lead + alphabet[0] * n  # one character repeated: the classic worst case
    return lead + "".join(rng.choice(alphabet) for _ in range(n))


def _pile(tmp_path, lines: list[str]):
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "long.txt").write_text("A short first paragraph about the treaty signed in 1871.\n\n"
                                   + "\n".join(lines) + "\n\nThe end of the notes.\n", encoding="utf-8")
    (pile / "normal.txt").write_text("The treaty was signed on 3 March 1871 by the two envoys.\n", encoding="utf-8")
    return pile


def _build_all(tmp_path, lines):
    report = pipeline.build(_pile(tmp_path, lines), tmp_path / "p.db", jobs=1, file_seconds=GUARD_SECONDS)
    assert [k.reason for k in report.skipped] == []
    assert {s.path for s in report.sources} == {"long.txt", "normal.txt"}
    return report


def test_lines_of_a_hundred_thousand_characters(tmp_path):
    rng = random.Random(13)
    lines = [_line(rng, alphabet, 100_000, rng.choice(_LEADS)) for alphabet in _ALPHABETS.values()]
    lines += ["\t " * 50_000, "\n" * 3 + " " * 100_000 + "x", "1 " * 50_000, "Aa " * 33_000, "May " * 25_000]
    report = _build_all(tmp_path, lines)
    long = next(s for s in report.sources if s.path == "long.txt")
    assert long.words > 0
    # what is extracted still points at exact characters
    doc = histsift.open(tmp_path / "p.db").export()
    texts = {s.id: s.text for s in histsift.open(tmp_path / "p.db").sources()}
    for e in doc["events"]:
        for c in e["citations"]:
            assert texts[c["source"]][c["start"]:c["end"]] == c["quote"]


@pytest.mark.parametrize("kind", ["letters", "mixed"])
def test_a_line_of_a_million_characters(tmp_path, kind):
    rng = random.Random(29)
    if kind == "letters":
        line = _LEADS[1] + "q" * 1_000_000
    else:
        pool = "".join(_ALPHABETS.values())
        line = "".join(rng.choice(pool) for _ in range(1_000_000))
    _build_all(tmp_path, [line])


def test_a_file_over_its_budget_is_skipped_and_the_build_goes_on(tmp_path, monkeypatch):
    """The budget itself: a stage that never finishes is stopped at its next step."""
    from histsift.ingest import clean
    from histsift import work

    real = clean.line_score

    def slow(line):
        if "stall here" in line.text:
            while True:
                work.at("cleaning")
        return real(line)

    monkeypatch.setattr(clean, "line_score", slow)
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "a.txt").write_text("Please stall here.\nThe treaty was signed in 1871.\n", encoding="utf-8")
    (pile / "b.txt").write_text("The treaty was signed on 3 March 1871 by the two envoys.\n", encoding="utf-8")
    report = pipeline.build(pile, tmp_path / "p.db", jobs=1, file_seconds=0.5)
    assert [s.path for s in report.sources] == ["b.txt"]
    assert len(report.skipped) == 1 and report.skipped[0].path == "a.txt"
    assert "took longer than 0.5 s" in report.skipped[0].reason and "cleaning" in report.skipped[0].reason
