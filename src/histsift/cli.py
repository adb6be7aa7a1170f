"""The command line: thin over the library, for people first, with --json for scripts.

User errors end as one line on stderr (``histsift: …``) and a non-zero exit;
set HISTSIFT_DEBUG=1 to see a traceback for anything unexpected.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from histsift import __version__
from histsift.errors import HistsiftError


def _show():
    """The terminal rendering (outputs/terminal.py), imported when a command prints."""
    from histsift.outputs import terminal

    return terminal


DB_HELP = "The store file (SQLite)."
db_option = click.option("--db", default="histsift.db", show_default=True, type=click.Path(path_type=Path), help=DB_HELP)


# The library is imported by the commands that use it, not here: `histsift --version`
# and `--help` would otherwise pay for the whole pipeline (scipy, trafilatura, …).
def Pile(db):  # noqa: N802 - the library's Pile
    from histsift.api import Pile as _Pile

    return _Pile(db)


def _build(*a, **kw):
    from histsift.api import build

    return build(*a, **kw)


def tag_file(*a, **kw):
    from histsift.api import tag_file as _tag_file

    return _tag_file(*a, **kw)


def _lib(name: str):
    """A module of the library, imported on first use (export, reliability, …)."""
    import importlib

    return importlib.import_module(f"histsift.{name}")


def _fail(message: str, code: int) -> None:
    click.echo(f"histsift: {message}", err=True)
    sys.exit(code)


def guarded(fn):
    """Turn every error a person can cause into one line and an exit code."""
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        try:
            return fn(*a, **kw)
        except HistsiftError as e:
            _fail(str(e), e.code)
        except KeyboardInterrupt:
            # The store has already rolled back and the workers were told to stop; leave at
            # once rather than let the interpreter's exit hooks join a pool whose queue a
            # terminated worker may have left locked (that join can hang for ever).
            click.echo("histsift: interrupted; the store is as it was before this command", err=True)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except MemoryError:
            _fail("out of memory", 1)
        except Exception as e:  # noqa: BLE001 - last resort: a bug, still no traceback unless asked
            if os.environ.get("HISTSIFT_DEBUG"):
                raise
            _fail(f"internal error ({e.__class__.__name__}: {e}); rerun with HISTSIFT_DEBUG=1 for details", 1)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="histsift")
def cli() -> None:
    """Turn a pile of history sources into a cited evidence board.

    Start with `histsift build PILE`, then `histsift sources` or `histsift export`.
    """


@cli.command()
@click.argument("pile", type=click.Path(path_type=Path))
@db_option
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes (default: one per core).")
@click.option("--max-file-mb", type=click.FloatRange(0.001), default=50, show_default=True,
              help="Skip files larger than this.")
@click.option("--strict", is_flag=True, help="Fail if any file is skipped.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON.")
@click.option("--question", help="The why-question the causes answer (default: the one the pile asks most).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where the per-source stages run: a process pool here, or Ray tasks (pip install 'histsift[ray]').")
@click.option("--address", help="Ray cluster to join with --engine ray (default: start a local Ray).")
@click.option("--file-timeout", type=click.FloatRange(0), default=600, show_default=True, metavar="SECONDS",
              help="Skip a file whose reading (or reconciling) takes longer than this; 0: no limit.")
@guarded
def build(pile: Path, db: Path, jobs, max_file_mb, strict, quiet, as_json, question, engine, address,
          file_timeout) -> None:
    """Read every file under PILE (a folder or one file) into the store.

    Cleans each source (boilerplate is marked, never deleted), and writes the
    store atomically: if the build fails, the previous store is left as it was.
    Rebuilding re-processes only the files that changed.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    err = _show().err
    show_bar = not (quiet or as_json) and err.is_terminal
    with Progress(TextColumn("[bold]{task.fields[phase]:<11}"), BarColumn(), TextColumn("{task.fields[count]:>17}"),
                  TimeElapsedColumn(), TextColumn("{task.description}"), console=err, disable=not show_bar,
                  transient=True) as bar:
        task = bar.add_task("", total=None, phase="reading", count="")

        def progress(done: float, total: int, name: str, phase: str) -> None:
            count = (f"{done / 2**20:.1f}/{total / 2**20:.1f} MB" if phase == "reading" else
                     f"{int(done)}/{total} sources" if phase == "reconciling" else "")
            bar.update(task, completed=done, total=total or None, description=name[:50], phase=phase, count=count)

        pile_obj = _build(pile, db, jobs=jobs, max_bytes=int(max_file_mb * 1024 * 1024), progress=progress,
                          question=question, engine=engine, address=address,
                          file_seconds=file_timeout or None)
    report = pile_obj.report
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        _show().build_summary(report)
    if strict and report.skipped:
        _fail(f"{len(report.skipped)} file(s) skipped (--strict); first: {report.skipped[0].path}: "
              f"{report.skipped[0].reason}", 4)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@guarded
def sources(db: Path, as_json: bool) -> None:
    """List the sources in the store, with what cleaning cut and flagged."""
    pile = Pile(db)
    items = pile.sources()
    if as_json:
        click.echo(json.dumps([{"id": s.id, "path": s.path, "title": s.title, "words": s.words, "kind": s.kind,
                                "encoding": s.encoding, "boilerplate_share": round(s.boilerplate_share(), 3),
                                "flags": s.flags} for s in items], ensure_ascii=False, indent=2))
        return
    _show().sources(items, pile.skipped())


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="JSON: a file (default stdout). CSV: a folder (required).")
@guarded
def export(db: Path, fmt: str, out: Path | None) -> None:
    """Write the evidence board: the histsift/1 JSON document, or one CSV per list."""
    pile = Pile(db)
    if fmt == "csv":
        if out is None:
            raise HistsiftError("--format csv needs --out FOLDER")
        for path in pile.export_csv(out):
            click.echo(str(path), err=True)
        return
    text = json.dumps(pile.export(), ensure_ascii=False, indent=2)
    if out is None:
        click.echo(text)
    else:
        if out.is_dir():
            raise HistsiftError(f"{out} is a folder; --out needs a file name for JSON")
        try:
            out.write_text(text + "\n", encoding="utf-8")
        except OSError as e:
            raise HistsiftError(f"cannot write {out}: {e.strerror}") from None


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv", "json"]), default="table", show_default=True)
@guarded
def timeline(db: Path, fmt: str) -> None:
    """The timeline: each event once, in date order, with its sources; date conflicts marked (!)."""
    _show().timeline(Pile(db).board(with_text=False), fmt)


@cli.command()
@db_option
@click.option("--type", "kind", type=click.Choice(["person", "place", "organization", "event", "work", "other"]),
              help="Only entities of this type.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@guarded
def who(db: Path, kind: str | None, as_json: bool) -> None:
    """Who's who: people, places, organisations and named events, with their aliases."""
    items = [e for e in Pile(db).entities() if kind is None or e.type == kind]
    if as_json:
        click.echo(json.dumps([e.__dict__ for e in items], ensure_ascii=False, indent=2))
        return
    _show().who(items)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@guarded
def why(db: Path, as_json: bool) -> None:
    """The causes: the pile's why-question and the themes of passages that answer it."""
    board = Pile(db).board(with_text=False)
    items = board.factors
    if as_json:
        click.echo(json.dumps([{"id": f.id, "label": f.label, "question": f.question,
                                "independent_sources": f.independent_sources,
                                "citations": [c.to_dict() for c in f.citations]} for f in items],
                              ensure_ascii=False, indent=2))
        return
    _show().why(board)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@guarded
def criticism(db: Path, as_json: bool) -> None:
    """Source criticism: which sources copy which, where they disagree, and what was cut."""
    board = Pile(db).board()  # the texts: what was cut is a share of them
    derived = board.derived()
    sketch = _lib("extract.reliability").sketch(board.sources, derived, board.conflicts)
    if as_json:
        click.echo(json.dumps({"derivations": derived,
                               "conflicts": [_lib("outputs.export").conflict_dict(c, board) for c in board.conflicts],
                               "reliability": sketch}, ensure_ascii=False, indent=2))
        return
    _show().criticism(board, derived, sketch)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dct", help="Document creation date YYYY-MM-DD (news): relative dates count from it.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@guarded
def dates(files: tuple[Path, ...], dct: str | None, as_json: bool) -> None:
    """Run the date tagger alone on FILES: every temporal expression, its offsets, value and precision.

    Without --dct, partial and relative dates are resolved against the text's own
    dates (history); they are never resolved against today's date.
    """
    results = [{"file": str(f), "expressions": [t.to_dict() for t in tag_file(f, dct)]} for f in files]
    if as_json:
        click.echo(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=2))
        return
    _show().dates(results)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine's own (127.0.0.1) opens the app, "
                   "which has no login, to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--pile", type=click.Path(path_type=Path),
              help="The folder of the pile's files, read again by each rebuild "
                   "(default: the one the store was built from).")
@click.option("--max-upload-mb", type=click.FloatRange(0.001), default=20, show_default=True,
              help="Refuse uploaded files larger than this.")
@guarded
def serve(db: Path, host: str, port: int, pile: Path | None, max_upload_mb: float) -> None:
    """Open the evidence board in your browser: a local web app over the store.

    The board (causes, timeline, who's who, source criticism), each source with
    its cut boilerplate and cited passages, search, the ask box, adding sources
    (upload, or a folder on this computer) and rebuilding, and downloads.
    Uploaded files are kept in DB.sources/ beside the store. Without a store,
    it starts empty (or builds --pile first).
    """
    import socket

    import uvicorn

    from histsift.web import create_app

    loopback = host in ("localhost", "::1") or host.startswith("127.")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as e:
        raise HistsiftError(f"cannot listen on {host}:{port} ({e.strerror}); try another --port") from None
    app = create_app(db, pile, max_upload_mb=max_upload_mb, allow_folders=loopback,
                     allowed_hosts=["127.0.0.1", "localhost", "::1"] if loopback else None)
    if not loopback:
        click.echo("histsift: warning: the app has no login and anyone who can reach "
                   f"{host}:{port} can read and change the pile", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"histsift: the board of {db} is at http://{shown}:{port}/  (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.argument("question", required=False)
@db_option
@click.option("--file", "qfile", type=click.Path(path_type=Path), help="One question per line; answers as JSON Lines.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON.")
@guarded
def ask(question: str | None, db: Path, qfile: Path | None, as_json: bool) -> None:
    """Answer QUESTION from the sources, with exact citations, or say it is not in them.

    With --file, one answer object per line (JSON Lines). With neither, an
    interactive prompt.
    """
    pile = Pile(db)
    if qfile is not None:
        questions = _lib("ask.question").read_questions(qfile)
        for q in questions:
            click.echo(json.dumps(pile.ask(q), ensure_ascii=False))
        return
    if question is None:
        _show().interactive(pile)
        return
    _show_answer(pile.ask(question), as_json, {s.id: s.path for s in pile.sources(with_text=False)})


def _show_answer(a: dict, as_json: bool, paths: dict[str, str] | None = None) -> None:
    if as_json:
        click.echo(json.dumps(a, ensure_ascii=False, indent=2))
    else:
        _show().answer(a, paths)


@cli.command()
@db_option
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("report.html"), show_default=True,
              help="The HTML file to write.")
@guarded
def report(db: Path, out: Path) -> None:
    """Write the evidence report: one self-contained HTML file (no network, works offline and on a phone).

    The question, the causes with their quotes, a timeline with conflicting dates
    marked, who's who, source criticism, and every source in full: each quote
    links to its characters, highlighted.
    """
    from histsift.outputs.report import render_html

    pile = Pile(db)
    if out.is_dir():
        raise HistsiftError(f"{out} is a folder; -o needs a file name such as report.html")
    text = render_html(pile)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise HistsiftError(f"cannot write {out}: {e.strerror}") from None
    click.echo(str(out))


@cli.command()
@db_option
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("study"), show_default=True,
              help="The folder to write into (made if missing).")
@guarded
def study(db: Path, out: Path) -> None:
    """Write study material: a study guide, a quiz, flashcards, an Anki deck and timeline exports.

    Prints the paths written. The Anki deck's note ids come from what each card is
    about, so importing it again after a rebuild updates the cards.
    """
    from histsift.outputs.study import write_study

    for path in write_study(Pile(db), out):
        click.echo(str(path))


def main() -> None:
    cli(prog_name="histsift")

