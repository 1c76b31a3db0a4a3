"""What a scan reads besides the code: where those files are, and what they said."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coupling.records.history import History, Ownership


@dataclass(frozen=True)
class InputFiles:
    """Files beside the code that a scan reads, when given or found."""

    codeowners: Path | None = None
    history: Path | None = None  # a saved `git log --numstat`, instead of asking git
    metrics: Path | None = None  # production metrics per unit (TOML)
    coverage: Path | None = None  # coverage.xml (Cobertura) or a coverage.py .coverage file


@dataclass(frozen=True)
class FileLines:
    measured: tuple[int, ...] | None  # None: the file's statements (a .coverage file has no list)
    covered: tuple[int, ...]


@dataclass(frozen=True)
class LineCoverage:
    """Line coverage read from the user's coverage file, by scanned file."""

    source: str  # the file's name, for the report
    files: tuple[tuple[str, FileLines], ...]  # (SourceFile.rel, lines)


@dataclass(frozen=True)
class UnitLoad:
    """A unit's production profile from the user's metrics file."""

    cpu_share: float | None = None
    memory_share: float | None = None
    requests_per_day: float | None = None
    error_rate: float | None = None
    p99_latency_ms: float | None = None


@dataclass(frozen=True)
class ProductionMetrics:
    source: str  # the metrics file's name; "" when none was given
    units: tuple[tuple[str, UnitLoad], ...] = ()


@dataclass(frozen=True)
class Inputs:
    """What the input files said, read once per scan."""

    coverage: LineCoverage | None
    history: History
    ownership: Ownership
    metrics: ProductionMetrics
