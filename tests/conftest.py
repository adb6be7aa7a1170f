from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "berlin-wall"
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, **kw) -> subprocess.CompletedProcess:
    """Run the CLI as a person would, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "histsift", *map(str, args)],
                          capture_output=True, text=True, **kw)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    import histsift

    histsift.build(EXAMPLES, db=db)
    return db


def reference_pile(name: str) -> Path:
    corpus = SHARED / "corpora" / name
    if not corpus.is_dir():
        pytest.skip(f"reference pile {name} is not present beside the repository (shared/corpora/{name})")
    return corpus
