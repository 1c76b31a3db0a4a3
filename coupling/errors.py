"""One exception root. Messages name the file (and line) and say what to do."""

from __future__ import annotations

from pathlib import Path


class CouplingError(Exception):
    """A problem with the user's input, config or output location (exit code 2)."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class ConfigError(CouplingError):
    """A config file that cannot be used as written."""


class InputError(CouplingError):
    """A PATH or input file that cannot be analysed."""


class OutputError(CouplingError):
    """A report that cannot be written where asked."""
