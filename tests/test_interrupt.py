"""A killed or interrupted build leaves no process behind and the store as it was."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import histsift

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to list children")

PARAGRAPH = ("In the spring of {y} the harbour workers of the northern town struck for higher pay. "
             "The council met on {d} March {y} and sent the mayor to speak with them. ")


def _pile(root: Path, n: int = 160) -> Path:
    root.mkdir()
    for i in range(n):  # enough files for the pool (64+), each slow enough to keep it busy
        (root / f"page-{i:03}.txt").write_text("".join(PARAGRAPH.format(y=1800 + i, d=1 + k % 28)
                                                       for k in range(300)), encoding="utf-8")
    return root


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_build(pile: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "histsift", "build", str(pile), "--db", str(db), "--jobs", "2",
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_workers(proc: subprocess.Popen, want: int = 2, patience: float = 60) -> set[int]:
    end = time.monotonic() + patience
    while time.monotonic() < end:
        kids = _children(proc.pid)
        if len(kids) >= want:
            return kids
        if proc.poll() is not None:
            pytest.fail("the build ended before its workers could be seen")
        time.sleep(0.05)
    pytest.fail("the build started no worker processes")


def _wait_gone(pids: set[int], patience: float = 30) -> set[int]:
    end = time.monotonic() + patience
    while time.monotonic() < end and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if _alive(p)}


def test_sigkill_of_a_build_leaves_no_worker_behind(tmp_path):
    db = tmp_path / "pile.db"
    histsift.build(_small(tmp_path), db=db)
    before = db.read_bytes()
    proc = _start_build(_pile(tmp_path / "pile"), db)
    workers = _wait_for_workers(proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    survivors = _wait_gone(workers)
    for p in survivors:  # do not leave them to the next test either
        os.kill(p, signal.SIGKILL)
    assert not survivors, f"workers outlived the killed build: {sorted(survivors)}"
    assert db.read_bytes() == before  # the previous store is intact


def test_ctrl_c_of_a_build_says_so_and_leaves_no_worker(tmp_path):
    proc = _start_build(_pile(tmp_path / "pile"), tmp_path / "pile.db")
    workers = _wait_for_workers(proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.decode().strip().splitlines() == ["histsift: interrupted; the store is as it was before this command"]
    assert not _wait_gone(workers)
    assert not (tmp_path / "pile.db").exists()


def _small(tmp_path: Path) -> Path:
    pile = tmp_path / "small"
    pile.mkdir()
    (pile / "a.txt").write_text("The treaty was signed on 3 March 1871 by the two envoys.\n", encoding="utf-8")
    return pile
