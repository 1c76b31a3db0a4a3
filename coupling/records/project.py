"""What discover found: the files, their module names and units."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    rel: str  # POSIX, relative to Settings.root
    module: str  # dotted name
    unit: str
    is_package: bool  # an __init__.py
    size: int
    mtime_ns: int
    ctime_ns: int = (
        0  # changes when the mtime is set back (touch -r, cp -p): a cache must not trust it
    )
    is_test: bool = False  # test code: what it imports is exercised, not coupled


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
    is_test: bool = False  # a tests/ folder holding test files


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
    test_files: tuple[SourceFile, ...] = ()  # test folders outside PATH (unit "")
    ignored: int = 0  # Python files git ignores (.gitignore, submodules)
    units_from: str = ""  # where the units come from: "depth 1 below PATH", "tach.toml (…)"…
    # Top-level packages and modules beside the scanned one's top package: first-party code
    # outside PATH, never a third-party package.
    first_party: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """A git revision's files, exported to a folder of their own."""

    top: Path  # the repository's top folder as it is checked out
    root: Path  # where the revision's copy of `top` was exported
    label: str  # how reports name it: "v1.2 (3f2a1c9, 2026-11-19)"
