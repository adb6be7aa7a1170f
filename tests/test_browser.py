"""The web app in a real browser: Playwright driving Debian's Chromium (never a downloaded one).

`make test` installs /usr/bin/chromium where it is missing. Without it these
tests skip, saying why, except in CI (CI=true), where a missing browser fails.
Set HISTSIFT_SCREENSHOTS=1 to (re)write docs/screenshots/*.png.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time

import pytest

import histsift

from conftest import EXAMPLES, ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
BUILD_TIMEOUT_MS = 120_000
HOSTILE = ("Hostile page\n\nOn 9 November 1989 the Wall opened. <script>window.__pwned=1</script>\n"
           "<img src=x onerror=\"window.__pwned=1\"> <svg onload=\"window.__pwned=1\"></svg>\n"
           "<script>alert('pwned')</script> <a href=\"javascript:window.__pwned=1\">click</a>\n")


def _missing_browser(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (make test installs chromium)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("playwright is not installed (it is in the test extras: make setup)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _missing_browser(f"no {CHROMIUM}: install Debian's chromium (make browser, or apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over a store of the sample pile, served by uvicorn on a free port in a thread."""
    import uvicorn

    from histsift.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    pile = folder / "berlin-wall"
    shutil.copytree(EXAMPLES, pile)
    db = folder / "board.db"
    histsift.build(pile, db=db)
    app = create_app(db, build_if_missing=False, allowed_hosts=["127.0.0.1", "localhost"])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        assert time.time() < deadline, "the server did not start"
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "db": db, "app": app}
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport=VIEWPORT, base_url=server["url"])
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    # a script or style blocked by the pages' Content-Security-Policy shows up here
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    yield pg
    context.close()


def shot(page, name: str) -> None:
    if os.environ.get("HISTSIFT_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name))


def wait_rebuilt(page) -> None:
    page.wait_for_url(re.compile(r"/build$"))
    page.get_by_text(re.compile("The pile is rebuilt|The rebuild failed")).first.wait_for(timeout=BUILD_TIMEOUT_MS)
    assert page.locator("h1").inner_text() == "The pile is rebuilt", page.locator("main").inner_text()


def test_board(page, server):
    page.goto("/")
    question = histsift.open(server["db"]).factors()[0].question
    assert page.locator("h1").inner_text() == question
    assert page.locator(".theme").count() >= 3
    assert page.locator(".theme .badge").first.inner_text().endswith("independent sources")
    assert page.locator(".event.disputed .conflict-note").first.is_visible()
    assert page.get_by_role("heading", name="Who's who").is_visible()
    assert page.get_by_role("heading", name="Where the sources disagree").count() == 1
    shot(page, "board.png")
    page.get_by_role("link", name="Timeline").click()
    assert page.locator("#timeline h2").is_visible()
    assert not page.errors and not page.dialogs and not page.console_errors, page.console_errors


def test_follow_a_citation_to_its_highlight(page, server):
    page.goto("/")
    link = page.locator(".theme > .quotes .quote-text").nth(1)
    quote = link.inner_text().strip()[1:-1]  # without the “ ” around it
    link.click()
    page.wait_for_url(re.compile(r"/source/\w+\?start=\d+&end=\d+#hl$"))
    mark = page.locator("mark#hl")
    assert mark.inner_text() == quote
    # brought into view, not left below the fold
    page.wait_for_timeout(200)
    box, height = mark.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] and box["y"] + min(box["height"], 100) <= height
    source = next(s for s in histsift.open(server["db"]).sources() if f"/source/{s.id}?" in page.url)
    a, b = map(int, re.search(r"start=(\d+)&end=(\d+)", page.url).groups())
    assert source.text[a:b] == quote
    assert not page.console_errors, page.console_errors
    shot(page, "source.png")


def test_ask(page, server):
    page.goto("/ask")
    page.get_by_label("your question").fill("When did the Wall open?")
    page.get_by_role("button", name="Ask").click()
    page.wait_for_url(re.compile(r"/ask\?q="))
    answer = page.locator(".answer")
    assert answer.is_visible()
    expected = histsift.open(server["db"]).ask("When did the Wall open?")
    if expected["answer"] is None:
        assert answer.locator(".not-found").inner_text() == "Not in the sources"
    else:
        assert answer.locator(".answer-text").inner_text() == expected["answer"]
        links = answer.locator(".citations .quote-text")
        assert links.count() == len(expected["citations"]) > 0
        first = expected["citations"][0]
        assert f"/source/{first['source']}?start={first['start']}&end={first['end']}" in links.first.get_attribute("href")
        links.first.click()
        assert page.locator("mark#hl").inner_text() == first["quote"]
        page.go_back()
    shot(page, "ask.png")
    # a question the sources cannot answer is said to be so, not guessed
    page.goto("/ask?q=" + "What did the Berlin Wall's architect eat for breakfast on the moon?".replace(" ", "+"))
    nonsense = histsift.open(server["db"]).ask("What did the Berlin Wall's architect eat for breakfast on the moon?")
    if nonsense["answer"] is None:
        assert page.locator(".not-found").inner_text() == "Not in the sources"
    else:
        assert page.locator(".answer-text").is_visible()


def test_search(page):
    page.goto("/")
    box = page.get_by_label("Search the sources")
    box.fill("Leipzig")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Leipzig"))
    hits = page.locator(".hit")
    assert hits.count() >= 3
    assert page.locator(".hit mark").first.inner_text().lower() == "leipzig"
    shot(page, "search.png")
    hits.first.locator("a").click()
    assert "Leipzig" in page.locator("mark#hl").inner_text()


def test_upload_and_rebuild(page, server, tmp_path):
    notes = tmp_path / "trabant notes.txt"
    notes.write_text("The Trabant queue\n\nOn 10 November 1989 a line of Trabants crossed into West Berlin.\n",
                     encoding="utf-8")
    page.goto("/add")
    page.locator("#files").set_input_files(str(notes))
    assert "trabant notes.txt" in page.locator(".drop-hint").inner_text()
    page.get_by_role("button", name="Upload and rebuild").click()
    wait_rebuilt(page)
    new = page.locator("#new-sources")
    assert "uploads/trabant notes.txt" in new.inner_text()
    page.goto("/add")
    assert "trabant notes.txt" in page.locator(".uploads").inner_text()
    shot(page, "upload.png")
    page.goto("/sources")
    assert page.get_by_role("link", name="The Trabant queue").is_visible()
    assert page.get_by_role("link", name="Why Did the Berlin Wall Fall in 1989?").is_visible()  # the pile's own
    page.goto("/search?q=Trabants")
    assert "Trabants crossed" in page.locator(".hits").inner_text()


def test_upload_refused_before_sending(page, tmp_path):
    bad = tmp_path / "slides.pptx"
    bad.write_bytes(b"PK\x03\x04 not really")
    page.goto("/add")
    page.locator("#files").set_input_files(str(bad))
    assert "does not read .pptx" in page.locator("#upload-problem").inner_text()
    page.get_by_role("button", name="Upload and rebuild").click()
    assert page.url.endswith("/add")


def test_hostile_source_stays_inert(page, server, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    page.goto("/add")
    page.locator("#files").set_input_files(str(hostile))
    page.get_by_role("button", name="Upload and rebuild").click()
    wait_rebuilt(page)
    sources = histsift.open(server["db"]).sources()
    assert len([s for s in sources if not s.path.startswith("uploads/")]) == 7  # rebuilds keep the pile's own
    src = next(s for s in sources if "__pwned" in s.text)
    a = src.text.index("<script>")
    for url in ("/", "/sources", f"/source/{src.id}", f"/source/{src.id}?start={a}&end={a + 38}#hl",
                "/search?q=pwned", "/search?q=window", "/build", "/add",
                "/ask?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"):
        page.goto(url)
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined", url
        assert page.locator("main script, main img, main svg, main a[href^='javascript']").count() == 0, url
    page.goto(f"/source/{src.id}")
    text = page.locator(".source-text").inner_text()
    assert "<script>window.__pwned=1</script>" in text and 'onerror="window.__pwned=1"' in text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not page.dialogs, page.dialogs
    assert not page.errors, page.errors


def test_error_pages(page):
    r = page.goto("/no/such/page")
    assert r.status == 404
    assert page.locator("h1").inner_text() == "Not found"
    page.get_by_role("link", name="Back to the board").click()
    assert page.locator(".board-head h1").is_visible()


def test_report_shows_lineages(browser, sample_db, tmp_path):
    """The report counts independent sources (copies once) per theme, per event and per side of a conflict."""
    from histsift.outputs.report import render_html

    report = tmp_path / "report.html"
    report.write_text(render_html(histsift.open(sample_db)), encoding="utf-8")
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(report.as_uri())
    side = page.locator("#criticism .side-who").first
    side.scroll_into_view_if_needed()
    assert "independent source" in side.inner_text()
    assert "independent source" in page.locator("#causes .badges").first.inner_text()
    page.locator("#criticism").scroll_into_view_if_needed()
    shot(page, "report-lineages.png")
    context.close()
