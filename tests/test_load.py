"""Reading each kind of file into a Source whose text every offset counts in."""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from histsift.ingest.load import decode, discover, read_file
from histsift.model import Skipped, Source

PROSE = "The assembly met on 5 May 1789 at Versailles, and the deputies of the Third Estate soon declared themselves the National Assembly."


def write(tmp: Path, name: str, data: bytes | str) -> Path:
    p = tmp / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def test_text_is_kept_verbatim_with_crlf_and_bom(tmp_path):
    raw = "\ufeffTitle\r\n\r\n" + PROSE + "\u00a0\r\n"
    p = write(tmp_path, "a.txt", raw)
    s = read_file(p, tmp_path)
    assert isinstance(s, Source)
    assert s.text == raw  # no newline, BOM or space normalisation: offsets match the bytes decoded
    assert s.encoding == "utf-8" and s.kind == "txt" and s.words == len(raw.split())


def test_id_is_a_stable_content_hash(tmp_path):
    a = read_file(write(tmp_path, "a.txt", PROSE), tmp_path)
    b = read_file(write(tmp_path, "sub/b.md", PROSE), tmp_path)
    c = read_file(write(tmp_path, "c.txt", PROSE + "!"), tmp_path)
    assert a.id == b.id != c.id
    assert b.path == "sub/b.md" and b.kind == "md"


@pytest.mark.parametrize("encoding,text", [
    ("cp1252", "“The Terror”, said Robespierre’s critics – and they paid €5 for the pamphlet. " * 3),
    ("latin-1", "Les états généraux se réunirent à Versailles en mai; la séance fut très agitée. " * 3),
    ("utf-16", "The assembly met at Versailles; the deputies swore the Tennis Court Oath. " * 3),
])
def test_legacy_encodings_are_detected(tmp_path, encoding, text):
    p = write(tmp_path, "old.txt", text.encode(encoding))
    s = read_file(p, tmp_path)
    assert isinstance(s, Source), s
    assert s.text.strip("\ufeff") == text


def test_cp1252_is_named_when_it_fits(tmp_path):
    text = "“Why did the Bastille fall?” – a café talk, ‘briefly’ — for €2. " * 4
    s = read_file(write(tmp_path, "old.txt", text.encode("cp1252")), tmp_path)
    assert s.encoding == "cp1252" and s.text == text


def test_utf8_cut_inside_last_character_keeps_the_rest():
    text, enc = decode(("Révolution " * 20).encode("utf-8")[:-1])
    assert enc == "utf-8" and text.startswith("Révolution") and "\ufffd" not in text


def test_html_is_extracted_with_trafilatura(tmp_path):
    html = f"""<!doctype html><html><head><title>The Estates-General</title></head><body>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/topics">Topics</a></li></ul></nav>
    <article><h1>The Estates-General</h1><p>{PROSE}</p><p>{PROSE.replace('5 May', '20 June')}</p></article>
    <footer>© 2024 Example. <a href="/privacy">Privacy policy</a></footer></body></html>"""
    s = read_file(write(tmp_path, "page.html", html), tmp_path)
    assert isinstance(s, Source) and s.kind == "html"
    assert "5 May 1789" in s.text and "20 June 1789" in s.text
    assert "Privacy policy" not in s.text
    assert s.title == "The Estates-General"


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.core_properties.title = "Notes on 1789"
    d.add_paragraph("Causes of the Revolution")
    d.add_paragraph(PROSE)
    d.add_paragraph("bread prices rose", style="List Bullet")
    d.save(tmp_path / "notes.docx")
    s = read_file(tmp_path / "notes.docx", tmp_path)
    assert isinstance(s, Source) and s.kind == "docx" and s.title == "Notes on 1789"
    assert PROSE in s.text and "• bread prices rose" in s.text


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, written by hand (no PDF writer needed)."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf(tmp_path):
    s = read_file(write(tmp_path, "lecture.pdf", _tiny_pdf("The Bastille fell on 14 July 1789.")), tmp_path)
    assert isinstance(s, Source) and s.kind == "pdf"
    assert "The Bastille fell on 14 July 1789." in s.text


def test_broken_pdf_is_skipped(tmp_path):
    got = read_file(write(tmp_path, "bad.pdf", b"%PDF-1.4 this is not really a pdf"), tmp_path)
    assert isinstance(got, Skipped) and "PDF" in got.reason


def test_discover_is_recursive_sorted_and_skips_hidden(tmp_path):
    for name in ["b.txt", "a/z.md", "a/y.txt", ".hidden.txt", ".git/config"]:
        write(tmp_path, name, PROSE)
    root, files = discover(tmp_path)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/y.txt", "a/z.md", "b.txt"]
    root1, one = discover(tmp_path / "b.txt")
    assert one == [tmp_path / "b.txt"] and root1 == tmp_path


def test_file_without_suffix_is_sniffed(tmp_path):
    s = read_file(write(tmp_path, "README", PROSE), tmp_path)
    assert isinstance(s, Source)
    h = read_file(write(tmp_path, "saved", f"<!DOCTYPE html><html><body><p>{PROSE}</p></body></html>"), tmp_path)
    assert isinstance(h, Source) and h.kind == "html" and "<p>" not in h.text
