"""Boilerplate and flags, on lines we wrote ourselves."""
from __future__ import annotations

import pytest

from histsift.ingest.clean import (
    _cut_off,
    find_boilerplate,
    flags_for,
    guess_title,
    lines_of,
)
from histsift.ingest.repeated import repeated_lines
from histsift.model import Source

CHROME = [
    "Sign up for free today",
    "Log in",
    "Join now!",
    "Hire an expert writer",
    "Order now and get 15% off",
    "Get quality help with your homework",
    "Create your own free website with us",
    "Cite this article",
    "Smith, J. (2021, Jan 4). The Long Strike. Retrieved from",
    "© 2019 Example Media Ltd.",
    "Copyright 2020 The History Place",
    "All rights reserved.",
    "We use cookies to improve your experience. Accept",
    "Privacy policy",
    "Share on Twitter",
    "Follow us",
    "Back to top",
    "Skip to main content",
    "Read more",
    "Related posts",
    "You may also like",
    "Leave a reply",
    "12 comments",
    "4.9 (1,032)",
    "4.5/5",
    "★★★★☆",
    "3.8 out of 5 stars",
    "+230 writers are online",
    "1,200 students online now",
    "Last updated 14 June 2022",
    "Updated: Mar 3",
    "Posted on 2 May 2019 by admin",
    "“ Brilliant, they saved my grade and delivered on time! ”",
    '"Great service, would recommend to anyone."',
    "Home > History > Modern Europe > The Great Strike",
    "Author's avatar",
    "Writer's pictureThe Old Chronicle",
    "Profile picture",
    "An image of a castle on a hill",
    "This is a preview of the whole essay",
    "Continue reading",
    "Subscribe to our newsletter",
    "Reply #12 on: 3 May 2021, 10:04:55",
    "Quote",
    "Logged",
    "Print | Email",
    "-- Sam | Year 12 | Go Rovers",
    "Experts are online 24/7",
    "Let's chat! We're online now",
    "Download the PDF",
    "Watch now",
    "Tags: revolution, France",
    "1,204 writers online",
    "500+ orders completed",
]

CONTENT = [
    "The strike began on 4 May 1926 and lasted nine days.",
    "Because the miners refused the wage cut, the owners locked them out.",
    "The government feared that the unions wanted to overthrow it.",
    "Causes of the strike",
    "The General Strike, 1926",
    "Why did the strike fail?",
    "Baldwin had prepared for months, so that supplies kept moving.",
    "In the 1920s coal exports fell sharply after the war.",
    "The TUC called off the strike on 12 May.",
    "  • The miners stayed out until November.",
    "Key people:",
    "Stanley Baldwin",
    "A Royal Commission reported in March 1926.",
    "The commission was chaired by Sir Herbert Samuel.",
    "Many people joined the volunteers who drove buses and trams.",
    "Strikers in some towns played football against the police.",
    "The price of coal had fallen to 15 shillings a ton.",
    "About 1.7 million workers came out on strike.",
    "He said the strike was 'a challenge to Parliament'.",
    "Summary",
    "Timeline",
    "9 May 1926: the strike is called off by order of the General Council.",
    "12 May 1926: the members of the council meet the Prime Minister.",
]


def cut(line: str, text: str | None = None) -> bool:
    text = text or f"A long first paragraph of ordinary running prose about the history of a strike and its causes.\n\n{line}\n\nAnother long paragraph of ordinary running prose follows here, about what happened next in the towns."
    start = text.index(line.strip())
    return any(s.start <= start < s.end for s in find_boilerplate(text))


@pytest.mark.parametrize("line", CHROME)
def test_chrome_lines_are_cut(line):
    assert cut(line), line


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_kept(line):
    assert not cut(line), line


def test_spans_are_exact_and_text_is_unchanged():
    text = "Title of page\r\n\r\nSign up for free\r\nThe war began in 1914 and ended in 1918, after four long years of fighting.\r\n"
    spans = find_boilerplate(text)
    assert [text[s.start:s.end] for s in spans] == ["Sign up for free"]
    assert all(s.kind == "boilerplate" and s.reason for s in spans)


def test_menu_above_first_paragraph_is_cut_but_headings_are_not():
    menu = ["Home", "About", "Topics", "Ancient", "Medieval", "Modern", "Contact"]
    text = "\n".join(menu) + "\n\nThe Strike\n\n" + "The strike began in May and lasted for nine long days across the whole country, from the mines to the docks.\n"
    spans = find_boilerplate(text)
    got = {text[s.start:s.end] for s in spans}
    assert set(menu) <= got
    assert "The Strike" not in got


def test_footer_block_carries_a_weak_line():
    text = ("The strike began in May and lasted for nine long days across the whole country, from the mines to the docks.\n"
            "Related reading\nListen to the full course\nDiscover more about the strike in our course.\n")
    got = {text[s.start:s.end] for s in find_boilerplate(text)}
    assert "Discover more about the strike in our course." in got


def test_repeated_short_lines_across_pages_are_chrome_but_copied_prose_is_not():
    prose = "The owners cut wages in 1925 and the miners refused, so the dispute spread to every coalfield in the land."
    srcs = [Source(id=f"s{i}", path=f"{i}.txt", title="", text=f"Site Menu Link\n{prose}\nTopic {i}\n", kind="txt",
                   encoding="utf-8", words=10) for i in range(4)]
    rep = repeated_lines(srcs)
    for s in srcs:
        got = [s.text[b.start:b.end] for b in rep.get(s.id, [])]
        assert got == ["Site Menu Link"]


@pytest.mark.parametrize("last,cut_off", [
    ("and after the battle the general was", True),
    ("He was stabbed many times but, according to the physician, only one wound t", True),
    ("The essay continues to argue that the treaty...", True),
    ("The strike ended on 12 May 1926.", False),
    ("Timeline", False),
    ("- the miners held out until the winter came", False),
    ("He was exiled (for life)", False),
])
def test_cut_off_detection(last, cut_off):
    assert _cut_off(last) is cut_off


def test_preview_flag_from_preview_line():
    text = "An essay about the strike, which began in May 1926 and lasted for nine days in all.\nJoin now to read the full essay!\nThis is a preview of the whole essay"
    flags = flags_for(text, find_boilerplate(text))
    assert "preview" in flags and "truncated" in flags


def test_complete_page_has_no_flags():
    text = "The Strike\n\nThe strike began in May 1926 and lasted nine days, ending when the TUC gave in.\n\n© 2020 Example"
    assert flags_for(text, find_boilerplate(text)) == []


def test_title_skips_chrome():
    text = "Log in\nSign up\n\nThe Great Strike of 1926\n\nThe strike began in May and lasted nine days, ending in defeat.\n"
    assert guess_title(text, find_boilerplate(text)) == "The Great Strike of 1926"


def test_lines_of_offsets():
    text = "  one two \n\nthree\r\n"
    got = [(text[ln.start:ln.end], ln.text) for ln in lines_of(text)]
    assert got == [("one two", "one two"), ("three", "three")]


def test_line_table_written_apart_from_the_code():
    """352 lines of chrome and content from many kinds of sites (tests/data/boilerplate_lines.tsv)."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("bt", ROOT / "bench" / "boilerplate_table.py")
    bt = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bt)
    score = bt.score(bt.load())
    assert score["lines"] >= 300
    assert score["precision"] >= 0.97 and score["recall"] >= 0.90, score["misses"]


@pytest.mark.parametrize("line", ["BY ANNA VELL, OTTO VELL | MARCH 3, 2019", "Written by: Marta Oleska",
                                  "• Created by: Ilse Marren", "• Created on: 04-05-17 10:12", "3 of 11",
                                  "Answer by Quiet River", "Read all the answers in the comments.",
                                  "Add your own answer!"])
def test_bylines_pagination_and_comment_prompts_are_cut(line):
    assert cut(line), line


@pytest.mark.parametrize("line", ["By 1790 the guilds had lost their charters.", "Three of the four ships were sunk."])
def test_lines_that_only_look_like_bylines_are_kept(line):
    assert not cut(line), line
