"""The file in hand: its time budget, and how far the stages have got through it.

Every per-source stage is linear in its text, so a file's time grows with its
size only; the budget is the backstop for what that does not cover (a stage
that is linear but slow on some odd input, a machine under load). The stages
call :func:`at` in their loops (a line, a block, a rule at a time); it looks
at the clock (tens of nanoseconds), raises :class:`OutOfTime` past the
deadline, and tells the progress callback (when the build runs the stages in
this process) how far through the file the stage is.

The state is per thread: a web server's background rebuild and its requests
never see each other's file.
"""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

REPORT_EVERY = 0.25        # seconds between progress reports

Report = Callable[[str, float], None]   # (stage, fraction of the file done)


class OutOfTime(Exception):
    """The file took longer than its budget."""

    def __init__(self, seconds: float, stage: str):
        where = f"while {stage}" if stage else "in the middle of one step"
        super().__init__(f"took longer than {seconds:g} s (stopped {where})")
        self.seconds, self.stage = seconds, stage


class _State(threading.local):
    deadline: float | None = None
    seconds: float = 0.0
    report: Report | None = None      # the file in hand's listener, while its budget runs
    listener: Report | None = None    # who wants to hear, in this thread (see listen)
    last_report: float = 0.0


_state = _State()


@contextmanager
def listen(report: Report | None):
    """Files whose stages run in this thread tell ``report`` how far they have got."""
    saved, _state.listener = _state.listener, report
    try:
        yield
    finally:
        _state.listener = saved


@contextmanager
def budget(seconds: float | None):
    """Run the stages of one file within ``seconds`` (None or 0: no limit).

    In a process's main thread (a pool worker, the CLI) an alarm also stops the
    stages in the middle of one long step: Python's regex engine checks for
    signals as it works, so even a pattern that backtracks ends at the deadline.
    In other threads (the web app's rebuild) the budget is checked between steps.
    """
    saved = (_state.deadline, _state.seconds, _state.report)
    _state.deadline = time.monotonic() + seconds if seconds else None
    _state.seconds, _state.report = seconds or 0.0, _state.listener
    try:
        with _alarm(seconds):
            yield
    finally:
        _state.deadline, _state.seconds, _state.report = saved


@contextmanager
def _alarm(seconds: float | None):
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise OutOfTime(seconds, "")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds + 0.05)  # the step checks come first when they can
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def at(stage: str, pos: int = 0, total: int = 0) -> None:
    """A stage is at ``pos`` of ``total`` (characters, lines, rules…) of the file in hand."""
    if _state.deadline is None and _state.report is None:
        return
    now = time.monotonic()
    if _state.deadline is not None and now > _state.deadline:
        raise OutOfTime(_state.seconds, stage)
    if _state.report is not None and now - _state.last_report >= REPORT_EVERY:
        _state.last_report = now
        _state.report(stage, pos / total if total else 0.0)
