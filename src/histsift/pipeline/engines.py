"""Engines: where the pipeline's two parallel steps run.

``local`` is a process pool on this machine (one worker per core by default;
this process alone for small piles or ``jobs=1``); ``ray`` is Ray tasks on a
local Ray or on a cluster (``address=``). Both run the same function on the
same jobs and yield results in the jobs' order, so they give the same store.
An engine offers ``map(fn, jobs, n, *shared)`` and ``close(abort)``.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from histsift.errors import HistsiftError

PARALLEL_MIN_FILES = 64
ENGINES = ("local", "ray")
BATCH = 32            # sources per task sent to a worker
IN_FLIGHT = 8         # tasks queued per worker: enough to keep it busy, few enough to bound memory


def _batch(fn: Callable, jobs: list, *shared) -> list:
    return [fn(j, *shared) for j in jobs]


class LocalEngine:
    """A process pool on this machine (or this process alone for small piles or jobs=1)."""

    name = "local"

    def __init__(self, jobs: int | None = None):
        self.workers = jobs if jobs is not None else (os.cpu_count() or 1)
        self.pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable, jobs: Iterable, n: int, *shared) -> Iterator:
        """fn(job, *shared) for every job, in order."""
        if self.workers <= 1 or n < PARALLEL_MIN_FILES:
            for j in jobs:
                yield fn(j, *shared)
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_start,
                                            initargs=(os.getpid(),))
        yield from _windowed(lambda chunk: self.pool.submit(_batch, fn, chunk, *shared), lambda f: f.result(),
                             jobs, self.workers * IN_FLIGHT)

    def close(self, abort: bool = False) -> None:
        """Stop the pool; ``abort`` (an error or Ctrl-C): without waiting for the batches under way."""
        if self.pool is not None:
            procs = list(getattr(self.pool, "_processes", {}).values()) if abort else []
            for p in procs:  # the pool offers no public kill
                p.terminate()
            self.pool.shutdown(wait=not abort, cancel_futures=True)
            for p in procs:
                p.join(5)
                if p.is_alive():
                    p.kill()
            self.pool = None


def _worker_start(parent: int) -> None:
    """A pool worker dies with the build that started it, even when the build is killed
    outright (SIGKILL gives the pool no chance to stop it): on Linux the kernel sends the
    worker SIGKILL when its parent goes (PR_SET_PDEATHSIG). Ctrl-C is the parent's to handle."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent went before the line above took effect
        os._exit(1)


class RayEngine:
    """Ray tasks: a local Ray started here, or the cluster at ``address``."""

    name = "ray"

    def __init__(self, address: str | None = None, jobs: int | None = None):
        try:
            import ray
        except ImportError:
            raise HistsiftError("the ray engine needs Ray: pip install 'histsift[ray]'") from None
        self.ray = ray
        self.started = False
        if not ray.is_initialized():
            kw = {"address": address} if address else {"num_cpus": jobs} if jobs else {}
            try:
                ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False, **kw)
            except (ConnectionError, RuntimeError, ValueError) as e:
                raise HistsiftError(f"cannot start or join Ray{f' at {address}' if address else ''}: {e}") from None
            self.started = True
        self.remote = ray.remote(_batch)
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def map(self, fn: Callable, jobs: Iterable, n: int, *shared) -> Iterator:
        refs = [self.ray.put(s) for s in shared]  # sent to the object store once, not with every task
        yield from _windowed(lambda chunk: self.remote.remote(fn, chunk, *refs), self.ray.get,
                             jobs, self.workers * IN_FLIGHT)

    def close(self, abort: bool = False) -> None:
        if self.started:
            self.ray.shutdown()
            self.started = False


def _windowed(submit: Callable, result: Callable, jobs: Iterable, window: int) -> Iterator:
    """Submit jobs in batches, at most ``window`` batches in flight; yield results in order."""
    pending: deque = deque()
    chunk: list = []
    for j in jobs:
        chunk.append(j)
        if len(chunk) == BATCH:
            pending.append(submit(chunk))
            chunk = []
            while len(pending) >= window:
                yield from result(pending.popleft())
    if chunk:
        pending.append(submit(chunk))
    while pending:
        yield from result(pending.popleft())


def engine(name: str = "local", jobs: int | None = None, address: str | None = None):
    if name == "local":
        if address:
            raise HistsiftError("--address is for the ray engine")
        return LocalEngine(jobs)
    if name == "ray":
        return RayEngine(address, jobs)
    raise HistsiftError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
