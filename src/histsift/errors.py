"""User errors: things a person can fix, reported as one line, never a traceback."""
from __future__ import annotations


class HistsiftError(Exception):
    """A user error: bad input, a missing pile, a store that is not ours.

    The CLI prints ``histsift: <message>`` on stderr and exits with ``code``.
    """

    code = 2

    def __init__(self, message: str, code: int | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


class StoreError(HistsiftError):
    """The store cannot be opened, read or written."""

    code = 3
