"""What `coupling seal` plans: the files it changes, the names the facade gains, and what it
refused and why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coupling.records.kinds import ImportPlace, RefusalKind


@dataclass(frozen=True)
class SealRequest:
    """What the user asked to seal."""

    unit: str  # a unit of the project, as the reports name it
    facade: str | None = None  # a module of the unit; None: the unit's __init__
    tests: bool = False  # rewrite test code too


@dataclass(frozen=True)
class Refusal:
    """Part of a seal left undone, one per case: the rest of the seal still goes ahead."""

    file: str  # POSIX, relative to Settings.root
    line: int
    kind: RefusalKind
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Rewrite:
    """One edit in a file outside the unit: an import statement, or a use of a module's name."""

    file: str
    line: int
    before: str
    after: str
    place: ImportPlace
    is_use: bool = False  # billing.models.X → billing.X rather than an import statement


@dataclass(frozen=True)
class Reexport:
    """A name the facade gains, as the line of its generated block that imports it."""

    name: str
    module: str  # the module behind the facade it comes from
    line: str  # "from .models import Invoice"


@dataclass(frozen=True)
class FileChange:
    file: str  # POSIX, relative to Settings.root: what the diff and the summary name
    path: Path  # absolute: what --apply writes
    before: str
    after: str


@dataclass(frozen=True)
class SealPlan:
    unit: str
    facade: str  # the facade module, dotted
    facade_file: str  # relative to Settings.root
    changes: tuple[FileChange, ...]  # sorted by file
    rewrites: tuple[Rewrite, ...]
    reexports: tuple[Reexport, ...]
    refusals: tuple[Refusal, ...]
