"""The Ray engine gives the same export as the local one (issue 8).

One local Ray for the whole module (two CPUs, no dashboard), shut down at the end.
The comparisons skip, saying why, where Ray is not installed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from histsift import pipeline
from histsift.errors import HistsiftError

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
PILES = [ROOT / "examples" / "berlin-wall", CORPORA / "nazi-soviet-pact", CORPORA / "roman-republic"]


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'histsift[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def export(db: Path) -> str:
    import histsift

    return json.dumps(histsift.open(db).export(), sort_keys=True)


@pytest.mark.parametrize("pile", PILES, ids=[p.name for p in PILES])
def test_ray_and_local_engines_give_the_same_export(local_ray, tmp_path, pile):
    if not pile.is_dir():
        pytest.skip(f"{pile} is not here (the reference piles live in ../shared/corpora)")
    pipeline.build(pile, tmp_path / "local.db", engine="local", jobs=2)
    report = pipeline.build(pile, tmp_path / "ray.db", engine="ray")
    assert report.sources
    assert export(tmp_path / "ray.db") == export(tmp_path / "local.db")


def test_ray_engine_on_a_pile_large_enough_for_the_pool(local_ray, tmp_path):
    """64 files or more: the local engine uses its process pool too, in batches."""
    pile = tmp_path / "pile"
    pile.mkdir()
    for i in range(70):
        (pile / f"p{i:03d}.txt").write_text(
            f"Page {i}\n\nOn {1 + i % 28} May 19{10 + i % 40} the council of Town{i % 7} met. "
            f"In 19{20 + i % 30} the mayor Anna Berg{i % 5} resigned after a long dispute.\n")
    pipeline.build(pile, tmp_path / "local.db", engine="local", jobs=2)
    pipeline.build(pile, tmp_path / "ray.db", engine="ray")
    assert export(tmp_path / "ray.db") == export(tmp_path / "local.db")


def test_an_unknown_engine_is_one_clear_error(tmp_path):
    with pytest.raises(HistsiftError, match="unknown engine"):
        pipeline.build(ROOT / "examples" / "berlin-wall", tmp_path / "x.db", engine="spark")


def test_without_ray_the_ray_engine_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed
    with pytest.raises(HistsiftError, match=r"pip install 'histsift\[ray\]'"):
        pipeline.build(ROOT / "examples" / "berlin-wall", tmp_path / "x.db", engine="ray")
    assert not (tmp_path / "x.db").exists()


def test_cli_engine_option_is_offered():
    r = run_cli("build", "--help")
    assert "--engine" in r.stdout and "--address" in r.stdout
