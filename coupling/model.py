"""The data that flows between pipeline stages: frozen, ordered, free of behaviour.

PATH ─discover→ Project ─cache/facts→ FileFacts ─graph→ ModuleGraph ─metrics→ Analysis
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Progress = Callable[[int, int], None]  # (files done, files in all)

# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Files beside the code that later analyses read (ownership, history, production metrics)."""

    codeowners: Path | None = None
    history: Path | None = None
    metrics: Path | None = None


@dataclass(frozen=True)
class SharedKernelRule:
    """When a unit counts as a shared kernel: most units import it, it imports almost nothing."""

    min_importer_share: float
    max_instability: float


@dataclass(frozen=True)
class Rules:
    shared_kernel: SharedKernelRule
    max_cycles_listed: int
    max_cycle_length: int


@dataclass(frozen=True)
class Settings:
    path: Path  # the directory to analyse, absolute
    root: Path  # where report paths start: the config file's folder, else the working directory
    out: Path  # the report directory, absolute
    rules: Rules
    depth: int = 1
    exclude: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    jobs: int = 0  # 0: one worker per CPU
    cache: bool = True
    inputs: Inputs = field(default_factory=Inputs)
    config_file: Path | None = None


# --- discover -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    rel: str  # POSIX, relative to Settings.root
    module: str  # dotted name
    unit: str
    is_package: bool  # an __init__.py
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file or folder left out of the analysis, and why."""

    file: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Namespace:
    """A package folder without __init__.py: a module with no file."""

    module: str
    unit: str


@dataclass(frozen=True)
class Project:
    root: Path
    scan_path: str  # PATH relative to root
    package: str  # dotted name of PATH when it is a package; "" for a src layout
    depth: int
    units: tuple[str, ...]
    files: tuple[SourceFile, ...]
    namespaces: tuple[Namespace, ...]
    context_modules: tuple[str, ...]  # the enclosing package's modules outside PATH
    skipped: tuple[Skipped, ...]


# --- facts (one parse per file; cached) -----------------------------------------------------


@dataclass(frozen=True)
class ImportFact:
    """One import statement. `targets` are the dotted names it asks for, as written but
    joined (`from a import b` → "a.b", `from . import x` → ".x", `import a.b` → "a.b")."""

    line: int
    targets: tuple[str, ...]
    names: tuple[str, ...]  # the names it binds from the module (`from a import B, C` → B, C)
    type_checking: bool = False
    in_function: bool = False
    in_try: bool = False


@dataclass(frozen=True)
class Definition:
    """A top-level name a module defines."""

    name: str
    kind: str  # "class" | "function" | "variable"
    line: int
    abstract: bool = False  # ABC, abstract methods or a Protocol
    protocol: bool = False


@dataclass(frozen=True)
class FileFacts:
    imports: tuple[ImportFact, ...] = ()
    definitions: tuple[Definition, ...] = ()
    lines: int = 0
    code_lines: int = 0  # neither blank nor comment-only
    parser: str = "ast"  # "ast", "libcst" (newer syntax than this Python reads) or "none"
    error: str | None = None  # why the file could not be read or parsed
    error_line: int | None = None


@dataclass(frozen=True)
class CollectedFacts:
    facts: tuple[FileFacts, ...]  # parallel to Project.files
    reused: int  # files whose facts came from the cache
    parsed: int
    cache_note: str = ""  # why the cache could not be used, if it could not


# --- graph ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    name: str
    unit: str
    file: str  # "" for a namespace package
    is_package: bool
    lines: int = 0
    code_lines: int = 0
    classes: int = 0
    abstract_classes: int = 0


@dataclass(frozen=True)
class ResolvedImport:
    """One import statement with every name it asks for resolved."""

    importer: str
    file: str
    line: int
    names: tuple[str, ...]
    targets: tuple[str, ...]  # modules under PATH (sorted, unique)
    outside: tuple[str, ...] = ()  # modules of the enclosing package outside PATH
    external: tuple[
        str, ...
    ] = ()  # third-party top-level packages (the standard library is left out)
    type_checking: bool = False
    in_function: bool = False
    in_try: bool = False


@dataclass(frozen=True)
class Unresolved:
    file: str
    line: int
    name: str
    reason: str


@dataclass(frozen=True)
class ModuleGraph:
    project: Project
    facts: tuple[FileFacts, ...]  # parallel to project.files
    modules: tuple[Module, ...]
    imports: tuple[ResolvedImport, ...]
    unresolved: tuple[Unresolved, ...]


# --- metrics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One import of module `imported` by module `importer`, where it is written."""

    file: str
    line: int
    importer: str
    imported: str
    names: tuple[str, ...]
    type_checking: bool = False
    in_function: bool = False


@dataclass(frozen=True)
class UnitDependency:
    """A non-empty cell of the matrix: unit `importer` imports unit `imported`."""

    importer: str
    imported: str
    imports: int  # import statements
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class UnitStats:
    name: str
    modules: int
    lines: int
    code_lines: int
    fan_in: int  # import statements from other units
    fan_out: int  # import statements into other units
    ca: int  # afferent coupling: distinct units importing this one
    ce: int  # efferent coupling: distinct units this one imports
    instability: float  # fan_out / (fan_in + fan_out); 0 when isolated
    abstractness: float  # abstract classes / classes
    distance: float  # |A + I - 1|
    cohesion: float | None  # share of its imports of scanned code that stay inside it
    internal_imports: int
    outside_imports: int
    third_party: tuple[str, ...]
    shared_kernel: str = ""  # "", "configured" or "detected"


@dataclass(frozen=True)
class Hop:
    importer: str  # unit
    imported: str  # unit
    imports: int
    via: tuple[str, ...]  # importing modules, most imports first
    sample: Evidence


@dataclass(frozen=True)
class Cycle:
    units: tuple[str, ...]  # rotated to start at the smallest name
    hops: tuple[Hop, ...]


@dataclass(frozen=True)
class CycleBreaker:
    """A module import whose removal, with the others listed, leaves the units acyclic."""

    importer: str
    imported: str
    importer_unit: str
    imported_unit: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Coverage:
    files: int
    parsed_ast: int
    parsed_libcst: int
    skipped: tuple[Skipped, ...]
    unresolved: tuple[Unresolved, ...]


@dataclass(frozen=True)
class Analysis:
    project: Project
    inputs: Inputs
    order: tuple[str, ...]  # levelised: importers before what they import
    units: tuple[UnitStats, ...]  # in `order`
    dependencies: tuple[UnitDependency, ...]
    groups: tuple[tuple[str, ...], ...]  # units that import each other in a circle
    cycles: tuple[Cycle, ...]
    cycles_complete: bool  # False when the listing stopped at the configured limit
    breakers: tuple[CycleBreaker, ...]
    statements: int  # every import statement scanned
    coverage: Coverage


# --- pipeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOutcome:
    analysis: Analysis
    written: tuple[Path, ...]
    reused: int  # files whose facts came from the cache
    cache_note: str = ""
