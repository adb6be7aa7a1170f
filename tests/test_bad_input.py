"""Bad input: a pile of junk, user errors at the CLI, and the reasons files are skipped.

Everything here is generated into ``tmp_path`` at test time from a seeded
``random.Random``; no junk is committed.
"""
from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import histsift
from histsift.ingest import load
from histsift.model import Skipped, Source

SEED = 20240611

GOOD = {
    "good/wall.txt": (
        "The Berlin Wall was opened on the night of 9 November 1989, after a confused press conference "
        "in which Günter Schabowski announced new travel rules for citizens of the GDR.\n\n"
        "Crowds gathered at the checkpoints on Bornholmer Straße and the guards, without orders, let them through.\n"
    ),
    "good/treaty.md": (
        "# The Treaty of Versailles\n\n"
        "The treaty was signed on 28 June 1919 in the Hall of Mirrors, five years to the day after the "
        "assassination of Archduke Franz Ferdinand in Sarajevo.\n\n"
        "Germany lost territory in the east and the west, and the reparations it was asked to pay were "
        "argued over for the next decade.\n"
    ),
    "good/armada.html": (
        "<!doctype html><html><head><title>The Spanish Armada</title></head><body><article>"
        "<h1>The Spanish Armada</h1>"
        "<p>In the summer of 1588 a Spanish fleet of about one hundred and thirty ships sailed up the English "
        "Channel to escort an army from the Netherlands across to England.</p>"
        "<p>Fireships sent in at Calais broke its formation, and the battle off Gravelines that followed left "
        "the fleet to return home around the north of Scotland and Ireland, where storms wrecked many ships.</p>"
        "</article></body></html>"
    ),
    "good/printing.txt": (
        "Johannes Gutenberg began printing with movable metal type in Mainz around the middle of the fifteenth "
        "century, and his Bible was finished by about 1455.\n\n"
        "Within fifty years presses were at work in more than two hundred towns across Europe.\n"
    ),
    "good/plague.md": (
        "The Black Death reached the ports of Sicily in October 1347 on ships arriving from the Black Sea.\n\n"
        "Over the next four years it killed perhaps a third of the population of Europe, and labour became so "
        "scarce that wages rose in many places despite laws meant to hold them down.\n"
    ),
}

SENTENCES = [
    "The council met again in the spring and argued about the price of grain.",
    "Letters from the period describe the roads as nearly impassable in winter.",
    "Über die Grenze kamen im Herbst immer mehr Flüchtlinge.",
    "Les députés se réunirent à Versailles au mois de mai.",
    "The harbour was closed for three weeks while the fleet was repaired.",
]


def _hostile_html(rng: random.Random, i: int) -> bytes:
    depth = rng.choice([50, 500, 3000])
    parts = [
        "<html><head><title>t" + str(i) + "</title><script>alert('x" + str(i) + "')</script></head><body>",
        '<img src="x" onerror="alert(document.cookie)">',
        "<div>" * depth + "deep text " + str(i) + "</div>" * rng.choice([0, depth // 2, depth]),
        "<p>unclosed <b>bold <i>italic <a href='javascript:alert(1)'>link",
        "&amp &#xZZZ; &#99999999999; &nbsp &lt;scr&gt;ipt&gt; &bogus;",
        "<svg onload=alert(1)><style>*{display:none}</style><iframe src=//evil>",
        "<!-- unterminated comment",
    ]
    rng.shuffle(parts)
    return "".join(parts).encode("utf-8")


def make_junk_pile(root: Path, n: int = 1000, seed: int = SEED) -> dict[str, str]:
    """Write ``n`` junk files plus the good ones under ``root``; return {relpath: kind}."""
    rng = random.Random(seed)
    kinds: dict[str, str] = {}

    def put(rel: str, data: bytes, kind: str) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        kinds[rel] = kind

    for rel, text in GOOD.items():
        put(rel, text.encode("utf-8"), "good")
    put("junk/huge_line.txt", b"".join(rng.choice(SENTENCES).encode() + b" " for _ in range(40_000)), "huge")

    makers = ["random", "truncated", "mixed", "html", "empty", "space", "png", "zip", "noext", "odd"]
    for i in range(n - 1):
        kind = makers[i % len(makers)]
        sub = f"junk/{i % 7}"
        if kind == "random":
            ext = rng.choice([".txt", ".md", ".html", "", ".dat"])
            put(f"{sub}/random{i}{ext}", rng.randbytes(rng.randint(1, 4096)), kind)
        elif kind == "truncated":
            text = f"{i}: " + " ".join(rng.choice(SENTENCES) for _ in range(3)) + " Zürich – “€”"
            data = text.encode("utf-8")
            cut = data[:-1] if data.endswith("”".encode()) else data
            put(f"{sub}/truncated{i}.txt", cut, kind)
        elif kind == "mixed":
            lines = []
            for j in range(6):
                s = f"{i}.{j} Ça coûte 5 € – « déjà » naïve café {rng.choice(SENTENCES)}\n"
                lines.append(s.encode("utf-8") if j % 2 else s.encode("cp1252", "replace"))
            put(f"{sub}/mixed{i}.txt", b"".join(lines), kind)
        elif kind == "html":
            put(f"{sub}/hostile{i}.html", _hostile_html(rng, i), kind)
        elif kind == "empty":
            put(f"{sub}/empty{i}.txt", b"", kind)
        elif kind == "space":
            put(f"{sub}/space{i}.md", bytes(rng.choice(b" \t\r\n\f\v") for _ in range(rng.randint(1, 300))), kind)
        elif kind == "png":
            put(f"{sub}/image{i}.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(200), kind)
        elif kind == "zip":
            put(f"{sub}/archive{i}.zip", b"PK\x03\x04" + rng.randbytes(200), kind)
        elif kind == "noext":
            # No extension: text of its own, binary, or a PNG in disguise.
            data = rng.choice([f"{i} {rng.choice(SENTENCES)}\n".encode(), rng.randbytes(300),
                               b"\x89PNG\r\n\x1a\n" + rng.randbytes(50)])
            put(f"{sub}/README{i}", data, kind)
        else:
            ext = rng.choice([".exe", ".docx", ".pdf", ".jpeg", ".tar.gz", ".TXT", ".csv", ".", ".htm"])
            put(f"{sub}/odd{i}{ext}", rng.randbytes(rng.randint(0, 600)), kind)
    return kinds


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HISTSIFT_DEBUG"}
    return subprocess.run([sys.executable, "-m", "histsift", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)


# --------------------------------------------------------------------------- a pile of junk

def test_junk_pile_builds_and_accounts_for_every_file(tmp_path):
    pile = tmp_path / "pile"
    kinds = make_junk_pile(pile)
    assert len(kinds) == 1000 + len(GOOD)
    db = tmp_path / "junk.db"

    r = run_cli("build", pile, "--db", db, "--json", timeout=300)  # a hang guard: ~45 s on two busy cores

    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    # Nothing else either: libraries' warnings about broken files (pypdf logs one
    # per defect) must not leak onto the terminal; the reasons are in the summary.
    assert r.stderr == ""
    summary = json.loads(r.stdout)
    assert summary["files"] == len(kinds)

    stored = {s.path: s for s in histsift.open(db).sources()}
    for rel in GOOD:
        assert rel in stored, f"good file {rel} is not in the store"
    assert stored["good/armada.html"].title == "The Spanish Armada"
    assert "Gravelines" in stored["good/armada.html"].text

    skipped = {k["path"]: k["reason"] for k in summary["skipped"]}
    listed = [s["path"] for s in summary["sources"]] + [k["path"] for k in summary["skipped"]]
    assert sorted(listed) == sorted(kinds), "every file is a source or skipped, exactly once"
    assert set(stored) == {s["path"] for s in summary["sources"]}
    for path, reason in skipped.items():
        assert isinstance(reason, str) and reason.strip(), f"{path} skipped without a reason"
    with sqlite3.connect(db) as con:
        assert dict(con.execute("SELECT path, reason FROM skipped")) == skipped

    # Files that can never be sources are skipped, with the reason that fits.
    for rel, kind in kinds.items():
        if kind in ("empty", "space"):
            assert skipped[rel] == "empty", rel
        elif kind == "png":
            assert "PNG" in skipped[rel], rel
        elif kind == "zip":
            assert rel in skipped, rel
    # A file cut inside its last character keeps everything before the cut.
    truncated = [rel for rel, k in kinds.items() if k == "truncated"]
    assert truncated and all(rel in stored for rel in truncated)
    assert all(stored[rel].text.endswith("“€") for rel in truncated)
    # Mixed UTF-8/cp1252 files are read as text, never dropped silently.
    assert all(rel in stored or rel in skipped for rel, k in kinds.items() if k == "mixed")
    # Script bodies of hostile HTML never reach the stored text.
    for s in stored.values():
        assert "alert(" not in s.text and "onerror" not in s.text, s.path
    # Offsets are valid on what was stored.
    for s in stored.values():
        assert all(0 <= b.start < b.end <= len(s.text) for b in s.boilerplate), s.path
    assert "junk/huge_line.txt" in stored and len(stored["junk/huge_line.txt"].text) > 2_000_000


# --------------------------------------------------------------------------- one-line errors

def assert_one_line_error(r: subprocess.CompletedProcess) -> str:
    assert r.returncode != 0, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and r.stderr.endswith("\n"), r.stderr
    assert lines[0].startswith("histsift: ") and lines[0][len("histsift: "):].strip(), r.stderr
    assert "internal error" not in lines[0], r.stderr
    return lines[0]


@pytest.fixture
def good_pile(tmp_path) -> Path:
    pile = tmp_path / "good"
    pile.mkdir()
    for rel, text in GOOD.items():
        (pile / Path(rel).name).write_text(text, encoding="utf-8")
    return pile


@pytest.fixture
def built_db(tmp_path, good_pile) -> Path:
    db = tmp_path / "built.db"
    r = run_cli("build", good_pile, "--db", db, "--quiet")
    assert r.returncode == 0, r.stderr
    return db


def test_missing_folder(tmp_path):
    line = assert_one_line_error(run_cli("build", tmp_path / "nowhere", "--db", tmp_path / "x.db"))
    assert "nowhere" in line
    assert not (tmp_path / "x.db").exists()


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    line = assert_one_line_error(run_cli("build", tmp_path / "empty", "--db", tmp_path / "x.db"))
    assert "empty" in line
    assert not (tmp_path / "x.db").exists()
    assert not list(tmp_path.glob(".x.db.tmp-*"))


def test_csv_out_is_an_existing_file(tmp_path, built_db):
    out = tmp_path / "out.csv"
    out.write_text("keep me\n")
    line = assert_one_line_error(run_cli("export", "--db", built_db, "--format", "csv", "--out", out))
    assert "folder" in line
    assert out.read_text() == "keep me\n"


def test_db_is_a_directory(tmp_path, good_pile):
    (tmp_path / "dir.db").mkdir()
    line = assert_one_line_error(run_cli("build", good_pile, "--db", tmp_path / "dir.db"))
    assert "folder" in line
    assert (tmp_path / "dir.db").is_dir() and not any((tmp_path / "dir.db").iterdir())


def test_db_is_plain_text(tmp_path, good_pile):
    db = tmp_path / "notes.db"
    db.write_text("my notes, not a database\n")
    line = assert_one_line_error(run_cli("build", good_pile, "--db", db))
    assert "not" in line and "store" in line
    assert db.read_text() == "my notes, not a database\n"
    assert_one_line_error(run_cli("export", "--db", db))


def test_db_is_someone_elses_sqlite_database_and_stays_untouched(tmp_path, good_pile):
    db = tmp_path / "people.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE people (name TEXT, born INTEGER)")
        con.executemany("INSERT INTO people VALUES (?, ?)", [("Ada", 1815), ("Alan", 1912)])
    con.close()
    before = db.read_bytes()

    line = assert_one_line_error(run_cli("build", good_pile, "--db", db))

    assert "not a histsift store" in line
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".people.db.tmp-*"))
    assert_one_line_error(run_cli("export", "--db", db))
    assert db.read_bytes() == before


def test_corrupt_db(tmp_path, good_pile):
    db = tmp_path / "corrupt.db"
    junk = b"SQLite format 3\x00" + random.Random(SEED).randbytes(8192)
    db.write_bytes(junk)
    line = assert_one_line_error(run_cli("build", good_pile, "--db", db))
    assert "corrupt" in line or "unreadable" in line
    assert db.read_bytes() == junk
    assert_one_line_error(run_cli("export", "--db", db))


def test_locked_db(tmp_path, good_pile, built_db):
    before = built_db.read_bytes()
    con = sqlite3.connect(built_db, isolation_level=None)
    try:
        con.execute("BEGIN EXCLUSIVE")
        line = assert_one_line_error(run_cli("build", good_pile, "--db", built_db))
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert "locked" in line
    assert built_db.read_bytes() == before
    assert not list(tmp_path.glob(f".{built_db.name}.tmp-*"))


def test_permission_denied_file_in_pile(tmp_path, good_pile):
    secret = good_pile / "secret.txt"
    secret.write_text("A diary entry of 1914 that nobody may read.\n")
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user (root) who can read a chmod 000 file")
        db = tmp_path / "x.db"
        r = run_cli("build", good_pile, "--db", db, "--json")
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        skipped = {k["path"]: k["reason"] for k in json.loads(r.stdout)["skipped"]}
        assert skipped == {"secret.txt": "permission denied"}
        line = assert_one_line_error(run_cli("build", good_pile, "--db", db, "--strict", "--quiet"))
        assert "secret.txt" in line
    finally:
        secret.chmod(0o644)


def test_binary_junk_as_the_single_pile_argument(tmp_path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(random.Random(SEED).randbytes(5000) + b"\x00")
    line = assert_one_line_error(run_cli("build", blob, "--db", tmp_path / "x.db"))
    assert "blob.txt" in line and "binary" in line
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("name", ["broken.pdf", "broken.docx", "broken.html"])
def test_broken_document_as_the_single_pile_argument(tmp_path, name):
    blob = tmp_path / name
    head = {".pdf": b"%PDF-1.4\n", ".docx": b"PK\x03\x04", ".html": b"<html><div><div>"}[blob.suffix]
    blob.write_bytes(head + random.Random(SEED).randbytes(3000))
    line = assert_one_line_error(run_cli("build", blob, "--db", tmp_path / "x.db"))
    assert name in line
    assert not (tmp_path / "x.db").exists()


def test_file_name_that_is_not_utf8(tmp_path, good_pile):
    name = os.fsencode(good_pile) + b"/caf\xe9 1848.txt"
    try:
        with open(name, "wb") as f:
            f.write("Le conseil se réunit au printemps de 1848 pour discuter du prix du grain.\n".encode("cp1252"))
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    db = tmp_path / "x.db"
    for reused in (0, len(GOOD) + 1):  # the second build takes every file from the cache
        r = run_cli("build", good_pile, "--db", db, "--json")
        assert r.returncode == 0 and r.stderr == "", r.stderr
        summary = json.loads(r.stdout)
        assert summary["reused"] == reused
        assert "caf\\xe9 1848.txt" in {s["path"] for s in summary["sources"]}
    stored = {s.path: s for s in histsift.open(db).sources()}
    assert "1848" in stored["caf\\xe9 1848.txt"].text
    assert run_cli("export", "--db", db).returncode == 0


def test_ask_file_is_binary(tmp_path, built_db):
    qfile = tmp_path / "questions.txt"
    qfile.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(SEED).randbytes(1000))
    line = assert_one_line_error(run_cli("ask", "--db", built_db, "--file", qfile))
    assert "questions.txt" in line


def test_ask_file_with_nul_bytes(tmp_path, built_db):
    qfile = tmp_path / "questions.txt"
    qfile.write_bytes(b"When did the Wall open?\n\x00\x00\x00\n")
    assert_one_line_error(run_cli("ask", "--db", built_db, "--file", qfile))


def test_ask_file_missing_or_a_folder(tmp_path, built_db):
    assert "no such" in assert_one_line_error(run_cli("ask", "--db", built_db, "--file", tmp_path / "nope.txt"))
    assert "folder" in assert_one_line_error(run_cli("ask", "--db", built_db, "--file", tmp_path))


def test_ask_file_unreadable(tmp_path, built_db):
    qfile = tmp_path / "questions.txt"
    qfile.write_text("When did the Wall open?\n")
    qfile.chmod(0)
    try:
        if os.access(qfile, os.R_OK):
            pytest.skip("running as a user (root) who can read a chmod 000 file")
        line = assert_one_line_error(run_cli("ask", "--db", built_db, "--file", qfile))
        assert "questions.txt" in line
    finally:
        qfile.chmod(0o644)


def _deny(monkeypatch, denied: Path) -> None:
    """Make reading ``denied`` fail as chmod 000 does for anyone but root."""
    real = Path.read_bytes

    def read_bytes(self):
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_permission_denied_in_process(tmp_path, good_pile, built_db, monkeypatch):
    # The chmod tests above cannot fail as root; these run the same code paths anywhere.
    from click.testing import CliRunner

    from histsift.cli import cli

    secret = good_pile / "secret.txt"
    secret.write_text("A diary entry of 1914 that nobody may read.\n")
    qfile = tmp_path / "questions.txt"
    qfile.write_text("When did the Wall open?\n")
    _deny(monkeypatch, secret)
    got = load.read_file(secret, good_pile)
    assert isinstance(got, Skipped) and got.reason == "permission denied"

    _deny(monkeypatch, qfile)
    r = CliRunner().invoke(cli, ["ask", "--db", str(built_db), "--file", str(qfile)])
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines() == [f"histsift: cannot read {qfile}: Permission denied"]


def test_ask_file_answers_one_json_line_per_question(tmp_path, built_db):
    # The control for the failures above: a readable question file works.
    qfile = tmp_path / "questions.txt"
    qfile.write_text("When did the Wall open?\n\nWho signed the treaty?\n", encoding="utf-8")
    r = run_cli("ask", "--db", built_db, "--file", qfile)
    assert r.returncode == 0, r.stderr
    answers = [json.loads(line) for line in r.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["When did the Wall open?", "Who signed the treaty?"]


# --------------------------------------------------------------------------- reasons, through the library

def _read(tmp_path: Path, name: str, data: bytes, **kw) -> Source | Skipped:
    p = tmp_path / name
    p.write_bytes(data)
    return load.read_file(p, tmp_path, **kw)


def test_reason_empty(tmp_path):
    got = _read(tmp_path, "zero.txt", b"")
    assert isinstance(got, Skipped) and got.path == "zero.txt"
    assert "empty" in got.reason


def test_reason_whitespace_only_is_empty(tmp_path):
    got = _read(tmp_path, "blank.md", b" \n\t\r\n  \n")
    assert isinstance(got, Skipped) and "empty" in got.reason


@pytest.mark.parametrize("name", ["pic.png", "pic.txt", "pic"])
def test_reason_png(tmp_path, name):
    got = _read(tmp_path, name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    assert isinstance(got, Skipped) and "PNG" in got.reason


@pytest.mark.parametrize("seed", range(5))
def test_reason_random_bytes(tmp_path, seed):
    got = _read(tmp_path, f"noise{seed}.txt", random.Random(seed).randbytes(2048))
    assert isinstance(got, Skipped)
    assert "binary" in got.reason or "undecodable" in got.reason, got.reason


def test_reason_random_bytes_without_nul(tmp_path):
    rng = random.Random(SEED)
    data = bytes(rng.choice(range(1, 256)) for _ in range(2048))
    got = _read(tmp_path, "noise.txt", data)
    assert isinstance(got, Skipped)
    assert "binary" in got.reason or "undecodable" in got.reason, got.reason


def test_reason_too_large(tmp_path):
    got = _read(tmp_path, "big.txt", b"The siege lasted many months. " * 100, max_bytes=1000)
    assert isinstance(got, Skipped) and "too large" in got.reason
    # The same file under a limit it fits is a source: the size alone decided.
    assert isinstance(load.read_file(tmp_path / "big.txt", tmp_path, max_bytes=10_000), Source)


def test_truncated_utf8_keeps_what_decodes(tmp_path):
    got = _read(tmp_path, "cut.txt", "Zürich, 1914 – “".encode("utf-8")[:-1])
    assert isinstance(got, Source)
    assert got.text == "Zürich, 1914 – " and got.encoding == "utf-8"


# --------------------------------------------------------------------------- decoding, noise, folders

CLEAN_PAGE = ("The harbour workers of the northern town went on strike in September 1938. The council "
              "met the leaders twice and offered a small rise in pay, which the workers refused. After three "
              "weeks the mayor sent for the militia, and the strike ended on 2 October 1938 without bloodshed. "
              "Historians still argue about whether the council could have settled the dispute earlier, and "
              "about how much the newspapers of the capital shaped what the townspeople believed at the time.\n")


def _ocr(text: str) -> str:
    """Every third word misread, as a poor scan gives it; '1938' read as '193E'."""
    out = []
    for i, w in enumerate(text.replace("1938", "193E").split(" ")):
        if i % 3 == 2 and len(w) > 3 and w.isalpha():
            w = w[0] + w[2] + w[1] + w[3:].replace("e", "c").replace("h", "b").replace("m", "rn")
        out.append(w)
    return " ".join(out)


def test_invalid_utf8_is_flagged_undecodable_not_guessed(tmp_path):
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "good.txt").write_text(CLEAN_PAGE, encoding="utf-8")
    (pile / "broken.txt").write_bytes("The café opened in 1925.\n".encode() + b"\xfe\xc3( caf\xe9 \x8f\x81\x90 "
                                      + CLEAN_PAGE.encode())
    (pile / "legacy.txt").write_bytes(("Le café de Zürich ouvrit en 1925; Günter y passait l’été. " * 3
                                       + CLEAN_PAGE).encode("cp1252"))
    mixed = "".join(f"Line {i}: the café served crêpes in 1925.\n" for i in range(6))
    (pile / "mixed.txt").write_bytes(b"".join(line.encode("utf-8" if i % 2 else "cp1252")
                                              for i, line in enumerate(mixed.splitlines(keepends=True))))
    pile_obj = histsift.build(pile, db=tmp_path / "p.db")
    by = {s.path: s for s in pile_obj.sources()}
    assert "undecodable" in by["broken.txt"].flags and by["broken.txt"].encoding == "undecodable"
    assert "cafķ" not in by["broken.txt"].text and "\ufffd" in by["broken.txt"].text
    assert by["legacy.txt"].encoding == "cp1252" and "Günter" in by["legacy.txt"].text
    assert by["mixed.txt"].encoding == "utf-8+cp1252" and by["mixed.txt"].text == mixed
    assert "undecodable" not in by["legacy.txt"].flags + by["mixed.txt"].flags + by["good.txt"].flags
    # kept out of extraction: the events cite the readable sources only
    cited = {c.source for e in pile_obj.events() for c in e.citations}
    assert by["broken.txt"].id not in cited and by["good.txt"].id in cited
    r = run_cli("sources", "--db", tmp_path / "p.db")
    assert "undecodable" in r.stdout


def test_a_page_read_by_ocr_is_flagged_noisy_and_kept_out_of_the_timeline(tmp_path):
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "clean.txt").write_text(CLEAN_PAGE, encoding="utf-8")
    (pile / "scan.txt").write_text(_ocr(CLEAN_PAGE.replace("strike", "stoppage")), encoding="utf-8")
    pile_obj = histsift.build(pile, db=tmp_path / "p.db")
    by = {s.path: s for s in pile_obj.sources()}
    assert "noisy" in by["scan.txt"].flags and "noisy" not in by["clean.txt"].flags
    assert all(c.source != by["scan.txt"].id for e in pile_obj.events() for c in e.citations)
    assert not [e for e in pile_obj.events() if e.date in ("193", "0193", "0193-09")]


def test_an_unreadable_folder_is_named_in_the_summary(tmp_path, monkeypatch):
    pile = tmp_path / "pile"
    (pile / "locked").mkdir(parents=True)
    (pile / "a.txt").write_text(CLEAN_PAGE, encoding="utf-8")
    (pile / "locked" / "b.txt").write_text(CLEAN_PAGE, encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, **kw):  # as the OS answers a folder this user may not list
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, **kw):
            if Path(dirpath).name == "locked":
                onerror(PermissionError(13, "Permission denied", dirpath))
                dirnames[:] = []
                continue
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(os, "walk", walk)
    report = histsift.build(pile, db=tmp_path / "p.db").report
    assert [s.path for s in report.sources] == ["a.txt"]
    assert [(k.path, k.reason) for k in report.skipped] == [("locked/", "folder not read (permission denied)")]


def test_a_folder_that_cannot_be_listed_is_reported_by_the_cli(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as a user (root) who can list a chmod 000 folder")
    pile = tmp_path / "pile"
    (pile / "locked").mkdir(parents=True)
    (pile / "a.txt").write_text(CLEAN_PAGE, encoding="utf-8")
    (pile / "locked").chmod(0)
    try:
        r = run_cli("build", pile, "--db", tmp_path / "p.db", "--json")
    finally:
        (pile / "locked").chmod(0o755)
    assert r.returncode == 0, r.stderr
    assert {"path": "locked/", "reason": "folder not read (permission denied)"} in json.loads(r.stdout)["skipped"]


@pytest.mark.parametrize("title, shown", [("= The Great Strike =", "The Great Strike"),
                                          ("\ufeff\ufeff== The Great Strike ==", "The Great Strike"),
                                          ("# The Great Strike", "The Great Strike")])
def test_titles_carry_no_markup_or_bom(tmp_path, title, shown):
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "a.txt").write_text(title + "\n\n" + CLEAN_PAGE, encoding="utf-8")
    assert histsift.build(pile, db=tmp_path / "p.db").sources()[0].title == shown
