"""The target layout of a plan: which files move to the service's (or library's) folder, and
which stay in the monolith because other units import them."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from coupling.records import FileMove, LayoutPart, Staying

if TYPE_CHECKING:
    from coupling.records import ModuleNames, Project, TestPart

_TEST_FOLDERS = {"tests", "test"}


def layout_part(
    project: Project,
    unit: str,
    root: str,
    *,
    tests: TestPart,
    migrations: tuple[str, ...],
    contract: tuple[ModuleNames, ...],
) -> LayoutPart:
    """Where each file goes: source below {root}/src/ (its package path kept), migrations
    below {root}/ (their folder kept), tests below {root}/tests/, shared fixtures copied there.
    With a `contract`, the modules other units import also stay behind, as clients of the new
    API, until their importers call it."""
    files = [f for f in project.files if f.unit == unit and not f.is_test]
    importers = {m.module: m.units for m in contract}
    stays = tuple(
        Staying(f.module, f.rel, importers[f.module]) for f in files if f.module in importers
    )
    moves = [
        FileMove(f.rel, f"{root}/{_migration_path(project, f.rel)}", "migrations")
        if f.rel in migrations
        else FileMove(f.rel, f"{root}/src/{_below(project, f.rel)}", "src")
        for f in files
    ]
    moves += [FileMove(t, f"{root}/tests/{_test_path(t, unit)}", "tests") for t in tests.files]
    moves += [
        FileMove(s, f"{root}/tests/{PurePosixPath(s).name}", "fixtures") for s in tests.support
    ]
    return LayoutPart(root, tuple(moves), stays)


def _below(project: Project, rel: str) -> str:
    """A file's path below PATH: its package path, which the service keeps."""
    path, scan = PurePosixPath(rel), PurePosixPath(project.scan_path)
    return str(path.relative_to(scan)) if path.is_relative_to(scan) else path.name


def _migration_path(project: Project, rel: str) -> str:
    """`billing/migrations/0001_initial.py` → `migrations/0001_initial.py`."""
    parts = PurePosixPath(_below(project, rel)).parts
    return "/".join(parts[1:] if len(parts) > 1 else parts)


def _test_path(rel: str, unit: str) -> str:
    """`tests/reporting/test_routes.py` → `test_routes.py`; `tests/test_reporting.py` stays
    `test_reporting.py`; what lies below the unit's test folder keeps its folders."""
    parts = PurePosixPath(rel).parts
    folders = parts[:-1]
    if unit in folders:
        rest = list(parts[len(folders) - folders[::-1].index(unit) :])
        if len(rest) > 1 and rest[0] in _TEST_FOLDERS:
            rest = rest[1:]
        return "/".join(rest)
    return parts[-1]
