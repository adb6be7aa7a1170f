"""The CLI and the library make the same calls and give the same results."""
from __future__ import annotations

import csv
import json

import pytest

import histsift
from conftest import EXAMPLES, run_cli

COMMANDS = ["build", "sources", "export", "ask"]


def test_version():
    r = run_cli("--version")
    assert r.returncode == 0 and histsift.__version__ in r.stdout


@pytest.mark.parametrize("cmd", [None, *COMMANDS])
def test_help_everywhere(cmd):
    r = run_cli(*([cmd] if cmd else []), "--help")
    assert r.returncode == 0 and "Usage:" in r.stdout
    assert len(r.stdout.splitlines()) > 4


def test_build_json_summary_and_export_match_library(tmp_path):
    db = tmp_path / "cli.db"
    r = run_cli("build", EXAMPLES, "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["files"] == len(summary["sources"]) + len(summary["skipped"])
    assert summary["words"] == sum(s["words"] for s in summary["sources"]) > 0

    exported = json.loads(run_cli("export", "--db", db, "--format", "json").stdout)
    lib = histsift.build(EXAMPLES, db=tmp_path / "lib.db").export()
    assert exported == lib
    assert exported["schema"] == "histsift/1"
    assert set(exported) >= {"sources", "entities", "events", "factors", "conflicts"}


def test_quiet_build_prints_nothing(tmp_path):
    r = run_cli("build", EXAMPLES, "--db", tmp_path / "q.db", "--quiet")
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""


def test_human_build_summary(tmp_path):
    r = run_cli("build", EXAMPLES, "--db", tmp_path / "h.db")
    assert r.returncode == 0
    assert "files read" in r.stdout and "04_blog_cp1252.txt" in r.stdout


def test_sources_command(sample_db):
    r = run_cli("sources", "--db", sample_db, "--json")
    rows = json.loads(r.stdout)
    assert {row["path"] for row in rows} == {p.name for p in EXAMPLES.iterdir()}
    assert run_cli("sources", "--db", sample_db).returncode == 0


def test_export_csv_one_file_per_list(sample_db, tmp_path):
    out = tmp_path / "csv"
    r = run_cli("export", "--db", sample_db, "--format", "csv", "--out", out)
    assert r.returncode == 0, r.stderr
    names = {p.name for p in out.iterdir()}
    assert names == {"sources.csv", "boilerplate.csv", "entities.csv", "events.csv", "factors.csv", "conflicts.csv"}
    with open(out / "boilerplate.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = {s.id: s.text for s in histsift.open(sample_db).sources()}
    assert rows and all(texts[r["source"]][int(r["start"]):int(r["end"])] == r["text"] for r in rows)


def test_export_json_to_file(sample_db, tmp_path):
    r = run_cli("export", "--db", sample_db, "--out", tmp_path / "e.json")
    assert r.returncode == 0
    assert json.loads((tmp_path / "e.json").read_text())["schema"] == "histsift/1"


def test_ask_file_gives_json_lines_and_abstains_honestly(sample_db, tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_text("When did the Wall open?\n\nWho was the pope in 1989?\n", encoding="utf-8")
    r = run_cli("ask", "--db", sample_db, "--json", "--file", qfile)
    answers = [json.loads(line) for line in r.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["When did the Wall open?", "Who was the pope in 1989?"]
    assert answers[0]["value"] == "1989-11-09" and answers[0]["citations"]
    assert answers[1]["answer"] is None and answers[1]["value"] is None and answers[1]["citations"] == []
    one = json.loads(run_cli("ask", "--db", sample_db, "--json", "Who was the pope in 1989?").stdout)
    assert one["value"] is None


def test_ask_interactive_reads_until_eof(sample_db):
    r = run_cli("ask", "--db", sample_db, input="Who was the pope?\n")
    assert r.returncode == 0 and "Not in the sources" in r.stdout
