"""Load: find the files of a pile and read each into a :class:`Source`.

The text stored for a source is exactly what later offsets count in: for plain
text the decoded file (no newline or whitespace normalisation), for HTML the
text trafilatura extracts, for PDF and DOCX the text their libraries give.
Files that are not sources are returned as :class:`Skipped` with a reason.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import unicodedata
from pathlib import Path

from histsift.errors import HistsiftError
from histsift.model import Skipped, Source

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
MAX_BYTES = 50 * 1024 * 1024

# pypdf logs a warning for each defect of a broken PDF ("EOF marker not found");
# with no logging configured Python would print them on stderr around the CLI's
# one-line error. The failure itself becomes the skip reason, so only an
# application that configures logging should see these.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

# Magic numbers of common non-source files, so that a picture or an archive is
# named as what it is rather than as "undecodable".
MAGIC = [
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive"), (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"RIFF", "a media file"), (b"%PDF", "a PDF"),
]


def discover(pile: Path) -> tuple[Path, list[Path]]:
    """Return the pile's root and its candidate files, in a stable order."""
    root, files, _ = discover_all(pile)
    return root, files


def discover_all(pile: Path) -> tuple[Path, list[Path], list[Skipped]]:
    """:func:`discover`, and the sub-folders that could not be listed (named, not lost)."""
    if not pile.exists():
        raise HistsiftError(f"no such file or folder: {pile}")
    if pile.is_file():
        return pile.parent, [pile], []
    if not pile.is_dir():
        raise HistsiftError(f"not a file or folder: {pile}")
    if not os.access(pile, os.R_OK | os.X_OK):
        raise HistsiftError(f"permission denied: cannot list {pile}")
    files, unreadable = [], []

    def cannot_list(e: OSError) -> None:
        where = Path(e.filename) if e.filename else pile
        why = "permission denied" if isinstance(e, PermissionError) else (e.strerror or e.__class__.__name__)
        unreadable.append(Skipped(rel_path(where, pile) + "/", f"folder not read ({why})"))

    for dirpath, dirnames, filenames in os.walk(pile, onerror=cannot_list):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files += [Path(dirpath) / f for f in filenames if not f.startswith(".")]
    return pile, sorted(files, key=lambda f: f.relative_to(pile).as_posix()), sorted(unreadable, key=lambda k: k.path)


def rel_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, as storable text.

    A file name that is not UTF-8 (common in old archives) reaches Python with
    surrogate escapes, which SQLite and JSON cannot take; its odd bytes are
    shown as ``\\xNN`` instead.
    """
    rel = path.relative_to(root).as_posix() if path != root else path.name
    return printable(rel)


def printable(name: str) -> str:
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def source_id(text: str) -> str:
    return "s" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def read_file(path: Path, root: Path, max_bytes: int = MAX_BYTES) -> Source | Skipped:
    """Read one file into a Source, or say why it is not one."""
    data = read_bytes(path, root, max_bytes)
    if isinstance(data, Skipped):
        return data
    return parse(data, rel_path(path, root), path.suffix.lower())


def read_bytes(path: Path, root: Path, max_bytes: int = MAX_BYTES) -> bytes | Skipped:
    """The bytes of one file, or why they cannot be read."""
    rel = rel_path(path, root)
    try:
        size = path.stat().st_size
        if not path.is_file():
            return Skipped(rel, "not a regular file")
        if size > max_bytes:
            return Skipped(rel, f"too large ({size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
        return path.read_bytes()
    except PermissionError:
        return Skipped(rel, "permission denied")
    except OSError as e:
        return Skipped(rel, f"unreadable ({e.strerror or e.__class__.__name__})")


def parse(data: bytes, rel: str, suffix: str) -> Source | Skipped:
    """A file's bytes (``rel`` its path in the pile, ``suffix`` lower-case) as a Source, or why not."""
    try:
        return _parse(data, rel, suffix)
    except _NotASource as e:
        return Skipped(rel, str(e))


class _NotASource(Exception):
    pass


def _parse(data: bytes, rel: str, suffix: str) -> Source:
    if not data.strip():
        raise _NotASource("empty")
    if suffix == ".pdf":
        text, title, encoding = _pdf_text(data), "", "pdf"
    elif suffix == ".docx":
        text, title, encoding = _docx_text(data)
    else:
        for magic, what in MAGIC:
            if data.startswith(magic):
                raise _NotASource(f"not a source: {what}")
        if suffix not in KNOWN_SUFFIXES and suffix:
            raise _NotASource(f"not a source type ({suffix})")
        text, encoding = decode(data)
        title = ""
        if suffix in HTML_SUFFIXES or (not suffix and _looks_like_html(text)):
            text, title = _html_text(text)
            suffix = ".html"
    if not text.strip():
        raise _NotASource("no text in it")
    kind = {".htm": "html", ".xhtml": "html", ".markdown": "md", ".text": "txt", "": "txt"}.get(suffix, suffix.lstrip("."))
    flags = [UNDECODABLE] if encoding == UNDECODABLE else []
    return Source(id=source_id(text), path=rel, title=title, text=text, kind=kind,
                  encoding=encoding, words=len(text.split()), flags=flags)


UNDECODABLE = "undecodable"
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text, detecting the encoding; raise if it is not text.

    Valid UTF-8 is taken as UTF-8 (a BOM is kept as a character so that offsets
    agree with any tool that decodes the same bytes). Other bytes are tried as
    cp1252 (the web's default for unlabelled legacy pages) and as the
    encodings charset-normalizer proposes, and the decoding whose accented
    words are words of its languages wins (see lexicon.py). When none is
    convincing (UTF-8 with broken bytes in it, mojibake in every candidate),
    the encoding returned is ``"undecodable"``: the text is kept to be shown,
    with U+FFFD for what could not be read, and kept out of extraction.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _NotASource("binary (NUL bytes)")
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            # A file cut inside its last character: keep what decodes.
            text, enc = data[: e.start].decode("utf-8"), "utf-8"
        elif _mostly_utf8(data[: 1 << 20]):
            text, enc = _utf8_with_cp1252(data)
        else:
            text, enc = _detect(data)
    if not _is_texty(text) and enc != UNDECODABLE:
        raise _NotASource("binary (not text in any encoding)")
    return text, enc


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with some bytes that are not: most of its non-ASCII bytes still form UTF-8
    sequences, which legacy code pages (and CJK ones) spell only now and then."""
    high = sum(1 for b in data if b >= 0x80)
    covered = sum(len(m) for m in _MULTIBYTE_UTF8.findall(data))
    return high > 0 and covered >= 0.6 * high


def _as_cp1252(e: UnicodeDecodeError) -> tuple[str, int]:
    return e.object[e.start:e.end].decode("cp1252", "replace"), e.end


_CP1252_FALLBACK = "histsift-cp1252"
codecs.register_error(_CP1252_FALLBACK, _as_cp1252)


def _utf8_with_cp1252(data: bytes) -> tuple[str, str]:
    """UTF-8 with lines pasted from a cp1252 page (a common mix): the bytes that are not
    UTF-8 read as cp1252, if the words they then spell are words; else undecodable."""
    from histsift.lang import lexicon

    text = data.decode("utf-8", _CP1252_FALLBACK)
    if "\ufffd" in text:  # bytes that are neither UTF-8 nor cp1252
        return _as_undecodable(data)
    known = lexicon.accented_words_known(_fallback_words(text, data.decode("utf-8", "replace")), "cp1252")
    if known is not None and known[1] and known[0] / known[1] >= 0.6:
        return text, "utf-8+cp1252"
    return _as_undecodable(data)


def _fallback_words(text: str, utf8: str) -> str:
    """The words of ``text`` where it differs from the replacement-decoded ``utf8`` (where the
    fallback gave characters); the whole text when the two do not align."""
    if len(text) != len(utf8):
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        if text[i] != utf8[i]:
            a, b = i, i
            while a > 0 and text[a - 1].isalpha():
                a -= 1
            while b < n and (text[b].isalpha() or text[b] != utf8[b]):
                b += 1
            out.append(text[a:b])
            i = b
        else:
            i += 1
    return " ".join(out)


_WIDE = {"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "shift_jis", "cp932", "euc_jp",
         "iso2022_jp", "gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950", "euc_kr", "cp949", "johab"}


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    from histsift.lang import lexicon

    candidates: list[tuple[str, str]] = []
    try:
        candidates.append(("cp1252", data.decode("cp1252")))
    except UnicodeDecodeError:
        pass
    mixed = data.decode("utf-8", _CP1252_FALLBACK)
    if _MULTIBYTE_UTF8.search(data) and "\ufffd" not in mixed:  # some UTF-8 in it: perhaps lines of both
        candidates.append(("utf-8+cp1252", mixed))
    for m in list(from_bytes(data))[:4]:
        if m.encoding != "cp1252" and m.chaos <= 0.2:
            candidates.append((m.encoding, str(m)))
    if not candidates:
        return _as_undecodable(data)
    best, best_share = None, -1.0
    for enc, text in candidates:
        known = lexicon.accented_words_known(text, enc)
        if known is None:  # the detector's word counts for the wide encodings of scripts without spaces
            share = 0.75 if enc in _WIDE else 0.0
        else:
            share = known[0] / known[1] if known[1] else 1.0
        if share > best_share:
            best, best_share = (text, enc), share
    if best_share < 0.5:
        return _as_undecodable(data)
    return best


def _as_undecodable(data: bytes) -> tuple[str, str]:
    """Text to show of bytes no encoding reads: UTF-8 where it is UTF-8, U+FFFD elsewhere;
    bytes that are mostly not text at all are not a source."""
    text = data.decode("utf-8", "replace")
    if _MULTIBYTE_UTF8.search(data) is None:
        text = data.decode("cp1252", "replace")
    sample = text[:20000]
    bad = sum(1 for c in sample if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs")
              and c not in "\t\n\r\f\v")
    if not sample or bad / len(sample) > 0.2:
        raise _NotASource("undecodable (no text encoding fits)")
    return text, UNDECODABLE
def _is_texty(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") and c not in "\t\n\r\f\v")
    bad += sample.count("\ufffd")
    return bad / len(sample) < 0.01


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lower()
    return "<html" in head or "<!doctype html" in head


def _html_text(html: str) -> tuple[str, str]:
    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True,
                                   favor_recall=True, deduplicate=False) or ""
        meta = trafilatura.extract_metadata(html)
    except Exception as e:  # trafilatura raises many types on broken markup
        raise _NotASource(f"broken HTML ({e.__class__.__name__})") from None
    if not text.strip():
        raise _NotASource("no text in the HTML")
    return text, (meta.title or "") if meta else ""


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _NotASource("encrypted PDF")
        return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as e:
        raise _NotASource(f"broken PDF ({e.__class__.__name__})") from None


def _docx_text(data: bytes) -> tuple[str, str, str]:
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises zip, XML and KeyErrors alike
        raise _NotASource(f"broken DOCX ({e.__class__.__name__})") from None
    lines = []
    for p in doc.paragraphs:
        style = (p.style.name if p.style is not None else "").lower()
        lines.append(("  • " if "list" in style else "") + p.text)
    return "\n\n".join(lines), doc.core_properties.title or "", "docx"
