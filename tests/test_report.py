"""The evidence report: one self-contained HTML file, inert whatever the sources say, every quote exact."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

import histsift
from conftest import run_cli
from histsift.outputs.report import render_html

RESOURCE_ATTRS = {"src", "href", "xlink:href", "srcset", "action", "formaction", "data", "poster", "background",
                  "manifest", "ping", "cite"}


class Page(HTMLParser):
    """What the tests look at: tags with attributes, ids, style/script text, and the text of quotes and marks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.quotes: list[tuple[dict, str]] = []     # blockquote.qt attrs, text
        self.marks: dict[str, str] = {}               # quote id → text of its marked pieces, in order
        self._in: list[tuple[str, dict]] = []
        self._buf: dict[int, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("style", "script", "blockquote", "mark"):
            self._in.append((tag, a))
            self._buf[len(self._in)] = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("style", "script", "blockquote", "mark"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not self._in or self._in[-1][0] != tag:
            return
        _, a = self._in.pop()
        text = "".join(self._buf.pop(len(self._in) + 1))
        if tag == "style":
            self.styles.append(text)
        elif tag == "script":
            self.scripts.append(text)
        elif tag == "blockquote" and "qt" in a.get("class", "").split():
            self.quotes.append((a, text))
        elif tag == "mark":
            for q in a.get("data-q", "").split():
                self.marks[q] = self.marks.get(q, "") + text

    def handle_data(self, data):
        for depth in self._buf:
            self._buf[depth].append(data)


def parse(text: str) -> Page:
    p = Page()
    p.feed(text)
    p.close()
    return p


@pytest.fixture(scope="module")
def sample(sample_db):
    pile = histsift.open(sample_db)
    text = render_html(pile)
    return text, parse(text), {s.id: s for s in pile.sources()}


def test_no_network_resource(sample):
    text, page, _ = sample
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "base", "img", "video", "audio"), tag
        for name, value in attrs.items():
            if name in RESOURCE_ATTRS and value is not None:
                assert value.startswith("#"), f"<{tag} {name}={value!r}> points outside the file"
    for sheet in page.styles + [a.get("style", "") for _, a in page.tags if a.get("style")]:
        assert "@import" not in sheet
        assert all(u.startswith(("#", "data:")) for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", sheet))
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if value and "url(" in value:
                assert all(u.startswith("#") for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", value)), (tag, name)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert len(page.scripts) == 1 and "fetch(" not in page.scripts[0] and "XMLHttpRequest" not in page.scripts[0]
    assert '<meta name="viewport"' in text and "@media (max-width" in page.styles[0]


def test_sections_are_there(sample):
    text, page, sources = sample
    assert "Why Did the Berlin Wall Fall in 1989?" in text
    for section in ("causes", "timeline", "who", "disagree", "copying", "sources"):
        assert section in page.ids
    assert "independent source" in text
    assert any(t == "svg" and "tl-svg" in a.get("class", "") for t, a in page.tags)      # the timeline drawing
    assert any(t == "svg" and "copy-svg" in a.get("class", "") for t, a in page.tags)    # the copy graph
    assert any(t == "li" and "disputed" in a.get("class", "") for t, a in page.tags)     # a conflicting date marked
    assert "10 November 1989" in text and "Sources disagree" in text
    for sid in sources:
        assert f"src-{sid}" in page.ids
    struck = [a for t, a in page.tags if t == "del" and "cut" in a.get("class", "")]
    assert len(struck) >= sum(len(s.boilerplate) for s in sources.values())


def test_every_internal_link_has_a_target(sample):
    _, page, _ = sample
    links = [a["href"] for _, a in page.tags if a.get("href")]
    assert links and all(h.startswith("#") for h in links)
    missing = {h for h in links if h[1:] not in page.ids}
    assert not missing, sorted(missing)[:5]
    quote_links = [h for h in links if h.startswith("#q-")]
    assert len(quote_links) > 50


def test_quotes_are_the_sources_characters(sample):
    _, page, sources = sample
    assert len(page.quotes) > 50
    for attrs, text in page.quotes:
        src = sources[attrs["data-source"]]
        start, end = int(attrs["data-start"]), int(attrs["data-end"])
        assert text == src.text[start:end]
    # following a quote link highlights exactly the quoted characters in the source view
    for qid, marked in page.marks.items():
        sid, start, end = re.fullmatch(r"q-(s[0-9a-f]+)-(\d+)-(\d+)", qid).groups()
        assert marked == sources[sid].text[int(start):int(end)], qid
    for attrs, _ in page.quotes:
        if int(attrs["data-end"]) > int(attrs["data-start"]):
            assert f"q-{attrs['data-source']}-{attrs['data-start']}-{attrs['data-end']}" in page.marks


def test_hostile_source_stays_inert(tmp_path):
    pile = tmp_path / "pile"
    pile.mkdir()
    evil = "<script>alert(1)</script>"
    img = "<img src=x onerror=alert(1)>"
    (pile / "a.txt").write_text(
        f"Why did the Wall fall? {evil}\n\nOn 9 November 1989 the Wall opened {img} because Gorbachev refused "
        f"to send tanks {evil}.\n\nIn 1985 Mikhail Gorbachev became leader. {img}\n", encoding="utf-8")
    (pile / f"b{img[:4]}.txt").write_text(
        f"{img} The fall of the Wall\n\nOn 10 November 1989 the Wall opened and Berliners danced {evil}.\n"
        "Gorbachev had refused to send tanks in 1985.\n", encoding="utf-8")
    text = render_html(histsift.build(pile, db=tmp_path / "evil.db"))
    assert evil not in text and "<img" not in text and "<script>alert" not in text
    assert html.escape(evil, quote=False) in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    page = parse(text)
    assert [t for t, _ in page.tags].count("script") == 1 and "alert" not in page.scripts[0]
    assert not any(t == "img" for t, _ in page.tags)
    assert not any(name.startswith("on") for _, a in page.tags for name in a)


def test_cli_report(sample_db, tmp_path):
    out = tmp_path / "r.html"
    r = run_cli("report", "--db", sample_db, "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("cmd", ["report", "study"])
def test_cli_missing_store_is_one_line(cmd, tmp_path):
    r = run_cli(cmd, "--db", tmp_path / "none.db", "-o", tmp_path / "out")
    assert r.returncode != 0
    assert r.stderr.startswith("histsift: ") and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr and not (tmp_path / "out").exists()


def test_a_big_pile_keeps_the_report_small_and_every_quote_linked(sample_db, monkeypatch):
    """Long sources are shown by their quoted passages, and a pile with many events quotes the
    best supported: the limits, made small here, keep a big pile's report a file a phone opens."""
    from histsift.outputs import report

    monkeypatch.setattr(report, "FULL_SOURCE_CHARS", 500)
    monkeypatch.setattr(report, "EXCERPT_CONTEXT", 20)
    monkeypatch.setattr(report, "QUOTED_EVENTS", 6)
    monkeypatch.setattr(report, "LISTED_EVENTS", 12)
    pile = histsift.open(sample_db)
    text = render_html(pile)
    page = parse(text)
    sources = {s.id: s for s in pile.sources()}
    assert len([a for t, a in page.tags if t == "li" and "event" in a.get("class", "").split()]) == 12
    assert "A large pile: this report lists the 12 events" in text
    assert "This source is long" in text and "[…]" in text
    links = [a["href"] for _, a in page.tags if a.get("href")]
    assert not {h for h in links if h[1:] not in page.ids}
    for qid, marked in page.marks.items():  # the excerpts still hold every quoted passage, exactly
        sid, start, end = re.fullmatch(r"q-(s[0-9a-f]+)-(\d+)-(\d+)", qid).groups()
        assert marked == sources[sid].text[int(start):int(end)], qid
    monkeypatch.undo()
    assert len(text) < len(render_html(pile))
