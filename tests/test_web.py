"""The web app without a browser: pages, escaping, uploads, limits and errors (Starlette's TestClient)."""
from __future__ import annotations

import html
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

import histsift  # noqa: E402
from histsift.web import create_app  # noqa: E402
from histsift.web.library import safe_name  # noqa: E402
from histsift.web.render import source_text  # noqa: E402
from histsift import store  # noqa: E402
from histsift.model import Span  # noqa: E402

from conftest import EXAMPLES, run_cli  # noqa: E402

HOSTILE = ("<h1>Headline</h1>\nOn 9 November 1989 the <b>Wall</b> opened. "
           "<script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=1\"> "
           "\"quotes\" & 'apostrophes' {{ 7*7 }}\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("web-sample") / "sample.db"
    histsift.build(EXAMPLES, db=db)
    return db


@pytest.fixture
def db(built, tmp_path) -> Path:
    """A private copy of the sample store, so a test may upload and rebuild."""
    copy = tmp_path / "pile.db"
    shutil.copy(built, copy)
    return copy


def client(db: Path, **kw) -> TestClient:
    kw.setdefault("build_if_missing", False)
    raise_exc = kw.pop("raise_server_exceptions", True)
    return TestClient(create_app(db, **kw), raise_server_exceptions=raise_exc)


def wait_build(c: TestClient) -> dict:
    c.app.state.builder.wait(120)
    return c.get("/build/status").json()


def mark_text(page: str) -> str:
    m = re.search(r'<mark id="hl">(.*?)</mark>', page, re.S)
    assert m, "no highlighted passage"
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


def upload(c: TestClient, *files: tuple[str, bytes], **kw):
    return c.post("/add/upload", files=[("files", (name, data, "application/octet-stream")) for name, data in files],
                  **kw)


# ------------------------------------------------------------------ pages


def test_board_shows_causes_timeline_who_and_criticism(db):
    c = client(db)
    r = c.get("/")
    assert r.status_code == 200
    page = r.text
    question = histsift.open(db).factors()[0].question
    assert html.escape(question, quote=False) in page
    assert "independent source" in page
    assert "Sources disagree: also dated 10 November 1989" in page
    assert "Mikhail Gorbachev" in page and "Who's who" in page
    assert "copies or paraphrases" in page
    assert "500,000" in page and "1,000,000" in page
    # lineages behind each event and each side of a disagreement, copies counted once
    assert re.search(r"\d+ sources?, \d+ independent</summary>", page)
    assert page.count('title="sources on this side that do not copy one another"') >= 4
    # headers that keep an escaping slip inert and the page out of frames
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"


def test_a_side_resting_on_copies_of_one_page_says_so(tmp_path):
    pile = tmp_path / "pile"
    pile.mkdir()
    page = ("The Velmora Charter was sealed at Tarn on 4 June 1702 by the assembled guilds of the town.\n\n"
            "The guild masters met in the great hall and swore to keep the charter for ever.\n\n"
            "Three hundred citizens watched the sealing from the market square below the hall.\n\n"
            "The charter gave the guilds the right to elect the town council every year.\n")
    (pile / "a.txt").write_text(page, encoding="utf-8")
    (pile / "b.txt").write_text(page.replace("for ever", "forever"), encoding="utf-8")
    (pile / "c.txt").write_text("The Velmora Charter was sealed at Tarn on 9 June 1702 by the assembled guilds of "
                                "the town.\n", encoding="utf-8")
    db = tmp_path / "pile.db"
    histsift.build(pile, db=db)
    assert histsift.open(db).conflicts()
    board_page = client(db).get("/").text
    assert "(2 copies of one page)" in board_page
    out = run_cli("criticism", "--db", str(db), env={**os.environ, "COLUMNS": "200"}).stdout
    assert "copies of one page" in out


def test_every_quote_on_the_board_links_to_its_exact_characters(db):
    c = client(db)
    pile = histsift.open(db)
    text = {s.id: s.text for s in pile.sources()}
    links = set(re.findall(r'href="/source/(\w+)\?start=(\d+)&amp;end=(\d+)#hl"', c.get("/").text))
    assert len(links) > 20
    for sid, a, b in sorted(links)[:40]:
        page = c.get(f"/source/{sid}?start={a}&end={b}").text
        assert mark_text(page) == text[sid][int(a):int(b)]


def test_source_viewer_strikes_boilerplate_and_bolds_headings(db):
    c = client(db)
    src = next(s for s in histsift.open(db).sources() if s.boilerplate)
    page = c.get(f"/source/{src.id}").text
    assert '<del class="cut" title="cut as boilerplate' in page
    first = src.boilerplate[0]
    struck = "".join(html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<del [^>]*>(.*?)</del>", page, re.S))
    assert src.text[first.start:first.end].strip() in struck
    assert 'id="hl"' not in page


def test_highlight_inside_boilerplate_is_still_one_mark():
    text = "alpha beta gamma delta"
    out = str(source_text(text, [Span(6, 16, "boilerplate", "menu")], (2, 12), [(0, 5)]))
    assert out.count("<mark") == 1
    assert html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<mark[^>]*>(.*?)</mark>", out).group(1))) == text[2:12]
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_bad_offsets_and_unknown_sources_are_friendly_pages(db):
    c = client(db)
    sid = histsift.open(db).sources()[0].id
    for query in ("start=a&end=3", "start=5&end=2", "start=0&end=999999999", "start=-1&end=4"):
        r = c.get(f"/source/{sid}?{query}")
        assert r.status_code == 400, query
        assert "<h1>" in r.text and "Traceback" not in r.text
    r = c.get("/source/s000000000000")
    assert r.status_code == 404 and "No source with that id" in r.text
    r = c.get("/no/such/page")
    assert r.status_code == 404 and "Not found" in r.text and r.headers["content-type"].startswith("text/html")
    assert c.post("/").status_code == 405


def test_search_finds_sentences_and_links_to_them(db):
    c = client(db)
    r = c.get("/search", params={"q": "leipzig"})
    assert r.status_code == 200
    assert "<mark>Leipzig</mark>" in r.text
    sid, a, b = re.search(r'href="/source/(\w+)\?start=(\d+)&amp;end=(\d+)#hl"', r.text).groups()
    assert "Leipzig" in mark_text(c.get(f"/source/{sid}?start={a}&end={b}").text)
    # FTS syntax from a person is only words: no 500 on stray operators
    for q in ('"', "AND OR NOT", "*", "leip*", "(", "NEAR(", "ü"):
        assert c.get("/search", params={"q": q}).status_code == 200, q
    assert "No sentence in the sources" in c.get("/search", params={"q": "zzzxqy"}).text


def test_search_sees_a_rebuild(db, tmp_path):
    c = client(db)
    assert "No sentence" in c.get("/search", params={"q": "Trabant"}).text
    upload(c, ("cars.txt", b"The Trabant was the car of East Germany in 1989.\n"))
    assert wait_build(c)["state"] == "done"
    assert "<mark>Trabant</mark>" in c.get("/search", params={"q": "Trabant"}).text


def test_ask_renders_not_in_the_sources(db):
    c = client(db)
    r = c.get("/ask", params={"q": "What colour was Napoleon's horse on Mars?"})
    assert r.status_code == 200
    answer = histsift.open(db).ask("What colour was Napoleon's horse on Mars?")
    if answer["answer"] is None:
        assert "Not in the sources" in r.text
    assert c.get("/ask", params={"q": "   "}).status_code == 200


def test_ask_renders_a_cited_answer(db, monkeypatch):
    src = next(s for s in histsift.open(db).sources() if "9 November 1989" in s.text)
    a = src.text.index("9 November 1989")
    cited = {"question": "When did the Wall open?", "answer": "9 November 1989 <b>", "type": "date",
             "value": "1989-11-09", "confidence": 0.8,
             "citations": [{"source": src.id, "start": a, "end": a + 15, "quote": src.text[a:a + 15]}]}
    monkeypatch.setattr(histsift.Pile, "ask", lambda self, q: cited)
    page = client(db).get("/ask", params={"q": "When did the Wall open?"}).text
    assert "9 November 1989 &lt;b&gt;" in page
    assert f'href="/source/{src.id}?start={a}&amp;end={a + 15}#hl"' in page
    assert "confidence 80%" in page and "from 1 passage" in page and src.path in page


def test_pages_need_no_network():
    """Nothing from a CDN: every script, style and image is our own."""
    templates = Path(histsift.__file__).parent / "web" / "templates"
    static = Path(histsift.__file__).parent / "web" / "static"
    for f in [*templates.glob("*.html"), *static.glob("*")]:
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), f
        assert "@import" not in text and "url(http" not in text, f


# ------------------------------------------------------------------ hostile text


def test_hostile_source_is_escaped_everywhere(db):
    c = client(db)
    r = upload(c, ("hostile <script>.txt", HOSTILE.encode()))
    assert r.status_code == 200
    assert wait_build(c)["state"] == "done"
    src = next(s for s in histsift.open(db).sources() if "__pwned" in s.text)
    pages = [c.get("/").text, c.get("/sources").text, c.get(f"/source/{src.id}").text,
             c.get("/search", params={"q": "pwned"}).text, c.get("/search", params={"q": "<script>"}).text,
             c.get("/build").text, c.get("/add").text,
             c.get("/ask", params={"q": "<script>window.__pwned=1</script>"}).text]
    a = src.text.index("<script>")
    pages.append(c.get(f"/source/{src.id}?start={a}&end={a + 30}").text)
    for page in pages:
        assert "<script>window" not in page
        assert "<img src=x" not in page and "onerror=\"window" not in page
    viewer = pages[2]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in viewer
    assert "{{ 7*7 }}" in viewer  # not a template
    assert "&lt;script&gt;" in pages[4] or "No sentence" in pages[4]


# ------------------------------------------------------------------ uploads


def test_upload_adds_a_source_and_rebuilds(db):
    c = client(db)
    before = len(histsift.open(db).sources())
    r = upload(c, ("wall notes.txt", b"On 9 November 1989 crowds crossed at Bornholmer Strasse.\n"),
               ("more.md", b"# More\n\nErich Honecker resigned on 18 October 1989.\n"))
    assert r.status_code == 200 and r.url.path == "/build"
    st = wait_build(c)
    assert st["state"] == "done", st
    assert {a["path"] for a in st["added"]} == {"uploads/wall notes.txt", "uploads/more.md"}
    assert len(histsift.open(db).sources()) == before + 2
    assert (db.parent / "pile.db.sources" / "uploads" / "wall notes.txt").is_file()
    page = c.get("/build").text
    assert "The pile is rebuilt" in page and "wall notes.txt" in page
    # the pile's own files keep the paths a CLI build gives them
    assert "01_revision_site.txt" in {s.path for s in histsift.open(db).sources()}
    # the same bytes again are not a second copy
    upload(c, ("wall notes.txt", b"On 9 November 1989 crowds crossed at Bornholmer Strasse.\n"))
    wait_build(c)
    assert len(list((db.parent / "pile.db.sources" / "uploads").iterdir())) == 2
    # and removing one takes it out of the pile
    c.post("/add/remove", data={"kind": "upload", "name": "more.md"})
    assert wait_build(c)["removed"] == ["uploads/more.md"]


def test_rebuilds_keep_the_piles_own_files(db):
    """The store records the staging folder as its pile; the pile's real folder is remembered."""
    c = client(db)
    for _ in range(2):
        c.post("/rebuild")
        assert wait_build(c)["sources"] == 7
    assert "The pile's folder" in c.get("/add").text
    assert str(EXAMPLES.resolve()) in c.get("/add").text


def test_upload_refuses_types_the_loader_does_not_read(db):
    c = client(db)
    for name, data in [("virus.exe", b"MZ\x90\x00"), ("photo.png", b"\x89PNG\r\n"), ("notes", b"plain"),
                       ("deck.pptx", b"PK\x03\x04"), ("fake.pdf", b"not a pdf at all"),
                       ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 40), ("empty.txt", b"")]:
        r = upload(c, (name, data))
        assert r.status_code == 400, name
        assert "Nothing was added" in r.text
    assert not (db.parent / "pile.db.sources" / "uploads").exists() or \
        not list((db.parent / "pile.db.sources" / "uploads").iterdir())
    assert upload(c).status_code in (400, 422)


def test_upload_size_is_bounded(db):
    c = client(db, max_upload_mb=0.01)  # about 10 kB a file
    r = upload(c, ("big.txt", b"a" * 20_000))
    assert r.status_code == 413 and "over the limit" in r.text
    r = upload(c, ("big.txt", b"a" * 20_000), ("small.txt", b"On 9 November 1989 the Wall opened.\n"))
    assert r.status_code == 200
    st = wait_build(c)
    assert [a["path"] for a in st["added"]] == ["uploads/small.txt"]
    assert any("big.txt" in n and "over the limit" in n for n in st["notices"])
    # a whole request over the total limit is refused before it is read
    c2 = client(db, max_upload_mb=0.01, max_request_mb=0.05)
    r = upload(c2, *[(f"f{i}.txt", b"b" * 9_000) for i in range(8)])
    assert r.status_code == 413 and "Send fewer files" in r.text


@pytest.mark.parametrize("raw, safe", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
    ("/abs/path/notes.md", "notes.md"),
    ("..", "upload"),
    (".hidden.txt", "hidden.txt"),
    ("a\x00b<c>:d|e?.TXT", "ab_c__d_e_.txt"),
    ("  spaced   name .html", "spaced name.html"),
    ("x" * 300 + ".pdf", "x" * 100 + ".pdf"),
    ("Günter Schabowski.docx", "Günter Schabowski.docx"),
    ("", "upload"),
    (".txt", "txt"),
])
def test_safe_names(raw, safe):
    assert safe_name(raw) == safe


def test_upload_names_cannot_escape_the_upload_folder(db, tmp_path):
    c = client(db)
    r = upload(c, ("../../../escaped.txt", b"On 9 November 1989 the Wall opened.\n"))
    assert r.status_code == 200
    wait_build(c)
    uploads = db.parent / "pile.db.sources" / "uploads"
    assert (uploads / "escaped.txt").is_file()
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path.parent / "escaped.txt").exists()
    for name in ("../pile.db", "../../pile.db", "/etc/passwd", "..", "uploads"):
        r = c.post("/add/remove", data={"kind": "upload", "name": name})
        assert r.status_code == 400, name
    assert db.is_file()


def test_add_folder(db, tmp_path):
    c = client(db)
    folder = tmp_path / "more sources"
    folder.mkdir()
    (folder / "krenz.txt").write_text("Egon Krenz took over on 18 October 1989.\n", encoding="utf-8")
    r = c.post("/add/folder", data={"folder": str(folder)})
    assert r.status_code == 200 and r.url.path == "/build"
    st = wait_build(c)
    assert st["state"] == "done" and [a["path"] for a in st["added"]] == ["more sources/krenz.txt"]
    assert str(folder) in c.get("/add").text
    for bad in ("relative/path", str(tmp_path / "missing"), str(folder), str(folder / "krenz.txt"), ""):
        r = c.post("/add/folder", data={"folder": bad})
        assert r.status_code == 400, bad
        assert 'class="alert"' in r.text
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "picture.png").write_bytes(b"\x89PNG")
    assert "no file histsift reads" in c.post("/add/folder", data={"folder": str(empty)}).text


def test_folders_are_refused_when_open_to_the_network(db, tmp_path):
    c = client(db, allow_folders=False)
    assert c.post("/add/folder", data={"folder": str(tmp_path)}).status_code == 403
    assert "Switched off" in c.get("/add").text


def test_a_failed_rebuild_leaves_the_board(db, tmp_path):
    pile = tmp_path / "gone"
    pile.mkdir()
    (pile / "a.txt").write_text("On 9 November 1989 the Wall opened.\n", encoding="utf-8")
    c = client(db, pile=pile)
    shutil.rmtree(pile)
    assert "is not there any more" in c.get("/add").text
    c.post("/rebuild")
    st = wait_build(c)
    assert st["state"] == "failed" and "is gone" in st["message"]
    assert "The rebuild failed" in c.get("/build").text
    assert c.get("/").status_code == 200 and len(histsift.open(db).sources()) == 7


# ------------------------------------------------------------------ guards and errors


def test_posts_from_other_sites_are_refused(db):
    c = client(db)
    r = c.post("/rebuild", headers={"origin": "https://evil.example"})
    assert r.status_code == 403 and "another site" in r.text
    assert c.post("/rebuild", headers={"origin": "null"}).status_code == 403
    assert not c.app.state.builder.running()
    assert c.post("/rebuild", headers={"origin": "http://testserver"}).status_code == 200
    wait_build(c)


def test_only_our_own_host_names_are_answered(db):
    c = TestClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost"], build_if_missing=False),
                   base_url="http://127.0.0.1:8000")
    assert c.get("/").status_code == 200
    r = c.get("/", headers={"host": "attacker.example"})
    assert r.status_code == 400 and "not one histsift answers to" in r.text
    assert c.get("/", headers={"host": "attacker.example:8000"}).status_code == 400
    assert c.get("/", headers={"host": "localhost:8000"}).status_code == 200
    c6 = TestClient(create_app(db, allowed_hosts=["::1"], build_if_missing=False))
    assert c6.get("/", headers={"host": "[::1]:8000"}).status_code == 200
    assert c6.get("/", headers={"host": "[::2]:8000"}).status_code == 400


def test_an_unexpected_error_is_a_page_not_a_traceback(db, monkeypatch):
    def boom(self, q):
        raise RuntimeError("kaboom")
    monkeypatch.setattr(histsift.Pile, "ask", boom)
    r = client(db, raise_server_exceptions=False).get("/ask", params={"q": "why?"})
    assert r.status_code == 500
    assert "Something went wrong" in r.text and "Traceback" not in r.text and "kaboom" not in r.text


def test_a_store_that_is_not_ours_is_refused(tmp_path):
    bad = tmp_path / "x.db"
    bad.write_bytes(b"not a database at all, just text" * 10)
    with pytest.raises(histsift.HistsiftError):
        create_app(bad)


def test_downloads(db, monkeypatch):
    c = client(db)
    r = c.get("/download/board.json")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert len(r.json()["sources"]) == 7
    # a part of histsift that is missing gives a page, not a traceback
    monkeypatch.setitem(sys.modules, "histsift.outputs.report", None)
    monkeypatch.setitem(sys.modules, "histsift.outputs.study", None)
    for url in ("/download/report.html", "/download/study.zip", "/download/histsift.apkg"):
        r = c.get(url)
        assert r.status_code == 503 and "Not available yet" in r.text, url
    assert "Evidence report" in c.get("/downloads").text


def test_downloads_of_report_and_study_when_present(db):
    c = client(db)
    try:
        import histsift.outputs.report  # noqa: F401
    except ImportError:
        pytest.skip("histsift.outputs.report is not in this version")
    r = c.get("/download/report.html")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert "<html" in r.text.lower()
    try:
        import histsift.outputs.study  # noqa: F401
    except ImportError:
        pytest.skip("histsift.outputs.study is not in this version")
    r = c.get("/download/study.zip")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = c.get("/download/histsift.apkg")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_an_empty_store_invites_sources_then_builds(tmp_path):
    db = tmp_path / "new.db"
    c = client(db)
    page = c.get("/").text
    assert "No evidence board yet" in page and 'href="/add"' in page
    assert c.get("/sources").status_code == 200 and c.get("/search?q=x").status_code == 200
    assert c.get("/ask?q=why").status_code == 200
    assert c.get("/download/board.json").status_code == 404
    upload(c, ("first.txt", b"On 9 November 1989 the Berlin Wall opened.\n"))
    assert wait_build(c)["state"] == "done"
    assert db.is_file() and "first.txt" in c.get("/sources").text


def test_serve_with_a_pile_and_no_store_builds_it(tmp_path):
    db = tmp_path / "fresh.db"
    c = TestClient(create_app(db, EXAMPLES))
    assert wait_build(c)["state"] == "done"
    assert len(histsift.open(db).sources()) == 7
    assert str(EXAMPLES.resolve()) in (tmp_path / "fresh.db.sources" / "folders.json").read_text(encoding="utf-8")


# ------------------------------------------------------------------ small pieces


def test_serve_command(tmp_path):
    r = run_cli("serve", "--help")
    assert r.returncode == 0 and "--host" in r.stdout and "127.0.0.1" in r.stdout
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = run_cli("serve", "--db", tmp_path / "x.db", "--port", port)
    assert r.returncode == 2 and r.stderr.startswith("histsift: cannot listen") and "Traceback" not in r.stderr
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    r = run_cli("serve", "--db", bad, "--port", "1")
    assert r.returncode != 0 and "Traceback" not in r.stderr


def test_a_rebuild_then_an_upload_shows_the_new_source(tmp_path):
    """The store records the pile's real folder, not the rebuild's staging folder, so a later
    server (or a store moved away from its .sources folder) still finds the pile."""
    pile = tmp_path / "pile"
    shutil.copytree(EXAMPLES, pile)
    db = tmp_path / "pile.db"
    histsift.build(pile, db=db)
    c = client(db)
    c.post("/rebuild")
    assert wait_build(c)["state"] == "done"
    with store.reading(db) as con:
        assert store.load_meta(con)["pile"] == str(pile.resolve())
    shutil.rmtree(tmp_path / "pile.db.sources")  # forget what the server remembered: the store must know
    c = client(db)
    r = upload(c, ("harbour.txt", b"On 3 March 1871 the harbour workers of Lindmar struck for higher pay.\n"))
    assert r.status_code == 200 and r.url.path == "/build"
    st = wait_build(c)
    assert st["state"] == "done" and [a["path"] for a in st["added"]] == ["uploads/harbour.txt"]
    assert "The pile's folder" in c.get("/add").text and "is gone" not in c.get("/add").text
    board = c.get("/").text
    assert "harbour" in board.lower()
    assert len(histsift.open(db).sources()) == 8
