"""Errors a user sees: one line that says what, where (file, line, id) and what to do."""

from __future__ import annotations


class EaError(Exception):
    """A problem with the user's input, reported without a traceback (CLI exit code 2)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, ref: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.ref = ref

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        elif self.line:
            where = f"line {self.line}: "
        return where + self.message


class ModelError(EaError):
    """The model breaks a rule the in-memory graph enforces (unknown type, missing endpoint...)."""
