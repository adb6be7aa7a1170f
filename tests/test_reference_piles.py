"""The scorer on the reference piles, when they are present beside the repository.

These piles are never copied into the repository; the test skips, saying so,
where they are absent.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SHARED, reference_pile

PILES = ["nazi-soviet-pact", "roman-republic"]


@pytest.mark.parametrize("name", PILES)
def test_scorer_headline(name):
    corpus = reference_pile(name)
    evaluate = SHARED / "eval" / "evaluate.py"
    gold = SHARED / "gold" / f"{name}.json"
    cmd = f"{sys.executable} -m histsift"
    r = subprocess.run([sys.executable, str(evaluate), str(corpus), str(gold), "--cmd", cmd, "--json"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    report = json.loads(r.stdout)
    head = report["headline"]
    assert head["invalid_citations"] == 0
    assert head["boilerplate_f1"] >= 0.90, report["boilerplate"]
    assert report["problems"] == []
