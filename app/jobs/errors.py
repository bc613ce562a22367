"""How a job's failure reaches whoever waited for it."""

from __future__ import annotations


class TaskError(Exception):
    """A job raised: `kind` is the exception's class name, `message` its text."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message
